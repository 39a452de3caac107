//! What `serve` adds to the pages it serves, and only there: the live-reload
//! script, and an overlay with the errors of the last rebuild (rendered in the
//! page, so it shows at once; the script keeps it current).

use pulldown_cmark_escape::escape_html;
use serde::Serialize;

use crate::diagnostics::{Diagnostic, Severity};

/// The client script, served at `SCRIPT_PATH`.
pub const SCRIPT: &str = include_str!("live.js");
/// `serve`'s own endpoints, outside any site path: locales are never named so.
pub const SCRIPT_PATH: &str = "/__stegvis/live.js";
pub const EVENTS_PATH: &str = "/__stegvis/events";

/// One error of the last rebuild, as the overlay shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ErrorView {
    /// `content/nl-NL/a.md:3:7`, or `stegvis.toml`.
    pub at: String,
    pub code: String,
    pub message: String,
}

/// What the overlay shows: the errors of the last rebuild.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct State {
    pub title: String,
    pub close: String,
    pub errors: Vec<ErrorView>,
}

impl State {
    pub fn of(diagnostics: &[Diagnostic]) -> State {
        let errors: Vec<ErrorView> = diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .map(|d| ErrorView {
                at: d
                    .span
                    .as_ref()
                    .map(|s| format!("{}:{}:{}", s.file, s.start.line, s.start.column))
                    .unwrap_or_else(|| "stegvis.toml".to_string()),
                code: d.code.as_str().to_string(),
                message: d.message.clone(),
            })
            .collect();
        let n = errors.len();
        State {
            title: format!(
                "stegvis: {n} error{} in the last rebuild",
                if n == 1 { "" } else { "s" }
            ),
            close: "Close".to_string(),
            errors,
        }
    }
}

/// The page with the script (and the overlay, when there are errors) added
/// before `</body>`. `page` is the page's path inside the site, `hash` the
/// version of it being served, for the script to ask about.
pub fn inject(html: &[u8], page: &str, hash: u64, state: &State) -> Vec<u8> {
    let mut snippet = String::new();
    snippet.push_str("<style>#stegvis-overlay{position:fixed;inset:auto 1rem 1rem 1rem;max-height:50vh;overflow:auto;z-index:2147483647;background:#fff5f5;color:#5c0000;border:2px solid #b00020;border-radius:6px;padding:.75rem 1rem;font:14px/1.4 system-ui,sans-serif;box-shadow:0 4px 20px rgba(0,0,0,.3)}#stegvis-overlay h2{font-size:1rem;margin:0 0 .5rem}#stegvis-overlay ol{margin:0;padding-left:1.25rem}#stegvis-overlay code{font-weight:600}#stegvis-overlay button{float:right;font-size:1.25rem;background:none;border:0;cursor:pointer;color:inherit}</style>\n");
    if !state.errors.is_empty() {
        snippet.push_str("<aside id=\"stegvis-overlay\" role=\"alert\"><h2>");
        let _ = escape_html(&mut snippet, &state.title);
        snippet.push_str("</h2><ol>");
        for e in &state.errors {
            snippet.push_str("<li><code>");
            let _ = escape_html(&mut snippet, &e.at);
            snippet.push_str("</code> ");
            let _ = escape_html(&mut snippet, &format!("{}: {}", e.code, e.message));
            snippet.push_str("</li>");
        }
        snippet.push_str("</ol></aside>\n");
    }
    snippet.push_str(&format!(
        "<script src=\"{SCRIPT_PATH}\" data-events=\"{EVENTS_PATH}\" data-page=\""
    ));
    let _ = escape_html(&mut snippet, page);
    snippet.push_str(&format!("\" data-hash=\"{hash:016x}\"></script>\n"));
    let at = find_last(html, b"</body>").unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + snippet.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(snippet.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

fn find_last(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

/// A stable version of a page's bytes.
pub fn version(bytes: &[u8]) -> u64 {
    // FNV-1a: cheap, and the same in every process.
    bytes.iter().fold(0xcbf29ce484222325u64, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x100000001b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_script_goes_before_the_end_of_the_body_and_errors_are_escaped() {
        let state = State {
            title: "1 error".into(),
            close: "Close".into(),
            errors: vec![ErrorView {
                at: "content/nl-NL/a.md:2:8".into(),
                code: "SV0003".into(),
                message: "bad <yaml>".into(),
            }],
        };
        let page = inject(
            b"<html><body><p>x</p></body></html>",
            "nl-NL/a/index.html",
            255,
            &state,
        );
        let page = String::from_utf8(page).unwrap();
        assert!(page.ends_with("</script>\n</body></html>"));
        assert!(page.contains("data-page=\"nl-NL/a/index.html\" data-hash=\"00000000000000ff\""));
        assert!(page.contains("<code>content/nl-NL/a.md:2:8</code> SV0003: bad &lt;yaml&gt;"));
        let clean = inject(b"<body></body>", "x", 1, &State::default());
        assert!(!String::from_utf8(clean).unwrap().contains("<aside"));
    }
}
