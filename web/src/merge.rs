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

use std::collections::{HashMap, HashSet};

use quotelens_core::review::{annotation_order, id_number, ReviewAnnotation, ReviewDoc, Speaker};

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

/// `theirs` with the changes `mine` made since `base`. All three are the same document (the same
/// id and text); the result is valid whenever they are.
pub fn merge(base: &ReviewDoc, mine: &ReviewDoc, theirs: &ReviewDoc) -> ReviewDoc {
    let mut out = theirs.clone();
    if mine.title != base.title {
        out.title = mine.title.clone();
    }
    out.updated_ms = mine.updated_ms.max(theirs.updated_ms);

    // speakers
    let mut next_speaker = mine.next_speaker.max(theirs.next_speaker);
    let base_speakers: HashMap<&str, &Speaker> = base.speakers.iter().map(|s| (s.id.as_str(), s)).collect();
    let mut renamed: HashMap<String, String> = HashMap::new();
    for s in &mine.speakers {
        let at = out.speakers.iter().position(|t| t.id == s.id);
        match (base_speakers.get(s.id.as_str()), at) {
            (Some(b), Some(i)) => take_changed!(out.speakers[i], b, s; name, kind),
            (Some(b), None) if *b == s => {}
            (_, None) => out.speakers.push(s.clone()),
            (None, Some(i)) if out.speakers[i] == *s => {}
            (None, Some(_)) => {
                let id = format!("s{next_speaker}");
                next_speaker += 1;
                renamed.insert(s.id.clone(), id.clone());
                out.speakers.push(Speaker { id, ..s.clone() });
            }
        }
    }
    let rename = |a: &ReviewAnnotation| {
        let mut a = a.clone();
        if let Some(new) = a.speaker.as_ref().and_then(|s| renamed.get(s)) {
            a.speaker = Some(new.clone());
        }
        a
    };

    // annotations
    let mut next_annotation = mine.next_annotation.max(theirs.next_annotation);
    let base_annotations: HashMap<&str, &ReviewAnnotation> =
        base.annotations.iter().map(|a| (a.id.as_str(), a)).collect();
    let mut at: HashMap<String, usize> = out.annotations.iter().enumerate().map(|(i, a)| (a.id.clone(), i)).collect();
    for m in &mine.annotations {
        let b = base_annotations.get(m.id.as_str());
        if b.is_some_and(|b| *b == m) {
            continue; // not changed here: theirs stands (changed, unchanged or deleted)
        }
        let m = rename(m);
        match (b, at.get(&m.id)) {
            (Some(b), Some(&i)) => {
                let o = &mut out.annotations[i];
                take_changed!(o, b, m; kind, start, end, cue, source, status, origin, verdict, evidence, note, tags);
                if m.speaker != b.speaker {
                    o.speaker = m.speaker.clone();
                }
            }
            (None, Some(&i)) if out.annotations[i] == m => {}
            (None, Some(_)) => {
                // both tabs added an annotation under this id: this tab's gets a fresh one
                let id = format!("a{next_annotation}");
                next_annotation += 1;
                at.insert(id.clone(), out.annotations.len());
                out.annotations.push(ReviewAnnotation { id, ..m });
            }
            (_, None) => {
                // added here, or changed here and deleted there: this tab's stands
                at.insert(m.id.clone(), out.annotations.len());
                out.annotations.push(m);
            }
        }
    }
    let mine_ids: HashSet<&str> = mine.annotations.iter().map(|a| a.id.as_str()).collect();
    let deleted: HashSet<&str> =
        base.annotations.iter().map(|a| a.id.as_str()).filter(|id| !mine_ids.contains(id)).collect();
    out.annotations.retain(|a| !deleted.contains(a.id.as_str()));
    out.annotations.sort_by(annotation_order);

    // speakers this tab removed (a merge of two entries) go, unless an annotation still names one
    let mine_speakers: HashSet<&str> = mine.speakers.iter().map(|s| s.id.as_str()).collect();
    let named: HashSet<&str> = out.annotations.iter().filter_map(|a| a.speaker.as_deref()).collect();
    out.speakers.retain(|s| {
        mine_speakers.contains(s.id.as_str())
            || !base_speakers.contains_key(s.id.as_str())
            || named.contains(s.id.as_str())
    });
    // an annotation may name a speaker only one side still has
    let have: HashSet<String> = out.speakers.iter().map(|s| s.id.clone()).collect();
    for a in &mut out.annotations {
        if let Some(sp) = a.speaker.clone().filter(|sp| !have.contains(sp)) {
            match mine.speaker(&sp).or_else(|| base.speaker(&sp)) {
                Some(s) if !out.speakers.iter().any(|t| t.id == s.id) => out.speakers.push(s.clone()),
                Some(_) => {}
                None => a.speaker = None,
            }
        }
    }

    let top = |ids: &mut dyn Iterator<Item = &str>, prefix| {
        ids.filter_map(|id| id_number(id, prefix)).max().map_or(1, |n| n.saturating_add(1))
    };
    out.next_annotation = next_annotation.max(top(&mut out.annotations.iter().map(|a| a.id.as_str()), 'a'));
    out.next_speaker = next_speaker.max(top(&mut out.speakers.iter().map(|s| s.id.as_str()), 's'));
    out
}
