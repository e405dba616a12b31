//! The compact form of an extracted document that the app's extraction worker posts back to
//! the page: numbers and one string, which structured cloning copies far faster than a
//! `ReviewDoc` as JSON. [`decode`] gives back exactly the `ReviewDoc` that
//! `ReviewDoc::from_text` made in the worker, or refuses a damaged answer.

use crate::{Origin, ReviewAnnotation, ReviewDoc, ReviewKind, Speaker, SpeakerKind, Status, Verdict};

/// Numbers per annotation in the encoding (see [`encode`]).
const PER_ANNOTATION: usize = 9;
const NONE: u32 = u32::MAX;

fn index_of<T: PartialEq>(all: &[T], v: &T) -> u32 {
    all.iter().position(|x| x == v).unwrap_or(0) as u32
}

fn id_num(id: &str, prefix: char) -> u32 {
    id.strip_prefix(prefix).and_then(|n| n.parse().ok()).unwrap_or(NONE)
}

fn pair(p: Option<(usize, usize)>) -> [u32; 2] {
    p.map_or([NONE, NONE], |(s, e)| [s as u32, e as u32])
}

/// A document as extraction makes it, as numbers and one string: `[next annotation, next
/// speaker]`, then per annotation its id number, kind | status << 4 | origin << 8 | verdict <<
/// 12, start, end, speaker id number, cue start and end, source start and end ([`u32::MAX`]
/// for none); the roster as lines of `number \t kind \t name`. Evidence, notes and tags are not
/// carried: extraction makes none. Offsets are bytes, so texts up to 4 GB.
pub fn encode(doc: &ReviewDoc) -> (Vec<u32>, String) {
    let mut nums = Vec::with_capacity(2 + doc.annotations.len() * PER_ANNOTATION);
    nums.push(doc.next_annotation as u32);
    nums.push(doc.next_speaker as u32);
    for a in &doc.annotations {
        let flags = index_of(ReviewKind::ALL, &a.kind)
            | index_of(Status::ALL, &a.status) << 4
            | index_of(Origin::ALL, &a.origin) << 8
            | index_of(Verdict::ALL, &a.verdict) << 12;
        nums.extend_from_slice(&[id_num(&a.id, 'a'), flags, a.start as u32, a.end as u32]);
        nums.push(a.speaker.as_deref().map_or(NONE, |s| id_num(s, 's')));
        nums.extend_from_slice(&pair(a.cue));
        nums.extend_from_slice(&pair(a.source));
    }
    let mut roster = String::new();
    for s in &doc.speakers {
        roster.push_str(&id_num(&s.id, 's').to_string());
        roster.push('\t');
        roster.push_str(s.kind.as_str());
        roster.push('\t');
        roster.push_str(&s.name);
        roster.push('\n');
    }
    (nums, roster)
}

/// The document [`encode`] wrote, given back its id, title, text and time.
pub fn decode(id: String, title: String, text: String, now_ms: f64, nums: &[u32], roster: &str) -> Option<ReviewDoc> {
    let mut doc = ReviewDoc::new(id, title, text, now_ms);
    let (head, rest) = nums.split_at_checked(2)?;
    doc.next_annotation = u64::from(head[0]);
    doc.next_speaker = u64::from(head[1]);
    for line in roster.lines() {
        let mut parts = line.splitn(3, '\t');
        let (n, kind, name) = (parts.next()?, parts.next()?, parts.next()?);
        doc.speakers.push(Speaker { id: format!("s{n}"), name: name.into(), kind: SpeakerKind::parse(kind)? });
    }
    let len = doc.text.len();
    let span = |s: u32, e: u32| -> Option<Option<(usize, usize)>> {
        match (s, e) {
            (NONE, NONE) => Some(None),
            (s, e) if s <= e && e as usize <= len => Some(Some((s as usize, e as usize))),
            _ => None,
        }
    };
    if rest.len() % PER_ANNOTATION != 0 {
        return None;
    }
    for a in rest.chunks_exact(PER_ANNOTATION) {
        let pick = |shift: u32| (a[1] >> shift & 0xf) as usize;
        doc.annotations.push(ReviewAnnotation {
            id: format!("a{}", a[0]),
            kind: *ReviewKind::ALL.get(pick(0))?,
            start: a[2] as usize,
            end: a[3] as usize,
            speaker: (a[4] != NONE).then(|| format!("s{}", a[4])),
            cue: span(a[5], a[6])?,
            source: span(a[7], a[8])?,
            status: *Status::ALL.get(pick(4))?,
            origin: *Origin::ALL.get(pick(8))?,
            verdict: *Verdict::ALL.get(pick(12))?,
            evidence: Vec::new(),
            note: String::new(),
            tags: Vec::new(),
        });
    }
    doc.check().ok()?;
    Some(doc)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_worker_encoding_gives_back_exactly_what_extraction_made() {
        let mut text = String::new();
        while text.len() < 200_000 {
            text.push_str(quotelens_extract::SAMPLE);
            text.push_str("\n«Ça va», dit-elle. \u{1F600} “Emoji” said Zoë Ångström.\n");
        }
        let direct = ReviewDoc::from_text("d1", "Title", text.clone(), 5.0);
        assert!(direct.annotations.len() > 500 && direct.speakers.len() > 3);
        let bare = ReviewDoc::from_text("", "", text.as_str(), 0.0);
        let (nums, roster) = encode(&bare);
        let back = decode("d1".into(), "Title".into(), text.clone(), 5.0, &nums, &roster).expect("decodes");
        assert_eq!(back, direct);
        // a damaged answer is refused, not trusted
        assert!(decode("d1".into(), "T".into(), text.clone(), 5.0, &nums[..nums.len() - 1], &roster).is_none());
        let mut bad = nums.clone();
        bad[2 + 3] = u32::MAX - 1; // an end past the text
        assert!(decode("d1".into(), "T".into(), text, 5.0, &bad, &roster).is_none());
    }
}
