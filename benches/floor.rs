//! The floor under a cold build: what any tool writing stegvis's output from
//! the same sources must spend, timed beside a cold `stegvis build
//! --no-search` of the site (the release binary, with its build cache, as
//! `benches/run.sh` times it) in the same run, so that the two can be
//! compared as a ratio.
//!
//! - **Markdown:** reading every article and turning its body into HTML with
//!   pulldown-cmark alone (no front matter, includes, checks, templates,
//!   navigation, JSON or cache), on all cores.
//! - **Output:** writing the files of the build's output folder again, from
//!   memory, into a new folder on the same file system, on all cores: the
//!   kernel's share of the output contract (52,400 files and 535 MB at
//!   10,000 articles), with no byte to make.
//!
//! `cargo bench --bench floor` measures the example site in `content/`;
//! `STEGVIS_BENCH_SITE=DIR` another one, such as a site made by
//! `benches/gen_site.py`. Outputs go to tmpfs (`/dev/shm`) where there is
//! one, as in `benches/run.sh`, or `STEGVIS_FLOOR_OUT=DIR`. Each figure is the
//! median of `STEGVIS_FLOOR_RUNS` rounds (default 5).

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;

mod common;

fn main() {
    // `cargo bench` passes `--bench`; a filter has nothing to select here.
    let site = common::site_dir();
    let runs: usize = std::env::var("STEGVIS_FLOOR_RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(5)
        .max(1);
    let scratch = scratch_folder();
    let out = scratch.join("stegvis");
    let copy = scratch.join("copy");

    let config = stegvis::config::load(&site).expect("the site's stegvis.toml is valid");
    let sources = stegvis::discover::discover(&site, &config);
    assert!(
        !sources.articles.is_empty(),
        "no articles in {}",
        site.display()
    );

    let mut build = Vec::new();
    let mut markdown = Vec::new();
    let mut output = Vec::new();
    let mut files = Vec::new();
    for _ in 0..runs {
        // A cold build: no output folder and no build cache beside it.
        remove(&scratch);
        std::fs::create_dir_all(&scratch).expect("the scratch folder can be made");
        build.push(timed(|| {
            // The binary, as a user runs it (its allocator included).
            let status = std::process::Command::new(env!("CARGO_BIN_EXE_stegvis"))
                .args(["build", "--quiet", "--no-search", "--site"])
                .arg(&site)
                .arg("--out")
                .arg(&out)
                .status()
                .expect("stegvis runs");
            assert!(status.success(), "the site builds");
        }));
        markdown.push(timed(|| {
            let html: usize = sources.articles.par_iter().map(|f| to_html(&f.abs)).sum();
            assert!(html > 0);
        }));
        files = read_all(&out);
        remove(&copy);
        output.push(timed(|| write_all(&copy, &files)));
    }
    remove(&scratch);

    let bytes: usize = files.iter().map(|(_, b)| b.len()).sum();
    let build = median(build);
    println!(
        "floor of {} ({} articles; {} output files, {} MB); medians of {runs}",
        site.display(),
        sources.articles.len(),
        files.len(),
        bytes / 1_000_000
    );
    println!("| work | wall time | CPU time | share of the build's wall time |");
    println!("| --- | ---: | ---: | ---: |");
    for (name, figure) in [
        ("stegvis build --no-search (cold)", build),
        ("Markdown: read + pulldown-cmark HTML", median(markdown)),
        ("Output: write its files from memory", median(output)),
    ] {
        println!(
            "| {name} | {:.3} s | {} | {:.0}% |",
            figure.wall.as_secs_f64(),
            figure.cpu.map_or("(unknown)".to_string(), |c| format!(
                "{:.2} s",
                c.as_secs_f64()
            )),
            100.0 * figure.wall.as_secs_f64() / build.wall.as_secs_f64()
        );
    }
}

/// A folder for the outputs, on tmpfs where there is one.
fn scratch_folder() -> PathBuf {
    let base = std::env::var_os("STEGVIS_FLOOR_OUT")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            let shm = Path::new("/dev/shm");
            if shm.is_dir() {
                shm.to_path_buf()
            } else {
                std::env::temp_dir()
            }
        });
    base.join(format!("stegvis-floor-{}", std::process::id()))
}

fn remove(dir: &Path) {
    match std::fs::remove_dir_all(dir) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            panic!("cannot remove {}: {e}", dir.display())
        }
        _ => {}
    }
}

/// An article's body as HTML, by pulldown-cmark alone: the least any tool
/// does with it.
fn to_html(path: &Path) -> usize {
    let text = std::fs::read_to_string(path).expect("the article is readable");
    let body = text
        .strip_prefix("---")
        .and_then(|rest| rest.split_once("\n---"))
        .map_or(text.as_str(), |(_, body)| body);
    let parser = pulldown_cmark::Parser::new_ext(body, pulldown_cmark::Options::all());
    let mut html = String::with_capacity(body.len() * 2);
    pulldown_cmark::html::push_html(&mut html, parser);
    html.len()
}

/// Every file under `root`, by its path inside it, with its bytes.
fn read_all(root: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    walkdir::WalkDir::new(root)
        .into_iter()
        .map(|entry| entry.expect("the output folder can be listed"))
        .filter(|entry| entry.file_type().is_file())
        .map(|entry| {
            let rel = entry
                .path()
                .strip_prefix(root)
                .expect("walkdir lists what is inside root")
                .to_path_buf();
            let bytes = std::fs::read(entry.path()).expect("an output file is readable");
            (rel, bytes)
        })
        .collect()
}

/// Writes `files` under `root` on all cores, making a folder when a file's
/// is missing (one failed call for each, as a build's first file in it).
fn write_all(root: &Path, files: &[(PathBuf, Vec<u8>)]) {
    files.par_iter().for_each(|(rel, bytes)| {
        let path = root.join(rel);
        if std::fs::write(&path, bytes).is_err() {
            let parent = path.parent().expect("a file has a folder");
            std::fs::create_dir_all(parent).expect("the folder can be made");
            std::fs::write(&path, bytes).expect("the file can be written");
        }
    });
}

#[derive(Clone, Copy)]
struct Figure {
    wall: Duration,
    cpu: Option<Duration>,
}

fn timed(work: impl FnOnce()) -> Figure {
    let (started, cpu) = (Instant::now(), cpu_time());
    work();
    Figure {
        wall: started.elapsed(),
        cpu: cpu.zip(cpu_time()).map(|(before, after)| after - before),
    }
}

fn median(mut figures: Vec<Figure>) -> Figure {
    figures.sort_by_key(|f| f.wall);
    figures[figures.len() / 2]
}

/// The CPU time (user and system, every thread) of this process and of the
/// children it waited for, where Linux tells it (`/proc/self/stat`, in clock
/// ticks of 10 ms), or `None`.
fn cpu_time() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // The fields after the command name, which is in parentheses: utime,
    // stime, cutime and cstime are the 12th to the 15th.
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let mut ticks = 0;
    for field in fields.get(11..15)? {
        ticks += field.parse::<u64>().ok()?;
    }
    Some(Duration::from_millis(ticks * 10))
}
