//! How the article is laid out on screen: paragraphs cut into segments at every annotation
//! boundary, so overlapping annotations each keep their own marks. Pure rendering arithmetic
//! over offsets the core produced; nothing here looks at the words.

/// What a paragraph is, as the core's segmentation said.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Block {
    Body,
    Heading,
    Boilerplate,
}

/// One annotation as the layout needs it (byte offsets into the text).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Mark {
    /// The caller's index for it (the app uses its place in the document's list).
    pub id: usize,
    /// Its kind as one bit, so runs can carry every kind over them.
    pub bit: u8,
    pub start: usize,
    pub end: usize,
}

/// A run of text covered by the same set of annotations.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Seg {
    pub start: usize,
    pub end: usize,
    /// The innermost annotation here (the shortest): clicking the run selects it.
    pub primary: Option<usize>,
    /// Every kind that covers the run: the `bit`s of its marks, or-ed.
    pub kinds: u8,
    /// True on the first run of `primary`'s span: where focus and scrolling go.
    pub first: bool,
    pub dateline: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Para {
    pub index: usize,
    pub start: usize,
    pub end: usize,
    pub block: Block,
    pub segs: Vec<Seg>,
}

/// A paragraph as the core's segmentation found it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ParaIn {
    pub start: usize,
    pub end: usize,
    pub block: Block,
    /// End of a dateline that opens the paragraph.
    pub dateline_end: Option<usize>,
}

/// Cuts each paragraph at the boundaries of the marks over it. Marks may overlap and may cross
/// paragraphs; a sweep keeps the covering set, so the cost is O((paragraphs + marks) log marks).
pub fn layout(paras: &[ParaIn], marks: &[Mark]) -> Vec<Para> {
    let mut order: Vec<&Mark> = marks.iter().filter(|m| m.start < m.end).collect();
    // by start, longest first, then id (offsets fit in 32 bits: texts are under 4 GB)
    crate::sort::by_key(&mut order, |m| ((m.start as u64) << 32 | (u64::from(u32::MAX) - m.end as u64), m.id as u64));
    let mut next = 0;
    // active marks: (end, id) to drop finished ones; (len, id) for the innermost
    let mut active: Vec<&Mark> = Vec::new();
    // per mark id: its first run is drawn
    let mut seen_first: Vec<bool> = Vec::new();
    let mut out = Vec::with_capacity(paras.len());
    for (index, p) in paras.iter().enumerate() {
        active.retain(|m| m.end > p.start);
        while next < order.len() && order[next].start < p.end {
            if order[next].end > p.start {
                active.push(order[next]);
            }
            next += 1;
        }
        // the marks over this paragraph, as events
        let mut cuts: Vec<usize> = vec![p.start, p.end];
        if let Some(d) = p.dateline_end.filter(|&d| d > p.start && d < p.end) {
            cuts.push(d);
        }
        let mut starts: Vec<(usize, &Mark)> = Vec::new();
        let mut ends: Vec<(usize, &Mark)> = Vec::new();
        for m in &active {
            let s = m.start.max(p.start);
            let e = m.end.min(p.end);
            cuts.push(s);
            cuts.push(e);
            starts.push((s, m));
            ends.push((e, m));
        }
        crate::sort::by_key(&mut cuts, |&c| (c as u64, 0));
        cuts.dedup();
        crate::sort::by_key(&mut starts, |x| (x.0 as u64, 0));
        crate::sort::by_key(&mut ends, |x| (x.0 as u64, 0));
        let (mut si, mut ei) = (0, 0);
        // the marks over the current run as (len, id, bit): a handful, so a plain list
        let mut cover: Vec<(usize, usize, u8)> = Vec::new();
        let mut segs = Vec::with_capacity(cuts.len());
        for w in cuts.windows(2) {
            let (a, b) = (w[0], w[1]);
            while ei < ends.len() && ends[ei].0 <= a {
                let m = ends[ei].1;
                if let Some(i) = cover.iter().position(|&x| x == (m.end - m.start, m.id, m.bit)) {
                    cover.swap_remove(i);
                }
                ei += 1;
            }
            while si < starts.len() && starts[si].0 <= a {
                let m = starts[si].1;
                cover.push((m.end - m.start, m.id, m.bit));
                si += 1;
            }
            let primary = cover.iter().min().map(|x| x.1);
            let kinds = cover.iter().fold(0u8, |k, x| k | x.2);
            let first = primary.is_some_and(|id| {
                if seen_first.len() <= id {
                    seen_first.resize(id + 1, false);
                }
                !std::mem::replace(&mut seen_first[id], true)
            });
            let dateline = p.dateline_end.is_some_and(|d| b <= d);
            segs.push(Seg { start: a, end: b, primary, kinds, first, dateline });
        }
        out.push(Para { index, start: p.start, end: p.end, block: p.block, segs });
    }
    out
}

/// The UTF-16 length of a piece of text: DOM selections count in it.
pub fn utf16_len(s: &str) -> usize {
    s.chars().map(char::len_utf16).sum()
}

/// The byte offset `units` UTF-16 units into `s` (inside a surrogate pair: the boundary after it).
pub fn byte_at_utf16(s: &str, units: usize) -> usize {
    let mut u = 0;
    for (b, c) in s.char_indices() {
        if u >= units {
            return b;
        }
        u += c.len_utf16();
    }
    s.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layout_cuts_overlapping_marks_and_keeps_the_innermost() {
        let paras = [
            ParaIn { start: 0, end: 20, block: Block::Body, dateline_end: None },
            ParaIn { start: 21, end: 30, block: Block::Heading, dateline_end: None },
        ];
        let marks = [Mark { id: 0, bit: 1, start: 2, end: 25 }, Mark { id: 1, bit: 2, start: 5, end: 8 }];
        let out = layout(&paras, &marks);
        let cuts: Vec<(usize, usize, Option<usize>, u8)> =
            out[0].segs.iter().map(|s| (s.start, s.end, s.primary, s.kinds)).collect();
        assert_eq!(cuts, vec![(0, 2, None, 0), (2, 5, Some(0), 1), (5, 8, Some(1), 3), (8, 20, Some(0), 1)]);
        // a mark across paragraphs continues in the next one, its first run stays the first
        assert_eq!(out[1].segs[0].primary, Some(0));
        assert!(!out[1].segs[0].first);
        assert!(out[0].segs[1].first && out[0].segs[2].first);
    }

    #[test]
    fn utf16_offsets_count_as_the_dom_does() {
        let s = "a\u{e9}\u{1F600}b";
        assert_eq!(utf16_len(s), 1 + 1 + 2 + 1);
        assert_eq!(byte_at_utf16(s, 2), 3); // after "a\u{e9}"
        assert_eq!(byte_at_utf16(s, 3), 7); // inside the emoji: the boundary after it
        assert_eq!(byte_at_utf16(s, 4), 7);
        assert_eq!(byte_at_utf16(s, 99), s.len());
    }
}
