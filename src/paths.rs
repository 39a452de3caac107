//! Small helpers for the relative paths and URLs written in articles: joining
//! them to the folder of the file they appear in, and telling what a link points at.

/// Joins `rel` to the `/`-separated folder `base` and removes `.` and `..`.
/// Returns `None` when the result would climb above the start of `base`, so a
/// path can never leave the tree it is resolved in.
pub fn join(base: &str, rel: &str) -> Option<String> {
    let mut parts: Vec<&str> = if rel.starts_with('/') {
        Vec::new()
    } else {
        base.split('/').filter(|p| !p.is_empty()).collect()
    };
    for part in rel.split(['/', '\\']) {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            part => parts.push(part),
        }
    }
    Some(parts.join("/"))
}

/// Whether `text` ends with `suffix`, ASCII letters in either case
/// (`.md`, `.MD`).
pub fn has_suffix_ignoring_case(text: &str, suffix: &str) -> bool {
    text.len() >= suffix.len()
        && text.as_bytes()[text.len() - suffix.len()..].eq_ignore_ascii_case(suffix.as_bytes())
}

/// The folder part of a `/`-separated path (`a/b` for `a/b/c.md`, `` for `c.md`).
pub fn parent(path: &str) -> &str {
    path.rsplit_once('/').map(|(dir, _)| dir).unwrap_or("")
}

/// Decodes `%20`-style escapes; invalid escapes are kept as written.
pub fn percent_decode(s: &str) -> String {
    if !s.contains('%') {
        return s.to_string();
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2]))
        {
            out.push(h * 16 + l);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_string())
}

fn hex(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// Percent-encodes what may not stand in a URL path as it is (space, `#`,
/// `?`, `%`, quotes, brackets …). Letters of any script are kept: browsers send
/// them UTF-8 encoded.
pub fn encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    push_encoded_path(&mut out, path);
    out
}

/// Appends `path` to `out`, percent-encoded as `encode_path` does. Runs of
/// bytes kept as they are are copied at once (a site's URLs are made for
/// every link of every navigation tree: tens of thousands a build).
pub fn push_encoded_path(out: &mut String, path: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut kept_from = 0;
    for (i, byte) in path.bytes().enumerate() {
        // Bytes of letters beyond ASCII are kept (they are never ASCII).
        if byte.is_ascii() && !kept_in_path(byte) {
            out.push_str(&path[kept_from..i]);
            out.push('%');
            out.push(char::from(HEX[usize::from(byte >> 4)]));
            out.push(char::from(HEX[usize::from(byte & 0xF)]));
            kept_from = i + 1;
        }
    }
    out.push_str(&path[kept_from..]);
}

/// Whether an ASCII byte stands in a URL path as it is.
fn kept_in_path(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=:@".contains(&byte)
}

/// What a URL written in an article points at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target<'a> {
    /// `#anchor` on the same page.
    Fragment(&'a str),
    /// A path relative to the file (`x.md#a`, `./media/x.png`, `../y/`).
    Relative {
        path: &'a str,
        query: &'a str,
        fragment: Option<&'a str>,
    },
    /// `/dynamics365/…`: absolute on the publishing host, outside this site.
    HostAbsolute(&'a str),
    /// `https://…`, `mailto:…` and other URLs with a scheme that is safe to link.
    External(&'a str),
    /// `javascript:`, `vbscript:`, `data:` and `file:` URLs, never made into links.
    Unsafe(&'a str),
}

/// Classifies `href` as written in an article.
pub fn classify(href: &str) -> Target<'_> {
    let href = href.trim();
    if let Some(fragment) = href.strip_prefix('#') {
        return Target::Fragment(fragment);
    }
    if let Some(scheme) = scheme(href) {
        let scheme = scheme.to_ascii_lowercase();
        return if matches!(scheme.as_str(), "javascript" | "vbscript" | "data" | "file") {
            Target::Unsafe(href)
        } else {
            Target::External(href)
        };
    }
    if href.starts_with("//") {
        return Target::External(href);
    }
    if href.starts_with('/') || href.starts_with('\\') {
        return Target::HostAbsolute(href);
    }
    let (rest, fragment) = match href.split_once('#') {
        Some((rest, fragment)) => (rest, Some(fragment)),
        None => (href, None),
    };
    let (path, query) = match rest.find('?') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, ""),
    };
    Target::Relative {
        path,
        query,
        fragment,
    }
}

/// The scheme of a URL (`https` in `https://…`), if it has one. Browsers ignore
/// ASCII whitespace and control characters inside a scheme, so they are skipped
/// here too (`java\tscript:` is `javascript:`).
fn scheme(href: &str) -> Option<String> {
    let colon = href.find(':')?;
    let candidate: String = href[..colon]
        .chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_ascii_control())
        .collect();
    let mut chars = candidate.chars();
    let first = chars.next()?;
    (first.is_ascii_alphabetic() && chars.all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c)))
        .then_some(candidate)
        // A single letter is a Windows drive (`C:\x`), not a scheme.
        .filter(|s| s.len() > 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_and_normalises() {
        assert_eq!(join("a/b", "../c.md").as_deref(), Some("a/c.md"));
        assert_eq!(
            join("a/b", "./media/x.png").as_deref(),
            Some("a/b/media/x.png")
        );
        assert_eq!(join("", "x.md").as_deref(), Some("x.md"));
        assert_eq!(join("a", "..\\..\\etc\\passwd"), None);
        assert_eq!(join("a", "../../x"), None);
        assert_eq!(join("a/b", "/top.md").as_deref(), Some("top.md"));
    }

    #[test]
    fn suffixes_in_either_case() {
        assert!(has_suffix_ignoring_case("a/b.md", ".md"));
        assert!(has_suffix_ignoring_case("a/B.MD", ".md"));
        assert!(has_suffix_ignoring_case(".md", ".md"));
        assert!(!has_suffix_ignoring_case("md", ".md"));
        assert!(!has_suffix_ignoring_case("a.mdx", ".md"));
        // A multi-byte character just before the suffix is no trouble.
        assert!(has_suffix_ignoring_case("é.md", ".md"));
        assert!(!has_suffix_ignoring_case("é", ".md"));
    }

    #[test]
    fn parent_folder() {
        assert_eq!(parent("a/b/c.md"), "a/b");
        assert_eq!(parent("c.md"), "");
    }

    #[test]
    fn path_encoding() {
        assert_eq!(encode_path("nl-NL/c#/my guide/"), "nl-NL/c%23/my%20guide/");
        assert_eq!(
            encode_path("sv-SE/åtgärder/x?.png"),
            "sv-SE/åtgärder/x%3F.png"
        );
        assert_eq!(encode_path("a/100%/b"), "a/100%25/b");
        // Every ASCII character, one at a time and between letters of
        // other scripts.
        for byte in 0u8..128 {
            let c = char::from(byte);
            let kept = c.is_ascii_alphanumeric() || "-._~/!$&'()*+,;=:@".contains(c);
            let expected = match kept {
                true => c.to_string(),
                false => format!("%{byte:02X}"),
            };
            assert_eq!(encode_path(&c.to_string()), expected, "{byte}");
            assert_eq!(
                encode_path(&format!("é{c}ö")),
                format!("é{expected}ö"),
                "{byte}"
            );
        }
        let mut url = String::from("/help/");
        push_encoded_path(&mut url, "nl-NL/a b/");
        assert_eq!(url, "/help/nl-NL/a%20b/");
    }

    #[test]
    fn percent_decoding() {
        assert_eq!(percent_decode("my%20file.md"), "my file.md");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%zz"), "%zz");
    }

    #[test]
    fn classification() {
        assert_eq!(classify("#top"), Target::Fragment("top"));
        assert_eq!(
            classify("../x.md?tabs=a#sec"),
            Target::Relative {
                path: "../x.md",
                query: "?tabs=a",
                fragment: Some("sec")
            }
        );
        assert_eq!(
            classify("/dynamics365/x"),
            Target::HostAbsolute("/dynamics365/x")
        );
        assert_eq!(classify("https://a.b"), Target::External("https://a.b"));
        assert_eq!(classify("mailto:a@b"), Target::External("mailto:a@b"));
        assert_eq!(
            classify(" JavaScript:alert(1)"),
            Target::Unsafe("JavaScript:alert(1)")
        );
        assert_eq!(
            classify("java\tscript:alert(1)"),
            Target::Unsafe("java\tscript:alert(1)")
        );
        assert_eq!(
            classify("data:text/html,x"),
            Target::Unsafe("data:text/html,x")
        );
        assert!(matches!(classify("C:\\x.md"), Target::Relative { .. }));
    }
}
