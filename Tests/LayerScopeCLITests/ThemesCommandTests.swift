// End-to-end tests of `layerscope themes`: the bundled themes reach the built binary, user themes
// are found through XDG_CONFIG_HOME and HOME, and a malformed theme fails with one line — however
// hostile the file: deeply nested, huge, binary, a folder or a pipe, with control characters in its
// text or its name. The interactive program starts past such files too.

import CellRender
import Foundation
import Testing
@testable import layerscope

/// A scratch config folder with `layerscope/themes/` and the environment that points at it.
private struct UserThemes {
    let dir: ScratchDirectory
    let folder: URL

    init() throws {
        dir = try ScratchDirectory()
        folder = dir.url.appendingPathComponent("config/layerscope/themes")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    /// Writes `NAME.toml` and returns its path.
    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        try write(name, bytes: Array(text.utf8))
    }

    /// Writes `NAME.toml` with any bytes and returns its path.
    @discardableResult
    func write(_ name: String, bytes: [UInt8]) throws -> String {
        let url = folder.appendingPathComponent(name + ".toml")
        try Data(bytes).write(to: url)
        return url.path
    }

    var environment: [String: String] {
        ["XDG_CONFIG_HOME": dir.path("config"), "HOME": dir.path("home")]
    }
}

/// Whether `text` holds no control character but newlines (which end its lines).
private func hasOnlyVisibleLines(_ text: String) -> Bool {
    !text.unicodeScalars.contains { ($0.value < 0x20 && $0 != "\n") || (0x7F...0x9F).contains($0.value) }
}

/// Fills `folder` with theme files that once crashed, froze or garbled `layerscope`, and a good one;
/// returns the one-line problem each bad one must be listed with.
private func writeHostileThemes(_ user: UserThemes) throws -> [String: String] {
    let folder = user.folder.path
    let depth = 50_000
    try user.write("deep", "x = " + String(repeating: "[", count: depth) + String(repeating: "]", count: depth))
    try user.write("inline", "x = " + String(repeating: "{a=", count: depth) + "1" + String(repeating: "}", count: depth))
    try user.write("dotted", Array(repeating: "a", count: 20_000).joined(separator: ".") + " = 1")
    try user.write("tables", (0..<20_000).map { "[t\($0)]\n" }.joined())
    try user.write("huge", "summary = \"" + String(repeating: "x", count: 3 << 19) + "\"\n")
    try user.write("binary", bytes: [0x73, 0x3D, 0xFF, 0xFE, 0x00, 0xC3, 0x28, 0x1B, 0x5B, 0x32, 0x4A])
    try user.write("nul", bytes: [0x61, 0x20, 0x3D, 0x20, 0x31, 0x00, 0x00])
    try user.write("new\nline", "summary = 3")
    try user.write("escape", "summary = \"red \\u001B[31mtext\\u001B[0m\"")
    try user.write("good", "summary = \"Fine\"")
    try FileManager.default.createDirectory(atPath: folder + "/folder.toml", withIntermediateDirectories: true)
    #expect(mkfifo(folder + "/pipe.toml", 0o600) == 0)
    return [
        "deep": "\(folder)/deep.toml:1:69: nested deeper than 64 levels",
        "inline": "\(folder)/inline.toml:1:195: nested deeper than 64 levels",
        "dotted": "\(folder)/dotted.toml:1:129: nested deeper than 64 levels",
        "tables": "\(folder)/tables.toml:1: key 't0': unknown key (expected name, summary, background, monochrome, ui or maps)",
        "huge": "theme file \(folder)/huge.toml: too large (1.5 MiB; a theme file may hold at most 1 MiB)",
        "binary": "theme file \(folder)/binary.toml: not UTF-8 text",
        "nul": "\(folder)/nul.toml:1:6: expected the end of the line, found '\\u{00}'",
        "new\\u{0A}line": "\(folder)/new\\u{0A}line.toml:1: key 'summary': expected a string, got an integer",
        "folder": "theme file \(folder)/folder.toml: is a folder, not a file",
        "pipe": "theme file \(folder)/pipe.toml: not a regular file",
    ]
}

private let broken = """
    summary = "a typo"
    [ui]
    accent = "teel"
    """

@Suite struct ThemesCommandTests {
    @Test func listsTheBundledThemesWithoutColourWhenPiped() throws {
        let dir = try ScratchDirectory()
        let result = try runLayerScope(["themes"], environment: ["HOME": dir.path("home")])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr == "")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "default        bundled  dark   Dark background; viridis-like and blue-white-red maps")
        #expect(lines.dropFirst().first
            == "    sequential #440154 #3b528b #21918c #5ec962 #fde725  diverging #2166ac #92c5de #f7f7f7 #f4a582 #b2182b")
        for name in ["default", "high-contrast", "light", "mono"] {
            #expect(lines.contains { $0.hasPrefix(name + " ") && $0.contains("bundled") }, "\(name)")
        }
        #expect(result.stdout.contains("monochrome: no colour"))
        #expect(lines.contains("mono           bundled  any    No colour: glyphs, bold, dim, underline and reverse only"))
        #expect(lines.contains("light          bundled  light  Light background; dark text, yellow-green-blue and blue-grey-red maps"))
        #expect(lines.contains("This terminal's background: dark (assumed); LAYERSCOPE_BACKGROUND=dark or light sets it."))
        #expect(result.stdout.contains(dir.path("home") + "/.config/layerscope/themes/NAME.toml"))
        #expect(!result.stdout.contains("\u{1B}"))
    }

    @Test func colourSwatchesOnRequestAndNeverWithNoColor() throws {
        let dir = try ScratchDirectory()
        let coloured = try runLayerScope(["themes", "--color", "always"],
                                         environment: ["HOME": dir.path("h"), "COLORTERM": "truecolor"])
        #expect(coloured.status == 0)
        #expect(coloured.stdout.contains("\u{1B}[38;2;68;1;84m█"))  // the first stop of the default map
        #expect(coloured.stdout.contains("█\u{1B}[0m  diverging"))
        let plain = try runLayerScope(["themes"], environment: ["HOME": dir.path("h"), "NO_COLOR": "1"])
        #expect(!plain.stdout.contains("\u{1B}") && !plain.stdout.contains("sequential █"))
    }

    @Test func userThemesAreListedAndOverrideBundledOnes() throws {
        let user = try UserThemes()
        try user.write("mine", "summary = \"My own\"\n[ui]\naccent = \"red\"\n")
        try user.write("default", "summary = \"My default\"\n")
        let brokenPath = try user.write("broken", broken)
        let result = try runLayerScope(["themes"], environment: user.environment)
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains("mine           user                      dark   My own"))
        #expect(lines.contains("default        user (overrides bundled)  dark   My default"))
        #expect(lines.contains("light          bundled                   light  Light background; dark text, yellow-green-blue and blue-grey-red maps"))
        #expect(lines.contains("broken         user                      (cannot be used)"))
        #expect(lines.contains("    error: \(brokenPath):3: key 'ui.accent': unknown colour 'teel' (expected a name like 'blue', '#rrggbb' or 0-255)"))
    }

    @Test func homeConfigIsUsedWithoutXDGConfigHome() throws {
        let dir = try ScratchDirectory()
        let folder = dir.url.appendingPathComponent("home/.config/layerscope/themes")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data("summary = \"From HOME\"\n".utf8).write(to: folder.appendingPathComponent("homey.toml"))
        let result = try runLayerScope(["themes", "homey"], environment: ["HOME": dir.path("home"), "XDG_CONFIG_HOME": ""])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("homey: user, \(folder.path)/homey.toml\n    From HOME\n"))
    }

    @Test func checkingAMalformedThemeFailsWithOneLine() throws {
        let user = try UserThemes()
        let path = try user.write("broken", broken)
        let result = try runLayerScope(["themes", "broken"], environment: user.environment)
        #expect(result.status == 2)
        #expect(result.stdout == "")
        #expect(result.stderr
            == "error: \(path):3: key 'ui.accent': unknown colour 'teel' (expected a name like 'blue', '#rrggbb' or 0-255)\n")
    }

    @Test func checkingAThemeByPathPrintsItsProblems() throws {
        let user = try UserThemes()
        let path = try user.write("hard", "[ui]\nselection = \"red\"\n[maps]\ndiverging = [\"#000000\", \"#ffffff\"]\n")
        let result = try runLayerScope(["themes", path], environment: user.environment)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("hard: path, \(path)\n"))
        #expect(result.stdout.hasSuffix("""
            2 problems:
                ui.selection: no background and no reverse, so the selected row shows only by its text colour
                maps.diverging: 2 stops (an even number), so no stop sits exactly at 0

            """))
        let bundled = try runLayerScope(["themes", "mono"], environment: user.environment)
        #expect(bundled.status == 0)
        #expect(bundled.stdout.hasPrefix("mono: bundled, "))
        #expect(bundled.stdout.hasSuffix("no problems found\n"))
    }

    @Test func unknownThemesAndMissingFilesFailWithOneLine() throws {
        let user = try UserThemes()
        let unknown = try runLayerScope(["themes", "nosuch"], environment: user.environment)
        #expect(unknown.status == 2)
        #expect(unknown.stderr == "error: unknown theme 'nosuch'; known themes: default, high-contrast, light, mono"
            + " (your own go in \(user.folder.path)/NAME.toml)\n")
        let missing = try runLayerScope(["themes", "/no/such/theme.toml"], environment: user.environment)
        #expect(missing.status == 2)
        #expect(missing.stderr == "error: theme file /no/such/theme.toml: no such file\n")
        let badSyntax = try user.write("syntax", "[ui\n")
        let syntax = try runLayerScope(["themes", "syntax"], environment: user.environment)
        #expect(syntax.status == 2)
        #expect(syntax.stderr == "error: \(badSyntax):1:4: expected ']' to close the table header\n")
    }

    @Test func hostileUserThemesAreListedWithOneLineEachAndTheRestStillWork() throws {
        let user = try UserThemes()
        let problems = try writeHostileThemes(user)
        let start = ContinuousClock.now
        let result = try runLayerScope(["themes"], environment: user.environment)
        #expect(ContinuousClock.now - start < .seconds(10))
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr == "")
        #expect(hasOnlyVisibleLines(result.stdout))
        let lines = result.stdout.split(separator: "\n").map(String.init)
        for (name, problem) in problems {
            guard let row = lines.firstIndex(where: { $0.hasPrefix(name + " ") }) else {
                Issue.record("\(name) is not listed")
                continue
            }
            #expect(lines[row].hasSuffix("  user     (cannot be used)"), "\(lines[row])")
            #expect(lines[row + 1] == "    error: " + problem)
        }
        #expect(lines.contains("good           user     dark   Fine"))
        #expect(lines.contains("escape         user     dark   red \\u{1B}[31mtext\\u{1B}[0m"))
        #expect(lines.contains { $0.hasPrefix("default        bundled ") })
    }

    @Test func checkingAHostileFileFailsWithOneLineAndNeverWaits() throws {
        let user = try UserThemes()
        let problems = try writeHostileThemes(user)
        for name in ["deep", "huge", "binary", "folder", "pipe"] {
            let result = try runLayerScope(["themes", user.folder.path + "/" + name + ".toml"], environment: user.environment)
            #expect(result.status == 2)
            #expect(result.stdout == "")
            #expect(result.stderr == "error: " + problems[name]! + "\n")
        }
        // The limit is exact: 1 MiB is read, one byte more is refused (in bytes, not as "1 MiB").
        let header = "summary = \"At the limit\"\n# "
        let atLimit = try user.write("limit", header + String(repeating: "x", count: (1 << 20) - header.utf8.count))
        let fits = try runLayerScope(["themes", atLimit], environment: user.environment)
        #expect(fits.status == 0, "\(fits.stderr)")
        let over = try user.write("over", header + String(repeating: "x", count: (1 << 20) + 1 - header.utf8.count))
        let refused = try runLayerScope(["themes", over], environment: user.environment)
        #expect(refused.stderr == "error: theme file \(over): too large (1048577 bytes; a theme file may hold at most 1 MiB)\n")
        // An explicit choice for the interactive program fails before the terminal, in one line.
        let ui = try runLayerScope(["ui", "--theme", user.folder.path + "/deep.toml"], environment: user.environment)
        #expect(ui.status == 2)
        #expect(ui.stderr == "error: " + problems["deep"]! + "\n")
        let device = try runLayerScope(["themes", "/dev/zero"], environment: user.environment)
        #expect(device.stderr == "error: theme file /dev/zero: not a regular file\n")
        let escaped = try runLayerScope(["themes", "escape"], environment: user.environment)
        #expect(escaped.status == 0)
        #expect(escaped.stdout.hasPrefix("escape: user, \(user.folder.path)/escape.toml\n    red \\u{1B}[31mtext\\u{1B}[0m\n"))
        let unknown = try runLayerScope(["themes", "no\u{1B}such"], environment: user.environment)
        #expect(unknown.stderr.hasPrefix("error: unknown theme 'no\\u{1B}such'; known themes: "))
        #expect(unknown.stderr.contains(", new\\u{0A}line, "))
        #expect(hasOnlyVisibleLines(unknown.stderr) && unknown.stderr.filter { $0 == "\n" }.count == 1)
        // render --theme falls back to the default with a one-line warning.
        let render = try runLayerScope(["render", "nn.ReLU()", "--theme", "new\nline"], environment: user.environment)
        #expect(render.status == 0)
        #expect(render.stderr == "warning: \(user.folder.path)/new\\u{0A}line.toml:1: key 'summary': expected a string, "
            + "got an integer; using the built-in default theme\n")
    }

    @Test func theInteractiveProgramStartsPastHostileThemesAndTSkipsThem() throws {
        let user = try UserThemes()
        _ = try writeHostileThemes(user)
        var environment = user.environment
        environment["LAYERSCOPE_BACKGROUND"] = "dark"
        let tmux = try TmuxSession(width: 160, environment: environment)
        try tmux.waitFor("Layers")
        // The cycle on a dark terminal: default, high-contrast, mono (the bundled themes made for
        // it or for any), then the user's files, read when reached: binary, deep, dotted, escape,
        // folder, good, …, and light last. The status line names a skipped file without its folder.
        try tmux.send("T")
        try tmux.waitFor("\ntheme: high-contrast")
        try tmux.send("T")
        try tmux.waitFor("\ntheme: mono")
        try tmux.send("T")
        try tmux.waitFor("skipped binary: theme file binary.toml: not UTF-8 text (and 2 more that cannot be used); theme: escape")
        try tmux.send("T")
        try tmux.waitFor("skipped folder: theme file folder.toml: is a folder, not a file; theme: good")
        try tmux.send("T")
        // huge, inline, new-line, nul, pipe and tables cannot be used: light comes next (the line is
        // cut to the terminal's width), then the cycle starts again.
        try tmux.waitFor("skipped huge: theme file huge.toml: too large (1.5 MiB")
        try tmux.send("T")
        try tmux.waitFor("\ntheme: default")
        try tmux.send("q")
        #expect(tmux.exitStatus() == 0)
    }

    // MARK: The terminal's background

    /// The names a lineup offers, the first one first.
    private func offered(_ lineup: ThemeLineup) -> [String] {
        [lineup.first.name] + lineup.others.map(\.name)
    }

    @Test func theLineupFollowsTheTerminalsBackground() throws {
        let dir = try ScratchDirectory()
        let home = ["HOME": dir.path("home")]
        let dark = try ThemeCatalog.lineup(startingWith: nil, environment: home)
        #expect(dark.terminal == TerminalBackgroundDetection(background: .dark, source: nil))
        #expect(offered(dark) == ["default", "high-contrast", "mono", "light"])
        #expect(dark.first == .builtinDefault && dark.warning == nil)
        let light = try ThemeCatalog.lineup(startingWith: nil, environment: home.merging(["COLORFGBG": "0;15"]) { $1 })
        #expect(offered(light) == ["light", "mono", "default", "high-contrast"])
        #expect(light.first.background == .light)
        // The override wins over COLORFGBG; a malformed COLORFGBG tells nothing.
        let overridden = home.merging(["COLORFGBG": "15;0", "LAYERSCOPE_BACKGROUND": "light"]) { $1 }
        #expect(try ThemeCatalog.lineup(startingWith: nil, environment: overridden).first.name == "light")
        for value in ["", "default;default", "15", ";;", "0;16"] {
            let lineup = try ThemeCatalog.lineup(startingWith: nil, environment: home.merging(["COLORFGBG": value]) { $1 })
            #expect(lineup.first.name == "default" && lineup.terminal.source == nil, "COLORFGBG=\(value.debugDescription)")
        }
        // An explicit choice is used on any background; the rest keep the background's order.
        let chosen = try ThemeCatalog.lineup(startingWith: "light", environment: home)
        #expect(offered(chosen) == ["light", "default", "high-contrast", "mono"])
        let dim = try ThemeCatalog.lineup(startingWith: "default", environment: home.merging(["COLORFGBG": "0;15"]) { $1 })
        #expect(offered(dim) == ["default", "light", "mono", "high-contrast"])
        // The same first theme for `render` without --theme.
        #expect(resolveTheme(nil, environment: home.merging(["COLORFGBG": "0;15"]) { $1 }).theme.name == "light")
        #expect(resolveTheme(nil, environment: home).theme == .builtinDefault)
    }

    @Test func userThemesAreOfferedAfterTheKnownOnesAndTheirDefaultCounts() throws {
        let user = try UserThemes()
        try user.write("paper", "background = \"light\"\n")
        try user.write("default", "summary = \"Mine, for light terminals\"\nbackground = \"light\"\n")
        // On a light terminal the user's default (made for light) is the first theme; other user
        // files are not read until reached, so they come after the known suitable themes.
        let light = try ThemeCatalog.lineup(startingWith: nil, environment: user.environment.merging(["COLORFGBG": "0;15"]) { $1 })
        #expect(offered(light) == ["default", "light", "mono", "paper", "high-contrast"])
        #expect(light.first.summary == "Mine, for light terminals")
        #expect(light.others.first { $0.name == "paper" }?.theme == nil, "not read yet")
        // On a dark one it is not offered first.
        let dark = try ThemeCatalog.lineup(startingWith: nil, environment: user.environment)
        #expect(offered(dark) == ["high-contrast", "mono", "paper", "default", "light"])
    }

    @Test func aBrokenDefaultOrABadOverrideIsOneWarning() throws {
        let user = try UserThemes()
        let path = try user.write("default", "[ui]\naccent = \"teel\"\n")
        let problem = "\(path):2: key 'ui.accent': unknown colour 'teel' (expected a name like 'blue', '#rrggbb' or 0-255)"
        let dark = try ThemeCatalog.lineup(startingWith: nil, environment: user.environment)
        #expect(dark.first == .builtinDefault)
        #expect(dark.warning == problem + "; using the built-in default theme")
        #expect(!offered(dark).dropFirst().contains("default"))
        let light = try ThemeCatalog.lineup(startingWith: nil, environment: user.environment.merging(["LAYERSCOPE_BACKGROUND": "light"]) { $1 })
        #expect(light.first.name == "light")
        #expect(light.warning == problem + "; using the light theme")
        let bad = try ThemeCatalog.lineup(startingWith: nil,
                                          environment: ["HOME": user.dir.path("h"), "LAYERSCOPE_BACKGROUND": "bright"])
        #expect(bad.first.name == "default")
        #expect(bad.warning == "LAYERSCOPE_BACKGROUND: expected dark or light, got 'bright'; ignored")
        let render = try runLayerScope(["render", "nn.ReLU()"], environment: ["HOME": user.dir.path("h"), "LAYERSCOPE_BACKGROUND": "x"])
        #expect(render.status == 0)
        #expect(render.stderr == "warning: LAYERSCOPE_BACKGROUND: expected dark or light, got 'x'; ignored\n")
    }

    @Test func renderAndThemesFollowTheBackgroundThroughTheBinary() throws {
        let dir = try ScratchDirectory()
        let arguments = ["render", "nn.ReLU()", "--color", "always", "--depth", "256", "--size", "60x16"]
        let light = try runLayerScope(arguments, environment: ["HOME": dir.path("h"), "COLORFGBG": "0;15"])
        let dark = try runLayerScope(arguments, environment: ["HOME": dir.path("h"), "COLORFGBG": "15;0"])
        let chosen = try runLayerScope(arguments + ["--theme", "light"], environment: ["HOME": dir.path("h"), "COLORFGBG": "15;0"])
        #expect(light.status == 0 && dark.status == 0 && chosen.status == 0)
        #expect(light.stdout.contains("\u{1B}[38;5;242m"), "the light theme's muted grey")
        #expect(!dark.stdout.contains("\u{1B}[38;5;242m"))
        #expect(chosen.stdout == light.stdout, "--theme light works on a dark terminal")
        let listed = try runLayerScope(["themes"], environment: ["HOME": dir.path("h"), "COLORFGBG": "0;15"])
        let lines = listed.stdout.split(separator: "\n").map(String.init)
        let row = try #require(lines.firstIndex { $0.hasPrefix("default ") })
        #expect(lines[row + 2] == "    poor contrast on this light terminal, made for a dark one: ui.warning 1.0:1, ui.window 1.0:1,"
            + " ui.accent 1.2:1 and 2 more (3:1 or more reads well)")
        #expect(!lines.contains { $0.contains("poor contrast") && !$0.hasPrefix("    poor contrast on this light terminal, made for a dark one") })
        #expect(lines.contains("This terminal's background: light (from COLORFGBG); LAYERSCOPE_BACKGROUND=dark or light sets it."))
        let checked = try runLayerScope(["themes", "light"], environment: ["HOME": dir.path("h")])
        #expect(checked.stdout.contains("\n    made for a light background; this terminal's: dark (assumed)\n"
            + "    poor contrast on this dark terminal, made for a light one: ui.accent 2.2:1, ui.focus 2.2:1 (3:1 or more reads well)\n"
            + "no problems found\n"))
        let mono = try runLayerScope(["themes", "mono"], environment: ["HOME": dir.path("h"), "COLORFGBG": "0;15"])
        #expect(mono.stdout.contains("\n    made for any background; this terminal's: light (from COLORFGBG)\nno problems found\n"))
    }
}
