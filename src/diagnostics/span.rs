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
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize,
)]
pub struct Position {
    pub line: u32,
    pub column: u32,
}

/// A range of text in one file.
#[derive(Clone, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct Span {
    #[serde(with = "file_table")]
    pub file: FilePath,
    pub start: Position,
    pub end: Position,
    /// Byte range in the file as read from disk (front matter and BOM
    /// included); 32 bits, since a site holds millions of spans and no
    /// article comes near 4 GB (`byte_range` gives it as `usize`).
    pub bytes: Range<u32>,
}

/// A byte offset as a span keeps it (files beyond 4 GB are not read whole).
fn offset(at: usize) -> u32 {
    u32::try_from(at).unwrap_or(u32::MAX)
}

impl Span {
    /// The byte range, for slicing the file's text.
    pub fn byte_range(&self) -> Range<usize> {
        self.bytes.start as usize..self.bytes.end as usize
    }

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
    /// Every `MARK_STRIDE` bytes, the offset and its 0-based column: columns
    /// count characters from the line start, and counting them from there
    /// for every diagnostic on a 10 MB line would be quadratic.
    marks: Vec<(usize, u32)>,
}

const MARK_STRIDE: usize = 4096;

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(memchr_newlines(text.as_bytes()).map(|i| i + 1));
        let mut marks: Vec<(usize, u32)> = Vec::new();
        let mut line = 0;
        for at in (MARK_STRIDE..text.len()).step_by(MARK_STRIDE) {
            let at = floor_char_boundary(text, at);
            while line + 1 < starts.len() && starts[line + 1] <= at {
                line += 1;
            }
            let column = match marks.last() {
                // Still on the line of the previous mark: count on from it.
                Some(&(prev, column)) if prev >= starts[line] => {
                    column + text[prev..at].chars().count() as u32
                }
                _ => text[starts[line]..at].chars().count() as u32,
            };
            marks.push((at, column));
        }
        LineIndex { starts, marks }
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
        let mark = match self.marks.binary_search_by_key(&offset, |m| m.0) {
            Ok(i) => Some(self.marks[i]),
            Err(0) => None,
            Err(i) => Some(self.marks[i - 1]),
        };
        let column = match mark {
            Some((at, column)) if at >= line_start => {
                column as usize + text[at..offset].chars().count()
            }
            _ => text[line_start..offset].chars().count(),
        };
        Position {
            line: line as u32 + 1,
            column: column as u32 + 1,
        }
    }

    /// The span of `range` in `text`. The byte range is widened to whole
    /// characters and clamped to the text: renderers slice the text by it.
    pub fn span(&self, file: &FilePath, text: &str, range: Range<usize>) -> Span {
        let start = floor_char_boundary(text, range.start);
        let end = ceil_char_boundary(text, range.end.max(range.start));
        Span {
            file: file.clone(),
            start: self.position(text, start),
            end: self.position(text, end),
            bytes: offset(start)..offset(end),
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
    memchr::memchr_iter(b'\n', bytes)
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

/// The smallest char boundary not before `offset`, at most the text's length.
pub fn ceil_char_boundary(text: &str, mut offset: usize) -> usize {
    offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset += 1;
    }
    offset
}

/// Spans in a binary form: an article's parse result holds thousands of
/// spans naming a handful of files, so while `with_table_written` or
/// `with_table_read` runs on a thread, a span names its file by an index in a
/// table of the files, written once, and reading shares one string per file.
/// Elsewhere a span names its file in full.
pub mod file_table {
    use rustc_hash::FxHashMap;
    use serde::{Deserialize, Deserializer, Serializer};
    use std::cell::RefCell;
    use std::sync::Arc;

    use super::FilePath;

    enum Table {
        /// The index of each file, the files in order, and the last file
        /// named with its index: spans come in runs naming one file, which
        /// are then told by a pointer, not by hashing the path.
        Writing(
            FxHashMap<FilePath, u32>,
            Vec<FilePath>,
            Option<(FilePath, u32)>,
        ),
        Reading(Vec<FilePath>),
    }

    thread_local! {
        static TABLE: RefCell<Option<Table>> = const { RefCell::new(None) };
    }

    /// Runs `write` with spans written as indexes; also returns the table.
    pub fn with_table_written<T>(write: impl FnOnce() -> T) -> (T, Vec<FilePath>) {
        let outer =
            TABLE.with(|t| t.replace(Some(Table::Writing(FxHashMap::default(), Vec::new(), None))));
        let value = write();
        let table = TABLE.with(|t| t.replace(outer));
        let files = match table {
            Some(Table::Writing(_, files, _)) => files,
            _ => Vec::new(),
        };
        (value, files)
    }

    /// Runs `read` with spans read as indexes into `files`.
    pub fn with_table_read<T>(files: Vec<FilePath>, read: impl FnOnce() -> T) -> T {
        let outer = TABLE.with(|t| t.replace(Some(Table::Reading(files))));
        let value = read();
        TABLE.with(|t| t.replace(outer));
        value
    }

    pub fn serialize<S: Serializer>(file: &FilePath, s: S) -> Result<S::Ok, S::Error> {
        let index = TABLE.with(|t| match &mut *t.borrow_mut() {
            Some(Table::Writing(indexes, files, last)) => match last {
                Some((named, index)) if Arc::ptr_eq(named, file) => Some(*index),
                _ => {
                    let index = *indexes.entry(file.clone()).or_insert_with(|| {
                        files.push(file.clone());
                        (files.len() - 1) as u32
                    });
                    *last = Some((file.clone(), index));
                    Some(index)
                }
            },
            _ => None,
        });
        match index {
            Some(index) => s.serialize_u32(index),
            None => s.serialize_str(file),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<FilePath, D::Error> {
        let reading = TABLE.with(|t| matches!(&*t.borrow(), Some(Table::Reading(_))));
        if !reading {
            return String::deserialize(d).map(FilePath::from);
        }
        let index = u32::deserialize(d)? as usize;
        TABLE
            .with(|t| match &*t.borrow() {
                Some(Table::Reading(files)) => files.get(index).cloned(),
                _ => None,
            })
            .ok_or_else(|| serde::de::Error::custom("a span names a file the table does not have"))
    }
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
    fn columns_on_long_lines_agree_with_counting() {
        // Lines longer than the mark stride, with characters of 1 to 4 bytes
        // straddling the marks, and short lines between them.
        let mut text = String::new();
        for i in 0..3000 {
            text.push_str(["a", "é", "ĳ€", "𝄞", "\n", "bc"][i % 6]);
            if i % 1000 == 999 {
                text.push_str(&"x€".repeat(2500));
                text.push('\n');
            }
        }
        let index = LineIndex::new(&text);
        let plain = |offset: usize| {
            let start = text[..offset].rfind('\n').map(|i| i + 1).unwrap_or(0);
            text[start..offset].chars().count() as u32 + 1
        };
        for (offset, _) in text.char_indices().step_by(7) {
            assert_eq!(
                index.position(&text, offset).column,
                plain(offset),
                "at {offset}"
            );
        }
    }

    #[test]
    fn spans_cover_whole_characters() {
        // Found by fuzzing: a Fluent error one byte into `ä` made a span that
        // the snippet renderer sliced inside the character, and panicked.
        let text = "Använd\n";
        let index = LineIndex::new(text);
        let span = index.span(&"x.ftl".into(), text, 3..4);
        assert_eq!(span.bytes, 3..5);
        assert_eq!((span.start.column, span.end.column), (4, 5));
        assert_eq!(
            index.span(&"x".into(), text, 4..99).byte_range(),
            3..text.len()
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
