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
        let callee = "\(schema.name).__init__()"
        let positionalSpecs = schema.params.filter { !$0.keywordOnly }
        var bound = [ParamValue?](repeating: nil, count: schema.params.count)

        if positional.count > positionalSpecs.count {
            let required = positionalSpecs.filter(\.isRequired).count
            let takes = required == positionalSpecs.count
                ? "\(required + 1)" : "from \(required + 1) to \(positionalSpecs.count + 1)"
            throw LayerError(.typeError, "arguments",
                             "\(callee) takes \(takes) positional arguments but \(positional.count + 1) were given")
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
            let list = names.count == 1 ? names[0]
                : names.dropLast().joined(separator: ", ") + " and " + names.last!
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
        default: preconditionFailure("\(name) is not a float: \(self[name])")
        }
    }

    /// A bool parameter.
    public func bool(_ name: String) -> Bool {
        if case .bool(let v) = self[name] { return v }
        preconditionFailure("\(name) is not a bool: \(self[name])")
    }

    /// A string parameter.
    public func string(_ name: String) -> String {
        if case .string(let v) = self[name] { return v }
        preconditionFailure("\(name) is not a string: \(self[name])")
    }

    /// An int-or-pair parameter as `(H, W)`; `nil` when it is `None` or a string.
    public func pair(_ name: String) -> (Int, Int)? {
        switch self[name] {
        case .int(let v): return (v, v)
        case .tuple(let items):
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
        default: return nil
        }
    }

    /// An optional bool parameter.
    public func optionalBool(_ name: String) -> Bool? {
        if case .bool(let v) = self[name] { return v }
        return nil
    }

    /// An `output_size` parameter as `(H?, W?)`.
    public func outputSize(_ name: String) -> (Int?, Int?) {
        switch self[name] {
        case .int(let v): return (v, v)
        case .tuple(let items):
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
            case .float, .int: return value
            default: throw fail("a float")
            }
        case .bool:
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
        case .intOrPairOrChoice(let options):
            if isInt(value) || isIntPair(value) { return value }
            if case .string = value { return value }  // the layer reports PyTorch's own message
            throw fail("an int, a tuple of 2 ints or one of " + options.map { "'\($0)'" }.joined(separator: ", "))
        case .optionalInt:
            guard value == .none || isInt(value) else { throw fail("None or an int") }
            return value
        case .optionalFloat:
            switch value {
            case .none, .float, .int: return value
            default: throw fail("None or a float")
            }
        case .optionalBool:
            guard value == .none || { if case .bool = value { return true } else { return false } }() else {
                throw fail("None, True or False")
            }
            return value
        case .outputSize:
            if isInt(value) { return value }
            if case .tuple(let items) = value, items.count == 2,
               items.allSatisfy({ isInt($0) || $0 == .none }) {
                return value
            }
            throw fail("an int or a tuple of 2 (int or None)")
        case .optionalFloatVector:
            switch value {
            case .none, .tensor: return value
            default: throw fail("None or a 1-D tensor such as torch.tensor([1.0, 2.0])")
            }
        }
    }
}
