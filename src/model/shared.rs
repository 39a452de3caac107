//! Byte runs read from the build cache, shared with the buffer of the file
//! they were read from instead of copied out of it.
//!
//! A rebuild reads every article's parse result, and most of a parse result
//! is byte runs (packed text, values kept encoded): copying them out of the
//! file's buffer doubled the memory that reading touched, and a third of the
//! time to read the parse results went to copying and to the page faults of
//! the copies.

use std::cell::RefCell;
use std::ops::Deref;

use bytes::Bytes;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

thread_local! {
    /// The buffer that byte runs being read on this thread may share.
    static SOURCE: RefCell<Option<Bytes>> = const { RefCell::new(None) };
}

/// Runs `read` (which decodes values from `source`) so that the byte runs it
/// reads share `source` rather than copy from it.
pub fn reading_from<R>(source: &Bytes, read: impl FnOnce() -> R) -> R {
    /// Puts back what was there, also when `read` panics.
    struct Restore(Option<Bytes>);
    impl Drop for Restore {
        fn drop(&mut self) {
            let previous = self.0.take();
            SOURCE.with(|s| *s.borrow_mut() = previous);
        }
    }
    let _restore = Restore(SOURCE.with(|s| s.replace(Some(source.clone()))));
    read()
}

/// A run of bytes: shared with the buffer it was read from, or owned.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct SharedBytes(Bytes);

impl SharedBytes {
    /// Whether the bytes are shared with `source` (for tests).
    #[cfg(test)]
    fn shares(&self, source: &Bytes) -> bool {
        within(source, &self.0)
    }
}

/// Whether `part` lies inside `whole`'s bytes.
fn within(whole: &[u8], part: &[u8]) -> bool {
    let (start, end) = (
        whole.as_ptr() as usize,
        whole.as_ptr() as usize + whole.len(),
    );
    let at = part.as_ptr() as usize;
    !part.is_empty() && at >= start && at + part.len() <= end
}

impl From<Vec<u8>> for SharedBytes {
    fn from(bytes: Vec<u8>) -> SharedBytes {
        SharedBytes(Bytes::from(bytes))
    }
}

impl Deref for SharedBytes {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        &self.0
    }
}

impl std::fmt::Debug for SharedBytes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} bytes", self.0.len())
    }
}

impl Serialize for SharedBytes {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_bytes(&self.0)
    }
}

impl<'de> Deserialize<'de> for SharedBytes {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<SharedBytes, D::Error> {
        d.deserialize_bytes(Visitor)
    }
}

struct Visitor;

impl<'de> serde::de::Visitor<'de> for Visitor {
    type Value = SharedBytes;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("bytes")
    }

    /// Bytes that lie in the buffer being read from are shared with it.
    fn visit_borrowed_bytes<E>(self, bytes: &'de [u8]) -> Result<SharedBytes, E> {
        let shared = SOURCE.with(|s| {
            s.borrow()
                .as_ref()
                .filter(|source| within(source, bytes))
                .map(|source| source.slice_ref(bytes))
        });
        Ok(SharedBytes(
            shared.unwrap_or_else(|| Bytes::copy_from_slice(bytes)),
        ))
    }

    fn visit_bytes<E>(self, bytes: &[u8]) -> Result<SharedBytes, E> {
        Ok(SharedBytes(Bytes::copy_from_slice(bytes)))
    }

    fn visit_byte_buf<E>(self, bytes: Vec<u8>) -> Result<SharedBytes, E> {
        Ok(SharedBytes::from(bytes))
    }

    /// Formats that write bytes as a list of numbers.
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<SharedBytes, A::Error> {
        let mut bytes = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        while let Some(byte) = seq.next_element()? {
            bytes.push(byte);
        }
        Ok(SharedBytes::from(bytes))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_read_from_a_source_share_it_and_others_are_copied() {
        let runs = (
            SharedBytes::from(b"eerste".to_vec()),
            SharedBytes::from(b"tweede".to_vec()),
        );
        let encoded = Bytes::from(postcard::to_stdvec(&runs).unwrap());
        let (first, second): (SharedBytes, SharedBytes) =
            reading_from(&encoded, || postcard::from_bytes(&encoded)).unwrap();
        assert_eq!((&*first, &*second), (&b"eerste"[..], &b"tweede"[..]));
        assert!(first.shares(&encoded) && second.shares(&encoded));
        // Outside `reading_from`, and from another buffer: copies.
        let (copied, _): (SharedBytes, SharedBytes) = postcard::from_bytes(&encoded).unwrap();
        assert_eq!(&*copied, b"eerste");
        assert!(!copied.shares(&encoded));
        let other = Bytes::from(encoded.to_vec());
        let (copied, _): (SharedBytes, SharedBytes) =
            reading_from(&other, || postcard::from_bytes(&encoded)).unwrap();
        assert!(!copied.shares(&encoded) && !copied.shares(&other));
        // The source is forgotten once read.
        let (after, _): (SharedBytes, SharedBytes) = postcard::from_bytes(&encoded).unwrap();
        assert!(!after.shares(&encoded));
    }

    #[test]
    fn bytes_written_as_numbers_read_back() {
        let bytes = SharedBytes::from(vec![1, 2, 3]);
        let json = serde_json::to_string(&bytes).unwrap();
        assert_eq!(json, "[1,2,3]");
        let back: SharedBytes = serde_json::from_str(&json).unwrap();
        assert_eq!(back, bytes);
        assert_eq!(format!("{back:?}"), "3 bytes");
    }
}
