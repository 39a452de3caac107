//! The `:::name key="value" …:::` syntax shared by `:::image`, `:::row:::`,
//! `::: moniker range="…"` and the other colon directives.

use std::ops::Range;

/// A colon directive as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ColonDirective {
    pub name: String,
    /// Attributes in source order: name, value, and the range of the whole `name="value"`.
    pub attributes: Vec<(String, String, Range<usize>)>,
    /// Offset just after the directive (after its closing `:::` when it has one).
    pub end: usize,
    /// Whether a closing `:::` was found.
    pub closed: bool,
}

impl ColonDirective {
    pub fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .rev()
            .find(|(n, _, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v, _)| v.as_str())
    }
}

/// Parses the directive that starts with `:::` at `start`, reading no further
/// than `limit`. Returns `None` when `:::` is not followed by a name.
pub fn parse(text: &str, start: usize, limit: usize) -> Option<ColonDirective> {
    let limit = limit.min(text.len());
    let b = text.as_bytes();
    if start >= limit || !text.is_char_boundary(start) || !text[start..limit].starts_with(":::") {
        return None;
    }
    let mut i = start + 3;
    while i < limit && b[i] == b' ' {
        i += 1;
    }
    let name_start = i;
    while i < limit && (b[i].is_ascii_alphanumeric() || b[i] == b'-' || b[i] == b'_') {
        i += 1;
    }
    if i == name_start || !b[name_start].is_ascii_alphabetic() {
        return None;
    }
    let name = text[name_start..i].to_ascii_lowercase();
    let mut attributes = Vec::new();
    loop {
        while i < limit && b[i].is_ascii_whitespace() {
            i += 1;
        }
        if i >= limit {
            return Some(ColonDirective {
                name,
                attributes,
                end: limit,
                closed: false,
            });
        }
        if b[i..limit].starts_with(b":::") {
            return Some(ColonDirective {
                name,
                attributes,
                end: i + 3,
                closed: true,
            });
        }
        let key_start = i;
        while i < limit
            && !b[i].is_ascii_whitespace()
            && b[i] != b'='
            && !b[i..limit].starts_with(b":::")
        {
            i += 1;
        }
        // Every stop above is an ASCII byte, so `i` is on a character boundary.
        let key = text[key_start..i].to_string();
        let mut value = String::new();
        if i < limit && b[i] == b'=' {
            i += 1;
            match b.get(i) {
                Some(&quote @ (b'"' | b'\'')) if i < limit => {
                    let value_start = i + 1;
                    match text[value_start..limit].find(quote as char) {
                        Some(len) => {
                            value = text[value_start..value_start + len].to_string();
                            i = value_start + len + 1;
                        }
                        None => {
                            // An unterminated quote swallows the rest: the directive is not closed.
                            return Some(ColonDirective {
                                name,
                                attributes,
                                end: limit,
                                closed: false,
                            });
                        }
                    }
                }
                _ => {
                    let value_start = i;
                    while i < limit
                        && !b[i].is_ascii_whitespace()
                        && !b[i..limit].starts_with(b":::")
                    {
                        i += 1;
                    }
                    value = text[value_start..i].to_string();
                }
            }
        }
        if !key.is_empty() {
            attributes.push((key, value, key_start..i));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn image_directive_with_attributes_in_any_order() {
        let text = r#":::image alt-text="Scherm *opname* [x]: waarin" type="content" source="./media/x.png" lightbox="./media/x.png" ::: rest"#;
        let d = parse(text, 0, text.len()).unwrap();
        assert_eq!(d.name, "image");
        assert!(d.closed);
        assert_eq!(&text[d.end..], " rest");
        assert_eq!(d.attribute("alt-text"), Some("Scherm *opname* [x]: waarin"));
        assert_eq!(d.attribute("source"), Some("./media/x.png"));
        assert_eq!(d.attribute("type"), Some("content"));
    }

    #[test]
    fn block_directives() {
        let d = parse("::: moniker range=\"contoso-gov\"", 0, 31).unwrap();
        assert_eq!(
            (d.name.as_str(), d.attribute("range"), d.closed),
            ("moniker", Some("contoso-gov"), false)
        );
        let d = parse(":::column span=\"2\":::", 0, 21).unwrap();
        assert_eq!(
            (d.name.as_str(), d.attribute("span"), d.closed),
            ("column", Some("2"), true)
        );
        let d = parse(":::row-end:::", 0, 13).unwrap();
        assert_eq!(d.name, "row-end");
        assert!(parse("::: ", 0, 4).is_none());
        assert!(parse(":::1", 0, 4).is_none());
    }

    #[test]
    fn non_ascii_in_keys_and_values_is_fine() {
        let text = ":::image type=\"content\" source=é.png lïghtbox=\"y\" alt-text=\"ö\":::";
        let d = parse(text, 0, text.len()).unwrap();
        assert!(d.closed);
        assert_eq!(d.attribute("source"), Some("é.png"));
        assert_eq!(d.attribute("lïghtbox"), Some("y"));
        assert_eq!(d.attribute("alt-text"), Some("ö"));
    }

    #[test]
    fn unterminated_directives_are_not_closed() {
        let text = ":::image source=\"x.png\" alt-text=\"no end";
        let d = parse(text, 0, text.len()).unwrap();
        assert!(!d.closed);
        let text = ":::image source=\"x.png\"";
        assert!(!parse(text, 0, text.len()).unwrap().closed);
    }
}
