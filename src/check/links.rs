//! Link and image rules: targets that exist, anchors that exist on the target
//! page, link text, safe schemes, links that stay in their locale, paths in
//! the right case, image files and alt texts.

use foldhash::{HashMap, HashMapExt, HashSet};

use crate::assemble::{Resolved, Site};
use crate::diagnostics::{Code, Diagnostic, FilePath};
use crate::model::{Article, Image};

pub fn check(site: &Site, article: &Article, out: &mut Vec<Diagnostic>) {
    let mut anchors = Anchors::default();
    for link in &article.document.links {
        let resolved = site.resolve(&link.span.file, &link.href);
        let href_span = link.href_span.clone().unwrap_or_else(|| link.span.clone());
        match &resolved {
            Resolved::Fragment(fragment) if !fragment.is_empty() => {
                anchors.check(article, article, fragment, &href_span, &link.href, out);
            }
            Resolved::Article {
                id,
                fragment,
                exact_case,
                fallback,
                ..
            } => {
                let target = site.article(*id);
                if target.locale != article.locale && !fallback {
                    out.push(
                        Diagnostic::at(
                            Code::LinkOtherLocale,
                            href_span.clone(),
                            format!(
                                "`{}` leads into the {} tree from a {} page",
                                link.href, target.locale, article.locale
                            ),
                        )
                        .with_help(format!(
                            "link to the {} version; the language switcher leads between locales",
                            article.locale
                        )),
                    );
                }
                if !exact_case {
                    let mut d = Diagnostic::at(
                        Code::LinkCase,
                        href_span.clone(),
                        format!(
                            "`{}` matches {} only when case is ignored",
                            link.href, target.file
                        ),
                    );
                    if let Some(fixed) = recased(&link.href, &link.span.file, &target.file) {
                        d = d.with_fix(href_span.clone(), fixed);
                    }
                    out.push(d);
                }
                if let Some(fragment) = fragment {
                    anchors.check(article, target, fragment, &href_span, &link.href, out);
                }
            }
            Resolved::MissingArticle { .. } => out.push(
                Diagnostic::at(
                    Code::LinkBroken,
                    href_span.clone(),
                    format!("`{}` is not an article of this site", link.href),
                )
                .with_help("the path is relative to the file that holds the link"),
            ),
            Resolved::File {
                exists: false,
                path,
                locale,
                ..
            } if !is_section(site, locale, path) => out.push(
                Diagnostic::at(
                    Code::LinkBroken,
                    href_span.clone(),
                    format!("`{}` does not exist in the site", link.href),
                )
                .with_help("the path is relative to the file that holds the link"),
            ),
            Resolved::Outside => out.push(Diagnostic::at(
                Code::LinkBroken,
                href_span.clone(),
                format!("`{}` points outside the content folder", link.href),
            )),
            Resolved::Unsafe => out.push(
                Diagnostic::at(
                    Code::LinkUnsafe,
                    href_span.clone(),
                    format!("`{}` is not a safe link; it is shown as text", link.href),
                )
                .with_help("link to an https:// page or to an article instead"),
            ),
            _ => {}
        }
        if link.text.trim().is_empty() {
            let mut d = Diagnostic::at(
                Code::LinkTextEmpty,
                link.span.clone(),
                "this link has no text",
            );
            if let Resolved::Article { id, .. } = &resolved {
                let title = site.article(*id).title();
                d = d.with_help(format!(
                    "the page shows the target's title, \"{title}\"; write it in the link"
                ));
                // Only an inline link `[](…)` can be rewritten in place.
                if link.href_span.is_some() {
                    d = d.with_fix(link.span.clone(), format!("[{title}]({})", link.href));
                }
            }
            out.push(d);
        }
    }
    for image in &article.document.images {
        image_file(site, image, &image.src, out);
        if let Some(lightbox) = &image.lightbox {
            image_file(site, image, lightbox, out);
        }
        if image.alt.trim().is_empty() {
            out.push(
                Diagnostic::at(
                    Code::ImageAltMissing,
                    image.span.clone(),
                    "this image has no alt text",
                )
                .with_help("describe what the image shows, for readers who cannot see it"),
            );
        } else if let Some(why) = debris(&image.alt) {
            out.push(
                Diagnostic::at(
                    Code::ImageAltDebris,
                    image.span.clone(),
                    format!("the alt text \"{}\" {why}", image.alt),
                )
                .with_help("read the alt text and rewrite it"),
            );
        }
    }
}

/// Whether `path` (a resolved link target) names a folder that has a page.
fn is_section(site: &Site, locale: &crate::model::Locale, path: &str) -> bool {
    path.is_empty()
        || path.ends_with('/') && site.section(locale, path.trim_end_matches('/')).is_some()
}

fn image_file(site: &Site, image: &Image, src: &str, out: &mut Vec<Diagnostic>) {
    if src
        .trim_start()
        .to_ascii_lowercase()
        .starts_with("data:image/")
    {
        return;
    }
    let problem = match site.resolve(&image.span.file, src) {
        Resolved::File { exists: true, .. } | Resolved::External(_) => return,
        Resolved::Unsafe => format!("`{src}` is not a safe image source"),
        Resolved::Outside => format!("`{src}` points outside the content folder"),
        _ => format!("the image `{src}` does not exist"),
    };
    out.push(
        Diagnostic::at(Code::ImageMissing, image.span.clone(), problem)
            .with_help("the path is relative to the file that holds the image"),
    );
}

/// The anchors of the pages one page links to, as sets made once per target:
/// a page with 100,000 links to its own 100,000 headings would otherwise
/// search every anchor for every link.
#[derive(Default)]
struct Anchors<'a> {
    sets: HashMap<FilePath, AnchorSet<'a>>,
    /// "Did you mean" suggestions made on this page so far.
    suggested: usize,
}

struct AnchorSet<'a> {
    exact: HashSet<&'a str>,
    /// Lower case -> the first anchor written that way; made when a link
    /// first misses (most pages have none that do).
    folded: Option<HashMap<String, &'a str>>,
}

/// Suggestions compare a broken anchor with every anchor of the target; past
/// this many on one page they are left out, so the cost stays linear.
const MAX_SUGGESTIONS: usize = 100;

impl<'a> Anchors<'a> {
    /// Reports `#fragment` when it is not an id on `target`.
    fn check(
        &mut self,
        from: &Article,
        target: &'a Article,
        fragment: &str,
        span: &crate::diagnostics::Span,
        href: &str,
        out: &mut Vec<Diagnostic>,
    ) {
        let anchors = &target.document.anchors;
        let set = self
            .sets
            .entry(target.file.clone())
            .or_insert_with(|| AnchorSet {
                exact: anchors.iter().map(String::as_str).collect(),
                folded: None,
            });
        // `#tab/x/` names the tab `tab/x` too.
        let wanted = if fragment.starts_with("tab/") {
            fragment.trim_end_matches('/')
        } else {
            fragment
        };
        if set.exact.contains(wanted) {
            return;
        }
        let on = if std::ptr::eq(from, target) {
            "this page".to_string()
        } else {
            target.file.to_string()
        };
        let mut d = Diagnostic::at(
            Code::AnchorMissing,
            span.clone(),
            format!("`#{fragment}` is not an anchor on {on}"),
        );
        let folded = set.folded.get_or_insert_with(|| {
            let mut folded = HashMap::new();
            for a in anchors {
                folded.entry(a.to_ascii_lowercase()).or_insert(a.as_str());
            }
            folded
        });
        if let Some(right) = folded.get(&fragment.to_ascii_lowercase()) {
            let fixed = href.replacen(&format!("#{fragment}"), &format!("#{right}"), 1);
            d = d
                .with_help(format!("the anchor is written `{right}`"))
                .with_fix(span.clone(), fixed);
        } else if self.suggested < MAX_SUGGESTIONS {
            self.suggested += 1;
            if let Some(near) = closest(fragment, anchors) {
                d = d.with_help(format!("did you mean `#{near}`?"));
            }
        }
        out.push(d);
    }
}

/// The anchor most like `wanted`, when one is close enough to suggest.
fn closest<'a>(wanted: &str, anchors: &'a [String]) -> Option<&'a str> {
    anchors
        .iter()
        .map(|a| (edit_distance(wanted, a), a))
        .filter(|(d, a)| *d <= 3.max(a.len() / 6))
        .min_by_key(|(d, _)| *d)
        .map(|(_, a)| a.as_str())
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous + usize::from(ca != *cb);
            previous = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(previous + 1);
        }
    }
    row[b.len()]
}

/// The link `href` (written in `from`) with its path recased to reach `target`.
fn recased(href: &str, from: &str, target: &str) -> Option<String> {
    let (path, rest) = match href.find(['#', '?']) {
        Some(i) => (&href[..i], &href[i..]),
        None => (href, ""),
    };
    let from_dir: Vec<&str> = crate::paths::parent(from).split('/').collect();
    let target: Vec<&str> = target.split('/').collect();
    // Walk the written path and take each name's spelling from the target.
    let mut depth = from_dir.len();
    let mut out = Vec::new();
    for part in path.split('/') {
        match part {
            "." | "" => out.push(part.to_string()),
            ".." => {
                depth = depth.checked_sub(1)?;
                out.push(part.to_string());
            }
            _ => {
                let real = target.get(depth)?;
                if !real.eq_ignore_ascii_case(part) {
                    return None;
                }
                out.push(real.to_string());
                depth += 1;
            }
        }
    }
    Some(format!("{}{rest}", out.join("/")))
}

/// Why an alt text looks like what a translation tool left behind, if it does.
fn debris(alt: &str) -> Option<&'static str> {
    let alt = alt.trim();
    // `ALTScreenshot …`: the attribute name glued to the first word.
    let mut chars = alt.chars();
    if alt.starts_with("ALT")
        && chars.nth(3).is_some_and(char::is_uppercase)
        && chars.next().is_some_and(char::is_lowercase)
    {
        return Some("starts with `ALT` glued to its first word");
    }
    if ["alt-text=", "lightbox=", "source=", ":::"]
        .iter()
        .any(|m| alt.contains(m))
    {
        return Some("holds pieces of the `:::image` directive");
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debris_is_only_the_clear_cases() {
        assert!(debris("ALTScreenshot waarin de naam wordt weergegeven. SMS").is_some());
        assert!(debris("Schermopname\" lightbox=\"x.png").is_some());
        for fine in [
            "ALT-toets ingedrukt",
            "ALT",
            "Screenshot of the ERP settings",
            "Knop Alt+F4",
            "ALTernative",
        ] {
            assert!(debris(fine).is_none(), "{fine}");
        }
    }

    #[test]
    fn recasing_a_link_path() {
        assert_eq!(
            recased(
                "../Billing/Prepare.md#x",
                "content/nl-NL/billing/verify.md",
                "content/nl-NL/billing/prepare.md"
            )
            .as_deref(),
            Some("../billing/prepare.md#x")
        );
        assert_eq!(
            recased(
                "Prepare.md",
                "content/nl-NL/billing/verify.md",
                "content/nl-NL/billing/prepare.md"
            )
            .as_deref(),
            Some("prepare.md")
        );
    }

    #[test]
    fn closest_anchor() {
        let anchors = vec!["upgrade-your-account".to_string(), "cancel".to_string()];
        assert_eq!(
            closest("upgrade-your-acount", &anchors),
            Some("upgrade-your-account")
        );
        assert_eq!(closest("something-else-entirely", &anchors), None);
    }
}
