fn main() {
    // in the extraction worker (see web/src/worker.rs) there is no window and nothing to mount
    #[cfg(target_arch = "wasm32")]
    if web_sys::window().is_some() {
        quotelens_app::start();
    }
}

/// The extraction worker's entry (see `quotelens_app::worker`).
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn extract_encoded(text: &str) -> wasm_bindgen::JsValue {
    quotelens_app::worker::extract_encoded(text)
}
