//! Handing freed heap back to the operating system between the chain prover's phases.
//!
//! glibc's allocator gives every thread that allocates its own arena and keeps what is
//! freed there for that arena's later use. The EVM layer is proven on rayon's threads
//! (gigabytes at production parameters) and the Groth16 setup then synthesizes the
//! circuit on one thread: the memory the layer freed stays resident in the worker
//! arenas, out of the synthesis' reach, and fragmented free memory stays in the main
//! arena too. The peaks then add up: a production setup was killed at 24 GB; with the
//! release it peaked at 19.5 GiB (docs/benchmarks.md, "On chain"). `malloc_trim`
//! returns every arena's free pages.

/// Returns the allocator's free memory to the operating system (glibc's `malloc_trim`);
/// nothing on other platforms. Call it between phases whose peaks would otherwise add.
pub fn release_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: `malloc_trim` only releases free pages of the allocator's own arenas; it
    // takes no pointers and is thread-safe (it locks each arena it trims).
    unsafe {
        libc::malloc_trim(0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Resident memory of this process (KiB), from /proc.
    fn rss_kib() -> u64 {
        std::fs::read_to_string("/proc/self/status")
            .unwrap()
            .lines()
            .find_map(|l| l.strip_prefix("VmRSS:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .unwrap()
    }

    #[test]
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    fn memory_freed_on_worker_threads_is_given_back() {
        // Blocks of 64 KiB (below the allocator's mmap threshold, so inside the threads'
        // arenas) allocated on other threads; every other one is freed there and the rest
        // kept alive, so the freed ones are holes the allocator cannot unmap by itself.
        let handles: Vec<_> = (0..4)
            .map(|_| {
                std::thread::spawn(|| {
                    let blocks: Vec<Vec<u8>> =
                        (0..1_000).map(|i| vec![i as u8; 64 << 10]).collect();
                    blocks.into_iter().step_by(2).collect::<Vec<Vec<u8>>>()
                })
            })
            .collect();
        let kept: Vec<Vec<Vec<u8>>> = handles.into_iter().map(|h| h.join().unwrap()).collect();
        let before = rss_kib();
        release_freed_memory();
        let after = rss_kib();
        println!("resident before {before} KiB, after {after} KiB");
        // 4 threads × 500 freed blocks × 64 KiB = 125 MiB freed.
        assert!(
            after + 100_000 < before,
            "at least 100 MB given back: {before} KiB before, {after} KiB after"
        );
        assert_eq!(kept.iter().map(Vec::len).sum::<usize>(), 2_000);
    }
}
