//! The markup contract of search, step lists, the lightbox and the no-network
//! rule: a Pagefind bundle per locale holding that tree's articles, a search
//! box and page per locale, the controls of every step, nothing loaded from
//! another host, and `--no-search`.

use std::io::Read;
use std::path::Path;

use crate::support::{build, build_with, site, stegvis};

/// A Pagefind file: gzip of `pagefind_dcd` and the data.
fn pagefind_json(path: &Path) -> serde_json::Value {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut text = String::new();
    flate2::read::GzDecoder::new(bytes.as_slice())
        .read_to_string(&mut text)
        .unwrap();
    let json = text.strip_prefix("pagefind_dcd").expect("a Pagefind file");
    serde_json::from_str(json).unwrap()
}

/// The fragments (one per indexed page) of a locale's bundle.
fn fragments(out: &Path, locale: &str) -> Vec<serde_json::Value> {
    let dir = out.join("pagefind").join(locale).join("fragment");
    let mut found: Vec<serde_json::Value> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| pagefind_json(&e.unwrap().path()))
        .collect();
    found.sort_by_key(|f| f["url"].as_str().unwrap_or_default().to_string());
    found
}

fn files_under(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            found.extend(files_under(&path));
        } else {
            found.push(path);
        }
    }
    found.sort();
    found
}

#[test]
fn each_locale_gets_a_bundle_of_its_own_tree_in_its_own_language() {
    let b = build("contract");
    let stats = b.outcome.search.as_ref().expect("search is on by default");
    assert_eq!(stats.pages, 4, "2 Dutch articles, 1 Swedish and 1 stand-in");
    assert_eq!(stats.locales.len(), 2);
    for (locale, language, pages) in [("nl-NL", "nl-nl", 2), ("sv-SE", "sv-se", 2)] {
        let bundle = format!("pagefind/{locale}/");
        for file in ["pagefind.js", "pagefind-worker.js", "pagefind-entry.json"] {
            assert!(b.exists(&format!("{bundle}{file}")), "{bundle}{file}");
        }
        // The stemmer of the locale's language (Dutch, Swedish), as WebAssembly.
        assert!(b.exists(&format!("{bundle}wasm.{language}.pagefind")));
        let entry = b.json(&format!("{bundle}pagefind-entry.json"));
        let languages = entry["languages"].as_object().unwrap();
        assert_eq!(
            languages.keys().collect::<Vec<_>>(),
            [language],
            "one language per bundle"
        );
        assert_eq!(languages[language]["page_count"], pages);
        // stegvis draws its own results; Pagefind's UI bundles are left out.
        assert!(!b.exists(&format!("{bundle}pagefind-ui.js")));
        assert!(!b.exists(&format!("{bundle}pagefind-component-ui.css")));
    }
    let nl: Vec<String> = fragments(&b.out, "nl-NL")
        .iter()
        .map(|f| f["url"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(nl, ["/nl-NL/billing/cancel/", "/nl-NL/billing/upgrade/"]);
    let sv: Vec<String> = fragments(&b.out, "sv-SE")
        .iter()
        .map(|f| f["url"].as_str().unwrap().to_string())
        .collect();
    // The stand-in is found in the tree it stands in, never the other way round.
    assert_eq!(sv, ["/sv-SE/billing/cancel/", "/sv-SE/billing/upgrade/"]);
}

#[test]
fn the_index_holds_the_text_and_offers_headings_and_steps_to_link_to() {
    let b = build("contract");
    let sv = fragments(&b.out, "sv-SE");
    let upgrade = &sv[1];
    assert_eq!(upgrade["meta"]["title"], "Uppgradera ditt konto");
    let content = upgrade["content"].as_str().unwrap();
    assert!(content.contains("Logga in på portalen."), "{content}");
    // The labels and controls of the step list are not text of the article.
    assert!(!content.contains("Steg 1 av 4"), "{content}");
    assert!(!content.contains("Klart"), "{content}");
    assert!(!content.contains("Kopiera länk"), "{content}");
    let anchors = upgrade["anchors"].as_array().unwrap();
    let step = anchors
        .iter()
        .find(|a| a["id"] == "upgrade-your-free-account-step-2")
        .expect("the step is a place results link to");
    assert_eq!(step["element"], "li");
    assert_eq!(step["title"], "Steg 2 av 4");
    assert!(
        anchors
            .iter()
            .any(|a| a["id"] == "upgrade-your-free-account" && a["element"] == "h2")
    );
    // A stand-in says which language its text is in, for the result's `lang`.
    let stand_in = &sv[0];
    assert_eq!(stand_in["meta"]["lang"], "nl-NL");
    assert!(
        stand_in["content"]
            .as_str()
            .unwrap()
            .contains("Open het abonnement.")
    );
    assert!(upgrade["meta"].get("lang").is_none());
}

#[test]
fn every_page_has_a_search_box_leading_to_its_locale_search_page() {
    let b = build("contract");
    for (page, locale) in [
        ("nl-NL/billing/upgrade/index.html", "nl-NL"),
        ("sv-SE/billing/index.html", "sv-SE"),
        ("sv-SE/404.html", "sv-SE"),
        ("index.html", "nl-NL"),
    ] {
        let html = b.read(page);
        assert!(
            html.contains(&format!(
                "<form class=\"site-search\" role=\"search\" action=\"/{locale}/search.html\" method=\"get\">"
            )),
            "{page}"
        );
        assert!(html.contains("<input type=\"search\" id=\"site-search-q\" name=\"q\""));
    }
    let nl = b.read("nl-NL/billing/upgrade/index.html");
    assert!(nl.contains(
        "<label class=\"visually-hidden\" for=\"site-search-q\">Zoeken in deze site</label>"
    ));
    let search = b.read("sv-SE/search.html");
    assert!(search.contains("<html lang=\"sv-SE\""));
    assert!(search.contains("<h1>Sök</h1>"));
    assert!(search.contains("data-bundle=\"/pagefind/sv-SE/\""));
    assert!(search.contains("data-count=\"Träffar: {count}\""));
    assert!(search.contains("<script type=\"module\" src=\"/assets/search.js?v="));
    // Without JavaScript the page says what to do instead.
    assert!(search.contains(
        "<p class=\"search-status\" role=\"status\">Sökningen kräver JavaScript, som är avstängt eller saknas i den här webbläsaren."
    ));
    assert!(search.contains("<meta name=\"robots\" content=\"noindex\">"));
    // The language switcher leads to the other locale's search.
    assert!(search.contains("<a href=\"/nl-NL/search.html\" lang=\"nl-NL\" hreflang=\"nl-NL\">"));
    // Search pages are not articles: not in the sitemap.
    assert!(!b.read("sitemap.xml").contains("search.html"));
}

#[test]
fn steps_have_a_checkbox_a_copy_link_button_and_a_clear_button() {
    let b = build("contract");
    let nl = b.read("nl-NL/billing/upgrade/index.html");
    let step = "upgrade-your-free-account-step-3";
    assert!(nl.contains(&format!(
        "<li class=\"step\" id=\"{step}\" data-pagefind-title=\"Stap 3 van 4\">"
    )));
    assert!(nl.contains(&format!(
        "<p class=\"step-label\" id=\"{step}-label\"><a class=\"step-link\" href=\"#{step}\">Stap 3 van 4</a></p>"
    )));
    // A real checkbox with a visible label, described by the step's label.
    assert!(nl.contains(&format!(
        "<input type=\"checkbox\" class=\"step-check\" id=\"{step}-done\" aria-describedby=\"{step}-label\"><label for=\"{step}-done\">Gedaan</label>"
    )));
    // A real button; shown by the script, which does the copying.
    assert!(nl.contains(&format!(
        "<button type=\"button\" class=\"step-copy\" aria-describedby=\"{step}-label\" data-copied=\"Link gekopieerd\" hidden><span class=\"step-copy-text\">Link kopiëren</span></button>"
    )));
    assert_eq!(nl.matches("class=\"step-check\"").count(), 4);
    assert_eq!(nl.matches("class=\"step-copy\"").count(), 4);
    assert!(nl.contains(
        "<button type=\"button\" class=\"steps-clear\" data-cleared=\"Vinkjes gewist\" hidden>Vinkjes wissen</button>"
    ));
    let sv = b.read("sv-SE/billing/upgrade/index.html");
    assert!(sv.contains("<label for=\"upgrade-your-free-account-step-1-done\">Klart</label>"));
    assert!(sv.contains("Kopiera länk"));
    assert!(sv.contains("Rensa bockar"));
    // The theme's script, on every page.
    assert!(nl.contains("<script src=\"/assets/stegvis.js?v="));
    let script = b.read("assets/stegvis.js");
    assert!(script.contains("localStorage"));
    assert!(script.contains("location.hash"));
}

#[test]
fn lightbox_images_are_links_to_the_large_image_with_a_dialog_on_the_page() {
    let b = build("contract");
    let nl = b.read("nl-NL/billing/upgrade/index.html");
    assert!(nl.contains("<a class=\"lightbox\" href=\"/nl-NL/billing/media/search-large.png\""));
    assert!(nl.contains(
        "<dialog class=\"lightbox-dialog\" aria-label=\"Afbeelding op volledige grootte openen\">"
    ));
    assert!(nl.contains(
        "<form method=\"dialog\" class=\"lightbox-bar\"><button type=\"submit\" class=\"lightbox-close\">Sluiten</button></form>"
    ));
    // A page without such an image has no dialog.
    assert!(
        !b.read("nl-NL/billing/cancel/index.html")
            .contains("<dialog")
    );
}

#[test]
fn no_search_builds_no_index_and_no_search_box() {
    let b = build_with("contract", |o| o.search = false);
    assert!(b.outcome.search.is_none());
    assert!(!b.exists("pagefind"));
    assert!(!b.exists("nl-NL/search.html"));
    let nl = b.read("nl-NL/billing/upgrade/index.html");
    assert!(
        !nl.contains("site-search"),
        "no box leading to a search that is not there"
    );
    // The step lists work without search.
    assert!(nl.contains("class=\"step-check\""));

    // The flag, and `search = false` in stegvis.toml, do the same from the command line.
    let (dir, site_dir) = site("contract");
    let out = dir.path().join("out");
    let (status, _, stderr) = stegvis(
        &[
            "build",
            "--no-search",
            "--site",
            site_dir.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ],
        dir.path(),
    );
    assert_eq!(status, 0, "{stderr}");
    assert!(!stderr.contains("search index"), "{stderr}");
    assert!(!out.join("pagefind").exists());
    std::fs::write(site_dir.join("stegvis.toml"), "search = false\n").unwrap();
    let (status, _, stderr) = stegvis(&["build", "--site", site_dir.to_str().unwrap()], dir.path());
    assert_eq!(status, 0, "{stderr}");
    assert!(!site_dir.join("public/pagefind").exists());
}

#[test]
fn the_build_reports_the_time_of_the_search_index() {
    let (dir, site_dir) = site("contract");
    let (status, _, stderr) = stegvis(&["build", "--site", site_dir.to_str().unwrap()], dir.path());
    assert_eq!(status, 0, "{stderr}");
    let line = stderr
        .lines()
        .find(|l| l.starts_with("stegvis: search index of 4 pages in 2 locales (nl-NL, sv-SE) in "))
        .unwrap_or_else(|| panic!("{stderr}"));
    assert!(line.ends_with(" s"), "{line}");
}

#[test]
fn a_base_path_reaches_the_search_page_and_the_bundle() {
    let b = build_with("contract", |o| {
        o.base_url = Some("https://example.org/help/".to_string())
    });
    let nl = b.read("nl-NL/billing/upgrade/index.html");
    assert!(nl.contains("action=\"/help/nl-NL/search.html\""));
    assert!(
        b.read("nl-NL/search.html")
            .contains("data-bundle=\"/help/pagefind/nl-NL/\"")
    );
    let urls: Vec<String> = fragments(&b.out, "nl-NL")
        .iter()
        .map(|f| f["url"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        urls,
        [
            "/help/nl-NL/billing/cancel/",
            "/help/nl-NL/billing/upgrade/"
        ]
    );
}

/// The URLs a page would load: `src` and `srcset` of any element, `href` of
/// `<link>` elements that load something (not `canonical` or `alternate`),
/// `data` of `<object>`, and `url(…)` in style.
fn loaded_urls(html: &str) -> Vec<String> {
    let mut urls = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        let Some(end) = rest[start..].find('>') else {
            break;
        };
        let tag = &rest[start..start + end];
        rest = &rest[start + end..];
        let attr = |name: &str| -> Option<String> {
            let key = format!(" {name}=\"");
            let at = tag.find(&key)? + key.len();
            let len = tag[at..].find('"')?;
            Some(tag[at..at + len].to_string())
        };
        for name in ["src", "data"] {
            urls.extend(attr(name));
        }
        if let Some(set) = attr("srcset") {
            urls.extend(
                set.split(',')
                    .filter_map(|c| c.split_whitespace().next().map(str::to_string)),
            );
        }
        if tag.starts_with("<link")
            && let Some(rel) = attr("rel")
            && !matches!(rel.as_str(), "canonical" | "alternate")
        {
            urls.extend(attr("href"));
        }
    }
    urls.extend(css_urls(html));
    urls
}

fn css_urls(text: &str) -> Vec<String> {
    text.match_indices("url(")
        .filter_map(|(at, _)| {
            let inner = &text[at + 4..];
            let end = inner.find(')')?;
            Some(inner[..end].trim_matches(['"', '\'', ' ']).to_string())
        })
        .collect()
}

/// Same site: path-absolute (`/x`), relative, a fragment, or data (whose
/// text may name a namespace such as `http://www.w3.org/2000/svg`).
fn stays_here(url: &str) -> bool {
    url.starts_with("data:") || !url.contains("://") && !url.starts_with("//")
}

#[test]
fn no_page_loads_anything_from_another_host() {
    for case in ["contract", "extensions", "quirks", "l10n"] {
        for base in [None, Some("https://example.org/help/")] {
            let b = build_with(case, |o| o.base_url = base.map(str::to_string));
            let mut pages = 0;
            for file in files_under(&b.out) {
                let name = file.to_string_lossy().into_owned();
                let text = match std::fs::read_to_string(&file) {
                    Ok(text) => text,
                    Err(_) => continue, // images and the search index
                };
                let urls = if name.ends_with(".html") {
                    pages += 1;
                    loaded_urls(&text)
                } else if name.ends_with(".css") {
                    css_urls(&text)
                } else {
                    continue;
                };
                assert!(
                    !urls.is_empty() || !name.ends_with(".html"),
                    "{name}: no stylesheet?"
                );
                for url in urls {
                    assert!(stays_here(&url), "{case}: {name} loads {url}");
                }
            }
            assert!(pages > 0, "{case}");
        }
    }
    // The theme's own scripts name no other host at all.
    let b = build("contract");
    for script in ["assets/stegvis.js", "assets/search.js"] {
        let text = b.read(script);
        assert!(
            !text.contains("http://") && !text.contains("https://"),
            "{script}"
        );
    }
}

#[test]
fn a_locale_without_articles_gets_no_search_and_no_box_leading_to_one() {
    let (dir, site_dir) = site("contract");
    std::fs::write(site_dir.join("stegvis.toml"), "fallback = \"none\"\n").unwrap();
    std::fs::create_dir_all(site_dir.join("locales/fi-FI")).unwrap();
    std::fs::write(
        site_dir.join("locales/fi-FI/stegvis.ftl"),
        "language-name = Suomi\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    let (status, _, stderr) = stegvis(
        &[
            "build",
            "--site",
            site_dir.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ],
        dir.path(),
    );
    // Without its stand-ins the Swedish tree lacks a file (an error), but it is built.
    assert!(status < 2 && stderr.contains("stegvis: built"), "{stderr}");
    assert!(out.join("fi-FI/404.html").is_file(), "{stderr}");
    assert!(!out.join("fi-FI/search.html").exists());
    assert!(!out.join("pagefind/fi-FI").exists());
    let not_found = std::fs::read_to_string(out.join("fi-FI/404.html")).unwrap();
    assert!(!not_found.contains("site-search"));
    // The other locales keep theirs, and their search pages offer no Finnish one.
    let nl = std::fs::read_to_string(out.join("nl-NL/search.html")).unwrap();
    assert!(!nl.contains("/fi-FI/search.html"));
    assert!(out.join("pagefind/sv-SE/pagefind-entry.json").is_file());
}
