//! Site folder -> `Sources`: which files exist, per locale, and what each is
//! (article, include snippet, table of contents, media; Fluent files; templates).
//! Nothing is read here but folder listings.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::config::SiteConfig;
use crate::diagnostics::{Code, Diagnostic, FilePath, Span};
use crate::model::Locale;

/// One file of the site.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceFile {
    pub locale: Locale,
    /// Path inside the locale folder, `/`-separated (`billing/upgrade.md`); for
    /// Fluent files, the file name.
    pub path: String,
    /// Path inside the site folder (`content/nl-NL/billing/upgrade.md`).
    pub file: FilePath,
    pub abs: PathBuf,
}

/// A theme file in `templates/`: a Tera template or an asset such as a stylesheet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TemplateFile {
    /// Path inside `templates/`, `/`-separated: `article.html`, `assets/stegvis.css`.
    pub name: String,
    pub file: FilePath,
    pub abs: PathBuf,
}

/// Every file of the site, classified and sorted.
#[derive(Clone, Debug, Default)]
pub struct Sources {
    pub root: PathBuf,
    /// Every locale: each folder of `content/` and of `locales/`, sorted.
    pub locales: Vec<Locale>,
    pub articles: Vec<SourceFile>,
    /// Markdown files inside include folders: pasted into articles, not pages.
    pub includes: Vec<SourceFile>,
    /// `TOC.md` and `toc.yml` files.
    pub tocs: Vec<SourceFile>,
    /// Everything else inside `content/<locale>/`: images and other downloads.
    /// Shared with the assembled site, which lists them for the output: a
    /// large site has several media files per article.
    pub media: Arc<[SourceFile]>,
    pub fluent: Vec<SourceFile>,
    pub templates: Vec<TemplateFile>,
    /// Every folder whose entries the listing depends on, by its path inside
    /// the site folder (`.` for the site folder itself), sorted: while none
    /// of them changed, listing the site again finds the same files (the
    /// build cache's shortcut for a site in which nothing changed).
    pub folders: Vec<String>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Lists the site folder.
pub fn discover(root: &Path, config: &SiteConfig) -> Sources {
    let mut sources = Sources {
        root: root.to_path_buf(),
        ..Sources::default()
    };
    let mut locales = Vec::new();
    let mut media = Vec::new();
    // The site folder holds `content/`, `locales/`, `templates/` and
    // `stegvis.toml`; the first two are listed for their locale folders.
    let mut listed: Vec<String> = [".", "content", "locales"].map(String::from).into();
    // Each locale's folder is walked on a thread of its own: a large site
    // has thousands of folders, and listing them is mostly waiting on the
    // file system.
    let folders = locale_folders(root, "content", &mut sources.diagnostics);
    let walked: Vec<LocaleFiles> = folders
        .par_iter()
        .map(|(locale, dir)| walk_locale(root, locale, dir, config))
        .collect();
    for ((locale, _), files) in folders.into_iter().zip(walked) {
        sources.tocs.extend(files.tocs);
        sources.articles.extend(files.articles);
        sources.includes.extend(files.includes);
        media.extend(files.media);
        listed.extend(files.folders);
        sources.diagnostics.extend(files.diagnostics);
        locales.push(locale);
    }
    for (locale, dir) in locale_folders(root, "locales", &mut sources.diagnostics) {
        for (path, abs) in files_under(&dir, &mut sources.diagnostics, root, &mut listed) {
            if path.ends_with(".ftl") {
                sources.fluent.push(SourceFile {
                    file: site_path(root, &abs),
                    locale: locale.clone(),
                    path,
                    abs,
                });
            }
        }
        locales.push(locale);
    }
    let templates = root.join("templates");
    if templates.is_dir() && stays_inside(root, &templates, &mut sources.diagnostics) {
        for (name, abs) in files_under(&templates, &mut sources.diagnostics, root, &mut listed) {
            sources.templates.push(TemplateFile {
                file: site_path(root, &abs),
                name,
                abs,
            });
        }
    }
    locales.sort();
    locales.dedup();
    sources.locales = locales;
    sort_sources(&mut sources, media);
    listed.sort();
    listed.dedup();
    sources.folders = listed;
    sources
}

/// Whether a file or folder name is no part of a site: hidden files (`.git`,
/// Emacs' `.#x` locks, vim's `.x.swp`) and the temporary and backup files
/// editors write beside the file being saved (`x~`, `#x#`, `x.swp`, `x.tmp`,
/// vim's `4913` probe, JetBrains' `x___jb_tmp___`).
pub fn is_ignored_name(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || name.len() > 1 && name.starts_with('#') && name.ends_with('#')
        || [".swp", ".swo", ".swx", ".tmp"]
            .iter()
            .any(|x| name.ends_with(x))
        || name.contains("___jb_")
        || name == "4913"
}

/// Whether a path inside the site folder is no part of the site: one of its
/// names is ignored (`is_ignored_name`).
pub fn is_ignored(rel: &Path) -> bool {
    rel.components()
        .any(|c| is_ignored_name(&c.as_os_str().to_string_lossy()))
}

/// The locales of the site at `root` (the locale folders of `content/` and
/// `locales/`), without listing their files.
pub fn locales(root: &Path) -> Vec<Locale> {
    let mut ignored = Vec::new();
    let mut locales: Vec<Locale> = ["content", "locales"]
        .iter()
        .flat_map(|parent| locale_folders(root, parent, &mut ignored))
        .map(|(locale, _)| locale)
        .collect();
    locales.sort();
    locales.dedup();
    locales
}

/// The site-relative, `/`-separated path of a file under `root`.
pub fn site_path(root: &Path, abs: &Path) -> FilePath {
    let rel = abs.strip_prefix(root).unwrap_or(abs);
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    parts.join("/").into()
}

/// The folders directly inside `root/<parent>` that are named by a locale tag.
fn locale_folders(
    root: &Path,
    parent: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<(Locale, PathBuf)> {
    let dir = root.join(parent);
    if !dir.is_dir() || !stays_inside(root, &dir, diagnostics) {
        return Vec::new();
    }
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if is_ignored_name(&name) {
            continue;
        }
        let file = site_path(root, &path);
        if !path.is_dir() {
            diagnostics.push(
                Diagnostic::at(
                    Code::LocaleFolderInvalid,
                    Span::file_start(file),
                    format!("`{parent}/{name}` is not inside a locale folder, so it belongs to no locale"),
                )
                .with_help(format!("move it into `{parent}/<locale>/`")),
            );
            continue;
        }
        match Locale::parse(&name) {
            Some(_) if !stays_inside(root, &path, diagnostics) => {}
            Some(locale) => found.push((locale, path)),
            None => diagnostics.push(
                Diagnostic::at(
                    Code::LocaleFolderInvalid,
                    Span::file_start(file),
                    format!(
                        "`{parent}/{name}` is not named by a locale tag, so its files are not built"
                    ),
                )
                .with_help("locale folders are BCP 47 tags such as `nl-NL` or `sv-SE`"),
            ),
        }
    }
    found.sort();
    found
}

/// Whether folder `dir` of the site is really inside it: `content/`,
/// `locales/`, `templates/` or a locale folder may be a symbolic link, and one
/// that points out of the site is not read (reported here).
fn stays_inside(root: &Path, dir: &Path, diagnostics: &mut Vec<Diagnostic>) -> bool {
    let canonical_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let inside = dir
        .canonicalize()
        .is_ok_and(|target| target.starts_with(&canonical_root));
    if !inside {
        diagnostics.push(Diagnostic::at(
            Code::ReadFailed,
            Span::file_start(site_path(root, dir)),
            "this folder is a symbolic link that points outside the site folder, so it is not read",
        ));
    }
    inside
}

/// Every regular file below `dir`, as (path relative to `dir`, absolute path).
/// Hidden files and folders (editor swap files, `.git`) are not part of a site.
/// Symbolic links are followed only while they stay inside the site folder.
/// `dir` and every folder listed below it are added to `folders`, by their
/// paths inside the site folder.
fn files_under(
    dir: &Path,
    diagnostics: &mut Vec<Diagnostic>,
    root: &Path,
    folders: &mut Vec<String>,
) -> Vec<(String, PathBuf)> {
    folders.push(site_path(root, dir).to_string());
    let mut files = Vec::new();
    let canonical_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let mut walker = WalkDir::new(dir)
        .min_depth(1)
        .follow_links(true)
        .into_iter()
        .filter_entry(|e| !is_ignored_name(&e.file_name().to_string_lossy()));
    while let Some(entry) = walker.next() {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                let file = e
                    .path()
                    .map(|p| site_path(root, p))
                    .unwrap_or_else(|| site_path(root, dir));
                let why = if e.loop_ancestor().is_some() {
                    "this symbolic link makes a loop, so it is not followed".to_string()
                } else if e.path().is_some_and(|p| p.is_symlink()) {
                    "this symbolic link points at nothing, so it is not read".to_string()
                } else {
                    format!("cannot list this: {e}")
                };
                diagnostics.push(Diagnostic::at(
                    Code::ReadFailed,
                    Span::file_start(file),
                    why,
                ));
                continue;
            }
        };
        if entry.path_is_symlink() {
            let target = entry.path().canonicalize().ok();
            let inside = target
                .as_ref()
                .is_some_and(|t| t.starts_with(&canonical_root));
            // A link to a folder that holds the link itself would repeat the tree forever.
            let parent = entry.path().parent().and_then(|p| p.canonicalize().ok());
            let is_loop = entry.file_type().is_dir()
                && target
                    .as_ref()
                    .zip(parent)
                    .is_some_and(|(t, p)| p.starts_with(t));
            if is_loop {
                diagnostics.push(Diagnostic::at(
                    Code::ReadFailed,
                    Span::file_start(site_path(root, entry.path())),
                    "this symbolic link makes a loop, so it is not followed",
                ));
                walker.skip_current_dir();
                continue;
            }
            if !inside {
                diagnostics.push(Diagnostic::at(
                    Code::ReadFailed,
                    Span::file_start(site_path(root, entry.path())),
                    "this symbolic link points outside the site folder, so it is not read",
                ));
                if entry.file_type().is_dir() {
                    walker.skip_current_dir();
                }
                continue;
            }
        }
        if entry.file_type().is_dir() {
            folders.push(site_path(root, entry.path()).to_string());
        }
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
        // The `/`-separated path, made in one string as the parts are read.
        let mut joined = String::with_capacity(rel.as_os_str().len());
        let mut utf8 = true;
        for part in rel.components() {
            let Some(part) = part.as_os_str().to_str() else {
                utf8 = false;
                break;
            };
            if !joined.is_empty() {
                joined.push('/');
            }
            joined.push_str(part);
        }
        if !utf8 {
            diagnostics.push(Diagnostic::at(
                Code::ReadFailed,
                Span::file_start(site_path(root, entry.path())),
                "the file name is not valid UTF-8, so it cannot be part of a URL",
            ));
            continue;
        }
        // On Windows `\` separates folders, and browsers read it as `/` in a
        // URL: a name such as `..\..\x.md` would climb out of its folder there.
        if joined.contains('\\') {
            diagnostics.push(
                Diagnostic::at(
                    Code::ReadFailed,
                    Span::file_start(site_path(root, entry.path())),
                    "the file name holds `\\`, which Windows and browsers read as a folder separator, so it is not built",
                )
                .with_help("rename the file without `\\`"),
            );
            continue;
        }
        files.push((joined, entry.into_path()));
    }
    files
}

/// The files of one locale's content folder, by kind.
#[derive(Default)]
struct LocaleFiles {
    tocs: Vec<SourceFile>,
    articles: Vec<SourceFile>,
    includes: Vec<SourceFile>,
    media: Vec<SourceFile>,
    folders: Vec<String>,
    diagnostics: Vec<Diagnostic>,
}

fn walk_locale(root: &Path, locale: &Locale, dir: &Path, config: &SiteConfig) -> LocaleFiles {
    let mut files = LocaleFiles::default();
    // Every file's site path is the folder's, then its path inside it.
    let folder = site_path(root, dir);
    for (path, abs) in files_under(dir, &mut files.diagnostics, root, &mut files.folders) {
        let file = SourceFile {
            locale: locale.clone(),
            file: format!("{folder}/{path}").into(),
            path,
            abs,
        };
        files.add(file, config);
    }
    files
}

impl LocaleFiles {
    /// Adds a file of a locale's content folder to the list of its kind.
    fn add(&mut self, file: SourceFile, config: &SiteConfig) {
        let kind = ContentKind::of(&file.path, config);
        self.push(file, kind);
    }

    /// Adds a file of a locale's content folder to the list of `kind`.
    fn push(&mut self, file: SourceFile, kind: ContentKind) {
        let list = match kind {
            ContentKind::Toc => &mut self.tocs,
            ContentKind::Article => &mut self.articles,
            ContentKind::Include => &mut self.includes,
            ContentKind::Media => &mut self.media,
        };
        list.push(file);
    }
}

/// What a file of a locale's content folder is.
#[derive(Clone, Copy)]
enum ContentKind {
    Toc,
    Article,
    Include,
    Media,
}

impl ContentKind {
    /// The kind of the file at `path` inside a locale's content folder.
    fn of(path: &str, config: &SiteConfig) -> ContentKind {
        let name = path.rsplit('/').next().unwrap_or(path);
        let is = |suffix: &str| crate::paths::has_suffix_ignoring_case(name, suffix);
        if name.eq_ignore_ascii_case("toc.md") || name.eq_ignore_ascii_case("toc.yml") {
            ContentKind::Toc
        } else if is(".md") {
            let in_include_dir = path
                .split('/')
                .rev()
                .skip(1)
                .any(|dir| config.include_dirs.iter().any(|d| d == dir));
            match in_include_dir {
                true => ContentKind::Include,
                false => ContentKind::Article,
            }
        } else {
            ContentKind::Media
        }
    }
}

/// What `discover` lists in the site at `root` while every folder of
/// `folders` is as it was when `discover` listed `files` (paths inside the
/// site folder, as `Sources` names them, `stegvis.toml` among them or not)
/// and reported no problem: the same sources, made from that record
/// without listing a folder. (The build cache tells that no folder changed;
/// see `cache::look_unlisted`.)
pub fn from_record<'a>(
    root: &Path,
    config: &SiteConfig,
    folders: impl Iterator<Item = &'a str>,
    files: impl Iterator<Item = &'a str>,
) -> Sources {
    let mut sources = Sources {
        root: root.to_path_buf(),
        folders: folders.map(str::to_string).collect(),
        ..Sources::default()
    };
    // The locale folders: those directly inside `content/` and `locales/`.
    let mut locales: Vec<Locale> = sources
        .folders
        .iter()
        .filter_map(|f| {
            let (parent, name) = f.split_once('/')?;
            let top = matches!(parent, "content" | "locales") && !name.contains('/');
            top.then(|| Locale::parse(name)).flatten()
        })
        .collect();
    locales.sort();
    locales.dedup();
    /// A recorded file, made into what the listing would have made of it.
    enum Made {
        Template(TemplateFile),
        Content(SourceFile, ContentKind),
        Fluent(SourceFile),
    }
    // Made on all threads (a path, a site path and an absolute path for
    // each of 42,000 files at 10,000 articles), then sorted into lists.
    let files: Vec<&str> = files.collect();
    let made: Vec<Made> = files
        .par_iter()
        .filter_map(|file| {
            let (top, rest) = file.split_once('/')?;
            let abs = root.join(file);
            if top == "templates" {
                return Some(Made::Template(TemplateFile {
                    name: rest.to_string(),
                    file: (*file).into(),
                    abs,
                }));
            }
            let (tag, path) = rest.split_once('/')?;
            // One of the few locales, not a tag parsed again for every file.
            let locale = locales.iter().find(|l| l.as_str() == tag).cloned()?;
            let source = SourceFile {
                locale,
                path: path.to_string(),
                file: (*file).into(),
                abs,
            };
            match top {
                "content" => Some(Made::Content(source, ContentKind::of(path, config))),
                "locales" => Some(Made::Fluent(source)),
                _ => None,
            }
        })
        .collect();
    let mut content = LocaleFiles::default();
    for made in made {
        match made {
            Made::Template(file) => sources.templates.push(file),
            Made::Content(file, kind) => content.push(file, kind),
            Made::Fluent(file) => sources.fluent.push(file),
        }
    }
    sources.locales = locales;
    sources.tocs = content.tocs;
    sources.articles = content.articles;
    sources.includes = content.includes;
    sort_sources(&mut sources, content.media);
    sources
}

/// Sorts the lists of `sources` as `discover` gives them, `media` included.
/// (No two files of a list share a locale and a path, so the order is the
/// one order of their keys.)
fn sort_sources(sources: &mut Sources, mut media: Vec<SourceFile>) {
    for list in [
        &mut sources.articles,
        &mut sources.includes,
        &mut sources.tocs,
        &mut media,
        &mut sources.fluent,
    ] {
        list.par_sort_unstable_by(|a, b| (&a.locale, &a.path).cmp(&(&b.locale, &b.path)));
    }
    sources.media = media.into();
    sources
        .templates
        .sort_unstable_by(|a, b| a.name.cmp(&b.name));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn touch(root: &Path, rel: &str) {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, "x").unwrap();
    }

    #[test]
    fn files_are_classified_per_locale() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for f in [
            "content/nl-NL/a.md",
            "content/nl-NL/TOC.md",
            "content/nl-NL/billing/b.md",
            "content/nl-NL/billing/media/x.png",
            "content/nl-NL/includes/prod.md",
            "content/nl-NL/.a.md.swp",
            "content/sv-SE/a.md",
            "content/images/logo.png",
            "locales/fi-FI/site.ftl",
            "templates/article.html",
        ] {
            touch(root, f);
        }
        let s = discover(root, &SiteConfig::default());
        let locales: Vec<&str> = s.locales.iter().map(|l| l.as_str()).collect();
        assert_eq!(locales, ["fi-FI", "nl-NL", "sv-SE"]);
        let articles: Vec<&str> = s.articles.iter().map(|f| &*f.file).collect();
        assert_eq!(
            articles,
            [
                "content/nl-NL/a.md",
                "content/nl-NL/billing/b.md",
                "content/sv-SE/a.md"
            ]
        );
        assert_eq!(s.includes[0].path, "includes/prod.md");
        assert_eq!(s.tocs[0].path, "TOC.md");
        assert_eq!(s.media[0].path, "billing/media/x.png");
        assert_eq!(s.fluent[0].path, "site.ftl");
        assert_eq!(s.templates[0].name, "article.html");
        assert_eq!(s.diagnostics.len(), 1);
        assert_eq!(s.diagnostics[0].code, Code::LocaleFolderInvalid);
        assert_eq!(s.diagnostics[0].file(), Some("content/images"));
        // Every folder whose entries were read, and no other: not
        // `content/images` (no locale), whose files are not listed.
        assert_eq!(
            s.folders,
            [
                ".",
                "content",
                "content/nl-NL",
                "content/nl-NL/billing",
                "content/nl-NL/billing/media",
                "content/nl-NL/includes",
                "content/sv-SE",
                "locales",
                "locales/fi-FI",
                "templates",
            ]
        );
    }

    /// `discover`'s sources made again from what it listed, as the build
    /// cache records it, and compared with it field by field.
    fn assert_same_from_record(root: &Path, config: &SiteConfig) {
        let listed = discover(root, config);
        assert!(listed.diagnostics.is_empty(), "{:?}", listed.diagnostics);
        let mut files: Vec<&str> = vec!["stegvis.toml"];
        for list in [
            &listed.articles[..],
            &listed.includes,
            &listed.tocs,
            &listed.media,
            &listed.fluent,
        ] {
            files.extend(list.iter().map(|f| &*f.file));
        }
        files.extend(listed.templates.iter().map(|t| &*t.file));
        // In any order, as a map gives them.
        files.reverse();
        let folders = listed.folders.iter().map(String::as_str);
        let made = from_record(root, config, folders, files.into_iter());
        assert_eq!(made.root, listed.root);
        assert_eq!(made.locales, listed.locales);
        assert_eq!(made.articles, listed.articles);
        assert_eq!(made.includes, listed.includes);
        assert_eq!(made.tocs, listed.tocs);
        assert_eq!(made.media, listed.media);
        assert_eq!(made.fluent, listed.fluent);
        assert_eq!(made.templates, listed.templates);
        assert_eq!(made.folders, listed.folders);
    }

    #[test]
    fn sources_made_from_the_record_of_a_listing_are_the_listing() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for f in [
            "stegvis.toml",
            "content/nl-NL/a.md",
            "content/nl-NL/TOC.md",
            "content/nl-NL/billing/toc.yml",
            "content/nl-NL/billing/b.MD",
            "content/nl-NL/billing/media/x.png",
            "content/nl-NL/includes/prod.md",
            "content/nl-NL/billing/includes/deep/y.md",
            "content/sv-SE/a.md",
            "locales/fi-FI/site.ftl",
            "locales/fi-FI/sub/more.ftl",
            "locales/fi-FI/notes.txt",
            "templates/article.html",
            "templates/assets/site.css",
        ] {
            touch(root, f);
        }
        std::fs::create_dir_all(root.join("content/de-DE")).unwrap();
        std::fs::create_dir_all(root.join("locales/en-US")).unwrap();
        assert_same_from_record(root, &SiteConfig::default());
        // The include folders are a setting: the record is read with it.
        let config = SiteConfig {
            include_dirs: vec!["media".into()],
            ..SiteConfig::default()
        };
        assert_same_from_record(root, &config);
    }

    #[test]
    fn the_example_site_made_from_its_record_is_its_listing() {
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        let config = crate::config::load(repo).unwrap();
        assert_same_from_record(repo, &config);
    }

    #[test]
    fn hidden_folders_are_not_listed_as_folders_of_the_site() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        touch(root, "content/nl-NL/a.md");
        touch(root, "content/nl-NL/.git/HEAD");
        let s = discover(root, &SiteConfig::default());
        assert_eq!(s.folders, [".", "content", "content/nl-NL", "locales"]);
    }

    #[cfg(unix)]
    #[test]
    fn symbolic_links_out_of_the_site_and_broken_ones_are_not_read() {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret.md"), "x").unwrap();
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        touch(root, "content/nl-NL/a.md");
        std::os::unix::fs::symlink(
            outside.path().join("secret.md"),
            root.join("content/nl-NL/secret.md"),
        )
        .unwrap();
        std::os::unix::fs::symlink(outside.path(), root.join("content/nl-NL/elsewhere")).unwrap();
        std::os::unix::fs::symlink(
            root.join("content/nl-NL/a.md"),
            root.join("content/nl-NL/alias.md"),
        )
        .unwrap();
        std::os::unix::fs::symlink("missing.md", root.join("content/nl-NL/broken.md")).unwrap();
        std::os::unix::fs::symlink("..", root.join("content/nl-NL/loop")).unwrap();
        let s = discover(root, &SiteConfig::default());
        let articles: Vec<&str> = s.articles.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(articles, ["a.md", "alias.md"]);
        let mut problems: Vec<(&str, &str)> = s
            .diagnostics
            .iter()
            .map(|d| (d.file().unwrap(), d.message.as_str()))
            .collect();
        problems.sort();
        assert_eq!(problems.len(), 4, "{problems:?}");
        assert!(
            problems
                .iter()
                .any(|(f, m)| f.ends_with("broken.md") && m.contains("points at nothing"))
        );
        assert!(
            problems
                .iter()
                .any(|(f, m)| f.ends_with("secret.md") && m.contains("outside the site"))
        );
        assert!(
            problems
                .iter()
                .any(|(f, m)| f.ends_with("elsewhere") && m.contains("outside the site"))
        );
        assert!(
            problems
                .iter()
                .any(|(f, m)| f.ends_with("loop") && m.contains("loop"))
        );
    }
}
