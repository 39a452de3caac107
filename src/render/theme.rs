//! The theme: Tera templates and static assets, built into the binary from the
//! repository's `templates/` folder; a site overrides any of them with a file of
//! the same name in its own `templates/`. Templates are compiled once.

use std::collections::BTreeMap;

use serde::Serialize;
use tera::{Context, Kwargs, State, Tera, Value};

use crate::diagnostics::{Code, Diagnostic, FilePath, LineIndex, Span};
use crate::discover::Sources;

/// Theme files built into the binary: (name inside `templates/`, content).
pub const EMBEDDED: &[(&str, &str)] = &[
    ("base.html", include_str!("../../templates/base.html")),
    ("article.html", include_str!("../../templates/article.html")),
    ("section.html", include_str!("../../templates/section.html")),
    ("listing.html", include_str!("../../templates/listing.html")),
    ("404.html", include_str!("../../templates/404.html")),
    ("locales.html", include_str!("../../templates/locales.html")),
    ("search.html", include_str!("../../templates/search.html")),
    (
        "assets/stegvis.css",
        include_str!("../../templates/assets/stegvis.css"),
    ),
    (
        "assets/stegvis.js",
        include_str!("../../templates/assets/stegvis.js"),
    ),
    (
        "assets/search.js",
        include_str!("../../templates/assets/search.js"),
    ),
    (
        "assets/favicon.svg",
        include_str!("../../templates/assets/favicon.svg"),
    ),
];

/// Where a theme file came from, for error messages.
#[derive(Clone, Debug)]
struct Origin {
    file: Option<FilePath>,
    text: String,
}

pub struct Theme {
    tera: Tera,
    origins: BTreeMap<String, Origin>,
    /// Files that are not templates, copied to the output as they are:
    /// (path inside the output, bytes).
    pub assets: Vec<(String, Vec<u8>)>,
}

impl Theme {
    /// Loads the embedded theme with the site's overrides. A site template that
    /// does not compile is reported and replaced by the built-in one.
    pub fn load(sources: &Sources) -> (Theme, Vec<Diagnostic>) {
        let mut diagnostics = Vec::new();
        let mut templates: BTreeMap<String, Origin> = BTreeMap::new();
        let mut assets: BTreeMap<String, Vec<u8>> = BTreeMap::new();
        for (name, text) in EMBEDDED {
            if name.ends_with(".html") {
                templates.insert(
                    name.to_string(),
                    Origin {
                        file: None,
                        text: text.to_string(),
                    },
                );
            } else {
                assets.insert(name.to_string(), text.as_bytes().to_vec());
            }
        }
        for t in &sources.templates {
            let bytes = match std::fs::read(&t.abs) {
                Ok(bytes) => bytes,
                Err(e) => {
                    diagnostics.push(Diagnostic::at(
                        Code::ReadFailed,
                        Span::file_start(t.file.clone()),
                        format!("cannot read this template: {e}"),
                    ));
                    continue;
                }
            };
            if t.name.ends_with(".html") {
                templates.insert(
                    t.name.clone(),
                    Origin {
                        file: Some(t.file.clone()),
                        text: String::from_utf8_lossy(&bytes).into_owned(),
                    },
                );
            } else {
                assets.insert(t.name.clone(), bytes);
            }
        }
        let mut tera = new_tera();
        // Each failing site template is reported and swapped for the built-in
        // one (or dropped when there is none), until the set compiles.
        for _ in 0..=templates.len() {
            let result = tera
                .add_raw_templates(templates.iter().map(|(n, o)| (n.as_str(), o.text.as_str())));
            let Err(error) = result else { break };
            let culprit = failing_template(&error, &templates);
            let diagnostic =
                template_diagnostic(&error, culprit.as_deref(), &templates, "does not compile");
            diagnostics.push(diagnostic.with_help("the built-in template is used instead"));
            let Some(name) = culprit.filter(|n| templates.get(n).is_some_and(|o| o.file.is_some()))
            else {
                break;
            };
            match EMBEDDED.iter().find(|(n, _)| *n == name) {
                Some((_, text)) => {
                    templates.insert(
                        name,
                        Origin {
                            file: None,
                            text: text.to_string(),
                        },
                    );
                }
                None => {
                    templates.remove(&name);
                }
            }
            tera = new_tera();
        }
        let theme = Theme {
            tera,
            origins: templates,
            assets: assets.into_iter().collect(),
        };
        (theme, diagnostics)
    }

    /// Renders template `name` with `view` as its context, to the bytes of
    /// the file (Tera's `render` would check the whole page is UTF-8 once
    /// more to make a `String` of it). `page` names the page in the error
    /// message when rendering fails.
    pub fn render<V: Serialize>(
        &self,
        name: &str,
        view: &V,
        page: &str,
    ) -> Result<Vec<u8>, Box<Diagnostic>> {
        // Pages are tens of kilobytes: start there rather than grow to it.
        self.render_sized(name, view, page, 32 * 1024)
    }

    /// `render`, into a buffer of `capacity` bytes to start with: a page
    /// that outgrows its buffer is copied into one twice its size.
    pub fn render_sized<V: Serialize>(
        &self,
        name: &str,
        view: &V,
        page: &str,
        capacity: usize,
    ) -> Result<Vec<u8>, Box<Diagnostic>> {
        let context = Context::from_serialize(view).map_err(|e| {
            Box::new(Diagnostic::new(
                Code::TemplateError,
                None,
                format!("cannot pass the page data of {page} to `{name}`: {e}"),
            ))
        })?;
        let mut bytes = Vec::with_capacity(capacity);
        self.tera
            .render_to(name, &context, &mut bytes)
            .map_err(|e| {
                Box::new(template_diagnostic(
                    &e,
                    Some(name),
                    &self.origins,
                    &format!("failed to render {page}"),
                ))
            })?;
        Ok(bytes)
    }

    /// A version tag for asset URLs, so browsers fetch a changed stylesheet.
    pub fn asset_version(&self, name: &str) -> String {
        let bytes = self
            .assets
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, b)| b.as_slice())
            .unwrap_or_default();
        // FNV-1a: stable across runs and platforms, which `DefaultHasher` is not.
        let hash = bytes.iter().fold(0xcbf29ce484222325u64, |h, b| {
            (h ^ u64::from(*b)).wrapping_mul(0x100000001b3)
        });
        format!("{:08x}", hash as u32)
    }
}

/// A Tera with the filters the theme's templates see.
fn new_tera() -> Tera {
    let mut tera = Tera::new();
    tera.register_filter("safe", safe);
    tera
}

/// Tera's `safe`, without the copy: Tera's own makes a new string of the one
/// it marks, and every page passes its body, navigation and JSON-LD (tens of
/// kilobytes) through it. A string is shared and marked; anything else is
/// written out, as Tera's does.
fn safe(value: &Value, _: Kwargs, _: &State) -> Value {
    match value.as_str() {
        Some(_) => value.clone().mark_safe(),
        None => Value::safe_string(&value.to_string()),
    }
}

/// The template an error is about.
fn failing_template(error: &tera::Error, templates: &BTreeMap<String, Origin>) -> Option<String> {
    match error.kind() {
        tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) => {
            Some(report.filename().to_string())
        }
        tera::ErrorKind::MissingParent { current, .. } => Some(current.clone()),
        tera::ErrorKind::CircularExtend { tpl, .. }
        | tera::ErrorKind::CircularInclude { tpl, .. } => Some(tpl.clone()),
        _ => templates
            .keys()
            .find(|n| error.to_string().contains(n.as_str()))
            .cloned(),
    }
}

fn template_diagnostic(
    error: &tera::Error,
    name: Option<&str>,
    templates: &BTreeMap<String, Origin>,
    what: &str,
) -> Diagnostic {
    let (message, span) = match error.kind() {
        tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) => {
            let file = report.filename().to_string();
            let span = templates.get(&file).and_then(|o| {
                let path = o.file.clone()?;
                let index = LineIndex::new(&o.text);
                let range = report.span().range.clone();
                let range = range.start.min(o.text.len())..range.end.min(o.text.len());
                Some(index.span(&path, &o.text, range))
            });
            (report.message().to_string(), span)
        }
        _ => (error.to_string(), None),
    };
    let which = match name.and_then(|n| templates.get(n).map(|o| (n, o))) {
        Some((n, o)) if o.file.is_none() => format!("built-in template `{n}`"),
        Some((n, _)) => format!("template `{n}`"),
        None => "a template".to_string(),
    };
    Diagnostic::new(
        Code::TemplateError,
        span,
        format!("{which} {what}: {message}"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What a template writes with `tera`, for values of every kind.
    fn written(tera: &mut Tera) -> String {
        tera.add_raw_template(
            "t.html",
            "{{ short | safe }}|{{ long | safe }}|{{ number | safe }}|{{ list | safe }}|\
             {{ long }}|{{ long | safe | upper }}",
        )
        .unwrap();
        let mut context = Context::new();
        context.insert("short", "<b>&</b>");
        context.insert("long", &"<p>a paragraph & more</p>".repeat(100));
        context.insert("number", &3);
        context.insert("list", &vec!["<i>", "b"]);
        tera.render("t.html", &context).unwrap()
    }

    #[test]
    fn the_shared_safe_filter_writes_what_teras_own_writes() {
        let ours = written(&mut new_tera());
        assert_eq!(ours, written(&mut Tera::new()));
        // Marked safe: written as it is, and still escaped where it is not.
        assert!(ours.starts_with("<b>&</b>|<p>a paragraph & more</p>"));
        assert!(ours.contains("|&lt;p&gt;a paragraph &amp; more"));
    }
}
