//! Assemble: articles + tables of contents + config -> `Site`: locales,
//! translation groups, the URL of every page, folder sections, the navigation
//! trees, and the link resolver that `check` and `render` share.

use std::collections::BTreeMap;

use rayon::prelude::*;
// Fx hashing: keys are the site's own paths and ids, looked up millions of
// times; SipHash's protection against crafted keys buys nothing here.
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::path::PathBuf;
use std::sync::Arc;

use crate::config::{Fallback, SiteConfig};
use crate::diagnostics::{Code, Diagnostic, FilePath};
use crate::discover::{SourceFile, Sources};
use crate::i18n;
use crate::model::{Article, Block, Document, Locale, ProcedureIds, Toc, TocItem};
use crate::parse::Parsed;
use crate::paths::{self, Target};

/// Index of an article in `Site::articles`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ArticleId(pub usize);

/// Where a navigation entry leads.
#[derive(Clone, Debug, PartialEq)]
pub enum NavTarget {
    Article(ArticleId),
    Section(usize),
    /// A URL outside the site, or a file that is not a page.
    Url(String),
}

/// An entry of a navigation tree.
#[derive(Clone, Debug, PartialEq)]
pub struct NavNode {
    pub title: String,
    pub target: Option<NavTarget>,
    pub children: Vec<NavNode>,
}

/// A navigation tree of one locale: from a table of contents, or from the folders.
#[derive(Clone, Debug, PartialEq)]
pub struct Nav {
    pub locale: Locale,
    /// True for a table of contents, false for the folder navigation.
    pub from_toc: bool,
    /// The folder it governs (`` for the whole locale).
    pub folder: String,
    pub nodes: Vec<NavNode>,
    /// For each article in the tree, the indices leading to its first entry.
    pub positions: HashMap<ArticleId, Vec<usize>>,
}

/// A folder of one locale: a section index page, unless an article is its landing page.
#[derive(Clone, Debug, PartialEq)]
pub struct Section {
    pub locale: Locale,
    /// Path inside the locale folder (`` for the locale's home).
    pub folder: String,
    pub title: String,
    /// Articles directly in the folder, ordered by title the way the locale sorts.
    pub articles: Vec<ArticleId>,
    /// Sub-folders, ordered by title.
    pub sections: Vec<usize>,
    /// `folder/index.md` or `folder.md`, which then stands for the folder.
    pub landing: Option<ArticleId>,
    pub parent: Option<usize>,
}

/// What a link or image source written in a file points at.
#[derive(Clone, Debug, PartialEq)]
pub enum Resolved {
    /// `#anchor` on the same page.
    Fragment(String),
    /// An article of the site. `fallback`: the link's locale has no page for it
    /// (`fallback = "none"`), so it is the source locale's article.
    Article {
        id: ArticleId,
        /// `?tabs=portal` as written, or empty.
        query: String,
        fragment: Option<String>,
        exact_case: bool,
        fallback: bool,
    },
    /// A Markdown file that is not an article of the site.
    MissingArticle {
        locale: Locale,
        path: String,
        query: String,
        fragment: Option<String>,
    },
    /// A file inside a locale folder (an image, a PDF), existing or not.
    /// `fallback`: the link's own locale lacks it, so it is the source locale's.
    File {
        locale: Locale,
        path: String,
        suffix: String,
        exists: bool,
        fallback: bool,
    },
    /// A URL that leaves the site, kept as written.
    External(String),
    /// A path that climbs out of the content folder.
    Outside,
    /// `javascript:` and friends: never a link.
    Unsafe,
}

/// Values by locale and path inside the locale folder, found from borrowed
/// parts: resolving a link looks up its target without building a key.
#[derive(Debug)]
struct ByLocale<V> {
    maps: HashMap<Locale, HashMap<String, V>>,
}

impl<V> Default for ByLocale<V> {
    fn default() -> Self {
        ByLocale {
            maps: HashMap::default(),
        }
    }
}

impl<V> ByLocale<V> {
    fn insert(&mut self, locale: &Locale, path: String, value: V) {
        self.locale(locale).insert(path, value);
    }

    /// Inserts unless `path` has a value already (the first one stays).
    fn insert_first(&mut self, locale: &Locale, path: String, value: V) {
        self.locale(locale).entry(path).or_insert(value);
    }

    fn locale(&mut self, locale: &Locale) -> &mut HashMap<String, V> {
        self.maps.entry(locale.clone()).or_default()
    }

    fn get(&self, locale: &Locale, path: &str) -> Option<&V> {
        self.maps.get(locale)?.get(path)
    }
}

/// The assembled site.
#[derive(Debug)]
pub struct Site {
    pub root: PathBuf,
    pub config: SiteConfig,
    pub locales: Vec<Locale>,
    pub default_locale: Locale,
    /// The locale translations are made from (`source_locale`, else the default locale).
    pub source_locale: Locale,
    /// Sorted by locale, then path.
    pub articles: Vec<Article>,
    /// Site path of each article's page, without the base URL (`nl-NL/billing/upgrade/`).
    pub urls: Vec<String>,
    /// For a stand-in (an untranslated article shown in another locale's tree
    /// under `fallback = "source"`), the source article it shows.
    pub fallback_of: Vec<Option<ArticleId>>,
    /// Translation groups: articles sharing a translation key, one list per key.
    pub groups: Vec<Vec<ArticleId>>,
    pub group_of: Vec<usize>,
    pub sections: Vec<Section>,
    /// The section of each locale's top folder.
    pub locale_roots: HashMap<Locale, usize>,
    pub navs: Vec<Nav>,
    pub media: Arc<[SourceFile]>,
    by_path: ByLocale<ArticleId>,
    by_lower_path: ByLocale<ArticleId>,
    media_paths: ByLocale<()>,
    section_by_folder: HashMap<(Locale, String), usize>,
}

/// Builds the site. Diagnostics are for table-of-contents entries that lead nowhere.
pub fn assemble(parsed: Parsed, sources: &Sources, config: &SiteConfig) -> (Site, Vec<Diagnostic>) {
    let locales = sources.locales.clone();
    let default_locale = config
        .default_locale(&locales)
        .unwrap_or_else(Locale::fallback);
    let source_locale = config
        .source_locale(&locales)
        .unwrap_or_else(|| default_locale.clone());
    let mut articles = parsed.articles;
    let stand_ins = match config.fallback {
        Fallback::Source => stand_ins(&articles, &locales, &source_locale),
        Fallback::None => Vec::new(),
    };
    let fallback_count = stand_ins.len();
    articles.extend(stand_ins);
    articles.sort_by(|a, b| (&a.locale, &a.path).cmp(&(&b.locale, &b.path)));
    // Four indexes of the articles, made side by side: each reads them all.
    let ((by_path, by_lower_path), ((urls, mut diagnostics), (groups, media_paths))) = rayon::join(
        || path_indexes(&articles),
        || {
            rayon::join(
                || {
                    let mut diagnostics = Vec::new();
                    let urls = unique_urls(&articles, &mut diagnostics);
                    (urls, diagnostics)
                },
                || rayon::join(|| translation_groups(&articles), || media_index(sources)),
            )
        },
    );
    let (groups, group_of) = groups;
    // A stand-in keeps the file of the article it shows; that file is in the source locale.
    let fallback_of: Vec<Option<ArticleId>> = if fallback_count == 0 {
        vec![None; articles.len()]
    } else {
        articles
            .iter()
            .map(|a| {
                let shown = file_locale(&a.file)?;
                (shown != a.locale)
                    .then(|| by_path.get(&shown, &a.path).copied())
                    .flatten()
            })
            .collect()
    };

    let mut site = Site {
        root: sources.root.clone(),
        config: config.clone(),
        locales,
        source_locale,
        default_locale,
        articles,
        urls,
        fallback_of,
        groups,
        group_of,
        sections: Vec::new(),
        locale_roots: HashMap::default(),
        navs: Vec::new(),
        media: Arc::clone(&sources.media),
        by_path,
        by_lower_path,
        media_paths,
        section_by_folder: HashMap::default(),
    };
    align_step_ids(&mut site);
    build_sections(&mut site);
    // Each locale's folder navigation and each table of contents, side by side.
    let (mut navs, tocs): (Vec<Nav>, Vec<(Nav, Vec<Diagnostic>)>) = rayon::join(
        || {
            site.locales
                .par_iter()
                .map(|l| folder_nav(&site, l))
                .collect()
        },
        || {
            parsed
                .tocs
                .par_iter()
                .map(|toc| {
                    let mut found = Vec::new();
                    (toc_nav(&site, toc, &mut found), found)
                })
                .collect()
        },
    );
    for (nav, found) in tocs {
        navs.push(nav);
        diagnostics.extend(found);
    }
    site.navs = navs;
    (site, diagnostics)
}

/// Each article by its path, exactly and in lower case (the first article
/// of a case-folded path keeps it).
fn path_indexes(articles: &[Article]) -> (ByLocale<ArticleId>, ByLocale<ArticleId>) {
    let mut by_path = ByLocale::default();
    let mut by_lower_path = ByLocale::default();
    for (i, a) in articles.iter().enumerate() {
        by_path.insert(&a.locale, a.path.clone(), ArticleId(i));
        by_lower_path.insert_first(&a.locale, a.path.to_lowercase(), ArticleId(i));
    }
    (by_path, by_lower_path)
}

/// Translation groups, in order of first appearance, and each article's group.
fn translation_groups(articles: &[Article]) -> (Vec<Vec<ArticleId>>, Vec<usize>) {
    let mut group_index: BTreeMap<String, usize> = BTreeMap::new();
    let mut groups: Vec<Vec<ArticleId>> = Vec::new();
    let mut group_of = Vec::with_capacity(articles.len());
    for (i, a) in articles.iter().enumerate() {
        let next = groups.len();
        let g = *group_index.entry(a.translation_key()).or_insert(next);
        if g == next {
            groups.push(Vec::new());
        }
        groups[g].push(ArticleId(i));
        group_of.push(g);
    }
    (groups, group_of)
}

fn media_index(sources: &Sources) -> ByLocale<()> {
    let mut media_paths = ByLocale::default();
    for m in sources.media.iter() {
        media_paths.insert(&m.locale, m.path.clone(), ());
    }
    media_paths
}

/// Puts a freshly parsed version of article `id` in place, when it changed in
/// nothing that assembling depends on (see `same_facts`): its step ids are
/// aligned with its source again, and the stand-ins that show it get the new
/// text. The result equals assembling the whole site again.
pub fn replace_article(site: &mut Site, id: ArticleId, mut article: Article) {
    if let Some(source) = site.source_of(id)
        && let Some(plan) = alignment(&site.articles[source.0].document, &article.document)
    {
        apply_alignment(std::sync::Arc::make_mut(&mut article.document), &plan);
    }
    for other in 0..site.articles.len() {
        if site.fallback_of[other] == Some(id) {
            site.articles[other] = Article {
                locale: site.articles[other].locale.clone(),
                ..article.clone()
            };
        }
    }
    site.articles[id.0] = article;
}

/// The files of the published site that show what article `id` holds beyond
/// its facts (`same_facts`), now that `old` (its previous parse, with the
/// same facts) was replaced: its own pages and its stand-ins'; the pages that
/// list their folders, when its description changed; the sitemap, when its
/// date changed. After an edit that keeps the facts, every other file stays
/// as it was.
pub fn pages_showing(site: &Site, id: ArticleId, old: &Article) -> Vec<String> {
    let new = site.article(id);
    let mut pages = Vec::new();
    if new.front_matter.date != old.front_matter.date {
        pages.push("sitemap.xml".to_string());
    }
    let listed_otherwise = new.description() != old.description();
    let shown = site
        .ids()
        .filter(|other| *other == id || site.fallback_of[other.0] == Some(id));
    for article in shown {
        let url = &site.urls[article.0];
        pages.push(format!("{url}index.html"));
        pages.push(format!("{url}index.json"));
        let a = site.article(article);
        if let Some(section) = site
            .section(&a.locale, a.folder())
            .filter(|_| listed_otherwise)
        {
            pages.push(format!("{}index.html", site.section_path(section)));
        }
    }
    pages.sort();
    pages.dedup();
    pages
}

/// Whether two parses of one file agree on everything that assembling the
/// site and checking other pages read from it: the title (sections, folder
/// navigation), the translation key (groups, stand-ins), the anchors (links
/// from other pages) and the procedures' ids and steps (step ids aligned
/// across translations). Paths are the same by construction.
pub fn same_facts(a: &Article, b: &Article) -> bool {
    a.title() == b.title()
        && a.translation_key() == b.translation_key()
        && a.document.anchors == b.document.anchors
        && a.document.blocks.procedure_ids() == b.document.blocks.procedure_ids()
}

/// The page path of each article. `sub.md` and `sub/index.md` would share
/// `sub/`: the second one found is reported and published at `sub-2/`.
fn unique_urls(articles: &[Article], diagnostics: &mut Vec<Diagnostic>) -> Vec<String> {
    let mut taken: HashMap<String, usize> = HashMap::default();
    let mut urls = Vec::with_capacity(articles.len());
    for (i, a) in articles.iter().enumerate() {
        let wanted = page_path(&a.locale, a.slug());
        let url = match taken.get(&wanted) {
            None => wanted,
            Some(&first) => {
                let mut n = 2;
                let url = loop {
                    let candidate = page_path(&a.locale, &format!("{}-{n}", a.slug()));
                    if !taken.contains_key(&candidate) {
                        break candidate;
                    }
                    n += 1;
                };
                // A stand-in shares its source's mistake; report it once, at the source.
                if file_locale(&a.file).as_ref() == Some(&a.locale) {
                    diagnostics.push(
                        Diagnostic::at(
                            Code::UrlDuplicate,
                            crate::diagnostics::Span::file_start(a.file.clone()),
                            format!("{} and this file would both be the page {wanted}; this one is published at {url}", articles[first].file),
                        )
                        .with_help("rename one of the two files"),
                    );
                }
                url
            }
        };
        taken.insert(url.clone(), i);
        urls.push(url);
    }
    urls
}

/// The locale folder a site file is in (`nl-NL` for `content/nl-NL/x.md`).
fn file_locale(file: &str) -> Option<Locale> {
    let mut parts = file.splitn(3, '/');
    (parts.next()? == "content").then_some(())?;
    Locale::parse(parts.next()?)
}

/// Stand-ins for the source articles that a locale has no translation of: a
/// copy of the source article placed in that locale's tree (same path), unless
/// the locale has another article at that path.
fn stand_ins(articles: &[Article], locales: &[Locale], source: &Locale) -> Vec<Article> {
    let keys: HashSet<(&Locale, String)> = articles
        .iter()
        .map(|a| (&a.locale, a.translation_key()))
        .collect();
    let paths: HashSet<(&Locale, &str)> = articles
        .iter()
        .map(|a| (&a.locale, a.path.as_str()))
        .collect();
    let mut out = Vec::new();
    for article in articles.iter().filter(|a| &a.locale == source) {
        let key = article.translation_key();
        for locale in locales.iter().filter(|l| *l != source) {
            if keys.contains(&(locale, key.clone()))
                || paths.contains(&(locale, article.path.as_str()))
            {
                continue;
            }
            out.push(Article {
                locale: locale.clone(),
                ..article.clone()
            });
        }
    }
    out
}

/// Gives the procedures and steps of each translation the ids of its source's,
/// so a link to `#upgrade-your-account-step-3` lands on the same step in every
/// locale even where a translated heading lost its `<a name>`. Procedures are
/// paired in order, and only when both sides have the same procedures and
/// steps; an id the translation already uses for something else is left alone.
/// A document is only copied when an id really changes.
fn align_step_ids(site: &mut Site) {
    // Every translation's plan is made from the site as it is, then applied
    // (a document shared with the parse results is copied first), both on
    // all threads: a site holds a translation of nearly every article.
    let plans: Vec<Option<Vec<Option<ProcedureIds>>>> = (0..site.articles.len())
        .into_par_iter()
        .map(|i| {
            let source = site.source_of(ArticleId(i))?;
            alignment(
                &site.articles[source.0].document,
                &site.articles[i].document,
            )
        })
        .collect();
    site.articles
        .par_iter_mut()
        .zip(plans)
        .for_each(|(article, plan)| {
            if let Some(plan) = plan {
                apply_alignment(std::sync::Arc::make_mut(&mut article.document), &plan);
            }
        });
}

/// The ids each procedure of `document` takes from `source` (`None`: it keeps
/// its own), or `None` when nothing would change.
fn alignment(source: &Document, document: &Document) -> Option<Vec<Option<ProcedureIds>>> {
    // From the procedures' ids alone: blocks read from the build cache stay encoded.
    let theirs = source.blocks.procedure_ids();
    let ours = document.blocks.procedure_ids();
    if theirs.len() != ours.len()
        || theirs
            .iter()
            .zip(&ours)
            .any(|(t, o)| t.steps.len() != o.steps.len())
    {
        return None;
    }
    let own: HashSet<&str> = ours
        .iter()
        .flat_map(|p| {
            p.element_id
                .iter()
                .map(String::as_str)
                .chain(p.steps.iter().map(String::as_str))
        })
        .collect();
    // Ids of everything else on the page, which the source's ids must not take.
    let others: HashSet<&str> = document
        .anchors
        .iter()
        .map(String::as_str)
        .filter(|a| !own.contains(a))
        .collect();
    let mut changes = false;
    let plan = theirs
        .iter()
        .zip(&ours)
        .map(|(t, o)| {
            // In the source the heading carries the procedure's id; here the
            // step list carries it, unless a heading here has the same id.
            let element = match &t.element_id {
                Some(e) => Some(e.clone()),
                None if others.contains(t.id.as_str()) => None,
                None => Some(t.id.clone()),
            };
            let element_free = element
                .as_ref()
                .is_none_or(|e| !others.contains(e.as_str()));
            if !element_free || t.steps.iter().any(|s| others.contains(s.as_str())) {
                return None;
            }
            let same = o.id == t.id && o.element_id == element && o.steps == t.steps;
            changes |= !same;
            Some(ProcedureIds {
                id: t.id.clone(),
                element_id: element,
                steps: t.steps.clone(),
            })
        })
        .collect();
    changes.then_some(plan)
}

fn apply_alignment(document: &mut Document, plan: &[Option<ProcedureIds>]) {
    let mut renamed: Vec<(String, String)> = Vec::new();
    let mut index = 0;
    document.blocks.modify(|blocks| {
        for block in blocks.iter_mut() {
            rename_procedures(block, plan, &mut index, &mut renamed);
        }
    });
    for (old, new) in renamed {
        match document.anchors.iter_mut().find(|a| **a == old) {
            Some(anchor) if !old.is_empty() => *anchor = new,
            _ => document.anchors.push(new),
        }
    }
}

fn rename_procedures(
    block: &mut Block,
    plan: &[Option<ProcedureIds>],
    index: &mut usize,
    renamed: &mut Vec<(String, String)>,
) {
    if let Block::Procedure(p) = block {
        if let Some(Some(ProcedureIds {
            id,
            element_id: element,
            steps,
        })) = plan.get(*index)
        {
            match (&p.element_id, element) {
                (Some(old), Some(new)) => renamed.push((old.clone(), new.clone())),
                (None, Some(new)) => renamed.push((String::new(), new.clone())),
                _ => {}
            }
            p.id = id.clone();
            p.element_id = element.clone();
            for (step, new) in p.steps.iter_mut().zip(steps) {
                renamed.push((step.id.clone(), new.clone()));
                step.id = new.clone();
            }
        }
        *index += 1;
        return;
    }
    for inner in block.children_mut() {
        for child in inner.iter_mut() {
            rename_procedures(child, plan, index, renamed);
        }
    }
}

/// `nl-NL/billing/upgrade/` for slug `billing/upgrade`; `nl-NL/` for the empty slug.
fn page_path(locale: &Locale, slug: &str) -> String {
    if slug.is_empty() {
        format!("{locale}/")
    } else {
        format!("{locale}/{slug}/")
    }
}

fn build_sections(site: &mut Site) {
    // Each folder that holds an article, and the folders above it; a walk up
    // stops at a folder already seen, whose own are in already.
    let mut seen: HashSet<(&Locale, &str)> = site.locales.iter().map(|l| (l, "")).collect();
    for a in &site.articles {
        let mut folder = a.folder();
        while seen.insert((&a.locale, folder)) && !folder.is_empty() {
            folder = paths::parent(folder);
        }
    }
    let mut folders: Vec<(Locale, String)> = seen
        .into_iter()
        .map(|(locale, folder)| (locale.clone(), folder.to_string()))
        .collect();
    folders.sort();
    for (i, (locale, folder)) in folders.iter().enumerate() {
        site.section_by_folder
            .insert((locale.clone(), folder.clone()), i);
    }
    let mut sections: Vec<Section> = folders
        .iter()
        .map(|(locale, folder)| {
            let landing = [format!("{folder}/index.md"), format!("{folder}.md")]
                .into_iter()
                .map(|p| p.trim_start_matches('/').to_string())
                .find_map(|p| site.by_path.get(locale, &p).copied())
                // A folder's own `index.md` only; at the top, `index.md` is the locale home.
                .filter(|id| !folder.is_empty() || site.articles[id.0].path == "index.md");
            let parent = (!folder.is_empty())
                .then(|| {
                    site.section_by_folder
                        .get(&(locale.clone(), paths::parent(folder).to_string()))
                        .copied()
                })
                .flatten();
            Section {
                locale: locale.clone(),
                folder: folder.clone(),
                title: landing
                    .map(|id| site.articles[id.0].title().to_string())
                    .unwrap_or_else(|| humanize(folder)),
                articles: Vec::new(),
                sections: Vec::new(),
                landing,
                parent,
            }
        })
        .collect();
    for (i, a) in site.articles.iter().enumerate() {
        if let Some(&s) = site
            .section_by_folder
            .get(&(a.locale.clone(), a.folder().to_string()))
            && sections[s].landing != Some(ArticleId(i))
        {
            sections[s].articles.push(ArticleId(i));
        }
    }
    for i in 0..sections.len() {
        if let Some(p) = sections[i].parent {
            sections[p].sections.push(i);
        }
    }
    // Order by title, the way each locale sorts text.
    for locale in &site.locales {
        let collator = i18n::Collator::new(locale);
        let titles: Vec<String> = sections.iter().map(|s| s.title.clone()).collect();
        for section in sections.iter_mut().filter(|s| &s.locale == locale) {
            section.articles.sort_by(|a, b| {
                collator.compare(site.articles[a.0].title(), site.articles[b.0].title())
            });
            section
                .sections
                .sort_by(|a, b| collator.compare(&titles[*a], &titles[*b]));
        }
    }
    for locale in &site.locales {
        if let Some(&root) = site.section_by_folder.get(&(locale.clone(), String::new())) {
            site.locale_roots.insert(locale.clone(), root);
        }
    }
    site.sections = sections;
}

/// `contoso-coffee` -> `Contoso coffee`: a readable name for a folder without a landing page.
fn humanize(folder: &str) -> String {
    let name = folder
        .rsplit('/')
        .next()
        .unwrap_or(folder)
        .replace(['-', '_'], " ");
    let mut chars = name.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Navigation that follows the folders, ordered by title.
fn folder_nav(site: &Site, locale: &Locale) -> Nav {
    let mut positions = HashMap::default();
    let nodes = match site.locale_roots.get(locale) {
        Some(&root) => section_nodes(site, root, &mut Vec::new(), &mut positions),
        None => Vec::new(),
    };
    Nav {
        locale: locale.clone(),
        from_toc: false,
        folder: String::new(),
        nodes,
        positions,
    }
}

fn section_nodes(
    site: &Site,
    section: usize,
    path: &mut Vec<usize>,
    positions: &mut HashMap<ArticleId, Vec<usize>>,
) -> Vec<NavNode> {
    let s = &site.sections[section];
    let mut nodes = Vec::new();
    for &sub in &s.sections {
        path.push(nodes.len());
        let children = section_nodes(site, sub, path, positions);
        let sub_section = &site.sections[sub];
        if let Some(landing) = sub_section.landing {
            positions.entry(landing).or_insert_with(|| path.clone());
        }
        path.pop();
        nodes.push(NavNode {
            title: sub_section.title.clone(),
            target: Some(match sub_section.landing {
                Some(id) => NavTarget::Article(id),
                None => NavTarget::Section(sub),
            }),
            children,
        });
    }
    for &id in &s.articles {
        positions.entry(id).or_insert_with(|| {
            let mut p = path.clone();
            p.push(nodes.len());
            p
        });
        nodes.push(NavNode {
            title: site.articles[id.0].title().to_string(),
            target: Some(NavTarget::Article(id)),
            children: Vec::new(),
        });
    }
    nodes
}

fn toc_nav(site: &Site, toc: &Toc, diagnostics: &mut Vec<Diagnostic>) -> Nav {
    let mut positions = HashMap::default();
    let nodes = toc_nodes(
        site,
        toc,
        &toc.items,
        &mut Vec::new(),
        &mut positions,
        diagnostics,
    );
    Nav {
        locale: toc.locale.clone(),
        from_toc: true,
        folder: toc.folder.clone(),
        nodes,
        positions,
    }
}

fn toc_nodes(
    site: &Site,
    toc: &Toc,
    items: &[TocItem],
    path: &mut Vec<usize>,
    positions: &mut HashMap<ArticleId, Vec<usize>>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<NavNode> {
    let mut nodes = Vec::new();
    for item in items {
        path.push(nodes.len());
        let target = item
            .href
            .as_deref()
            .and_then(|href| match site.resolve(&toc.file, href) {
                Resolved::Article { id, .. } => {
                    positions.entry(id).or_insert_with(|| path.clone());
                    Some(NavTarget::Article(id))
                }
                Resolved::External(url) => Some(NavTarget::Url(url)),
                Resolved::File {
                    locale,
                    path: file,
                    suffix,
                    exists: true,
                    ..
                } => Some(NavTarget::Url(
                    site.config
                        .base_url
                        .url(&format!("{locale}/{file}{suffix}")),
                )),
                Resolved::File {
                    locale,
                    path: folder,
                    exists: false,
                    ..
                } if folder.is_empty() || folder.ends_with('/') => site
                    .section(&locale, folder.trim_end_matches('/'))
                    .map(NavTarget::Section),
                Resolved::MissingArticle { .. } | Resolved::File { .. } | Resolved::Outside => {
                    diagnostics.push(
                        Diagnostic::at(
                            Code::TocLinkMissing,
                            item.span.clone(),
                            format!(
                                "`{href}` is not a page of this site, so the entry has no link"
                            ),
                        )
                        .with_help(
                            "fix the path (relative to the table of contents) or remove the entry",
                        ),
                    );
                    None
                }
                Resolved::Fragment(_) | Resolved::Unsafe => None,
            });
        let children = toc_nodes(site, toc, &item.children, path, positions, diagnostics);
        path.pop();
        nodes.push(NavNode {
            title: item.title.clone(),
            target,
            children,
        });
    }
    nodes
}

impl Site {
    pub fn article(&self, id: ArticleId) -> &Article {
        &self.articles[id.0]
    }

    pub fn ids(&self) -> impl Iterator<Item = ArticleId> + '_ {
        (0..self.articles.len()).map(ArticleId)
    }

    /// The article at `path` of `locale`, exactly as written.
    pub fn find(&self, locale: &Locale, path: &str) -> Option<ArticleId> {
        self.by_path.get(locale, path).copied()
    }

    /// The real translations of an article (no stand-ins), one per locale, by
    /// locale; the article itself is included when it is not a stand-in.
    pub fn translations(&self, id: ArticleId) -> Vec<ArticleId> {
        self.versions(id)
            .into_iter()
            .filter(|t| self.fallback_of[t.0].is_none())
            .collect()
    }

    /// Whether the article is a stand-in for an untranslated one.
    pub fn is_stand_in(&self, id: ArticleId) -> bool {
        self.fallback_of[id.0].is_some()
    }

    /// Every page of an article, one per locale, stand-ins included, by locale.
    pub fn versions(&self, id: ArticleId) -> Vec<ArticleId> {
        let mut seen = HashSet::default();
        let mut out: Vec<ArticleId> = self.groups[self.group_of[id.0]]
            .iter()
            .copied()
            .filter(|t| *t == id || self.articles[t.0].locale != self.articles[id.0].locale)
            .filter(|t| seen.insert(self.articles[t.0].locale.clone()))
            .collect();
        out.sort_by(|a, b| self.articles[a.0].locale.cmp(&self.articles[b.0].locale));
        out
    }

    /// The source-locale article an article was translated from, if it is a
    /// translation and its source exists.
    pub fn source_of(&self, id: ArticleId) -> Option<ArticleId> {
        if self.articles[id.0].locale == self.source_locale {
            return None;
        }
        self.groups[self.group_of[id.0]]
            .iter()
            .copied()
            .find(|t| self.articles[t.0].locale == self.source_locale)
    }

    pub fn section(&self, locale: &Locale, folder: &str) -> Option<usize> {
        self.section_by_folder
            .get(&(locale.clone(), folder.to_string()))
            .copied()
    }

    /// The site path of a section's page (its landing article's, if it has one).
    pub fn section_path(&self, section: usize) -> String {
        let s = &self.sections[section];
        match s.landing {
            Some(id) => self.urls[id.0].clone(),
            None => page_path(&s.locale, &s.folder),
        }
    }

    /// The navigation for an article: the deepest table of contents whose folder
    /// holds it, else the folder navigation of its locale.
    pub fn nav_for(&self, locale: &Locale, folder: &str) -> Option<&Nav> {
        self.navs
            .iter()
            .filter(|n| &n.locale == locale)
            .filter(|n| {
                n.folder.is_empty()
                    || folder == n.folder
                    || folder.starts_with(&format!("{}/", n.folder))
            })
            .max_by_key(|n| (n.from_toc, n.folder.len()))
    }

    /// Resolves `href` as written in `file` (a site path such as `content/nl-NL/x.md`).
    pub fn resolve(&self, file: &FilePath, href: &str) -> Resolved {
        match paths::classify(href) {
            Target::Fragment(f) => Resolved::Fragment(f.to_string()),
            Target::External(url) | Target::HostAbsolute(url) => {
                Resolved::External(url.to_string())
            }
            Target::Unsafe(_) => Resolved::Unsafe,
            Target::Relative {
                path,
                query,
                fragment,
            } => {
                let Some(joined) = paths::join(paths::parent(file), &paths::percent_decode(path))
                else {
                    return Resolved::Outside;
                };
                let mut parts = joined.splitn(3, '/');
                let (Some("content"), Some(tag), rest) = (parts.next(), parts.next(), parts.next())
                else {
                    return Resolved::Outside;
                };
                // The site's own locale when it is one (as `Locale::parse` would
                // make it, without parsing the tag again for every link).
                let Some(locale) = self
                    .locales
                    .iter()
                    .find(|l| l.as_str() == tag)
                    .cloned()
                    .or_else(|| Locale::parse(tag))
                else {
                    return Resolved::Outside;
                };
                let rest = rest.unwrap_or("").to_string();
                let fragment = fragment.filter(|f| !f.is_empty()).map(str::to_string);
                if paths::has_suffix_ignoring_case(&rest, ".md") {
                    if let Some(&id) = self.by_path.get(&locale, &rest) {
                        return Resolved::Article {
                            id,
                            query: query.to_string(),
                            fragment,
                            exact_case: true,
                            fallback: false,
                        };
                    }
                    if let Some(&id) = self.by_lower_path.get(&locale, &rest.to_lowercase()) {
                        return Resolved::Article {
                            id,
                            query: query.to_string(),
                            fragment,
                            exact_case: false,
                            fallback: false,
                        };
                    }
                    // Under `fallback = "none"` a locale has no page for an untranslated
                    // article; its links lead to the source article instead.
                    if self.config.fallback == Fallback::None
                        && locale != self.source_locale
                        && let Some(&id) = self.by_path.get(&self.source_locale, &rest)
                    {
                        return Resolved::Article {
                            id,
                            query: query.to_string(),
                            fragment,
                            exact_case: true,
                            fallback: true,
                        };
                    }
                    return Resolved::MissingArticle {
                        locale,
                        path: rest,
                        query: query.to_string(),
                        fragment,
                    };
                }
                let rest = if path.ends_with('/') && !rest.is_empty() {
                    format!("{rest}/")
                } else {
                    rest
                };
                let suffix = format!(
                    "{query}{}",
                    fragment.map(|f| format!("#{f}")).unwrap_or_default()
                );
                let exists = self.media_paths.get(&locale, &rest).is_some();
                // A file a locale does not have yet (an image not yet localized)
                // comes from the source locale.
                if !exists
                    && locale != self.source_locale
                    && self.media_paths.get(&self.source_locale, &rest).is_some()
                {
                    return Resolved::File {
                        locale: self.source_locale.clone(),
                        path: rest,
                        suffix,
                        exists: true,
                        fallback: true,
                    };
                }
                Resolved::File {
                    locale,
                    path: rest,
                    suffix,
                    exists,
                    fallback: false,
                }
            }
        }
    }

    /// The URL a resolved link gets on a page, with the base URL applied; `None`
    /// for what must not be a link.
    pub fn url_of(&self, resolved: &Resolved) -> Option<String> {
        let base = &self.config.base_url;
        match resolved {
            Resolved::Fragment(f) => Some(format!("#{f}")),
            Resolved::Article {
                id,
                query,
                fragment,
                ..
            } => Some(format!(
                "{}{query}{}",
                base.url(&self.urls[id.0]),
                fragment
                    .as_ref()
                    .map(|f| format!("#{f}"))
                    .unwrap_or_default()
            )),
            Resolved::MissingArticle {
                locale,
                path,
                query,
                fragment,
            } => {
                let slug = path
                    .strip_suffix(".md")
                    .or_else(|| path.strip_suffix(".MD"))
                    .unwrap_or(path);
                Some(format!(
                    "{}{query}{}",
                    base.url(&page_path(locale, slug)),
                    fragment
                        .as_ref()
                        .map(|f| format!("#{f}"))
                        .unwrap_or_default()
                ))
            }
            Resolved::File {
                locale,
                path,
                suffix,
                ..
            } => Some(format!("{}{suffix}", base.url(&format!("{locale}/{path}")))),
            Resolved::External(url) => Some(url.clone()),
            Resolved::Outside | Resolved::Unsafe => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn humanized_folder_names() {
        assert_eq!(humanize("contoso-coffee/manufacturing"), "Manufacturing");
        assert_eq!(humanize("business-central"), "Business central");
        assert_eq!(humanize(""), "");
    }

    #[test]
    fn page_paths() {
        let nl = Locale::parse("nl-NL").unwrap();
        assert_eq!(page_path(&nl, "billing/upgrade"), "nl-NL/billing/upgrade/");
        assert_eq!(page_path(&nl, ""), "nl-NL/");
    }
}
