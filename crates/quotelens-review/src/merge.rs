//! Two tabs on one document: merging what each changed. Every tab remembers the revision its
//! changes were made on (`base`, as loaded or last saved). When another tab stored a newer one
//! (`theirs`), the tab's own document (`mine`) is merged into it field by field: a field this
//! tab changed since `base` takes this tab's value, every other field keeps theirs. So two
//! tabs editing different annotations, or different fields of one annotation, keep both edits;
//! when both changed the same field, the tab that saves last wins.
//!
//! Annotations (and speakers) this tab added keep their ids unless the other tab gave the same
//! id to something else meanwhile; then they get fresh ones. An annotation this tab deleted is
//! deleted; one the other tab deleted stays deleted unless this tab changed it.

use std::collections::HashMap;

use crate::{id_number, ReviewAnnotation, ReviewDoc, Speaker};

/// Sets `out.$f` to `mine.$f` for every listed field that `mine` changed since `base`.
macro_rules! take_changed {
    ($out:expr, $base:expr, $mine:expr; $($f:ident),+) => {
        {
            $(if $mine.$f != $base.$f {
                $out.$f = $mine.$f.clone();
            })+
        }
    };
}

/// Where each id is in a list. One map type for every lookup here (each type of map costs the
/// app's WebAssembly its own copy of the hash table's code).
type Index<'a> = HashMap<&'a str, usize>;

fn index<'a>(ids: impl Iterator<Item = &'a str>) -> Index<'a> {
    ids.enumerate().map(|(i, id)| (id, i)).collect()
}

/// `theirs` with the changes `mine` made since `base`. All three are the same document (the same
/// id and text); the result is valid whenever they are.
pub fn merge(base: &ReviewDoc, mine: &ReviewDoc, theirs: &ReviewDoc) -> ReviewDoc {
    merge_noting(base, mine, theirs).0
}

/// A note both tabs changed, differently: both texts are kept, this tab's first.
pub fn both_notes(mine: &str, theirs: &str) -> String {
    if mine.trim().is_empty() || theirs.contains(mine) {
        theirs.to_string()
    } else if theirs.trim().is_empty() || mine.contains(theirs) {
        mine.to_string()
    } else {
        format!("{mine}\n\n(from another tab) {theirs}")
    }
}

/// [`merge`], and the ids of the annotations whose note both tabs changed (both texts are kept:
/// a note is prose, and neither tab's words may silently go).
pub fn merge_noting(base: &ReviewDoc, mine: &ReviewDoc, theirs: &ReviewDoc) -> (ReviewDoc, Vec<String>) {
    let mut both = Vec::new();
    let mut out = theirs.clone();
    if mine.title != base.title {
        out.title = mine.title.clone();
    }
    out.updated_ms = mine.updated_ms.max(theirs.updated_ms);

    // speakers
    let mut next_speaker = mine.next_speaker.max(theirs.next_speaker);
    let base_speakers = index(base.speakers.iter().map(|s| s.id.as_str()));
    // speakers this tab added under an id the other tab gave to someone else: (old, new)
    let mut renamed: Vec<(&str, String)> = Vec::new();
    for s in &mine.speakers {
        let at = out.speakers.iter().position(|t| t.id == s.id);
        let b = base_speakers.get(s.id.as_str()).map(|&i| &base.speakers[i]);
        match (b, at) {
            (Some(b), Some(i)) => take_changed!(out.speakers[i], b, s; name, kind),
            (Some(b), None) if b == s => {}
            (_, None) => out.speakers.push(s.clone()),
            (None, Some(i)) if out.speakers[i] == *s => {}
            (None, Some(_)) => {
                let id = format!("s{next_speaker}");
                next_speaker += 1;
                renamed.push((s.id.as_str(), id.clone()));
                out.speakers.push(Speaker { id, ..s.clone() });
            }
        }
    }
    let rename = |a: &ReviewAnnotation| {
        let mut a = a.clone();
        if let Some((_, new)) = renamed.iter().find(|(old, _)| a.speaker.as_deref() == Some(*old)) {
            a.speaker = Some(new.clone());
        }
        a
    };

    // annotations (`out` starts as `theirs`: their places are its places)
    let mut next_annotation = mine.next_annotation.max(theirs.next_annotation);
    let base_annotations = index(base.annotations.iter().map(|a| a.id.as_str()));
    let mut at = index(theirs.annotations.iter().map(|a| a.id.as_str()));
    for m in &mine.annotations {
        let b = base_annotations.get(m.id.as_str()).map(|&i| &base.annotations[i]);
        if b.is_some_and(|b| b == m) {
            continue; // not changed here: theirs stands (changed, unchanged or deleted)
        }
        let changed = rename(m);
        match (b, at.get(m.id.as_str()).copied()) {
            (Some(b), Some(i)) => {
                let o = &mut out.annotations[i];
                take_changed!(o, b, changed; kind, start, end, cue, source, status, origin, verdict, evidence, tags);
                if changed.note != b.note {
                    if o.note != b.note && o.note != changed.note {
                        o.note = both_notes(&changed.note, &o.note);
                        both.push(o.id.clone());
                    } else {
                        o.note = changed.note.clone();
                    }
                }
                if changed.speaker != b.speaker {
                    o.speaker = changed.speaker.clone();
                }
            }
            (None, Some(i)) if out.annotations[i] == changed => {}
            (None, Some(_)) => {
                // both tabs added an annotation under this id: this tab's gets a fresh one
                let id = format!("a{next_annotation}");
                next_annotation += 1;
                out.annotations.push(ReviewAnnotation { id, ..changed });
            }
            (_, None) => {
                // added here, or changed here and deleted there: this tab's stands
                at.insert(m.id.as_str(), out.annotations.len());
                out.annotations.push(changed);
            }
        }
    }
    let mine_ids = index(mine.annotations.iter().map(|a| a.id.as_str()));
    let deleted = index(base.annotations.iter().map(|a| a.id.as_str()).filter(|id| !mine_ids.contains_key(id)));
    out.annotations.retain(|a| !deleted.contains_key(a.id.as_str()));
    crate::sort_annotations(&mut out.annotations);

    // speakers this tab removed (a merge of two entries) go, unless an annotation still names one
    let mine_speakers = index(mine.speakers.iter().map(|s| s.id.as_str()));
    let named = index(out.annotations.iter().filter_map(|a| a.speaker.as_deref()));
    let keep: Vec<bool> = out
        .speakers
        .iter()
        .map(|s| {
            let id = s.id.as_str();
            mine_speakers.contains_key(id) || !base_speakers.contains_key(id) || named.contains_key(id)
        })
        .collect();
    drop(named);
    let mut k = keep.into_iter();
    out.speakers.retain(|_| k.next().unwrap_or(true));
    // an annotation may name a speaker only one side still has
    let have: Vec<String> = out.speakers.iter().map(|s| s.id.clone()).collect();
    let have = index(have.iter().map(String::as_str));
    let mut missing: Vec<&Speaker> = Vec::new();
    for a in &mut out.annotations {
        let Some(sp) = a.speaker.as_deref().filter(|sp| !have.contains_key(sp)) else { continue };
        match mine.speaker(sp).or_else(|| base.speaker(sp)) {
            Some(s) => {
                if !missing.iter().any(|m| m.id == s.id) {
                    missing.push(s);
                }
            }
            None => a.speaker = None,
        }
    }
    out.speakers.extend(missing.into_iter().cloned());

    let top = |ids: &mut dyn Iterator<Item = &str>, prefix| {
        ids.filter_map(|id| id_number(id, prefix)).max().map_or(1, |n| n.saturating_add(1))
    };
    out.next_annotation = next_annotation.max(top(&mut out.annotations.iter().map(|a| a.id.as_str()), 'a'));
    out.next_speaker = next_speaker.max(top(&mut out.speakers.iter().map(|s| s.id.as_str()), 's'));
    (out, both)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Status;

    /// Two tabs' documents from one stored base, each with its own edits.
    fn two_tabs() -> (ReviewDoc, ReviewDoc, ReviewDoc) {
        let base = ReviewDoc::from_text("m1", "Merge", quotelens_extract::SAMPLE, 1.0);
        (base.clone(), base.clone(), base)
    }

    #[test]
    fn merge_keeps_both_tabs_edits() {
        use crate::{Edit, NewAnnotation, ReviewKind, SpeakerKind, SpeakerRef};
        let (base, mut mine, mut theirs) = two_tabs();
        let (a0, a1, a2) =
            (base.annotations[0].id.clone(), base.annotations[1].id.clone(), base.annotations[2].id.clone());
        // different annotations, and different fields of one annotation
        mine.apply(Edit::accept(a0.clone())).unwrap();
        theirs.apply(Edit::reject(a1.clone())).unwrap();
        mine.apply(Edit::SetNote { id: a2.clone(), note: "mine".into() }).unwrap();
        theirs.apply(Edit::accept(a2.clone())).unwrap();
        // both add an annotation: the same next id, different words
        let mut note = NewAnnotation::new(ReviewKind::Note, 0, 5);
        note.note = "my note".into();
        mine.apply(Edit::Add(note)).unwrap();
        let mut quote = NewAnnotation::new(ReviewKind::Quote, 10, 20);
        quote.speaker = SpeakerRef::Name { name: "Ana Added".into(), kind: SpeakerKind::Person };
        theirs.apply(Edit::Add(quote)).unwrap();
        // one renames the document
        mine.apply(Edit::SetTitle { title: "Renamed here".into() }).unwrap();

        let out = merge(&base, &mine, &theirs);
        out.check().expect("the merge is a valid document");
        let get = |id: &str| out.annotation(id).expect("kept");
        assert_eq!(get(&a0).status, Status::Accepted);
        assert_eq!(get(&a1).status, Status::Rejected);
        assert_eq!(get(&a2).status, Status::Accepted);
        assert_eq!(get(&a2).note, "mine");
        assert_eq!(out.title, "Renamed here");
        assert_eq!(out.annotations.len(), base.annotations.len() + 2);
        assert!(out.annotations.iter().any(|a| a.note == "my note"));
        let added =
            out.annotations.iter().find(|a| a.start == 10 && a.end == 20 && a.kind == ReviewKind::Quote).unwrap();
        assert_eq!(out.speaker_of(added).unwrap().name, "Ana Added");
        let ids: std::collections::HashSet<&str> = out.annotations.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids.len(), out.annotations.len(), "ids stay unique");
        assert!(out.next_annotation > base.next_annotation + 1);
        // merging is the same from either side (but for which title was changed)
        let other = merge(&base, &theirs, &mine);
        assert_eq!(other.annotations.len(), out.annotations.len());
        // nothing changed here: theirs as it is
        assert_eq!(merge(&base, &base, &theirs), theirs);
    }

    #[test]
    fn merge_deletes_and_speaker_merges() {
        use crate::Edit;
        let (base, mut mine, mut theirs) = two_tabs();
        // this tab merges one speaker into another; the other tab gives an annotation to the first
        let (from, into) = (base.speakers[0].id.clone(), base.speakers[1].id.clone());
        mine.apply(Edit::MergeSpeakers { from: from.clone(), into: into.clone() }).unwrap();
        // this tab deletes an annotation the other left alone, and one the other changed
        let (gone, changed) = (base.annotations[3].id.clone(), base.annotations[4].id.clone());
        mine.apply(Edit::Delete { id: gone.clone() }).unwrap();
        mine.apply(Edit::Delete { id: changed.clone() }).unwrap();
        theirs.apply(Edit::accept(changed.clone())).unwrap();
        let unnamed = base.annotations.iter().find(|a| a.speaker.is_none()).map(|a| a.id.clone());
        if let Some(id) = &unnamed {
            theirs.apply(Edit::SetSpeaker { id: id.clone(), speaker: crate::SpeakerRef::Id(from.clone()) }).unwrap();
        }
        let out = merge(&base, &mine, &theirs);
        out.check().expect("valid");
        assert!(out.annotation(&gone).is_none() && out.annotation(&changed).is_none());
        for a in base.annotations.iter().filter(|a| a.speaker.as_deref() == Some(from.as_str())) {
            assert_eq!(out.annotation(&a.id).unwrap().speaker.as_deref(), Some(into.as_str()));
        }
        if let Some(id) = &unnamed {
            // their new reference keeps the speaker in the roster
            assert_eq!(out.annotation(id).unwrap().speaker.as_deref(), Some(from.as_str()));
            assert!(out.speaker(&from).is_some());
        }
    }

    #[test]
    fn merge_keeps_both_texts_of_a_note_both_tabs_changed() {
        use crate::Edit;
        let (base, mut mine, mut theirs) = two_tabs();
        let (a0, a1) = (base.annotations[0].id.clone(), base.annotations[1].id.clone());
        mine.apply(Edit::SetNote { id: a0.clone(), note: "check the 12 percent".into() }).unwrap();
        theirs.apply(Edit::SetNote { id: a0.clone(), note: "source: the annual report".into() }).unwrap();
        // one side only: no conflict
        mine.apply(Edit::SetNote { id: a1.clone(), note: "only here".into() }).unwrap();
        let (out, both) = merge_noting(&base, &mine, &theirs);
        assert_eq!(both, vec![a0.clone()]);
        let note = &out.annotation(&a0).unwrap().note;
        assert!(note.contains("check the 12 percent") && note.contains("source: the annual report"), "{note}");
        assert_eq!(out.annotation(&a1).unwrap().note, "only here");
        // merged again on the other side, nothing is doubled
        let (again, both) = merge_noting(&theirs, &theirs, &out);
        assert!(both.is_empty());
        assert_eq!(&again.annotation(&a0).unwrap().note, note);
        // the same words typed in both: kept once
        assert_eq!(both_notes("same", "same"), "same");
        assert_eq!(both_notes("", "theirs"), "theirs");
    }
}
