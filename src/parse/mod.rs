//! Parse: one file -> one `Article` (or `Toc`) plus the diagnostics parsing
//! itself finds. Per file and in parallel; each file is read and parsed once.
//!
//! The body goes through: includes expanded with a source map (`include`),
//! block directives split into containers (`containers`), one pulldown-cmark
//! pass per run of Markdown (`markdown`, `inline`), then ids settled (`finish`).

mod compact;
mod containers;
mod directive;
mod fence;
mod finish;
mod front_matter;
mod include;
mod inline;
mod markdown;
mod slug;
mod source_map;
mod text;
mod toc;

use std::sync::Arc;

use rayon::prelude::*;

pub use finish::{anchor_html, has_raw_html, scrollable};
pub use include::{IncludeStore, MAX_DEPTH as MAX_INCLUDE_DEPTH};
pub use inline::plain_text;
pub use markdown::options as markdown_options;
pub use slug::slugify;
pub use toc::parse_toc;

use crate::diagnostics::{Code, Diagnostic, FilePath, Span};
use crate::discover::{SourceFile, Sources};
use crate::model::{Article, Block, Column, Document, Field, FrontMatter, Locale, Toc, Zone};
use containers::{Container, Kind, Node};
use inline::Ctx;
use source_map::{Files, Mapped, SourceText};

/// Everything the parse stage produces.
#[derive(Debug, Default)]
pub struct Parsed {
    pub articles: Vec<Article>,
    pub tocs: Vec<Toc>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Reads and parses every article and table of contents, in parallel.
/// `source_locale` is where includes a locale lacks are taken from.
pub fn parse_all(sources: &Sources, source_locale: Option<&Locale>) -> Parsed {
    let (store, mut diagnostics) =
        IncludeStore::load(&sources.root, &sources.includes, source_locale.cloned());
    let articles: Vec<(Option<Article>, Vec<Diagnostic>)> = sources
        .articles
        .par_iter()
        .map(|file| parse_file(file, &store))
        .collect();
    let tocs: Vec<(Option<Toc>, Vec<Diagnostic>)> =
        sources.tocs.par_iter().map(parse_toc_file).collect();
    let mut parsed = Parsed::default();
    for (article, diags) in articles {
        parsed.articles.extend(article);
        diagnostics.extend(diags);
    }
    for (toc, diags) in tocs {
        parsed.tocs.extend(toc);
        diagnostics.extend(diags);
    }
    parsed.diagnostics = diagnostics;
    parsed
}

/// Reads and parses one article, with what parsing it found (`None` when the
/// file cannot be read).
pub fn parse_file(file: &SourceFile, store: &IncludeStore) -> (Option<Article>, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let article = read(file, &mut diagnostics)
        .map(|bytes| parse_article(file, bytes, store, &mut diagnostics));
    (article, diagnostics)
}

/// Reads and parses one table of contents.
pub fn parse_toc_file(file: &SourceFile) -> (Option<Toc>, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let toc =
        read(file, &mut diagnostics).map(|bytes| toc::parse_toc(file, bytes, &mut diagnostics));
    (toc, diagnostics)
}

fn read(file: &SourceFile, diagnostics: &mut Vec<Diagnostic>) -> Option<Vec<u8>> {
    match std::fs::read(&file.abs) {
        Ok(bytes) => Some(bytes),
        Err(e) => {
            diagnostics.push(Diagnostic::at(
                Code::ReadFailed,
                Span::file_start(file.file.clone()),
                format!("cannot read this file: {e}"),
            ));
            None
        }
    }
}

/// Parses one article from its bytes.
pub fn parse_article(
    file: &SourceFile,
    bytes: Vec<u8>,
    store: &IncludeStore,
    diagnostics: &mut Vec<Diagnostic>,
) -> Article {
    let (source, mut front_matter, body) = head(&file.file, bytes, diagnostics);
    let mut document = parse_body(source, body, store, diagnostics);
    compact::front_matter(&mut front_matter);
    compact::document(&mut document);
    Article {
        locale: file.locale.clone(),
        path: file.path.clone(),
        file: file.file.clone(),
        front_matter: Arc::new(front_matter),
        document: Arc::new(document),
    }
}

/// Reads only the front matter of an article's bytes, with the diagnostics
/// the text and the front matter give: the first half of `parse_article`.
pub fn parse_front_matter(
    file: &FilePath,
    bytes: Vec<u8>,
    diagnostics: &mut Vec<Diagnostic>,
) -> FrontMatter {
    head(file, bytes, diagnostics).1
}

/// Decodes a file and reads its front matter. Returns the text, the front
/// matter and where the Markdown body starts.
fn head(
    file: &FilePath,
    bytes: Vec<u8>,
    diagnostics: &mut Vec<Diagnostic>,
) -> (Arc<SourceText>, FrontMatter, usize) {
    let (text, start) = text::decode(file, bytes, diagnostics);
    text::report_text_problems(file, &text, start, diagnostics);
    let source = Arc::new(SourceText::new(file.clone(), text));
    let (split, problem) = front_matter::split(&source.text, start);
    let first_line = source.span(start..source.index.line_range(&source.text, 1).end.max(start));
    match problem {
        Some(front_matter::SplitProblem::Missing) => diagnostics.push(
            Diagnostic::at(Code::FrontMatterMissing, first_line.clone(), "this article has no front matter")
                .with_help("start the file with a `---` block holding at least `title`, `description` and `ms.date`"),
        ),
        Some(front_matter::SplitProblem::Unclosed) => diagnostics.push(
            Diagnostic::at(Code::FrontMatterUnclosed, first_line, "the front matter block is never closed")
                .with_help("add a `---` line after the last front matter key"),
        ),
        None => {}
    }
    let front_matter = match (split.yaml.clone(), split.block.clone()) {
        (Some(yaml), Some(block)) => front_matter::parse(&source, yaml, block, diagnostics),
        _ => FrontMatter::default(),
    };
    (source, front_matter, split.body)
}

/// Parses the Markdown body of `source`, which starts at `body`.
fn parse_body(
    source: Arc<SourceText>,
    body: usize,
    store: &IncludeStore,
    diagnostics: &mut Vec<Diagnostic>,
) -> Document {
    let mut files = Files::default();
    let end = source.text.len();
    let file = source.file.clone();
    let article = files.add(source);
    let mut expanded = Mapped::default();
    let (used, include_fallbacks) = {
        let mut expander = include::Expander {
            store,
            files: &mut files,
            diagnostics,
            used: Vec::new(),
            fallbacks: 0,
            pasted: 0,
            over_budget: false,
        };
        expander.expand(&mut expanded, article, body..end, &mut vec![file]);
        (expander.used, expander.fallbacks)
    };
    let definitions = markdown::definitions(&expanded.text);
    let root = containers::split(&expanded, &files, diagnostics);
    let mut ctx = Ctx {
        files: &files,
        links: Vec::new(),
        images: Vec::new(),
        alerts: Vec::new(),
        diagnostics,
    };
    let mut blocks = convert(root.children, &expanded, &definitions, &mut ctx);
    let summary = finish::finish(&mut blocks);
    finish::settle(&mut blocks);
    Document {
        blocks: blocks.into(),
        headings: summary.headings,
        links: ctx.links.into(),
        images: ctx.images.into(),
        alerts: ctx.alerts.into(),
        anchors: summary.anchors,
        includes: used,
        include_fallbacks,
        // Filled by `compact`, the last pass.
        packed: Default::default(),
    }
}

/// Container children -> blocks, Markdown runs parsed, tab labels grouped.
fn convert(
    children: Vec<Node>,
    expanded: &Mapped,
    definitions: &markdown::Definitions,
    ctx: &mut Ctx,
) -> Vec<Block> {
    let mut blocks = Vec::new();
    for node in children {
        match node {
            Node::Run(run) => blocks.extend(markdown::parse_run(&run, definitions, ctx)),
            Node::Container(container) => {
                blocks.extend(container_blocks(container, expanded, definitions, ctx))
            }
        }
    }
    finish::group_tabs(blocks)
}

fn container_blocks(
    container: Container,
    expanded: &Mapped,
    definitions: &markdown::Definitions,
    ctx: &mut Ctx,
) -> Vec<Block> {
    let Container {
        kind,
        children,
        range,
    } = container;
    match kind {
        Kind::Root => convert(children, expanded, definitions, ctx),
        Kind::Moniker(value) => vec![Block::Moniker {
            range: Box::new(Field {
                value,
                span: expanded.span(ctx.files, range),
            }),
            blocks: convert(children, expanded, definitions, ctx),
        }],
        Kind::Zone(attributes) => vec![Block::Zone(Box::new(Zone {
            attributes,
            blocks: convert(children, expanded, definitions, ctx),
        }))],
        Kind::Column(span_attr) => vec![Block::Row(vec![Column {
            span_attr,
            blocks: convert(children, expanded, definitions, ctx),
        }])],
        Kind::Row => {
            let mut columns = Vec::new();
            for child in children {
                match child {
                    Node::Container(Container {
                        kind: Kind::Column(span_attr),
                        children,
                        ..
                    }) => columns.push(Column {
                        span_attr,
                        blocks: convert(children, expanded, definitions, ctx),
                    }),
                    other => {
                        let blocks = convert(vec![other], expanded, definitions, ctx);
                        if !blocks.is_empty() {
                            columns.push(Column {
                                span_attr: None,
                                blocks,
                            });
                        }
                    }
                }
            }
            vec![Block::Row(columns)]
        }
        Kind::ComplexImage(directive) => {
            let description = convert(children, expanded, definitions, ctx);
            match ctx.image_directive(&directive, range, expanded) {
                Some(image) => vec![Block::Figure { image, description }],
                None => description,
            }
        }
    }
}
