//! Extraction off the page's thread. The core needs about half a second for a 1 MB article; run
//! on the page, that is half a second in which nothing responds. So the page starts a module
//! worker (`web/extract-worker.js`, copied into `dist/` by Trunk) that imports the app's own
//! JavaScript glue and instantiates the app's own WebAssembly module, handed over already
//! compiled (`wasm_bindgen::module()`): no code is downloaded or compiled twice, and the app is
//! no bigger than with extraction on the page. In the worker, `main` finds no window and mounts
//! nothing; the worker calls the binary's export `extract_encoded` ([`extract_encoded`]) and
//! posts back the extracted document as numbers and one string, which [`decode`] turns back
//! into exactly the `ReviewDoc` that `ReviewDoc::from_text` gives on the page.
//!
//! Messages: the page first posts `{glue, module}` (the glue's URL and the compiled module),
//! then `{seq, text}` per article; the worker answers `{seq, nums, roster}` or `{seq, error}`,
//! and `{init: true, error}` when it cannot start.
//!
//! Where no worker can be started (no module preload link to find the glue by, a browser
//! without module workers, the worker failing to start), extraction runs on the page as before.

use std::cell::RefCell;

use quotelens_review::codec::{decode, encode};
use quotelens_review::ReviewDoc;
use wasm_bindgen::{closure::Closure, JsCast, JsValue};

/// What the worker runs: extraction of `text`, encoded (ids, title and times are the page's).
pub fn extract_encoded(text: &str) -> JsValue {
    let (nums, roster) = encode(&ReviewDoc::from_text("", "", text, 0.0));
    js_sys::Array::of2(&js_sys::Uint32Array::from(&nums[..]), &roster.into()).into()
}

type Done = Box<dyn FnOnce(Result<ReviewDoc, String>)>;

/// One article waiting for the worker (only the latest: an earlier one's result is dropped).
struct Job {
    seq: u32,
    id: String,
    title: String,
    text: String,
    done: Done,
}

#[derive(Default)]
struct Client {
    worker: Option<web_sys::Worker>,
    /// The worker could not be started, or failed to: extract on the page from now on.
    broken: bool,
    seq: u32,
    job: Option<Job>,
}

thread_local! {
    static CLIENT: RefCell<Client> = RefCell::default();
}

fn get(v: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(v, &key.into()).unwrap_or(JsValue::UNDEFINED)
}

fn object(pairs: &[(&str, JsValue)]) -> JsValue {
    let o = js_sys::Object::new();
    for (k, v) in pairs {
        let _ = js_sys::Reflect::set(&o, &(*k).into(), v);
    }
    o.into()
}

/// The URL of the app's JavaScript glue: Trunk preloads it with a `modulepreload` link.
fn glue_url() -> Option<String> {
    let doc = web_sys::window()?.document()?;
    let link = doc.query_selector("link[rel=modulepreload][href$='.js']").ok()??;
    let href = link.get_attribute("href")?;
    web_sys::Url::new_with_base(&href, &doc.url().ok()?).ok().map(|u| u.href())
}

fn start_worker() -> Option<web_sys::Worker> {
    let glue = glue_url()?;
    let script = web_sys::Url::new_with_base("extract-worker.js", &glue).ok()?.href();
    let opts = web_sys::WorkerOptions::new();
    opts.set_type(web_sys::WorkerType::Module);
    let worker = web_sys::Worker::new_with_options(&script, &opts).ok()?;
    let on_message = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(|ev: web_sys::MessageEvent| answer(ev.data()));
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    // a worker script that cannot be loaded or run: extract on the page instead
    let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(|ev: web_sys::Event| {
        ev.prevent_default();
        give_up();
    });
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    on_error.forget();
    let init = object(&[("glue", glue.into()), ("module", wasm_bindgen::module())]);
    worker.post_message(&init).ok()?;
    Some(worker)
}

/// The worker is unusable: the waiting article is extracted on the page.
fn give_up() {
    let job = CLIENT.with_borrow_mut(|c| {
        c.broken = true;
        if let Some(w) = c.worker.take() {
            w.terminate();
        }
        c.job.take()
    });
    if let Some(job) = job {
        on_page(job);
    }
}

fn on_page(job: Job) {
    // let the page paint "extracting…" first
    leptos::prelude::set_timeout(
        move || (job.done)(Ok(ReviewDoc::from_text(job.id, job.title, job.text, crate::model::now_ms()))),
        std::time::Duration::from_millis(30),
    );
}

fn answer(data: JsValue) {
    if get(&data, "init").is_truthy() {
        give_up();
        return;
    }
    let seq = get(&data, "seq").as_f64().unwrap_or(-1.0) as u32;
    let Some(job) =
        CLIENT.with_borrow_mut(|c| if c.job.as_ref().is_some_and(|j| j.seq == seq) { c.job.take() } else { None })
    else {
        return;
    };
    let error = get(&data, "error");
    if let Some(e) = error.as_string() {
        (job.done)(Err(e));
        return;
    }
    let nums = get(&data, "nums").dyn_into::<js_sys::Uint32Array>().map(|a| a.to_vec()).unwrap_or_default();
    let roster = get(&data, "roster").as_string().unwrap_or_default();
    let doc = decode(job.id, job.title, job.text, crate::model::now_ms(), &nums, &roster);
    (job.done)(doc.ok_or_else(|| "the worker's answer could not be read".to_string()));
}

/// Extracts `text` into a new document, in the worker when there is one, and calls `done` with
/// it. Only the latest call is answered: starting another drops the one before.
pub fn extract(id: String, title: String, text: String, done: impl FnOnce(Result<ReviewDoc, String>) + 'static) {
    let done: Done = Box::new(done);
    let (seq, worker) = CLIENT.with_borrow_mut(|c| {
        if c.worker.is_none() && !c.broken {
            c.worker = start_worker();
            c.broken = c.worker.is_none();
        }
        c.seq = c.seq.wrapping_add(1);
        c.job = None;
        (c.seq, c.worker.clone())
    });
    let Some(worker) = worker else {
        on_page(Job { seq, id, title, text, done });
        return;
    };
    let message = object(&[("seq", seq.into()), ("text", text.as_str().into())]);
    CLIENT.with_borrow_mut(|c| c.job = Some(Job { seq, id, title, text, done }));
    if worker.post_message(&message).is_err() {
        give_up();
    }
}
