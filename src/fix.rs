//! `stegvis check --fix`: applies the suggested fixes that are safe to apply
//! without a person reading them (mojibake repairs, step renumbering, removing
//! a byte-order mark), each file rewritten atomically. Nothing else in the site
//! is ever modified.

use std::collections::BTreeMap;
use std::path::Path;

use crate::diagnostics::{Code, Diagnostic, Fix};

/// The codes whose fixes `--fix` applies.
pub const SAFE: &[Code] = &[Code::ByteOrderMark, Code::Mojibake, Code::StepNumbering];

/// What was changed in one file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Applied {
    pub file: String,
    /// Fixes applied, by code.
    pub fixes: BTreeMap<Code, usize>,
}

#[derive(Debug, thiserror::Error)]
#[error("cannot fix {file}: {source}")]
pub struct FixError {
    pub file: String,
    pub source: std::io::Error,
}

/// Applies the safe fixes among `diagnostics` to the files under `root`.
pub fn apply(root: &Path, diagnostics: &[Diagnostic]) -> Result<Vec<Applied>, FixError> {
    let mut by_file: BTreeMap<&str, Vec<(Code, &Fix)>> = BTreeMap::new();
    for d in diagnostics.iter().filter(|d| SAFE.contains(&d.code)) {
        if let Some(fix) = &d.fix {
            by_file
                .entry(&fix.span.file)
                .or_default()
                .push((d.code, fix));
        }
    }
    let mut applied = Vec::new();
    for (file, mut fixes) in by_file {
        let path = root.join(file);
        let io = |source| FixError {
            file: file.to_string(),
            source,
        };
        let bytes = std::fs::read(&path).map_err(io)?;
        // Spans were measured on the text as read; a file that is not UTF-8
        // was read lossily, so its byte offsets cannot be trusted for editing.
        let Ok(mut text) = String::from_utf8(bytes) else {
            continue;
        };
        fixes.sort_by_key(|(_, f)| std::cmp::Reverse(f.span.bytes.start));
        let mut counts = BTreeMap::new();
        let mut limit = text.len();
        for (code, fix) in fixes {
            let range = fix.span.byte_range();
            let fits = range.end <= limit
                && text.is_char_boundary(range.start)
                && text.is_char_boundary(range.end);
            if !fits {
                continue;
            }
            text.replace_range(range.clone(), &fix.replacement);
            limit = range.start;
            *counts.entry(code).or_insert(0) += 1;
        }
        if counts.is_empty() {
            continue;
        }
        write_atomically(&path, text.as_bytes()).map_err(io)?;
        applied.push(Applied {
            file: file.to_string(),
            fixes: counts,
        });
    }
    Ok(applied)
}

/// Writes next to the file, then renames over it: a reader never sees half a file.
fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = path.with_file_name(format!(".{name}.stegvis-fix-{}", std::process::id()));
    std::fs::write(&temp, bytes)?;
    if let Ok(meta) = std::fs::metadata(path) {
        let _ = std::fs::set_permissions(&temp, meta.permissions());
    }
    std::fs::rename(&temp, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&temp);
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::LineIndex;

    #[test]
    fn applies_safe_fixes_from_the_end_and_leaves_others() {
        let dir = tempfile::tempdir().unwrap();
        let text = "\u{FEFF}1. a\n3. verifiÃ«ren\n";
        std::fs::write(dir.path().join("a.md"), text).unwrap();
        let index = LineIndex::new(text);
        let file = "a.md".into();
        let span = |r: std::ops::Range<usize>| index.span(&file, text, r);
        let mojibake = text.find("Ã«").unwrap();
        let three = text.find("3.").unwrap();
        let diags = vec![
            Diagnostic::at(Code::ByteOrderMark, span(0..3), "bom").with_fix(span(0..3), ""),
            Diagnostic::at(Code::Mojibake, span(mojibake..mojibake + 4), "m")
                .with_fix(span(mojibake..mojibake + 4), "ë"),
            Diagnostic::at(Code::StepNumbering, span(three..three + 1), "n")
                .with_fix(span(three..three + 1), "2"),
            Diagnostic::at(Code::LinkTextEmpty, span(0..1), "not safe").with_fix(span(0..1), "X"),
        ];
        let applied = apply(dir.path(), &diags).unwrap();
        assert_eq!(
            std::fs::read_to_string(dir.path().join("a.md")).unwrap(),
            "1. a\n2. verifiëren\n"
        );
        assert_eq!(applied[0].fixes.values().sum::<usize>(), 3);
        let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1);
    }
}
