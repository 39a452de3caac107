//! What a page can get from a site's files is text, never code: front matter
//! values, alt and link texts and Fluent strings are escaped; `javascript:`,
//! `vbscript:` and `data:` links never become links; raw HTML goes through the
//! sanitizer (SV0075 names what it drops) unless the site trusts its HTML.

use crate::support::{build, build_with};

const PAGE: &str = "nl-NL/index.html";

fn body(html: &str) -> &str {
    let start = html.find("<article").unwrap();
    &html[start..html.find("</article>").unwrap()]
}

#[test]
fn nothing_from_the_site_runs_on_a_page() {
    let b = build("html-safety");
    let page = b.read(PAGE);
    // Front matter and Fluent strings are text.
    assert!(page.contains("<title>Veilig &lt;script&gt;alert(&quot;titel&quot;)&lt;/script&gt; &amp; &quot;net&quot; · Hulp &lt;script&gt;alert(&quot;fluent&quot;)&lt;/script&gt;</title>"));
    assert!(page.contains("<meta name=\"description\" content=\"Een beschrijving met &lt;img src=x onerror=alert(1)&gt; erin.\">"));
    assert!(page.contains("alt=\"Alt met &quot;aanhalingstekens&quot; en\""));
    // Not one script, handler, style or dangerous URL the site wrote.
    let article = body(&page);
    for bad in [
        "<script",
        "onclick",
        "onmouseover",
        "onerror",
        "javascript:",
        "vbscript:",
        "data:text",
        "<iframe",
        "color:red",
    ] {
        assert!(!article.contains(bad), "{bad} in:\n{article}");
    }
    // The steps' HTML in index.json too (its title is data, a JSON string).
    let json = b.json("nl-NL/index.json");
    for step in json["procedures"][0]["steps"].as_array().unwrap() {
        let html = step["html"].as_str().unwrap();
        assert!(
            !html.contains("javascript:") && !html.contains("<script"),
            "{html}"
        );
    }
    // What docs use stays.
    assert!(
        article.contains(
            "<a href=\"https://example.org/facturen\" target=\"_blank\">Facturen</a><br>"
        )
    );
    assert!(article.contains(
        "<span class=\"let-op\">rood</span> <kbd>Ctrl</kbd>+<kbd>C</kbd>, x<sup>2</sup>."
    ));
    assert!(
        article.contains("<td style=\"text-align: left\">een<br>twee</td>"),
        "table alignment stays"
    );
    assert!(
        article.contains("<img src=\"data:image/png;base64,iVBORw0KGgo=\" alt=\"klein\">"),
        "a data: image stays"
    );
    assert!(article.contains(
        "<a href=\"/nl-NL/andere/\">link met <b>tekst</b></a> en een script, vb en data."
    ));
    // Each drop is a diagnostic at its line.
    let drops: Vec<(u32, String)> = b
        .outcome
        .diagnostics
        .iter()
        .filter(|d| d.code.as_str() == "SV0075")
        .map(|d| (d.span.as_ref().unwrap().start.line, d.message.clone()))
        .collect();
    let lines: Vec<u32> = drops.iter().map(|(l, _)| *l).collect();
    assert_eq!(lines, [12, 13, 15, 17, 25, 27], "{drops:?}");
    assert!(drops[0].1.contains("the event handler `onmouseover`"));
    assert!(drops[2].1.contains("the `<script>` element"));
    assert!(drops[4].1.contains("the `<iframe>` element"));
    // The Markdown links with unsafe schemes are SV0023, and no links.
    let unsafe_links = b
        .outcome
        .diagnostics
        .iter()
        .filter(|d| d.code.as_str() == "SV0023")
        .count();
    assert_eq!(unsafe_links, 3);
}

#[test]
fn a_site_that_trusts_its_html_publishes_it_as_written() {
    let b = build_with("html-safety", |o| {
        std::fs::write(o.site.join("stegvis.toml"), "trusted_html = true\n").unwrap()
    });
    let page = b.read(PAGE);
    let article = body(&page);
    assert!(article.contains("onmouseover=\"alert(1)\""));
    assert!(article.contains("<script>alert(\"blok\")</script>"));
    assert!(
        !b.outcome
            .diagnostics
            .iter()
            .any(|d| d.code.as_str() == "SV0075")
    );
    // Trust covers raw HTML only: Markdown links with unsafe schemes stay text,
    // and front matter stays escaped.
    assert!(!article.contains("javascript:alert(1)"));
    assert!(page.contains("<title>Veilig &lt;script&gt;"));
}
