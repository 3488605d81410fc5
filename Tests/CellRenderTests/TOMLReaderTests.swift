// Tests of the small TOML reader: every supported construct, and errors with their line and column.

import Testing
@testable import CellRender

@Suite struct TOMLReaderTests {
    @Test func keysTablesAndScalars() throws {
        let text = """
            # a comment
            name = "x"   # trailing comment
            'literal key' = 'C:\\path'
            "quoted.key" = true
            site.owner = -17

            [ui]
            accent = 1_000
            [ a . "b c" ]
            pi = 3.25
            big = 6.02e+23
            small = -1E-3
            neg = -inf
            hex = 0xff
            oct = 0o17
            bin = 0b101
            """
        let root = try TOMLReader.parse(text)
        #expect(root.keys == ["name", "literal key", "quoted.key", "site", "ui", "a"])
        #expect(root["name"]?.string == "x")
        #expect(root["literal key"]?.string == "C:\\path")
        #expect(root["quoted.key"]?.boolean == true)
        #expect(root["site"]?.table?["owner"]?.kind == .integer(-17))
        #expect(root["ui"]?.table?["accent"]?.kind == .integer(1000))
        let inner = try #require(root["a"]?.table?["b c"]?.table)
        #expect(inner["pi"]?.kind == .float(3.25))
        #expect(inner["big"]?.kind == .float(6.02e23))
        #expect(inner["small"]?.kind == .float(-0.001))
        #expect(inner["neg"]?.kind == .float(-.infinity))
        #expect(inner["hex"]?.kind == .integer(255))
        #expect(inner["oct"]?.kind == .integer(15))
        #expect(inner["bin"]?.kind == .integer(5))
        // Positions: the key and the value.
        let entry = try #require(root.entry("name"))
        #expect(entry.keyPosition == TOMLPosition(line: 2, column: 1))
        #expect(entry.value.position == TOMLPosition(line: 2, column: 8))
        #expect(root["ui"]?.position == TOMLPosition(line: 7, column: 1))
    }

    @Test func basicStringEscapes() throws {
        let root = try TOMLReader.parse(#"s = "tab\there \"q\" back\\slash \u00e9 \U0001F600 nl\n""#)
        #expect(root["s"]?.string == "tab\there \"q\" back\\slash é 😀 nl\n")
    }

    @Test func arraysSpanLinesWithCommentsAndTrailingCommas() throws {
        let text = """
            colours = [
                "#440154",  # dark
                "#fde725",
            ]
            empty = []
            nested = [[1, 2], ["a"]]
            """
        let root = try TOMLReader.parse(text)
        let colours = try #require(root["colours"]?.array)
        #expect(colours.compactMap(\.string) == ["#440154", "#fde725"])
        #expect(colours[1].position == TOMLPosition(line: 3, column: 5))
        #expect(root["empty"]?.array == [])
        #expect(root["nested"]?.array?.count == 2)
    }

    @Test func inlineTables() throws {
        let root = try TOMLReader.parse("""
            accent = { fg = "bright-cyan", bold = true }
            point = { x.y = 1, z = {
                w = 2,
            } }
            none = {}
            """)
        let accent = try #require(root["accent"]?.table)
        #expect(accent.keys == ["fg", "bold"])
        #expect(accent["fg"]?.string == "bright-cyan")
        #expect(root["point"]?.table?["x"]?.table?["y"]?.kind == .integer(1))
        #expect(root["point"]?.table?["z"]?.table?["w"]?.kind == .integer(2))
        #expect(root["none"]?.table == TOMLTable())
    }

    @Test func arraysOfTablesAppendATableEachAndNestBelowTheLast() throws {
        let root = try TOMLReader.parse("""
            title = "x"
            [[step]]
            a = 1
            [step.goal]
            b = 2
            [[step]]
            a = 3
            """)
        let steps = try #require(root["step"]?.array)
        #expect(steps.count == 2)
        #expect(steps[0].table?["a"]?.kind == .integer(1))
        #expect(steps[0].table?["goal"]?.table?["b"]?.kind == .integer(2))
        #expect(steps[1].table?["a"]?.kind == .integer(3))
        #expect(steps[1].position == TOMLPosition(line: 6, column: 1))
        #expect(steps[1].table?.entry("a")?.keyPosition == TOMLPosition(line: 7, column: 1))
    }

    @Test func windowsLineEndingsAndByteOrderMark() throws {
        let root = try TOMLReader.parse("\u{FEFF}a = 1\r\n# c\r\n[t]\r\nb = 'x'\r\n")
        #expect(root["a"]?.kind == .integer(1))
        #expect(root["t"]?.table?["b"]?.string == "x")
        #expect(tomlError("a = 1\r\nb = ?")?.position == TOMLPosition(line: 2, column: 5))
    }

    @Test func errorsNameLineAndColumn() {
        let cases: [(String, Int, Int, String)] = [
            ("a = 1\nb = tru", 2, 5, "'tru' is not a value (strings need quotes)"),
            ("a = \"open", 1, 10, "unterminated string (started at column 5)"),
            ("a = 1 2", 1, 7, "expected the end of the line, found '2'"),
            ("a = 1\na = 2", 2, 1, "key 'a' is defined twice"),
            ("[t]\n[t]", 2, 1, "table 't' is defined twice"),
            ("[[t]\n", 1, 5, "expected ']]' to close the array-of-tables header"),
            ("[t]\n[[t]]", 2, 1, "'t' is already a table, not an array of tables"),
            ("[[t]]\n[t]", 2, 1, "'t' is an array of tables; its header is [[t]]"),
            ("[[t]]\nu.v = 1\n[[t]]\nu.v = 2\n[t.u]", 5, 1, "table 't.u' is defined twice"),
            ("d = 1979-05-27", 1, 5, "dates and times are not supported"),
            ("s = \"\"\"x\"\"\"", 1, 5, "multi-line strings (\"\"\") are not supported"),
            ("s = \"\\q\"", 1, 6, "unknown escape '\\q' (use \\\\ for a backslash)"),
            ("a = [1, 2", 1, 10, "unterminated array (started at line 1)"),
            ("a = [1 2]", 1, 8, "expected ',' or ']' in the array, found '2'"),
            ("a = { b = 1 c = 2 }", 1, 13, "expected ',' or '}' in the inline table, found 'c'"),
            ("a", 1, 2, "expected '=' after the key 'a'"),
            ("a =", 1, 4, "expected a value, found the end of the file"),
            ("= 1", 1, 1, "expected a key, found '='"),
            ("a = 012", 1, 5, "'012' is not a number"),
            ("a = 1__0", 1, 5, "'1__0' is not a number"),
            ("a = 1.", 1, 5, "'1.' is not a number"),
            ("a = 1\n[a]", 2, 1, "'a' is already an integer, not a table"),
            ("a.b = 1\n[a]", 2, 1, "table 'a' is defined twice"),
            ("t = { x = 1 }\n[t]", 2, 1, "table 't' was already defined by a key"),
            ("a = \"x\ty\u{1}\"", 1, 9, "control character U+0001 in a string (write it as an escape)"),
        ]
        for (text, line, column, message) in cases {
            let error = tomlError(text)
            #expect(error == TOMLError(message, at: TOMLPosition(line: line, column: column)), "\(text.debugDescription)")
        }
        #expect(TOMLError("bad", at: TOMLPosition(line: 3, column: 7)).description == "line 3, column 7: bad")
    }

    @Test func emptyAndCommentOnlyTextsAreEmptyTables() throws {
        #expect(try TOMLReader.parse("") == TOMLTable())
        #expect(try TOMLReader.parse("# nothing\n\n   \n") == TOMLTable())
    }
}
