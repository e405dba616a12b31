//! Files in and out of the browser: downloads (the shared `quotelens_dom::files`), file
//! names, and reading files the reader picks or drops.

pub use quotelens_dom::files::{download, js_error};

/// A file name made from a title: letters, digits and dashes only.
pub fn file_stem(title: &str) -> String {
    let mut s: String = title
        .chars()
        .map(|c| if c.is_alphanumeric() { c.to_ascii_lowercase() } else { '-' })
        .collect::<String>()
        .split('-')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    s.truncate(60);
    if s.is_empty() {
        "quotelens".into()
    } else {
        s
    }
}

/// Reads a file as text (UTF-8).
pub async fn read_text(file: &web_sys::File) -> Result<String, String> {
    let v = wasm_bindgen_futures::JsFuture::from(file.text()).await.map_err(|e| js_error(&e))?;
    v.as_string().ok_or_else(|| "the file is not text".into())
}
