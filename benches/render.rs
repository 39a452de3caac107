//! Criterion: the render stage (HTML and JSON of every page, folder pages,
//! 404 pages, locale chooser, sitemap), in memory, nothing written. Its
//! throughput is in pages, so criterion reports the time per page. Measured on
//! one thread (the cost of a page) and on all of rayon's threads (what a build
//! sees).
//!
//! `cargo bench --bench render`; `STEGVIS_BENCH_SITE=DIR` for another site.

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use stegvis::progress::Silent;
use stegvis::render::{Collect, Rendered, render};

mod common;

/// Renders the whole site into memory, as the benchmark measures it.
fn render_all(
    site: &stegvis::assemble::Site,
    theme: &stegvis::render::Theme,
    i18n: &stegvis::i18n::I18n,
) -> (Rendered, Vec<stegvis::render::Output>) {
    let collected = Collect::default();
    let rendered = render(site, theme, i18n, &Silent, &collected, &Default::default());
    (rendered, collected.into_outputs())
}

fn render_site(c: &mut Criterion) {
    let root = common::site_dir();
    let prepared = stegvis::prepare(&root, None).expect("the site can be read");
    let (site, theme, i18n) = (&prepared.site, &prepared.theme, &prepared.i18n);
    let (first, _) = render_all(site, theme, i18n);
    assert_eq!(first.failures, 0, "{:?}", first.diagnostics);
    let pages = first.pages as u64;
    let one_thread = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .expect("a thread pool");

    let mut group = c.benchmark_group("render");
    group.throughput(Throughput::Elements(pages));
    group.bench_function(BenchmarkId::new("one-thread", pages), |b| {
        b.iter(|| one_thread.install(|| black_box(render_all(site, theme, i18n))))
    });
    group.bench_function(BenchmarkId::new("all-threads", pages), |b| {
        b.iter(|| black_box(render_all(site, theme, i18n)))
    });
    group.finish();
}

criterion_group!(benches, render_site);
criterion_main!(benches);
