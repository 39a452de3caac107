//! Heading ids for headings without an `<a name>`, and an allocator that keeps
//! every id on a page unique.

use foldhash::{HashMap, HashSet};

/// A URL-friendly id from heading text: lower case, letters and digits of any
/// script kept, runs of anything else turned into one `-`.
pub fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    let mut dash = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            if dash && !slug.is_empty() {
                slug.push('-');
            }
            dash = false;
            slug.extend(c.to_lowercase());
        } else if c.is_whitespace() || c == '-' || c == '_' || c == '.' || c == '/' {
            dash = true;
        }
    }
    if slug.is_empty() {
        "section".to_string()
    } else {
        slug
    }
}

/// The ids used on one page.
#[derive(Debug, Default)]
pub struct Ids {
    taken: HashSet<String>,
    /// The next suffix to try for each base, so a thousand `## Step` headings
    /// cost a thousand lookups, not half a million.
    next: HashMap<String, u32>,
}

impl Ids {
    /// Marks an id written by the author as used (it is kept even if repeated).
    pub fn reserve(&mut self, id: &str) {
        self.taken.insert(id.to_string());
    }

    pub fn contains(&self, id: &str) -> bool {
        self.taken.contains(id)
    }

    /// `base` if free, else `base-2`, `base-3`, …
    pub fn unique(&mut self, base: &str) -> String {
        if self.taken.insert(base.to_string()) {
            return base.to_string();
        }
        let n = self.next.entry(base.to_string()).or_insert(2);
        loop {
            let id = format!("{base}-{n}");
            *n += 1;
            if self.taken.insert(id.clone()) {
                return id;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert_eq!(
            slugify("Uw gratis Azure-account upgraden"),
            "uw-gratis-azure-account-upgraden"
        );
        assert_eq!(
            slugify("Wie kan een abonnement annuleren?"),
            "wie-kan-een-abonnement-annuleren"
        );
        assert_eq!(
            slugify("Lägg till en språkversion"),
            "lägg-till-en-språkversion"
        );
        assert_eq!(slugify("  --Step 1: Do it!--  "), "step-1-do-it");
        assert_eq!(slugify("???"), "section");
    }

    #[test]
    fn ids_are_made_unique() {
        let mut ids = Ids::default();
        ids.reserve("intro");
        assert_eq!(ids.unique("intro"), "intro-2");
        assert_eq!(ids.unique("intro"), "intro-3");
        assert_eq!(ids.unique("next"), "next");
    }
}
