//! The fixture harness: copy a fixture site to a temporary folder, run a
//! stage of the pipeline or the binary, and read what came out.

use std::path::{Path, PathBuf};
use std::process::Command;

use stegvis::{Mode, Options, Outcome};

pub struct Built {
    /// Keeps the temporary folder alive.
    pub _dir: tempfile::TempDir,
    pub out: PathBuf,
    pub outcome: Outcome,
}

pub fn fixture(case: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(case)
}

pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Copies fixture `case` into a fresh temporary site folder.
pub fn site(case: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    copy_dir(&fixture(case), &site);
    (dir, site)
}

pub fn build(case: &str) -> Built {
    build_with(case, |_| {})
}

pub fn build_with(case: &str, adjust: impl FnOnce(&mut Options)) -> Built {
    let (dir, site) = site(case);
    let out = dir.path().join("public");
    let mut options = Options {
        site: site.clone(),
        mode: Mode::Build { out: out.clone() },
        base_url: None,
        strict: false,
        search: true,
        cache: true,
    };
    adjust(&mut options);
    let outcome = stegvis::run(&options).expect("the build runs");
    Built {
        _dir: dir,
        out,
        outcome,
    }
}

impl Built {
    pub fn read(&self, path: &str) -> String {
        std::fs::read_to_string(self.out.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    pub fn json(&self, path: &str) -> serde_json::Value {
        serde_json::from_str(&self.read(path)).unwrap()
    }

    pub fn exists(&self, path: &str) -> bool {
        self.out.join(path).exists()
    }
}

/// The `<main>` element of a page: what a snapshot should look at.
pub fn main_of(html: &str) -> &str {
    let start = html.find("<main").expect("a <main>");
    let end = html.find("</main>").expect("a </main>") + "</main>".len();
    &html[start..end]
}

/// Runs the `stegvis` binary.
pub fn stegvis(args: &[&str], cwd: &Path) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_stegvis"))
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}
