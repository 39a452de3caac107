//! The cache's files on disk. Each starts with a header: a magic string, the
//! format version, the build of stegvis that wrote it, the payload's length
//! and CRC-32; then the payload, in postcard. A file whose header, length,
//! checksum or payload does not check out is treated as absent: a corrupt,
//! truncated or foreign file costs a cold build, never a wrong one.
//!
//! Files are written under a temporary name and renamed into place, so a
//! reader never sees half a file. The payload is written as it is encoded,
//! a chunk at a time, and the header's length and checksum filled in after:
//! the parse results of a large site are tens of megabytes, which would
//! otherwise be held in memory twice (encoded, then framed) at the end of
//! a build.

use std::io::{Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use serde::Serialize;
use serde::de::DeserializeOwned;

const MAGIC: &[u8; 14] = b"stegvis-cache\n";
/// Raised whenever what the cache holds changes shape.
const FORMAT: u32 = 6;
/// How much encoded payload is gathered before it is checksummed and written.
const CHUNK: usize = 256 * 1024;

/// The header up to the payload's length and checksum.
fn header(build: &str) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(MAGIC.len() + 8 + build.len() + 12);
    bytes.extend_from_slice(MAGIC);
    bytes.extend_from_slice(&FORMAT.to_le_bytes());
    bytes.extend_from_slice(&(build.len() as u32).to_le_bytes());
    bytes.extend_from_slice(build.as_bytes());
    bytes
}

/// Writes `value`, framed for `build`, to `path` (through a temporary file
/// beside it). Returns the payload's checksum, which names this save of the
/// file: `decode_checked` reads the file only when it still holds it.
pub fn save<T: Serialize + ?Sized>(path: &Path, value: &T, build: &str) -> std::io::Result<u32> {
    let temporary = temporary(path);
    let result = save_to(&temporary, value, build).and_then(|crc| {
        std::fs::rename(&temporary, path)?;
        Ok(crc)
    });
    if result.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    result
}

fn save_to<T: Serialize + ?Sized>(path: &Path, value: &T, build: &str) -> std::io::Result<u32> {
    let mut file = std::fs::File::create(path)?;
    let header = header(build);
    file.write_all(&header)?;
    // Length and checksum: filled in once the payload is written.
    file.write_all(&[0; 12])?;
    let payload = postcard::to_io(
        value,
        Chunks {
            out: &mut file,
            buffer: Vec::with_capacity(CHUNK),
            crc: crc32fast::Hasher::new(),
            len: 0,
        },
    )
    .map_err(|e| std::io::Error::other(format!("the cache could not be encoded: {e}")))?;
    let (len, crc) = payload.finish()?;
    let mut sizes = [0; 12];
    sizes[..8].copy_from_slice(&len.to_le_bytes());
    sizes[8..].copy_from_slice(&crc.to_le_bytes());
    file.seek(SeekFrom::Start(header.len() as u64))?;
    file.write_all(&sizes)?;
    Ok(crc)
}

/// A writer that gathers what postcard encodes (a byte or a few at a time)
/// into chunks, checksums each chunk and writes it.
struct Chunks<W: Write> {
    out: W,
    buffer: Vec<u8>,
    crc: crc32fast::Hasher,
    len: u64,
}

impl<W: Write> Chunks<W> {
    fn write_buffer(&mut self) -> std::io::Result<()> {
        self.crc.update(&self.buffer);
        self.len += self.buffer.len() as u64;
        self.out.write_all(&self.buffer)?;
        self.buffer.clear();
        Ok(())
    }

    /// Writes what is left; the payload's length and checksum.
    fn finish(mut self) -> std::io::Result<(u64, u32)> {
        self.write_buffer()?;
        Ok((self.len, self.crc.finalize()))
    }
}

impl<W: Write> Write for Chunks<W> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.buffer.extend_from_slice(bytes);
        if self.buffer.len() >= CHUNK {
            self.write_buffer()?;
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The value framed in `bytes`, if they are whole and were written by `build`.
pub fn decode<T: DeserializeOwned>(bytes: &[u8], build: &str) -> Option<T> {
    decode_checked(bytes, build, None)
}

/// `decode`, when the payload's checksum is also `expected` (the file holds
/// the save that `save` returned `expected` for).
pub fn decode_checked<T: DeserializeOwned>(
    bytes: &[u8],
    build: &str,
    expected: Option<u32>,
) -> Option<T> {
    match postcard::take_from_bytes(payload(bytes, build, expected)?) {
        Ok((value, [])) => Some(value),
        _ => None,
    }
}

/// The payload framed in `bytes`, if they are whole, were written by `build`
/// and (with `expected`) hold the save whose checksum that is.
fn payload<'a>(bytes: &'a [u8], build: &str, expected: Option<u32>) -> Option<&'a [u8]> {
    let rest = bytes.strip_prefix(MAGIC.as_slice())?;
    let (format, rest) = take_u32(rest)?;
    let (len, rest) = take_u32(rest)?;
    let (written_by, rest) = rest.split_at_checked(len as usize)?;
    if format != FORMAT || written_by != build.as_bytes() {
        return None;
    }
    let (len, rest) = rest
        .split_first_chunk::<8>()
        .map(|(n, r)| (u64::from_le_bytes(*n), r))?;
    let (crc, payload) = take_u32(rest)?;
    if expected.is_some_and(|e| e != crc) {
        return None;
    }
    if payload.len() as u64 != len || crc32fast::hash(payload) != crc {
        return None;
    }
    Some(payload)
}

/// Writes `bytes` as they are, framed for `build`, to `path` (as `save`
/// does). Returns the payload's checksum and the file's length.
pub fn save_raw(path: &Path, bytes: &[u8], build: &str) -> std::io::Result<(u32, u64)> {
    let temporary = temporary(path);
    let crc = crc32fast::hash(bytes);
    let mut framed = header(build);
    framed.extend_from_slice(&(bytes.len() as u64).to_le_bytes());
    framed.extend_from_slice(&crc.to_le_bytes());
    let result = std::fs::File::create(&temporary)
        .and_then(|mut file| {
            file.write_all(&framed)?;
            file.write_all(bytes)
        })
        .and_then(|()| std::fs::rename(&temporary, path));
    if result.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    result.map(|()| (crc, (framed.len() + bytes.len()) as u64))
}

/// What `save_raw` wrote to `path`, while the file still holds the save
/// whose checksum is `expected`: the bytes, without a copy of them.
pub fn read_raw(path: &Path, build: &str, expected: u32) -> Option<bytes::Bytes> {
    let file = bytes::Bytes::from(std::fs::read(path).ok()?);
    let payload = payload(&file, build, Some(expected))?;
    Some(file.slice_ref(payload))
}

fn take_u32(bytes: &[u8]) -> Option<(u32, &[u8])> {
    bytes
        .split_first_chunk::<4>()
        .map(|(n, r)| (u32::from_le_bytes(*n), r))
}

/// Reads and decodes the file at `path`.
pub fn read<T: DeserializeOwned>(path: &Path, build: &str) -> Option<T> {
    decode(&std::fs::read(path).ok()?, build)
}

fn temporary(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".{}.tmp", std::process::id()));
    path.with_file_name(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The bytes `save` writes for `value`, and the checksum it returns.
    fn saved<T: Serialize + ?Sized>(value: &T, build: &str) -> (Vec<u8>, u32) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("file.bin");
        let crc = save(&path, value, build).unwrap();
        let leftovers = std::fs::read_dir(dir.path()).unwrap().count();
        assert_eq!(leftovers, 1, "no temporary file is left");
        (std::fs::read(&path).unwrap(), crc)
    }

    #[test]
    fn only_a_whole_file_of_this_build_is_read() {
        let value = vec!["een".to_string(), "twee".to_string()];
        let (bytes, _) = saved(&value, "build-1");
        assert_eq!(decode::<Vec<String>>(&bytes, "build-1"), Some(value));
        assert_eq!(
            decode::<Vec<String>>(&bytes, "build-2"),
            None,
            "another stegvis"
        );
        for cut in [0, 5, 20, bytes.len() - 1] {
            assert_eq!(
                decode::<Vec<String>>(&bytes[..cut], "build-1"),
                None,
                "cut at {cut}"
            );
        }
        let mut flipped = bytes.clone();
        let last = flipped.len() - 2;
        flipped[last] ^= 0x20;
        assert_eq!(
            decode::<Vec<String>>(&flipped, "build-1"),
            None,
            "a flipped bit"
        );
        let mut longer = bytes.clone();
        longer.push(0);
        assert_eq!(
            decode::<Vec<String>>(&longer, "build-1"),
            None,
            "trailing bytes"
        );
        assert_eq!(decode::<Vec<u64>>(&bytes, "build-1"), None, "another shape");
    }

    #[test]
    fn raw_bytes_read_back_only_from_their_save() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("runs.bin");
        let (crc, len) = save_raw(&path, b"eerstetweede", "build-1").unwrap();
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
        assert_eq!(std::fs::metadata(&path).unwrap().len(), len);
        let read = read_raw(&path, "build-1", crc).unwrap();
        assert_eq!(&read[..], b"eerstetweede");
        assert_eq!(read_raw(&path, "build-1", crc ^ 1), None, "another save");
        assert_eq!(read_raw(&path, "build-2", crc), None, "another stegvis");
        let mut bytes = std::fs::read(&path).unwrap();
        let last = bytes.len() - 1;
        bytes[last] ^= 1;
        std::fs::write(&path, &bytes).unwrap();
        assert_eq!(read_raw(&path, "build-1", crc), None, "a flipped bit");
        std::fs::write(&path, &bytes[..last]).unwrap();
        assert_eq!(read_raw(&path, "build-1", crc), None, "cut short");
        std::fs::remove_file(&path).unwrap();
        assert_eq!(read_raw(&path, "build-1", crc), None, "gone");
        // The empty run list frames as any other.
        let (crc, _) = save_raw(&path, b"", "build-1").unwrap();
        assert_eq!(read_raw(&path, "build-1", crc).as_deref(), Some(&b""[..]));
    }

    #[test]
    fn a_payload_of_many_chunks_reads_back_and_names_its_save() {
        // Several chunks, the last one partly filled.
        let value: Vec<String> = (0..100_000).map(|i| format!("pagina-{i}")).collect();
        let (bytes, crc) = saved(&value, "build-1");
        assert!(bytes.len() > 3 * CHUNK, "{} bytes", bytes.len());
        assert_eq!(
            decode_checked::<Vec<String>>(&bytes, "build-1", Some(crc)),
            Some(value.clone())
        );
        assert_eq!(
            decode_checked::<Vec<String>>(&bytes, "build-1", Some(crc ^ 1)),
            None,
            "another save of the file"
        );
        // The checksum is the payload's: the same value saved again gives the same one.
        assert_eq!(saved(&value, "build-1").1, crc);
        assert_ne!(saved(&value[1..], "build-1").1, crc);
    }
}
