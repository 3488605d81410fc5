// KernelThreads: how many threads the fast kernels split their work over, and the one helper that
// splits it. Every split is over whole output elements, so a result never depends on the count.

import Dispatch
import Synchronization

/// The number of threads the fast kernels (Conv2d, Linear, pooling, BatchNorm2d) may use.
///
/// The default is every processor online. Work is divided into whole output elements, each
/// computed by one thread in one fixed order, so the count changes the speed, never a digit.
public enum KernelThreads {
    /// 0 means "not set": every processor online.
    private static let configured = Atomic<Int>(0)

    /// The processors online, read once: each `sysconf` reads a file under /sys, which costs
    /// microseconds — as much as a small layer's whole kernel.
    private static let online = onlineProcessorCount()

    /// The threads a kernel may use now (at least 1).
    public static var count: Int {
        let value = configured.load(ordering: .relaxed)
        return value > 0 ? value : online
    }

    /// Sets the limit (`nil` or a value below 1 restores the default).
    public static var limit: Int? {
        get {
            let value = configured.load(ordering: .relaxed)
            return value > 0 ? value : nil
        }
        set { configured.store(Swift.max(newValue ?? 0, 0), ordering: .relaxed) }
    }

    /// Runs `body` on consecutive, disjoint slices of `0..<items` that together cover it, on up to
    /// `count` threads, and returns when every slice is done.
    ///
    /// Work below `minimumPerThread` items per thread stays on fewer threads (one thread runs
    /// the whole range inline), so small inputs pay nothing for the split.
    static func forEachSlice(_ items: Int, minimumPerThread: Int = 1, _ body: @Sendable (Range<Int>) -> Void) {
        guard items > 0 else { return }
        let threads = Swift.min(count, Swift.max(1, items / Swift.max(1, minimumPerThread)))
        if threads == 1 {
            body(0..<items)
            return
        }
        // The workers see the caller's workload, so a kernel can stop early when it is cancelled.
        let workload = Workload.current
        DispatchQueue.concurrentPerform(iterations: threads) { part in
            let start = items * part / threads
            let end = items * (part + 1) / threads
            guard start < end else { return }
            if let workload {
                workload.run { body(start..<end) }
            } else {
                body(start..<end)
            }
        }
    }
}

/// A pointer handed to the threads of `KernelThreads.forEachSlice`, each of which writes only its
/// own disjoint part of the memory.
struct SharedMutablePointer<Pointee>: @unchecked Sendable {
    let base: UnsafeMutablePointer<Pointee>
}

/// A read-only pointer handed to the threads of `KernelThreads.forEachSlice`.
struct SharedPointer<Pointee>: @unchecked Sendable {
    let base: UnsafePointer<Pointee>
}
