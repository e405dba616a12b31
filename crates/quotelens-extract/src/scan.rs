//! Byte scans, eight bytes at a time: the next of a few given bytes, a word's letters, a byte
//! a JSON string must escape; and the next (or last) one ASCII byte, wider where it can.
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

/// The first `needle` (an ASCII byte) in `s` at or after `from`, which must be a char
/// boundary. Native builds search with the `memchr` crate, 16 or 32 bytes at a step; the
/// standard library's search (`str::find`) takes 8 at a step, and finding the line ends of a
/// whole text and the last `"` of each paragraph with it cost 2 % of the instructions.
/// WebAssembly builds keep the standard search: the crate's code would cost the widget more
/// bytes than an article's few lines are worth.
pub fn find_ascii(s: &str, from: usize, needle: u8) -> Option<usize> {
    debug_assert!(needle.is_ascii());
    #[cfg(not(target_arch = "wasm32"))]
    return memchr::memchr(needle, s.as_bytes().get(from..)?).map(|k| from + k);
    #[cfg(target_arch = "wasm32")]
    return s.get(from..)?.find(char::from(needle)).map(|k| from + k);
}

/// The last `needle` (an ASCII byte) in `s`, searched as [`find_ascii`] searches.
pub fn rfind_ascii(s: &str, needle: u8) -> Option<usize> {
    debug_assert!(needle.is_ascii());
    #[cfg(not(target_arch = "wasm32"))]
    return memchr::memrchr(needle, s.as_bytes());
    #[cfg(target_arch = "wasm32")]
    return s.rfind(char::from(needle));
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

/// Bit `j` set when byte `j` of `x` (little-endian) is an ASCII letter or digit. On bytes
/// below 0x80 no addition below carries into the next byte: a byte is at least `c` when
/// adding `0x80 - c` sets its top bit. Bytes of 0x80 and above are neither.
pub fn alnum_bits(x: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let at_least = |y: u64, c: u8| y + ONES * u64::from(0x80 - c);
    let low = x & !HIGH;
    let folded = (x | (ONES * 0x20)) & !HIGH; // letters in lower case
    let letter = at_least(folded, b'a') & !at_least(folded, b'z' + 1);
    let digit = at_least(low, b'0') & !at_least(low, b'9' + 1);
    let flags = (letter | digit) & !x & HIGH;
    // the top bit of byte j to bit j: the products of distinct powers of two do not collide
    ((flags >> 7).wrapping_mul(0x0102_0408_1020_4080)) >> 56
}

/// Does any of the eight bytes in `x` need escaping in a JSON string: below 0x20, `"` or
/// `\\`? (`(v - 0x01…) & !v & 0x80…` is non-zero exactly when a byte of `v` is zero, and
/// with 0x20 in place of 0x01 when a byte is below 0x20.)
pub fn needs_json_escape(x: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let zero_byte = |v: u64| v.wrapping_sub(ONES) & !v & HIGH != 0;
    (x.wrapping_sub(0x20 * ONES) & !x & HIGH != 0)
        || zero_byte(x ^ (u64::from(b'"') * ONES))
        || zero_byte(x ^ (u64::from(b'\\') * ONES))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alnum_bits_are_the_ascii_letters_and_digits() {
        for b in 0..=255u8 {
            for j in 0..8 {
                let mut bytes = [b'.'; 8];
                bytes[j] = b;
                let want = if b.is_ascii_alphanumeric() { 1 << j } else { 0 };
                assert_eq!(alnum_bits(u64::from_le_bytes(bytes)), want, "{b:#x} at {j}");
            }
        }
        assert_eq!(alnum_bits(u64::from_le_bytes(*b"a Z-9\xff@`")), 0b1_0101);
    }

    #[test]
    fn finds_an_ascii_byte_as_str_does() {
        // longer than the crate's widest step, with the needle at every place around it
        let base = "é “quoted” line\n".repeat(6);
        for at in 0..base.len() {
            if !base.is_char_boundary(at) {
                continue;
            }
            let s = format!("{}\r{}", &base[..at], &base[at..]);
            for from in (0..=s.len() + 1).filter(|&f| f > s.len() || s.is_char_boundary(f)) {
                for c in ['\r', '\n', 'q'] {
                    let want = s.get(from..).and_then(|r| r.find(c)).map(|k| from + k);
                    assert_eq!(find_ascii(&s, from, c as u8), want, "{c:?} from {from} in {s:?}");
                }
            }
            assert_eq!(rfind_ascii(&s, b'\r'), s.rfind('\r'));
            assert_eq!(rfind_ascii(&s, b'"'), s.rfind('"'));
        }
    }

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
