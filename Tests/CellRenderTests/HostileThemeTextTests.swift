// Theme texts written to break the reader: nesting far past the limit, tens of thousands of tables
// and keys, a 40 KB dotted key, binary garbage, control characters, and a seeded fuzz of all of
// them. Each must parse or fail with one line naming the place, quickly, and never crash.

import Testing
@testable import CellRender

/// How long `body` takes, in seconds.
private func seconds(_ body: () throws -> Void) rethrows -> Double {
    let elapsed = try ContinuousClock().measure(body)
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
}

/// Whether `line` can be shown as one line of a terminal: no control character of any kind.
private func isOneVisibleLine(_ line: String) -> Bool {
    !line.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) || $0 == "\u{2028}" }
}

/// A small seeded generator (SplitMix64), so every run sees the same texts.
private struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// A generous bound for one text in the debug build on a busy two-core machine: each takes about
/// 0.3 s there (and a few milliseconds optimised), where the quadratic reader took 15 s and more.
private let timeBound = 2.0

private let validTheme = """
    name = "x"
    summary = "a theme"
    monochrome = false
    [ui]
    text = "default"
    accent = { fg = "bright-cyan", bold = true }
    selection = { fg = "black", bg = "cyan" }
    [maps]
    sequential = ["#440154", "#3b528b", "#21918c", "#5ec962", "#fde725"]
    diverging = ["#2166ac", "#92c5de", "#f7f7f7", "#f4a582", "#b2182b"]
    series = ["bright-cyan", 'bright-magenta', 3]
    """

@Suite struct HostileThemeTextTests {
    @Test func nestingIsLimitedAndTheErrorNamesWhereItGoesTooDeep() throws {
        let limit = TOMLReader.maximumDepth
        // Arrays: the value of `x` is at depth 1, so the n-th bracket is at depth n.
        #expect(tomlError("x = " + String(repeating: "[", count: limit) + String(repeating: "]", count: limit)) == nil)
        #expect(tomlError("x = " + String(repeating: "[", count: limit + 1) + String(repeating: "]", count: limit + 1))
            == TOMLError("nested deeper than \(limit) levels", at: TOMLPosition(line: 1, column: 4 + limit + 1)))
        // Dotted keys and headers count too: 64 parts are fine, the 65th is too deep.
        let parts = { (n: Int) in Array(repeating: "k", count: n).joined(separator: ".") }
        #expect(tomlError(parts(limit) + " = 1") == nil)
        #expect(tomlError(parts(limit + 1) + " = 1")
            == TOMLError("nested deeper than \(limit) levels", at: TOMLPosition(line: 1, column: 2 * limit + 1)))
        #expect(tomlError("[" + parts(limit + 1) + "]")
            == TOMLError("nested deeper than \(limit) levels", at: TOMLPosition(line: 1, column: 2 * limit + 2)))
        // A key under a header at depth 64 would be at 65.
        #expect(tomlError("[" + parts(limit) + "]\nv = 1")
            == TOMLError("nested deeper than \(limit) levels", at: TOMLPosition(line: 2, column: 1)))
        // Inline tables: `{a=` per level; the 64th `a` (depth 65) is at column 6 + 3 × 63.
        #expect(tomlError("x = " + String(repeating: "{a=", count: limit) + "1" + String(repeating: "}", count: limit))
            == TOMLError("nested deeper than \(limit) levels", at: TOMLPosition(line: 1, column: 6 + 3 * (limit - 1))))
    }

    @Test func fiftyThousandDeepArraysAndInlineTablesFailWithOneLine() throws {
        let depth = 50_000
        let arrays = "x = " + String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        let inline = "x = " + String(repeating: "{a=", count: depth) + "1" + String(repeating: "}", count: depth)
        for text in [arrays, inline, String(repeating: "[", count: depth)] {
            var error: TOMLError?
            let time = seconds { error = tomlError(text) }
            #expect(error?.message == "nested deeper than \(TOMLReader.maximumDepth) levels"
                || error?.message.hasPrefix("expected a key") == true)
            #expect(time < timeBound)
            let loaded = #expect(throws: ThemeError.self) { try ThemeLoader.load(text: text, path: "deep.toml") }
            #expect(isOneVisibleLine(loaded?.description ?? ""))
        }
    }

    @Test func twentyThousandTablesKeysAndInlineKeysParseInLinearTime() throws {
        let n = 20_000
        let tables = (0..<n).map { "[t\($0)]\nk = \($0)\n" }.joined()
        let keys = (0..<n).map { "k\($0) = \($0)\n" }.joined()
        let inline = "x = {" + (0..<n).map { "k\($0) = \($0)" }.joined(separator: ", ") + "}"
        let dottedUnderOneTable = "[t]\n" + (0..<n).map { "a.k\($0) = \($0)\n" }.joined()
        var roots: [TOMLTable] = []
        for text in [tables, keys, inline, dottedUnderOneTable] {
            let time = try seconds { roots.append(try TOMLReader.parse(text)) }
            #expect(time < timeBound, "\(text.prefix(20).debugDescription)")
        }
        #expect(roots[0].keys.count == n)
        #expect(roots[0]["t19999"]?.table?["k"]?.kind == .integer(19_999))
        #expect(roots[0]["t19999"]?.position == TOMLPosition(line: 2 * n - 1, column: 1))
        #expect(roots[1]["k12345"]?.kind == .integer(12_345))
        #expect(roots[2]["x"]?.table?.keys.count == n)
        #expect(roots[3]["t"]?.table?["a"]?.table?["k777"]?.kind == .integer(777))
    }

    @Test func aFortyKilobyteDottedKeyFailsQuicklyAndALongKeyPartIsFine() throws {
        let dotted = Array(repeating: "a", count: 20_000).joined(separator: ".") + " = 1"
        #expect(dotted.utf8.count > 40_000)
        var error: TOMLError?
        let time = seconds { error = tomlError(dotted) }
        #expect(time < timeBound)
        #expect(error?.message == "nested deeper than \(TOMLReader.maximumDepth) levels")
        // One part of 40 KB is no nesting at all; messages quote it cut short.
        let long = String(repeating: "k", count: 40_000)
        #expect(try TOMLReader.parse(long + " = 1").keys == [long])
        let duplicate = try #require(tomlError(long + " = 1\n" + long + " = 2"))
        #expect(duplicate.message.count < 120 && duplicate.message.hasSuffix("…' is defined twice"))
        let unknown = try #require(loadError(long + " = 1"))
        #expect(unknown.count < 200 && unknown.contains("k…': unknown key"))
    }

    @Test func longStringsArraysAndTokensStayLinear() throws {
        let string = "summary = \"" + String(repeating: "é", count: 200_000) + "\""
        let array = "x = [" + Array(repeating: "1", count: 100_000).joined(separator: ", ") + "]"
        let token = "x = " + String(repeating: "9", count: 200_000)
        var parsed: [TOMLTable] = []
        for text in [string, array] {
            let time = try seconds { parsed.append(try TOMLReader.parse(text)) }
            #expect(time < timeBound, "\(text.prefix(20).debugDescription)")
        }
        var tokenError: TOMLError?
        #expect(seconds { tokenError = tomlError(token) } < timeBound)
        #expect(parsed[0]["summary"]?.string?.count == 200_000)
        #expect(parsed[1]["x"]?.array?.count == 100_000)
        #expect(tokenError?.message.count ?? .max < 100, "a 200 KB number is quoted cut short")
    }

    @Test func binaryGarbageFailsWithOneVisibleLine() throws {
        var generator = SeededGenerator(state: 7)
        var texts = [
            String(repeating: "\0", count: 1000),
            "summary = \"x\"\n\0\0\0",
            "a = 1\u{1B}[2J\u{7}",
            "\u{1B}]0;pwned\u{7} = 1",
            "a = \"\u{9B}31m\"",
            "a\u{2028}b = 1",
            String(decoding: [0xC3, 0x28, 0xFF, 0xFE, 0x80, 0x0A, 0xED, 0xA0, 0x80], as: UTF8.self),  // invalid UTF-8, decoded
        ]
        for _ in 0..<50 {
            let bytes = (0..<Int.random(in: 1...2000, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            texts.append(String(decoding: bytes, as: UTF8.self))
        }
        for text in texts {
            let message = loadError(text)
            #expect(message != nil, "\(text.debugDescription.prefix(80))")
            #expect(isOneVisibleLine(message ?? ""), "\(message ?? "")")
            #expect(message?.hasPrefix("t.toml:") == true)
        }
        #expect(loadError("a = 1\u{1B}[2J") == "t.toml:1:6: expected the end of the line, found '\\u{1B}'")
    }

    @Test func controlCharactersFromTheFileAreEscapedInMessagesAndTheTheme() throws {
        let theme = try ThemeLoader.load(text: "summary = \"red \\u001B[31mtext\\u0007\"", path: "a\u{1B}[2J\nb.toml")
        #expect(theme.summary == "red \\u{1B}[31mtext\\u{07}")
        #expect(theme.name == "a\\u{1B}[2J\\u{0A}b")
        let error = ThemeError(path: "dir/new\nline.toml", line: 2, key: "ui.\u{1B}x", message: "bad '\u{85}'")
        #expect(error.description == "dir/new\\u{0A}line.toml:2: key 'ui.\\u{1B}x': bad '\\u{85}'")
        #expect(loadError("[ui]\naccent = \"\\u001B[31m\"", path: "t\n.toml")
            == "t\\u{0A}.toml:2: key 'ui.accent': unknown colour '\\u{1B}[31m' (expected a name like 'blue', '#rrggbb' or 0-255)")
        #expect(TOMLError("found '\r'", at: TOMLPosition(line: 1, column: 1)).description == "line 1, column 1: found '\\u{0D}'")
    }

    @Test func extendingAnInlineTableWithADottedKeyIsAnError() {
        #expect(tomlError("a = { x = 1 }\na.y = 2")
            == TOMLError("'a.y' extends an inline table", at: TOMLPosition(line: 2, column: 1)))
        #expect(tomlError("a = { b = { x = 1 }, b.y = 2 }")
            == TOMLError("'b.y' extends an inline table", at: TOMLPosition(line: 1, column: 22)))
        #expect(tomlError("a = 1\na.b = 2") == TOMLError("'a' is already an integer, not a table", at: TOMLPosition(line: 2, column: 1)))
        #expect(tomlError("[t]\na.b = 1\n[t.a]") == TOMLError("table 't.a' is defined twice", at: TOMLPosition(line: 3, column: 1)))
        #expect(tomlError("t = { x = 1 }\n[t.u]") == TOMLError("table 't.u' was already defined by a key", at: TOMLPosition(line: 2, column: 1)))
    }

    /// A few hundred mutations and generations of theme texts: each loads or fails with one visible
    /// line naming the file and a place, and all of them together stay within the time bound.
    @Test func seededFuzzOfThemeTextsEndsInOneLineEachTime() {
        var generator = SeededGenerator(state: 2024)
        let pieces = ["[", "]", "{", "}", "=", ",", ".", "\"", "'", "#", "\n", "\r\n", " ", "\\", "\\u", "a", "ui",
                      "maps", "1", "-", "_", "inf", "true", "\0", "\u{1B}", "\u{7F}", "é", "[[", "]]", "\"\"\""]
        let base = Array(validTheme.unicodeScalars)
        var texts: [String] = []
        for round in 0..<300 {
            switch round % 5 {
            case 0, 1, 2:  // point mutations of a valid theme
                var scalars = base
                for _ in 0..<Int.random(in: 1...8, using: &generator) {
                    let at = Int.random(in: 0...scalars.count, using: &generator)
                    let piece = Array(pieces.randomElement(using: &generator)!.unicodeScalars)
                    switch Int.random(in: 0..<3, using: &generator) {
                    case 0: scalars.insert(contentsOf: piece, at: at)
                    case 1 where at < scalars.count: scalars.remove(at: at)
                    default: scalars.replaceSubrange(at..<min(scalars.count, at + piece.count), with: piece)
                    }
                }
                texts.append(String(String.UnicodeScalarView(scalars)))
            case 3:  // deep or wide structure
                let n = Int.random(in: 1...5_000, using: &generator)
                let opener = ["[", "{a=", "a.", "[a.", "x = ["].randomElement(using: &generator)!
                texts.append(String(repeating: opener, count: n) + String(repeating: "]", count: Int.random(in: 0...n, using: &generator)))
            default:  // random pieces
                texts.append((0..<Int.random(in: 1...400, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined())
            }
        }
        var failures = 0
        let time = seconds {
            for text in texts {
                guard let message = loadError(text, path: "fuzz.toml") else { continue }
                failures += 1
                #expect(isOneVisibleLine(message), "\(message.prefix(200))")
                #expect(message.hasPrefix("fuzz.toml:"), "\(message.prefix(200))")
            }
        }
        #expect(time < 3 * timeBound)
        #expect(failures > texts.count / 2, "most mutations break the theme")
    }
}
