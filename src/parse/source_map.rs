//! Text assembled from pieces of several files (an article and the include
//! files pasted into it), with a map from every byte back to the file and
//! offset it came from. Positions are never thrown away: a diagnostic about text
//! that came from an include points into the include file.

use std::ops::Range;
use std::sync::Arc;

use crate::diagnostics::{FilePath, LineIndex, Span};

/// A source file as read: its site-relative path, text and line index.
#[derive(Debug)]
pub struct SourceText {
    pub file: FilePath,
    pub text: String,
    pub index: LineIndex,
}

impl SourceText {
    pub fn new(file: FilePath, text: String) -> SourceText {
        let index = LineIndex::new(&text);
        SourceText { file, text, index }
    }

    pub fn span(&self, range: Range<usize>) -> Span {
        self.index.span(&self.file, &self.text, range)
    }
}

/// The files one article's text came from; index 0 is the article.
#[derive(Debug, Default)]
pub struct Files {
    list: Vec<Arc<SourceText>>,
    index: std::collections::HashMap<FilePath, FileIx>,
}

/// Index into `Files`.
pub type FileIx = u32;

impl Files {
    pub fn add(&mut self, source: Arc<SourceText>) -> FileIx {
        if let Some(&i) = self.index.get(&source.file) {
            return i;
        }
        let ix = self.list.len() as FileIx;
        self.index.insert(source.file.clone(), ix);
        self.list.push(source);
        ix
    }

    pub fn get(&self, ix: FileIx) -> &SourceText {
        &self.list[ix as usize]
    }

    /// A shared handle on a file, to read it while adding others.
    pub fn shared(&self, ix: FileIx) -> Arc<SourceText> {
        self.list[ix as usize].clone()
    }
}

#[derive(Clone, Copy, Debug)]
struct Piece {
    /// Offset in the mapped text where this piece starts.
    at: usize,
    file: FileIx,
    /// Offset in that file.
    origin: usize,
    /// Text stegvis inserted (a list-item indent before an included line): every
    /// byte of it maps to `origin` rather than to text that is not in the file.
    synthetic: bool,
}

/// Text with a map back to its sources.
#[derive(Clone, Debug, Default)]
pub struct Mapped {
    pub text: String,
    pieces: Vec<Piece>,
}

impl Mapped {
    /// Appends `src[range]` from file `file`.
    pub fn push_source(&mut self, file: FileIx, src: &str, range: Range<usize>) {
        if range.is_empty() {
            return;
        }
        self.pieces.push(Piece {
            at: self.text.len(),
            file,
            origin: range.start,
            synthetic: false,
        });
        self.text.push_str(&src[range]);
    }

    /// Appends text that is in no file, located at `file`:`origin`.
    pub fn push_synthetic(&mut self, text: &str, file: FileIx, origin: usize) {
        if text.is_empty() {
            return;
        }
        self.pieces.push(Piece {
            at: self.text.len(),
            file,
            origin,
            synthetic: true,
        });
        self.text.push_str(text);
    }

    /// Appends `other.text[range]`, keeping its map.
    pub fn push_mapped(&mut self, other: &Mapped, range: Range<usize>) {
        if range.is_empty() {
            return;
        }
        let first = other.piece_index(range.start);
        for (i, piece) in other.pieces.iter().enumerate().skip(first) {
            if piece.at >= range.end {
                break;
            }
            let piece_end = other
                .pieces
                .get(i + 1)
                .map(|p| p.at)
                .unwrap_or(other.text.len());
            let start = piece.at.max(range.start);
            let end = piece_end.min(range.end);
            if start >= end {
                continue;
            }
            self.pieces.push(Piece {
                at: self.text.len(),
                file: piece.file,
                origin: if piece.synthetic {
                    piece.origin
                } else {
                    piece.origin + (start - piece.at)
                },
                synthetic: piece.synthetic,
            });
            self.text.push_str(&other.text[start..end]);
        }
    }

    fn piece_index(&self, offset: usize) -> usize {
        match self.pieces.binary_search_by(|p| p.at.cmp(&offset)) {
            Ok(i) => i,
            Err(0) => 0,
            Err(i) => i - 1,
        }
    }

    /// The file and offset that byte `offset` of the mapped text came from.
    pub fn locate(&self, offset: usize) -> (FileIx, usize) {
        let Some(piece) = self.pieces.get(self.piece_index(offset)) else {
            return (0, 0);
        };
        if piece.synthetic {
            (piece.file, piece.origin)
        } else {
            (piece.file, piece.origin + offset.saturating_sub(piece.at))
        }
    }

    /// The span in its source file of `range` of the mapped text. A range that
    /// crosses from one file into another is cut at the end of the first.
    pub fn span(&self, files: &Files, range: Range<usize>) -> Span {
        let (file, start) = self.locate(range.start);
        let end = if range.end > range.start {
            let (end_file, end) = self.locate(range.end - 1);
            if end_file == file { end + 1 } else { start }
        } else {
            start
        };
        let source = files.get(file);
        let end = crate::diagnostics::floor_char_boundary(
            &source.text,
            end.max(start).min(source.text.len()),
        );
        source.span(start.min(end)..end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_pieces_back_to_their_files() {
        let mut files = Files::default();
        let a = files.add(Arc::new(SourceText::new(
            "a.md".into(),
            "hello [!INCLUDE] world".into(),
        )));
        let b = files.add(Arc::new(SourceText::new(
            "b.md".into(),
            "---\nx: y\n---\nNAME".into(),
        )));
        let mut m = Mapped::default();
        m.push_source(a, &files.get(a).text.clone(), 0..6);
        m.push_source(b, &files.get(b).text.clone(), 13..17);
        m.push_synthetic("  ", a, 6);
        m.push_source(a, &files.get(a).text.clone(), 16..22);
        assert_eq!(m.text, "hello NAME   world");
        assert_eq!(m.locate(0), (a, 0));
        assert_eq!(m.locate(7), (b, 14));
        assert_eq!(m.locate(11), (a, 6));
        assert_eq!(m.locate(13), (a, 17));
        let span = m.span(&files, 6..10);
        assert_eq!(&*span.file, "b.md");
        assert_eq!(span.start.line, 4);
        assert_eq!(span.bytes, 13..17);

        let mut copy = Mapped::default();
        copy.push_mapped(&m, 8..14);
        assert_eq!(copy.text, "ME   w");
        assert_eq!(copy.locate(0), (b, 15));
        assert_eq!(copy.locate(3), (a, 6));
        assert_eq!(copy.locate(5), (a, 17));
    }
}
