//! Includes: `[!INCLUDE [label](path)]` pastes another Markdown file in place,
//! before the Markdown is parsed, with a source map so every position still
//! points into the file it came from. On a line of its own the directive pastes
//! blocks (indented to the directive's list or quote); inside a sentence it
//! pastes the file's text inline. Fenced code, code spans and HTML comments are
//! left alone, so documentation about includes can show the syntax.

use foldhash::{HashMap, HashMapExt};
use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;

use super::fence::Fences;
use super::front_matter;
use super::source_map::{FileIx, Files, Mapped, SourceText};
use super::text::decode;
use crate::diagnostics::{Code, Diagnostic, FilePath};
use crate::discover::SourceFile;
use crate::model::Locale;
use crate::paths;

/// How deep includes may nest. Deeper ones are left out with a diagnostic.
pub const MAX_DEPTH: usize = 10;

/// How much text includes may paste into one article. Ten levels of files that
/// each include the next ten times would otherwise paste 10^10 copies.
pub const MAX_PASTED: usize = 16 << 20;

/// An include file as read: its text and where its body starts (after its own
/// front matter, which is ignored for output).
#[derive(Debug)]
pub struct Loaded {
    pub source: Arc<SourceText>,
    pub body: usize,
}

/// Include files read once for all articles. Files that are included but live
/// outside an include folder are read on demand, but only from `content/` and
/// only when the path, symbolic links resolved, stays inside it: a linked file
/// or folder that points out of the site is never opened.
#[derive(Debug, Default)]
pub struct IncludeStore {
    files: HashMap<FilePath, Arc<Loaded>>,
    /// The site folder and its `content/`, resolved, where files are read on
    /// demand; `None` for a store that reads nothing.
    roots: Option<(PathBuf, PathBuf)>,
    /// Where includes a locale lacks are taken from.
    source_locale: Option<Locale>,
}

impl IncludeStore {
    /// Reads every file of the include folders, in parallel.
    pub fn load(
        root: &std::path::Path,
        includes: &[SourceFile],
        source_locale: Option<Locale>,
    ) -> (IncludeStore, Vec<Diagnostic>) {
        let read: Vec<(FilePath, Option<Vec<u8>>, Vec<Diagnostic>)> = includes
            .par_iter()
            .map(|f| {
                let mut diagnostics = Vec::new();
                let bytes = read_bytes(&f.abs, &f.file, &mut diagnostics);
                (f.file.clone(), bytes, diagnostics)
            })
            .collect();
        let mut diagnostics = Vec::new();
        let mut texts = Vec::new();
        for (file, bytes, diags) in read {
            diagnostics.extend(diags);
            texts.extend(bytes.map(|b| (file, b)));
        }
        let (mut store, found) = IncludeStore::from_texts(texts, source_locale);
        diagnostics.extend(found);
        store.roots = root
            .canonicalize()
            .ok()
            .map(|root| (root.clone(), root.join("content")));
        (store, diagnostics)
    }

    /// A store of include files given as (site path, bytes), read from
    /// nowhere else: for callers that hold the files in memory.
    pub fn from_texts(
        texts: Vec<(FilePath, Vec<u8>)>,
        source_locale: Option<Locale>,
    ) -> (IncludeStore, Vec<Diagnostic>) {
        let mut diagnostics = Vec::new();
        let files = texts
            .into_iter()
            .map(|(file, bytes)| {
                let loaded = loaded(&file, bytes, &mut diagnostics);
                (file, loaded)
            })
            .collect();
        let store = IncludeStore {
            files,
            roots: None,
            source_locale,
        };
        (store, diagnostics)
    }

    /// The include file at site path `file`, if it exists inside `content/`.
    /// The same path in the source locale's folder (`content/<source>/…`), for
    /// a file of another locale.
    fn in_source_locale(&self, file: &str) -> Option<String> {
        let source = self.source_locale.as_ref()?;
        let mut parts = file.splitn(3, '/');
        let (content, locale, rest) = (parts.next()?, parts.next()?, parts.next()?);
        (content == "content" && locale != source.as_str())
            .then(|| format!("content/{source}/{rest}"))
    }

    fn get(&self, file: &str, diagnostics: &mut Vec<Diagnostic>) -> Option<Arc<Loaded>> {
        if let Some(loaded) = self.files.get(file) {
            return Some(loaded.clone());
        }
        let (root, content) = self.roots.as_ref()?;
        if !file.starts_with("content/") {
            return None;
        }
        let abs = root.join(file);
        let inside = abs.canonicalize().is_ok_and(|t| t.starts_with(content));
        if !inside || !abs.is_file() {
            return None;
        }
        let file = FilePath::from(file);
        let bytes = read_bytes(&abs, &file, diagnostics)?;
        Some(loaded(&file, bytes, diagnostics))
    }
}

fn read_bytes(
    abs: &std::path::Path,
    file: &FilePath,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Vec<u8>> {
    match std::fs::read(abs) {
        Ok(bytes) => Some(bytes),
        Err(e) => {
            diagnostics.push(Diagnostic::at(
                Code::ReadFailed,
                crate::diagnostics::Span::file_start(file.clone()),
                format!("cannot read this include file: {e}"),
            ));
            None
        }
    }
}

/// An include file's text, with its front matter (ignored for output) skipped.
fn loaded(file: &FilePath, bytes: Vec<u8>, diagnostics: &mut Vec<Diagnostic>) -> Arc<Loaded> {
    let (text, start) = decode(file, bytes, diagnostics);
    super::text::report_text_problems(file, &text, start, diagnostics);
    let (split, _) = front_matter::split(&text, start);
    let body = if split.block.is_some() {
        split.body
    } else {
        start
    };
    Arc::new(Loaded {
        source: Arc::new(SourceText::new(file.clone(), text)),
        body,
    })
}

/// Expands the includes of one file into mapped text.
pub struct Expander<'a> {
    pub store: &'a IncludeStore,
    pub files: &'a mut Files,
    pub diagnostics: &'a mut Vec<Diagnostic>,
    /// Every file pasted in, in order of first use.
    pub used: Vec<FilePath>,
    /// Includes taken from the source locale because this locale lacks them.
    pub fallbacks: usize,
    /// Bytes pasted into the article so far, against `MAX_PASTED`.
    pub pasted: usize,
    /// Whether `MAX_PASTED` was reached (reported once).
    pub over_budget: bool,
}

impl Expander<'_> {
    /// Appends `range` of file `file` to `out`, with its includes expanded.
    /// `stack` holds the files being expanded, outermost first.
    pub fn expand(
        &mut self,
        out: &mut Mapped,
        file: FileIx,
        range: Range<usize>,
        stack: &mut Vec<FilePath>,
    ) {
        let shared = self.files.shared(file);
        let source = &shared.text;
        let text = &source[..range.end];
        let mut state = ScanState::default();
        let mut copied = range.start;
        for line in super::text::lines(text, range.clone()) {
            let (line_start, line_end) = (line.start, line.end);
            for directive in scan_line(text, line_start..line_end, &mut state) {
                out.push_source(file, source, copied..directive.range.start);
                copied = directive.range.end;
                self.paste(out, file, source, line_start, &directive, stack);
            }
        }
        out.push_source(file, source, copied..range.end);
    }

    fn paste(
        &mut self,
        out: &mut Mapped,
        file: FileIx,
        source: &str,
        line_start: usize,
        directive: &Directive,
        stack: &mut Vec<FilePath>,
    ) {
        let here = self.files.get(file);
        let span = here.span(directive.range.clone());
        if let Some(keyword) = &directive.translated {
            let keyword_span = here.span(keyword.clone());
            let word = &source[keyword.clone()];
            self.diagnostics.push(if directive.stray {
                let stray = here.span(directive.range.clone());
                Diagnostic::at(
                    Code::IncludeKeywordTranslated,
                    stray.clone(),
                    format!(
                        "`[!{word}` is a translated include keyword left in front of an include"
                    ),
                )
                .with_help("remove it; the include after it is pasted")
                .with_fix(stray, "")
            } else {
                Diagnostic::at(
                    Code::IncludeKeywordTranslated,
                    keyword_span.clone(),
                    format!("`{word}` is a translation of the keyword INCLUDE"),
                )
                .with_help(
                    "the file is pasted all the same; restore the keyword so other tools agree",
                )
                .with_fix(keyword_span, "INCLUDE")
            });
            if directive.stray {
                return;
            }
        }
        let Some(path) = &directive.path else {
            self.diagnostics.push(
                Diagnostic::at(
                    Code::IncludeMalformed,
                    span,
                    "this include directive is malformed, so it is shown as text",
                )
                .with_help("write `[!INCLUDE [label](path/to/file.md)]`"),
            );
            out.push_source(file, source, directive.range.clone());
            return;
        };
        let mut target = resolve(&here.file, path);
        let mut loaded = target
            .as_ref()
            .and_then(|t| self.store.get(t, self.diagnostics));
        // An include a locale does not have yet comes from the source locale.
        if loaded.is_none()
            && let Some(source) = target
                .as_deref()
                .and_then(|t| self.store.in_source_locale(t))
            && let Some(found) = self.store.get(&source, self.diagnostics)
        {
            self.fallbacks += 1;
            target = Some(source);
            loaded = Some(found);
        }
        let Some((target, loaded)) = target.zip(loaded) else {
            self.diagnostics.push(
                Diagnostic::at(
                    Code::IncludeMissing,
                    span,
                    format!("the included file `{path}` does not exist"),
                )
                .with_help("the path is relative to the file that contains the directive"),
            );
            return;
        };
        let target: FilePath = target.into();
        if let Some(start) = stack.iter().position(|f| *f == target) {
            let chain: Vec<&str> = stack[start..]
                .iter()
                .map(|f| &**f)
                .chain([&*target])
                .collect();
            self.diagnostics.push(
                Diagnostic::at(
                    Code::IncludeCycle,
                    span,
                    format!("`{path}` includes itself, so it is left out"),
                )
                .with_note(format!("include chain: {}", chain.join(" -> "))),
            );
            return;
        }
        if stack.len() > MAX_DEPTH {
            self.diagnostics.push(
                Diagnostic::at(Code::IncludeTooDeep, span, format!("includes nest more than {MAX_DEPTH} levels deep here, so `{path}` is left out"))
                    .with_note(format!("include chain: {}", stack.iter().map(|f| &**f).collect::<Vec<_>>().join(" -> "))),
            );
            return;
        }
        if self.pasted > MAX_PASTED {
            if !self.over_budget {
                self.over_budget = true;
                self.diagnostics.push(
                    Diagnostic::at(Code::IncludeTooDeep, span, format!("includes paste more than {} MB into this article, so `{path}` and the includes after it are left out", MAX_PASTED >> 20))
                        .with_help("an include file that includes others many times over grows the page exponentially"),
                );
            }
            return;
        }
        if !self.used.contains(&target) {
            self.used.push(target.clone());
        }
        let included = self.files.add(loaded.source.clone());
        let mut pasted = Mapped::default();
        stack.push(target);
        self.expand(
            &mut pasted,
            included,
            loaded.body..loaded.source.text.len(),
            stack,
        );
        stack.pop();
        self.pasted += pasted.text.len();
        let origin = directive.range.start;
        let prefix = &source[line_start..directive.range.start];
        let lines = content_lines(&pasted.text);
        if directive.block {
            let continuation: String = prefix
                .chars()
                .map(|c| if c == '>' || c == '\t' { c } else { ' ' })
                .collect();
            for (i, line) in lines.iter().enumerate() {
                if i > 0 {
                    out.push_synthetic("\n", file, origin);
                    let blank = pasted.text[line.clone()].trim().is_empty();
                    let indent = if blank {
                        continuation.trim_end()
                    } else {
                        continuation.as_str()
                    };
                    out.push_synthetic(indent, file, origin);
                }
                out.push_mapped(&pasted, line.clone());
            }
        } else {
            let mut first = true;
            for line in lines {
                let trimmed = trim_range(&pasted.text, line);
                if trimmed.is_empty() {
                    continue;
                }
                if !first {
                    out.push_synthetic(" ", file, origin);
                }
                out.push_mapped(&pasted, trimmed);
                first = false;
            }
        }
    }
}

/// The site path of an include written as `path` in file `from`. `~/` means the
/// top of the locale folder, the way the docs dialect uses it.
fn resolve(from: &str, path: &str) -> Option<String> {
    let path = paths::percent_decode(path.trim());
    let base = if let Some(rest) = path.strip_prefix("~/") {
        let mut parts = from.splitn(3, '/');
        let (content, locale) = (parts.next()?, parts.next()?);
        return paths::join(&format!("{content}/{locale}"), rest);
    } else {
        paths::parent(from)
    };
    paths::join(base, &path)
}

/// The ranges of the lines of `text` without their line breaks, with leading and
/// trailing blank lines dropped.
fn content_lines(text: &str) -> Vec<Range<usize>> {
    let mut lines = Vec::new();
    let mut start = 0;
    for (i, b) in text.bytes().enumerate() {
        if b == b'\n' {
            lines.push(start..i);
            start = i + 1;
        }
    }
    lines.push(start..text.len());
    let lines: Vec<Range<usize>> = lines
        .into_iter()
        .map(|r| {
            if text[r.clone()].ends_with('\r') {
                r.start..r.end - 1
            } else {
                r
            }
        })
        .collect();
    let first = lines
        .iter()
        .position(|r| !text[r.clone()].trim().is_empty());
    let last = lines
        .iter()
        .rposition(|r| !text[r.clone()].trim().is_empty());
    match (first, last) {
        (Some(first), Some(last)) => lines[first..=last].iter().map(|r| r.start..r.end).collect(),
        _ => Vec::new(),
    }
}

fn trim_range(text: &str, range: Range<usize>) -> Range<usize> {
    let s = &text[range.clone()];
    let start = range.start + (s.len() - s.trim_start().len());
    let end = range.end - (s.len() - s.trim_end().len());
    start..end.max(start)
}

/// Whether the scan is inside fenced code or an HTML comment, across lines.
#[derive(Default)]
struct ScanState {
    fences: Fences,
    in_comment: bool,
}

#[derive(Debug, PartialEq)]
struct Directive {
    range: Range<usize>,
    /// `None` when the directive is malformed.
    path: Option<String>,
    /// On a line of its own (after list markers and quote markers): pastes blocks.
    block: bool,
    /// Where the keyword is written, when it is a translation of `INCLUDE`.
    translated: Option<Range<usize>>,
    /// A translated keyword left in front of a real directive: pasted as nothing.
    stray: bool,
}

/// Finds include directives in one line of `text`.
fn scan_line(text: &str, line: Range<usize>, state: &mut ScanState) -> Vec<Directive> {
    let content = &text[line.clone()];
    if !state.in_comment && state.fences.is_code(content) {
        return Vec::new();
    }
    let bytes = content.as_bytes();
    let mut found = Vec::new();
    let mut ahead = Lookahead::new(content);
    let mut i = 0;
    while i < bytes.len() {
        if state.in_comment {
            match content[i..].find("-->") {
                Some(end) => {
                    state.in_comment = false;
                    i += end + 3;
                    continue;
                }
                None => break,
            }
        }
        match bytes[i] {
            b'`' => {
                let run = bytes[i..].iter().take_while(|b| **b == b'`').count();
                match ahead.backticks(i + run, run) {
                    Some(end) => i = end + run,
                    None => i += run,
                }
            }
            b'<' if content[i..].starts_with("<!--") => {
                state.in_comment = true;
                i += 4;
            }
            b'[' if starts_with_ignore_case(&content[i..], "[!INCLUDE") => {
                let (end, path) = parse_directive(&mut ahead, i + "[!INCLUDE".len());
                let block = is_block_prefix(&content[..i]) && content[end..].trim().is_empty();
                found.push(Directive {
                    range: line.start + i..line.start + end,
                    path,
                    block,
                    translated: None,
                    stray: false,
                });
                i = end.max(i + 1);
            }
            b'[' if content[i..].starts_with("[!") => {
                // `[!INKLUDERA [label](file.md)]`: the keyword translated with the text.
                let word_end = i
                    + 2
                    + content[i + 2..]
                        .find(|c: char| !c.is_alphabetic())
                        .unwrap_or(content.len() - i - 2);
                let word = &content[i + 2..word_end];
                let rest = content[word_end..].trim_start();
                let keyword = line.start + i + 2..line.start + word_end;
                if word.is_empty() || !is_translated_keyword(word) {
                    i += 2;
                } else if starts_with_ignore_case(rest, "[!INCLUDE") {
                    let next = content.len() - rest.len();
                    found.push(Directive {
                        range: line.start + i..line.start + next,
                        path: None,
                        block: false,
                        translated: Some(keyword),
                        stray: true,
                    });
                    i = next;
                } else {
                    match parse_directive(&mut ahead, word_end) {
                        (end, Some(path)) if path.to_ascii_lowercase().ends_with(".md") => {
                            let block =
                                is_block_prefix(&content[..i]) && content[end..].trim().is_empty();
                            found.push(Directive {
                                range: line.start + i..line.start + end,
                                path: Some(path),
                                block,
                                translated: Some(keyword),
                                stray: false,
                            });
                            i = end;
                        }
                        _ => i += 2,
                    }
                }
            }
            // Nothing starts here: on to the next byte that could start
            // something (all ASCII, so never inside a character).
            _ => {
                i += 1 + memchr::memchr3(b'`', b'<', b'[', &bytes[i + 1..])
                    .unwrap_or(bytes.len() - i - 1)
            }
        }
    }
    found
}

fn starts_with_ignore_case(s: &str, prefix: &str) -> bool {
    s.len() >= prefix.len() && s.as_bytes()[..prefix.len()].eq_ignore_ascii_case(prefix.as_bytes())
}

/// What directive parsing looks ahead for in one line, found once per line:
/// a line of a hundred thousand broken directives (each looking for a `)` or
/// a `]` that never comes) would otherwise be scanned to its end each time.
struct Lookahead<'a> {
    line: &'a str,
    /// The matching `]` of each `[`, made on first use.
    closing: Option<HashMap<usize, usize>>,
    /// The last search for `)`: where it started and what it found.
    paren: Option<(usize, Option<usize>)>,
    /// Per run length of backticks, a position after which no such run is.
    no_backticks: HashMap<usize, usize>,
}

impl<'a> Lookahead<'a> {
    fn new(line: &'a str) -> Lookahead<'a> {
        Lookahead {
            line,
            closing: None,
            paren: None,
            no_backticks: HashMap::new(),
        }
    }

    /// The `]` that closes the `[` at `open`, counting nested brackets.
    fn closing_bracket(&mut self, open: usize) -> Option<usize> {
        let line = self.line;
        let closing = self.closing.get_or_insert_with(|| {
            let mut open = Vec::new();
            let mut pairs = HashMap::new();
            for (i, b) in line.bytes().enumerate() {
                match b {
                    b'[' => open.push(i),
                    b']' => {
                        if let Some(start) = open.pop() {
                            pairs.insert(start, i);
                        }
                    }
                    _ => {}
                }
            }
            pairs
        });
        closing.get(&open).copied()
    }

    /// The first `)` at or after `from`.
    fn paren(&mut self, from: usize) -> Option<usize> {
        if let Some((start, found)) = self.paren
            && start <= from
            && found.is_none_or(|f| f >= from)
        {
            return found;
        }
        let found = self.line[from..].find(')').map(|i| from + i);
        self.paren = Some((from, found));
        found
    }

    /// The first run of `run` backticks at or after `from`.
    fn backticks(&mut self, from: usize, run: usize) -> Option<usize> {
        if self
            .no_backticks
            .get(&run)
            .is_some_and(|none| *none <= from)
        {
            return None;
        }
        let found = self.line[from..].find(&"`".repeat(run)).map(|i| from + i);
        if found.is_none() {
            self.no_backticks.insert(run, from);
        }
        found
    }
}

/// Parses the rest of `[!INCLUDE [label](path)]`, whose keyword ends at
/// `keyword_end`. Returns the end of what was
/// consumed and the path, or (end of the keyword, None) when it is malformed.
fn parse_directive(ahead: &mut Lookahead, keyword_end: usize) -> (usize, Option<String>) {
    let malformed = (keyword_end, None);
    let line = ahead.line;
    let b = line.as_bytes();
    let mut i = keyword_end;
    let skip_spaces = |i: &mut usize| {
        while *i < b.len() && (b[*i] == b' ' || b[*i] == b'\t') {
            *i += 1;
        }
    };
    skip_spaces(&mut i);
    if b.get(i) != Some(&b'[') {
        return malformed;
    }
    let Some(close) = ahead.closing_bracket(i) else {
        return malformed;
    };
    i = close + 1;
    skip_spaces(&mut i);
    if b.get(i) != Some(&b'(') {
        return malformed;
    }
    let path_start = i + 1;
    let Some(close) = ahead.paren(path_start) else {
        return malformed;
    };
    let mut path = line[path_start..close].trim();
    // A title after the path (`(x.md "title")`) is allowed and ignored.
    if let Some((p, _)) = path.split_once([' ', '\t']) {
        path = p;
    }
    let path = path.trim_start_matches('<').trim_end_matches('>');
    i = close + 1;
    skip_spaces(&mut i);
    if b.get(i) != Some(&b']') || path.is_empty() {
        return malformed;
    }
    (i + 1, Some(path.to_string()))
}

/// Whether `word` (after `[!`) can be a translated `INCLUDE`: not one of the
/// keywords of other block-quote directives, which stay as they are.
fn is_translated_keyword(word: &str) -> bool {
    let upper = word.to_uppercase();
    ![
        "INCLUDE",
        "NOTE",
        "TIP",
        "IMPORTANT",
        "CAUTION",
        "WARNING",
        "VIDEO",
        "DIV",
    ]
    .contains(&upper.as_str())
}

/// Whether `prefix` holds only indentation, quote markers and list markers.
fn is_block_prefix(prefix: &str) -> bool {
    let mut rest = prefix.trim_start();
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix('>') {
            rest = r.trim_start();
            continue;
        }
        let marker = rest.strip_prefix(['-', '*', '+']).or_else(|| {
            let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
            (1..=9)
                .contains(&digits)
                .then(|| rest[digits..].strip_prefix(['.', ')']))
                .flatten()
        });
        match marker {
            Some(r) if r.starts_with([' ', '\t']) || r.is_empty() => rest = r.trim_start(),
            _ => return false,
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scan(text: &str) -> Vec<Directive> {
        let mut state = ScanState::default();
        let mut out = Vec::new();
        let mut start = 0;
        for line in text.split_inclusive('\n') {
            out.extend(scan_line(text, start..start + line.len(), &mut state));
            start += line.len();
        }
        out
    }

    #[test]
    fn finds_inline_and_block_directives() {
        let text = "Met [!INCLUDE[prod_short](includes/prod_short.md)] kunt u.\n\n[!INCLUDE [footer](includes/footer.md)]\n  > [!include [x](x.md \"t\")]  \n";
        let found = scan(text);
        assert_eq!(found.len(), 3);
        assert_eq!(found[0].path.as_deref(), Some("includes/prod_short.md"));
        assert!(!found[0].block);
        assert_eq!(
            &text[found[0].range.clone()],
            "[!INCLUDE[prod_short](includes/prod_short.md)]"
        );
        assert!(found[1].block);
        assert_eq!(found[2].path.as_deref(), Some("x.md"));
        assert!(found[2].block);
    }

    #[test]
    fn code_and_comments_are_skipped() {
        let text = "`[!INCLUDE [a](a.md)]`\n```md\n[!INCLUDE [b](b.md)]\n```\n<!-- [!INCLUDE [c](c.md)]\n[!INCLUDE [d](d.md)] -->[!INCLUDE [e](e.md)]\n";
        let found = scan(text);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].path.as_deref(), Some("e.md"));
    }

    #[test]
    fn malformed_and_translated_directives() {
        let found = scan("[!INCLUDE product.md]\n[!INKLUDERA [!INCLUDE[p](p.md)]\n");
        assert_eq!(found.len(), 3);
        assert_eq!(found[0].path, None);
        assert!(found[1].stray);
        assert_eq!(found[2].path.as_deref(), Some("p.md"));
    }

    #[test]
    fn translated_include_keywords() {
        let found = scan(
            "Met [!INKLUDERA [p](includes/p.md)] en [!INKLUDERA [!INCLUDE[q](q.md)] en [!NOTE] en [!Opmerking].\n",
        );
        assert_eq!(found.len(), 3, "{found:?}");
        assert_eq!(found[0].path.as_deref(), Some("includes/p.md"));
        assert!(found[0].translated.is_some() && !found[0].stray);
        assert!(found[1].stray);
        assert_eq!(found[2].path.as_deref(), Some("q.md"));
        assert!(found[2].translated.is_none());
    }

    #[test]
    fn block_prefixes() {
        assert!(is_block_prefix("   "));
        assert!(is_block_prefix("> "));
        assert!(is_block_prefix("1. "));
        assert!(is_block_prefix("- > "));
        assert!(!is_block_prefix("Tekst "));
        assert!(!is_block_prefix("1.5 "));
    }

    #[test]
    fn include_paths_resolve_from_the_including_file() {
        assert_eq!(
            resolve("content/nl-NL/bc/x.md", "includes/p.md").as_deref(),
            Some("content/nl-NL/bc/includes/p.md")
        );
        assert_eq!(
            resolve("content/nl-NL/bc/includes/a.md", "../b.md").as_deref(),
            Some("content/nl-NL/bc/b.md")
        );
        assert_eq!(
            resolve("content/nl-NL/bc/x.md", "~/includes/p.md").as_deref(),
            Some("content/nl-NL/includes/p.md")
        );
        assert_eq!(resolve("content/nl-NL/x.md", "../../../etc/passwd"), None);
    }
}
