//! The article's text read from the DOM through [`crate::lines`] and [`crate::tags`]: a live
//! element's text nodes with their places ([`TextMap`], which the widget highlights through),
//! and the text of an HTML file ([`article_text`], which the app imports).

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, Node, Range, Text};

use crate::build::document;
use crate::lines::{collapsed, norm, Lines};
use crate::tags::{is_block, is_break, is_skipped};

/// One text node and where its text stands in [`TextMap::text`].
pub struct Seg {
    pub byte: usize,
    pub node: Text,
    pub data: String,
}

/// An element's text as the core reads it ([`Lines`]), with the text node behind each piece.
pub struct TextMap {
    pub text: String,
    pub segs: Vec<Seg>,
}

impl TextMap {
    /// The text under `root`, leaving out the elements [`crate::tags::SKIP`] names and those
    /// `skip` refuses (the widget's host-given selector, a file's hidden paragraphs).
    pub fn read(root: &Element, skip: impl Fn(&Element) -> bool) -> TextMap {
        let mut lines = Lines::default();
        let mut nodes: Vec<Text> = Vec::new();
        // blocks are numbered as they are entered; the root is block 0
        let mut blocks = 0;
        // an explicit stack (node, its block): a deeply nested page cannot overflow the wasm stack
        let mut stack: Vec<(Node, usize)> = Vec::new();
        let children = |stack: &mut Vec<(Node, usize)>, node: &Node, block: usize| {
            let mut c = node.last_child();
            while let Some(n) = c {
                c = n.previous_sibling();
                stack.push((n, block));
            }
        };
        children(&mut stack, root, 0);
        while let Some((node, block)) = stack.pop() {
            match node.node_type() {
                Node::TEXT_NODE => {
                    let t: Text = node.unchecked_into();
                    if lines.push(block, &t.data()) {
                        nodes.push(t);
                    }
                }
                Node::ELEMENT_NODE => {
                    let el: &Element = node.unchecked_ref();
                    let tag = el.tag_name();
                    if is_skipped(&tag) || skip(el) {
                        continue;
                    }
                    if is_break(&tag) {
                        lines.line_break();
                        continue;
                    }
                    let inner = if is_block(&tag) {
                        blocks += 1;
                        blocks
                    } else {
                        block
                    };
                    children(&mut stack, &node, inner);
                }
                _ => {}
            }
        }
        let segs = lines.pieces.into_iter().zip(nodes).map(|((byte, data), node)| Seg { byte, node, data }).collect();
        TextMap { text: lines.text, segs }
    }

    /// True when a text node was taken out or its words changed since it was read.
    pub fn stale(&self) -> bool {
        self.segs.iter().any(|s| !s.node.is_connected() || !norm(&s.node.data()).eq(s.data.chars()))
    }

    pub fn same_nodes(&self, other: &TextMap) -> bool {
        self.segs.len() == other.segs.len()
            && self.segs.iter().zip(&other.segs).all(|(a, b)| a.node.is_same_node(Some(b.node.as_ref())))
    }

    /// The DOM position of a byte offset: `end` picks the node that ends there over the one
    /// that starts there.
    fn position(&self, b: usize, end: bool) -> Option<(&Text, u32)> {
        let i = if end {
            self.segs.iter().position(|s| s.byte < b && b <= s.byte + s.data.len())
        } else {
            self.segs
                .iter()
                .position(|s| s.byte <= b && b < s.byte + s.data.len())
                .or_else(|| self.segs.iter().position(|s| s.byte >= b))
        }?;
        let s = &self.segs[i];
        let local = b.saturating_sub(s.byte).min(s.data.len());
        let local = if end || local > 0 { local } else { 0 };
        let units = s.data.get(..local)?.encode_utf16().count();
        Some((&s.node, units as u32))
    }

    /// The DOM range of the text's bytes `start..end`.
    pub fn range(&self, start: usize, end: usize) -> Option<Range> {
        let (sn, so) = self.position(start, false)?;
        let (en, eo) = self.position(end, true)?;
        let r = document().create_range().ok()?;
        r.set_start(sn, so).ok()?;
        r.set_end(en, eo).ok()?;
        Some(r)
    }

    /// The byte offset of a DOM position inside one of the text nodes.
    pub fn offset(&self, node: &Node, units: u32) -> Option<usize> {
        let s = self.segs.iter().find(|s| s.node.is_same_node(Some(node)))?;
        let mut left = units as usize;
        for (i, c) in s.data.char_indices() {
            if left == 0 {
                return Some(s.byte + i);
            }
            left = left.saturating_sub(c.len_utf16());
        }
        Some(s.byte + s.data.len())
    }

    /// The reader's selection as byte offsets, when it lies in this text.
    pub fn selection(&self) -> Option<(usize, usize)> {
        let sel = web_sys::window()?.get_selection().ok()??;
        if sel.range_count() == 0 || sel.is_collapsed() {
            return None;
        }
        let r = sel.get_range_at(0).ok()?;
        let s = self.offset(&r.start_container().ok()?, r.start_offset().ok()?)?;
        let e = self.offset(&r.end_container().ok()?, r.end_offset().ok()?)?;
        (s < e).then_some((s, e))
    }
}

/// Hidden in a page file: by attribute, by its own `style` (a parsed page has no layout, so
/// only inline styles are known), or the byline (who wrote the article, not a line of it).
fn hidden_in_file(e: &Element) -> bool {
    e.has_attribute("hidden")
        || e.get_attribute("aria-hidden").as_deref() == Some("true")
        || hidden_by_style(e)
        || is_byline(e)
}

fn hidden_by_style(e: &Element) -> bool {
    let style: String = e.get_attribute("style").unwrap_or_default().chars().filter(|c| !c.is_whitespace()).collect();
    let style = style.to_ascii_lowercase();
    style.contains("display:none") || style.contains("visibility:hidden")
}

/// The byline ("By Jane Reporter"): known by its markup (`byline`/`author` in class, `rel`,
/// `itemprop` or `id`) or, in a short paragraph, by its words (read as text it became a
/// heading).
fn is_byline(e: &Element) -> bool {
    let marked = ["class", "rel", "itemprop", "id"].iter().any(|a| {
        e.get_attribute(a).is_some_and(|v| {
            let v = v.to_ascii_lowercase();
            v.contains("byline") || v.split(|c: char| !c.is_ascii_alphanumeric()).any(|w| w == "author")
        })
    });
    if marked {
        return true;
    }
    if !matches!(e.tag_name().to_ascii_uppercase().as_str(), "P" | "DIV" | "SPAN") {
        return false;
    }
    // a container of blocks is no byline, and its text can be the whole article
    let kids = e.children();
    if (0..kids.length()).filter_map(|i| kids.item(i)).any(|k| is_block(&k.tag_name())) {
        return false;
    }
    let text = e.text_content().unwrap_or_default();
    let words: Vec<&str> = text.split_whitespace().collect();
    // every word after "By" a name's: capitalised, or a particle of names and lists
    let name_word = |w: &&str| {
        w.starts_with(|c: char| c.is_uppercase())
            || ["and", "&", "de", "van", "von", "der", "da", "du", "la", "le", "al", "bin"]
                .contains(&w.trim_end_matches(','))
    };
    words.len() >= 2
        && words.len() <= 8
        && words[0].eq_ignore_ascii_case("by")
        && words[1].starts_with(|c: char| c.is_uppercase())
        && words[1..].iter().all(name_word)
        && !text.contains(['"', '“', '”'])
}

/// The page without its `<base>` elements: parsing one makes the browser check it against the
/// app's own policy (`base-uri 'none'`) and log an error, although nothing is ever loaded.
fn without_base(html: &str) -> String {
    let lower = html.to_ascii_lowercase();
    let mut out = String::with_capacity(html.len());
    let mut at = 0;
    while let Some(i) = lower[at..].find("<base") {
        let start = at + i;
        let after = lower.as_bytes().get(start + 5).copied();
        let end = lower[start..].find('>').map_or(html.len(), |j| start + j + 1);
        out.push_str(&html[at..start]);
        if !matches!(after, Some(b' ' | b'\t' | b'\n' | b'\r' | b'/' | b'>')) {
            out.push_str(&html[start..start + 5]); // "<basefont", "<base-x": not a base element
            at = start + 5;
            continue;
        }
        at = end;
    }
    out.push_str(&html[at..]);
    out
}

/// (title, text) of an HTML page: the text of its `<article>` (else `<main>`, else the body)
/// read as [`TextMap::read`] reads a live one, less what the file hides and the byline, one
/// paragraph a line. The browser's `DOMParser` builds an inert document (nothing in it runs or
/// loads), and only text is taken.
pub fn article_text(html: &str) -> Result<(String, String), String> {
    let parser = web_sys::DomParser::new().map_err(|_| "the browser cannot parse HTML here".to_string())?;
    let doc = parser
        .parse_from_string(&without_base(html), web_sys::SupportedType::TextHtml)
        .map_err(|_| "the file is not readable as HTML".to_string())?;
    let root: Option<Element> = doc
        .query_selector("article")
        .ok()
        .flatten()
        .or_else(|| doc.query_selector("main").ok().flatten())
        .or_else(|| doc.body().map(Into::into));
    let Some(root) = root else { return Err("the page has no body".into()) };
    let lines = collapsed(&TextMap::read(&root, hidden_in_file).text);
    let title = doc.title().split_whitespace().collect::<Vec<_>>().join(" ");
    let title = if title.is_empty() { lines.first().cloned().unwrap_or_default() } else { title };
    if lines.is_empty() {
        return Err("no paragraphs or headings were found in it".into());
    }
    Ok((title, lines.join("\n")))
}

/// The byte offset under a point of the viewport (a click), when it is in `map`'s text.
pub fn offset_at(map: &TextMap, x: f64, y: f64) -> Option<usize> {
    use js_sys::{Function, Reflect};
    let d: JsValue = document().into();
    let (x, y) = (JsValue::from_f64(x), JsValue::from_f64(y));
    let call = |method: &str, args: js_sys::Array| -> Option<JsValue> {
        let f: Function = Reflect::get(&d, &method.into()).ok()?.dyn_into().ok()?;
        f.apply(&d, &args).ok()
    };
    if let Some(p) = call("caretPositionFromPoint", js_sys::Array::of2(&x, &y)).filter(|p| !p.is_null()) {
        let node: Node = Reflect::get(&p, &"offsetNode".into()).ok()?.dyn_into().ok()?;
        let off = Reflect::get(&p, &"offset".into()).ok()?.as_f64()? as u32;
        return map.offset(&node, off);
    }
    let r: Range = call("caretRangeFromPoint", js_sys::Array::of2(&x, &y))?.dyn_into().ok()?;
    map.offset(&r.start_container().ok()?, r.start_offset().ok()?)
}
