// Tests of theme files: the bundled ones in the repository's themes/ folder, fallback to the built-in
// default for missing keys, and one-line errors naming the file, line and key.

import Foundation
import Testing
@testable import CellRender

/// The repository's `themes/` folder, found from this file's path.
private let themesFolder = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("themes")

/// The text of a bundled theme file.
private func bundledText(_ name: String) throws -> String {
    try String(contentsOf: themesFolder.appendingPathComponent(name + ".toml"), encoding: .utf8)
}

@Suite struct ThemeLoaderTests {
    static let bundledNames = ["default", "high-contrast", "light", "mono"]

    @Test func theBundledFolderHoldsExactlyTheKnownThemes() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: themesFolder.path)
            .filter { $0.hasSuffix(".toml") }.sorted()
        #expect(files == Self.bundledNames.map { $0 + ".toml" })
    }

    @Test(arguments: bundledNames)
    func everyBundledThemeLoadsWithoutProblems(name: String) throws {
        let theme = try ThemeLoader.load(text: try bundledText(name), path: "themes/\(name).toml")
        #expect(theme.name == name)
        #expect(!theme.summary.isEmpty)
        #expect(theme.styles.count == ThemeRole.allCases.count)
        #expect(ThemeLoader.problems(in: theme) == [])
        // Each file writes every key out rather than leaning on the fallback.
        let root = try TOMLReader.parse(try bundledText(name))
        #expect(root.keys == ["name", "summary", "background", "monochrome", "ui", "maps"])
        #expect(Set(root["ui"]?.table?.keys ?? []) == Set(ThemeRole.allCases.map(\.rawValue)))
        #expect(root["maps"]?.table?.keys == ["sequential", "diverging", "series"])
    }

    @Test func defaultFileIsTheBuiltinDefault() throws {
        let theme = try ThemeLoader.load(text: try bundledText("default"), path: "themes/default.toml")
        #expect(theme == Theme.builtinDefault)
        for role in ThemeRole.allCases {
            #expect(theme.styles[role] == Theme.builtinDefault.styles[role], "ui.\(role.rawValue)")
        }
    }

    @Test func monoThemeIsMonochrome() throws {
        let theme = try ThemeLoader.load(text: try bundledText("mono"), path: "themes/mono.toml")
        #expect(theme.monochrome)
        for role in ThemeRole.allCases {
            #expect(theme.style(role).fg == .default && theme.style(role).bg == .default)
        }
        #expect(theme.style(.selection).attributes.contains(.reverse))
        #expect(theme.seriesColor(0) == .default)
        #expect(!RenderOptions(theme: theme).color)
    }

    @Test func highContrastAndLightThemesDifferFromTheDefault() throws {
        let high = try ThemeLoader.load(text: try bundledText("high-contrast"), path: "high-contrast.toml")
        #expect(high.style(.title).attributes.contains(.bold))
        #expect(high.style(.selection).bg == .ansi(11))
        let light = try ThemeLoader.load(text: try bundledText("light"), path: "light.toml")
        // Large values are dark on a light page.
        let low = try #require(light.sequential.color(at: 0).luminance)
        let high1 = try #require(light.sequential.color(at: 1).luminance)
        #expect(low > high1)
    }

    @Test func missingKeysFallBackToTheBuiltinDefault() throws {
        let theme = try ThemeLoader.load(text: """
            summary = "only an accent"
            [ui]
            accent = "red"
            [maps]
            series = ["blue"]
            """, path: "/home/u/.config/layerscope/themes/mine.toml")
        var expected = Theme.builtinDefault
        expected.name = "mine"
        expected.summary = "only an accent"
        expected.styles[.accent] = Style(fg: .ansi(1))
        expected.series = [.ansi(4)]
        #expect(theme == expected)
        var empty = Theme.builtinDefault
        empty.name = "empty"
        #expect(try ThemeLoader.load(text: "", path: "empty.toml") == empty)
    }

    @Test func styleTablesAndIndexedColours() throws {
        let theme = try ThemeLoader.load(text: """
            [ui.bar]
            fg = "#fff"
            bg = "17"
            italic = true
            dim = true
            underline = false
            [ui]
            text = { reverse = true }
            """, path: "x.toml")
        #expect(theme.styles[.bar] == Style(fg: .rgb(255, 255, 255), bg: .indexed(17), attributes: [.italic, .dim]))
        #expect(theme.styles[.text] == Style(attributes: .reverse))
    }

    @Test func theFileNameWinsOverTheNameKey() throws {
        #expect(try ThemeLoader.load(text: "name = \"other\"", path: "dir/mine.toml").name == "mine")
        #expect(try ThemeLoader.load(text: "name = \"other\"", path: "<text>").name == "other")
        #expect(try ThemeLoader.load(text: "", path: "<text>").name == "default")
        #expect(ThemeLoader.name(forPath: "a/b/c.toml") == "c")
        #expect(ThemeLoader.name(forPath: ".toml") == nil)
    }

    @Test func errorsNameFileLineAndKey() {
        let cases: [(String, String)] = [
            ("[ui]\n\naccent = { fg = \"teel\" }",
             "t.toml:3: key 'ui.accent.fg': unknown colour 'teel' (expected a name like 'blue', '#rrggbb' or 0-255)"),
            ("[ui]\nmuted = \"grey\"\naccent = \"teel\"",
             "t.toml:3: key 'ui.accent': unknown colour 'teel' (expected a name like 'blue', '#rrggbb' or 0-255)"),
            ("[ui]\naccnt = \"red\"",
             "t.toml:2: key 'ui.accnt': unknown key (expected text, muted, accent, title, border, focus, selection, bar, error, warning, ok, padding, window, special or axis)"),
            ("colours = 1",
             "t.toml:1: key 'colours': unknown key (expected name, summary, background, monochrome, ui or maps)"),
            ("monochrome = \"yes\"", "t.toml:1: key 'monochrome': expected true or false, got a string"),
            ("summary = 3", "t.toml:1: key 'summary': expected a string, got an integer"),
            ("summary = \"a\\nb\"", "t.toml:1: key 'summary': must be one line"),
            ("ui = 1", "t.toml:1: key 'ui': expected a table, got an integer"),
            ("[ui]\ntitle = 7", "t.toml:2: key 'ui.title': expected a colour string or a style table, got an integer"),
            ("[ui]\ntitle = { bold = 1 }", "t.toml:2: key 'ui.title.bold': expected true or false, got an integer"),
            ("[ui]\ntitle = { blink = true }",
             "t.toml:2: key 'ui.title.blink': unknown key (expected fg, bg, bold, dim, italic, underline or reverse)"),
            ("[maps]\nsequential = [\n  \"#000000\",\n  \"#zzz\",\n]",
             "t.toml:4: key 'maps.sequential': unknown colour '#zzz' (expected a name like 'blue', '#rrggbb' or 0-255)"),
            ("[maps]\ndiverging = [\"red\"]", "t.toml:2: key 'maps.diverging': needs at least 2 colours, got 1"),
            ("[maps]\nseries = []", "t.toml:2: key 'maps.series': needs at least 1 colour, got 0"),
            ("[maps]\nsequential = \"red\"", "t.toml:2: key 'maps.sequential': expected an array of colours, got a string"),
            ("[maps]\nsequential = [\"red\", 3]", "t.toml:2: key 'maps.sequential': expected a colour string, got an integer"),
            ("[maps]\nsequential = [\"red\", \"default\"]",
             "t.toml:2: key 'maps.sequential': a map needs real colours, not 'default'"),
            ("[maps]\ngradient = []", "t.toml:2: key 'maps.gradient': unknown key (expected sequential, diverging or series)"),
            // Syntax errors keep the column.
            ("[ui]\naccent = teal", "t.toml:2:10: 'teal' is not a value (strings need quotes)"),
        ]
        for (text, expected) in cases {
            #expect(loadError(text) == expected, "\(text.debugDescription)")
        }
    }

    @Test func loadOrDefaultFallsBackWithAWarning() {
        let (theme, warning) = ThemeLoader.loadOrDefault(text: "[ui]\naccent = \"teel\"", path: "bad.toml")
        #expect(theme == .builtinDefault)
        #expect(warning == "bad.toml:2: key 'ui.accent': unknown colour 'teel' (expected a name like 'blue', '#rrggbb' or 0-255); using the built-in default theme")
        #expect(!(warning ?? "").contains("\n"))
        let (good, none) = ThemeLoader.loadOrDefault(text: "monochrome = true", path: "m.toml")
        #expect(good.monochrome && none == nil)
    }

    @Test func problemsFlagHardToReadThemes() throws {
        let theme = try ThemeLoader.load(text: """
            [ui]
            selection = "red"
            bar = { fg = "blue", bg = "blue" }
            [maps]
            sequential = ["#000000", "#ffffff", "#000000"]
            diverging = ["#ff0000", "#000000", "#ffffff", "#0000ff"]
            """, path: "hard.toml")
        #expect(ThemeLoader.problems(in: theme) == [
            "ui.bar: the text colour is the background colour, so its text is invisible",
            "ui.selection: no background and no reverse, so the selected row shows only by its text colour",
            "maps.sequential: the stops do not grow steadily lighter (or darker), so magnitude is hard to read",
            "maps.diverging: the stops do not run steadily from each end to the middle, so the sign is hard to read",
            "maps.diverging: 4 stops (an even number), so no stop sits exactly at 0",
        ])
        let mono = try ThemeLoader.load(text: "monochrome = true\n[ui]\nselection = { fg = \"red\" }", path: "m.toml")
        #expect(ThemeLoader.problems(in: mono) == [
            "ui.selection: a monochrome theme needs reverse, bold or underline to show the selected row",
        ])
        #expect(ThemeLoader.problems(in: .builtinDefault) == [])
    }

    @Test func themeErrorDescription() {
        let error = ThemeError(path: "a.toml", line: 4, key: "ui.text", message: "bad")
        #expect(error.description == "a.toml:4: key 'ui.text': bad")
        #expect(ThemeError(path: "a.toml", line: 1, column: 2, message: "x").description == "a.toml:1:2: x")
    }
}
