//! One value type for every problem a site's files can cause, the catalogue of
//! codes, and the ways to print them (human, JSON, GitHub annotations).
//!
//! In: what each stage found. Out: text for a terminal or a machine. Diagnostic
//! data is kept apart from its rendering; tests use the plain renderers.

mod codes;
mod output;
mod span;

pub use codes::{Code, CodeInfo};
pub use output::{Format, SourceCache, render};
pub use span::{FilePath, LineIndex, Position, Span, file_table, floor_char_boundary};

use serde::Serialize;

#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// A suggested replacement of the text at `span`.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Fix {
    pub span: Span,
    pub replacement: String,
}

/// One problem in one place.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Diagnostic {
    pub code: Code,
    pub severity: Severity,
    /// Where; `None` only for problems of the site as a whole.
    pub span: Option<Span>,
    pub message: String,
    pub help: Option<String>,
    pub fix: Option<Fix>,
    /// Extra lines of context, such as an include chain.
    pub notes: Vec<String>,
}

impl Diagnostic {
    /// A diagnostic with the code's default severity.
    pub fn new(code: Code, span: Option<Span>, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            code,
            severity: code.info().severity,
            span,
            message: message.into(),
            help: None,
            fix: None,
            notes: Vec::new(),
        }
    }

    pub fn at(code: Code, span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(code, Some(span), message)
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    pub fn with_fix(mut self, span: Span, replacement: impl Into<String>) -> Diagnostic {
        self.fix = Some(Fix {
            span,
            replacement: replacement.into(),
        });
        self
    }

    pub fn with_note(mut self, note: impl Into<String>) -> Diagnostic {
        self.notes.push(note.into());
        self
    }

    pub fn file(&self) -> Option<&str> {
        self.span.as_ref().map(|s| &*s.file)
    }

    /// Sort key: by file, then position, then code, so output is stable however
    /// the stages ran in parallel.
    fn sort_key(&self) -> (Option<&str>, Option<Position>, Code, &str) {
        (
            self.file(),
            self.span.as_ref().map(|s| s.start),
            self.code,
            &self.message,
        )
    }
}

/// Counts by severity, which decide the exit status.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

impl Counts {
    pub fn of(diagnostics: &[Diagnostic]) -> Counts {
        let mut counts = Counts::default();
        for d in diagnostics {
            match d.severity {
                Severity::Error => counts.errors += 1,
                Severity::Warning => counts.warnings += 1,
                Severity::Info => counts.infos += 1,
            }
        }
        counts
    }

    /// Whether these counts fail a build: any error, or with `strict` any warning.
    pub fn fails(&self, strict: bool) -> bool {
        self.errors > 0 || (strict && self.warnings > 0)
    }
}

/// Sorts diagnostics by file and position and drops exact duplicates (the same
/// include file reported from every article that includes it).
pub fn sort_and_dedup(diagnostics: &mut Vec<Diagnostic>) {
    diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    diagnostics.dedup();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at_line(file: &str, line: u32) -> Diagnostic {
        let pos = Position { line, column: 1 };
        let span = Span {
            file: file.into(),
            start: pos,
            end: pos,
            bytes: 0..0,
        };
        Diagnostic::at(Code::FrontMatterYaml, span, "bad")
    }

    #[test]
    fn sorted_by_file_then_line_and_deduplicated() {
        let mut diags = vec![
            at_line("b.md", 1),
            at_line("a.md", 9),
            at_line("a.md", 2),
            at_line("a.md", 2),
        ];
        sort_and_dedup(&mut diags);
        let keys: Vec<(String, u32)> = diags
            .iter()
            .map(|d| {
                (
                    d.file().unwrap().to_string(),
                    d.span.as_ref().unwrap().start.line,
                )
            })
            .collect();
        assert_eq!(
            keys,
            [("a.md".into(), 2), ("a.md".into(), 9), ("b.md".into(), 1)]
        );
    }

    #[test]
    fn strict_turns_warnings_into_failures() {
        let counts = Counts {
            errors: 0,
            warnings: 1,
            infos: 3,
        };
        assert!(!counts.fails(false));
        assert!(counts.fails(true));
        assert!(
            Counts {
                errors: 1,
                ..Counts::default()
            }
            .fails(false)
        );
    }
}
