//! The markup of the blocks whose HTML depends on nothing but themselves
//! (lists, quotes, columns, zones, `div`s, rules, free anchors). One place for
//! it, because two stages write it: parse, for the blocks it settles into
//! HTML once, and render, for the same blocks when they hold something only
//! the site can decide (a link, an image, a localized label).

use pulldown_cmark_escape::escape_html;

fn escaped(out: &mut String, value: &str) {
    let _ = escape_html(&mut *out, value);
}

/// `<ol>`, `<ol start="3">` or `<ul>`, and a newline.
pub fn list_open(out: &mut String, ordered: bool, start: Option<u64>) {
    match (ordered, start) {
        (true, Some(n)) if n != 1 => out.push_str(&format!("<ol start=\"{n}\">\n")),
        (true, _) => out.push_str("<ol>\n"),
        (false, _) => out.push_str("<ul>\n"),
    }
}

pub fn list_close(out: &mut String, ordered: bool) {
    out.push_str(if ordered { "</ol>\n" } else { "</ul>\n" });
}

pub const ITEM_OPEN: &str = "<li>";
pub const ITEM_CLOSE: &str = "</li>\n";
pub const QUOTE_OPEN: &str = "<blockquote>\n";
pub const QUOTE_CLOSE: &str = "</blockquote>\n";
pub const DIV_CLOSE: &str = "</div>\n";
pub const ROW_OPEN: &str = "<div class=\"row\">\n";
pub const RULE: &str = "<hr>\n";

/// Free anchors on a line of their own: empty link targets.
pub fn anchors(out: &mut String, ids: &[String]) {
    for id in ids {
        out.push_str("<span class=\"anchor\" id=\"");
        escaped(out, id);
        out.push_str("\"></span>\n");
    }
}

/// `:::zone` attributes as `data-` attributes, names reduced to what HTML allows.
pub fn zone_open(out: &mut String, attributes: &[(String, String)]) {
    out.push_str("<div class=\"zone\"");
    for (name, value) in attributes {
        let name: String = name
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
            .collect();
        if name.is_empty() {
            continue;
        }
        out.push_str(&format!(" data-{}=\"", name.to_ascii_lowercase()));
        escaped(out, value);
        out.push('"');
    }
    out.push_str(">\n");
}

/// A column of a `:::row:::`, with its span when it is a number.
pub fn column_open(out: &mut String, span_attr: Option<&str>) {
    out.push_str("<div class=\"column\"");
    if let Some(span) = span_attr.and_then(|s| s.trim().parse::<u8>().ok()) {
        out.push_str(&format!(" data-span=\"{span}\""));
    }
    out.push_str(">\n");
}

/// `> [!div class="…"]`, the class reduced to what a class may hold.
pub fn div_open(out: &mut String, class: &str) {
    let class: String = class
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_' || *c == ' ')
        .collect();
    out.push_str("<div class=\"");
    escaped(out, class.trim());
    out.push_str("\">\n");
}
