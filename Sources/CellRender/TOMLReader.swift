// TOMLReader: a small reader for the subset of TOML that theme files use — so the render core
// needs no dependency. Every value and key remembers its line and column, so the theme loader can
// say where a wrong value is.
//
// Supported: `#` comments; bare keys (A–Z a–z 0–9 _ -), quoted keys ("…" and '…') and dotted keys
// (`a.b = 1`); table headers `[a.b]`; basic strings ("…" with \b \t \n \f \r \" \\ \uXXXX
// \UXXXXXXXX escapes) and literal strings ('…'); integers (decimal with `_` separators, 0x / 0o /
// 0b); floats (fraction and/or exponent, inf, nan); booleans; arrays (over several lines, with
// comments and a trailing comma); inline tables (as TOML 1.1 allows: over several lines, with a
// trailing comma). Everything else — multi-line strings, dates and times, arrays of tables
// `[[…]]` — is an error naming its line and column, as are duplicate keys and tables.

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

    /// "line L, column C: message".
    public var description: String { "line \(position.line), column \(position.column): \(message)" }
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

    public init() {}

    /// The value of `key`, if the table has it.
    public subscript(key: String) -> TOMLValue? {
        entries.first { $0.key == key }?.value
    }

    /// The entry of `key`, if the table has it.
    public func entry(_ key: String) -> Entry? {
        entries.first { $0.key == key }
    }

    /// The keys in the order they were written.
    public var keys: [String] { entries.map(\.key) }

    fileprivate func index(of key: String) -> Int? {
        entries.firstIndex { $0.key == key }
    }

    fileprivate mutating func append(_ entry: Entry) {
        entries.append(entry)
    }

    fileprivate mutating func setValue(_ value: TOMLValue, at index: Int) {
        entries[index].value = value
    }
}

/// Reads TOML text.
public enum TOMLReader {
    /// Parses `text` into its root table, or throws a `TOMLError` naming the line and column.
    public static func parse(_ text: String) throws -> TOMLTable {
        var parser = Parser(text)
        return try parser.document()
    }
}

// MARK: - Parser

private struct Parser {
    private let scalars: [Unicode.Scalar]
    private var index = 0
    private var line = 1
    private var lineStart = 0

    /// The root table being built.
    private var root = TOMLTable()
    /// The path of the table that key/value lines go into (after the last header).
    private var currentPath: [String] = []
    /// Tables defined by a header or a key/value line: they cannot be defined again.
    private var definedTables: Set<[String]> = [[]]
    /// Inline tables and tables under a key/value's dotted key: closed to headers.
    private var closedTables: Set<[String]> = []

    init(_ text: String) {
        scalars = Array(text.unicodeScalars)
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

    // MARK: Document structure

    mutating func document() throws -> TOMLTable {
        while true {
            skipBlankLinesAndComments()
            guard let c = current else { return root }
            if c == "[" {
                try tableHeader()
            } else {
                try keyValueLine(into: currentPath)
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

    /// `[a.b]`: makes the table (and its parents) and makes it current.
    private mutating func tableHeader() throws {
        let start = position
        index += 1  // [
        if current == "[" { throw error("arrays of tables ([[…]]) are not supported", at: start) }
        skipSpaces()
        let keys = try dottedKey()
        skipSpaces()
        guard current == "]" else { throw error("expected ']' to close the table header") }
        index += 1
        let path = keys.map(\.key)
        if definedTables.contains(path) {
            throw error("table '\(dotted(path))' is defined twice", at: start)
        }
        if closedTables.contains(path) || closedTables.contains(where: { path.starts(with: $0) }) {
            throw error("table '\(dotted(path))' was already defined by a key", at: start)
        }
        try ensureTable(path: path, positions: keys.map(\.position), headerPosition: start)
        definedTables.insert(path)
        currentPath = path
    }

    /// Makes sure a table exists at `path` below the root, creating any missing ones.
    private mutating func ensureTable(path: [String], positions: [TOMLPosition], headerPosition: TOMLPosition) throws {
        root = try Parser.ensuring(path[...], positions: positions[...], in: root, at: headerPosition,
                                   fullPath: path)
    }

    private static func ensuring(_ path: ArraySlice<String>, positions: ArraySlice<TOMLPosition>, in table: TOMLTable,
                                 at position: TOMLPosition, fullPath: [String]) throws -> TOMLTable {
        guard let key = path.first, let keyPosition = positions.first else { return table }
        var table = table
        if let i = table.index(of: key) {
            guard let inner = table.entries[i].value.table else {
                let prefix = fullPath.prefix(fullPath.count - path.count + 1)
                throw TOMLError("'\(dotted(Array(prefix)))' is already \(table.entries[i].value.kindName), not a table",
                                at: position)
            }
            let updated = try ensuring(path.dropFirst(), positions: positions.dropFirst(), in: inner, at: position,
                                       fullPath: fullPath)
            table.setValue(TOMLValue(.table(updated), at: table.entries[i].value.position), at: i)
        } else {
            let made = try ensuring(path.dropFirst(), positions: positions.dropFirst(), in: TOMLTable(), at: position,
                                    fullPath: fullPath)
            table.append(TOMLTable.Entry(key: key, keyPosition: keyPosition, value: TOMLValue(.table(made), at: position)))
        }
        return table
    }

    /// `key = value` on a line of its own, into the table at `tablePath`.
    private mutating func keyValueLine(into tablePath: [String]) throws {
        let (keys, value) = try keyValue()
        root = try Parser.inserting(value, keys: keys[...], into: root, tablePath: tablePath[...], prefix: [])
        // Tables made by a dotted key are defined: no header may open them again.
        for n in 1..<keys.count { definedTables.insert(tablePath + keys.prefix(n).map(\.key)) }
        if value.table != nil { closedTables.insert(tablePath + keys.map(\.key)) }
    }

    /// Parses `key = value` (stopping after the value).
    private mutating func keyValue() throws -> ([(key: String, position: TOMLPosition)], TOMLValue) {
        let keys = try dottedKey()
        skipSpaces()
        guard current == "=" else {
            if atEnd || isNewlineStart() { throw error("expected '=' after the key '\(dotted(keys.map(\.key)))'") }
            throw error("expected '=' after the key, found '\(String(current!))'")
        }
        index += 1
        skipSpaces()
        let value = try self.value()
        return (keys, value)
    }

    /// Puts `value` at `tablePath` + `keys`, making tables for the dotted key's parts.
    private static func inserting(_ value: TOMLValue, keys: ArraySlice<(key: String, position: TOMLPosition)>,
                                  into table: TOMLTable, tablePath: ArraySlice<String>,
                                  prefix: [String]) throws -> TOMLTable {
        var table = table
        if let key = tablePath.first {
            let i = table.index(of: key)!  // the header made it
            let inner = table.entries[i].value.table!
            let updated = try inserting(value, keys: keys, into: inner, tablePath: tablePath.dropFirst(),
                                        prefix: prefix + [key])
            table.setValue(TOMLValue(.table(updated), at: table.entries[i].value.position), at: i)
            return table
        }
        let (key, position) = keys.first!
        let path = prefix + [key]
        if keys.count == 1 {
            if table.index(of: key) != nil {
                throw TOMLError("key '\(dotted(path))' is defined twice", at: position)
            }
            table.append(TOMLTable.Entry(key: key, keyPosition: position, value: value))
            return table
        }
        if let i = table.index(of: key) {
            guard let inner = table.entries[i].value.table else {
                throw TOMLError("'\(dotted(path))' is already \(table.entries[i].value.kindName), not a table",
                                at: position)
            }
            let updated = try inserting(value, keys: keys.dropFirst(), into: inner, tablePath: [], prefix: path)
            table.setValue(TOMLValue(.table(updated), at: table.entries[i].value.position), at: i)
        } else {
            let made = try inserting(value, keys: keys.dropFirst(), into: TOMLTable(), tablePath: [], prefix: path)
            table.append(TOMLTable.Entry(key: key, keyPosition: position, value: TOMLValue(.table(made), at: position)))
        }
        return table
    }

    // MARK: Keys

    /// `a.b."c d"`: one or more simple keys joined by dots.
    private mutating func dottedKey() throws -> [(key: String, position: TOMLPosition)] {
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

    private mutating func simpleKey() throws -> (key: String, position: TOMLPosition) {
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

    private mutating func value() throws -> TOMLValue {
        let start = position
        guard let c = current else { throw error("expected a value, found the end of the file") }
        switch c {
        case "\"":
            if peek(1) == "\"" && peek(2) == "\"" { throw error("multi-line strings (\"\"\") are not supported") }
            return TOMLValue(.string(try basicString()), at: start)
        case "'":
            if peek(1) == "'" && peek(2) == "'" { throw error("multi-line strings (''') are not supported") }
            return TOMLValue(.string(try literalString()), at: start)
        case "[":
            return TOMLValue(.array(try array()), at: start)
        case "{":
            return TOMLValue(.table(try inlineTable()), at: start)
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
            throw error("'\(token)' is not a value (strings need quotes)", at: start)
        }
        throw error("'\(token)' is not a number", at: start)
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

    /// `[a, b, …]` over any number of lines, with comments and a trailing comma.
    private mutating func array() throws -> [TOMLValue] {
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
            elements.append(try value())
            skipBlankLinesAndComments()
            guard let next = current else { throw error("unterminated array (started at line \(start.line))") }
            if next == "," {
                index += 1
            } else if next != "]" {
                throw error("expected ',' or ']' in the array, found '\(String(next))'")
            }
        }
    }

    /// `{ a = 1, b.c = "x" }`: a closed table.
    private mutating func inlineTable() throws -> TOMLTable {
        let start = position
        index += 1  // {
        var table = TOMLTable()
        var definedInside: Set<[String]> = []
        while true {
            skipBlankLinesAndComments()
            guard let c = current else { throw error("unterminated inline table (started at line \(start.line))") }
            if c == "}" {
                index += 1
                return table
            }
            let (keys, value) = try keyValue()
            let path = keys.map(\.key)
            if definedInside.contains(where: { path.starts(with: $0) && path.count > $0.count }) {
                throw error("'\(dotted(path))' extends an inline table", at: keys[0].position)
            }
            table = try Parser.inserting(value, keys: keys[...], into: table, tablePath: [], prefix: [])
            if value.table != nil { definedInside.insert(path) }
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

/// Keys joined with dots, quoting any that is not bare.
private func dotted(_ path: [String]) -> String {
    path.map { key in
        let bare = !key.isEmpty && key.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_" || $0 == "-"
        }
        return bare ? key : "\"" + key + "\""
    }.joined(separator: ".")
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
