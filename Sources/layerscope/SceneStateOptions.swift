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

    @Option(name: .long, help: "The channel (or item) shown (default 0).")
    var channel: Int?

    @Option(name: .long, help: ArgumentHelp("The output position a window view explains: its row and column (clamped into the output; default 0,0).", valueName: "ROW,COL"))
    var position: String?

    @Option(name: .long, help: "Seed for initial weights, random inputs, targets and dropout masks (default 0).")
    var seed: UInt64?

    @Flag(exclusivity: .exclusive, help: "Train mode (the default, as in PyTorch) or eval mode.")
    var mode: Compute.Mode?

    @Option(name: .long, help: ArgumentHelp(
        "Forward passes the module takes in train mode (BatchNorm2d's running statistics): in train mode the last is shown; "
            + "with --eval one eval pass follows them. Default 1 in train mode, 0 with --eval; 0 only with --eval.",
        valueName: "N"))
    var steps: Int?

    @Option(name: .long, help: ArgumentHelp("Loss targets: classes (the default) or probabilities (CrossEntropyLoss).", valueName: "classes|probabilities"))
    var target: String?

    @Option(name: .customLong("x-range"), help: "Half-width of the x-axis of curve views (default: 4; 8 for ReLU6, to show its cap).")
    var xRange: Double?

    @Option(name: .customLong("color-scale"), help: ArgumentHelp("Each map on its own colour scale (the default), or the maps of the view on one shared scale.", valueName: "local|shared"))
    var colorScale: String?

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

    @Option(name: .long, help: ArgumentHelp(
        "The whole state on one line, as y shows it: the constructor, then settings separated by |, "
            + "e.g. 'nn.Conv2d(1, 1, 3) | shape=1,1,7,7 | view=window | eval'. Other options apply over it.",
        valueName: "STATE"))
    var state: String?

    /// The state these options describe for `expression` (or `--state`; exactly one of them is
    /// needed, else `fallback` gives the state to start from).
    func state(expression: String?, fallback: (() throws -> SceneState)? = nil) throws -> SceneState {
        var state: SceneState
        do {
            switch (expression, self.state) {
            case (let expression?, nil):
                state = try SceneState(expression: expression)
            case (nil, let compact?):
                state = try SceneState(compact: compact, option: "--state") { try SceneStateOptions.loadInput($0) }
            case (_?, _?):
                throw CLIError("--state: give the constructor either as the argument or in --state, not both")
            case (nil, nil):
                guard let fallback else { throw CLIError("missing the constructor: give an expression such as \"nn.ReLU()\", or --state") }
                state = try fallback()
            }
            try apply(to: &state)
        } catch let error as SceneError {
            throw CLIError(error.description)
        }
        return state
    }

    /// Reads a `.npy` file given as the input.
    static func loadInput(_ path: String) throws -> Tensor {
        try NpyFiles.read(path, option: "--input").floatTensorForInput()
    }

    /// The settings the options give, in `SceneState.apply`'s words.
    var settings: [StateSetting] {
        var settings: [StateSetting] = []
        func add(_ key: String, _ value: String?) { if let value { settings.append(StateSetting(key, value)) } }
        add("shape", shape)
        add("input", input)
        add("view", view)
        add("channel", channel.map(String.init))
        add("position", position)
        add("seed", seed.map(String.init))
        if let mode { settings.append(StateSetting(mode == .train ? "train" : "eval")) }
        add("steps", steps.map(String.init))
        add("target", target)
        add("x-range", xRange.map { "\($0)" })
        add("color-scale", colorScale)
        if explain { settings.append(StateSetting("explain")) }
        for other in compare { add("compare", other) }
        add("values", values)
        add("target-values", targetValues)
        add("kernel", kernel)
        return settings
    }

    /// Sets what the options give on `state` (those not given leave it as it is, but for the steps,
    /// which follow a mode flag that is given).
    func apply(to state: inout SceneState) throws {
        try state.apply(settings, prefix: "--") { try SceneStateOptions.loadInput($0) }
    }
}
