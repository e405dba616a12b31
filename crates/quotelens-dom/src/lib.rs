//! DOM work shared by the Quotelens app (`web/`) and widget (`web/widget/`), so that they only
//! render and store:
//!
//! - [`tags`]: the one list of elements that start a line and the one list of elements whose
//!   text is never article text;
//! - [`lines`]: the article's text built from its text nodes, a newline between blocks, with
//!   every node's place in it (pure, tested natively);
//! - [`act`]: what a button does, typed, written to and read from its `data-act`, and
//!   [`actions!`], which declares each UI's own actions the same way;
//! - `text` (browser): [`lines`] over a live element ([`text::TextMap`], the widget's map
//!   from text offsets to nodes) or over an HTML file ([`text::article_text`], the app's import);
//! - `build` (browser): a small builder of plain elements (text always as text nodes);
//! - `files` (browser): a string offered as a download.

pub mod act;
pub mod lines;
pub mod tags;

#[cfg(target_arch = "wasm32")]
pub mod build;
#[cfg(target_arch = "wasm32")]
pub mod files;
#[cfg(target_arch = "wasm32")]
pub mod text;
