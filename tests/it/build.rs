//! The output contract of DESIGN.md, on the `contract` fixture.

use crate::support::{build, build_with, main_of};

const PAGE: &str = "nl-NL/billing/upgrade/index.html";

#[test]
fn article_page_has_the_head_of_the_contract() {
    let b = build("contract");
    assert!(b.outcome.written, "{:?}", b.outcome.diagnostics);
    let html = b.read(PAGE);
    assert!(html.contains("<html lang=\"nl-NL\" dir=\"ltr\">"));
    assert!(html.contains("<title>Uw account upgraden · Help</title>"));
    assert!(html.contains("<meta name=\"description\" content=\"Hoe u een gratis account omzet naar betalen per gebruik.\">"));
    assert!(
        html.contains(
            "<link rel=\"alternate\" hreflang=\"nl-NL\" href=\"/nl-NL/billing/upgrade/\">"
        )
    );
    assert!(
        html.contains(
            "<link rel=\"alternate\" hreflang=\"sv-SE\" href=\"/sv-SE/billing/upgrade/\">"
        )
    );
    assert!(html.contains(
        "<link rel=\"alternate\" hreflang=\"x-default\" href=\"/nl-NL/billing/upgrade/\">"
    ));
}

#[test]
fn language_switcher_links_the_translations() {
    let b = build("contract");
    let nl = b.read(PAGE);
    assert!(nl.contains(
        "<a href=\"/sv-SE/billing/upgrade/\" lang=\"sv-SE\" hreflang=\"sv-SE\">Svenska</a>"
    ));
    assert!(nl.contains("<a href=\"/nl-NL/billing/upgrade/\" lang=\"nl-NL\" hreflang=\"nl-NL\" aria-current=\"true\">Nederlands</a>"));
    let sv = b.read("sv-SE/billing/upgrade/index.html");
    assert!(sv.contains(
        "<a href=\"/nl-NL/billing/upgrade/\" lang=\"nl-NL\" hreflang=\"nl-NL\">Nederlands</a>"
    ));
}

#[test]
fn procedures_become_step_lists_with_localized_labels() {
    let b = build("contract");
    let nl = b.read(PAGE);
    assert!(nl.contains("<ol class=\"steps\">"));
    assert_eq!(nl.matches("<li class=\"step\"").count(), 4);
    assert!(nl.contains("<li class=\"step\" id=\"upgrade-your-free-account-step-3\""));
    assert!(nl.contains("Stap 3 van 4"));
    assert!(nl.contains("<div class=\"procedure-meta\">\n<p>4 stappen</p>"));
    let sv = b.read("sv-SE/billing/upgrade/index.html");
    assert!(sv.contains("Steg 3 av 4"));
    assert!(sv.contains("<li class=\"step\" id=\"upgrade-your-free-account-step-4\""));
}

#[test]
fn step_images_are_figures_whose_lightbox_opens_the_large_image() {
    let b = build("contract");
    let nl = b.read(PAGE);
    assert!(nl.contains("<a class=\"lightbox\" href=\"/nl-NL/billing/media/search-large.png\""));
    assert!(nl.contains(
        "<img src=\"/nl-NL/billing/media/search.png\" alt=\"Het zoekvak met *Abonnementen*\""
    ));
    assert!(
        b.exists("nl-NL/billing/media/search.png"),
        "media is copied"
    );
}

#[test]
fn page_carries_how_to_json_ld() {
    let b = build("contract");
    let nl = b.read(PAGE);
    let start = nl.find("<script type=\"application/ld+json\">").unwrap()
        + "<script type=\"application/ld+json\">".len();
    let end = start + nl[start..].find("</script>").unwrap();
    let ld: serde_json::Value = serde_json::from_str(&nl[start..end]).unwrap();
    let how_to = &ld["@graph"][0];
    assert_eq!(how_to["@type"], "HowTo");
    assert_eq!(how_to["name"], "Uw gratis account upgraden");
    assert_eq!(how_to["step"].as_array().unwrap().len(), 4);
    assert_eq!(how_to["step"][2]["position"], 3);
    assert_eq!(
        how_to["step"][2]["url"],
        "/nl-NL/billing/upgrade/#upgrade-your-free-account-step-3"
    );
    assert_eq!(
        how_to["step"][1]["image"],
        "/nl-NL/billing/media/search.png"
    );
}

#[test]
fn index_json_describes_the_article() {
    let b = build("contract");
    let json = b.json("nl-NL/billing/upgrade/index.json");
    assert_eq!(json["title"], "Uw account upgraden");
    assert_eq!(
        json["description"],
        "Hoe u een gratis account omzet naar betalen per gebruik."
    );
    assert_eq!(json["locale"], "nl-NL");
    assert_eq!(json["date"], "2021-03-11");
    assert_eq!(json["translations"]["sv-SE"], "/sv-SE/billing/upgrade/");
    assert_eq!(json["translations"]["nl-NL"], "/nl-NL/billing/upgrade/");
    assert_eq!(json["headings"][1]["id"], "upgrade-your-free-account");
    let procedure = &json["procedures"][0];
    assert_eq!(procedure["id"], "upgrade-your-free-account");
    assert_eq!(procedure["title"], "Uw gratis account upgraden");
    let step = &procedure["steps"][1];
    assert_eq!(step["position"], 2);
    assert_eq!(step["id"], "upgrade-your-free-account-step-2");
    assert_eq!(step["text"], "Zoek naar Abonnementen.");
    assert!(
        step["html"]
            .as_str()
            .unwrap()
            .contains("<figure class=\"figure\">")
    );
    assert_eq!(step["images"][0]["src"], "/nl-NL/billing/media/search.png");
    assert_eq!(
        step["images"][0]["lightbox"],
        "/nl-NL/billing/media/search-large.png"
    );
    let step3 = &procedure["steps"][2]["html"];
    assert!(
        step3.as_str().unwrap().contains("class=\"alert note\""),
        "an alert inside a step"
    );
}

#[test]
fn alerts_monikers_anchors_and_dates() {
    let b = build("contract");
    let nl = b.read(PAGE);
    assert!(nl.contains(
        "<div class=\"alert warning\" role=\"note\">\n<p class=\"alert-title\">Waarschuwing</p>"
    ));
    assert!(nl.contains("<p class=\"alert-title\">Opmerking</p>"));
    assert!(nl.contains("<div class=\"moniker\" data-moniker=\"contoso-gov\">"));
    assert!(nl.contains("<h2 id=\"upgrade-your-free-account\">Uw gratis account upgraden</h2>"));
    assert!(nl.contains("<h1 id=\"upgrade-your-account\">"));
    assert!(nl.contains("<span class=\"anchor\" id=\"free\"></span>"));
    assert!(nl.contains("<time datetime=\"2021-03-11\">Laatst bijgewerkt op 11 maart 2021</time>"));
    assert!(nl.contains("<p class=\"machine-translated\" role=\"note\">"));
    let sv = b.read("sv-SE/billing/upgrade/index.html");
    assert!(sv.contains("Senast uppdaterad 30 augusti 2017"));
    assert!(sv.contains("<p class=\"alert-title\">Obs!</p>"));
    assert!(
        !sv.contains("machine-translated\""),
        "HT articles carry no notice"
    );
}

#[test]
fn includes_and_links_are_resolved() {
    let b = build("contract");
    let nl = b.read(PAGE);
    assert!(nl.contains("Met Contoso Help kunt u"), "inline include");
    assert!(
        nl.contains("Neem contact op met Contoso Help."),
        "nested include inside a block include"
    );
    assert!(nl.contains("<a href=\"/nl-NL/billing/cancel/#cancel-steps\">annuleren</a>"));
    assert!(nl.contains("<a href=\"#upgrade-your-free-account\">de stappen</a>"));
}

#[test]
fn no_source_syntax_leaks_into_the_output() {
    let b = build("contract");
    for page in [
        PAGE,
        "sv-SE/billing/upgrade/index.html",
        "nl-NL/billing/cancel/index.html",
    ] {
        let html = b.read(page);
        for leak in [
            ":::image",
            "::: moniker",
            "[!NOTE]",
            "[!WARNING]",
            "[!TIP]",
            "[!INCLUDE",
            "<a name=",
        ] {
            assert!(!html.contains(leak), "{page} contains {leak}");
        }
    }
}

#[test]
fn site_pages_sitemap_and_404() {
    let b = build("contract");
    let root = b.read("index.html");
    assert!(root.contains("href=\"/nl-NL/\""));
    assert!(root.contains("href=\"/sv-SE/\""));
    assert!(b.exists("nl-NL/404.html") && b.exists("sv-SE/404.html"));
    assert!(b.read("sv-SE/404.html").contains("Sidan hittades inte"));
    let section = b.read("nl-NL/billing/index.html");
    assert!(section.contains("<a href=\"/nl-NL/billing/cancel/\">Abonnement opzeggen</a>"));
    let sitemap = b.read("sitemap.xml");
    assert!(sitemap.contains("<loc>/nl-NL/billing/upgrade/</loc><lastmod>2021-03-11</lastmod><xhtml:link rel=\"alternate\" hreflang=\"nl-NL\" href=\"/nl-NL/billing/upgrade/\"/><xhtml:link rel=\"alternate\" hreflang=\"sv-SE\" href=\"/sv-SE/billing/upgrade/\"/>"));
    assert!(b.exists("assets/stegvis.css"));
    assert!(b.exists(stegvis::write::MARKER));
}

#[test]
fn toc_md_drives_the_sidebar_and_breadcrumb() {
    let b = build("contract");
    let nl = b.read(PAGE);
    let sidebar = &nl[nl.find("<nav class=\"sidebar\"").unwrap()..];
    assert!(sidebar.contains("<details open><summary>Facturering</summary>"));
    assert!(sidebar.contains(
        "<a href=\"/nl-NL/billing/upgrade/\" aria-current=\"page\">Uw account upgraden</a>"
    ));
    assert!(
        !sidebar.contains("Verborgen"),
        "commented-out entries are hidden"
    );
    assert!(nl.contains(
        "<ol><li><a href=\"/nl-NL/\">Start</a></li><li><span>Facturering</span></li></ol>"
    ));
    // sv-SE has no TOC.md: navigation follows the folders.
    let sv = b.read("sv-SE/billing/upgrade/index.html");
    assert!(sv.contains(
        "<a href=\"/sv-SE/billing/upgrade/\" aria-current=\"page\">Uppgradera ditt konto</a>"
    ));
}

#[test]
fn base_url_with_a_host_is_honoured_everywhere() {
    let b = build_with("contract", |o| {
        o.base_url = Some("https://example.org/help/".to_string())
    });
    let nl = b.read(PAGE);
    assert!(nl.contains(
        "<link rel=\"canonical\" href=\"https://example.org/help/nl-NL/billing/upgrade/\">"
    ));
    assert!(
        nl.contains("hreflang=\"sv-SE\" href=\"https://example.org/help/sv-SE/billing/upgrade/\"")
    );
    assert!(nl.contains("href=\"/help/assets/stegvis.css?v="));
    assert!(nl.contains("<a href=\"/help/nl-NL/billing/cancel/#cancel-steps\">"));
    assert!(nl.contains("src=\"/help/nl-NL/billing/media/search.png\""));
    assert!(
        !nl.contains("href=\"/nl-NL/"),
        "no link escapes the base path"
    );
    let sitemap = b.read("sitemap.xml");
    assert!(sitemap.contains("<loc>https://example.org/help/nl-NL/billing/upgrade/</loc>"));
    let json = b.json("nl-NL/billing/upgrade/index.json");
    assert_eq!(
        json["translations"]["sv-SE"],
        "https://example.org/help/sv-SE/billing/upgrade/"
    );
}

#[test]
fn main_of_the_article_snapshot() {
    let b = build("contract");
    insta::assert_snapshot!(main_of(&b.read(PAGE)));
}

#[test]
fn a_site_overrides_templates_and_ui_strings_file_by_file() {
    let b = build_with("contract", |o| {
        let templates = o.site.join("templates");
        std::fs::create_dir_all(&templates).unwrap();
        std::fs::write(templates.join("404.html"), "{% extends \"base.html\" %}{% block content %}<p class=\"custom\">{{ page.ui.not_found_title }}</p>{% endblock content %}").unwrap();
        let locales = o.site.join("locales/nl-NL");
        std::fs::create_dir_all(&locales).unwrap();
        std::fs::write(
            locales.join("site.ftl"),
            "alert-warning = Let op!\nsite-title = Contoso-help\n",
        )
        .unwrap();
    });
    assert!(
        b.read("nl-NL/404.html")
            .contains("<p class=\"custom\">Pagina niet gevonden</p>")
    );
    let nl = b.read(PAGE);
    assert!(nl.contains("<p class=\"alert-title\">Let op!</p>"));
    assert!(nl.contains("<title>Uw account upgraden · Contoso-help</title>"));
    assert!(
        nl.contains("<p class=\"alert-title\">Opmerking</p>"),
        "other messages still come from the built-in file"
    );
}

#[test]
fn a_broken_site_template_falls_back_to_the_built_in_one() {
    let b = build_with("contract", |o| {
        let templates = o.site.join("templates");
        std::fs::create_dir_all(&templates).unwrap();
        std::fs::write(templates.join("section.html"), "{% if %}").unwrap();
    });
    let d = b
        .outcome
        .diagnostics
        .iter()
        .find(|d| d.code.as_str() == "SV0092")
        .expect("a template diagnostic");
    assert_eq!(d.file(), Some("templates/section.html"));
    assert!(
        b.read("nl-NL/billing/index.html")
            .contains("<h1>Billing</h1>")
    );
}

#[test]
fn a_large_table_of_contents_is_shown_as_the_path_to_the_page() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    let content = site.join("content/nl-NL");
    std::fs::create_dir_all(&content).unwrap();
    let mut toc = String::new();
    for group in 0..20 {
        toc.push_str(&format!("# Groep {group}\n"));
        for n in 0..20 {
            let name = format!("g{group}-a{n}.md");
            toc.push_str(&format!("## [Artikel {group}.{n}]({name})\n"));
            std::fs::write(
                content.join(&name),
                format!("---\ntitle: Artikel {group}.{n}\ndescription: D.\nms.date: 01/15/2021\n---\n# Artikel\n"),
            )
            .unwrap();
        }
    }
    std::fs::write(content.join("TOC.md"), toc).unwrap();
    let out = dir.path().join("public");
    let options = stegvis::Options {
        site,
        mode: stegvis::Mode::Build { out: out.clone() },
        base_url: None,
        strict: false,
        search: false,
        cache: true,
    };
    stegvis::run(&options).unwrap();
    let html = std::fs::read_to_string(out.join("nl-NL/g7-a3/index.html")).unwrap();
    let sidebar = &html[html.find("<nav class=\"sidebar\"").unwrap()..];
    assert!(sidebar.contains("<details open><summary>Groep 7</summary>"));
    assert!(sidebar.contains("<a href=\"/nl-NL/g7-a3/\" aria-current=\"page\">Artikel 7.3</a>"));
    assert!(
        sidebar.contains("<a href=\"/nl-NL/g7-a19/\">Artikel 7.19</a>"),
        "the siblings are listed"
    );
    assert!(sidebar.contains("<li class=\"nav-group\"><a class=\"nav-collapsed\" href=\"/nl-NL/g8-a0/\">Groep 8</a></li>"), "other groups lead to their first page");
    assert!(
        !sidebar.contains("Artikel 8.1<"),
        "other groups are not expanded"
    );
    assert!(
        html.len() < 20_000,
        "a page carries its path, not the whole tree: {} bytes",
        html.len()
    );
}
