//! What real localized files get wrong (FORMAT.md, last section): each still
//! builds into a page, without source syntax leaking out.

use crate::support::build;

#[test]
fn every_article_gets_a_page_even_with_broken_front_matter() {
    let b = build("quirks");
    for page in ["verify", "prepare", "broken", "no-front-matter"] {
        assert!(
            b.exists(&format!("nl-NL/billing/{page}/index.html")),
            "{page}"
        );
        assert!(
            b.exists(&format!("nl-NL/billing/{page}/index.json")),
            "{page}"
        );
    }
    assert!(b.outcome.written);
    assert!(b.outcome.failed, "errors make the exit status 1");
    let broken = b.read("nl-NL/billing/broken/index.html");
    assert!(
        broken.contains("<title>Kapotte kop · Help</title>"),
        "the title falls back to the first heading"
    );
}

#[test]
fn parse_diagnostics_point_at_the_line_and_column() {
    let b = build("quirks");
    let yaml = b
        .outcome
        .diagnostics
        .iter()
        .find(|d| d.code.as_str() == "SV0003")
        .unwrap();
    let span = yaml.span.as_ref().unwrap();
    assert_eq!(&*span.file, "content/nl-NL/billing/broken.md");
    assert_eq!((span.start.line, span.start.column), (2, 28));
    let missing = b
        .outcome
        .diagnostics
        .iter()
        .find(|d| d.code.as_str() == "SV0001")
        .unwrap();
    assert_eq!(
        missing.file(),
        Some("content/nl-NL/billing/no-front-matter.md")
    );
    assert_eq!(missing.span.as_ref().unwrap().start.line, 1);
    let alert = b
        .outcome
        .diagnostics
        .iter()
        .find(|d| d.code.as_str() == "SV0054")
        .unwrap();
    assert_eq!(alert.span.as_ref().unwrap().start.line, 27);
}

#[test]
fn source_numbers_are_ignored() {
    let b = build("quirks");
    let html = b.read("nl-NL/billing/verify/index.html");
    assert_eq!(
        html.matches("<li class=\"step\"").count(),
        4,
        "1. 2. 3. 3. is four steps"
    );
    assert!(html.contains("Stap 4 van 4"));
    let json = b.json("nl-NL/billing/verify/index.json");
    assert_eq!(json["procedures"][0]["steps"][3]["position"], 4);
}

#[test]
fn messy_links_images_and_escapes_render_sensibly() {
    let b = build("quirks");
    let html = b.read("nl-NL/billing/verify/index.html");
    // `[](prepare.md)`: the target's title stands in for the missing text.
    assert!(html.contains("<a href=\"/nl-NL/billing/prepare/\">Voorbereiden</a>"));
    // A link in the wrong case still finds the article.
    assert!(html.contains("<a href=\"/nl-NL/billing/prepare/#before-you-start\">Opzeggen</a>"));
    // A link to an article outside the set points where it would be.
    assert!(html.contains("<a href=\"/nl-NL/archive/old-page/\">de oude pagina</a>"));
    // Stray backslash escapes are just characters.
    assert!(html.contains("Kies *Opslaan* en niet _Annuleren_."));
    // Missing images still get their figure and alt text (check reports the file).
    assert!(html.contains("alt=\"ALTSchermopname van de knop Instellingen. SMS\""));
    assert!(html.contains(
        "<img src=\"/nl-NL/billing/media/also-absent.png\" alt=\"Schermopname van het codeveld\""
    ));
    // Mojibake is kept as written (check offers the repair).
    assert!(html.contains("verifiÃ«ren"));
    // Lower-case alert kinds work; translated ones become notes, without the marker.
    assert_eq!(html.matches("<div class=\"alert note\"").count(), 2);
    assert!(!html.contains("[!OPMERKING]") && !html.contains("[!Note]"));
}

#[test]
fn translations_pair_by_path_without_asset_ids() {
    let b = build("quirks");
    let json = b.json("sv-SE/billing/verify/index.json");
    assert_eq!(json["translations"]["nl-NL"], "/nl-NL/billing/verify/");
    // A translated front matter key is kept, not lost.
    let sv = b.read("sv-SE/billing/verify/index.html");
    assert!(sv.contains("Steg 2 av 2"));
}

#[test]
fn mangled_anchors_and_comments() {
    let b = build("quirks");
    let html = b.read("nl-NL/billing/prepare/index.html");
    // Two anchors on one heading: the first names it, the second stays a target.
    assert!(html.contains(
        "<h2 id=\"a-nameextra-aplans\"><span class=\"anchor\" id=\"Extra\"></span> Plannen</h2>"
    ));
    // An anchor wrapping a footnote mark keeps the mark.
    assert!(html.contains(
        "<p><span class=\"anchor\" id=\"fn\"></span><sup>*</sup> Alleen voor betaalde plannen.</p>"
    ));
    // Commented-out drafts are not published, and their directives are not read.
    assert!(!html.contains("Verborgen") && !html.contains("<!--"));
    assert!(
        !b.outcome
            .diagnostics
            .iter()
            .any(|d| d.message.contains("x.md"))
    );
}
