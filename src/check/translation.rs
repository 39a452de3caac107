//! Translation rules: each translation compared with its source article
//! (anchors, procedures and steps, alerts, images, includes, tabs, links), and
//! the syntax translation tools translate along with the text (alert keywords,
//! front matter keys), with the untranslated word as the fix. The source is
//! the article of `source_locale` that shares the translation key.

use std::collections::BTreeSet;

use crate::assemble::{ArticleId, Site};
use crate::diagnostics::{Code, Diagnostic, Span};
use crate::model::{AlertKind, Article, Block, walk};

pub fn check(site: &Site, id: ArticleId, out: &mut Vec<Diagnostic>) {
    let article = site.article(id);
    let source = site.source_of(id).map(|s| site.article(s));
    alert_keywords(article, source, out);
    front_matter_keys(article, source, out);
    if let Some(source) = source {
        parity(article, source, out);
    }
}

/// Alert keywords in other languages, for when there is no source to compare.
const ALERT_WORDS: &[(&str, AlertKind)] = &[
    ("OPMERKING", AlertKind::Note),
    ("NOTITIE", AlertKind::Note),
    ("OBS", AlertKind::Note),
    ("ANMÄRKNING", AlertKind::Note),
    ("HINWEIS", AlertKind::Note),
    ("REMARQUE", AlertKind::Note),
    ("NOTA", AlertKind::Note),
    ("TIPS", AlertKind::Tip),
    ("TIPP", AlertKind::Tip),
    ("CONSEIL", AlertKind::Tip),
    ("BELANGRIJK", AlertKind::Important),
    ("VIKTIGT", AlertKind::Important),
    ("WICHTIG", AlertKind::Important),
    ("IMPORTANTE", AlertKind::Important),
    ("VOORZICHTIG", AlertKind::Caution),
    ("LET OP", AlertKind::Caution),
    ("FÖRSIKTIGHET", AlertKind::Caution),
    ("VORSICHT", AlertKind::Caution),
    ("ACHTUNG", AlertKind::Caution),
    ("WAARSCHUWING", AlertKind::Warning),
    ("VARNING", AlertKind::Warning),
    ("WARNUNG", AlertKind::Warning),
    ("AVERTISSEMENT", AlertKind::Warning),
];

/// `[!OPMERKING]`: an alert keyword that is no alert kind. The fix is the kind
/// of the source's alert at the same place, else a known translation.
fn alert_keywords(article: &Article, source: Option<&Article>, out: &mut Vec<Diagnostic>) {
    let alerts = &article.document.alerts;
    let aligned = source.filter(|s| s.document.alerts.len() == alerts.len());
    for (i, mark) in alerts.iter().enumerate() {
        if mark.kind.is_some() {
            continue;
        }
        let from_source = aligned.and_then(|s| s.document.alerts[i].kind);
        let from_words = ALERT_WORDS
            .iter()
            .find(|(w, _)| w.eq_ignore_ascii_case(mark.keyword.trim()))
            .map(|(_, k)| *k);
        let mut d = Diagnostic::at(
            Code::AlertUnknown,
            mark.span.clone(),
            format!(
                "`[!{}]` is not an alert kind, so the block is shown as a note",
                mark.keyword
            ),
        );
        d = match from_source.or(from_words) {
            Some(kind) => {
                let keyword = kind.as_str().to_ascii_uppercase();
                let why = if from_source.is_some() { "the source has" } else { "it translates" };
                d.with_help(format!("alert keywords are not translated; {why} [!{keyword}]"))
                    .with_fix(mark.span.clone(), format!("[!{keyword}]"))
            }
            None => d.with_help("alert kinds are NOTE, TIP, IMPORTANT, CAUTION and WARNING; they are not translated"),
        };
        out.push(d);
    }
}

/// Front matter keys translation tools translate, for when there is no source.
const KEY_WORDS: &[(&str, &str)] = &[
    ("titel", "title"),
    ("beschrijving", "description"),
    ("beskrivning", "description"),
    ("auteur", "author"),
    ("författare", "author"),
    ("ms.auteur", "ms.author"),
    ("ms.författare", "ms.author"),
    ("ms.onderwerp", "ms.topic"),
    ("ms.ämne", "ms.topic"),
    ("ms.datum", "ms.date"),
    ("trefwoorden", "keywords"),
    ("nyckelord", "keywords"),
    ("beheerder", "manager"),
    ("chef", "manager"),
    ("ms.recensent", "ms.reviewer"),
    ("ms.granskare", "ms.reviewer"),
];

/// `ms.onderwerp:`: a key translated along with its value. The fix is the key
/// the source has in the same place, else a known translation.
fn front_matter_keys(article: &Article, source: Option<&Article>, out: &mut Vec<Diagnostic>) {
    let entries = &article.front_matter.entries;
    let own: BTreeSet<&str> = entries.iter().map(|e| e.key.as_str()).collect();
    let source_keys: Vec<&str> = source
        .map(|s| {
            s.front_matter
                .entries
                .iter()
                .map(|e| e.key.as_str())
                .collect()
        })
        .unwrap_or_default();
    for (i, entry) in entries.iter().enumerate() {
        if source_keys.contains(&entry.key.as_str()) {
            continue;
        }
        // The source's key in the same place, when the translation lacks it.
        let positional = source_keys.get(i).filter(|k| !own.contains(**k)).copied();
        let known = KEY_WORDS
            .iter()
            .find(|(w, _)| *w == entry.key.to_lowercase())
            .map(|(_, k)| *k);
        let Some(original) = known.or(positional.filter(|_| looks_translated(&entry.key))) else {
            continue;
        };
        out.push(
            Diagnostic::at(Code::FrontMatterKeyTranslated, entry.key_span.clone(), format!("`{}` looks like a translation of the key `{original}`", entry.key))
                .with_help("front matter keys are not translated; the value is ignored until the key is restored")
                .with_fix(entry.key_span.clone(), original),
        );
    }
}

/// A key that no English-named key would be: it has letters outside ASCII, or
/// is a known translation. Keeps ordinary extra keys (`ms.custom`) out.
fn looks_translated(key: &str) -> bool {
    !key.is_ascii() || KEY_WORDS.iter().any(|(w, _)| *w == key.to_lowercase())
}

fn at_start(article: &Article) -> Span {
    article
        .front_matter
        .span
        .clone()
        .map(|s| Span {
            end: s.start,
            bytes: s.bytes.start..s.bytes.start,
            ..s
        })
        .unwrap_or_else(|| Span::file_start(article.file.clone()))
}

/// What the translation lacks or has on top of its source.
fn difference<'a>(source: &BTreeSet<&'a str>, translation: &BTreeSet<&'a str>) -> String {
    let lacks: Vec<&str> = source.difference(translation).copied().collect();
    let extra: Vec<&str> = translation.difference(source).copied().collect();
    let mut parts = Vec::new();
    if !lacks.is_empty() {
        parts.push(format!("lacks {}", lacks.join(", ")));
    }
    if !extra.is_empty() {
        parts.push(format!("has {} on top", extra.join(", ")));
    }
    parts.join("; ")
}

fn parity(t: &Article, s: &Article, out: &mut Vec<Diagnostic>) {
    let start = at_start(t);
    let from = |what: String| format!("{what} (source: {})", s.file);
    // Heading anchors written with <a name>.
    let anchors = |a: &Article| -> BTreeSet<String> {
        let mut set = BTreeSet::new();
        walk(&a.document.blocks, &mut |b| {
            if let Block::Heading(h) = b
                && h.explicit_id
            {
                set.insert(h.id.clone());
            }
        });
        set
    };
    let (sa, ta) = (anchors(s), anchors(t));
    if sa != ta {
        let sa: BTreeSet<&str> = sa.iter().map(String::as_str).collect();
        let ta: BTreeSet<&str> = ta.iter().map(String::as_str).collect();
        out.push(
            Diagnostic::at(Code::ParityAnchors, start.clone(), from(format!("the heading anchors differ from the source: this translation {}", difference(&sa, &ta))))
                .with_help("keep the source's `<a name>` ids on the translated headings; links and step ids use them"),
        );
    }
    // Procedures and their steps.
    let steps = |a: &Article| -> Vec<usize> {
        a.document
            .procedures()
            .iter()
            .map(|p| p.steps.len())
            .collect()
    };
    let (ss, ts) = (steps(s), steps(t));
    if ss != ts {
        let list = |v: &[usize]| {
            if v.is_empty() {
                "none".to_string()
            } else {
                v.iter()
                    .map(usize::to_string)
                    .collect::<Vec<_>>()
                    .join(", ")
            }
        };
        let span = t
            .document
            .procedures()
            .iter()
            .zip(s.document.procedures())
            .find(|(a, b)| a.steps.len() != b.steps.len())
            .map(|(a, _)| a.span.clone());
        out.push(
            Diagnostic::at(
                Code::ParityProcedures,
                span.unwrap_or_else(|| start.clone()),
                from(format!("the procedures differ from the source: steps per procedure {} here, {} in the source", list(&ts), list(&ss))),
            )
            .with_help("a step was merged, split or lost in translation; step ids no longer line up between the locales"),
        );
    }
    // Alerts, kind by kind.
    let kinds = |a: &Article| -> Vec<String> {
        a.document
            .alerts
            .iter()
            .map(|m| {
                m.kind
                    .map(|k| k.as_str().to_ascii_uppercase())
                    .unwrap_or_else(|| format!("[!{}]", m.keyword))
            })
            .collect()
    };
    let (sk, tk) = (kinds(s), kinds(t));
    let same_kinds = sk.len() == tk.len()
        && s.document
            .alerts
            .iter()
            .zip(&t.document.alerts)
            .all(|(a, b)| b.kind.is_none() || a.kind == b.kind);
    if !same_kinds {
        out.push(Diagnostic::at(
            Code::ParityAlerts,
            start.clone(),
            from(format!(
                "the alerts differ from the source: {} here, {} in the source",
                none_or(&tk),
                none_or(&sk)
            )),
        ));
    }
    if s.document.images.len() != t.document.images.len() {
        out.push(Diagnostic::at(
            Code::ParityImages,
            start.clone(),
            from(format!(
                "this translation has {} images, the source {}",
                t.document.images.len(),
                s.document.images.len()
            )),
        ));
    }
    // Includes, by their path inside the locale folder.
    let includes = |a: &Article| -> BTreeSet<String> {
        a.document
            .includes
            .iter()
            .map(|f| f.splitn(3, '/').nth(2).unwrap_or(f).to_string())
            .collect()
    };
    let (si, ti) = (includes(s), includes(t));
    if si != ti {
        let si: BTreeSet<&str> = si.iter().map(String::as_str).collect();
        let ti: BTreeSet<&str> = ti.iter().map(String::as_str).collect();
        out.push(Diagnostic::at(
            Code::ParityIncludes,
            start.clone(),
            from(format!(
                "the includes differ from the source: this translation {}",
                difference(&si, &ti)
            )),
        ));
    }
    let tabs = |a: &Article| -> BTreeSet<String> {
        let mut set = BTreeSet::new();
        walk(&a.document.blocks, &mut |b| {
            if let Block::Tabs(tabs) = b {
                set.extend(tabs.iter().map(|t| t.id.clone()));
            }
        });
        set
    };
    let (st, tt) = (tabs(s), tabs(t));
    if st != tt {
        let st: BTreeSet<&str> = st.iter().map(String::as_str).collect();
        let tt: BTreeSet<&str> = tt.iter().map(String::as_str).collect();
        out.push(Diagnostic::at(
            Code::ParityTabs,
            start.clone(),
            from(format!(
                "the tabs differ from the source: this translation {}",
                difference(&st, &tt)
            )),
        ));
    }
    if s.document.links.len() != t.document.links.len() {
        out.push(Diagnostic::at(
            Code::ParityLinks,
            start,
            from(format!(
                "this translation has {} links, the source {}",
                t.document.links.len(),
                s.document.links.len()
            )),
        ));
    }
}

fn none_or(list: &[String]) -> String {
    if list.is_empty() {
        "none".to_string()
    } else {
        list.join(", ")
    }
}
