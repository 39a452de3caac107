//! One leaf block's events -> typed inlines and blocks. Links and images are
//! registered with their positions; empty `<a name>` anchors become anchors;
//! `:::image` directives are read from the source text (pulldown-cmark sees them
//! as plain text); a screenshot on a line of its own becomes a figure.

use std::ops::Range;

use pulldown_cmark::{Event, LinkType, Tag, TagEnd};

use super::directive::{self, ColonDirective};
use super::source_map::{Files, Mapped};
use crate::diagnostics::{Code, Diagnostic};
use crate::model::{AlertMark, Block, Image, ImageId, ImageKind, Inline, Link, LinkId};

/// What the leaf pass collects for the whole article.
pub struct Ctx<'a> {
    pub files: &'a Files,
    pub links: Vec<Link>,
    pub images: Vec<Image>,
    pub alerts: Vec<AlertMark>,
    pub diagnostics: &'a mut Vec<Diagnostic>,
}

/// Tells what the sanitizer will drop from raw HTML written at `span`.
pub fn report_unsafe_html(html: &str, span: crate::diagnostics::Span, ctx: &mut Ctx) {
    let dropped = crate::sanitize::dropped(html);
    if dropped.is_empty() {
        return;
    }
    ctx.diagnostics.push(
        Diagnostic::at(
            Code::HtmlUnsafe,
            span,
            format!("raw HTML that is not published as written: {} will be removed", dropped.join(", ")),
        )
        .with_help("write it in Markdown, or keep to the HTML stegvis allows (see `stegvis explain SV0075`); a site whose HTML is trusted sets `trusted_html = true`"),
    );
}

/// A pulldown-cmark event with its range in the run's text.
pub type Spanned = (Event<'static>, Range<usize>);

/// Attributes `:::image` knows.
const IMAGE_ATTRIBUTES: &[&str] = &[
    "type",
    "source",
    "alt-text",
    "lightbox",
    "border",
    "loc-scope",
    "link",
];

impl Ctx<'_> {
    fn add_link(&mut self, link: Link) -> LinkId {
        self.links.push(link);
        LinkId(self.links.len() as u32 - 1)
    }

    fn add_image(&mut self, image: Image) -> ImageId {
        self.images.push(image);
        ImageId(self.images.len() as u32 - 1)
    }

    /// Registers the image of an `:::image` directive at `range` of `run`.
    /// Returns `None` (with a diagnostic) when it has no source.
    pub fn image_directive(
        &mut self,
        d: &ColonDirective,
        range: Range<usize>,
        run: &Mapped,
    ) -> Option<ImageId> {
        let span = run.span(self.files, range.clone());
        for (name, _, attr_range) in &d.attributes {
            if !IMAGE_ATTRIBUTES.contains(&name.to_ascii_lowercase().as_str()) {
                self.diagnostics.push(
                    Diagnostic::at(
                        Code::ImageDirectiveAttribute,
                        run.span(self.files, attr_range.clone()),
                        format!("`:::image` has no attribute `{name}`; it is ignored"),
                    )
                    .with_help(format!("known attributes: {}", IMAGE_ATTRIBUTES.join(", "))),
                );
            }
        }
        let kind = match d.attribute("type").map(str::to_ascii_lowercase).as_deref() {
            None | Some("content") => ImageKind::Content,
            Some("icon") => ImageKind::Icon,
            Some("complex") => ImageKind::Complex,
            Some(other) => {
                self.diagnostics.push(
                    Diagnostic::at(
                        Code::ImageDirectiveAttribute,
                        span.clone(),
                        format!("`:::image` type `{other}` is unknown; it is shown as `content`"),
                    )
                    .with_help("use type=\"content\", \"icon\" or \"complex\""),
                );
                ImageKind::Content
            }
        };
        let Some(src) = d
            .attribute("source")
            .map(str::trim)
            .filter(|s| !s.is_empty())
        else {
            self.diagnostics.push(
                Diagnostic::at(
                    Code::ImageDirectiveMalformed,
                    span,
                    "`:::image` has no `source`, so there is no image to show",
                )
                .with_help("add source=\"./media/file.png\""),
            );
            return None;
        };
        Some(
            self.add_image(Image {
                src: src.to_string(),
                alt: d.attribute("alt-text").unwrap_or("").to_string(),
                title: None,
                lightbox: d
                    .attribute("lightbox")
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(str::to_string),
                kind,
                directive: true,
                span,
            }),
        )
    }
}

/// Turns a leaf's events into inlines. Events that end at or before
/// `skip_before` are dropped (a block quote's `[!div …]` marker).
pub fn inlines(
    events: Vec<Spanned>,
    run: &Mapped,
    ctx: &mut Ctx,
    leaf_end: usize,
    skip_before: usize,
) -> Vec<(Inline, Range<usize>)> {
    let mut out: Vec<(Inline, Range<usize>)> = Vec::with_capacity(events.len());
    let mut links: Vec<(LinkId, String)> = Vec::new();
    let mut image: Option<(Tag<'static>, Range<usize>, String)> = None;
    let mut skip_until = skip_before;
    let mut skipped_depth = 0usize;
    let mut after_marker = skip_before > 0;
    // Text in a code block is code: no directive is read from it.
    let mut in_code = false;
    // Anchor tags (`<a name>`) whose `</a>` is still to come.
    let mut open_anchors = 0usize;

    for (event, range) in events {
        // Skip what a directive or marker consumed.
        if range.start < skip_until {
            if range.end <= skip_until {
                match &event {
                    Event::Start(_) => skipped_depth += 1,
                    Event::End(_) if skipped_depth > 0 => skipped_depth -= 1,
                    Event::End(_) => out.push((Inline::Event(event), range)),
                    _ => {}
                }
                continue;
            }
            if let Event::Text(_) = event {
                let rest = skip_until..range.end;
                skip_until = text_with_images(run, ctx, rest, leaf_end, &mut out, &mut links)
                    .unwrap_or(skip_until);
                continue;
            }
        }
        if skipped_depth > 0 && matches!(event, Event::End(_)) {
            skipped_depth -= 1;
            continue;
        }
        if after_marker {
            after_marker = false;
            if matches!(event, Event::SoftBreak | Event::HardBreak) {
                continue;
            }
        }
        // Inside a Markdown image, everything is its alt text.
        if let Some((_, _, alt)) = &mut image {
            match event {
                Event::End(TagEnd::Image) => {
                    let Some((
                        Tag::Image {
                            dest_url, title, ..
                        },
                        start,
                        alt,
                    )) = image.take()
                    else {
                        continue;
                    };
                    let span = run.span(ctx.files, start.start..range.end);
                    let id = ctx.add_image(Image {
                        src: dest_url.to_string(),
                        alt: alt.trim().to_string(),
                        title: (!title.is_empty()).then(|| title.to_string()),
                        lightbox: None,
                        kind: ImageKind::Icon,
                        directive: false,
                        span,
                    });
                    // An image inside a link names the link.
                    let alt = ctx.images[id.0 as usize].alt.clone();
                    add_text(&mut links, &alt);
                    out.push((Inline::Image(id), start.start..range.end));
                }
                Event::Text(t) | Event::Code(t) => alt.push_str(&t),
                Event::SoftBreak | Event::HardBreak => alt.push(' '),
                _ => {}
            }
            continue;
        }
        match event {
            Event::Start(Tag::CodeBlock(_)) => {
                in_code = true;
                out.push((Inline::Event(event), range));
            }
            Event::End(TagEnd::CodeBlock) => {
                in_code = false;
                out.push((Inline::Event(event), range));
            }
            Event::Text(text) => {
                let line_start = matches!(
                    out.last(),
                    None | Some((
                        Inline::Event(Event::SoftBreak | Event::HardBreak | Event::Start(_)),
                        _
                    ))
                );
                if !in_code
                    && line_start
                    && let Some(end) = nested_directive(run, ctx, range.start, leaf_end)
                {
                    // The break before the directive line goes with it.
                    if matches!(
                        out.last(),
                        Some((Inline::Event(Event::SoftBreak | Event::HardBreak), _))
                    ) {
                        out.pop();
                    }
                    skip_until = end;
                    continue;
                }
                if in_code || !run.text[range.clone()].contains(":::image") {
                    add_text(&mut links, &text);
                    out.push((Inline::Event(Event::Text(text)), range));
                    continue;
                }
                if let Some(end) = text_with_images(run, ctx, range, leaf_end, &mut out, &mut links)
                {
                    skip_until = end;
                }
            }
            Event::Code(ref code) => {
                add_text(&mut links, code);
                out.push((Inline::Event(event), range));
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                ..
            }) => {
                let href_span =
                    href_range(&run.text, range.clone(), &dest_url).map(|r| run.span(ctx.files, r));
                // `<name@example.org>` is written without its scheme.
                let href = match link_type {
                    LinkType::Email if !dest_url.starts_with("mailto:") => {
                        format!("mailto:{dest_url}")
                    }
                    _ => dest_url.to_string(),
                };
                let id = ctx.add_link(Link {
                    href,
                    title: title.to_string(),
                    text: String::new(),
                    span: run.span(ctx.files, range.clone()),
                    href_span,
                });
                links.push((id, String::new()));
                out.push((Inline::LinkStart(id), range));
            }
            Event::End(TagEnd::Link) => {
                if let Some((id, text)) = links.pop() {
                    ctx.links[id.0 as usize].text =
                        text.split_whitespace().collect::<Vec<_>>().join(" ");
                }
                out.push((Inline::LinkEnd, range));
            }
            Event::Start(tag @ Tag::Image { .. }) => image = Some((tag, range, String::new())),
            // A comment hides what it holds; it is not published.
            Event::InlineHtml(ref html)
                if html.trim_start().starts_with("<!--") && html.trim_end().ends_with("-->") => {}
            // `<a name="x">`…`</a>` without `href`: a link target, not a link.
            // What it wraps (often nothing, sometimes a space or a footnote
            // mark) stays; the tags go.
            Event::InlineHtml(ref html)
                if open_anchors > 0 && html.trim().eq_ignore_ascii_case("</a>") =>
            {
                open_anchors -= 1
            }
            Event::InlineHtml(ref html) => match empty_anchor(html) {
                Some((id, self_closing)) => {
                    if !self_closing {
                        open_anchors += 1;
                    }
                    out.push((Inline::Anchor(id), range));
                }
                None => {
                    // `[<img alt="Eaton">](…)`: the image's alt text names the link.
                    if let Some(alt) = raw_image_alt(html) {
                        add_text(&mut links, &alt);
                    }
                    report_unsafe_html(html, run.span(ctx.files, range.clone()), ctx);
                    out.push((Inline::Event(event), range))
                }
            },
            Event::SoftBreak | Event::HardBreak => {
                add_text(&mut links, " ");
                out.push((Inline::Event(event), range));
            }
            Event::Html(ref html) => {
                report_unsafe_html(html, run.span(ctx.files, range.clone()), ctx);
                out.push((Inline::Event(event), range));
            }
            other => out.push((Inline::Event(other), range)),
        }
    }
    out
}

/// The alt text of a raw `<img …>` tag.
fn raw_image_alt(html: &str) -> Option<String> {
    let inner = html
        .trim()
        .strip_prefix('<')?
        .trim_end_matches('>')
        .trim_end_matches('/');
    let rest = inner
        .strip_prefix("img")
        .or_else(|| inner.strip_prefix("IMG"))?;
    html_attributes(rest)?
        .into_iter()
        .find(|(name, _)| name.eq_ignore_ascii_case("alt"))
        .map(|(_, alt)| alt)
        .filter(|alt| !alt.trim().is_empty())
}

/// Where `href` is written in an inline link `[text](href "title")` at `range`.
fn href_range(text: &str, range: Range<usize>, href: &str) -> Option<Range<usize>> {
    let source = text.get(range.clone())?;
    if !source.ends_with(')') || href.is_empty() {
        return None;
    }
    let open = source.rfind("](")? + 2;
    let at = source[open..].find(href)? + open;
    Some(range.start + at..range.start + at + href.len())
}

/// Pushes the source text at `range`, with each `:::image …:::` in it turned
/// into an image. Returns where the last directive ends when it runs past
/// `range` (its attributes held emphasis or brackets, so pulldown-cmark split it).
fn text_with_images(
    run: &Mapped,
    ctx: &mut Ctx,
    range: Range<usize>,
    leaf_end: usize,
    out: &mut Vec<(Inline, Range<usize>)>,
    links: &mut [(LinkId, String)],
) -> Option<usize> {
    let mut push_text = |out: &mut Vec<(Inline, Range<usize>)>, r: Range<usize>| {
        if r.start < r.end {
            let text = &run.text[r.clone()];
            add_text(links, text);
            out.push((Inline::Event(Event::Text(text.to_string().into())), r));
        }
    };
    let mut pos = range.start;
    while let Some(k) = run.text[pos..range.end].find(":::image") {
        let start = pos + k;
        push_text(out, pos..start);
        match directive::parse(&run.text, start, leaf_end).filter(|d| d.closed) {
            Some(d) => {
                if let Some(id) = ctx.image_directive(&d, start..d.end, run) {
                    out.push((Inline::Image(id), start..d.end));
                }
                if d.end >= range.end {
                    return Some(d.end);
                }
                pos = d.end;
            }
            None => {
                ctx.diagnostics.push(
                    Diagnostic::at(
                        Code::ImageDirectiveMalformed,
                        run.span(ctx.files, start..start + ":::image".len()),
                        "`:::image` is not closed with `:::`, so it is shown as text",
                    )
                    .with_help("end the directive with `:::`, after its last attribute"),
                );
                pos = start + ":::image".len();
                push_text(out, start..pos);
            }
        }
    }
    push_text(out, pos..range.end);
    None
}

/// Block directives (`::: moniker`, `:::row:::` …) are read only outside lists
/// and block quotes. One inside a paragraph there is reported, and its line
/// left out (what it encloses is shown); returns where that line ends.
fn nested_directive(run: &Mapped, ctx: &mut Ctx, start: usize, leaf_end: usize) -> Option<usize> {
    let line_end = run.text[start..leaf_end.min(run.text.len())]
        .find('\n')
        .map(|i| start + i)
        .unwrap_or(leaf_end.min(run.text.len()));
    let d = directive::parse(&run.text, start, line_end)?;
    const BLOCK: &[&str] = &[
        "moniker",
        "moniker-end",
        "zone",
        "zone-end",
        "row",
        "row-end",
        "column",
        "column-end",
    ];
    if !BLOCK.contains(&d.name.as_str()) {
        return None;
    }
    ctx.diagnostics.push(
        Diagnostic::at(
            Code::DirectiveNested,
            run.span(ctx.files, start..line_end),
            format!(
                "`{}` inside a list or a block quote is not supported, so this line is left out",
                run.text[start..line_end].trim()
            ),
        )
        .with_help(
            "what it encloses is shown to every reader; move the block out of the list or quote",
        ),
    );
    Some(line_end)
}

fn add_text(links: &mut [(LinkId, String)], text: &str) {
    if let Some((_, buf)) = links.last_mut() {
        buf.push_str(text);
    }
}

/// `html` without its `<!-- … -->` comments (an unclosed one runs to the end).
pub fn strip_comments(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find("<!--") {
        out.push_str(&rest[..start]);
        match rest[start + 4..].find("-->") {
            Some(end) => rest = &rest[start + 4 + end + 3..],
            None => return out,
        }
    }
    out.push_str(rest);
    out
}

/// `<a name="x">`, `<a id="x">` or `<a name="x"/>` without an `href`: an anchor.
/// Returns the id and whether the tag closes itself.
pub fn empty_anchor(html: &str) -> Option<(String, bool)> {
    let html = html.trim();
    let inner = html.strip_prefix('<')?.strip_suffix('>')?;
    let (inner, self_closing) = match inner.strip_suffix('/') {
        Some(inner) => (inner, true),
        None => (inner, false),
    };
    let rest = inner.strip_prefix(['a', 'A'])?;
    if !rest.starts_with(char::is_whitespace) {
        return None;
    }
    let mut id = None;
    for (name, value) in html_attributes(rest)? {
        match name.to_ascii_lowercase().as_str() {
            "name" | "id" => id = Some(value),
            _ => return None,
        }
    }
    id.filter(|i| !i.trim().is_empty())
        .map(|i| (i.trim().to_string(), self_closing))
}

/// The `name="value"` pairs of an HTML tag's attribute text.
fn html_attributes(mut s: &str) -> Option<Vec<(String, String)>> {
    let mut out = Vec::new();
    loop {
        s = s.trim_start();
        if s.is_empty() {
            return Some(out);
        }
        let name_end = s
            .find(|c: char| c == '=' || c.is_whitespace())
            .unwrap_or(s.len());
        let name = &s[..name_end];
        s = s[name_end..].trim_start();
        let value = if let Some(rest) = s.strip_prefix('=') {
            let rest = rest.trim_start();
            let (value, rest) = match rest.chars().next() {
                Some(q @ ('"' | '\'')) => {
                    let end = rest[1..].find(q)? + 1;
                    (&rest[1..end], &rest[end + 1..])
                }
                _ => {
                    let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
                    (&rest[..end], &rest[end..])
                }
            };
            s = rest;
            value
        } else {
            ""
        };
        out.push((name.to_string(), value.to_string()));
    }
}

/// Plain text of inlines (for heading text, step text, link text).
pub fn plain_text<'a>(inlines: impl IntoIterator<Item = &'a Inline>) -> String {
    let mut text = String::new();
    for inline in inlines {
        match inline {
            Inline::Event(Event::Text(t) | Event::Code(t)) => text.push_str(t),
            Inline::Event(Event::SoftBreak | Event::HardBreak) => text.push(' '),
            _ => {}
        }
    }
    squeeze_spaces(&text)
}

/// Runs of whitespace as one space, none at either end.
fn squeeze_spaces(text: &str) -> String {
    if is_squeezed(text.as_bytes()) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Whether `squeeze_spaces` would give `bytes` back as they are, told by a
/// byte scan (most text has single spaces between words already): no space
/// at either end, no two in a row, no other ASCII whitespace, and no lead
/// byte of a character that Unicode counts as whitespace (U+0085, U+00A0,
/// U+1680, U+2000..U+205F, U+3000 start with C2, E1, E2 or E3).
fn is_squeezed(bytes: &[u8]) -> bool {
    if bytes.first() == Some(&b' ') || bytes.last() == Some(&b' ') {
        return false;
    }
    let mut previous_space = false;
    for &b in bytes {
        match b {
            b' ' if previous_space => return false,
            b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | 0xC2 | 0xE1 | 0xE2 | 0xE3 => return false,
            _ => {}
        }
        previous_space = b == b' ';
    }
    true
}

fn is_blank(inline: &Inline) -> bool {
    match inline {
        Inline::Event(Event::Text(t)) => t.trim().is_empty(),
        Inline::Event(Event::SoftBreak | Event::HardBreak) => true,
        _ => false,
    }
}

/// A paragraph's inlines -> blocks: figures lifted out of the text around them,
/// and a paragraph of nothing but anchors turned into an anchor block. `tight`
/// paragraphs (in tight list items) have no `<p>` of their own.
pub fn paragraph_blocks(inlines: Vec<Inline>, tight: bool, ctx: &mut Ctx) -> Vec<Block> {
    let inner: Vec<Inline> = if tight {
        inlines
    } else {
        // Drop the Start/End(Paragraph) events; they are added back per piece.
        inlines
            .into_iter()
            .filter(|i| {
                !matches!(
                    i,
                    Inline::Event(Event::Start(Tag::Paragraph) | Event::End(TagEnd::Paragraph))
                )
            })
            .collect()
    };
    if !inner.is_empty()
        && inner
            .iter()
            .all(|i| matches!(i, Inline::Anchor(_)) || is_blank(i))
    {
        let ids = inner
            .iter()
            .filter_map(|i| match i {
                Inline::Anchor(id) => Some(id.clone()),
                _ => None,
            })
            .collect();
        return vec![Block::Anchors(ids)];
    }
    let figure_at: Vec<bool> = (0..inner.len())
        .map(|i| is_figure(&inner, i, ctx))
        .collect();
    let mut blocks = Vec::new();
    let mut piece: Vec<Inline> = Vec::new();
    let flush = |piece: &mut Vec<Inline>, blocks: &mut Vec<Block>| {
        let start = piece.iter().position(|i| !is_blank(i));
        let end = piece.iter().rposition(|i| !is_blank(i));
        if let (Some(start), Some(end)) = (start, end) {
            let mut leaf = Vec::with_capacity(end - start + 3);
            if !tight {
                leaf.push(Inline::Event(Event::Start(Tag::Paragraph)));
            }
            leaf.extend(piece.drain(start..=end));
            if !tight {
                leaf.push(Inline::Event(Event::End(TagEnd::Paragraph)));
            }
            blocks.push(Block::Leaf(leaf));
        }
        piece.clear();
    };
    for (inline, figure) in inner.into_iter().zip(figure_at) {
        match inline {
            Inline::Image(id) if figure => {
                flush(&mut piece, &mut blocks);
                ctx.images[id.0 as usize].kind = match ctx.images[id.0 as usize].kind {
                    ImageKind::Icon => ImageKind::Content,
                    kind => kind,
                };
                blocks.push(Block::Figure {
                    image: id,
                    description: Vec::new(),
                });
            }
            other => piece.push(other),
        }
    }
    flush(&mut piece, &mut blocks);
    blocks
}

/// Whether the image at `i` is a figure: an `:::image` of type content or
/// complex, or a Markdown image alone on its line and not inside a link.
fn is_figure(inlines: &[Inline], i: usize, ctx: &Ctx) -> bool {
    let Inline::Image(id) = inlines[i] else {
        return false;
    };
    let image = &ctx.images[id.0 as usize];
    if image.directive {
        return image.kind != ImageKind::Icon;
    }
    let depth: i32 = inlines[..i]
        .iter()
        .map(|x| match x {
            Inline::LinkStart(_) => 1,
            Inline::LinkEnd => -1,
            _ => 0,
        })
        .sum();
    if depth > 0 {
        return false;
    }
    let is_boundary = |x: Option<&Inline>| {
        matches!(
            x,
            None | Some(Inline::Event(Event::SoftBreak | Event::HardBreak))
        )
    };
    let before = inlines[..i]
        .iter()
        .rev()
        .find(|x| !matches!(x, Inline::Event(Event::Text(t)) if t.trim().is_empty()));
    let after = inlines[i + 1..]
        .iter()
        .find(|x| !matches!(x, Inline::Event(Event::Text(t)) if t.trim().is_empty()));
    is_boundary(before) && is_boundary(after)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn squeezing_agrees_with_the_unicode_split_on_every_kind_of_space() {
        let slow = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ");
        let spaces = [
            " ", "  ", "\t", "\n", "\r\n", "\u{0B}", "\u{0C}", "\u{85}", "\u{A0}", "\u{1680}",
            "\u{2002}", "\u{200A}", "\u{2028}", "\u{2029}", "\u{202F}", "\u{205F}", "\u{3000}",
        ];
        let words = ["Klik", "på", "Gereed", "€5", "—", "x’y", "é"];
        for space in spaces {
            for (a, b) in words.iter().zip(words.iter().rev()) {
                for text in [
                    format!("{a}{space}{b}"),
                    format!("{space}{a} {b}"),
                    format!("{a} {b}{space}"),
                    format!("{a}{space}{space}{b}"),
                ] {
                    assert_eq!(squeeze_spaces(&text), slow(&text), "{text:?}");
                }
            }
        }
        for text in ["", "a", "Klik op Gereed.", "Välj ”SKÅ” – sedan OK", "a b c"] {
            assert_eq!(squeeze_spaces(text), slow(text), "{text:?}");
        }
    }

    #[test]
    fn comments_are_stripped() {
        assert_eq!(
            strip_comments("<!-- a -->\n<div>x</div><!--b\nc-->y"),
            "\n<div>x</div>y"
        );
        assert_eq!(strip_comments("<p>keep</p><!-- open"), "<p>keep</p>");
    }

    #[test]
    fn empty_anchors() {
        assert_eq!(
            empty_anchor("<a name=\"upgrade\">"),
            Some(("upgrade".into(), false))
        );
        assert_eq!(
            empty_anchor("<a id='student'/>"),
            Some(("student".into(), true))
        );
        assert_eq!(empty_anchor("<A NAME=x>"), Some(("x".into(), false)));
        assert_eq!(empty_anchor("<a href=\"x\" name=\"y\">"), None);
        assert_eq!(empty_anchor("<abbr title=\"x\">"), None);
        assert_eq!(empty_anchor("<a name=\"\">"), None);
    }
}
