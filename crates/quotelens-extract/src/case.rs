//! Lower-casing exactly as the standard library's `str::to_lowercase` and
//! `char::to_lowercase` do it, from tables of about 3 KB instead of its 13 KB one: in the
//! widget the standard library's table was 7 KB of the gzip. `build.rs` reads the tables off
//! the standard library itself, and the tests below compare every char.

include!(concat!(env!("OUT_DIR"), "/case_tables.rs"));

/// `s.to_lowercase()`, with Greek final sigma.
pub fn to_lowercase(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for (i, c) in s.char_indices() {
        if c == 'Σ' {
            // word-final (Unicode's Final_Sigma): a cased letter before, none after, either
            // side skipping case-ignorable chars
            let final_sigma =
                cased_after_ignorable(s[..i].chars().rev()) && !cased_after_ignorable(s[i + 'Σ'.len_utf8()..].chars());
            out.push(if final_sigma { 'ς' } else { 'σ' });
        } else {
            push_lower(&mut out, c);
        }
    }
    out
}

/// Pushes `c.to_lowercase()` (no context: Σ is σ).
pub fn push_lower(out: &mut String, c: char) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return;
    }
    let code = c as u32;
    let i = LOWER_RUN.partition_point(|&r| r >> 9 <= code);
    if i > 0 {
        let r = LOWER_RUN[i - 1];
        let (start, stride, len) = (r >> 9, (r >> 8 & 1) + 1, r & 0xff);
        let k = code - start;
        if k < stride * len && k.is_multiple_of(stride) {
            if let Some(l) = char::from_u32(code.wrapping_add_signed(LOWER_DELTA[i - 1])) {
                out.push(l);
                return;
            }
        }
    }
    match LOWER_MULTI.iter().find(|m| m.0 == c) {
        Some(m) => out.push_str(m.1),
        None => out.push(c),
    }
}

/// The first char that is not case-ignorable is cased.
fn cased_after_ignorable(mut chars: impl Iterator<Item = char>) -> bool {
    chars
        .find(|&c| !ignorable(c))
        .is_some_and(|c| c.is_lowercase() || c.is_uppercase() || CASED_OTHER.contains(&(c as u32)))
}

/// Unicode's Case_Ignorable (apostrophes, combining marks, modifier letters, format chars):
/// a walk over the ranges' boundaries, as it is only asked next to a Σ.
fn ignorable(c: char) -> bool {
    let (mut at, mut inside, mut gap, mut shift) = (0u32, false, 0u32, 0);
    for &b in &IGNORABLE {
        gap |= u32::from(b & 0x7f) << shift;
        shift += 7;
        if b & 0x80 == 0 {
            at += gap;
            if (c as u32) < at {
                return inside;
            }
            inside = !inside;
            (gap, shift) = (0, 0);
        }
    }
    inside
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_char_lower_cases_as_the_standard_library_does() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let mut ours = String::new();
            push_lower(&mut ours, c);
            assert_eq!(ours, c.to_lowercase().collect::<String>(), "{c:?}");
        }
    }

    #[test]
    fn final_sigma_next_to_every_char_as_the_standard_library_decides() {
        let mut s = String::new();
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            // (these three tell a case-ignorable, a cased and another char apart both ways)
            for (before, after) in [("AΣ", ""), ("AΣ", "A"), ("A", "Σ")] {
                s.clear();
                s.push_str(before);
                s.push(c);
                s.push_str(after);
                assert_eq!(to_lowercase(&s), s.to_lowercase(), "{s:?}");
            }
        }
    }

    #[test]
    fn words_and_sentences() {
        for s in ["ΟΔΥΣΣΕΥΣ", "Σ", "ΑΣ.", "Α'Σ'Β", "İstanbul", "ÉMILE ZOLA", "Ǆemal", "ὈΔΥΣΣΕΎΣ σ", ""]
        {
            assert_eq!(to_lowercase(s), s.to_lowercase(), "{s:?}");
        }
    }
}
