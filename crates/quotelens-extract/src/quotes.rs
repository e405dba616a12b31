//! Finding quotations: pairing quote marks.
//!
//! One left-to-right pass over each paragraph with a tiny state machine, so the time is linear
//! whatever the marks are (10 MB of lone `"` included). The rules:
//!
//! * Curly and angle marks say which way they face; a straight `"` faces by its neighbours
//!   (space before and a letter after opens, the reverse closes) and otherwise toggles.
//! * `'` and `’` between letters (don't, Hezbollah's) or before a two-digit year ('90s) are
//!   apostrophes. A single mark opens only after space or a bracket and closes only before
//!   space or punctuation; a possessive like `voters’` closes a single quote only when no later
//!   closing mark in the paragraph could.
//! * Marks nested inside a quotation stay inside it: only the outermost pair makes a quote.
//! * A quotation still open at the end of a paragraph continues when the next paragraph opens
//!   with a mark (the newswire convention for long quotes); otherwise it is dropped, so one
//!   unbalanced mark never swallows the rest of the document.

use serde::Serialize;

use crate::segment::{BlockKind, Paragraph};
use crate::span::Span;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MarkStyle {
    Double,
    Single,
    Guillemet,
}

/// A pair of quote marks and what lies between them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Quotation {
    /// The words inside the marks.
    pub inner: Span,
    /// From the opening mark to the closing mark, both included.
    pub outer: Span,
    pub style: MarkStyle,
    /// Index of the paragraph it opens in, and of the one it closes in.
    pub first_paragraph: usize,
    pub last_paragraph: usize,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Dir {
    Open,
    Close,
    Either,
}

#[derive(Clone, Copy)]
struct Open {
    at: usize,
    len: usize,
    style: MarkStyle,
    paragraph: usize,
    /// nesting depth of same-family curly or angle marks inside this quotation
    depth: u32,
    straight: bool,
}

fn is_open_side(c: Option<char>) -> bool {
    match c {
        None => true,
        Some(c) => {
            c.is_whitespace()
                || matches!(c, '(' | '[' | '{' | '—' | '–' | '-' | '/' | '“' | '‘' | '"' | '\'' | '«' | ':' | '>')
        }
    }
}

fn is_close_side(c: Option<char>) -> bool {
    match c {
        None => true,
        Some(c) => {
            c.is_whitespace()
                || (c.is_ascii_punctuation() && c != '\'')
                || matches!(c, '—' | '–' | '…' | '”' | '’' | '»' | '“')
        }
    }
}

fn double_dir(c: char, prev: Option<char>, next: Option<char>) -> Option<(Dir, MarkStyle)> {
    Some(match c {
        '“' | '„' | '‟' => (Dir::Open, MarkStyle::Double),
        '”' => {
            // some sources use ” both ways: at a word's start it opens
            if is_open_side(prev) && !is_close_side(next) {
                (Dir::Open, MarkStyle::Double)
            } else {
                (Dir::Close, MarkStyle::Double)
            }
        }
        '«' => (Dir::Open, MarkStyle::Guillemet),
        '»' => (Dir::Close, MarkStyle::Guillemet),
        '"' => {
            let open = is_open_side(prev) && !next.is_some_and(char::is_whitespace) && next.is_some();
            let close = is_close_side(next) && !prev.is_some_and(char::is_whitespace) && prev.is_some();
            let d = match (open, close) {
                (true, false) => Dir::Open,
                (false, true) => Dir::Close,
                _ => Dir::Either,
            };
            (d, MarkStyle::Double)
        }
        _ => return None,
    })
}

fn single_dir(c: char, prev: Option<char>, next: Option<char>, next2: Option<char>) -> Option<Dir> {
    if !matches!(c, '\'' | '‘' | '’' | '‚' | '‹' | '›') {
        return None;
    }
    if c == '‹' {
        return Some(Dir::Open);
    }
    if c == '›' {
        return Some(Dir::Close);
    }
    let alnum = |x: Option<char>| x.is_some_and(char::is_alphanumeric);
    if alnum(prev) && alnum(next) {
        return None; // don't, Hezbollah's
    }
    if c != '‘' && next.is_some_and(|c| c.is_ascii_digit()) && next2.is_some_and(|c| c.is_ascii_digit()) && !alnum(prev)
    {
        return None; // the '90s
    }
    let open = is_open_side(prev) && next.is_some_and(|n| !n.is_whitespace());
    let close = prev.is_some_and(|p| !p.is_whitespace()) && is_close_side(next);
    match (c, open, close) {
        ('‘' | '‚', _, _) if open || !close => Some(Dir::Open),
        (_, true, false) => Some(Dir::Open),
        (_, false, true) => Some(Dir::Close),
        _ => None,
    }
}

/// Is this closing candidate a plural possessive (`voters’ rights`) rather than a closing mark?
fn possessive_like(prev: Option<char>, rest: &str) -> bool {
    matches!(prev, Some('s' | 'S')) && {
        let mut it = rest.chars();
        it.next().is_some_and(|c| c == ' ') && it.next().is_some_and(char::is_lowercase)
    }
}

/// Finds every outermost quotation in the paragraphs of `text`, sorted by start.
pub fn find(text: &str, paragraphs: &[Paragraph]) -> Vec<Quotation> {
    let mut out = doubles(text, paragraphs);
    let singles = singles(text, paragraphs, &out);
    out.extend(singles);
    crate::sort::by_key(&mut out, |q| (q.outer.start as u64, u64::MAX - q.outer.end as u64));
    // keep the outermost: a double quotation nested in a single one goes
    let mut kept: Vec<Quotation> = Vec::with_capacity(out.len());
    for q in out {
        if kept.last().is_some_and(|k| k.outer.contains(q.outer)) {
            continue;
        }
        kept.push(q);
    }
    kept
}

/// Marks with no letter or digit between them (`""`, `“ ”`, `'…'`) quote nothing: a run of
/// such marks would otherwise become an empty quotation every two bytes, each an annotation.
fn quotes_words(text: &str, o: &Open, close_at: usize) -> bool {
    let inner = &text[o.at + o.len..close_at];
    // ASCII letters and digits first, byte by byte: a paragraph-long run of marks is scanned
    // whole
    inner.bytes().any(|b| b.is_ascii_alphanumeric())
        || (!inner.is_ascii()
            && inner.chars().any(|c| {
                // marks, dashes and spaces of General Punctuation are none, and asking
                // Unicode's tables about each of a flood of nested marks doubled the time
                // of pairing them
                !c.is_ascii() && !('\u{2000}'..='\u{206F}').contains(&c) && c.is_alphanumeric()
            }))
}

fn quotation(o: Open, close_at: usize, close_len: usize, last_paragraph: usize) -> Quotation {
    Quotation {
        inner: Span::new(o.at + o.len, close_at),
        outer: Span::new(o.at, close_at + close_len),
        style: o.style,
        first_paragraph: o.paragraph,
        last_paragraph,
    }
}

/// Does a paragraph that opens with `c` continue a quotation of this style and mark?
fn continues(o: &Open, c: char) -> bool {
    match o.style {
        MarkStyle::Double => matches!(c, '“' | '"' | '„' | '”'),
        MarkStyle::Guillemet => c == '«',
        MarkStyle::Single => matches!(c, '‘' | '\''),
    }
}

fn is_mark_char(c: char) -> bool {
    matches!(c, '"' | '\'' | '“' | '”' | '„' | '‟' | '«' | '»' | '‘' | '’' | '‚' | '‹' | '›')
}

/// The quote-mark candidates of `s` from byte `from`, with the characters on either side.
/// Marks are rare, so this jumps between their lead bytes instead of decoding every char.
fn marks(s: &str, from: usize) -> impl Iterator<Item = (usize, char, Option<char>, Option<char>)> + '_ {
    let mut at = from;
    std::iter::from_fn(move || {
        while let Some(i) = next_lead(s.as_bytes(), at) {
            at = i + 1;
            // a lead byte starts a char: `"`, `'` or 0xC2/0xE2, never a continuation byte
            let c = s[i..].chars().next()?;
            if is_mark_char(c) {
                return Some((i, c, s[..i].chars().next_back(), s[i + c.len_utf8()..].chars().next()));
            }
        }
        None
    })
}

/// The first byte at or after `from` that can start a quote mark: `"`, `'`, or 0xC2 / 0xE2,
/// the lead bytes of the guillemets and the curly marks.
fn next_lead(bytes: &[u8], mut from: usize) -> Option<usize> {
    // marks side by side (a flood of them) need no scan
    if matches!(bytes.get(from), Some(b'"' | b'\'' | 0xE2 | 0xC2)) {
        return Some(from);
    }
    loop {
        let i = crate::scan::find_any_or_high(bytes, from, [b'"', b'\''])?;
        if matches!(bytes[i], b'"' | b'\'' | 0xE2 | 0xC2) {
            return Some(i);
        }
        from = i + 1;
    }
}

/// The paragraph's last straight `"` (or last `”`), looked up once and kept in `cache`.
fn last_closer(s: &str, cache: &mut [Option<Option<usize>>; 2], straight: bool) -> Option<usize> {
    *cache[usize::from(straight)].get_or_insert_with(|| {
        if straight {
            crate::scan::rfind_ascii(s, b'"')
        } else {
            s.rfind('”')
        }
    })
}

/// Double quotes and guillemets.
fn doubles(text: &str, paragraphs: &[Paragraph]) -> Vec<Quotation> {
    let mut out = Vec::new();
    let mut carried: Option<Open> = None;
    let mut resume = 0; // the paragraph a carried quotation goes on in
    for (pi, p) in paragraphs.iter().enumerate() {
        if carried.is_some() && pi < resume {
            continue; // page furniture inside a quotation
        }
        let s = p.span.slice(text);
        let base = p.span.start;
        let mut open: Option<Open> = None;
        let mut from = 0;
        if let Some(o) = carried.take() {
            if let Some(c) = s.chars().next() {
                if continues(&o, c) {
                    open = Some(Open { depth: 0, ..o });
                    from = c.len_utf8();
                }
            }
        }
        let mut skip = 0; // the second apostrophe of a '' pair
        let mut last = [None; 2]; // where the paragraph's last " and ” are, found on demand
                                  // a closing-side straight " met inside a curly quotation: (offset, length)
        let mut straight_close: Option<(usize, usize)> = None;
        for (i, c, prev, next) in marks(s, from) {
            if i < skip {
                continue;
            }
            let (mut c, mut next, mut len) = (c, next, c.len_utf8());
            // two apostrophes for a double mark (''like this'', an old typewriter habit)
            if c == '\'' && next == Some('\'') {
                next = s[i + 2..].chars().next();
                c = '"';
                len = 2;
                skip = i + 2;
            }
            if let Some((dir, style)) = double_dir(c, prev, next) {
                let straight = c == '"';
                match open.as_mut() {
                    None if dir != Dir::Close => {
                        straight_close = None;
                        open = Some(Open { at: base + i, len, style, paragraph: pi, depth: 0, straight });
                    }
                    // “… end," he added, “but …”: a second curly opening where a double quotation
                    // cannot nest means the straight mark before it closed the first one
                    Some(o) if o.style == style && !o.straight && !straight && dir == Dir::Open && o.depth == 0 => {
                        if let Some((at, close_len)) = straight_close.take() {
                            out.push(quotation(*o, at, close_len, pi));
                            open = Some(Open { at: base + i, len, style, paragraph: pi, depth: 0, straight });
                        } else {
                            o.depth += 1;
                        }
                    }
                    Some(o)
                        if o.style == style && !o.straight && straight && dir == Dir::Close && o.depth == 0 && {
                            // (remembered, unless it closes the quotation as a mixed pair below)
                            last_closer(s, &mut last, false).is_some_and(|at| at > i)
                        } =>
                    {
                        straight_close = Some((base + i, len));
                    }
                    // only the same family closes: straight with straight, ” with “, » with «
                    Some(o) if o.style == style && o.straight == straight => {
                        if dir == Dir::Open && !straight {
                            o.depth += 1;
                        } else if o.depth > 0 {
                            o.depth -= 1;
                        } else {
                            if quotes_words(text, o, base + i) {
                                out.push(quotation(*o, base + i, len, pi));
                            }
                            open = None;
                        }
                    }
                    // a curly pair inside a straight quotation ("… an episode of “Lost.” But …)
                    // is nested in it: the ” closes the “, not the straight mark
                    Some(o)
                        if o.style == style
                            && o.straight
                            && !straight
                            && ((dir == Dir::Open && is_open_side(prev) && !is_close_side(next))
                                || (dir == Dir::Close && o.depth > 0)) =>
                    {
                        if dir == Dir::Open {
                            o.depth += 1;
                        } else {
                            o.depth -= 1;
                        }
                    }
                    // “…" or "…”: a mixed pair closes when the paragraph holds no later
                    // closer of the opening mark's own kind (one look back from the end
                    // per paragraph, so still linear)
                    Some(o)
                        if o.style == style
                            && o.depth == 0
                            && dir == Dir::Close
                            && o.straight != straight
                            && last_closer(s, &mut last, o.straight).is_none_or(|at| at < i) =>
                    {
                        if quotes_words(text, o, base + i) {
                            out.push(quotation(*o, base + i, len, pi));
                        }
                        open = None;
                    }
                    _ => {}
                }
            }
        }
        // Still open at the paragraph's end: it runs on if the next paragraph opens with a
        // mark (and is not a transcript turn of its own); a paragraph that opened with the
        // mark and never closed it is quoted to its end (the closing mark went missing);
        // anything else is dropped.
        if let Some(o) = open {
            // the next paragraph of the story: an advertisement line, a caption or a "READ
            // MORE:" line between two paragraphs of one quotation does not end it
            let mut ni = pi + 1;
            while ni < paragraphs.len() && ni - pi <= 2 && paragraphs[ni].kind == BlockKind::Boilerplate {
                ni += 1;
            }
            let next = paragraphs.get(ni).map_or("", |n| n.span.slice(text));
            let runs_on = next.chars().next().is_some_and(|c| continues(&o, c))
                && !starts_with_label(&next[next.chars().next().map_or(0, char::len_utf8)..]);
            if runs_on {
                carried = Some(o);
                resume = ni;
            } else if o.at == p.span.start && o.paragraph == pi && quotes_words(text, &o, p.span.end) {
                out.push(quotation(o, p.span.end, 0, pi));
            }
        }
    }
    out
}

/// Does the text open with a transcript speaker label ("WALLACE:", "SEN. LEE:")?
pub fn starts_with_label(s: &str) -> bool {
    label_len(s).is_some()
}

/// The length of a transcript label and the space after it.
pub fn label_len(s: &str) -> Option<usize> {
    // (a label is at most 30 bytes: the colon is among the first 31, not anywhere in a
    // paragraph that has none)
    let colon = s.as_bytes().iter().take(31).position(|&b| b == b':')?;
    let label = &s[..colon];
    let letters = label.chars().filter(|c| c.is_alphabetic()).count();
    let ok = (2..=30).contains(&label.len())
        && letters >= 2
        && label.chars().all(|c| c.is_uppercase() || c == ' ' || c == '.' || c == '-' || c == '\'')
        && label.chars().next().is_some_and(char::is_uppercase);
    if !ok {
        return None;
    }
    let rest = &s[colon + 1..];
    let space = rest.len() - rest.trim_start().len();
    (space > 0).then_some(colon + 1 + space)
}

/// Single quotes, looked for only outside double quotations.
fn singles(text: &str, paragraphs: &[Paragraph], doubles: &[Quotation]) -> Vec<Quotation> {
    let mut out = Vec::new();
    let mut carried: Option<Open> = None;
    let mut d = 0; // next double quotation that may cover a position
    for (pi, p) in paragraphs.iter().enumerate() {
        let s = p.span.slice(text);
        // no single quotation can open here (apostrophes alone do not): skip the paragraph
        if carried.is_none() && !may_open_single(s) {
            continue;
        }
        let base = p.span.start;
        // needed only when a possessive-looking mark might close a quotation: found lazily
        let mut last_close: Option<usize> = None;
        let mut open: Option<Open> = None;
        let mut from = 0;
        if let Some(o) = carried.take() {
            if let Some(c) = s.chars().next() {
                if continues(&o, c) {
                    open = Some(o);
                    from = c.len_utf8();
                }
            }
        }
        for (i, c, prev, next) in marks(s, from) {
            let at = base + i;
            while d < doubles.len() && doubles[d].outer.end <= at {
                d += 1;
            }
            let in_double = d < doubles.len() && doubles[d].outer.start <= at;
            if !in_double || open.is_some() {
                let next2 = s[i + c.len_utf8()..].chars().nth(1);
                match (single_dir(c, prev, next, next2), open) {
                    (Some(Dir::Open), None) => {
                        open = Some(Open {
                            at,
                            len: c.len_utf8(),
                            style: MarkStyle::Single,
                            paragraph: pi,
                            depth: 0,
                            straight: c == '\'',
                        });
                    }
                    (Some(Dir::Close), Some(o)) => {
                        let rest = &s[i + c.len_utf8()..];
                        // ‘Entertainers’ side: a one-word quotation closes even before a noun
                        let one_word = !text[o.at + o.len..at].contains(char::is_whitespace);
                        if one_word
                            || !(possessive_like(prev, rest)
                                && *last_close.get_or_insert_with(|| last_single_close(s)) > i)
                        {
                            if quotes_words(text, &o, at) {
                                out.push(quotation(o, at, c.len_utf8(), pi));
                            }
                            open = None;
                        }
                    }
                    _ => {}
                }
            }
        }
        carried = open;
    }
    out
}

/// Could a single quotation open in `s`? Only ‘, ‹, a straight ' or a ’ after an opening-side
/// character can open one.
fn may_open_single(s: &str) -> bool {
    // by lead bytes: `'` itself, 0xE2 for ‘, ‹ and ’ (chars are decoded only there), in one
    // pass (a second one for ’ cost 0.3 % of the extraction)
    let bytes = s.as_bytes();
    let mut at = 0;
    while let Some(i) = crate::scan::find_any_or_high(bytes, at, [b'\'']) {
        if bytes[i] == b'\'' {
            return true;
        }
        if bytes[i] == 0xE2 {
            match s[i..].chars().next() {
                Some('‘' | '‹') => return true,
                Some('’') if is_open_side(s[..i].chars().next_back()) => return true,
                _ => {}
            }
        }
        at = i + 1;
    }
    false
}

fn last_single_close(s: &str) -> usize {
    let mut last = 0;
    for (i, c, prev, next) in marks(s, 0) {
        if matches!(c, '\'' | '’')
            && prev.is_some_and(|p: char| !p.is_whitespace())
            && is_close_side(next)
            && !possessive_like(prev, &s[i + c.len_utf8()..])
        {
            last = i;
        }
    }
    last
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_single_may_open_where_a_mark_or_a_right_quote_on_an_open_side_is() {
        // what the one pass replaced: any `'`, `‘` or `‹`, or a `’` with an open side before it
        let two_passes = |s: &str| {
            s.contains(['\'', '‘', '‹'])
                || s.match_indices('’').any(|(i, _)| super::is_open_side(s[..i].chars().next_back()))
        };
        let pieces = ["it’s", " ’tis", "’90s", "(’", "x", "‘", "‹", "'", "é", "—’", "’’", "“", "a’b ’"];
        for a in pieces {
            for b in pieces {
                let s = format!("{a}{b}");
                assert_eq!(super::may_open_single(&s), two_passes(&s), "{s:?}");
            }
        }
        assert!(!super::may_open_single("Lee’s plan, and the council’s."));
        assert!(super::may_open_single("He called it ’the deal’."));
    }

    use super::*;
    use crate::segment::paragraphs;

    fn quotes(text: &str) -> Vec<&str> {
        find(text, &paragraphs(text)).iter().map(|q| q.inner.slice(text)).collect()
    }

    #[test]
    fn straight_and_curly_double_quotes() {
        assert_eq!(quotes(r#""We will act," Katz said. "Now.""#), ["We will act,", "Now."]);
        assert_eq!(quotes("“If you don't act, we will,” Katz said."), ["If you don't act, we will,"]);
        assert_eq!(quotes("He called it «une honte» today."), ["une honte"]);
    }

    #[test]
    fn apostrophes_are_not_marks() {
        assert_eq!(quotes("'We'll enjoy tonight,' she said of the '90s band's show."), ["We'll enjoy tonight,"]);
        assert_eq!(quotes("‘It’s the voters’ money,’ he said."), ["It’s the voters’ money,"]);
        assert_eq!(quotes("Don't touch the voters’ rolls, the '90s are over."), Vec::<&str>::new());
    }

    #[test]
    fn nested_quotes_stay_inside() {
        assert_eq!(quotes(r#""He told me 'never again' and left," she said."#), ["He told me 'never again' and left,"]);
        assert_eq!(quotes("“A “b” c,” she said."), ["A “b” c,"]);
        // curly marks inside a straight quotation are its inner quote, not its end
        // (a transcript turn that opens with a straight mark and never closes it)
        assert_eq!(quotes("\"HOST: It is like “Lost.” But worse."), ["HOST: It is like “Lost.” But worse."]);
    }

    #[test]
    fn mixed_curly_and_straight_pair_closes_only_without_a_proper_closer() {
        // an editor's slip: a curly opening closed by a straight mark, and the reverse
        assert_eq!(quotes("“Stop here,\" the chair said, calling them \"cheap.\""), ["Stop here,", "cheap."]);
        assert_eq!(quotes("There was \"no sign” of it."), ["no sign"]);
        // a straight mark inside a properly closed curly quotation stays inside it
        assert_eq!(quotes("“He said \"no\" and left,” she said."), ["He said \"no\" and left,"]);
        assert_eq!(quotes("“Not this, \" she wrote, but this,” he said."), ["Not this, \" she wrote, but this,"]);
        // but a second curly opening after a straight closer: the straight mark closed the first
        assert_eq!(
            quotes("“Costs are at the high end,\" he added, “but others were paid out.”"),
            ["Costs are at the high end,", "but others were paid out."]
        );
    }

    #[test]
    fn eight_bytes_at_a_time_finds_the_first_lead_byte() {
        let text = "ab'cdefghij\"klmnopq“rstuvwxyz«end »x\u{1}\u{81}'";
        let bytes = text.as_bytes();
        for from in 0..=bytes.len() {
            let naive = bytes[from..].iter().position(|&b| matches!(b, b'"' | b'\'' | 0xE2 | 0xC2)).map(|k| from + k);
            assert_eq!(next_lead(bytes, from), naive, "from {from}");
        }
    }

    #[test]
    fn general_punctuation_holds_no_letter_or_digit() {
        assert!(('\u{2000}'..='\u{206F}').all(|c| !c.is_alphanumeric()));
        // so marks with only such characters between them quote nothing
        assert_eq!(quotes("It said “…” and “ — ” then “yes.”"), ["yes."]);
    }

    #[test]
    fn multi_paragraph_quotation_is_one() {
        let text = "“First part of it.\n“Second part,” she said.\nNext.";
        assert_eq!(quotes(text), ["First part of it.\n“Second part,"]);
    }

    #[test]
    fn unbalanced_mark_is_contained_in_its_paragraph() {
        let text = "He said \"this never closes.\nThen \"a real one\" came.";
        assert_eq!(quotes(text), ["a real one"]);
    }
}
