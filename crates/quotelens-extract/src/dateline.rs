//! Wire datelines, read by a small hand-written parser.
//!
//! The forms: "Seoul, (AP):", "Beirut, Nov 26:", "DETROIT, Oct 2 (Reuters) -",
//! "LAUSANNE, March 3 (AFP) -" (a place, a comma, a date and/or an agency, a separator) and
//! "GENEVA (AP) —", "LONDON —", "SPRINGFIELD, Ill. (AP) —" (a place in capitals, maybe a state,
//! a date or an agency, a dash). A regex did this before; its Unicode tables were most of the
//! browser build, so this walks the characters instead.

/// A dateline found at the start of a paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// Bytes the dateline takes, separator included, trailing space not.
    pub len: usize,
    pub place: String,
    pub agency: Option<String>,
    pub date: Option<String>,
}

const AGENCIES: &[&str] = &[
    "AP",
    "Reuters",
    "AFP",
    "UPI",
    "dpa",
    "DPA",
    "IANS",
    "PTI",
    "ANI",
    "Xinhua",
    "TASS",
    "Bloomberg",
    "CNN",
    "BBC",
    "IPS",
    "EFE",
    "ANSA",
    "Kyodo",
    "Yonhap",
    "NYT",
    "WP",
    "The Associated Press",
    "Associated Press",
];

const MONTHS: &[&str] = &["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

#[derive(Clone, Copy)]
struct P<'a> {
    s: &'a str,
    i: usize,
}

impl<'a> P<'a> {
    fn peek(&self) -> Option<char> {
        self.s[self.i..].chars().next()
    }
    fn eat(&mut self, c: char) -> bool {
        if self.peek() == Some(c) {
            self.i += c.len_utf8();
            true
        } else {
            false
        }
    }
    fn eat_str(&mut self, t: &str) -> bool {
        if self.s[self.i..].starts_with(t) {
            self.i += t.len();
            true
        } else {
            false
        }
    }
    fn spaces(&mut self) {
        while matches!(self.peek(), Some(' ' | '\t')) {
            self.i += 1;
        }
    }

    /// A capitalised word of letters and `.'’-`; with `caps`, every letter upper case.
    fn word(&mut self, caps: bool) -> Option<(usize, usize)> {
        let start = self.i;
        let first = self.peek()?;
        if !first.is_uppercase() {
            return None;
        }
        let mut letters = 0;
        while let Some(c) = self.peek() {
            if c.is_alphabetic() {
                if caps && !c.is_uppercase() {
                    return None;
                }
                letters += 1;
            } else if !matches!(c, '.' | '\'' | '’' | '-') {
                break;
            }
            self.i += c.len_utf8();
        }
        if caps && self.i - start < 2 {
            return None;
        }
        (letters > 0).then_some((start, self.i))
    }

    /// One to four words separated by single spaces.
    fn place(&mut self, caps: bool) -> Option<(usize, usize)> {
        let (start, mut end) = self.word(caps)?;
        for _ in 0..3 {
            let mut q = *self;
            if q.eat(' ') && q.word(caps).is_some() {
                *self = q;
                end = self.i;
            } else {
                break;
            }
        }
        Some((start, end))
    }

    /// "Nov 26", "Nov. 26", "March 3", "Oct 2, 2024".
    fn date(&mut self) -> Option<(usize, usize)> {
        let start = self.i;
        let m = MONTHS.iter().find(|m| self.s[self.i..].starts_with(**m))?;
        self.i += m.len();
        while self.peek().is_some_and(|c| c.is_ascii_lowercase()) {
            self.i += 1;
        }
        self.eat('.');
        if !self.eat(' ') {
            return None;
        }
        let digits = |p: &mut P| {
            let d0 = p.i;
            while p.peek().is_some_and(|c| c.is_ascii_digit()) {
                p.i += 1;
            }
            p.i - d0
        };
        if !(1..=2).contains(&digits(self)) {
            return None;
        }
        let mut q = *self;
        if q.eat_str(", ") && digits(&mut q) == 4 {
            *self = q;
        }
        Some((start, self.i))
    }

    /// "(AP)": a known agency or two to six capitals.
    fn agency(&mut self) -> Option<(usize, usize)> {
        let mut q = *self;
        if !q.eat('(') {
            return None;
        }
        let close = q.s[q.i..].find(')')?;
        let name = &q.s[q.i..q.i + close];
        let caps = (2..=6).contains(&name.len()) && name.bytes().all(|b| b.is_ascii_uppercase());
        if !(caps || AGENCIES.contains(&name)) {
            return None;
        }
        let span = (q.i, q.i + close);
        q.i += close + 1;
        *self = q;
        Some(span)
    }

    /// ":", "—", "–", "--" or "- "; the colon only where `colon`.
    fn sep(&mut self, colon: bool) -> bool {
        self.spaces();
        let ok = (colon && self.eat(':')) || self.eat('—') || self.eat('–') || self.eat_str("--") || {
            let mut q = *self;
            q.eat('-') && matches!(q.peek(), Some(' ' | '\t')) && {
                *self = q;
                true
            }
        };
        if ok {
            self.spaces();
        }
        ok
    }

    /// ", Ill.", ", Maine", ", New Mexico": a state after the place.
    fn state(&mut self) -> bool {
        let mut q = *self;
        if q.eat_str(", ") && q.word(false).is_some() {
            let mut r = q;
            if r.eat(' ') && r.word(false).is_some() {
                q = r;
            }
            *self = q;
            true
        } else {
            false
        }
    }
}

fn found(s: &str, p: P, place: (usize, usize), agency: Option<(usize, usize)>, date: Option<(usize, usize)>) -> Found {
    Found {
        len: s[..p.i].trim_end().len(),
        place: s[place.0..place.1].to_string(),
        agency: agency.map(|a| s[a.0..a.1].to_string()),
        date: date.map(|d| s[d.0..d.1].to_string()),
    }
}

/// Parses a dateline at the start of `s`.
pub fn parse(s: &str) -> Option<Found> {
    // every form ends in a separator (":", "—", "–", "--" or "- "): most paragraphs have none
    // near the start, and are not parsed (0xE2 leads the dashes, and the curly quotes too: a
    // paragraph that opens with a quotation has it, so the dash is checked whole)
    let b = s.as_bytes();
    let mut at = 0;
    loop {
        let i = crate::scan::find_any(b, at, [b':', b'-', 0xE2])?;
        if b[i] != 0xE2 || (b.get(i + 1) == Some(&0x80) && matches!(b.get(i + 2), Some(0x93 | 0x94))) {
            break;
        }
        at = i + 1;
    }
    // the place in ordinary case that the comma and the agency forms both start with, read
    // once: the parser after it, and where it stands
    let mut p = P { s, i: 0 };
    let plain = p.place(false).map(|place| (p, place));
    plain
        .and_then(|(p, place)| comma_form(s, p, place))
        .or_else(|| caps_form(s))
        .or_else(|| plain.and_then(|(p, place)| agency_form(s, p, place)))
}

/// "Washington (AFP) –", "Paris (Reuters) -": a place in ordinary case needs the agency.
/// `p` stands right after the place.
fn agency_form<'a>(s: &'a str, mut p: P<'a>, mut place: (usize, usize)) -> Option<Found> {
    if p.state() {
        place.1 = p.i;
    }
    p.spaces();
    let agency = Some(p.agency()?);
    p.sep(false).then(|| found(s, p, place, agency, None))
}

/// "Seoul, (AP):", "Beirut, Nov 26:": a comma, then a date or an agency (a bare "Paris:" is
/// too often a label to count). `p` stands right after the place.
fn comma_form<'a>(s: &'a str, mut p: P<'a>, place: (usize, usize)) -> Option<Found> {
    if !p.eat(',') {
        return None;
    }
    p.spaces();
    let date = p.date();
    p.spaces();
    let agency = p.agency();
    if date.is_none() && agency.is_none() {
        return None;
    }
    p.sep(true).then(|| found(s, p, place, agency, date))
}

/// "GENEVA (AP) —", "LONDON —", "SPRINGFIELD, Ill. (AP) —": a place in capitals and a dash.
fn caps_form(s: &str) -> Option<Found> {
    let mut p = P { s, i: 0 };
    let mut place = p.place(true)?;
    if p.state() {
        place.1 = p.i;
    }
    let date = {
        let mut q = p;
        if q.eat_str(", ") {
            q.date().inspect(|_| p = q)
        } else {
            None
        }
    };
    p.spaces();
    let agency = p.agency();
    p.sep(false).then(|| found(s, p, place, agency, date))
}
