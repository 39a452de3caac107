//! Tables of contents: `TOC.md` (nested headings whose links point at articles,
//! headings without a link as groups, HTML comments hiding entries) and
//! `toc.yml` (a list of `name`/`href`/`items`). Links are kept as written; the
//! assemble stage resolves them.

use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use serde::Deserialize;
use serde_saphyr::Spanned;

use super::front_matter;
use super::source_map::SourceText;
use super::text::decode;
use crate::diagnostics::{Code, Diagnostic, Span};
use crate::discover::SourceFile;
use crate::model::{Toc, TocItem};
use crate::paths;

/// Reads one table of contents.
pub fn parse_toc(file: &SourceFile, bytes: Vec<u8>, diagnostics: &mut Vec<Diagnostic>) -> Toc {
    let (text, start) = decode(&file.file, bytes, diagnostics);
    let source = SourceText::new(file.file.clone(), text);
    let items = if file.path.to_ascii_lowercase().ends_with(".yml") {
        yaml_items(&source, start, diagnostics)
    } else {
        markdown_items(&source, start)
    };
    Toc {
        locale: file.locale.clone(),
        folder: paths::parent(&file.path).to_string(),
        file: file.file.clone(),
        items,
    }
}

fn markdown_items(source: &SourceText, start: usize) -> Vec<TocItem> {
    let (split, _) = front_matter::split(&source.text, start);
    let body = if split.block.is_some() {
        split.body
    } else {
        start
    };
    let text = &source.text[body..];
    // (level, item) for every heading, then nested by level.
    let mut flat: Vec<(u8, TocItem)> = Vec::new();
    let mut current: Option<(u8, String, Option<String>, std::ops::Range<usize>)> = None;
    for (event, range) in Parser::new_ext(text, super::markdown::options()).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                current = Some((level as u8, String::new(), None, range))
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                if let Some((_, _, href @ None, _)) = &mut current {
                    *href = Some(dest_url.to_string());
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, title, _, _)) = &mut current {
                    title.push_str(&t);
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, title, href, range)) = current.take() {
                    let title = title.split_whitespace().collect::<Vec<_>>().join(" ");
                    if title.is_empty() && href.is_none() {
                        continue;
                    }
                    flat.push((
                        level,
                        TocItem {
                            title,
                            href,
                            children: Vec::new(),
                            span: source.span(body + range.start..body + range.end),
                        },
                    ));
                }
            }
            _ => {}
        }
    }
    nest(flat)
}

/// Builds the tree from (level, item) pairs in document order.
fn nest(flat: Vec<(u8, TocItem)>) -> Vec<TocItem> {
    let mut roots: Vec<TocItem> = Vec::new();
    let mut stack: Vec<(u8, TocItem)> = Vec::new();
    let pop_into = |stack: &mut Vec<(u8, TocItem)>, roots: &mut Vec<TocItem>| {
        if let Some((_, item)) = stack.pop() {
            match stack.last_mut() {
                Some((_, parent)) => parent.children.push(item),
                None => roots.push(item),
            }
        }
    };
    for (level, item) in flat {
        while stack.last().is_some_and(|(l, _)| *l >= level) {
            pop_into(&mut stack, &mut roots);
        }
        stack.push((level, item));
    }
    while !stack.is_empty() {
        pop_into(&mut stack, &mut roots);
    }
    roots
}

#[derive(Deserialize)]
struct RawItem {
    name: Option<Spanned<String>>,
    href: Option<String>,
    #[serde(rename = "topicHref")]
    topic_href: Option<String>,
    items: Option<Vec<RawItem>>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum RawToc {
    List(Vec<RawItem>),
    Wrapped { items: Vec<RawItem> },
}

fn yaml_items(
    source: &SourceText,
    start: usize,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<TocItem> {
    let text = &source.text[start..];
    let raw: Vec<RawItem> = match serde_saphyr::from_str::<Vec<RawItem>>(text) {
        Ok(items) => items,
        Err(list_error) => match serde_saphyr::from_str::<RawToc>(text) {
            Ok(RawToc::List(items) | RawToc::Wrapped { items }) => items,
            Err(_) => {
                let line = list_error.location().map(|l| l.line() as u32).unwrap_or(1);
                let range = source.index.line_range(&source.text, line);
                let message = front_matter::yaml_message(&list_error.to_string());
                diagnostics.push(Diagnostic::at(
                    Code::TocInvalid,
                    source.span(range),
                    format!("this toc.yml cannot be read: {message}"),
                ));
                return Vec::new();
            }
        },
    };
    convert(raw, source, start, diagnostics)
}

fn convert(
    raw: Vec<RawItem>,
    source: &SourceText,
    start: usize,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<TocItem> {
    let mut out = Vec::new();
    for item in raw {
        let children = convert(item.items.unwrap_or_default(), source, start, diagnostics);
        let href = item
            .href
            .or(item.topic_href)
            .filter(|h| !h.trim().is_empty());
        match item.name {
            Some(name) if !name.value.trim().is_empty() => {
                let offset = start + name.referenced.span().byte_offset().unwrap_or(0) as usize;
                let len = name.referenced.span().byte_len().unwrap_or(0) as usize;
                out.push(TocItem {
                    title: name.value.trim().to_string(),
                    href,
                    children,
                    span: source.span(offset..(offset + len).min(source.text.len())),
                });
            }
            _ => {
                diagnostics.push(Diagnostic::at(
                    Code::TocInvalid,
                    Span::file_start(source.file.clone()),
                    format!(
                        "an entry of this toc.yml has no `name`{}",
                        href.map(|h| format!(" (href: {h})")).unwrap_or_default()
                    ),
                ));
                out.extend(children);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Locale;

    fn file(path: &str) -> SourceFile {
        SourceFile {
            locale: Locale::parse("nl-NL").unwrap(),
            path: path.to_string(),
            file: format!("content/nl-NL/{path}").into(),
            abs: std::path::PathBuf::new(),
        }
    }

    #[test]
    fn markdown_toc_nests_by_heading_level_and_skips_comments() {
        let text = "---\nms.service: x\n---\n\n# [Docs](index.yml)\n# Aan de slag\n## [Overzicht](a.md)\n<!--### [Hidden](h.md)  -->\n## Leren\n### [Training](/training/x)\n# [Welkom](welcome.md)\n";
        let mut diags = Vec::new();
        let toc = parse_toc(&file("bc/TOC.md"), text.as_bytes().to_vec(), &mut diags);
        assert!(diags.is_empty());
        assert_eq!(toc.folder, "bc");
        let titles: Vec<&str> = toc.items.iter().map(|i| i.title.as_str()).collect();
        assert_eq!(titles, ["Docs", "Aan de slag", "Welkom"]);
        let start = &toc.items[1];
        assert_eq!(start.href, None);
        assert_eq!(start.children.len(), 2);
        assert_eq!(start.children[0].href.as_deref(), Some("a.md"));
        assert_eq!(start.children[1].children[0].title, "Training");
        assert_eq!(start.children[0].span.start.line, 7);
    }

    #[test]
    fn yaml_toc() {
        let text = "- name: Start\n  href: start.md\n  items:\n    - name: Deep\n      href: deep/x.md\n- name: Dynamics\n  topicHref: /dynamics365/index\n- href: nameless.md\n";
        let mut diags = Vec::new();
        let toc = parse_toc(&file("toc.yml"), text.as_bytes().to_vec(), &mut diags);
        assert_eq!(toc.items.len(), 2);
        assert_eq!(toc.items[0].children[0].href.as_deref(), Some("deep/x.md"));
        assert_eq!(toc.items[1].href.as_deref(), Some("/dynamics365/index"));
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].code, Code::TocInvalid);
    }

    #[test]
    fn broken_yaml_toc_is_reported() {
        let mut diags = Vec::new();
        let toc = parse_toc(
            &file("toc.yml"),
            b"- name: [unclosed\n".to_vec(),
            &mut diags,
        );
        assert!(toc.items.is_empty());
        assert_eq!(diags[0].code, Code::TocInvalid);
    }
}
