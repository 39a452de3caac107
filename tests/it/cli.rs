//! The binary: exit statuses, output formats and the atomic write.

use crate::support::{site, stegvis};

#[test]
fn build_prints_a_summary_and_exits_by_the_diagnostics() {
    let (dir, site) = site("contract");
    let (status, _, stderr) = stegvis(&["build", "--site", site.to_str().unwrap()], dir.path());
    assert_eq!(status, 0, "{stderr}");
    assert!(
        stderr.contains("stegvis: built 13 pages from 3 articles in 2 locales (nl-NL, sv-SE)"),
        "{stderr}"
    );
    assert!(
        site.join("public/nl-NL/billing/upgrade/index.html")
            .is_file()
    );

    let (dir, site) = crate::support::site("quirks");
    let (status, _, stderr) = stegvis(&["build", "--site", site.to_str().unwrap()], dir.path());
    assert_eq!(status, 1, "{stderr}");
    assert!(stderr.contains("error[SV0003]"), "{stderr}");
    assert!(
        stderr.contains("content/nl-NL/billing/broken.md:2:28"),
        "{stderr}"
    );
}

#[test]
fn check_writes_nothing_and_json_goes_to_stdout() {
    let (dir, site) = site("quirks");
    let (status, stdout, stderr) = stegvis(
        &[
            "check",
            "--site",
            site.to_str().unwrap(),
            "--format",
            "json",
        ],
        dir.path(),
    );
    assert_eq!(status, 1, "{stderr}");
    assert!(!site.join("public").exists());
    let diagnostics: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let first = diagnostics
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "SV0003")
        .unwrap();
    assert_eq!(first["file"], "content/nl-NL/billing/broken.md");
    assert_eq!(first["line"], 2);
    assert_eq!(first["column"], 28);
    assert_eq!(first["severity"], "error");
    assert!(
        stderr.contains("stegvis: checked 5 articles in 2 locales"),
        "{stderr}"
    );
}

#[test]
fn github_format_prints_workflow_commands() {
    let (dir, site) = site("quirks");
    let (_, _, stderr) = stegvis(
        &["check", "--site", "site", "--format", "github"],
        dir.path(),
    );
    let _ = site;
    assert!(
        stderr.contains("::error file=site/content/nl-NL/billing/broken.md,line=2,col=28"),
        "{stderr}"
    );
}

#[test]
fn usage_and_configuration_errors_exit_with_2() {
    let (dir, site) = site("contract");
    let (status, _, _) = stegvis(&["build", "--no-such-flag"], dir.path());
    assert_eq!(status, 2);
    std::fs::write(site.join("stegvis.toml"), "base_url = 42\n").unwrap();
    let (status, _, stderr) = stegvis(&["build", "--site", "site"], dir.path());
    assert_eq!(status, 2, "{stderr}");
    assert!(stderr.contains("SV0090"), "{stderr}");
    let (status, _, _) = stegvis(&["check", "--site", "does-not-exist"], dir.path());
    assert_eq!(status, 2);
}

#[test]
fn a_failed_strict_build_leaves_the_previous_output_untouched() {
    let (dir, site) = site("quirks");
    let out = dir.path().join("out");
    // First a good build of the clean part of the site.
    for broken in ["broken.md", "no-front-matter.md", "verify.md"] {
        std::fs::rename(
            site.join("content/nl-NL/billing").join(broken),
            dir.path().join(broken),
        )
        .unwrap();
    }
    std::fs::remove_file(site.join("content/sv-SE/billing/verify.md")).unwrap();
    let (status, _, stderr) = stegvis(
        &["build", "--strict", "--site", "site", "--out", "out"],
        dir.path(),
    );
    assert_eq!(status, 0, "{stderr}");
    let before = std::fs::read_to_string(out.join("nl-NL/billing/prepare/index.html")).unwrap();
    // Then the broken files come back and a strict build fails.
    for broken in ["broken.md", "no-front-matter.md", "verify.md"] {
        std::fs::rename(
            dir.path().join(broken),
            site.join("content/nl-NL/billing").join(broken),
        )
        .unwrap();
    }
    let (status, _, stderr) = stegvis(
        &["build", "--strict", "--site", "site", "--out", "out"],
        dir.path(),
    );
    assert_eq!(status, 1);
    assert!(
        stderr.contains("build failed") && stderr.contains("was left as it was"),
        "{stderr}"
    );
    assert!(!out.join("nl-NL/billing/broken").exists());
    assert_eq!(
        std::fs::read_to_string(out.join("nl-NL/billing/prepare/index.html")).unwrap(),
        before
    );
    let siblings: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        siblings.iter().all(|s| !s.contains("stegvis-staging")),
        "{siblings:?}"
    );
}

#[test]
fn a_folder_stegvis_did_not_make_is_never_replaced() {
    let (dir, _site) = site("contract");
    std::fs::create_dir_all(dir.path().join("mine")).unwrap();
    std::fs::write(dir.path().join("mine/notes.txt"), "keep me").unwrap();
    let (status, _, stderr) = stegvis(&["build", "--site", "site", "--out", "mine"], dir.path());
    assert_eq!(status, 2);
    assert!(stderr.contains("was not made by stegvis"), "{stderr}");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("mine/notes.txt")).unwrap(),
        "keep me"
    );
}

#[test]
fn explain_prints_the_long_explanation() {
    let dir = tempfile::tempdir().unwrap();
    let (status, stdout, _) = stegvis(&["explain", "SV0003"], dir.path());
    assert_eq!(status, 0);
    assert!(
        stdout.contains(
            "SV0003 (front-matter-yaml, error by default): front matter is not valid YAML"
        )
    );
    let (status, _, _) = stegvis(&["explain", "SV9999"], dir.path());
    assert_eq!(status, 2);
}

#[test]
fn check_catches_template_errors_without_rendering_the_site() {
    let dir = tempfile::tempdir().unwrap();
    let site = crate::support::fixture("diagnostics/SV0092");
    let (status, stdout, _) = stegvis(
        &[
            "check",
            "--site",
            site.to_str().unwrap(),
            "--format",
            "json",
        ],
        dir.path(),
    );
    assert_eq!(status, 1);
    let diagnostics: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let d = &diagnostics[0];
    assert_eq!(d["code"], "SV0092");
    assert_eq!(
        (d["file"].as_str(), d["line"].as_u64()),
        (Some("templates/article.html"), Some(3))
    );
}

#[test]
fn check_fix_repairs_what_is_safe_and_reports_it() {
    let (dir, site) = site("quirks");
    let verify = site.join("content/nl-NL/billing/verify.md");
    let (status, _, stderr) = stegvis(&["check", "--fix", "--site", "site"], dir.path());
    assert_eq!(
        status, 1,
        "the broken front matter is still an error: {stderr}"
    );
    assert!(
        stderr.contains("fixed content/nl-NL/billing/verify.md: 1 step-numbering, 2 mojibake"),
        "{stderr}"
    );
    let text = std::fs::read_to_string(&verify).unwrap();
    assert!(text.contains("title: Uw identiteit verifiëren"));
    assert!(text.contains("4. Bevestig met de code."));
    assert!(
        !stderr.contains("SV0072") && !stderr.contains("SV0040"),
        "fixed problems are gone: {stderr}"
    );
    // Without --fix nothing is touched.
    let before = std::fs::read(site.join("content/nl-NL/billing/broken.md")).unwrap();
    stegvis(&["check", "--site", "site"], dir.path());
    assert_eq!(
        std::fs::read(site.join("content/nl-NL/billing/broken.md")).unwrap(),
        before
    );
}

#[test]
fn sarif_goes_to_stdout() {
    let (dir, _site) = site("quirks");
    let (_, stdout, _) = stegvis(
        &["check", "--site", "site", "--format", "sarif"],
        dir.path(),
    );
    let log: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(log["version"], "2.1.0");
    assert!(
        log["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["ruleId"] == "SV0003")
    );
}

#[test]
fn progress_is_a_line_per_stage_off_a_terminal_and_quiet_silences_it() {
    let (dir, site) = site("contract");
    let out = dir.path().join("public");
    let out = out.to_str().unwrap();
    let (code, _, err) = stegvis(&["build", "--out", out], &site);
    assert_eq!(code, 0, "{err}");
    for stage in [
        "parse 4 files in",
        "check 4 articles in",
        "render 4 pages in",
        "write ",
    ] {
        assert!(err.contains(&format!("stegvis: {stage}")), "{stage}: {err}");
    }
    let (_, _, quiet) = stegvis(&["build", "--quiet", "--out", out], &site);
    assert!(
        !quiet.contains("stegvis: parse") && quiet.contains("stegvis: built"),
        "{quiet}"
    );
}

#[test]
fn a_second_build_of_the_same_output_stops_with_a_clear_message() {
    let (dir, site) = site("contract");
    let out = dir.path().join("public");
    let held = stegvis::lock::OutputLock::acquire(&out).unwrap();
    let (code, _, err) = stegvis(&["build", "--out", out.to_str().unwrap()], &site);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("another stegvis build is writing"), "{err}");
    assert!(!out.exists(), "nothing written");
    drop(held);
    let (code, _, err) = stegvis(&["build", "--out", out.to_str().unwrap()], &site);
    assert_eq!(code, 0, "{err}");
}
