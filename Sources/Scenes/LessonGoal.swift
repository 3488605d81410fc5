// LessonGoal: a checkable condition on a scene, as a lesson step states it — `output_shape == (1, 1,
// 7, 7)`, `stride == 2 and padding == 1`, `mode == eval`, `selected > 0.5`. Terms are joined by
// `and`; each compares a name (a parameter of the step's layer, or one of the scene's quantities) with
// a Python literal. Reading a goal checks its names against the layer, so a lesson file that names a
// parameter the layer does not have is refused before anyone runs it.

import LayerKit

/// A condition a lesson step asks the student to reach.
public struct LessonGoal: Sendable, Equatable {
    /// How a term compares.
    public enum Comparison: String, Sendable, CaseIterable {
        case equal = "==", notEqual = "!=", lessOrEqual = "<=", greaterOrEqual = ">=", less = "<", greater = ">"
    }

    /// One `NAME OP VALUE`.
    public struct Term: Sendable, Equatable {
        public var name: String
        public var comparison: Comparison
        public var value: ParamValue
    }

    /// The quantities of a scene a goal can name, besides the layer's parameters.
    public static let quantities = ["output_shape", "input_shape", "mode", "view", "channel", "position", "selected", "loss"]

    /// The goal as written.
    public var text: String
    public var terms: [Term]

    /// The parameters of the layer the goal names.
    public var parameters: [String] { terms.map(\.name).filter { !LessonGoal.quantities.contains($0) } }

    /// Reads `text` for a layer with `schema`; an error says which term is wrong and why.
    public init(parsing text: String, schema: LayerSchema) throws {
        self.text = text
        terms = []
        // Padded, so that an `and` at either end leaves an empty term to complain about.
        let parts = (" " + text + " ").pieces(separatedBy: " and ").map(\.trimmingBlanks)
        for part in parts {
            guard !part.isEmpty else { throw SceneError("an empty term (terms are joined by ' and ')") }
            guard let (name, comparison, rest) = LessonGoal.split(part) else {
                throw SceneError("'\(part)' is not NAME OP VALUE (OP is one of == != < <= > >=)")
            }
            let isParameter = schema.params.contains { $0.name == name }
            guard isParameter || LessonGoal.quantities.contains(name) else {
                throw SceneError("'\(name)' is neither a parameter of nn.\(schema.name) ("
                                 + schema.params.map(\.name).joined(separator: ", ") + ") nor one of "
                                 + LessonGoal.quantities.joined(separator: ", "))
            }
            let value = try LessonGoal.literal(rest, bareWords: ["mode", "view"].contains(name))
            if comparison != .equal, comparison != .notEqual, value.number == nil {
                throw SceneError("'\(part)': \(comparison.rawValue) compares numbers only")
            }
            terms.append(Term(name: name, comparison: comparison, value: value))
        }
    }

    /// `NAME OP VALUE` split at its operator (the first operator character starts it).
    private static func split(_ term: String) -> (String, Comparison, String)? {
        let characters = Array(term)
        guard let start = characters.firstIndex(where: { "=!<>".contains($0) }) else { return nil }
        var end = start + 1
        while end < characters.count, "=!<>".contains(characters[end]) { end += 1 }
        guard let comparison = Comparison(rawValue: String(characters[start..<end])) else { return nil }
        let name = String(characters[..<start]).trimmingBlanks
        let value = String(characters[end...]).trimmingBlanks
        guard !name.isEmpty, !value.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else { return nil }
        return (name, comparison, value)
    }

    /// A Python literal (`2`, `0.5`, `True`, `'same'`, `(1, 1, 7, 7)`), or a bare word where
    /// `bareWords` allows one (`eval`, `window`).
    private static func literal(_ text: String, bareWords: Bool) throws -> ParamValue {
        if bareWords, text.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }) {
            return .string(text)
        }
        do {
            let call = try ConstructorCall(parsing: "Goal(\(text))")
            guard call.positional.count == 1, call.keywords.isEmpty else { throw SceneError("") }
            return call.positional[0]
        } catch {
            throw SceneError("'\(text)' is not a value (a number, True, None, 'text' or a tuple such as (1, 1, 7, 7))")
        }
    }

    // MARK: Checking

    /// Whether `scene` (showing `state`) meets every term.
    public func isMet(by scene: Scene) -> Bool {
        terms.allSatisfy { term in
            guard let actual = LessonGoal.value(of: term.name, in: scene) else { return false }
            return LessonGoal.compare(actual, term.comparison, term.value)
        }
    }

    /// What the scene has for `name`.
    static func value(of name: String, in scene: Scene) -> ParamValue? {
        let state = scene.state
        switch name {
        case "output_shape": return .tuple(scene.result.output.shape.map { .int($0) })
        case "input_shape": return .tuple(scene.input.shape.map { .int($0) })
        case "mode": return .string(state.training ? "train" : "eval")
        case "view": return .string(scene.view.name)
        case "channel": return .int(scene.channel)
        case "position": return .tuple([.int(scene.position.row), .int(scene.position.column)])
        case "selected": return scene.selectedOutput.map { .float(Double($0)) }
        case "loss":
            let output = scene.result.output
            guard state.arguments.schema.group == .loss, output.count == 1 else { return nil }
            return .float(Double(output.storage[0]))
        default:
            guard state.arguments.schema.params.contains(where: { $0.name == name }) else { return nil }
            return state.arguments[name]
        }
    }

    /// `actual OP expected`: numbers compare as numbers (within 1e-4 for ==), a pair as one int
    /// when both parts are that int, everything else by Python's repr.
    static func compare(_ actual: ParamValue, _ comparison: Comparison, _ expected: ParamValue) -> Bool {
        if let a = actual.number, let b = expected.number {
            switch comparison {
            case .equal: return abs(a - b) <= 1e-4 * Swift.max(1, abs(b))
            case .notEqual: return abs(a - b) > 1e-4 * Swift.max(1, abs(b))
            case .less: return a < b
            case .lessOrEqual: return a <= b
            case .greater: return a > b
            case .greaterOrEqual: return a >= b
            }
        }
        let same = normalized(actual) == normalized(expected)
        switch comparison {
        case .equal: return same
        case .notEqual: return !same
        default: return false
        }
    }

    /// A value with pairs of one repeated int written as that int, and strings without quotes.
    private static func normalized(_ value: ParamValue) -> String {
        if case .tuple(let items) = value, items.count == 2, items[0] == items[1], case .int = items[0] {
            return items[0].pythonRepr
        }
        if case .string(let text) = value { return text }
        return value.pythonRepr
    }
}

extension String {
    /// The text cut at every occurrence of `separator` (which is left out).
    func pieces(separatedBy separator: String) -> [String] {
        let text = Array(self), cut = Array(separator)
        var pieces: [String] = [], current: [Character] = []
        var i = 0
        while i < text.count {
            if !cut.isEmpty, i + cut.count <= text.count, Array(text[i..<(i + cut.count)]) == cut {
                pieces.append(String(current))
                current = []
                i += cut.count
            } else {
                current.append(text[i])
                i += 1
            }
        }
        pieces.append(String(current))
        return pieces
    }
}

extension ParamValue {
    /// The value as a number, when it is one (a bool is not).
    var number: Double? {
        switch self {
        case .int(let i): return Double(i)
        case .float(let d): return d
        default: return nil
        }
    }
}

extension Scene {
    /// The selected output element: in the plane of the selected channel (of the first item), at
    /// the selected position; a vector's element at the column; a scalar itself.
    public var selectedOutput: Float? {
        let output = result.output
        guard output.count > 0 else { return nil }
        let (rows, columns) = outputPlaneSize
        let at = position
        var plane = 0
        if output.rank >= 3 {
            plane = Swift.min(channel, output.shape[output.rank - 3] - 1)
        }
        let index = plane * rows * columns + at.row * columns + at.column
        return index < output.count ? output.storage[index] : nil
    }
}
