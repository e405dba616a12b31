//! Speakers as entities: one per person or group, named by its fullest form, and the
//! antecedents that pronouns resolve to.
//!
//! As each sentence is read, before it is attributed, every run of two to four capitalised
//! words (titles dropped) is collected as a possible full name. A one-word speaker ("Putin", "Mr. Katz")
//! takes the full name that ends with it ("Vladimir Putin"); three-word names may also be
//! picked by their first word ("Kim" → "Kim Jong Un"), the family-name-first order. Two-word
//! names never are, so "Israel says" stays the country, not "Israel Katz".
//!
//! Pronouns resolve by salience: in the same sentence to its subject when it fits, otherwise
//! to the most recent fitting mention. "he"/"she" fit people of that (or unknown) gender,
//! "they" fits groups, "it" institutions and one-word names that are not people.

use std::collections::{HashMap, HashSet};
use std::hash::BuildHasherDefault;
use std::sync::Arc;

use serde::Serialize;

use crate::lexicon::{self, lists, Gender, Pronoun};
use crate::sources::{Source, SourceKind};
use crate::span::Span;
use crate::tags::Words;
use crate::words::{is_capitalized, is_possessive, Lower, Small, Token};

/// What a speaker is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum EntityKind {
    Person,
    Group,
    Institution,
    /// A one-word name the text does not make clear (a surname, a country, a party).
    Unknown,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Entity {
    pub id: usize,
    pub name: String,
    pub kind: EntityKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gender: Option<Gender>,
    /// Every span in the text where it is named as a source (pronouns included).
    pub mentions: Vec<Span>,
}

/// A speaker as [`Entities::resolve`] names it, with its [`key`]: every caller looks the
/// speaker up by it, so it is made once, while naming.
#[derive(Clone, Debug)]
pub struct Named {
    pub name: Small,
    pub key: Small,
    pub kind: EntityKind,
    pub gender: Option<Gender>,
}

/// A mention that a later pronoun could point back to.
#[derive(Clone, Debug)]
struct Salient {
    name: Small,
    key: Small,
    kind: EntityKind,
    gender: Option<Gender>,
    pos: usize,
}

#[derive(Default)]
pub struct Entities {
    pub list: Vec<Entity>,
    by_key: ByKey,
    /// last word (lower case) → full names seen, with counts
    by_last: Map<Candidates>,
    /// first word of names of three or more words → full names
    by_first: Map<Candidates>,
    genders: Map<Gender>,
    salient: Vec<Salient>,
    /// Sentence subjects not yet named: naming every sentence's subject costs allocations,
    /// and only a pronoun needs them, so they are named when one comes.
    pending: Vec<Source>,
    /// People named anywhere in the text (subject or not), latest last: who an interview is
    /// with, who "she" is when no subject fits.
    mentioned: Vec<(Name, usize)>,
    /// Full names the text also calls by surname alone: people, not places or teams.
    surnamed: HashSet<Name, BuildHasherDefault<lexicon::WordHasher>>,
    /// Where a full name is put together before it is shared.
    scratch: String,
    /// Posts the article gave people ("Surrey Mayor Doug McCallum", "Tim Bale, a politics
    /// professor", "Ann Roe, 34,"): by post (lower case), who holds it, in text order, so
    /// that "the mayor" or "the 34-year-old" names that person. By post, because a search
    /// of all posts for one that no one holds went through every post of the text, each
    /// time ("the chief" in a long text of mayors grew with the square of its length).
    roles: Map<Vec<Role>>,
    /// Proper names seen as a sentence's subject or a speaker that are no person's ("Google
    /// said", "TransLink told"), in text order: who "the company" or "the agency" is.
    orgs: Vec<(String, usize)>,
}

/// The entities by their name's [`key`], without a copy of the key: an entity's key is its
/// name's, so the table holds each key's hash and the entity, and a lookup compares the
/// name. (A copy per entity was an allocation, and at the end a free, for each person: a
/// text naming 150,000 people spent 6% of its time freeing the table.)
#[derive(Default)]
struct ByKey {
    /// a key's hash → the last entity added with that hash
    heads: HashMap<u64, usize, BuildHasherDefault<lexicon::WordHasher>>,
    /// entity `i` → the entity added before it with the same hash (`usize::MAX`: none)
    earlier: Vec<usize>,
}

impl ByKey {
    fn hash(k: &str) -> u64 {
        use std::hash::BuildHasher;
        BuildHasherDefault::<lexicon::WordHasher>::default().hash_one(k)
    }

    /// The entity of `list` whose key is `k`.
    fn get(&self, list: &[Entity], k: &str) -> Option<usize> {
        let mut at = *self.heads.get(&Self::hash(k))?;
        while at != usize::MAX {
            if *key_of(&list[at].name) == *k {
                return Some(at);
            }
            at = self.earlier[at];
        }
        None
    }

    /// Notes entity `id`, the last of `list`, under its key `k`.
    fn add(&mut self, list: &[Entity], id: usize, k: &str) {
        debug_assert!(id == self.earlier.len() && *key_of(&list[id].name) == *k);
        let before = self.heads.insert(Self::hash(k), id);
        self.earlier.push(before.unwrap_or(usize::MAX));
    }
}

/// Who holds a post the article gave ("mayor", "prime minister", "34-year-old"), for
/// [`Entities::described`].
#[derive(Debug)]
struct Role {
    name: Name,
    pos: usize,
    /// The capitalised words before the post, lower case ("liberal" of "Liberal leader Ann
    /// Roe"): "the Liberal leader" must find them.
    modifiers: String,
}

/// A full name as the lists above share it: each name seen is allocated once, and the lists
/// that note it (candidates, mentions, surnames) hold copies of one pointer.
type Name = Arc<str>;

/// Names to what is known of them. Looked up for every capitalised word, and never iterated
/// (so the hasher cannot change any result): the word lists' hasher, not SipHash.
type Map<V> = HashMap<String, V, BuildHasherDefault<lexicon::WordHasher>>;

/// The full names seen with one word, with counts, and which one is seen most. Many people
/// may share a surname: the list gets an index past a few names, and the most seen is kept
/// as counts grow, so a lookup never walks the list (that was quadratic in the text).
#[derive(Default)]
struct Candidates {
    list: Vec<(Name, usize)>,
    index: Option<HashMap<Name, usize, BuildHasherDefault<lexicon::WordHasher>>>,
    /// The highest count, how many names have it, and one of them (the only one when one).
    top: usize,
    at_top: usize,
    best: usize,
}

impl Candidates {
    fn bump(&mut self, name: &Name) {
        let found = match &self.index {
            Some(ix) => ix.get(name).copied(),
            None => self.list.iter().position(|c| c.0 == *name),
        };
        let at = found.unwrap_or_else(|| {
            self.list.push((name.clone(), 0));
            let at = self.list.len() - 1;
            match &mut self.index {
                Some(ix) => {
                    ix.insert(name.clone(), at);
                }
                None if self.list.len() > 8 => {
                    self.index = Some(self.list.iter().enumerate().map(|(i, c)| (c.0.clone(), i)).collect());
                }
                None => {}
            }
            at
        });
        self.list[at].1 += 1;
        // counts grow by one: a name reaches the top count, or passes it alone
        let c = self.list[at].1;
        if c > self.top {
            (self.top, self.at_top, self.best) = (c, 1, at);
        } else if c == self.top {
            self.at_top += 1;
        }
    }

    /// The only candidate, or one seen more often than any other.
    fn pick(&self) -> Option<Name> {
        (self.at_top == 1).then(|| self.list[self.best].0.clone())
    }
}

/// [`Candidates::bump`] under `word`, which is made (and its key allocated) only when new.
fn bump_at(map: &mut Map<Candidates>, word: &str, name: &Name) {
    match map.get_mut(word) {
        Some(v) => v.bump(name),
        None => map.entry(word.to_string()).or_default().bump(name),
    }
}

/// The lookup key of a name: its words lower-cased, joined by single spaces.
pub(crate) fn key(name: &str) -> Small {
    Small::from(key_of(name))
}

/// [`key`] without allocating in the common case, for lookups: ASCII words with single spaces
/// between them are the key once lower-cased whole (on the stack when short).
fn key_of(name: &str) -> Lower<'_> {
    // ASCII whitespace other than single inner spaces (a leading, trailing or double space,
    // a tab or line break) or any non-ASCII byte takes the general way
    // (tested for every byte without branches: a name is short, and nearly always plain)
    let b = name.as_bytes();
    let odd = b.iter().fold(0u8, |odd, &c| odd | u8::from(c >= 0x80) | u8::from(c.wrapping_sub(b'\t') < 5));
    let plain = odd == 0
        && b.first().is_some_and(|&c| c != b' ')
        && b.last().is_some_and(|&c| c != b' ')
        && !b.windows(2).any(|w| w == b"  ");
    if plain {
        return crate::words::lower(name);
    }
    let mut k = String::with_capacity(name.len());
    for w in name.split_whitespace() {
        if !k.is_empty() {
            k.push(' ');
        }
        k.push_str(&crate::words::lower(w));
    }
    Lower::Owned(k)
}

impl Entities {
    pub fn new() -> Entities {
        Entities::default()
    }

    /// Collects the full names in one sentence's tokens: every run of two to four capitalised
    /// words after any titles. Called for each body sentence before it is attributed, so a
    /// surname takes the full name the article used before it (first reference, as news
    /// style has it) — one pass over the tokens instead of a second tokenization.
    pub fn observe(&mut self, text: &str, toks: &Words<'_>) {
        let lower = |i: usize| toks.form(text, i);
        let is_mark = |t: &Token| matches!(t.kind, crate::words::Kind::Punct('"' | '“' | '”' | '‘' | '’' | '\''));
        let mut i = 0usize;
        while i < toks.len() {
            // most tokens start no run: a run's first token is a capitalised word
            if !toks.is_capitalized(i) {
                i += 1;
                continue;
            }
            let mut j = i;
            let mut gender = None;
            // posts written before the name: "education minister Rob Fleming"
            let mut posts: Vec<String> = Vec::new();
            let mut k = i;
            while k > 0
                && i - k < 3
                && toks[k - 1].is_word()
                && !toks[k - 1].is_capitalized(text)
                && lexicon::is_title(lower(k - 1))
            {
                k -= 1;
            }
            // and the capitalised words before those: "Liberal leader Ann Roe"
            let mut modifiers = String::new();
            if k < i {
                let mut m = k;
                while m > 0 && k - m < 2 && toks[m - 1].is_word() && toks[m - 1].is_capitalized(text) {
                    m -= 1;
                }
                for t in m..k {
                    modifiers.push_str(lower(t));
                    modifiers.push(' ');
                }
            }
            let mut prev_title: Option<String> = None;
            for t in k..i {
                let l = lower(t);
                note_post(&mut posts, prev_title.as_deref(), l);
                prev_title = Some(l.to_string());
            }
            // the run's words, by token index (no allocation: longer runs are not names anyway)
            let mut idx = [0usize; 5];
            let mut n = 0usize;
            while j < toks.len() {
                // a nickname in quotes inside a name: Marisol “Tiny” Vance
                if n > 0
                    && j + 3 < toks.len()
                    && is_mark(&toks[j])
                    && is_mark(&toks[j + 2])
                    && toks[j + 1].is_word()
                    && toks[j + 3].is_word()
                    && is_capitalized(toks[j + 3].text(text))
                {
                    j += 3;
                    continue;
                }
                if !toks.is_capitalized(j) {
                    break;
                }
                let l = lower(j);
                // "Stated Stone:", "Said the mayor": a verb of saying opening the sentence;
                // "Knowing Bardos was a fan, …": a participle opening it
                if n == 0
                    && ((l.ends_with("ed") || matches!(l, "said" | "says" | "told" | "wrote"))
                        && lexicon::is_speech_verb(l)
                        || j == 0 && l.len() > 5 && l.ends_with("ing") && lexicon::first_name_gender(l).is_none())
                {
                    i = j + 1;
                    j += 1;
                    continue;
                }
                if lexicon::is_title_non_name_or_group_noun(l) {
                    gender = gender.or(lexicon::honorific_gender(l));
                    if lexicon::is_title(l) {
                        note_post(&mut posts, prev_title.as_deref(), l);
                        prev_title = Some(l.to_string());
                        // "Florida Sen. Ann Roe": the words before the title qualify the post
                        for &m in &idx[..n.min(idx.len())] {
                            modifiers.push_str(lower(m));
                            modifiers.push(' ');
                        }
                    }
                    // "Washington Political Editor Matthew Boyle": words before a title that
                    // a name follows describe the post, they are not a name themselves
                    let named_next = toks.get(j + 1).is_some_and(|t| t.is_word() && t.is_capitalized(text));
                    if n > 0 && !named_next {
                        break;
                    }
                    n = 0;
                    i = j + 1;
                    j += 1;
                    continue;
                }
                if n < idx.len() {
                    idx[n] = j;
                }
                n += 1;
                j += 1;
                if is_possessive(toks[j - 1].text(text)) {
                    break;
                }
            }
            let at = toks[i.min(toks.len() - 1)].span.start;
            if n == 1 {
                // "We sat down with Vance": a surname the article has given in full
                let w = toks[idx[0]].text(text);
                let word = w.strip_suffix("'s").or_else(|| w.strip_suffix("’s")).unwrap_or(w);
                if let Some(full) = self.full_name(word) {
                    if !self.surnamed.contains(&*full) {
                        self.surnamed.insert(full.clone());
                    }
                    // "Mayor McCallum"
                    for post in posts.drain(..) {
                        let role = Role { name: full.clone(), pos: at, modifiers: modifiers.clone() };
                        self.roles.entry(post).or_default().push(role);
                    }
                    self.mention(full, at);
                }
            }
            // "the Harborview Herons", "the Chicago Bulls": a team or a family, not a person
            let team = (2..=4).contains(&n) && idx[0] > 0 && {
                let last = toks[idx[n - 1]].text(text);
                lower(idx[0] - 1) == "the" && last.ends_with('s') && !last.ends_with("ss")
            };
            // "Prominent Canadian examples include …": capitalised words before a plural noun
            // and its verb modify the noun (asked last: only of a run that could be a name)
            if (2..=4).contains(&n)
                && !is_possessive(toks[idx[n - 1]].text(text))
                && !team
                && !crate::sources::plural_head_at(text, toks, j)
            {
                // the words joined by single spaces, built straight from the tokens
                self.scratch.clear();
                for (m, &k) in idx[..n].iter().enumerate() {
                    if m > 0 {
                        self.scratch.push(' ');
                    }
                    self.scratch.push_str(toks[k].text(text));
                }
                let name = Name::from(self.scratch.as_str());
                bump_at(&mut self.by_last, lower(idx[n - 1]), &name);
                if n >= 3 {
                    bump_at(&mut self.by_first, lower(idx[0]), &name);
                }
                // "Ann Lee", "David Lametti": a first name that is nearly always a woman's or a
                // man's tells before any pronoun does
                if let Some(g) = gender.or_else(|| lexicon::first_name_gender(lower(idx[0]))) {
                    // (the key allocated only for a name not seen before)
                    let k = key_of(&name);
                    match self.genders.get_mut(&*k) {
                        Some(known) => *known = g,
                        None => {
                            self.genders.insert(k.into_cow().into_owned(), g);
                        }
                    }
                }
                appositive_posts(text, toks, j, &mut posts);
                for post in posts.drain(..) {
                    let role = Role { name: name.clone(), pos: at, modifiers: modifiers.clone() };
                    self.roles.entry(post).or_default().push(role);
                }
                self.mention(name, at);
            }
            i = j.max(i + 1);
        }
    }

    /// The fullest form of a one-word name, when the document has exactly one fitting choice
    /// (or one clearly most frequent).
    fn full_name(&self, word: &str) -> Option<Name> {
        let l = crate::words::lower(word);
        self.by_last.get(&*l).and_then(Candidates::pick).or_else(|| self.by_first.get(&*l).and_then(Candidates::pick))
    }

    /// Turns a source into a speaker name and kind. Pronouns resolve to an antecedent;
    /// `sentence_subject` is the subject of the sentence the pronoun stands in, if it came
    /// before the pronoun.
    pub fn resolve(&mut self, text: &str, src: &Source, sentence_subject: Option<&Source>) -> Option<Named> {
        match src.kind {
            SourceKind::Pronoun(p) => {
                self.flush(text, src.phrase.start);
                // ("Schumer, he said, “knows his colleagues”": a pronoun set off right after the
                // subject is someone else reporting about it)
                let set_off = |s: &Source| text[s.phrase.end..src.phrase.start].trim() == ",";
                if let Some(subj) = sentence_subject.filter(|s| s.phrase.end <= src.phrase.start && !set_off(s)) {
                    if !matches!(subj.kind, SourceKind::Pronoun(_)) {
                        let named = self.name_of(text, subj);
                        // "Clinton told the audience that she believes": a bare name that is
                        // the subject of a verb of saying in the pronoun's own sentence is
                        // taken for a person
                        let bare_name = subj.kind == SourceKind::Name
                            && named.kind == EntityKind::Unknown
                            && named.gender.is_none()
                            && matches!(p, Pronoun::He | Pronoun::She)
                            && text[subj.phrase.end..].split_whitespace().next().is_some_and(|w| {
                                lexicon::is_speech_verb(&crate::words::lower(w.trim_end_matches([',', '.'])))
                            });
                        if fits(p, named.kind, named.gender) || bare_name {
                            return Some(named);
                        }
                    }
                }
                // the most recent fitting mention among the last dozen before the pronoun
                // ("it" means an institution or a name, not a thing described in lower case:
                // "The 17-second spot says …", "Thursday's windstorm")
                let lower_cased = |s: &Salient| {
                    p == Pronoun::It
                        && s.kind == EntityKind::Unknown
                        && s.name.rsplit(' ').next().is_some_and(|w| w.starts_with(|c: char| c.is_lowercase()))
                };
                let mut found =
                    self.latest_fitting(src.phrase.start, 12, |s| fits(p, s.kind, s.gender) && !lower_cased(s));
                // nor a common word opening a sentence ("Damage is unprecedented …" beside "the
                // damage"): the one found is looked at, up to three times, so each "it" costs
                // at most three bounded searches
                let mut common: Vec<Small> = Vec::new();
                while let Some(f) = found.as_ref().filter(|f| {
                    p == Pronoun::It
                        && f.kind == EntityKind::Unknown
                        && common.len() < 3
                        && crate::written_lower(text, &f.name, src.phrase.start)
                }) {
                    common.push(f.key.clone());
                    found = self.latest_fitting(src.phrase.start, 12, |s| {
                        fits(p, s.kind, s.gender) && !lower_cased(s) && !common.contains(&s.key)
                    });
                }
                let gender = match p {
                    Pronoun::He => Some(Gender::Male),
                    Pronoun::She => Some(Gender::Female),
                    _ => return found,
                };
                found.or_else(|| {
                    let (name, kind, gender) = self.recent_person(src.phrase.start, gender)?;
                    Some(Named { key: key(&name), name: Small::from(name), kind, gender })
                })
            }
            _ => Some(self.name_of(text, src)),
        }
    }

    /// Of the mentions at or before `pos`, latest first (ties in the order noted), the first of
    /// the `limit` latest that is `fitting`. Found in one pass, without sorting a copy: the
    /// latest fitting mention qualifies when fewer than `limit` mentions come before it in
    /// that order.
    fn latest_fitting(&self, pos: usize, limit: usize, fitting: impl Fn(&Salient) -> bool) -> Option<Named> {
        let before = |s: &&Salient| s.pos <= pos;
        // the first fitting one in the order: the highest position, the earliest noted among equals
        let (at, best) = self.salient.iter().enumerate().filter(|(_, s)| before(s) && fitting(s)).fold(
            None,
            |acc: Option<(usize, &Salient)>, (i, s)| match acc {
                Some((_, b)) if b.pos >= s.pos => acc,
                _ => Some((i, s)),
            },
        )?;
        let ahead = self
            .salient
            .iter()
            .enumerate()
            .filter(|(i, s)| before(s) && (s.pos > best.pos || (s.pos == best.pos && *i < at)))
            .count();
        (ahead < limit).then(|| Named {
            name: best.name.clone(),
            key: best.key.clone(),
            kind: best.kind,
            gender: best.gender,
        })
    }

    fn name_of(&self, text: &str, src: &Source) -> Named {
        if matches!(src.kind, SourceKind::Description | SourceKind::Institution | SourceKind::Name) {
            if let Some(named) = self.described(text, src) {
                return named;
            }
        }
        let slice = src.name.slice(text);
        // names rarely hold a line break, a no-break space (C2 A0) or a double space: join
        // only when they do (found in the bytes: a substring search each cost more)
        let b = slice.as_bytes();
        let raw = if b.iter().any(|c| matches!(c, b'\n' | b'\r' | b'\t'))
            || b.windows(2).any(|w| matches!(w, [b' ', b' '] | [0xC2, 0xA0]))
        {
            Small::from(slice.split_whitespace().collect::<Vec<_>>().join(" "))
        } else if src.kind == SourceKind::Person && b.iter().any(|&c| c == b'"' || c == 0xE2) {
            // Della “Sparky” Maguire is named Della Maguire: the nickname in quotes is dropped
            let quoted = |w: &str| w.starts_with(['"', '“', '‘', '\'']) && w.ends_with(['"', '”', '’', '\'']);
            Small::from(slice.split_whitespace().filter(|w| !quoted(w)).collect::<Vec<_>>().join(" "))
        } else {
            Small::new(slice)
        };
        let (name, kind) = match src.kind {
            SourceKind::Person => {
                // a two-word form may still have a fuller one ("Joe Biden" → "Joseph R. Biden"?) — no:
                // the longest form written as one run wins only for one-word mentions
                (raw, EntityKind::Person)
            }
            SourceKind::Name => match self.full_name(&raw) {
                Some(full) => (Small::new(&full), EntityKind::Person),
                // its kind is looked up below, by the key made there
                None => (raw, EntityKind::Unknown),
            },
            SourceKind::Group => (raw, EntityKind::Group),
            SourceKind::Institution => (raw, EntityKind::Institution),
            SourceKind::Description => (raw, EntityKind::Unknown),
            SourceKind::Pronoun(_) => (raw, EntityKind::Unknown),
        };
        let key = key(&name);
        let kind = match src.kind {
            SourceKind::Name if kind == EntityKind::Unknown => {
                self.by_key.get(&self.list, &key).map_or(EntityKind::Unknown, |i| self.list[i].kind)
            }
            _ => kind,
        };
        let gender = src.gender.or_else(|| {
            self.genders
                .get(&*key)
                .copied()
                .or_else(|| self.by_key.get(&self.list, &key).and_then(|i| self.list[i].gender))
        });
        Named { name, key, kind, gender }
    }

    /// Who a definite description stands for: "the mayor" is the person the article introduced
    /// as mayor, "the 34-year-old" the one given that age, "the company" the organisation it
    /// named last. `None` when the article gave no such post, or the phrase is no bare
    /// description ("the mayor of Surrey" names its own post; "a mayor" is someone new).
    fn described(&self, text: &str, src: &Source) -> Option<Named> {
        // the name: "the company" of "the company's statement"; a name's own phrase ("the CM")
        let phrase = if src.kind == SourceKind::Name { src.phrase } else { src.name }.slice(text);
        if !phrase.get(..4).is_some_and(|p| p.eq_ignore_ascii_case("the ")) {
            return None;
        }
        let words: Vec<&str> = phrase.split_whitespace().collect();
        if !(2..=4).contains(&words.len()) || !words[0].eq_ignore_ascii_case("the") {
            return None;
        }
        // modifiers may be capitalised ("the Liberal leader"), but nothing after the head
        if words[1..].iter().any(|w| matches!(*w, "of" | "for" | "at" | "in" | "and" | "with")) {
            return None;
        }
        // a capitalised head is a name ("the Post"); capitalised modifiers must match the post's
        let last = words[words.len() - 1];
        if is_capitalized(last) && lexicon::role_alias(&crate::words::lower(last)).is_none() {
            return None;
        }
        let modifiers: Vec<crate::words::Lower<'_>> =
            words[1..words.len() - 1].iter().filter(|w| is_capitalized(w)).map(|w| crate::words::lower(w)).collect();
        let head = crate::words::lower(last);
        let head = head.trim_end_matches(['.', ',']);
        let two = (words.len() >= 3).then(|| format!("{} {head}", &*crate::words::lower(words[words.len() - 2])));
        let wanted: Vec<String> = match lexicon::role_alias(head) {
            Some(full) => vec![full.to_string()],
            None => {
                two.into_iter().chain(lexicon::role_of(head).map(String::from).or_else(|| age_post(head))).collect()
            }
        };
        let at = src.phrase.start;
        for post in &wanted {
            let fits = |r: &&Role| r.pos < at && modifiers.iter().all(|m| r.modifiers.split(' ').any(|w| w == &**m));
            if let Some(Role { name, .. }) = self.roles.get(post).and_then(|held| held.iter().rev().find(fits)) {
                let k = key(name);
                let gender = self
                    .genders
                    .get(&*k)
                    .copied()
                    .or_else(|| self.by_key.get(&self.list, &k).and_then(|i| self.list[i].gender));
                return Some(Named { name: Small::new(name), key: k, kind: EntityKind::Person, gender });
            }
        }
        if head.len() > 2 {
            // the organisation named last, within the few paragraphs a reader keeps in mind;
            // "the ministry" only one whose name says so
            let generic = lexicon::is_generic_org_noun(head);
            let (name, _) =
                self.orgs.iter().rev().filter(|(_, pos)| *pos < at && at - *pos < 4000).find(|(name, _)| {
                    generic
                        || name.split_whitespace().any(|w| crate::words::lower(w).trim_end_matches(['’', '\'']) == head)
                })?;
            return Some(Named { name: Small::new(name), key: key(name), kind: EntityKind::Institution, gender: None });
        }
        None
    }

    /// Notes a source or subject that may be an organisation a later "the company" means:
    /// a proper name that is no person's.
    pub fn note_org(&mut self, text: &str, src: &Source) {
        let name = src.name.slice(text);
        let first = name.split_whitespace().next().unwrap_or("");
        // "EB-5", "Covid-19": codes, not organisations
        if !is_capitalized(first)
            || lexicon::is_non_name(&crate::words::lower(first))
            || name.bytes().any(|c| c.is_ascii_digit())
        {
            return;
        }
        let org = match src.kind {
            SourceKind::Institution => true,
            // "Google", not "McCallum" (a surname the article gave in full) nor a known he or she
            SourceKind::Name => {
                self.full_name(name).is_none() && src.gender.is_none() && !self.genders.contains_key(&*key_of(name))
            }
            // "BC Hydro": an acronym opens no person's name
            SourceKind::Person => first.len() >= 2 && first.bytes().all(|c| c.is_ascii_uppercase()),
            _ => false,
        };
        if org {
            self.orgs.push((name.to_string(), src.phrase.start));
            if self.orgs.len() > 64 {
                self.orgs.drain(..32);
            }
        }
    }

    fn mention(&mut self, name: Name, pos: usize) {
        self.mentioned.push((name, pos));
        if self.mentioned.len() > 64 {
            self.mentioned.drain(..32);
        }
    }

    /// The person named last before `pos`, of a gender that does not conflict: who answers
    /// in a Q&A passage, or who "she" is when no subject fits.
    pub fn recent_person(&self, pos: usize, gender: Option<Gender>) -> Option<(String, EntityKind, Option<Gender>)> {
        let person = |name: &Name| {
            self.surnamed.contains(name)
                || self.by_key.get(&self.list, &key_of(name)).is_some_and(|i| self.list[i].kind == EntityKind::Person)
        };
        self.mentioned.iter().rev().filter(|m| m.1 < pos && person(&m.0)).find_map(|(name, _)| {
            let g = self
                .genders
                .get(&*key_of(name))
                .copied()
                .or_else(|| self.by_key.get(&self.list, &key_of(name)).and_then(|i| self.list[i].gender));
            (gender.is_none() || g.is_none() || g == gender).then(|| (name.to_string(), EntityKind::Person, g))
        })
    }

    /// Notes a sentence's subject, to be named only if a later pronoun needs it.
    pub fn note_subject(&mut self, src: Source) {
        if matches!(src.kind, SourceKind::Pronoun(Pronoun::Other)) {
            return;
        }
        self.pending.push(src);
        if self.pending.len() > 48 {
            self.pending.drain(..24);
        }
    }

    /// Names the pending subjects that stand before `pos`.
    fn flush(&mut self, text: &str, pos: usize) {
        // named in order, the rest kept in order in the same buffer; taken out while naming,
        // as a pronoun among them flushes again (and finds none before it)
        let mut pending = std::mem::take(&mut self.pending);
        pending.retain(|src| {
            // (not yet the subject set off right before the pronoun: "Schumer, he said, …")
            if src.phrase.start >= pos || src.phrase.end <= pos && text[src.phrase.end..pos].trim() == "," {
                return true;
            }
            // "Eventually, …", "Controversy erupted …": no one a pronoun can mean
            if crate::sources::implausible(text, src) {
                return false;
            }
            if let Some(Named { name, key, kind, gender }) = self.resolve(text, src, None) {
                self.note_salient(name, key, kind, gender, src.phrase.start);
            }
            false
        });
        self.pending = pending;
    }

    /// Notes a mention that later pronouns may refer to; `key` is the name's [`key`].
    pub(crate) fn note_salient(
        &mut self,
        name: Small,
        key: Small,
        kind: EntityKind,
        gender: Option<Gender>,
        pos: usize,
    ) {
        self.salient.push(Salient { name, key, kind, gender, pos });
        if self.salient.len() > 64 {
            self.salient.drain(..32);
        }
    }

    /// The entity for a resolved speaker, created on first use; records the mention.
    pub fn speaker(&mut self, name: &str, kind: EntityKind, gender: Option<Gender>, mention: Span) -> usize {
        self.speaker_keyed(name, &key_of(name), kind, gender, mention)
    }

    /// The entities found, the lookup tables freed.
    pub(crate) fn into_list(self) -> Vec<Entity> {
        self.list
    }

    /// [`Entities::speaker`] with the name's [`key`] already made.
    pub(crate) fn speaker_keyed(
        &mut self,
        name: &str,
        k: &str,
        kind: EntityKind,
        gender: Option<Gender>,
        mention: Span,
    ) -> usize {
        let id = match self.by_key.get(&self.list, k) {
            Some(id) => id,
            None => {
                let id = self.list.len();
                // most people are named once or twice: room for two, not the four a first
                // push makes (text of many people paid 32 bytes a person for nothing)
                let mentions = Vec::with_capacity(2);
                self.list.push(Entity { id, name: name.to_string(), kind, gender, mentions });
                self.by_key.add(&self.list, id, k);
                id
            }
        };
        let e = &mut self.list[id];
        if e.kind == EntityKind::Unknown {
            e.kind = kind;
        }
        if e.gender.is_none() {
            e.gender = gender;
        }
        // mentions arrive in text order; a repeat can only be the last one
        if e.mentions.last() != Some(&mention) {
            e.mentions.push(mention);
        }
        id
    }

    /// Learns a person's gender from a pronoun that was resolved to them.
    pub fn learn_gender(&mut self, name: &str, p: Pronoun) {
        self.learn_gender_keyed(&key_of(name), p);
    }

    /// [`Entities::learn_gender`] with the name's [`key`] already made.
    pub(crate) fn learn_gender_keyed(&mut self, k: &str, p: Pronoun) {
        let g = match p {
            Pronoun::He => Gender::Male,
            Pronoun::She => Gender::Female,
            _ => return,
        };
        for s in self.salient.iter_mut().filter(|s| *s.key == *k) {
            s.gender.get_or_insert(g);
        }
        if let Some(id) = self.by_key.get(&self.list, k) {
            self.list[id].gender.get_or_insert(g);
        }
        if !self.genders.contains_key(k) {
            self.genders.insert(k.to_string(), g);
        }
    }
}

fn fits(p: Pronoun, kind: EntityKind, gender: Option<Gender>) -> bool {
    match p {
        Pronoun::He => {
            matches!(kind, EntityKind::Person | EntityKind::Unknown)
                && gender != Some(Gender::Female)
                && (kind == EntityKind::Person || gender.is_some())
        }
        Pronoun::She => {
            matches!(kind, EntityKind::Person | EntityKind::Unknown)
                && gender != Some(Gender::Male)
                && (kind == EntityKind::Person || gender.is_some())
        }
        Pronoun::They => kind == EntityKind::Group,
        Pronoun::It => matches!(kind, EntityKind::Institution | EntityKind::Unknown) && gender.is_none(),
        Pronoun::Other => false,
    }
}

/// Adds the post the title word `word` names to `posts` (see [`lexicon::role_of`]). After
/// another title word `prev` the two words are a post too ("prime minister", "chief
/// minister"); after a qualifier such as "vice" or "former" they are the only one: "the
/// president" is not the vice president.
fn note_post(posts: &mut Vec<String>, prev: Option<&str>, word: &str) {
    let Some(post) = lexicon::role_of(word) else { return };
    if let Some(p) = prev {
        posts.push(format!("{p} {post}"));
        if lexicon::is_exclusive_qualifier(p) {
            return;
        }
    }
    posts.push(post.to_string());
}

/// The posts an apposition gives the name that ends before token `j`: "Tim Bale, a politics
/// professor at …" (professor), "Donald Tusk, the president of …" (president), "Ann Roe, 34,"
/// (34-year-old).
fn appositive_posts(text: &str, toks: &[Token], j: usize, posts: &mut Vec<String>) {
    if !toks.get(j).is_some_and(|t| t.is_punct(',')) {
        return;
    }
    let age = toks
        .get(j + 1)
        .map(|t| t.text(text))
        .filter(|w| (1..=3).contains(&w.len()) && w.bytes().all(|c| c.is_ascii_digit()));
    if let (Some(n), true) = (age, toks.get(j + 2).is_some_and(|t| t.is_punct(',') || t.is_punct('.'))) {
        posts.push(format!("{n}-year-old"));
        return;
    }
    // up to the first post, within the apposition (it ends at punctuation or a preposition)
    let mut prev: Option<crate::words::Lower<'_>> = None;
    for t in toks.iter().skip(j + 1).take(7) {
        if !t.is_word() {
            return;
        }
        let l = crate::words::lower(t.text(text));
        if lists::post_enders(&l) {
            return;
        }
        if lexicon::role_of(&l).is_some() {
            note_post(posts, prev.as_deref().filter(|p| lexicon::is_title(p)), &l);
            return;
        }
        prev = Some(l);
    }
}

/// "34-year-old" as the post [`appositive_posts`] notes for "Ann Roe, 34,".
fn age_post(head: &str) -> Option<String> {
    let n = head.strip_suffix("-year-old")?;
    ((1..=3).contains(&n.len()) && n.bytes().all(|c| c.is_ascii_digit())).then(|| head.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One entity per key whatever the case and spacing of its name, and a lookup that
    /// lands on another key's entity (the same hash) walks on to the right one.
    #[test]
    fn entities_are_found_by_key_through_shared_hashes() {
        let mut e = Entities::new();
        let at = Span::new(0, 1);
        let ann = e.speaker("Ann Lee", EntityKind::Person, None, at);
        assert_eq!(e.speaker("ANN  LEE", EntityKind::Person, None, at), ann);
        let bo = e.speaker("Bo Chen", EntityKind::Person, None, at);
        assert_ne!(bo, ann);
        assert_eq!(e.by_key.get(&e.list, "bo chen"), Some(bo));
        assert_eq!(e.by_key.get(&e.list, "ann chen"), None);
        // Bo Chen filed under Ann Lee's hash, Ann Lee behind it
        e.by_key.heads.insert(ByKey::hash("ann lee"), bo);
        e.by_key.earlier[bo] = ann;
        assert_eq!(e.by_key.get(&e.list, "ann lee"), Some(ann));
        e.by_key.earlier[bo] = usize::MAX;
        assert_eq!(e.by_key.get(&e.list, "ann lee"), None);
    }

    #[test]
    fn the_most_seen_of_many_sharing_a_surname_is_picked_once_unique() {
        // past eight names the candidates are indexed: the pick must not change
        for n in [3usize, 30] {
            let mut c = Candidates::default();
            let names: Vec<Name> = (0..n).map(|i| Name::from(format!("Ann{i} Okafor"))).collect();
            for name in &names {
                c.bump(name);
            }
            assert_eq!(c.pick(), None, "{n} names seen once each: a tie");
            c.bump(&names[n - 1]);
            assert_eq!(c.pick().as_deref(), Some(&*names[n - 1]));
            c.bump(&names[0]);
            assert_eq!(c.pick(), None, "two seen twice: a tie again");
            c.bump(&names[0]);
            assert_eq!(c.pick().as_deref(), Some(&*names[0]));
        }
    }
}
