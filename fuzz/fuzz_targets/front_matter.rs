//! (a) Front matter: finding the `---` block and reading its YAML, with the
//! diagnostics printed in every format (the snippets slice the text by spans).
#![no_main]

use libfuzzer_sys::fuzz_target;
use stegvis_fuzz::{Memory, locale, source_file};

fuzz_target!(|data: &[u8]| {
    let file = source_file(&locale("nl-NL"), "fuzz.md");
    let mut diagnostics = Vec::new();
    let front_matter =
        stegvis::parse::parse_front_matter(&file.file, data.to_vec(), &mut diagnostics);
    // Spans point into the text as read; for valid UTF-8 that is the input.
    if std::str::from_utf8(data).is_ok() {
        let spans = diagnostics.iter().filter_map(|d| d.span.as_ref()).chain(
            front_matter
                .entries
                .iter()
                .flat_map(|e| [&e.key_span, &e.value_span]),
        );
        for span in spans {
            assert!(span.bytes.start <= span.bytes.end, "{span:?}");
            assert!(
                span.bytes.end as usize <= data.len(),
                "{span:?} past {}",
                data.len()
            );
            assert!(span.start <= span.end, "{span:?}");
        }
    }
    let memory = Memory {
        articles: vec![(file, data.to_vec())],
        ..Memory::default()
    };
    memory.print(&mut diagnostics);
});
