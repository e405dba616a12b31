//! Quotelens extract: finds the quotes and claims in a news article, and who made them.
//!
//! The pipeline runs in document order, each stage a module that can be read alone:
//!
//! 1. [`segment`]: paragraphs, headings, boilerplate, datelines, stories, sentences;
//! 2. [`quotes`]: pairing quote marks into quotations (linear, never swallowing the document);
//! 3. [`attribution`] and [`sources`]: the cue and the noun phrase that name each speaker;
//! 4. [`claims`]: reported speech in the writer's words, with source, cue and content;
//! 5. [`entities`]: one entity per speaker, named by its fullest form, pronouns resolved.
//!
//! Everything is rules over the text: no model, no network, no allocation per character, so
//! the same code runs natively and in the browser (WASM). Spans are UTF-8 byte ranges into the
//! input; [`offsets`] converts them into chars or UTF-16 units, and [`export`] writes the JSON
//! that front ends and the evaluation read.

pub mod attribution;
pub mod bounds;
pub mod case;
pub mod claims;
pub mod dateline;
pub mod entities;
pub mod export;
pub mod lexicon;
pub mod model;
pub mod offsets;
pub mod quotes;
pub mod scan;
pub mod segment;
pub mod sort;
pub mod sources;
pub mod span;
pub mod tags;
pub mod words;

use std::collections::VecDeque;

use attribution::{Found, Sent};
use entities::{Entities, EntityKind};
pub use model::{Annotation, AnnotationKind, Document, Evidence, QuoteForm};
use segment::BlockKind;
use sources::{Source, SourceKind};
pub use span::Span;
use words::tokenize;

/// The built-in sample article: written for Quotelens, rich in quote and claim forms.
pub const SAMPLE: &str = include_str!("sample.txt");

/// Extracts everything from `text`.
pub fn extract(text: &str) -> Document {
    let paragraphs = segment::paragraphs(text);
    let stories = segment::stories(&paragraphs);
    let quotations = quotes::find(text, &paragraphs);
    let inner: Vec<Span> = quotations.iter().map(|q| q.inner).collect();
    let sentences = segment::sentences(text, &paragraphs, &inner);
    drop(inner);
    let mut run = Run {
        text,
        paragraphs: &paragraphs,
        entities: Entities::new(),
        // about one annotation per quotation and as many claims: room for most texts at once
        annotations: Vec::with_capacity(2 * quotations.len() + 16),
        last_speaker: None,
        last_quote: None,
        quotes_seen: VecDeque::new(),
        paragraph: 0,
    };

    // The output bound (crate::bounds): once the annotations made so far surely pass it,
    // everything after them will be left out. Later annotations are still made, for what
    // later rules read (the entities, the last quotations), but they are counted and let go
    // at the end of their sentence instead of kept: dense text ("a" in marks every three
    // bytes) held 75 bytes per input byte of annotations the bound then dropped.
    let budget = bounds::budget(text.len());
    let mut least = 0usize; // at most the JSON of the annotations kept so far
    let mut full: Option<usize> = None; // how many are kept once the bound is passed
    let mut let_go = 0usize;

    let mut qi = 0; // next quotation to attribute
    let mut qlive = 0; // first quotation that has not ended before the sentence
    let mut prev: Option<Sent> = None; // the sentence before, for a quotation with no cue
    let mut spare: Vec<Sent> = Vec::new(); // sentences done with, whose buffers the next reuse
    let mut window: Vec<Read> = Vec::with_capacity(WINDOW);
    let mut next = 0; // the first sentence not read yet
    while next < sentences.len() {
        // Read a window of sentences on their own, then attribute them in order: each stage
        // runs over several sentences before the next begins, so its code stays in the
        // instruction cache (the rules are too much code for it all at once).
        let mut bytes = 0;
        while next < sentences.len() && window.len() < WINDOW && bytes < WINDOW_BYTES {
            let si = next;
            next += 1;
            let sentence = &sentences[si];
            // a quotation that begins in a skipped paragraph is skipped too (see below)
            if paragraphs[sentence.paragraph].kind == BlockKind::Boilerplate {
                continue;
            }
            // (the quotations that ended before this sentence concern no later one either)
            while qlive < quotations.len() && quotations[qlive].outer.end <= sentence.span.start {
                qlive += 1;
            }
            bytes += sentence.span.len();
            let s = Sent::reusing(spare.pop(), text, sentence.span, sentence.paragraph, &quotations[qlive..]);
            window.push(Read { si, qlive, s, subject: None, topic: None, claims: Vec::new() });
        }
        // (one loop a stage, for the same reason)
        for r in &mut window {
            let s = &r.s;
            r.subject = attribution::reporting_intro(text, s)
                .or_else(|| sources::clause_subject(text, &s.words(), 0, s.toks.len()));
        }
        for r in &mut window {
            // "For Ann Lee, Friday is a day she has awaited": the person the sentence is about
            // is who a later "she" means, though "Friday" is its subject
            r.topic = attribution::topic_intro(text, &r.s).or_else(|| attribution::subordinate_subject(text, &r.s));
        }
        for r in &mut window {
            r.claims = claims::find(text, &r.s);
        }
        for Read { si, qlive, s, subject, topic, claims } in window.drain(..) {
            let sentence = &sentences[si];
            let para = &paragraphs[sentence.paragraph];
            let first = run.annotations.len(); // this sentence's annotations start here
            run.paragraph = sentence.paragraph;
            if para.kind == BlockKind::Body {
                run.entities.observe(text, &s.words());
            }
            if let Some(topic) = topic {
                run.entities.note_subject(topic);
            }
            if let Some(subj) = subject.as_ref().filter(|x| !sources::modifies_noun(text, &s.words(), x)) {
                run.entities.note_subject(subj.clone());
            }
            while qi < quotations.len() && quotations[qi].outer.start < sentence.span.end {
                let q = quotations[qi];
                qi += 1;
                if q.outer.start < sentence.span.start {
                    continue; // began in a skipped paragraph
                }
                // the sentence where it ends may be a later one (a quotation across paragraphs)
                let end_si = sentences[si..].iter().position(|x| x.span.end >= q.outer.end).map_or(si, |k| si + k);
                let end_sent = if end_si == si {
                    None
                } else {
                    let end = &sentences[end_si];
                    Some(Sent::new(text, end.span, end.paragraph, &quotations[qlive..]))
                };
                run.quotation(&s, end_sent.as_ref(), q, subject.as_ref(), prev.as_ref());
            }
            let made = run.annotations.len();
            for c in claims {
                let thought = c.is_thought(text);
                let found = Found { source: c.source, cue: c.cue };
                if thought {
                    run.note_source(&found, subject.as_ref());
                    continue;
                }
                run.add(
                    draft(AnnotationKind::Claim, c.content, None, None, None, c.rule),
                    &found,
                    subject.as_ref(),
                    sentence.paragraph,
                );
            }
            run.quotes_inside_claims(first);
            bounds::drop_deep_claims(&mut run.annotations, made);
            match full {
                None => {
                    least += run.annotations[first..].iter().map(bounds::least_json).sum::<usize>();
                    if least > budget {
                        full = Some(run.annotations.len());
                    }
                }
                Some(kept) => {
                    // no rule reads them: the Q&A rule reads `quotes_seen`, a split quotation
                    // the annotation just made
                    let_go += run.annotations.len() - kept;
                    run.annotations.truncate(kept);
                }
            }
            run.forget_quotes_before(sentence.paragraph);
            spare.extend(prev.replace(s));
        }
    }

    // what only the extraction needed goes before the sort, which allocates its keys
    drop((quotations, prev, spare, window));
    let Run { mut annotations, entities, .. } = run;
    let entities = entities.into_list();
    // stable, as `sort_by_key`, but moves each (large) annotation once instead of at every merge
    sort::by_key(&mut annotations, |a| (a.span.start as u64, a.span.end as u64));
    let truncated = bounds::cap(text, &mut annotations, &paragraphs, &stories, &entities) + let_go;
    for (i, a) in annotations.iter_mut().enumerate() {
        a.id = i;
        a.story = stories.partition_point(|s| s.span.end <= a.span.start).min(stories.len().saturating_sub(1));
    }
    Document { paragraphs, stories, sentences, annotations, entities, truncated }
}

/// How many sentences are read before they are attributed (see `extract`), and how much
/// text: a sentence's tokens and tags take about twelve times its bytes, so a window of long
/// sentences (text without full stops) is one sentence, and the memory stays that of one.
const WINDOW: usize = 16;
const WINDOW_BYTES: usize = 4096;

/// A sentence read on its own: what the rules find in it before any other sentence is
/// looked at (its subject, the person it is about, its claims); attributing them needs the
/// sentences before it.
struct Read {
    /// Its index in the sentence list, and the first quotation not ended before it.
    si: usize,
    qlive: usize,
    s: Sent,
    subject: Option<Source>,
    topic: Option<Source>,
    claims: Vec<claims::FoundClaim>,
}

/// One quotation being attributed, with what every rule asks about it.
struct QuoteAt<'s> {
    /// The sentence it opens in, and the one it closes in (the same, but for a quotation
    /// across sentences or paragraphs).
    s: &'s Sent,
    es: &'s Sent,
    q: quotes::Quotation,
    /// Its opening mark's token in `s` and its closing mark's in `es`.
    a: usize,
    b: usize,
    form: QuoteForm,
    /// It fills its paragraph(s) from the first character to the last.
    whole_paragraph: bool,
    /// The subject of `s`, and the sentence before `s`.
    subject: Option<&'s Source>,
    prev: Option<&'s Sent>,
}

impl QuoteAt<'_> {
    fn draft(&self, kind: AnnotationKind, rule: &'static str) -> Annotation {
        draft(kind, self.q.inner, Some(self.q.outer), Some(self.form), Some(self.q.style), rule)
    }

    fn quote(&self, rule: &'static str) -> Annotation {
        self.draft(AnnotationKind::Quote, rule)
    }
}

struct Run<'t> {
    text: &'t str,
    paragraphs: &'t [segment::Paragraph],
    entities: Entities,
    annotations: Vec<Annotation>,
    /// The entity of the last attributed quotation: (entity, paragraph, starts-paragraph?)
    last_speaker: Option<(usize, usize)>,
    /// The speaker of the last attributed quotation and the sentence it stands in.
    last_quote: Option<(usize, Span)>,
    /// The quotations made in the last few paragraphs, as a Q&A answer looks back at them:
    /// only those a later one does not hide (see [`Run::push`]). Kept apart from the
    /// annotations so that those can be let go once the output bound is passed.
    quotes_seen: VecDeque<QuoteSeen>,
    /// The paragraph of the sentence being read.
    paragraph: usize,
}

/// A quote annotation as [`Run::quotation`] looks back at it for a Q&A answer.
#[derive(Clone, Copy)]
struct QuoteSeen {
    start: usize,
    outer_end: usize,
    /// The paragraph its closing mark stands in.
    end_paragraph: usize,
    continuation: bool,
    speaker: Option<usize>,
}

impl Run<'_> {
    /// Attributes one quotation, trying the rules in order: a transcript turn, a term, a cue
    /// (after, before, later in the sentence, a colon), the cueless rules (second half of a
    /// split quotation, a partial's subject, a name or an introduction above, a Q&A answer),
    /// then continuation.
    fn quotation(
        &mut self,
        s: &Sent,
        end: Option<&Sent>,
        q: quotes::Quotation,
        subject: Option<&Source>,
        prev: Option<&Sent>,
    ) {
        let text = self.text;
        let (a, _) = s.range_of(q.outer);
        let es = end.unwrap_or(s);
        let (_, b) = es.range_of(q.outer);
        let form = attribution::form(text, s, a);
        let para = self.paragraphs[s.paragraph].span;
        let whole_paragraph = q.outer.start == para.start && q.outer.end >= self.paragraphs[es.paragraph].span.end;
        let at = QuoteAt { s, es, q, a, b, form, whole_paragraph, subject, prev };
        if self.transcript_turn(&at) {
            return;
        }
        if form == QuoteForm::Partial && attribution::is_term(text, s, a, b, q.inner) {
            self.push(at.draft(AnnotationKind::Term, "term"));
            return;
        }
        let had_cue = match self.by_cue(&at) {
            Some(true) => return,
            found => found.is_some(),
        };
        if self.without_cue(&at) {
            return;
        }
        self.continuation(&at, had_cue);
    }

    /// A transcript turn in marks: "WALLACE: Let's start …".
    fn transcript_turn(&mut self, at: &QuoteAt) -> bool {
        let (text, q) = (self.text, at.q);
        let Some(n) = quotes::label_len(q.inner.slice(text)) else { return false };
        let label = Span::new(q.inner.start, q.inner.start + q.inner.slice(text)[..n].trim_end().len() - 1);
        let words = tokenize(text, label);
        let Some(last) = words.last() else { return false };
        let mut src = sources::Source { phrase: label, name: label, kind: SourceKind::Name, gender: None };
        if words.len() > 1 {
            src.name = last.span;
        }
        let found = Found { source: src, cue: Span::new(label.end, label.end + 1) };
        let inner = Span::new(q.inner.start + n, q.inner.end);
        let turn = draft(
            AnnotationKind::Quote,
            inner,
            Some(q.outer),
            Some(QuoteForm::Full),
            Some(q.style),
            "transcript_label",
        );
        self.add(turn, &found, None, at.s.paragraph)
    }

    /// A cue after the closing mark, before the opening one, later in the sentence, or a colon
    /// before it: `Some(true)` when it named a speaker, `Some(false)` when the cue's source
    /// could not be resolved, `None` when there was no cue.
    fn by_cue(&mut self, at: &QuoteAt) -> Option<bool> {
        let (text, s, es) = (self.text, at.s, at.es);
        let after = || attribution::cue_after(text, es, at.b).map(|f| ("cue_after", f));
        let before = || attribution::cue_before(text, s, at.a, at.form).map(|f| ("cue_before", f));
        let later = || attribution::cue_later(text, es, at.b).map(|f| ("cue_later", f));
        let possessor = || attribution::possessor_cue(text, s, at.a).map(|f| ("possessor_cue", f));
        let dash = || attribution::dash_before(text, s, at.a, at.q.outer.end).map(|f| ("dash_before", f));
        let (rule, f) = match at.form {
            QuoteForm::Full => after()
                .or_else(dash)
                .or_else(before)
                .or_else(later)
                .or_else(|| attribution::colon_intro(text, s, at.a).map(|f| ("colon_intro", f))),
            QuoteForm::Partial => {
                // "… thought the school was “thumbing its nose,” he said": a fragment closed by
                // a comma and followed at once by its tag is the tag's
                let tag = at.q.inner.slice(text).trim_end().ends_with(',').then(after).flatten().filter(|(_, f)| {
                    // a tag of saying that ends its clause: not "according to" (who
                    // reported it), not "Melanie said yes" (a verb with words of its own)
                    let end = f.cue.end.max(f.source.phrase.end);
                    let next = es.toks.partition_point(|t| t.span.start < end);
                    es.toks.get(at.b + 4).is_none_or(|t| f.cue.start < t.span.end)
                        && !f.cue.slice(text).eq_ignore_ascii_case("according to")
                        && es.toks.get(next).is_none_or(|t| !t.is_word())
                });
                tag.or_else(possessor).or_else(dash).or_else(before).or_else(after).or_else(later)
            }
        }?;
        if self.add(at.quote(rule), &f, at.subject, s.paragraph) {
            self.last_quote = self.annotations.last().and_then(|a| a.speaker).map(|e| (e, s.span));
            return Some(true);
        }
        Some(false)
    }

    /// The rules for a quotation with no cue that still name its speaker: the second half of
    /// a split quotation, a partial's subject, a name or an introduction in the paragraph
    /// above, an answer in a Q&A passage.
    fn without_cue(&mut self, at: &QuoteAt) -> bool {
        let (text, s, q, form) = (self.text, at.s, at.q, at.form);
        // the second half of a split quotation: "…," said Priya Raman, an analyst, "…"
        if let Some((e, _)) = self.last_quote.filter(|&(_, sent)| sent == s.span) {
            self.continue_speaker(at.quote("split_second_half"), e);
            return true;
        }
        // a fragment with no cue is the subject's characterisation: 'Reid called him a "leech"'
        if form == QuoteForm::Partial {
            if let Some(subj) =
                at.subject.filter(|x| x.phrase.end <= q.outer.start && !matches!(x.kind, SourceKind::Description))
            {
                let found = Found { source: subj.clone(), cue: subj.phrase };
                if self.add(at.quote("partial_subject"), &found, None, s.paragraph) {
                    return true;
                }
            }
        }
        let whole = form == QuoteForm::Full && at.whole_paragraph && s.paragraph > 0;
        // a name on its own line above the quotation: round-ups, vox pops, captions of a portrait
        if whole {
            if let Some(name) = name_line(self.text, &self.paragraphs[s.paragraph - 1]) {
                let source = Source { phrase: name, name, kind: SourceKind::Person, gender: None };
                let found = Found { source, cue: name };
                if self.add(at.quote("name_above"), &found, None, s.paragraph) {
                    return true;
                }
            }
        }
        // "Trump issued the following statement:", "Stated Stone:" closing the paragraph above
        if let Some(found) = at
            .prev
            .filter(|p| {
                form == QuoteForm::Full
                    && at.whole_paragraph
                    && p.paragraph + 1 == s.paragraph
                    && self.paragraphs[p.paragraph].kind == BlockKind::Body
            })
            .and_then(|p| attribution::colon_above(text, p))
        {
            if self.add(at.quote("colon_above"), &found, None, s.paragraph) {
                return true;
            }
        }
        whole && self.qa_answer(at)
    }

    /// An answer in a Q&A passage: a paragraph that is one quotation, after an unquoted
    /// question, is the interviewee's.
    fn qa_answer(&mut self, at: &QuoteAt) -> bool {
        let s = at.s;
        let prev = &self.paragraphs[s.paragraph - 1];
        let question = prev.span.slice(self.text);
        if prev.kind != BlockKind::Body || !question.ends_with('?') || question.contains(['"', '“', '”', '‘', '«'])
        {
            return false;
        }
        // the same interviewee as the answer before the question, or the person named last
        let earlier = self.quotes_seen.iter().rev().find(|x| x.outer_end <= prev.span.start).filter(|x| {
            x.continuation
                && x.speaker.is_some()
                && s.paragraph >= 2
                && x.start >= self.paragraphs[s.paragraph - 2].span.start
        });
        let who = match earlier.and_then(|x| x.speaker) {
            Some(id) => {
                Some((self.entities.list[id].name.clone(), self.entities.list[id].kind, self.entities.list[id].gender))
            }
            None => self.entities.recent_person(prev.span.start, None),
        };
        let Some((name, kind, gender)) = who else { return false };
        let at_end = prev.span.end;
        let id = self.entities.speaker(&name, kind, gender, Span::new(at_end, at_end));
        self.continue_speaker(at.quote("qa_answer"), id);
        self.last_speaker = Some((id, at.es.paragraph));
        true
    }

    /// No cue and no rule above: a person just introduced, the last speaker of this or the
    /// previous paragraph, the person the sentence before reported; or nobody (a few words
    /// are then mentioned words, a term).
    fn continuation(&mut self, at: &QuoteAt, had_cue: bool) {
        let (text, s, q, a, form) = (self.text, at.s, at.q, at.a, at.form);
        let starts_sentence = a == 0;
        let cont = self
            .last_speaker
            .filter(|&(_, p)| p == s.paragraph || (p + 1 == s.paragraph && starts_sentence && form == QuoteForm::Full));
        // "“…,” says House. Durning did not need much coaxing. “I'm thankful …”": a person the
        // sentence before is about, other than the last speaker, takes a quotation that opens
        // the next sentence of the paragraph
        if let (Some((e, _)), Some(p)) = (cont, at.prev) {
            // (the sentence may open with the last speaker's quotation: its subject comes after)
            let from = p.quoted.iter().rposition(|&q| q).map_or(0, |k| k + 1);
            let introduced = (a == 0 && form == QuoteForm::Full && p.paragraph == s.paragraph && from < p.toks.len())
                .then(|| sources::clause_subject(text, &p.words(), from, p.toks.len()))
                .flatten()
                .filter(|x| matches!(x.kind, SourceKind::Person | SourceKind::Name));
            if let Some(subj) = introduced {
                let last = self.entities.list[e].name.clone();
                // a lone surname the article never gave in full only in a sentence that
                // reports no speech and leaves the last speaker unnamed ("Playbook won't go
                // that far, but Sherman wants …" still goes on from Sherman)
                let lone_surname = |n: &str| {
                    (from..p.toks.len()).all(|v| !p.is_cue(text, v))
                        && !last.rsplit(' ').next().is_some_and(|w| p.toks[from..].iter().any(|t| t.text(text) == w))
                        && surname_like(text, n, q.outer.start)
                };
                let other = self.entities.resolve(text, &subj, None).is_some_and(|n| {
                    (n.kind == EntityKind::Person
                        || subj.kind == SourceKind::Name && n.kind == EntityKind::Unknown && lone_surname(&n.name))
                        && *n.name != *last
                });
                if other {
                    let cue = subj.name;
                    let found = Found { source: subj, cue };
                    let mut draft = at.quote("subject_before");
                    draft.evidence = Some(Evidence::Continuation);
                    if self.add(draft, &found, None, s.paragraph) {
                        return;
                    }
                }
            }
        }
        if let Some((e, _)) = cont {
            self.continue_speaker(at.quote("continues_speaker"), e);
            self.last_speaker = Some((e, at.es.paragraph));
            return;
        }
        // 'Ann Lee called him a master of deals. "He showed it again and again."': a
        // quotation that opens a sentence goes on from the person the sentence before
        // (in this paragraph or closing the last one) reported
        let reported = at
            .prev
            .filter(|p| {
                a == 0 && form == QuoteForm::Full && (p.paragraph == s.paragraph || p.paragraph + 1 == s.paragraph)
            })
            .and_then(|p| {
                let v = (0..p.toks.len()).find(|&v| p.is_cue(text, v))?;
                let source = attribution::subject_of(text, p, v)
                    .filter(|src| matches!(src.kind, SourceKind::Person | SourceKind::Name))?;
                Some(Found { source, cue: p.toks[v].span })
            });
        if let Some(found) = reported {
            let mut draft = at.quote("reported_before");
            draft.evidence = Some(Evidence::Continuation);
            if self.add(draft, &found, None, s.paragraph) {
                return;
            }
        }
        // a few words in marks with no cue near and nobody to continue: words mentioned
        // ("the words “yeet,” “litigate” and “optics” were banished"), not a quotation
        let words = q.inner.slice(text).split_whitespace().count();
        let sentence = q.inner.slice(text).trim_end().ends_with(['.', '!', '?']);
        if !had_cue && words <= 4 && (form == QuoteForm::Partial || !sentence) {
            self.push(at.draft(AnnotationKind::Term, "mentioned_words"));
        } else {
            self.push(at.quote("unattributed"));
        }
    }

    /// Adds an annotation, and notes a quotation for the Q&A rule. A quotation hides an
    /// earlier one that closed in the same paragraph or a later one: whenever the earlier one
    /// closed before a paragraph, so did this one, and the rule takes the latest.
    fn push(&mut self, a: Annotation) {
        if let (AnnotationKind::Quote, Some(outer)) = (a.kind, a.outer) {
            // from the paragraph of the sentence it opens in: a binary search over a large
            // text's paragraphs missed the cache at every step
            let mut end_paragraph = self.paragraph;
            while end_paragraph + 1 < self.paragraphs.len() && self.paragraphs[end_paragraph].span.end < outer.end {
                end_paragraph += 1;
            }
            while self.quotes_seen.back().is_some_and(|x| x.end_paragraph >= end_paragraph) {
                self.quotes_seen.pop_back();
            }
            self.quotes_seen.push_back(QuoteSeen {
                start: a.span.start,
                outer_end: outer.end,
                end_paragraph,
                continuation: a.evidence == Some(Evidence::Continuation),
                speaker: a.speaker,
            });
        }
        self.annotations.push(a);
    }

    /// After a sentence of paragraph `p`: forgets the quotations the Q&A rule can no longer
    /// take (it takes none that starts before the paragraph two before its own).
    fn forget_quotes_before(&mut self, p: usize) {
        let from = self.paragraphs[p.saturating_sub(2)].span.start;
        while self.quotes_seen.front().is_some_and(|x| x.start < from) {
            self.quotes_seen.pop_front();
        }
    }

    /// Adds `a` with the source a cue found; false when the source could not be resolved
    /// (nothing is added then).
    fn add(&mut self, mut a: Annotation, f: &Found, subject: Option<&Source>, paragraph: usize) -> bool {
        if sources::implausible(self.text, &f.source) {
            return false;
        }
        let resolved = self.entities.resolve(self.text, &f.source, subject);
        a.source = Some(f.source.phrase);
        a.cue = Some(f.cue);
        let Some(entities::Named { name, key, kind: ekind, gender }) = resolved else {
            if a.kind == AnnotationKind::Claim {
                // an unresolved pronoun still marks a claim; its source is unknown
                a.evidence = Some(Evidence::Pronoun);
                self.push(a);
                return true;
            }
            return false;
        };
        self.entities.note_org(self.text, &f.source);
        let id = self.entities.speaker_keyed(&name, &key, ekind, gender, f.source.phrase);
        a.evidence = Some(if let SourceKind::Pronoun(p) = f.source.kind {
            self.entities.learn_gender_keyed(&key, p);
            Evidence::Pronoun
        } else {
            Evidence::Cue
        });
        let gender = gender.or(self.entities.list[id].gender);
        self.entities.note_salient(name, key, ekind, gender, f.source.phrase.start);
        a.speaker = Some(id);
        self.push(a);
        self.last_speaker = Some((id, paragraph));
        true
    }

    /// "…told reporters that he thinks Ruiz has “quite a strong case”": a quotation left
    /// without a speaker, inside the content of a claim made in the same sentence, is the
    /// words of the claim's source. `first` is where the sentence's annotations begin.
    fn quotes_inside_claims(&mut self, first: usize) {
        let new = &mut self.annotations[first..];
        for i in 0..new.len() {
            if new[i].kind != AnnotationKind::Quote || new[i].speaker.is_some() || new[i].rule != "unattributed" {
                continue;
            }
            let outer = new[i].outer.unwrap_or(new[i].span);
            let holder = new.iter().find(|c| {
                c.kind == AnnotationKind::Claim
                    && c.speaker.is_some()
                    && c.span.start <= outer.start
                    && outer.end <= c.span.end
            });
            if let Some(c) = holder {
                let (speaker, source, cue, evidence) = (c.speaker, c.source, c.cue, c.evidence);
                let q = &mut new[i];
                (q.speaker, q.source, q.cue, q.evidence) = (speaker, source, cue, evidence);
                q.rule = "inside_claim";
            }
        }
    }

    /// Reads who a source is, for the pronouns that follow, without annotating anything
    /// (the source of a thought: "He believes Britain should leave.").
    fn note_source(&mut self, f: &Found, subject: Option<&Source>) {
        if sources::implausible(self.text, &f.source) {
            return;
        }
        if let Some(entities::Named { name, key, kind, gender }) = self.entities.resolve(self.text, &f.source, subject)
        {
            if let SourceKind::Pronoun(p) = f.source.kind {
                self.entities.learn_gender_keyed(&key, p);
            }
            self.entities.note_org(self.text, &f.source);
            self.entities.note_salient(name, key, kind, gender, f.source.phrase.start);
        }
    }

    /// Adds `a` as the words of speaker `e` with no cue of its own.
    fn continue_speaker(&mut self, mut a: Annotation, e: usize) {
        a.speaker = Some(e);
        a.evidence = Some(Evidence::Continuation);
        self.push(a);
    }
}

/// A paragraph that is only a person's name, perhaps with a post after a comma ("Mira Sol",
/// "Mira Sol, Ward 6 resident"): the span of the name.
fn name_line(text: &str, p: &segment::Paragraph) -> Option<Span> {
    let line = p.span.slice(text);
    if line.len() > 80 || p.kind == BlockKind::Boilerplate || line.ends_with(['.', '!', '?', ':', '"', '”']) {
        return None;
    }
    let name = line.split(',').next()?.trim_end();
    let words: Vec<&str> = name.split_whitespace().collect();
    let capitalised =
        |w: &&str| w.chars().next().is_some_and(char::is_uppercase) && w.chars().skip(1).any(char::is_lowercase);
    let plain = |w: &&str| w.chars().all(|c| c.is_alphabetic() || matches!(c, '-' | '.' | '\'' | '’'));
    let named = (2..=3).contains(&words.len())
        && words.iter().all(|w| capitalised(w) && plain(w))
        && !words.iter().any(|w| lexicon::is_title_non_name_or_group_noun(&words::lower(w)));
    named.then(|| Span::new(p.span.start, p.span.start + name.len()))
}

/// An annotation with no source yet.
fn draft(
    kind: AnnotationKind,
    span: Span,
    outer: Option<Span>,
    form: Option<QuoteForm>,
    style: Option<quotes::MarkStyle>,
    rule: &'static str,
) -> Annotation {
    Annotation {
        id: 0,
        kind,
        span,
        outer,
        form,
        style,
        speaker: None,
        source: None,
        cue: None,
        evidence: None,
        rule,
        story: 0,
    }
}

/// The kind an entity's mentions suggest, for callers that only have a name.
pub fn entity_kind_name(k: EntityKind) -> &'static str {
    match k {
        EntityKind::Person => "person",
        EntityKind::Group => "group",
        EntityKind::Institution => "institution",
        EntityKind::Unknown => "unknown",
    }
}

/// Is `name`, which the article never gave in full, a lone surname ("Durning did not need
/// much coaxing")? Not a first name ("Bob"), and not a word the article also writes in lower
/// case near `at` ("Fight for $15 …" beside "the fight"): a capitalised common word opening a
/// sentence is nobody. The look is bounded (4 KB each side), so a text of many such
/// sentences stays linear.
fn surname_like(text: &str, name: &str, at: usize) -> bool {
    if name.contains(' ') || lexicon::first_name_gender(&words::lower(name)).is_some() {
        return false;
    }
    !written_lower(text, name, at)
}

/// Does the text write one-word `name` in lower case, as a word, within 4 KB of `at`? Then it
/// is a common word ("Damage is unprecedented" beside "the damage"), nobody's name. Bounded, so
/// that a text of many such words stays linear.
pub(crate) fn written_lower(text: &str, name: &str, at: usize) -> bool {
    if name.contains(' ') {
        return false;
    }
    let l = words::lower(name);
    let near = &text[text.floor_char_boundary(at.saturating_sub(4096))..text.floor_char_boundary(at + 4096)];
    near.match_indices(&*l).any(|(i, _)| {
        let before = near[..i].chars().next_back().is_none_or(|c| !c.is_alphanumeric());
        let after = near[i + l.len()..].chars().next().is_none_or(|c| !c.is_alphanumeric());
        before && after
    })
}
