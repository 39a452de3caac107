//! An article's blocks -> its body HTML, with links resolved, images pointed at
//! their published files, and localized labels on alerts, steps and monikers.
//! Leaves go through pulldown-cmark's HTML writer; the typed blocks are written
//! here. The HTML of every step is kept for `index.json` and the JSON-LD.

use fluent_bundle::FluentValue;
use pulldown_cmark::{CowStr, Event, LinkType, Tag, TagEnd};
use pulldown_cmark_escape::{escape_href, escape_html};
use serde::Serialize;

use crate::assemble::{Resolved, Site};
use crate::diagnostics::FilePath;
use crate::html;
use crate::i18n::Translator;
use crate::model::{AlertKind, Article, Block, ImageId, Inline, LinkId, Locale, Piece, Procedure};
use crate::parse::scrollable;
use std::cell::RefCell;
use std::collections::BTreeSet;

/// A step as data, for `index.json` and the HowTo JSON-LD.
#[derive(Clone, Debug, Serialize)]
pub struct StepData {
    pub position: usize,
    pub id: String,
    pub text: String,
    pub html: String,
    pub images: Vec<ImageData>,
}

#[derive(Clone, Debug, Serialize)]
pub struct ImageData {
    pub src: String,
    pub alt: String,
    pub lightbox: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct ProcedureData {
    pub id: String,
    pub title: String,
    pub steps: Vec<StepData>,
}

/// The rendered body of an article.
pub struct Body {
    pub html: String,
    pub procedures: Vec<ProcedureData>,
    /// Images and files shown from the source locale because this locale lacks them.
    pub file_fallbacks: usize,
    /// Whether an image opens large (a `lightbox` link).
    pub lightbox: bool,
}

/// Renders an article's document.
/// `locale` is the tree the page is in; for a stand-in it differs from the
/// locale of the files the article was read from, and relative links and
/// images are resolved as if those files were in `locale`'s tree.
pub fn render_body(site: &Site, article: &Article, locale: &Locale, tr: &Translator) -> Body {
    let unpacked = article.document.packed.unpack();
    let mut writer = Writer {
        site,
        article,
        text: &unpacked,
        tr,
        tree: format!("content/{locale}/"),
        procedures: Vec::new(),
        file_fallbacks: RefCell::new(BTreeSet::new()),
        lightbox: false,
        images: RefCell::default(),
    };
    let mut html = String::with_capacity(4096);
    writer.blocks(&mut html, &article.document.blocks);
    Body {
        html,
        procedures: writer.procedures,
        file_fallbacks: writer.file_fallbacks.borrow().len(),
        lightbox: writer.lightbox,
    }
}

struct Writer<'a> {
    site: &'a Site,
    article: &'a Article,
    /// The article's unpacked text, which its blocks' and steps' text is in.
    text: &'a str,
    tr: &'a Translator,
    /// `content/<locale>/` of the tree the page is in.
    tree: String,
    procedures: Vec<ProcedureData>,
    /// The files shown from the source locale, each counted once per page.
    file_fallbacks: RefCell<BTreeSet<String>>,
    lightbox: bool,
    /// Each image's published URLs, resolved once (a step's figure is shown
    /// on the page and listed in the step's data).
    images: RefCell<std::collections::HashMap<ImageId, ImageData>>,
}

/// Escapes text or an attribute value into `out` (writing to a String cannot fail).
fn escaped(out: &mut String, value: &str) {
    let _ = escape_html(&mut *out, value);
}

impl Writer<'_> {
    /// Resolves `href` written in `file` as if the file were in the page's tree.
    fn resolve(&self, file: &FilePath, href: &str) -> Resolved {
        let moved: FilePath = match file.splitn(3, '/').nth(2) {
            Some(rest) if !file.starts_with(&self.tree) => format!("{}{rest}", self.tree).into(),
            _ => file.clone(),
        };
        let resolved = self.site.resolve(&moved, href);
        if let Resolved::File {
            fallback: true,
            path,
            ..
        } = &resolved
        {
            self.file_fallbacks.borrow_mut().insert(path.clone());
        }
        resolved
    }

    fn blocks(&mut self, out: &mut String, blocks: &[Block]) {
        for block in blocks {
            self.block(out, block);
        }
    }

    fn block(&mut self, out: &mut String, block: &Block) {
        match block {
            Block::Leaf(inlines) => self.inlines(out, inlines),
            Block::Html(html) => out.push_str(html.as_str(self.text)),
            Block::RawHtml(html) => self.raw(out, html.as_str(self.text)),
            Block::Mixed(pieces) => self.pieces(out, pieces),
            Block::Anchors(ids) => html::anchors(out, ids),
            Block::Heading(h) => {
                out.push_str(&format!("<h{} id=\"", h.level));
                escaped(out, &h.id);
                out.push_str("\">");
                self.inlines(out, &h.content);
                out.push_str(&format!("</h{}>\n", h.level));
            }
            Block::Figure { image, description } => self.figure(out, *image, description),
            Block::List(list) => {
                html::list_open(out, list.ordered, list.start);
                for item in &list.items {
                    out.push_str(html::ITEM_OPEN);
                    self.blocks(out, item);
                    out.push_str(html::ITEM_CLOSE);
                }
                html::list_close(out, list.ordered);
            }
            Block::Quote(inner) => {
                out.push_str(html::QUOTE_OPEN);
                self.blocks(out, inner);
                out.push_str(html::QUOTE_CLOSE);
            }
            Block::Alert { kind, blocks } => self.alert(out, *kind, blocks),
            Block::Procedure(p) => self.procedure(out, p),
            Block::Moniker { range, blocks } => {
                out.push_str("<div class=\"moniker\" data-moniker=\"");
                escaped(out, &range.value);
                out.push_str("\">\n<p class=\"moniker-label\">");
                escaped(
                    out,
                    &self.tr.message(
                        "applies-to",
                        &[("range", FluentValue::from(range.value.as_str()))],
                    ),
                );
                out.push_str("</p>\n");
                self.blocks(out, blocks);
                out.push_str("</div>\n");
            }
            Block::Zone(zone) => {
                html::zone_open(out, &zone.attributes);
                self.blocks(out, &zone.blocks);
                out.push_str(html::DIV_CLOSE);
            }
            Block::Tabs(tabs) => {
                out.push_str("<div class=\"tabs\">\n<ul class=\"tab-labels\">\n");
                for tab in tabs {
                    out.push_str("<li><a href=\"#");
                    let _ = escape_href(&mut *out, &tab.id);
                    out.push_str("\">");
                    self.inlines(out, &tab.label);
                    out.push_str("</a></li>\n");
                }
                out.push_str("</ul>\n");
                for tab in tabs {
                    out.push_str("<section class=\"tab\" id=\"");
                    escaped(out, &tab.id);
                    out.push_str("\">\n<p class=\"tab-title\">");
                    self.inlines(out, &tab.label);
                    out.push_str("</p>\n");
                    self.blocks(out, &tab.blocks);
                    out.push_str("</section>\n");
                }
                out.push_str("</div>\n");
            }
            Block::Row(columns) => {
                out.push_str(html::ROW_OPEN);
                for column in columns {
                    html::column_open(out, column.span_attr.as_deref());
                    self.blocks(out, &column.blocks);
                    out.push_str(html::DIV_CLOSE);
                }
                out.push_str(html::DIV_CLOSE);
            }
            Block::Video { url } => {
                // A link, not an embedded player: pages load nothing from other hosts.
                let resolved = self.resolve(&self.article.file, url);
                out.push_str("<p class=\"video\">");
                match self
                    .site
                    .url_of(&resolved)
                    .filter(|_| matches!(resolved, Resolved::External(_)))
                {
                    Some(href) => {
                        out.push_str("<a href=\"");
                        let _ = escape_href(&mut *out, &href);
                        out.push_str("\">");
                        escaped(out, &self.tr.text("video-link"));
                        out.push_str("</a>");
                    }
                    None => escaped(out, &self.tr.text("video-link")),
                }
                out.push_str("</p>\n");
            }
            Block::Div(div) => {
                html::div_open(out, &div.class);
                self.blocks(out, &div.blocks);
                out.push_str(html::DIV_CLOSE);
            }
            Block::Rule => out.push_str(html::RULE),
        }
    }

    fn alert(&mut self, out: &mut String, kind: AlertKind, blocks: &[Block]) {
        out.push_str(&format!(
            "<div class=\"alert {}\" role=\"note\">\n<p class=\"alert-title\">",
            kind.as_str()
        ));
        escaped(out, &self.tr.text(&format!("alert-{}", kind.as_str())));
        out.push_str("</p>\n");
        self.blocks(out, blocks);
        out.push_str("</div>\n");
    }

    /// A procedure: the step list, with what a reader works through it with.
    /// Each step has a checkbox to tick it off, and a button that copies the
    /// link to it; the buttons (and the one clearing the ticks) need the
    /// theme's script, which shows them. The controls are described by the
    /// step's label, so a screen reader says which step they belong to.
    /// `data-pagefind-title` offers each step to the search index as a place
    /// a result can link to (`search` leaves the labels and controls out).
    fn procedure(&mut self, out: &mut String, p: &Procedure) {
        let total = p.steps.len();
        out.push_str("<div class=\"procedure-meta\">\n<p>");
        escaped(
            out,
            &self
                .tr
                .message("procedure-steps", &[("count", FluentValue::from(total))]),
        );
        out.push_str("</p>\n<button type=\"button\" class=\"steps-clear\" data-cleared=\"");
        escaped(out, &self.tr.text("steps-cleared"));
        out.push_str("\" hidden>");
        escaped(out, &self.tr.text("steps-clear"));
        out.push_str("</button>\n</div>\n<ol class=\"steps\"");
        if let Some(id) = &p.element_id {
            out.push_str(" id=\"");
            escaped(out, id);
            out.push('"');
        }
        out.push_str(">\n");
        let mut steps = Vec::with_capacity(total);
        for step in &p.steps {
            let label = self.tr.message(
                "step-label",
                &[
                    ("position", FluentValue::from(step.position)),
                    ("total", FluentValue::from(total)),
                ],
            );
            let id = |out: &mut String, suffix: &str| {
                escaped(out, &step.id);
                out.push_str(suffix);
            };
            out.push_str("<li class=\"step\" id=\"");
            id(out, "\" data-pagefind-title=\"");
            escaped(out, &label);
            out.push_str("\">\n<div class=\"step-head\">\n<p class=\"step-label\" id=\"");
            id(out, "-label\"><a class=\"step-link\" href=\"#");
            let _ = escape_href(&mut *out, &step.id);
            out.push_str("\">");
            escaped(out, &label);
            out.push_str(
                "</a></p>\n<button type=\"button\" class=\"step-copy\" aria-describedby=\"",
            );
            id(out, "-label\" data-copied=\"");
            escaped(out, &self.tr.text("step-link-copied"));
            out.push_str("\" hidden><span class=\"step-copy-text\">");
            escaped(out, &self.tr.text("step-copy-link"));
            out.push_str("</span></button>\n<span class=\"step-done\"><input type=\"checkbox\" class=\"step-check\" id=\"");
            id(out, "-done\" aria-describedby=\"");
            id(out, "-label\"><label for=\"");
            id(out, "-done\">");
            escaped(out, &self.tr.text("step-done"));
            out.push_str("</label></span>\n</div>\n<div class=\"step-body\">\n");
            let mut html = String::new();
            self.blocks(&mut html, &step.blocks);
            out.push_str(&html);
            out.push_str("</div>\n</li>\n");
            steps.push(StepData {
                position: step.position,
                id: step.id.clone(),
                text: step.text.as_str(self.text).to_string(),
                html,
                images: step.images.iter().map(|i| self.image_data(*i)).collect(),
            });
        }
        out.push_str("</ol>\n");
        self.procedures.push(ProcedureData {
            id: p.id.clone(),
            title: if p.title.is_empty() {
                self.article.title().to_string()
            } else {
                p.title.clone()
            },
            steps,
        });
    }

    /// The published URL of an image source written in the article.
    fn image_url(&self, src: &str, origin: &crate::diagnostics::FilePath) -> String {
        let resolved = self.resolve(origin, src);
        self.site
            .url_of(&resolved)
            .filter(|_| !matches!(resolved, Resolved::Unsafe))
            .unwrap_or_default()
    }

    fn image_data(&self, id: ImageId) -> ImageData {
        if let Some(data) = self.images.borrow().get(&id) {
            return data.clone();
        }
        let data = self.resolve_image(id);
        self.images.borrow_mut().insert(id, data.clone());
        data
    }

    fn resolve_image(&self, id: ImageId) -> ImageData {
        let image = self.article.document.image(id);
        ImageData {
            src: self.image_url(&image.src, &image.span.file),
            alt: image.alt.clone(),
            lightbox: image
                .lightbox
                .as_ref()
                .map(|l| self.image_url(l, &image.span.file)),
        }
    }

    fn figure(&mut self, out: &mut String, id: ImageId, description: &[Block]) {
        let data = self.image_data(id);
        out.push_str("<figure class=\"figure\">\n");
        if let Some(large) = &data.lightbox {
            self.lightbox = true;
            out.push_str("<a class=\"lightbox\" href=\"");
            let _ = escape_href(&mut *out, large);
            out.push_str("\" title=\"");
            escaped(out, &self.tr.text("image-full-size"));
            out.push_str("\">");
        }
        self.img(out, &data.src, &data.alt, None, "");
        if data.lightbox.is_some() {
            out.push_str("</a>");
        }
        out.push('\n');
        if !description.is_empty() {
            out.push_str("<details class=\"image-description\"><summary>");
            escaped(out, &self.tr.text("image-description"));
            out.push_str("</summary>\n");
            self.blocks(out, description);
            out.push_str("</details>\n");
        }
        out.push_str("</figure>\n");
    }

    fn img(&self, out: &mut String, src: &str, alt: &str, title: Option<&str>, class: &str) {
        out.push_str("<img src=\"");
        let _ = escape_href(&mut *out, src);
        out.push_str("\" alt=\"");
        escaped(out, alt);
        out.push('"');
        if let Some(title) = title {
            out.push_str(" title=\"");
            escaped(out, title);
            out.push('"');
        }
        if !class.is_empty() {
            out.push_str(&format!(" class=\"{class}\""));
        }
        out.push_str(" loading=\"lazy\" decoding=\"async\">");
    }

    /// Writes inlines through pulldown-cmark's HTML writer, with the typed
    /// parts turned back into events.
    /// HTML that holds what an author wrote as raw HTML: through the
    /// sanitizer, unless the site trusts its HTML.
    fn raw(&self, out: &mut String, html: &str) {
        if self.site.config.trusted_html {
            out.push_str(html);
        } else {
            out.push_str(&crate::sanitize::clean(html));
        }
    }

    /// Inline content as HTML; sanitized as a whole when it holds raw HTML.
    fn inlines(&self, out: &mut String, inlines: &[Inline]) {
        if crate::parse::has_raw_html(inlines) && !self.site.config.trusted_html {
            let mut html = String::new();
            self.inline_html(&mut html, inlines);
            out.push_str(&crate::sanitize::clean(&html));
        } else {
            self.inline_html(out, inlines);
        }
    }

    fn inline_html(&self, out: &mut String, inlines: &[Inline]) {
        let parts = inlines.iter().map(|inline| match inline {
            Inline::Event(event) => Part::Event(borrow(event)),
            Inline::LinkStart(id) => Part::LinkStart(*id),
            Inline::LinkEnd => Part::LinkEnd,
            Inline::Image(id) => Part::Image(*id),
            Inline::Anchor(id) => {
                Part::Event(Event::InlineHtml(crate::parse::anchor_html(id).into()))
            }
            Inline::Html(html) => {
                Part::Event(Event::InlineHtml(CowStr::Borrowed(html.as_str(self.text))))
            }
        });
        self.parts(out, parts.collect());
    }

    /// A paragraph kept in pieces: the HTML between links and images goes
    /// through the writer as it is (raw HTML events are written unchanged).
    fn pieces(&self, out: &mut String, pieces: &[Piece]) {
        let parts = pieces.iter().map(|piece| match piece {
            Piece::Html(html) => {
                Part::Event(Event::InlineHtml(CowStr::Borrowed(html.as_str(self.text))))
            }
            Piece::LinkStart(id) => Part::LinkStart(*id),
            Piece::LinkEnd => Part::LinkEnd,
            Piece::Image(id) => Part::Image(*id),
        });
        self.parts(out, parts.collect());
    }

    /// Writes inline content through pulldown-cmark's HTML writer, with the
    /// links resolved and the images pointed at their published files.
    fn parts(&self, out: &mut String, parts: Vec<Part>) {
        let doc = &self.article.document;
        let mut open_links: Vec<bool> = Vec::new();
        let mut events: Vec<Event> = Vec::with_capacity(parts.len());
        let empty_link = |i: usize| matches!(parts.get(i + 1), Some(Part::LinkEnd));
        for (i, part) in parts.iter().enumerate() {
            match part {
                Part::Event(event) => scrollable(&mut events, event.clone()),
                Part::LinkStart(id) => {
                    let link = doc.link(*id);
                    let resolved = self.resolve(&link.span.file, &link.href);
                    let url = self.site.url_of(&resolved);
                    open_links.push(url.is_some());
                    if let Some(url) = url {
                        events.push(Event::Start(Tag::Link {
                            link_type: LinkType::Inline,
                            dest_url: url.into(),
                            title: link.title.as_str().into(),
                            id: CowStr::Borrowed(""),
                        }));
                        // `[](other.md)`: the target's title stands in for the missing text.
                        if empty_link(i)
                            && let Resolved::Article { id, .. } = resolved
                        {
                            events.push(Event::Text(
                                self.site.article(id).title().to_string().into(),
                            ));
                        }
                    }
                }
                Part::LinkEnd => {
                    if open_links.pop().unwrap_or(false) {
                        events.push(Event::End(TagEnd::Link));
                    }
                }
                Part::Image(id) => {
                    let image = doc.image(*id);
                    let mut html = String::new();
                    let src = self.image_url(&image.src, &image.span.file);
                    self.img(
                        &mut html,
                        &src,
                        &image.alt,
                        image.title.as_deref(),
                        "inline",
                    );
                    events.push(Event::InlineHtml(html.into()));
                }
            }
        }
        pulldown_cmark::html::push_html(out, events.into_iter());
    }
}

/// Inline content on its way to the HTML writer.
enum Part<'a> {
    Event(Event<'a>),
    LinkStart(LinkId),
    LinkEnd,
    Image(ImageId),
}

/// A borrowed copy of a stored event: the text of text-like events is not copied.
fn borrow<'a>(event: &'a Event<'static>) -> Event<'a> {
    match event {
        Event::Text(t) => Event::Text(CowStr::Borrowed(t)),
        Event::Code(t) => Event::Code(CowStr::Borrowed(t)),
        Event::Html(t) => Event::Html(CowStr::Borrowed(t)),
        Event::InlineHtml(t) => Event::InlineHtml(CowStr::Borrowed(t)),
        other => other.clone(),
    }
}
