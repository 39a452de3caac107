//! Check: `&Site` -> diagnostics for the rules that need the assembled site:
//! front matter fields, links and anchors across pages, images, procedures,
//! headings, monikers. It writes nothing. Articles are checked in parallel.

mod document;
mod front_matter;
mod links;
mod translation;

use rayon::prelude::*;

use crate::assemble::{ArticleId, Site};
use crate::diagnostics::Diagnostic;
use crate::model::Date;

/// Checks the site against the domain model. `today` decides what counts as
/// a date in the future.
pub fn check(site: &Site, today: Date) -> Vec<Diagnostic> {
    let mut diagnostics: Vec<Diagnostic> = site
        .ids()
        .collect::<Vec<_>>()
        .into_par_iter()
        .flat_map_iter(|id| check_article(site, id, today))
        .collect();
    diagnostics.extend(check_site(site));
    diagnostics
}

/// The rules about one article: its front matter, its links and anchors, its
/// document, and how it compares with its source. A stand-in shows a source
/// article, so its problems are the source's and it gets none of its own.
pub fn check_article(site: &Site, id: ArticleId, today: Date) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    if site.is_stand_in(id) {
        return found;
    }
    let article = site.article(id);
    front_matter::check(article, today, &mut found);
    links::check(site, article, &mut found);
    document::check(site, article, &mut found);
    translation::check(site, id, &mut found);
    found
}

/// The rules about the site as a whole (the same `ms.assetid` twice).
pub fn check_site(site: &Site) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    front_matter::duplicate_asset_ids(site, &mut found);
    found
}
