// MemoryBudget and Workload: the one cap on the bytes a computation may ask for — tensors,
// per-window tables, pictures — checked before anything is allocated, and the cancellation of a
// computation that runs off the interactive program's UI thread.
//
// A front end runs a computation inside `Workload.run`; every allocation whose size comes from user
// input reserves its bytes first (`MemoryBudget.reserve`), and the long loops ask
// `Workload.checkCancelled()` between pieces of work. Outside a workload each request is checked
// against the limit on its own.

import Synchronization

/// The cap on the bytes one computation may reserve.
///
/// Unlike PyTorch, which asks the operating system for whatever a shape needs and fails (or swaps)
/// when memory runs out, LayerScope refuses a computation whose tensors and tables would exceed the
/// cap, with a message giving the size asked for and the limit.
public enum MemoryBudget {
    /// 2 GiB: far beyond every example, well within a laptop.
    public static let defaultLimit = 2 << 30
    /// The environment variable a front end reads the limit from.
    public static let environmentVariable = "LAYERSCOPE_MAX_MEMORY"

    /// 0 means "not set": `defaultLimit`.
    private static let configured = Atomic<Int>(0)

    /// The limit in bytes that new workloads get (set it once at start-up).
    public static var limit: Int {
        get {
            let value = configured.load(ordering: .relaxed)
            return value > 0 ? value : defaultLimit
        }
        set { configured.store(Swift.max(newValue, 0), ordering: .relaxed) }
    }

    /// Parses a size such as `2G`, `512MiB`, `1.5GB` or `100000000` (bytes); K, M, G and T are
    /// powers of 1024. Throws a one-line message for anything else, or for a size under 1 MiB.
    public static func parse(_ text: String) throws -> Int {
        let trimmed = text.filter { $0 != " " && $0 != "_" }
        var number = Substring(trimmed)
        var unit = ""
        while let last = number.last, last.isLetter {
            unit = String(last) + unit
            number.removeLast()
        }
        let multipliers: [String: Double] = ["": 1, "B": 1, "K": 0x1p10, "M": 0x1p20, "G": 0x1p30, "T": 0x1p40]
        var key = unit.uppercased()
        if key.hasSuffix("IB") { key.removeLast(2) } else if key.count == 2, key.hasSuffix("B") { key.removeLast() }
        guard let multiplier = multipliers[key], let value = Double(number), value.isFinite, value >= 0 else {
            throw LayerError(.valueError, environmentVariable,
                             "expected a size such as 2G, 512M or 1500000000 (bytes), got '\(text)'")
        }
        let bytes = value * multiplier
        guard bytes >= 0x1p20 else {
            throw LayerError(.valueError, environmentVariable, "must be at least 1M, got '\(text)'")
        }
        return bytes >= Double(Int.max) ? Int.max : Int(bytes)
    }

    /// A byte count for people: `512 B`, `3.2 KiB`, `196 MiB`, `4.19 GiB`.
    public static func describe(bytes: Int) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"]
        var value = Double(bytes)
        var unit = 0
        while value >= 1024 && unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        if unit == 0 { return "\(bytes) B" }
        let digits = value >= 100 ? 0 : value >= 10 ? 1 : 2
        return cFormat("%.\(digits)f", value) + " " + units[unit]
    }

    /// Reserves `bytes` for `what` in the current workload (or checks them against the limit when
    /// none runs), before they are allocated.
    ///
    /// Throws a `RuntimeError` naming `subject` (the parameter or argument that sized the request),
    /// the size asked for and the limit.
    public static func reserve(_ bytes: Int, for what: @autoclosure () -> String, subject: String) throws {
        guard bytes > 0 else { return }
        let workload = Workload.current
        let limit = workload?.limit ?? self.limit
        let before = workload?.reservedBytes ?? 0
        guard bytes <= limit - before else {
            let held = before > 0 ? ", with \(describe(bytes: before)) already in use" : ""
            throw LayerError(.runtimeError, subject,
                             "\(what()) needs \(describe(bytes: bytes)), over the memory limit of "
                                 + "\(describe(bytes: limit))\(held); set \(environmentVariable) to change it")
        }
        workload?.add(bytes)
    }

    /// Reserves the storage of a tensor of `count` elements of `elementSize` bytes each.
    public static func reserve(elements count: Int, of elementSize: Int, for what: @autoclosure () -> String,
                        subject: String) throws {
        let (bytes, overflow) = count.multipliedReportingOverflow(by: elementSize)
        try reserve(overflow ? Int.max : bytes, for: what(), subject: subject)
    }
}

/// One computation's reservations and its cancellation flag.
///
/// A front end creates one per computation, runs the computation inside `run` on any thread, and may
/// `cancel()` it from another thread: the long loops stop at their next check and the computation
/// throws `ComputationCancelled`.
public final class Workload: Sendable {
    /// The bytes this computation may reserve in all.
    public let limit: Int
    private let reserved = Atomic<Int>(0)
    private let cancelled = Atomic<Bool>(false)

    public init(limit: Int = MemoryBudget.limit) {
        self.limit = limit
    }

    /// The bytes reserved so far.
    public var reservedBytes: Int { reserved.load(ordering: .relaxed) }

    /// Asks the computation to stop (from any thread).
    public func cancel() { cancelled.store(true, ordering: .relaxed) }

    /// Whether `cancel()` was called.
    public var isCancelled: Bool { cancelled.load(ordering: .relaxed) }

    fileprivate func add(_ bytes: Int) {
        _ = reserved.wrappingAdd(bytes, ordering: .relaxed)
    }

    /// Gives back what was reserved since `mark` (a loop whose earlier rounds' results are gone).
    func release(downTo mark: Int) {
        reserved.store(Swift.min(mark, reservedBytes), ordering: .relaxed)
    }

    /// Runs `body` with this workload as the current one on this thread.
    public func run<T>(_ body: () throws -> T) rethrows -> T {
        let previous = ThreadSlot.workload.value
        ThreadSlot.workload.value = Unmanaged.passUnretained(self).toOpaque()
        defer { ThreadSlot.workload.value = previous }
        return try withExtendedLifetime(self) { try body() }
    }

    /// The workload running on this thread, if any.
    public static var current: Workload? {
        guard let pointer = ThreadSlot.workload.value else { return nil }
        return Unmanaged<Workload>.fromOpaque(pointer).takeUnretainedValue()
    }

    /// Whether the workload running on this thread was cancelled: a kernel's loops ask between
    /// rows and stop early; the computation then throws from its next `checkCancelled()`.
    public static var stopRequested: Bool { current?.isCancelled ?? false }

    /// Throws `ComputationCancelled` when the current workload was cancelled.
    public static func checkCancelled() throws {
        if let current, current.isCancelled { throw ComputationCancelled() }
    }
}

/// A computation stopped by `Workload.cancel()`.
public struct ComputationCancelled: Error, Equatable, Sendable, CustomStringConvertible {
    public init() {}
    public var description: String { "computation cancelled" }
}

// MARK: - Checked size arithmetic

extension Int {
    /// `self + other` for a size computed from user input, or a `RuntimeError` naming `subject`
    /// when it does not fit 64 bits (no size LayerKit could allocate is that large).
    func checkedAdding(_ other: Int, _ subject: String) throws -> Int {
        let (sum, overflow) = addingReportingOverflow(other)
        if overflow { throw LayerError.tooLarge(subject) }
        return sum
    }

    /// `self − other` for a size computed from user input, or a `RuntimeError` naming `subject`.
    func checkedSubtracting(_ other: Int, _ subject: String) throws -> Int {
        let (difference, overflow) = subtractingReportingOverflow(other)
        if overflow { throw LayerError.tooLarge(subject) }
        return difference
    }

    /// `self · other` for a size computed from user input, or a `RuntimeError` naming `subject`.
    func checkedMultiplying(_ other: Int, _ subject: String) throws -> Int {
        let (product, overflow) = multipliedReportingOverflow(by: other)
        if overflow { throw LayerError.tooLarge(subject) }
        return product
    }
}

extension LayerError {
    /// A size computed from `subject` that overflows 64-bit integers.
    static func tooLarge(_ subject: String) -> LayerError {
        LayerError(.runtimeError, subject, "too large for the input: the sizes it gives overflow 64-bit integers")
    }
}
