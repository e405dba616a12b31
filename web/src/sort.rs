//! Sorting through one instance of the standard library's sort. Every `sort_by`/`sort_by_key`
//! call site instantiates the whole stable sort (about 4 KB of WebAssembly) for its closure
//! type; the app had six. Here the long lists sort `(u64, u64, u32)` keys, and the short ones
//! (roster, library) take an insertion sort.

/// Sorts `v` by `key`, stably (equal keys keep their order).
pub fn by_key<T>(v: &mut Vec<T>, key: impl Fn(&T) -> (u64, u64)) {
    let mut keys: Vec<(u64, u64, u32)> = v
        .iter()
        .enumerate()
        .map(|(i, x)| {
            let (a, b) = key(x);
            (a, b, i as u32)
        })
        .collect();
    keys.sort_unstable();
    let mut slots: Vec<Option<T>> = std::mem::take(v).into_iter().map(Some).collect();
    v.extend(keys.iter().filter_map(|k| slots[k.2 as usize].take()));
}

/// Sorts a short list (tens or hundreds of items) stably: `less(a, b)` says `a` goes first.
pub fn short_by<T>(v: &mut [T], less: impl Fn(&T, &T) -> bool) {
    for i in 1..v.len() {
        let mut j = i;
        while j > 0 && less(&v[j], &v[j - 1]) {
            v.swap(j, j - 1);
            j -= 1;
        }
    }
}
