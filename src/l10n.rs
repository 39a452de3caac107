//! The translators' commands. `l10n add` creates a locale: its Fluent files,
//! every message of the default locale waiting to be translated, and its
//! content folder. `l10n status` says, per locale, what is translated,
//! missing, stale or machine translated, articles and UI strings alike.
//!
//! Both read the site through the same stages as `build` (`crate::prepare`);
//! `add` writes only new files in the locale's own folders.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::Prepared;
use crate::assemble::{ArticleId, Site};
use crate::diagnostics::{Code, Diagnostic};
use crate::i18n::{I18n, UNTRANSLATED};
use crate::model::{Article, Locale};

#[derive(Debug, thiserror::Error)]
pub enum L10nError {
    #[error("`{0}` is not a BCP 47 locale tag such as de-DE, fi-FI or ar-SA")]
    InvalidTag(String),
    #[error("`{tag}` is written {canonical} as a locale tag; run `stegvis l10n add {canonical}`")]
    NotCanonical { tag: String, canonical: String },
    #[error("{0} already has Fluent files; they are not overwritten")]
    Exists(PathBuf),
    #[error("--locale {0}: the site has no such locale")]
    UnknownLocale(String),
    #[error("cannot write {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// What `l10n add` created.
#[derive(Debug)]
pub struct Added {
    pub locale: Locale,
    /// (path inside the site, messages written, of which to translate).
    pub files: Vec<(String, usize, usize)>,
    pub content: PathBuf,
}

/// Creates `locales/<tag>/` with every message of the default locale's Fluent
/// files, each marked `[untranslated]` with the default text as a comment above
/// it, and `content/<tag>/`. Messages stegvis already has built in for the
/// locale are written translated.
pub fn add(site_dir: &Path, tag: &str, prepared: &Prepared) -> Result<Added, L10nError> {
    let locale = canonical(tag)?;
    let folder = site_dir.join("locales").join(locale.as_str());
    let has_ftl = std::fs::read_dir(&folder)
        .map(|entries| {
            entries
                .flatten()
                .any(|e| e.path().extension().is_some_and(|x| x == "ftl"))
        })
        .unwrap_or(false);
    if has_ftl {
        return Err(L10nError::Exists(folder));
    }
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| L10nError::Io { path, source }
    };
    let mut from = prepared.site.default_locale.clone();
    let mut texts = prepared.i18n.texts(&from);
    if texts.is_empty() {
        // A default locale without UI strings of its own shows the built-in English ones.
        from = Locale::fallback();
        texts = vec![(
            crate::i18n::EMBEDDED_FILE.to_string(),
            crate::i18n::EMBEDDED[0].1.to_string(),
            false,
        )];
    }
    // A message the site's files override is written once, where the site has it.
    let overridden: BTreeSet<String> = texts
        .iter()
        .filter(|(_, _, site)| *site)
        .flat_map(|(_, text, _)| messages(text))
        .map(|m| id_of(&m))
        .collect();
    let built_in = crate::i18n::EMBEDDED
        .iter()
        .find(|(t, _)| *t == locale.as_str())
        .map(|(_, text)| *text);
    std::fs::create_dir_all(&folder).map_err(io(&folder))?;
    let mut files = Vec::new();
    for (name, text, site) in texts {
        let skip = if site {
            BTreeSet::new()
        } else {
            overridden.clone()
        };
        let (ftl, total, to_translate) = template(&text, &from, &locale, built_in, &skip);
        let path = folder.join(&name);
        write_new(&path, &ftl).map_err(io(&path))?;
        files.push((format!("locales/{locale}/{name}"), total, to_translate));
    }
    let content = site_dir.join("content").join(locale.as_str());
    std::fs::create_dir_all(&content).map_err(io(&content))?;
    Ok(Added {
        locale,
        files,
        content,
    })
}

/// A locale tag as a folder name: valid BCP 47, written the canonical way
/// (`de-DE`, not `de_de`), so that every tool finds the folder.
fn canonical(tag: &str) -> Result<Locale, L10nError> {
    let invalid = || L10nError::InvalidTag(tag.to_string());
    let locale = Locale::parse(tag).ok_or_else(invalid)?;
    let written = locale.id().to_string();
    if written != tag {
        return Err(L10nError::NotCanonical {
            tag: tag.to_string(),
            canonical: written,
        });
    }
    Ok(locale)
}

/// Writes a file that must not exist yet.
fn write_new(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?;
    file.write_all(text.as_bytes())
}

/// The Fluent file for `locale` made from `source` (a Fluent text of `from`):
/// every message as a comment, then marked `[untranslated]`, unless `built_in`
/// (stegvis's own strings for the locale) has it; `language-name` filled in
/// from CLDR. Returns (text, messages, messages to translate).
fn template(
    source: &str,
    from: &Locale,
    locale: &Locale,
    built_in: Option<&str>,
    skip: &BTreeSet<String>,
) -> (String, usize, usize) {
    let mut out = format!(
        "# User-interface strings of {locale}, made by `stegvis l10n add` from {from}.\n\
         # Translate each message: replace `{UNTRANSLATED} …` by the translation. A message\n\
         # that still starts with `{UNTRANSLATED}` is not used: pages show the next locale of\n\
         # the fallback chain instead, and `stegvis check` and `stegvis l10n status` list it.\n\
         # Keep {{ $placeholders }} and the lines of a {{ $count -> … }} selection as they are.\n\n"
    );
    let known: Vec<String> = built_in.map(messages).unwrap_or_default();
    let (mut total, mut to_translate) = (0, 0);
    for message in messages(source) {
        let id = id_of(&message);
        if skip.contains(&id) {
            continue;
        }
        total += 1;
        if let Some(translated) = known.iter().find(|k| id_of(k) == id) {
            out.push_str(translated);
            out.push_str("\n\n");
            continue;
        }
        if id == "language-name" {
            let name = crate::i18n::language_name_of(locale);
            out.push_str(&format!("language-name = {name}\n\n"));
            continue;
        }
        to_translate += 1;
        for line in message.lines() {
            out.push_str(&format!("# {from}: {line}\n"));
        }
        let value = message.split_once('=').map(|(_, v)| v).unwrap_or("");
        let value = value.strip_prefix(' ').unwrap_or(value);
        out.push_str(&format!("{id} = {UNTRANSLATED} {value}\n\n"));
    }
    (out, total, to_translate)
}

/// The id of a message given as its source lines.
fn id_of(message: &str) -> String {
    message
        .split_once('=')
        .map(|(i, _)| i.trim().to_string())
        .unwrap_or_default()
}

/// The messages of a Fluent text, each as its source lines (`id = value` and
/// the indented lines that continue it), without comments.
fn messages(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for line in text.lines() {
        let continues = line.starts_with([' ', '\t']) || line.is_empty();
        if line.starts_with('#') {
            continue;
        }
        match out.last_mut() {
            Some(message) if continues => {
                message.push('\n');
                message.push_str(line);
            }
            _ if !line.trim().is_empty() && line.contains('=') && !line.starts_with('-') => {
                out.push(line.to_string())
            }
            _ => {}
        }
    }
    out.iter().map(|m| m.trim_end().to_string()).collect()
}

/// A translation that is older than its source.
#[derive(Clone, Debug, Serialize)]
pub struct Stale {
    pub path: String,
    /// How stale: `source 11/21/2026, translation 11/01/2026 (20 days)`, or the commits.
    pub how: String,
    /// Days between the source's `ms.date` and the translation's, when the dates tell.
    pub days: Option<i64>,
}

/// One piece of translation damage `check` reports, for the lists.
#[derive(Clone, Debug, Serialize)]
pub struct Damage {
    /// `guide/upgrade.md:12`
    pub at: String,
    pub code: String,
    pub message: String,
}

/// The status of one locale against the source locale.
#[derive(Clone, Debug, Serialize)]
pub struct LocaleStatus {
    pub locale: String,
    pub articles_translated: usize,
    pub articles_missing: Vec<String>,
    pub articles_stale: Vec<Stale>,
    pub articles_machine_translated: Vec<String>,
    /// Articles of this locale that have no source article.
    pub articles_without_source: Vec<String>,
    pub article_coverage: f64,
    pub ui_translated: usize,
    pub ui_missing: Vec<String>,
    pub ui_obsolete: Vec<String>,
    pub ui_coverage: f64,
    /// Translation damage `check` found in this locale's articles.
    pub parity_problems: usize,
    pub damage: Vec<Damage>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Status {
    pub source_locale: String,
    pub source_articles: usize,
    pub ui_messages: usize,
    pub locales: Vec<LocaleStatus>,
}

/// Codes that count as translation damage.
const PARITY: &[Code] = &[
    Code::ParityAnchors,
    Code::ParityProcedures,
    Code::ParityAlerts,
    Code::ParityImages,
    Code::ParityIncludes,
    Code::ParityTabs,
    Code::ParityLinks,
    Code::AlertUnknown,
    Code::FrontMatterKeyTranslated,
    Code::IncludeKeywordTranslated,
    Code::MergeConflict,
];

/// The status of every locale but the source one (or only `only`).
pub fn status(prepared: &Prepared, only: Option<&str>) -> Result<Status, L10nError> {
    let site = &prepared.site;
    let source = &site.source_locale;
    let only = match only {
        Some(tag) => Some(
            site.locales
                .iter()
                .find(|l| l.as_str().eq_ignore_ascii_case(tag))
                .cloned()
                .ok_or_else(|| L10nError::UnknownLocale(tag.to_string()))?,
        ),
        None => None,
    };
    let sources: Vec<ArticleId> = site
        .ids()
        .filter(|id| &site.article(*id).locale == source && !site.is_stand_in(*id))
        .collect();
    let used = I18n::used_messages();
    // Damage counts as `check` reports it: a rule turned off counts for nothing.
    let mut diagnostics = prepared.diagnostics.clone();
    prepared.config.apply_rules(&mut diagnostics);
    let locales = site
        .locales
        .iter()
        .filter(|l| *l != source)
        .filter(|l| only.as_ref().is_none_or(|o| o == *l))
        .map(|locale| locale_status(site, &prepared.i18n, &diagnostics, locale, &sources, &used))
        .collect();
    Ok(Status {
        source_locale: source.to_string(),
        source_articles: sources.len(),
        ui_messages: used.len(),
        locales,
    })
}

fn percent(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        100.0
    } else {
        (part as f64 * 1000.0 / whole as f64).floor() / 10.0
    }
}

fn locale_status(
    site: &Site,
    i18n: &I18n,
    diagnostics: &[Diagnostic],
    locale: &Locale,
    sources: &[ArticleId],
    used: &BTreeSet<String>,
) -> LocaleStatus {
    let mut status = LocaleStatus {
        locale: locale.to_string(),
        articles_translated: 0,
        articles_missing: Vec::new(),
        articles_stale: Vec::new(),
        articles_machine_translated: Vec::new(),
        articles_without_source: Vec::new(),
        article_coverage: 0.0,
        ui_translated: 0,
        ui_missing: Vec::new(),
        ui_obsolete: Vec::new(),
        ui_coverage: 0.0,
        parity_problems: 0,
        damage: Vec::new(),
    };
    for &source_id in sources {
        let source = site.article(source_id);
        let translation = site
            .translations(source_id)
            .into_iter()
            .find(|t| &site.article(*t).locale == locale);
        let Some(translation) = translation.map(|t| site.article(t)) else {
            status.articles_missing.push(source.path.clone());
            continue;
        };
        status.articles_translated += 1;
        if translation.front_matter.is_machine_translated() {
            status
                .articles_machine_translated
                .push(translation.path.clone());
        }
        if let Some((how, days)) = staleness(source, translation) {
            status.articles_stale.push(Stale {
                path: translation.path.clone(),
                how,
                days,
            });
        }
    }
    status.articles_without_source = site
        .ids()
        .filter(|id| {
            &site.article(*id).locale == locale
                && !site.is_stand_in(*id)
                && site.source_of(*id).is_none()
        })
        .map(|id| site.article(id).path.clone())
        .collect();
    status.article_coverage = percent(status.articles_translated, sources.len());
    let own = i18n.own_messages(locale);
    status.ui_translated = used.intersection(&own).count();
    status.ui_missing = used.difference(&own).cloned().collect();
    status.ui_obsolete = i18n
        .site_messages(locale)
        .difference(used)
        .cloned()
        .collect();
    status.ui_coverage = percent(status.ui_translated, used.len());
    let prefix = format!("content/{locale}/");
    status.damage = diagnostics
        .iter()
        .filter(|d| PARITY.contains(&d.code))
        .filter_map(|d| {
            let span = d.span.as_ref()?;
            let path = span.file.strip_prefix(&prefix)?;
            Some(Damage {
                at: format!("{path}:{}", span.start.line),
                code: d.code.as_str().to_string(),
                message: d.message.clone(),
            })
        })
        .collect();
    status
        .damage
        .sort_by(|a, b| a.at.cmp(&b.at).then_with(|| a.code.cmp(&b.code)));
    status.parity_problems = status.damage.len();
    status
}

/// How much older a translation is than its source, if it is: the words, and
/// the days when the dates tell.
fn staleness(source: &Article, translation: &Article) -> Option<(String, Option<i64>)> {
    let (s, t) = (&source.front_matter, &translation.front_matter);
    if let (Some(sd), Some(td)) = (s.date, t.date)
        && sd > td
    {
        let days = sd.days_since_epoch() - td.days_since_epoch();
        let raw = |d: &Option<crate::model::Field<String>>| {
            d.as_ref()
                .map(|f| f.value.trim().to_string())
                .unwrap_or_default()
        };
        let how = format!(
            "source {}, translation {} ({days} day{})",
            raw(&s.date_raw),
            raw(&t.date_raw),
            if days == 1 { "" } else { "s" }
        );
        return Some((how, Some(days)));
    }
    let value = |f: &Option<crate::model::Field<String>>| {
        f.as_ref()
            .map(|f| f.value.trim().to_string())
            .filter(|v| !v.is_empty())
    };
    let short = |v: &str| v.chars().take(7).collect::<String>();
    for (name, a, b) in [
        (
            "ms.sourcegitcommit",
            value(&s.source_git_commit),
            value(&t.source_git_commit),
        ),
        (
            "ms.openlocfilehash",
            value(&s.open_loc_file_hash),
            value(&t.open_loc_file_hash),
        ),
    ] {
        if let (Some(a), Some(b)) = (a, b)
            && a != b
        {
            return Some((
                format!(
                    "{name}: translated from {}, source now {}",
                    short(&b),
                    short(&a)
                ),
                None,
            ));
        }
    }
    None
}

/// How `l10n status` prints.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StatusFormat {
    Table,
    Json,
    Markdown,
}

/// Whether any locale shown is below `percent` coverage (articles or UI strings).
pub fn below(status: &Status, percent: f64) -> bool {
    status
        .locales
        .iter()
        .any(|l| l.article_coverage < percent || l.ui_coverage < percent)
}

pub fn format(status: &Status, how: StatusFormat) -> String {
    match how {
        StatusFormat::Json => serde_json::to_string_pretty(status)
            .map(|s| s + "\n")
            .unwrap_or_default(),
        StatusFormat::Table => table(status),
        StatusFormat::Markdown => markdown(status),
    }
}

fn table(status: &Status) -> String {
    let mut out = format!(
        "Translation status against {} ({} articles, {} UI strings)\n\n",
        status.source_locale, status.source_articles, status.ui_messages
    );
    let header = [
        "locale",
        "articles",
        "missing",
        "stale",
        "machine",
        "UI strings",
        "missing",
        "obsolete",
        "damage",
    ];
    let rows: Vec<[String; 9]> = status
        .locales
        .iter()
        .map(|l| {
            [
                l.locale.clone(),
                format!("{} ({}%)", l.articles_translated, l.article_coverage),
                l.articles_missing.len().to_string(),
                l.articles_stale.len().to_string(),
                l.articles_machine_translated.len().to_string(),
                format!("{} ({}%)", l.ui_translated, l.ui_coverage),
                l.ui_missing.len().to_string(),
                l.ui_obsolete.len().to_string(),
                l.parity_problems.to_string(),
            ]
        })
        .collect();
    let widths: Vec<usize> = (0..9)
        .map(|c| {
            rows.iter()
                .map(|r| r[c].chars().count())
                .chain([header[c].len()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let line = |cells: Vec<&str>| -> String {
        let padded: Vec<String> = cells
            .iter()
            .zip(&widths)
            .map(|(c, w)| format!("{c:<w$}"))
            .collect();
        padded.join("  ").trim_end().to_string() + "\n"
    };
    out.push_str(&line(header.to_vec()));
    for row in &rows {
        out.push_str(&line(row.iter().map(String::as_str).collect()));
    }
    for l in &status.locales {
        details(&mut out, l, "  ", "");
    }
    out
}

/// The lists behind the counts, for one locale.
fn details(out: &mut String, l: &LocaleStatus, indent: &str, bullet: &str) {
    let markdown = !bullet.is_empty();
    let mut section = |title: String, items: Vec<String>| {
        if items.is_empty() {
            return;
        }
        if markdown {
            out.push_str(&format!("\n**{title}**\n\n"));
        } else {
            out.push_str(&format!("\n{title}\n"));
        }
        for item in items {
            out.push_str(&format!("{indent}{bullet}{item}\n"));
        }
    };
    section(
        format!(
            "{}: missing articles ({})",
            l.locale,
            l.articles_missing.len()
        ),
        l.articles_missing.clone(),
    );
    section(
        format!("{}: stale articles ({})", l.locale, l.articles_stale.len()),
        l.articles_stale
            .iter()
            .map(|s| format!("{}: {}", s.path, s.how))
            .collect(),
    );
    section(
        format!(
            "{}: machine translated ({})",
            l.locale,
            l.articles_machine_translated.len()
        ),
        l.articles_machine_translated.clone(),
    );
    section(
        format!(
            "{}: articles without a source ({})",
            l.locale,
            l.articles_without_source.len()
        ),
        l.articles_without_source.clone(),
    );
    section(
        format!(
            "{}: untranslated UI strings ({})",
            l.locale,
            l.ui_missing.len()
        ),
        l.ui_missing.clone(),
    );
    section(
        format!(
            "{}: obsolete UI strings ({})",
            l.locale,
            l.ui_obsolete.len()
        ),
        l.ui_obsolete.clone(),
    );
    section(
        format!(
            "{}: translation damage ({}; `stegvis check` shows it in place)",
            l.locale,
            l.damage.len()
        ),
        l.damage
            .iter()
            .map(|d| format!("{} {} {}", d.at, d.code, d.message))
            .collect(),
    );
}

fn markdown(status: &Status) -> String {
    let mut out = format!(
        "### Translation status\n\nAgainst **{}**: {} articles, {} UI strings.\n\n\
         | Locale | Articles | Missing | Stale | Machine translated | UI strings | Missing | Obsolete | Damage |\n\
         | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n",
        status.source_locale, status.source_articles, status.ui_messages
    );
    for l in &status.locales {
        out.push_str(&format!(
            "| {} | {} ({}%) | {} | {} | {} | {} ({}%) | {} | {} | {} |\n",
            l.locale,
            l.articles_translated,
            l.article_coverage,
            l.articles_missing.len(),
            l.articles_stale.len(),
            l.articles_machine_translated.len(),
            l.ui_translated,
            l.ui_coverage,
            l.ui_missing.len(),
            l.ui_obsolete.len(),
            l.parity_problems
        ));
    }
    for l in &status.locales {
        let mut body = String::new();
        details(&mut body, l, "", "- ");
        if !body.is_empty() {
            out.push_str(&format!(
                "\n<details><summary>{}</summary>\n{body}\n</details>\n",
                l.locale
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_keep_their_continuation_lines() {
        let text = "# comment\nsite-title = Help\nprocedure-steps =\n    { $count ->\n        [one] { $count } step\n       *[other] { $count } steps\n    }\n-term = x\n";
        let m = messages(text);
        assert_eq!(m.len(), 2);
        assert_eq!(m[0], "site-title = Help");
        assert!(m[1].starts_with("procedure-steps =\n    { $count ->") && m[1].ends_with("    }"));
    }

    #[test]
    fn the_template_is_valid_fluent_whose_messages_count_as_untranslated() {
        let nl = Locale::parse("nl-NL").unwrap();
        let de = Locale::parse("de-DE").unwrap();
        let (ftl, total, to_translate) =
            template(crate::i18n::EMBEDDED[1].1, &nl, &de, None, &BTreeSet::new());
        assert_eq!(total, to_translate + 1, "language-name is filled in");
        assert!(ftl.contains("language-name = Deutsch"));
        assert!(ftl.contains("# nl-NL: step-label = Stap { $position } van { $total }\nstep-label = [untranslated] Stap { $position } van { $total }"));
        assert!(fluent_bundle::FluentResource::try_new(ftl).is_ok());
    }
}
