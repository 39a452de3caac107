//! The workspace `serve` keeps in memory: after any edit, `Workspace::update`
//! must give exactly what loading the site again gives (every file of the
//! site byte for byte, and the same diagnostics), while parsing only what
//! changed; and the on-demand `Renderer` must give what `build` writes.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use stegvis::render::{Common, Index, Output, Renderer};
use stegvis::workspace::{Update, Workspace};

use crate::support::site;

/// Every file the site publishes, rendered one by one.
fn files(ws: &Workspace) -> BTreeMap<String, Vec<u8>> {
    let common = Common::new(&ws.site, &ws.theme, &ws.i18n);
    let renderer = Renderer::new(&ws.site, &ws.theme, &ws.i18n, &common);
    let index = Index::new(&ws.site, &ws.theme);
    let mut paths: Vec<&str> = index.paths().collect();
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            let bytes = match renderer.file(&index, p).unwrap().unwrap() {
                Output::Bytes { bytes, .. } => bytes,
                Output::Copy { from, .. } => std::fs::read(from).unwrap(),
                Output::Kept { path } => panic!("{path}: the renderer keeps nothing"),
            };
            (p.to_string(), bytes)
        })
        .collect()
}

fn lines(ws: &Workspace) -> Vec<String> {
    ws.diagnostics()
        .iter()
        .map(|d| {
            let at = d
                .span
                .as_ref()
                .map(|s| format!("{}:{}:{}", s.file, s.start.line, s.start.column));
            format!(
                "{} {} {}",
                d.code.as_str(),
                at.unwrap_or_default(),
                d.message
            )
        })
        .collect()
}

/// Applies an edit, updates the workspace and checks it against a fresh load.
fn edit(ws: &mut Workspace, what: &str, change: impl FnOnce(&Path) -> Vec<PathBuf>) -> Update {
    let root = ws.root().to_path_buf();
    let before = files(ws);
    let paths = change(&root);
    let update = ws.update(&paths).unwrap();
    // What `serve` keeps from before the edit must not have changed.
    if let Some(pages) = &update.pages {
        let after = files(ws);
        for (path, bytes) in &after {
            if !pages.contains(path) {
                assert!(
                    before.get(path) == Some(bytes),
                    "{path} changed after: {what}, but the update did not name it"
                );
            }
        }
    }
    let fresh = Workspace::load(&root, None).unwrap();
    assert_eq!(lines(ws), lines(&fresh), "diagnostics after: {what}");
    let (ours, theirs) = (files(ws), files(&fresh));
    assert_eq!(
        ours.keys().collect::<Vec<_>>(),
        theirs.keys().collect::<Vec<_>>(),
        "files after: {what}"
    );
    for (path, bytes) in &ours {
        assert!(
            bytes == &theirs[path],
            "{path} differs after: {what}\n{}",
            String::from_utf8_lossy(bytes)
        );
    }
    update
}

fn replace(root: &Path, file: &str, from: &str, to: &str) -> Vec<PathBuf> {
    let path = root.join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{file} has no `{from}`");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    vec![path]
}

/// Whether an update names `page` among the pages it changed.
fn names(u: &Update, page: &str) -> bool {
    u.pages
        .as_ref()
        .is_some_and(|pages| pages.iter().any(|p| p == page))
}

const UPGRADE_NL: &str = "content/nl-NL/billing/upgrade.md";
const UPGRADE_SV: &str = "content/sv-SE/billing/upgrade.md";

#[test]
fn every_kind_of_edit_gives_what_a_fresh_load_gives() {
    let (_dir, root) = site("contract");
    let mut ws = Workspace::load(&root, None).unwrap();

    let u = edit(&mut ws, "a sentence changed", |r| {
        replace(r, UPGRADE_NL, "Meld u aan", "Meld je aan")
    });
    assert_eq!(
        (u.parsed, u.reassembled),
        (1, false),
        "one file parsed, nothing else"
    );
    // The folder's page lists titles and descriptions, the sitemap dates:
    // neither shows a sentence.
    let pages = u.pages.as_deref().unwrap_or_default();
    assert!(
        pages
            .iter()
            .any(|p| p.ends_with("billing/upgrade/index.html"))
            && !pages
                .iter()
                .any(|p| p == "sitemap.xml" || p == "nl-NL/billing/index.html"),
        "{u:?}"
    );

    let u = edit(&mut ws, "a date changed", |r| {
        replace(r, UPGRADE_NL, "ms.date: 03/11/2021", "ms.date: 04/11/2021")
    });
    assert!(!u.reassembled && names(&u, "sitemap.xml"), "{u:?}");

    let u = edit(&mut ws, "a description changed", |r| {
        replace(r, UPGRADE_NL, "description: Hoe u", "description: Zo zet u")
    });
    assert!(
        !u.reassembled && names(&u, "nl-NL/billing/index.html"),
        "{u:?}"
    );

    let u = edit(&mut ws, "a step added in the source", |r| {
        replace(
            r,
            UPGRADE_NL,
            "1. Selecteer **Upgraden**.",
            "1. Selecteer **Upgraden**.\n1. Wacht.",
        )
    });
    assert!(
        u.reassembled,
        "the procedures changed, so the translations' step ids may"
    );

    let u = edit(&mut ws, "a translation's text changed", |r| {
        replace(r, UPGRADE_SV, "Logga in", "Logga nu in")
    });
    assert_eq!((u.parsed, u.reassembled), (1, false));

    let u = edit(&mut ws, "a title changed", |r| {
        replace(
            r,
            UPGRADE_NL,
            "title: Uw account upgraden",
            "title: Upgraden",
        )
    });
    assert!(u.reassembled, "titles are in the navigation");

    edit(&mut ws, "YAML broken mid-typing", |r| {
        replace(r, UPGRADE_NL, "title: Upgraden", "title: [Upgraden")
    });
    assert!(
        lines(&ws)
            .iter()
            .any(|l| l.starts_with("SV0003 content/nl-NL/billing/upgrade.md"))
    );
    edit(&mut ws, "YAML fixed", |r| {
        replace(r, UPGRADE_NL, "title: [Upgraden", "title: Upgraden")
    });
    assert!(!lines(&ws).iter().any(|l| l.starts_with("SV0003")));

    edit(&mut ws, "an include changed", |r| {
        replace(
            r,
            "content/nl-NL/includes/product.md",
            "Contoso",
            "Fabrikam",
        )
    });

    edit(&mut ws, "a new article", |r| {
        let path = r.join("content/nl-NL/billing/new.md");
        std::fs::write(&path, "---\ntitle: Nieuw\ndescription: Nieuw artikel.\nms.date: 01/02/2024\n---\n# Nieuw\n\n1. Een.\n2. Twee.\n").unwrap();
        vec![path]
    });

    edit(&mut ws, "an article deleted", |r| {
        let path = r.join("content/nl-NL/billing/cancel.md");
        std::fs::remove_file(&path).unwrap();
        vec![path]
    });

    edit(&mut ws, "a folder moved", |r| {
        let (from, to) = (
            r.join("content/nl-NL/billing"),
            r.join("content/nl-NL/invoices"),
        );
        std::fs::rename(&from, &to).unwrap();
        vec![from, to]
    });

    edit(&mut ws, "the table of contents changed", |r| {
        replace(r, "content/nl-NL/TOC.md", "# Facturering", "# Rekeningen")
    });

    edit(&mut ws, "an image deleted", |r| {
        let path = r.join("content/nl-NL/invoices/media/search.png");
        std::fs::remove_file(&path).unwrap();
        vec![path]
    });

    let u = edit(&mut ws, "a UI string changed", |r| {
        let path = r.join("locales/sv-SE/site.ftl");
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, "step-label = Moment { $position } av { $total }\n").unwrap();
        vec![path]
    });
    assert_eq!(u.parsed, 0, "UI strings re-parse nothing");

    let u = edit(&mut ws, "a template changed", |r| {
        let path = r.join("templates/404.html");
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(
            &path,
            "{% extends \"base.html\" %}{% block content %}<h1>Weg</h1>{% endblock content %}\n",
        )
        .unwrap();
        vec![path]
    });
    assert_eq!((u.parsed, u.theme), (0, true));

    edit(&mut ws, "a locale folder added", |r| {
        let path = r.join("content/fi-FI/invoices/upgrade.md");
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, "---\ntitle: Päivitä\ndescription: Päivitä tili.\nms.date: 03/11/2021\nms.assetid: 6f1c2a9e-0b7d-4c55-9d1e-6a3f8e2b4c10\n---\n# Päivitä\n").unwrap();
        vec![r.join("content/fi-FI")]
    });

    edit(&mut ws, "stegvis.toml written", |r| {
        let path = r.join("stegvis.toml");
        std::fs::write(&path, "fallback = \"none\"\n").unwrap();
        vec![path]
    });

    let before = ws.generation;
    let u = edit(&mut ws, "a swap file and a file outside the site", |r| {
        let swap = r.join("content/nl-NL/invoices/.upgrade.md.swp");
        let backup = r.join("content/nl-NL/invoices/upgrade.md~");
        std::fs::write(&swap, "x").unwrap();
        std::fs::write(&backup, "x").unwrap();
        vec![swap, backup, r.join("public/index.html")]
    });
    assert!(!u.changed() && ws.generation == before, "ignored: {u:?}");

    let u = edit(&mut ws, "a file saved unchanged", |r| {
        vec![r.join(UPGRADE_SV)]
    });
    assert!(!u.changed());
}

#[test]
fn the_renderer_gives_what_build_writes() {
    let (dir, root) = site("contract");
    let out = dir.path().join("public");
    let (code, _, err) = crate::support::stegvis(&["build", "--out", out.to_str().unwrap()], &root);
    assert_eq!(code, 0, "{err}");
    let ws = Workspace::load(&root, None).unwrap();
    let rendered = files(&ws);
    let mut written = BTreeMap::new();
    collect(&out, &out, &mut written);
    written.remove(".stegvis-output");
    // The search index is made by the search stage from all pages at once, not
    // by the renderer (`serve` makes it on the first request for it).
    written.retain(|path, _| !path.starts_with("pagefind/"));
    assert_eq!(
        rendered.keys().collect::<Vec<_>>(),
        written.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &rendered {
        assert!(bytes == &written[path], "{path} differs");
    }
}

fn collect(base: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            collect(base, &path, out);
        } else {
            let rel = path
                .strip_prefix(base)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            out.insert(rel, std::fs::read(&path).unwrap());
        }
    }
}

/// The files `render` was told to keep go to the sink as kept, and count as
/// pages all the same; the others are made.
#[test]
fn render_keeps_the_pages_it_is_told_to_keep() {
    use stegvis::render::{Collect, Kept, render};
    let (_dir, root) = site("contract");
    let ws = Workspace::load(&root, None).unwrap();
    let run = |kept: &Kept| {
        let sink = Collect::default();
        let rendered = render(
            &ws.site,
            &ws.theme,
            &ws.i18n,
            &stegvis::progress::Silent,
            &sink,
            kept,
        );
        let outputs = sink.into_outputs();
        let paths: Vec<String> = outputs.iter().map(|o| o.path().to_string()).collect();
        let mut kept: Vec<String> = outputs
            .into_iter()
            .filter_map(|o| match o {
                Output::Kept { path } => Some(path),
                _ => None,
            })
            .collect();
        kept.sort();
        (rendered.pages, paths.len(), kept)
    };
    let (pages, files, kept) = run(&Kept::default());
    assert!(kept.is_empty() && pages > 4, "{kept:?}");
    let keep = [
        "index.html",
        "nl-NL/404.html",
        "nl-NL/billing/index.html",
        "sitemap.xml",
    ];
    let told = Kept {
        articles: Vec::new(),
        others: Some(Box::new(move |p: &str| keep.contains(&p))),
    };
    assert_eq!(run(&told), (pages, files, keep.map(String::from).to_vec()));
}
