//! In-memory sites for the fuzz targets: the same stages `stegvis build` runs
//! (parse, assemble, check, render, diagnostics output), fed from bytes
//! instead of a folder, so no target touches the file system.

use std::path::PathBuf;

use stegvis::assemble::{self, Site};
use stegvis::config::SiteConfig;
use stegvis::diagnostics::{Diagnostic, Format, SourceCache, render};
use stegvis::discover::{SourceFile, Sources};
use stegvis::i18n::{I18n, SiteText};
use stegvis::model::Locale;
use stegvis::parse::{self, IncludeStore, Parsed};

pub fn locale(tag: &str) -> Locale {
    Locale::parse(tag).expect("a valid tag")
}

/// A file of an in-memory site at `content/<locale>/<path>`.
pub fn source_file(locale: &Locale, path: &str) -> SourceFile {
    let file = format!("content/{locale}/{path}");
    SourceFile {
        locale: locale.clone(),
        path: path.to_string(),
        file: file.as_str().into(),
        abs: PathBuf::from(file),
    }
}

/// The files of one in-memory site, each with its bytes.
#[derive(Default)]
pub struct Memory {
    pub articles: Vec<(SourceFile, Vec<u8>)>,
    pub includes: Vec<(SourceFile, Vec<u8>)>,
    pub tocs: Vec<(SourceFile, Vec<u8>)>,
    pub fluent: Vec<SiteText>,
}

/// What the stages made of a `Memory` site.
pub struct Run {
    pub site: Site,
    pub i18n: I18n,
    pub diagnostics: Vec<Diagnostic>,
}

impl Memory {
    fn sources(&self) -> Sources {
        let mut locales: Vec<Locale> = self
            .articles
            .iter()
            .chain(&self.includes)
            .chain(&self.tocs)
            .map(|(f, _)| f.locale.clone())
            .chain(self.fluent.iter().map(|t| t.locale.clone()))
            .collect();
        locales.sort();
        locales.dedup();
        Sources {
            root: PathBuf::new(),
            locales,
            articles: self.articles.iter().map(|(f, _)| f.clone()).collect(),
            includes: self.includes.iter().map(|(f, _)| f.clone()).collect(),
            tocs: self.tocs.iter().map(|(f, _)| f.clone()).collect(),
            ..Sources::default()
        }
    }

    /// Parses, assembles and checks the site and loads its UI strings.
    pub fn run(&self) -> Run {
        let sources = self.sources();
        let config = SiteConfig::default();
        let source_locale = config.source_locale(&sources.locales);
        let texts = self
            .includes
            .iter()
            .map(|(f, b)| (f.file.clone(), b.clone()))
            .collect();
        let (store, mut diagnostics) = IncludeStore::from_texts(texts, source_locale);
        let mut parsed = Parsed::default();
        for (file, bytes) in &self.articles {
            parsed.articles.push(parse::parse_article(
                file,
                bytes.clone(),
                &store,
                &mut diagnostics,
            ));
        }
        for (file, bytes) in &self.tocs {
            parsed
                .tocs
                .push(parse::parse_toc(file, bytes.clone(), &mut diagnostics));
        }
        let (site, found) = assemble::assemble(parsed, &sources, &config);
        diagnostics.extend(found);
        diagnostics.extend(stegvis::check::check(
            &site,
            stegvis::model::Date::new(2026, 6, 1).expect("a real date"),
        ));
        let (i18n, found) =
            I18n::from_texts(self.fluent.clone(), &site.locales, &site.default_locale);
        diagnostics.extend(found);
        Run {
            site,
            i18n,
            diagnostics,
        }
    }

    /// Every diagnostic in every output format, with the site's texts as the
    /// snippets' source: the renderers slice source lines by the spans.
    pub fn print(&self, diagnostics: &mut Vec<Diagnostic>) {
        let mut cache = SourceCache::new(&PathBuf::new());
        for (file, bytes) in self.articles.iter().chain(&self.includes).chain(&self.tocs) {
            cache.insert(&file.file, String::from_utf8_lossy(bytes).into_owned());
        }
        for t in &self.fluent {
            cache.insert(&t.file, t.text.clone());
        }
        stegvis::diagnostics::sort_and_dedup(diagnostics);
        for format in [Format::Human, Format::Json, Format::Github, Format::Sarif] {
            let _ = render(diagnostics, format, &mut cache, false, "");
        }
    }
}

/// Splits fuzz input into at most `n` parts at NUL bytes, so one input can
/// hold several files.
pub fn parts(data: &[u8], n: usize) -> Vec<&[u8]> {
    let mut parts: Vec<&[u8]> = data.splitn(n, |b| *b == 0).collect();
    parts.resize(n, &[]);
    parts
}

/// A front matter block every Markdown-only input is given.
pub const FRONT_MATTER: &str =
    "---\ntitle: Fuzz\ndescription: Fuzz input.\nms.date: 03/11/2021\n---\n";
