//! Quotelens review: what a reader does with the extraction's proposals.
//!
//! - [`ReviewDoc`] (module `document`): the text, a roster of speakers and the annotations a
//!   reader accepts, rejects, corrects and annotates, changed only through [`ReviewDoc::apply`]
//!   so that every edit can be undone;
//! - [`anchor`]: one policy for placing annotations on a text that changed (reload, import,
//!   a widget's host page edited under it);
//! - [`formats`]: the native JSON, W3C Web Annotation (JSON-LD) and CSV, read and written;
//! - [`merge`]: two tabs' edits of one document merged field by field;
//! - [`layout`]: the article cut into runs at annotation boundaries, for drawing;
//! - [`codec`]: an extracted document as numbers and one string, for the app's worker;
//! - [`sort`]: one stable sort by integer keys (each `sort_by` site costs the wasm its own copy).
//!
//! Extraction lives in `quotelens-extract`; this crate only turns its output into a document
//! a person reviews. Nothing here touches the DOM, so the app's and the widget's logic is
//! tested natively.

pub mod anchor;
pub mod codec;
mod document;
pub mod formats;
pub mod layout;
pub mod merge;
// (the shared sort lives with the extraction, which sorts too)
pub use quotelens_extract::sort;

pub use document::*;
