//! Render: `&Site` + theme + UI strings -> the files of the published site:
//! per article `index.html` and `index.json`, a page per folder, each
//! locale's `404.html` and `search.html`, the locale chooser, `sitemap.xml`,
//! theme assets and media. Articles are rendered in parallel, and each file
//! goes to a `Sink` as soon as it is made (the write stage's staging folder),
//! so the site is never held in memory whole. The article pages are listed
//! for the search stage, which indexes what was rendered.

mod body;
mod data;
mod nav;
mod theme;
mod views;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};

use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};

use fluent_bundle::FluentValue;
use rayon::prelude::*;

pub use body::{Body, ImageData, ProcedureData, StepData, render_body};
pub use theme::{EMBEDDED as EMBEDDED_THEME, Theme};

use crate::assemble::{ArticleId, Site};
use crate::diagnostics::Diagnostic;
use crate::i18n::{I18n, Translator};
use crate::model::Locale;
use crate::progress::{Progress, Stage};
use nav::NavHtml;
use views::{
    Alternate, ArticleView, Entry, Language, Link, Listing, Page, PlainView, SearchView,
    SectionView, TocEntry, Ui,
};

/// One file of the published site.
#[derive(Debug)]
pub enum Output {
    /// A file made in memory, at a `/`-separated path inside the output folder.
    Bytes { path: String, bytes: Vec<u8> },
    /// A file copied from the site (media).
    Copy { path: String, from: PathBuf },
    /// A file the previous output holds exactly as this build would make it
    /// (the build cache knows): kept, not made again.
    Kept { path: String },
}

impl Output {
    pub fn path(&self) -> &str {
        match self {
            Output::Bytes { path, .. } | Output::Copy { path, .. } | Output::Kept { path } => path,
        }
    }
}

/// Where rendered files go, each as soon as it is made: the write stage's
/// staging folder for `build`, memory for `serve` and tests. Called from
/// many threads at once.
pub trait Sink: Sync {
    /// Takes one file; `false` when the sink failed and wants no more.
    fn put(&self, output: Output) -> bool;
}

/// A sink that keeps every file in memory.
#[derive(Debug, Default)]
pub struct Collect(Mutex<Vec<Output>>);

impl Collect {
    /// The files, in no particular order.
    pub fn into_outputs(self) -> Vec<Output> {
        self.0.into_inner().unwrap_or_else(|e| e.into_inner())
    }
}

impl Sink for Collect {
    fn put(&self, output: Output) -> bool {
        match self.0.lock() {
            Ok(mut outputs) => outputs.push(output),
            Err(e) => e.into_inner().push(output),
        }
        true
    }
}

/// A sink that drops every file: for a build that will not publish, whose
/// pages are rendered only for what rendering reports.
pub struct Discard;

impl Sink for Discard {
    fn put(&self, _: Output) -> bool {
        true
    }
}

/// What of the previous output is still right for this build (the build
/// cache knows): kept as it is, not made again.
#[derive(Default)]
pub struct Kept<'a> {
    /// The article pages, by id (shorter than the site, or empty, where
    /// the rest are made again).
    pub articles: Vec<Option<KeptPage>>,
    /// Whether a file other than an article page (a folder's page, a 404 or
    /// search page, the locale chooser, the sitemap), by its path inside the
    /// output folder, is in the previous output as this build would make it.
    /// `None`: none is.
    pub others: Option<KeepsFile<'a>>,
}

/// Whether a file, by its path inside the output folder, is kept.
pub type KeepsFile<'a> = Box<dyn Fn(&str) -> bool + Sync + 'a>;

impl Kept<'_> {
    fn other(&self, path: &str) -> bool {
        self.others.as_ref().is_some_and(|keeps| keeps(path))
    }
}

/// An article page of the previous output that is still right: its files are
/// kept, and what rendering it counted is taken from the build cache.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct KeptPage {
    /// Images and files the page shows from the source locale.
    pub file_fallbacks: usize,
}

/// What rendering produced; the files themselves went to the sink.
#[derive(Debug, Default)]
pub struct Rendered {
    pub diagnostics: Vec<Diagnostic>,
    /// HTML pages made (or kept).
    pub pages: usize,
    /// Pages that could not be rendered (template errors).
    pub failures: usize,
    /// What was shown from the source locale because a locale lacks it.
    pub fallbacks: Fallbacks,
    /// The article pages, for the search index (none when the site has no
    /// search).
    pub search_pages: Vec<SearchPage>,
    /// Per article (by id), its page's count of files shown from the source
    /// locale; `None` for a page that could not be rendered.
    pub article_pages: Vec<Option<KeptPage>>,
    /// Whether the sink stopped taking files (it failed; the build will too).
    pub stopped: bool,
}

impl Rendered {
    /// Counts a page, or the diagnostic of a page that failed.
    fn take(&mut self, result: Result<(), Box<Diagnostic>>) {
        match result {
            Ok(()) => self.pages += 1,
            Err(d) => {
                self.failures += 1;
                self.diagnostics.push(*d);
            }
        }
    }
}

/// An article page as the search stage sees it.
#[derive(Clone, Debug)]
pub struct SearchPage {
    /// The tree the page is in: its search holds the page.
    pub locale: Locale,
    /// The page's URL, as links write it (`/nl-NL/billing/upgrade/`).
    pub url: String,
    /// Its `index.html` among the outputs.
    pub path: String,
}

/// What a build showed from the source locale because a locale lacked it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Fallbacks {
    /// Pages standing in for untranslated articles.
    pub pages: usize,
    /// Images and other files.
    pub files: usize,
    /// Include files.
    pub includes: usize,
}

/// What every page of a site shares, computed once per state of the site:
/// the UI strings per locale, the navigation trees pre-rendered, the assets'
/// URLs. Owned, so that `serve` keeps it between requests.
pub struct Common {
    ui: HashMap<Locale, Ui>,
    fallback_ui: Ui,
    /// Made when a page first needs one (`Shared::nav`), or all at once
    /// beforehand (`Common::prepare_navs`): a rebuild that makes the pages
    /// of one locale makes one.
    navs: Vec<OnceLock<NavHtml>>,
    stylesheet: String,
    script: String,
    search_script: String,
    names: HashMap<Locale, String>,
    /// The locales with a search (see `searchable`).
    searchable: HashSet<Locale>,
}

impl Common {
    pub fn new(site: &Site, theme: &Theme, i18n: &I18n) -> Common {
        let mut ui = HashMap::new();
        let mut names = HashMap::new();
        for locale in &site.locales {
            let tr = i18n.translator(locale);
            ui.insert(locale.clone(), Ui::new(tr));
            names.insert(locale.clone(), tr.language_name());
        }
        Common {
            ui,
            fallback_ui: Ui::new(i18n.translator(&Locale::fallback())),
            navs: site.navs.iter().map(|_| OnceLock::new()).collect(),
            stylesheet: versioned(site, theme, STYLESHEET),
            script: versioned(site, theme, SCRIPT),
            search_script: versioned(site, theme, SEARCH_SCRIPT),
            names,
            searchable: searchable(site),
        }
    }

    /// Makes the navigation trees of `locales` (of all when `None`) on all
    /// threads, before the pages that show them are rendered: made on
    /// demand, the first page of a locale would keep its thread waiting,
    /// and every thread that renders one of its pages meanwhile.
    fn prepare_navs(&self, site: &Site, locales: Option<&HashSet<&Locale>>) {
        self.navs
            .par_iter()
            .zip(&site.navs)
            .filter(|(_, nav)| locales.is_none_or(|l| l.contains(&nav.locale)))
            .for_each(|(html, nav)| {
                html.get_or_init(|| NavHtml::new(site, nav));
            });
    }
}

/// The site, its theme and strings, and what its pages share: all a page needs.
struct Shared<'a> {
    site: &'a Site,
    theme: &'a Theme,
    i18n: &'a I18n,
    common: &'a Common,
    /// Images and files shown from the source locale, counted across pages.
    file_fallbacks: AtomicUsize,
}

const STYLESHEET: &str = "assets/stegvis.css";
const SCRIPT: &str = "assets/stegvis.js";
const SEARCH_SCRIPT: &str = "assets/search.js";
const FAVICON: &str = "assets/favicon.svg";

/// Renders every page of the site into `sink`, telling `progress` how far it
/// got. The files in `kept` are not rendered: they are kept from the
/// previous output.
pub fn render(
    site: &Site,
    theme: &Theme,
    i18n: &I18n,
    progress: &dyn Progress,
    sink: &dyn Sink,
    kept: &Kept,
) -> Rendered {
    let common = Common::new(site, theme, i18n);
    let shared = Shared::new(site, theme, i18n, &common);
    // Which of the other pages are kept, asked once (the answers decide
    // which navigation trees are needed).
    let sections: Vec<(usize, String, bool)> = (0..site.sections.len())
        .filter(|s| site.sections[*s].landing.is_none())
        .map(|s| {
            let path = file_path(&site.section_path(s), "index.html");
            let keep = kept.other(&path);
            (s, path, keep)
        })
        .collect();
    let not_found: Vec<(&Locale, bool)> = site
        .locales
        .iter()
        .map(|l| (l, kept.other(&not_found_path(l))))
        .collect();
    let search: Vec<(&Locale, bool)> = site
        .locales
        .iter()
        .filter(|l| common.searchable.contains(*l))
        .map(|l| (l, kept.other(&search_path(l))))
        .collect();
    let rendering = locales_to_render(site, kept, &sections, &not_found, &search);
    common.prepare_navs(site, rendering.as_ref());
    let stopped = AtomicBool::new(false);
    // Every file goes to the sink at once; after a failure, nothing more.
    let put = |output: Output| {
        if stopped.load(Ordering::Relaxed) || !sink.put(output) {
            stopped.store(true, Ordering::Relaxed);
        }
    };
    let mut rendered = Rendered::default();
    progress.start(Stage::Render, site.articles.len());
    let ids: Vec<ArticleId> = site.ids().collect();
    let articles: Vec<Result<KeptPage, Box<Diagnostic>>> = ids
        .par_iter()
        .with_max_len(crate::PARALLEL_SHARE)
        .map(|id| {
            let site_path = &site.urls[id.0];
            let page = match kept.articles.get(id.0).copied().flatten() {
                Some(page) => {
                    put(Output::Kept {
                        path: file_path(site_path, "index.html"),
                    });
                    put(Output::Kept {
                        path: file_path(site_path, "index.json"),
                    });
                    Ok(page)
                }
                None if stopped.load(Ordering::Relaxed) => Ok(KeptPage::default()),
                None => article_page(&shared, *id).map(|([html, json], file_fallbacks)| {
                    put(html);
                    put(json);
                    KeptPage { file_fallbacks }
                }),
            };
            if let Ok(page) = &page {
                shared
                    .file_fallbacks
                    .fetch_add(page.file_fallbacks, Ordering::Relaxed);
            }
            progress.advance(1);
            page
        })
        .collect();
    // Only for a search index: a URL made for each of 10,000 pages is not
    // made for nothing.
    if site.config.search {
        for (id, result) in ids.iter().zip(&articles) {
            if result.is_ok() {
                let site_path = &site.urls[id.0];
                rendered.search_pages.push(SearchPage {
                    locale: site.article(*id).locale.clone(),
                    url: shared.url(site_path),
                    path: file_path(site_path, "index.html"),
                });
            }
        }
    }
    // A kept file is put as it is.
    let keep = |path: String| {
        put(Output::Kept { path });
        Ok(())
    };
    let sections: Vec<Result<(), Box<Diagnostic>>> = sections
        .into_par_iter()
        .map(|(s, path, kept)| match kept {
            true => keep(path),
            false => section_page(&shared, s).map(put),
        })
        .collect();
    for result in articles {
        rendered.article_pages.push(result.as_ref().ok().copied());
        rendered.take(result.map(drop));
    }
    let others = sections
        .into_iter()
        .chain(not_found.into_iter().map(|(l, kept)| match kept {
            true => keep(not_found_path(l)),
            false => not_found_page(&shared, l).map(put),
        }))
        .chain(search.into_iter().map(|(l, kept)| match kept {
            true => keep(search_path(l)),
            false => search_page(&shared, l).map(put),
        }))
        .chain(std::iter::once(match kept.other(ROOT_PAGE) {
            true => keep(ROOT_PAGE.to_string()),
            false => root_page(&shared).map(put),
        }))
        .collect::<Vec<_>>();
    for result in others {
        rendered.take(result);
    }
    if kept.other(SITEMAP) {
        put(Output::Kept {
            path: SITEMAP.to_string(),
        });
    } else {
        put(Output::Bytes {
            path: SITEMAP.to_string(),
            bytes: sitemap(&shared),
        });
    }
    for (name, bytes) in &theme.assets {
        put(Output::Bytes {
            path: name.clone(),
            bytes: bytes.clone(),
        });
    }
    site.media.par_iter().for_each(|media| {
        put(Output::Copy {
            path: format!("{}/{}", media.locale, media.path),
            from: media.abs.clone(),
        })
    });
    rendered.diagnostics.extend(i18n.missing_diagnostics());
    progress.finish(Stage::Render);
    rendered.fallbacks = Fallbacks {
        pages: site.ids().filter(|id| site.is_stand_in(*id)).count(),
        files: shared.file_fallbacks.load(Ordering::Relaxed),
        includes: site
            .ids()
            .filter(|id| !site.is_stand_in(*id))
            .map(|id| site.article(id).document.include_fallbacks)
            .sum(),
    };
    rendered.stopped = stopped.load(Ordering::Relaxed);
    rendered
}

/// The locales with a page to render (a page without one of its own, a 404
/// or search page, shows its locale's navigation tree); `None`, all of
/// them, when nothing is kept.
fn locales_to_render<'a>(
    site: &'a Site,
    kept: &Kept,
    sections: &[(usize, String, bool)],
    not_found: &[(&'a Locale, bool)],
    search: &[(&'a Locale, bool)],
) -> Option<HashSet<&'a Locale>> {
    if kept.articles.is_empty() && kept.others.is_none() {
        return None;
    }
    let articles = site
        .ids()
        .filter(|id| kept.articles.get(id.0).copied().flatten().is_none())
        .map(|id| &site.article(id).locale);
    let sections = sections
        .iter()
        .filter(|(_, _, kept)| !kept)
        .map(|(s, _, _)| &site.sections[*s].locale);
    let others = not_found
        .iter()
        .chain(search)
        .filter(|(_, kept)| !kept)
        .map(|(l, _)| *l);
    Some(articles.chain(sections).chain(others).collect())
}

/// Renders one page of each kind (an article, a folder page, a 404 page and
/// the locale chooser) and returns only what went wrong: enough for `check` to
/// catch template errors without rendering the whole site.
pub fn render_sample(site: &Site, theme: &Theme, i18n: &I18n) -> Vec<Diagnostic> {
    let common = Common::new(site, theme, i18n);
    let shared = Shared::new(site, theme, i18n, &common);
    let mut problems = Vec::new();
    if let Some(id) = site.ids().next() {
        problems.extend(article_page(&shared, id).err());
    }
    if let Some(s) = (0..site.sections.len()).find(|s| site.sections[*s].landing.is_none()) {
        problems.extend(section_page(&shared, s).err());
    }
    if let Some(locale) = site.locales.first() {
        problems.extend(not_found_page(&shared, locale).err());
    }
    if let Some(locale) = site
        .locales
        .iter()
        .find(|l| shared.common.searchable.contains(*l))
    {
        problems.extend(search_page(&shared, locale).err());
    }
    problems.extend(root_page(&shared).err());
    problems.into_iter().map(|d| *d).collect()
}

/// What a file of the published site is, for rendering it alone.
#[derive(Clone, Debug)]
enum Target {
    ArticleHtml(ArticleId),
    ArticleJson(ArticleId),
    Section(usize),
    NotFound(Locale),
    Search(Locale),
    Root,
    Sitemap,
    Asset(usize),
    Media(usize),
}

/// Every file a site publishes, by its path inside the output folder: which
/// page, asset or media file it is. Made once per state of the site.
#[derive(Debug, Default)]
pub struct Index(HashMap<String, Target>);

impl Index {
    pub fn new(site: &Site, theme: &Theme) -> Index {
        let mut targets = HashMap::new();
        for id in site.ids() {
            let url = &site.urls[id.0];
            targets.insert(file_path(url, "index.html"), Target::ArticleHtml(id));
            targets.insert(file_path(url, "index.json"), Target::ArticleJson(id));
        }
        for (i, s) in site.sections.iter().enumerate() {
            if s.landing.is_none() {
                targets.insert(
                    file_path(&site.section_path(i), "index.html"),
                    Target::Section(i),
                );
            }
        }
        for locale in &site.locales {
            targets.insert(not_found_path(locale), Target::NotFound(locale.clone()));
        }
        for locale in searchable(site) {
            targets.insert(search_path(&locale), Target::Search(locale));
        }
        targets.insert(ROOT_PAGE.to_string(), Target::Root);
        targets.insert(SITEMAP.to_string(), Target::Sitemap);
        for (i, (name, _)) in theme.assets.iter().enumerate() {
            targets.insert(name.clone(), Target::Asset(i));
        }
        for (i, media) in site.media.iter().enumerate() {
            targets.insert(format!("{}/{}", media.locale, media.path), Target::Media(i));
        }
        Index(targets)
    }

    /// Every path the site publishes, `/`-separated, inside the output folder.
    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.0.keys().map(String::as_str)
    }

    pub fn contains(&self, path: &str) -> bool {
        self.0.contains_key(path)
    }
}

/// Renders single files of the site on demand, each exactly as `render`
/// would: what `serve` uses, so that a page costs its own rendering only.
pub struct Renderer<'a> {
    shared: Shared<'a>,
}

impl<'a> Renderer<'a> {
    /// `common` must be made from the same site, theme and strings.
    pub fn new(
        site: &'a Site,
        theme: &'a Theme,
        i18n: &'a I18n,
        common: &'a Common,
    ) -> Renderer<'a> {
        Renderer {
            shared: Shared::new(site, theme, i18n, common),
        }
    }

    /// The file at `path` inside the output folder (`nl-NL/billing/upgrade/index.html`),
    /// or `None` when `index` (made from the same site) has no such file.
    pub fn file(&self, index: &Index, path: &str) -> Option<Result<Output, Box<Diagnostic>>> {
        let sh = &self.shared;
        Some(match index.0.get(path)?.clone() {
            Target::ArticleHtml(id) => article_page(sh, id).map(|([html, _], _)| html),
            Target::ArticleJson(id) => article_page(sh, id).map(|([_, json], _)| json),
            Target::Section(s) => section_page(sh, s),
            Target::NotFound(locale) => not_found_page(sh, &locale),
            Target::Search(locale) => search_page(sh, &locale),
            Target::Root => root_page(sh),
            Target::Sitemap => Ok(Output::Bytes {
                path: path.to_string(),
                bytes: sitemap(sh),
            }),
            Target::Asset(i) => Ok(Output::Bytes {
                path: path.to_string(),
                bytes: sh.theme.assets[i].1.clone(),
            }),
            Target::Media(i) => Ok(Output::Copy {
                path: path.to_string(),
                from: sh.site.media[i].abs.clone(),
            }),
        })
    }
}

impl<'a> Shared<'a> {
    fn new(site: &'a Site, theme: &'a Theme, i18n: &'a I18n, common: &'a Common) -> Shared<'a> {
        Shared {
            site,
            theme,
            i18n,
            common,
            file_fallbacks: AtomicUsize::new(0),
        }
    }
}

/// The locales with a search: when search is on, those with articles to find
/// (a locale without any gets no index, so no box leading to none).
fn searchable(site: &Site) -> HashSet<Locale> {
    if site.config.search {
        site.ids()
            .map(|id| site.article(id).locale.clone())
            .collect()
    } else {
        HashSet::new()
    }
}

/// An asset's URL with its version, so browsers fetch a changed file.
fn versioned(site: &Site, theme: &Theme, asset: &str) -> String {
    format!(
        "{}?v={}",
        site.config.base_url.url(asset),
        theme.asset_version(asset)
    )
}

impl Shared<'_> {
    fn translator(&self, locale: &Locale) -> &Translator {
        self.i18n.translator(locale)
    }

    fn ui(&self, locale: &Locale) -> &Ui {
        self.common
            .ui
            .get(locale)
            .unwrap_or(&self.common.fallback_ui)
    }

    fn url(&self, site_path: &str) -> String {
        self.site.config.base_url.url(site_path)
    }

    fn absolute(&self, site_path: &str) -> String {
        self.site.config.base_url.absolute(site_path)
    }

    fn site_title(&self, locale: &Locale) -> String {
        self.site
            .config
            .title
            .clone()
            .unwrap_or_else(|| self.translator(locale).text("site-title"))
    }

    /// The common part of a page.
    fn page(&self, parts: Parts) -> Page<'_> {
        let Parts {
            locale,
            content_locale,
            title,
            description,
            site_path,
            canonical,
            versions,
            alternates,
            nav_html,
            breadcrumb,
            toc,
            json_ld,
        } = parts;
        let mut hreflang: Vec<Alternate> = alternates
            .iter()
            .map(|(l, p)| Alternate {
                hreflang: l.to_string(),
                href: self.absolute(p),
            })
            .collect();
        if alternates.len() > 1
            && let Some((_, p)) = alternates
                .iter()
                .find(|(l, _)| l == &self.site.default_locale)
        {
            hreflang.push(Alternate {
                hreflang: "x-default".to_string(),
                href: self.absolute(p),
            });
        }
        let languages = versions
            .iter()
            .map(|(l, p)| Language {
                lang: l.to_string(),
                name: self
                    .common
                    .names
                    .get(l)
                    .cloned()
                    .unwrap_or_else(|| l.to_string()),
                href: self.url(p),
                current: *l == locale,
            })
            .collect();
        let content_locale = content_locale.unwrap_or_else(|| locale.clone());
        let untranslated = if content_locale == locale {
            String::new()
        } else {
            let language = self
                .common
                .names
                .get(&content_locale)
                .cloned()
                .unwrap_or_else(|| content_locale.to_string());
            self.translator(&locale)
                .message("untranslated", &[("language", FluentValue::from(language))])
        };
        Page {
            lang: content_locale.to_string(),
            ui_lang: locale.to_string(),
            dir: if locale.is_right_to_left() {
                "rtl"
            } else {
                "ltr"
            },
            title,
            description,
            site_title: self.site_title(&locale),
            url: self.absolute(canonical.as_deref().unwrap_or(&site_path)),
            home_url: self.url(&format!("{locale}/")),
            root_url: self.url(""),
            stylesheet: self.common.stylesheet.clone(),
            script: self.common.script.clone(),
            favicon: self.url(FAVICON),
            search_url: if self.common.searchable.contains(&locale) {
                self.url(&search_path(&locale))
            } else {
                String::new()
            },
            alternates: hreflang,
            languages,
            nav_html,
            breadcrumb,
            toc,
            json_ld,
            untranslated,
            ui: self.ui(&locale),
        }
    }

    /// The navigation tree for a folder of a locale, and its rendered HTML.
    fn nav(&self, locale: &Locale, folder: &str) -> Option<(usize, &NavHtml)> {
        let nav = self.site.nav_for(locale, folder)?;
        let index = self.site.navs.iter().position(|n| std::ptr::eq(n, nav))?;
        let html = self.common.navs[index].get_or_init(|| NavHtml::new(self.site, nav));
        Some((index, html))
    }

    fn home_crumb(&self, locale: &Locale) -> Link {
        Link {
            title: self.ui(locale).home.clone(),
            href: self.url(&format!("{locale}/")),
        }
    }

    /// Breadcrumb links through the folders above `folder` (the home excluded).
    fn section_crumbs(&self, locale: &Locale, folder: &str) -> Vec<Link> {
        let mut chain = Vec::new();
        let mut current = self.site.section(locale, folder);
        while let Some(s) = current {
            let section = &self.site.sections[s];
            if !section.folder.is_empty() {
                chain.push(Link {
                    title: section.title.clone(),
                    href: self.url(&self.site.section_path(s)),
                });
            }
            current = section.parent;
        }
        chain.reverse();
        chain
    }

    fn listing(&self, section: usize) -> Listing {
        let site = self.site;
        let s = &site.sections[section];
        let count = s.articles.len();
        Listing {
            sections: s
                .sections
                .iter()
                .map(|sub| Entry {
                    title: site.sections[*sub].title.clone(),
                    href: self.url(&site.section_path(*sub)),
                    description: self.translator(&s.locale).message(
                        "section-articles",
                        &[(
                            "count",
                            FluentValue::from(site.sections[*sub].articles.len()),
                        )],
                    ),
                })
                .collect(),
            articles: s
                .articles
                .iter()
                .map(|id| {
                    let a = site.article(*id);
                    Entry {
                        title: a.title().to_string(),
                        href: self.url(&site.urls[id.0]),
                        description: a.description().to_string(),
                    }
                })
                .collect(),
            count: self
                .translator(&s.locale)
                .message("section-articles", &[("count", FluentValue::from(count))]),
        }
    }

    /// The same folder in every locale that has it.
    fn section_versions(&self, section: usize) -> Vec<(Locale, String)> {
        let folder = &self.site.sections[section].folder;
        self.site
            .locales
            .iter()
            .filter_map(|l| {
                self.site
                    .section(l, folder)
                    .map(|s| (l.clone(), self.site.section_path(s)))
            })
            .collect()
    }
}

/// What a page is made of, before it becomes a `Page` view.
struct Parts {
    /// The locale whose tree the page is in: its UI strings, navigation and URL.
    locale: Locale,
    /// The language of the text shown, when it is not `locale`'s (a stand-in).
    content_locale: Option<Locale>,
    title: String,
    description: String,
    site_path: String,
    /// The page to name as canonical, when it is another one (a stand-in's source).
    canonical: Option<String>,
    /// The page in every locale the language switcher offers, as site paths.
    versions: Vec<(Locale, String)>,
    /// The real translations, for hreflang.
    alternates: Vec<(Locale, String)>,
    nav_html: String,
    breadcrumb: Vec<Link>,
    toc: Vec<TocEntry>,
    json_ld: String,
}

impl Parts {
    fn new(locale: &Locale, title: String, site_path: &str) -> Parts {
        Parts {
            locale: locale.clone(),
            content_locale: None,
            title,
            description: String::new(),
            site_path: site_path.to_string(),
            canonical: None,
            versions: Vec::new(),
            alternates: Vec::new(),
            nav_html: String::new(),
            breadcrumb: Vec::new(),
            toc: Vec::new(),
            json_ld: String::new(),
        }
    }
}

/// Where a locale's search index is published (`pagefind/nl-NL/`): beside the
/// locale trees, where no article's page can be (a folder name of eight
/// letters is no locale tag).
pub fn search_bundle_path(locale: &Locale) -> String {
    format!("pagefind/{locale}/")
}

/// A locale's search page: beside its `404.html`, where no article's page can be.
fn search_path(locale: &Locale) -> String {
    format!("{locale}/search.html")
}

fn not_found_path(locale: &Locale) -> String {
    format!("{locale}/404.html")
}

/// The locale chooser.
const ROOT_PAGE: &str = "index.html";
const SITEMAP: &str = "sitemap.xml";

/// `nl-NL/x/` -> `nl-NL/x/index.html`.
fn file_path(site_path: &str, file: &str) -> String {
    format!("{site_path}{file}")
}

/// An article's `index.html` and `index.json`, and how many images and files
/// the page shows from the source locale.
fn article_page(sh: &Shared, id: ArticleId) -> Result<([Output; 2], usize), Box<Diagnostic>> {
    let site = sh.site;
    let article = site.article(id);
    let locale = &article.locale;
    let tr = sh.translator(locale);
    let site_path = &site.urls[id.0];
    let body = body::render_body(site, article, locale, tr);
    let file_fallbacks = body.file_fallbacks;
    // A stand-in shows its source article in this locale's tree.
    let stand_in = site.fallback_of[id.0];
    let pages = |ids: Vec<ArticleId>| -> Vec<(Locale, String)> {
        ids.into_iter()
            .map(|t| (site.article(t).locale.clone(), site.urls[t.0].clone()))
            .collect()
    };
    let versions = pages(site.versions(id));
    let alternates = pages(site.translations(id));
    let nav = sh.nav(locale, article.folder());
    let position = nav
        .and_then(|(i, _)| site.navs[i].positions.get(&id))
        .map(Vec::as_slice);
    let mut breadcrumb = vec![sh.home_crumb(locale)];
    match (nav, position) {
        (Some((i, _)), Some(position)) => {
            let mut nodes = &site.navs[i].nodes;
            for &step in &position[..position.len().saturating_sub(1)] {
                let node = &nodes[step];
                let href = match &node.target {
                    Some(crate::assemble::NavTarget::Article(a)) => sh.url(&site.urls[a.0]),
                    Some(crate::assemble::NavTarget::Section(s)) => sh.url(&site.section_path(*s)),
                    Some(crate::assemble::NavTarget::Url(u)) => u.clone(),
                    None => String::new(),
                };
                breadcrumb.push(Link {
                    title: node.title.clone(),
                    href,
                });
                nodes = &node.children;
            }
        }
        _ => breadcrumb.extend(sh.section_crumbs(locale, article.folder())),
    }
    let toc = article
        .document
        .headings
        .iter()
        .filter(|h| (2..=3).contains(&h.level))
        .map(|h| TocEntry {
            level: h.level,
            id: h.id.clone(),
            text: h.text.clone(),
        })
        .collect();
    let page_url = sh.absolute(site_path);
    let content_locale = stand_in
        .map(|s| site.article(s).locale.as_str())
        .unwrap_or(locale.as_str());
    let json_ld = data::how_to(content_locale, &page_url, &body.procedures, |u| {
        sh.site.config.base_url.with_origin(u)
    });
    let nav_html = nav
        .map(|(i, n)| n.for_page(&sh.site.navs[i], position))
        .unwrap_or_default();
    let listing = site
        .sections
        .iter()
        .position(|s| s.landing == Some(id))
        .map(|s| sh.listing(s));
    let fm = &article.front_matter;
    let view = ArticleView {
        page: sh.page(Parts {
            content_locale: stand_in.map(|s| site.article(s).locale.clone()),
            description: article.description().to_string(),
            canonical: stand_in.map(|s| site.urls[s.0].clone()),
            versions: versions.clone(),
            alternates: alternates.clone(),
            nav_html,
            breadcrumb,
            toc,
            json_ld,
            ..Parts::new(locale, article.title().to_string(), site_path)
        }),
        body: body.html,
        updated: fm
            .date
            .map(|d| {
                tr.message(
                    "last-updated",
                    &[("date", FluentValue::from(tr.long_date(d)))],
                )
            })
            .unwrap_or_default(),
        updated_iso: fm.date.map(|d| d.iso()).unwrap_or_default(),
        machine_translated: fm.is_machine_translated(),
        has_h1: article.document.h1().is_some(),
        listing,
        lightbox: body.lightbox,
    };
    // The shell around the body, navigation and JSON-LD is a few kilobytes.
    let size = view.body.len() + view.page.nav_html.len() + view.page.json_ld.len() + 16 * 1024;
    let html = sh
        .theme
        .render_sized("article.html", &view, &article.file, size)?;
    let translations: BTreeMap<String, String> = versions
        .iter()
        .map(|(l, p)| (l.to_string(), sh.absolute(p)))
        .collect();
    let shown_from = stand_in.map(|s| sh.absolute(&site.urls[s.0]));
    let json = data::article_json(
        article,
        page_url,
        shown_from,
        translations,
        &body.procedures,
    );
    Ok((
        [
            Output::Bytes {
                path: file_path(site_path, "index.html"),
                bytes: html,
            },
            Output::Bytes {
                path: file_path(site_path, "index.json"),
                bytes: json,
            },
        ],
        file_fallbacks,
    ))
}

fn section_page(sh: &Shared, section: usize) -> Result<Output, Box<Diagnostic>> {
    let site = sh.site;
    let s = &site.sections[section];
    let site_path = site.section_path(section);
    let nav = sh.nav(&s.locale, &s.folder);
    let position = nav.and_then(|(_, n)| n.section_position(section));
    let nav_html = nav
        .map(|(i, n)| n.for_page(&sh.site.navs[i], position))
        .unwrap_or_default();
    let mut breadcrumb = vec![sh.home_crumb(&s.locale)];
    if !s.folder.is_empty() {
        breadcrumb.extend(sh.section_crumbs(&s.locale, crate::paths::parent(&s.folder)));
    }
    let heading = if s.folder.is_empty() {
        sh.site_title(&s.locale)
    } else {
        s.title.clone()
    };
    let view = SectionView {
        page: sh.page(Parts {
            versions: sh.section_versions(section),
            alternates: sh.section_versions(section),
            nav_html,
            breadcrumb,
            ..Parts::new(&s.locale, heading.clone(), &site_path)
        }),
        heading,
        listing: sh.listing(section),
    };
    let html = sh.theme.render(
        "section.html",
        &view,
        &format!("the page of folder `{}/{}`", s.locale, s.folder),
    )?;
    Ok(Output::Bytes {
        path: file_path(&site_path, "index.html"),
        bytes: html,
    })
}

fn not_found_page(sh: &Shared, locale: &Locale) -> Result<Output, Box<Diagnostic>> {
    let site_path = not_found_path(locale);
    let versions: Vec<(Locale, String)> = sh
        .site
        .locales
        .iter()
        .map(|l| (l.clone(), format!("{l}/")))
        .collect();
    let nav_html = sh
        .nav(locale, "")
        .map(|(i, n)| n.for_page(&sh.site.navs[i], None))
        .unwrap_or_default();
    let ui = sh.ui(locale);
    // A 404 page has no language versions of its own; the switcher leads to each home.
    let mut page = sh.page(Parts {
        versions,
        nav_html,
        breadcrumb: vec![sh.home_crumb(locale)],
        ..Parts::new(locale, ui.not_found_title.clone(), &site_path)
    });
    page.languages
        .iter_mut()
        .for_each(|l| l.current = l.lang == locale.as_str());
    let html = sh.theme.render(
        "404.html",
        &PlainView { page },
        &format!("the 404 page of {locale}"),
    )?;
    Ok(Output::Bytes {
        path: site_path,
        bytes: html,
    })
}

fn search_page(sh: &Shared, locale: &Locale) -> Result<Output, Box<Diagnostic>> {
    let site_path = search_path(locale);
    let versions: Vec<(Locale, String)> = sh
        .site
        .locales
        .iter()
        .filter(|l| sh.common.searchable.contains(*l))
        .map(|l| (l.clone(), search_path(l)))
        .collect();
    let nav_html = sh
        .nav(locale, "")
        .map(|(i, n)| n.for_page(&sh.site.navs[i], None))
        .unwrap_or_default();
    let ui = sh.ui(locale);
    let view = SearchView {
        page: sh.page(Parts {
            versions,
            nav_html,
            breadcrumb: vec![sh.home_crumb(locale)],
            ..Parts::new(locale, ui.search_title.clone(), &site_path)
        }),
        bundle_url: sh.url(&search_bundle_path(locale)),
        search_script: sh.common.search_script.clone(),
    };
    let html = sh.theme.render(
        "search.html",
        &view,
        &format!("the search page of {locale}"),
    )?;
    Ok(Output::Bytes {
        path: site_path,
        bytes: html,
    })
}

fn root_page(sh: &Shared) -> Result<Output, Box<Diagnostic>> {
    let locale = &sh.site.default_locale;
    let versions: Vec<(Locale, String)> = sh
        .site
        .locales
        .iter()
        .map(|l| (l.clone(), format!("{l}/")))
        .collect();
    let title = sh.ui(locale).choose_language.clone();
    let mut page = sh.page(Parts {
        versions: versions.clone(),
        alternates: versions,
        ..Parts::new(locale, title, "")
    });
    page.languages.iter_mut().for_each(|l| l.current = false);
    let html = sh
        .theme
        .render("locales.html", &PlainView { page }, "the locale chooser")?;
    Ok(Output::Bytes {
        path: ROOT_PAGE.to_string(),
        bytes: html,
    })
}

fn sitemap(sh: &Shared) -> Vec<u8> {
    let site = sh.site;
    // Stand-ins name their source page as canonical; only real pages are
    // listed. An entry per page, made on all threads, in the site's order.
    let ids: Vec<ArticleId> = site.ids().filter(|id| !site.is_stand_in(*id)).collect();
    let mut entries: Vec<data::SitemapEntry> = ids
        .par_iter()
        .map(|&id| {
            let article = site.article(id);
            let alternates = site
                .translations(id)
                .into_iter()
                .map(|t| {
                    (
                        site.article(t).locale.to_string(),
                        sh.absolute(&site.urls[t.0]),
                    )
                })
                .collect();
            data::SitemapEntry {
                url: sh.absolute(&site.urls[id.0]),
                lastmod: article.front_matter.date.map(|d| d.iso()),
                alternates,
            }
        })
        .collect();
    for (i, s) in site.sections.iter().enumerate() {
        if s.landing.is_some() {
            continue;
        }
        entries.push(data::SitemapEntry {
            url: sh.absolute(&site.section_path(i)),
            lastmod: None,
            alternates: sh
                .section_versions(i)
                .into_iter()
                .map(|(l, p)| (l.to_string(), sh.absolute(&p)))
                .collect(),
        });
    }
    data::sitemap(&entries)
}
