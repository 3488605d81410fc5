// Training passes through the binary: `layerscope compute --train` chained 25 times through
// --save and --set reaches PyTorch's running statistics (the bn_eval_after_25_train_steps_*
// fixtures, recorded by Tests/generate_fixtures.py), and `layerscope render --steps` counts
// passes in train mode (default 1 in train mode, 0 with --eval).

import Foundation
import Testing
@testable import LayerKit

/// One case of `Tests/LayerKitTests/Fixtures/normlinear.json`, read from the repository.
private struct RecordedCase {
    var expression: String
    var steps: Int
    var input: Tensor
    var sets: [String: Tensor]
    var output: Tensor
    var state: [String: NpyArray]

    init(named name: String) throws {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("LayerKitTests/Fixtures/normlinear.json")
        let root = try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as! [String: Any]
        let cases = root["cases"] as! [[String: Any]]
        let c = try #require(cases.first { $0["name"] as? String == name }, "no fixture \(name)")
        func array(_ object: Any) -> NpyArray {
            let dict = object as! [String: Any]
            let shape = (dict["shape"] as! [NSNumber]).map(\.intValue)
            let data = (dict["data"] as! [NSNumber])
            if dict["dtype"] as! String == "float32" {
                return NpyArray(shape: shape, dtype: .float32, floats: data.map(\.floatValue), integers: [])
            }
            return NpyArray(shape: shape, dtype: .int64, floats: [], integers: data.map(\.int64Value))
        }
        func tensor(_ object: Any) -> Tensor {
            let a = array(object)
            return Tensor(shape: a.shape, storage: a.floats)
        }
        let expect = c["expect"] as! [String: Any]
        expression = c["expr"] as! String
        steps = c["steps"] as! Int
        input = tensor(c["input"]!)
        sets = (c["set"] as! [String: Any]).mapValues(tensor)
        output = tensor(expect["output"]!)
        state = (expect["state"] as! [String: Any]).mapValues(array)
    }
}

/// PyTorch's tolerance in the fixture tests: |ours − torch| ≤ 1e-4 + 1e-4·|torch| everywhere.
private func expectPyTorchClose(_ actual: [Float], _ expected: [Float], _ what: String,
                                sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(actual.count == expected.count, "\(what): count", sourceLocation: sourceLocation)
    for (a, e) in zip(actual, expected) where !(abs(Double(a) - Double(e)) <= 1e-4 + 1e-4 * abs(Double(e))) {
        Issue.record("\(what): \(actual) vs PyTorch's \(expected)", sourceLocation: sourceLocation)
        return
    }
}

@Suite struct TrainingPassesTests {
    /// Each run loads the buffers the previous one saved: 25 runs are 25 passes of one module.
    @Test(arguments: ["momentum_0.1", "momentum_none"])
    func chainedComputeRunsReachPyTorchsRunningStatistics(momentum: String) throws {
        let recorded = try RecordedCase(named: "bn_eval_after_25_train_steps_\(momentum)")
        #expect(recorded.steps == 25)
        let dir = try ScratchDirectory()
        let x = try dir.write("x.npy", recorded.input)
        let parameters = try recorded.sets.keys.sorted().flatMap { key in
            ["--set", "\(key)=\(try dir.write("\(key).npy", recorded.sets[key]!))"]
        }
        let buffers = ["running_mean", "running_var", "num_batches_tracked"]
        // Runs alternate between two sets of buffer files (no run writes a file it reads).
        func files(_ pass: Int) -> [String: String] {
            Dictionary(uniqueKeysWithValues: buffers.map { ($0, dir.path("\($0)-\(pass % 2).npy")) })
        }
        for pass in 0..<recorded.steps {
            let loads = pass == 0 ? [] : buffers.flatMap { ["--set", "\($0)=\(files(pass - 1)[$0]!)"] }
            let saves = buffers.flatMap { ["--save", "\($0)=\(files(pass)[$0]!)"] }
            let result = try runLayerScope(["compute", recorded.expression, "--input", x, "--train"]
                                               + parameters + loads + saves)
            try #require(result.status == 0, "pass \(pass): \(result.stderr)")
        }
        let last = files(recorded.steps - 1)
        func saved(_ key: String) throws -> NpyArray {
            try NpyArray(npyBytes: [UInt8](Data(contentsOf: URL(fileURLWithPath: last[key]!))))
        }
        expectPyTorchClose(try saved("running_mean").floats, recorded.state["running_mean"]!.floats, "running_mean")
        expectPyTorchClose(try saved("running_var").floats, recorded.state["running_var"]!.floats, "running_var")
        let count = try saved("num_batches_tracked")
        #expect(count.dtype == .int64 && count.integers == [25] && recorded.state["num_batches_tracked"]!.integers == [25])

        // Then module.eval() and one pass: PyTorch's eval output.
        let loads = buffers.flatMap { ["--set", "\($0)=\(last[$0]!)"] }
        let eval = try runLayerScope(["compute", recorded.expression, "--input", x, "--eval",
                                      "--output", dir.path("y.npy")] + parameters + loads)
        try #require(eval.status == 0, "\(eval.stderr)")
        expectPyTorchClose(try dir.read("y.npy").floats, recorded.output.storage, "eval output")
    }

    @Test func computeInEvalModeRunsNoTrainingPass() throws {
        // eps=0: a fresh module's eval pass (running statistics 0 and 1) gives back the input.
        let dir = try ScratchDirectory()
        let x = try dir.write("x.npy", Tensor(shape: [2, 1, 1, 2], storage: [1, 3, 5, 7]))
        let result = try runLayerScope(["compute", "nn.BatchNorm2d(1, eps=0.0)", "--input", x, "--eval",
                                        "--save", "num_batches_tracked=\(dir.path("n.npy"))", "--print"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "tensor([[[[1., 3.]]],\n\n\n        [[[5., 7.]]]])\n")
        #expect(try dir.read("n.npy").integers == [0])
    }

    /// `--steps` counts training passes: none by default with --eval, and 25 change what eval shows.
    @Test func renderStepsCountTrainingPasses() throws {
        func render(_ extra: [String]) throws -> String {
            let result = try runLayerScope(["render", "nn.BatchNorm2d(3)", "--view", "stats", "--size", "100x30"] + extra)
            try #require(result.status == 0, "\(extra): \(result.stderr)")
            return result.stdout
        }
        let evalDefault = try render(["--eval"])
        #expect(try render(["--eval", "--steps", "0"]) == evalDefault)
        #expect(try render(["--eval", "--steps", "25"]) != evalDefault)
        #expect(try render(["--eval", "--steps", "25"]).contains("num_batches_tracked=25"))
        #expect(evalDefault.contains("num_batches_tracked=0"))
        #expect(try render([]) == render(["--train", "--steps", "1"]))
    }

    @Test(arguments: [
        (["--steps", "0"], "error: --steps: must be between 1 and 10000 in train mode (0 only with --eval), got 0\n"),
        (["--train", "--steps=-3"], "error: --steps: must be between 1 and 10000 in train mode (0 only with --eval), got -3\n"),
        (["--eval", "--steps=-1"], "error: --steps: must be between 0 and 10000, got -1\n"),
        (["--eval", "--steps", "10001"], "error: --steps: must be between 0 and 10000, got 10001\n"),
    ])
    func renderStepsOutOfRangeIsOneLine(_ arguments: [String], _ expected: String) throws {
        let result = try runLayerScope(["render", "nn.BatchNorm2d(3)"] + arguments)
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr == expected)
    }
}
