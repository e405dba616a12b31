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
        .parse_from_string(html, SupportedType::TextHtml)
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
