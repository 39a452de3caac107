//! Criterion: the parse stage, per file (front matter, includes, the one
//! Markdown pass, procedures), single-threaded, on already-read bytes so that
//! only parsing is measured.
//!
//! `cargo bench --bench parse`; `STEGVIS_BENCH_SITE=DIR` for another site.

use std::hint::black_box;

use criterion::{BatchSize, BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use stegvis::discover::SourceFile;
use stegvis::parse::{IncludeStore, parse_article};

mod common;

fn parse(c: &mut Criterion) {
    let root = common::site_dir();
    let config = stegvis::config::load(&root).expect("the site's stegvis.toml is valid");
    let sources = stegvis::discover::discover(&root, &config);
    let (store, _) = IncludeStore::load(
        &sources.root,
        &sources.includes,
        config.source_locale(&sources.locales),
    );
    let mut files: Vec<(&SourceFile, Vec<u8>)> = sources
        .articles
        .iter()
        .map(|f| (f, std::fs::read(&f.abs).expect("the article is readable")))
        .collect();
    assert!(!files.is_empty(), "no articles in {}", root.display());

    let mut group = c.benchmark_group("parse");
    // One representative article: the one of median size.
    files.sort_by_key(|(_, bytes)| bytes.len());
    let (file, bytes) = &files[files.len() / 2];
    group.throughput(Throughput::Bytes(bytes.len() as u64));
    group.bench_function(BenchmarkId::new("article", &file.path), |b| {
        b.iter_batched(
            || bytes.clone(),
            |bytes| {
                let mut diagnostics = Vec::new();
                black_box(parse_article(file, bytes, &store, &mut diagnostics))
            },
            BatchSize::SmallInput,
        )
    });
    // Every article of the site, one after the other: the mean per file.
    group.throughput(Throughput::Elements(files.len() as u64));
    group.bench_function(BenchmarkId::new("every-article", files.len()), |b| {
        b.iter_batched(
            || {
                files
                    .iter()
                    .map(|(_, bytes)| bytes.clone())
                    .collect::<Vec<_>>()
            },
            |all| {
                let mut diagnostics = Vec::new();
                for ((file, _), bytes) in files.iter().zip(all) {
                    black_box(parse_article(file, bytes, &store, &mut diagnostics));
                }
                diagnostics
            },
            BatchSize::LargeInput,
        )
    });
    group.finish();
}

criterion_group!(benches, parse);
criterion_main!(benches);
