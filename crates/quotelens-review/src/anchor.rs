//! Re-anchoring: finding an annotation again after the text it was made on changed a little
//! (a typo fixed, a paragraph added), and refusing to guess when it changed a lot.
//!
//! An annotation is remembered as a [`TextQuote`]: its exact words, up to [`CONTEXT_CHARS`]
//! characters before and after, and where it was. [`anchor`] looks for it in the new text:
//!
//! 1. every place where the exact words still stand is scored by how well the prefix and the
//!    suffix agree (a unique occurrence counts as at least half-agreeing context);
//! 2. otherwise a fuzzy search: chunks of the quote vote for places in the text, and each of
//!    the best few is aligned with an approximate-substring edit distance (Sellers' algorithm).
//!
//! A place scores `0.7 × quote similarity + 0.3 × context similarity` (similarities are one
//! minus a normalised Levenshtein distance). It is taken only when the score reaches the
//! minimum ([`MIN_SCORE`] by default) *and* the quote itself is at least [`MIN_QUOTE`] alike:
//! below that, the annotation [`Anchored::Lost`] is for a person to review, never moved onto a
//! look-alike sentence. [`reanchor`] applies this to a whole [`ReviewDoc`].
//!
//! Short words repeat ("disgusting" in the headline and in a quote, "Mr Legg" in several
//! paragraphs), so for a quote shorter than [`SHORT_CHARS`] its context decides, not its
//! position or its being the only copy left: one side of the old context must still stand
//! next to it (at least [`MIN_SIDE`] alike). When the paragraph around it was removed or
//! rewritten, the annotation goes to review rather than onto the same words elsewhere.
//!
//! A long quote that changed is aligned piece by piece: pieces of it found once in the new text,
//! in order, are fixed points, and only the gaps between them (the edits) go through an edit
//! distance; at most [`MAX_PIECES`] pieces are searched for, so the cost grows with the text
//! and the edits, not with the product of quote and text (a 20,000-character quote with a typo
//! took 8.4 s with Sellers' algorithm alone).
//!
//! ```
//! use quotelens_review::anchor::{anchor, Anchored, TextQuote, MIN_SCORE};
//! let old = "The council met on Monday. \"We will rebiuld the pier,\" said Mayor Ana Ruiz.";
//! let q = TextQuote::capture(old, 28, 52);
//! let new = "The council met on Monday. \"We will rebuild the pier,\" said Mayor Ana Ruiz.";
//! assert!(matches!(anchor(new, &q, MIN_SCORE), Anchored::Fuzzy { start: 28, end: 52, .. }));
//! let rewritten = "The council met on Monday. Nobody spoke about harbours at all.";
//! assert!(matches!(anchor(rewritten, &q, MIN_SCORE), Anchored::Lost { .. }));
//! ```

use std::collections::HashMap;

use crate::{ReviewAnnotation, ReviewDoc};

/// Characters of context kept on each side.
pub const CONTEXT_CHARS: usize = 32;
/// The default minimum score of a new place.
pub const MIN_SCORE: f64 = 0.8;
/// The minimum similarity of the quote itself, whatever the context says.
pub const MIN_QUOTE: f64 = 0.8;
/// How many candidate places the fuzzy search aligns.
const CANDIDATES: usize = 8;
/// Quotes shorter than this (in chars) are placed only where their old context still stands.
pub const SHORT_CHARS: usize = 48;
/// How alike one side of the context (prefix or suffix) must be for a short quote.
pub const MIN_SIDE: f64 = 0.75;
/// Quotes longer than this (in chars) are aligned piece by piece ([`long_match`]).
const LONG_CHARS: usize = 400;
/// The length of those pieces, in chars.
const PIECE: usize = 16;
/// At most this many pieces are looked up (each is a search of the text).
const MAX_PIECES: usize = 400;
/// The most cells one edit-distance table may have; a larger gap counts as wholly changed.
const MAX_CELLS: usize = 4_000_000;

/// What identifies an annotation's words in a text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TextQuote {
    pub exact: String,
    pub prefix: String,
    pub suffix: String,
    /// The byte offset it started at (breaks ties between equally good places).
    pub start: usize,
}

impl TextQuote {
    /// The quote of `text[start..end]` with its context. Offsets off a char boundary are moved
    /// back to one.
    pub fn capture(text: &str, start: usize, end: usize) -> TextQuote {
        let start = floor(text, start);
        let end = floor(text, end).max(start);
        let before = &text[..start];
        let p = before.char_indices().rev().nth(CONTEXT_CHARS - 1).map_or(0, |(i, _)| i);
        let after = &text[end..];
        let s = after.char_indices().nth(CONTEXT_CHARS).map_or(after.len(), |(i, _)| i);
        TextQuote {
            exact: text[start..end].to_string(),
            prefix: before[p..].to_string(),
            suffix: after[..s].to_string(),
            start,
        }
    }
}

impl TextQuote {
    /// A quote as a file gives it (a W3C `TextQuoteSelector`), `start` being where it stood
    /// (ties go to the nearest place). Context past [`CONTEXT_CHARS`] on either side is cut: it
    /// decides nothing, and aligning a long one at every copy of a short quote was quadratic.
    pub fn given(exact: &str, prefix: &str, suffix: &str, start: usize) -> TextQuote {
        let p = prefix.char_indices().rev().nth(CONTEXT_CHARS - 1).map_or(0, |(i, _)| i);
        let s = suffix.char_indices().nth(CONTEXT_CHARS).map_or(suffix.len(), |(i, _)| i);
        TextQuote { exact: exact.to_string(), prefix: prefix[p..].to_string(), suffix: suffix[..s].to_string(), start }
    }
}

/// Where `needle` first stands in `hay` at or after byte `from`: a plain search (the standard
/// library's string searcher is 2.5 KB of the widget's wasm). The first byte is looked for,
/// then the rest compared; quotes are words of an article, where that stays linear in practice.
fn find_from(hay: &str, needle: &str, from: usize) -> Option<usize> {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    let last = h.len().checked_sub(n.len())?;
    let Some(&first) = n.first() else { return (from <= h.len()).then_some(from) };
    (from..=last).find(|&i| h[i] == first && h[i..i + n.len()] == *n)
}

/// Where `needle` stands in `hay`, not overlapping (as `match_indices`).
fn find_all<'a>(hay: &'a str, needle: &'a str) -> impl Iterator<Item = usize> + 'a {
    let mut from = Some(0);
    std::iter::from_fn(move || {
        let i = find_from(hay, needle, from?)?;
        from = Some(i + needle.len().max(1));
        Some(i)
    })
}

fn floor(text: &str, mut b: usize) -> usize {
    b = b.min(text.len());
    while !text.is_char_boundary(b) {
        b -= 1;
    }
    b
}

/// Where a [`TextQuote`] stands in a new text (byte offsets).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Anchored {
    /// The exact words, at the place whose context agrees best.
    Exact { start: usize, end: usize, score: f64 },
    /// Words that differ a little, in an agreeing context.
    Fuzzy { start: usize, end: usize, score: f64 },
    /// Nothing scored `min_score`: `best` is the best score seen (0 when nothing came close).
    Lost { best: f64 },
}

impl Anchored {
    /// The new byte range, when there is one.
    pub fn range(&self) -> Option<(usize, usize)> {
        match *self {
            Anchored::Exact { start, end, .. } | Anchored::Fuzzy { start, end, .. } => Some((start, end)),
            Anchored::Lost { .. } => None,
        }
    }

    pub fn score(&self) -> f64 {
        match *self {
            Anchored::Exact { score, .. } | Anchored::Fuzzy { score, .. } => score,
            Anchored::Lost { best } => best,
        }
    }
}

/// Levenshtein distance over chars (two rows).
fn levenshtein(a: &[char], b: &[char]) -> usize {
    if a.is_empty() || b.is_empty() {
        return a.len().max(b.len());
    }
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, &ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != cb)).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// 1 − normalised edit distance; two empty strings are alike.
fn similarity(a: &[char], b: &[char]) -> f64 {
    // the usual case (the context still stands), without the edit-distance table
    if a == b {
        return 1.0;
    }
    let n = a.len().max(b.len());
    1.0 - levenshtein(a, b) as f64 / n as f64
}

/// The new text as chars with their byte offsets.
struct Chars<'t> {
    text: &'t str,
    chars: Vec<char>,
    /// Byte offset of each char, plus the text's length at the end.
    bytes: Vec<usize>,
}

impl<'t> Chars<'t> {
    fn new(text: &'t str) -> Self {
        let mut chars = Vec::with_capacity(text.len());
        let mut bytes = Vec::with_capacity(text.len() + 1);
        for (i, c) in text.char_indices() {
            chars.push(c);
            bytes.push(i);
        }
        bytes.push(text.len());
        Chars { text, chars, bytes }
    }

    fn char_at(&self, byte: usize) -> usize {
        self.bytes.partition_point(|&b| b < byte)
    }

    /// Agreement of the stored context with the context of chars `s..e`: the mean of the two
    /// sides, and the better side.
    fn context(&self, q: &Ctx, s: usize, e: usize) -> (f64, f64) {
        let before = &self.chars[s.saturating_sub(q.prefix.len())..s];
        let after = &self.chars[e..(e + q.suffix.len()).min(self.chars.len())];
        let (p, x) = (similarity(&q.prefix, before), similarity(&q.suffix, after));
        ((p + x) / 2.0, p.max(x))
    }

    /// The char where `piece` stands in the text when it stands there exactly once.
    fn find_once(&self, piece: &[char]) -> Option<usize> {
        let p: String = piece.iter().collect();
        let mut at = find_all(self.text, &p);
        match (at.next(), at.next()) {
            (Some(b), None) => Some(self.char_at(b)),
            _ => None,
        }
    }
}

struct Ctx {
    exact: Vec<char>,
    prefix: Vec<char>,
    suffix: Vec<char>,
}

/// Finds `q` in `text`; see the module's description. `min_score` is usually [`MIN_SCORE`].
/// The one policy every placement goes through: [`reanchor`] (a stored document on a changed
/// text), imports of W3C files, the widget's host page edited under its highlights.
pub fn anchor(text: &str, q: &TextQuote, min_score: f64) -> Anchored {
    Target::new(text).anchor(q, min_score)
}

/// A text prepared once for placing many quotes on it ([`anchor`] prepares it per call).
pub struct Target<'t>(Chars<'t>);

impl<'t> Target<'t> {
    pub fn new(text: &'t str) -> Self {
        Target(Chars::new(text))
    }

    /// [`anchor`] on this text.
    pub fn anchor(&self, q: &TextQuote, min_score: f64) -> Anchored {
        anchor_in(&self.0, q, min_score)
    }
}

fn anchor_in(t: &Chars, q: &TextQuote, min_score: f64) -> Anchored {
    let ctx = Ctx {
        exact: q.exact.chars().collect(),
        prefix: q.prefix.chars().collect(),
        suffix: q.suffix.chars().collect(),
    };
    let m = ctx.exact.len();
    if m == 0 {
        return Anchored::Lost { best: 0.0 };
    }
    let short = m < SHORT_CHARS;
    let near = |byte: usize| byte.abs_diff(q.start);
    // a short quote's words prove nothing by themselves: its context must still stand by it
    let placed = |side: f64| !short || side >= MIN_SIDE;
    // 1. exact occurrences
    let mut exact: Vec<usize> = Vec::new();
    let mut from = 0;
    while let Some(i) = find_from(t.text, &q.exact, from) {
        exact.push(i);
        from = i + t.text[i..].chars().next().map_or(1, char::len_utf8);
    }
    let mut best_score = 0.0f64;
    if !exact.is_empty() {
        let unique = exact.len() == 1;
        let mut best: Option<(f64, usize)> = None;
        for &b in &exact {
            let s = t.char_at(b);
            let (mut c, side) = t.context(&ctx, s, s + m);
            if unique && !short {
                c = c.max(0.5);
            }
            let score = 0.7 + 0.3 * c;
            if !placed(side) {
                best_score = best_score.max(score.min(min_score - 0.01));
                continue;
            }
            let better = match best {
                None => true,
                Some((bs, bb)) => score > bs + 1e-9 || ((score - bs).abs() <= 1e-9 && near(b) < near(bb)),
            };
            if better {
                best = Some((score, b));
            }
        }
        if let Some((score, b)) = best.filter(|&(score, _)| score >= min_score) {
            return Anchored::Exact { start: b, end: b + q.exact.len(), score };
        }
        // several exact copies, none in its context: fall through to the fuzzy search, which
        // also only accepts an agreeing context
    }
    // 2. fuzzy: a long quote piece by piece; a shorter one where chunks of it vote for a start
    let mut found: Vec<(usize, usize, usize)> = Vec::new();
    if m > LONG_CHARS {
        found.extend(long_match(t, &ctx.exact));
    } else {
        found = fuzzy_candidates(t, &ctx.exact);
    }
    let mut best: Option<(f64, usize, usize)> = None;
    for (dist, s, e) in found {
        let (s, e) = trim(&t.chars, s, e);
        if s >= e {
            continue;
        }
        let qsim = 1.0 - dist as f64 / m.max(e - s) as f64;
        let (c, side) = t.context(&ctx, s, e);
        let score = 0.7 * qsim + 0.3 * c;
        best_score = best_score.max(score);
        if qsim < MIN_QUOTE || score < min_score || !placed(side) {
            continue;
        }
        let better = match best {
            None => true,
            Some((bs, bstart, _)) => {
                score > bs + 1e-9 || ((score - bs).abs() <= 1e-9 && near(t.bytes[s]) < near(t.bytes[bstart]))
            }
        };
        if better {
            best = Some((score, s, e));
        }
    }
    match best {
        Some((score, s, e)) => Anchored::Fuzzy { start: t.bytes[s], end: t.bytes[e], score },
        None => Anchored::Lost { best: best_score.min(min_score - 0.01).max(0.0) },
    }
}

/// Chunks of the quote vote for the char where it would start; the best few places are
/// aligned with Sellers' algorithm: `(distance, start, end)` in chars.
fn fuzzy_candidates(t: &Chars, exact: &[char]) -> Vec<(usize, usize, usize)> {
    let (n, m) = (t.chars.len(), exact.len());
    let len = (m / 12).clamp(4, 12).min(m);
    let mut votes: HashMap<usize, usize> = HashMap::new();
    let bucket = (m / 4).max(4);
    let mut k = 0;
    while k + len <= m {
        let chunk: String = exact[k..k + len].iter().collect();
        for b in find_all(t.text, &chunk) {
            let s = t.char_at(b).saturating_sub(k);
            *votes.entry(s / bucket).or_insert(0) += 1;
        }
        k += len;
    }
    let mut ranked: Vec<(usize, usize)> = votes.into_iter().collect();
    // buckets are unique, so the order is total and an unstable sort gives the same list (one
    // stable sort fewer in the widget's wasm)
    crate::sort::sort_by(&mut ranked, |a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut out = Vec::new();
    for &(bk, _) in ranked.iter().take(CANDIDATES) {
        let lo = (bk * bucket).saturating_sub(m / 4 + 8);
        let hi = (bk * bucket + bucket + m + m / 4 + 8).min(n);
        if lo < hi {
            let (dist, s, e) = sellers(exact, &t.chars[lo..hi]);
            out.push((dist, lo + s, lo + e));
        }
    }
    out
}

/// A long quote aligned piece by piece: its [`PIECE`]-char pieces that stand exactly once in
/// the text, in the same order there (the longest such chain, in its largest consistent run),
/// are fixed points; edit distances are taken only over the gaps between them and the two
/// ends. `(distance, start, end)` in chars, or `None` when no piece stands anywhere.
fn long_match(t: &Chars, exact: &[char]) -> Option<(usize, usize, usize)> {
    let m = exact.len();
    // (offset in the quote, start in the text) of each piece found once; a very long quote
    // is sampled (MAX_PIECES searches of the text), the gaps between pieces grow instead
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    let stride = (m / MAX_PIECES).max(PIECE);
    let mut k = 0;
    while k + PIECE <= m {
        if let Some(p) = t.find_once(&exact[k..k + PIECE]) {
            pairs.push((k, p));
        }
        k += stride;
    }
    let chain = longest_chain(&pairs);
    // split where the shift between quote and text jumps (a piece found in another paragraph)
    let mut runs: Vec<Vec<(usize, usize)>> = Vec::new();
    for &(k, p) in &chain {
        match runs.last_mut().and_then(|r| r.last().copied().map(|l| (r, l))) {
            Some((r, (lk, lp))) if p >= lp + PIECE && (p - lp).abs_diff(k - lk) <= m / 4 + PIECE => r.push((k, p)),
            _ => runs.push(vec![(k, p)]),
        }
    }
    let run = runs.into_iter().max_by_key(Vec::len)?;
    let (k0, p0) = run[0];
    let (kl, pl) = run[run.len() - 1];
    let mut dist = 0;
    for w in run.windows(2) {
        let ((ka, pa), (kb, pb)) = (w[0], w[1]);
        dist += gap_distance(&exact[ka + PIECE..kb], &t.chars[pa + PIECE..pb]);
    }
    // the ends: the quote's head ends at the first piece, its tail starts after the last
    let head: Vec<char> = exact[..k0].iter().rev().copied().collect();
    let before: Vec<char> = t.chars[p0.saturating_sub(k0 + k0 / 4 + 8)..p0].iter().rev().copied().collect();
    let (dh, lh) = end_align(&head, &before);
    let tail = &exact[kl + PIECE..];
    let after = &t.chars[pl + PIECE..(pl + PIECE + tail.len() + tail.len() / 4 + 8).min(t.chars.len())];
    let (dt, lt) = end_align(tail, after);
    Some((dist + dh + dt, p0 - lh, pl + PIECE + lt))
}

/// The longest chain of pairs increasing in both offsets (pairs come sorted by the first).
fn longest_chain(pairs: &[(usize, usize)]) -> Vec<(usize, usize)> {
    // patience sorting: tails[i] is the index of the smallest end of a chain of length i + 1
    let mut tails: Vec<usize> = Vec::new();
    let mut prev: Vec<Option<usize>> = vec![None; pairs.len()];
    for (i, &(_, p)) in pairs.iter().enumerate() {
        let at = tails.partition_point(|&j| pairs[j].1 < p);
        prev[i] = at.checked_sub(1).map(|a| tails[a]);
        if at == tails.len() {
            tails.push(i);
        } else {
            tails[at] = i;
        }
    }
    let mut out = Vec::with_capacity(tails.len());
    let mut cur = tails.last().copied();
    while let Some(i) = cur {
        out.push(pairs[i]);
        cur = prev[i];
    }
    out.reverse();
    out
}

/// The edit distance of two gaps; a gap too large to align counts as wholly changed.
fn gap_distance(a: &[char], b: &[char]) -> usize {
    if a == b {
        0
    } else if a.len().saturating_mul(b.len()) > MAX_CELLS {
        a.len().max(b.len())
    } else {
        levenshtein(a, b)
    }
}

/// Aligns all of `p` with a start of `t` (`t` starts where `p` must): the least distance and
/// how many chars of `t` it takes.
fn end_align(p: &[char], t: &[char]) -> (usize, usize) {
    if p.is_empty() {
        return (0, 0);
    }
    if p.len().saturating_mul(t.len()) > MAX_CELLS {
        return (p.len(), p.len().min(t.len()));
    }
    // row over t: d[j] = distance of p[..i] and t[..j]
    let mut d: Vec<usize> = (0..=t.len()).collect();
    let mut next = vec![0; t.len() + 1];
    for (i, &c) in p.iter().enumerate() {
        next[0] = i + 1;
        for (j, &x) in t.iter().enumerate() {
            next[j + 1] = (d[j] + usize::from(c != x)).min(d[j + 1] + 1).min(next[j] + 1);
        }
        std::mem::swap(&mut d, &mut next);
    }
    // the shortest of equally good ends
    let (mut best, mut len) = (d[0], 0);
    for (j, &v) in d.iter().enumerate() {
        if v < best {
            (best, len) = (v, j);
        }
    }
    (best, len)
}

/// Leaves out whitespace that an alignment took at its edges.
fn trim(chars: &[char], mut s: usize, mut e: usize) -> (usize, usize) {
    while s < e && chars[s].is_whitespace() {
        s += 1;
    }
    while e > s && chars[e - 1].is_whitespace() {
        e -= 1;
    }
    (s, e)
}

/// Sellers' approximate substring match: the least edit distance between `p` and any
/// substring of `t`, with that substring's char range (the earliest of equal ones).
fn sellers(p: &[char], t: &[char]) -> (usize, usize, usize) {
    let m = p.len();
    let mut col: Vec<usize> = (0..=m).collect();
    let mut start: Vec<usize> = vec![0; m + 1];
    let mut ncol = vec![0; m + 1];
    let mut nstart = vec![0; m + 1];
    let mut best = (col[m], 0, 0);
    for (i, &c) in t.iter().enumerate() {
        ncol[0] = 0;
        nstart[0] = i + 1;
        for j in 1..=m {
            let mut v = col[j - 1] + usize::from(p[j - 1] != c);
            let mut st = start[j - 1];
            if ncol[j - 1] + 1 < v {
                v = ncol[j - 1] + 1;
                st = nstart[j - 1];
            }
            if col[j] + 1 < v {
                v = col[j] + 1;
                st = start[j];
            }
            ncol[j] = v;
            nstart[j] = st;
        }
        std::mem::swap(&mut col, &mut ncol);
        std::mem::swap(&mut start, &mut nstart);
        if col[m] < best.0 {
            best = (col[m], start[m], i + 1);
        }
    }
    best
}

/// An annotation that could not be placed in the new text: kept, with what it was, for a
/// person to look at.
#[derive(Clone, Debug, PartialEq)]
pub struct Lost {
    /// As it was, with offsets into the old text.
    pub annotation: ReviewAnnotation,
    pub quote: TextQuote,
    /// The best score any place reached.
    pub best: f64,
}

/// What [`reanchor`] made of a document whose text changed.
#[derive(Clone, Debug, PartialEq)]
pub struct Reanchored {
    /// The new text with every annotation that was found again (same ids, roster, counters).
    pub doc: ReviewDoc,
    /// Ids of annotations that moved or whose words changed a little.
    pub moved: Vec<String>,
    pub lost: Vec<Lost>,
}

/// Places every annotation of `old` in `new_text`. Cue and source ranges follow their
/// annotation when their words are still there, and are dropped otherwise.
pub fn reanchor(old: &ReviewDoc, new_text: &str, min_score: f64) -> Reanchored {
    let t = Target::new(new_text);
    let mut doc = old.clone();
    doc.text = new_text.to_string();
    doc.annotations = Vec::with_capacity(old.annotations.len());
    let (mut moved, mut lost) = (Vec::new(), Vec::new());
    for a in &old.annotations {
        let quote = TextQuote::capture(&old.text, a.start, a.end);
        let found = t.anchor(&quote, min_score);
        let Some((s, e)) = found.range() else {
            lost.push(Lost { annotation: a.clone(), quote, best: found.score() });
            continue;
        };
        let mut b = a.clone();
        (b.start, b.end) = (s, e);
        let shift = |r: Option<(usize, usize)>| {
            let (rs, re) = r?;
            let words = old.text.get(rs..re)?;
            let ns = (rs as isize + s as isize - a.start as isize).try_into().ok()?;
            (new_text.get(ns..ns + words.len()) == Some(words)).then_some((ns, ns + words.len()))
        };
        b.cue = shift(a.cue);
        b.source = shift(a.source);
        if (s, e) != (a.start, a.end) || !matches!(found, Anchored::Exact { .. }) {
            moved.push(a.id.clone());
        }
        doc.annotations.push(b);
    }
    crate::sort_annotations(&mut doc.annotations);
    Reanchored { doc, moved, lost }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Edit, ReviewKind, Status};

    const OLD: &str = "HARBORVIEW — The council met on Monday to discuss the pier.\n\
\"We will rebiuld the pier before the summer season,\" said Mayor Ana Ruiz.\n\
Critics said the plan would cost far more than the town can afford.\n\
\"No,\" said one fisherman. \"No,\" said another, louder.\n";

    fn q(text: &str, words: &str) -> TextQuote {
        let s = text.find(words).unwrap();
        TextQuote::capture(text, s, s + words.len())
    }

    /// An invented statement of about `chars` characters: sentences of words from a small list,
    /// varied by a counter so that no 16-char piece repeats often.
    pub(super) fn long_statement(chars: usize) -> String {
        const WORDS: [&str; 12] = [
            "harbour", "budget", "ferry", "council", "repairs", "winter", "tenants", "market", "pier", "storm", "vote",
            "fees",
        ];
        let mut out = String::new();
        let mut i = 0usize;
        while out.len() < chars {
            let w = |k: usize| WORDS[(i * 7 + k * 5 + i / 12) % WORDS.len()];
            out.push_str(&format!("The {} {} of {} went {} times past the {}. ", w(0), w(1), i, i % 97, w(2)));
            i += 1;
        }
        out.truncate(chars);
        out
    }

    #[test]
    fn a_long_quote_with_edits_is_found_piece_by_piece() {
        let quote = long_statement(20_000);
        let old = format!("HARBORVIEW — The council published its statement.\n\"{quote}\" said the clerk.\nThe end.\n");
        let start = old.find(&quote).unwrap();
        let mut doc = ReviewDoc::new("d", "", old.clone(), 0.0);
        doc.apply(Edit::Add(crate::NewAnnotation::new(ReviewKind::Note, start, start + quote.len()))).unwrap();
        // three typos, a sentence added in the middle, a paragraph added before
        let mut new_quote = quote.replacen("ferry", "fery", 3);
        new_quote.insert_str(10_000, "A sentence added later. ");
        let new = old.replace(&quote, &new_quote).replace("HARBORVIEW", "Updated.\nHARBORVIEW");
        let r = reanchor(&doc, &new, MIN_SCORE);
        assert!(r.lost.is_empty(), "{:?}", r.lost.iter().map(|l| l.best).collect::<Vec<_>>());
        let a = &r.doc.annotations[0];
        assert_eq!(&new[a.start..a.end], new_quote);
        // the same quote rewritten at its head (a fifth of it): found still, its start where the text now starts
        let head = long_statement(4000).replace("The ", "A ");
        let rewritten = old.replace(&quote, &format!("{head}{}", &quote[4000..]));
        match anchor(&rewritten, &TextQuote::capture(&old, start, start + quote.len()), MIN_SCORE) {
            Anchored::Fuzzy { start: s, end: e, .. } => {
                assert_eq!(e, rewritten.find("\" said the clerk").unwrap());
                assert!(s <= rewritten.find(&quote[4000..4100]).unwrap(), "{s}");
            }
            other => panic!("{other:?}"),
        }
        // mostly gone: lost, not placed
        let gone = old.replace(&quote, &format!("{}{}", long_statement(16_000).to_uppercase(), &quote[16_000..]));
        assert!(anchor(&gone, &TextQuote::capture(&old, start, start + quote.len()), MIN_SCORE).range().is_none());
    }

    #[test]
    fn a_short_quote_whose_context_is_gone_is_not_moved_to_its_copy() {
        let old = "Shameful, say tenants\nThe landlord said the state of the flats was shameful, in a letter.\nA tenant said the repairs were late.\n";
        let s = old.rfind("shameful").unwrap();
        let quote = TextQuote::capture(old, s, s + "shameful".len());
        // its paragraph removed: the headline's copy is the only one left
        let new = "Shameful, say tenants\nA tenant said the repairs were late.\n";
        assert!(matches!(anchor(new, &quote, MIN_SCORE), Anchored::Lost { .. }));
        // the paragraph before it removed: the suffix still stands by it
        let new = "The landlord said the state of the flats was shameful, in a letter.\nA tenant said the repairs were late.\n";
        let (a, b) = anchor(new, &quote, MIN_SCORE).range().unwrap();
        assert_eq!((&new[a..b], a), ("shameful", new.find("shameful").unwrap()));
    }

    #[test]
    fn capture_keeps_context_on_char_boundaries() {
        let t = "é".repeat(40) + "word" + &"ü".repeat(40);
        let q = q(&t, "word");
        assert_eq!(q.prefix.chars().count(), CONTEXT_CHARS);
        assert_eq!(q.suffix.chars().count(), CONTEXT_CHARS);
        let q2 = TextQuote::capture("abc", 0, 3);
        assert_eq!((q2.prefix.as_str(), q2.suffix.as_str()), ("", ""));
    }

    #[test]
    fn unchanged_and_shifted_text_is_exact() {
        let quote = q(OLD, "We will rebiuld the pier before the summer season,");
        let a = anchor(OLD, &quote, MIN_SCORE);
        assert!(matches!(a, Anchored::Exact { score, .. } if score > 0.99));
        let new = format!("A new first paragraph, added later.\n{OLD}");
        let (s, e) = anchor(&new, &quote, MIN_SCORE).range().unwrap();
        assert_eq!(&new[s..e], quote.exact);
    }

    #[test]
    fn a_fixed_typo_is_found_fuzzily() {
        let quote = q(OLD, "We will rebiuld the pier before the summer season,");
        let new = OLD.replace("rebiuld", "rebuild");
        match anchor(&new, &quote, MIN_SCORE) {
            Anchored::Fuzzy { start, end, score } => {
                assert_eq!(&new[start..end], "We will rebuild the pier before the summer season,");
                assert!(score > 0.9, "{score}");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_typo_in_the_context_changes_nothing() {
        let quote = q(OLD, "the plan would cost far more than the town can afford");
        let new = OLD.replace("Critics said", "Critcs said");
        assert!(matches!(anchor(&new, &quote, MIN_SCORE), Anchored::Exact { .. }));
    }

    #[test]
    fn repeats_are_told_apart_by_context() {
        let first = OLD.find("\"No,\"").unwrap() + 1;
        let second = OLD.rfind("\"No,\"").unwrap() + 1;
        let quote = TextQuote::capture(OLD, second, second + 3);
        let (s, _) = anchor(OLD, &quote, MIN_SCORE).range().unwrap();
        assert_eq!(s, second);
        let quote = TextQuote::capture(OLD, first, first + 3);
        assert_eq!(anchor(OLD, &quote, MIN_SCORE).range().unwrap().0, first);
    }

    #[test]
    fn a_rewritten_sentence_is_lost_not_moved_to_a_look_alike() {
        let quote = q(OLD, "We will rebiuld the pier before the summer season,");
        // the sentence is rewritten; a look-alike with other words stands elsewhere
        let new = "HARBORVIEW — The council met on Monday to discuss the pier.\n\
The mayor now says repairs will wait until the autumn, at the earliest.\n\
Critics said the plan would cost far more than the town can afford.\n\
In 1990 a mayor said: \"We will rebuild the harbour after the winter storms.\"\n";
        match anchor(new, &quote, MIN_SCORE) {
            Anchored::Lost { best } => assert!(best < MIN_SCORE),
            other => panic!("moved onto {other:?}"),
        }
        // a short quote whose only copy sits in another context is not taken either
        let short = q(OLD, "\"No,\" said one");
        assert!(anchor("Officials said \"No,\" said one of them, in a statement.", &short, 0.95).range().is_none());
    }

    #[test]
    fn empty_and_unicode_inputs_do_not_panic() {
        let quote = q(OLD, "pier");
        assert!(anchor("", &quote, MIN_SCORE).range().is_none());
        let empty = TextQuote { exact: String::new(), prefix: String::new(), suffix: String::new(), start: 0 };
        assert!(anchor(OLD, &empty, MIN_SCORE).range().is_none());
        let t = "😀 «Ça ira», dit-elle. 😀";
        let quote = q(t, "Ça ira");
        let new = t.replace("Ça ira", "Ça ira!");
        let (s, e) = anchor(&new, &quote, MIN_SCORE).range().unwrap();
        assert!(new.is_char_boundary(s) && new.is_char_boundary(e));
    }

    #[test]
    fn a_document_reanchors_and_keeps_what_it_loses() {
        let mut doc = ReviewDoc::from_text("d", "Pier", OLD, 0.0);
        assert!(doc.annotations.len() >= 2, "{:?}", doc.annotations);
        let quote = doc.annotations.iter().find(|a| doc.text_of(a).contains("rebiuld")).unwrap().id.clone();
        doc.apply(Edit::accept(&quote)).unwrap();
        doc.apply(Edit::SetNote { id: quote.clone(), note: "check the date".into() }).unwrap();
        // small edit: typo fixed, paragraph added
        let small = format!("Updated at noon.\n{}", OLD.replace("rebiuld", "rebuild"));
        let r = reanchor(&doc, &small, MIN_SCORE);
        assert!(r.lost.is_empty(), "{:?}", r.lost);
        assert_eq!(r.doc.annotations.len(), doc.annotations.len());
        assert!(r.doc.check().is_ok(), "{:?}", r.doc.check());
        let a = r.doc.annotation(&quote).unwrap();
        assert_eq!((a.status, a.note.as_str()), (Status::Accepted, "check the date"));
        assert!(r.doc.text_of(a).contains("rebuild"));
        assert!(r.moved.contains(&quote));
        if let Some((cs, ce)) = a.cue {
            assert_eq!(&small[cs..ce], "said");
        }
        // large edit: the quote's sentence is gone
        let large = OLD.replace(
            "\"We will rebiuld the pier before the summer season,\" said Mayor Ana Ruiz.",
            "The mayor did not comment.",
        );
        let r = reanchor(&doc, &large, MIN_SCORE);
        assert_eq!(r.lost.len(), 1);
        assert_eq!(r.lost[0].annotation.id, quote);
        assert_eq!(r.lost[0].annotation.kind, ReviewKind::Quote);
        assert!(r.doc.annotation(&quote).is_none());
        assert!(r.doc.check().is_ok());
    }
}
