// TOMLReader: a small reader for the subset of TOML that theme files use — so the render core
// needs no dependency. Every value and key remembers its line and column, so the theme loader can
// say where a wrong value is.
//
// Supported: `#` comments; bare keys (A–Z a–z 0–9 _ -), quoted keys ("…" and '…') and dotted keys
// (`a.b = 1`); table headers `[a.b]`; basic strings ("…" with \b \t \n \f \r \" \\ \uXXXX
// \UXXXXXXXX escapes) and literal strings ('…'); integers (decimal with `_` separators, 0x / 0o /
// 0b); floats (fraction and/or exponent, inf, nan); booleans; arrays (over several lines, with
// comments and a trailing comma); inline tables (as TOML 1.1 allows: over several lines, with a
// trailing comma); arrays of tables (`[[step]]`, each header a new table at the end of the array,
// as lesson files use them). Everything else — multi-line strings, dates and times — is an error
// naming its line and column, as are duplicate keys and tables.
//
// Any text is safe to read: nesting (tables, arrays, dotted keys) deeper than
// `TOMLReader.maximumDepth` is an error rather than a deep recursion, and time and memory grow in
// proportion to the text — tables are built in place and keys are found through a dictionary, so
// no table, path or key list is copied per key.

/// A position in a TOML text: 1-based line and column (columns count Unicode scalars).
public struct TOMLPosition: Sendable, Hashable, CustomStringConvertible {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public var description: String { "\(line):\(column)" }
}

/// A syntax error in a TOML text.
public struct TOMLError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Where the problem is.
    public var position: TOMLPosition
    /// What is wrong, in one line.
    public var message: String

    public init(_ message: String, at position: TOMLPosition) {
        self.message = message
        self.position = position
    }

    /// "line L, column C: message", with any control character in the message escaped.
    public var description: String {
        "line \(position.line), column \(position.column): \(message.escapingControls)"
    }
}

/// A TOML value with the position where it starts.
public struct TOMLValue: Sendable, Hashable {
    /// The kinds of value TOMLReader reads.
    public enum Kind: Sendable, Hashable {
        case string(String)
        case integer(Int64)
        case float(Double)
        case boolean(Bool)
        case array([TOMLValue])
        case table(TOMLTable)
    }

    public var kind: Kind
    /// Where the value starts (for a table made by a header, where the header is).
    public var position: TOMLPosition

    public init(_ kind: Kind, at position: TOMLPosition) {
        self.kind = kind
        self.position = position
    }

    /// The string, if the value is one.
    public var string: String? {
        if case .string(let s) = kind { return s }
        return nil
    }

    /// The boolean, if the value is one.
    public var boolean: Bool? {
        if case .boolean(let b) = kind { return b }
        return nil
    }

    /// The elements, if the value is an array.
    public var array: [TOMLValue]? {
        if case .array(let a) = kind { return a }
        return nil
    }

    /// The table, if the value is one.
    public var table: TOMLTable? {
        if case .table(let t) = kind { return t }
        return nil
    }

    /// The kind of value, as an error message names it ("a string", "an array", …).
    public var kindName: String {
        switch kind {
        case .string: return "a string"
        case .integer: return "an integer"
        case .float: return "a float"
        case .boolean: return "a boolean"
        case .array: return "an array"
        case .table: return "a table"
        }
    }
}

/// A TOML table: keys in the order they were written, each with its position and value.
public struct TOMLTable: Sendable, Hashable {
    /// One key of a table.
    public struct Entry: Sendable, Hashable {
        public var key: String
        /// Where the key is written (for a key made by a header or a dotted key, its first mention).
        public var keyPosition: TOMLPosition
        public var value: TOMLValue
    }

    /// The entries in the order they were first written.
    public private(set) var entries: [Entry] = []
    /// Each key's place in `entries`.
    private var places: [String: Int] = [:]

    public init() {}

    fileprivate init(entries: [Entry], places: [String: Int]) {
        self.entries = entries
        self.places = places
    }

    /// The value of `key`, if the table has it.
    public subscript(key: String) -> TOMLValue? {
        entry(key)?.value
    }

    /// The entry of `key`, if the table has it.
    public func entry(_ key: String) -> Entry? {
        places[key].map { entries[$0] }
    }

    /// The keys in the order they were written.
    public var keys: [String] { entries.map(\.key) }

    public static func == (a: TOMLTable, b: TOMLTable) -> Bool { a.entries == b.entries }

    public func hash(into hasher: inout Hasher) { hasher.combine(entries) }
}

/// Reads TOML text.
public enum TOMLReader {
    /// How deeply values may nest: a key in the root table is at depth 1, a key of its table or an
    /// element of its array at depth 2, and so on (a theme needs 3).
    public static let maximumDepth = 64

    /// Parses `text` into its root table, or throws a `TOMLError` naming the line and column.
    public static func parse(_ text: String) throws -> TOMLTable {
        var parser = Parser(text)
        return try parser.document()
    }
}

// MARK: - Parser

/// A key as written: its text and where it starts.
private typealias Key = (key: String, position: TOMLPosition)

/// A table while it is being read. A class, so adding a key changes it in place: copying a table
/// (and every table above it) per key would make reading quadratic.
private final class TableBuilder {
    /// A key's value: a table still open to more keys (made by a header or a dotted key), or a
    /// finished value (an inline table among them, which nothing may extend).
    enum Slot {
        case table(TableBuilder)
        case value(TOMLValue)
        /// An array of tables (`[[a]]`): headers and keys below it extend its last table.
        case tableArray(TableArrayBuilder)
    }

    /// Where the table starts: its header, or the key that made it.
    let position: TOMLPosition
    /// Defined by a header or by a dotted key of a key/value line: no header may define it again.
    var defined = false
    private var entries: [(key: String, keyPosition: TOMLPosition, slot: Slot)] = []
    private var places: [String: Int] = [:]

    init(position: TOMLPosition) {
        self.position = position
    }

    func slot(_ key: String) -> Slot? {
        places[key].map { entries[$0].slot }
    }

    func append(_ key: Key, _ slot: Slot) {
        places[key.key] = entries.count
        entries.append((key.key, key.position, slot))
    }


    /// The finished table (its tables nest at most `TOMLReader.maximumDepth` deep).
    func table() -> TOMLTable {
        let finished = entries.map { entry in
            switch entry.slot {
            case .table(let inner):
                return TOMLTable.Entry(key: entry.key, keyPosition: entry.keyPosition,
                                       value: TOMLValue(.table(inner.table()), at: inner.position))
            case .value(let value):
                return TOMLTable.Entry(key: entry.key, keyPosition: entry.keyPosition, value: value)
            case .tableArray(let array):
                let items = array.tables.map { TOMLValue(.table($0.table()), at: $0.position) }
                return TOMLTable.Entry(key: entry.key, keyPosition: entry.keyPosition,
                                       value: TOMLValue(.array(items), at: array.position))
            }
        }
        return TOMLTable(entries: finished, places: places)
    }
}

/// An array of tables while it is being read (a class, so a header appends in place).
private final class TableArrayBuilder {
    let position: TOMLPosition
    var tables: [TableBuilder] = []

    init(position: TOMLPosition) {
        self.position = position
    }
}

private struct Parser {
    private let scalars: [Unicode.Scalar]
    private var index = 0
    private var line = 1
    private var lineStart = 0

    /// The root table being built.
    private let root = TableBuilder(position: TOMLPosition(line: 1, column: 1))
    /// The table that key/value lines go into (after the last header), and its path.
    private var target: TableBuilder
    private var targetPath: [String] = []

    init(_ text: String) {
        scalars = Array(text.unicodeScalars)
        target = root
        root.defined = true
        if scalars.first == "\u{FEFF}" {  // a byte-order mark is not part of the text
            index = 1
            lineStart = 1
        }
    }

    private var position: TOMLPosition { TOMLPosition(line: line, column: index - lineStart + 1) }
    private var atEnd: Bool { index >= scalars.count }
    private var current: Unicode.Scalar? { atEnd ? nil : scalars[index] }

    private func peek(_ offset: Int) -> Unicode.Scalar? {
        index + offset < scalars.count ? scalars[index + offset] : nil
    }

    private func error(_ message: String, at position: TOMLPosition? = nil) -> TOMLError {
        TOMLError(message, at: position ?? self.position)
    }

    private static func tooDeep(at position: TOMLPosition) -> TOMLError {
        TOMLError("nested deeper than \(TOMLReader.maximumDepth) levels", at: position)
    }

    /// Throws at the first part of `keys`, written in a table at `depth`, that is nested too deep.
    private static func checkDepth(_ keys: [Key], below depth: Int) throws {
        if depth + keys.count > TOMLReader.maximumDepth {
            throw tooDeep(at: keys[max(0, TOMLReader.maximumDepth - depth)].position)
        }
    }

    // MARK: Document structure

    mutating func document() throws -> TOMLTable {
        while true {
            skipBlankLinesAndComments()
            guard let c = current else { return root.table() }
            if c == "[" {
                try tableHeader()
            } else {
                let (keys, value) = try keyValue(depth: targetPath.count)
                try Parser.insert(value, at: keys, into: target, path: targetPath)
            }
            try endOfLine()
        }
    }

    /// Skips whitespace, comments and newlines.
    private mutating func skipBlankLinesAndComments() {
        while let c = current {
            if c == " " || c == "\t" {
                index += 1
            } else if c == "#" {
                skipComment()
            } else if isNewlineStart() {
                consumeNewline()
            } else {
                return
            }
        }
    }

    private mutating func skipSpaces() {
        while let c = current, c == " " || c == "\t" { index += 1 }
    }

    private mutating func skipComment() {
        while let c = current, c != "\n", !(c == "\r" && peek(1) == "\n") { index += 1 }
    }

    private func isNewlineStart() -> Bool {
        current == "\n" || (current == "\r" && peek(1) == "\n")
    }

    private mutating func consumeNewline() {
        if current == "\r" { index += 1 }
        index += 1
        line += 1
        lineStart = index
    }

    /// After a header or key/value: only spaces and a comment may follow on the line.
    private mutating func endOfLine() throws {
        skipSpaces()
        if current == "#" { skipComment() }
        if atEnd { return }
        guard isNewlineStart() else {
            throw error("expected the end of the line, found '\(String(current!))'")
        }
        consumeNewline()
    }

    /// `[a.b]`: makes the table (and its parents) and makes it the target of key/value lines.
    /// `[[a.b]]`: adds a new table to the end of the array of tables `a.b`, and makes it the target.
    private mutating func tableHeader() throws {
        let start = position
        index += 1  // [
        let isArray = current == "["
        if isArray { index += 1 }
        skipSpaces()
        let keys = try dottedKey()
        skipSpaces()
        guard current == "]" else { throw error("expected '\(isArray ? "]]" : "]")' to close the table header") }
        index += 1
        if isArray {
            guard current == "]" else { throw error("expected ']]' to close the array-of-tables header") }
            index += 1
        }
        try Parser.checkDepth(keys, below: 0)
        let path = keys.map(\.key)
        var table = root
        for (i, key) in keys.enumerated() {
            let last = i == keys.count - 1
            switch table.slot(key.key) {
            case .tableArray(let array)?:
                guard last, isArray else {
                    guard !last else { throw error("'\(dotted(path))' is an array of tables; its header is [[\(dotted(path))]]", at: start) }
                    table = array.tables[array.tables.count - 1]
                    continue
                }
                let made = TableBuilder(position: start)
                made.defined = true
                array.tables.append(made)
                table = made
            case .table(let inner)?:
                if last && isArray { throw error("'\(dotted(path))' is already a table, not an array of tables", at: start) }
                table = inner
            case .value(let value)?:
                if value.table != nil { throw error("table '\(dotted(path))' was already defined by a key", at: start) }
                throw error("'\(dotted(Array(path[...i])))' is already \(value.kindName), not a table", at: start)
            case nil:
                let made = TableBuilder(position: start)
                if last && isArray {
                    made.defined = true
                    let array = TableArrayBuilder(position: start)
                    array.tables.append(made)
                    table.append(key, .tableArray(array))
                } else {
                    table.append(key, .table(made))
                }
                table = made
            }
        }
        if !isArray {
            if table.defined { throw error("table '\(dotted(path))' is defined twice", at: start) }
            table.defined = true
        }
        target = table
        targetPath = path
    }

    /// Parses `key = value` (stopping after the value), for a table at `depth`.
    private mutating func keyValue(depth: Int) throws -> ([Key], TOMLValue) {
        let keys = try dottedKey()
        try Parser.checkDepth(keys, below: depth)
        skipSpaces()
        guard current == "=" else {
            if atEnd || isNewlineStart() { throw error("expected '=' after the key '\(dotted(keys.map(\.key)))'") }
            throw error("expected '=' after the key, found '\(String(current!))'")
        }
        index += 1
        skipSpaces()
        let value = try self.value(depth: depth + keys.count)
        return (keys, value)
    }

    /// Puts `value` at `keys` below `table` (whose path messages show as `path`), making tables
    /// for a dotted key's parts.
    private static func insert(_ value: TOMLValue, at keys: [Key], into table: TableBuilder, path: [String]) throws {
        var table = table
        for (i, key) in keys.dropLast().enumerated() {
            switch table.slot(key.key) {
            case .tableArray?:
                throw TOMLError("'\(dotted(path + keys[...i].map(\.key)))' is an array of tables; a dotted key cannot extend it",
                                at: key.position)
            case .table(let inner)?:
                table = inner
            case .value(let existing)?:
                if existing.table != nil {
                    throw TOMLError("'\(dotted(keys.map(\.key)))' extends an inline table", at: keys[0].position)
                }
                throw TOMLError("'\(dotted(path + keys[...i].map(\.key)))' is already \(existing.kindName), not a table",
                                at: key.position)
            case nil:
                let made = TableBuilder(position: key.position)
                table.append(key, .table(made))
                table = made
            }
            table.defined = true  // made (or extended) by a dotted key: no header may open it
        }
        let last = keys[keys.count - 1]
        guard table.slot(last.key) == nil else {
            throw TOMLError("key '\(dotted(path + keys.map(\.key)))' is defined twice", at: last.position)
        }
        table.append(last, .value(value))
    }

    // MARK: Keys

    /// `a.b."c d"`: one or more simple keys joined by dots.
    private mutating func dottedKey() throws -> [Key] {
        var keys = [try simpleKey()]
        while true {
            let save = (index, line, lineStart)
            skipSpaces()
            guard current == "." else {
                (index, line, lineStart) = save
                return keys
            }
            index += 1
            skipSpaces()
            keys.append(try simpleKey())
        }
    }

    private mutating func simpleKey() throws -> Key {
        let start = position
        switch current {
        case "\""?:
            return (try basicString(), start)
        case "'"?:
            return (try literalString(), start)
        case let c? where isBareKeyScalar(c):
            var key = ""
            while let c = current, isBareKeyScalar(c) {
                key.unicodeScalars.append(c)
                index += 1
            }
            return (key, start)
        case nil:
            throw error("expected a key, found the end of the file")
        case let c?:
            if c == "\n" || c == "\r" { throw error("expected a key, found the end of the line") }
            throw error("expected a key, found '\(String(c))'")
        }
    }

    private func isBareKeyScalar(_ c: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(c) || ("A"..."Z").contains(c) || ("0"..."9").contains(c) || c == "_" || c == "-"
    }

    // MARK: Values

    /// A value at `depth` (a key of the root table is at depth 1, an element of its array at 2).
    private mutating func value(depth: Int) throws -> TOMLValue {
        let start = position
        guard depth <= TOMLReader.maximumDepth else { throw Parser.tooDeep(at: start) }
        guard let c = current else { throw error("expected a value, found the end of the file") }
        switch c {
        case "\"":
            if peek(1) == "\"" && peek(2) == "\"" { throw error("multi-line strings (\"\"\") are not supported") }
            return TOMLValue(.string(try basicString()), at: start)
        case "'":
            if peek(1) == "'" && peek(2) == "'" { throw error("multi-line strings (''') are not supported") }
            return TOMLValue(.string(try literalString()), at: start)
        case "[":
            return TOMLValue(.array(try array(depth: depth)), at: start)
        case "{":
            return TOMLValue(.table(try inlineTable(depth: depth)), at: start)
        case "\n", "\r":
            throw error("expected a value, found the end of the line")
        case "#":
            throw error("expected a value, found a comment")
        default:
            return try bareValue()
        }
    }

    /// A boolean, integer or float: read the whole token, then decide what it is.
    private mutating func bareValue() throws -> TOMLValue {
        let start = position
        var token = ""
        while let c = current, isBareKeyScalar(c) || c == "+" || c == "." || c == ":" {
            token.unicodeScalars.append(c)
            index += 1
        }
        if token.isEmpty { throw error("expected a value, found '\(String(current!))'") }
        if token == "true" { return TOMLValue(.boolean(true), at: start) }
        if token == "false" { return TOMLValue(.boolean(false), at: start) }
        if let n = Parser.integer(token) { return TOMLValue(.integer(n), at: start) }
        if let x = Parser.float(token) { return TOMLValue(.float(x), at: start) }
        if token.contains(":") || (token.count >= 10 && token.dropFirst(4).first == "-") {
            throw error("dates and times are not supported", at: start)
        }
        if token.first?.isLetter == true {
            throw error("'\(token.clipped())' is not a value (strings need quotes)", at: start)
        }
        throw error("'\(token.clipped())' is not a number", at: start)
    }

    /// Decimal (with `_` between digits, no leading zeros), 0x, 0o or 0b; nil if `token` is not one.
    private static func integer(_ token: String) -> Int64? {
        for (prefix, radix) in [("0x", 16), ("0o", 8), ("0b", 2)] where token.hasPrefix(prefix) {
            let digits = token.dropFirst(2)
            guard validUnderscores(digits), digits.allSatisfy({ $0 == "_" || $0.isHexDigit }) else { return nil }
            return Int64(digits.removingUnderscores(), radix: radix)
        }
        var body = Substring(token)
        if body.first == "+" || body.first == "-" { body = body.dropFirst() }
        guard !body.isEmpty, body.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "_") }),
              validUnderscores(body), !(body.first == "0" && body.count > 1) else { return nil }
        return Int64(token.removingUnderscores())
    }

    /// A decimal float (needs a fraction or an exponent), `inf` or `nan` with an optional sign.
    private static func float(_ token: String) -> Double? {
        var body = Substring(token)
        var sign = 1.0
        if body.first == "+" || body.first == "-" {
            if body.first == "-" { sign = -1 }
            body = body.dropFirst()
        }
        if body == "inf" { return sign * .infinity }
        if body == "nan" { return .nan }
        let lower = body.lowercased()
        guard lower.contains(".") || lower.contains("e") else { return nil }
        // integer part, optional .fraction, optional e[+-]exponent; each digit run underscore-separated.
        let mantissaAndExponent = lower.split(separator: "e", maxSplits: 1, omittingEmptySubsequences: false)
        let mantissa = mantissaAndExponent[0]
        let parts = mantissa.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        func digitRun(_ s: Substring) -> Bool {
            !s.isEmpty && s.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "_") }) && validUnderscores(s)
        }
        guard digitRun(parts[0]), !(parts[0].first == "0" && parts[0].count > 1) else { return nil }
        if parts.count == 2 && !digitRun(parts[1]) { return nil }
        if mantissaAndExponent.count == 2 {
            var exponent = mantissaAndExponent[1]
            if exponent.first == "+" || exponent.first == "-" { exponent = exponent.dropFirst() }
            guard digitRun(exponent) else { return nil }
        }
        return Double(String(body).removingUnderscores()).map { sign * $0 }
    }

    /// Underscores only between two digits.
    private static func validUnderscores(_ s: Substring) -> Bool {
        guard !s.isEmpty, s.first != "_", s.last != "_" else { return false }
        return !s.contains("__")
    }

    /// `"…"` with escapes.
    private mutating func basicString() throws -> String {
        let start = position
        index += 1  // "
        var out = ""
        while true {
            guard let c = current, c != "\n", !(c == "\r" && peek(1) == "\n") else {
                throw error("unterminated string (started at column \(start.column))")
            }
            index += 1
            if c == "\"" { return out }
            if c == "\\" {
                out.unicodeScalars.append(try escape())
            } else if c.value < 0x20 && c != "\t" || c.value == 0x7F {
                throw error("control character U+\(hex4(c.value)) in a string (write it as an escape)",
                            at: TOMLPosition(line: line, column: index - lineStart))
            } else {
                out.unicodeScalars.append(c)
            }
        }
    }

    private mutating func escape() throws -> Unicode.Scalar {
        let at = TOMLPosition(line: line, column: index - lineStart)  // the backslash
        guard let c = current else { throw error("unterminated string") }
        index += 1
        switch c {
        case "b": return "\u{08}"
        case "t": return "\t"
        case "n": return "\n"
        case "f": return "\u{0C}"
        case "r": return "\r"
        case "\"": return "\""
        case "\\": return "\\"
        case "u", "U":
            let count = c == "u" ? 4 : 8
            var digits = ""
            for _ in 0..<count {
                guard let d = current, d.properties.isASCIIHexDigit else {
                    throw error("\\\(c) needs \(count) hex digits", at: at)
                }
                digits.unicodeScalars.append(d)
                index += 1
            }
            guard let value = UInt32(digits, radix: 16), let scalar = Unicode.Scalar(value) else {
                throw error("\\\(c)\(digits) is not a Unicode scalar value", at: at)
            }
            return scalar
        default:
            throw error("unknown escape '\\\(String(c))' (use \\\\ for a backslash)", at: at)
        }
    }

    /// `'…'`: no escapes.
    private mutating func literalString() throws -> String {
        let start = position
        index += 1  // '
        var out = ""
        while true {
            guard let c = current, c != "\n", !(c == "\r" && peek(1) == "\n") else {
                throw error("unterminated string (started at column \(start.column))")
            }
            index += 1
            if c == "'" { return out }
            if c.value < 0x20 && c != "\t" || c.value == 0x7F {
                throw error("control character U+\(hex4(c.value)) in a string",
                            at: TOMLPosition(line: line, column: index - lineStart))
            }
            out.unicodeScalars.append(c)
        }
    }

    /// `[a, b, …]` over any number of lines, with comments and a trailing comma; the array is at
    /// `depth`, its elements one deeper.
    private mutating func array(depth: Int) throws -> [TOMLValue] {
        let start = position
        index += 1  // [
        var elements: [TOMLValue] = []
        while true {
            skipBlankLinesAndComments()
            guard let c = current else { throw error("unterminated array (started at line \(start.line))") }
            if c == "]" {
                index += 1
                return elements
            }
            elements.append(try value(depth: depth + 1))
            skipBlankLinesAndComments()
            guard let next = current else { throw error("unterminated array (started at line \(start.line))") }
            if next == "," {
                index += 1
            } else if next != "]" {
                throw error("expected ',' or ']' in the array, found '\(String(next))'")
            }
        }
    }

    /// `{ a = 1, b.c = "x" }`: a closed table at `depth`.
    private mutating func inlineTable(depth: Int) throws -> TOMLTable {
        let start = position
        index += 1  // {
        let table = TableBuilder(position: start)
        while true {
            skipBlankLinesAndComments()
            guard let c = current else { throw error("unterminated inline table (started at line \(start.line))") }
            if c == "}" {
                index += 1
                return table.table()
            }
            let (keys, value) = try keyValue(depth: depth)
            try Parser.insert(value, at: keys, into: table, path: [])
            skipBlankLinesAndComments()
            guard let next = current else { throw error("unterminated inline table (started at line \(start.line))") }
            if next == "," {
                index += 1
            } else if next != "}" {
                throw error("expected ',' or '}' in the inline table, found '\(String(next))'")
            }
        }
    }
}

/// Keys joined with dots, quoting any that is not bare, cut short for a message.
private func dotted(_ path: [String]) -> String {
    path.map { key in
        let bare = !key.isEmpty && key.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_" || $0 == "-"
        }
        return bare ? key : "\"" + key + "\""
    }.joined(separator: ".").clipped(to: 80)
}

private func hex4(_ v: UInt32) -> String {
    let digits = String(v, radix: 16, uppercase: true)
    return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
}

extension StringProtocol {
    /// The text without any `_`.
    fileprivate func removingUnderscores() -> String {
        String(filter { $0 != "_" })
    }
}
