// SceneState: everything a user can change about what is shown — the layer and its parameters, the
// input, the view, the channel, train/eval, the seed, the selected output position — as one value.
// Both front ends (the TUI and `layerscope render`) build a Scene from it.

import LayerKit

/// Where the input tensor comes from.
public enum InputSource: Sendable, Equatable {
    /// A built-in pattern laid over the shape.
    case pattern(InputPattern)
    /// A tensor the user supplied (a `.npy` file), with the name to show for it.
    case tensor(Tensor, name: String)

    /// How the input is described on screen.
    public var name: String {
        switch self {
        case .pattern(let p): return p.rawValue
        case .tensor(_, let name): return name
        }
    }
}

/// The kind of target a loss is shown with.
public enum TargetKind: String, Sendable, CaseIterable {
    /// Class indices (CrossEntropyLoss) or a seeded random tensor (L1Loss, MSELoss).
    case classes
    /// Class probabilities: `randn(N, C).softmax(dim=1)` (CrossEntropyLoss only).
    case probabilities
}

/// The user's choices.
public struct SceneState: Sendable, Equatable {
    /// The layer's constructor arguments (the live expression is `arguments.expression`).
    public var arguments: Arguments
    public var input: InputSource
    /// The input shape; nil means the layer's default (`Scene.defaultShape`).
    public var shape: [Int]?
    /// The view's name; nil means the layer's first view.
    public var view: String?
    /// The channel (or output feature, or batch row) shown.
    public var channel: Int
    /// `module.train()` (PyTorch's initial mode) or `module.eval()`.
    public var training: Bool
    /// Seeds initial weights, random inputs, targets and dropout masks.
    public var seed: UInt64
    /// The output position a window view explains: (row, column) in the output plane, clamped
    /// into it when the output's size changes.
    public var position: OutputPosition
    /// Forward passes run before showing (BatchNorm2d's running statistics evolve over them).
    public var steps: Int
    /// Half the x-range of an activation's curve view.
    public var xRange: Double
    /// For losses: the kind of target.
    public var target: TargetKind
    /// Whether each map has its own colour scale or a view's maps share one.
    public var colorScope: ColorScope
    /// Show how the selected output element is computed, under the view.
    public var explain: Bool
    /// Values typed for the input (`:values`), laid over its shape instead of the pattern.
    public var values: [Float]?
    /// Values typed for a loss's target (`:target`): class indices or floats.
    public var targetValues: [Float]?
    /// A classic filter set as one output channel's weights (`:kernel`), and that channel.
    public var kernel: KernelPreset?
    public var kernelChannel: Int
    /// While an animation plays: outputs after the selected position are not computed yet.
    public var revealing: Bool
    /// Other activations drawn on the curve view beside this one (constructor expressions).
    public var compare: [String]
    /// Trained values for the layer's state (`weight`, `bias`, running statistics), as a stage of
    /// a network brings them; a value whose shape no longer matches the layer's is left out (the
    /// layer keeps its fresh initialisation).
    public var weights: [String: Tensor]

    /// The state for `expression` with every other choice at its default.
    public init(expression: String) throws {
        self.init(arguments: try Catalog.arguments(parsing: expression))
    }

    /// The state for bound arguments with every other choice at its default.
    public init(arguments: Arguments) {
        self.arguments = arguments
        self.input = .pattern(Scene.defaultPattern(for: arguments.schema))
        self.shape = nil
        self.view = nil
        self.channel = 0
        self.training = true
        self.seed = 0
        self.position = OutputPosition()
        self.steps = 1
        self.xRange = Catalog.layerType(named: arguments.schema.name).flatMap { type in
            Pictures.picture(for: type)?.defaultXRange(for: type)
        } ?? 4
        self.target = .classes
        self.colorScope = .local
        self.explain = false
        self.values = nil
        self.targetValues = nil
        self.kernel = nil
        self.kernelChannel = 0
        self.compare = []
        self.weights = [:]
        self.revealing = false
    }
}

/// A position in an output plane: row and column.
public struct OutputPosition: Sendable, Hashable, CustomStringConvertible {
    public var row: Int
    public var column: Int

    public init(row: Int = 0, column: Int = 0) {
        self.row = row
        self.column = column
    }

    /// This position inside a `rows` × `columns` plane: each coordinate clamped to its range (the
    /// last row or column when it is past the end), never reinterpreted as another position.
    public func clamped(rows: Int, columns: Int) -> OutputPosition {
        OutputPosition(row: Swift.min(Swift.max(0, row), Swift.max(0, rows - 1)),
                       column: Swift.min(Swift.max(0, column), Swift.max(0, columns - 1)))
    }

    /// `steps` positions on in reading order (row by row), inside a `rows` × `columns` plane and
    /// wrapping around it.
    public func stepped(by steps: Int, rows: Int, columns: Int) -> OutputPosition {
        guard rows > 0, columns > 0 else { return self }
        let here = clamped(rows: rows, columns: columns)
        let count = rows.multipliedReportingOverflow(by: columns)
        guard !count.overflow else { return here }
        let flat = (here.row * columns + here.column + steps % count.partialValue).wrapped(into: count.partialValue)
        return OutputPosition(row: flat / columns, column: flat % columns)
    }

    /// `(row, column)`.
    public var description: String { "(\(row), \(column))" }

    /// `R,C` (or `(R, C)`): two non-negative integers. `option` names the setting in the error.
    public init(parsing text: String, option: String) throws {
        let inner = text.trimmingBlanks.trimmingCharacters(in: ["(", ")"])
        let parts = inner.split(separator: ",", omittingEmptySubsequences: false).map { Int(String($0).trimmingBlanks) }
        guard parts.count == 2, let row = parts[0], let column = parts[1], row >= 0, column >= 0 else {
            throw SceneError("\(option): expected a row and a column of the output, such as 2,3; got '\(text)'")
        }
        self.init(row: row, column: column)
    }
}

extension String {
    /// The text without the given characters at either end.
    func trimmingCharacters(in set: Set<Character>) -> String {
        var s = Substring(self)
        while let f = s.first, set.contains(f) { s.removeFirst() }
        while let l = s.last, set.contains(l) { s.removeLast() }
        return String(s)
    }
}

extension SceneState {
    /// `1,3,8,8` → `[1, 3, 8, 8]`: 1 to 6 non-negative sizes separated by commas (blanks around them
    /// allowed). `option` names the setting in the error (`--shape`, `shape`).
    public static func parseShape(_ text: String, option: String) throws -> [Int] {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false).map { String($0).trimmingBlanks }
        let sizes = parts.compactMap { Int($0) }
        guard !text.isEmpty, sizes.count == parts.count, (1...6).contains(sizes.count), sizes.allSatisfy({ $0 >= 0 }) else {
            throw SceneError("\(option): expected 1 to 6 non-negative sizes separated by commas, such as 1,3,8,8; got '\(text)'")
        }
        return sizes
    }
}

extension String {
    /// The text without leading and trailing spaces and tabs.
    var trimmingBlanks: String {
        var s = Substring(self)
        while s.first == " " || s.first == "\t" { s.removeFirst() }
        while s.last == " " || s.last == "\t" { s.removeLast() }
        return String(s)
    }
}

extension SceneState {
    /// The options of `layerscope ui` (and `render`) that reproduce this state, after the expression.
    public var commandArguments: [String] {
        var args = [arguments.expression]
        if let shape { args += ["--shape", shape.map(String.init).joined(separator: ",")] }
        switch input {
        case .pattern(let p) where p != Scene.defaultPattern(for: arguments.schema): args += ["--input", p.rawValue]
        case .tensor(_, let name): args += ["--input", name]
        default: break
        }
        if let view { args += ["--view", view] }
        if channel != 0 || kernel != nil { args += ["--channel", String(kernel != nil ? kernelChannel : channel)] }
        if position != OutputPosition() { args += ["--position", "\(position.row),\(position.column)"] }
        if seed != 0 { args += ["--seed", String(seed)] }
        if !training { args.append("--eval") }
        if steps != (training ? 1 : 0) { args += ["--steps", String(steps)] }
        if target != .classes { args += ["--target", target.rawValue] }
        if let type = Catalog.layerType(named: arguments.schema.name),
           xRange != (Pictures.picture(for: type)?.defaultXRange(for: type) ?? 4) {
            args += ["--x-range", String(xRange)]
        }
        if colorScope == .shared { args += ["--color-scale", "shared"] }
        if explain { args.append("--explain") }
        for other in compare { args += ["--compare", other] }
        if let values { args += ["--values", values.map { "\($0)" }.joined(separator: ", ")] }
        if let targetValues { args += ["--target-values", targetValues.map { "\($0)" }.joined(separator: ", ")] }
        if let kernel { args += ["--kernel", kernel.rawValue] }
        return args
    }

    /// The one command line that opens the interactive program on this state.
    public var commandLine: String {
        (["layerscope", "ui"] + commandArguments.map(SceneState.shellQuoted)).joined(separator: " ")
    }

    /// `text` as one shell word: bare when it is plain, else in double quotes with `"`, `$`, `` ` ``
    /// and `\` escaped.
    static func shellQuoted(_ text: String) -> String {
        let plain = !text.isEmpty && text.allSatisfy { $0.isLetter || $0.isNumber || "-_.,/:=+".contains($0) }
        if plain { return text }
        var out = "\""
        for c in text {
            if "\"$`\\".contains(c) { out.append("\\") }
            out.append(c)
        }
        return out + "\""
    }
}
