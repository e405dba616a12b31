//! WebAssembly exports for timing the core in a browser, with no JS glue and no wasm-bindgen:
//! the page writes UTF-8 into memory from `ql_alloc`, calls `ql_extract`, and frees with `ql_free`.

use quotelens_extract::extract;

/// A buffer of `len` bytes in the module's memory, for the page to write the text into.
#[no_mangle]
pub extern "C" fn ql_alloc(len: usize) -> *mut u8 {
    let mut v = Vec::<u8>::with_capacity(len.max(1));
    let p = v.as_mut_ptr();
    std::mem::forget(v);
    p
}

/// Frees a buffer from `ql_alloc(len)`.
///
/// # Safety
/// `ptr` must come from `ql_alloc` with the same `len`, and be freed once.
#[no_mangle]
pub unsafe extern "C" fn ql_free(ptr: *mut u8, len: usize) {
    drop(Vec::from_raw_parts(ptr, 0, len.max(1)));
}

/// Extracts from the UTF-8 text at `ptr..ptr+len`; returns the number of annotations, or
/// `u32::MAX` when the bytes are not UTF-8.
///
/// # Safety
/// `ptr..ptr+len` must be initialised memory of this module.
#[no_mangle]
pub unsafe extern "C" fn ql_extract(ptr: *const u8, len: usize) -> u32 {
    let bytes = std::slice::from_raw_parts(ptr, len);
    match std::str::from_utf8(bytes) {
        Ok(text) => extract(text).annotations.len() as u32,
        Err(_) => u32::MAX,
    }
}
