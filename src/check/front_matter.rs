//! Front matter rules: required fields, real dates, matching locale, UUIDs,
//! known topics and translation types, asset ids unique per locale.

use foldhash::{HashMap, HashMapExt};

use crate::assemble::Site;
use crate::diagnostics::{Code, Diagnostic, Position, Span};
use crate::model::{Article, Date, TranslationType};

/// Values of `ms.topic` seen in the public documentation sets.
const KNOWN_TOPICS: &[&str] = &[
    "conceptual",
    "article",
    "how-to",
    "tutorial",
    "quickstart",
    "overview",
    "reference",
    "troubleshooting",
    "get-started",
    "landing-page",
    "faq",
    "include",
    "sample",
    "whats-new",
    "release-notes",
    "concept-article",
    "how-to-guide",
    "best-practice",
    "glossary",
    "language-reference",
    "error-reference",
    "hub-page",
    "install-set-up-deploy",
    "limits-and-quotas",
    "product-comparison",
    "contributor-guide",
];

pub fn check(article: &Article, today: Date, out: &mut Vec<Diagnostic>) {
    let fm = &article.front_matter;
    // Without a readable block, SV0001/SV0003 already said what is wrong.
    let Some(block) = fm.span.as_ref().filter(|_| !fm.unreadable) else {
        return;
    };
    // The opening `---`, where a missing key is reported.
    let first_line = Span {
        end: Position {
            line: block.start.line,
            column: block.start.column + 3,
        },
        bytes: block.bytes.start..block.bytes.start + 3,
        ..block.clone()
    };
    match &fm.title {
        Some(t) if !t.value.trim().is_empty() => {}
        Some(t) => out.push(
            Diagnostic::at(Code::TitleMissing, t.span.clone(), "`title` is empty")
                .with_help("write the article's title"),
        ),
        // A key of the wrong type was reported as such (SV0004).
        None if fm.entry("title").is_some() => {}
        None => out.push(
            Diagnostic::at(
                Code::TitleMissing,
                first_line.clone(),
                "the front matter has no `title`",
            )
            .with_help(format!(
                "add `title: {}`",
                article.document.h1().unwrap_or("…")
            )),
        ),
    }
    match &fm.description {
        Some(d) if !d.value.trim().is_empty() => {}
        Some(d) => out.push(
            Diagnostic::at(
                Code::DescriptionMissing,
                d.span.clone(),
                "`description` is empty",
            )
            .with_help("summarise the article in one sentence"),
        ),
        None if fm.entry("description").is_some() => {}
        None => out.push(
            Diagnostic::at(
                Code::DescriptionMissing,
                first_line.clone(),
                "the front matter has no `description`",
            )
            .with_help(
                "add `description:` with one sentence that says what the article helps with",
            ),
        ),
    }
    match (&fm.date_raw, fm.date) {
        (None, _) => out.push(
            Diagnostic::at(
                Code::DateInvalid,
                first_line,
                "the front matter has no `ms.date`",
            )
            .with_help("add `ms.date:` with the date of the last review, as MM/DD/YYYY"),
        ),
        (Some(raw), None) => {
            let mut d = Diagnostic::at(
                Code::DateInvalid,
                raw.span.clone(),
                format!("`{}` is not a real date", raw.value.trim()),
            );
            d = match swapped(&raw.value) {
                Some(fixed) => d
                    .with_help(format!("dates are MM/DD/YYYY; did you mean {fixed}?"))
                    .with_fix(raw.span.clone(), fixed),
                None => d.with_help("write the date as MM/DD/YYYY, such as 03/11/2021"),
            };
            out.push(d);
        }
        (Some(raw), Some(date)) if date > today => out.push(
            Diagnostic::at(
                Code::DateInFuture,
                raw.span.clone(),
                format!("`ms.date` {} is after today ({})", date.iso(), today.iso()),
            )
            .with_help("use the date of the last review"),
        ),
        _ => {}
    }
    if let Some(locale) = &fm.content_locale
        && !locale
            .value
            .trim()
            .eq_ignore_ascii_case(article.locale.as_str())
    {
        out.push(
            Diagnostic::at(
                Code::ContentLocaleMismatch,
                locale.span.clone(),
                format!(
                    "`ms.contentlocale` is {}, but the file is in the {} folder",
                    locale.value.trim(),
                    article.locale
                ),
            )
            .with_fix(locale.span.clone(), article.locale.to_string()),
        );
    }
    if let Some(id) = &fm.asset_id
        && !is_uuid(id.value.trim())
    {
        out.push(
            Diagnostic::at(
                Code::AssetIdInvalid,
                id.span.clone(),
                format!("`{}` is not a UUID", id.value.trim()),
            )
            .with_help(
                "use a UUID such as 3051d6b0-179f-4e3a-bda4-3fee7135eac5, the same in every locale",
            ),
        );
    }
    if let Some(topic) = &fm.topic {
        let value = topic.value.trim();
        if !value.is_empty() && !KNOWN_TOPICS.iter().any(|k| k.eq_ignore_ascii_case(value)) {
            out.push(
                Diagnostic::at(Code::TopicUnknown, topic.span.clone(), format!("`{value}` is not a known `ms.topic`"))
                    .with_help("use conceptual, how-to, tutorial, quickstart, overview, reference, troubleshooting, … (`stegvis explain SV0012` lists them)"),
            );
        }
    }
    if let Some(kind) = &fm.translation_type
        && let TranslationType::Other(value) = &kind.value
    {
        out.push(
            Diagnostic::at(
                Code::TranslationTypeInvalid,
                kind.span.clone(),
                format!("`{}` is neither MT nor HT", value.trim()),
            )
            .with_help("MT marks a machine translation (the page shows a notice), HT a human one"),
        );
    }
}

/// `31/12/2021` -> `12/31/2021`, when swapping day and month makes a real date.
fn swapped(raw: &str) -> Option<String> {
    let parts: Vec<&str> = raw.trim().split('/').collect();
    let [a, b, y] = parts.as_slice() else {
        return None;
    };
    let fixed = format!("{b}/{a}/{y}");
    Date::parse(&fixed).map(|_| fixed)
}

/// `8-4-4-4-12` hexadecimal digits.
pub fn is_uuid(s: &str) -> bool {
    let groups: Vec<&str> = s.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(g, len)| g.len() == len && g.chars().all(|c| c.is_ascii_hexdigit()))
}

/// The same `ms.assetid` on two articles of one locale.
pub fn duplicate_asset_ids(site: &Site, out: &mut Vec<Diagnostic>) {
    let mut seen: HashMap<(String, String), &Article> = HashMap::new();
    for article in &site.articles {
        let Some(id) = article
            .front_matter
            .asset_id
            .as_ref()
            .filter(|i| !i.value.trim().is_empty())
        else {
            continue;
        };
        let key = (
            article.locale.to_string(),
            id.value.trim().to_ascii_lowercase(),
        );
        match seen.get(&key) {
            Some(first) => out.push(
                Diagnostic::at(
                    Code::AssetIdDuplicate,
                    id.span.clone(),
                    format!(
                        "{} already has `ms.assetid` {}",
                        first.file,
                        id.value.trim()
                    ),
                )
                .with_help("give one of the two articles a new UUID"),
            ),
            None => {
                seen.insert(key, article);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuids() {
        assert!(is_uuid("3051d6b0-179f-4e3a-bda4-3fee7135eac5"));
        assert!(is_uuid("0B4AC8F3-3DF0-478A-8A07-B18B40F0CF5F"));
        assert!(!is_uuid("upgrade-article"));
        assert!(!is_uuid("3051d6b0-179f-4e3a-bda4-3fee7135eac"));
    }

    #[test]
    fn swapped_dates() {
        assert_eq!(swapped("31/12/2021").as_deref(), Some("12/31/2021"));
        assert_eq!(swapped("02/30/2021"), None);
    }
}
