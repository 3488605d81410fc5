// TrainCommandTests: `layerscope train` end to end — the data sets and their recipes, .npy data,
// --load/--save of every state_dict entry, the CSV log, the JSON line, and each kind of bad input
// as exit 2 with one line on standard error naming what is wrong.

import Foundation
import Testing
@testable import LayerKit

@Suite struct TrainCommandTests {
    static let mlp = "nn.Sequential(nn.Linear(3, 8), nn.Tanh(), nn.Linear(8, 2))"

    /// A small regression problem as .npy files.
    private func regression(_ scratch: ScratchDirectory) throws -> (String, String) {
        var rng = RandomSource(seed: 4)
        let x = try scratch.write("x.npy", try rng.normalTensor(shape: [20, 3]))
        let y = try scratch.write("y.npy", try rng.normalTensor(shape: [20, 2]))
        return (x, y)
    }

    @Test func aDataSetTrainsWithItsRecipeAndReportsTestAccuracy() throws {
        let result = try runLayerScope(["train", "--data", "xor", "--epochs", "15", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let last = try #require(result.stdout.split(separator: "\n").last)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(last.utf8)) as? [String: Any])
        #expect(object["steps"] as? Int == 15 * 25)
        let accuracy = try #require(object["test_accuracy"] as? Double)
        #expect(accuracy >= 0.95, "xor test accuracy \(accuracy)")
        #expect(object["final_loss"] is Double && object["ms_per_step"] is Double)
        // Not a terminal: plain progress lines on standard error.
        #expect(result.stderr.contains("step 375/375"))
        #expect(!result.stderr.contains("\r"))
    }

    @Test func npyDataSaveLoadAndTheLog() throws {
        let scratch = try ScratchDirectory()
        let (x, y) = try regression(scratch)
        let first = try runLayerScope(["train", Self.mlp, "--loss", "nn.MSELoss()", "--optim", "torch.optim.SGD(lr=0.1, momentum=0.9)",
                                       "--input", x, "--target", y, "--batch-size", "8", "--steps", "6",
                                       "--save", scratch.path("after6"), "--log", scratch.path("log.csv")])
        #expect(first.status == 0, "\(first.stderr)")
        let log = try String(contentsOfFile: scratch.path("log.csv"), encoding: .utf8).split(separator: "\n")
        #expect(log.first == "step,loss")
        #expect(log.count == 7)
        for key in ["0.weight", "0.bias", "2.weight", "2.bias"] {
            #expect(FileManager.default.fileExists(atPath: scratch.path("after6/\(key).npy")), "\(key)")
        }
        // Loading the saved weights and taking no-shuffle steps from there continues the run.
        let resumed = try runLayerScope(["train", Self.mlp, "--loss", "nn.MSELoss()", "--optim", "torch.optim.SGD(lr=0.1)",
                                         "--input", x, "--target", y, "--batch-size", "20", "--steps", "1",
                                         "--load", scratch.path("after6"), "--json"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        let fresh = try runLayerScope(["train", Self.mlp, "--loss", "nn.MSELoss()", "--optim", "torch.optim.SGD(lr=0.1)",
                                       "--input", x, "--target", y, "--batch-size", "20", "--steps", "1", "--json"])
        func loss(_ r: ProcessResult) throws -> Double {
            let object = try JSONSerialization.jsonObject(with: Data(r.stdout.split(separator: "\n").last!.utf8)) as! [String: Any]
            return object["final_loss"] as! Double
        }
        #expect(try loss(resumed) != loss(fresh), "--load changed nothing")
        #expect(try loss(resumed) < loss(fresh), "six steps of training did not lower the loss")
    }

    @Test(arguments: [
        (["--optim", "torch.optim.SGD(lr=-0.1)"], "Invalid learning rate: -0.1"),
        (["--optim", "torch.optim.Adam(betas=(1.5, 0.9))"], "Invalid beta parameter at index 0: 1.5"),
        (["--optim", "torch.optim.SGD(lr=0.1, nesterov=True)"], "Nesterov momentum requires a momentum and zero dampening"),
        (["--optim", "torch.optim.RMSprop(lr=0.1)"], "unknown optimiser 'RMSprop'"),
        (["--optim", "torch.optim.SGD(lr=0.1, foo=1)"], "got an unexpected keyword argument 'foo'"),
        (["--loss", "nn.ReLU()"], "is not a loss"),
        (["--loss", "nn.MSELoss(reduction='none')"], "grad can be implicitly created only for scalar outputs"),
        (["--batch-size", "0"], "--batch-size must be from 1 to 1000000"),
    ])
    func badSettingsAreOneLineAndExitTwo(extra: [String], message: String) throws {
        let scratch = try ScratchDirectory()
        let (x, y) = try regression(scratch)
        var arguments = ["train", Self.mlp, "--input", x, "--target", y, "--steps", "2"]
        if !extra.contains("--loss") { arguments += ["--loss", "nn.MSELoss()"] }
        let result = try runLayerScope(arguments + extra)
        #expect(result.status == 2, "\(extra): \(result.stdout)")
        #expect(result.stderr.contains(message), "\(extra): \(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1, "\(extra): \(result.stderr)")
    }

    @Test func aTargetThatDoesNotFitTheLossAndAShapeMismatchNameWhatIsWrong() throws {
        let scratch = try ScratchDirectory()
        let (x, y) = try regression(scratch)
        var rng = RandomSource(seed: 5)
        let three = try scratch.write("y3.npy", try rng.normalTensor(shape: [20, 3]))
        let classes = try runLayerScope(["train", Self.mlp, "--loss", "nn.CrossEntropyLoss()", "--input", x, "--target", three,
                                         "--steps", "1"])
        #expect(classes.status == 2, "\(classes.stdout)")
        #expect(classes.stderr.split(separator: "\n").count == 1, "\(classes.stderr)")
        let stage = try runLayerScope(["train", "nn.Sequential(nn.Linear(3, 8), nn.Tanh(), nn.Linear(7, 2))", "--loss", "nn.MSELoss()",
                                       "--input", x, "--target", y, "--steps", "1"])
        #expect(stage.status == 2)
        #expect(stage.stderr.contains("stage 2, nn.Linear(7, 2)") && stage.stderr.contains("mat1 and mat2 shapes cannot be multiplied (20x8 and 7x2)"),
                "\(stage.stderr)")
        let missing = try runLayerScope(["train", Self.mlp, "--loss", "nn.MSELoss()", "--input", x, "--target", y,
                                         "--steps", "1", "--load", scratch.url.path])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("missing 0.weight.npy for the state_dict key 0.weight"), "\(missing.stderr)")
        let unknown = try runLayerScope(["train", "--data", "mnist"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("unknown data set 'mnist'; known: digits, spirals, circles, xor, blobs"), "\(unknown.stderr)")
    }

    @Test func aFailedRunWritesNothing() throws {
        let scratch = try ScratchDirectory()
        let (x, y) = try regression(scratch)
        try "keep me\n".write(toFile: scratch.path("log.csv"), atomically: true, encoding: .utf8)
        let result = try runLayerScope(["train", "nn.Sequential(nn.Linear(3, 8), nn.Linear(9, 2))", "--loss", "nn.MSELoss()",
                                        "--input", x, "--target", y, "--steps", "3", "--log", scratch.path("log.csv")])
        #expect(result.status == 2)
        #expect(try String(contentsOfFile: scratch.path("log.csv"), encoding: .utf8) == "keep me\n")
    }

    @Test func thePlotIsTheLossCurve() throws {
        let result = try runLayerScope(["train", "--data", "blobs", "--epochs", "2", "--plot", "--ascii"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("loss") && result.stdout.contains("step"))
        #expect(result.stdout.split(separator: "\n").count >= 15)
        let allASCII = result.stdout.unicodeScalars.allSatisfy { $0.isASCII }
        #expect(allASCII, "--ascii output with a non-ASCII character")
        #expect(!result.stdout.contains("?"), "a symbol without an ASCII spelling")
    }
}

@Suite struct ComputeNetworkTests {
    @Test func computeRunsASequentialWithItsStateDictKeys() throws {
        let scratch = try ScratchDirectory()
        let x = try scratch.write("x.npy", Tensor(shape: [2, 3], storage: [1, 2, 3, -1, 0, 1]))
        let w = try scratch.write("w.npy", Tensor(shape: [2, 3], storage: [1, 0, 0, 0, 1, -1]))
        let b = try scratch.write("b.npy", Tensor(shape: [2], storage: [0.5, -0.5]))
        let result = try runLayerScope(["compute", "nn.Sequential(nn.Linear(3, 2), nn.ReLU())", "--input", x,
                                        "--set", "0.weight=\(w)", "--set", "0.bias=\(b)",
                                        "--output", scratch.path("y.npy"), "--grad-input", scratch.path("g.npy"),
                                        "--save", "0.bias=\(scratch.path("bias.npy"))"])
        #expect(result.status == 0, "\(result.stderr)")
        // y = relu(x·Wᵀ + b): item 0 → (1.5, -1.5) → (1.5, 0); item 1 → (-0.5, -1.5) → (0, 0).
        #expect(try scratch.read("y.npy").floats == [1.5, 0, 0, 0])
        // d(sum y)/dx: only unit 0 of item 0 is active, so its row is W[0].
        #expect(try scratch.read("g.npy").floats == [1, 0, 0, 0, 0, 0])
        #expect(try scratch.read("bias.npy").floats == [0.5, -0.5])
        let unknown = try runLayerScope(["compute", "nn.Sequential(nn.Linear(3, 2), nn.ReLU())", "--input", x,
                                         "--set", "1.weight=\(w)"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("its keys are 0.weight, 0.bias"), "\(unknown.stderr)")
    }
}

@Suite struct TrainProgressTests {
    /// On a terminal the progress is one line redrawn in place, never wider than the terminal.
    @Test func theProgressBarRedrawsOneLineInANarrowTerminal() throws {
        let tmux = try TmuxSession(width: 50, height: 12, arguments: ["train", "--data", "xor", "--epochs", "20"])
        let screen = try tmux.waitUntil("the finished run") { $0.contains("last batch loss") }
        let bars = screen.split(separator: "\n").filter { $0.hasPrefix("[") && $0.contains("step ") }
        #expect(bars.count == 1, "one progress line, redrawn: \(screen)")
        #expect(bars.first?.contains("step 500/500") == true, "\(screen)")
        #expect(screen.split(separator: "\n").allSatisfy { $0.count <= 50 })
        #expect(tmux.exitStatus() == 0)
    }
}

@Suite struct NetworkRenderTests {
    @Test func renderDrawsANetworksPipeline() throws {
        let result = try runLayerScope(["render", "nn.Sequential(nn.Conv2d(1, 4, 3), nn.ReLU(), nn.Flatten(), nn.Linear(4 * 14 * 14, 10))",
                                        "--size", "100x30", "--ascii"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("on test example 0"))
        #expect(result.stdout.contains("[2] Flatten") && result.stdout.contains("784"))
        #expect(result.stdout.contains("step 0 * epoch 1"))
        #expect(result.stdout.contains("|W| 1.3") && result.stdout.contains("|dW| -") && !result.stdout.contains("?"))
        #expect(result.stdout.split(separator: "\n").count == 30)
    }

    @Test func aNetworkWhoseOutputsAreNotTheClassesSaysSo() throws {
        let result = try runLayerScope(["render", "nn.Sequential(nn.Flatten(), nn.Linear(256, 3))"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("digits has 10 classes, so it must end in 10 outputs"), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1)
    }

    @Test func aNetworkThatDoesNotFitIsOneLineNamingTheStage() throws {
        let result = try runLayerScope(["render", "nn.Sequential(nn.Linear(2, 4), nn.Linear(3, 1))"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("stage 1, nn.Linear(3, 1)"), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1)
    }
}

@Suite struct NetworkTrainStepsRenderTests {
    static let cnn = "nn.Sequential(nn.Conv2d(1, 8, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(8 * 8 * 8, 10))"

    @Test func trainStepsDrawsTheLossCurveAndIsTheSameEveryTime() throws {
        let arguments = ["render", Self.cnn, "--train-steps", "20", "--size", "120x40", "--ascii"]
        let first = try runLayerScope(arguments)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("torch.optim.SGD(lr=0.1, momentum=0.9) * batch 32 * seed 0"))
        #expect(first.stdout.contains("step 20 * epoch 1 * paused"))
        #expect(first.stdout.contains("accuracy: test ") && first.stdout.contains("test 2.") == false)
        #expect(first.stdout.contains("batch loss") && first.stdout.contains("test loss"))
        let second = try runLayerScope(arguments)
        #expect(second.stdout == first.stdout, "the same seed drew a different picture")
        let other = try runLayerScope(arguments + ["--seed", "3"])
        #expect(other.stdout != first.stdout)
    }

    @Test func trainStepsNeedsDataItCanFeed() throws {
        let result = try runLayerScope(["render", "nn.Sequential(nn.Linear(5, 2))", "--train-steps", "3"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("--train-steps: give --data"), "\(result.stderr)")
    }
}

@Suite struct DecisionBoundaryRenderTests {
    @Test func aTwoFeatureNetworkShowsItsDecisionBoundaryForming() throws {
        let mlp = "nn.Sequential(nn.Linear(2, 16), nn.Tanh(), nn.Linear(16, 2))"
        let result = try runLayerScope(["render", mlp, "--data", "circles", "--train-steps", "300", "--optim",
                                        "torch.optim.Adam(lr=0.05)", "--size", "100x40", "--ascii"])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let title = try #require(lines.firstIndex { $0.contains("decision boundary: P(class 1)") })
        let column = try #require(lines[title].range(of: "decision boundary")).lowerBound.utf16Offset(in: lines[title])
        // The map's rows under its title: both classes' regions (the ramp's ends) and the test
        // points of both classes appear once trained.
        let map = lines[(title + 3)...].prefix(12).map { String($0.dropFirst(column).prefix(24)) }.joined()
        #expect(map.contains("@") && map.contains(" "), "no boundary:\n\(lines[title...].prefix(14).joined(separator: "\n"))")
        #expect(map.contains("0") && map.contains("1"), "no test points")
        #expect(result.stdout.contains("accuracy: test "))
    }
}

@Suite struct ConfusionRenderTests {
    @Test func aTrainedClassifierShowsItsConfusionMatrixUnsampled() throws {
        let cnn = "nn.Sequential(nn.Conv2d(1, 8, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(8 * 8 * 8, 10))"
        let wide = try runLayerScope(["render", cnn, "--train-steps", "30", "--size", "120x40", "--ascii"])
        #expect(wide.status == 0, "\(wide.stderr)")
        let title = try #require(wide.stdout.split(separator: "\n").first { $0.contains("confusion ") && $0.contains("10x10") })
        let own = title.components(separatedBy: "confusion").last ?? ""
        #expect(!own.contains("1:"), "the confusion matrix is sampled: \(title)")
        // At 80x24 there is no room: the stages keep the space.
        let narrow = try runLayerScope(["render", cnn, "--train-steps", "30", "--ascii"])
        #expect(narrow.status == 0)
        #expect(!narrow.stdout.contains("confusion"))
    }
}

/// `render … --train-steps 50` as snapshot files: the pipeline strip, the loss curves, the
/// confusion matrix (digits) and the decision boundary (spirals), at 120×40 and 80×24, in ASCII
/// (`Snapshots/network-*.txt`; LAYERSCOPE_RECORD=1 rewrites them), made with the plain C kernels.
@Suite struct NetworkScreenSnapshotTests {
    static let cases: [(name: String, arguments: [String])] = [
        ("network-digits-50-120x40", [NetworkTrainStepsRenderTests.cnn, "--size", "120x40"]),
        ("network-digits-50-80x24", [NetworkTrainStepsRenderTests.cnn, "--size", "80x24"]),
        ("network-spirals-50-120x40", ["nn.Sequential(nn.Linear(2, 32), nn.Tanh(), nn.Linear(32, 32), nn.Tanh(), nn.Linear(32, 2))",
                                       "--optim", "torch.optim.Adam(lr=0.01)", "--size", "120x40"]),
        ("network-spirals-50-80x24", ["nn.Sequential(nn.Linear(2, 32), nn.Tanh(), nn.Linear(32, 32), nn.Tanh(), nn.Linear(32, 2))",
                                      "--optim", "torch.optim.Adam(lr=0.01)", "--size", "80x24", "--stage", "2"]),
    ]

    @Test(arguments: cases.indices)
    func theScreenAfter50StepsIsASnapshot(index: Int) throws {
        let (name, arguments) = Self.cases[index]
        // Plain C kernels: the same numbers on every processor (as the docs' pictures are made).
        let result = try runLayerScope(["render"] + arguments + ["--train-steps", "50", "--ascii", "--color", "never"],
                                       environment: ["LAYERSCOPE_KERNELS": "portable"])
        #expect(result.status == 0, "\(result.stderr)")
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots/\(name).txt")
        if ProcessInfo.processInfo.environment["LAYERSCOPE_RECORD"] == "1" {
            try result.stdout.write(to: file, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOf: file, encoding: .utf8)
        #expect(result.stdout == expected, "\(name) differs:\n\(result.stdout)")
        // What each must show, whatever the snapshot says.
        #expect(result.stdout.contains("step 50 * epoch"))
        #expect(result.stdout.contains("batch loss"))
        if name.contains("digits-50-120x40") { #expect(result.stdout.contains("confusion matrix of the test set at") && result.stdout.contains("confusion  10x10")) }
        if name.contains("spirals") { #expect(result.stdout.contains("decision boundary: P(class 1)")) }
    }
}
