//! The build cache: a build that takes from it writes, byte for byte, what a
//! build without it writes, and reports the same diagnostics, after every
//! kind of edit; a damaged, truncated or foreign cache is ignored.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use stegvis::{Mode, Options, Outcome};

use crate::support::copy_dir;

/// A site in a temporary folder, built into `public/` with the cache and,
/// to compare, into `fresh/` without it.
struct Case {
    dir: tempfile::TempDir,
    site: PathBuf,
    out: PathBuf,
    search: bool,
}

impl Case {
    fn new(fill: impl FnOnce(&Path)) -> Case {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        std::fs::create_dir_all(&site).unwrap();
        fill(&site);
        let out = dir.path().join("public");
        Case {
            dir,
            site,
            out,
            search: false,
        }
    }

    /// The example site of the repository.
    fn example() -> Case {
        Case::new(|site| {
            let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
            for folder in ["content", "locales", "templates"] {
                copy_dir(&repo.join(folder), &site.join(folder));
            }
            std::fs::copy(repo.join("stegvis.toml"), site.join("stegvis.toml")).unwrap();
        })
    }

    /// A site of the benchmark's generator (`benches/gen_site.py`).
    fn generated(articles: usize) -> Case {
        let case = Case::new(|_| {});
        std::fs::remove_dir(&case.site).unwrap();
        let status = std::process::Command::new("python3")
            .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/gen_site.py"))
            .args(["--articles", &articles.to_string(), "--out"])
            .arg(&case.site)
            .status()
            .expect("python3 runs the site generator");
        assert!(status.success());
        case
    }

    fn fixture(name: &str) -> Case {
        Case::new(|site| copy_dir(&crate::support::fixture(name), site))
    }

    fn options(&self, out: &Path, cache: bool) -> Options {
        Options {
            site: self.site.clone(),
            mode: Mode::Build {
                out: out.to_path_buf(),
            },
            base_url: None,
            strict: false,
            search: self.search,
            cache,
        }
    }

    /// Builds with the cache into `public/`.
    fn build(&self) -> Outcome {
        stegvis::run(&self.options(&self.out, true)).expect("the build runs")
    }

    /// Builds with the cache, and checks the result against a build without
    /// it: the same files, the same bytes, the same report.
    fn build_and_compare(&self, what: &str) -> stegvis::cache::Report {
        let cached = self.build();
        let fresh_out = self.dir.path().join("fresh");
        let fresh = stegvis::run(&self.options(&fresh_out, false)).expect("the build runs");
        assert_eq!(
            cached.diagnostics, fresh.diagnostics,
            "{what}: the diagnostics differ"
        );
        assert_eq!(
            (
                cached.pages,
                cached.articles,
                cached.fallbacks,
                cached.failed
            ),
            (fresh.pages, fresh.articles, fresh.fallbacks, fresh.failed),
            "{what}: the counts differ"
        );
        assert!(cached.written, "{what}: the output is in place");
        let (a, b) = (files(&self.out), files(&fresh_out));
        assert_eq!(
            a.keys().collect::<Vec<_>>(),
            b.keys().collect::<Vec<_>>(),
            "{what}: other files"
        );
        for (path, bytes) in &a {
            assert!(bytes == &b[path], "{what}: {path} differs");
        }
        assert!(
            !self.dir.path().join(".fresh.stegvis-cache").exists(),
            "a build without the cache leaves none"
        );
        cached.cache.expect("the build used the cache")
    }

    fn edit(&self, rel: &str, change: impl FnOnce(String) -> String) {
        let path = self.site.join(rel);
        let text = std::fs::read_to_string(&path).unwrap();
        let changed = change(text.clone());
        assert_ne!(changed, text, "{rel}: the edit changes the file");
        std::fs::write(path, changed).unwrap();
    }

    fn cache_file(&self, name: &str) -> PathBuf {
        self.dir.path().join(".public.stegvis-cache").join(name)
    }
}

/// Every file under `root`, by its path.
fn files(root: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut found = BTreeMap::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                found.insert(rel, std::fs::read(&path).unwrap());
            }
        }
    }
    found
}

/// The first article of a locale of a generated site, by its path in the site.
fn first_article(site: &Path, locale: &str) -> String {
    let mut found: Vec<String> = files(&site.join("content").join(locale))
        .into_keys()
        .filter(|p| p.ends_with(".md") && !p.starts_with("includes/") && !p.ends_with("TOC.md"))
        .collect();
    found.sort();
    format!("content/{locale}/{}", found[0])
}

#[test]
fn every_kind_of_edit_gives_what_a_build_without_the_cache_gives() {
    let case = Case::generated(12);
    let article = first_article(&case.site, "nl-NL");
    let report = case.build_and_compare("cold");
    assert_eq!(
        report.parsed, report.articles,
        "a cold build parses everything"
    );

    let report = case.build_and_compare("nothing changed");
    assert!(report.unchanged, "{report:?}");

    case.edit(&article, |t| t + "\nEen extra zin voor de meting.\n");
    let report = case.build_and_compare("a body edit");
    assert_eq!(report.parsed, 1, "{report:?}");
    assert!(report.rendered < report.pages / 2, "{report:?}");

    // (A `: ` inside a value would make the front matter invalid YAML.)
    case.edit(&article, |t| t.replacen("title: ", "title: Nieuw ", 1));
    case.build_and_compare("a title edit");

    case.edit(&article, |t| {
        t.replacen("description: ", "description: Anders, ", 1)
    });
    case.build_and_compare("a description edit");

    case.edit(&article, |t| {
        let lines: Vec<&str> = t
            .lines()
            .map(|l| match l.starts_with("ms.date: ") {
                true => "ms.date: 12/31/2020",
                false => l,
            })
            .collect();
        lines.join("\n") + "\n"
    });
    let report = case.build_and_compare("a date edit");
    assert_eq!(report.rendered, 1, "the front matter is valid: {report:?}");

    case.edit("content/nl-NL/includes/support.md", |t| {
        t + "\nMeer hulp.\n"
    });
    let report = case.build_and_compare("an include edit");
    assert!(report.parsed < report.articles, "{report:?}");

    case.edit("content/sv-SE/includes/product.md", |t| t.replace('e', "é"));
    case.build_and_compare("another include edit");

    std::fs::create_dir_all(case.site.join("templates")).unwrap();
    std::fs::write(
        case.site.join("templates/article.html"),
        std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("templates/article.html"),
        )
        .unwrap()
            + "\n{# edited #}<!-- a template edit -->\n",
    )
    .unwrap();
    let report = case.build_and_compare("a template edit");
    assert_eq!(report.parsed, 0, "{report:?}");
    assert_eq!(report.rendered, report.pages, "{report:?}");

    std::fs::create_dir_all(case.site.join("locales/nl-NL")).unwrap();
    std::fs::write(
        case.site.join("locales/nl-NL/site.ftl"),
        "home = Startpagina\n",
    )
    .unwrap();
    case.build_and_compare("a Fluent edit");

    let gone = first_article(&case.site, "sv-SE");
    std::fs::remove_file(case.site.join(&gone)).unwrap();
    case.build_and_compare("a deleted article");

    let new = case.site.join("content/nl-NL/billing/nieuw-artikel.md");
    std::fs::create_dir_all(new.parent().unwrap()).unwrap();
    std::fs::write(
        &new,
        "---\ntitle: Nieuw artikel\ndescription: Een nieuw artikel.\nms.date: 03/11/2021\n---\n\n# Nieuw artikel\n\nTekst.\n",
    )
    .unwrap();
    case.build_and_compare("an added article");

    // Touched, the same bytes: read again, and nothing else changes.
    let text = std::fs::read(case.site.join(&article)).unwrap();
    std::fs::write(case.site.join(&article), text).unwrap();
    let report = case.build_and_compare("a touched file");
    assert!(report.unchanged || report.rendered == 0, "{report:?}");

    // Another configuration: the cache is stale, and everything is done again.
    std::fs::write(case.site.join("stegvis.toml"), "title = \"Hulp\"\n").unwrap();
    let report = case.build_and_compare("another configuration");
    assert_eq!(report.parsed, report.articles, "{report:?}");
}

#[test]
fn the_example_site_with_search_and_diagnostics() {
    let mut case = Case::example();
    case.search = true;
    case.build_and_compare("cold");
    assert!(case.build_and_compare("nothing changed").unchanged);
    case.edit("content/nl-NL/index.md", |t| t + "\nNog een zin.\n");
    let report = case.build_and_compare("a body edit");
    assert_eq!(report.parsed, 1, "{report:?}");
    case.edit("content/sv-SE/index.md", |t| {
        t + "\n[Kapot](bestaat-niet.md)\n"
    });
    case.build_and_compare("a broken link");
    assert!(case.build_and_compare("nothing changed").unchanged);

    let quirks = Case::fixture("quirks");
    let first = quirks.build_and_compare("cold");
    assert!(first.parsed > 0);
    let again = quirks.build_and_compare("nothing changed");
    assert!(again.unchanged, "{again:?}");
}

#[test]
fn a_damaged_truncated_or_foreign_cache_is_ignored() {
    let case = Case::example();
    case.build_and_compare("cold");
    let manifest = case.cache_file("manifest.bin");
    let bucket = (0..64)
        .map(|b| case.cache_file(&format!("parsed-{b:02}.bin")))
        .find(|p| std::fs::metadata(p).is_ok_and(|m| m.len() > 100))
        .expect("a bucket with parse results");
    let original = std::fs::read(&manifest).unwrap();

    // A bucket cut short: its files are parsed again.
    let bytes = std::fs::read(&bucket).unwrap();
    std::fs::write(&bucket, &bytes[..bytes.len() / 2]).unwrap();
    case.edit("content/nl-NL/index.md", |t| t + "\nNog een zin.\n");
    let report = case.build_and_compare("a truncated bucket");
    assert_eq!(report.parsed, report.articles, "{report:?}");

    // A flipped byte in the manifest.
    let mut bytes = std::fs::read(&manifest).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x55;
    std::fs::write(&manifest, &bytes).unwrap();
    let report = case.build_and_compare("a damaged manifest");
    assert!(!report.unchanged);
    assert_eq!(report.parsed, report.articles, "{report:?}");

    // Written by another stegvis: the build named in the header differs.
    let mut bytes = std::fs::read(&manifest).unwrap();
    let at = original.len().min(bytes.len()).min(24);
    bytes[at] = bytes[at].wrapping_add(1);
    std::fs::write(&manifest, &bytes).unwrap();
    let report = case.build_and_compare("a foreign cache");
    assert_eq!(report.parsed, report.articles, "{report:?}");

    // Not a cache at all.
    std::fs::write(&manifest, b"garbage").unwrap();
    let report = case.build_and_compare("garbage");
    assert_eq!(report.parsed, report.articles, "{report:?}");

    // An output folder changed by hand: the changed page is made again.
    let page = case.out.join("nl-NL/index.html");
    std::fs::write(&page, "changed by hand").unwrap();
    let report = case.build_and_compare("an output file changed by hand");
    assert!(!report.unchanged);
}

/// The runs files (byte runs of the parse results, read when first needed)
/// of the cache of `case`, with parse results in them.
fn runs_files(case: &Case) -> Vec<PathBuf> {
    (0..64)
        .map(|b| case.cache_file(&format!("runs-{b:02}.bin")))
        .filter(|p| std::fs::metadata(p).is_ok_and(|m| m.len() > 100))
        .collect()
}

/// Flips a byte in the second half of `path`, keeping its length.
fn flip_a_byte(path: &Path) {
    let mut bytes = std::fs::read(path).unwrap();
    let at = bytes.len() * 3 / 4;
    bytes[at] ^= 0x55;
    std::fs::write(path, &bytes).unwrap();
}

#[test]
fn runs_files_changed_under_a_build_make_it_build_again_without_the_cache() {
    let case = Case::example();
    case.build_and_compare("cold");
    let runs = runs_files(&case);
    assert!(!runs.is_empty());

    // Changed in place: found only when the build reads them, after it read
    // the parse results that point into them. Nothing it made is used.
    for path in &runs {
        flip_a_byte(path);
    }
    case.edit("content/nl-NL/index.md", |t| t + "\nNog een zin.\n");
    let report = case.build_and_compare("runs changed in place");
    assert!(report.damaged, "{report:?}");
    assert_eq!(
        report.parsed, report.articles,
        "built without it: {report:?}"
    );
    // The build saved a sound cache again.
    case.edit("content/nl-NL/index.md", |t| t + "\nEn nog een.\n");
    let report = case.build_and_compare("after the damage");
    assert!(!report.damaged && report.parsed == 1, "{report:?}");

    // Cut short: seen before any result is read; a cold build, once.
    let path = &runs_files(&case)[0];
    let bytes = std::fs::read(path).unwrap();
    std::fs::write(path, &bytes[..bytes.len() - 1]).unwrap();
    case.edit("content/nl-NL/index.md", |t| t + "\nEn nog een.\n");
    let report = case.build_and_compare("a runs file cut short");
    assert!(!report.damaged, "{report:?}");
    assert_eq!(report.parsed, report.articles, "{report:?}");

    // A strict build that fails publishes nothing; its report is that of a
    // build without the cache, which it forgot.
    case.edit("content/nl-NL/index.md", |t| {
        t + "\n[Kapot](bestaat-niet.md)\n"
    });
    for path in &runs_files(&case) {
        flip_a_byte(path);
    }
    let strict = |cache| Options {
        strict: true,
        ..case.options(&case.out, cache)
    };
    let failed = stegvis::run(&strict(true)).unwrap();
    assert!(failed.failed && !failed.written);
    assert!(!case.cache_file("manifest.bin").exists());
    let fresh = stegvis::run(&Options {
        strict: true,
        ..case.options(&case.dir.path().join("fresh"), false)
    })
    .unwrap();
    assert_eq!(failed.diagnostics, fresh.diagnostics);
}

#[test]
fn no_cache_removes_the_cache_and_a_strict_failure_keeps_it() {
    let case = Case::example();
    case.build();
    assert!(case.cache_file("manifest.bin").is_file());
    stegvis::run(&case.options(&case.out, false)).unwrap();
    assert!(
        !case.dir.path().join(".public.stegvis-cache").exists(),
        "--no-cache leaves no cache describing another output"
    );
    case.build();
    case.edit("content/nl-NL/index.md", |t| {
        t + "\n[Kapot](bestaat-niet.md)\n"
    });
    let strict = Options {
        strict: true,
        ..case.options(&case.out, true)
    };
    let failed = stegvis::run(&strict).unwrap();
    assert!(failed.failed && !failed.written);
    // The cache still describes the output, which is as it was.
    let report = case.build_and_compare("after a strict failure");
    assert_eq!(report.parsed, 1, "{report:?}");
}

/// Blocks read from the cache stay encoded until a page needs them, and step
/// ids are aligned across translations from the procedures' ids kept beside
/// them: a translation whose step ids differ from its source's gets the
/// source's ids again on every build, whether its page is kept or made again.
#[test]
fn step_ids_aligned_from_the_cache_equal_those_of_a_build_without_it() {
    let write = |site: &Path, rel: &str, text: &str| {
        let path = site.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    let case = Case::new(|site| {
        write(
            site,
            "content/nl-NL/werk.md",
            "---\ntitle: Werk\nms.date: 03/11/2021\n---\n\n# Werk\n\n## Een taak uitvoeren\n\n1. Open het menu.\n2. Kies **Opslaan**.\n\nKlaar.\n",
        );
        write(
            site,
            "content/sv-SE/werk.md",
            "---\ntitle: Arbete\nms.date: 03/11/2021\n---\n\n# Arbete\n\n## Utföra en uppgift\n\n1. Öppna menyn.\n2. Välj **Spara**.\n\nKlart.\n",
        );
        for locale in ["nl-NL", "sv-SE"] {
            write(
                site,
                &format!("content/{locale}/ander.md"),
                "---\ntitle: Ander\nms.date: 03/11/2021\n---\n\n# Ander\n\nTekst.\n",
            );
        }
    });
    let step_ids = |locale: &str| -> Vec<String> {
        let page = std::fs::read_to_string(case.out.join(locale).join("werk/index.html")).unwrap();
        page.match_indices("id=\"")
            .map(|(i, _)| page[i + 4..].split('"').next().unwrap().to_string())
            .filter(|id| id.ends_with("-step-1") || id.ends_with("-step-2"))
            .collect()
    };
    case.build_and_compare("cold");
    let aligned = step_ids("nl-NL");
    assert_eq!(
        aligned,
        ["een-taak-uitvoeren-step-1", "een-taak-uitvoeren-step-2"]
    );
    assert_eq!(
        step_ids("sv-SE"),
        aligned,
        "the translation takes the source's ids"
    );

    case.edit("content/nl-NL/ander.md", |t| t + "\nMeer tekst.\n");
    let report = case.build_and_compare("another article's body");
    assert_eq!(report.parsed, 1, "{report:?}");
    assert_eq!(step_ids("sv-SE"), aligned);

    case.edit("content/sv-SE/werk.md", |t| t + "\nMer text.\n");
    let report = case.build_and_compare("the translation's body");
    assert_eq!(report.parsed, 1, "{report:?}");
    assert_eq!(step_ids("sv-SE"), aligned);

    case.edit("content/nl-NL/werk.md", |t| t + "\nNog meer.\n");
    case.build_and_compare("the source's body");
    assert_eq!(step_ids("sv-SE"), aligned);

    case.edit("content/nl-NL/werk.md", |t| {
        t.replace("## Een taak uitvoeren", "## De taak doen")
    });
    case.build_and_compare("the source's procedure heading");
    let renamed = ["de-taak-doen-step-1", "de-taak-doen-step-2"];
    assert_eq!(step_ids("nl-NL"), renamed);
    assert_eq!(step_ids("sv-SE"), renamed, "aligned again to the new ids");
}

/// Sets the modification time of folder `path` and every folder below it an
/// hour back (files keep theirs): folders that old vouch for the site's
/// listing, and the cache tells that nothing changed without listing it.
fn age(path: &Path) {
    let hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    for entry in std::fs::read_dir(path).unwrap() {
        let entry = entry.unwrap().path();
        if entry.is_dir() {
            age(&entry);
        }
    }
    std::fs::File::open(path)
        .unwrap()
        .set_modified(hour_ago)
        .unwrap();
}

#[test]
fn with_old_folders_every_change_is_still_seen() {
    let case = Case::generated(6);
    let article = first_article(&case.site, "nl-NL");
    age(&case.site);
    case.build_and_compare("cold");
    let report = case.build_and_compare("nothing changed");
    assert!(report.unchanged, "{report:?}");

    // In place: no folder changes, the file's own stamp does.
    case.edit(&article, |t| t + "\nEen extra zin.\n");
    age(&case.site);
    let report = case.build_and_compare("an edit in place");
    assert!(!report.unchanged && report.parsed == 1, "{report:?}");
    assert!(case.build_and_compare("nothing changed again").unchanged);

    let folder = case.site.join("content/nl-NL/billing");
    std::fs::create_dir_all(&folder).unwrap();
    age(&case.site);
    case.build_and_compare("an empty folder");
    std::fs::write(
        folder.join("nieuw.md"),
        "---\ntitle: Nieuw artikel\ndescription: Een nieuw artikel.\nms.date: 03/11/2021\n---\n\n# Nieuw artikel\n\nTekst.\n",
    )
    .unwrap();
    let report = case.build_and_compare("an added article");
    assert!(!report.unchanged, "{report:?}");
    age(&case.site);
    assert!(case.build_and_compare("nothing changed after it").unchanged);

    std::fs::rename(folder.join("nieuw.md"), folder.join("anders.md")).unwrap();
    let report = case.build_and_compare("a renamed article");
    assert!(!report.unchanged, "{report:?}");
    age(&case.site);
    case.build_and_compare("aged");

    std::fs::remove_file(folder.join("anders.md")).unwrap();
    let report = case.build_and_compare("a removed article");
    assert!(!report.unchanged, "{report:?}");
}

#[test]
fn output_files_changed_by_hand_are_made_again_beside_an_edited_article() {
    let case = Case::generated(6);
    let article = first_article(&case.site, "nl-NL");
    case.build_and_compare("cold");
    case.build_and_compare("nothing changed");
    let outputs: Vec<String> = files(&case.out).into_keys().collect();
    let page = |n: usize| {
        outputs
            .iter()
            .filter(|p| p.starts_with("sv-SE/") && p.ends_with("/index.html"))
            .nth(n)
            .cloned()
            .expect("a page")
    };
    let media = |n: usize| {
        outputs
            .iter()
            .filter(|p| p.ends_with(".png"))
            .nth(n)
            .cloned()
            .expect("a media file")
    };
    // With the site listed, then with old folders (not listed): the output
    // folder is looked at on another thread in both.
    for (round, listed) in [(0, true), (1, false)] {
        case.edit(&article, |t| t + "\nEen extra zin.\n");
        // Edited in place (the same file, as the previous output's spare
        // copy may be), replaced, and removed.
        let edited = case.out.join(page(2 * round));
        let mut bytes = std::fs::read(&edited).unwrap();
        bytes.extend_from_slice(b"<!-- by hand -->");
        std::fs::OpenOptions::new()
            .write(true)
            .open(&edited)
            .unwrap()
            .write_all(&bytes)
            .unwrap();
        let replaced = case.out.join(media(2 * round));
        std::fs::remove_file(&replaced).unwrap();
        std::fs::write(&replaced, b"not an image").unwrap();
        std::fs::remove_file(case.out.join(media(2 * round + 1))).unwrap();
        std::fs::remove_file(case.out.join(page(2 * round + 1))).unwrap();
        // Files that show no article's text: kept unless changed by hand.
        let sitemap = case.out.join("sitemap.xml");
        let mut bytes = std::fs::read(&sitemap).unwrap();
        bytes.extend_from_slice(b"<!-- by hand -->");
        std::fs::write(&sitemap, bytes).unwrap();
        std::fs::remove_file(case.out.join(["nl-NL/404.html", "index.html"][round])).unwrap();
        if !listed {
            age(&case.site);
        }
        let what = format!("an edited article and output files changed by hand, round {round}");
        let report = case.build_and_compare(&what);
        assert!(!report.unchanged && report.parsed == 1, "{report:?}");
        assert!(
            report.rendered >= 3,
            "the edited article and both pages changed by hand: {report:?}"
        );
    }
}
