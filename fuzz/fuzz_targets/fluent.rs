//! (c) Fluent files: the input split at a NUL byte into a site file that
//! replaces nl-NL's built-in `stegvis.ftl` and one that adds to sv-SE, loaded
//! into bundles; then every message stegvis uses is formatted with the
//! arguments it passes, and the diagnostics printed.
#![no_main]

use fluent_bundle::FluentValue;
use libfuzzer_sys::fuzz_target;
use stegvis::i18n::{I18n, SiteText};
use stegvis::model::Date;
use stegvis_fuzz::{Memory, locale, parts};

fuzz_target!(|data: &[u8]| {
    let (nl, sv) = (locale("nl-NL"), locale("sv-SE"));
    let [replaced, added] = parts(data, 2)[..] else {
        return;
    };
    let texts = vec![
        SiteText {
            locale: nl.clone(),
            name: "stegvis.ftl".into(),
            file: "locales/nl-NL/stegvis.ftl".into(),
            text: String::from_utf8_lossy(replaced).into_owned(),
        },
        SiteText {
            locale: sv.clone(),
            name: "site.ftl".into(),
            file: "locales/sv-SE/site.ftl".into(),
            text: String::from_utf8_lossy(added).into_owned(),
        },
    ];
    let locales = [nl.clone(), sv.clone()];
    let (i18n, mut diagnostics) = I18n::from_texts(texts.clone(), &locales, &nl);
    let args: Vec<(&str, FluentValue)> = vec![
        ("position", 3.into()),
        ("total", 1234.into()),
        ("count", 1.into()),
        ("date", "11 maart 2021".into()),
        ("language", "Svenska".into()),
        ("range", "contoso-gov".into()),
    ];
    for locale in &locales {
        let tr = i18n.translator(locale);
        for id in I18n::used_messages() {
            let _ = tr.message(&id, &args);
            let _ = tr.text(&id);
        }
        let _ = tr.long_date(Date::new(2021, 3, 11).expect("a real date"));
        let _ = tr.language_name();
        let _ = (i18n.own_messages(locale), i18n.site_messages(locale));
    }
    diagnostics.extend(i18n.missing_diagnostics());
    let memory = Memory {
        fluent: texts,
        ..Memory::default()
    };
    memory.print(&mut diagnostics);
});
