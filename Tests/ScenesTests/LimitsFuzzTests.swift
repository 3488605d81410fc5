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
import LimitsFuzzing
import Scenes
import Testing

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
            let position = OutputPosition(row: Int(fuzzer.rng.next() % 64) - 8, column: Int(fuzzer.rng.next() % 64) - 8)
            let channel = Int(fuzzer.rng.next() % 8) - 2
            // Half the cases with the drill-down on, a third mid-animation (outputs pending).
            let explain = fuzzer.chance(2), revealing = fuzzer.chance(3)
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
                    state.explain = explain
                    state.revealing = revealing
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
