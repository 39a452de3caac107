//! The last pass of parsing: every buffer of the finished article trimmed to
//! its length. Strings written by pulldown-cmark's HTML writer and vectors
//! filled item by item keep up to twice the room they need, and a site keeps
//! every article it parsed for as long as it builds or serves: a third of the
//! memory of a parsed article was room nobody would use.
//!
//! The HTML of settled blocks and the plain text of steps, most of what an
//! article holds, are moved into the document's packed text.

use crate::model::{Block, Document, FrontMatter, Inline, PackedText, Piece, Procedure, Text};

pub fn front_matter(front_matter: &mut FrontMatter) {
    front_matter.entries.modify(|entries| {
        entries.shrink_to_fit();
        for entry in entries {
            entry.key.shrink_to_fit();
        }
    });
}

pub fn document(document: &mut Document) {
    let mut text = Arena(String::new());
    document.blocks.modify(|all| blocks(all, &mut text));
    document.packed = PackedText::pack(&text.0);
    document.headings.shrink_to_fit();
    for heading in &mut document.headings {
        heading.id.shrink_to_fit();
        heading.text.shrink_to_fit();
    }
    document.links.modify(|links| {
        links.shrink_to_fit();
        for link in links {
            link.href.shrink_to_fit();
            link.title.shrink_to_fit();
            link.text.shrink_to_fit();
        }
    });
    document.images.modify(|images| {
        images.shrink_to_fit();
        for image in images {
            image.src.shrink_to_fit();
            image.alt.shrink_to_fit();
        }
    });
    document.alerts.modify(|alerts| alerts.shrink_to_fit());
    document.anchors.shrink_to_fit();
    document.anchors.iter_mut().for_each(String::shrink_to_fit);
    document.includes.shrink_to_fit();
}

/// The unpacked text of a document, filled as its blocks are walked.
struct Arena(String);

impl Arena {
    /// Moves `text` into the arena.
    fn take(&mut self, text: &mut Text) {
        if let Text::Own(own) = text {
            let start = self.0.len() as u32;
            self.0.push_str(own);
            *text = Text::Packed {
                start,
                end: self.0.len() as u32,
            };
        }
    }
}

fn blocks(blocks: &mut Vec<Block>, text: &mut Arena) {
    blocks.shrink_to_fit();
    blocks.iter_mut().for_each(|b| block(b, text));
}

fn block(block: &mut Block, text: &mut Arena) {
    match block {
        Block::Leaf(inlines) => self::inlines(inlines, text),
        Block::Html(html) | Block::RawHtml(html) => text.take(html),
        Block::Mixed(pieces) => {
            pieces.shrink_to_fit();
            for piece in pieces {
                if let Piece::Html(html) = piece {
                    text.take(html);
                }
            }
        }
        Block::Anchors(ids) => {
            ids.shrink_to_fit();
            ids.iter_mut().for_each(String::shrink_to_fit);
        }
        Block::Heading(heading) => {
            inlines(&mut heading.content, text);
            heading.id.shrink_to_fit();
            heading.text.shrink_to_fit();
        }
        Block::List(list) => {
            list.items.shrink_to_fit();
            list.items.iter_mut().for_each(|item| blocks(item, text));
        }
        Block::Div(div) => blocks(&mut div.blocks, text),
        Block::Zone(zone) => {
            zone.attributes.shrink_to_fit();
            blocks(&mut zone.blocks, text);
        }
        Block::Quote(inner)
        | Block::Alert { blocks: inner, .. }
        | Block::Moniker { blocks: inner, .. }
        | Block::Figure {
            description: inner, ..
        } => blocks(inner, text),
        Block::Procedure(procedure) => self::procedure(procedure, text),
        Block::Tabs(tabs) => {
            tabs.shrink_to_fit();
            for tab in tabs {
                inlines(&mut tab.label, text);
                blocks(&mut tab.blocks, text);
            }
        }
        Block::Row(columns) => {
            columns.shrink_to_fit();
            for column in columns {
                blocks(&mut column.blocks, text);
            }
        }
        Block::Video { .. } | Block::Rule => {}
    }
}

fn procedure(procedure: &mut Procedure, text: &mut Arena) {
    procedure.steps.shrink_to_fit();
    for step in &mut procedure.steps {
        blocks(&mut step.blocks, text);
        text.take(&mut step.text);
        step.images.shrink_to_fit();
        step.id.shrink_to_fit();
    }
}

fn inlines(inlines: &mut Vec<Inline>, text: &mut Arena) {
    inlines.shrink_to_fit();
    for inline in inlines {
        if let Inline::Html(html) = inline {
            text.take(html);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::List;

    #[test]
    fn room_is_trimmed_and_text_packed() {
        let mut items = Vec::with_capacity(16);
        items.push(vec![
            Block::Html(Text::Own("<p>kort</p>\n".into())),
            Block::RawHtml(Text::Own("<kbd>Ctrl</kbd>".into())),
        ]);
        let mut document = Document {
            blocks: vec![
                Block::Html(Text::Own("<h2>Titel</h2>\n".into())),
                Block::List(Box::new(List {
                    ordered: false,
                    start: None,
                    items,
                })),
            ]
            .into(),
            ..Document::default()
        };
        self::document(&mut document);
        let unpacked = document.packed.unpack();
        assert_eq!(unpacked, "<h2>Titel</h2>\n<p>kort</p>\n<kbd>Ctrl</kbd>");
        let Block::List(list) = &document.blocks[1] else {
            panic!("a list stays a list");
        };
        assert_eq!(list.items.capacity(), 1);
        let (Block::Html(html), Block::RawHtml(raw)) = (&list.items[0][0], &list.items[0][1])
        else {
            panic!("HTML stays HTML");
        };
        assert!(matches!(html, Text::Packed { .. }));
        assert_eq!(html.as_str(&unpacked), "<p>kort</p>\n");
        assert_eq!(raw.as_str(&unpacked), "<kbd>Ctrl</kbd>");
        let Block::Html(title) = &document.blocks[0] else {
            panic!("HTML stays HTML");
        };
        assert_eq!(title.as_str(&unpacked), "<h2>Titel</h2>\n");
    }

    #[test]
    fn nothing_to_pack_packs_to_nothing() {
        assert!(PackedText::pack("").is_empty());
        assert_eq!(PackedText::default().unpack(), "");
        assert_eq!(PackedText::pack("één twee").unpack(), "één twee");
    }
}
