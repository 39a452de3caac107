//! Hostile input (issue 8): resource bounds, paths that try to leave the site
//! or the output folder, output folders that must never be replaced, and
//! builds that fail or are killed while writing. Each case asserts its own
//! diagnostic or refusal, and that nothing outside its temporary folder
//! changed (a sentinel folder `outside/` beside the site holds the files the
//! paths aim at, and is compared before and after).
//!
//! Inputs are generated here, never committed. `cargo test` runs every case at
//! a size a debug build handles in a second or two; the `full_size_*` tests are
//! ignored and run the sizes of issue 8 against a release binary, timed, with
//! peak memory from `/usr/bin/time -v`:
//!
//! ```sh
//! cargo build --release
//! STEGVIS_BIN=target/release/stegvis cargo test -- --ignored --nocapture adversarial
//! ```
//!
//! (`.ci/run` does this.) A release binary is driven from the debug test
//! harness so CI compiles the crate in release once, not twice.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;
use stegvis::{Fatal, Mode, Options};

// ---------------------------------------------------------------------------
// Harness

/// A temporary folder with `site/`, a sentinel `outside/` beside it, and the
/// output folder `public/`.
struct Case {
    dir: tempfile::TempDir,
    site: PathBuf,
    outside: PathBuf,
    out: PathBuf,
    /// What `outside/` held before the run.
    outside_before: BTreeMap<PathBuf, Vec<u8>>,
}

/// Text that must never be read into a page, a diagnostic or a log.
const SECRET: &str = "SECRET-OUTSIDE-THE-SITE";

impl Case {
    fn new() -> Case {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        let outside = dir.path().join("outside");
        std::fs::create_dir_all(site.join("content/nl-NL")).unwrap();
        std::fs::create_dir_all(outside.join("docs")).unwrap();
        for name in ["secret.md", "secret.png", "docs/secret.md", "secret.toml"] {
            std::fs::write(outside.join(name), format!("{SECRET}\n")).unwrap();
        }
        let outside_before = snapshot(&outside);
        let out = dir.path().join("public");
        Case {
            dir,
            site,
            outside,
            out,
            outside_before,
        }
    }

    fn write(&self, rel: &str, text: impl AsRef<[u8]>) {
        let path = self.site.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    fn article(&self, rel: &str, body: &str) {
        self.write(rel, article("Artikel", body));
    }

    /// Builds in-process; the diagnostics of the run.
    fn build(&self) -> stegvis::Outcome {
        stegvis::run(&Options {
            site: self.site.clone(),
            mode: Mode::Build {
                out: self.out.clone(),
            },
            base_url: None,
            strict: false,
            // The search index has tests of its own; the binary runs build it.
            search: false,
            cache: true,
        })
        .expect("the build runs")
    }

    /// Runs the binary in the temporary folder, with `HOME` inside it.
    fn bin(&self, args: &[&str]) -> Run {
        run_bin(&binary(), args, self.dir.path(), Duration::from_secs(60))
    }

    /// The sentinel folder is as it was, and the temporary folder holds
    /// nothing but `site/`, `outside/` and the `allowed` names (which may be
    /// absent): no file was written beside them, and no folder left behind.
    fn assert_outside_untouched(&self, allowed: &[&str]) {
        assert_eq!(
            snapshot(&self.outside),
            self.outside_before,
            "outside/ changed"
        );
        for entry in std::fs::read_dir(self.dir.path()).unwrap() {
            let name = entry.unwrap().file_name().to_string_lossy().into_owned();
            // A build's lock file and build cache lie beside the output
            // folder it writes.
            let beside = name.strip_prefix('.').and_then(|n| {
                n.strip_suffix(".stegvis-lock")
                    .or_else(|| n.strip_suffix(".stegvis-cache"))
            });
            let ok = |n: &str| ["outside", "site"].contains(&n) || allowed.contains(&n);
            assert!(
                ok(&name) || beside.is_some_and(ok),
                "{name} appeared beside the site"
            );
        }
    }

    /// Whether any file of the output holds `SECRET`.
    fn output_leaks(&self) -> bool {
        snapshot(&self.out)
            .values()
            .any(|bytes| String::from_utf8_lossy(bytes).contains(SECRET))
    }
}

fn article(title: &str, body: &str) -> String {
    format!(
        "---\ntitle: {title}\ndescription: Een artikel.\nms.date: 03/11/2021\n---\n\n# {title}\n\n{body}\n"
    )
}

/// Every file below `root` (symbolic links as their target path), by path.
fn snapshot(root: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            let meta = std::fs::symlink_metadata(&path).unwrap();
            let rel = path.strip_prefix(root).unwrap().to_path_buf();
            if meta.file_type().is_symlink() {
                let target = std::fs::read_link(&path).unwrap();
                files.insert(rel, target.to_string_lossy().as_bytes().to_vec());
            } else if meta.is_dir() {
                stack.push(path);
            } else {
                files.insert(rel, std::fs::read(&path).unwrap());
            }
        }
    }
    files
}

fn codes(diagnostics: &[stegvis::diagnostics::Diagnostic]) -> Vec<&'static str> {
    diagnostics.iter().map(|d| d.code.as_str()).collect()
}

/// Diagnostics with `code` whose message contains `text`.
fn count(diagnostics: &[stegvis::diagnostics::Diagnostic], code: &str, text: &str) -> usize {
    diagnostics
        .iter()
        .filter(|d| d.code.as_str() == code && d.message.contains(text))
        .count()
}

/// The binary under test: `STEGVIS_BIN` (a release build, for the full-size
/// cases) or the one cargo built with the tests.
fn binary() -> PathBuf {
    std::env::var_os("STEGVIS_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_stegvis")))
}

struct Run {
    status: Option<i32>,
    stdout: String,
    stderr: String,
    elapsed: Duration,
}

impl Run {
    fn json(&self) -> Vec<Value> {
        serde_json::from_str::<Value>(&self.stdout)
            .unwrap_or_else(|e| panic!("{e}: {}", self.stderr))
            .as_array()
            .unwrap()
            .clone()
    }
}

/// Runs `bin` with `args` in `cwd` (`HOME` set to `cwd/home`), killed after `limit`.
fn run_bin(bin: &Path, args: &[&str], cwd: &Path, limit: Duration) -> Run {
    let started = Instant::now();
    let mut child = Command::new(bin)
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .env("HOME", cwd.join("home"))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = started + limit;
    // Read both pipes on threads so a chatty child never blocks.
    let mut out_pipe = child.stdout.take().unwrap();
    let mut err_pipe = child.stderr.take().unwrap();
    let out = std::thread::spawn(move || {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut out_pipe, &mut s).ok();
        s
    });
    let err = std::thread::spawn(move || {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut err_pipe, &mut s).ok();
        s
    });
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            child.kill().ok();
            panic!("{bin:?} {args:?} ran longer than {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    Run {
        status: status.code(),
        stdout: out.join().unwrap(),
        stderr: err.join().unwrap(),
        elapsed: started.elapsed(),
    }
}

// ---------------------------------------------------------------------------
// Generators

/// One section of a realistic article: a heading with an anchor, text with
/// links and emphasis, a procedure with an image (`image`, a path that
/// exists) and an alert, a table. It holds nothing a check reports.
fn docs_section(i: usize, image: &str) -> String {
    format!(
        "## <a name=\"sectie-{i}\"></a>Sectie {i}\n\n\
         Met **Azure** kunt u [uw abonnement](#sectie-{i}) beheren. \
         Zie ook <a href=\"https://example.org/{i}\" target=\"_blank\">de portal</a>.\n\n\
         1. Meld u aan bij de portal.  \n    \
         :::image type=\"content\" source=\"{image}\" alt-text=\"Stap {i}\":::\n\
         1. Selecteer *Abonnementen*.\n\
         1. Bevestig.\n\n    \
         > [!NOTE]\n    \
         > Dit kan even duren.\n\n\
         | Kolom | Waarde |\n|---|---|\n| a{i} | b{i} |\n\n"
    )
}

fn big_body(bytes: usize) -> String {
    let mut body = String::with_capacity(bytes + 1024);
    let mut i = 0;
    while body.len() < bytes {
        body.push_str(&docs_section(i, "./media/stap.png"));
        i += 1;
    }
    body
}

fn procedure(steps: usize) -> String {
    let mut body = String::from("## <a name=\"stappen\"></a>Stappen\n\n");
    for i in 0..steps {
        body.push_str(&format!("1. Stap {i}: open het **menu**.\n"));
    }
    body
}

/// Lists, block quotes and ordered lists nested `depth` deep on one line, and
/// a list nested by indentation, `indented` levels deep.
fn nesting(depth: usize, indented: usize) -> String {
    let mut body = format!(
        "{}diep\n\n{}diep\n\n{}diep\n\n{}diep\n\n",
        "- ".repeat(depth),
        "> ".repeat(depth),
        "1. ".repeat(depth),
        "> - ".repeat(depth / 2)
    );
    for level in 0..indented {
        body.push_str(&format!("{}- niveau {level}\n", "  ".repeat(level)));
    }
    body
}

/// Front matter whose aliases expand to 9^9 (387 million) strings.
fn alias_bomb() -> String {
    let mut yaml = String::from(
        "---\ntitle: Bom\ndescription: Een alias-bom.\nms.date: 03/11/2021\na: &a [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]\n",
    );
    let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"];
    for pair in names.windows(2) {
        let refs = vec![format!("*{}", pair[0]); 9].join(", ");
        yaml.push_str(&format!("{}: &{} [{refs}]\n", pair[1], pair[1]));
    }
    yaml.push_str("---\n\n# Bom\n");
    yaml
}

/// An article that includes `c0.md`, which includes `c1.md` … `c{depth-1}.md`.
fn include_chain(case: &Case, depth: usize) {
    case.article(
        "content/nl-NL/keten.md",
        "[!INCLUDE [begin](includes/c0.md)]",
    );
    for k in 0..depth {
        case.write(
            &format!("content/nl-NL/includes/c{k}.md"),
            format!("Niveau {k}.\n\n[!INCLUDE [verder](c{}.md)]\n", k + 1),
        );
    }
}

/// One line of about `bytes` bytes, built from `unit`.
fn long_line(unit: &str, bytes: usize) -> String {
    unit.repeat(bytes / unit.len().max(1))
}

/// The single-line shapes that could make a scanner quadratic: plain words,
/// unclosed brackets and emphasis, include directives and code spans.
const LINE_UNITS: &[(&str, &str)] = &[
    ("words", "woord "),
    ("brackets", "[a"),
    ("emphasis", "*a **b "),
    ("includes", "[!INCLUDE [a]("),
    ("backticks", "``a`"),
    ("links", "[a](b "),
    ("html", "<a href=\"x\" "),
    ("alerts", "[!"),
];

// ---------------------------------------------------------------------------
// Resource bounds, at sizes for every `cargo test`

#[test]
fn a_large_article_builds() {
    let case = Case::new();
    case.article("content/nl-NL/groot.md", &big_body(1 << 20));
    case.write("content/nl-NL/media/stap.png", "png");
    let outcome = case.build();
    assert_eq!(
        outcome.counts.warnings,
        0,
        "{:?}",
        codes(&outcome.diagnostics)
    );
    assert!(!outcome.failed, "{:?}", codes(&outcome.diagnostics));
    assert!(case.out.join("nl-NL/groot/index.html").is_file());
    case.assert_outside_untouched(&["public"]);
}

#[test]
fn a_long_procedure_gets_every_step() {
    let case = Case::new();
    case.article("content/nl-NL/lang.md", &procedure(5_000));
    let outcome = case.build();
    assert!(!outcome.failed, "{:?}", codes(&outcome.diagnostics));
    let json: Value = serde_json::from_str(
        &std::fs::read_to_string(case.out.join("nl-NL/lang/index.json")).unwrap(),
    )
    .unwrap();
    let steps = json["procedures"][0]["steps"].as_array().unwrap();
    assert_eq!(steps.len(), 5_000);
    assert_eq!(steps[4_999]["id"], "stappen-step-5000");
    case.assert_outside_untouched(&["public"]);
}

#[test]
fn many_anchors_and_links_on_one_page_check_in_linear_time() {
    // Each link was checked against every anchor of its page, and each
    // broken one compared with all of them for a suggestion: quadratic.
    let case = Case::new();
    let mut body = String::new();
    for i in 0..20_000 {
        body.push_str(&format!(
            "## <a name=\"s{i}\"></a>Sectie {i}\n\n[naar {i}](#s{i}) en [kapot](#weg-{i})\n\n"
        ));
    }
    case.article("content/nl-NL/ankers.md", &body);
    let started = Instant::now();
    let outcome = case.build();
    let elapsed = started.elapsed();
    assert_eq!(
        count(&outcome.diagnostics, "SV0021", "is not an anchor"),
        20_000
    );
    let suggested = outcome
        .diagnostics
        .iter()
        .filter(|d| {
            d.help
                .as_deref()
                .is_some_and(|h| h.starts_with("did you mean"))
        })
        .count();
    assert!(suggested <= 100, "{suggested} suggestions");
    assert!(elapsed < Duration::from_secs(30), "{elapsed:?}");
    case.assert_outside_untouched(&["public"]);
}

#[test]
fn nesting_ten_thousand_deep_is_flattened_with_a_diagnostic() {
    let case = Case::new();
    case.article("content/nl-NL/diep.md", &nesting(10_000, 200));
    let outcome = case.build();
    // Once per run of nesting that goes past the cap: four one-line runs and
    // the indented list.
    assert_eq!(
        count(&outcome.diagnostics, "SV0062", "more than 64 levels"),
        5,
        "{:?}",
        codes(&outcome.diagnostics)
    );
    let html = std::fs::read_to_string(case.out.join("nl-NL/diep/index.html")).unwrap();
    assert!(html.contains("niveau 199"), "the text of deep levels stays");
    case.assert_outside_untouched(&["public"]);
}

#[test]
fn a_yaml_alias_bomb_is_refused_with_a_diagnostic() {
    let case = Case::new();
    case.write("content/nl-NL/bom.md", alias_bomb());
    let started = Instant::now();
    let outcome = case.build();
    assert!(started.elapsed() < Duration::from_secs(20));
    let yaml: Vec<_> = outcome
        .diagnostics
        .iter()
        .filter(|d| d.code.as_str() == "SV0003")
        .collect();
    assert_eq!(yaml.len(), 1, "{:?}", codes(&outcome.diagnostics));
    assert!(
        yaml[0].message.contains("alias") || yaml[0].message.contains("budget"),
        "{}",
        yaml[0].message
    );
    // The article still gets its page, without the front matter it lost.
    assert!(case.out.join("nl-NL/bom/index.html").is_file());
    case.assert_outside_untouched(&["public"]);
}

#[test]
fn a_ten_thousand_deep_include_chain_stops_at_the_documented_depth() {
    let case = Case::new();
    include_chain(&case, 10_000);
    let outcome = case.build();
    let deep: Vec<_> = outcome
        .diagnostics
        .iter()
        .filter(|d| d.code.as_str() == "SV0052")
        .collect();
    assert_eq!(deep.len(), 1, "{:?}", codes(&outcome.diagnostics));
    let depth = stegvis::parse::MAX_INCLUDE_DEPTH;
    assert!(
        deep[0]
            .message
            .contains(&format!("more than {depth} levels"))
    );
    let html = std::fs::read_to_string(case.out.join("nl-NL/keten/index.html")).unwrap();
    // The article is level 0; `c{k}.md` is level k + 1.
    assert!(html.contains(&format!("Niveau {}.", depth - 1)));
    assert!(!html.contains(&format!("Niveau {depth}.")));
    case.assert_outside_untouched(&["public"]);
}

#[test]
fn long_single_lines_build() {
    let case = Case::new();
    for (name, unit) in LINE_UNITS {
        case.article(
            &format!("content/nl-NL/regel-{name}.md"),
            &long_line(unit, 256 << 10),
        );
    }
    let started = Instant::now();
    let outcome = case.build();
    assert!(started.elapsed() < Duration::from_secs(30));
    assert!(outcome.written, "{:?}", codes(&outcome.diagnostics));
    for (name, _) in LINE_UNITS {
        assert!(
            case.out
                .join(format!("nl-NL/regel-{name}/index.html"))
                .is_file()
        );
    }
    case.assert_outside_untouched(&["public"]);
}

// ---------------------------------------------------------------------------
// Paths

#[test]
fn images_includes_and_links_never_read_outside_the_site() {
    let case = Case::new();
    let body = [
        ":::image type=\"content\" source=\"../../../../../../etc/passwd\" alt-text=\"a\":::",
        "![b](../../../outside/secret.png)",
        "![c](..\\..\\..\\outside\\secret.png)",
        "![d](%2e%2e/%2e%2e/%2e%2e/outside/secret.png)",
        "![e](media/../../../../outside/secret.png)",
        "![f](/etc/passwd)",
        "![g](file:///etc/passwd)",
        "[!INCLUDE [h](../../../outside/secret.md)]",
        "[!INCLUDE [i](/etc/passwd)]",
        "[!INCLUDE [j](~/../../outside/secret.md)]",
        "[!INCLUDE [k](..\\..\\..\\outside\\secret.md)]",
        "[!INCLUDE [l](linked/secret.md)]",
        "[!INCLUDE [m](secret-link.md)]",
        "[n](../../../outside/secret.md) [o](file:///etc/passwd) [p](..\\..\\..\\outside\\secret.md)",
    ]
    .join("\n\n");
    case.article("content/nl-NL/a.md", &body);
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(&case.outside, case.site.join("content/nl-NL/linked")).unwrap();
        std::os::unix::fs::symlink(
            case.outside.join("secret.md"),
            case.site.join("content/nl-NL/secret-link.md"),
        )
        .unwrap();
    }
    let run = case.bin(&[
        "build", "--site", "site", "--out", "public", "--format", "human",
    ]);
    assert_eq!(run.status, Some(1), "{}", run.stderr);
    for (code, times) in [("SV0030", 6), ("SV0023", 1), ("SV0020", 2)] {
        let found = run.stderr.matches(&format!("[{code}]")).count();
        assert_eq!(found, times, "{code}:\n{}", run.stderr);
    }
    assert_eq!(
        run.stderr
            .matches("points outside the content folder")
            .count(),
        5,
        "{}",
        run.stderr
    );
    let missing = run.stderr.matches("error[SV0050]").count();
    assert_eq!(missing, if cfg!(unix) { 6 } else { 4 }, "{}", run.stderr);
    assert!(!run.stderr.contains(SECRET), "a secret in the log");
    assert!(!run.stdout.contains(SECRET));
    assert!(!case.output_leaks(), "a secret in the output");
    assert!(
        !snapshot(&case.out)
            .keys()
            .any(|p| p.to_string_lossy().contains("passwd")),
        "nothing named passwd is published"
    );
    case.assert_outside_untouched(&["home", "public"]);
}

#[cfg(unix)]
#[test]
fn symbolic_links_out_of_the_site_and_loops_are_not_followed() {
    use std::os::unix::fs::symlink;
    let case = Case::new();
    case.article("content/nl-NL/a.md", "Tekst.");
    // A locale folder, a templates folder and stegvis.toml's neighbours that
    // point out; a loop to an ancestor; two links that point at each other.
    symlink(case.outside.join("docs"), case.site.join("content/sv-SE")).unwrap();
    symlink(&case.outside, case.site.join("templates")).unwrap();
    symlink(case.outside.join("docs"), case.site.join("locales")).unwrap();
    symlink("..", case.site.join("content/nl-NL/lus")).unwrap();
    symlink("b.md", case.site.join("content/nl-NL/a-lus.md")).unwrap();
    symlink("a-lus.md", case.site.join("content/nl-NL/b.md")).unwrap();
    let run = case.bin(&["build", "--site", "site", "--out", "public"]);
    assert_eq!(run.status, Some(1), "{}", run.stderr);
    assert_eq!(
        run.stderr
            .matches("is a symbolic link that points outside the site folder")
            .count(),
        3,
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("makes a loop"), "{}", run.stderr);
    assert!(run.stderr.contains("points at nothing"), "{}", run.stderr);
    assert!(!run.stderr.contains(SECRET), "a secret in the log");
    assert!(!case.output_leaks(), "a secret in the output");
    assert!(!case.out.join("sv-SE").exists());
    case.assert_outside_untouched(&["home", "public"]);
}

#[cfg(unix)]
#[test]
fn a_config_file_linked_out_of_the_site_is_not_read() {
    let case = Case::new();
    case.article("content/nl-NL/a.md", "Tekst.");
    std::os::unix::fs::symlink(
        case.outside.join("secret.toml"),
        case.site.join("stegvis.toml"),
    )
    .unwrap();
    let run = case.bin(&["build", "--site", "site", "--out", "public"]);
    assert_eq!(run.status, Some(2), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("stegvis.toml is a symbolic link that points outside the site folder"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains(SECRET), "a secret in the log");
    assert!(!case.out.exists());
    // The build took the output's lock before it read the configuration.
    case.assert_outside_untouched(&["home", "public"]);
}

#[test]
fn a_leaked_first_line_never_reaches_a_snippet() {
    // The diagnostic for a file symlinked out of the site points at the link;
    // printing its snippet must not read the file the link points at.
    let case = Case::new();
    case.article("content/nl-NL/a.md", "Tekst.");
    #[cfg(unix)]
    std::os::unix::fs::symlink(
        case.outside.join("secret.md"),
        case.site.join("content/nl-NL/geheim.md"),
    )
    .unwrap();
    let run = case.bin(&["check", "--site", "site", "--format", "human"]);
    if cfg!(unix) {
        assert!(
            run.stderr.contains("content/nl-NL/geheim.md"),
            "{}",
            run.stderr
        );
    }
    assert!(!run.stderr.contains(SECRET), "{}", run.stderr);
    case.assert_outside_untouched(&["home"]);
}

#[cfg(unix)]
#[test]
fn file_names_with_backslashes_are_not_built() {
    let case = Case::new();
    case.article("content/nl-NL/a.md", "Tekst.");
    // A name starting with `.` is hidden and never read; one with `\\` inside
    // is reported.
    case.article("content/nl-NL/..\\..\\..\\evil-hidden.md", "Kwaad.");
    case.article("content/nl-NL/x\\..\\..\\..\\evil.md", "Kwaad.");
    case.write("content/nl-NL/media/x\\..\\..\\..\\evil.png", "png");
    let outcome = case.build();
    assert_eq!(
        count(&outcome.diagnostics, "SV0094", "holds `\\`"),
        2,
        "{:?}",
        codes(&outcome.diagnostics)
    );
    assert!(outcome.written);
    let published = snapshot(&case.out);
    assert!(
        !published
            .keys()
            .any(|p| p.to_string_lossy().contains("evil"))
    );
    case.assert_outside_untouched(&["public"]);
}

#[test]
fn front_matter_never_chooses_where_a_page_is_written() {
    let case = Case::new();
    case.write(
        "content/nl-NL/a.md",
        "---\ntitle: A\ndescription: B\nms.date: 03/11/2021\nslug: ../../../evil\npermalink: /tmp/evil\nredirect_url: ../../evil\nms.contentlocale: ../../evil\nms.assetid: ../../evil\n---\n\n# A\n",
    );
    let outcome = case.build();
    assert_eq!(count(&outcome.diagnostics, "SV0009", ""), 1);
    assert_eq!(count(&outcome.diagnostics, "SV0010", ""), 1);
    assert!(case.out.join("nl-NL/a/index.html").is_file());
    assert!(
        !snapshot(&case.out)
            .keys()
            .any(|p| p.to_string_lossy().contains("evil"))
    );
    case.assert_outside_untouched(&["public"]);
}

// ---------------------------------------------------------------------------
// The output folder

#[test]
fn output_folders_that_must_never_be_replaced_are_refused() {
    let case = Case::new();
    case.article("content/nl-NL/a.md", "Tekst.");
    case.write("locales/nl-NL/site.ftl", "x = y\n");
    std::fs::create_dir_all(case.dir.path().join("home")).unwrap();
    std::fs::write(case.dir.path().join("home/.profile"), "keep").unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink("site", case.dir.path().join("site-link")).unwrap();
    let site_before = snapshot(&case.site);
    let home_before = snapshot(&case.dir.path().join("home"));
    let refusals = [
        ("site", "the site folder"),
        ("site/.", "the site folder"),
        ("site/content/../", "the site folder"),
        ("site/content", "inside the site's content/ folder"),
        (
            "site/content/nl-NL/public",
            "inside the site's content/ folder",
        ),
        ("site/locales/x", "inside the site's locales/ folder"),
        ("site/templates", "inside the site's templates/ folder"),
        (".", "a folder that holds the site folder"),
        ("home", "your home folder"),
        ("/", "the root of the file system"),
        #[cfg(unix)]
        ("site-link", "the site folder"),
        #[cfg(unix)]
        (
            "site-link/content/x/..",
            "inside the site's content/ folder",
        ),
    ];
    for (out, why) in refusals {
        let run = case.bin(&["build", "--site", "site", "--out", out]);
        assert_eq!(run.status, Some(2), "--out {out}: {}", run.stderr);
        assert!(
            run.stderr.contains("refusing to build into") && run.stderr.contains(why),
            "--out {out}: {}",
            run.stderr
        );
    }
    assert_eq!(snapshot(&case.site), site_before, "the site is untouched");
    assert_eq!(snapshot(&case.dir.path().join("home")), home_before);
    let extra: &[&str] = if cfg!(unix) {
        &["home", "site-link"]
    } else {
        &["home"]
    };
    case.assert_outside_untouched(extra);
}

#[test]
fn only_folders_stegvis_made_are_ever_removed() {
    let case = Case::new();
    case.article("content/nl-NL/a.md", "Tekst.");
    // A folder with stegvis's leftover name but no marker, a real leftover of
    // a killed build (marked, its process gone), and an output folder whose
    // marker is a symbolic link rather than a file stegvis wrote.
    let lookalike = case.dir.path().join(".public.stegvis-staging-4000000000");
    std::fs::create_dir_all(&lookalike).unwrap();
    std::fs::write(lookalike.join("notes.txt"), "mine").unwrap();
    let leftover = case.dir.path().join(".public.stegvis-staging-4000000001");
    std::fs::create_dir_all(&leftover).unwrap();
    std::fs::write(leftover.join(stegvis::write::MARKER), "").unwrap();
    let outcome = case.build();
    assert!(outcome.written);
    assert!(
        lookalike.join("notes.txt").is_file(),
        "an unmarked folder is kept"
    );
    if cfg!(target_os = "linux") {
        assert!(!leftover.exists(), "a marked leftover is swept");
    }
    #[cfg(unix)]
    {
        let fake = case.dir.path().join("fake");
        std::fs::create_dir_all(&fake).unwrap();
        std::fs::write(fake.join("precious.txt"), "keep").unwrap();
        std::os::unix::fs::symlink(
            case.out.join(stegvis::write::MARKER),
            fake.join(stegvis::write::MARKER),
        )
        .unwrap();
        let err = stegvis::run(&Options {
            site: case.site.clone(),
            mode: Mode::Build { out: fake.clone() },
            base_url: None,
            strict: false,
            // The search index has tests of its own; the binary runs build it.
            search: false,
            cache: true,
        })
        .unwrap_err();
        assert!(matches!(err, Fatal::Write(_)), "{err}");
        assert!(fake.join("precious.txt").is_file());
        std::fs::remove_dir_all(&fake).unwrap();
    }
    std::fs::remove_dir_all(&lookalike).unwrap();
    case.assert_outside_untouched(&["public"]);
}

/// A site of `articles` articles and `media` files of `media_size` bytes.
fn many_files(case: &Case, articles: usize, media: usize, media_size: usize) {
    case.write("content/nl-NL/media/stap.png", "png");
    for i in 0..articles {
        case.article(
            &format!("content/nl-NL/map{}/artikel-{i}.md", i % 20),
            &docs_section(i, "../media/stap.png"),
        );
    }
    for i in 0..media {
        case.write(
            &format!("content/nl-NL/media/bestand-{i}.bin"),
            vec![(i % 251) as u8; media_size],
        );
    }
}

/// Runs `stegvis build` under a shell that first applies `limits` (such as
/// `ulimit -f 256`), with SIGXFSZ ignored so a write past the limit fails
/// with an error instead of killing the process.
#[cfg(unix)]
fn build_limited(case: &Case, limits: &str) -> Run {
    let script = format!("trap '' XFSZ; {limits}; exec \"$0\" build --site site --out public");
    let bin = binary();
    run_bin(
        Path::new("/bin/sh"),
        &["-c", &script, bin.to_str().unwrap()],
        case.dir.path(),
        Duration::from_secs(60),
    )
}

#[cfg(unix)]
#[test]
fn a_build_that_cannot_write_leaves_the_previous_output_as_it_was() {
    // A write that fails half way (here: past a file size limit, which needs
    // no privileges; `full_size_disk_full` fills a real file system).
    let case = Case::new();
    many_files(&case, 30, 3, 64 << 10);
    let first = case.bin(&["build", "--site", "site", "--out", "public"]);
    assert_eq!(first.status, Some(0), "{}", first.stderr);
    let before = snapshot(&case.out);
    case.article("content/nl-NL/nieuw.md", "Nieuw.");
    case.write("content/nl-NL/media/groot.bin", vec![7u8; 2 << 20]);
    let run = build_limited(&case, "ulimit -f 1024");
    assert_eq!(run.status, Some(2), "{}", run.stderr);
    assert!(run.stderr.contains("cannot write"), "{}", run.stderr);
    assert_eq!(snapshot(&case.out), before, "the previous output is intact");
    case.assert_outside_untouched(&["home", "public"]);
}

#[cfg(unix)]
#[test]
fn a_killed_build_leaves_the_previous_output_as_it_was() {
    let case = Case::new();
    many_files(&case, 200, 20, 256 << 10);
    let first = case.bin(&["build", "--site", "site", "--out", "public"]);
    assert_eq!(first.status, Some(0), "{}", first.stderr);
    let before = snapshot(&case.out);
    case.article("content/nl-NL/nieuw.md", "Nieuw.");
    let killed = kill_while_writing(&case, Duration::ZERO);
    assert!(killed, "the build was killed while it wrote");
    assert_eq!(snapshot(&case.out), before, "the previous output is intact");
    // The next build sweeps what the killed one left and publishes.
    let next = case.bin(&["build", "--site", "site", "--out", "public"]);
    assert_eq!(next.status, Some(0), "{}", next.stderr);
    assert!(case.out.join("nl-NL/nieuw/index.html").is_file());
    case.assert_outside_untouched(&["home", "public"]);
}

/// Starts a build, waits until its staging folder holds files and then
/// `delay` more, and kills it with SIGKILL. Whether it was still running.
#[cfg(unix)]
fn kill_while_writing(case: &Case, delay: Duration) -> bool {
    kill_when(case, delay, |dir, pid| {
        // Its own staging folder: earlier kills leave theirs until a build sweeps them.
        let own = dir.join(format!(".public.stegvis-staging-{pid}"));
        std::fs::read_dir(own).is_ok_and(|entries| entries.count() > 1)
    })
}

/// Starts a build, waits until `ready(temporary folder, pid)` and then
/// `delay` more, and kills it with SIGKILL. Whether it was still running.
#[cfg(unix)]
fn kill_when(case: &Case, delay: Duration, ready: impl Fn(&Path, u32) -> bool) -> bool {
    let mut child = Command::new(binary())
        .args(["build", "--site", "site", "--out", "public"])
        .current_dir(case.dir.path())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    while !ready(case.dir.path(), child.id()) && Instant::now() < deadline {
        if child.try_wait().unwrap().is_some() {
            return false;
        }
        std::thread::sleep(Duration::from_micros(200));
    }
    std::thread::sleep(delay);
    let running = child.try_wait().unwrap().is_none();
    // std's kill sends SIGKILL on Unix: no handler runs, nothing is cleaned up.
    child.kill().ok();
    child.wait().unwrap();
    running
}

// ---------------------------------------------------------------------------
// Full size (ignored; a release binary through STEGVIS_BIN)

/// Peak memory and time of one run, measured with `/usr/bin/time -v` when
/// it is there.
struct Measured {
    run: Run,
    peak_kib: Option<u64>,
}

fn measured(case: &Case, args: &[&str]) -> Measured {
    let bin = binary();
    let timer = Path::new("/usr/bin/time");
    if !timer.is_file() {
        return Measured {
            run: run_bin(&bin, args, case.dir.path(), Duration::from_secs(60)),
            peak_kib: None,
        };
    }
    let mut full = vec!["-v", bin.to_str().unwrap()];
    full.extend_from_slice(args);
    let run = run_bin(timer, &full, case.dir.path(), Duration::from_secs(60));
    let peak_kib = run
        .stderr
        .lines()
        .find_map(|l| {
            l.trim()
                .strip_prefix("Maximum resident set size (kbytes): ")
        })
        .and_then(|n| n.trim().parse().ok());
    Measured { run, peak_kib }
}

/// Builds the case's site with `--format json`, checks the bounds (a minute,
/// 4 GiB), prints the figures and returns the diagnostics.
fn full_size(case: &Case, name: &str, input_bytes: u64, expected_status: i32) -> Vec<Value> {
    let m = measured(
        case,
        &[
            "build", "--site", "site", "--out", "public", "--format", "json",
        ],
    );
    let peak = m
        .peak_kib
        .map(|k| format!("{:.0} MiB", k as f64 / 1024.0))
        .unwrap_or_else(|| "(no /usr/bin/time)".into());
    eprintln!(
        "adversarial {name}: input {:.1} MB, {:.2} s, peak {peak}, exit {:?}",
        input_bytes as f64 / 1e6,
        m.run.elapsed.as_secs_f64(),
        m.run.status
    );
    assert_eq!(m.run.status, Some(expected_status), "{}", m.run.stderr);
    assert!(m.run.elapsed < Duration::from_secs(60));
    if let Some(k) = m.peak_kib {
        assert!(k < 4 << 20, "{name}: peak {k} KiB");
    }
    m.run.json()
}

fn json_count(diagnostics: &[Value], code: &str) -> usize {
    diagnostics.iter().filter(|d| d["code"] == code).count()
}

fn size_of(case: &Case) -> u64 {
    snapshot(&case.site.join("content"))
        .values()
        .map(|b| b.len() as u64)
        .sum()
}

#[test]
#[ignore = "full size: run against a release binary (STEGVIS_BIN), see the module docs"]
fn full_size_article_of_50_mb() {
    let case = Case::new();
    case.article("content/nl-NL/groot.md", &big_body(50 << 20));
    case.write("content/nl-NL/media/stap.png", "png");
    let diagnostics = full_size(&case, "article-50MB", size_of(&case), 0);
    assert!(diagnostics.is_empty(), "{:?}", &diagnostics[..1]);
    assert!(case.out.join("nl-NL/groot/index.html").is_file());
    case.assert_outside_untouched(&["home", "public"]);
}

#[test]
#[ignore = "full size: run against a release binary (STEGVIS_BIN), see the module docs"]
fn full_size_procedure_of_100000_steps() {
    let case = Case::new();
    case.article("content/nl-NL/lang.md", &procedure(100_000));
    full_size(&case, "procedure-100k-steps", size_of(&case), 0);
    let json: Value = serde_json::from_str(
        &std::fs::read_to_string(case.out.join("nl-NL/lang/index.json")).unwrap(),
    )
    .unwrap();
    let steps = json["procedures"][0]["steps"].as_array().unwrap();
    assert_eq!(steps.len(), 100_000);
    assert_eq!(steps[99_999]["id"], "stappen-step-100000");
    case.assert_outside_untouched(&["home", "public"]);
}

#[test]
#[ignore = "full size: run against a release binary (STEGVIS_BIN), see the module docs"]
fn full_size_nesting_10000_deep() {
    let case = Case::new();
    // 10,000 levels on one line each kind, and by indentation (100 MB).
    case.article("content/nl-NL/diep.md", &nesting(10_000, 10_000));
    let diagnostics = full_size(&case, "nesting-10000", size_of(&case), 0);
    assert_eq!(json_count(&diagnostics, "SV0062"), 5);
    case.assert_outside_untouched(&["home", "public"]);
}

#[test]
#[ignore = "full size: run against a release binary (STEGVIS_BIN), see the module docs"]
fn full_size_yaml_alias_bomb() {
    let case = Case::new();
    case.write("content/nl-NL/bom.md", alias_bomb());
    let diagnostics = full_size(&case, "yaml-alias-bomb", size_of(&case), 1);
    assert_eq!(json_count(&diagnostics, "SV0003"), 1);
    case.assert_outside_untouched(&["home", "public"]);
}

#[test]
#[ignore = "full size: run against a release binary (STEGVIS_BIN), see the module docs"]
fn full_size_include_chain_10000_deep() {
    let case = Case::new();
    include_chain(&case, 10_000);
    let diagnostics = full_size(&case, "include-chain-10000", size_of(&case), 1);
    assert_eq!(json_count(&diagnostics, "SV0052"), 1);
    case.assert_outside_untouched(&["home", "public"]);
}

#[test]
#[ignore = "full size: run against a release binary (STEGVIS_BIN), see the module docs"]
fn full_size_lines_of_10_mb() {
    for (name, unit) in LINE_UNITS {
        let case = Case::new();
        case.article("content/nl-NL/regel.md", &long_line(unit, 10 << 20));
        full_size(&case, &format!("line-10MB-{name}"), size_of(&case), 0);
        assert!(case.out.join("nl-NL/regel/index.html").is_file());
        case.assert_outside_untouched(&["home", "public"]);
    }
}

/// Kills a build of a 50 MB site at many moments while it writes: the output
/// folder is each time either the previous output or the new one, whole.
#[cfg(unix)]
#[test]
#[ignore = "full size: run against a release binary (STEGVIS_BIN), see the module docs"]
fn full_size_kill_9_at_many_moments() {
    let case = Case::new();
    many_files(&case, 2_000, 100, 512 << 10);
    let first = case.bin(&["build", "--site", "site", "--out", "public"]);
    assert_eq!(first.status, Some(0), "{}", first.stderr);
    let before = snapshot(&case.out);
    case.article("content/nl-NL/nieuw.md", "Nieuw.");
    // What the new output holds: the files of a whole build of the new site.
    let reference = case.bin(&["build", "--site", "site", "--out", "reference"]);
    assert_eq!(reference.status, Some(0), "{}", reference.stderr);
    let new_files: Vec<PathBuf> = snapshot(&case.dir.path().join("reference"))
        .into_keys()
        .collect();
    std::fs::remove_dir_all(case.dir.path().join("reference")).unwrap();
    std::fs::remove_file(case.dir.path().join(".reference.stegvis-lock")).unwrap();
    std::fs::remove_dir_all(case.dir.path().join(".reference.stegvis-cache")).unwrap();
    let is_whole_new =
        |now: &BTreeMap<PathBuf, Vec<u8>>| now.keys().cloned().collect::<Vec<_>>() == new_files;
    // Kills spread over the write, from the first file to past the swap.
    let (mut mid_write, mut kept_previous) = (0, 0);
    for i in 0..16u64 {
        if kill_while_writing(&case, Duration::from_millis(i * 250)) {
            mid_write += 1;
        }
        let now = snapshot(&case.out);
        assert!(
            now == before || is_whole_new(&now),
            "kill {i}: the output is neither the previous one nor the new one"
        );
        if now == before {
            kept_previous += 1;
        }
    }
    eprintln!(
        "adversarial kill-9: {mid_write} of 16 kills landed while the build ran; the output was the previous one {kept_previous} times, the whole new one otherwise"
    );
    assert!(mid_write >= 3);
    // Killed right after the swap, while the previous output is being
    // removed: the new output is whole.
    let swapped = kill_when(&case, Duration::ZERO, |dir, _| {
        dir.join("public/nl-NL/nieuw/index.html").is_file()
    });
    assert!(
        is_whole_new(&snapshot(&case.out)),
        "the new output is whole"
    );
    eprintln!(
        "adversarial kill-9: killed right after the swap (still running: {swapped}): the new output is whole"
    );
    // The killed builds' staging folders are left; the next build sweeps them.
    let next = case.bin(&["build", "--site", "site", "--out", "public"]);
    assert_eq!(next.status, Some(0), "{}", next.stderr);
    case.assert_outside_untouched(&["home", "public"]);
}

/// Fills a real, small file system: a tmpfs mounted for the test (root only;
/// elsewhere the test says so and `a_build_that_cannot_write…` is the proof).
#[cfg(target_os = "linux")]
#[test]
#[ignore = "full size: mounts a tmpfs (root), see the module docs"]
fn full_size_disk_full() {
    let case = Case::new();
    many_files(&case, 20, 2, 256 << 10);
    let mount = case.dir.path().join("small-disk");
    std::fs::create_dir_all(&mount).unwrap();
    let mounted = Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=3m", "tmpfs"])
        .arg(&mount)
        .status()
        .is_ok_and(|s| s.success());
    if !mounted {
        eprintln!("adversarial disk-full: cannot mount a tmpfs here (not root?); not run");
        return;
    }
    let out = mount.join("public");
    let args = ["build", "--site", "site", "--out", out.to_str().unwrap()];
    let first = case.bin(&args);
    let before = snapshot(&out);
    case.write("content/nl-NL/media/groot.bin", vec![9u8; 2 << 20]);
    let second = case.bin(&args);
    let after = snapshot(&out);
    let leftovers: Vec<_> = std::fs::read_dir(&mount)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .filter(|n| n != ".public.stegvis-lock" && n != ".public.stegvis-cache")
        .collect();
    Command::new("umount").arg(&mount).status().unwrap();
    std::fs::remove_dir(&mount).unwrap();
    assert_eq!(first.status, Some(0), "{}", first.stderr);
    assert_eq!(second.status, Some(2), "{}", second.stderr);
    assert!(
        second.stderr.contains("No space left on device"),
        "{}",
        second.stderr
    );
    assert_eq!(after, before, "the previous output is intact");
    assert_eq!(leftovers, ["public"], "the staging folder was removed");
    eprintln!("adversarial disk-full: ENOSPC reported, previous output intact");
    case.assert_outside_untouched(&["home"]);
}
