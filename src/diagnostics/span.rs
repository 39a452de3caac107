//! Positions in source files: the site-relative file, 1-based line and column, and
//! the byte range, so every diagnostic can point at the offending text.

use std::ops::Range;
use std::sync::Arc;

use serde::Serialize;

/// A file path relative to the site folder, with `/` separators
/// (`content/nl-NL/billing/upgrade.md`). Cheap to clone: every span holds one.
pub type FilePath = Arc<str>;

/// A 1-based line and column. Columns count Unicode scalar values, the way
/// editors and GitHub annotations count them, not bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Position {
    pub line: u32,
    pub column: u32,
}

/// A range of text in one file.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Span {
    pub file: FilePath,
    pub start: Position,
    pub end: Position,
    /// Byte range in the file as read from disk (front matter and BOM included).
    pub bytes: Range<usize>,
}

impl Span {
    /// A span that covers a whole file without pointing into it (for problems
    /// such as "this file has no front matter" where line 1 is the best guess).
    pub fn file_start(file: FilePath) -> Span {
        let start = Position { line: 1, column: 1 };
        Span {
            file,
            start,
            end: start,
            bytes: 0..0,
        }
    }
}

/// Line start offsets of one text, to turn byte offsets into positions.
#[derive(Clone, Debug, Default)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(memchr_newlines(text.as_bytes()).map(|i| i + 1));
        LineIndex { starts }
    }

    /// The position of `offset` in `text` (the text this index was built from).
    /// Offsets past the end or inside a character are clamped, never a panic.
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let line_start = self.starts[line];
        let column = text[line_start..offset].chars().count();
        Position {
            line: line as u32 + 1,
            column: column as u32 + 1,
        }
    }

    pub fn span(&self, file: &FilePath, text: &str, range: Range<usize>) -> Span {
        let end = range.end.max(range.start);
        Span {
            file: file.clone(),
            start: self.position(text, range.start),
            end: self.position(text, end),
            bytes: range.start..end,
        }
    }

    /// The byte range of line `line` (1-based), without its line break.
    pub fn line_range(&self, text: &str, line: u32) -> Range<usize> {
        let i = (line.max(1) - 1) as usize;
        let start = self.starts.get(i).copied().unwrap_or(text.len());
        let end = self
            .starts
            .get(i + 1)
            .map(|next| next - 1)
            .unwrap_or(text.len());
        let end = if end > start && text.as_bytes().get(end - 1) == Some(&b'\r') {
            end - 1
        } else {
            end
        };
        start..end.max(start)
    }
}

fn memchr_newlines(bytes: &[u8]) -> impl Iterator<Item = usize> + '_ {
    bytes
        .iter()
        .enumerate()
        .filter(|(_, b)| **b == b'\n')
        .map(|(i, _)| i)
}

/// The largest char boundary not after `offset` (stable replacement for
/// `str::floor_char_boundary`).
pub fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_characters_not_bytes() {
        let text = "ab\nverifiÃ«ren x\n";
        let index = LineIndex::new(text);
        assert_eq!(index.position(text, 0), Position { line: 1, column: 1 });
        let x = text.find(" x").unwrap() + 1;
        assert_eq!(
            index.position(text, x),
            Position {
                line: 2,
                column: 13
            }
        );
        assert_eq!(
            index.position(text, text.len()),
            Position { line: 3, column: 1 }
        );
    }

    #[test]
    fn offsets_inside_a_character_are_clamped() {
        let text = "é";
        let index = LineIndex::new(text);
        assert_eq!(index.position(text, 1), Position { line: 1, column: 1 });
        assert_eq!(index.position(text, 99), Position { line: 1, column: 2 });
    }

    #[test]
    fn line_range_excludes_line_breaks() {
        let text = "one\r\ntwo\nthree";
        let index = LineIndex::new(text);
        assert_eq!(&text[index.line_range(text, 1)], "one");
        assert_eq!(&text[index.line_range(text, 2)], "two");
        assert_eq!(&text[index.line_range(text, 3)], "three");
    }
}
