//! Byte runs (packed text, values kept encoded) that the build cache keeps
//! in a file of their own and reads only when something reads them.
//!
//! A rebuild reads every article's parse result, and four fifths of a parse
//! result is byte runs: 68 of 86 MB for a 10,000-article site. A one-article
//! rebuild reads a handful of them (the changed article's bucket, to write it
//! again). So the cache writes a bucket's runs to a file beside its parse
//! results, and a run read from the cache is a place in that file: the file
//! is read, whole and checked, the first time one of its runs is read.
//!
//! A runs file that is gone or does not check out by then (another program
//! changed the cache during the build) reads as empty, and its `RunSource`
//! says so: the build then must not use what it made (see
//! `cache::Previous::damaged`).

use std::cell::RefCell;
use std::ops::{Deref, Range};
use std::sync::Arc;

use bytes::Bytes;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Where byte runs read from the build cache are: the file of one bucket's
/// runs, read on first use.
pub trait RunSource: Send + Sync {
    /// The file's runs, or `None` when it cannot be read or does not check
    /// out (then the source remembers that it was damaged).
    fn runs(&self) -> Option<&Bytes>;
    /// Records that a run could not be read from the file's runs.
    fn damaged(&self);
}

thread_local! {
    /// The runs written so far by the cache file being written on this thread.
    static WRITING: RefCell<Option<Vec<u8>>> = const { RefCell::new(None) };
    /// Where the runs of the cache file being read on this thread are.
    static READING: RefCell<Option<Arc<dyn RunSource>>> = const { RefCell::new(None) };
}

/// Puts back what a thread-local held, also when the code in between panics.
struct Restore<T: 'static>(
    &'static std::thread::LocalKey<RefCell<Option<T>>>,
    Option<T>,
);

impl<T: 'static> Drop for Restore<T> {
    fn drop(&mut self) {
        let previous = self.1.take();
        self.0.with(|s| *s.borrow_mut() = previous);
    }
}

/// Runs `write` (which encodes values) so that the byte runs it writes go to
/// a buffer of their own, each written in its place as where it is in that
/// buffer. Returns what `write` returned and the runs.
pub fn writing_runs<R>(write: impl FnOnce() -> R) -> (R, Vec<u8>) {
    let restore = Restore(&WRITING, WRITING.with(|s| s.replace(Some(Vec::new()))));
    let result = write();
    let runs = WRITING.with(|s| s.borrow_mut().take()).unwrap_or_default();
    drop(restore);
    (result, runs)
}

/// Runs `read` (which decodes what `writing_runs` wrote) so that the byte
/// runs it reads are places in `source`.
pub fn reading_runs<R>(source: Arc<dyn RunSource>, read: impl FnOnce() -> R) -> R {
    let _restore = Restore(&READING, READING.with(|s| s.replace(Some(source))));
    read()
}

/// Runs `code` outside `writing_runs` and `reading_runs`: for values encoded
/// on their own (`Lazy`), whose bytes are read without either.
pub fn runs_inline<R>(code: impl FnOnce() -> R) -> R {
    let _writing = Restore(&WRITING, WRITING.with(|s| s.take()));
    let _reading = Restore(&READING, READING.with(|s| s.take()));
    code()
}

/// A run of bytes: here, or a place in the runs of a cache file.
#[derive(Clone, Default)]
pub struct SharedBytes(Repr);

#[derive(Clone)]
enum Repr {
    Here(Bytes),
    Stored(Arc<dyn RunSource>, Range<usize>),
}

impl Default for Repr {
    fn default() -> Repr {
        Repr::Here(Bytes::new())
    }
}

impl SharedBytes {
    /// The bytes; `None` when they are a place in a runs file that cannot be
    /// read (which the source records).
    pub fn get(&self) -> Option<&[u8]> {
        match &self.0 {
            Repr::Here(bytes) => Some(bytes),
            Repr::Stored(source, range) => {
                let found = source.runs().and_then(|runs| runs.get(range.clone()));
                if found.is_none() {
                    source.damaged();
                }
                found
            }
        }
    }

    /// Whether the bytes are still only a place in a runs file (for tests).
    #[cfg(test)]
    pub fn is_stored(&self) -> bool {
        matches!(self.0, Repr::Stored(..))
    }
}

impl From<Vec<u8>> for SharedBytes {
    fn from(bytes: Vec<u8>) -> SharedBytes {
        SharedBytes(Repr::Here(Bytes::from(bytes)))
    }
}

/// Bytes that cannot be read are empty (and their source knows it).
impl Deref for SharedBytes {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        self.get().unwrap_or_default()
    }
}

impl PartialEq for SharedBytes {
    fn eq(&self, other: &SharedBytes) -> bool {
        **self == **other
    }
}

impl Eq for SharedBytes {}

impl std::fmt::Debug for SharedBytes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.0 {
            Repr::Here(bytes) => write!(f, "{} bytes", bytes.len()),
            Repr::Stored(_, range) => write!(f, "{} bytes", range.len()),
        }
    }
}

/// Inside `writing_runs`: the run's place in the runs (its start and length);
/// elsewhere the bytes. Bytes that cannot be read are an error, never
/// written as empty.
impl Serialize for SharedBytes {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let bytes = self
            .get()
            .ok_or_else(|| serde::ser::Error::custom("the build cache's runs could not be read"))?;
        let place = WRITING.with(|w| {
            w.borrow_mut().as_mut().map(|runs| {
                let start = runs.len();
                runs.extend_from_slice(bytes);
                (start as u64, bytes.len() as u64)
            })
        });
        match place {
            Some(place) => place.serialize(s),
            None => s.serialize_bytes(bytes),
        }
    }
}

impl<'de> Deserialize<'de> for SharedBytes {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<SharedBytes, D::Error> {
        match READING.with(|r| r.borrow().clone()) {
            Some(source) => {
                let (start, len) = <(u64, u64)>::deserialize(d)?;
                let range = usize::try_from(start)
                    .ok()
                    .zip(usize::try_from(len).ok())
                    .and_then(|(start, len)| Some(start..start.checked_add(len)?))
                    .ok_or_else(|| serde::de::Error::custom("a run beyond any file"))?;
                Ok(SharedBytes(Repr::Stored(source, range)))
            }
            None => d.deserialize_bytes(Visitor),
        }
    }
}

struct Visitor;

impl<'de> serde::de::Visitor<'de> for Visitor {
    type Value = SharedBytes;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("bytes")
    }

    fn visit_bytes<E>(self, bytes: &[u8]) -> Result<SharedBytes, E> {
        Ok(SharedBytes(Repr::Here(Bytes::copy_from_slice(bytes))))
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
    use std::sync::OnceLock;
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

    /// Runs held in memory, counting how often they are asked for.
    #[derive(Default)]
    struct Held {
        runs: OnceLock<Option<Bytes>>,
        file: Option<Vec<u8>>,
        loads: AtomicUsize,
        damaged: AtomicBool,
    }

    impl RunSource for Held {
        fn runs(&self) -> Option<&Bytes> {
            self.runs
                .get_or_init(|| {
                    self.loads.fetch_add(1, Ordering::Relaxed);
                    self.file.clone().map(Bytes::from)
                })
                .as_ref()
        }

        fn damaged(&self) {
            self.damaged.store(true, Ordering::Relaxed);
        }
    }

    fn written() -> (Vec<u8>, Vec<u8>) {
        let values = (
            SharedBytes::from(b"eerste".to_vec()),
            vec![
                SharedBytes::from(b"tweede".to_vec()),
                SharedBytes::default(),
            ],
        );
        let (encoded, runs) = writing_runs(|| postcard::to_stdvec(&values).unwrap());
        (encoded, runs)
    }

    type Values = (SharedBytes, Vec<SharedBytes>);

    #[test]
    fn runs_written_apart_are_read_from_their_file_on_first_use() {
        let (encoded, runs) = written();
        assert_eq!(runs, b"eerstetweede");
        assert!(encoded.len() < 12, "places, not bytes: {encoded:?}");
        let held = Arc::new(Held {
            file: Some(runs),
            ..Held::default()
        });
        let (first, rest): Values =
            reading_runs(held.clone(), || postcard::from_bytes(&encoded)).unwrap();
        assert!(first.is_stored());
        assert_eq!(held.loads.load(Ordering::Relaxed), 0, "not read yet");
        assert_eq!(&*first, b"eerste");
        assert_eq!(&*rest[0], b"tweede");
        assert_eq!(&*rest[1], b"");
        assert_eq!(held.loads.load(Ordering::Relaxed), 1, "read once");
        assert!(!held.damaged.load(Ordering::Relaxed));
        // Written again: from the file's runs, to new runs.
        let (again, runs) = writing_runs(|| postcard::to_stdvec(&(&first, &rest)).unwrap());
        assert_eq!((again, runs), written());
        // Outside both, the bytes themselves.
        let inline: Values =
            postcard::from_bytes(&runs_inline(|| postcard::to_stdvec(&(&first, &rest))).unwrap())
                .unwrap();
        assert!(!inline.0.is_stored());
        assert_eq!(inline, (first, rest));
    }

    #[test]
    fn runs_that_cannot_be_read_are_empty_recorded_and_never_written() {
        let (encoded, runs) = written();
        for file in [None, Some(runs[..8].to_vec())] {
            let held = Arc::new(Held {
                file: file.clone(),
                ..Held::default()
            });
            let (first, rest): Values =
                reading_runs(held.clone(), || postcard::from_bytes(&encoded)).unwrap();
            // A short file still holds the first run.
            assert_eq!(&*first, if file.is_some() { &b"eerste"[..] } else { b"" });
            assert_eq!(&*rest[0], b"", "{file:?}");
            assert!(held.damaged.load(Ordering::Relaxed), "{file:?}");
            assert!(writing_runs(|| postcard::to_stdvec(&rest)).0.is_err());
            assert!(postcard::to_stdvec(&rest).is_err());
        }
    }

    #[test]
    fn the_thread_locals_are_put_back() {
        let held: Arc<dyn RunSource> = Arc::new(Held::default());
        let inside = reading_runs(held, || {
            runs_inline(|| READING.with(|r| r.borrow().is_none()))
                && READING.with(|r| r.borrow().is_some())
        });
        assert!(inside);
        assert!(READING.with(|r| r.borrow().is_none()));
        let result = std::panic::catch_unwind(|| writing_runs(|| panic!("in the middle")));
        assert!(result.is_err());
        assert!(WRITING.with(|w| w.borrow().is_none()));
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
