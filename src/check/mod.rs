//! Check: `&Site` -> diagnostics for the rules that need the assembled site:
//! front matter fields, links and anchors across pages, images, procedures,
//! headings, monikers. It writes nothing. Articles are checked in parallel.

mod document;
mod front_matter;
mod links;
mod translation;

use rayon::prelude::*;

use crate::assemble::Site;
use crate::diagnostics::Diagnostic;
use crate::model::Date;

/// Checks the site against the domain model. `today` decides what counts as
/// a date in the future.
pub fn check(site: &Site, today: Date) -> Vec<Diagnostic> {
    let mut diagnostics: Vec<Diagnostic> = site
        .ids()
        .collect::<Vec<_>>()
        .into_par_iter()
        // A stand-in shows a source article: its problems are the source's.
        .filter(|id| !site.is_stand_in(*id))
        .flat_map_iter(|id| {
            let article = site.article(id);
            let mut found = Vec::new();
            front_matter::check(article, today, &mut found);
            links::check(site, article, &mut found);
            document::check(site, article, &mut found);
            translation::check(site, id, &mut found);
            found
        })
        .collect();
    front_matter::duplicate_asset_ids(site, &mut diagnostics);
    diagnostics
}
