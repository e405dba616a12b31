//! Sorting through one non-generic merge sort. Every `sort_by`/`sort_by_key`/`sort_unstable`
//! call site instantiates the standard library's whole sort (2 to 4 KB of WebAssembly) for its
//! element and closure types; the widget had seven (18 KB). Here [`order`] sorts indices
//! through a `dyn` comparison, once for every caller, and the typed wrappers only move the
//! items into that order. The lists are short (tens to thousands), so the indirect calls
//! cost nothing measurable.

use std::cmp::Ordering;

/// The indices `0..n` in the order `less(i, j)` (`i` goes before `j`) gives, stably: a
/// bottom-up merge sort that skips merging runs already in order (most lists come sorted).
#[inline(never)]
pub fn order(n: usize, less: &dyn Fn(usize, usize) -> bool) -> Vec<usize> {
    let mut a: Vec<usize> = (0..n).collect();
    let mut b = a.clone();
    let mut width = 1;
    while width < n {
        let mut lo = 0;
        while lo < n {
            let mid = (lo + width).min(n);
            let hi = (lo + 2 * width).min(n);
            if mid == hi || !less(a[mid], a[mid - 1]) {
                b[lo..hi].copy_from_slice(&a[lo..hi]);
            } else {
                let (mut i, mut j) = (lo, mid);
                for slot in &mut b[lo..hi] {
                    // the left item goes first on a tie: stable
                    if i < mid && (j == hi || !less(a[j], a[i])) {
                        *slot = a[i];
                        i += 1;
                    } else {
                        *slot = a[j];
                        j += 1;
                    }
                }
            }
            lo = hi;
        }
        std::mem::swap(&mut a, &mut b);
        width *= 2;
    }
    a
}

/// Puts the items of `v` in the order of `idx` (a permutation of its indices): the item at
/// `idx[k]` goes to slot `k`. In place, one cycle of the permutation at a time, so a long list
/// is neither copied nor allocated again.
fn permute<T>(v: &mut [T], idx: &[usize]) {
    // most lists come sorted: then nothing moves (a 10 MB text has 300,000 annotations)
    if idx.iter().enumerate().all(|(at, &i)| at == i) {
        return;
    }
    let mut placed = vec![false; idx.len()];
    for start in 0..idx.len() {
        // slot `at` holds what `start` held; it takes its item, and its old one moves on
        let mut at = start;
        while !placed[at] {
            placed[at] = true;
            let from = idx[at];
            if from == start {
                break;
            }
            v.swap(at, from);
            at = from;
        }
    }
}

/// Sorts `v` by `cmp`, stably (as `sort_by`).
pub fn sort_by<T>(v: &mut [T], cmp: impl Fn(&T, &T) -> Ordering) {
    let idx = order(v.len(), &|i, j| cmp(&v[i], &v[j]) == Ordering::Less);
    permute(v, &idx);
}

/// Sorts `v` by `key`, stably, computing each key once.
pub fn by_key<T>(v: &mut [T], key: impl Fn(&T) -> (u64, u64)) {
    let keys: Vec<(u64, u64)> = v.iter().map(key).collect();
    if keys.is_sorted() {
        return; // (already in order, as most lists come: no index lists made)
    }
    let idx = order(v.len(), &|i, j| keys[i] < keys[j]);
    permute(v, &idx);
}

/// Sorts numbers (as `sort_unstable`, which for numbers is the same result).
pub fn numbers(v: &mut [usize]) {
    if v.is_sorted() {
        return; // (the common case, and no allocation)
    }
    let idx = order(v.len(), &|i, j| v[i] < v[j]);
    let sorted: Vec<usize> = idx.iter().map(|&i| v[i]).collect();
    v.copy_from_slice(&sorted);
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
    fn the_sorts_are_stable() {
        let mut v = vec![(3, 'a'), (1, 'b'), (3, 'c'), (2, 'd'), (1, 'e')];
        let mut w = v.clone();
        let mut x = v.clone();
        by_key(&mut v, |x| (x.0, 0));
        assert_eq!(v, vec![(1, 'b'), (1, 'e'), (2, 'd'), (3, 'a'), (3, 'c')]);
        short_by(&mut w, |a, b| a.0 > b.0);
        assert_eq!(w, vec![(3, 'a'), (3, 'c'), (2, 'd'), (1, 'b'), (1, 'e')]);
        sort_by(&mut x, |a, b| b.0.cmp(&a.0));
        assert_eq!(x, vec![(3, 'a'), (3, 'c'), (2, 'd'), (1, 'b'), (1, 'e')]);
    }

    #[test]
    fn sorts_as_the_standard_library_at_every_length() {
        // a pseudo-random list with many ties, every length up to 300 (odd tails, runs)
        let mut seed = 12345u64;
        let all: Vec<(u64, usize)> = (0..300)
            .map(|i| {
                seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                (seed >> 60, i)
            })
            .collect();
        for n in 0..all.len() {
            let mut ours = all[..n].to_vec();
            let mut std = ours.clone();
            sort_by(&mut ours, |a, b| a.0.cmp(&b.0));
            std.sort_by_key(|a| a.0);
            assert_eq!(ours, std, "{n}");
            let mut nums: Vec<usize> = all[..n].iter().map(|x| x.0 as usize * 1000 + x.1 % 7).collect();
            let mut want = nums.clone();
            numbers(&mut nums);
            want.sort_unstable();
            assert_eq!(nums, want);
        }
    }
}
