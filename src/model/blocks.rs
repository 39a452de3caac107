//! An article's blocks, which the build cache keeps encoded until something
//! reads them.
//!
//! A rebuild after a one-article edit reads the parse result of every
//! article, but renders one page and checks a few: the blocks of all the
//! others (most of what a parse result holds) would be decoded for nothing.
//! Blocks read from the cache stay encoded (`Lazy`) until first read, with
//! the ids of their procedures beside them: assembling aligns step ids
//! across translations from those alone.

use std::ops::Deref;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::lazy::Lazy;
use super::{Block, Procedure, walk};

/// The ids of a procedure: its own, its step list element's (when not the
/// heading's), and its steps', in order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProcedureIds {
    pub id: String,
    pub element_id: Option<String>,
    pub steps: Vec<String>,
}

/// The blocks of a document: decoded, or still encoded as the cache wrote
/// them, with their procedures' ids beside them.
#[derive(Clone, Default)]
pub struct Blocks {
    blocks: Lazy<Vec<Block>>,
    /// The procedures' ids as the cache wrote them: read while the blocks
    /// are still encoded.
    procedures: Vec<ProcedureIds>,
}

impl Blocks {
    /// Changes the blocks (decoding them first when they are still encoded).
    pub fn modify(&mut self, change: impl FnOnce(&mut Vec<Block>)) {
        self.procedures = Vec::new();
        self.blocks.modify(change);
    }

    /// The ids of every procedure, in document order, wherever it is nested;
    /// read without decoding blocks that are still encoded.
    pub fn procedure_ids(&self) -> Vec<ProcedureIds> {
        if self.blocks.is_encoded() {
            return self.procedures.clone();
        }
        self.procedures()
            .into_iter()
            .map(|p| ProcedureIds {
                id: p.id.clone(),
                element_id: p.element_id.clone(),
                steps: p.steps.iter().map(|s| s.id.clone()).collect(),
            })
            .collect()
    }

    /// Every procedure, in document order, wherever it is nested.
    pub fn procedures(&self) -> Vec<&Procedure> {
        let mut out = Vec::new();
        walk(self, &mut |block| {
            if let Block::Procedure(p) = block {
                out.push(&**p);
            }
        });
        out
    }

    /// Whether the blocks are still the encoded bytes they were read as.
    #[cfg(test)]
    pub fn is_encoded(&self) -> bool {
        self.blocks.is_encoded()
    }
}

impl From<Vec<Block>> for Blocks {
    fn from(blocks: Vec<Block>) -> Blocks {
        Blocks {
            blocks: Lazy::from(blocks),
            procedures: Vec::new(),
        }
    }
}

impl Deref for Blocks {
    type Target = [Block];

    fn deref(&self) -> &[Block] {
        &self.blocks
    }
}

impl PartialEq for Blocks {
    fn eq(&self, other: &Blocks) -> bool {
        **self == **other
    }
}

impl std::fmt::Debug for Blocks {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl Serialize for Blocks {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        (self.procedure_ids(), &self.blocks).serialize(s)
    }
}

impl<'de> Deserialize<'de> for Blocks {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Blocks, D::Error> {
        let (procedures, blocks) = Deserialize::deserialize(d)?;
        Ok(Blocks { blocks, procedures })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::{FilePath, Span, file_table};
    use crate::model::{Procedure, Step, Text};

    fn procedure(id: &str, file: &FilePath) -> Block {
        Block::Procedure(Box::new(Procedure {
            id: id.to_string(),
            element_id: None,
            title: String::new(),
            steps: vec![Step {
                position: 1,
                id: format!("{id}-step-1"),
                source_number: Some(1),
                blocks: vec![Block::Html(Text::Own("<p>Klik.</p>".into()))],
                text: Text::Own("Klik.".into()),
                images: Vec::new(),
                span: Span::file_start(file.clone()),
            }],
            span: Span::file_start(file.clone()),
        }))
    }

    /// `blocks` written and read back inside a file table, as the cache does.
    fn round_trip(blocks: &Blocks) -> Blocks {
        let (bytes, files) = file_table::with_table_written(|| postcard::to_stdvec(blocks));
        let bytes = bytes.unwrap();
        file_table::with_table_read(files, || postcard::from_bytes::<Blocks>(&bytes)).unwrap()
    }

    #[test]
    fn blocks_read_back_stay_encoded_until_read() {
        let file: FilePath = "content/nl-NL/a.md".into();
        let include: FilePath = "content/nl-NL/includes/b.md".into();
        let original = Blocks::from(vec![
            Block::Html(Text::Own("<h2>Titel</h2>".into())),
            procedure("een", &file),
            procedure("twee", &include),
        ]);
        let read = round_trip(&original);
        assert!(read.is_encoded());
        // The procedures' ids come without decoding.
        let ids: Vec<String> = read.procedure_ids().into_iter().map(|p| p.id).collect();
        assert_eq!(ids, ["een", "twee"]);
        assert!(read.is_encoded());
        // Written again while still encoded, then read: the same blocks, spans
        // naming the same files.
        let again = round_trip(&read);
        assert_eq!(*again, *original);
        assert!(!again.is_encoded());
        let Block::Procedure(p) = &again[2] else {
            panic!("a procedure stays a procedure");
        };
        assert_eq!(p.span.file, include);
        assert_eq!(read.procedure_ids(), original.procedure_ids());
    }

    #[test]
    fn a_change_decodes_first_and_is_written_back() {
        let file: FilePath = "content/sv-SE/a.md".into();
        let mut read = round_trip(&Blocks::from(vec![procedure("een", &file)]));
        read.modify(|blocks| {
            if let Block::Procedure(p) = &mut blocks[0] {
                p.id = "ett".to_string();
            }
        });
        assert!(!read.is_encoded());
        assert_eq!(read.procedure_ids()[0].id, "ett");
        let again = round_trip(&read);
        assert_eq!(again.procedure_ids()[0].id, "ett", "read from the summary");
        let Block::Procedure(p) = &again[0] else {
            panic!("a procedure stays a procedure");
        };
        assert_eq!(p.id, "ett", "and from the blocks");
    }
}
