//! Raw HTML written in Markdown, made safe for a page. Help articles use raw
//! HTML for links that open a new tab, line breaks in table cells, `<sup>`,
//! `<kbd>` and the like; a page must never get a script, an event handler, a
//! style, or a `javascript:` URL from them. Two halves share one allowlist:
//!
//! - `clean` (render): ammonia rewrites a leaf's HTML to what the allowlist
//!   keeps. It parses HTML the way browsers do, so nothing slips through a
//!   trick of syntax.
//! - `dropped` (parse): what one raw HTML fragment holds that `clean` will
//!   drop, in words, for a diagnostic at its position.
//!
//! A site whose raw HTML is trusted sets `trusted_html = true` in
//! `stegvis.toml`; then its raw HTML is published as written.

use std::borrow::Cow;
use std::collections::HashSet;
use std::sync::LazyLock;

/// The elements raw HTML may use.
const TAGS: &[&str] = &[
    "a",
    "abbr",
    "b",
    "bdi",
    "bdo",
    "blockquote",
    "br",
    "caption",
    "center",
    "cite",
    "code",
    "col",
    "colgroup",
    "dd",
    "del",
    "details",
    "dfn",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "ins",
    "kbd",
    "li",
    "mark",
    "ol",
    "p",
    "pre",
    "q",
    "s",
    "samp",
    "small",
    "span",
    "strike",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "time",
    "tr",
    "tt",
    "u",
    "ul",
    "var",
    "wbr",
];

/// Attributes any allowed element may carry.
const GENERIC_ATTRIBUTES: &[&str] = &["class", "dir", "id", "lang", "title"];

/// Attributes particular elements may carry, besides the generic ones.
const TAG_ATTRIBUTES: &[(&str, &[&str])] = &[
    ("a", &["href", "hreflang", "name", "target"]),
    (
        "img",
        &["alt", "decoding", "height", "loading", "src", "width"],
    ),
    ("ol", &["reversed", "start", "type"]),
    ("td", &["align", "colspan", "rowspan", "style"]),
    ("th", &["align", "colspan", "rowspan", "scope", "style"]),
    ("col", &["span"]),
    ("colgroup", &["span"]),
    ("time", &["datetime"]),
    // The focusable wrappers stegvis itself puts around tables and code.
    ("div", &["tabindex"]),
    ("pre", &["tabindex"]),
];

/// URL schemes links and images may use (and relative URLs).
const SCHEMES: &[&str] = &["http", "https", "mailto", "tel", "data"];

/// Elements dropped with everything inside them, not only their tags.
const CONTENT_TAGS: &[&str] = &["script", "style"];

fn attributes_of(tag: &str) -> &'static [&'static str] {
    TAG_ATTRIBUTES
        .iter()
        .find(|(t, _)| *t == tag)
        .map(|(_, a)| *a)
        .unwrap_or(&[])
}

/// The decisions ammonia cannot express as lists: a style only as the table
/// alignment pulldown-cmark writes, a `data:` URL only as an image.
fn keep_value(element: &str, attribute: &str, value: &str) -> bool {
    match attribute {
        "style" => matches!(
            value.trim().trim_end_matches(';'),
            "text-align: left" | "text-align: center" | "text-align: right"
        ),
        "href" | "src" if is_data_url(value) => {
            element == "img" && attribute == "src" && value.trim()[5..].starts_with("image/")
        }
        _ => true,
    }
}

fn is_data_url(value: &str) -> bool {
    value
        .trim()
        .get(..5)
        .is_some_and(|s| s.eq_ignore_ascii_case("data:"))
}

static CLEANER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut builder = ammonia::Builder::default();
    builder
        .tags(TAGS.iter().copied().collect())
        .clean_content_tags(CONTENT_TAGS.iter().copied().collect())
        .generic_attributes(GENERIC_ATTRIBUTES.iter().copied().collect())
        .tag_attributes(
            TAG_ATTRIBUTES
                .iter()
                .map(|(t, a)| (*t, a.iter().copied().collect::<HashSet<_>>()))
                .collect(),
        )
        .url_schemes(SCHEMES.iter().copied().collect())
        // Browsers give `target="_blank"` links no opener anyway; adding
        // `rel` would also change the links stegvis writes in the same leaf.
        .link_rel(None)
        .attribute_filter(|element, attribute, value| {
            keep_value(element, attribute, value).then_some(Cow::Borrowed(value))
        });
    builder
});

/// `html` with everything the allowlist does not keep removed.
pub fn clean(html: &str) -> String {
    CLEANER.clean(html).to_string()
}

/// What `clean` will drop from one fragment of raw HTML (a tag or a block of
/// them), in words: "the `<script>` element", "the event handler `onclick`".
/// Empty when the fragment is safe as written.
pub fn dropped(fragment: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = fragment;
    while let Some(at) = rest.find('<') {
        rest = &rest[at + 1..];
        if rest.starts_with("!--") {
            rest = rest.find("-->").map(|end| &rest[end + 3..]).unwrap_or("");
            continue;
        }
        if rest.starts_with('/') || rest.starts_with('!') || rest.starts_with('?') {
            continue;
        }
        let name_len = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
            .unwrap_or(rest.len());
        if name_len == 0 {
            continue;
        }
        let tag = rest[..name_len].to_ascii_lowercase();
        let end = tag_end(rest);
        let inside = &rest[name_len..end];
        rest = &rest[end..];
        if !TAGS.contains(&tag.as_str()) {
            found.push(format!("the `<{tag}>` element"));
            continue;
        }
        for (name, value) in attributes(inside) {
            let allowed = GENERIC_ATTRIBUTES.contains(&name.as_str())
                || attributes_of(&tag).contains(&name.as_str());
            if name.starts_with("on") {
                found.push(format!("the event handler `{name}`"));
            } else if !allowed {
                found.push(format!("the `{name}` attribute of `<{tag}>`"));
            } else if !keep_value(&tag, &name, &value) {
                found.push(format!("`{name}=\"{}\"` on `<{tag}>`", shorten(&value)));
            } else if matches!(name.as_str(), "href" | "src") && bad_scheme(&value) {
                found.push(format!("the URL `{}`", shorten(&value)));
            }
        }
    }
    found.dedup();
    found
}

/// Where a start tag ends (after its `>`), minding quoted attribute values.
fn tag_end(rest: &str) -> usize {
    let mut quote = None;
    for (i, c) in rest.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (None, '"' | '\'') => quote = Some(c),
            (None, '>') => return i + 1,
            _ => {}
        }
    }
    rest.len()
}

/// (name, value) of each attribute in the inside of a start tag.
fn attributes(inside: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = inside.trim_end_matches('>').trim_end_matches('/');
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == '/');
        let name_len = rest
            .find(|c: char| c.is_whitespace() || c == '=' || c == '/' || c == '>')
            .unwrap_or(rest.len());
        if name_len == 0 {
            break;
        }
        let name = rest[..name_len].to_ascii_lowercase();
        rest = rest[name_len..].trim_start();
        let mut value = String::new();
        if let Some(after) = rest.strip_prefix('=') {
            let after = after.trim_start();
            let (v, next) = match after.chars().next() {
                Some(q @ ('"' | '\'')) => match after[1..].find(q) {
                    Some(end) => (&after[1..1 + end], &after[end + 2..]),
                    None => (&after[1..], ""),
                },
                _ => {
                    let end = after.find(char::is_whitespace).unwrap_or(after.len());
                    (&after[..end], &after[end..])
                }
            };
            value = v.to_string();
            rest = next;
        }
        out.push((name, value));
    }
    out
}

/// A URL with a scheme that is not allowed (`javascript:`, `vbscript:` …).
fn bad_scheme(url: &str) -> bool {
    // Browsers ignore control characters and spaces inside a scheme.
    let squeezed: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .take(16)
        .collect();
    match squeezed.split_once(':') {
        Some((scheme, _)) if !scheme.contains(['/', '?', '#']) => {
            !SCHEMES.contains(&scheme.to_ascii_lowercase().as_str())
        }
        _ => false,
    }
}

fn shorten(value: &str) -> String {
    let short: String = value.chars().take(40).collect();
    if short.len() < value.len() {
        format!("{short}…")
    } else {
        short
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_docs_use_is_kept() {
        let html = "<p>Zie <a href=\"https://example.org/x\" target=\"_blank\">Facturen</a><br>\nen <sup>1</sup> <kbd>Ctrl</kbd>.</p>";
        let cleaned = clean(html);
        assert!(
            cleaned.contains("<a href=\"https://example.org/x\" target=\"_blank\">Facturen</a>"),
            "{cleaned}"
        );
        assert!(
            cleaned.contains("<br>")
                && cleaned.contains("<sup>1</sup>")
                && cleaned.contains("<kbd>Ctrl</kbd>")
        );
        assert!(dropped(html).is_empty());
        let table = "<div class=\"table-scroll\" tabindex=\"0\"><table><thead><tr><th style=\"text-align: center\">A</th></tr></thead></table></div>";
        assert_eq!(clean(table), table);
        assert!(dropped(table).is_empty());
        let image = "<img src=\"data:image/png;base64,iVBORw0KGgo=\" alt=\"x\">";
        assert!(clean(image).contains("src=\"data:image/png"));
    }

    #[test]
    fn scripts_handlers_styles_and_bad_urls_go_and_are_named() {
        let cases = [
            ("<script>alert(1)</script>", "the `<script>` element", ""),
            (
                "<img src=\"x.png\" onerror=\"alert(1)\">",
                "the event handler `onerror`",
                "onerror",
            ),
            (
                "<p style=\"color:red\">x</p>",
                "the `style` attribute of `<p>`",
                "style",
            ),
            (
                "<a href=\"javascript:alert(1)\">x</a>",
                "the URL `javascript:alert(1)`",
                "javascript",
            ),
            (
                "<a href=\"java\tscript:alert(1)\">x</a>",
                "the URL `java\tscript:alert(1)`",
                "script:",
            ),
            (
                "<a href=\"vbscript:msgbox\">x</a>",
                "the URL `vbscript:msgbox`",
                "vbscript",
            ),
            (
                "<a href=\"data:text/html,<script>\">x</a>",
                "`href=\"data:text/html,<script>\"` on `<a>`",
                "data:",
            ),
            (
                "<iframe src=\"https://evil.example\"></iframe>",
                "the `<iframe>` element",
                "iframe",
            ),
            (
                "<td style=\"text-align: left; background: url(x)\">",
                "`style=\"text-align: left; background: url(x)\"` on `<td>`",
                "background",
            ),
        ];
        for (html, said, gone) in cases {
            assert!(
                dropped(html).iter().any(|d| d == said),
                "{html}: {:?}",
                dropped(html)
            );
            let cleaned = clean(html);
            assert!(
                gone.is_empty() || !cleaned.contains(gone),
                "{html} -> {cleaned}"
            );
            assert!(!cleaned.contains("alert"), "{html} -> {cleaned}");
        }
    }

    #[test]
    fn comments_closing_tags_and_text_are_not_problems() {
        assert!(dropped("<!-- <script> --> </div> 3 < 4 and <br/>").is_empty());
    }
}
