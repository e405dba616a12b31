//! The allocator: the system's, with large blocks on huge pages.
//!
//! A process that reads a 4 MB article takes a page fault for every 4 KB it touches the first
//! time: the input buffer, the offset index, the annotations. On PolNeAR text that was 3,400
//! faults, about 5 % of `extract`'s wall-clock time. Blocks of [`LARGE`] bytes or more are
//! therefore given whole, aligned 2 MB pages and marked `MADV_HUGEPAGE`: where the kernel has
//! transparent huge pages (`madvise` mode is the common default) one fault maps 2 MB. Where it
//! has none, or the advice fails, the block is an ordinary one and nothing else changes.
//! Small blocks go to the system allocator untouched.

use std::alloc::{GlobalAlloc, Layout, System};

/// A huge page on x86-64 and on most arm64 kernels.
const HUGE: usize = 2 << 20;
/// Blocks from this size on are rounded up to whole huge pages (at most half of one wasted,
/// and that never touched).
const LARGE: usize = 1 << 20;

pub struct HugePages;

/// The layout a large block is really allocated with: whole, aligned huge pages, so that every
/// one of them lies inside the mapping and can be backed by one huge page.
fn huge(layout: Layout) -> Option<Layout> {
    if layout.size() < LARGE {
        return None;
    }
    let size = layout.size().checked_next_multiple_of(HUGE)?;
    Layout::from_size_align(size, layout.align().max(HUGE)).ok()
}

#[cfg(target_os = "linux")]
fn advise(ptr: *mut u8, len: usize) {
    const MADV_HUGEPAGE: std::ffi::c_int = 14;
    unsafe extern "C" {
        fn madvise(addr: *mut std::ffi::c_void, len: usize, advice: std::ffi::c_int) -> std::ffi::c_int;
    }
    // SAFETY: `ptr..ptr + len` is a block just allocated and owned by the caller; advice
    // changes how its pages are backed, never their contents. A failure leaves small pages.
    unsafe {
        madvise(ptr.cast(), len, MADV_HUGEPAGE);
    }
}

#[cfg(not(target_os = "linux"))]
fn advise(_: *mut u8, _: usize) {}

// SAFETY: every block is allocated and freed by `System` with the same layout: `huge` maps a
// requested layout to one allocated layout, the same at allocation and at deallocation.
unsafe impl GlobalAlloc for HugePages {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        match huge(layout) {
            None => unsafe { System.alloc(layout) },
            Some(big) => {
                let ptr = unsafe { System.alloc(big) };
                if !ptr.is_null() {
                    advise(ptr, big.size());
                }
                ptr
            }
        }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if huge(layout).is_none() {
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
        unsafe { System.dealloc(ptr, huge(layout).unwrap_or(layout)) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY (of the layout): the caller guarantees `new_size`, rounded to the alignment,
        // does not overflow `isize`
        let new = unsafe { Layout::from_size_align_unchecked(new_size, layout.align()) };
        match (huge(layout), huge(new)) {
            (None, None) => unsafe { System.realloc(ptr, layout, new_size) },
            // the same pages hold it
            (Some(old), Some(big)) if big == old => ptr,
            _ => {
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
            match huge(layout) {
                None => assert!(size < LARGE),
                Some(big) => {
                    assert!(size >= LARGE && big.size() >= size && big.size() % HUGE == 0 && big.align() == HUGE);
                    assert!(big.size() - size < HUGE, "{size}: more than a page of rounding");
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
        assert_eq!(huge(layout).unwrap().align(), 2 * HUGE);
        // a size that cannot be rounded is left to the system, at allocation and at freeing
        assert_eq!(huge(Layout::from_size_align(isize::MAX as usize - 64, 8).unwrap()), None);
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
        for from in SIZES {
            for to in SIZES {
                let layout = Layout::from_size_align(from, 8).unwrap();
                let ptr = unsafe { HugePages.alloc(layout) };
                fill(ptr, from, from + to);
                let moved = unsafe { HugePages.realloc(ptr, layout, to) };
                assert!(!moved.is_null());
                assert!(holds(moved, from.min(to), from + to), "{from} -> {to}");
                // the new block is all usable, and freed with its new layout
                fill(moved, to, to);
                assert!(holds(moved, to, to));
                unsafe { HugePages.dealloc(moved, Layout::from_size_align(to, 8).unwrap()) };
            }
        }
    }
}
