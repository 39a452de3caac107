//! The navigation sidebar, in one of two forms chosen by the size of the tree.
//!
//! - A small tree is shown whole, every group a `<details>` element. It is
//!   rendered to HTML once; a page gets a copy with its entry marked
//!   (`aria-current`) and the groups leading to it opened, by inserting
//!   attributes at offsets recorded while rendering.
//! - A large tree (a real table of contents has thousands of entries) is shown
//!   as the path to the page: the top level, and the entries of every group on
//!   the way down, expanded; other groups are links to their first page. A page
//!   carries kilobytes of navigation instead of hundreds. Each group's entries
//!   are rendered once, as pieces; a page's sidebar is those pieces copied along
//!   its path, so it costs bytes copied, not entries rendered again.

use foldhash::{HashMap, HashMapExt};

use pulldown_cmark_escape::{escape_href, escape_html};

use crate::assemble::{Nav, NavNode, NavTarget, Site};

/// Trees with more entries than this are shown as a path.
pub const FULL_TREE_LIMIT: usize = 300;

/// Where attributes go for one entry of a pre-rendered tree.
#[derive(Clone, Copy, Debug, Default)]
struct Slots {
    /// Just after `<details`, for ` open`.
    open: Option<usize>,
    /// Just after `<a href="…"`, for ` aria-current="page"`.
    current: Option<usize>,
}

enum Form {
    Full {
        html: String,
        slots: HashMap<Vec<usize>, Slots>,
    },
    /// The entries of each group (by the path to it; the top level at `[]`).
    Path(HashMap<Vec<usize>, Level>),
}

/// One entry as HTML, and where `aria-current` goes in it, if it is a link.
struct Piece {
    html: String,
    current: Option<usize>,
}

/// The entries of one group, each rendered collapsed; the group's own page
/// (`lead`) first when it has one.
struct Level {
    lead: Option<Piece>,
    entries: Vec<Piece>,
}

pub struct NavHtml {
    form: Form,
    /// The first entry of each section page, by section index.
    sections: HashMap<usize, Vec<usize>>,
}

fn count(nodes: &[NavNode]) -> usize {
    nodes.iter().map(|n| 1 + count(&n.children)).sum()
}

impl NavHtml {
    pub fn new(site: &Site, nav: &Nav) -> NavHtml {
        let mut sections = HashMap::new();
        find_sections(&nav.nodes, &mut Vec::new(), &mut sections);
        let form = if count(&nav.nodes) <= FULL_TREE_LIMIT {
            let mut html = String::with_capacity(nav.nodes.len() * 96);
            let mut slots = HashMap::new();
            full_list(
                &mut html,
                &mut slots,
                site,
                &nav.nodes,
                &mut Vec::new(),
                None,
            );
            Form::Full { html, slots }
        } else {
            let mut levels = HashMap::new();
            path_levels(&mut levels, site, &nav.nodes, &mut Vec::new(), None);
            Form::Path(levels)
        };
        NavHtml { form, sections }
    }

    /// The position of a section's entry, if the tree has one.
    pub fn section_position(&self, section: usize) -> Option<&[usize]> {
        self.sections.get(&section).map(Vec::as_slice)
    }

    /// The sidebar of the page whose entry is at `position` in `nav` (the
    /// tree this was made from).
    pub fn for_page(&self, nav: &Nav, position: Option<&[usize]>) -> String {
        match &self.form {
            Form::Full { html, slots } => mark(html, slots, position),
            Form::Path(levels) => {
                let mut html = String::with_capacity(4096);
                path_list(&mut html, levels, &nav.nodes, position.unwrap_or(&[]), 0);
                html
            }
        }
    }
}

fn find_sections(nodes: &[NavNode], path: &mut Vec<usize>, out: &mut HashMap<usize, Vec<usize>>) {
    for (i, node) in nodes.iter().enumerate() {
        path.push(i);
        if let Some(NavTarget::Section(s)) = node.target {
            out.entry(s).or_insert_with(|| path.clone());
        }
        find_sections(&node.children, path, out);
        path.pop();
    }
}

fn href(site: &Site, target: &NavTarget) -> String {
    match target {
        NavTarget::Article(id) => site.config.base_url.url(&site.urls[id.0]),
        NavTarget::Section(s) => site.config.base_url.url(&site.section_path(*s)),
        NavTarget::Url(url) => url.clone(),
    }
}

/// Writes an entry's link (or label); returns the offset for `aria-current`.
fn link(
    html: &mut String,
    site: &Site,
    title: &str,
    target: Option<&NavTarget>,
    class: &str,
) -> Option<usize> {
    match target {
        Some(target) => {
            html.push_str("<a");
            if !class.is_empty() {
                html.push_str(&format!(" class=\"{class}\""));
            }
            html.push_str(" href=\"");
            let _ = escape_href(&mut *html, &href(site, target));
            html.push('"');
            let slot = html.len();
            html.push('>');
            let _ = escape_html(&mut *html, title);
            html.push_str("</a>");
            Some(slot)
        }
        None => {
            html.push_str("<span>");
            let _ = escape_html(&mut *html, title);
            html.push_str("</span>");
            None
        }
    }
}

/// The whole tree. A group that has a page of its own lists it first.
fn full_list(
    html: &mut String,
    slots: &mut HashMap<Vec<usize>, Slots>,
    site: &Site,
    nodes: &[NavNode],
    path: &mut Vec<usize>,
    lead: Option<&NavNode>,
) {
    html.push_str("<ul>\n");
    if let Some(node) = lead {
        html.push_str("<li>");
        let current = link(html, site, &node.title, node.target.as_ref(), "");
        slots.entry(path.clone()).or_default().current = current;
        html.push_str("</li>\n");
    }
    for (i, node) in nodes.iter().enumerate() {
        path.push(i);
        if node.children.is_empty() {
            html.push_str("<li>");
            let current = link(html, site, &node.title, node.target.as_ref(), "");
            slots.entry(path.clone()).or_default().current = current;
            html.push_str("</li>\n");
        } else {
            html.push_str("<li class=\"nav-group\"><details");
            slots.entry(path.clone()).or_default().open = Some(html.len());
            html.push_str("><summary>");
            let _ = escape_html(&mut *html, &node.title);
            html.push_str("</summary>\n");
            let lead = node.target.as_ref().map(|_| node);
            full_list(html, slots, site, &node.children, path, lead);
            html.push_str("</details></li>\n");
        }
        path.pop();
    }
    html.push_str("</ul>\n");
}

/// A copy of a pre-rendered tree with the entry at `position` marked.
fn mark(html: &str, slots: &HashMap<Vec<usize>, Slots>, position: Option<&[usize]>) -> String {
    let Some(position) = position else {
        return html.to_string();
    };
    let mut inserts: Vec<(usize, &str)> = Vec::new();
    for len in 1..=position.len() {
        if let Some(open) = slots.get(&position[..len]).and_then(|s| s.open) {
            inserts.push((open, " open"));
        }
    }
    if let Some(current) = slots.get(position).and_then(|s| s.current) {
        inserts.push((current, " aria-current=\"page\""));
    }
    inserts.sort_unstable();
    let mut out = String::with_capacity(html.len() + 64);
    let mut at = 0;
    for (offset, text) in inserts {
        out.push_str(&html[at..offset]);
        out.push_str(text);
        at = offset;
    }
    out.push_str(&html[at..]);
    out
}

/// The first page in a group, for a collapsed group without a page of its own.
fn first_target(node: &NavNode) -> Option<&NavTarget> {
    node.target
        .as_ref()
        .or_else(|| node.children.iter().find_map(first_target))
}

/// Renders every group's entries once, collapsed, for the path view.
fn path_levels(
    levels: &mut HashMap<Vec<usize>, Level>,
    site: &Site,
    nodes: &[NavNode],
    path: &mut Vec<usize>,
    lead: Option<&NavNode>,
) {
    let piece = |node: &NavNode, target: Option<&NavTarget>, class: &str, li: &str| {
        let mut html = String::from(li);
        let current = link(&mut html, site, &node.title, target, class);
        html.push_str("</li>\n");
        Piece { html, current }
    };
    let level = Level {
        lead: lead.map(|node| piece(node, node.target.as_ref(), "", "<li>")),
        entries: nodes
            .iter()
            .map(|node| {
                if node.children.is_empty() {
                    piece(node, node.target.as_ref(), "", "<li>")
                } else {
                    let mut p = piece(
                        node,
                        first_target(node),
                        "nav-collapsed",
                        "<li class=\"nav-group\">",
                    );
                    // A collapsed group is never the current entry.
                    p.current = None;
                    p
                }
            })
            .collect(),
    };
    levels.insert(path.clone(), level);
    for (i, node) in nodes.iter().enumerate() {
        if !node.children.is_empty() {
            path.push(i);
            let lead = node.target.as_ref().map(|_| node);
            path_levels(levels, site, &node.children, path, lead);
            path.pop();
        }
    }
}

/// Copies a piece, marked as the current entry when `current`.
fn push_piece(html: &mut String, piece: &Piece, current: bool) {
    match piece.current.filter(|_| current) {
        Some(at) => {
            html.push_str(&piece.html[..at]);
            html.push_str(" aria-current=\"page\"");
            html.push_str(&piece.html[at..]);
        }
        None => html.push_str(&piece.html),
    }
}

/// The path view: `nodes` at `depth`, with the group on `position` expanded.
fn path_list(
    html: &mut String,
    levels: &HashMap<Vec<usize>, Level>,
    nodes: &[NavNode],
    position: &[usize],
    depth: usize,
) {
    let Some(level) = levels.get(&position[..depth.min(position.len())]) else {
        return;
    };
    let here = position.get(depth).copied();
    html.push_str("<ul>\n");
    if let Some(lead) = &level.lead {
        push_piece(html, lead, depth == position.len());
    }
    for (i, (node, piece)) in nodes.iter().zip(&level.entries).enumerate() {
        if here == Some(i) && !node.children.is_empty() {
            html.push_str("<li class=\"nav-group\"><details open><summary>");
            let _ = escape_html(&mut *html, &node.title);
            html.push_str("</summary>\n");
            path_list(html, levels, &node.children, position, depth + 1);
            html.push_str("</details></li>\n");
        } else {
            push_piece(html, piece, here == Some(i) && depth + 1 == position.len());
        }
    }
    html.push_str("</ul>\n");
}
