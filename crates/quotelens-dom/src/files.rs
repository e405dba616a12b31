//! Downloads made from strings: a Blob and an object URL, nothing leaves the machine.

use wasm_bindgen::JsCast;

/// What a browser error says: its message (rather than JsValue's Debug form).
pub fn js_error(e: &wasm_bindgen::JsValue) -> String {
    e.dyn_ref::<js_sys::Error>()
        .map(|x| String::from(x.message()))
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "unknown error".into())
}

/// Offers `content` as a file download.
pub fn download(filename: &str, mime: &str, content: &str) -> Result<(), String> {
    let parts = js_sys::Array::of1(&content.into());
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts).map_err(|e| js_error(&e))?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(|e| js_error(&e))?;
    // a link in no document: its click reaches no listener (in the widget's shadow root it
    // reached the panel's own click handler while that was running), and the page is untouched
    let a = crate::build::b("a").a("href", &url).a("download", filename).0;
    if let Some(a) = a.dyn_ref::<web_sys::HtmlElement>() {
        a.click();
    }
    let _ = web_sys::Url::revoke_object_url(&url);
    Ok(())
}
