// End-to-end tests of `layerscope themes`: the bundled themes reach the built binary, user themes
// are found through XDG_CONFIG_HOME and HOME, and a malformed theme fails with one line.

import Foundation
import Testing

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
        let url = folder.appendingPathComponent(name + ".toml")
        try Data(text.utf8).write(to: url)
        return url.path
    }

    var environment: [String: String] {
        ["XDG_CONFIG_HOME": dir.path("config"), "HOME": dir.path("home")]
    }
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
        #expect(lines.first == "default        bundled  Dark background; viridis-like and blue-white-red maps")
        #expect(lines.dropFirst().first
            == "    sequential #440154 #3b528b #21918c #5ec962 #fde725  diverging #2166ac #92c5de #f7f7f7 #f4a582 #b2182b")
        for name in ["default", "high-contrast", "light", "mono"] {
            #expect(lines.contains { $0.hasPrefix(name + " ") && $0.contains("bundled") }, "\(name)")
        }
        #expect(result.stdout.contains("monochrome: no colour"))
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
        #expect(lines.contains("mine           user                      My own"))
        #expect(lines.contains("default        user (overrides bundled)  My default"))
        #expect(lines.contains("light          bundled                   Light background; dark text, yellow-green-blue and blue-grey-red maps"))
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
}
