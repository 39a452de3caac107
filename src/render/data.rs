//! Pages as data: each article's `index.json`, the schema.org `HowTo` JSON-LD
//! of its procedures, and `sitemap.xml` with hreflang alternates.

use std::collections::BTreeMap;

use pulldown_cmark_escape::escape_html;
use serde::Serialize;

use super::body::ProcedureData;
use crate::model::{Article, HeadingSummary};

#[derive(Serialize)]
pub struct ArticleJson<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub locale: &'a str,
    pub url: String,
    /// For a page standing in for an untranslated article: the source page's URL.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shown_from: Option<String>,
    /// `2021-03-11`, from `ms.date`.
    pub date: Option<String>,
    pub machine_translated: bool,
    /// Locale -> URL of each translation, this article included.
    pub translations: BTreeMap<String, String>,
    pub headings: &'a [HeadingSummary],
    pub procedures: &'a [ProcedureData],
}

/// `index.json` of an article.
/// `shown_from`: for a stand-in, the URL of the source page it shows.
pub fn article_json(
    article: &Article,
    url: String,
    shown_from: Option<String>,
    translations: BTreeMap<String, String>,
    procedures: &[ProcedureData],
) -> Vec<u8> {
    let data = ArticleJson {
        title: article.title(),
        description: article.description(),
        locale: article.locale.as_str(),
        url,
        shown_from,
        date: article.front_matter.date.map(|d| d.iso()),
        machine_translated: article.front_matter.is_machine_translated(),
        translations,
        headings: &article.document.headings,
        procedures,
    };
    let mut bytes = serde_json::to_vec_pretty(&data).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

/// schema.org's HowTo graph. Fields are declared in the order of their names,
/// the order the JSON-LD has always had (a sorted map wrote it before).
#[derive(Serialize)]
struct HowToGraph<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@graph")]
    graph: Vec<HowTo<'a>>,
}

#[derive(Serialize)]
struct HowTo<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "inLanguage")]
    in_language: &'a str,
    name: &'a str,
    step: Vec<HowToStep<'a>>,
    url: String,
}

#[derive(Serialize)]
struct HowToStep<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    image: Option<String>,
    position: usize,
    text: &'a str,
    url: String,
}

/// The JSON-LD of a page's procedures, ready to sit inside `<script>`;
/// empty when there are none. `absolute` turns a site URL into an absolute one.
pub fn how_to(
    language: &str,
    page_url: &str,
    procedures: &[ProcedureData],
    absolute: impl Fn(&str) -> String,
) -> String {
    if procedures.is_empty() {
        return String::new();
    }
    let graph = HowToGraph {
        context: "https://schema.org",
        graph: procedures
            .iter()
            .map(|p| HowTo {
                kind: "HowTo",
                in_language: language,
                name: &p.title,
                step: p
                    .steps
                    .iter()
                    .map(|s| HowToStep {
                        kind: "HowToStep",
                        image: s.images.first().map(|image| absolute(&image.src)),
                        position: s.position,
                        text: &s.text,
                        url: format!("{page_url}#{}", s.id),
                    })
                    .collect(),
                url: format!("{page_url}#{}", p.id),
            })
            .collect(),
    };
    let json = serde_json::to_string(&graph).unwrap_or_default();
    // Inside <script>, `</script>` or `<!--` in a string would end or break the
    // element; escaping `<`, `>` and `&` keeps the JSON the same and the HTML safe.
    if !json.contains(['<', '>', '&']) {
        return json;
    }
    let mut out = String::with_capacity(json.len() + 32);
    let mut from = 0;
    for (at, c) in json.match_indices(['<', '>', '&']) {
        out.push_str(&json[from..at]);
        out.push_str(match c {
            "<" => "\\u003c",
            ">" => "\\u003e",
            _ => "\\u0026",
        });
        from = at + 1;
    }
    out.push_str(&json[from..]);
    out
}

/// One page of the sitemap.
pub struct SitemapEntry {
    pub url: String,
    pub lastmod: Option<String>,
    /// (hreflang, URL), the page itself included.
    pub alternates: Vec<(String, String)>,
}

pub fn sitemap(entries: &[SitemapEntry]) -> Vec<u8> {
    // An entry with two alternates is about 300 bytes.
    let mut out = String::with_capacity(256 + entries.len() * 320);
    out.push_str(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    for e in entries {
        out.push_str("<url><loc>");
        let _ = escape_html(&mut out, &e.url);
        out.push_str("</loc>");
        if let Some(lastmod) = &e.lastmod {
            out.push_str("<lastmod>");
            out.push_str(lastmod);
            out.push_str("</lastmod>");
        }
        for (lang, href) in &e.alternates {
            out.push_str("<xhtml:link rel=\"alternate\" hreflang=\"");
            let _ = escape_html(&mut out, lang);
            out.push_str("\" href=\"");
            let _ = escape_html(&mut out, href);
            out.push_str("\"/>");
        }
        out.push_str("</url>\n");
    }
    out.push_str("</urlset>\n");
    out.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sitemap_lists_alternates() {
        let xml = String::from_utf8(sitemap(&[SitemapEntry {
            url: "https://x.org/nl-NL/a/".into(),
            lastmod: Some("2021-03-11".into()),
            alternates: vec![
                ("nl-NL".into(), "https://x.org/nl-NL/a/".into()),
                ("sv-SE".into(), "https://x.org/sv-SE/a/?q=1&b".into()),
            ],
        }]))
        .unwrap();
        assert!(xml.contains("<loc>https://x.org/nl-NL/a/</loc><lastmod>2021-03-11</lastmod>"));
        assert!(xml.contains("hreflang=\"sv-SE\" href=\"https://x.org/sv-SE/a/?q=1&amp;b\""));
    }
}
