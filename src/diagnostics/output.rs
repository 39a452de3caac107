//! Printing diagnostics: rustc-style text for people (colour only on a terminal),
//! a JSON array and GitHub workflow annotations for machines.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use annotate_snippets::{AnnotationKind, Group, Level, Patch, Renderer, Snippet};
use serde::Serialize;

use super::{Diagnostic, Severity};

/// How diagnostics are printed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Format {
    #[default]
    Human,
    Json,
    Github,
    /// SARIF 2.1.0, for code-scanning dashboards.
    Sarif,
}

/// Reads the text of site files on demand, for the source lines in human output.
/// Invalid UTF-8 is read lossily, the same way the parser reads it, so byte
/// offsets agree.
pub struct SourceCache {
    root: PathBuf,
    texts: HashMap<String, Option<String>>,
}

impl SourceCache {
    pub fn new(root: &Path) -> SourceCache {
        SourceCache {
            root: root.to_path_buf(),
            texts: HashMap::new(),
        }
    }

    /// Registers text that is not on disk (tests, or files changed since).
    pub fn insert(&mut self, file: &str, text: String) {
        self.texts.insert(file.to_string(), Some(text));
    }

    /// The text of a site file for a snippet. A file that resolves outside
    /// the site folder (a symbolic link out, reported as such) is never read:
    /// its first line would end up in a CI log.
    fn get(&mut self, file: &str) -> Option<&str> {
        let root = &self.root;
        self.texts
            .entry(file.to_string())
            .or_insert_with(|| {
                let path = root.join(file);
                let canonical_root = root.canonicalize().ok()?;
                if !path.canonicalize().ok()?.starts_with(canonical_root) {
                    return None;
                }
                std::fs::read(path)
                    .ok()
                    .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
            })
            .as_deref()
    }
}

/// Renders `diagnostics` in `format`. `color` applies to human output only.
/// `path_prefix` is put in front of file paths in GitHub annotations, so they
/// are relative to the repository rather than to the site folder.
pub fn render(
    diagnostics: &[Diagnostic],
    format: Format,
    sources: &mut SourceCache,
    color: bool,
    path_prefix: &str,
) -> String {
    match format {
        Format::Human => human(diagnostics, sources, color),
        Format::Json => json(diagnostics),
        Format::Github => github(diagnostics, path_prefix),
        Format::Sarif => sarif(diagnostics, path_prefix),
    }
}

fn human(diagnostics: &[Diagnostic], sources: &mut SourceCache, color: bool) -> String {
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let mut out = String::new();
    for d in diagnostics {
        out.push_str(&human_one(d, sources, &renderer));
        out.push_str("\n\n");
    }
    out
}

fn level(severity: Severity) -> Level<'static> {
    match severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Info => Level::INFO,
    }
}

/// Whether `range` can slice `text`: the snippet renderer panics otherwise,
/// and a diagnostic is printed without its snippet rather than not at all.
fn slices(text: &str, range: &std::ops::Range<usize>) -> bool {
    range.start <= range.end && text.get(range.clone()).is_some()
}

/// The whole lines of `text` that `range` touches, the number of the first,
/// and `range` within them. The renderer is given these lines rather than
/// the file: it reads its source line by line up to the annotation, and a
/// site with thousands of diagnostics in long files spent most of a
/// rebuild doing so. `range` must slice `text`.
fn excerpt<'a>(
    text: &'a str,
    range: &std::ops::Range<usize>,
) -> (&'a str, usize, std::ops::Range<usize>) {
    let start = text[..range.start].rfind('\n').map_or(0, |i| i + 1);
    // The last line with its newline: a range that ends where a line starts
    // shows that line too, as it does in the whole file.
    let end = text[range.end..]
        .find('\n')
        .map_or(text.len(), |i| range.end + i + 1);
    let line = 1 + memchr::memchr_iter(b'\n', &text.as_bytes()[..start]).count();
    (
        &text[start..end],
        line,
        range.start - start..range.end - start,
    )
}

fn human_one(d: &Diagnostic, sources: &mut SourceCache, renderer: &Renderer) -> String {
    let code = d.code.as_str();
    let mut title = Group::with_title(level(d.severity).primary_title(d.message.as_str()).id(code));
    let text = d.span.as_ref().and_then(|s| sources.get(&s.file));
    match (&d.span, text) {
        (Some(span), Some(text)) if slices(text, &span.byte_range()) => {
            let (lines, line, range) = excerpt(text, &span.byte_range());
            title = title.element(
                Snippet::source(lines)
                    .line_start(line)
                    .path(&*span.file)
                    .annotation(AnnotationKind::Primary.span(range)),
            );
        }
        (Some(span), _) => {
            title = title.element(Level::NOTE.message(format!(
                "in {}:{}:{}",
                span.file, span.start.line, span.start.column
            )));
        }
        (None, _) => {}
    }
    for note in &d.notes {
        title = title.element(Level::NOTE.message(note.as_str()));
    }
    if let Some(help) = &d.help {
        title = title.element(Level::HELP.message(help.as_str()));
    }
    let mut groups: Vec<Group> = vec![title];
    if let (Some(fix), Some(text)) = (&d.fix, text)
        && slices(text, &fix.span.byte_range())
    {
        let (lines, line, range) = excerpt(text, &fix.span.byte_range());
        groups.push(
            Level::HELP.secondary_title("suggested fix").element(
                Snippet::source(lines)
                    .line_start(line)
                    .path(&*fix.span.file)
                    .patch(Patch::new(range, fix.replacement.as_str())),
            ),
        );
    }
    renderer.render(&groups)
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    code: &'a str,
    name: &'a str,
    severity: Severity,
    file: Option<&'a str>,
    line: Option<u32>,
    column: Option<u32>,
    end_line: Option<u32>,
    end_column: Option<u32>,
    message: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    fix: Option<&'a str>,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    notes: &'a [String],
}

fn json(diagnostics: &[Diagnostic]) -> String {
    let items: Vec<JsonDiagnostic> = diagnostics
        .iter()
        .map(|d| JsonDiagnostic {
            code: d.code.as_str(),
            name: d.code.info().name,
            severity: d.severity,
            file: d.file(),
            line: d.span.as_ref().map(|s| s.start.line),
            column: d.span.as_ref().map(|s| s.start.column),
            end_line: d.span.as_ref().map(|s| s.end.line),
            end_column: d.span.as_ref().map(|s| s.end.column),
            message: &d.message,
            help: d.help.as_deref(),
            fix: d.fix.as_ref().map(|f| f.replacement.as_str()),
            notes: &d.notes,
        })
        .collect();
    let mut out = serde_json::to_string_pretty(&items).unwrap_or_else(|_| "[]".to_string());
    out.push('\n');
    out
}

/// GitHub workflow commands: one `::error file=…,line=…,col=…,title=…::message` line each.
fn github(diagnostics: &[Diagnostic], path_prefix: &str) -> String {
    let mut out = String::new();
    for d in diagnostics {
        let command = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let mut props = Vec::new();
        if let Some(span) = &d.span {
            props.push(format!(
                "file={}",
                escape_property(&format!("{path_prefix}{}", span.file))
            ));
            props.push(format!("line={}", span.start.line));
            props.push(format!("col={}", span.start.column));
            if span.end.line >= span.start.line {
                props.push(format!("endLine={}", span.end.line));
                if span.end.line == span.start.line && span.end.column > span.start.column {
                    props.push(format!("endColumn={}", span.end.column));
                }
            }
        }
        props.push(format!(
            "title={}",
            escape_property(&format!("{} {}", d.code.as_str(), d.code.info().title))
        ));
        let mut message = d.message.clone();
        for note in &d.notes {
            message.push('\n');
            message.push_str(note);
        }
        if let Some(help) = &d.help {
            message.push_str("\nhelp: ");
            message.push_str(help);
        }
        if let Some(fix) = &d.fix {
            message.push_str("\nsuggested fix: ");
            message.push_str(&fix.replacement);
        }
        out.push_str(&format!(
            "::{command} {}::{}\n",
            props.join(","),
            escape_data(&message)
        ));
    }
    out
}

/// A SARIF 2.1.0 log: one run, the whole catalogue as its rules, one result
/// per diagnostic (with its fix as a replacement).
fn sarif(diagnostics: &[Diagnostic], path_prefix: &str) -> String {
    use super::Code;
    let level = |s: Severity| match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    };
    let region = |span: &super::Span| {
        serde_json::json!({
            "startLine": span.start.line,
            "startColumn": span.start.column,
            "endLine": span.end.line,
            "endColumn": span.end.column,
        })
    };
    let rules: Vec<serde_json::Value> = Code::ALL
        .iter()
        .map(|c| {
            let info = c.info();
            serde_json::json!({
                "id": info.code,
                "name": info.name,
                "shortDescription": { "text": info.title },
                "fullDescription": { "text": info.explanation },
                "defaultConfiguration": { "level": level(info.severity) },
            })
        })
        .collect();
    let results: Vec<serde_json::Value> = diagnostics
        .iter()
        .map(|d| {
            let mut text = d.message.clone();
            if let Some(help) = &d.help {
                text.push_str("\nhelp: ");
                text.push_str(help);
            }
            let mut result = serde_json::json!({
                "ruleId": d.code.as_str(),
                "ruleIndex": Code::ALL.iter().position(|c| *c == d.code).unwrap_or(0),
                "level": level(d.severity),
                "message": { "text": text },
            });
            if let Some(span) = &d.span {
                result["locations"] = serde_json::json!([{
                    "physicalLocation": {
                        "artifactLocation": { "uri": format!("{path_prefix}{}", span.file) },
                        "region": region(span),
                    }
                }]);
            }
            if let Some(fix) = &d.fix {
                result["fixes"] = serde_json::json!([{
                    "description": { "text": "suggested fix" },
                    "artifactChanges": [{
                        "artifactLocation": { "uri": format!("{path_prefix}{}", fix.span.file) },
                        "replacements": [{
                            "deletedRegion": region(&fix.span),
                            "insertedContent": { "text": fix.replacement },
                        }],
                    }],
                }]);
            }
            result
        })
        .collect();
    let log = serde_json::json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "stegvis",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://github.com/stegvis/stegvis",
                "rules": rules,
            }},
            "results": results,
        }],
    });
    let mut out = serde_json::to_string_pretty(&log).unwrap_or_default();
    out.push('\n');
    out
}

fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_excerpt_is_the_whole_lines_of_its_range() {
        let text = "een\ntwee drie\n\nvier";
        // Inside one line: that line, with its newline, numbered 2.
        assert_eq!(excerpt(text, &(4..8)), ("twee drie\n", 2, 0..4));
        // Ending where a line starts: that (empty) line too.
        assert_eq!(excerpt(text, &(4..14)), ("twee drie\n\n", 2, 0..10));
        // The last line, without a newline.
        assert_eq!(excerpt(text, &(15..19)), ("vier", 4, 0..4));
        assert_eq!(excerpt(text, &(0..0)), ("een\n", 1, 0..0));
    }
    use crate::diagnostics::{Code, LineIndex};

    fn sample() -> (Diagnostic, SourceCache) {
        let text = "---\ntitle: a: b\n---\n";
        let file: crate::diagnostics::FilePath = "content/nl-NL/x.md".into();
        let span = LineIndex::new(text).span(&file, text, 11..12);
        let d = Diagnostic::at(
            Code::FrontMatterYaml,
            span,
            "mapping values are not allowed here",
        )
        .with_help("quote the value");
        let mut cache = SourceCache::new(Path::new("/nonexistent"));
        cache.insert("content/nl-NL/x.md", text.to_string());
        (d, cache)
    }

    #[test]
    fn a_span_that_cannot_slice_the_text_is_printed_without_a_snippet() {
        let text = "Använd\n";
        let file: crate::diagnostics::FilePath = "locales/nl-NL/site.ftl".into();
        let mut span = LineIndex::new(text).span(&file, text, 3..5);
        span.bytes = 3..4;
        let d =
            Diagnostic::at(Code::FluentSyntax, span.clone(), "syntax error").with_fix(span, "x");
        let mut cache = SourceCache::new(Path::new("/nonexistent"));
        cache.insert(&file, text.to_string());
        let out = render(&[d], Format::Human, &mut cache, false, "");
        assert!(out.contains("error[SV0080]: syntax error"), "{out}");
        assert!(out.contains("locales/nl-NL/site.ftl:1:4"), "{out}");
    }

    #[test]
    fn human_output_shows_code_location_and_source_line() {
        let (d, mut cache) = sample();
        let out = render(&[d], Format::Human, &mut cache, false, "");
        assert!(
            out.contains("error[SV0003]: mapping values are not allowed here"),
            "{out}"
        );
        assert!(out.contains("content/nl-NL/x.md:2:8"), "{out}");
        assert!(out.contains("title: a: b"), "{out}");
        assert!(out.contains("help: quote the value"), "{out}");
    }

    #[test]
    fn json_output_has_the_documented_fields() {
        let (d, mut cache) = sample();
        let out = render(&[d], Format::Json, &mut cache, false, "");
        let value: serde_json::Value = serde_json::from_str(&out).unwrap();
        let first = &value[0];
        assert_eq!(first["code"], "SV0003");
        assert_eq!(first["severity"], "error");
        assert_eq!(first["file"], "content/nl-NL/x.md");
        assert_eq!(first["line"], 2);
        assert_eq!(first["column"], 8);
        assert_eq!(first["help"], "quote the value");
    }

    #[test]
    fn sarif_output_has_rules_results_and_locations() {
        let (d, mut cache) = sample();
        let out = render(&[d], Format::Sarif, &mut cache, false, "docs/");
        let log: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(log["version"], "2.1.0");
        let run = &log["runs"][0];
        assert_eq!(
            run["tool"]["driver"]["rules"].as_array().unwrap().len(),
            crate::diagnostics::Code::ALL.len()
        );
        let result = &run["results"][0];
        assert_eq!(result["ruleId"], "SV0003");
        assert_eq!(result["level"], "error");
        let location = &result["locations"][0]["physicalLocation"];
        assert_eq!(
            location["artifactLocation"]["uri"],
            "docs/content/nl-NL/x.md"
        );
        assert_eq!(location["region"]["startLine"], 2);
        assert_eq!(location["region"]["startColumn"], 8);
        let rule = &run["tool"]["driver"]["rules"][result["ruleIndex"].as_u64().unwrap() as usize];
        assert_eq!(rule["id"], "SV0003");
    }

    #[test]
    fn github_output_is_one_escaped_command_per_diagnostic() {
        let (d, mut cache) = sample();
        let out = render(&[d], Format::Github, &mut cache, false, "docs/");
        assert_eq!(
            out,
            "::error file=docs/content/nl-NL/x.md,line=2,col=8,endLine=2,endColumn=9,title=SV0003 front matter is not valid YAML::mapping values are not allowed here%0Ahelp: quote the value\n"
        );
    }
}
