//! Front matter: finding the `---` block and reading its YAML into `FrontMatter`.
//! Every key is kept with its position; the keys stegvis uses are typed. A
//! broken block never loses the article: its fields are just left empty.

use std::fmt;
use std::ops::Range;

use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use serde_json::Value;
use serde_saphyr::{DuplicateKeyPolicy, Options, Spanned};

use super::source_map::SourceText;
use crate::diagnostics::{Code, Diagnostic, Span};
use crate::model::{Date, Entry, Field, FrontMatter, TranslationType};

/// Where the front matter and the body are in a file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Split {
    /// The whole block, both `---` lines included.
    pub block: Option<Range<usize>>,
    /// The YAML between the `---` lines.
    pub yaml: Option<Range<usize>>,
    /// Where the Markdown body starts.
    pub body: usize,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SplitProblem {
    /// The file does not start with a `---` line.
    Missing,
    /// A `---` line opens a block that nothing closes.
    Unclosed,
}

/// Finds the front matter of `text`, whose content starts at `start` (after a BOM).
pub fn split(text: &str, start: usize) -> (Split, Option<SplitProblem>) {
    let mut lines = super::text::lines(text, start..text.len());
    let no_block = |body| Split {
        block: None,
        yaml: None,
        body,
    };
    let Some(first) = lines.next() else {
        return (no_block(start), Some(SplitProblem::Missing));
    };
    if text[first.clone()].trim_end() != "---" {
        return (no_block(start), Some(SplitProblem::Missing));
    }
    let yaml_start = first.end;
    for line in lines {
        let content = text[line.clone()].trim_end();
        if content == "---" || content == "..." {
            let block = start..line.end;
            return (
                Split {
                    block: Some(block),
                    yaml: Some(yaml_start..line.start),
                    body: line.end,
                },
                None,
            );
        }
    }
    (no_block(yaml_start), Some(SplitProblem::Unclosed))
}

/// The keys of a YAML mapping in file order, each with its position.
struct Entries(Vec<(Spanned<String>, Spanned<Value>)>);

impl<'de> Deserialize<'de> for Entries {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct EntriesVisitor;
        impl<'de> Visitor<'de> for EntriesVisitor {
            type Value = Entries;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a mapping of keys to values")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Entries, A::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = map.next_entry()? {
                    entries.push(entry);
                }
                Ok(Entries(entries))
            }
            fn visit_unit<E>(self) -> Result<Entries, E> {
                Ok(Entries(Vec::new()))
            }
        }
        deserializer.deserialize_map(EntriesVisitor)
    }
}

fn yaml_options() -> Options {
    let mut options = Options::default();
    // YAML 1.2: `no`, `on`, `n` are text, not booleans (the Norway problem).
    options.strict_booleans = true;
    options.leading_zero_numbers_as_strings = true;
    // Repeated keys reach the visitor; the last one wins when typing fields.
    options.duplicate_keys = DuplicateKeyPolicy::PassThrough;
    options.with_snippet = false;
    options
}

/// Reads the YAML of a front matter block. `yaml` and `block` are ranges of `source.text`.
pub fn parse(
    source: &SourceText,
    yaml: Range<usize>,
    block: Range<usize>,
    diagnostics: &mut Vec<Diagnostic>,
) -> FrontMatter {
    let mut front_matter = FrontMatter {
        span: Some(source.span(block)),
        ..FrontMatter::default()
    };
    let text = &source.text[yaml.clone()];
    if text.trim().is_empty() {
        return front_matter;
    }
    let entries = match serde_saphyr::from_str_with_options::<Entries>(text, yaml_options()) {
        Ok(entries) => entries.0,
        Err(e) => {
            let offset = e
                .location()
                .map(|l| offset_of(text, l.line() as usize, l.column() as usize))
                .unwrap_or(0);
            let start = yaml.start + offset;
            let end = source.text[start..]
                .chars()
                .next()
                .map(|c| start + c.len_utf8())
                .unwrap_or(start);
            let mut diagnostic = Diagnostic::at(
                Code::FrontMatterYaml,
                source.span(start..end),
                format!(
                    "front matter is not valid YAML: {}",
                    yaml_message(&e.to_string())
                ),
            );
            if text.contains("<<<<<<<") || text.contains(">>>>>>>") {
                diagnostic = diagnostic.with_help("the front matter contains merge-conflict markers (`<<<<<<<`, `=======`, `>>>>>>>`): resolve the conflict");
            } else {
                diagnostic = diagnostic
                    .with_help("quote values that contain `: ` or start with a special character");
            }
            diagnostics.push(diagnostic);
            front_matter.unreadable = true;
            return front_matter;
        }
    };
    for (key, value) in entries {
        let span_of = |location: serde_saphyr::Location| -> Span {
            let span = location.span();
            let start = span.byte_offset().map(|o| o as usize).unwrap_or_else(|| {
                offset_of(text, location.line() as usize, location.column() as usize)
            });
            let len = span.byte_len().map(|l| l as usize).unwrap_or(0);
            let start = (yaml.start + start).min(yaml.end);
            source.span(start..(start + len).min(yaml.end))
        };
        let entry = Entry {
            key: key.value.clone(),
            key_span: span_of(key.referenced),
            value: value.value,
            value_span: span_of(value.referenced),
        };
        type_field(&mut front_matter, &entry, diagnostics);
        front_matter.entries.modify(|entries| entries.push(entry));
    }
    front_matter
}

/// The byte offset in `text` of a 1-based line and character column.
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let mut offset = 0;
    for (i, l) in text.split_inclusive('\n').enumerate() {
        if i + 1 == line {
            return offset
                + l.char_indices()
                    .nth(column.saturating_sub(1))
                    .map(|(i, _)| i)
                    .unwrap_or(l.trim_end_matches('\n').len());
        }
        offset += l.len();
    }
    text.len()
}

/// The YAML parser's message without the position it repeats (the diagnostic has one).
pub fn yaml_message(display: &str) -> String {
    let first = display.lines().next().unwrap_or(display);
    let first = first.strip_prefix("error: ").unwrap_or(first);
    let message = match first.strip_prefix("line ") {
        Some(rest) => rest.split_once(": ").map(|(_, m)| m).unwrap_or(rest),
        None => first,
    };
    // The parser repeats the position at the end; the diagnostic carries it already.
    let message = match message.rfind(" at line ") {
        Some(i) if message[i..].contains(", column ") => &message[..i],
        _ => message,
    };
    message.to_string()
}

fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Null => Some(String::new()),
        Value::Array(_) | Value::Object(_) => None,
    }
}

fn text_list(value: &Value) -> Option<Vec<String>> {
    match value {
        Value::Array(items) => items.iter().map(scalar_text).collect(),
        Value::Null => Some(Vec::new()),
        other => scalar_text(other).map(|s| vec![s]),
    }
}

/// Sets the typed field for one known key; unknown keys only live in `entries`.
fn type_field(fm: &mut FrontMatter, entry: &Entry, diagnostics: &mut Vec<Diagnostic>) {
    let wrong_type = |expected: &str, diagnostics: &mut Vec<Diagnostic>| {
        diagnostics.push(
            Diagnostic::at(
                Code::FrontMatterType,
                entry.value_span.clone(),
                format!("`{}` should be {expected}", entry.key),
            )
            .with_help("write a single value on the same line as the key"),
        );
    };
    let text = || scalar_text(&entry.value);
    let field = |value: String| Field {
        value,
        span: entry.value_span.clone(),
    };
    macro_rules! text_field {
        ($slot:expr, $wrap:expr) => {
            match text() {
                Some(value) => $slot = Some($wrap(value)),
                None => wrong_type("a single text", diagnostics),
            }
        };
    }
    macro_rules! list_field {
        ($slot:expr) => {
            match text_list(&entry.value) {
                Some(list) => $slot = list,
                None => wrong_type("a text or a list of texts", diagnostics),
            }
        };
    }
    match entry.key.as_str() {
        "title" => text_field!(fm.title, field),
        "description" => text_field!(fm.description, field),
        "ms.date" => match text() {
            Some(raw) => {
                fm.date = Date::parse(&raw);
                fm.date_raw = Some(field(raw));
            }
            None => wrong_type("a date such as 03/11/2021", diagnostics),
        },
        "ms.topic" => text_field!(fm.topic, field),
        "ms.assetid" => text_field!(fm.asset_id, field),
        "ms.contentlocale" => text_field!(fm.content_locale, field),
        "ms.translationtype" => text_field!(fm.translation_type, |v: String| Field {
            value: match v.trim().to_ascii_uppercase().as_str() {
                "MT" => TranslationType::Machine,
                "HT" => TranslationType::Human,
                _ => TranslationType::Other(v),
            },
            span: entry.value_span.clone(),
        }),
        "author" => text_field!(fm.author, |v| v),
        "ms.author" => text_field!(fm.ms_author, |v| v),
        "manager" => text_field!(fm.manager, |v| v),
        "ms.reviewer" => text_field!(fm.reviewer, |v| v),
        "ms.service" => text_field!(fm.service, |v| v),
        "ms.subservice" => text_field!(fm.subservice, |v| v),
        "services" => text_field!(fm.services, |v| v),
        "tags" => text_field!(fm.tags, |v| v),
        "ms.lasthandoff" => text_field!(fm.last_handoff, field),
        "ms.sourcegitcommit" => text_field!(fm.source_git_commit, field),
        "ms.openlocfilehash" => text_field!(fm.open_loc_file_hash, field),
        "ms.locfileid" => text_field!(fm.loc_file_id, field),
        "keywords" => list_field!(fm.keywords),
        "f1.keywords" => list_field!(fm.f1_keywords),
        "ms.collection" => list_field!(fm.collection),
        "ms.custom" => list_field!(fm.custom),
        "search.appverid" => list_field!(fm.search_appverid),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> (FrontMatter, Vec<Diagnostic>, Split) {
        let source = SourceText::new("content/nl-NL/x.md".into(), text.to_string());
        let (split, problem) = split(text, 0);
        assert_eq!(problem, None);
        let mut diags = Vec::new();
        let fm = parse(
            &source,
            split.yaml.clone().unwrap(),
            split.block.clone().unwrap(),
            &mut diags,
        );
        (fm, diags, split)
    }

    #[test]
    fn splits_front_matter_from_body() {
        let text = "---\ntitle: A\n---\n# Body\n";
        let (split, problem) = split(text, 0);
        assert_eq!(problem, None);
        assert_eq!(&text[split.yaml.unwrap()], "title: A\n");
        assert_eq!(&text[split.body..], "# Body\n");
        assert_eq!(super::split("# Body\n", 0).1, Some(SplitProblem::Missing));
        assert_eq!(
            super::split("---\ntitle: A\n# Body\n", 0).1,
            Some(SplitProblem::Unclosed)
        );
        assert_eq!(super::split("---\r\ntitle: A\r\n---\r\nx", 0).0.body, 20);
    }

    #[test]
    fn typed_fields_and_every_key_kept() {
        let (fm, diags, _) = read(
            "---\ntitle: Uw Azure-account upgraden\ndescription: Ontdek hoe.\nms.date: 03/11/2021\nservices: \nms.translationtype: MT\nkeywords: Betalen-naar-gebruik-upgrade\nms.custom: [a, b]\nms.onderwerp: conceptual\nno: n\n---\n",
        );
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(
            fm.title.as_ref().unwrap().value,
            "Uw Azure-account upgraden"
        );
        assert_eq!(fm.title.as_ref().unwrap().span.start.line, 2);
        assert_eq!(fm.title.as_ref().unwrap().span.start.column, 8);
        assert_eq!(fm.date.unwrap().iso(), "2021-03-11");
        assert_eq!(fm.services.as_deref(), Some(""));
        assert!(fm.is_machine_translated());
        assert_eq!(fm.keywords, ["Betalen-naar-gebruik-upgrade"]);
        assert_eq!(fm.custom, ["a", "b"]);
        let keys: Vec<&str> = fm.entries.iter().map(|e| e.key.as_str()).collect();
        assert_eq!(
            keys,
            [
                "title",
                "description",
                "ms.date",
                "services",
                "ms.translationtype",
                "keywords",
                "ms.custom",
                "ms.onderwerp",
                "no"
            ]
        );
        assert_eq!(fm.entry("ms.onderwerp").unwrap().key_span.start.line, 9);
        assert_eq!(fm.entry("no").unwrap().value, Value::String("n".into()));
    }

    #[test]
    fn invalid_yaml_is_located_in_the_file() {
        let (fm, diags, _) =
            read("---\nauteur: brentholtorf ms.onderwerp: include <<<<<<< x\n---\n");
        assert!(fm.entries.is_empty());
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].code, Code::FrontMatterYaml);
        let span = diags[0].span.as_ref().unwrap();
        assert_eq!((span.start.line, span.start.column), (2, 34));
        assert!(
            diags[0].message.contains("mapping values are not allowed"),
            "{}",
            diags[0].message
        );
        assert!(diags[0].help.as_ref().unwrap().contains("merge-conflict"));
    }

    #[test]
    fn wrong_types_are_reported_and_the_rest_kept() {
        let (fm, diags, _) = read("---\ntitle:\n  - a\n  - b\ndescription: ok\n---\n");
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].code, Code::FrontMatterType);
        assert_eq!(diags[0].span.as_ref().unwrap().start.line, 3);
        assert!(fm.title.is_none());
        assert_eq!(fm.description.unwrap().value, "ok");
    }

    #[test]
    fn a_list_is_not_a_mapping() {
        let (_, diags, _) = read("---\n- a\n- b\n---\n");
        assert_eq!(diags[0].code, Code::FrontMatterYaml);
    }
}
