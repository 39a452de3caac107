//! Every extension of the dialect on one page (`extensions` fixture), and the
//! diagnostics of broken includes and block directives.

use crate::support::{build, main_of};

const PAGE: &str = "nl-NL/guide/extensions/index.html";

#[test]
fn tabs_group_their_content_and_scope_procedure_ids() {
    let b = build("extensions");
    let html = b.read(PAGE);
    assert!(html.contains("<li><a href=\"#tab/windows\">Windows</a></li>"));
    assert!(html.contains("<section class=\"tab\" id=\"tab/linux\">"));
    assert!(html.contains("<li class=\"step\" id=\"installeren-linux-step-3\""));
    assert!(
        !html.contains("<hr>"),
        "the `---` closing the tab group is not a rule"
    );
}

#[test]
fn columns_videos_next_steps_and_complex_images() {
    let b = build("extensions");
    let html = b.read(PAGE);
    assert!(
        html.contains("<div class=\"column\" data-span=\"2\">\n<h3 id=\"rechts\">Rechts</h3>"),
        "column content is dedented, not code"
    );
    assert!(html.contains(
        "<p class=\"video\"><a href=\"https://example.org/video/embed/123\">Bekijk de video</a></p>"
    ));
    assert!(html.contains(
        "<div class=\"nextstepaction\">\n<p><a href=\"/nl-NL/guide/other/\">Volgende stap</a></p>"
    ));
    assert!(html.contains("<summary>Beschrijving van de afbeelding</summary>\n<p>Het diagram toont <strong>drie</strong>"));
    assert!(
        html.contains("<img src=\"/nl-NL/guide/media/icon.svg\" alt=\"Icoon\" class=\"inline\"")
    );
    assert!(
        html.contains("<a href=\"https://example.org/facturen\" target=\"_blank\">Facturen</a>"),
        "raw HTML that is safe is kept as written"
    );
    assert!(
        html.contains("<a href=\"/nl-NL/guide/other/\" title=\"De gids\">de handleiding</a>"),
        "reference links resolve across directive blocks"
    );
}

#[test]
fn block_includes_in_a_step_keep_the_step_together() {
    let b = build("extensions");
    let json = b.json("nl-NL/guide/extensions/index.json");
    let steps = json["procedures"][2]["steps"].as_array().unwrap();
    assert_eq!(steps.len(), 3);
    let second = steps[1]["html"].as_str().unwrap();
    assert!(
        second.contains("<div class=\"alert tip\" role=\"note\">"),
        "{second}"
    );
    assert!(second.contains("Tweede alinea van de include."), "{second}");
    assert!(
        steps[0]["html"].as_str().unwrap().contains("<ul>"),
        "nested bullet lists stay in their step"
    );
}

#[test]
fn directives_in_code_blocks_are_code() {
    let b = build("extensions");
    let html = b.read(PAGE);
    assert!(html.contains(
        "<pre tabindex=\"0\"><code class=\"language-md\">:::image type=\"content\" source=\"niet-verwerkt.png\""
    ));
    assert!(html.contains("[!INCLUDE [niet](niet.md)]\n</code></pre>"));
}

#[test]
fn broken_includes_and_directives_are_located() {
    let b = build("extensions");
    let found: Vec<(&str, &str, u32, u32)> = b
        .outcome
        .diagnostics
        .iter()
        .map(|d| {
            let s = d.span.as_ref().unwrap();
            (d.code.as_str(), &*s.file, s.start.line, s.start.column)
        })
        .collect();
    let other = "content/nl-NL/guide/other.md";
    assert!(found.contains(&("SV0050", other, 11, 1)), "{found:?}");
    assert!(found.contains(&("SV0053", other, 13, 1)), "{found:?}");
    assert!(found.contains(&("SV0060", other, 15, 1)), "{found:?}");
    assert!(found.contains(&("SV0059", other, 17, 1)), "{found:?}");
    assert!(
        found.contains(&("SV0051", "content/nl-NL/includes/loop-b.md", 1, 3)),
        "{found:?}"
    );
    let cycle = b
        .outcome
        .diagnostics
        .iter()
        .find(|d| d.code.as_str() == "SV0051")
        .unwrap();
    assert!(
        cycle.notes[0].contains(
            "loop-a.md -> content/nl-NL/includes/loop-b.md -> content/nl-NL/includes/loop-a.md"
        ),
        "{:?}",
        cycle.notes
    );
    let other_page = b.read("nl-NL/guide/other/index.html");
    assert!(
        other_page.contains("<p>A B</p>"),
        "the cycle is cut, the rest pasted"
    );
    assert!(other_page.contains("Nooit gesloten."));
}

#[test]
fn main_of_the_extensions_page_snapshot() {
    let b = build("extensions");
    insta::assert_snapshot!(main_of(&b.read(PAGE)));
}

#[test]
fn urls_are_encoded_and_queries_kept() {
    let b = build("extensions");
    let other = b.read("nl-NL/guide/other/index.html");
    assert!(
        other.contains("<a href=\"/nl-NL/c%23/guide/#a\">de C#-gids</a>"),
        "{other}"
    );
    assert!(
        other.contains(
            "<a href=\"/nl-NL/guide/extensions/?tabs=portal#installeren\">het portaal</a>"
        )
    );
    assert!(
        b.exists("nl-NL/c#/guide/index.html"),
        "the folder keeps its name on disk"
    );
}
