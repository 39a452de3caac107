//! The cache's files on disk. Each starts with a header: a magic string, the
//! format version, the build of stegvis that wrote it, the payload's length
//! and CRC-32; then the payload, in postcard. A file whose header, length,
//! checksum or payload does not check out is treated as absent: a corrupt,
//! truncated or foreign file costs a cold build, never a wrong one.
//!
//! Files are written under a temporary name and renamed into place, so a
//! reader never sees half a file.

use std::path::{Path, PathBuf};

use serde::Serialize;
use serde::de::DeserializeOwned;

const MAGIC: &[u8; 14] = b"stegvis-cache\n";
/// Raised whenever what the cache holds changes shape.
const FORMAT: u32 = 1;

/// Frames `value` for `build`.
pub fn encode<T: Serialize>(value: &T, build: &str) -> Option<Vec<u8>> {
    let payload = postcard::to_stdvec(value).ok()?;
    let mut bytes = Vec::with_capacity(payload.len() + 64 + build.len());
    bytes.extend_from_slice(MAGIC);
    bytes.extend_from_slice(&FORMAT.to_le_bytes());
    bytes.extend_from_slice(&(build.len() as u32).to_le_bytes());
    bytes.extend_from_slice(build.as_bytes());
    bytes.extend_from_slice(&(payload.len() as u64).to_le_bytes());
    bytes.extend_from_slice(&crc32fast::hash(&payload).to_le_bytes());
    bytes.extend_from_slice(&payload);
    Some(bytes)
}

/// The value framed in `bytes`, if they are whole and were written by `build`.
pub fn decode<T: DeserializeOwned>(bytes: &[u8], build: &str) -> Option<T> {
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
    if payload.len() as u64 != len || crc32fast::hash(payload) != crc {
        return None;
    }
    match postcard::take_from_bytes(payload) {
        Ok((value, [])) => Some(value),
        _ => None,
    }
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

/// Writes `bytes` to `path` through a temporary file beside it.
pub fn write(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let temporary = temporary(path);
    let result = std::fs::write(&temporary, bytes).and_then(|()| std::fs::rename(&temporary, path));
    if result.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    result
}

fn temporary(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".{}.tmp", std::process::id()));
    path.with_file_name(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_whole_file_of_this_build_is_read() {
        let value = vec!["een".to_string(), "twee".to_string()];
        let bytes = encode(&value, "build-1").unwrap();
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
}
