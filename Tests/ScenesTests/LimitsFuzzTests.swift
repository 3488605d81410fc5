// Limits fuzzing: random and extreme values for every parameter of every layer, extreme input
// shapes, and every view — each case must end in a picture or in one error line, within a time
// bound, and no computation may reserve more than the memory budget. A trap (integer overflow,
// out-of-bounds index) kills the test process, so a failure here is never silent.
//
// The run is seeded and quick; `LAYERSCOPE_FUZZ_CASES=N` runs N cases instead (nightly: 20000 or
// more), and `LAYERSCOPE_FUZZ_SEED=S` picks another seed.

import CellRender
import Foundation
import LayerKit
import Scenes
import Testing

/// The cases: expressions built from the catalog with extreme values, and shapes.
struct LimitsFuzzer {
    var rng: SplitMix

    /// Integers at and around every boundary the arithmetic has.
    static let extremeInts: [String] = [
        "0", "1", "2", "3", "-1", "-2", "7", "16", "255", "256", "65535", "2147483647", "2147483648",
        "-2147483649", "4294967296", "4611686018427387904", "9223372036854775807", "-9223372036854775808",
        "9223372036854775806", "1000000", "-4294967296",
    ]
    static let extremeFloats: [String] = [
        "0.0", "-0.0", "1.0", "0.5", "-0.5", "1e-300", "1e300", "-1e300", "float('nan')", "float('inf')",
        "float('-inf')", "1e-45", "3.4e38", "0.9999999", "1.0000001",
    ]
    static let others: [String] = ["None", "True", "False", "'same'", "'valid'", "'zeros'", "'reflect'",
                                   "'replicate'", "'circular'", "'mean'", "'sum'", "'none'", "'tanh'", "()", "(1,)",
                                   "torch.tensor([])", "torch.tensor([1.0, float('nan'), -1.0])", "'cpu'"]
    /// Sizes for input shapes: zero, small, and the ones that overflow products.
    static let sizes: [Int] = [0, 1, 1, 2, 3, 5, 8, 13, 7000, 65536, 4_294_967_296, 1 << 62, Int.max]

    init(seed: UInt64) { rng = SplitMix(seed: seed) }

    mutating func pick<T>(_ items: [T]) -> T { items[Int(rng.next() % UInt64(items.count))] }
    mutating func chance(_ oneIn: Int) -> Bool { rng.next() % UInt64(oneIn) == 0 }

    /// A value for a parameter: mostly of its own kind, sometimes of any kind.
    mutating func value(for spec: ParamSpec) -> String {
        if chance(8) { return pick(Self.extremeInts + Self.extremeFloats + Self.others) }
        switch spec.kind {
        case .float, .optionalFloat: return pick(Self.extremeFloats + ["None"])
        case .bool, .strictBool, .optionalBool: return pick(["True", "False", "None", "0", "1"])
        case .choice(let options): return "'" + pick(options) + "'"
        case .intOrPairOrChoice(let options) where chance(3): return "'" + pick(options) + "'"
        case .optionalFloatVector:
            let n = Int(rng.next() % 6)
            return "torch.tensor([" + (0..<n).map { _ in pick(Self.extremeFloats) }.joined(separator: ", ") + "])"
        case .outputSize where chance(2):
            return "(" + pick(Self.extremeInts + ["None"]) + ", " + pick(Self.extremeInts + ["None"]) + ")"
        default:
            if chance(2) { return "(" + pick(Self.extremeInts) + ", " + pick(Self.extremeInts) + ")" }
            return pick(Self.extremeInts)
        }
    }

    /// A constructor expression: the required parameters and a random subset of the others.
    mutating func expression(for schema: LayerSchema) -> String {
        var parts: [String] = []
        for spec in schema.params where spec.defaultValue == nil || chance(3) {
            parts.append(spec.defaultValue == nil && !spec.keywordOnly ? value(for: spec) : "\(spec.name)=\(value(for: spec))")
        }
        return "nn.\(schema.name)(" + parts.joined(separator: ", ") + ")"
    }

    /// A shape: rank 0 to 5 with mostly small sizes and now and then a huge or zero one.
    mutating func shape() -> [Int] {
        let rank = Int(rng.next() % 5) + 1
        return (0..<rank).map { _ in chance(4) ? pick(Self.sizes) : Int(rng.next() % 6) + 1 }
    }
}

/// A small, fast, seeded generator (the fuzz cases must be repeatable from their seed).
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite struct LimitsFuzzTests {
    static var caseCount: Int {
        ProcessInfo.processInfo.environment["LAYERSCOPE_FUZZ_CASES"].flatMap(Int.init) ?? 600
    }
    static var seed: UInt64 {
        ProcessInfo.processInfo.environment["LAYERSCOPE_FUZZ_SEED"].flatMap(UInt64.init) ?? 20_261_204
    }

    /// `LAYERSCOPE_FUZZ_TRACE=FILE` appends each case to FILE before it runs (to find a case that hangs).
    static let trace: FileHandle? = ProcessInfo.processInfo.environment["LAYERSCOPE_FUZZ_TRACE"].flatMap { path in
        FileManager.default.createFile(atPath: path, contents: nil)
        return FileHandle(forWritingAtPath: path)
    }

    /// When a case's computation is cancelled.
    static let cancelAfter = 2.0

    /// Each case's memory budget: small, so that what the budget admits is also quick to compute.
    static let memoryLimit = 64 << 20

    /// Every case: a picture, or an error whose text is one line; none slower than the bound.
    @Test func extremeParametersAndShapesEndInAPictureOrOneLine() throws {
        var fuzzer = LimitsFuzzer(seed: Self.seed)
        let schemas = Catalog.schemas
        var pictures = 0, refusals = 0, slowest = (seconds: 0.0, what: "")
        for n in 0..<Self.caseCount {
            let schema = schemas[n % schemas.count]
            let expression = fuzzer.expression(for: schema)
            let shape: [Int]? = fuzzer.chance(3) ? nil : fuzzer.shape()
            let what = "\(expression) shape \(shape.map { "\($0)" } ?? "default")"
            if let trace = Self.trace {
                trace.seekToEndOfFile()
                trace.write(Data("fuzz case \(n): \(what)\n".utf8))
            }
            let position = Int(fuzzer.rng.next() % 64) - 8
            let channel = Int(fuzzer.rng.next() % 8) - 2
            let start = Date()
            let workload = Workload(limit: Self.memoryLimit)
            // A case that computes for long is cancelled, as Esc does in the interactive program:
            // it must then stop promptly.
            // (A thread of its own: the kernels may be using every thread of Dispatch's pool.)
            let finished = Workload()
            let watchdog = Thread {
                let deadline = Date().addingTimeInterval(Self.cancelAfter)
                while !finished.isCancelled, Date() < deadline { usleep(5_000) }
                workload.cancel()
            }
            watchdog.start()
            defer { finished.cancel() }
            do {
                try workload.run {
                    var state = try SceneState(expression: expression)
                    state.shape = shape
                    state.position = position
                    state.channel = channel
                    let scene = try Scene(state)
                    for view in scene.views {
                        let selected = try scene.selecting(view: view.name, channel: channel, position: position)
                        let grid = selected.render(width: 80, height: 24, options: .mono)
                        #expect(grid.width == 80 && grid.height == 24, "\(what) view \(view.name)")
                    }
                }
                pictures += 1
            } catch {
                let line = Workbench.describe(error)
                #expect(!line.isEmpty && !line.contains("\n"), "\(what): \(line)")
                refusals += 1
            }
            #expect(workload.reservedBytes <= Self.memoryLimit, "\(what) reserved \(workload.reservedBytes) bytes")
            let seconds = Date().timeIntervalSince(start)
            if seconds > slowest.seconds { slowest = (seconds, what) }
        }
        // Debug builds are slow; the bound catches what cancelling cannot stop, not speed.
        #expect(slowest.seconds < Self.cancelAfter + 3, "slowest case took \(slowest.seconds) s: \(slowest.what)")
        #expect(pictures > 0 && refusals > 0, "pictures \(pictures), refusals \(refusals)")
    }
}
