//! Small blocks of the one thread that extracts, on huge pages (Linux only).
//!
//! An article that names many people leaves many small blocks behind: names, the lists of
//! where each is mentioned, map entries. On the C library's heap they lie on 4 KB pages, one
//! page fault each 4 KB, and a table of people too large for the caches misses the TLB on
//! nearly every lookup. 10 MB of text naming 150,000 people took 23,600 page faults against
//! 1,600 for 1 MB (15×, where its instructions grow 9.75×), and its run time grew 11–13×.
//!
//! So the thread that runs `extract` (or the benchmark of it) takes its small blocks, up to
//! [`MAX`] bytes, from a region of its own: address space reserved once, marked for huge
//! pages before anything in it is touched, cut in order, and each freed block kept on a list
//! for its size class (a multiple of 16 bytes) for the next block of that class. No header,
//! no lock: the region's blocks and lists belong to that thread alone.
//!
//! Every other thread, and that thread's larger or more aligned blocks, use the C library as
//! before. A block of the region freed by another thread is left where it is (the memory
//! stays valid, it is only not reused), which is why `batch`, whose blocks cross threads,
//! does not turn the region on. Where the region cannot be had (no address space to reserve,
//! a limit on it), nothing changes: every block is the C library's.

use std::alloc::Layout;
use std::cell::Cell;
use std::ffi::c_int;
use std::ptr::null_mut;
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

use crate::pages::{self, HUGE};

/// The largest block the region holds.
pub const MAX: usize = 512;
/// Size classes are multiples of this, which is also every block's alignment.
const GRAIN: usize = 16;
const CLASSES: usize = MAX / GRAIN;
/// Address space reserved: nothing of it costs memory until touched. 16 GB of small blocks
/// is some 4 GB of text naming a new person in every sentence; past it, the C library's.
const RESERVE: usize = 16 << 30;

/// Where the region starts (0: not reserved). Set once, by the thread that owns it.
static BASE: AtomicUsize = AtomicUsize::new(0);

/// The owning thread's view of the region: the part not cut yet, and a free list per class
/// (each free block holds the address of the next).
struct Region {
    on: Cell<bool>,
    next: Cell<usize>,
    end: Cell<usize>,
    free: [Cell<*mut u8>; CLASSES],
}

thread_local! {
    // const, and nothing to drop: reaching it never allocates, as an allocator needs
    static REGION: Region = const {
        Region {
            on: Cell::new(false),
            next: Cell::new(0),
            end: Cell::new(0),
            free: [const { Cell::new(null_mut()) }; CLASSES],
        }
    };
}

unsafe extern "C" {
    fn getrlimit(resource: c_int, rlim: *mut [u64; 2]) -> c_int;
}

/// Gives the calling thread a region for its small blocks; false (and nothing changed) when
/// another thread has it already, or the address space cannot be had. Only a thread whose
/// blocks stay with it should ask (see the module's docs).
pub fn claim() -> bool {
    const RLIMIT_AS: c_int = 9;
    if BASE.load(Relaxed) != 0 {
        return false;
    }
    // under a limit on address space, a reservation this large would take what the limit
    // meant for the data itself
    let mut limit = [0u64; 2];
    // SAFETY: `limit` is the `struct rlimit` (two 64-bit values) getrlimit writes
    if unsafe { getrlimit(RLIMIT_AS, &mut limit) } != 0 || limit[0] != u64::MAX {
        return false;
    }
    // on a huge page from its start, and marked before anything in it is touched (if the
    // advice is refused, the region is on small pages, still better packed than a heap)
    let start = pages::reserve(RESERVE, HUGE);
    if start.is_null() {
        return false;
    }
    if BASE.compare_exchange(0, start as usize, Relaxed, Relaxed).is_err() {
        // SAFETY: the reservation just made, unused
        unsafe { pages::unmap(start, RESERVE) };
        return false;
    }
    let start = start as usize;
    REGION.with(|r| {
        r.next.set(start);
        r.end.set(start + RESERVE);
        r.on.set(true);
    });
    true
}

/// The size class of a block of `size` bytes.
#[inline]
fn class(size: usize) -> usize {
    size.saturating_sub(1) / GRAIN
}

/// A block for `layout` from the calling thread's region, or null when the thread has none,
/// the block is too large or too aligned for it, or the region is used up.
#[inline]
pub fn alloc(layout: Layout) -> *mut u8 {
    if layout.size() > MAX || layout.align() > GRAIN {
        return null_mut();
    }
    REGION.with(|r| {
        if !r.on.get() {
            return null_mut();
        }
        let c = class(layout.size());
        let head = r.free[c].get();
        if !head.is_null() {
            // SAFETY: a block on a free list holds the address of the next in its first word
            r.free[c].set(unsafe { head.cast::<*mut u8>().read() });
            return head;
        }
        let (at, size) = (r.next.get(), (c + 1) * GRAIN);
        if r.end.get() - at < size {
            return null_mut();
        }
        r.next.set(at + size);
        at as *mut u8
    })
}

/// Whether `ptr` is a block of the region.
#[inline]
pub fn owns(ptr: *mut u8) -> bool {
    let base = BASE.load(Relaxed);
    base != 0 && (ptr as usize).wrapping_sub(base) < RESERVE
}

/// Takes back a block of the region (`owns(ptr)`) that was allocated with `layout`.
///
/// # Safety
/// `ptr` is a live block of the region, allocated with a layout of `layout.size()`.
#[inline]
pub unsafe fn dealloc(ptr: *mut u8, layout: Layout) {
    REGION.with(|r| {
        // another thread's block: left in place (see the module's docs)
        if !r.on.get() {
            return;
        }
        let c = class(layout.size());
        // SAFETY: the block is at least 16 bytes, aligned to 16, and no longer used
        unsafe { ptr.cast::<*mut u8>().write(r.free[c].get()) };
        r.free[c].set(ptr);
    });
}

/// Whether a block of the region allocated for `old` bytes can simply keep holding `new`.
#[inline]
pub fn fits(old: usize, new: usize) -> bool {
    new <= MAX && class(old) == class(new)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pages::HugePages;
    use std::alloc::GlobalAlloc;

    #[test]
    fn classes_hold_their_sizes() {
        for size in 1..=MAX {
            let c = class(size);
            assert!(c < CLASSES && (c + 1) * GRAIN >= size && c * GRAIN < size, "{size}");
        }
        assert!(fits(17, 32) && !fits(16, 17) && !fits(MAX, MAX + 1));
    }

    fn layout(size: usize) -> Layout {
        Layout::from_size_align(size, 8).unwrap()
    }

    /// The only test that claims the region (one per process): this thread's blocks, and how
    /// they are reused, and what other threads see.
    #[test]
    fn one_thread_owns_its_small_blocks() {
        if !claim() {
            // another limit on this machine (RLIMIT_AS): every block stays the C library's
            assert!(!owns(Box::into_raw(Box::new([0u8; 32])).cast()));
            return;
        }
        // nobody else gets it
        assert!(!std::thread::spawn(claim).join().unwrap());
        let a = unsafe { HugePages.alloc(layout(24)) };
        assert!(owns(a) && (a as usize).is_multiple_of(GRAIN));
        // too large or too aligned: the C library's
        let big = unsafe { HugePages.alloc(layout(MAX + 1)) };
        let aligned = unsafe { HugePages.alloc(Layout::from_size_align(32, 64).unwrap()) };
        assert!(!owns(big) && !owns(aligned) && (aligned as usize).is_multiple_of(64));
        unsafe {
            HugePages.dealloc(big, layout(MAX + 1));
            HugePages.dealloc(aligned, Layout::from_size_align(32, 64).unwrap());
        }
        // a freed block is the next one of its class, not of another class
        unsafe { a.write_bytes(0xAB, 24) };
        unsafe { HugePages.dealloc(a, layout(24)) };
        let other = unsafe { HugePages.alloc(layout(40)) };
        assert_ne!(other, a);
        let again = unsafe { HugePages.alloc_zeroed(layout(30)) };
        assert_eq!(again, a);
        assert!(unsafe { std::slice::from_raw_parts(again, 30) }.iter().all(|&b| b == 0), "not zeroed");
        // growing within the class keeps the block; past it, the contents move
        unsafe { again.write_bytes(7, 30) };
        assert_eq!(unsafe { HugePages.realloc(again, layout(30), 32) }, again);
        let grown = unsafe { HugePages.realloc(again, layout(32), 2000) };
        assert!(!owns(grown));
        assert!(unsafe { std::slice::from_raw_parts(grown, 30) }.iter().all(|&b| b == 7));
        // the old block is free again
        assert_eq!(unsafe { HugePages.alloc(layout(17)) }, a);
        // a block freed by another thread is not reused (the lists are this thread's)
        let sent = Box::new([5u8; 48]);
        let at = &*sent as *const [u8; 48] as usize;
        assert!(owns(at as *mut u8));
        std::thread::spawn(move || drop(sent)).join().unwrap();
        let next = Box::new([6u8; 48]);
        assert_ne!(&*next as *const [u8; 48] as usize, at);
        // and blocks a thread without the region frees are its own
        std::thread::spawn(|| {
            let b = Box::new([1u8; 24]);
            assert!(!owns(&*b as *const [u8; 24] as *mut u8));
        })
        .join()
        .unwrap();
        unsafe {
            HugePages.dealloc(grown, layout(2000));
            HugePages.dealloc(other, layout(40));
            HugePages.dealloc(a, layout(17));
        }
    }
}
