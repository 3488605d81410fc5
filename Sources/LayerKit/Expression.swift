// Expression: PyTorch constructor expressions, both ways.
//
// Parses what a user writes in Python — `nn.Conv2d(16, 33, (3, 5), stride=(2, 1), padding=(4, 2))`,
// `torch.nn.MaxPool2d(3, stride=2)`, `AdaptiveMaxPool2d((None, 7))`,
// `nn.CrossEntropyLoss(weight=torch.tensor([0.5, 1.0, 2.0]), label_smoothing=0.1)` — into a call,
// binds it to the layer's schema, and prints any layer back as the shortest expression that rebuilds
// it (`Arguments.expression`).

/// A syntax error in a constructor expression, pointing at the offending character.
public struct ExpressionError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What is wrong, e.g. `expected ')' but found ','`.
    public var message: String
    /// Zero-based offset (in characters) of the offending character in the expression.
    public var offset: Int
    /// The expression as given.
    public var source: String

    /// `expression: <message> at column <n>` on one line (columns count from 1).
    public var description: String { "expression: \(message) at column \(offset + 1)" }

    /// The expression with a caret under the offending character, for multi-line displays.
    public var caretDiagram: String {
        source + "\n" + String(repeating: " ", count: offset) + "^"
    }
}

/// A parsed constructor call, before it is bound to a schema.
public struct ConstructorCall: Equatable, Sendable {
    /// The class name without any `nn.`/`torch.nn.` prefix.
    public var name: String
    public var positional: [ParamValue]
    public var keywords: [(name: String, value: ParamValue)]
    /// An optimiser's first argument when it names the parameters, as written (`model.parameters()`,
    /// `params`); `nil` when they are left out. A keyword `params=…` naming them is kept in `keywords`
    /// as that text, a string.
    public var parametersArgument: String? = nil

    public static func == (a: ConstructorCall, b: ConstructorCall) -> Bool {
        a.name == b.name && a.positional == b.positional && a.parametersArgument == b.parametersArgument
            && a.keywords.map(\.name) == b.keywords.map(\.name)
            && a.keywords.map(\.value) == b.keywords.map(\.value)
    }
}

extension ConstructorCall {
    /// Parses `[torch.][nn.]Name(args...)`.
    public init(parsing text: String) throws {
        var parser = ExpressionParser(text)
        self = try parser.parseCall()
    }

    /// Parses `[torch.][optim.]Name(args...)`, an optimiser's constructor.
    public init(parsingOptimizer text: String) throws {
        var parser = ExpressionParser(text)
        self = try parser.parseNestedCall(allowingOptim: true)
        try parser.expectEnd()
    }

    /// The stages of `[torch.][nn.]Sequential(call, call, …)`, each with the offset of its first
    /// character in `text`; `nil` when `text` is not a Sequential (it may still be one layer).
    public static func sequentialStages(parsing text: String) throws -> [(call: ConstructorCall, offset: Int)]? {
        var parser = ExpressionParser(text)
        return try parser.parseSequential()
    }
}

extension Catalog {
    /// Parses an expression and binds it to the named layer's schema.
    ///
    /// Throws `ExpressionError` for syntax errors and unknown layers, `LayerError` (TypeError) for
    /// arguments that do not fit the signature.
    public static func arguments(parsing text: String) throws -> Arguments {
        let call = try ConstructorCall(parsing: text)
        guard let type = layerType(named: call.name) else {
            let start = text.firstIndex(of: "(").map { text.distance(from: text.startIndex, to: $0) } ?? 0
            let nameOffset = Swift.max(0, start - call.name.count)
            var message = "unknown layer '\(call.name)'"
            if let close = layerTypes.first(where: { $0.schema.name.lowercased() == call.name.lowercased() }) {
                message += "; did you mean '\(close.schema.name)'?"
            } else {
                message += "; known layers: " + schemas.map(\.name).joined(separator: ", ")
            }
            throw ExpressionError(message: message, offset: nameOffset, source: text)
        }
        return try Arguments(schema: type.schema, positional: call.positional, keywords: call.keywords)
    }

    /// Parses an expression and builds the layer, drawing its initial parameters from `rng`.
    public static func layer(parsing text: String, rng: inout RandomSource) throws -> any Layer {
        try make(arguments(parsing: text), rng: &rng)
    }
}

// MARK: - Tokens

private enum Token: Equatable {
    case identifier(String)
    case integer(Int)
    case number(Double)
    case string(String)
    case symbol(Character)  // ( ) [ ] , = . - + * / %
    /// `//`, Python's floor division.
    case floorDivide
    case end

    var display: String {
        switch self {
        case .identifier(let s): return "'\(s)'"
        case .integer(let i): return "'\(i)'"
        case .number(let d): return "'\(pythonFloatRepr(d))'"
        case .string(let s): return "'\(s)'"
        case .symbol(let c): return "'\(c)'"
        case .floorDivide: return "'//'"
        case .end: return "end of expression"
        }
    }
}

/// A recursive-descent parser over the characters of one expression.
private struct ExpressionParser {
    let source: String
    let chars: [Character]
    var position = 0
    /// Offset of the token most recently returned by `next()`.
    var tokenStart = 0
    /// How many tuples/lists enclose the value being parsed.
    var nesting = 0
    /// Python's own limit on nested brackets.
    static let maximumNesting = 200

    init(_ source: String) {
        self.source = source
        self.chars = Array(source)
    }

    func error(_ message: String, at offset: Int) -> ExpressionError {
        ExpressionError(message: message, offset: Swift.min(offset, Swift.max(chars.count, 0)), source: source)
    }

    // MARK: Lexer

    mutating func skipSpace() {
        while position < chars.count, chars[position].isWhitespace { position += 1 }
    }

    mutating func peek() throws -> Token {
        let saved = (position, tokenStart)
        let token = try next()
        (position, tokenStart) = saved
        return token
    }

    mutating func next() throws -> Token {
        skipSpace()
        tokenStart = position
        guard position < chars.count else { return .end }
        let c = chars[position]
        if c.isLetter || c == "_" {
            var name = ""
            while position < chars.count, chars[position].isLetter || chars[position].isNumber || chars[position] == "_" {
                name.append(chars[position])
                position += 1
            }
            return .identifier(name)
        }
        if c.isASCII && (c.isNumber || (c == "." && position + 1 < chars.count && chars[position + 1].isNumber)) {
            return try lexNumber()
        }
        if c == "'" || c == "\"" {
            position += 1
            var text = ""
            while position < chars.count, chars[position] != c {
                if chars[position] == "\\", position + 1 < chars.count {
                    position += 1
                }
                text.append(chars[position])
                position += 1
            }
            guard position < chars.count else {
                throw error("unterminated string", at: tokenStart)
            }
            position += 1
            return .string(text)
        }
        if c == "/", position + 1 < chars.count, chars[position + 1] == "/" {
            position += 2
            return .floorDivide
        }
        if "()[],=.-+*/%".contains(c) {
            position += 1
            return .symbol(c)
        }
        throw error("unexpected character '\(c)'", at: position)
    }

    mutating func lexNumber() throws -> Token {
        let start = position
        var text = ""
        var isFloat = false
        func digits() {
            while position < chars.count, chars[position].isASCII, chars[position].isNumber || chars[position] == "_" {
                if chars[position] != "_" { text.append(chars[position]) }
                position += 1
            }
        }
        digits()
        if position < chars.count, chars[position] == "." {
            isFloat = true
            text.append(".")
            position += 1
            digits()
        }
        if position < chars.count, chars[position] == "e" || chars[position] == "E" {
            isFloat = true
            text.append("e")
            position += 1
            if position < chars.count, chars[position] == "+" || chars[position] == "-" {
                text.append(chars[position])
                position += 1
            }
            let before = text.count
            digits()
            if text.count == before { throw error("malformed number", at: start) }
        }
        if position < chars.count, chars[position].isLetter {
            throw error("malformed number", at: position)
        }
        if isFloat {
            guard let value = Double(text.hasPrefix(".") ? "0" + text : text) else {
                throw error("malformed number", at: start)
            }
            return .number(value)
        }
        guard let value = Int(text) else { throw error("integer too large", at: start) }
        return .integer(value)
    }

    mutating func expect(_ symbol: Character) throws {
        let token = try next()
        guard token == .symbol(symbol) else {
            throw error("expected '\(symbol)' but found \(token.display)", at: tokenStart)
        }
    }

    /// After an item of a list closed by `close`: consumes a `,` (true) or leaves the `close`
    /// (false); anything else is the error.
    @discardableResult
    mutating func skipSeparator(before close: Character) throws -> Bool {
        let separator = try peek()
        if separator == .symbol(",") {
            _ = try next()
            return true
        }
        guard separator == .symbol(close) else {
            _ = try next()
            throw error("expected ',' or '\(close)' but found \(separator.display)", at: tokenStart)
        }
        return false
    }

    /// Nothing may follow a whole expression's closing parenthesis.
    mutating func expectEnd() throws {
        let trailing = try next()
        guard trailing == .end else {
            throw error("unexpected \(trailing.display) after the closing ')'", at: tokenStart)
        }
    }

    // MARK: Grammar

    /// call := ['torch' '.'] ['nn' '.'] Name '(' [arg (',' arg)* [',']] ')', the whole expression.
    mutating func parseCall() throws -> ConstructorCall {
        let call = try parseNestedCall()
        try expectEnd()
        return call
    }

    /// A whole `nn.Sequential(call, call, …)` expression: the stages' calls, each with the offset
    /// of its first character; `nil` (nothing consumed) when the expression is not a Sequential.
    mutating func parseSequential() throws -> [(call: ConstructorCall, offset: Int)]? {
        let saved = (position, tokenStart)
        guard try parseQualifiedName(allowingOptim: false) == "Sequential" else {
            (position, tokenStart) = saved
            return nil
        }
        try expect("(")
        var stages: [(call: ConstructorCall, offset: Int)] = []
        while try peek() != .symbol(")") {
            skipSpace()
            let offset = position
            if case .identifier(let key) = try peek() {
                let afterName = position
                _ = try next()
                if try peek() == .symbol("=") {
                    throw error("Sequential takes its layers as positional arguments, found keyword '\(key)'", at: offset)
                }
                position = afterName
            }
            stages.append((try parseNestedCall(), offset))
            try skipSeparator(before: ")")
        }
        try expect(")")
        try expectEnd()
        return stages
    }

    /// `['torch' '.'] ['nn' '.'] Name`, or with `allowingOptim` `['torch' '.'] ['optim' '.'] Name`:
    /// the name without its module prefix.
    mutating func parseQualifiedName(allowingOptim: Bool) throws -> String {
        var token = try next()
        guard case .identifier(var name) = token else {
            let example = allowingOptim ? "an optimiser name such as torch.optim.SGD" : "a layer name such as nn.Conv2d"
            throw error("expected \(example) but found \(token.display)", at: tokenStart)
        }
        let module = allowingOptim ? "optim" : "nn"
        if name == "torch" {
            try expect(".")
            token = try next()
            guard case .identifier(let inner) = token, inner == module else {
                throw error("expected '\(module)' after 'torch.'", at: tokenStart)
            }
            name = inner
        }
        if name == module {
            try expect(".")
            token = try next()
            guard case .identifier(let inner) = token else {
                let what = allowingOptim ? "an optimiser" : "a layer"
                throw error("expected \(what) name after '\(module).' but found \(token.display)", at: tokenStart)
            }
            name = inner
        }
        return name
    }

    /// One call, which may be followed by more text (a stage of a Sequential).
    mutating func parseNestedCall(allowingOptim: Bool = false) throws -> ConstructorCall {
        let name = try parseQualifiedName(allowingOptim: allowingOptim)
        try expect("(")
        var positional: [ParamValue] = []
        var keywords: [(name: String, value: ParamValue)] = []
        var parametersArgument: String?
        if allowingOptim, let reference = try parseParametersReference() {
            parametersArgument = reference
            if try peek() == .symbol(",") { _ = try next() }
        }
        while try peek() != .symbol(")") {
            let argumentStart = position
            // keyword argument: identifier '=' value
            let first = try next()
            if case .identifier(let key) = first, try peek() == .symbol("=") {
                if keywords.contains(where: { $0.name == key }) {
                    throw error("keyword argument repeated: \(key)", at: argumentStart + (chars[argumentStart...].prefix { $0.isWhitespace }.count))
                }
                _ = try next()
                if allowingOptim && key == "params", let reference = try parseParametersReference() {
                    keywords.append((key, .string(reference)))
                } else {
                    keywords.append((key, try parseValue()))
                }
            } else {
                position = argumentStart
                if !keywords.isEmpty {
                    skipSpace()
                    throw error("positional argument follows keyword argument", at: position)
                }
                positional.append(try parseValue())
            }
            try skipSeparator(before: ")")
        }
        try expect(")")
        return ConstructorCall(name: name, positional: positional, keywords: keywords,
                               parametersArgument: parametersArgument)
    }

    /// In an optimiser's call, an argument naming the parameters — a dotted name, optionally called,
    /// ending the argument (`model.parameters()`, `params`): its text, consumed; `nil` (nothing
    /// consumed) for any other argument.
    mutating func parseParametersReference() throws -> String? {
        let saved = (position, tokenStart)
        var text = ""
        while case .identifier(let name) = try peek(), !["True", "False", "None", "float", "torch"].contains(name) || !text.isEmpty {
            _ = try next()
            text += name
            guard try peek() == .symbol(".") else { break }
            _ = try next()
            text += "."
        }
        if !text.isEmpty && !text.hasSuffix("."), try peek() == .symbol("(") {
            _ = try next()
            if try peek() == .symbol(")") {
                _ = try next()
                text += "()"
            } else {
                text = ""
            }
        }
        let after = try peek()
        guard !text.isEmpty, !text.hasSuffix("."), after == .symbol(",") || after == .symbol(")") else {
            (position, tokenStart) = saved
            return nil
        }
        return text
    }

    /// value := term (('+' | '-') term)*
    ///
    /// Arithmetic on numbers as Python does it (`8 * 8 * 8`, `(16 - 3) // 2 + 1`): ints stay ints
    /// except under `/`; any float makes the result a float.
    mutating func parseValue() throws -> ParamValue {
        var value = try parseTerm()
        while true {
            let token = try peek()
            guard token == .symbol("+") || token == .symbol("-") else { return value }
            _ = try next()
            let operatorStart = tokenStart
            value = try arithmetic(value, token, try parseTerm(), at: operatorStart)
        }
    }

    /// term := unary (('*' | '/' | '//' | '%') unary)*
    mutating func parseTerm() throws -> ParamValue {
        var value = try parseUnary()
        while true {
            let token = try peek()
            guard token == .symbol("*") || token == .symbol("/") || token == .symbol("%") || token == .floorDivide
            else { return value }
            _ = try next()
            let operatorStart = tokenStart
            value = try arithmetic(value, token, try parseUnary(), at: operatorStart)
        }
    }

    /// unary := ('-' | '+') unary | atom
    mutating func parseUnary() throws -> ParamValue {
        let token = try peek()
        guard token == .symbol("-") || token == .symbol("+") else { return try parseAtom() }
        _ = try next()
        let sign: Character = token == .symbol("-") ? "-" : "+"
        let operandToken = try peek()
        switch operandToken {
        case .integer, .number, .symbol("("), .symbol("-"), .symbol("+"), .identifier("float"): break
        default:
            _ = try next()
            throw error("expected a number after '\(sign)' but found \(operandToken.display)", at: tokenStart)
        }
        let operandStart = position
        nesting += 1
        defer { nesting -= 1 }
        guard nesting < Self.maximumNesting else { throw error("too many nested operators", at: tokenStart) }
        let operand = try parseUnary()
        switch operand {
        case .int(let i):
            if sign == "+" { return .int(i) }
            guard i != Int.min else { throw error("integer too large", at: operandStart) }
            return .int(-i)
        case .float(let d): return .float(sign == "-" ? -d : d)
        default: throw error("bad operand type for unary \(sign)", at: operandStart)
        }
    }

    /// `a op b` for two numbers, with Python's rules: `//` and `%` floor, `/` gives a float,
    /// division by zero is an error, as is an int result that does not fit 64 bits.
    func arithmetic(_ a: ParamValue, _ op: Token, _ b: ParamValue, at offset: Int) throws -> ParamValue {
        let symbol = op == .floorDivide ? "//" : String(op.display.filter { $0 != "'" })
        func number(_ v: ParamValue) -> Double? {
            switch v {
            case .int(let i): return Double(i)
            case .float(let d): return d
            default: return nil
            }
        }
        guard let x = number(a), let y = number(b) else {
            throw error("unsupported operand types for \(symbol): only numbers can be combined", at: offset)
        }
        if case .int(let i) = a, case .int(let j) = b, op != .symbol("/") {
            let result: (Int, Bool)
            switch op {
            case .symbol("+"): result = i.addingReportingOverflow(j)
            case .symbol("-"): result = i.subtractingReportingOverflow(j)
            case .symbol("*"): result = i.multipliedReportingOverflow(by: j)
            default:
                guard j != 0 else { throw error("integer division or modulo by zero", at: offset) }
                guard !(i == Int.min && j == -1) else { throw error("integer too large", at: offset) }
                // Python floors toward −∞; Swift's / and % truncate toward zero.
                var quotient = i / j, remainder = i % j
                if remainder != 0 && ((remainder < 0) != (j < 0)) {
                    quotient -= 1
                    remainder += j
                }
                result = (op == .floorDivide ? quotient : remainder, false)
            }
            guard !result.1 else { throw error("integer too large", at: offset) }
            return .int(result.0)
        }
        switch op {
        case .symbol("+"): return .float(x + y)
        case .symbol("-"): return .float(x - y)
        case .symbol("*"): return .float(x * y)
        default:
            guard y != 0 else {
                throw error(op == .symbol("/") ? "division by zero" : "float division or modulo by zero", at: offset)
            }
            if op == .symbol("/") { return .float(x / y) }
            let quotient = (x / y).rounded(.down)
            return .float(op == .floorDivide ? quotient : x - quotient * y)
        }
    }

    /// atom := number | True | False | None | string | tuple | list | torch.tensor(list)
    ///       | float('inf'|'-inf'|'nan')
    mutating func parseAtom() throws -> ParamValue {
        let token = try next()
        let start = tokenStart
        switch token {
        case .integer(let i): return .int(i)
        case .number(let d): return .float(d)
        case .string(let s): return .string(s)
        case .symbol("("), .symbol("["):
            let close: Character = token == .symbol("(") ? ")" : "]"
            nesting += 1
            defer { nesting -= 1 }
            guard nesting < Self.maximumNesting else { throw error("too many nested parentheses", at: start) }
            var items: [ParamValue] = []
            var sawComma = false
            while try peek() != .symbol(close) {
                items.append(try parseValue())
                if try skipSeparator(before: close) { sawComma = true }
            }
            try expect(close)
            // `(x)` without a comma is just x in Python.
            if close == ")" && items.count == 1 && !sawComma { return items[0] }
            return .tuple(items)
        case .identifier("True"): return .bool(true)
        case .identifier("False"): return .bool(false)
        case .identifier("None"): return .none
        case .identifier("float"):
            try expect("(")
            let argument = try next()
            guard case .string(let text) = argument,
                  let value = ["inf": Double.infinity, "+inf": .infinity, "-inf": -.infinity,
                               "nan": .nan, "infinity": .infinity, "-infinity": -.infinity][text.lowercased()]
            else {
                throw error("float() takes 'inf', '-inf' or 'nan' here", at: tokenStart)
            }
            try expect(")")
            return .float(value)
        case .identifier("torch"):
            try expect(".")
            let member = try next()
            switch member {
            case .identifier("tensor"):
                return try parseTensorCall(start: start)
            case .identifier("device"):
                // torch.device('cpu') is the device string itself.
                try expect("(")
                let argument = try next()
                guard case .string(let device) = argument else {
                    throw error("torch.device() takes a device name such as 'cpu'", at: tokenStart)
                }
                try expect(")")
                return .string(device)
            case .identifier(let name) where Self.torchDTypes.contains(name):
                return .torchName(name)
            default:
                throw error("only torch.tensor([...]), torch.device(...) and dtypes such as torch.float32 are supported here, found \(member.display)", at: tokenStart)
            }
        case .identifier(let name):
            throw error("unexpected name '\(name)'; values are numbers, True, False, None, strings, tuples or torch.tensor([...])", at: start)
        default:
            throw error("expected a value but found \(token.display)", at: start)
        }
    }

    /// The dtype names `torch.<name>` may refer to.
    static let torchDTypes: Set<String> = [
        "float32", "float", "float64", "double", "float16", "half", "bfloat16",
        "int64", "long", "int32", "int", "int16", "int8", "uint8", "bool",
    ]

    /// torch.tensor '(' list [',' dtype=torch.float32|float|float64|double] ')'
    mutating func parseTensorCall(start: Int) throws -> ParamValue {
        try expect("(")
        let listStart = position
        let list = try parseValue()
        guard case .tuple(let items) = list else {
            throw error("torch.tensor() takes a list of numbers here", at: listStart)
        }
        var numbers: [Double] = []
        for item in items {
            switch item {
            case .int(let i): numbers.append(Double(i))
            case .float(let d): numbers.append(d)
            default: throw error("torch.tensor() takes a flat list of numbers here", at: listStart)
            }
        }
        if try peek() == .symbol(",") {
            _ = try next()
            if try peek() != .symbol(")") {
                let key = try next()
                guard key == .identifier("dtype") else {
                    throw error("torch.tensor() accepts only dtype= here", at: tokenStart)
                }
                try expect("=")
                let dtypeStart = position
                guard try next() == .identifier("torch") else { throw error("expected torch.<dtype>", at: dtypeStart) }
                try expect(".")
                let dtype = try next()
                guard case .identifier(let dtypeName) = dtype,
                      ["float32", "float", "float64", "double"].contains(dtypeName) else {
                    throw error("weight must be a floating-point tensor (torch.float32 or torch.float64)", at: tokenStart)
                }
            }
        }
        try expect(")")
        return .tensor(numbers)
    }
}
