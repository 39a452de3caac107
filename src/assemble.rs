//! Assemble: articles + tables of contents + config -> `Site`: locales,
//! translation groups, the URL of every page, folder sections, the navigation
//! trees, and the link resolver that `check` and `render` share.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::PathBuf;

use crate::config::SiteConfig;
use crate::diagnostics::{Code, Diagnostic, FilePath};
use crate::discover::{SourceFile, Sources};
use crate::i18n;
use crate::model::{Article, Locale, Toc, TocItem};
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
    /// An article of the site.
    Article {
        id: ArticleId,
        fragment: Option<String>,
        exact_case: bool,
    },
    /// A Markdown file that is not an article of the site.
    MissingArticle {
        locale: Locale,
        path: String,
        fragment: Option<String>,
    },
    /// A file inside a locale folder (an image, a PDF), existing or not.
    File {
        locale: Locale,
        path: String,
        suffix: String,
        exists: bool,
    },
    /// A URL that leaves the site, kept as written.
    External(String),
    /// A path that climbs out of the content folder.
    Outside,
    /// `javascript:` and friends: never a link.
    Unsafe,
}

/// The assembled site.
#[derive(Debug)]
pub struct Site {
    pub root: PathBuf,
    pub config: SiteConfig,
    pub locales: Vec<Locale>,
    pub default_locale: Locale,
    /// Sorted by locale, then path.
    pub articles: Vec<Article>,
    /// Site path of each article's page, without the base URL (`nl-NL/billing/upgrade/`).
    pub urls: Vec<String>,
    /// Translation groups: articles sharing a translation key, one list per key.
    pub groups: Vec<Vec<ArticleId>>,
    pub group_of: Vec<usize>,
    pub sections: Vec<Section>,
    /// The section of each locale's top folder.
    pub locale_roots: HashMap<Locale, usize>,
    pub navs: Vec<Nav>,
    pub media: Vec<SourceFile>,
    by_path: HashMap<(Locale, String), ArticleId>,
    by_lower_path: HashMap<(Locale, String), ArticleId>,
    media_paths: HashSet<String>,
    section_by_folder: HashMap<(Locale, String), usize>,
}

/// Builds the site. Diagnostics are for table-of-contents entries that lead nowhere.
pub fn assemble(parsed: Parsed, sources: &Sources, config: &SiteConfig) -> (Site, Vec<Diagnostic>) {
    let mut articles = parsed.articles;
    articles.sort_by(|a, b| (&a.locale, &a.path).cmp(&(&b.locale, &b.path)));
    let locales = sources.locales.clone();
    let default_locale = config
        .default_locale
        .clone()
        .or_else(|| locales.first().cloned())
        .unwrap_or_else(Locale::fallback);
    let mut by_path = HashMap::new();
    let mut by_lower_path = HashMap::new();
    for (i, a) in articles.iter().enumerate() {
        by_path.insert((a.locale.clone(), a.path.clone()), ArticleId(i));
        by_lower_path
            .entry((a.locale.clone(), a.path.to_lowercase()))
            .or_insert(ArticleId(i));
    }
    let urls = articles
        .iter()
        .map(|a| page_path(&a.locale, a.slug()))
        .collect();

    // Translation groups, in order of first appearance.
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

    let media_paths = sources
        .media
        .iter()
        .map(|m| format!("{}/{}", m.locale, m.path))
        .collect();
    let mut site = Site {
        root: sources.root.clone(),
        config: config.clone(),
        locales,
        default_locale,
        articles,
        urls,
        groups,
        group_of,
        sections: Vec::new(),
        locale_roots: HashMap::new(),
        navs: Vec::new(),
        media: sources.media.clone(),
        by_path,
        by_lower_path,
        media_paths,
        section_by_folder: HashMap::new(),
    };
    build_sections(&mut site);
    let mut diagnostics = Vec::new();
    let mut navs: Vec<Nav> = site.locales.iter().map(|l| folder_nav(&site, l)).collect();
    for toc in &parsed.tocs {
        navs.push(toc_nav(&site, toc, &mut diagnostics));
    }
    site.navs = navs;
    (site, diagnostics)
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
    let mut folders: Vec<(Locale, String)> = Vec::new();
    for locale in &site.locales {
        folders.push((locale.clone(), String::new()));
    }
    for a in &site.articles {
        let mut folder = a.folder();
        loop {
            folders.push((a.locale.clone(), folder.to_string()));
            if folder.is_empty() {
                break;
            }
            folder = paths::parent(folder);
        }
    }
    folders.sort();
    folders.dedup();
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
                .find_map(|p| site.by_path.get(&(locale.clone(), p)).copied())
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
    let mut positions = HashMap::new();
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
    let mut positions = HashMap::new();
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
        self.by_path
            .get(&(locale.clone(), path.to_string()))
            .copied()
    }

    /// The translations of an article, one per locale (itself included), by locale.
    pub fn translations(&self, id: ArticleId) -> Vec<ArticleId> {
        let mut seen = HashSet::new();
        let mut out: Vec<ArticleId> = self.groups[self.group_of[id.0]]
            .iter()
            .copied()
            .filter(|t| *t == id || self.articles[t.0].locale != self.articles[id.0].locale)
            .filter(|t| seen.insert(self.articles[t.0].locale.clone()))
            .collect();
        out.sort_by(|a, b| self.articles[a.0].locale.cmp(&self.articles[b.0].locale));
        out
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
                let Some(locale) = Locale::parse(tag) else {
                    return Resolved::Outside;
                };
                let rest = rest.unwrap_or("").to_string();
                let fragment = fragment.filter(|f| !f.is_empty()).map(str::to_string);
                if rest.to_ascii_lowercase().ends_with(".md") {
                    if let Some(&id) = self.by_path.get(&(locale.clone(), rest.clone())) {
                        return Resolved::Article {
                            id,
                            fragment,
                            exact_case: true,
                        };
                    }
                    if let Some(&id) = self
                        .by_lower_path
                        .get(&(locale.clone(), rest.to_lowercase()))
                    {
                        return Resolved::Article {
                            id,
                            fragment,
                            exact_case: false,
                        };
                    }
                    return Resolved::MissingArticle {
                        locale,
                        path: rest,
                        fragment,
                    };
                }
                let rest = if path.ends_with('/') && !rest.is_empty() {
                    format!("{rest}/")
                } else {
                    rest
                };
                let exists = self.media_paths.contains(&format!("{locale}/{rest}"));
                let suffix = format!(
                    "{query}{}",
                    fragment.map(|f| format!("#{f}")).unwrap_or_default()
                );
                Resolved::File {
                    locale,
                    path: rest,
                    suffix,
                    exists,
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
            Resolved::Article { id, fragment, .. } => Some(format!(
                "{}{}",
                base.url(&self.urls[id.0]),
                fragment
                    .as_ref()
                    .map(|f| format!("#{f}"))
                    .unwrap_or_default()
            )),
            Resolved::MissingArticle {
                locale,
                path,
                fragment,
            } => {
                let slug = path
                    .strip_suffix(".md")
                    .or_else(|| path.strip_suffix(".MD"))
                    .unwrap_or(path);
                Some(format!(
                    "{}{}",
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
