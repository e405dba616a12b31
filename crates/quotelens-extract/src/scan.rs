//! Byte scans: the next of a few given bytes, eight bytes at a time.
//!
//! Quote marks and sentence stops are rare, and the passes that look for them run over every
//! byte of the text, so they jump between candidates instead of testing each byte.

/// The first index at or after `from` whose byte is one of `needles`.
///
/// A byte of `x` equals `b` where `x ^ (b * ONES)` has a zero byte; the usual zero-byte test
/// may also flag a byte above a real zero byte, but the lowest flagged byte is always real.
pub fn find_any<const N: usize>(bytes: &[u8], from: usize, needles: [u8; N]) -> Option<usize> {
    find(bytes, from, needles, false)
}

/// [`find_any`] that also stops at every non-ASCII byte. The lead bytes of curly quotes are
/// rare in news text, so the callers looking for them test the high bit, which costs no
/// needle, and sort out the other non-ASCII bytes they stop at.
pub fn find_any_or_high<const N: usize>(bytes: &[u8], from: usize, needles: [u8; N]) -> Option<usize> {
    find(bytes, from, needles, true)
}

#[inline(always)]
fn find<const N: usize>(bytes: &[u8], from: usize, needles: [u8; N], high: bool) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    // the high bits are masked once for all needles
    let zero_bytes = |y: u64| y.wrapping_sub(ONES) & !y;
    let mut i = from;
    while let Some(chunk) = bytes.get(i..i + 8) {
        let x = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
        let init = if high { x } else { 0 };
        let found = needles.iter().fold(init, |acc, &b| acc | zero_bytes(x ^ (ONES * u64::from(b)))) & HIGHS;
        if found != 0 {
            return Some(i + found.trailing_zeros() as usize / 8);
        }
        i += 8;
    }
    bytes.get(i..)?.iter().position(|&b| needles.contains(&b) || (high && !b.is_ascii())).map(|k| i + k)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_first_needle_from_every_start() {
        let text = "ab'cdefghij\"klmnopq“rstuvwxyz«end »x\u{1}\u{81}'. Then! Why?";
        let bytes = text.as_bytes();
        let needles = [b'"', b'\'', 0xE2, 0xC2, b'.', b'!', b'?'];
        for from in 0..=bytes.len() + 1 {
            let naive = bytes.get(from..).and_then(|b| b.iter().position(|b| needles.contains(b))).map(|k| from + k);
            assert_eq!(find_any(bytes, from, needles), naive, "from {from}");
            let ascii = [b'"', b'\'', b'.'];
            let naive = bytes
                .get(from..)
                .and_then(|b| b.iter().position(|b| ascii.contains(b) || !b.is_ascii()))
                .map(|k| from + k);
            assert_eq!(find_any_or_high(bytes, from, ascii), naive, "from {from}");
        }
    }
}
