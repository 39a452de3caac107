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

/// The lines of `text[range]`, each with its line break: the one line walker of
/// the passes that read source lines (front matter, includes, directives).
pub fn lines(
    text: &str,
    range: std::ops::Range<usize>,
) -> impl Iterator<Item = std::ops::Range<usize>> + '_ {
    let mut pos = range.start;
    let end = range.end.min(text.len());
    std::iter::from_fn(move || {
        if pos >= end {
            return None;
        }
        let line_end = text[pos..end]
            .find('\n')
            .map(|i| pos + i + 1)
            .unwrap_or(end);
        let line = pos..line_end;
        pos = line_end;
        Some(line)
    })
}

/// The Windows-1252 byte of a character, as a decoder that took UTF-8 for
/// Windows-1252 (or Latin-1) would have produced it.
fn cp1252_byte(c: char) -> Option<u8> {
    let code = c as u32;
    if code < 0x80 || (0xA0..=0xFF).contains(&code) || (0x80..=0x9F).contains(&code) {
        return Some(code as u8);
    }
    Some(match c {
        '€' => 0x80,
        '‚' => 0x82,
        'ƒ' => 0x83,
        '„' => 0x84,
        '…' => 0x85,
        '†' => 0x86,
        '‡' => 0x87,
        'ˆ' => 0x88,
        '‰' => 0x89,
        'Š' => 0x8A,
        '‹' => 0x8B,
        'Œ' => 0x8C,
        'Ž' => 0x8E,
        '‘' => 0x91,
        '’' => 0x92,
        '“' => 0x93,
        '”' => 0x94,
        '•' => 0x95,
        '–' => 0x96,
        '—' => 0x97,
        '˜' => 0x98,
        '™' => 0x99,
        'š' => 0x9A,
        '›' => 0x9B,
        'œ' => 0x9C,
        'ž' => 0x9E,
        'Ÿ' => 0x9F,
        _ => return None,
    })
}

/// Characters that mojibake in Western European text stands for: Latin-1
/// letters and signs, typographic quotes and dashes, and a few more. Limiting
/// repairs to these keeps ordinary text (`”SKÅ”`) from being taken for mojibake.
fn plausible(c: char) -> bool {
    matches!(c as u32, 0xA0..=0xFF | 0x2010..=0x2027 | 0x20AC | 0x2122 | 0x0152 | 0x0153 | 0x0160 | 0x0161 | 0x0178 | 0x017D | 0x017E)
}

/// The mojibake sequence starting at `text[start..]`, if any: its length in bytes
/// and the character it stands for.
fn mojibake_at(text: &str, start: usize) -> Option<(usize, char)> {
    let mut chars = text[start..].char_indices();
    let (_, first) = chars.next()?;
    let lead = cp1252_byte(first)?;
    let len = match lead {
        0xC2..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xF4 => 4,
        _ => return None,
    };
    let mut bytes = [lead, 0, 0, 0];
    let mut end = first.len_utf8();
    for byte in bytes.iter_mut().take(len).skip(1) {
        let (i, c) = chars.next()?;
        *byte = cp1252_byte(c).filter(|b| (0x80..=0xBF).contains(b))?;
        end = i + c.len_utf8();
    }
    let decoded = std::str::from_utf8(&bytes[..len]).ok()?.chars().next()?;
    plausible(decoded).then_some((end, decoded))
}

/// Finds runs of mojibake in `text` from `start`: (byte range, repaired text).
pub fn find_mojibake(text: &str, start: usize) -> Vec<(std::ops::Range<usize>, String)> {
    let mut found: Vec<(std::ops::Range<usize>, String)> = Vec::new();
    let bytes = text.as_bytes();
    let mut i = start;
    while i < text.len() {
        // Mojibake starts with a character outside ASCII: skip ASCII at once.
        if bytes[i] < 0x80 {
            match bytes[i..].iter().position(|b| *b >= 0x80) {
                Some(skip) => i += skip,
                None => break,
            }
        }
        if let Some((len, decoded)) = mojibake_at(text, i) {
            match found.last_mut() {
                Some((range, repaired)) if range.end == i => {
                    range.end = i + len;
                    repaired.push(decoded);
                }
                _ => found.push((i..i + len, decoded.to_string())),
            }
            i += len;
        } else {
            i += text[i..].chars().next().map(char::len_utf8).unwrap_or(1);
        }
    }
    found
}

/// The parts of `text` from `start` that are prose: not fenced code blocks,
/// not code spans. Code may quote mojibake or conflict markers on purpose.
fn prose_ranges(text: &str, start: usize) -> Vec<std::ops::Range<usize>> {
    let mut ranges = Vec::new();
    let mut fences = super::fence::Fences::default();
    for line in lines(text, start..text.len()) {
        let (line_start, line_end) = (line.start, line.end);
        let line = &text[line];
        if !fences.is_code(line) {
            let bytes = line.as_bytes();
            let (mut from, mut i) = (0, 0);
            while i < bytes.len() {
                if bytes[i] != b'`' {
                    i += 1;
                    continue;
                }
                let run = bytes[i..].iter().take_while(|b| **b == b'`').count();
                match line[i + run..].find(&"`".repeat(run)) {
                    Some(end) => {
                        ranges.push(line_start + from..line_start + i);
                        i += run + end + run;
                        from = i;
                    }
                    None => i += run,
                }
            }
            ranges.push(line_start + from..line_end);
        }
    }
    ranges
}

/// Reports what text can get wrong whatever the Markdown says: mojibake and
/// merge-conflict markers.
pub fn report_text_problems(
    file: &FilePath,
    text: &str,
    start: usize,
    diagnostics: &mut Vec<Diagnostic>,
) {
    // Most files hold neither: finding that out with a byte search costs a
    // fraction of telling prose from code line by line.
    let tail = &text.as_bytes()[start.min(text.len())..];
    let markers = memchr::memmem::find(tail, b"<<<<<<<").is_some()
        || memchr::memmem::find(tail, b">>>>>>>").is_some();
    if !markers && !may_hold_mojibake(tail) {
        return;
    }
    let prose = prose_ranges(text, start);
    report_mojibake(file, text, &prose, diagnostics);
    report_conflict_markers(file, text, &prose, diagnostics);
}

/// Whether `bytes` hold a place where `mojibake_at` could find something: a
/// character U+00C2..U+00F4 (UTF-8 `C3 82`..`C3 B4`, the lead byte of a
/// sequence as Windows-1252 shows it) directly followed by one that stands
/// for a continuation byte 0x80..0xBF: U+0080..U+00BF (`C2 xx`) or one of
/// Windows-1252's letters and signs there (`C5`, `C6`, `CB` or `E2` first).
fn may_hold_mojibake(bytes: &[u8]) -> bool {
    memchr::memchr_iter(0xC3, bytes).any(|i| {
        matches!(bytes.get(i + 1), Some(0x82..=0xB4))
            && matches!(bytes.get(i + 2), Some(0xC2 | 0xC5 | 0xC6 | 0xCB | 0xE2))
    })
}

/// `<<<<<<<` and `>>>>>>>` outside code: a merge that was never resolved.
/// The text is searched once per marker; hits in code are left alone.
fn report_conflict_markers(
    file: &FilePath,
    text: &str,
    prose: &[std::ops::Range<usize>],
    diagnostics: &mut Vec<Diagnostic>,
) {
    let Some(first) = prose.first().map(|r| r.start) else {
        return;
    };
    let mut index = None;
    for marker in ["<<<<<<<", ">>>>>>>"] {
        let mut from = first;
        while let Some(i) = text[from..].find(marker) {
            let at = from + i;
            from = at + marker.len();
            // A longer run of the same character is one marker.
            while text[from..].starts_with(&marker[..1]) {
                from += 1;
            }
            // Prose ranges are sorted and apart: the one that could hold `at`.
            let in_prose = match prose.partition_point(|r| r.start <= at) {
                0 => false,
                n => at + marker.len() <= prose[n - 1].end,
            };
            if !in_prose {
                continue;
            }
            let index = index.get_or_insert_with(|| LineIndex::new(text));
            diagnostics.push(
                Diagnostic::at(
                    Code::MergeConflict,
                    index.span(file, text, at..at + marker.len()),
                    format!(
                        "merge-conflict marker `{marker}`: two versions of the text are mixed here"
                    ),
                )
                .with_help(
                    "keep one version and delete the `<<<<<<<`, `=======` and `>>>>>>>` markers",
                ),
            );
        }
    }
}

/// Reports mojibake in prose, with the repaired text as the fix.
fn report_mojibake(
    file: &FilePath,
    text: &str,
    prose: &[std::ops::Range<usize>],
    diagnostics: &mut Vec<Diagnostic>,
) {
    let found: Vec<(std::ops::Range<usize>, String)> = prose
        .iter()
        .flat_map(|r| find_mojibake(&text[..r.end], r.start))
        .collect();
    if found.is_empty() {
        return;
    }
    let index = LineIndex::new(text);
    for (range, repaired) in found {
        let span = index.span(file, text, range.clone());
        diagnostics.push(
            Diagnostic::at(
                Code::Mojibake,
                span.clone(),
                format!("`{}` looks like mojibake for `{repaired}`", &text[range]),
            )
            .with_help("the text was decoded with the wrong encoding somewhere along the way")
            .with_fix(span, repaired),
        );
    }
}

#[cfg(test)]
mod mojibake_tests {
    use super::*;

    #[test]
    fn repairs_utf8_read_as_windows_1252() {
        let text = "verifiÃ«ren, Ã¥tgÃ¤rd, donâ€™t, â€œcitatâ€\u{9d}, 5 â‚¬";
        let found: Vec<(String, String)> = find_mojibake(text, 0)
            .into_iter()
            .map(|(r, fix)| (text[r].to_string(), fix))
            .collect();
        assert_eq!(
            found,
            [
                ("Ã«".to_string(), "ë".to_string()),
                ("Ã¥".to_string(), "å".to_string()),
                ("Ã¤".to_string(), "ä".to_string()),
                ("â€™".to_string(), "’".to_string()),
                ("â€œ".to_string(), "“".to_string()),
                ("â€\u{9d}".to_string(), "”".to_string()),
                ("â‚¬".to_string(), "€".to_string()),
            ]
        );
    }

    #[test]
    fn ordinary_text_is_not_mojibake() {
        for text in [
            "Välj ”SKÅ” och tryck på Ä.",
            "Ça va, Ångström, São Paulo, Überblick, ÀÉÎÕÜ",
            "Zoë, naïve, café, ½ × ¾, «quote», Œuvre, ‘single’",
            "Prijs: € 5,– per maand",
        ] {
            assert!(
                find_mojibake(text, 0).is_empty(),
                "{text}: {:?}",
                find_mojibake(text, 0)
            );
        }
    }

    #[test]
    fn the_byte_search_misses_no_mojibake_the_full_search_finds() {
        // Every lead character followed by every character that stands for
        // a continuation byte: where `find_mojibake` finds something, the
        // quick test must say it may.
        let continuation: Vec<char> = (0x80u32..=0xBF)
            .filter_map(char::from_u32)
            .chain("€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ".chars())
            .collect();
        let mut found = 0;
        for lead in (0xC2u32..=0xF4).filter_map(char::from_u32) {
            for &c in &continuation {
                for &d in &continuation {
                    let text = format!("x{lead}{c}{d}{d}y");
                    if !find_mojibake(&text, 0).is_empty() {
                        found += 1;
                        assert!(may_hold_mojibake(text.as_bytes()), "{text:?}");
                    }
                }
            }
        }
        assert!(found > 1000, "only {found} cases were mojibake");
        // Ordinary Dutch and Swedish text skips the line-by-line search.
        for text in [
            "Välj SKÅ och tryck på Ä.",
            "Zoë, naïve, café, ½ × ¾",
            "åäö éè",
        ] {
            assert!(!may_hold_mojibake(text.as_bytes()), "{text}");
        }
    }

    #[test]
    fn merge_conflict_markers_are_found_mid_line_too() {
        let mut diags = Vec::new();
        let text = "---\nauteur: x <<<<<<< upstream ms.date: 1 ======= ms.date: 2\n>>>>>>> mine\n---\n```\n<<<<<<< in code\n```\n";
        report_text_problems(&"a.md".into(), text, 0, &mut diags);
        let at: Vec<(u32, u32)> = diags
            .iter()
            .map(|d| {
                (
                    d.span.as_ref().unwrap().start.line,
                    d.span.as_ref().unwrap().start.column,
                )
            })
            .collect();
        assert_eq!(at, [(2, 11), (3, 1)]);
        assert!(diags.iter().all(|d| d.code == Code::MergeConflict));
    }

    #[test]
    fn code_may_quote_mojibake() {
        let mut diags = Vec::new();
        let text = "Write `Ã«` in code.\n```\nverifiÃ«ren\n```\nBut not verifiÃ«ren here.\n";
        report_text_problems(&"a.md".into(), text, 0, &mut diags);
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].span.as_ref().unwrap().start.line, 5);
    }

    #[test]
    fn reported_at_the_exact_line_and_column_with_a_fix() {
        let mut diags = Vec::new();
        let text = "---\ntitle: x\n---\n1. Mogelijk moet u uw identiteit verifiÃ«ren.\n";
        report_text_problems(&"a.md".into(), text, 0, &mut diags);
        assert_eq!(diags.len(), 1);
        let span = diags[0].span.as_ref().unwrap();
        assert_eq!((span.start.line, span.start.column), (4, 40));
        assert_eq!(diags[0].fix.as_ref().unwrap().replacement, "ë");
    }
}
