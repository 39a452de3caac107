//! UI strings from Fluent with a fallback chain per locale, and locale data from
//! ICU4X: long dates the way each locale writes them, and text collation for
//! ordering titles. Lookups are resolved here, in Rust, once per page; templates
//! only see the resulting strings.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::{Arc, Mutex};

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use icu::collator::options::CollatorOptions;
use icu::collator::{Collator as IcuCollator, CollatorBorrowed};
use icu::datetime::DateTimeFormatter;
use icu::datetime::fieldsets::YMD;
use unic_langid::LanguageIdentifier;

use crate::diagnostics::{Code, Diagnostic, FilePath, LineIndex};
use crate::discover::Sources;
use crate::model::{Date, Locale};

/// The file name of the embedded UI strings; a site file of this name in
/// `locales/<tag>/` replaces the embedded one.
pub const EMBEDDED_FILE: &str = "stegvis.ftl";

/// UI strings built into the binary.
pub const EMBEDDED: &[(&str, &str)] = &[
    ("en-US", include_str!("en-US.ftl")),
    ("nl-NL", include_str!("nl-NL.ftl")),
    ("sv-SE", include_str!("sv-SE.ftl")),
];

type Bundle = FluentBundle<FluentResource>;

/// A site's Fluent file, read.
#[derive(Clone, Debug)]
pub struct SiteText {
    pub locale: Locale,
    /// The file name inside `locales/<tag>/`.
    pub name: String,
    /// The path inside the site folder.
    pub file: FilePath,
    pub text: String,
}

/// The UI strings of one locale: its own bundle, then the chain it falls back on.
pub struct Translator {
    locale: Locale,
    /// Bundles in lookup order; the first is the locale's own, if it has files.
    chain: Vec<Arc<Bundle>>,
    /// The built-in English strings, after the chain.
    built_in: Arc<Bundle>,
    own: Option<Arc<Bundle>>,
    dates: Option<DateTimeFormatter<YMD>>,
    missing: Arc<Mutex<BTreeSet<(String, String)>>>,
}

/// Translators for every locale of a site.
pub struct I18n {
    translators: HashMap<Locale, Translator>,
    /// Every Fluent text, per tag and file name (built-in and the site's).
    files: FilesByTag,
    /// The first Fluent file of the site in each locale, where problems are reported.
    site_files: BTreeMap<String, FilePath>,
    /// The `en-US` translator, for any locale without one of its own.
    fallback: Translator,
    missing: Arc<Mutex<BTreeSet<(String, String)>>>,
}

impl I18n {
    /// Builds the bundles from the embedded files and the site's `locales/`.
    pub fn load(
        sources: &Sources,
        locales: &[Locale],
        default_locale: &Locale,
    ) -> (I18n, Vec<Diagnostic>) {
        let mut diagnostics = Vec::new();
        let mut texts = Vec::new();
        for f in &sources.fluent {
            match std::fs::read(&f.abs) {
                Ok(bytes) => texts.push(SiteText {
                    locale: f.locale.clone(),
                    name: f.path.clone(),
                    file: f.file.clone(),
                    text: String::from_utf8_lossy(&bytes).into_owned(),
                }),
                Err(e) => diagnostics.push(Diagnostic::at(
                    Code::ReadFailed,
                    crate::diagnostics::Span::file_start(f.file.clone()),
                    format!("cannot read this Fluent file: {e}"),
                )),
            }
        }
        let (i18n, found) = I18n::from_texts(texts, locales, default_locale);
        diagnostics.extend(found);
        (i18n, diagnostics)
    }

    /// Builds the bundles from the embedded files and site Fluent files
    /// already read.
    pub fn from_texts(
        site_texts: Vec<SiteText>,
        locales: &[Locale],
        default_locale: &Locale,
    ) -> (I18n, Vec<Diagnostic>) {
        let mut diagnostics = Vec::new();
        // File name -> text, per tag; site files replace embedded ones of the same name.
        let mut files: BTreeMap<String, BTreeMap<String, (String, Option<FilePath>)>> =
            BTreeMap::new();
        for (tag, text) in EMBEDDED {
            files
                .entry(tag.to_string())
                .or_default()
                .insert(EMBEDDED_FILE.to_string(), (text.to_string(), None));
        }
        for t in site_texts {
            files
                .entry(t.locale.to_string())
                .or_default()
                .insert(t.name, (t.text, Some(t.file)));
        }
        let mut bundles: HashMap<String, Arc<Bundle>> = HashMap::new();
        for (tag, by_name) in &files {
            let Ok(id) = tag.parse::<LanguageIdentifier>() else {
                continue;
            };
            // The embedded file first, so the site's files override its messages.
            let ordered = by_name
                .values()
                .filter(|(_, f)| f.is_none())
                .chain(by_name.values().filter(|(_, f)| f.is_some()));
            let bundle = new_bundle(id, ordered, &mut diagnostics);
            bundles.insert(tag.clone(), Arc::new(bundle));
        }
        // The built-in English strings end every chain, whatever a site
        // replaced: a page never shows a message id.
        let built_in = Arc::new(new_bundle(
            Locale::fallback().id(),
            std::iter::once(&(EMBEDDED[0].1.to_string(), None)),
            &mut diagnostics,
        ));
        check_messages(&files, locales, default_locale, &mut diagnostics);
        let missing = Arc::new(Mutex::new(BTreeSet::new()));
        let mut all: Vec<Locale> = locales.to_vec();
        all.push(default_locale.clone());
        all.push(Locale::fallback());
        let make = |locale: Locale| {
            let chain = chain_tags(&locale, default_locale, bundles.keys())
                .into_iter()
                .filter_map(|t| bundles.get(&t).cloned())
                .collect();
            let built_in = built_in.clone();
            let own = bundles.get(locale.as_str()).cloned();
            let dates = icu_locale(&locale)
                .and_then(|l| DateTimeFormatter::try_new(l.into(), YMD::long()).ok());
            Translator {
                locale,
                chain,
                built_in,
                own,
                dates,
                missing: missing.clone(),
            }
        };
        let translators = all
            .into_iter()
            .map(|locale| (locale.clone(), make(locale)))
            .collect();
        let fallback = make(Locale::fallback());
        let site_files = files
            .iter()
            .filter_map(|(tag, by_name)| {
                Some((tag.clone(), by_name.values().find_map(|(_, f)| f.clone())?))
            })
            .collect();
        (
            I18n {
                translators,
                files,
                site_files,
                fallback,
                missing,
            },
            diagnostics,
        )
    }

    /// The translator of `locale` (the `en-US` one for a locale the site does not have).
    pub fn translator(&self, locale: &Locale) -> &Translator {
        self.translators.get(locale).unwrap_or(&self.fallback)
    }

    /// Messages that no bundle of a locale's chain had, as (locale, id).
    pub fn missing(&self) -> Vec<(String, String)> {
        self.missing
            .lock()
            .map(|m| m.iter().cloned().collect())
            .unwrap_or_default()
    }

    /// The ids of the messages stegvis uses: those of its built-in English file.
    pub fn used_messages() -> BTreeSet<String> {
        message_ids(EMBEDDED[0].1)
    }

    /// The messages a locale has translated itself: in its built-in file and
    /// its site files, without those still marked `[untranslated]`.
    pub fn own_messages(&self, locale: &Locale) -> BTreeSet<String> {
        self.files
            .get(locale.as_str())
            .map(|by_name| {
                by_name
                    .values()
                    .flat_map(|(text, _)| message_ids(text))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The messages a locale's site files define.
    pub fn site_messages(&self, locale: &Locale) -> BTreeSet<String> {
        self.files
            .get(locale.as_str())
            .map(|by_name| {
                by_name
                    .values()
                    .filter(|(_, f)| f.is_some())
                    .flat_map(|(text, _)| message_ids(text))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// A locale's Fluent texts as (file name, text, whether the site wrote
    /// it): the built-in file unless the site replaced it, then the site's own.
    pub fn texts(&self, locale: &Locale) -> Vec<(String, String, bool)> {
        self.files
            .get(locale.as_str())
            .map(|by_name| {
                by_name
                    .iter()
                    .map(|(name, (text, file))| (name.clone(), text.clone(), file.is_some()))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// One diagnostic per locale for the messages looked up that no bundle of
    /// its chain had.
    pub fn missing_diagnostics(&self) -> Vec<Diagnostic> {
        let mut by_locale: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for (locale, id) in self.missing() {
            by_locale.entry(locale).or_default().push(id);
        }
        by_locale
            .into_iter()
            .map(|(locale, ids)| {
                let span = self.site_files.get(&locale).cloned().map(crate::diagnostics::Span::file_start);
                let n = ids.len();
                Diagnostic::new(
                    Code::FluentMissing,
                    span,
                    format!("{n} message{} used on {locale} pages {} in no Fluent file of its fallback chain", if n == 1 { "" } else { "s" }, if n == 1 { "is" } else { "are" }),
                )
                .with_note(format!("missing: {}", ids.join(", ")))
                .with_help("the pages show stegvis's built-in English text instead; add the messages, or stop replacing the built-in stegvis.ftl")
            })
            .collect()
    }
}

/// The message ids a Fluent text defines.
fn message_ids(text: &str) -> BTreeSet<String> {
    let resource = match FluentResource::try_new(text.to_string()) {
        Ok(r) | Err((r, _)) => r,
    };
    resource
        .entries()
        .filter_map(|e| match e {
            fluent_syntax::ast::Entry::Message(m) if !is_untranslated(m) => {
                Some(m.id.name.to_string())
            }
            _ => None,
        })
        .collect()
}

/// Whether a message still holds the `[untranslated]` value `l10n add` wrote.
fn is_untranslated(message: &fluent_syntax::ast::Message<&str>) -> bool {
    let first = message.value.as_ref().and_then(|p| p.elements.first());
    matches!(first, Some(fluent_syntax::ast::PatternElement::TextElement { value }) if value.trim_start().starts_with(UNTRANSLATED))
}

/// Where message `id` is defined in `text`: its line.
fn message_line(text: &str, id: &str) -> Option<std::ops::Range<usize>> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let rest = line.strip_prefix(id).map(str::trim_start);
        if rest.is_some_and(|r| r.starts_with('=')) {
            return Some(offset..offset + id.len());
        }
        offset += line.len();
    }
    None
}

type FilesByTag = BTreeMap<String, BTreeMap<String, (String, Option<FilePath>)>>;

/// Messages a site defines that nothing uses, and messages of the default
/// locale that a locale with Fluent files of its own does not have.
fn check_messages(
    files: &FilesByTag,
    locales: &[Locale],
    default_locale: &Locale,
    diagnostics: &mut Vec<Diagnostic>,
) {
    // The built-in English file defines exactly the messages stegvis uses.
    let used = message_ids(EMBEDDED[0].1);
    for by_name in files.values() {
        for (text, file) in by_name.values() {
            let Some(file) = file else { continue };
            let index = LineIndex::new(text);
            for id in message_ids(text).difference(&used) {
                let range = message_line(text, id).unwrap_or(0..0);
                diagnostics.push(
                    Diagnostic::at(
                        Code::FluentUnused,
                        index.span(file, text, range),
                        format!("nothing uses the message `{id}`"),
                    )
                    .with_help("remove it, or fix its id; `stegvis explain SV0083` tells more"),
                );
            }
        }
    }
    let own_ids = |tag: &str| -> BTreeSet<String> {
        files
            .get(tag)
            .map(|by_name| by_name.values().flat_map(|(t, _)| message_ids(t)).collect())
            .unwrap_or_default()
    };
    // Messages nothing uses (reported above) need no translation either.
    let wanted: BTreeSet<String> = own_ids(default_locale.as_str())
        .intersection(&used)
        .cloned()
        .collect();
    for locale in locales.iter().filter(|l| *l != default_locale) {
        let Some(by_name) = files.get(locale.as_str()) else {
            diagnostics.push(
                Diagnostic::new(
                    Code::FluentUntranslated,
                    None,
                    format!("locale {locale} has no UI strings of its own: labels, notices and dates' words fall back to {default_locale}"),
                )
                .with_help(format!("run `stegvis l10n add {locale}` to create locales/{locale}/ with every message to translate")),
            );
            continue;
        };
        let have = own_ids(locale.as_str());
        let lacking: Vec<&str> = wanted.difference(&have).map(String::as_str).collect();
        if lacking.is_empty() {
            continue;
        }
        let span = by_name
            .values()
            .find_map(|(_, f)| f.clone())
            .map(crate::diagnostics::Span::file_start);
        let n = lacking.len();
        diagnostics.push(
            Diagnostic::new(
                Code::FluentUntranslated,
                span,
                format!("locale {locale} has no translation of {n} message{} that {default_locale} has", if n == 1 { "" } else { "s" }),
            )
            .with_note(format!("missing: {}", lacking.join(", ")))
            .with_help(format!("add them to a .ftl file in locales/{locale}/; until then the text of a fallback locale is shown")),
        );
    }
}

/// The value `stegvis l10n add` writes for a message still to translate. Such a
/// message counts as missing: pages fall back, `check` reports it.
pub const UNTRANSLATED: &str = "[untranslated]";

/// A bundle of Fluent texts, reporting syntax errors in site files.
fn new_bundle<'a>(
    id: LanguageIdentifier,
    texts: impl Iterator<Item = &'a (String, Option<FilePath>)>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Bundle {
    let mut bundle = FluentBundle::new_concurrent(vec![id]);
    // Bidi isolation marks are for plain-text UIs; HTML has `dir` for that.
    bundle.set_use_isolating(false);
    bundle.set_formatter(Some(format_number));
    for (text, file) in texts {
        let resource = match FluentResource::try_new(text.clone()) {
            Ok(resource) => resource,
            Err((resource, errors)) => {
                if let Some(file) = file {
                    let index = LineIndex::new(text);
                    for e in errors {
                        let end = e.pos.end.max(e.pos.start + 1).min(text.len());
                        diagnostics.push(Diagnostic::at(
                            Code::FluentSyntax,
                            index.span(file, text, e.pos.start.min(text.len())..end),
                            format!("Fluent syntax error: {}", e.kind),
                        ));
                    }
                }
                resource
            }
        };
        bundle.add_resource_overriding(resource);
    }
    bundle
}

/// ICU4X's number formatter for a language, made once per bundle.
struct NumberFormat(icu::decimal::DecimalFormatter);

impl intl_memoizer::Memoizable for NumberFormat {
    type Args = ();
    type Error = ();
    fn construct(lang: LanguageIdentifier, _: ()) -> Result<Self, ()> {
        let locale = icu::locale::Locale::try_from_str(&lang.to_string()).map_err(|_| ())?;
        icu::decimal::DecimalFormatter::try_new(locale.into(), Default::default())
            .map(NumberFormat)
            .map_err(|_| ())
    }
}

/// Whole numbers in Fluent messages, written the locale's way (`1.234` in
/// Dutch, `1 234` in Swedish); Fluent's own output otherwise.
fn format_number(
    value: &FluentValue,
    memoizer: &intl_memoizer::concurrent::IntlLangMemoizer,
) -> Option<String> {
    let FluentValue::Number(number) = value else {
        return None;
    };
    let n = number.value;
    if n.fract() != 0.0 || n.abs() >= 1e15 {
        return None;
    }
    memoizer
        .with_try_get::<NumberFormat, _, _>((), |f| {
            f.0.format(&icu::decimal::input::Decimal::from(n as i64))
                .to_string()
        })
        .ok()
}

/// The tags a locale falls back through: itself, its language alone, other
/// regions of its language, the site's default locale, then `en-US`.
fn chain_tags<'a>(
    locale: &Locale,
    default_locale: &Locale,
    available: impl Iterator<Item = &'a String>,
) -> Vec<String> {
    let language = locale.language();
    let mut same_language: Vec<String> = available
        .filter(|t| t.as_str() != locale.as_str())
        .filter(|t| Locale::parse(t).is_some_and(|l| l.language() == language))
        .cloned()
        .collect();
    same_language.sort_by_key(|t| (t.contains('-'), t.clone()));
    let mut chain = vec![locale.to_string()];
    chain.extend(same_language);
    chain.push(default_locale.to_string());
    chain.push(Locale::fallback().to_string());
    let mut seen = BTreeSet::new();
    chain.retain(|t| seen.insert(t.clone()));
    chain
}

/// The name of a locale's language in that language, from CLDR, with a capital
/// first letter as menus write it (`svenska` -> `Svenska`).
fn endonym(locale: &Locale) -> Option<String> {
    use icu_experimental::displaynames::{DisplayNamesOptions, multi::LanguageDisplayNames};
    let icu = icu_locale(locale)?;
    let names =
        LanguageDisplayNames::try_new(icu.clone().into(), DisplayNamesOptions::default()).ok()?;
    let name = names.of(icu.id.language)?;
    let mut chars = name.chars();
    let first = chars.next()?;
    Some(first.to_uppercase().chain(chars).collect())
}

/// The name of a locale's language in itself (`Deutsch`), from CLDR; the tag
/// when CLDR has none. For a locale that has no UI strings yet.
pub fn language_name_of(locale: &Locale) -> String {
    endonym(locale).unwrap_or_else(|| locale.to_string())
}

fn icu_locale(locale: &Locale) -> Option<icu::locale::Locale> {
    icu::locale::Locale::try_from_str(locale.as_str()).ok()
}

impl Translator {
    pub fn locale(&self) -> &Locale {
        &self.locale
    }

    /// The message `id`, formatted with `args`, from the first bundle of the
    /// chain that has it. A message no bundle has is recorded and shown as its id.
    pub fn message(&self, id: &str, args: &[(&str, FluentValue)]) -> String {
        let mut fluent_args = FluentArgs::new();
        for (name, value) in args {
            fluent_args.set(*name, value.clone());
        }
        for bundle in &self.chain {
            if let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) {
                let mut errors = Vec::new();
                let text = bundle.format_pattern(pattern, Some(&fluent_args), &mut errors);
                if !text.starts_with(UNTRANSLATED) {
                    return text.into_owned();
                }
            }
        }
        // Reported once per locale and message; the built-in text is shown.
        if let Ok(mut missing) = self.missing.lock() {
            missing.insert((self.locale.to_string(), id.to_string()));
        }
        let Some(pattern) = self.built_in.get_message(id).and_then(|m| m.value()) else {
            return id.to_string();
        };
        let mut errors = Vec::new();
        self.built_in
            .format_pattern(pattern, Some(&fluent_args), &mut errors)
            .into_owned()
    }

    pub fn text(&self, id: &str) -> String {
        self.message(id, &[])
    }

    /// The language's own name (`Nederlands`): the locale's own `language-name`
    /// message, never a fallback's; else the name CLDR gives the language in
    /// itself (`العربية`); the tag when it has neither.
    pub fn language_name(&self) -> String {
        self.own
            .as_ref()
            .and_then(|b| {
                let pattern = b.get_message("language-name")?.value()?;
                let mut errors = Vec::new();
                Some(b.format_pattern(pattern, None, &mut errors).into_owned())
            })
            .or_else(|| endonym(&self.locale))
            .unwrap_or_else(|| self.locale.to_string())
    }

    /// `11 maart 2021`: a date in the locale's long form (CLDR data via ICU4X).
    pub fn long_date(&self, date: Date) -> String {
        let formatted = icu::calendar::Date::try_new_iso(date.year(), date.month(), date.day())
            .ok()
            .zip(self.dates.as_ref())
            .map(|(d, f)| f.format(&d).to_string());
        formatted.unwrap_or_else(|| date.iso())
    }
}

/// Compares text the way a locale sorts it (Swedish puts å, ä, ö after z).
pub struct Collator(Option<CollatorBorrowed<'static>>);

impl Collator {
    pub fn new(locale: &Locale) -> Collator {
        Collator(
            icu_locale(locale)
                .and_then(|l| IcuCollator::try_new(l.into(), CollatorOptions::default()).ok()),
        )
    }

    pub fn compare(&self, a: &str, b: &str) -> std::cmp::Ordering {
        match &self.0 {
            Some(c) => c.compare(a, b).then_with(|| a.cmp(b)),
            None => a.cmp(b),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn i18n(default: &str) -> I18n {
        let locales: Vec<Locale> = ["nl-NL", "sv-SE", "fi-FI", "nl-BE"]
            .iter()
            .map(|t| Locale::parse(t).unwrap())
            .collect();
        I18n::load(
            &Sources::default(),
            &locales,
            &Locale::parse(default).unwrap(),
        )
        .0
    }

    #[test]
    fn embedded_files_have_no_syntax_errors_and_the_same_messages() {
        for (tag, text) in EMBEDDED {
            assert!(
                FluentResource::try_new(text.to_string()).is_ok(),
                "{tag} parses"
            );
        }
        let ids = message_ids;
        let reference = ids(EMBEDDED[0].1);
        for (tag, text) in EMBEDDED {
            assert_eq!(ids(text), reference, "{tag}");
        }
    }

    #[test]
    fn every_built_in_message_is_used_by_the_code() {
        let code: String = [
            "../render/views.rs",
            "../render/body.rs",
            "../render/mod.rs",
        ]
        .iter()
        .map(|f| {
            std::fs::read_to_string(
                std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("src/i18n")
                    .join(f),
            )
            .unwrap()
        })
        .collect();
        for id in message_ids(EMBEDDED[0].1) {
            let used = code.contains(&format!("\"{id}\""))
                || (id.starts_with("alert-") && code.contains("\"alert-{}\""));
            let special = id == "language-name";
            assert!(used || special, "the built-in message `{id}` is not used");
        }
    }

    #[test]
    fn syntax_errors_at_a_non_ascii_character_are_printed() {
        // Found by fuzzing: an error at `å` made a span one byte into the
        // character, and printing the diagnostic panicked.
        let nl = Locale::parse("nl-NL").unwrap();
        let file: FilePath = "locales/nl-NL/site.ftl".into();
        for text in [
            "stap-två = Twee\n",
            "s\u{FFFD}e-title = Hulp\n",
            "Använd = x\n",
        ] {
            let texts = vec![SiteText {
                locale: nl.clone(),
                name: "site.ftl".into(),
                file: file.clone(),
                text: text.to_string(),
            }];
            let (_, diags) = I18n::from_texts(texts, std::slice::from_ref(&nl), &nl);
            let syntax: Vec<_> = diags
                .iter()
                .filter(|d| d.code == Code::FluentSyntax)
                .collect();
            assert!(!syntax.is_empty(), "{text}");
            for d in &syntax {
                let bytes = d.span.as_ref().unwrap().byte_range();
                assert!(text.get(bytes).is_some(), "{text}: {d:?}");
            }
            let mut cache =
                crate::diagnostics::SourceCache::new(std::path::Path::new("/nonexistent"));
            cache.insert(&file, text.to_string());
            let out = crate::diagnostics::render(
                &diags,
                crate::diagnostics::Format::Human,
                &mut cache,
                false,
                "",
            );
            assert!(out.contains("error[SV0080]"), "{out}");
        }
    }

    #[test]
    fn site_messages_nothing_uses_and_untranslated_ones_are_reported() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for (path, text) in [
            (
                "locales/nl-NL/site.ftl",
                "site-title = Hulp\nprint-buton = Afdrukken\n",
            ),
            ("locales/sv-SE/site.ftl", "alert-note = Märk\n"),
        ] {
            std::fs::create_dir_all(root.join(path).parent().unwrap()).unwrap();
            std::fs::write(root.join(path), text).unwrap();
        }
        let sources = crate::discover::discover(root, &crate::config::SiteConfig::default());
        let (_, diags) = I18n::load(&sources, &sources.locales, &Locale::parse("nl-NL").unwrap());
        let found: Vec<(&str, Option<&str>, String)> = diags
            .iter()
            .map(|d| (d.code.as_str(), d.file(), d.message.clone()))
            .collect();
        assert!(
            found.contains(&(
                "SV0083",
                Some("locales/nl-NL/site.ftl"),
                "nothing uses the message `print-buton`".to_string()
            )),
            "{found:?}"
        );
        let unused = diags.iter().find(|d| d.code == Code::FluentUnused).unwrap();
        assert_eq!(unused.span.as_ref().unwrap().start.line, 2);
        // sv-SE lacks nothing: site-title comes built in, print-buton is unused.
        assert!(!found.iter().any(|(c, _, _)| *c == "SV0082"), "{found:?}");
    }

    #[test]
    fn numbers_are_written_the_locale_way() {
        let i18n = i18n("nl-NL");
        let count = |tag: &str| {
            i18n.translator(&Locale::parse(tag).unwrap())
                .message("section-articles", &[("count", FluentValue::from(12345))])
        };
        assert_eq!(count("nl-NL"), "12.345 artikelen");
        assert_eq!(count("sv-SE"), "12\u{a0}345 artiklar");
        assert_eq!(
            i18n.translator(&Locale::fallback())
                .message("section-articles", &[("count", FluentValue::from(12345))]),
            "12,345 articles"
        );
    }

    #[test]
    fn untranslated_messages_fall_back_and_the_built_in_english_ends_every_chain() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for (path, text) in [
            (
                "locales/fi-FI/stegvis.ftl",
                "alert-note = [untranslated] Opmerking\nalert-tip = Vinkki\n",
            ),
            ("locales/en-US/stegvis.ftl", "site-title = Help\n"),
            ("locales/nl-NL/stegvis.ftl", "site-title = Hulp\n"),
        ] {
            std::fs::create_dir_all(root.join(path).parent().unwrap()).unwrap();
            std::fs::write(root.join(path), text).unwrap();
        }
        let sources = crate::discover::discover(root, &crate::config::SiteConfig::default());
        let (i18n, _) = I18n::load(&sources, &sources.locales, &Locale::parse("nl-NL").unwrap());
        let fi = i18n.translator(&Locale::parse("fi-FI").unwrap());
        assert_eq!(fi.text("alert-tip"), "Vinkki");
        // Untranslated here, replaced away in nl-NL and en-US: the built-in English.
        assert_eq!(fi.text("alert-note"), "Note");
        assert_eq!(i18n.missing_diagnostics().len(), 1);
        assert!(message_ids("a = [untranslated] x\nb = y\n").contains("b"));
        assert!(!message_ids("a = [untranslated] x\nb = y\n").contains("a"));
    }

    #[test]
    fn step_labels_and_plural_rules_per_locale() {
        let i18n = i18n("nl-NL");
        let nl = i18n.translator(&Locale::parse("nl-NL").unwrap());
        let sv = i18n.translator(&Locale::parse("sv-SE").unwrap());
        let args = |p: i64, t: i64| {
            vec![
                ("position", FluentValue::from(p)),
                ("total", FluentValue::from(t)),
            ]
        };
        assert_eq!(nl.message("step-label", &args(3, 9)), "Stap 3 van 9");
        assert_eq!(sv.message("step-label", &args(3, 9)), "Steg 3 av 9");
        assert_eq!(
            nl.message("procedure-steps", &[("count", FluentValue::from(1))]),
            "1 stap"
        );
        assert_eq!(
            nl.message("procedure-steps", &[("count", FluentValue::from(4))]),
            "4 stappen"
        );
        assert_eq!(
            sv.message("section-articles", &[("count", FluentValue::from(2))]),
            "2 artiklar"
        );
    }

    #[test]
    fn fallback_chain_reaches_the_default_locale_then_english() {
        let i18n = i18n("sv-SE");
        let fi = i18n.translator(&Locale::parse("fi-FI").unwrap());
        assert_eq!(fi.text("alert-note"), "Obs!");
        assert_eq!(
            fi.language_name(),
            "Suomi",
            "CLDR's name when the locale has no `language-name`"
        );
        let be = i18n.translator(&Locale::parse("nl-BE").unwrap());
        assert_eq!(be.text("alert-note"), "Opmerking");
        assert_eq!(fi.text("no-such-message"), "no-such-message");
        assert_eq!(
            i18n.missing(),
            [("fi-FI".to_string(), "no-such-message".to_string())]
        );
    }

    #[test]
    fn long_dates_come_from_locale_data() {
        let i18n = i18n("nl-NL");
        let nl = i18n.translator(&Locale::parse("nl-NL").unwrap());
        let sv = i18n.translator(&Locale::parse("sv-SE").unwrap());
        assert_eq!(
            nl.long_date(Date::new(2021, 3, 11).unwrap()),
            "11 maart 2021"
        );
        assert_eq!(
            sv.long_date(Date::new(2017, 8, 30).unwrap()),
            "30 augusti 2017"
        );
    }

    #[test]
    fn swedish_sorts_a_ring_after_z() {
        let sv = Collator::new(&Locale::parse("sv-SE").unwrap());
        let mut words = vec!["Ända", "Zebra", "Apa"];
        words.sort_by(|a, b| sv.compare(a, b));
        assert_eq!(words, ["Apa", "Zebra", "Ända"]);
    }
}
