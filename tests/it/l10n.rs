//! The translators' commands: `l10n add` creates a locale that the next build
//! publishes whole, `l10n status` counts what is translated, missing, stale and
//! machine translated.

use crate::support::{site, stegvis};

#[test]
fn status_counts_missing_stale_and_machine_translated_articles() {
    let (_dir, site) = site("l10n");
    let (code, out, err) = stegvis(&["l10n", "status", "--format", "json"], &site);
    assert_eq!(code, 0, "{err}");
    let status: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(status["source_locale"], "nl-NL");
    assert_eq!(status["source_articles"], 5);
    let sv = &status["locales"][0];
    assert_eq!(sv["locale"], "sv-SE");
    assert_eq!(sv["articles_translated"], 3);
    assert_eq!(sv["article_coverage"], 60.0);
    assert_eq!(
        sv["articles_missing"],
        serde_json::json!(["guide/missing-one.md", "guide/missing-two.md"])
    );
    assert_eq!(
        sv["articles_machine_translated"],
        serde_json::json!(["guide/dated.md", "guide/rehashed.md"])
    );
    assert_eq!(
        sv["articles_without_source"],
        serde_json::json!(["guide/orphan.md"])
    );
    let stale = sv["articles_stale"].as_array().unwrap();
    assert_eq!(stale.len(), 2);
    assert_eq!(stale[0]["path"], "guide/dated.md");
    assert_eq!(stale[0]["days"], 14, "06/15/2026 against 06/01/2026");
    assert_eq!(stale[1]["path"], "guide/rehashed.md");
    assert!(
        stale[1]["how"]
            .as_str()
            .unwrap()
            .contains("ms.openlocfilehash: translated from 0a1b2c3, source now 5f2b0c1")
    );
    assert_eq!(
        sv["ui_translated"], status["ui_messages"],
        "sv-SE strings are built in"
    );
    assert_eq!(sv["ui_obsolete"], serde_json::json!(["print-button"]));
    assert_eq!(sv["parity_problems"], 1);
    assert_eq!(sv["damage"][0]["at"], "guide/current.md:12");
    assert_eq!(sv["damage"][0]["code"], "SV0101");
}

#[test]
fn status_prints_a_table_and_markdown_and_fails_under_a_coverage() {
    let (_dir, site) = site("l10n");
    let (code, table, _) = stegvis(&["l10n", "status"], &site);
    assert_eq!(code, 0);
    let row = table.lines().find(|l| l.starts_with("sv-SE ")).unwrap();
    let cells: Vec<&str> = row.split_whitespace().collect();
    assert_eq!(
        cells,
        [
            "sv-SE", "3", "(60%)", "2", "2", "2", "45", "(100%)", "0", "1", "1"
        ]
    );
    assert!(
        table.contains("  guide/dated.md: source 06/15/2026, translation 06/01/2026 (14 days)")
    );
    let (_, markdown, _) = stegvis(&["l10n", "status", "--format", "markdown"], &site);
    assert!(markdown.contains("| sv-SE | 3 (60%) | 2 | 2 | 2 | 45 (100%) | 0 | 1 | 1 |"));
    assert!(markdown.contains("<details><summary>sv-SE</summary>"));
    assert!(markdown.contains("- guide/missing-one.md"));
    let (code, _, err) = stegvis(&["l10n", "status", "--fail-under", "80"], &site);
    assert_eq!(code, 1, "60% of the articles is below 80%");
    assert!(err.contains("below 80% coverage"));
    assert_eq!(
        stegvis(&["l10n", "status", "--fail-under", "60"], &site).0,
        0
    );
    assert_eq!(
        stegvis(&["l10n", "status", "--locale", "fi-FI"], &site).0,
        2
    );
    assert_eq!(
        stegvis(&["l10n", "status", "--fail-under", "120"], &site).0,
        2
    );
}

#[test]
fn a_rule_turned_off_counts_no_damage() {
    let (_dir, site) = site("l10n");
    let toml = std::fs::read_to_string(site.join("stegvis.toml")).unwrap();
    std::fs::write(
        site.join("stegvis.toml"),
        toml + "[rules]\nparity-procedures = \"off\"\n",
    )
    .unwrap();
    let (_, out, _) = stegvis(&["l10n", "status", "--format", "json"], &site);
    let status: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(status["locales"][0]["parity_problems"], 0);
}

#[test]
fn an_added_locale_is_built_whole_and_its_strings_are_reported_untranslated() {
    let (dir, site) = site("l10n");
    let (code, out, err) = stegvis(&["l10n", "add", "de-DE"], &site);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("created locales/de-DE/stegvis.ftl"), "{out}");
    assert!(site.join("content/de-DE").is_dir());
    let ftl = std::fs::read_to_string(site.join("locales/de-DE/stegvis.ftl")).unwrap();
    assert!(ftl.contains("language-name = Deutsch"));
    assert!(ftl.contains("# nl-NL: step-label = Stap { $position } van { $total }\nstep-label = [untranslated] Stap { $position } van { $total }"));
    assert!(
        !ftl.contains("\nsite-title"),
        "the site's own file has site-title"
    );
    let site_ftl = std::fs::read_to_string(site.join("locales/de-DE/site.ftl")).unwrap();
    assert_eq!(
        site_ftl.matches("print-button = [untranslated]").count(),
        0,
        "only nl-NL's files are templates"
    );

    // A second add never overwrites a translator's work.
    let (code, _, err) = stegvis(&["l10n", "add", "de-DE"], &site);
    assert_eq!(code, 2);
    assert!(err.contains("already has Fluent files"), "{err}");

    let (code, _, err) = stegvis(&["check"], &site);
    assert_eq!(code, 0);
    assert!(
        err.contains(
            "warning[SV0082]: locale de-DE has no translation of 44 messages that nl-NL has"
        ),
        "{err}"
    );
    assert!(err.contains("step-label"));

    let out_dir = dir.path().join("public");
    let (code, _, err) = stegvis(&["build", "--out", out_dir.to_str().unwrap()], &site);
    assert_eq!(code, 0, "{err}");
    for source in ["current", "dated", "rehashed", "missing-one", "missing-two"] {
        let page =
            std::fs::read_to_string(out_dir.join(format!("de-DE/guide/{source}/index.html")))
                .unwrap();
        assert!(
            page.contains("class=\"untranslated\""),
            "{source} stands in"
        );
        assert!(
            page.contains("<html lang=\"nl-NL\""),
            "{source} is shown in Dutch"
        );
        assert!(!page.contains("[untranslated]"), "no marker reaches a page");
        assert!(
            page.contains("Stap 1 van"),
            "untranslated labels fall back along the chain"
        );
    }
    assert!(out_dir.join("de-DE/404.html").is_file());
    assert!(out_dir.join("de-DE/index.html").is_file());
    let dutch = std::fs::read_to_string(out_dir.join("nl-NL/guide/current/index.html")).unwrap();
    assert!(
        dutch.contains("hreflang=\"de-DE\">Deutsch</a>"),
        "the switcher offers the new locale"
    );
    assert!(
        std::fs::read_to_string(out_dir.join("index.html"))
            .unwrap()
            .contains("/de-DE/")
    );

    let (_, status, _) = stegvis(
        &["l10n", "status", "--locale", "de-DE", "--format", "json"],
        &site,
    );
    let status: serde_json::Value = serde_json::from_str(&status).unwrap();
    let de = &status["locales"][0];
    assert_eq!(de["articles_translated"], 0);
    assert_eq!(de["articles_missing"].as_array().unwrap().len(), 5);
    assert_eq!(
        de["ui_translated"], 1,
        "language-name is filled in from CLDR"
    );
    assert_eq!(de["ui_missing"].as_array().unwrap().len(), 44);
}

#[test]
fn a_translated_message_counts_and_shows() {
    let (dir, site) = site("l10n");
    assert_eq!(stegvis(&["l10n", "add", "de-DE"], &site).0, 0);
    let path = site.join("locales/de-DE/stegvis.ftl");
    let ftl = std::fs::read_to_string(&path).unwrap();
    let ftl = ftl.replace(
        "step-label = [untranslated] Stap { $position } van { $total }",
        "step-label = Schritt { $position } von { $total }",
    );
    std::fs::write(&path, ftl).unwrap();
    let (_, status, _) = stegvis(
        &["l10n", "status", "--locale", "de-DE", "--format", "json"],
        &site,
    );
    let status: serde_json::Value = serde_json::from_str(&status).unwrap();
    assert_eq!(status["locales"][0]["ui_translated"], 2);
    let out_dir = dir.path().join("public");
    stegvis(&["build", "--out", out_dir.to_str().unwrap()], &site);
    let page = std::fs::read_to_string(out_dir.join("de-DE/guide/current/index.html")).unwrap();
    assert!(page.contains("Schritt 1 von 3"));
}

#[test]
fn add_refuses_tags_that_are_not_locales_or_not_written_canonically() {
    let (_dir, site) = site("l10n");
    let (code, _, err) = stegvis(&["l10n", "add", "images"], &site);
    assert_eq!(code, 2);
    assert!(err.contains("`images` is not a BCP 47 locale tag"), "{err}");
    let (code, _, err) = stegvis(&["l10n", "add", "de_de"], &site);
    assert_eq!(code, 2);
    assert!(err.contains("run `stegvis l10n add de-DE`"), "{err}");
    assert!(!site.join("locales/de_de").exists() && !site.join("content/images").exists());
}

#[test]
fn a_locale_with_built_in_strings_keeps_them() {
    let (_dir, site) = site("l10n");
    std::fs::remove_dir_all(site.join("locales/sv-SE")).unwrap();
    assert_eq!(stegvis(&["l10n", "add", "sv-SE"], &site).0, 0);
    let ftl = std::fs::read_to_string(site.join("locales/sv-SE/stegvis.ftl")).unwrap();
    assert!(ftl.contains("step-label = Steg { $position } av { $total }"));
    assert!(!ftl.contains("step-label = [untranslated]"));
}
