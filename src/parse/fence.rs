//! Tracks fenced code blocks line by line, for the passes that look at source
//! lines before Markdown parsing (includes, block directives): text inside a
//! fence is code, never a directive.

#[derive(Debug, Default)]
pub struct Fences {
    /// The fence character, its run length, and how many `>` quote markers
    /// stood before the opening fence.
    open: Option<(u8, usize, usize)>,
}

/// How many block-quote markers (`>`) start a line.
fn quote_depth(line: &str) -> usize {
    line.chars()
        .take_while(|c| matches!(c, ' ' | '\t' | '>'))
        .filter(|c| *c == '>')
        .count()
}

impl Fences {
    /// Feeds the next line; true when the line is a fence line or inside a fence.
    pub fn is_code(&mut self, line: &str) -> bool {
        // A fence opened in a block quote ends with the quote, closed or not.
        if let Some((_, _, depth)) = self.open
            && quote_depth(line) < depth
        {
            self.open = None;
        }
        let stripped = line.trim_start_matches([' ', '\t', '>']);
        let fence_char = stripped.bytes().next().filter(|b| *b == b'`' || *b == b'~');
        if let Some(ch) = fence_char {
            let run = stripped.bytes().take_while(|b| *b == ch).count();
            match self.open {
                None if run >= 3 && !(ch == b'`' && stripped[run..].contains('`')) => {
                    self.open = Some((ch, run, quote_depth(line)));
                    return true;
                }
                Some((open, len, _))
                    if open == ch && run >= len && stripped[run..].trim().is_empty() =>
                {
                    self.open = None;
                    return true;
                }
                _ => {}
            }
        }
        self.open.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fences_open_and_close() {
        let mut f = Fences::default();
        let code: Vec<bool> = [
            "a",
            "```md",
            ":::row:::",
            "~~~",
            "````",
            "b",
            "  ~~~~",
            "x",
            "~~~~~",
            "c",
        ]
        .iter()
        .map(|l| f.is_code(l))
        .collect();
        assert_eq!(
            code,
            [
                false, true, true, true, true, false, true, true, true, false
            ]
        );
    }

    #[test]
    fn a_fence_in_a_block_quote_ends_with_the_quote() {
        let mut f = Fences::default();
        let code: Vec<bool> = ["> ```", "> code", "", "::: moniker range=\"x\""]
            .iter()
            .map(|l| f.is_code(l))
            .collect();
        assert_eq!(code, [true, true, false, false]);
    }

    #[test]
    fn inline_code_with_three_backticks_is_not_a_fence() {
        let mut f = Fences::default();
        assert!(!f.is_code("```x``` is code"));
        assert!(!f.is_code("text"));
    }
}
