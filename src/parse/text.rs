//! Bytes -> text. Invalid UTF-8 is reported (at the first bad byte) and read
//! lossily, never a panic; a byte-order mark is reported and skipped.

use crate::diagnostics::{Code, Diagnostic, FilePath, LineIndex};

/// Decodes a file. Returns the text (lossy where the bytes are not UTF-8) and
/// the offset where its content starts (3 after a byte-order mark).
pub fn decode(
    file: &FilePath,
    bytes: Vec<u8>,
    diagnostics: &mut Vec<Diagnostic>,
) -> (String, usize) {
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let bad = e.utf8_error().valid_up_to();
            let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
            // The lossy text agrees with the bytes up to the first bad byte.
            let span = LineIndex::new(&text).span(file, &text, bad..bad + '\u{FFFD}'.len_utf8());
            diagnostics.push(
                Diagnostic::at(
                    Code::InvalidUtf8,
                    span,
                    format!("this file is not valid UTF-8 (first bad byte at offset {bad})"),
                )
                .with_help("save the file as UTF-8; the bad bytes are shown as U+FFFD"),
            );
            text
        }
    };
    let start = if text.starts_with('\u{FEFF}') {
        let span = LineIndex::new(&text).span(file, &text, 0..3);
        diagnostics.push(
            Diagnostic::at(
                Code::ByteOrderMark,
                span.clone(),
                "the file starts with a byte-order mark",
            )
            .with_help("save the file as UTF-8 without BOM")
            .with_fix(span, ""),
        );
        3
    } else {
        0
    };
    (text, start)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_utf8_is_reported_at_the_first_bad_byte() {
        let mut diags = Vec::new();
        let (text, start) = decode(&"x.md".into(), b"ok\nverifi\xEBren\n".to_vec(), &mut diags);
        assert_eq!(start, 0);
        assert!(text.contains("verifi\u{FFFD}ren"));
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].code, Code::InvalidUtf8);
        let span = diags[0].span.as_ref().unwrap();
        assert_eq!((span.start.line, span.start.column), (2, 7));
    }

    #[test]
    fn bom_is_reported_and_skipped() {
        let mut diags = Vec::new();
        let (text, start) = decode(
            &"x.md".into(),
            "\u{FEFF}---\n".as_bytes().to_vec(),
            &mut diags,
        );
        assert_eq!(&text[start..], "---\n");
        assert_eq!(diags[0].code, Code::ByteOrderMark);
        assert_eq!(diags[0].fix.as_ref().unwrap().replacement, "");
    }
}
