// Arguments: a layer's constructor arguments bound to its schema, the way Python binds a call —
// positional then keyword, defaults filled in, every value checked against its parameter's kind.

/// The complete, type-checked set of constructor arguments of one layer (defaults filled in).
public struct Arguments: Sendable, Equatable {
    /// The schema the arguments were bound to.
    public let schema: LayerSchema
    /// Every parameter's value, in the order of `schema.params`.
    public private(set) var values: [ParamValue]

    /// Binds a call `Name(positional..., key=value...)` the way Python does.
    ///
    /// Throws `TypeError`s with Python's wording for too many positional arguments, unknown or
    /// repeated keywords and missing required arguments, and a `TypeError` naming the parameter when
    /// a value is not of its kind.
    public init(schema: LayerSchema, positional: [ParamValue] = [],
                keywords: [(name: String, value: ParamValue)] = []) throws {
        self.schema = schema
        let callee = "\(schema.initializer).__init__()"
        let positionalSpecs = schema.params.filter { !$0.keywordOnly }
        var bound = [ParamValue?](repeating: nil, count: schema.params.count)

        if positional.count > positionalSpecs.count {
            let required = positionalSpecs.filter(\.isRequired).count
            let takes = required == positionalSpecs.count
                ? "\(required + 1)" : "from \(required + 1) to \(positionalSpecs.count + 1)"
            let noun = takes == "1" ? "argument" : "arguments"
            throw LayerError(.typeError, "arguments",
                             "\(callee) takes \(takes) positional \(noun) but \(positional.count + 1) were given")
        }
        for (i, value) in positional.enumerated() {
            let index = schema.params.firstIndex { $0.name == positionalSpecs[i].name }!
            bound[index] = value
        }
        for (name, value) in keywords {
            guard let index = schema.params.firstIndex(where: { $0.name == name }) else {
                throw LayerError(.typeError, name, "\(callee) got an unexpected keyword argument '\(name)'")
            }
            if bound[index] != nil {
                throw LayerError(.typeError, name, "\(callee) got multiple values for argument '\(name)'")
            }
            bound[index] = value
        }
        let missing = schema.params.indices.filter { bound[$0] == nil && schema.params[$0].isRequired }
        if !missing.isEmpty {
            let names = missing.map { "'\(schema.params[$0].name)'" }
            // Python's wording: 'a'; 'a' and 'b'; 'a', 'b', and 'c'.
            let list = names.count <= 2 ? names.joined(separator: " and ")
                : names.dropLast().joined(separator: ", ") + ", and " + names.last!
            let noun = names.count == 1 ? "argument" : "arguments"
            throw LayerError(.typeError, schema.params[missing[0]].name,
                             "\(callee) missing \(names.count) required positional \(noun): \(list)")
        }
        var values: [ParamValue] = []
        for (spec, value) in zip(schema.params, bound) {
            let given = value ?? spec.defaultValue!
            values.append(try spec.validate(given))
        }
        self.values = values
    }

    /// The value of parameter `name` (which must exist in the schema).
    public subscript(name: String) -> ParamValue {
        get { values[index(of: name)] }
    }

    /// A copy with parameter `name` set to `value` (checked against its kind).
    public func setting(_ name: String, to value: ParamValue) throws -> Arguments {
        var copy = self
        let i = index(of: name)
        copy.values[i] = try schema.params[i].validate(value)
        return copy
    }

    private func index(of name: String) -> Int {
        guard let i = schema.params.firstIndex(where: { $0.name == name }) else {
            preconditionFailure("\(schema.name) has no parameter '\(name)'")
        }
        return i
    }

    // MARK: Typed access (values are already validated against their kind)

    /// An int parameter.
    public func int(_ name: String) -> Int {
        if case .int(let v) = self[name] { return v }
        preconditionFailure("\(name) is not an int: \(self[name])")
    }

    /// The parameter as Python's `str` prints it in messages (`2` for the int 2, `2.0` for the float).
    public func text(_ name: String) -> String {
        self[name].pythonStr
    }

    /// A float parameter (ints widened).
    public func double(_ name: String) -> Double {
        switch self[name] {
        case .float(let v): return v
        case .int(let v): return Double(v)
        case .bool(let v): return v ? 1 : 0
        default: preconditionFailure("\(name) is not a float: \(self[name])")
        }
    }

    /// A bool parameter: the truth of whatever value was given, as Python's `bool(value)`.
    public func bool(_ name: String) -> Bool {
        self[name].pythonTruth
    }

    /// A string parameter.
    public func string(_ name: String) -> String {
        if case .string(let v) = self[name] { return v }
        preconditionFailure("\(name) is not a string: \(self[name])")
    }

    /// An int-or-pair parameter as `(H, W)` (a one-entry tuple counts for both); `nil` when it is
    /// `None`, a string, or a tuple of another length.
    public func pair(_ name: String) -> (Int, Int)? {
        switch self[name] {
        case .int(let v): return (v, v)
        case .tuple(let items) where items.count == 1:
            if case .int(let v) = items[0] { return (v, v) }
            return nil
        case .tuple(let items) where items.count == 2:
            if case .int(let h) = items[0], case .int(let w) = items[1] { return (h, w) }
            return nil
        default: return nil
        }
    }

    /// An optional int parameter.
    public func optionalInt(_ name: String) -> Int? {
        if case .int(let v) = self[name] { return v }
        return nil
    }

    /// An optional float parameter.
    public func optionalDouble(_ name: String) -> Double? {
        switch self[name] {
        case .float(let v): return v
        case .int(let v): return Double(v)
        case .bool(let v): return v ? 1 : 0
        default: return nil
        }
    }

    /// An optional bool parameter: `nil` for `None`, else the value's truth.
    public func optionalBool(_ name: String) -> Bool? {
        let value = self[name]
        return value == .none ? nil : value.pythonTruth
    }

    /// An `output_size` parameter as `(H?, W?)`.
    public func outputSize(_ name: String) -> (Int?, Int?) {
        switch self[name] {
        case .int(let v): return (v, v)
        case .tuple(let items) where items.count == 2:
            func entry(_ v: ParamValue) -> Int? { if case .int(let i) = v { return i } else { return nil } }
            return (entry(items[0]), entry(items[1]))
        default: return (nil, nil)
        }
    }

    /// A 1-D float tensor parameter, or `nil` for `None`.
    public func floatVector(_ name: String) -> [Double]? {
        if case .tensor(let v) = self[name] { return v }
        return nil
    }

    // MARK: Printing

    /// The shortest constructor expression that rebuilds these arguments: required parameters
    /// positionally, every other parameter by keyword and only when it differs from its default.
    ///
    /// `nn.MaxPool2d(3, stride=2, ceil_mode=True)`.
    public var expression: String {
        var parts: [String] = []
        for (spec, value) in zip(schema.params, values) {
            if spec.isRequired {
                parts.append(value.shortestRepr)
            } else if let d = spec.defaultValue, !value.isNumericallyEqual(to: d) {
                parts.append("\(spec.name)=\(value.shortestRepr)")
            }
        }
        return "nn.\(schema.name)(" + parts.joined(separator: ", ") + ")"
    }
}

extension ParamValue {
    /// Equality that treats an int and a float of the same value as equal (`0` and `0.0`), as
    /// Python's `==` does.
    func isNumericallyEqual(to other: ParamValue) -> Bool {
        switch (self, other) {
        case (.int(let a), .float(let b)), (.float(let b), .int(let a)): return Double(a) == b
        case (.bool(let a), .int(let b)), (.int(let b), .bool(let a)): return (a ? 1 : 0) == b
        case (.bool(let a), .float(let b)), (.float(let b), .bool(let a)): return (a ? 1 : 0) == b
        default: return self == other
        }
    }

    /// `repr`, with a pair of equal ints written as the single int (PyTorch treats them alike).
    var shortestRepr: String {
        if case .tuple(let items) = self, items.count == 2, case .int = items[0], items[0] == items[1] {
            return items[0].pythonRepr
        }
        return pythonRepr
    }
}

// MARK: - Kind checking

extension ParamKind {
    /// Checks `value` against this kind and returns its canonical form (ints widened to floats for
    /// float kinds, lists of two ints as tuples, a pair of equal ints kept as given).
    public func validate(_ value: ParamValue, name: String) throws -> ParamValue {
        func fail(_ expected: String) -> LayerError {
            LayerError(.typeError, name, "\(name) must be \(expected), got \(value.pythonRepr)")
        }
        func isInt(_ v: ParamValue) -> Bool { if case .int = v { return true } else { return false } }
        func isIntPair(_ v: ParamValue) -> Bool {
            if case .tuple(let items) = v, items.count == 2, items.allSatisfy(isInt) { return true }
            return false
        }
        switch self {
        case .int:
            guard isInt(value) else { throw fail("an int") }
            return value
        case .float:
            // An int stays an int, as in Python (PyTorch prints `got 2`, not `got 2.0`).
            switch value {
            case .float, .int, .bool: return value  // Python's bool is an int
            default: throw fail("a float")
            }
        case .bool:
            // Python takes any value's truth (`ReLU(1)` is `ReLU(True)`); `Arguments.bool` reads it.
            return value
        case .strictBool:
            guard case .bool = value else { throw fail("True or False") }
            return value
        case .choice(let options):
            // Any string binds; the layer rejects one outside `options` with PyTorch's own message
            // (at construction or at forward, as PyTorch does).
            guard case .string = value else {
                throw fail("one of " + options.map { "'\($0)'" }.joined(separator: ", "))
            }
            return value
        case .intOrPair:
            guard isInt(value) || isIntPair(value) else { throw fail("an int or a tuple of 2 ints") }
            return value
        case .optionalIntOrPair:
            guard value == .none || isInt(value) || isIntPair(value) else {
                throw fail("None, an int or a tuple of 2 ints")
            }
            return value
        case .intOrInts, .optionalIntOrInts:
            if self == .optionalIntOrInts && value == .none { return value }
            if isInt(value) { return value }
            if case .tuple(let items) = value, items.allSatisfy(isInt) { return value }
            throw fail(self == .intOrInts ? "an int or a tuple of 2 ints" : "None, an int or a tuple of 2 ints")
        case .intOrPairOrChoice(let options):
            if isInt(value) || isIntPair(value) { return value }
            if case .string = value { return value }  // the layer reports PyTorch's own message
            throw fail("an int, a tuple of 2 ints or one of " + options.map { "'\($0)'" }.joined(separator: ", "))
        case .optionalInt:
            guard value == .none || isInt(value) else { throw fail("None or an int") }
            return value
        case .optionalFloat:
            switch value {
            case .none, .float, .int, .bool: return value
            default: throw fail("None or a float")
            }
        case .optionalBool:
            return value  // None, or any value's truth
        case .outputSize:
            if isInt(value) { return value }
            // Tuples of any length bind; the layer reports PyTorch's message for a length other than 2.
            if case .tuple(let items) = value, items.allSatisfy({ isInt($0) || $0 == .none }) {
                return value
            }
            switch value {
            case .none, .float:
                // What Python's `len(output_size)` raises inside the functional.
                throw LayerError(.typeError, name, "object of type '\(value.pythonTypeName)' has no len()")
            default:
                throw fail("an int or a tuple of 2 (int or None)")
            }
        case .device:
            if value == .none { return value }
            guard case .string(let device) = value else { throw fail("None, 'cpu' or torch.device('cpu')") }
            guard device == "cpu" else {
                throw LayerError(.valueError, name,
                                 "device '\(device)' is not available: LayerScope computes on the CPU (device=None or 'cpu')")
            }
            return value
        case .dtype:
            if value == .none { return value }
            guard case .torchName(let dtype) = value else { throw fail("None or a dtype such as torch.float32") }
            guard dtype == "float32" || dtype == "float" else {
                throw LayerError(.valueError, name,
                                 "dtype torch.\(dtype) is not available: LayerScope computes in float32 (dtype=None or torch.float32)")
            }
            return value
        case .optionalFloatVector:
            switch value {
            case .none, .tensor: return value
            default: throw fail("None or a 1-D tensor such as torch.tensor([1.0, 2.0])")
            }
        }
    }
}
