//! Block directives: `::: moniker range="…"`, `:::row:::` with `:::column:::`,
//! `::: zone …` and complex `:::image` blocks. They are found line by line in the
//! include-expanded text (outside fenced code) and split it into runs of
//! Markdown nested in containers. Content inside a container is dedented, the
//! way the docs dialect writes columns indented under their row.

use std::ops::Range;

use super::directive::{self, ColonDirective};
use super::fence::Fences;
use super::source_map::{Files, Mapped};
use super::text::lines;
use crate::diagnostics::{Code, Diagnostic};

#[derive(Debug)]
pub enum Kind {
    Root,
    Moniker(String),
    Zone(Vec<(String, String)>),
    Row,
    Column(Option<String>),
    /// A complex image: the directive, and its long description as children.
    ComplexImage(ColonDirective),
}

impl Kind {
    fn end_name(&self) -> &'static str {
        match self {
            Kind::Root => "",
            Kind::Moniker(_) => "moniker-end",
            Kind::Zone(_) => "zone-end",
            Kind::Row => "row-end",
            Kind::Column(_) => "column-end",
            Kind::ComplexImage(_) => "image-end",
        }
    }

    fn describe(&self) -> &'static str {
        match self {
            Kind::Root => "document",
            Kind::Moniker(_) => "`::: moniker`",
            Kind::Zone(_) => "`::: zone`",
            Kind::Row => "`:::row:::`",
            Kind::Column(_) => "`:::column:::`",
            Kind::ComplexImage(_) => "`:::image type=\"complex\"`",
        }
    }
}

#[derive(Debug)]
pub enum Node {
    Run(Mapped),
    Container(Container),
}

#[derive(Debug)]
pub struct Container {
    pub kind: Kind,
    pub children: Vec<Node>,
    /// The opening line, in the expanded text.
    pub range: Range<usize>,
}

struct Open {
    container: Container,
    run: Mapped,
}

enum Line {
    Open(Kind),
    End(String),
    Unknown(String),
}

/// Splits `text` at its block directives.
pub fn split(text: &Mapped, files: &Files, diagnostics: &mut Vec<Diagnostic>) -> Container {
    let mut stack = vec![Open {
        container: Container {
            kind: Kind::Root,
            children: Vec::new(),
            range: 0..0,
        },
        run: Mapped::default(),
    }];
    let mut fences = Fences::default();
    for line_range in lines(&text.text, 0..text.text.len()) {
        let (start, end) = (line_range.start, line_range.end);
        let line = &text.text[line_range];
        // At the top a directive starts its line: an indented one is list-item
        // content (reported by the Markdown pass). Inside a row, columns are
        // indented under it.
        let indented = line.starts_with([' ', '\t']);
        let directive = if fences.is_code(line) || (stack.len() == 1 && indented) {
            None
        } else {
            directive_line(&text.text, start..end)
        };
        let top = stack.len() - 1;
        match directive {
            None => stack[top].run.push_mapped(text, start..end),
            Some((Line::Open(kind), range)) => {
                flush(&mut stack[top]);
                stack.push(Open {
                    container: Container {
                        kind,
                        children: Vec::new(),
                        range,
                    },
                    run: Mapped::default(),
                });
            }
            Some((Line::End(name), range)) => match stack
                .iter()
                .rposition(|o| o.container.kind.end_name() == name)
            {
                Some(pos) if pos > 0 => {
                    while stack.len() > pos + 1 {
                        close(&mut stack, text, files, diagnostics, true);
                    }
                    close(&mut stack, text, files, diagnostics, false);
                }
                _ => diagnostics.push(
                    Diagnostic::at(
                        Code::DirectiveUnmatchedEnd,
                        text.span(files, range),
                        format!("`{name}` has no open block to close, so it is left out"),
                    )
                    .with_help("remove the end marker, or add the start marker it belongs to"),
                ),
            },
            Some((Line::Unknown(name), range)) => diagnostics.push(
                Diagnostic::at(
                    Code::DirectiveUnknown,
                    text.span(files, range),
                    format!(
                        "`:::{name}` is not a directive stegvis supports, so this line is left out"
                    ),
                )
                .with_help("supported block directives: moniker, row, column, zone, image"),
            ),
        }
    }
    while stack.len() > 1 {
        close(&mut stack, text, files, diagnostics, true);
    }
    match stack.pop() {
        Some(mut root) => {
            flush(&mut root);
            root.container
        }
        None => Container {
            kind: Kind::Root,
            children: Vec::new(),
            range: 0..0,
        },
    }
}

/// Moves the open run of `open` into its children, dedented inside containers.
fn flush(open: &mut Open) {
    let run = std::mem::take(&mut open.run);
    if run.text.trim().is_empty() {
        return;
    }
    let run = if matches!(open.container.kind, Kind::Root) {
        run
    } else {
        dedent(&run)
    };
    open.container.children.push(Node::Run(run));
}

/// Closes the innermost open container into its parent.
fn close(
    stack: &mut Vec<Open>,
    text: &Mapped,
    files: &Files,
    diagnostics: &mut Vec<Diagnostic>,
    unclosed: bool,
) {
    let Some(mut open) = stack.pop() else { return };
    flush(&mut open);
    if unclosed {
        let kind = &open.container.kind;
        diagnostics.push(
            Diagnostic::at(
                Code::DirectiveUnclosed,
                text.span(files, open.container.range.clone()),
                format!("{} is never closed, so it ends here", kind.describe()),
            )
            .with_help(format!(
                "add `:::{}:::` (or `::: {}`) where the block ends",
                kind.end_name(),
                kind.end_name()
            )),
        );
    }
    if let Some(parent) = stack.last_mut() {
        flush(parent);
        parent
            .container
            .children
            .push(Node::Container(open.container));
    }
}

/// Whether the line at `range` is a block directive line, and which.
fn directive_line(text: &str, range: Range<usize>) -> Option<(Line, Range<usize>)> {
    let line = text[range.clone()].trim_end();
    let start = range.start + (line.len() - line.trim_start().len());
    let line_end = range.start + line.len();
    if !text[start..line_end].starts_with(":::") {
        return None;
    }
    let d = directive::parse(text, start, line_end)?;
    let span = start..line_end;
    let rest_is_blank = text[d.end..line_end].trim().is_empty();
    let line = match d.name.as_str() {
        "moniker" => Line::Open(Kind::Moniker(
            d.attribute("range").unwrap_or("").trim().to_string(),
        )),
        "zone" => Line::Open(Kind::Zone(
            d.attributes
                .iter()
                .map(|(k, v, _)| (k.clone(), v.clone()))
                .collect(),
        )),
        "row" => Line::Open(Kind::Row),
        "column" => Line::Open(Kind::Column(d.attribute("span").map(str::to_string))),
        "image" => {
            let complex = d
                .attribute("type")
                .is_some_and(|t| t.eq_ignore_ascii_case("complex"));
            if complex && d.closed && rest_is_blank {
                Line::Open(Kind::ComplexImage(d))
            } else {
                // Ordinary images are inline content, read by the leaf pass.
                return None;
            }
        }
        name @ ("moniker-end" | "zone-end" | "row-end" | "column-end" | "image-end") => {
            Line::End(name.to_string())
        }
        other => Line::Unknown(other.to_string()),
    };
    Some((line, span))
}

/// Removes the common indentation of the non-blank lines.
fn dedent(run: &Mapped) -> Mapped {
    let lines: Vec<Range<usize>> = lines(&run.text, 0..run.text.len()).collect();
    let indent = lines
        .iter()
        .map(|r| &run.text[r.clone()])
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start_matches([' ', '\t']).len())
        .min()
        .unwrap_or(0);
    if indent == 0 {
        return run.clone();
    }
    let mut out = Mapped::default();
    for r in lines {
        let line = &run.text[r.clone()];
        let strip = (line.len() - line.trim_start_matches([' ', '\t']).len()).min(indent);
        out.push_mapped(run, r.start + strip..r.end);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::source_map::SourceText;
    use std::sync::Arc;

    fn split_text(text: &str) -> (Container, Vec<Diagnostic>) {
        let mut files = Files::default();
        let f = files.add(Arc::new(SourceText::new("a.md".into(), text.to_string())));
        let mut mapped = Mapped::default();
        mapped.push_source(f, text, 0..text.len());
        let mut diags = Vec::new();
        let root = split(&mapped, &files, &mut diags);
        (root, diags)
    }

    fn runs(c: &Container) -> Vec<String> {
        c.children
            .iter()
            .filter_map(|n| match n {
                Node::Run(m) => Some(m.text.clone()),
                Node::Container(_) => None,
            })
            .collect()
    }

    #[test]
    fn rows_and_columns_nest_and_dedent() {
        let (root, diags) = split_text(
            ":::row:::\n    :::column:::\n        Left **text**\n    :::column-end:::\n    :::column span=\"2\":::\n        ### Right\n    :::column-end:::\n:::row-end:::\nAfter\n",
        );
        assert!(diags.is_empty(), "{diags:?}");
        let Node::Container(row) = &root.children[0] else {
            panic!()
        };
        assert!(matches!(row.kind, Kind::Row));
        assert_eq!(row.children.len(), 2);
        let Node::Container(col) = &row.children[1] else {
            panic!()
        };
        assert!(matches!(&col.kind, Kind::Column(Some(s)) if s == "2"));
        assert_eq!(runs(col), ["### Right\n"]);
        assert_eq!(runs(&root), ["After\n"]);
    }

    #[test]
    fn monikers_and_their_mistakes() {
        let (root, diags) = split_text(
            "::: moniker range=\"gov\"\nGov only.\n::: moniker-end\n::: moniker-end\n```\n::: moniker range=\"x\"\n```\n::: zone pivot=\"a\"\nopen\n",
        );
        let Node::Container(m) = &root.children[0] else {
            panic!()
        };
        assert!(matches!(&m.kind, Kind::Moniker(r) if r == "gov"));
        let codes: Vec<Code> = diags.iter().map(|d| d.code).collect();
        assert_eq!(
            codes,
            [Code::DirectiveUnmatchedEnd, Code::DirectiveUnclosed]
        );
        assert_eq!(diags[0].span.as_ref().unwrap().start.line, 4);
        assert_eq!(diags[1].span.as_ref().unwrap().start.line, 8);
        assert!(runs(&root)[0].contains("::: moniker range=\"x\""));
    }

    #[test]
    fn unknown_directives_are_reported_and_images_left_alone() {
        let (root, diags) = split_text(
            ":::code language=\"cs\" source=\"x.cs\":::\n:::image type=\"content\" source=\"a.png\" alt-text=\"A\":::\n",
        );
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].code, Code::DirectiveUnknown);
        assert_eq!(
            runs(&root),
            [":::image type=\"content\" source=\"a.png\" alt-text=\"A\":::\n"]
        );
    }
}
