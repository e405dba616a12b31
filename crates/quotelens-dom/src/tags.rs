//! Which elements start a line of the article's text, and which hold no article text at all.
//! One list of each, for the app's HTML import and the widget's host article alike. Tag names
//! are upper case, as `Element::tag_name` gives them for HTML.

/// Elements whose text starts a new line for the core (it reads one paragraph a line): the
/// HTML blocks an article is built of, table cells and rows, and the line breaks `BR` and `HR`.
/// Sorted, for [`is_block`]'s binary search.
pub const BLOCKS: &[&str] = &[
    "ARTICLE",
    "BLOCKQUOTE",
    "BR",
    "DD",
    "DIV",
    "DT",
    "FIGCAPTION",
    "FIGURE",
    "H1",
    "H2",
    "H3",
    "H4",
    "H5",
    "H6",
    "HR",
    "LI",
    "MAIN",
    "OL",
    "P",
    "PRE",
    "SECTION",
    "TABLE",
    "TD",
    "TH",
    "TR",
    "UL",
];

/// Elements whose text is not the article's: code and styles, form controls, embedded media,
/// navigation, the page's header and footer, the author's address, asides (pull quotes and "read more" boxes repeat
/// or point away), dialogs, and the widget's own element. Sorted, for [`is_skipped`].
pub const SKIP: &[&str] = &[
    "ADDRESS",
    "ASIDE",
    "BUTTON",
    "CANVAS",
    "DIALOG",
    "FOOTER",
    "FORM",
    "HEADER",
    "IFRAME",
    "MENU",
    "NAV",
    "NOSCRIPT",
    "OBJECT",
    "QUOTELENS-ANNOTATOR",
    "SCRIPT",
    "SELECT",
    "STYLE",
    "SVG",
    "TEMPLATE",
    "TEXTAREA",
];

/// True for an element that starts a line ([`BLOCKS`]); `tag` in any case.
pub fn is_block(tag: &str) -> bool {
    find(BLOCKS, tag)
}

/// True for an element whose text is left out ([`SKIP`]); `tag` in any case.
pub fn is_skipped(tag: &str) -> bool {
    find(SKIP, tag)
}

/// Line breaks: they hold no text, the text after them starts a new line.
pub fn is_break(tag: &str) -> bool {
    tag.eq_ignore_ascii_case("BR") || tag.eq_ignore_ascii_case("HR")
}

fn find(list: &[&str], tag: &str) -> bool {
    // tags are short: upper-cased on the stack, no allocation per element
    let mut buf = [0u8; 24];
    let Some(upper) = buf.get_mut(..tag.len()) else { return false };
    upper.copy_from_slice(tag.as_bytes());
    upper.make_ascii_uppercase();
    let Ok(upper) = std::str::from_utf8(upper) else { return false };
    list.binary_search(&upper).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_are_sorted_upper_case_and_disjoint() {
        for list in [BLOCKS, SKIP] {
            assert!(list.windows(2).all(|w| w[0] < w[1]), "not sorted or duplicated: {list:?}");
            assert!(list.iter().all(|t| t.len() <= 24 && *t == t.to_ascii_uppercase()));
        }
        assert!(BLOCKS.iter().all(|t| !is_skipped(t)), "a tag in both lists");
    }

    #[test]
    fn article_elements_start_lines_and_page_furniture_is_left_out() {
        // every block either reader used before (the app's 13 and the widget's 29)
        for t in ["p", "H2", "li", "blockquote", "pre", "figcaption", "dt", "dd", "div", "td", "section", "br", "hr"] {
            assert!(is_block(t), "{t}");
        }
        for t in ["script", "STYLE", "nav", "header", "footer", "aside", "form", "svg", "quotelens-annotator"] {
            assert!(is_skipped(t), "{t}");
        }
        // inline elements are neither: their text joins the line they stand in
        for t in ["span", "a", "b", "em", "q", "cite", "time", "", "a-very-long-custom-element-name"] {
            assert!(!is_block(t) && !is_skipped(t), "{t}");
        }
        assert!(is_break("br") && is_break("HR") && !is_break("p"));
    }
}
