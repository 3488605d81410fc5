// ParamValue: a constructor argument as a user writes it in Python — the common currency of the
// expression parser, the catalog, the CLI and the parameter editor.

/// One Python value that can appear in a `torch.nn` constructor call.
public indirect enum ParamValue: Sendable, Equatable, Hashable {
    case none
    case bool(Bool)
    case int(Int)
    case float(Double)
    case string(String)
    /// A tuple or list, e.g. `(3, 5)` or `(None, 7)`.
    case tuple([ParamValue])
    /// `torch.tensor([...])` of floats (CrossEntropyLoss's `weight`).
    case tensor([Double])
    /// A torch attribute written by name, e.g. `torch.float32` (the `dtype` factory argument).
    case torchName(String)

    /// The value as Python's `repr` prints it: `None`, `True`, `3`, `0.1`, `1e-05`, `'same'`, `(3, 5)`.
    public var pythonRepr: String {
        switch self {
        case .none: return "None"
        case .bool(let b): return b ? "True" : "False"
        case .int(let i): return String(i)
        case .float(let d): return pythonFloatRepr(d)
        case .string(let s): return "'" + s.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "\\'") + "'"
        case .tuple(let items):
            if items.count == 1 { return "(" + items[0].pythonRepr + ",)" }
            return "(" + items.map(\.pythonRepr).joined(separator: ", ") + ")"
        case .tensor(let values):
            return "torch.tensor([" + values.map(pythonFloatRepr).joined(separator: ", ") + "])"
        case .torchName(let name):
            return "torch." + name
        }
    }

    /// The value as Python's `str` prints it inside error messages (strings unquoted).
    public var pythonStr: String {
        if case .string(let s) = self { return s }
        return pythonRepr
    }

    /// Python's `bool(value)`: False for None, zero, empty strings, tuples and tensors.
    public var pythonTruth: Bool {
        switch self {
        case .none: return false
        case .bool(let b): return b
        case .int(let i): return i != 0
        case .float(let d): return d != 0
        case .string(let s): return !s.isEmpty
        case .tuple(let items): return !items.isEmpty
        case .tensor(let values): return values.contains { $0 != 0 }
        case .torchName: return true
        }
    }

    /// A short description of the value's Python type, for type errors: `int`, `float`, `str`, ….
    public var pythonTypeName: String {
        switch self {
        case .none: return "NoneType"
        case .bool: return "bool"
        case .int: return "int"
        case .float: return "float"
        case .string: return "str"
        case .tuple: return "tuple"
        case .tensor: return "Tensor"
        case .torchName(let name): return name.hasPrefix("float") || name == "double" ? "torch.dtype" : "object"
        }
    }
}

/// Python's `repr` of a float: shortest round-trip digits, always with a `.` or an exponent.
///
/// Swift's `description` already agrees with Python except between 2^53 and 1e16, where Swift
/// switches to exponent notation earlier; those values are rewritten positionally.
public func pythonFloatRepr(_ d: Double) -> String {
    if d.isNaN { return "nan" }
    if d.isInfinite { return d > 0 ? "inf" : "-inf" }
    let text = "\(d)"
    let magnitude = Swift.abs(d)
    if text.contains("e") && magnitude >= 1e-4 && magnitude < 1e16 {
        return positionalRepr(d)
    }
    return text
}

/// Positional digits of `d` using Swift's shortest round-trip representation.
private func positionalRepr(_ d: Double) -> String {
    let text = "\(d)"
    guard let eIndex = text.firstIndex(where: { $0 == "e" || $0 == "E" }) else { return text }
    var mantissa = String(text[..<eIndex])
    let exponent = Int(text[text.index(after: eIndex)...]) ?? 0
    var sign = ""
    if mantissa.hasPrefix("-") { sign = "-"; mantissa.removeFirst() }
    let parts = mantissa.split(separator: ".", omittingEmptySubsequences: false)
    let intPart = String(parts[0])
    let fracPart = parts.count > 1 ? String(parts[1]) : ""
    var digits = intPart + fracPart
    var pointPosition = intPart.count + exponent
    if pointPosition <= 0 {
        digits = String(repeating: "0", count: -pointPosition + 1) + digits
        pointPosition = 1
    } else if pointPosition > digits.count {
        digits += String(repeating: "0", count: pointPosition - digits.count)
    }
    let whole = digits.prefix(pointPosition)
    var fraction = String(digits.dropFirst(pointPosition))
    while fraction.hasSuffix("0") { fraction.removeLast() }
    if fraction.isEmpty { fraction = "0" }
    return sign + whole + "." + fraction
}
