//! What of the previous build is still right for this one: parse results,
//! check results, article pages and search bundles.

use std::collections::{BTreeSet, HashMap};

use rayon::prelude::*;
use rustc_hash::FxHashSet;

use super::{Manifest, OutputCheck, Parsed, Scan};
use crate::assemble::{self, ArticleId, Site};
use crate::diagnostics::Diagnostic;
use crate::discover::{SourceFile, Sources};
use crate::model::{Article, Date, Locale};
use crate::render::{Kept, KeptPage, SearchPage};
use crate::workspace::{Reuse, pastes_includes};
use crate::write::Stamp;

/// The previous build, the input files now, and what follows from them.
pub struct Plan<'a> {
    previous: &'a Manifest,
    /// The previous output folder's files, as found.
    outputs: &'a OutputCheck,
    parsed: &'a Parsed,
    scan: &'a Scan,
    /// Files that appeared or disappeared in `content/`.
    content_files_changed: bool,
    /// The locales, or the locale includes fall back to, are not the same.
    locales_changed: bool,
    /// Checks read the day (dates in the future).
    day_changed: bool,
    /// Templates or UI strings changed, or the last build missed a string.
    theme_changed: bool,
    /// A table of contents changed.
    tocs_changed: bool,
    /// The article files whose previous parse is still right (`still_right`),
    /// decided once.
    reusable: FxHashSet<&'a str>,
}

impl<'a> Plan<'a> {
    pub fn new(
        previous: &'a Manifest,
        outputs: &'a OutputCheck,
        parsed: &'a Parsed,
        scan: &'a Scan,
        sources: &Sources,
        source_locale: &Locale,
        today: Date,
    ) -> Plan<'a> {
        let content_files_changed = scan.changed.iter().any(|f| {
            f.starts_with("content/")
                && (scan.inputs.contains_key(f) != previous.inputs.contains_key(f))
        });
        let locales: Vec<String> = sources.locales.iter().map(|l| l.to_string()).collect();
        let mut plan = Plan {
            previous,
            outputs,
            parsed,
            scan,
            content_files_changed,
            locales_changed: locales != previous.locales
                || source_locale.as_str() != previous.source_locale,
            day_changed: today.days_since_epoch() != previous.today,
            theme_changed: scan.changed_under("templates/")
                || scan.changed_under("locales/")
                || previous.missing_strings,
            tocs_changed: sources.tocs.iter().any(|t| !scan.unchanged(&t.file)),
            reusable: FxHashSet::default(),
        };
        plan.reusable = sources
            .articles
            .iter()
            .filter_map(|f| plan.still_right(&f.file))
            .map(|e| e.file.as_str())
            .collect();
        plan
    }

    /// Whether nothing the build reads changed: the output folder can stay
    /// as it is, and the diagnostics are those recorded.
    pub fn unchanged(&self) -> bool {
        self.scan.changed.is_empty() && !self.locales_changed && !self.day_changed
    }

    /// Whether the previous parse of `file` is still right: the file is
    /// unchanged, and so is every file it pasted in (and, when it pastes
    /// includes, the set of files they could be found among).
    fn still_right(&self, file: &str) -> Option<&'a super::ParsedFile> {
        if self.locales_changed || !self.scan.unchanged(file) {
            return None;
        }
        let entry = self.parsed.get(file)?;
        if pastes_includes(entry.article.as_ref(), &entry.diagnostics) {
            let pasted_unchanged = entry
                .article
                .as_ref()
                .is_some_and(|a| a.document.includes.iter().all(|f| self.scan.unchanged(f)));
            if self.content_files_changed || !pasted_unchanged {
                return None;
            }
        }
        Some(entry)
    }

    /// The previous parse of `file`, when it is still right.
    fn reusable(&self, file: &str) -> Option<&'a super::ParsedFile> {
        if self.reusable.contains(file) {
            self.parsed.get(file)
        } else {
            None
        }
    }

    /// Whether the previous parse of `file` was taken.
    pub fn reuses(&self, file: &str) -> bool {
        self.reusable.contains(file)
    }

    /// The real articles of `site` parsed again whose result differs from the
    /// previous one, with it; `None` when anything changed beyond the pages
    /// that show them (a fact, a file, a table of contents): then every page
    /// and check is done again.
    fn changed_articles(&self, site: &Site) -> Option<Vec<(ArticleId, &'a Article)>> {
        if self.locales_changed || self.content_files_changed || self.tocs_changed {
            return None;
        }
        let mut changed = Vec::new();
        for id in site.ids().filter(|id| !site.is_stand_in(*id)) {
            let article = site.article(id);
            if self.reusable(&article.file).is_some() {
                continue;
            }
            let old = self.parsed.get(&*article.file)?.article.as_ref()?;
            if old == article {
                continue;
            }
            if !assemble::same_facts(old, article) {
                return None;
            }
            changed.push((id, old));
        }
        Some(changed)
    }

    /// The files of `site` that the previous output holds as this build
    /// would make them: article pages by id, and other pages by path. Only
    /// when nothing changed but articles that keep their facts: then every
    /// file that does not show them (`assemble::pages_showing`) stays.
    pub fn kept(&self, site: &Site) -> Kept<'_> {
        if self.theme_changed {
            return Kept::default();
        }
        let Some(changed) = self.changed_articles(site) else {
            return Kept::default();
        };
        let dirty: FxHashSet<String> = changed
            .iter()
            .flat_map(|(id, old)| assemble::pages_showing(site, *id, old))
            .collect();
        let articles = site
            .ids()
            .collect::<Vec<_>>()
            .into_par_iter()
            .map(|id| {
                let url = &site.urls[id.0];
                let files = [format!("{url}index.html"), format!("{url}index.json")];
                if files.iter().any(|f| dirty.contains(f)) {
                    return None;
                }
                let file_fallbacks = *self.previous.pages.get(url)?;
                files
                    .iter()
                    .all(|f| self.output_unchanged(f))
                    .then_some(KeptPage { file_fallbacks })
            })
            .collect();
        Kept {
            articles,
            others: Some(Box::new(move |path: &str| {
                !dirty.contains(path) && self.output_unchanged(path)
            })),
        }
    }

    /// Whether file `path` of the previous output folder is the one the
    /// previous build left there.
    pub fn output_unchanged(&self, path: &str) -> bool {
        self.outputs.unchanged(path)
    }

    /// Whether the whole output folder is the one the previous build left.
    pub fn output_whole(&self) -> bool {
        self.outputs.whole()
    }

    /// The files of `locale`'s search bundle in the previous output, when the bundle was
    /// made from the same pages as `pages` (their HTML stamps by `stamp`).
    pub fn kept_bundle(
        &self,
        locale: &Locale,
        pages: &[&SearchPage],
        stamp: impl Fn(&str) -> Option<Stamp>,
    ) -> Option<Vec<String>> {
        let bundle = self.previous.bundles.get(locale.as_str())?;
        let same_pages = bundle.pages.len() == pages.len()
            && bundle
                .pages
                .iter()
                .zip(pages)
                .all(|((url, was), page)| *url == page.url && stamp(&page.path) == Some(*was));
        (same_pages && bundle.files.iter().all(|f| self.output_unchanged(f)))
            .then(|| bundle.files.clone())
    }
}

impl Reuse for Plan<'_> {
    fn parsed(&self, file: &SourceFile) -> Option<(Option<Article>, Vec<Diagnostic>)> {
        self.reusable(&file.file)
            .map(|e| (e.article.clone(), e.diagnostics.clone()))
    }

    fn checks(&self, site: &Site) -> Vec<Option<Vec<Diagnostic>>> {
        if self.day_changed {
            return Vec::new();
        }
        let Some(changed) = self.changed_articles(site) else {
            return Vec::new();
        };
        // A changed article, its translations (which compare themselves
        // with it) and its stand-ins are checked again; `serve` does the same.
        let mut again: BTreeSet<ArticleId> = BTreeSet::new();
        for (id, _) in &changed {
            again.insert(*id);
            again.extend(site.translations(*id));
            again.extend(site.ids().filter(|o| site.fallback_of[o.0] == Some(*id)));
        }
        let urls: HashMap<ArticleId, &String> =
            site.ids().map(|id| (id, &site.urls[id.0])).collect();
        site.ids()
            .map(|id| {
                if again.contains(&id) {
                    return None;
                }
                let url = urls[&id].as_str();
                // Recorded pages only; one that found nothing has no entry.
                self.previous.pages.get(url)?;
                Some(self.previous.checks.get(url).cloned().unwrap_or_default())
            })
            .collect()
    }

    /// A build reads every file once.
    fn updates_follow(&self) -> bool {
        false
    }
}
