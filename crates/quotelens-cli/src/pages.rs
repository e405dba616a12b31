//! The allocator: the system's, with large blocks on huge pages (Linux only).
//!
//! A process that reads a 4 MB article takes a page fault for every 4 KB it touches the first
//! time: the input buffer, the offset index, the annotations. On PolNeAR text that was 3,400
//! faults, about 5 % of `extract`'s wall-clock time. Blocks of [`LARGE`] bytes or more are
//! therefore given whole, aligned 2 MB pages and marked `MADV_HUGEPAGE`: where the kernel has
//! transparent huge pages (`madvise` mode is the common default) one fault maps 2 MB. Where it
//! has none, or the advice fails, the block is an ordinary one and nothing else changes.
//!
//! Who owns a block follows from its layout alone: a large one is the C library's
//! (`posix_memalign`, `realloc`, `free`), a small one goes to [`System`] untouched. A large
//! block grows with the C library's `realloc`, which moves an `mmap`ed block's pages instead
//! of copying them: grown by a fresh block and a copy, a vector that reaches 40 MB was held
//! twice, and the peak memory of 10 MB of hostile text went from 105 MB to 145 MB.

use std::alloc::{GlobalAlloc, Layout, System};
use std::ffi::{c_int, c_void};

/// A huge page on x86-64 and on most arm64 kernels.
const HUGE: usize = 2 << 20;
/// Blocks from this size on are rounded up to whole huge pages (at most half of one wasted,
/// and that never touched).
const LARGE: usize = 1 << 20;
/// The alignment `malloc` and `realloc` give every block on 64-bit Linux.
const MALLOC_ALIGN: usize = 16;

pub struct HugePages;

unsafe extern "C" {
    fn posix_memalign(out: *mut *mut c_void, align: usize, size: usize) -> c_int;
    fn realloc(ptr: *mut c_void, size: usize) -> *mut c_void;
    fn free(ptr: *mut c_void);
    fn madvise(addr: *mut c_void, len: usize, advice: c_int) -> c_int;
}

/// Fixes the C library's `mmap` threshold at [`LARGE`]: every large block gets a mapping of
/// its own, returned to the system when freed. Left to adjust itself, the threshold rises to
/// the size of each mapped block freed, and later large blocks were cut from the heap, where
/// freed memory stays with the process.
pub fn init() {
    const M_MMAP_THRESHOLD: c_int = -3;
    unsafe extern "C" {
        fn mallopt(param: c_int, value: c_int) -> c_int;
    }
    // SAFETY: a setting of the allocator, made before any large block exists
    unsafe { mallopt(M_MMAP_THRESHOLD, LARGE as c_int) };
}

/// The size a large block is really allocated with: whole huge pages, so that every one of
/// them can lie inside the mapping and be backed by one huge page. `None` for a small block
/// (or one too large to round).
fn huge(size: usize) -> Option<usize> {
    if size < LARGE {
        return None;
    }
    size.checked_next_multiple_of(HUGE).filter(|&s| s <= isize::MAX as usize)
}

/// Marks the whole pages of `ptr..ptr + len` for huge pages. Advice changes how pages are
/// backed, never their contents; a failure (no THP, another page size) leaves small pages.
fn advise(ptr: *mut u8, len: usize) {
    const MADV_HUGEPAGE: c_int = 14;
    const PAGE: usize = 4096;
    let start = (ptr as usize).next_multiple_of(PAGE);
    let end = (ptr as usize + len) / PAGE * PAGE;
    if end > start {
        // SAFETY: the range lies inside a block the caller owns
        unsafe { madvise(start as *mut c_void, end - start, MADV_HUGEPAGE) };
    }
}

/// A large block of `size` (a multiple of `HUGE`) aligned to `align`, or null.
fn alloc_large(size: usize, align: usize) -> *mut u8 {
    let mut out = std::ptr::null_mut();
    // SAFETY: `out` is a valid place for the pointer; the alignment is a power of two and a
    // multiple of the pointer size
    if unsafe { posix_memalign(&mut out, align.max(HUGE), size) } != 0 {
        return std::ptr::null_mut();
    }
    advise(out.cast(), size);
    out.cast()
}

// SAFETY: a block is allocated, grown and freed by one owner, chosen by its layout's size
// (`huge`): `System` for small blocks, the C library for large ones. Every pointer returned
// is aligned as its layout asks (`posix_memalign` at 2 MB or more; `realloc` only when the
// layout asks for no more than `malloc` gives) and holds at least `layout.size()` bytes.
unsafe impl GlobalAlloc for HugePages {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        match huge(layout.size()) {
            None => unsafe { System.alloc(layout) },
            Some(size) => alloc_large(size, layout.align()),
        }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if huge(layout.size()).is_none() {
            return unsafe { System.alloc_zeroed(layout) };
        }
        // only the bytes asked for: zeroing the rounding too would touch pages never used
        let ptr = unsafe { self.alloc(layout) };
        if !ptr.is_null() {
            unsafe { ptr.write_bytes(0, layout.size()) };
        }
        ptr
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        match huge(layout.size()) {
            None => unsafe { System.dealloc(ptr, layout) },
            Some(_) => unsafe { free(ptr.cast()) },
        }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        match (huge(layout.size()), huge(new_size)) {
            (None, None) => unsafe { System.realloc(ptr, layout, new_size) },
            // the same pages hold it
            (Some(old), Some(size)) if size == old => ptr,
            (Some(_), Some(size)) if layout.align() <= MALLOC_ALIGN => {
                let moved: *mut u8 = unsafe { realloc(ptr.cast(), size) }.cast();
                if !moved.is_null() {
                    advise(moved, size);
                }
                moved
            }
            // from one owner to the other (or a large alignment): a new block and a copy
            _ => {
                // SAFETY (of the layout): the caller guarantees `new_size`, rounded to the
                // alignment, does not overflow `isize`
                let new = unsafe { Layout::from_size_align_unchecked(new_size, layout.align()) };
                let fresh = unsafe { self.alloc(new) };
                if !fresh.is_null() {
                    unsafe {
                        std::ptr::copy_nonoverlapping(ptr, fresh, layout.size().min(new_size));
                        self.dealloc(ptr, layout);
                    }
                }
                fresh
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SIZES: [usize; 7] = [1, 4096, LARGE - 1, LARGE, HUGE + 1, 3 * HUGE - 5, 5 * HUGE];

    /// Writes a pattern of `seed` over `len` bytes at `ptr` (every 509th byte and the last:
    /// each page is touched), and checks the first `len` bytes of one written so.
    fn fill(ptr: *mut u8, len: usize, seed: usize) {
        for i in (0..len).step_by(509).chain(len.checked_sub(1)) {
            unsafe { *ptr.add(i) = (i ^ seed) as u8 };
        }
    }

    fn holds(ptr: *const u8, len: usize, seed: usize) -> bool {
        (0..len).step_by(509).all(|i| unsafe { *ptr.add(i) } == (i ^ seed) as u8)
    }

    #[test]
    fn large_blocks_are_whole_aligned_huge_pages() {
        for size in SIZES {
            let layout = Layout::from_size_align(size, 8).unwrap();
            match huge(size) {
                None => assert!(size < LARGE),
                Some(big) => {
                    assert!(size >= LARGE && big >= size && big % HUGE == 0);
                    assert!(big - size < HUGE, "{size}: more than a page of rounding");
                }
            }
            let ptr = unsafe { HugePages.alloc(layout) };
            assert!(!ptr.is_null());
            assert_eq!(ptr as usize % if size >= LARGE { HUGE } else { 8 }, 0, "{size}");
            fill(ptr, size, size);
            assert!(holds(ptr, size, size));
            unsafe { HugePages.dealloc(ptr, layout) };
        }
        // a larger alignment than a huge page is kept
        let layout = Layout::from_size_align(LARGE, 2 * HUGE).unwrap();
        let ptr = unsafe { HugePages.alloc(layout) };
        assert_eq!(ptr as usize % (2 * HUGE), 0);
        unsafe { HugePages.dealloc(ptr, layout) };
        // a size that cannot be rounded is left to the system, at allocation and at freeing
        assert_eq!(huge(isize::MAX as usize - 64), None);
    }

    #[test]
    fn zeroed_blocks_are_zero_in_every_byte_asked_for() {
        for size in SIZES {
            let layout = Layout::from_size_align(size, 16).unwrap();
            let ptr = unsafe { HugePages.alloc_zeroed(layout) };
            assert!(!ptr.is_null());
            assert!(unsafe { std::slice::from_raw_parts(ptr, size) }.iter().all(|&b| b == 0), "{size}");
            unsafe { HugePages.dealloc(ptr, layout) };
        }
    }

    #[test]
    fn realloc_keeps_the_contents_across_every_size_class() {
        // (an alignment above malloc's takes the way of a new block and a copy)
        for align in [8, 64] {
            for from in SIZES {
                for to in SIZES {
                    let layout = Layout::from_size_align(from, align).unwrap();
                    let ptr = unsafe { HugePages.alloc(layout) };
                    fill(ptr, from, from + to);
                    let moved = unsafe { HugePages.realloc(ptr, layout, to) };
                    assert!(!moved.is_null());
                    assert_eq!(moved as usize % align, 0, "{from} -> {to}");
                    assert!(holds(moved, from.min(to), from + to), "{from} -> {to}");
                    // the new block is all usable, and freed with its new layout
                    fill(moved, to, to);
                    assert!(holds(moved, to, to));
                    unsafe { HugePages.dealloc(moved, Layout::from_size_align(to, align).unwrap()) };
                }
            }
        }
    }
}
