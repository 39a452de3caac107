//! Parts of a parse result that the build cache keeps encoded until
//! something reads them.
//!
//! A rebuild after a one-article edit reads the parse result of every
//! article, but renders one page and checks a few: the blocks, links,
//! images, alerts and front matter entries of all the others would be
//! decoded for nothing. Read from the cache, they stay the bytes they were
//! written as, and are decoded the first time they are read.

use std::ops::Deref;
use std::sync::{Arc, OnceLock};

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::SharedBytes;
use crate::diagnostics::{FilePath, file_table};

/// A value: decoded, or still encoded as the cache wrote it.
pub struct Lazy<T> {
    /// The value once decoded; always set for a value that was not read
    /// from the cache.
    decoded: OnceLock<T>,
    /// The bytes it was read from, while it is unchanged since.
    encoded: Option<Arc<Encoded>>,
}

/// A value as the cache writes it: postcard bytes whose spans name their
/// files by index into `files` (see `file_table`).
#[derive(Serialize, Deserialize)]
struct Encoded {
    files: Vec<TableFile>,
    bytes: SharedBytes,
}

/// A file path written through the enclosing file table.
#[derive(Clone, Serialize, Deserialize)]
struct TableFile(#[serde(with = "file_table")] FilePath);

impl Encoded {
    fn of<T: Serialize>(value: &T) -> Result<Encoded, postcard::Error> {
        // Encoded on its own, whatever file it is then written into.
        let (bytes, files) =
            super::runs_inline(|| file_table::with_table_written(|| postcard::to_stdvec(value)));
        Ok(Encoded {
            files: files.into_iter().map(TableFile).collect(),
            bytes: SharedBytes::from(bytes?),
        })
    }

    /// The value. The bytes were written by this build of stegvis and their
    /// file's checksum is checked when they are first read, so they decode;
    /// were they ever not to (their runs file changed during the build,
    /// which its `RunSource` then records), the value is empty rather than
    /// fail.
    fn decode<T: DeserializeOwned + Default>(&self) -> T {
        let files = self.files.iter().map(|f| f.0.clone()).collect();
        super::runs_inline(|| {
            file_table::with_table_read(files, || postcard::from_bytes(&self.bytes))
        })
        .unwrap_or_default()
    }
}

impl<T: DeserializeOwned + Default> Lazy<T> {
    /// Changes the value (decoding it first when it is still encoded).
    pub fn modify(&mut self, change: impl FnOnce(&mut T)) {
        let encoded = self.encoded.take();
        self.decoded
            .get_or_init(|| encoded.map(|e| e.decode()).unwrap_or_default());
        if let Some(value) = self.decoded.get_mut() {
            change(value);
        }
    }

    /// Whether the value is still the encoded bytes it was read as.
    pub fn is_encoded(&self) -> bool {
        self.decoded.get().is_none()
    }
}

impl<T> From<T> for Lazy<T> {
    fn from(value: T) -> Lazy<T> {
        Lazy {
            decoded: OnceLock::from(value),
            encoded: None,
        }
    }
}

impl<T: Default> Default for Lazy<T> {
    fn default() -> Lazy<T> {
        Lazy::from(T::default())
    }
}

impl<T: DeserializeOwned + Default> Deref for Lazy<T> {
    type Target = T;

    fn deref(&self) -> &T {
        self.decoded.get_or_init(|| {
            self.encoded
                .as_ref()
                .map(|e| e.decode())
                .unwrap_or_default()
        })
    }
}

impl<'a, T: DeserializeOwned> IntoIterator for &'a Lazy<Vec<T>> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl<T: Clone> Clone for Lazy<T> {
    fn clone(&self) -> Lazy<T> {
        Lazy {
            decoded: self.decoded.clone(),
            encoded: self.encoded.clone(),
        }
    }
}

impl<T: DeserializeOwned + Default + PartialEq> PartialEq for Lazy<T> {
    fn eq(&self, other: &Lazy<T>) -> bool {
        **self == **other
    }
}

impl<T: DeserializeOwned + Default + std::fmt::Debug> std::fmt::Debug for Lazy<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        (**self).fmt(f)
    }
}

impl<T: Serialize> Serialize for Lazy<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match (&self.encoded, self.decoded.get()) {
            // Unchanged since read: written back as read, without encoding again.
            (Some(encoded), _) => encoded.serialize(s),
            (None, Some(value)) => Encoded::of(value)
                .map_err(serde::ser::Error::custom)?
                .serialize(s),
            (None, None) => Err(serde::ser::Error::custom("a value with no content")),
        }
    }
}

impl<'de, T> Deserialize<'de> for Lazy<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Lazy<T>, D::Error> {
        Ok(Lazy {
            decoded: OnceLock::new(),
            encoded: Some(Arc::new(Encoded::deserialize(d)?)),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Span;

    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    struct Spanned {
        name: String,
        span: Option<Span>,
    }

    /// `value` written and read back inside a file table, as the cache does.
    fn round_trip<T: Serialize>(value: &Lazy<T>) -> Lazy<T> {
        let (bytes, files) = file_table::with_table_written(|| postcard::to_stdvec(value));
        let bytes = bytes.unwrap();
        file_table::with_table_read(files, || postcard::from_bytes::<Lazy<T>>(&bytes)).unwrap()
    }

    #[test]
    fn a_value_read_back_stays_encoded_until_read_and_is_written_back_as_read() {
        let a: FilePath = "content/nl-NL/a.md".into();
        let b: FilePath = "content/nl-NL/includes/b.md".into();
        let original = Lazy::from(vec![
            Spanned {
                name: "een".into(),
                span: Some(Span::file_start(a.clone())),
            },
            Spanned {
                name: "twee".into(),
                span: Some(Span::file_start(b.clone())),
            },
        ]);
        let read = round_trip(&original);
        assert!(read.is_encoded());
        // Written again while still encoded, then read: the same value, its
        // spans naming the same files.
        let again = round_trip(&read);
        assert!(read.is_encoded(), "writing does not decode");
        assert_eq!(*again, *original);
        assert!(!again.is_encoded());
        assert_eq!(again[1].span.as_ref().map(|s| s.file.clone()), Some(b));
    }

    #[test]
    fn a_change_decodes_first_and_is_written_back() {
        let mut read = round_trip(&Lazy::from(vec![Spanned {
            name: "een".into(),
            span: None,
        }]));
        read.modify(|v| v[0].name = "ett".into());
        assert!(!read.is_encoded());
        assert_eq!(round_trip(&read)[0].name, "ett");
    }
}
