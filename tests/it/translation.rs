//! The translators' side: stand-ins for untranslated articles (`fallback`),
//! files and includes from the source locale, step ids shared across locales,
//! right-to-left locales.

use crate::support::{build, build_with, fixture};

#[test]
fn an_untranslated_article_gets_a_stand_in_in_the_source_language() {
    let b = build("contract");
    let page = b.read("sv-SE/billing/cancel/index.html");
    assert!(
        page.contains("<html lang=\"nl-NL\" dir=\"ltr\">"),
        "the text is Dutch"
    );
    assert!(
        page.contains("<header class=\"site-header\" lang=\"sv-SE\">"),
        "the interface is Swedish"
    );
    assert!(page.contains("<p class=\"untranslated\" role=\"note\" lang=\"sv-SE\">Den här artikeln är inte översatt än; den visas på originalspråket (Nederlands).</p>"));
    assert!(page.contains("<link rel=\"canonical\" href=\"/nl-NL/billing/cancel/\">"));
    assert!(
        !page.contains("hreflang=\"sv-SE\" href"),
        "no hreflang names a stand-in"
    );
    assert!(page.contains("<a href=\"/sv-SE/billing/cancel/\" lang=\"sv-SE\" hreflang=\"sv-SE\" aria-current=\"true\">Svenska</a>"));
    assert!(
        !page.contains("Stap 1 van 3") && page.contains("Steg 1 av 3"),
        "labels in the interface language"
    );
    // The source page offers the stand-in in its switcher, but not as hreflang.
    let source = b.read("nl-NL/billing/cancel/index.html");
    assert!(source.contains(
        "<a href=\"/sv-SE/billing/cancel/\" lang=\"sv-SE\" hreflang=\"sv-SE\">Svenska</a>"
    ));
    assert!(!source.contains("<link rel=\"alternate\" hreflang=\"sv-SE\""));
    assert!(!b.read("sitemap.xml").contains("/sv-SE/billing/cancel/"));
    let json = b.json("sv-SE/billing/cancel/index.json");
    assert_eq!(json["shown_from"], "/nl-NL/billing/cancel/");
    // Links in the locale's tree lead to the stand-in.
    assert!(
        b.read("sv-SE/billing/upgrade/index.html")
            .contains("<a href=\"/sv-SE/billing/cancel/#cancel-steps\">uppsägningen</a>")
    );
    assert_eq!(b.outcome.fallbacks.pages, 1);
}

#[test]
fn images_and_includes_a_locale_lacks_come_from_the_source_locale() {
    let b = build("contract");
    let sv = b.read("sv-SE/billing/upgrade/index.html");
    assert!(sv.contains(
        "<img src=\"/nl-NL/billing/media/search.png\" alt=\"Sökrutan med *Prenumerationer*\""
    ));
    assert!(sv.contains("<a class=\"lightbox\" href=\"/nl-NL/billing/media/search-large.png\""));
    assert!(
        sv.contains("<p>Vragen? Neem contact op met"),
        "the footer include comes from nl-NL"
    );
    assert_eq!(b.outcome.fallbacks.files, 2);
    assert_eq!(b.outcome.fallbacks.includes, 1);
    assert!(
        !b.outcome
            .diagnostics
            .iter()
            .any(|d| ["SV0030", "SV0050"].contains(&d.code.as_str())),
        "{:?}",
        b.outcome.diagnostics
    );
}

#[test]
fn fallback_none_omits_the_page_and_links_lead_to_the_source() {
    let b = build_with("contract", |o| {
        std::fs::write(o.site.join("stegvis.toml"), "fallback = \"none\"\n").unwrap()
    });
    assert!(!b.exists("sv-SE/billing/cancel/index.html"));
    assert!(
        !b.read("nl-NL/billing/cancel/index.html")
            .contains("hreflang=\"sv-SE\""),
        "the switcher does not offer it"
    );
    assert!(
        b.read("sv-SE/billing/upgrade/index.html")
            .contains("<a href=\"/nl-NL/billing/cancel/#cancel-steps\">uppsägningen</a>")
    );
    assert!(
        !b.outcome
            .diagnostics
            .iter()
            .any(|d| ["SV0020", "SV0024"].contains(&d.code.as_str())),
        "{:?}",
        b.outcome.diagnostics
    );
    assert_eq!(b.outcome.fallbacks.pages, 0);
}

#[test]
fn step_ids_come_from_the_source_so_links_keep_the_step() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    // In this fixture the Swedish heading lost its `<a name="stappen">`.
    let options = stegvis::Options {
        site: fixture("diagnostics/SV0100"),
        mode: stegvis::Mode::Build { out: out.clone() },
        base_url: None,
        strict: false,
        search: false,
        cache: true,
    };
    stegvis::run(&options).unwrap();
    let sv = std::fs::read_to_string(out.join("sv-SE/a/index.html")).unwrap();
    assert!(sv.contains("<h2 id=\"steg\">Steg</h2>"));
    assert!(sv.contains("<ol class=\"steps\" id=\"stappen\">"));
    assert!(sv.contains("<li class=\"step\" id=\"stappen-step-2\""));
    let nl = std::fs::read_to_string(out.join("nl-NL/a/index.html")).unwrap();
    assert!(nl.contains("<li class=\"step\" id=\"stappen-step-2\""));
}

#[test]
fn a_right_to_left_locale_reads_right_to_left() {
    let b = build_with("contract", |o| {
        std::fs::write(o.site.join("stegvis.toml"), "default_locale = \"nl-NL\"\n").unwrap();
        let ar = o.site.join("content/ar-SA/billing");
        std::fs::create_dir_all(&ar).unwrap();
        std::fs::write(
            ar.join("upgrade.md"),
            "---\ntitle: ترقية حسابك\ndescription: كيفية الترقية.\nms.date: 03/11/2021\nms.assetid: 6f1c2a9e-0b7d-4c55-9d1e-6a3f8e2b4c10\n---\n# ترقية حسابك\n\n1. سجّل الدخول.\n2. اختر الاشتراك.\n",
        )
        .unwrap();
    });
    let ar = b.read("ar-SA/billing/upgrade/index.html");
    assert!(ar.contains("<html lang=\"ar-SA\" dir=\"rtl\">"));
    // No Arabic UI strings are built in: those of the default locale, but Arabic dates.
    assert!(ar.contains("Stap 2 van 2"));
    assert!(ar.contains("datetime=\"2021-03-11\""));
    assert!(!ar.contains("March"), "the date is written the Arabic way");
    let stand_in = b.read("ar-SA/billing/cancel/index.html");
    assert!(
        stand_in.contains("<html lang=\"nl-NL\" dir=\"rtl\">"),
        "the page reads right to left, its text is Dutch"
    );
}
