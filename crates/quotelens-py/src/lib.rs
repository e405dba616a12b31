//! `quotelens._native`: the extraction core for Python (the `quotelens` package in `python/`).
//!
//! Every result is the JSON text of [`write_article`], the writer `quotelens extract` and
//! `quotelens batch` print with, or the same records as Arrow columns ([`columns`], which the
//! core's walk feeds as it feeds that writer), so Python, Spark and Dask see the command line's
//! output by construction. Python turns the JSON into dicts (`json.loads`) and the columns
//! into `pyarrow` arrays.

mod columns;

use std::sync::atomic::{AtomicUsize, Ordering};

use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::pybacked::PyBackedStr;
use pyo3::types::{PyBytes, PyDict, PyString};
use quotelens_extract::offsets::Unit;
use quotelens_extract::{export, extract};

/// Appends one article's annotation JSON (one line, no newline) to `out`. The only place the
/// bindings call the core's writer, so re-pointing it (say, to a streaming writer) is one edit.
fn write_article(text: &str, unit: Unit, out: &mut Vec<u8>) {
    let doc = extract(text);
    // the streaming writer `extract` and `batch` print with: no JSON tree held in memory
    export::write_json(out, text, &doc, unit, None).expect("writing JSON into memory cannot fail");
}

fn parse_unit(unit: &str) -> PyResult<Unit> {
    Unit::parse(unit).ok_or_else(|| PyValueError::new_err(format!("unknown unit {unit:?} (utf16, char or byte)")))
}

/// A Python `str` as UTF-8 the threads can share, or a clear error naming `what`.
fn text_of(obj: &Bound<'_, PyAny>, what: &str) -> PyResult<PyBackedStr> {
    let s = obj.cast::<PyString>().map_err(|_| {
        let ty = obj.get_type().name().map_or_else(|_| "?".into(), |n| n.to_string());
        PyTypeError::new_err(format!("{what} must be a str, not {ty}"))
    })?;
    PyBackedStr::try_from(s.to_owned())
        .map_err(|e| PyValueError::new_err(format!("{what} is not valid Unicode text (it cannot be UTF-8): {e}")))
}

/// The texts of a list (or any iterable but a single string); `None` stays `None`.
fn texts_of(texts: &Bound<'_, PyAny>) -> PyResult<Vec<Option<PyBackedStr>>> {
    if texts.is_instance_of::<PyString>() {
        return Err(PyTypeError::new_err("texts must be a list of str (or None), not one str"));
    }
    let items = texts.try_iter().map_err(|_| {
        let ty = texts.get_type().name().map_or_else(|_| "?".into(), |n| n.to_string());
        PyTypeError::new_err(format!("texts must be a list of str (or None), not {ty}"))
    })?;
    items
        .enumerate()
        .map(|(i, item)| {
            let item = item?;
            if item.is_none() {
                Ok(None)
            } else {
                text_of(&item, &format!("texts[{i}]")).map(Some)
            }
        })
        .collect()
}

/// Threads to use: `threads` if given (at least 1), else every core.
fn thread_count(threads: Option<usize>, items: usize) -> usize {
    let all = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    threads.unwrap_or(all).max(1).min(items.max(1))
}

/// `each` of every text (`None` for `None`), in order, on `threads` threads. Articles vary a lot
/// in length, so threads take the next article from a shared counter rather than fixed slices.
fn map_texts<T: Send>(
    texts: &[Option<PyBackedStr>],
    threads: usize,
    each: impl Fn(&str) -> T + Sync,
) -> Vec<Option<T>> {
    let next = AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(text) = texts.get(i) else { return done };
            done.push((i, text.as_deref().map(&each)));
        }
    };
    let parts: Vec<Vec<(usize, Option<T>)>> = if threads <= 1 {
        vec![work()]
    } else {
        std::thread::scope(|s| {
            let handles: Vec<_> = (0..threads).map(|_| s.spawn(work)).collect();
            handles.into_iter().map(|h| h.join().expect("extraction thread panicked")).collect()
        })
    };
    let mut results: Vec<Option<T>> = Vec::with_capacity(texts.len());
    results.resize_with(texts.len(), || None);
    for (i, r) in parts.into_iter().flatten() {
        results[i] = r;
    }
    results
}

/// One text's JSON, as `quotelens extract` writes it.
fn json_of(text: &str, unit: Unit) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len() / 2 + 256);
    write_article(text, unit, &mut out);
    out
}

fn utf8(json: Vec<u8>) -> String {
    String::from_utf8(json).expect("the JSON writer writes UTF-8")
}

/// The annotation JSON of one text, exactly as `quotelens extract` prints it for that text.
#[pyfunction]
#[pyo3(signature = (text, unit = "utf16"))]
fn extract_json(py: Python<'_>, text: &Bound<'_, PyAny>, unit: &str) -> PyResult<String> {
    let unit = parse_unit(unit)?;
    let text = text_of(text, "text")?;
    Ok(py.detach(|| utf8(json_of(&text, unit))))
}

/// The annotation JSON of every text (`None` for `None`), in order, using `threads` threads
/// (default: every core) with the GIL released.
#[pyfunction]
#[pyo3(signature = (texts, unit = "utf16", threads = None))]
fn extract_many_json(
    py: Python<'_>,
    texts: &Bound<'_, PyAny>,
    unit: &str,
    threads: Option<usize>,
) -> PyResult<Vec<Option<String>>> {
    let unit = parse_unit(unit)?;
    let texts = texts_of(texts)?;
    let threads = thread_count(threads, texts.len());
    Ok(py.detach(|| map_texts(&texts, threads, |t| utf8(json_of(t, unit)))))
}

/// The output of every text as Arrow buffers, by name (see `columns`): one row per text, in
/// order, a `None` text a row of nulls. `quotelens.arrow` wraps them into a table.
#[pyfunction]
#[pyo3(signature = (texts, unit = "utf16", threads = None))]
fn extract_columns<'py>(
    py: Python<'py>,
    texts: &Bound<'py, PyAny>,
    unit: &str,
    threads: Option<usize>,
) -> PyResult<Bound<'py, PyDict>> {
    let unit = parse_unit(unit)?;
    let texts = texts_of(texts)?;
    let threads = thread_count(threads, texts.len());
    let buffers = py.detach(|| -> Result<_, String> {
        let mut cols = columns::Columns::default();
        let fail = |i: usize, e: std::io::Error| format!("texts[{i}]: {e}");
        if threads == 1 {
            // one at a time: no document is held past its row
            for (i, t) in texts.iter().enumerate() {
                let doc = t.as_deref().map(|t| (t, extract(t)));
                cols.push(doc.as_ref().map(|(t, d)| (*t, d)), unit).map_err(|e| fail(i, e))?;
            }
        } else {
            for (i, (t, doc)) in texts.iter().zip(map_texts(&texts, threads, extract)).enumerate() {
                cols.push(t.as_deref().zip(doc.as_ref()), unit).map_err(|e| fail(i, e))?;
            }
        }
        Ok(cols.into_buffers())
    });
    let buffers = buffers.map_err(PyValueError::new_err)?;
    let out = PyDict::new(py);
    for (name, bytes) in buffers {
        out.set_item(name, PyBytes::new(py, &bytes))?;
    }
    Ok(out)
}

#[pymodule]
#[pyo3(name = "_native")]
fn quotelens_native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(extract_json, m)?)?;
    m.add_function(wrap_pyfunction!(extract_many_json, m)?)?;
    m.add_function(wrap_pyfunction!(extract_columns, m)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
