// WindowTraceFixtureTests: the drill-down's numbers ("how this number is made") for single output
// elements of the windowed layers, against PyTorch (Tests/fixturegen/explain.py): the output
// element, a max pool's index, and each Conv2d input channel's partial sum.

import Foundation
import Testing
@testable import LayerKit

@Suite struct WindowTraceFixtureTests {
    struct Case {
        var name: String
        var expr: String
        var input: Tensor
        var sets: [(String, NpyArray)]
        var positions: [[Int]]
        var outputs: [Double]
        var indices: [Int]?
        var channelSums: [[Double]]?
    }

    static func cases() throws -> [Case] {
        let url = Fixtures.directory.appendingPathComponent("explain.json")
        let root = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
        return try (root["cases"] as! [[String: Any]]).map { c in
            let sets = (c["set"] as? [String: Any]) ?? [:]
            return Case(name: c["name"] as! String, expr: c["expr"] as! String,
                        input: try Fixtures.array(c["input"]!).floatTensor(),
                        sets: try sets.keys.sorted().map { ($0, try Fixtures.array(sets[$0]!)) },
                        positions: c["positions"] as! [[Int]],
                        outputs: (c["outputs"] as! [NSNumber]).map(\.doubleValue),
                        indices: (c["indices"] as? [NSNumber])?.map(\.intValue),
                        channelSums: (c["channel_sums"] as? [[NSNumber]])?.map { $0.map(\.doubleValue) })
        }
    }

    func close(_ a: Double, _ e: Double) -> Bool { Swift.abs(a - e) <= 1e-5 + 1e-5 * Swift.abs(e) }

    @Test func everyRecordedElementIsExplainedWithPyTorchsNumbers() throws {
        let all = try Self.cases()
        #expect(all.count >= 7)
        for c in all {
            var computation = try Computation(expression: c.expr, seed: 0)
            for (key, value) in c.sets { try computation.setState(key, from: value) }
            let layer = computation.layer
            let h = c.input.shape[2], w = c.input.shape[3]
            for (k, p) in c.positions.enumerated() {
                let (channel, row, column) = (p[0], p[1], p[2])
                let plane = Array(c.input.storage[(channel * h * w)..<((channel + 1) * h * w)])
                let what = "\(c.name) at \(p)"
                if let conv = layer as? Conv2d {
                    let trace = try #require(conv.trace(input: c.input, outChannel: channel, row: row, column: column), "\(what)")
                    #expect(close(trace.total, c.outputs[k]), "\(what): total \(trace.total), PyTorch \(c.outputs[k])")
                    let sums = try #require(c.channelSums?[k])
                    #expect(trace.terms.count == sums.count, "\(what)")
                    for (term, expected) in zip(trace.terms, sums) {
                        #expect(close(term.sum, expected), "\(what) in c\(term.inputChannel): \(term.sum), PyTorch \(expected)")
                        #expect(close(term.products.reduce(0, +), term.sum), "\(what)")
                    }
                } else if let pool = layer as? MaxPool2d {
                    let trace = try #require(pool.trace(plane: plane, height: h, width: w, row: row, column: column))
                    #expect(Double(trace.value) == c.outputs[k], "\(what)")
                    #expect(trace.index == c.indices?[k], "\(what): index \(trace.index), PyTorch \(c.indices?[k] ?? -1)")
                    let winner = try #require(trace.winner)
                    #expect(trace.window.taps[winner].row * w + trace.window.taps[winner].column == trace.index)
                } else if let pool = layer as? AdaptiveMaxPool2d {
                    let trace = try #require(pool.trace(plane: plane, height: h, width: w, row: row, column: column))
                    #expect(Double(trace.value) == c.outputs[k], "\(what)")
                    #expect(trace.index == c.indices?[k], "\(what)")
                } else if let pool = layer as? AvgPool2d {
                    let trace = try #require(pool.trace(plane: plane, height: h, width: w, row: row, column: column))
                    #expect(close(trace.value, c.outputs[k]), "\(what): \(trace.sum) / \(trace.divisor), PyTorch \(c.outputs[k])")
                } else if let pool = layer as? AdaptiveAvgPool2d {
                    let trace = try #require(pool.trace(plane: plane, height: h, width: w, row: row, column: column))
                    #expect(close(trace.value, c.outputs[k]), "\(what)")
                } else {
                    Issue.record("\(c.name): no trace for \(type(of: layer))")
                }
            }
        }
    }

    @Test func theRecordedWindowsHaveWhatTheyAreChosenFor() throws {
        let all = try Self.cases()
        // The ceil-mode max window past the padded input; a tie broken by scan order.
        let maxCase = try #require(all.first { $0.name == "maxpool_ceil" })
        var computation = try Computation(expression: maxCase.expr, seed: 0)
        let pool = try #require(computation.layer as? MaxPool2d)
        let last = try #require(pool.trace(plane: maxCase.input.storage, height: 5, width: 6, row: 2, column: 3))
        #expect(last.window.count(.overhang) > 0)
        #expect(last.index == 29 && last.ties == 0)
        let tied = try #require(pool.trace(plane: maxCase.input.storage, height: 5, width: 6, row: 0, column: 1))
        #expect(tied.index == 1 && tied.ties == 2 && tied.window.count(.padding) == 3)
        // The divisor_override divides whatever the window holds.
        let avgCase = try #require(all.first { $0.name == "avgpool_divisor_override" })
        computation = try Computation(expression: avgCase.expr, seed: 0)
        let avg = try #require(computation.layer as? AvgPool2d)
        let plane = Array(avgCase.input.storage[30..<60])
        let t = try #require(avg.trace(plane: plane, height: 5, width: 6, row: 2, column: 3))
        #expect(t.divisor == 5 && t.rule == .override && t.cells == 2 * 1)
        #expect(t.window.count(.overhang) > 0 && t.window.count(.padding) > 0)
    }
}
