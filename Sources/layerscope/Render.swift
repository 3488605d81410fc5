// `layerscope render`: draw one scene without a terminal — the same grid the interactive program
// shows — as plain text, ANSI colour or HTML, sized exactly as asked.

import ArgumentParser
import CellRender
import Foundation
import LayerKit
import Scenes

struct Render: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the picture of a layer as text, ANSI colour or HTML.",
        discussion: """
            EXPR is a PyTorch constructor, e.g. "nn.MaxPool2d(3, stride=2)". The output is exactly \
            --size columns by rows. Colour is used only when stdout is a terminal and NO_COLOR is \
            unset (--color auto), or when asked (--color always).
            """
    )

    @Argument(help: "A torch.nn constructor expression, e.g. \"nn.Conv2d(1, 4, 3, padding='same')\".")
    var expression: String

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

    @Option(name: .long, help: ArgumentHelp("The picture's size in columns and rows.", valueName: "WxH"))
    var size: String = "80x24"

    @Option(name: .long, help: ArgumentHelp("Use colour: auto (a terminal without NO_COLOR), never, always.", valueName: "auto|never|always"))
    var color: ColorChoice = .auto

    @Option(name: .long, help: ArgumentHelp("Colour depth (default: truecolor when COLORTERM says so, else 256).", valueName: "16|256|truecolor"))
    var depth: ColorDepthChoice?

    @Flag(name: .long, help: "Emit only ASCII characters.")
    var ascii = false

    @Option(name: .long, help: ArgumentHelp("Output format: text (ANSI when colour is on), ansi, html.", valueName: "text|ansi|html"))
    var format: FormatChoice = .text

    @Option(name: .long, help: ArgumentHelp("A theme name or a .toml file.", valueName: "NAME|PATH"))
    var theme: String?

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

    @Option(name: .long, help: ArgumentHelp("Another activation's curve on the curve view (repeat for more).", valueName: "EXPR"))
    var compare: [String] = []

    @Flag(name: .long, help: "Print every frame of the sliding-window animation (Conv2d, the pools), each after a line with its position.")
    var frames = false

    @Flag(name: .long, help: "Add how the selected output element (--position, --channel) is computed, with its numbers.")
    var explain = false

    enum ColorScaleChoice: String, ExpressibleByArgument { case local, shared }
    enum ColorChoice: String, ExpressibleByArgument { case auto, never, always }
    enum FormatChoice: String, ExpressibleByArgument { case text, ansi, html }
    enum ColorDepthChoice: String, ExpressibleByArgument {
        case ansi16 = "16", indexed256 = "256", truecolor
        var depth: ColorDepth {
            switch self {
            case .ansi16: return .ansi16
            case .indexed256: return .indexed256
            case .truecolor: return .truecolor
            }
        }
    }

    func run() throws {
        let text = try output(environment: ProcessInfo.processInfo.environment) { warning in
            writeToStandardError("warning: " + warning + "\n")
        }
        try writeToStandardOutput(text)
    }

    /// What the command prints for these flags in `environment`; a theme that cannot be used is
    /// reported to `warn` as soon as it is resolved. `layerscope docs` calls this with a fixed
    /// environment, so its pages show exactly what the same command prints.
    func output(environment: [String: String], warn: (String) -> Void) throws -> String {
        let (width, height) = try parseSize(size)
        var state = try SceneState(expression: expression)
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
        state.view = view
        state.channel = channel
        state.position = try OutputPosition(parsing: position, option: "--position")
        state.seed = seed
        state.training = training
        state.steps = steps
        if let xRange { state.xRange = xRange }
        state.colorScope = colorScale == .shared ? .shared : .local
        state.explain = explain
        for expression in compare {
            let other = try Catalog.arguments(parsing: expression)
            guard other.schema.group == .activation else {
                throw CLIError("--compare: nn.\(other.schema.name) is not an element-wise activation")
            }
            state.compare.append(expression)
        }
        if let values { state.values = try SceneState.parseValues(values, option: "--values") }
        if let targetValues { state.targetValues = try SceneState.parseValues(targetValues, option: "--target-values") }
        if let kernel {
            state.kernel = try KernelPreset.parse(kernel, option: "--kernel")
            state.kernelChannel = channel
        }

        let (resolvedTheme, warning) = resolveTheme(theme, environment: environment)
        if let warning { warn(warning) }
        let useColor: Bool
        switch color {
        case .always: useColor = true
        case .never: useColor = false
        case .auto: useColor = isatty(STDOUT_FILENO) == 1 && (environment["NO_COLOR"] ?? "").isEmpty
        }
        let chosenDepth = depth?.depth ?? defaultDepth(environment)
        let options = RenderOptions(theme: resolvedTheme, color: useColor, ascii: ascii, depth: chosenDepth)
        let scene: Scene
        do {
            if frames {
                guard let layerType = Catalog.layerType(named: state.arguments.schema.name),
                      Scene.windowViewName(for: layerType) != nil else {
                    throw CLIError("--frames: nn.\(state.arguments.schema.name) has no window to slide; Conv2d and the pooling layers have")
                }
                state.view = Scene.windowViewName(for: layerType)
                state.revealing = true
            }
            scene = try Scene(state)
        } catch let error as SceneError {
            throw CLIError(error.description)
        }
        func text(of grid: CellGrid) -> String {
            switch format {
            case .html: return TextOutput.render(grid, as: .html)
            case .ansi: return TextOutput.render(grid, as: useColor || color == .auto ? .ansi(depth: chosenDepth) : .plain)
            case .text: return TextOutput.render(grid, as: useColor ? .ansi(depth: chosenDepth) : .plain)
            }
        }
        guard frames else {
            // The zoomed interactive program (`z`) draws this same grid above its status line.
            return text(of: scene.render(width: width, height: height, options: options, expressionLine: true))
        }
        // Every output position, row by row, then channel by channel: as `p` plays it.
        let out = scene.result.output
        let rows = out.rank >= 2 ? out.shape[out.rank - 2] : 1, columns = out.rank >= 1 ? out.shape[out.rank - 1] : 1
        let channels = out.rank >= 3 ? out.shape[out.rank - 3] : 1
        let count = [channels, rows, columns].elementCount
        guard count > 0 else { throw CLIError("--frames: the output \(out.shape.torchList) has no elements") }
        guard count <= Render.frameLimit else {
            throw CLIError("--frames: \(count) frames (\(channels) channels of \(rows)x\(columns)); at most \(Render.frameLimit): use a smaller --shape")
        }
        var all = ""
        for k in 0..<count {
            let c = k / (rows * columns), r = (k / columns) % rows, col = k % columns
            let frame = try scene.selecting(view: state.view, channel: c, position: OutputPosition(row: r, column: col))
            all += "--- frame \(k + 1) of \(count): output[\(c), \(r), \(col)] ---\n"
            all += text(of: frame.render(width: width, height: height, options: options, expressionLine: true))
        }
        return all
    }

    /// The most frames `--frames` prints.
    static let frameLimit = 1000

    private func defaultDepth(_ environment: [String: String]) -> ColorDepth {
        let colorterm = (environment["COLORTERM"] ?? "").lowercased()
        if colorterm == "truecolor" || colorterm == "24bit" { return .truecolor }
        return .indexed256
    }
}

/// `WxH` → (W, H), each 1…1000.
func parseSize(_ text: String) throws -> (Int, Int) {
    let parts = text.lowercased().split(separator: "x", omittingEmptySubsequences: false)
    guard parts.count == 2, let w = Int(parts[0]), let h = Int(parts[1]) else {
        throw CLIError("--size: expected WxH such as 80x24, got '\(text)'")
    }
    guard (1...1000).contains(w), (1...1000).contains(h) else {
        throw CLIError("--size: width and height must be between 1 and 1000, got \(w)x\(h)")
    }
    return (w, h)
}

/// `1,3,8,8` → [1, 3, 8, 8] (1 to 6 non-negative sizes).
func parseShape(_ text: String) throws -> [Int] {
    do {
        return try SceneState.parseShape(text, option: "--shape")
    } catch let error as SceneError {
        throw CLIError(error.description)
    }
}
