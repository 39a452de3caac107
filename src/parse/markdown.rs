//! The one Markdown pass: a run of text -> blocks, from pulldown-cmark's event
//! stream with source offsets. Containers (lists, quotes, items) are built on a
//! stack; each leaf's events go to the inline pass. Top-level ordered lists
//! become procedures; block quotes become alerts and the other `[!…]` blocks.

use foldhash::{HashMap, HashMapExt};
use std::ops::Range;

use pulldown_cmark::{BlockQuoteKind, BrokenLink, CowStr, Event, Options, Parser, Tag, TagEnd};

use super::inline::{self, Ctx, Spanned};
use super::source_map::Mapped;
use crate::diagnostics::{Code, Diagnostic};
use crate::model::{AlertKind, AlertMark, Block, Div, Heading, Inline, List, Procedure, Step, Tab};

/// The Markdown options every page is parsed with.
pub fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_GFM
}

/// Reference definitions (`[label]: url "title"`) of the whole article, so a
/// reference resolves even when block directives split the text into runs.
pub type Definitions = HashMap<String, (String, String)>;

/// Collects `[label]: url` lines.
pub fn definitions(text: &str) -> Definitions {
    let mut defs = Definitions::new();
    let mut fences = super::fence::Fences::default();
    for line in text.lines() {
        // A definition is indented three spaces at most, and never in code.
        if fences.is_code(line) || line.starts_with("    ") || line.starts_with('\t') {
            continue;
        }
        let line = line.trim_start();
        let Some(rest) = line.strip_prefix('[') else {
            continue;
        };
        let Some((label, rest)) = rest.split_once("]:") else {
            continue;
        };
        if label.is_empty() || label.starts_with('!') || label.starts_with('^') {
            continue;
        }
        let mut parts = rest.trim().splitn(2, char::is_whitespace);
        let Some(url) = parts.next().filter(|u| !u.is_empty()) else {
            continue;
        };
        let title = parts
            .next()
            .unwrap_or("")
            .trim()
            .trim_matches(['"', '\'', '(', ')']);
        defs.insert(
            label.to_lowercase(),
            (url.trim_matches(['<', '>']).to_string(), title.to_string()),
        );
    }
    defs
}

/// What a `[!WORD …]` first line of a block quote asks for.
#[derive(Debug, Clone, PartialEq)]
enum QuoteMarker {
    Alert(AlertKind),
    Video(String),
    Div(String),
    Unknown(String),
}

enum Frame {
    Root(Vec<Block>),
    Quote {
        kind: Option<BlockQuoteKind>,
        blocks: Vec<Block>,
        /// The `[!WORD …]` marker and where it is written.
        marker: Option<(QuoteMarker, Range<usize>)>,
        /// Where the block quote starts.
        start: usize,
    },
    List {
        ordered: bool,
        start: Option<u64>,
        items: Vec<(Vec<Block>, Range<usize>)>,
        range: Range<usize>,
    },
    Item {
        blocks: Vec<Block>,
        range: Range<usize>,
    },
    Leaf {
        events: Vec<Spanned>,
        depth: usize,
        tight: bool,
        range: Range<usize>,
    },
}

/// Parses one run of Markdown into blocks.
pub fn parse_run(run: &Mapped, definitions: &Definitions, ctx: &mut Ctx) -> Vec<Block> {
    let mut callback = |link: BrokenLink<'_>| -> Option<(CowStr<'_>, CowStr<'_>)> {
        definitions
            .get(&link.reference.to_lowercase())
            .map(|(url, title)| (url.clone().into(), title.clone().into()))
    };
    let parser = Parser::new_with_broken_link_callback(&run.text, options(), Some(&mut callback));
    let mut builder = Builder {
        run,
        stack: vec![Frame::Root(Vec::new())],
        flattened: 0,
    };
    for (event, range) in parser.into_offset_iter() {
        builder.event(event.into_static(), range, ctx);
    }
    builder.finish(ctx)
}

/// How deep lists and block quotes may nest before they are flattened.
pub const MAX_NESTING: usize = 64;

struct Builder<'r> {
    run: &'r Mapped,
    stack: Vec<Frame>,
    /// Container starts beyond `MAX_NESTING` whose ends are still to come.
    flattened: usize,
}

impl Builder<'_> {
    fn event(&mut self, event: Event<'static>, range: Range<usize>, ctx: &mut Ctx) {
        if let Some(Frame::Leaf {
            events,
            depth,
            tight,
            ..
        }) = self.stack.last_mut()
        {
            let ends_tight_leaf = *tight
                && match &event {
                    Event::Start(tag) => is_block_tag(tag),
                    Event::End(TagEnd::Item) | Event::Rule => true,
                    _ => false,
                };
            if ends_tight_leaf {
                self.close_leaf(ctx);
            } else {
                let done = match &event {
                    Event::Start(_) => {
                        *depth += 1;
                        false
                    }
                    Event::End(_) if *depth == 0 => !*tight,
                    Event::End(_) => {
                        *depth -= 1;
                        false
                    }
                    _ => false,
                };
                events.push((event, range));
                if done {
                    self.close_leaf(ctx);
                }
                return;
            }
        }
        // Containers nested deeper than `MAX_NESTING` are flattened into the
        // one at that depth: their text stays, their structure goes. Every
        // stage after this one walks the tree recursively.
        let container = matches!(
            event,
            Event::Start(Tag::BlockQuote(_) | Tag::List(_) | Tag::Item)
        );
        if container && self.stack.len() >= MAX_NESTING {
            if self.flattened == 0 {
                ctx.diagnostics.push(
                    Diagnostic::at(
                        Code::NestingTooDeep,
                        self.run.span(ctx.files, range.start..range.start + 1),
                        format!("lists and block quotes nest more than {MAX_NESTING} levels deep here; the deeper levels are flattened"),
                    )
                    .with_help("no reader can follow structure this deep; nest less"),
                );
            }
            self.flattened += 1;
            return;
        }
        if self.flattened > 0
            && matches!(
                event,
                Event::End(TagEnd::BlockQuote(_) | TagEnd::List(_) | TagEnd::Item)
            )
        {
            self.flattened -= 1;
            return;
        }
        match event {
            Event::Start(Tag::BlockQuote(kind)) => self.stack.push(Frame::Quote {
                kind,
                blocks: Vec::new(),
                marker: None,
                start: range.start,
            }),
            Event::Start(Tag::List(start)) => self.stack.push(Frame::List {
                ordered: start.is_some(),
                start,
                items: Vec::new(),
                range,
            }),
            Event::Start(Tag::Item) => self.stack.push(Frame::Item {
                blocks: Vec::new(),
                range,
            }),
            Event::Start(ref tag) if is_block_tag(tag) => self.stack.push(Frame::Leaf {
                events: vec![(event, range.clone())],
                depth: 0,
                tight: false,
                range,
            }),
            Event::End(TagEnd::BlockQuote(_)) => self.close_quote(ctx),
            Event::End(TagEnd::List(_)) => self.close_list(ctx),
            Event::End(TagEnd::Item) => {
                if let Some(Frame::Item { blocks, range }) = self.stack.pop()
                    && let Some(Frame::List { items, .. }) = self.stack.last_mut()
                {
                    items.push((blocks, range));
                }
            }
            Event::Rule => self.push_block(Block::Rule),
            // Inline content directly in a list item: a tight list's paragraph.
            other => self.stack.push(Frame::Leaf {
                range: range.clone(),
                events: vec![(other, range)],
                depth: 0,
                tight: true,
            }),
        }
    }

    fn push_block(&mut self, block: Block) {
        self.push_blocks(vec![block]);
    }

    fn push_blocks(&mut self, new: Vec<Block>) {
        match self.stack.last_mut() {
            Some(
                Frame::Root(blocks) | Frame::Quote { blocks, .. } | Frame::Item { blocks, .. },
            ) => blocks.extend(new),
            // Blocks never land directly in a list or a leaf; keep them rather than lose them.
            Some(Frame::List { items, range, .. }) => items.push((new, range.clone())),
            Some(Frame::Leaf { .. }) | None => self.stack.push(Frame::Root(new)),
        }
    }

    /// Whether the frame on top sits inside a list or a block quote.
    fn nested(&self) -> bool {
        self.stack.iter().any(|f| {
            matches!(
                f,
                Frame::Quote { .. } | Frame::List { .. } | Frame::Item { .. }
            )
        })
    }

    fn close_leaf(&mut self, ctx: &mut Ctx) {
        let Some(Frame::Leaf {
            events,
            tight,
            range,
            ..
        }) = self.stack.pop()
        else {
            return;
        };
        // A tight paragraph's frame starts with its first event; it ends with its last.
        let range = range.start..events.iter().map(|(_, r)| r.end).max().unwrap_or(range.end);
        let first = events.first().map(|(e, _)| e.clone());
        // A block quote's first paragraph may start with a `[!VIDEO …]`-style marker.
        let mut skip_before = 0;
        if let (
            Some(Event::Start(Tag::Paragraph)),
            Some(Frame::Quote {
                kind: None,
                blocks,
                marker,
                ..
            }),
        ) = (&first, self.stack.last_mut())
            && blocks.is_empty()
            && marker.is_none()
            && let Some((m, end)) = quote_marker(&self.run.text, range.clone())
        {
            *marker = Some((m, range.start..end));
            skip_before = end;
        }
        let inlines = inline::inlines(events, self.run, ctx, range.end, skip_before);
        let blocks = match first {
            Some(Event::Start(Tag::Heading { level, .. })) => {
                vec![self.heading(level as u8, inlines, range, ctx)]
            }
            Some(Event::Start(Tag::Paragraph)) => {
                inline::paragraph_blocks(inlines.into_iter().map(|(i, _)| i).collect(), false, ctx)
            }
            _ if tight => {
                inline::paragraph_blocks(inlines.into_iter().map(|(i, _)| i).collect(), true, ctx)
            }
            Some(Event::Start(Tag::HtmlBlock)) => {
                html_block(inlines.into_iter().map(|(i, _)| i).collect())
            }
            _ => vec![Block::Leaf(inlines.into_iter().map(|(i, _)| i).collect())],
        };
        // A paragraph that held nothing but a stripped marker leaves nothing behind.
        let blocks: Vec<Block> = blocks
            .into_iter()
            .filter(|b| !matches!(b, Block::Leaf(l) if l.is_empty()))
            .collect();
        self.push_blocks(blocks);
    }

    fn heading(
        &self,
        level: u8,
        inlines: Vec<(Inline, Range<usize>)>,
        range: Range<usize>,
        ctx: &mut Ctx,
    ) -> Block {
        let mut content: Vec<Inline> = inlines
            .into_iter()
            .map(|(i, _)| i)
            .filter(|i| {
                !matches!(
                    i,
                    Inline::Event(
                        Event::Start(Tag::Heading { .. }) | Event::End(TagEnd::Heading(_))
                    )
                )
            })
            .collect();
        // `## <a name="x"></a>Title`: the anchor names the heading.
        let lead = content
            .iter()
            .position(|i| !matches!(i, Inline::Event(Event::Text(t)) if t.trim().is_empty()));
        let explicit = match lead.map(|i| (i, &content[i])) {
            Some((i, Inline::Anchor(id))) => {
                let id = id.clone();
                content.drain(..=i);
                Some(id)
            }
            _ => None,
        };
        let text = inline::plain_text(&content);
        let span = self.run.span(ctx.files, range);
        // `# [Label](#tab/id)`: the label of a tab, grouped with what follows later.
        if let Some(tab) = tab_anchor(&content, ctx) {
            let label: Vec<Inline> = content
                .into_iter()
                .filter(|i| !matches!(i, Inline::LinkStart(_) | Inline::LinkEnd))
                .collect();
            return Block::Tabs(vec![Tab {
                id: format!("tab/{tab}"),
                level,
                label_text: inline::plain_text(&label),
                label,
                blocks: Vec::new(),
            }]);
        }
        Block::Heading(Box::new(Heading {
            level,
            explicit_id: explicit.is_some(),
            id: explicit.unwrap_or_default(),
            content,
            text,
            span,
        }))
    }

    fn close_quote(&mut self, ctx: &mut Ctx) {
        let Some(Frame::Quote {
            kind,
            blocks,
            marker,
            start,
        }) = self.stack.pop()
        else {
            return;
        };
        let (marker, marker_range) = match marker {
            Some((m, r)) => (Some(m), r),
            None => (None, gfm_marker(&self.run.text, start)),
        };
        let mark = |kind: Option<AlertKind>, ctx: &mut Ctx| {
            let keyword = self.run.text[marker_range.clone()]
                .trim_start_matches("[!")
                .trim_end_matches(']')
                .to_string();
            ctx.alerts.push(AlertMark {
                kind,
                keyword,
                span: self.run.span(ctx.files, marker_range.clone()),
            });
        };
        let block = match (kind, marker) {
            (Some(kind), _) => {
                let kind = alert_kind(kind);
                mark(Some(kind), ctx);
                Block::Alert { kind, blocks }
            }
            (None, Some(QuoteMarker::Alert(kind))) => {
                mark(Some(kind), ctx);
                Block::Alert { kind, blocks }
            }
            (None, Some(QuoteMarker::Video(url))) => {
                let mut out = vec![Block::Video { url }];
                out.extend(blocks);
                self.push_blocks(out);
                return;
            }
            (None, Some(QuoteMarker::Div(class))) => Block::Div(Box::new(Div { class, blocks })),
            // A keyword that is no alert kind (often a translated one): shown
            // as a note, and reported by `check`, which can find the right kind.
            (None, Some(QuoteMarker::Unknown(_))) => {
                mark(None, ctx);
                Block::Alert {
                    kind: AlertKind::Note,
                    blocks,
                }
            }
            (None, None) => Block::Quote(blocks),
        };
        self.push_block(block);
    }

    fn close_list(&mut self, ctx: &mut Ctx) {
        let Some(Frame::List {
            ordered,
            start,
            items,
            range,
        }) = self.stack.pop()
        else {
            return;
        };
        if ordered && !self.nested() {
            let steps = items
                .into_iter()
                .enumerate()
                .map(|(i, (blocks, item_range))| {
                    let number = source_number(&self.run.text, item_range.start);
                    // The span is the number as written (`3` of `3.`, `02` of `02.`), for its fix.
                    let rest = &self.run.text[item_range.start..];
                    let start = item_range.start + (rest.len() - rest.trim_start().len());
                    let digits = self.run.text[start..]
                        .bytes()
                        .take_while(u8::is_ascii_digit)
                        .count()
                        .max(1);
                    Step {
                        position: i + 1,
                        id: String::new(),
                        source_number: number,
                        text: crate::model::Text::default(),
                        images: Vec::new(),
                        span: self.run.span(ctx.files, start..start + digits),
                        blocks,
                    }
                })
                .collect();
            self.push_block(Block::Procedure(Box::new(Procedure {
                id: String::new(),
                element_id: None,
                title: String::new(),
                steps,
                span: self.run.span(ctx.files, range.start..range.start + 1),
            })));
        } else {
            self.push_block(Block::List(Box::new(List {
                ordered,
                start,
                items: items.into_iter().map(|(blocks, _)| blocks).collect(),
            })));
        }
    }

    fn finish(mut self, ctx: &mut Ctx) -> Vec<Block> {
        // Close whatever is still open (only leaves can be, at the end of a stream).
        while self.stack.len() > 1 {
            match self.stack.last() {
                Some(Frame::Leaf { .. }) => self.close_leaf(ctx),
                Some(Frame::Quote { .. }) => self.close_quote(ctx),
                Some(Frame::List { .. }) => self.close_list(ctx),
                Some(Frame::Item { .. }) => self.event(Event::End(TagEnd::Item), 0..0, ctx),
                _ => {
                    let Some(Frame::Root(blocks)) = self.stack.pop() else {
                        break;
                    };
                    self.push_blocks(blocks);
                }
            }
        }
        match self.stack.pop() {
            Some(Frame::Root(blocks)) => blocks,
            _ => Vec::new(),
        }
    }
}

/// An HTML block without its comments (authors hide drafts in them); nothing
/// when only comments were in it.
fn html_block(inlines: Vec<Inline>) -> Vec<Block> {
    let mut html = String::new();
    for inline in &inlines {
        if let Inline::Event(Event::Html(h)) = inline {
            html.push_str(h);
        }
    }
    if !html.contains("<!--") {
        return vec![Block::Leaf(inlines)];
    }
    let kept = inline::strip_comments(&html);
    if kept.trim().is_empty() {
        return Vec::new();
    }
    vec![Block::Leaf(vec![
        Inline::Event(Event::Start(Tag::HtmlBlock)),
        Inline::Event(Event::Html(kept.into())),
        Inline::Event(Event::End(TagEnd::HtmlBlock)),
    ])]
}

fn is_block_tag(tag: &Tag) -> bool {
    matches!(
        tag,
        Tag::Paragraph
            | Tag::Heading { .. }
            | Tag::Table(_)
            | Tag::CodeBlock(_)
            | Tag::HtmlBlock
            | Tag::FootnoteDefinition(_)
            | Tag::MetadataBlock(_)
            | Tag::DefinitionList
            | Tag::BlockQuote(_)
            | Tag::List(_)
            | Tag::Item
    )
}

/// Where the `[!NOTE]` of a block quote starting at `start` is written, for
/// alerts pulldown-cmark recognised itself.
fn gfm_marker(text: &str, start: usize) -> Range<usize> {
    let line_end = text[start..]
        .find('\n')
        .map(|i| start + i)
        .unwrap_or(text.len());
    match text[start..line_end].find("[!") {
        Some(open) => {
            let from = start + open;
            let to = text[from..line_end]
                .find(']')
                .map(|i| from + i + 1)
                .unwrap_or(line_end);
            from..to
        }
        None => start..start,
    }
}

fn alert_kind(kind: BlockQuoteKind) -> AlertKind {
    match kind {
        BlockQuoteKind::Note => AlertKind::Note,
        BlockQuoteKind::Tip => AlertKind::Tip,
        BlockQuoteKind::Important => AlertKind::Important,
        BlockQuoteKind::Warning => AlertKind::Warning,
        BlockQuoteKind::Caution => AlertKind::Caution,
    }
}

/// The number written before a list item (`3` in `3. Text`).
fn source_number(text: &str, item_start: usize) -> Option<u64> {
    let rest = text.get(item_start..)?.trim_start();
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

/// A `[!WORD …]` marker at the start of a block quote's first paragraph: what
/// it asks for, and the offset where it ends.
fn quote_marker(text: &str, paragraph: Range<usize>) -> Option<(QuoteMarker, usize)> {
    let source = text.get(paragraph.clone())?;
    let rest = source.strip_prefix("[!")?;
    let line = rest.lines().next().unwrap_or("");
    let close = line.find(']')?;
    let inner = &line[..close];
    let (word, argument) = match inner.split_once(char::is_whitespace) {
        Some((w, a)) => (w, a.trim()),
        None => (inner, ""),
    };
    if word.is_empty() {
        return None;
    }
    let end = paragraph.start + 2 + close + 1;
    let marker = if let Some(kind) = AlertKind::from_keyword(word) {
        QuoteMarker::Alert(kind)
    } else if word.eq_ignore_ascii_case("video") {
        QuoteMarker::Video(argument.to_string())
    } else if word.eq_ignore_ascii_case("div") {
        let class = argument
            .strip_prefix("class=")
            .map(|c| c.trim_matches(['"', '\'']))
            .unwrap_or(argument);
        QuoteMarker::Div(class.to_string())
    } else {
        QuoteMarker::Unknown(word.to_string())
    };
    Some((marker, end))
}

/// The tab id when heading content is one link to `#tab/id`.
fn tab_anchor(content: &[Inline], ctx: &Ctx) -> Option<String> {
    let meaningful: Vec<&Inline> = content
        .iter()
        .filter(|i| !matches!(i, Inline::Event(Event::Text(t)) if t.trim().is_empty()))
        .collect();
    let Some(Inline::LinkStart(id)) = meaningful.first() else {
        return None;
    };
    if !matches!(meaningful.last(), Some(Inline::LinkEnd)) {
        return None;
    }
    let href = &ctx.links[id.0 as usize].href;
    let tab = href.strip_prefix("#tab/")?.trim_end_matches('/');
    (!tab.is_empty()).then(|| tab.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deep_nesting_is_flattened_with_a_diagnostic() {
        use crate::parse::source_map::{Files, SourceText};
        let text = format!("{}deep\n", "> ".repeat(20_000));
        let mut files = Files::default();
        let f = files.add(std::sync::Arc::new(SourceText::new(
            "a.md".into(),
            text.clone(),
        )));
        let mut run = Mapped::default();
        run.push_source(f, &text, 0..text.len());
        let mut diags = Vec::new();
        let mut ctx = Ctx {
            files: &files,
            links: Vec::new(),
            images: Vec::new(),
            alerts: Vec::new(),
            diagnostics: &mut diags,
        };
        let blocks = parse_run(&run, &Definitions::new(), &mut ctx);
        let mut depth = 0;
        let mut level: &[Block] = &blocks;
        while let Some(Block::Quote(inner)) = level.first() {
            depth += 1;
            level = inner;
        }
        assert_eq!(depth, MAX_NESTING - 1);
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].code, Code::NestingTooDeep);
    }

    #[test]
    fn markers() {
        let t = "[!VIDEO https://example.org/v]\nrest";
        assert_eq!(
            quote_marker(t, 0..t.len()),
            Some((QuoteMarker::Video("https://example.org/v".into()), 30))
        );
        let t = "[!div class=\"nextstepaction\"]\n[Next](x.md)";
        assert_eq!(
            quote_marker(t, 0..t.len()).unwrap().0,
            QuoteMarker::Div("nextstepaction".into())
        );
        let t = "[!Note] inline text";
        assert_eq!(
            quote_marker(t, 0..t.len()).unwrap().0,
            QuoteMarker::Alert(AlertKind::Note)
        );
        let t = "[!OPMERKING]";
        assert_eq!(
            quote_marker(t, 0..t.len()).unwrap().0,
            QuoteMarker::Unknown("OPMERKING".into())
        );
        assert_eq!(quote_marker("plain", 0..5), None);
    }

    #[test]
    fn definitions_in_code_are_code() {
        let defs = definitions(
            "```md\n[docs]: javascript:alert(1)\n```\n    [other]: https://example.org\n[real]: x.md\n",
        );
        assert_eq!(defs.keys().collect::<Vec<_>>(), ["real"]);
    }

    #[test]
    fn reference_definitions() {
        let defs =
            definitions("text\n[docs]: https://example.org \"Docs\"\n  [x]: <y.md>\n[!NOTE]: no\n");
        assert_eq!(
            defs["docs"],
            ("https://example.org".to_string(), "Docs".to_string())
        );
        assert_eq!(defs["x"].0, "y.md");
        assert!(!defs.contains_key("!note"));
    }

    #[test]
    fn source_numbers() {
        assert_eq!(source_number("3. x", 0), Some(3));
        assert_eq!(source_number("  12) x", 0), Some(12));
        assert_eq!(source_number("- x", 0), None);
    }
}
