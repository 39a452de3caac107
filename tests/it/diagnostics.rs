//! One failing input per diagnostic code (`tests/fixtures/diagnostics/<code>/`,
//! with `case.txt` saying what is wrong), each with a snapshot of everything a
//! build of it reports: code, severity, file, line, column, message, fix.

use std::path::Path;

use stegvis::diagnostics::Code;
use stegvis::{Fatal, Mode, Options};

fn fixtures() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/diagnostics")
}

#[test]
fn every_code_has_a_fixture() {
    for code in Code::ALL {
        let case = fixtures().join(code.as_str()).join("case.txt");
        assert!(
            case.is_file(),
            "no fixture for {} ({})",
            code.as_str(),
            code.info().name
        );
    }
}

#[test]
fn each_fixture_triggers_its_code() {
    insta::glob!("../fixtures/diagnostics", "*/case.txt", |case| {
        let site = case.parent().unwrap();
        let code = site.file_name().unwrap().to_string_lossy().into_owned();
        let out = tempfile::tempdir().unwrap();
        let options = Options {
            site: site.to_path_buf(),
            mode: Mode::Build {
                out: out.path().join("public"),
            },
            base_url: None,
            strict: false,
            search: false,
            cache: true,
        };
        let diagnostics = match stegvis::run(&options) {
            Ok(outcome) => outcome.diagnostics,
            Err(Fatal::Config(diagnostics)) => diagnostics,
            Err(other) => panic!("{code}: {other}"),
        };
        let lines: Vec<String> = diagnostics
            .iter()
            .map(|d| {
                let at = d
                    .span
                    .as_ref()
                    .map(|s| format!("{}:{}:{}", s.file, s.start.line, s.start.column))
                    .unwrap_or_else(|| "(site)".to_string());
                let fix = d
                    .fix
                    .as_ref()
                    .map(|f| format!(" [fix: {:?}]", f.replacement))
                    .unwrap_or_default();
                let notes: String = d.notes.iter().map(|n| format!("\n    note: {n}")).collect();
                format!(
                    "{} {} {at} {}{fix}{notes}",
                    d.code.as_str(),
                    d.severity.as_str(),
                    d.message
                )
            })
            .collect();
        assert!(
            lines.iter().any(|l| l.starts_with(&code)),
            "{code} not reported:\n{}",
            lines.join("\n")
        );
        // Messages may name today's date (SV0008); the snapshot must not depend on it.
        let today = stegvis::model::Date::today().iso();
        insta::assert_snapshot!(lines.join("\n").replace(&today, "[today]"));
    });
}
