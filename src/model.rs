//! Plain data of the domain: locales, articles with their front matter and
//! document, procedures and steps, tables of contents. No behaviour beyond small
//! accessors; the stages produce and consume these values.

use std::fmt;
use std::sync::Arc;

use pulldown_cmark::Event;
use unic_langid::LanguageIdentifier;

use crate::diagnostics::{FilePath, Span};

mod blocks;
mod lazy;
mod shared;
pub use blocks::{Blocks, ProcedureIds};
pub use lazy::Lazy;
pub use shared::{RunSource, SharedBytes, reading_runs, runs_inline, writing_runs};

/// A locale of the site, named by its folder (`nl-NL`). The folder name is kept
/// exactly as written, because it is also the URL segment and the `lang` value.
#[derive(
    Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub struct Locale {
    tag: Arc<str>,
}

impl Locale {
    /// Accepts a well-formed BCP 47 tag whose language subtag has two or three
    /// letters (ISO 639). Longer language subtags are reserved or unused in
    /// practice, and rejecting them keeps folders such as `images` or `media`
    /// from being taken for locales.
    pub fn parse(tag: &str) -> Option<Locale> {
        let id: LanguageIdentifier = tag.parse().ok()?;
        let language = id.language.as_str();
        if !(2..=3).contains(&language.len()) || language == "und" {
            return None;
        }
        Some(Locale { tag: tag.into() })
    }

    pub fn as_str(&self) -> &str {
        &self.tag
    }

    /// `en-US`: the end of every fallback chain, whose UI strings are always embedded.
    pub fn fallback() -> Locale {
        Locale {
            tag: "en-US".into(),
        }
    }

    pub fn id(&self) -> LanguageIdentifier {
        // Validated in `parse`, so this cannot fail; fall back to `und` rather than panic.
        self.tag.parse().unwrap_or_default()
    }

    /// The language subtag alone (`nl` for `nl-NL`).
    pub fn language(&self) -> String {
        self.id().language.as_str().to_string()
    }

    pub fn is_right_to_left(&self) -> bool {
        matches!(
            self.id().character_direction(),
            unic_langid::CharacterDirection::RTL
        )
    }
}

impl fmt::Display for Locale {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.tag)
    }
}

/// A value read from the source together with where it was written.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Field<T> {
    pub value: T,
    pub span: Span,
}

/// A calendar date (proleptic Gregorian), validated on construction.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct Date {
    year: i32,
    month: u8,
    day: u8,
}

impl Date {
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        if !(1..=12).contains(&month) || day == 0 || !(1000..=9999).contains(&year) {
            return None;
        }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        let days = match month {
            2 if leap => 29,
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        };
        (day <= days).then_some(Date { year, month, day })
    }

    /// Parses the docs dialect's US form `MM/DD/YYYY` (one-digit month and day
    /// allowed), and ISO `YYYY-MM-DD`, which some files use.
    pub fn parse(raw: &str) -> Option<Date> {
        let raw = raw.trim();
        let numbers = |sep: char| -> Option<Vec<i64>> {
            let parts: Vec<&str> = raw.split(sep).collect();
            if parts.len() != 3 || parts.iter().any(|p| p.is_empty() || p.len() > 4) {
                return None;
            }
            parts.iter().map(|p| p.parse::<i64>().ok()).collect()
        };
        if let Some(n) = numbers('/') {
            return Date::new(
                i32::try_from(n[2]).ok()?,
                u8::try_from(n[0]).ok()?,
                u8::try_from(n[1]).ok()?,
            );
        }
        if let Some(n) = numbers('-') {
            return Date::new(
                i32::try_from(n[0]).ok()?,
                u8::try_from(n[1]).ok()?,
                u8::try_from(n[2]).ok()?,
            );
        }
        None
    }

    pub fn year(self) -> i32 {
        self.year
    }
    pub fn month(self) -> u8 {
        self.month
    }
    pub fn day(self) -> u8 {
        self.day
    }

    /// Today's date in UTC, from the system clock.
    pub fn today() -> Date {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
        Date::from_days_since_epoch((secs / 86_400) as i64)
    }

    /// The civil date `days` days after 1970-01-01 (Howard Hinnant's algorithm).
    pub fn from_days_since_epoch(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }

    /// Days since 1970-01-01 (the inverse of `from_days_since_epoch`).
    pub fn days_since_epoch(self) -> i64 {
        let (y, m, d) = (
            i64::from(self.year),
            i64::from(self.month),
            i64::from(self.day),
        );
        let y = if m <= 2 { y - 1 } else { y };
        let era = y.div_euclid(400);
        let yoe = y.rem_euclid(400);
        let mp = (m + 9) % 12;
        let doy = (153 * mp + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// `2021-03-11`.
    pub fn iso(self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// `ms.translationtype`.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum TranslationType {
    /// `MT`: machine translated; the page carries a visible notice.
    Machine,
    /// `HT`: human translated.
    Human,
    /// Anything else, kept as written for `check` to report.
    Other(String),
}

/// One key of the front matter as written, in file order. Every key is kept,
/// known or not, translated or not.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Entry {
    pub key: String,
    pub key_span: Span,
    /// Kept as JSON text in the build cache, whose format cannot hold any value.
    #[serde(with = "json_text")]
    pub value: serde_json::Value,
    pub value_span: Span,
}

/// An event read from the build cache, its text copied out of the cache's bytes.
fn owned_event<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Event<'static>, D::Error> {
    <Event<'de> as serde::Deserialize>::deserialize(d).map(Event::into_static)
}

/// A JSON value as its text, for binary formats that must know each field's type.
mod json_text {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(value: &serde_json::Value, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&value.to_string())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<serde_json::Value, D::Error> {
        let text = String::deserialize(d)?;
        serde_json::from_str(&text).map_err(serde::de::Error::custom)
    }
}

/// The validated front matter of an article: typed fields for the keys
/// stegvis uses, and every key as written in `entries`.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct FrontMatter {
    /// The whole block, `---` lines included; `None` when the file has none.
    pub span: Option<Span>,
    /// The block was there but its YAML could not be read (already reported).
    pub unreadable: bool,
    pub entries: Lazy<Vec<Entry>>,
    pub title: Option<Field<String>>,
    pub description: Option<Field<String>>,
    /// `ms.date` as written; `date` is its parsed value when it is a real date.
    pub date_raw: Option<Field<String>>,
    pub date: Option<Date>,
    pub topic: Option<Field<String>>,
    pub asset_id: Option<Field<String>>,
    pub content_locale: Option<Field<String>>,
    pub translation_type: Option<Field<TranslationType>>,
    /// People: `author`, `ms.author`, `manager`, `ms.reviewer`.
    pub author: Option<String>,
    pub ms_author: Option<String>,
    pub manager: Option<String>,
    pub reviewer: Option<String>,
    /// Taxonomy: `ms.service`, `ms.subservice`, `services`, `tags`; may be empty.
    pub service: Option<String>,
    pub subservice: Option<String>,
    pub services: Option<String>,
    pub tags: Option<String>,
    /// Translation bookkeeping, used to tell stale translations.
    pub last_handoff: Option<Field<String>>,
    pub source_git_commit: Option<Field<String>>,
    pub open_loc_file_hash: Option<Field<String>>,
    pub loc_file_id: Option<Field<String>>,
    /// `keywords`, `f1.keywords`, `ms.collection`, `ms.custom`, `search.appverid`:
    /// a string or a list of strings in the source, always a list here.
    pub keywords: Vec<String>,
    pub f1_keywords: Vec<String>,
    pub collection: Vec<String>,
    pub custom: Vec<String>,
    pub search_appverid: Vec<String>,
}

impl FrontMatter {
    pub fn is_machine_translated(&self) -> bool {
        matches!(
            self.translation_type.as_ref().map(|f| &f.value),
            Some(TranslationType::Machine)
        )
    }

    pub fn entry(&self, key: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| e.key == key)
    }
}

/// Index of a link in `Document::links`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct LinkId(pub u32);
/// Index of an image in `Document::images`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct ImageId(pub u32);

/// Inline content of a leaf block: pulldown-cmark events, with the parts that
/// the render stage must decide typed out (link targets, image sources, anchors).
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Inline {
    Event(#[serde(deserialize_with = "owned_event")] Event<'static>),
    LinkStart(LinkId),
    LinkEnd,
    Image(ImageId),
    /// An empty `<a name="…"></a>` or `<a id="…"></a>`: a link target, not a link.
    Anchor(String),
    /// Inline content already written as the HTML it always renders to: a
    /// heading's text without links, images or raw HTML, once its ids are
    /// settled (its events took ten times the memory).
    Html(Text),
}

/// Text a document keeps for the render stage: the HTML of settled blocks
/// and the plain text of steps. While an article is parsed, each is a string
/// of its own; the last pass of parsing (`parse::compact`) moves them all into
/// the document's packed text (`Document::packed`) and keeps where each is.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Text {
    Own(String),
    /// Bytes `start..end` of the document's unpacked text.
    Packed {
        start: u32,
        end: u32,
    },
}

impl Default for Text {
    fn default() -> Self {
        Text::Own(String::new())
    }
}

impl Text {
    /// The text, given the unpacked text of its document (`PackedText::unpack`).
    pub fn as_str<'a>(&'a self, unpacked: &'a str) -> &'a str {
        match self {
            Text::Own(text) => text,
            Text::Packed { start, end } => {
                unpacked.get(*start as usize..*end as usize).unwrap_or("")
            }
        }
    }
}

/// The text of a document's `Text::Packed` values, one after the other,
/// compressed with LZ4: a site holds the text of every page for as long as
/// it builds or serves, and a page unpacks its own when it is rendered.
/// HTML and prose pack to about a half. Zstandard (level 1) packs them to a
/// third, but costs about twice the CPU time: at 10,000 pages it took 8% of
/// a cold build's CPU time more, for 15 MB less at the peak.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PackedText(
    // Written as bytes, not as a sequence of numbers, and read from the
    // build cache without a copy: the cache reads and writes the packed
    // text of every article.
    SharedBytes,
);

thread_local! {
    // Per thread: the compressor's hash table and a buffer of the largest
    // size a text can pack to, so that packing an article allocates only
    // what it keeps.
    static PACKER: std::cell::RefCell<(lz4_flex::block::CompressTable, Vec<u8>)> =
        std::cell::RefCell::new((lz4_flex::block::CompressTable::default(), Vec::new()));
}

impl PackedText {
    /// The text, packed: its length (4 bytes, little-endian), then the
    /// compressed bytes. Text that cannot be packed (too long for that
    /// length, 4 GiB; or, never seen, refused by the compressor) is kept as
    /// it is, flagged by a length of `u32::MAX`.
    pub fn pack(text: &str) -> PackedText {
        if text.is_empty() {
            return PackedText::default();
        }
        let length = u32::try_from(text.len()).ok().filter(|l| *l != u32::MAX);
        PACKER.with(|cell| {
            let (table, scratch) = &mut *cell.borrow_mut();
            let packed = length.and_then(|_| {
                // The room the format's worst case needs.
                scratch.resize(lz4_flex::block::get_maximum_output_size(text.len()), 0);
                lz4_flex::block::compress_into_with_table(text.as_bytes(), scratch, table).ok()
            });
            match (length, packed) {
                (Some(length), Some(packed)) => framed(length, &scratch[..packed]),
                _ => framed(u32::MAX, text.as_bytes()),
            }
        })
    }

    /// The text as it was packed. Packed text only ever comes from `pack`
    /// (the build cache checks its files before it reads them), so it always
    /// unpacks; anything else unpacks to nothing rather than to garbage.
    pub fn unpack(&self) -> String {
        let Some((length, body)) = self.0.split_first_chunk::<4>() else {
            return String::new();
        };
        let length = u32::from_le_bytes(*length);
        let bytes = if length == u32::MAX {
            Some(body.to_vec())
        } else {
            lz4_flex::block::decompress(body, length as usize).ok()
        };
        bytes
            .and_then(|bytes| String::from_utf8(bytes).ok())
            .unwrap_or_default()
    }

    /// Packed bytes, for measuring.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Packed text's bytes: `length`, then `body`.
fn framed(length: u32, body: &[u8]) -> PackedText {
    let mut bytes = Vec::with_capacity(4 + body.len());
    bytes.extend_from_slice(&length.to_le_bytes());
    bytes.extend_from_slice(body);
    PackedText(SharedBytes::from(bytes))
}

/// A piece of a paragraph that holds links or images (`Block::Mixed`).
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Piece {
    /// HTML as pulldown-cmark writes it for the events in between.
    Html(Text),
    LinkStart(LinkId),
    LinkEnd,
    Image(ImageId),
}

/// A link as written, with where it was written (in the article or an include
/// file), so it can be resolved relative to the right folder.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Link {
    pub href: String,
    pub title: String,
    /// The link text as plain text, an image's alt text included (empty for `[](other.md)`).
    pub text: String,
    pub span: Span,
    /// Where the URL itself is written, when it is written inline (`[x](here)`).
    pub href_span: Option<Span>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum ImageKind {
    /// A screenshot or diagram: a figure.
    Content,
    /// A small image inside a sentence.
    Icon,
    /// A figure with a long description.
    Complex,
}

/// An image as written (`![alt](src)` or `:::image …:::`).
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Image {
    pub src: String,
    pub alt: String,
    pub title: Option<String>,
    pub lightbox: Option<String>,
    pub kind: ImageKind,
    /// True for `:::image` directives, false for Markdown images.
    pub directive: bool,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    /// True when the id came from an `<a name>` anchor in the source.
    pub explicit_id: bool,
    pub content: Vec<Inline>,
    pub text: String,
    pub span: Span,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum AlertKind {
    Note,
    Tip,
    Important,
    Caution,
    Warning,
}

impl AlertKind {
    pub fn from_keyword(word: &str) -> Option<AlertKind> {
        Some(match word.to_ascii_uppercase().as_str() {
            "NOTE" => AlertKind::Note,
            "TIP" => AlertKind::Tip,
            "IMPORTANT" => AlertKind::Important,
            "CAUTION" => AlertKind::Caution,
            "WARNING" => AlertKind::Warning,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            AlertKind::Note => "note",
            AlertKind::Tip => "tip",
            AlertKind::Important => "important",
            AlertKind::Caution => "caution",
            AlertKind::Warning => "warning",
        }
    }
}

/// An alert as written, for the checks that compare translations.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct AlertMark {
    /// `None` for a keyword that is not an alert kind (the block is shown as a note).
    pub kind: Option<AlertKind>,
    /// The keyword as written (`NOTE`, `Opmerking`).
    pub keyword: String,
    /// The keyword in the source.
    pub span: Span,
}

/// One step of a procedure.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Step {
    /// 1-based, as stegvis numbers it.
    pub position: usize,
    pub id: String,
    /// The number the author wrote (`3` in `3.`), kept for `check`.
    pub source_number: Option<u64>,
    pub blocks: Vec<Block>,
    /// The step as plain text, for JSON, JSON-LD and search.
    pub text: Text,
    /// The step's figures, in order.
    pub images: Vec<ImageId>,
    pub span: Span,
}

/// A top-level ordered list: a procedure.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Procedure {
    pub id: String,
    /// The `id` of the step list element, when `id` is not already the id of
    /// the heading the procedure belongs to.
    pub element_id: Option<String>,
    /// The text of the heading the procedure belongs to (empty when none).
    pub title: String,
    pub steps: Vec<Step>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Tab {
    /// The element id, unique on the page (`tab/current-experience`).
    pub id: String,
    /// The level of the heading that labelled the tab.
    pub level: u8,
    pub label: Vec<Inline>,
    pub label_text: String,
    pub blocks: Vec<Block>,
}

#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Column {
    pub span_attr: Option<String>,
    pub blocks: Vec<Block>,
}

/// A list that is not a procedure.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct List {
    pub ordered: bool,
    pub start: Option<u64>,
    pub items: Vec<Vec<Block>>,
}

/// A `:::zone` block.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Zone {
    pub attributes: Vec<(String, String)>,
    pub blocks: Vec<Block>,
}

/// `> [!div class="nextstepaction"]` and friends.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Div {
    pub class: String,
    pub blocks: Vec<Block>,
}

/// A block of the document tree. Leaves are rendered by pulldown-cmark's HTML
/// writer; the typed variants are rendered by stegvis with localized labels.
/// Variants larger than a vector are boxed: a site holds millions of blocks,
/// and each is as large as the largest variant (40 bytes, not 56).
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Block {
    /// A paragraph, table, code block, HTML block or thematic break: its full
    /// event stream, `Start` and `End` included.
    Leaf(Vec<Inline>),
    /// A leaf that holds nothing the rest of the site decides (no link, no
    /// image), as the HTML it always renders to: a fraction of the memory of
    /// its events, which a large site keeps for every page.
    Html(Text),
    /// A settled leaf that holds raw HTML its author wrote: rendered through
    /// the sanitizer (`crate::sanitize`) unless the site trusts its HTML.
    RawHtml(Text),
    /// A paragraph with links or images in it: its HTML in pieces around
    /// them, since only the site can say where they lead.
    Mixed(Vec<Piece>),
    /// A paragraph holding nothing but empty anchors (`<a id="x"></a>`).
    Anchors(Vec<String>),
    /// Boxed, like the other large variants, so that a block, of which a site
    /// holds millions, stays small.
    Heading(Box<Heading>),
    Figure {
        image: ImageId,
        /// The long description of a `complex` image.
        description: Vec<Block>,
    },
    List(Box<List>),
    Quote(Vec<Block>),
    Alert {
        kind: AlertKind,
        blocks: Vec<Block>,
    },
    Procedure(Box<Procedure>),
    Moniker {
        range: Box<Field<String>>,
        blocks: Vec<Block>,
    },
    Zone(Box<Zone>),
    Tabs(Vec<Tab>),
    Row(Vec<Column>),
    Video {
        url: String,
    },
    /// `> [!div class="nextstepaction"]` and friends.
    Div(Box<Div>),
    Rule,
}

/// The parsed body of an article.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Document {
    /// Kept encoded while read from the build cache and not yet needed.
    pub blocks: Blocks,
    /// Every heading outside tab labels, in order.
    pub headings: Vec<HeadingSummary>,
    /// Kept encoded while read from the build cache and not yet needed (as
    /// are `images`, `alerts` and the front matter's `entries`).
    pub links: Lazy<Vec<Link>>,
    pub images: Lazy<Vec<Image>>,
    /// Every alert, in the order the blocks close (document order for alerts
    /// that are not nested in one another).
    pub alerts: Lazy<Vec<AlertMark>>,
    /// Every id a link can land on: headings, free anchors, procedures, steps, tabs.
    pub anchors: Vec<String>,
    /// The files pasted in by includes, for dependency tracking.
    pub includes: Vec<FilePath>,
    /// Includes taken from the source locale because this locale lacks them.
    pub include_fallbacks: usize,
    /// The text of the blocks' and steps' `Text::Packed` values.
    pub packed: PackedText,
}

#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct HeadingSummary {
    pub level: u8,
    pub id: String,
    pub text: String,
}

impl Document {
    pub fn link(&self, id: LinkId) -> &Link {
        &self.links[id.0 as usize]
    }

    pub fn image(&self, id: ImageId) -> &Image {
        &self.images[id.0 as usize]
    }

    /// The first level-1 heading's text.
    pub fn h1(&self) -> Option<&str> {
        self.headings
            .iter()
            .find(|h| h.level == 1)
            .map(|h| h.text.as_str())
    }

    /// Every procedure, in document order, wherever it is nested.
    pub fn procedures(&self) -> Vec<&Procedure> {
        self.blocks.procedures()
    }
}

impl Block {
    /// The lists of blocks directly inside this one, for changing them: list
    /// items, quote and alert bodies, steps, tabs, columns, a complex image's
    /// description.
    pub fn children_mut(&mut self) -> Vec<&mut Vec<Block>> {
        match self {
            Block::List(list) => list.items.iter_mut().collect(),
            Block::Zone(zone) => vec![&mut zone.blocks],
            Block::Div(div) => vec![&mut div.blocks],
            Block::Quote(inner)
            | Block::Alert { blocks: inner, .. }
            | Block::Moniker { blocks: inner, .. }
            | Block::Figure {
                description: inner, ..
            } => vec![inner],
            Block::Procedure(p) => p.steps.iter_mut().map(|s| &mut s.blocks).collect(),
            Block::Tabs(tabs) => tabs.iter_mut().map(|t| &mut t.blocks).collect(),
            Block::Row(columns) => columns.iter_mut().map(|c| &mut c.blocks).collect(),
            Block::Leaf(_)
            | Block::Html(_)
            | Block::RawHtml(_)
            | Block::Mixed(_)
            | Block::Anchors(_)
            | Block::Heading(_)
            | Block::Video { .. }
            | Block::Rule => Vec::new(),
        }
    }
}

/// Calls `f` for every block, depth first, in document order.
pub fn walk<'a>(blocks: &'a [Block], f: &mut impl FnMut(&'a Block)) {
    for block in blocks {
        f(block);
        // Matched here rather than through a list of children, which would
        // allocate: a site walks millions of blocks.
        match block {
            Block::List(list) => list.items.iter().for_each(|i| walk(i, f)),
            Block::Zone(zone) => walk(&zone.blocks, f),
            Block::Div(div) => walk(&div.blocks, f),
            Block::Quote(inner)
            | Block::Alert { blocks: inner, .. }
            | Block::Moniker { blocks: inner, .. }
            | Block::Figure {
                description: inner, ..
            } => walk(inner, f),
            Block::Procedure(p) => p.steps.iter().for_each(|s| walk(&s.blocks, f)),
            Block::Tabs(tabs) => tabs.iter().for_each(|t| walk(&t.blocks, f)),
            Block::Row(columns) => columns.iter().for_each(|c| walk(&c.blocks, f)),
            Block::Leaf(_)
            | Block::Html(_)
            | Block::RawHtml(_)
            | Block::Mixed(_)
            | Block::Anchors(_)
            | Block::Heading(_)
            | Block::Video { .. }
            | Block::Rule => {}
        }
    }
}

/// One article: a Markdown file of one locale.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Article {
    pub locale: Locale,
    /// Path inside the locale folder, `/`-separated: `billing/upgrade.md`.
    pub path: String,
    /// Path inside the site folder: `content/nl-NL/billing/upgrade.md`.
    pub file: FilePath,
    /// Front matter and document are shared, so that a stand-in page or a site
    /// assembled again after an edit costs pointers, not copies.
    pub front_matter: std::sync::Arc<FrontMatter>,
    pub document: std::sync::Arc<Document>,
}

impl Article {
    /// The page title: front matter `title`, else the first `#` heading, else the file name.
    pub fn title(&self) -> &str {
        if let Some(title) = self
            .front_matter
            .title
            .as_ref()
            .filter(|t| !t.value.trim().is_empty())
        {
            return title.value.trim();
        }
        if let Some(h1) = self.document.h1().filter(|h| !h.trim().is_empty()) {
            return h1;
        }
        let name = self.path.rsplit('/').next().unwrap_or(&self.path);
        name.strip_suffix(".md").unwrap_or(name)
    }

    pub fn description(&self) -> &str {
        self.front_matter
            .description
            .as_ref()
            .map(|d| d.value.trim())
            .unwrap_or("")
    }

    /// The folder of the article inside its locale (`billing`, or `` at the top).
    pub fn folder(&self) -> &str {
        self.path.rsplit_once('/').map(|(dir, _)| dir).unwrap_or("")
    }

    /// The path without `.md`: `billing/upgrade`. An `index.md` stands for its folder.
    pub fn slug(&self) -> &str {
        let stem = self.path.strip_suffix(".md").unwrap_or(&self.path);
        if stem == "index" {
            ""
        } else {
            stem.strip_suffix("/index").unwrap_or(stem)
        }
    }

    /// The key that ties translations together: `ms.assetid` when present,
    /// otherwise the path inside the locale folder.
    pub fn translation_key(&self) -> String {
        match &self.front_matter.asset_id {
            Some(id) if !id.value.trim().is_empty() => {
                format!("assetid:{}", id.value.trim().to_ascii_lowercase())
            }
            _ => format!("path:{}", self.path),
        }
    }
}

/// One entry of a table of contents (`TOC.md` or `toc.yml`).
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct TocItem {
    pub title: String,
    /// The link as written, if the entry has one.
    pub href: Option<String>,
    pub children: Vec<TocItem>,
    pub span: Span,
}

/// A table of contents: the navigation of one folder and everything below it.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Toc {
    pub locale: Locale,
    /// The folder it governs, inside the locale folder (`` for the top).
    pub folder: String,
    pub file: FilePath,
    pub items: Vec<TocItem>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packed_text_unpacks_to_what_was_packed_and_is_smaller() {
        let text =
            "<p>Klik op <strong>Abonnementen</strong> en kies het abonnement.</p>\n".repeat(200);
        let packed = PackedText::pack(&text);
        assert!(
            packed.len() * 3 < text.len(),
            "{} bytes packed",
            packed.len()
        );
        assert_eq!(packed.unpack(), text);
        assert_eq!(PackedText::pack("ö").unpack(), "ö");
    }

    #[test]
    fn packing_on_one_thread_keeps_each_text_apart() {
        // The thread's compressor table and buffer serve texts of every
        // size in turn: above 64 KiB its table grows, and it stays grown.
        let small = "<li>Stap één: kies <em>Opslaan</em>.</li>\n".repeat(20);
        let large: String = (0..4_000)
            .map(|i| format!("<p>Regel {i}: ok.</p>\n"))
            .collect();
        assert!(large.len() > 65_535);
        for text in [&small, &large, &small, "x", &large] {
            assert_eq!(PackedText::pack(text).unpack(), *text);
        }
    }

    #[test]
    fn damaged_packed_text_unpacks_to_nothing() {
        let mut bytes = PackedText::pack("een zin").0.to_vec();
        bytes.truncate(bytes.len() - 2);
        assert_eq!(PackedText(SharedBytes::from(bytes)).unpack(), "");
        assert_eq!(PackedText(SharedBytes::from(vec![1, 2])).unpack(), "");
        assert_eq!(
            PackedText(SharedBytes::from(vec![9, 0, 0, 0, 1])).unpack(),
            ""
        );
    }

    #[test]
    fn locale_tags_are_validated() {
        assert!(Locale::parse("nl-NL").is_some());
        assert!(Locale::parse("sv-SE").is_some());
        assert!(Locale::parse("fil").is_some());
        assert!(Locale::parse("zh-Hant-TW").is_some());
        assert!(Locale::parse("images").is_none());
        assert!(Locale::parse("media").is_none());
        assert!(Locale::parse("nl_NL!").is_none());
        assert!(Locale::parse("").is_none());
    }

    #[test]
    fn right_to_left_locales_are_recognised() {
        assert!(Locale::parse("ar-SA").unwrap().is_right_to_left());
        assert!(Locale::parse("he").unwrap().is_right_to_left());
        assert!(!Locale::parse("nl-NL").unwrap().is_right_to_left());
    }

    #[test]
    fn dates_in_us_and_iso_form() {
        assert_eq!(Date::parse("03/11/2021").unwrap().iso(), "2021-03-11");
        assert_eq!(Date::parse("3/1/2021").unwrap().iso(), "2021-03-01");
        assert_eq!(Date::parse("2017-08-30").unwrap().iso(), "2017-08-30");
        assert_eq!(Date::parse("02/29/2024").unwrap().iso(), "2024-02-29");
        assert!(Date::parse("02/29/2023").is_none());
        assert!(Date::parse("13/01/2021").is_none());
        assert!(Date::parse("31/12/2021").is_none());
        assert!(Date::parse("yesterday").is_none());
        assert!(Date::parse("").is_none());
    }

    #[test]
    fn days_since_epoch() {
        assert_eq!(Date::from_days_since_epoch(0).iso(), "1970-01-01");
        assert_eq!(Date::from_days_since_epoch(19_061).iso(), "2022-03-10");
        assert_eq!(Date::from_days_since_epoch(20_415).iso(), "2025-11-23");
        assert!(Date::today() > Date::new(2025, 1, 1).unwrap());
        for days in [-1000, 0, 59, 60, 19_061, 20_415, 2_932_896] {
            assert_eq!(Date::from_days_since_epoch(days).days_since_epoch(), days);
        }
    }
}
