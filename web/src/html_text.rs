//! The article text of an HTML file: paragraphs, headings, list items and block quotes, one per
//! line; never scripts, styles, navigation, headers, footers or asides. The browser's
//! `DOMParser` builds an inert document (nothing in it runs or loads), and only text is taken.

use wasm_bindgen::JsCast;
use web_sys::{DomParser, Element, Node, SupportedType};

const SKIP: &[&str] = &[
    "SCRIPT", "STYLE", "NOSCRIPT", "TEMPLATE", "NAV", "HEADER", "FOOTER", "ASIDE", "FORM", "BUTTON", "SELECT",
    "IFRAME", "OBJECT", "SVG", "CANVAS", "MENU", "DIALOG",
];
const BLOCKS: &[&str] = &["P", "H1", "H2", "H3", "H4", "H5", "H6", "LI", "BLOCKQUOTE", "PRE", "FIGCAPTION", "DT", "DD"];

fn tag(e: &Element) -> String {
    e.tag_name().to_ascii_uppercase()
}

fn skipped(e: &Element) -> bool {
    SKIP.contains(&tag(e).as_str())
        || e.has_attribute("hidden")
        || e.get_attribute("aria-hidden").as_deref() == Some("true")
        || hidden_by_style(e)
        || is_byline(e)
}

/// Hidden by its own `style` (the parsed page has no layout, so only inline styles are known).
fn hidden_by_style(e: &Element) -> bool {
    let style: String = e.get_attribute("style").unwrap_or_default().chars().filter(|c| !c.is_whitespace()).collect();
    let style = style.to_ascii_lowercase();
    style.contains("display:none") || style.contains("visibility:hidden")
}

/// The byline ("By Jane Reporter"): who wrote the article, not a line of it (read as text it
/// became a heading). Known by its markup (`byline`/`author` in class, `rel` or `itemprop`) or,
/// in a short paragraph, by its words.
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
    if !matches!(tag(e).as_str(), "P" | "DIV" | "SPAN" | "ADDRESS") {
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

/// The text under `node`, skipping what [`SKIP`] names.
fn text_of(node: &Node, out: &mut String) {
    let children = node.child_nodes();
    for i in 0..children.length() {
        let Some(c) = children.item(i) else { continue };
        match c.node_type() {
            Node::TEXT_NODE => out.push_str(&c.text_content().unwrap_or_default()),
            Node::ELEMENT_NODE => {
                let e: &Element = c.unchecked_ref();
                if skipped(e) {
                    continue;
                }
                if tag(e) == "BR" {
                    out.push(' ');
                }
                text_of(&c, out);
            }
            _ => {}
        }
    }
}

fn has_block_inside(e: &Element) -> bool {
    BLOCKS.iter().any(|b| e.query_selector(b).ok().flatten().is_some())
}

fn walk(node: &Node, lines: &mut Vec<String>) {
    let children = node.child_nodes();
    for i in 0..children.length() {
        let Some(c) = children.item(i) else { continue };
        if c.node_type() != Node::ELEMENT_NODE {
            continue;
        }
        let e: &Element = c.unchecked_ref();
        if skipped(e) {
            continue;
        }
        if BLOCKS.contains(&tag(e).as_str()) && !has_block_inside(e) {
            let mut s = String::new();
            text_of(&c, &mut s);
            let line = s.split_whitespace().collect::<Vec<_>>().join(" ");
            if !line.is_empty() {
                lines.push(line);
            }
        } else {
            walk(&c, lines);
        }
    }
}

/// (title, text) of an HTML page.
pub fn article_text(html: &str) -> Result<(String, String), String> {
    let parser = DomParser::new().map_err(|_| "the browser cannot parse HTML here".to_string())?;
    let doc = parser
        .parse_from_string(&without_base(html), SupportedType::TextHtml)
        .map_err(|_| "the file is not readable as HTML".to_string())?;
    let root: Option<Element> = doc
        .query_selector("article")
        .ok()
        .flatten()
        .or_else(|| doc.query_selector("main").ok().flatten())
        .or_else(|| doc.body().map(Into::into));
    let Some(root) = root else { return Err("the page has no body".into()) };
    let mut lines = Vec::new();
    walk(&root, &mut lines);
    let title = doc.title().split_whitespace().collect::<Vec<_>>().join(" ");
    let title = if title.is_empty() { lines.first().cloned().unwrap_or_default() } else { title };
    if lines.is_empty() {
        return Err("no paragraphs or headings were found in it".into());
    }
    Ok((title, lines.join("\n")))
}
