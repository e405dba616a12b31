//! The Quotelens annotator: a Leptos app (client-side rendered) that runs the extraction core in
//! the browser and keeps everything in the browser's storage. It renders, stores and edits;
//! extraction lives in `quotelens-extract`, the review model and formats in `quotelens-review`.
#![cfg(target_arch = "wasm32")]

pub mod act;
pub mod app;
pub mod components;
pub mod dialog;
pub mod files;
pub mod focus;
pub mod io;
pub mod model;
pub mod state;
pub mod storage;
pub mod worker;

/// Mounts the app on the page's body.
pub fn start() {
    leptos::mount::mount_to_body(app::App);
}
