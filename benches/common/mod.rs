//! What both micro-benchmarks share: which site they measure.
//!
//! By default the repository's own example site (`content/`, the user guide in
//! Dutch and Swedish, which uses every feature of the format); set
//! `STEGVIS_BENCH_SITE` to measure another one, such as a site made by
//! `benches/gen_site.py`.

use std::path::PathBuf;

pub fn site_dir() -> PathBuf {
    std::env::var_os("STEGVIS_BENCH_SITE")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")))
}
