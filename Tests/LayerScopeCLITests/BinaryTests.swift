// End-to-end tests of the built `layerscope` binary: real .npy files in, real files and exit
// statuses out.

import Foundation
import Testing
@testable import LayerKit

/// A scratch directory removed when the test ends.
final class ScratchDirectory {
    let url: URL
    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("layerscope-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(at: url) }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    func write(_ name: String, _ tensor: Tensor) throws -> String {
        try Data(NpyArray.encode(tensor)).write(to: url.appendingPathComponent(name))
        return path(name)
    }

    func write(_ name: String, _ tensor: IndexTensor) throws -> String {
        try Data(NpyArray.encode(tensor)).write(to: url.appendingPathComponent(name))
        return path(name)
    }

    func read(_ name: String) throws -> NpyArray {
        try NpyArray(npyBytes: [UInt8](Data(contentsOf: url.appendingPathComponent(name))))
    }
}

@Suite struct BinaryTests {
    @Test func helpExitsZero() throws {
        let result = try runLayerScope(["--help"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("compute"))
        #expect(result.stdout.contains("ui"))
    }

    @Test func interactiveProgramWithoutATerminalSaysSoInOneLine() throws {
        // stdin and stdout are pipes here: the TUI must refuse cleanly, not draw escape codes.
        for arguments in [[], ["ui"]] {
            let result = try runLayerScope(arguments)
            #expect(result.status == 2)
            #expect(result.stdout.isEmpty)
            #expect(result.stderr.contains("needs a terminal"))
            #expect(result.stderr.split(separator: "\n").count == 1)
        }
    }

    @Test func unknownThemeForTheInteractiveProgramFailsBeforeTheTerminal() throws {
        let result = try runLayerScope(["ui", "--theme", "no-such-theme"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("unknown theme 'no-such-theme'"))
    }

    @Test func computeWritesOutputIndicesAndPrints() throws {
        let dir = try ScratchDirectory()
        let x = try dir.write("x.npy", Tensor(shape: [1, 1, 2, 4], storage: [1, 5, 2, 2, 3, 0, 7, 9]))
        let result = try runLayerScope(["compute", "nn.MaxPool2d(2, return_indices=True)", "--input", x,
                                        "--output", dir.path("y.npy"), "--indices", dir.path("i.npy"), "--print"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "(tensor([[[[5., 9.]]]]), tensor([[[[1, 7]]]]))\n")
        let y = try dir.read("y.npy")
        #expect(y.dtype == .float32 && y.shape == [1, 1, 1, 2] && y.floats == [5, 9])
        let i = try dir.read("i.npy")
        #expect(i.dtype == .int64 && i.integers == [1, 7])
    }

    @Test func computeLossGradientAndDefaultPrint() throws {
        let dir = try ScratchDirectory()
        let x = try dir.write("x.npy", Tensor(shape: [2], storage: [1, 4]))
        let t = try dir.write("t.npy", Tensor(shape: [2], storage: [0, 0]))
        let printed = try runLayerScope(["compute", "nn.MSELoss()", "--input", x, "--target", t])
        #expect(printed.status == 0, "\(printed.stderr)")
        #expect(printed.stdout == "tensor(8.5000)\n")
        let result = try runLayerScope(["compute", "nn.MSELoss(reduction='sum')", "--input", x, "--target", t,
                                        "--grad-input", dir.path("g.npy"), "--output", dir.path("l.npy")])
        #expect(result.status == 0 && result.stdout.isEmpty, "\(result.stderr)")
        #expect(try dir.read("g.npy").floats == [2, 8])
        let loss = try dir.read("l.npy")
        #expect(loss.shape == [] && loss.floats == [17])
    }

    @Test func computeSetsAndSavesState() throws {
        let dir = try ScratchDirectory()
        let x = try dir.write("x.npy", Tensor(shape: [2, 1, 1, 2], storage: [1, 3, 5, 7]))
        let rm = try dir.write("rm.npy", Tensor(shape: [1], storage: [2]))
        let result = try runLayerScope(["compute", "nn.BatchNorm2d(1, momentum=0.5)", "--input", x,
                                        "--set", "running_mean=\(rm)", "--train",
                                        "--save", "running_mean=\(dir.path("m.npy"))",
                                        "--save", "num_batches_tracked=\(dir.path("n.npy"))"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try dir.read("m.npy").floats == [3])  // 0.5·2 + 0.5·mean(1,3,5,7)
        let n = try dir.read("n.npy")
        #expect(n.dtype == .int64 && n.integers == [1])
    }

    @Test func evalModeDropoutIsIdentity() throws {
        let dir = try ScratchDirectory()
        let x = try dir.write("x.npy", Tensor(shape: [3], storage: [1, 2, 3]))
        let result = try runLayerScope(["compute", "nn.Dropout(p=0.9)", "--input", x, "--eval"])
        #expect(result.status == 0)
        #expect(result.stdout == "tensor([1., 2., 3.])\n")
    }

    /// Every mistake exits with status 2 and exactly one line on stderr — never a crash.
    @Test(arguments: [
        (["compute", "nn.Conv2d(1, 2,", "--input", "X"], "expression: "),
        (["compute", "nn.Conv3d(1, 2, 3)", "--input", "X"], "unknown layer 'Conv3d'"),
        (["compute", "nn.Conv2d(1, 2, 3, groups=0)", "--input", "X"], "groups must be a positive integer"),
        (["compute", "nn.MaxPool2d(3, padding=2)", "--input", "X"], "pad should be at most half of effective kernel size"),
        (["compute", "nn.Conv2d(1, 2, 5)", "--input", "X"], "Kernel size can't be greater than actual input size"),
        (["compute", "nn.ReLU()", "--input", "MISSING"], "--input"),
        (["compute", "nn.ReLU()", "--input", "I64"], "--input: holds int64 values"),
        (["compute", "nn.ReLU()", "--input", "NOTNPY"], "not a .npy file"),
        (["compute", "nn.ReLU()", "--input", "X", "--target", "X"], "target"),
        (["compute", "nn.L1Loss()", "--input", "X"], "needs a target"),
        (["compute", "nn.Conv2d(1, 2, 3)", "--input", "X", "--grad-input", "G"], "grad-input"),
        (["compute", "nn.Conv2d(1, 2, 3)", "--input", "X", "--set", "weight=X"], "size mismatch for weight"),
        (["compute", "nn.Conv2d(1, 2, 3)", "--input", "X", "--set", "running_mean=X"], "running_mean"),
        (["compute", "nn.Conv2d(1, 2, 3)", "--input", "X", "--set", "weight"], "--set expects KEY=FILE.npy"),
        (["compute", "nn.ReLU()", "--input", "X", "--indices", "I"], "--indices"),
        (["compute", "nn.ReLU()", "--input", "X", "--save", "weight=W"], "no parameter or buffer 'weight'"),
        (["compute", "nn.ReLU()"], "--input"),
        (["compute", "nn.ReLU()", "--input", "X", "--train", "--eval"], ""),
        (["compute", "nn.ReLU()", "--input", "X", "--seed", "-1"], ""),
        (["nonsense"], ""),
        (["list", "Conv9d"], "unknown layer 'Conv9d'"),
    ])
    func mistakesExitTwoWithOneLine(arguments: [String], fragment: String) throws {
        let dir = try ScratchDirectory()
        let x = try dir.write("x.npy", Tensor(shape: [1, 1, 3, 3], repeating: 1))
        let i64 = try dir.write("i.npy", IndexTensor(shape: [2], storage: [1, 2]))
        try Data("not numpy".utf8).write(to: dir.url.appendingPathComponent("bad.npy"))
        let substitutions = ["X": x, "I64": i64, "NOTNPY": dir.path("bad.npy"), "MISSING": dir.path("missing.npy"),
                             "G": dir.path("g.npy"), "I": dir.path("i-out.npy"), "W": dir.path("w.npy")]
        let resolved = arguments.map { argument in
            substitutions.reduce(argument) { text, pair in
                text == pair.key ? pair.value : text.replacingOccurrences(of: "=\(pair.key)", with: "=\(pair.value)")
            }
        }
        let result = try runLayerScope(resolved)
        #expect(result.status == 2, "\(arguments): status \(result.status), stderr \(result.stderr)")
        let lines = result.stderr.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.isEmpty }
        #expect(lines.count == 1, "\(arguments): \(result.stderr)")
        #expect(result.stderr.hasPrefix("error: "))
        if !fragment.isEmpty {
            #expect(result.stderr.contains(fragment), "\(arguments): \(result.stderr)")
        }
    }

    @Test func listShowsEveryLayerWithDefaultsAndRanges() throws {
        let result = try runLayerScope(["list"])
        #expect(result.status == 0)
        for schema in Catalog.schemas {
            #expect(result.stdout.contains("nn.\(schema.name) — "), "\(schema.name)")
        }
        #expect(result.stdout.contains("Non-linear activations"))
        let widest = result.stdout.split(separator: "\n").map(\.count).max() ?? 0
        #expect(widest <= 80, "list is \(widest) columns wide")
        let conv = try runLayerScope(["list", "nn.Conv2d"])
        #expect(conv.stdout.contains("padding_mode"))
        #expect(conv.stdout.contains("= 'zeros'"))
        #expect(!conv.stdout.contains("MaxPool2d"))
    }
}
