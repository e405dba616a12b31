//! The article's text as the core reads it, built from text nodes in document order: a newline
//! between blocks (and after a line break), the words of one block on one line. Each node's
//! text keeps its length (newlines and tabs inside it read as spaces), so a byte offset in the
//! text maps back to one node and a place in it ([`Lines::pieces`]).

/// The text and where each node's piece of it starts.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Lines {
    pub text: String,
    /// Per node taken: its byte offset in [`Lines::text`] and its text as it stands there.
    pub pieces: Vec<(usize, String)>,
    /// The block of the last node taken; `None` before the first.
    block: Option<usize>,
    /// A line break (`<br>`, `<hr>`) came since the last node.
    broke: bool,
}

/// A text node's data as it stands in the text: newlines and tabs as spaces (same length).
pub fn norm(data: &str) -> impl Iterator<Item = char> + '_ {
    data.chars().map(|c| if matches!(c, '\n' | '\r' | '\t') { ' ' } else { c })
}

impl Lines {
    /// Adds a text node that stands in block number `block` (the caller's numbering: the
    /// nearest block element around it). True when it was taken; a blank node that would
    /// start a line is not (it is the white space between blocks).
    pub fn push(&mut self, block: usize, data: &str) -> bool {
        let data: String = norm(data).collect();
        if self.block != Some(block) || self.broke {
            if data.trim().is_empty() {
                return false;
            }
            if !self.text.is_empty() {
                self.text.push('\n');
            }
            self.block = Some(block);
            self.broke = false;
        }
        self.pieces.push((self.text.len(), data.clone()));
        self.text.push_str(&data);
        true
    }

    /// A line break: the next text starts a new line, even in the same block.
    pub fn line_break(&mut self) {
        self.broke = true;
    }
}

/// The text's lines with their spaces collapsed, blank ones left out (what the app keeps of an
/// HTML file: one paragraph a line).
pub fn collapsed(text: &str) -> Vec<String> {
    text.lines().map(|l| l.split_whitespace().collect::<Vec<_>>().join(" ")).filter(|l| !l.is_empty()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_make_lines_and_offsets_map_back_to_nodes() {
        let mut l = Lines::default();
        assert!(!l.push(0, "\n  ")); // white space before the first block
        assert!(l.push(1, "\"We will go,\" "));
        assert!(l.push(1, "said\tAnn")); // an inline element's text joins the line
        assert!(l.push(1, " Lee."));
        assert!(!l.push(0, "\n")); // between blocks
        assert!(l.push(2, "Second."));
        assert_eq!(l.text, "\"We will go,\" said Ann Lee.\nSecond.");
        for (at, piece) in &l.pieces {
            assert_eq!(&l.text[*at..*at + piece.len()], piece);
        }
        assert_eq!(l.pieces.len(), 4);
        assert_eq!(l.pieces[3].0, l.text.find("Second").unwrap());
    }

    #[test]
    fn a_line_break_starts_a_line_inside_its_block() {
        let mut l = Lines::default();
        l.push(1, "HARBOURVIEW —");
        l.line_break();
        assert!(!l.push(1, "  ")); // nothing but the break's own white space
        l.push(1, "The pier reopens.");
        l.push(1, " Boats are back.");
        assert_eq!(l.text, "HARBOURVIEW —\nThe pier reopens. Boats are back.");
    }

    #[test]
    fn a_block_met_again_after_another_starts_a_new_line() {
        // <div>Intro <p>Para</p> outro</div>: the div's text on both sides of the paragraph
        let mut l = Lines::default();
        l.push(1, "Intro ");
        l.push(2, "Para");
        l.push(1, " outro");
        assert_eq!(l.text, "Intro \nPara\n outro");
        assert_eq!(collapsed(&l.text), ["Intro", "Para", "outro"]);
    }

    #[test]
    fn collapsed_lines_drop_blank_ones() {
        assert_eq!(collapsed("  a   b \n\n \t\nc"), ["a b", "c"]);
        assert!(collapsed(" \n ").is_empty());
    }
}
