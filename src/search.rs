//! Search: the rendered article pages -> one Pagefind index per locale, as more
//! files of the published site. It runs after render, on the HTML readers get
//! (read back from where render put it, one page at a time), so the index
//! holds exactly the text, headings and step ids of the pages.
//!
//! Each locale's tree gets its own bundle under `pagefind/<locale>/`, and a
//! page only ever loads the bundle of its own tree: a Dutch page cannot show a
//! Swedish result. A bundle holds one language, the tree's, whose stemmer is
//! used for the pages and for the reader's query alike ("abonnementen" finds
//! "abonnement"). A stand-in (an untranslated article shown from the source
//! locale) is indexed in the tree it stands in, where the reader found it in
//! the navigation, under that tree's language: a page loads one stemmer for the
//! query, so its words match exactly, while the inflections of its own language
//! may not.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;
use rayon::prelude::*;

use crate::model::Locale;
use crate::progress::{Progress, Stage};
use crate::render::{Output, SearchPage, search_bundle_path};

/// Files of Pagefind's bundle that stegvis does not use: it draws its own
/// results (localized, with links to steps), so Pagefind's UI bundles and its
/// playground would only be dead weight in every locale.
fn unused(file: &str) -> bool {
    file.starts_with("pagefind-ui.")
        || file.starts_with("pagefind-modular-ui.")
        || file.starts_with("pagefind-component-ui.")
        || file == "pagefind-highlight.js"
        || file.starts_with("playground/")
}

/// What the theme puts in an article that is not its text: the labels and
/// controls of step lists, notices, the date, a folder's listing. Leaving
/// them out keeps "Stap 3 van 9" and "Gedaan" from matching every procedure.
const NOT_TEXT: &[&str] = &[
    ".procedure-meta",
    ".step-head",
    ".untranslated",
    ".machine-translated",
    ".last-updated",
    ".folder-listing",
];

/// What indexing produced.
#[derive(Debug, Default)]
pub struct SearchIndex {
    pub outputs: Vec<Output>,
    pub stats: Stats,
}

/// How much was indexed, and how long it took.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    pub pages: usize,
    pub locales: Vec<Locale>,
    pub elapsed: Duration,
}

/// The search index could not be built. Pagefind fails only on what stegvis
/// hands it (its own limits, a runtime it cannot start), never on a site's
/// files, so this stops the build as a problem of the environment.
#[derive(Debug, thiserror::Error)]
#[error("the search index of {locale} could not be built: {message}")]
pub struct SearchError {
    pub locale: Locale,
    pub message: String,
}

/// Reads back a rendered page by its path in the output folder: from the
/// staging folder for `build`, from memory for `serve`.
pub type ReadPage<'a> = dyn Fn(&str) -> Option<Vec<u8>> + Sync + 'a;

/// Indexes the article `pages`, one bundle per locale, reading each page's
/// HTML through `read` only when its turn comes (a build holds no page in
/// memory for it), telling `progress` how far it got.
pub fn index(
    pages: &[SearchPage],
    read: &ReadPage,
    progress: &dyn Progress,
) -> Result<SearchIndex, SearchError> {
    let started = Instant::now();
    progress.start(Stage::Search, pages.len());
    let mut by_locale: BTreeMap<&Locale, Vec<&SearchPage>> = BTreeMap::new();
    for page in pages {
        by_locale.entry(&page.locale).or_default().push(page);
    }
    // Locales are independent: each gets its own index, on its own thread.
    let bundles: Vec<Result<Vec<Output>, SearchError>> = by_locale
        .par_iter()
        .map(|(locale, pages)| bundle(locale, pages, read, progress))
        .collect();
    progress.finish(Stage::Search);
    let mut index = SearchIndex::default();
    for bundle in bundles {
        index.outputs.extend(bundle?);
    }
    index.stats = Stats {
        pages: by_locale.values().map(Vec::len).sum(),
        locales: by_locale.keys().map(|l| (*l).clone()).collect(),
        elapsed: started.elapsed(),
    };
    Ok(index)
}

/// One locale's bundle: its pages in, the bundle's files out.
fn bundle(
    locale: &Locale,
    pages: &[&SearchPage],
    read: &ReadPage,
    progress: &dyn Progress,
) -> Result<Vec<Output>, SearchError> {
    let fail = |message: String| SearchError {
        locale: locale.clone(),
        message,
    };
    // Pagefind's API is async, though the work is CPU-bound: a runtime on this
    // thread drives it.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(|e| fail(format!("cannot start the async runtime: {e}")))?;
    let config = PagefindServiceConfig::builder()
        .force_language(locale.as_str().to_ascii_lowercase())
        .exclude_selectors(NOT_TEXT.iter().map(|s| s.to_string()).collect())
        .build();
    let files = runtime.block_on(async {
        let mut index = PagefindIndex::new(Some(config)).map_err(|e| fail(format!("{e:#}")))?;
        for page in pages {
            let url = &page.url;
            let bytes = read(&page.path)
                .ok_or_else(|| fail(format!("cannot read the page {} back", page.path)))?;
            let html = String::from_utf8(bytes)
                .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
            index
                .add_html_file(None, Some(url.clone()), html)
                .await
                .map_err(|e| fail(format!("{url}: {e:#}")))?;
            progress.advance(1);
        }
        index.get_files().await.map_err(|e| fail(format!("{e:#}")))
    })?;
    let prefix = search_bundle_path(locale);
    Ok(files
        .into_iter()
        .filter_map(|file| {
            let name = file.filename.to_string_lossy().replace('\\', "/");
            (!unused(&name)).then(|| Output::Bytes {
                path: format!("{prefix}{name}"),
                bytes: file.contents,
            })
        })
        .collect())
}
