//! The navigation sidebar. Each navigation tree is rendered to HTML once; a
//! page gets a copy with its own entry marked (`aria-current`) and the groups
//! leading to it opened, by inserting attributes at offsets recorded while
//! rendering. A 1,000-entry table of contents costs one copy per page, not a
//! walk of the tree.

use std::collections::HashMap;

use pulldown_cmark_escape::{escape_href, escape_html};

use crate::assemble::{Nav, NavNode, NavTarget, Site};

/// Where attributes go for one entry.
#[derive(Clone, Copy, Debug, Default)]
struct Slots {
    /// Just after `<details`, for ` open`.
    open: Option<usize>,
    /// Just after `<a href="…"`, for ` aria-current="page"`.
    current: Option<usize>,
}

pub struct NavHtml {
    html: String,
    slots: HashMap<Vec<usize>, Slots>,
    /// The first entry of each section page, by section index.
    sections: HashMap<usize, Vec<usize>>,
}

impl NavHtml {
    pub fn new(site: &Site, nav: &Nav) -> NavHtml {
        let mut out = NavHtml {
            html: String::with_capacity(nav.nodes.len() * 96),
            slots: HashMap::new(),
            sections: HashMap::new(),
        };
        let mut html = String::new();
        out.list(&mut html, site, &nav.nodes, &mut Vec::new(), None);
        out.html = html;
        out
    }

    fn list(
        &mut self,
        html: &mut String,
        site: &Site,
        nodes: &[NavNode],
        path: &mut Vec<usize>,
        lead: Option<&NavNode>,
    ) {
        html.push_str("<ul>\n");
        if let Some(node) = lead {
            // A group's own page, listed first inside the group.
            html.push_str("<li>");
            let current = self.link(html, site, node);
            self.slots.entry(path.clone()).or_default().current = current;
            html.push_str("</li>\n");
        }
        for (i, node) in nodes.iter().enumerate() {
            path.push(i);
            if let Some(NavTarget::Section(s)) = node.target {
                self.sections.entry(s).or_insert_with(|| path.clone());
            }
            if node.children.is_empty() {
                html.push_str("<li>");
                let current = self.link(html, site, node);
                self.slots.entry(path.clone()).or_default().current = current;
                html.push_str("</li>\n");
            } else {
                html.push_str("<li class=\"nav-group\"><details");
                self.slots.entry(path.clone()).or_default().open = Some(html.len());
                html.push_str("><summary>");
                let _ = escape_html(&mut *html, &node.title);
                html.push_str("</summary>\n");
                let lead = node.target.as_ref().map(|_| node);
                self.list(html, site, &node.children, path, lead);
                html.push_str("</details></li>\n");
            }
            path.pop();
        }
        html.push_str("</ul>\n");
    }

    /// Writes the entry's link (or label); returns the offset for `aria-current`.
    fn link(&self, html: &mut String, site: &Site, node: &NavNode) -> Option<usize> {
        let href = node.target.as_ref().map(|t| match t {
            NavTarget::Article(id) => site.config.base_url.url(&site.urls[id.0]),
            NavTarget::Section(s) => site.config.base_url.url(&site.section_path(*s)),
            NavTarget::Url(url) => url.clone(),
        });
        match href {
            Some(href) => {
                html.push_str("<a href=\"");
                let _ = escape_href(&mut *html, &href);
                html.push('"');
                let slot = html.len();
                html.push('>');
                let _ = escape_html(&mut *html, &node.title);
                html.push_str("</a>");
                Some(slot)
            }
            None => {
                html.push_str("<span>");
                let _ = escape_html(&mut *html, &node.title);
                html.push_str("</span>");
                None
            }
        }
    }

    /// The position of a section's entry, if the tree has one.
    pub fn section_position(&self, section: usize) -> Option<&[usize]> {
        self.sections.get(&section).map(Vec::as_slice)
    }

    /// The sidebar with the entry at `position` marked as the current page.
    pub fn for_page(&self, position: Option<&[usize]>) -> String {
        let Some(position) = position else {
            return self.html.clone();
        };
        let mut inserts: Vec<(usize, &str)> = Vec::new();
        for len in 1..=position.len() {
            if let Some(open) = self.slots.get(&position[..len]).and_then(|s| s.open) {
                inserts.push((open, " open"));
            }
        }
        if let Some(current) = self.slots.get(position).and_then(|s| s.current) {
            inserts.push((current, " aria-current=\"page\""));
        }
        inserts.sort_unstable();
        let mut out = String::with_capacity(self.html.len() + 64);
        let mut at = 0;
        for (offset, text) in inserts {
            out.push_str(&self.html[at..offset]);
            out.push_str(text);
            at = offset;
        }
        out.push_str(&self.html[at..]);
        out
    }
}
