// `layerscope render`: draw one scene without a terminal — the same grid the interactive program
// shows — as plain text, ANSI colour or HTML, sized exactly as asked.

import ArgumentParser
import CellRender
import Foundation
import Synchronization
import LayerKit
import Scenes

struct Render: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the picture of a layer as text, ANSI colour or HTML.",
        discussion: """
            EXPR is a PyTorch constructor, e.g. "nn.MaxPool2d(3, stride=2)". The output is exactly \
            --size columns by rows. Colour is used only when stdout is a terminal and NO_COLOR is \
            unset (--color auto), or when asked (--color always). An nn.Sequential(...) is drawn as \
            its pipeline: the shape arithmetic from input to output and each stage's output for one \
            sample (a digits image for a network of (1, 16, 16) images, a spirals point for one of 2 \
            features, otherwise random values of --shape).
            """
    )

    @Argument(help: "A torch.nn constructor expression, e.g. \"nn.Conv2d(1, 4, 3, padding='same')\" (or give --state).")
    var expression: String?

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

    @Flag(name: .long, help: "Print every frame of the sliding-window animation (Conv2d, the pools), each after a line with its position.")
    var frames = false

    @OptionGroup var state: SceneStateOptions

    @OptionGroup var network: NetworkOptions

    @Option(name: .long, help: ArgumentHelp("The language of the picture's words: en (the default) or zh (not with --ascii).", valueName: "en|zh"))
    var lang: String = "en"

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
        // An nn.Sequential is drawn by NetworkPicture; anything else is one layer's scene state.
        let networkExpression = try expression.flatMap { try ConstructorCall.sequentialStages(parsing: $0) != nil ? $0 : nil }
        let layerState = networkExpression == nil ? try self.state.state(expression: expression) : nil
        guard let language = Language(rawValue: lang) else { throw CLIError("--lang: expected en or zh, got '\(escapedForMessage(lang))'") }

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
        func text(of grid: CellGrid) -> String {
            switch format {
            case .html: return TextOutput.render(grid, as: .html)
            case .ansi: return TextOutput.render(grid, as: useColor || color == .auto ? .ansi(depth: chosenDepth) : .plain)
            case .text: return TextOutput.render(grid, as: useColor ? .ansi(depth: chosenDepth) : .plain)
            }
        }
        if let networkExpression {
            return text(of: try networkGrid(networkExpression, width: width, height: height, options: options, language: language))
        }
        var state = try layerState ?? self.state.state(expression: expression)
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
        guard frames else {
            // The zoomed interactive program (`z`) draws this same grid above its status line.
            return text(of: scene.render(width: width, height: height, options: options, expressionLine: true, language: language))
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
            all += text(of: frame.render(width: width, height: height, options: options, expressionLine: true, language: language))
        }
        return all
    }

    /// An `nn.Sequential`: on a data set (digits for a network that takes `(1, 16, 16)` images,
    /// spirals for one that takes 2 features, or `--data`), the screen of the interactive
    /// program's network view after `--train-steps` steps; otherwise run once on standard normal
    /// values of the shape its first stage takes (or `--shape`).
    private func networkGrid(_ expression: String, width: Int, height: Int, options: RenderOptions, language: Language) throws -> CellGrid {
        let seed = state.seed ?? 0
        guard let setup = try network.setup(expression: expression, seed: seed, shape: try state.shape.map(parseShape)) else {
            // No data set suits it: the network run once on standard normal values.
            var rng = RandomSource(seed: seed)
            let model = try Sequential(parsing: expression, rng: &rng)
            let shape = try state.shape.map(parseShape) ?? model.defaultInputShape(batch: 1)
            let picture = try NetworkPicture(network: model, input: try rng.normalTensor(shape: shape),
                                             training: state.mode != .eval, seed: seed, source: "random normal")
            return picture.render(width: width, height: height, options: options)
        }
        let run = try Self.trained(setup)
        return NetworkScreen.render(run, view: NetworkView(stage: network.stage ?? 0, sample: network.example ?? 0),
                                    width: width, height: height, options: options, language: language)
    }

    /// Runs already trained in this process (`docs` draws the same run on several pages: the
    /// English and Chinese lesson pages, networks.md), by setup; the same setup gives the same run.
    private static let runs = Mutex<[NetworkSetup: NetworkRun]>([:])

    /// The run of `setup` after its steps, with the test set evaluated at the last one.
    static func trained(_ setup: NetworkSetup) throws -> NetworkRun {
        if let done = runs.withLock({ $0[setup] }) { return done }
        var run = try NetworkRun(setup: setup)
        try run.apply(.adopt(run))
        try run.apply(.evaluate)
        runs.withLock { $0[setup] = run }
        return run
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
