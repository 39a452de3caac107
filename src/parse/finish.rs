//! The last pass over an article's blocks: tab labels grouped with their
//! content, and every id on the page settled in document order (heading slugs,
//! procedure and step ids, tab ids), unique, with authors' ids kept as written.

use pulldown_cmark::{Event, Tag, TagEnd};

use super::inline::plain_text;
use super::slug::{Ids, slugify};
use crate::model::{
    Block, HeadingSummary, ImageId, Inline, Piece, Tab, Text, walk as for_each_block,
};

/// Groups tab labels (`Block::Tabs` with one empty tab, as the Markdown pass
/// leaves them) with the blocks that follow, up to a `---` rule, a heading as
/// important as the labels, or the end of the list of blocks.
pub fn group_tabs(blocks: Vec<Block>) -> Vec<Block> {
    let mut out = Vec::with_capacity(blocks.len());
    let mut group: Option<Vec<Tab>> = None;
    for block in blocks {
        match block {
            Block::Tabs(labels) => {
                let group = group.get_or_insert_with(Vec::new);
                group.extend(labels);
            }
            Block::Rule if group.is_some() => {
                out.extend(group.take().map(Block::Tabs));
            }
            Block::Heading(h)
                if group
                    .as_ref()
                    .and_then(|g| g.first())
                    .is_some_and(|t| h.level <= t.level) =>
            {
                out.extend(group.take().map(Block::Tabs));
                out.push(Block::Heading(h));
            }
            other => match group.as_mut().and_then(|g| g.last_mut()) {
                Some(tab) => tab.blocks.push(other),
                None => out.push(other),
            },
        }
    }
    out.extend(group.map(Block::Tabs));
    out
}

/// Element ids of the built-in templates, which generated ids must not take.
pub const TEMPLATE_IDS: &[&str] = &["main", "toc-title"];

/// What the pass learns about the page.
pub struct Summary {
    pub headings: Vec<HeadingSummary>,
    pub anchors: Vec<String>,
}

/// Settles ids and fills in procedure titles, step ids, step text and step images.
pub fn finish(blocks: &mut [Block]) -> Summary {
    let mut finisher = Finisher {
        ids: Ids::default(),
        procedure_ids: Ids::default(),
        heading: None,
        tab: None,
        headings: Vec::new(),
        anchors: Vec::new(),
    };
    // Ids the built-in templates use on every page.
    for id in TEMPLATE_IDS {
        finisher.ids.reserve(id);
    }
    reserve(blocks, &mut finisher.ids);
    finisher.blocks(blocks);
    Summary {
        headings: finisher.headings,
        anchors: finisher.anchors,
    }
}

/// The HTML of a free anchor inside a paragraph: an empty target, never a link.
pub fn anchor_html(id: &str) -> String {
    let mut html = String::from("<span class=\"anchor\" id=\"");
    let _ = pulldown_cmark_escape::escape_html(&mut html, id);
    html.push_str("\"></span>");
    html
}

/// Whether inline content holds HTML its author wrote.
pub fn has_raw_html(inlines: &[Inline]) -> bool {
    inlines
        .iter()
        .any(|i| matches!(i, Inline::Event(Event::Html(_) | Event::InlineHtml(_))))
}

/// Turns every leaf that holds nothing the rest of the site decides (no link,
/// no image) into the HTML it renders to, once ids and texts are settled;
/// then every list, quote, zone, row or `div` whose content all settled, and
/// joins neighbouring HTML into one string. The HTML is what the render stage
/// would write for the same blocks (`crate::html` holds the markup both use).
/// A site holds millions of blocks; a few strings per article cost far less.
pub fn settle(blocks: &mut Vec<Block>) {
    for block in blocks.iter_mut() {
        settle_block(block);
    }
    join_html(blocks);
}

fn settle_block(block: &mut Block) {
    if let Block::Heading(heading) = block {
        if let Some(Block::Html(html)) = block_leaf(&mut heading.content) {
            heading.content = vec![Inline::Html(html)];
        }
        return;
    }
    if let Block::Leaf(inlines) = block {
        settle_leaf(block_leaf(inlines), block);
        return;
    }
    for inner in block.children_mut() {
        settle(inner);
    }
    let mut html = String::new();
    let settled = match &*block {
        Block::Anchors(ids) => {
            crate::html::anchors(&mut html, ids);
            true
        }
        Block::Rule => {
            html.push_str(crate::html::RULE);
            true
        }
        Block::List(list) if list.items.iter().all(|i| settled(i)) => {
            crate::html::list_open(&mut html, list.ordered, list.start);
            for item in &list.items {
                html.push_str(crate::html::ITEM_OPEN);
                push_settled(&mut html, item);
                html.push_str(crate::html::ITEM_CLOSE);
            }
            crate::html::list_close(&mut html, list.ordered);
            true
        }
        Block::Quote(inner) if settled(inner) => {
            html.push_str(crate::html::QUOTE_OPEN);
            push_settled(&mut html, inner);
            html.push_str(crate::html::QUOTE_CLOSE);
            true
        }
        Block::Zone(zone) if settled(&zone.blocks) => {
            crate::html::zone_open(&mut html, &zone.attributes);
            push_settled(&mut html, &zone.blocks);
            html.push_str(crate::html::DIV_CLOSE);
            true
        }
        Block::Row(columns) if columns.iter().all(|c| settled(&c.blocks)) => {
            html.push_str(crate::html::ROW_OPEN);
            for column in columns {
                crate::html::column_open(&mut html, column.span_attr.as_deref());
                push_settled(&mut html, &column.blocks);
                html.push_str(crate::html::DIV_CLOSE);
            }
            html.push_str(crate::html::DIV_CLOSE);
            true
        }
        Block::Div(div) if settled(&div.blocks) => {
            crate::html::div_open(&mut html, &div.class);
            push_settled(&mut html, &div.blocks);
            html.push_str(crate::html::DIV_CLOSE);
            true
        }
        _ => false,
    };
    if settled {
        *block = Block::Html(Text::Own(html));
    }
}

/// Whether blocks are all settled HTML (or none).
fn settled(blocks: &[Block]) -> bool {
    blocks.iter().all(|b| matches!(b, Block::Html(_)))
}

fn push_settled(out: &mut String, blocks: &[Block]) {
    for block in blocks {
        if let Block::Html(Text::Own(html)) = block {
            out.push_str(html);
        }
    }
}

/// Joins each run of neighbouring HTML blocks into one.
fn join_html(blocks: &mut Vec<Block>) {
    let mut joined: Vec<Block> = Vec::with_capacity(blocks.len());
    for block in blocks.drain(..) {
        match (joined.last_mut(), block) {
            (Some(Block::Html(Text::Own(previous))), Block::Html(Text::Own(next))) => {
                previous.push_str(&next)
            }
            (_, block) => joined.push(block),
        }
    }
    *blocks = joined;
}

/// What a leaf settles to: its HTML, `RawHtml` when it holds raw HTML, or
/// nothing when it holds what only the site decides.
fn block_leaf(inlines: &mut Vec<Inline>) -> Option<Block> {
    let settled = inlines
        .iter()
        .all(|i| matches!(i, Inline::Event(_) | Inline::Anchor(_)));
    if !settled {
        return mixed(inlines);
    }
    let anchors: Vec<String> = inlines
        .iter()
        .map(|i| match i {
            Inline::Anchor(id) => anchor_html(id),
            _ => String::new(),
        })
        .collect();
    let mut events = Vec::with_capacity(inlines.len());
    for (inline, anchor) in inlines.iter().zip(&anchors) {
        match inline {
            Inline::Event(e) => scrollable(&mut events, e.clone()),
            _ => events.push(Event::InlineHtml(anchor.as_str().into())),
        }
    }
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    Some(if has_raw_html(inlines) {
        Block::RawHtml(Text::Own(html))
    } else {
        Block::Html(Text::Own(html))
    })
}

/// A leaf with links or images as HTML pieces around them, when its HTML can
/// be written in pieces: not when it holds raw HTML (sanitized as a whole at
/// render) or a table or footnote (whose HTML depends on what came before).
fn mixed(inlines: &mut Vec<Inline>) -> Option<Block> {
    let whole = |e: &Event| {
        matches!(
            e,
            Event::Html(_)
                | Event::InlineHtml(_)
                | Event::FootnoteReference(_)
                | Event::Start(Tag::Table(_) | Tag::FootnoteDefinition(_))
        )
    };
    if inlines
        .iter()
        .any(|i| matches!(i, Inline::Event(e) if whole(e)))
    {
        inlines.shrink_to_fit();
        return None;
    }
    let mut pieces = Vec::new();
    let mut events: Vec<Event> = Vec::new();
    let flush = |events: &mut Vec<Event>, pieces: &mut Vec<Piece>| {
        if !events.is_empty() {
            let mut html = String::new();
            pulldown_cmark::html::push_html(&mut html, events.drain(..));
            pieces.push(Piece::Html(Text::Own(html)));
        }
    };
    for inline in inlines.iter() {
        match inline {
            Inline::Event(e) => scrollable(&mut events, e.clone()),
            Inline::Anchor(id) => events.push(Event::InlineHtml(anchor_html(id).into())),
            // Only headings hold settled inline HTML, and only once settled.
            Inline::Html(html) => {
                events.push(Event::InlineHtml(html.as_str("").to_string().into()))
            }
            Inline::LinkStart(id) => {
                flush(&mut events, &mut pieces);
                pieces.push(Piece::LinkStart(*id));
            }
            Inline::LinkEnd => {
                flush(&mut events, &mut pieces);
                pieces.push(Piece::LinkEnd);
            }
            Inline::Image(id) => {
                flush(&mut events, &mut pieces);
                pieces.push(Piece::Image(*id));
            }
        }
    }
    flush(&mut events, &mut pieces);
    pieces.shrink_to_fit();
    Some(Block::Mixed(pieces))
}

fn settle_leaf(settled: Option<Block>, block: &mut Block) {
    if let Some(settled) = settled {
        *block = settled;
    }
}

/// Code blocks and tables scroll sideways when they are wider than the text;
/// a region that scrolls must be reachable with the keyboard, so code blocks
/// get `tabindex="0"` and tables a focusable wrapper (which scrolls in their
/// place). The rest of each event is left to pulldown-cmark's writer. Both
/// `settle_leaves` and the render stage write leaves through it.
pub fn scrollable<'a>(events: &mut Vec<Event<'a>>, event: Event<'a>) {
    use pulldown_cmark::CodeBlockKind;
    match event {
        Event::Start(Tag::CodeBlock(kind)) => {
            let mut html = String::from("\n<pre tabindex=\"0\"><code");
            if let CodeBlockKind::Fenced(info) = &kind
                && let Some(lang) = info.split(' ').next().filter(|l| !l.is_empty())
            {
                html.push_str(" class=\"language-");
                let _ = pulldown_cmark_escape::escape_html(&mut html, lang);
                html.push('"');
            }
            html.push('>');
            events.push(Event::Html(html.into()));
        }
        Event::End(TagEnd::CodeBlock) => events.push(Event::Html("</code></pre>\n".into())),
        Event::Start(Tag::Table(alignments)) => {
            events.push(Event::Html(
                "\n<div class=\"table-scroll\" tabindex=\"0\">\n".into(),
            ));
            events.push(Event::Start(Tag::Table(alignments)));
        }
        Event::End(TagEnd::Table) => {
            events.push(Event::End(TagEnd::Table));
            events.push(Event::Html("</div>\n".into()));
        }
        other => events.push(other),
    }
}

/// Marks the ids authors wrote (`<a name>` on headings, free anchors) as taken,
/// so generated ids never take them.
fn reserve(blocks: &[Block], ids: &mut Ids) {
    for_each_block(blocks, &mut |block| match block {
        Block::Heading(h) => {
            if h.explicit_id {
                ids.reserve(&h.id);
            }
            inline_anchors(&h.content).for_each(|a| ids.reserve(a));
        }
        Block::Anchors(list) => list.iter().for_each(|a| ids.reserve(a)),
        Block::Leaf(inlines) => inline_anchors(inlines).for_each(|a| ids.reserve(a)),
        _ => {}
    });
}

fn inline_anchors(inlines: &[Inline]) -> impl Iterator<Item = &str> {
    inlines.iter().filter_map(|i| match i {
        Inline::Anchor(a) => Some(a.as_str()),
        _ => None,
    })
}

struct Finisher {
    ids: Ids,
    procedure_ids: Ids,
    /// The id and text of the last heading passed.
    heading: Option<(String, String)>,
    /// The anchor of the tab being walked (`current-experience`).
    tab: Option<String>,
    headings: Vec<HeadingSummary>,
    anchors: Vec<String>,
}

impl Finisher {
    fn blocks(&mut self, blocks: &mut [Block]) {
        for block in blocks {
            self.block(block);
        }
    }

    fn block(&mut self, block: &mut Block) {
        match block {
            Block::Heading(h) => {
                if !h.explicit_id {
                    h.id = self.ids.unique(&slugify(&h.text));
                }
                self.anchors.push(h.id.clone());
                self.anchors
                    .extend(inline_anchors(&h.content).map(str::to_string));
                self.headings.push(HeadingSummary {
                    level: h.level,
                    id: h.id.clone(),
                    text: h.text.clone(),
                });
                self.heading = Some((h.id.clone(), h.text.clone()));
            }
            Block::Anchors(list) => self.anchors.extend(list.iter().cloned()),
            Block::Leaf(inlines) => self
                .anchors
                .extend(inline_anchors(inlines).map(str::to_string)),
            Block::Procedure(p) => {
                let (heading_id, title) = self
                    .heading
                    .clone()
                    .unwrap_or_else(|| ("procedure".to_string(), String::new()));
                let base = match &self.tab {
                    Some(tab) => format!("{heading_id}-{tab}"),
                    None => heading_id,
                };
                let id = self.procedure_ids.unique(&base);
                if !self.ids.contains(&id) {
                    self.ids.reserve(&id);
                    self.anchors.push(id.clone());
                    p.element_id = Some(id.clone());
                }
                p.title = title;
                for step in &mut p.steps {
                    step.id = self.ids.unique(&format!("{id}-step-{}", step.position));
                    self.anchors.push(step.id.clone());
                    step.text = Text::Own(blocks_text(&step.blocks));
                    step.images = figures(&step.blocks);
                    self.blocks(&mut step.blocks);
                }
                p.id = id;
            }
            Block::Tabs(tabs) => {
                for tab in tabs {
                    let anchor = tab.id.trim_start_matches("tab/").to_string();
                    tab.id = self.ids.unique(&tab.id);
                    self.anchors.push(tab.id.clone());
                    let outer = self.tab.replace(anchor);
                    self.blocks(&mut tab.blocks);
                    self.tab = outer;
                }
            }
            other => {
                for inner in other.children_mut() {
                    self.blocks(inner);
                }
            }
        }
    }
}

/// The plain text of blocks, paragraphs separated by spaces.
pub fn blocks_text(blocks: &[Block]) -> String {
    let mut parts = Vec::new();
    for_each_block(blocks, &mut |block| match block {
        Block::Leaf(inlines) => {
            // Code blocks and HTML keep their text; only prose counts here.
            let text = plain_text(
                inlines
                    .iter()
                    .filter(|i| !matches!(i, Inline::Event(Event::Html(_)))),
            );
            if !text.is_empty() {
                parts.push(text);
            }
        }
        Block::Heading(h) => parts.push(h.text.clone()),
        _ => {}
    });
    parts.join(" ")
}

/// The figures among `blocks`, in order.
fn figures(blocks: &[Block]) -> Vec<ImageId> {
    let mut out = Vec::new();
    for_each_block(blocks, &mut |block| {
        if let Block::Figure { image, .. } = block {
            out.push(*image);
        }
    });
    out
}
