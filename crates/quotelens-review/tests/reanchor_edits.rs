//! Re-anchoring under the family of edits a news article goes through (issue 15): a paragraph
//! removed (the first, the one holding a note, any), a phrase changed, a typo fixed, a paragraph
//! added or moved, a word next to a note changed. Three invented articles whose short words
//! repeat (in the headline, in two people's quotes, a name in several paragraphs), with the
//! extraction's annotations and a reader's notes on those short words.
//!
//! Every edit keeps track of where each byte of the new text came from, so each annotation's
//! true place is known: its words intact at one range, edited in place, or gone. A placement is
//! right when it is that range (or, for edited words, overlaps where they stand now); anything
//! else is wrong. Going to "needs review" is never wrong; the share is printed
//! (`cargo test -p quotelens-review --test reanchor_edits -- --nocapture`).

use quotelens_review::anchor::{reanchor, MIN_SCORE};
use quotelens_review::{Edit, NewAnnotation, ReviewDoc, ReviewKind};

const ARTICLES: [&str; 3] = [
    "Shameful state of flats, say tenants of Elm Court\n\
Tenants of Elm Court called the state of their building shameful on Monday, after a third winter without working heating.\n\
\"It is shameful that families are wrapped in coats indoors,\" said Joan Pardoe, who has lived there since 1998.\n\
The landlord, Northgate Homes, said repairs were under way. \"We accept the delays have been shameful for some residents,\" a spokesman said.\n\
Mrs Pardoe said the tenants' group would take the case to the council. \"They have treated us like a circus act,\" she said.\n\
Councillor Dev Shah said the building was \"a circus\" of missed promises and that Mrs Pardoe was right to complain.\n\
\"We will inspect every flat before Christmas,\" Mr Shah said. Mrs Pardoe said she would believe it when she saw it.\n",
    "Lifeboat crew hailed as heroes after night rescue\n\
Volunteers from the Harbourview lifeboat station rescued four fishermen on Saturday night, the coastguard said.\n\
\"They are heroes, plain and simple,\" said Captain Rosa Lind, whose trawler lost power in the storm.\n\
The station's manager, Ken Adeyemi, said the crew did not see themselves as heroes. \"We train for this every week,\" he said.\n\
Mr Adeyemi said the station needed a new engine for its older boat. According to the station's accounts, the engine would cost about 90,000 pounds.\n\
\"Without the heroes of this station I would not be here,\" Captain Lind said. Mr Adeyemi thanked the town for its donations.\n\
A fundraising dinner is planned for March, Mr Adeyemi said.\n",
    "Bakery closes after 60 years: 'end of an era'\n\
The Crumb and Crust bakery on Mill Street will close on Friday after 60 years, its owners said.\n\
\"It is the end of an era for this street,\" said Alma Ruiz, who has bought bread there every morning since 1985.\n\
The owner, Piet Visser, said rising energy bills made the ovens too costly to run. \"We could not raise prices again,\" Mr Visser said.\n\
Customers queued around the block on Tuesday. \"The end of an era, truly,\" one customer said.\n\
Mr Visser said he hoped another baker would take the shop. Ms Ruiz said she would miss the rye bread most.\n",
];

/// Notes a reader makes: (paragraph, words, which occurrence in that paragraph).
const NOTES: [&[(usize, &str, usize)]; 3] = [
    &[
        (0, "Shameful", 0),
        (2, "shameful", 0),
        (3, "shameful", 0),
        (4, "Mrs Pardoe", 0),
        (4, "a circus", 0),
        (5, "a circus", 0),
        (5, "Mrs Pardoe", 0),
        (6, "Mrs Pardoe", 0),
        (6, "Mr Shah", 0),
    ],
    &[
        (2, "heroes", 0),
        (3, "heroes", 0),
        (4, "Mr Adeyemi", 0),
        (5, "heroes", 0),
        (5, "Mr Adeyemi", 0),
        (6, "Mr Adeyemi", 0),
        (1, "four fishermen", 0),
    ],
    &[
        (0, "end of an era", 0),
        (2, "end of an era", 0),
        (4, "end of an era", 0),
        (3, "Mr Visser", 0),
        (5, "Mr Visser", 0),
        (5, "rye bread", 0),
    ],
];

/// A text under edit, with the old byte each of its bytes came from (`None`: inserted).
#[derive(Clone)]
struct Edited {
    text: String,
    from: Vec<Option<usize>>,
}

impl Edited {
    fn new(text: &str) -> Edited {
        Edited { text: text.to_string(), from: (0..text.len()).map(Some).collect() }
    }

    fn splice(&mut self, at: std::ops::Range<usize>, with: &str) {
        self.text.replace_range(at.clone(), with);
        self.from.splice(at, std::iter::repeat_n(None, with.len()));
    }

    /// Byte ranges of the paragraphs, each with its newline.
    fn paragraphs(&self) -> Vec<std::ops::Range<usize>> {
        let mut out = Vec::new();
        let mut s = 0;
        for (i, _) in self.text.match_indices('\n') {
            out.push(s..i + 1);
            s = i + 1;
        }
        out
    }

    fn remove_paragraph(mut self, i: usize) -> Edited {
        let r = self.paragraphs()[i].clone();
        self.splice(r, "");
        self
    }

    fn insert_paragraph(mut self, i: usize, text: &str) -> Edited {
        let at = self.paragraphs().get(i).map_or(self.text.len(), |r| r.start);
        self.splice(at..at, &format!("{text}\n"));
        self
    }

    /// Moves paragraph `i` to stand before paragraph `j` (its bytes keep where they came from).
    fn move_paragraph(mut self, i: usize, j: usize) -> Edited {
        let r = self.paragraphs()[i].clone();
        let (text, from) = (self.text[r.clone()].to_string(), self.from[r.clone()].to_vec());
        self.splice(r, "");
        let at = self.paragraphs().get(if j > i { j - 1 } else { j }).map_or(self.text.len(), |x| x.start);
        self.text.insert_str(at, &text);
        self.from.splice(at..at, from);
        self
    }

    /// Replaces the `nth` occurrence of `words` inside paragraph `i`.
    fn replace_in(mut self, i: usize, words: &str, nth: usize, with: &str) -> Edited {
        let p = self.paragraphs()[i].clone();
        let s = p.start + self.text[p].match_indices(words).nth(nth).expect("words in the paragraph").0;
        self.splice(s..s + words.len(), with);
        self
    }
}

/// Where an annotation's words are after an edit.
#[derive(Debug)]
enum Truth {
    Intact(usize, usize),
    Edited(usize, usize),
    Gone,
}

fn truth(e: &Edited, start: usize, end: usize) -> Truth {
    let at: Vec<usize> = (0..e.from.len()).filter(|&i| e.from[i].is_some_and(|o| (start..end).contains(&o))).collect();
    let (Some(&a), Some(&b)) = (at.first(), at.last()) else { return Truth::Gone };
    let intact = at.len() == end - start && (a..=b).all(|i| e.from[i] == Some(start + i - a));
    if intact {
        Truth::Intact(a, b + 1)
    } else {
        Truth::Edited(a, b + 1)
    }
}

fn annotated(text: &str, notes: &[(usize, &str, usize)]) -> ReviewDoc {
    let mut doc = ReviewDoc::from_text("doc", "", text, 0.0);
    let paras = Edited::new(text).paragraphs();
    for &(p, words, nth) in notes {
        let r = paras[p].clone();
        let s = r.start + text[r].match_indices(words).nth(nth).unwrap().0;
        doc.apply(Edit::Add(NewAnnotation::new(ReviewKind::Note, s, s + words.len()))).unwrap();
    }
    doc
}

/// The family of edits for an article of `n` paragraphs, each with its name.
fn edits(text: &str, notes: &[(usize, &str, usize)]) -> Vec<(String, Edited)> {
    let base = Edited::new(text);
    let n = base.paragraphs().len();
    let mut out = Vec::new();
    for i in 0..n {
        out.push((format!("remove paragraph {i}"), base.clone().remove_paragraph(i)));
    }
    out.push(("remove the first two paragraphs".into(), base.clone().remove_paragraph(0).remove_paragraph(0)));
    out.push((
        "add a paragraph at the top".into(),
        base.clone().insert_paragraph(0, "Updated at 10am with the council's reply."),
    ));
    out.push((
        "add a paragraph in the middle".into(),
        base.clone().insert_paragraph(n / 2, "The council said it had not received a formal complaint."),
    ));
    out.push(("move the last paragraph up".into(), base.clone().move_paragraph(n - 1, 1)));
    out.push(("swap paragraphs 2 and 3".into(), base.clone().move_paragraph(3, 2)));
    for &(p, words, nth) in notes {
        // the noted words changed
        out.push((format!("change {words:?} in paragraph {p}"), base.clone().replace_in(p, words, nth, "remarkable")));
        // its paragraph removed, and its words changed in the first paragraph too
        if p > 0 {
            out.push((format!("remove paragraph {p}, which holds {words:?}"), base.clone().remove_paragraph(p)));
        }
    }
    // a word next to the quote changed, a typo fixed inside a long quote
    out.push(("a word before a quote changed".into(), base.clone().replace_in(2, "said", 0, "added")));
    out.push(("a typo made in a quote".into(), base.clone().replace_in(2, "e", 0, "ee")));
    out
}

#[derive(Default, Debug)]
struct Tally {
    right: usize,
    wrong: usize,
    review_intact: usize,
    review_changed: usize,
}

#[test]
fn no_annotation_lands_on_wrong_words() {
    let mut all = Tally::default();
    let mut wrong = Vec::new();
    for (text, notes) in ARTICLES.iter().zip(NOTES) {
        let doc = annotated(text, notes);
        assert!(doc.annotations.len() >= notes.len() + 3, "extraction found too little: {:?}", doc.annotations);
        for (name, e) in edits(text, notes) {
            let r = reanchor(&doc, &e.text, MIN_SCORE);
            assert!(r.doc.check().is_ok(), "{name}: {:?}", r.doc.check());
            for a in &doc.annotations {
                let t = truth(&e, a.start, a.end);
                match (r.doc.annotation(&a.id), &t) {
                    (None, Truth::Intact(..)) => all.review_intact += 1,
                    (None, _) => all.review_changed += 1,
                    (Some(b), Truth::Intact(s, e)) if (b.start, b.end) == (*s, *e) => all.right += 1,
                    (Some(b), Truth::Edited(s, e)) if b.start < *e && *s < b.end => all.right += 1,
                    (Some(b), _) => {
                        all.wrong += 1;
                        wrong.push(format!(
                            "{name}: {:?} {:?} ({t:?}) placed on {:?} at {}..{}",
                            a.kind,
                            doc.text_of(a),
                            &e.text[b.start..b.end],
                            b.start,
                            b.end
                        ));
                    }
                }
            }
        }
    }
    let total = all.right + all.wrong + all.review_intact + all.review_changed;
    println!(
        "re-anchoring, {total} placements: {} right, {} wrong, {} needs review ({:.1}%: {} whose words were changed or gone, {} whose words still stood)",
        all.right,
        all.wrong,
        all.review_intact + all.review_changed,
        100.0 * (all.review_intact + all.review_changed) as f64 / total as f64,
        all.review_changed,
        all.review_intact,
    );
    assert!(wrong.is_empty(), "{} wrong placements:\n{}", wrong.len(), wrong.join("\n"));
    // sending everything to review would also place nothing wrongly: most intact words must be found
    assert!(all.review_intact * 10 < all.right, "{all:?}");
}
