// StateFields: the settings of a scene state by name — `shape`, `input`, `view`, `channel`,
// `position`, `seed`, `train`/`eval`, `steps`, `target`, `x-range`, `color-scale`, `values`,
// `target-values`, `kernel`, `compare`, `explain` — and the one set of rules that applies them. The
// command line's options (`--shape …`), the compact one-line state (`--state 'nn.Conv2d(1, 1, 3) |
// shape=1,1,7,7 | eval'`) and lesson files all go through `SceneState.apply(_:)`, so a setting means
// the same and is refused with the same words wherever it is written.

import CellRender
import LayerKit

/// One setting of a state: its name (an option's long name without `--`) and its text (nil for a
/// flag: `train`, `eval`, `explain`).
public struct StateSetting: Sendable, Hashable {
    public var key: String
    public var value: String?

    public init(_ key: String, _ value: String? = nil) {
        self.key = key
        self.value = value
    }
}

extension SceneState {
    /// Every setting's name, in the order the compact form writes them.
    public static let settingKeys = [
        "shape", "input", "view", "channel", "position", "seed", "train", "eval", "steps", "target",
        "x-range", "color-scale", "explain", "compare", "values", "target-values", "kernel",
    ]

    /// The settings that take no value.
    static let flagKeys: Set<String> = ["train", "eval", "explain"]

    /// Applies `settings` to this state. Settings not given keep what the state has, but for the
    /// steps, which follow a mode that is given (1 in train mode, 0 in eval) unless given too. `prefix` goes before a
    /// setting's name in an error (`--` on the command line). `loadTensor` reads an `input` that is
    /// a `.npy` file.
    public mutating func apply(_ settings: [StateSetting], prefix: String = "",
                               loadTensor: (String) throws -> Tensor = { _ in
                                   throw SceneError("input: files cannot be opened here")
                               }) throws {
        var given: [String: String] = [:]
        var compared: [String] = []
        for setting in settings {
            let name = prefix + setting.key
            guard SceneState.settingKeys.contains(setting.key) else {
                throw SceneError("\(name): not a setting; the settings are " + SceneState.settingKeys.joined(separator: ", "))
            }
            let isFlag = SceneState.flagKeys.contains(setting.key)
            if isFlag, let value = setting.value, !["true", "yes", "1"].contains(value.trimmingBlanks.lowercased()) {
                throw SceneError("\(name): takes no value, got '\(value.clipped(to: 40))'")
            }
            if !isFlag, setting.value == nil { throw SceneError("\(name): needs a value, such as \(name)=\(SceneState.example(of: setting.key))") }
            if setting.key == "compare" {
                compared.append(setting.value ?? "")
                continue
            }
            if given[setting.key] != nil { throw SceneError("\(name): given twice") }
            given[setting.key] = setting.value ?? ""
        }
        if given["train"] != nil, given["eval"] != nil { throw SceneError("\(prefix)train, \(prefix)eval: give one mode, not both") }
        func value(_ key: String) -> String? { given[key]?.trimmingBlanks }

        if let shape = value("shape") { self.shape = try SceneState.parseShape(shape, option: prefix + "shape") }
        if let input = value("input") {
            if let pattern = InputPattern(rawValue: input) {
                self.input = .pattern(pattern)
            } else if input.hasSuffix(".npy") || input.contains("/") {
                let tensor = try loadTensor(input)
                self.input = .tensor(tensor, name: input.split(separator: "/").last.map(String.init) ?? input)
                self.shape = tensor.shape
            } else {
                throw SceneError("\(prefix)input: '\(input.clipped(to: 60))' is neither a pattern ("
                                 + InputPattern.allCases.map(\.rawValue).joined(separator: ", ") + ") nor a .npy file")
            }
        }
        if let target = value("target") {
            guard let kind = TargetKind(rawValue: target) else {
                throw SceneError("\(prefix)target: expected classes or probabilities, got '\(target.clipped(to: 40))'")
            }
            self.target = kind
        }
        if given["train"] != nil { training = true }
        if given["eval"] != nil { training = false }
        let modeGiven = given["train"] != nil || given["eval"] != nil
        let steps = try value("steps").map { try SceneState.integer($0, option: prefix + "steps") }
            ?? (modeGiven ? (training ? 1 : 0) : self.steps)
        let fewest = training ? 1 : 0
        guard steps >= fewest, steps <= 10_000 else {
            throw SceneError("\(prefix)steps: must be between \(fewest) and 10000\(training ? " in train mode (0 only with \(prefix)eval)" : ""), got \(steps)")
        }
        self.steps = steps
        if let range = value("x-range") {
            guard let number = Double(range), number.isFinite, number > 0 else {
                throw SceneError("\(prefix)x-range: must be a positive number, got \(range.clipped(to: 40))")
            }
            xRange = number
        }
        if let view = value("view") { self.view = view }
        if let channel = value("channel") { self.channel = try SceneState.integer(channel, option: prefix + "channel") }
        if let position = value("position") { self.position = try OutputPosition(parsing: position, option: prefix + "position") }
        if let seed = value("seed") {
            guard let number = UInt64(seed) else {
                throw SceneError("\(prefix)seed: expected a whole number from 0 to \(UInt64.max), got '\(seed.clipped(to: 40))'")
            }
            self.seed = number
        }
        if let scale = value("color-scale") {
            guard let scope = ["local": ColorScope.local, "shared": .shared][scale] else {
                throw SceneError("\(prefix)color-scale: expected local or shared, got '\(scale.clipped(to: 40))'")
            }
            colorScope = scope
        }
        if given["explain"] != nil { explain = true }
        compare += try checkedComparisons(compared, option: prefix + "compare")
        if let values = value("values") { self.values = try SceneState.parseValues(values, option: prefix + "values") }
        if let targets = value("target-values") {
            targetValues = try SceneState.parseValues(targets, option: prefix + "target-values")
        }
        if let kernel = value("kernel") {
            self.kernel = try KernelPreset.parse(kernel, option: prefix + "kernel")
            kernelChannel = channel
        }
    }

    /// A whole number, or an error naming `option`.
    static func integer(_ text: String, option: String) throws -> Int {
        guard let number = Int(text.trimmingBlanks) else {
            throw SceneError("\(option): expected a whole number, got '\(text.clipped(to: 40))'")
        }
        return number
    }

    /// A value to show in an error that asks for one.
    static func example(of key: String) -> String {
        ["shape": "1,1,8,8", "input": "gradient", "view": "window", "channel": "0", "position": "2,3",
         "seed": "7", "steps": "3", "target": "classes", "x-range": "6", "color-scale": "shared",
         "compare": "nn.GELU()", "values": "2,1,0.1", "target-values": "0,3", "kernel": "sobel-x"][key] ?? "…"
    }

    // MARK: The compact form

    /// The state on one line: the expression, then each setting that differs from the default,
    /// separated by ` | ` — `nn.Conv2d(1, 1, 3) | shape=1,1,7,7 | view=window | eval`. `layerscope ui
    /// --state` and `render --state` read it back, and lesson files use it for a step's state.
    public var compactForm: String {
        var parts = [arguments.expression]
        var rest = commandArguments.dropFirst()[...]
        while let option = rest.first {
            rest = rest.dropFirst()
            let key = String(option.dropFirst(2))
            if SceneState.flagKeys.contains(key) {
                parts.append(key)
            } else if let value = rest.first {
                rest = rest.dropFirst()
                parts.append("\(key)=\(value)")
            }
        }
        return parts.joined(separator: " | ")
    }

    /// Reads the compact form: the expression and its settings. `option` names where it was
    /// written in an error (`--state`, a lesson's `state`).
    public static func parseCompact(_ text: String, option: String) throws -> (expression: String, settings: [StateSetting]) {
        let parts = splitExpressions(text, separator: "|")
        guard let expression = parts.first, !expression.isEmpty else {
            throw SceneError("\(option): expected a constructor first, such as 'nn.Conv2d(1, 1, 3) | shape=1,1,7,7'; got '\(text.clipped(to: 60))'")
        }
        var settings: [StateSetting] = []
        for part in parts.dropFirst() {
            guard !part.isEmpty else { throw SceneError("\(option): an empty setting between two '|'") }
            if let equals = part.firstIndex(of: "=") {
                settings.append(StateSetting(String(part[..<equals]).trimmingBlanks,
                                             String(part[part.index(after: equals)...]).trimmingBlanks))
            } else {
                settings.append(StateSetting(part))
            }
        }
        return (expression, settings)
    }

    /// The state the compact form `text` describes; `option` (if any) goes before a setting's error.
    public init(compact text: String, option: String?,
                loadTensor: (String) throws -> Tensor = { _ in throw SceneError("input: files cannot be opened here") }) throws {
        let (expression, settings) = try SceneState.parseCompact(text, option: option ?? "state")
        try self.init(expression: expression)
        do {
            try apply(settings, loadTensor: loadTensor)
        } catch let error as SceneError {
            throw SceneError(option.map { "\($0): " + error.description } ?? error.description)
        }
    }
}
