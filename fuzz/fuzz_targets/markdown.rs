//! (b) Markdown with every extension: the body (after a fixed front matter)
//! into the `Document` model and then into body HTML, next to an include file
//! it can paste.
#![no_main]

use libfuzzer_sys::fuzz_target;
use stegvis_fuzz::{FRONT_MATTER, Memory, locale, source_file};

const INCLUDE: &str =
    "Product **name** <a name=\"p\"></a>\n\n1. Step one\n1. Step two\n\n> [!NOTE]\n> Note\n";

fuzz_target!(|data: &[u8]| {
    let nl = locale("nl-NL");
    let mut bytes = FRONT_MATTER.as_bytes().to_vec();
    bytes.extend_from_slice(data);
    let memory = Memory {
        articles: vec![(source_file(&nl, "guide/fuzz.md"), bytes)],
        includes: vec![(
            source_file(&nl, "guide/includes/p.md"),
            INCLUDE.as_bytes().to_vec(),
        )],
        ..Memory::default()
    };
    let mut run = memory.run();
    for article in &run.site.articles {
        let body = stegvis::render::render_body(
            &run.site,
            article,
            &article.locale,
            run.i18n.translator(&article.locale),
        );
        let steps: usize = body.procedures.iter().map(|p| p.steps.len()).sum();
        let modelled: usize = article
            .document
            .procedures()
            .iter()
            .map(|p| p.steps.len())
            .sum();
        assert_eq!(steps, modelled, "every step of the model is rendered");
    }
    memory.print(&mut run.diagnostics);
});
