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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_sorts_are_stable() {
        let mut v = vec![(3, 'a'), (1, 'b'), (3, 'c'), (2, 'd'), (1, 'e')];
        let mut w = v.clone();
        by_key(&mut v, |x| (x.0, 0));
        assert_eq!(v, vec![(1, 'b'), (1, 'e'), (2, 'd'), (3, 'a'), (3, 'c')]);
        short_by(&mut w, |a, b| a.0 > b.0);
        assert_eq!(w, vec![(3, 'a'), (3, 'c'), (2, 'd'), (1, 'b'), (1, 'e')]);
    }
}
