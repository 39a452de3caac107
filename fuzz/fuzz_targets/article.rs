//! (d) A whole article through every stage: the input split at NUL bytes into
//! an nl-NL article, an include file it can paste, its sv-SE translation, a
//! table of contents (`toc.yml` when it starts with `-`, else `TOC.md`) and an
//! nl-NL Fluent file; parsed, assembled, checked and rendered with the
//! built-in theme. No output may have a path that leaves the output folder.
#![no_main]

use std::path::{Component, Path};

use libfuzzer_sys::fuzz_target;
use stegvis::discover::Sources;
use stegvis::i18n::SiteText;
use stegvis::render::{self, Theme};
use stegvis_fuzz::{Memory, locale, parts, source_file};

fuzz_target!(|data: &[u8]| {
    let (nl, sv) = (locale("nl-NL"), locale("sv-SE"));
    let [article, include, translation, toc, fluent] = parts(data, 5)[..] else {
        return;
    };
    let toc_name = if toc.starts_with(b"-") {
        "toc.yml"
    } else {
        "TOC.md"
    };
    let memory = Memory {
        articles: vec![
            (source_file(&nl, "guide/a.md"), article.to_vec()),
            (source_file(&sv, "guide/a.md"), translation.to_vec()),
        ],
        includes: vec![(source_file(&nl, "guide/includes/p.md"), include.to_vec())],
        tocs: vec![(source_file(&nl, toc_name), toc.to_vec())],
        fluent: vec![SiteText {
            locale: nl.clone(),
            name: "site.ftl".into(),
            file: "locales/nl-NL/site.ftl".into(),
            text: String::from_utf8_lossy(fluent).into_owned(),
        }],
    };
    let mut run = memory.run();
    let (theme, _) = Theme::load(&Sources::default());
    let collected = render::Collect::default();
    let rendered = render::render(
        &run.site,
        &theme,
        &run.i18n,
        &stegvis::progress::Silent,
        &collected,
        &[],
    );
    for output in &collected.into_outputs() {
        let path = Path::new(output.path());
        assert!(
            path.components().all(|c| matches!(c, Component::Normal(_))),
            "output path {:?} leaves the output folder",
            output.path()
        );
    }
    run.diagnostics.extend(rendered.diagnostics);
    memory.print(&mut run.diagnostics);
});
