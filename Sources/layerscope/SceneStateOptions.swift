// SceneStateOptions: the options that set what a scene shows — input, shape, view, channel,
// position, seed, mode, steps, target, x-range, colour scope, drill-down, comparisons, typed values
// and kernels — shared by `layerscope render` and `layerscope ui`, so that any screen can be
// reproduced by one command line (`y` in the interactive program prints it).

import ArgumentParser
import Foundation
import LayerKit
import Scenes

struct SceneStateOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "A built-in pattern (\(InputPattern.allCases.map(\.rawValue).joined(separator: ", "))) or a .npy file.",
        valueName: "PATTERN|FILE.npy"))
    var input: String?

    @Option(name: .long, parsing: .unconditional,
            help: ArgumentHelp("The input shape, e.g. 1,3,8,8 (default: the layer's own).", valueName: "N,C,H,W"))
    var shape: String?

    @Option(name: .long, help: "The view to show (default: the layer's first; an unknown name lists them).")
    var view: String?

    @Option(name: .long, help: "The channel (or item) shown.")
    var channel: Int = 0

    @Option(name: .long, help: ArgumentHelp("The output position a window view explains: its row and column (clamped into the output).", valueName: "ROW,COL"))
    var position: String = "0,0"

    @Option(name: .long, help: "Seed for initial weights, random inputs, targets and dropout masks.")
    var seed: UInt64 = 0

    @Flag(exclusivity: .exclusive, help: "Train mode (the default, as in PyTorch) or eval mode.")
    var mode: Compute.Mode = .train

    @Option(name: .long, help: ArgumentHelp(
        "Forward passes the module takes in train mode (BatchNorm2d's running statistics): in train mode the last is shown; "
            + "with --eval one eval pass follows them. Default 1 in train mode, 0 with --eval; 0 only with --eval.",
        valueName: "N"))
    var steps: Int?

    @Option(name: .long, help: ArgumentHelp("Loss targets: classes or probabilities (CrossEntropyLoss).", valueName: "classes|probabilities"))
    var target: String = "classes"

    @Option(name: .customLong("x-range"), help: "Half-width of the x-axis of curve views (default: 4; 8 for ReLU6, to show its cap).")
    var xRange: Double?

    @Option(name: .customLong("color-scale"), help: ArgumentHelp("Each map on its own colour scale, or the maps of the view on one shared scale.", valueName: "local|shared"))
    var colorScale: ColorScaleChoice = .local

    @Option(name: .long, help: ArgumentHelp("Typed input values (at most 64), laid over the shape.", valueName: "\"2.0, 1.0, 0.1\""))
    var values: String?

    @Option(name: .customLong("target-values"), help: ArgumentHelp("Typed loss target: class indices or numbers (at most 64).", valueName: "\"0, 3, 1\""))
    var targetValues: String?

    @Option(name: .long, help: ArgumentHelp("Conv2d: set output channel --channel's weights to a classic filter (bias 0).",
                                            valueName: "identity|box|gauss|sobel-x|sobel-y|laplace|random"))
    var kernel: String?

    @Option(name: .long, help: ArgumentHelp("Another activation's curve on the curve view (repeat, or list them: nn.GELU(),nn.SELU()).", valueName: "EXPR"))
    var compare: [String] = []

    @Flag(name: .long, help: "Add how the selected output element (--position, --channel) is computed, with its numbers.")
    var explain = false

    enum ColorScaleChoice: String, ExpressibleByArgument { case local, shared }

    /// The state these options describe for `expression`.
    func state(expression: String) throws -> SceneState {
        var state = try SceneState(expression: expression)
        try apply(to: &state)
        return state
    }

    /// Sets what the options give on `state` (those not given leave it as it is, but for the mode
    /// and the steps, which always follow the flags).
    func apply(to state: inout SceneState) throws {
        if let shape { state.shape = try parseShape(shape) }
        if let input {
            if let pattern = InputPattern(rawValue: input) {
                state.input = .pattern(pattern)
            } else if input.hasSuffix(".npy") || input.contains("/") {
                let tensor = try NpyFiles.read(input, option: "--input").floatTensorForInput()
                state.input = .tensor(tensor, name: (input as NSString).lastPathComponent)
                state.shape = tensor.shape
            } else {
                throw CLIError("--input: '\(input)' is neither a pattern (\(InputPattern.allCases.map(\.rawValue).joined(separator: ", "))) nor a .npy file")
            }
        }
        guard let kind = TargetKind(rawValue: target) else {
            throw CLIError("--target: expected classes or probabilities, got '\(target)'")
        }
        let training = mode == .train
        let steps = self.steps ?? (training ? 1 : 0)
        let fewest = training ? 1 : 0
        guard steps >= fewest, steps <= 10_000 else {
            throw CLIError("--steps: must be between \(fewest) and 10000\(training ? " in train mode (0 only with --eval)" : ""), got \(steps)")
        }
        if let xRange, !(xRange.isFinite && xRange > 0) {
            throw CLIError("--x-range: must be a positive number, got \(xRange)")
        }
        state.target = kind
        if let view { state.view = view }
        state.channel = channel
        state.position = try OutputPosition(parsing: position, option: "--position")
        state.seed = seed
        state.training = training
        state.steps = steps
        if let xRange { state.xRange = xRange }
        state.colorScope = colorScale == .shared ? .shared : .local
        state.explain = explain
        do {
            state.compare += try state.checkedComparisons(compare)
        } catch let error as SceneError {
            throw CLIError(error.description)
        }
        if let values { state.values = try SceneState.parseValues(values, option: "--values") }
        if let targetValues { state.targetValues = try SceneState.parseValues(targetValues, option: "--target-values") }
        if let kernel {
            state.kernel = try KernelPreset.parse(kernel, option: "--kernel")
            state.kernelChannel = channel
        }
    }
}
