//! Request paths -> files of the site. Only what the site publishes can be
//! served: a request names a key of the render index, never a path on disk,
//! so `..`, encoded dots, absolute paths and backslashes lead nowhere.

use percent_encoding::percent_decode_str;

/// What a request path asks for.
#[derive(Debug, PartialEq, Eq)]
pub enum Wanted {
    /// A file, by its path inside the output folder (`nl-NL/x/index.html`).
    File(String),
    /// A folder asked for without its `/`: redirect there.
    Redirect(String),
    /// A path that can never name a file of the site.
    Invalid,
}

/// Resolves `raw` (the request's path, still percent-encoded) against the
/// site's base path (`/` or `/help/`). `exists` tells which output paths exist.
pub fn resolve(raw: &str, base_path: &str, exists: impl Fn(&str) -> bool) -> Wanted {
    let Ok(decoded) = percent_decode_str(raw).decode_utf8() else {
        return Wanted::Invalid;
    };
    let Some(rest) = decoded.strip_prefix(base_path) else {
        // `/help` for a site at `/help/`.
        if format!("{decoded}/") == base_path {
            return Wanted::Redirect(base_path.to_string());
        }
        return Wanted::Invalid;
    };
    if rest.contains(['\\', '\0']) || rest.starts_with('/') {
        return Wanted::Invalid;
    }
    let segments: Vec<&str> = rest.split('/').collect();
    let last = segments.len() - 1;
    for (i, segment) in segments.iter().enumerate() {
        // Only the last segment may be empty: `folder/` asks for its index.
        if *segment == ".." || *segment == "." || segment.is_empty() && i != last {
            return Wanted::Invalid;
        }
    }
    if rest.is_empty() || rest.ends_with('/') {
        return Wanted::File(format!("{rest}index.html"));
    }
    if !exists(rest) && exists(&format!("{rest}/index.html")) {
        return Wanted::Redirect(format!("{base_path}{rest}/"));
    }
    Wanted::File(rest.to_string())
}

/// The content type of a file by its name.
pub fn content_type(path: &str) -> String {
    let mime = mime_guess::from_path(path).first_or_octet_stream();
    match mime.type_() {
        mime_guess::mime::TEXT => format!("{mime}; charset=utf-8"),
        _ if mime.subtype() == "json" || mime.subtype() == "javascript" => {
            format!("{mime}; charset=utf-8")
        }
        _ => mime.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at_root(raw: &str) -> Wanted {
        resolve(raw, "/", |p| {
            [
                "nl-NL/index.html",
                "nl-NL/a/index.html",
                "nl-NL/media/x.png",
            ]
            .contains(&p)
        })
    }

    #[test]
    fn pages_folders_and_files() {
        assert_eq!(at_root("/"), Wanted::File("index.html".into()));
        assert_eq!(
            at_root("/nl-NL/a/"),
            Wanted::File("nl-NL/a/index.html".into())
        );
        assert_eq!(at_root("/nl-NL/a"), Wanted::Redirect("/nl-NL/a/".into()));
        assert_eq!(
            at_root("/nl-NL/media/x.png"),
            Wanted::File("nl-NL/media/x.png".into())
        );
        assert_eq!(
            at_root("/nl-NL/%61/"),
            Wanted::File("nl-NL/a/index.html".into())
        );
        assert_eq!(
            at_root("/nl-NL/missing"),
            Wanted::File("nl-NL/missing".into())
        );
    }

    #[test]
    fn nothing_outside_the_site() {
        for raw in [
            "/../etc/passwd",
            "/nl-NL/../../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/%2E%2E/%2E%2E/etc/passwd",
            "/nl-NL/%2e%2e%2fsecret",
            "//etc/passwd",
            "/nl-NL//a/",
            "/nl-NL/..%5c..%5cwindows",
            "/nl-NL/a\\..\\b",
            "/./index.html",
            "/%00",
            "/%ff%fe",
        ] {
            assert_eq!(at_root(raw), Wanted::Invalid, "{raw}");
        }
    }

    #[test]
    fn a_base_path_is_required_and_stripped() {
        let exists = |p: &str| p == "index.html";
        assert_eq!(
            resolve("/help/", "/help/", exists),
            Wanted::File("index.html".into())
        );
        assert_eq!(
            resolve("/help", "/help/", exists),
            Wanted::Redirect("/help/".into())
        );
        assert_eq!(resolve("/other/", "/help/", exists), Wanted::Invalid);
    }

    #[test]
    fn content_types() {
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(
            content_type("a/index.json"),
            "application/json; charset=utf-8"
        );
        assert_eq!(
            content_type("assets/stegvis.css"),
            "text/css; charset=utf-8"
        );
        assert_eq!(content_type("m/x.svg"), "image/svg+xml");
        assert_eq!(content_type("m/x.png"), "image/png");
        assert_eq!(content_type("sitemap.xml"), "text/xml; charset=utf-8");
    }
}
