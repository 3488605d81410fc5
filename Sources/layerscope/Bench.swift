// `layerscope bench`: how long one forward pass, or one whole frame, takes — the release build's
// own stopwatch, so LayerScope's kernels can be set beside PyTorch's and every frame checked
// against the time a keystroke allows.

import ArgumentParser
import CellRender
import Foundation
import LayerKit
import Scenes

struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Time a layer's forward pass (or a whole rendered frame).",
        discussion: """
            EXPR is a PyTorch constructor, e.g. "nn.Conv2d(16, 33, 3)". The forward pass runs \
            --warmup times untimed, then --repeat times timed; the median and the fastest run are \
            printed in milliseconds. With --render, each timed run builds the scene (the forward \
            pass included) and draws it into a --size grid of cells. With --all-presets, every seed \
            example is timed in turn (its own input shape unless --shape is given). --json ends \
            the report of each expression with one JSON object on a line of its own. With --render \
            --reselect the layer runs once and each timed run only steps the channel and output \
            position (Scene.selecting) and draws: what a keystroke that moves the selection costs.
            """
    )

    @Argument(help: "A torch.nn constructor expression (omit with --all-presets).")
    var expression: String?

    @Option(name: .long, parsing: .unconditional,
            help: ArgumentHelp("The input shape, e.g. 20,16,50,100 (default: the layer's own).", valueName: "N,C,H,W"))
    var shape: String?

    @Option(name: .long, help: "Timed runs (1 to 10000).")
    var `repeat`: Int = 20

    @Option(name: .long, help: "Untimed runs first (0 to 1000).")
    var warmup: Int = 3

    @Option(name: .long, help: "Threads the kernels may use (default: every core).")
    var threads: Int?

    @Flag(name: .long, help: "Time a whole frame: build the scene and render it to cells.")
    var render = false

    @Flag(name: .long, help: "With --render: run the layer once, then time stepping the channel and drawing.")
    var reselect = false

    @Flag(name: .long, help: "With --render: time the interactive program's whole screen after a key (r, or c with --reselect).")
    var screen = false

    @Option(name: .long, help: ArgumentHelp("With --screen: the key pressed before each screen, e.g. t (train/eval: the layer reruns on the same input).", valueName: "KEY"))
    var key: String?

    @Option(name: .long, help: ArgumentHelp("The frame's size in columns and rows (with --render).", valueName: "WxH"))
    var size: String = "120x40"

    @Flag(name: .customLong("all-presets"), help: "Time every seed example instead of EXPR.")
    var allPresets = false

    @Option(name: .long, help: ArgumentHelp(
        "The input pattern (\(InputPattern.allCases.map(\.rawValue).joined(separator: ", "))).", valueName: "PATTERN"))
    var input: String = InputPattern.random.rawValue

    @Option(name: .long, help: "Seed for initial weights, the input and dropout masks.")
    var seed: UInt64 = 0

    @Flag(name: .long, help: "End each report with a JSON object on one line.")
    var json = false

    @Option(name: .long, help: ArgumentHelp("Time a classroom instead: N follower processes on 80x24 terminals follow a leader replaying 50 keys (bytes, delays, memory).", valueName: "N"))
    var follow: Int?

    @Option(name: .long, help: ArgumentHelp(
        "Time one training step of MODEL instead (forward, CrossEntropyLoss, backward, the optimiser); default input --shape B,1,16,16.",
        valueName: "MODEL"))
    var train: String?

    @Option(name: .customLong("batch-size"), help: "With --train: examples per step.")
    var batchSize: Int = 32

    @Option(name: .long, help: ArgumentHelp("With --train: the optimiser.", valueName: "OPTIM"))
    var optim: String = "torch.optim.Adam(lr=0.01)"

    @Option(name: .long, help: ArgumentHelp(
        "Time the network view of MODEL (an nn.Sequential on its default data set) instead: steps a second headless, "
            + "a frame at --size, and steps a second while frames are drawn as the interactive program draws them.",
        valueName: "MODEL"))
    var network: String?

    @Option(name: .long, help: ArgumentHelp("With --network: seconds to train for each of the two runs (1 to 60).", valueName: "S"))
    var seconds: Double = 3

    func run() throws {
        if let network {
            guard expression == nil, train == nil, !allPresets, !render else { throw CLIError("--network: give the model to --network alone") }
            guard (1...60).contains(seconds) else { throw CLIError("--seconds: must be between 1 and 60, got \(seconds)") }
            let (width, height) = try parseSize(size)
            let report = try NetworkViewBench.run(network, width: width, height: height, seconds: seconds, repeat: `repeat`)
            print(report.text)
            if json { print(report.json) }
            return
        }
        if let train {
            guard expression == nil, !allPresets, !render else { throw CLIError("--train: give the model to --train alone") }
            guard (1...10_000).contains(`repeat`) else { throw CLIError("--repeat: must be between 1 and 10000, got \(`repeat`)") }
            guard (0...1_000).contains(warmup) else { throw CLIError("--warmup: must be between 0 and 1000, got \(warmup)") }
            if let threads {
                guard (1...256).contains(threads) else { throw CLIError("--threads: must be between 1 and 256, got \(threads)") }
                KernelThreads.limit = threads
            }
            let report = try timeTraining(train)
            print(report.text)
            if json { print(try report.jsonLine()) }
            return
        }
        if let follow {
            try writeToStandardOutput(try FollowBench.run(followers: follow, json: json))
            return
        }
        guard (1...10_000).contains(`repeat`) else { throw CLIError("--repeat: must be between 1 and 10000, got \(`repeat`)") }
        guard (0...1_000).contains(warmup) else { throw CLIError("--warmup: must be between 0 and 1000, got \(warmup)") }
        if let threads {
            guard (1...256).contains(threads) else { throw CLIError("--threads: must be between 1 and 256, got \(threads)") }
            KernelThreads.limit = threads
        }
        guard let pattern = InputPattern(rawValue: input) else {
            throw CLIError("--input: '\(input)' is not a pattern (\(InputPattern.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        guard render || !reselect else { throw CLIError("--reselect: only with --render") }
        guard render || !screen else { throw CLIError("--screen: only with --render") }
        guard screen || key == nil else { throw CLIError("--key: only with --screen") }
        if let key, key.count != 1 || KeyMap.command(for: .character(key.first!)) == nil {
            throw CLIError("--key: expected one key of the interactive program (see docs/keys.md), got '\(key)'")
        }
        let (width, height) = try parseSize(size)
        let fixedShape = try shape.map(parseShape)

        let jobs: [(expression: String, shape: [Int]?, target: TargetKind)]
        if allPresets {
            guard expression == nil else { throw CLIError("--all-presets: give either EXPR or --all-presets, not both") }
            jobs = Preset.seedExamples.map { ($0.expression, fixedShape ?? $0.shape, $0.target) }
        } else {
            guard let expression else { throw CLIError("missing EXPR (or --all-presets)") }
            jobs = [(expression, fixedShape, .classes)]
        }
        for job in jobs {
            var state = try SceneState(expression: job.expression)
            state.shape = job.shape
            state.input = .pattern(pattern)
            state.target = job.target
            state.seed = seed
            let report = try !render ? timeForward(state)
                : screen ? timeScreen(state, width: width, height: height)
                : timeFrame(state, width: width, height: height)
            print(report.text)
            if json { print(try report.jsonLine()) }
        }
    }

    /// Times `Scene(state)` followed by `render(width:height:options:)`, colour on, as the TUI draws.
    private func timeFrame(_ state: SceneState, width: Int, height: Int) throws -> BenchReport {
        let options = RenderOptions(theme: .builtinDefault, color: true, ascii: false)
        let first = try makeScene(state)
        var step = 0
        let samples = try measure {
            if reselect {
                step += 1
                let scene = try first.selecting(view: state.view, channel: step, position: first.position(steppedBy: step))
                _ = scene.render(width: width, height: height, options: options)
            } else {
                let scene = try Scene(state)
                _ = scene.render(width: width, height: height, options: options)
            }
        }
        return BenchReport(expression: state.arguments.expression, shape: first.input.shape,
                           outputShape: first.result.output.shape, mode: reselect ? "reselect" : "render",
                           size: "\(width)x\(height)",
                           warmup: warmup, threads: KernelThreads.count, samples: samples)
    }

    /// Times what one key costs in the interactive program: the workbench reacts (`r`: a new seed,
    /// so the layer runs again; `c` with --reselect: the next channel) and draws its whole screen.
    private func timeScreen(_ state: SceneState, width: Int, height: Int) throws -> BenchReport {
        var workbench = try Workbench(state: state)
        guard let scene = workbench.scene, workbench.problem == nil else {
            throw CLIError(workbench.problem ?? "no scene for \(state.arguments.expression)")
        }
        let pressed: Key = key.map { .character($0.first!) } ?? (reselect ? .character("c") : .character("r"))
        let samples = try measure {
            workbench.handle(pressed)
            _ = WorkbenchScreen.render(workbench, width: width, height: height, color: true, ascii: false)
        }
        return BenchReport(expression: state.arguments.expression, shape: scene.input.shape,
                           outputShape: scene.result.output.shape,
                           mode: key.map { "screen-" + $0 } ?? (reselect ? "screen-reselect" : "screen"),
                           size: "\(width)x\(height)",
                           warmup: warmup, threads: KernelThreads.count, samples: samples)
    }

    /// Times the layer's forward pass alone on the scene's input (and target, for losses).
    private func timeForward(_ state: SceneState) throws -> BenchReport {
        let scene = try makeScene(state)
        var computation = try Computation(arguments: state.arguments, seed: state.seed)
        let samples = try measure {
            _ = try computation.run(input: scene.input, target: scene.target, training: state.training)
        }
        return BenchReport(expression: state.arguments.expression, shape: scene.input.shape,
                           outputShape: scene.result.output.shape, mode: "forward", size: nil,
                           warmup: warmup, threads: KernelThreads.count, samples: samples)
    }

    /// Times one whole training step of `modelText` on a batch of standard normal inputs with
    /// random class targets: forward in train mode, CrossEntropyLoss, backward, `optimizer.step()`.
    private func timeTraining(_ modelText: String) throws -> BenchReport {
        guard (1...100_000).contains(batchSize) else { throw CLIError("--batch-size: must be between 1 and 100000, got \(batchSize)") }
        var rng = RandomSource(seed: seed)
        let model = try Sequential(parsing: modelText, rng: &rng)
        let inputShape = try shape.map(parseShape) ?? model.defaultInputShape(batch: batchSize)
        guard inputShape.first == batchSize else {
            throw CLIError("--shape: the first dimension is the batch, \(batchSize) (--batch-size); got \(inputShape.torchList)")
        }
        let input = try rng.normalTensor(shape: inputShape)
        var probe = model
        var context = ForwardContext(training: false)
        let output = try probe.forward(input, context: &context).output
        guard output.rank == 2, output.shape[1] > 0 else {
            throw CLIError("--train: CrossEntropyLoss needs (N, C) outputs; the model gives \(output.shape.torchList)")
        }
        let classes = output.shape[1]
        let labels = IndexTensor(shape: [batchSize], storage: (0..<batchSize).map { _ in Int64(rng.next() % UInt64(classes)) })
        let data = try TrainingSet(inputs: input, targets: .classes(labels, dtype: "Long"))
        let loss = try Catalog.layer(parsing: "nn.CrossEntropyLoss()", rng: &rng) as! any Loss
        var trainer = try Trainer(model: model, loss: loss, optimizer: try Optimizers.parse(optim), data: data,
                                  batchSize: batchSize, shuffle: false, seed: seed)
        let samples = try measure { _ = try trainer.step() }
        return BenchReport(expression: model.expression + " · " + trainer.optimizer.expression, shape: inputShape,
                           outputShape: output.shape, mode: "train", size: nil,
                           warmup: warmup, threads: KernelThreads.count, samples: samples)
    }

    /// The scene (which checks the shape and makes the input), its own errors as one line.
    private func makeScene(_ state: SceneState) throws -> Scene {
        do {
            return try Scene(state)
        } catch let error as SceneError {
            throw CLIError(error.description)
        }
    }

    /// Runs `body` `warmup` times, then `repeat` times, returning each timed run in milliseconds.
    private func measure(_ body: () throws -> Void) throws -> [Double] {
        for _ in 0..<warmup { try body() }
        let clock = ContinuousClock()
        var samples: [Double] = []
        samples.reserveCapacity(`repeat`)
        for _ in 0..<`repeat` {
            let elapsed = try clock.measure(body)
            samples.append(elapsed.seconds * 1e3)
        }
        return samples
    }
}

/// The timings of one expression, as text and as one JSON object.
struct BenchReport: Encodable {
    var expression: String
    var shape: [Int]
    var outputShape: [Int]
    var mode: String
    var size: String?
    var warmup: Int
    var threads: Int
    var samples: [Double]

    /// The middle run (the mean of the two middle runs for an even count).
    var median: Double {
        let sorted = samples.sorted()
        let mid = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
    }

    /// The fastest run.
    var minimum: Double { samples.min() ?? 0 }

    var text: String {
        let names = ["render": "frame ", "reselect": "selection frame ", "screen": "screen after r ",
                     "screen-reselect": "screen after c "]
        let keyName = mode.hasPrefix("screen-") && mode != "screen-reselect" ? "screen after " + mode.dropFirst(7) + " " : nil
        let what = mode == "forward" ? "forward" : (keyName ?? names[mode] ?? mode + " ") + (size ?? "")
        return "\(expression)  input \(shape.torchList) → output \(outputShape.torchList)\n"
            + "  \(what), \(threads) thread\(threads == 1 ? "" : "s"), \(samples.count) runs after \(warmup) warm-up: "
            + "median \(milliseconds(median)) ms, min \(milliseconds(minimum)) ms"
    }

    private func milliseconds(_ value: Double) -> String { String(format: "%.3f", value) }

    private enum CodingKeys: String, CodingKey {
        case expr, shape, outputShape = "output_shape", mode, size, threads, warmup, `repeat`
        case medianMs = "median_ms", minMs = "min_ms"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(expression, forKey: .expr)
        try container.encode(shape, forKey: .shape)
        try container.encode(outputShape, forKey: .outputShape)
        try container.encode(mode, forKey: .mode)
        try container.encodeIfPresent(size, forKey: .size)
        try container.encode(threads, forKey: .threads)
        try container.encode(warmup, forKey: .warmup)
        try container.encode(samples.count, forKey: .repeat)
        try container.encode((median * 1e4).rounded() / 1e4, forKey: .medianMs)
        try container.encode((minimum * 1e4).rounded() / 1e4, forKey: .minMs)
    }

    /// One line of JSON.
    func jsonLine() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }
}
