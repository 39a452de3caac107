//! What templates see: small `Serialize` structs made for them, with every
//! string already localized. Every field is always present, so Tera's strict
//! checks catch a misspelt variable in any template.

use serde::Serialize;

use crate::i18n::Translator;

/// What the search script replaces with the number of results.
pub const COUNT: &str = "{count}";

/// Static UI strings of one locale, looked up once.
#[derive(Clone, Debug, Serialize)]
pub struct Ui {
    pub skip_to_content: String,
    pub home: String,
    pub nav_label: String,
    pub nav_toggle: String,
    pub breadcrumb_label: String,
    pub toc_title: String,
    pub language_label: String,
    pub choose_language: String,
    pub machine_translated: String,
    pub not_found_title: String,
    pub not_found_text: String,
    pub not_found_home: String,
    pub section_sections: String,
    pub search_label: String,
    pub search_button: String,
    pub search_title: String,
    pub search_no_script: String,
    pub search_prompt: String,
    pub search_loading: String,
    pub search_no_results: String,
    pub search_failed: String,
    pub search_more: String,
    /// `Resultaten: {count}`: the script puts the number in place of `{count}`.
    pub search_results: String,
    pub lightbox_close: String,
    pub image_full_size: String,
}

impl Ui {
    pub fn new(tr: &Translator) -> Ui {
        Ui {
            skip_to_content: tr.text("skip-to-content"),
            home: tr.text("home"),
            nav_label: tr.text("nav-label"),
            nav_toggle: tr.text("nav-toggle"),
            breadcrumb_label: tr.text("breadcrumb-label"),
            toc_title: tr.text("toc-title"),
            language_label: tr.text("language-label"),
            choose_language: tr.text("choose-language"),
            machine_translated: tr.text("machine-translated"),
            not_found_title: tr.text("not-found-title"),
            not_found_text: tr.text("not-found-text"),
            not_found_home: tr.text("not-found-home"),
            section_sections: tr.text("section-sections"),
            search_label: tr.text("search-label"),
            search_button: tr.text("search-button"),
            search_title: tr.text("search-title"),
            search_no_script: tr.text("search-no-script"),
            search_prompt: tr.text("search-prompt"),
            search_loading: tr.text("search-loading"),
            search_no_results: tr.text("search-no-results"),
            search_failed: tr.text("search-failed"),
            search_more: tr.text("search-more"),
            // The count is known only in the browser; a string argument keeps
            // the placeholder (and picks a plural message's default variant).
            search_results: tr.message(
                "search-results",
                &[("count", fluent_bundle::FluentValue::from(COUNT))],
            ),
            lightbox_close: tr.text("lightbox-close"),
            image_full_size: tr.text("image-full-size"),
        }
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct Link {
    pub title: String,
    /// Empty when the entry has no page.
    pub href: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct Alternate {
    pub hreflang: String,
    pub href: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct Language {
    pub lang: String,
    pub name: String,
    pub href: String,
    pub current: bool,
}

#[derive(Clone, Debug, Serialize)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub text: String,
}

/// What every page has: the head, the header, the sidebar.
#[derive(Debug, Serialize)]
pub struct Page<'a> {
    /// The language of the text of the page (`<html lang>`).
    pub lang: String,
    /// The language of the page's interface: navigation, labels, notices. It
    /// differs from `lang` on a stand-in for an untranslated article.
    pub ui_lang: String,
    pub dir: &'static str,
    pub title: String,
    pub description: String,
    pub site_title: String,
    /// This page's URL (absolute when the base URL has a host).
    pub url: String,
    pub home_url: String,
    pub root_url: String,
    pub stylesheet: String,
    /// The theme's script (step lists, lightbox, language switcher).
    pub script: String,
    pub favicon: String,
    /// The locale's search page; empty when the site is built without search.
    pub search_url: String,
    pub alternates: Vec<Alternate>,
    pub languages: Vec<Language>,
    /// The sidebar, rendered once per navigation tree (see `nav`).
    pub nav_html: String,
    pub breadcrumb: Vec<Link>,
    pub toc: Vec<TocEntry>,
    /// schema.org JSON-LD, already escaped for a `<script>` element; may be empty.
    pub json_ld: String,
    /// On a stand-in: the notice that the article is not translated yet (in
    /// `ui_lang`); empty otherwise.
    pub untranslated: String,
    pub ui: &'a Ui,
}

#[derive(Debug, Serialize)]
pub struct Entry {
    pub title: String,
    pub href: String,
    pub description: String,
}

/// The contents of a folder.
#[derive(Debug, Serialize)]
pub struct Listing {
    pub sections: Vec<Entry>,
    pub articles: Vec<Entry>,
    /// `12 artikelen`.
    pub count: String,
}

#[derive(Debug, Serialize)]
pub struct ArticleView<'a> {
    pub page: Page<'a>,
    pub body: String,
    /// `Laatst bijgewerkt op 11 maart 2021`, or empty without a valid `ms.date`.
    pub updated: String,
    pub updated_iso: String,
    pub machine_translated: bool,
    /// Whether the body has its own `#` heading; if not, the template adds the title.
    pub has_h1: bool,
    /// For a folder's landing article: the folder's contents.
    pub listing: Option<Listing>,
    /// Whether the body has images that open large, so the page needs the dialog.
    pub lightbox: bool,
}

/// A locale's search page: the results are drawn by its script.
#[derive(Debug, Serialize)]
pub struct SearchView<'a> {
    pub page: Page<'a>,
    /// The locale's Pagefind bundle (`/pagefind/nl-NL/`).
    pub bundle_url: String,
    pub search_script: String,
}

#[derive(Debug, Serialize)]
pub struct SectionView<'a> {
    pub page: Page<'a>,
    pub heading: String,
    pub listing: Listing,
}

#[derive(Debug, Serialize)]
pub struct PlainView<'a> {
    pub page: Page<'a>,
}
