//! Word lists the rules consult: cue verbs, titles, group nouns, pronouns, abbreviations.
//!
//! The words themselves live in `lexicon/*.txt` inside this crate (so `cargo package` and the
//! Python wheel carry them), one per line; `build.rs` turns each file into a constant and a
//! match function in [`lists`]. A rule reads as grammar ("a cue verb preceded by a source noun
//! phrase") and the vocabulary grows without touching the rules. All entries are lower case.
//!
//! Short lists asked about many words are matched as bytes (`b"has"`): byte patterns compile
//! to a decision on the length and the letters, `str` patterns to a comparison per entry.
//!
//! The long lists, read once to build their sets, are one string with a word per line (see
//! [`words`]): as a `&[&str]` every entry would also cost a pointer and a length, 8 bytes in
//! the WebAssembly bundles, more than most words.

use std::collections::HashSet;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

/// The word lists of `lexicon/*.txt`, turned into constants and match functions by `build.rs`
/// (see docs/rules.md, "Adding a word").
pub mod lists {
    include!(concat!(env!("OUT_DIR"), "/lists.rs"));
}

/// A word of at most 16 bytes as one number, the key of the generated tables (`build.rs`
/// packs each entry the same way: its bytes, zero-padded, little-endian); 0 for a longer one,
/// which no table holds. Asked of most tokens, several times each, so the bytes are read in
/// two overlapping loads, as `WordHasher` reads a tail, not copied byte by byte.
#[inline]
pub fn packed(w: &[u8]) -> u128 {
    let n = w.len();
    let u32_at = |at: usize| u64::from(u32::from_le_bytes(w[at..at + 4].try_into().expect("four bytes")));
    let u64_at = |at: usize| u64::from_le_bytes(w[at..at + 8].try_into().expect("eight bytes"));
    match n {
        0 => 0,
        1..=3 => w.iter().rev().fold(0, |k, &b| k << 8 | u128::from(b)),
        // the second load ends at the last byte: shifted right, it keeps the bytes after the
        // first load's
        4..=7 => u128::from(u32_at(0) | (u32_at(n - 4) >> (8 * (8 - n))) << 32),
        8 => u128::from(u64_at(0)),
        9..=16 => u128::from(u64_at(0)) | u128::from(u64_at(n - 8) >> (8 * (16 - n))) << 64,
        _ => 0,
    }
}

/// Is `w` in a generated table: `short` the packed entries of at most 8 bytes, `long` the
/// others, each sorted, `bloom` bit [`bloom_bit`] of each entry set? One function for every
/// list, so the two searches are compiled once. Four words in five that get past a list's
/// length and first-letter filters are not in it (PolNeAR train: 330,000 of 410,000
/// lookups); the 64-bit filter turns most of them away before the search, a chain of
/// dependent loads that perf found stalled on each step.
pub fn in_packed(short: &[u64], long: &[u128], bloom: u64, w: &[u8]) -> bool {
    let Some(k) = packed_word(w) else { return false };
    if bloom & 1 << bloom_bit(k) == 0 {
        return false;
    }
    #[allow(clippy::cast_possible_truncation)] // a word of at most 8 bytes packs into 64 bits
    if w.len() <= 8 {
        short.binary_search(&(k as u64)).is_ok()
    } else {
        long.binary_search(&k).is_ok()
    }
}

/// A list's filter as [`in_packed`] takes it: the WebAssembly builds pass every word through
/// (each filter is eight bytes that do not compress, and the widget's budget is tight), the
/// native ones, which extract archives, the filter itself.
#[inline(always)]
pub const fn filter(bloom: u64) -> u64 {
    if cfg!(target_arch = "wasm32") {
        !0
    } else {
        bloom
    }
}

/// `w` as the number the tables hold ([`packed`]), if it can be in one: 1 to 16 bytes, not
/// ending in a 0 byte (zero padding packs "mr" and "mr\0" alike, and no entry ends in one).
#[inline]
fn packed_word(w: &[u8]) -> Option<u128> {
    (!w.is_empty() && w.len() <= 16 && w[w.len() - 1] != 0).then(|| packed(w))
}

/// A packed word's hash, well mixed in its top bits: the slot of the word sets' tables and
/// the bit of a generated list's filter (`build.rs` computes the same). A word of up to 8
/// bytes, whose high half is 0, hashes to its low half times the constant.
#[inline]
#[allow(clippy::cast_possible_truncation)] // the two halves, mixed
fn mix(k: u128) -> u64 {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    ((k as u64) ^ ((k >> 64) as u64).wrapping_mul(K).rotate_left(29)).wrapping_mul(K)
}

/// Which bit of a list's 64-bit filter the packed word `k` sets: the top 6 bits of [`mix`].
#[inline]
#[allow(clippy::cast_possible_truncation)] // below 64
fn bloom_bit(k: u128) -> u32 {
    (mix(k) >> 58) as u32
}

/// Speech and reporting verbs in every inflection (`lexicon/cue_verbs.txt`).
pub const CUE_VERBS: &str = lists::CUE_VERBS;

/// Cue verbs that report speech outright (`lexicon/speech_verbs.txt`).
pub const SPEECH_VERBS: &str = lists::SPEECH_VERBS;

/// Base forms: a singular noun phrase before them is not their subject ("a Trump tweet").
pub fn is_base_form(w: &str) -> bool {
    lists::base_forms(w)
}

/// Verbs after which a claim may follow directly ("X said C"), with an optional "that".
pub fn is_claim_verb(w: &str) -> bool {
    // the extra claim verbs and the speech verbs that are not barred, in one set: asked at
    // every cue, where two searches and a hash lookup cost 250 instructions
    static SET: OnceLock<Vocab> = OnceLock::new();
    SET.get_or_init(|| {
        let speech = words(SPEECH_VERBS).filter(|w| !lists::not_claim_verbs(w));
        Vocab::new(words(lists::CLAIM_VERBS_EXTRA).chain(speech).map(Into::into).collect())
    })
    .contains(w)
}

/// A multiply-rotate hash over eight bytes at a time (as rustc's FxHash): the word sets are
/// looked up for every token, most words fit in one or two steps, and SipHash's protection
/// against hostile keys buys nothing for a fixed vocabulary.
#[derive(Default, Clone, Copy)]
pub struct WordHasher(u64);

impl WordHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.0 = (self.0 ^ word).wrapping_mul(0xf135_7aea_2e62_a9c5).rotate_left(23);
    }
}

impl Hasher for WordHasher {
    fn finish(&self) -> u64 {
        // the table takes its bucket from the low bits and its tag from the top ones
        self.0 ^ (self.0 >> 29)
    }
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.add(u64::from_le_bytes(c.try_into().expect("eight bytes")));
        }
        // the last bytes in overlapping loads (as wyhash does), not a copy of any length; the
        // length tells apart the tails those loads read alike
        let rest = chunks.remainder();
        let n = rest.len();
        let tail = match n {
            0 => 0,
            1..=3 => u64::from(rest[0]) | u64::from(rest[n / 2]) << 8 | u64::from(rest[n - 1]) << 16,
            _ => {
                let word = |at: usize| u64::from(u32::from_le_bytes(rest[at..at + 4].try_into().expect("four bytes")));
                word(0) | word(n - 4) << 32
            }
        };
        self.add(tail ^ ((n as u64) << 59));
    }
    #[inline]
    fn write_u8(&mut self, b: u8) {
        self.add(u64::from(b));
    }
}

type WordSet = HashSet<&'static str, BuildHasherDefault<WordHasher>>;

/// The words of a list written as one string, one per line.
fn words(list: &'static str) -> std::str::SplitAsciiWhitespace<'static> {
    list.split_ascii_whitespace()
}

fn set(list: &'static str) -> WordSet {
    words(list).collect()
}

/// The words [`is_cue_verb`] accepts: the cue verbs and the speech verbs.
fn cue_verbs() -> impl Iterator<Item = &'static str> {
    words(CUE_VERBS).chain(words(SPEECH_VERBS))
}

/// Any cue verb: the extraction asks this for every word, so it is a hash lookup.
pub fn is_cue_verb(w: &str) -> bool {
    static SET: OnceLock<Vocab> = OnceLock::new();
    SET.get_or_init(|| Vocab::new(cue_verbs().map(Into::into).collect())).contains(w)
}

#[inline]
pub fn is_speech_verb(w: &str) -> bool {
    static SET: OnceLock<Vocab> = OnceLock::new();
    // every form is lower case: a capitalised word is answered before any lookup
    if !w.as_bytes().first().is_some_and(u8::is_ascii_lowercase) {
        return false;
    }
    SET.get_or_init(|| Vocab::new(speech_forms())).contains(w)
}

/// A word set that answers most non-members without hashing: one bit per (first letter,
/// last and second byte mixed, length) of its members. The verb, title, group-noun and
/// non-name sets are asked about most tokens, and few tokens share all three with any member.
///
/// The members themselves are kept as [`packed`] numbers in open-addressed tables, not as
/// strings in a hash set: a lookup compares numbers in the table's own memory, where a set of
/// `Box<str>` followed a pointer to each candidate and compared its bytes (a cache miss and a
/// `memcmp` for most lookups that got past the shapes). Words of up to 8 bytes, most of
/// them, take 8 bytes a slot: the tables stay small enough to stay in the cache.
struct Vocab {
    /// the members of at most 8 bytes, packed; 0 marks an empty slot (no word packs to 0)
    short: Table<u64>,
    /// the members of 9 to 16 bytes, packed
    long: Table<u128>,
    /// the few members longer than 16 bytes
    longer: HashSet<Box<str>, BuildHasherDefault<WordHasher>>,
    /// `shapes[first][mix]` has bit `len` set when a member has that shape.
    shapes: Box<[[u16; 128]; 26]>,
    /// The byte lengths of the shortest and the longest member: a word outside is no member.
    lens: (usize, usize),
}

/// Packed words in an open-addressed table, at most half full: a missing word meets an empty
/// slot after a probe or two. A word's slot is the top bits of a multiplicative hash.
struct Table<K> {
    slots: Box<[K]>,
    shift: u32,
}

/// A packed word as a table's key (the default, 0, is no word: it marks an empty slot).
trait Key: Copy + Eq + Default + Into<u128> {}

impl<K: Copy + Eq + Default + Into<u128>> Key for K {}

impl<K: Key> Table<K> {
    fn new(keys: &[K]) -> Table<K> {
        let size = (2 * keys.len()).next_power_of_two().max(8);
        let mut slots = vec![K::default(); size].into_boxed_slice();
        let shift = 64 - size.trailing_zeros();
        for &k in keys {
            let mut i = (mix(k.into()) >> shift) as usize;
            while slots[i] != K::default() && slots[i] != k {
                i = (i + 1) & (size - 1);
            }
            slots[i] = k;
        }
        Table { slots, shift }
    }

    #[inline]
    fn contains(&self, k: K) -> bool {
        let mask = self.slots.len() - 1;
        #[allow(clippy::cast_possible_truncation)] // the high bits of the hash, below the size
        let mut i = (mix(k.into()) >> self.shift) as usize;
        loop {
            let x = self.slots[i];
            if x == k {
                return true;
            }
            if x == K::default() {
                return false;
            }
            i = (i + 1) & mask;
        }
    }
}

impl Vocab {
    fn of(list: &'static str) -> Vocab {
        Vocab::new(words(list).map(Into::into).collect())
    }

    fn new(words: HashSet<Box<str>, BuildHasherDefault<WordHasher>>) -> Vocab {
        let mut shapes = Box::new([[0u16; 128]; 26]);
        for (f, l, n) in words.iter().filter_map(|w| shape(w)) {
            shapes[f][l] |= 1 << n;
        }
        let lens = words.iter().fold((usize::MAX, 0), |(lo, hi), w| (lo.min(w.len()), hi.max(w.len())));
        let (mut short, mut long, mut longer) = (Vec::new(), Vec::new(), HashSet::default());
        for w in words {
            match packed_word(w.as_bytes()) {
                None => {
                    longer.insert(w);
                }
                #[allow(clippy::cast_possible_truncation)] // at most 8 bytes: 64 bits
                Some(k) if w.len() <= 8 => short.push(k as u64),
                Some(k) => long.push(k),
            }
        }
        Vocab { short: Table::new(&short), long: Table::new(&long), longer, shapes, lens }
    }

    #[inline]
    fn contains(&self, w: &str) -> bool {
        if w.len() < self.lens.0 || w.len() > self.lens.1 {
            return false;
        }
        if let Some((f, l, n)) = shape(w) {
            if self.shapes[f][l] & (1 << n) == 0 {
                return false;
            }
        }
        // a word with no shape (capitalised, long, non-ASCII at the end) is looked up too
        self.probe(w)
    }

    /// The table lookup, out of line: most words are answered by the filters above, inlined
    /// where the set is asked.
    #[inline(never)]
    fn probe(&self, w: &str) -> bool {
        match packed_word(w.as_bytes()) {
            None => !self.longer.is_empty() && self.longer.contains(w),
            #[allow(clippy::cast_possible_truncation)] // at most 8 bytes: 64 bits
            Some(k) if w.len() <= 8 => self.short.contains(k as u64),
            Some(k) => self.long.contains(k),
        }
    }
}

/// (first letter, mix, length) of a lower-case word shorter than 16 bytes, where the mix is
/// seven bits of its last and second bytes: words end in few letters, and the second byte
/// tells many apart ("and" from "add", "have" from "hail").
fn shape(w: &str) -> Option<(usize, usize, u32)> {
    let b = w.as_bytes();
    let (&first, &last) = (b.first()?, b.last()?);
    let second = b.get(1).copied().unwrap_or(0);
    (first.is_ascii_lowercase() && b.len() < 16)
        .then(|| ((first - b'a') as usize, ((last ^ second.rotate_left(3)) & 127) as usize, b.len() as u32))
}

/// The listed speech verbs and every word [`is_inflected_base`] accepts, in one set: asked of
/// every token, one lookup is cheaper than the up to five of trying each suffix. The
/// candidates are every suffix the inflection rule strips added to every base, kept only
/// when the rule itself accepts them, so the set holds exactly the words it did.
fn speech_forms() -> HashSet<Box<str>, BuildHasherDefault<WordHasher>> {
    let mut forms: HashSet<Box<str>, BuildHasherDefault<WordHasher>> = words(SPEECH_VERBS).map(Into::into).collect();
    for base in words(SPEECH_BASES) {
        // joined with `concat`, not `format!`: built once, but from hundreds of candidates
        let candidates = [(base, "s"), (base, "ed"), (base, "d"), (base, "ing")]
            .into_iter()
            .chain(base.strip_suffix('e').map(|stem| (stem, "ing")))
            .chain(base.strip_suffix('y').map(|stem| (stem, "ies")));
        for (stem, ending) in candidates {
            let w = [stem, ending].concat();
            if is_inflected_base(&w) {
                forms.insert(w.into_boxed_str());
            }
        }
    }
    forms
}

/// Another inflection of a listed base verb: responds, proclaims, assured, retorting. Checked
/// for every word, so without allocating: a stem plus a letter is built on the stack.
fn is_inflected_base(w: &str) -> bool {
    static BASES: OnceLock<WordSet> = OnceLock::new();
    let bases = BASES.get_or_init(|| set(SPEECH_BASES));
    let is_base = |b: &str| b.len() >= 3 && bases.contains(b);
    let plus = |stem: &str, c: u8| {
        let mut buf = [0u8; 16];
        if stem.len() >= buf.len() {
            return false;
        }
        buf[..stem.len()].copy_from_slice(stem.as_bytes());
        buf[stem.len()] = c;
        std::str::from_utf8(&buf[..=stem.len()]).is_ok_and(is_base)
    };
    if let Some(b) = w.strip_suffix("ies") {
        return plus(b, b'y');
    }
    if let Some(b) = w.strip_suffix("ing") {
        return is_base(b) || plus(b, b'e');
    }
    w.strip_suffix('s').is_some_and(is_base)
        || w.strip_suffix("ed").is_some_and(is_base)
        || w.strip_suffix('d').is_some_and(is_base)
}

/// Is `w` (lower case) a form of the regular verb `base`: base, -s, -d/-ed, -ing, with a
/// final e dropped or a consonant doubled (describe → describing, slam → slammed)?
pub fn inflects(w: &str, base: &str) -> bool {
    if let Some(stem) = base.strip_suffix('e') {
        return w.strip_prefix(stem).is_some_and(|rest| matches!(rest, "e" | "es" | "ed" | "ing"));
    }
    let Some(rest) = w.strip_prefix(base) else {
        return false;
    };
    let last = base.as_bytes().last().copied().unwrap_or(0);
    matches!(rest, "" | "s" | "es" | "ed" | "ing")
        || (rest.as_bytes().first() == Some(&last) && matches!(&rest[1..], "ed" | "ing"))
}

/// Base forms whose every inflection reports speech (`lexicon/speech_bases.txt`).
const SPEECH_BASES: &str = lists::SPEECH_BASES;

/// Words for the time of day or the day itself ("Tuesday", "tonight"): they stand between a
/// source and its verb and between a verb and its content without changing either.
pub fn is_day_word(w: &str) -> bool {
    lists::day_words(w)
}

/// Auxiliary and modal verbs.
pub fn is_auxiliary(w: &str) -> bool {
    lists::auxiliaries(w)
}

/// Titles and roles that precede a name ("Deputy Prime Minister Denis Manturov") and are
/// dropped from the speaker's name.
pub fn is_title(w: &str) -> bool {
    static SET: OnceLock<Vocab> = OnceLock::new();
    SET.get_or_init(|| Vocab::of(TITLES)).contains(w)
}

/// Titles and roles (see [`is_title`]; `lexicon/titles.txt`).
const TITLES: &str = lists::TITLES;

/// The post a title word names, for "the mayor" or "the premier" to find the person the
/// article introduced with it ("Surrey Mayor Doug McCallum"). `None` for the words that only
/// qualify a post (former, acting, deputy, state, …): "the former" names nobody. Abbreviations
/// give the word written out, so "Sen. Ann Roe" is "the senator".
pub fn role_of(w: &str) -> Option<&str> {
    let full = match w {
        "sen" | "sen." => "senator",
        "rep" | "rep." => "representative",
        "gov" | "gov." => "governor",
        "prof" | "prof." => "professor",
        "gen" | "gen." => "general",
        "col." => "colonel",
        "lt." => "lieutenant",
        "sgt." => "sergeant",
        "capt." => "captain",
        "adm." => "admiral",
        "rev." => "reverend",
        "dr" | "dr." => "doctor",
        _ if !is_title(w) || lists::role_qualifiers(w) => return None,
        _ => w,
    };
    Some(full)
}

/// Qualifiers after which a post is another one: the vice president is not the president.
pub fn is_exclusive_qualifier(w: &str) -> bool {
    lists::exclusive_qualifiers(w)
}

/// Short forms of two-word posts, as some outlets write them ("the CM", "the PM").
pub fn role_alias(w: &str) -> Option<&'static str> {
    match w {
        "cm" => Some("chief minister"),
        "pm" => Some("prime minister"),
        _ => None,
    }
}

/// Nouns for an organisation that "the company", "the agency" or "the utility" stands for:
/// the organisation the article named last. Other organisation nouns ("the ministry", "the
/// union") only stand for one whose name holds the noun ("the Interior Ministry").
pub fn is_generic_org_noun(w: &str) -> bool {
    lists::generic_org_nouns(w)
}

/// Can a word starting with byte `c` be an honorific (of any case)? Asked before lower-casing
/// a word to look it up; a non-ASCII byte might start one once lower-cased.
pub fn may_start_honorific(c: u8) -> bool {
    const FIRST: u32 = lists::HONORIFICS_MALE_FIRST | lists::HONORIFICS_FEMALE_FIRST;
    let k = (c | 0x20).wrapping_sub(b'a');
    !c.is_ascii() || (k < 26 && FIRST & (1 << k) != 0)
}

/// Honorifics that mark a person and, for some, a gender.
/// The gender a first name nearly always has in the news ("Ann", "David"), from
/// `lexicon/first_names_female.txt` and `lexicon/first_names_male.txt`; names borne by both
/// are in neither list.
pub fn first_name_gender(w: &str) -> Option<Gender> {
    // word sets over the lists' text rather than generated matches: 525 names would be a few
    // KB of comparison code in the browser's build
    static SETS: OnceLock<[Vocab; 2]> = OnceLock::new();
    let [female, male] =
        SETS.get_or_init(|| [Vocab::of(lists::FIRST_NAMES_FEMALE), Vocab::of(lists::FIRST_NAMES_MALE)]);
    if female.contains(w) {
        Some(Gender::Female)
    } else if male.contains(w) {
        Some(Gender::Male)
    } else {
        None
    }
}

pub fn honorific_gender(w: &str) -> Option<Gender> {
    if lists::honorifics_male(w) {
        Some(Gender::Male)
    } else if lists::honorifics_female(w) {
        Some(Gender::Female)
    } else {
        None
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Gender {
    Male,
    Female,
}

/// Nouns that name a group or an institution that can speak ("officials", "the ministry").
pub fn is_group_noun(w: &str) -> bool {
    static SET: OnceLock<Vocab> = OnceLock::new();
    SET.get_or_init(|| Vocab::of(GROUP_NOUNS)).contains(w)
}

/// Group and institution nouns (see [`is_group_noun`]; `lexicon/group_nouns.txt`).
const GROUP_NOUNS: &str = lists::GROUP_NOUNS;

/// Nouns that head the name of an organisation ("the Chamber of Commerce").
pub fn is_org_head(w: &str) -> bool {
    lists::org_heads(w)
}

/// Personal pronouns that can stand for a speaker, with what they tell of the antecedent.
pub fn pronoun(w: &str) -> Option<Pronoun> {
    match w {
        "he" | "him" | "his" => Some(Pronoun::He),
        "she" | "her" | "hers" => Some(Pronoun::She),
        "they" | "them" | "their" => Some(Pronoun::They),
        "it" | "its" => Some(Pronoun::It),
        "we" | "i" | "you" => Some(Pronoun::Other),
        _ => None,
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pronoun {
    He,
    She,
    They,
    It,
    Other,
}

/// Abbreviations whose period does not end a sentence.
pub fn is_abbreviation(w: &str) -> bool {
    w.len() <= lists::ABBREVIATIONS_LEN.1 && lists::abbreviations(&crate::words::lower(w))
}

/// [`is_title`], [`is_non_name`] or [`is_group_noun`], in one lookup: a capitalised word is
/// asked all three to know whether it can be part of a name, and most names are in none.
pub fn is_title_non_name_or_group_noun(w: &str) -> bool {
    static SET: OnceLock<Vocab> = OnceLock::new();
    SET.get_or_init(|| {
        Vocab::new(words(TITLES).chain(words(NON_NAMES)).chain(words(GROUP_NOUNS)).map(Into::into).collect())
    })
    .contains(w)
}

/// Words that are capitalised but never a source on their own.
pub fn is_non_name(w: &str) -> bool {
    static SET: OnceLock<Vocab> = OnceLock::new();
    SET.get_or_init(|| Vocab::of(NON_NAMES)).contains(w)
}

/// Capitalisable words that are not names (see [`is_non_name`]; `lexicon/non_names.txt`).
const NON_NAMES: &str = lists::NON_NAMES;

/// Words that end a noun phrase (lower case): function words that are not determiners, "her"
/// and "its", auxiliaries, the phrase enders and cue verbs that are not also nouns. The noun-
/// phrase walks ask it of most words they pass, and one lookup in the union, made from the
/// same lists, costs less than half of trying the five (91 instructions a call against 223).
pub fn is_phrase_stop(w: &str) -> bool {
    static SET: OnceLock<Vocab> = OnceLock::new();
    SET.get_or_init(|| Vocab::new(phrase_stops())).contains(w)
}

fn phrase_stops() -> HashSet<Box<str>, BuildHasherDefault<WordHasher>> {
    let non_names = words(NON_NAMES).filter(|w| !lists::determiners(w)).chain(["her", "its"]);
    let verbs = cue_verbs().filter(|w| !lists::cue_nouns(w));
    non_names.chain(words(lists::AUXILIARIES)).chain(words(lists::PHRASE_ENDERS)).chain(verbs).map(Into::into).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The one claim-verb set holds what the lists say: the extra claim verbs, and the speech
    /// verbs not barred from claims; no other word.
    #[test]
    fn claim_verbs_are_the_lists() {
        let speech: std::collections::HashSet<&str> = words(SPEECH_VERBS).collect();
        let all = words(SPEECH_VERBS)
            .chain(words(lists::CLAIM_VERBS_EXTRA))
            .chain(words(lists::NOT_CLAIM_VERBS))
            .chain(words(CUE_VERBS))
            .chain(["said", "Said", "table", "", "claims", "x"]);
        for w in all {
            let listed = lists::claim_verbs_extra(w) || speech.contains(w) && !lists::not_claim_verbs(w);
            assert_eq!(is_claim_verb(w), listed, "{w:?}");
        }
    }

    /// The union answers as the five lists it is made of, for every word of any of them (no
    /// other word is in either) and for words of other shapes.
    #[test]
    fn phrase_stops_are_the_five_lists() {
        let by_lists = |w: &str| {
            (is_non_name(w) && !lists::determiners(w) || matches!(w, "her" | "its"))
                || is_auxiliary(w)
                || lists::phrase_enders(w)
                || (is_cue_verb(w) && !lists::cue_nouns(w))
        };
        let all = [NON_NAMES, lists::AUXILIARIES, lists::PHRASE_ENDERS, CUE_VERBS, SPEECH_VERBS, lists::CUE_NOUNS];
        let others = ["her", "its", "the", "a", "senator", "Said", "said.", "", "don’t", "reports", "reporting"];
        for w in all.into_iter().flat_map(words).chain(others) {
            assert_eq!(is_phrase_stop(w), by_lists(w), "{w:?}");
        }
        assert!(is_phrase_stop("said") && !is_phrase_stop("report") && !is_phrase_stop("the"));
    }

    /// The packed table answers as a set of the strings would: every member of every list,
    /// a member with NUL bytes after it (which packs alike), members longer than 16 bytes,
    /// and words one byte off a member.
    #[test]
    fn vocab_answers_as_a_set() {
        let lists = [TITLES, NON_NAMES, GROUP_NOUNS, CUE_VERBS, SPEECH_VERBS, lists::FIRST_NAMES_FEMALE];
        for list in lists {
            let set: HashSet<&str> = words(list).collect();
            let vocab = Vocab::of(list);
            for w in words(list) {
                assert!(vocab.contains(w), "{w:?}");
                for other in [format!("{w}\0"), format!("{w}\0\0"), format!("{w}s"), w[..w.len() - 1].to_string()] {
                    assert_eq!(vocab.contains(&other), set.contains(other.as_str()), "{other:?}");
                }
            }
        }
        // one word in each table: 8 bytes or less, 9 to 16, longer
        let long = "internationalisation spokeswoman-at-large undersecretary a ab eightchr";
        let vocab = Vocab::of(long);
        for w in ["internationalisation", "spokeswoman-at-large", "undersecretary", "a", "ab", "eightchr"] {
            assert!(vocab.contains(w), "{w:?}");
        }
        let misses = ["internationalisatio", "internationalisation\0", "spokeswoman-at-larg", "undersecretar"];
        let more = ["undersecretary\0", "eightchr\0", "eightch", "", "\0", "a\0", "b", "ba"];
        for w in misses.into_iter().chain(more) {
            assert!(!vocab.contains(w), "{w:?}");
        }
    }

    /// Every generated list finds each of its entries and answers as a set of them for
    /// near misses (a letter more or less, NUL after), so its filters turn no entry away.
    #[test]
    fn every_list_finds_its_entries() {
        for &(name, entries, matches) in lists::ALL {
            let set: HashSet<&str> = entries.lines().collect();
            for e in entries.lines() {
                assert!(matches(e), "{name}: {e:?}");
                let shorter = e.char_indices().last().map_or("", |(i, _)| &e[..i]);
                for other in [format!("{e}s"), format!("{e}\0"), shorter.to_string(), format!("x{e}")] {
                    assert_eq!(matches(&other), set.contains(other.as_str()), "{name}: {other:?}");
                }
            }
        }
    }

    /// `packed` is the zero-padded little-endian number `build.rs` sorts the tables by, for
    /// every length up to 16 and bytes that differ in every position; longer words are 0.
    #[test]
    fn packed_is_the_padded_bytes() {
        for n in 0..=16 {
            for seed in 0..=255u8 {
                let w: Vec<u8> = (0..n)
                    .map(|i| seed.wrapping_mul(31).wrapping_add((i as u8).wrapping_mul(17).wrapping_add(1)))
                    .collect();
                let mut b = [0u8; 16];
                b[..n].copy_from_slice(&w);
                assert_eq!(packed(&w), u128::from_le_bytes(b), "{w:?}");
            }
        }
        assert_eq!(packed(b"seventeen letters"), 0);
        assert!(lists::determiners("the") && !lists::determiners("then") && !lists::determiners("th"));
    }

    #[test]
    fn first_names_tell_gender_and_no_name_is_both() {
        assert_eq!(first_name_gender("ruth"), Some(Gender::Female));
        assert_eq!(first_name_gender("david"), Some(Gender::Male));
        // names borne by both are in neither list; capitalised words are looked up lower-cased
        assert_eq!(first_name_gender("jordan"), None);
        assert_eq!(first_name_gender("Ruth"), None);
        // (case, punctuation and duplicates are checked for every list by tests/lexicon_lint.rs)
        for n in lists::FIRST_NAMES_FEMALE.lines() {
            assert!(!lists::first_names_male(n), "{n} is in both first-name lists");
        }
    }

    /// The one-set lookup answers as the list plus the inflection rule did, for every word of
    /// the sample article and every inflection-like form of every base.
    #[test]
    fn speech_forms_match_the_inflection_rule() {
        let listed = set(SPEECH_VERBS);
        // (the length window the lookup starts with comes from the set itself, so the rule has
        // none: a hand-kept 3..=13 once hid "acknowledgeing", which the rule accepts)
        let rule = |w: &str| {
            w.as_bytes().first().is_some_and(u8::is_ascii_lowercase) && (listed.contains(w) || is_inflected_base(w))
        };
        let mut words: Vec<String> =
            crate::SAMPLE.split(|c: char| !c.is_alphanumeric()).map(str::to_lowercase).collect();
        for b in super::words(SPEECH_BASES).chain(super::words(SPEECH_VERBS)) {
            for suffix in ["", "s", "d", "ed", "ing", "ies", "es", "y"] {
                words.push(format!("{b}{suffix}"));
                words.push(format!("{}{suffix}", &b[..b.len() - 1]));
            }
        }
        for w in &words {
            assert_eq!(is_speech_verb(w), rule(w), "{w}");
        }
    }

    #[test]
    fn regular_inflections() {
        for (w, base) in
            [("describe", "describe"), ("describing", "describe"), ("slammed", "slam"), ("dismisses", "dismiss")]
        {
            assert!(inflects(w, base), "{w} {base}");
        }
        for (w, base) in [("describ", "describe"), ("rated", "ratify"), ("slamx", "slam"), ("rat", "rate")] {
            assert!(!inflects(w, base), "{w} {base}");
        }
    }
}
