//! The allocator: large blocks as mappings of their own on huge pages, small ones as
//! [`small_blocks`] or the C library gives them (Linux only).
//!
//! A process that reads a 4 MB article takes a page fault for every 4 KB it touches the first
//! time: the input buffer, the offset index, the annotations. On PolNeAR text that was 3,400
//! faults, about 5 % of `extract`'s wall-clock time. Blocks of [`LARGE`] bytes or more are
//! therefore given whole, aligned 2 MB pages and marked `MADV_HUGEPAGE`: where the kernel has
//! transparent huge pages (`madvise` mode is the common default) one fault maps 2 MB. Where it
//! has none, or the advice fails, the block is an ordinary one and nothing else changes.
//!
//! Who owns a block follows from its layout and address: a large one is a mapping of its
//! own (`mmap`, `mremap`, `munmap`), a small one is the calling thread's region of
//! [`small_blocks`] where it has one, and the C library's ([`System`]) otherwise. A large
//! block grows by `mremap`, which moves its pages instead of copying them (in place where the
//! address space after it is free, else onto a new aligned place): grown by a fresh block
//! and a copy, a vector that reaches 40 MB was held twice, and the peak memory of 10 MB of
//! hostile text went from 105 MB to 145 MB. The mapping is exactly the block, marked whole:
//! `mremap` refuses a range that spans two mappings, and a C library block marked in its
//! middle is three (that made every `realloc` a copy onto ordinary pages, 19,000 page
//! faults on 10 MB of text).

use std::alloc::{GlobalAlloc, Layout, System};
use std::ffi::{c_int, c_long, c_void};
use std::ptr::null_mut;

use crate::small_blocks;

/// A huge page on x86-64 and on most arm64 kernels.
pub const HUGE: usize = 2 << 20;
/// Blocks from this size on are rounded up to whole huge pages (at most half of one wasted,
/// and that never touched).
const LARGE: usize = 1 << 20;

pub struct HugePages;

unsafe extern "C" {
    fn mmap(addr: *mut c_void, len: usize, prot: c_int, flags: c_int, fd: c_int, off: c_long) -> *mut c_void;
    fn mremap(old: *mut c_void, old_len: usize, new_len: usize, flags: c_int, ...) -> *mut c_void;
    fn munmap(addr: *mut c_void, len: usize) -> c_int;
    fn madvise(addr: *mut c_void, len: usize, advice: c_int) -> c_int;
}

const MAP_FAILED: usize = usize::MAX;

/// Fixes the C library's `mmap` threshold at [`LARGE`]: the blocks it is given (all under
/// that) stay on its heap, instead of a mapping each from 128 KB on until the threshold has
/// adjusted itself to the blocks freed.
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

/// Marks `len` bytes from `ptr` (a mapping of its own) for huge pages. Advice changes how
/// pages are backed, never their contents; a failure (no THP, another page size) leaves small
/// pages.
fn advise(ptr: *mut u8, len: usize) {
    const MADV_HUGEPAGE: c_int = 14;
    // SAFETY: the range is a mapping the caller owns
    unsafe { madvise(ptr.cast(), len, MADV_HUGEPAGE) };
}

/// A new mapping of `size` bytes (a multiple of [`HUGE`]) at an address aligned to `align`
/// (a power of two, at least `HUGE`), marked for huge pages; null if there is no memory.
/// Fresh from the system, its bytes are zero.
fn map(size: usize, align: usize) -> *mut u8 {
    map_with(size, align, 0)
}

/// [`map`] for address space to be used little by little (`MAP_NORESERVE`: not counted
/// against the memory the system may promise until touched).
pub fn reserve(size: usize, align: usize) -> *mut u8 {
    const MAP_NORESERVE: c_int = 0x4000;
    map_with(size, align, MAP_NORESERVE)
}

fn map_with(size: usize, align: usize, flags: c_int) -> *mut u8 {
    const PROT_READ_WRITE: c_int = 0x1 | 0x2;
    const MAP_PRIVATE_ANONYMOUS: c_int = 0x02 | 0x20;
    let Some(len) = size.checked_add(align) else { return null_mut() };
    // SAFETY: a fresh anonymous mapping, nobody else's memory
    let at = unsafe { mmap(null_mut(), len, PROT_READ_WRITE, MAP_PRIVATE_ANONYMOUS | flags, -1, 0) };
    if at as usize == MAP_FAILED {
        return null_mut();
    }
    // the aligned part is kept, what lies before and after it is given back
    let start = (at as usize).next_multiple_of(align);
    let (head, tail) = (start - at as usize, len - (start - at as usize) - size);
    // SAFETY: both ranges are parts of the mapping just made, outside the block
    unsafe {
        if head > 0 {
            munmap(at, head);
        }
        if tail > 0 {
            munmap((start + size) as *mut c_void, tail);
        }
    }
    advise(start as *mut u8, size);
    start as *mut u8
}

/// Unmaps a large block of `size` (as [`huge`] rounded it), or a reservation.
///
/// # Safety
/// `ptr..ptr + size` is a block made by [`map`] or [`reserve`] and no longer used.
pub unsafe fn unmap(ptr: *mut u8, size: usize) {
    unsafe { munmap(ptr.cast(), size) };
}

/// A large block grown or shrunk from `old` to `new` bytes (both rounded by [`huge`]), its
/// contents kept: the same pages, moved if they must be; null (and the block untouched) if
/// there is no memory.
///
/// # Safety
/// `ptr..ptr + old` is a live block made by [`map`] with an alignment of at most [`HUGE`].
unsafe fn remap(ptr: *mut u8, old: usize, new: usize) -> *mut u8 {
    const MREMAP_MAYMOVE: c_int = 1;
    const MREMAP_FIXED: c_int = 2;
    if new <= old {
        // SAFETY: the end of the block, no longer part of it
        unsafe { unmap(ptr.add(new), old - new) };
        return ptr;
    }
    // in place, where the addresses after the block are free (the new part keeps the mark)
    // SAFETY: the block is one whole mapping
    if unsafe { mremap(ptr.cast(), old, new, 0) } as usize != MAP_FAILED {
        return ptr;
    }
    // else onto a new aligned place, which the move replaces: the pages move, not the bytes
    let to = map(new, HUGE);
    if to.is_null() {
        return null_mut();
    }
    // SAFETY: the block is one whole mapping; `to..to + new` is a mapping of ours to replace
    let moved = unsafe { mremap(ptr.cast(), old, new, MREMAP_MAYMOVE | MREMAP_FIXED, to.cast::<c_void>()) };
    if moved as usize == MAP_FAILED {
        // SAFETY: the new place, unused; the block is left as it was
        unsafe { unmap(to, new) };
        return null_mut();
    }
    to
}

// SAFETY: a block is allocated, grown and freed by one owner, chosen by its layout's size
// (`huge`) and, for a small one, its address: a mapping of its own for a large block, the
// thread's region or `System` for a small one. Every pointer returned is aligned as its
// layout asks (a mapping at `HUGE` or more, `remap` only for an alignment of at most that,
// the region at 16 and only for layouts asking no more) and holds `layout.size()` bytes.
unsafe impl GlobalAlloc for HugePages {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        match huge(layout.size()) {
            None => match small_blocks::alloc(layout) {
                p if p.is_null() => unsafe { System.alloc(layout) },
                p => p,
            },
            Some(size) => map(size, layout.align().max(HUGE)),
        }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if huge(layout.size()).is_none() {
            return match small_blocks::alloc(layout) {
                p if p.is_null() => unsafe { System.alloc_zeroed(layout) },
                // a block of the region may have been used before
                p => unsafe {
                    p.write_bytes(0, layout.size());
                    p
                },
            };
        }
        // a new mapping is zero already
        unsafe { self.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        match huge(layout.size()) {
            None if small_blocks::owns(ptr) => unsafe { small_blocks::dealloc(ptr, layout) },
            None => unsafe { System.dealloc(ptr, layout) },
            Some(size) => unsafe { unmap(ptr, size) },
        }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        match (huge(layout.size()), huge(new_size)) {
            (None, None) if small_blocks::owns(ptr) => {
                if small_blocks::fits(layout.size(), new_size) {
                    return ptr;
                }
                unsafe { self.moved(ptr, layout, new_size) }
            }
            (None, None) => unsafe { System.realloc(ptr, layout, new_size) },
            // the same pages hold it
            (Some(old), Some(size)) if size == old => ptr,
            (Some(old), Some(size)) if layout.align() <= HUGE => match unsafe { remap(ptr, old, size) } {
                // no room to move the pages to (a limit on mappings): a copy, if anything
                p if p.is_null() => unsafe { self.moved(ptr, layout, new_size) },
                p => p,
            },
            // from one owner to the other (or a large alignment)
            _ => unsafe { self.moved(ptr, layout, new_size) },
        }
    }
}

impl HugePages {
    /// `realloc` by a new block and a copy.
    ///
    /// # Safety
    /// As for [`GlobalAlloc::realloc`].
    unsafe fn moved(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY (of the layout): the caller guarantees `new_size`, rounded to the alignment,
        // does not overflow `isize`
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
                    assert_eq!(moved as usize % if to >= LARGE { HUGE } else { align }, 0, "{from} -> {to}");
                    assert!(holds(moved, from.min(to), from + to), "{from} -> {to}");
                    // the new block is all usable, and freed with its new layout
                    fill(moved, to, to);
                    assert!(holds(moved, to, to));
                    unsafe { HugePages.dealloc(moved, Layout::from_size_align(to, align).unwrap()) };
                }
            }
        }
    }

    /// Page faults this thread has taken so far.
    fn faults() -> i64 {
        const RUSAGE_THREAD: c_int = 1;
        unsafe extern "C" {
            fn getrusage(who: c_int, usage: *mut [i64; 18]) -> c_int;
        }
        // `struct rusage`: two timevals (two words each), then maxrss, ixrss, idrss, isrss, minflt
        let mut usage = [0i64; 18];
        assert_eq!(unsafe { getrusage(RUSAGE_THREAD, &mut usage) }, 0);
        usage[8]
    }

    #[test]
    fn growing_a_large_block_moves_its_pages_not_its_bytes() {
        // 8 MB written (2,048 small pages), then grown to 64 MB: a copy would touch 8 MB of
        // new pages, 2,048 faults; moved, the written pages go with the block. Without huge
        // pages for the while (for the process: other tests only get slower), so that a copy
        // cannot hide in four faults on huge pages.
        const PR_SET_THP_DISABLE: c_int = 41;
        unsafe extern "C" {
            fn prctl(option: c_int, arg: std::ffi::c_ulong, ...) -> c_int;
        }
        unsafe { prctl(PR_SET_THP_DISABLE, 1, 0, 0, 0) };
        let (from, to) = (4 * HUGE, 32 * HUGE);
        let layout = Layout::from_size_align(from, 8).unwrap();
        let ptr = unsafe { HugePages.alloc(layout) };
        fill(ptr, from, 7);
        // a neighbour right after it, so that it cannot grow in place
        let next = unsafe { HugePages.alloc(layout) };
        let before = faults();
        let moved = unsafe { HugePages.realloc(ptr, layout, to) };
        let taken = faults() - before;
        assert!(!moved.is_null() && (moved as usize).is_multiple_of(HUGE));
        assert!(holds(moved, from, 7), "the contents were not kept");
        assert!(taken < 100, "growing took {taken} page faults: the bytes were copied");
        // the new part is usable, and zero as fresh memory is
        assert_eq!(unsafe { *moved.add(to - 1) }, 0);
        fill(moved, to, 9);
        unsafe {
            HugePages.dealloc(moved, Layout::from_size_align(to, 8).unwrap());
            HugePages.dealloc(next, layout);
            prctl(PR_SET_THP_DISABLE, 0, 0, 0, 0);
        }
    }
}
