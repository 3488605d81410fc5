// Tests of theme backgrounds: the `background` key, the terminal's background from COLORFGBG and
// LAYERSCOPE_BACKGROUND, WCAG contrast, the order themes are offered in, and that every bundled
// theme reads on the background it is made for and never draws text in a terminal background colour.

import Foundation
import Testing
@testable import CellRender

/// The repository's `themes/` folder, found from this file's path.
private let themesFolder = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("themes")

/// Every bundled theme, parsed.
private func bundledThemes() throws -> [Theme] {
    try ["default", "high-contrast", "light", "mono"].map { name in
        let text = try String(contentsOf: themesFolder.appendingPathComponent(name + ".toml"), encoding: .utf8)
        return try ThemeLoader.load(text: text, path: "themes/\(name).toml")
    }
}

@Suite struct ThemeBackgroundTests {
    // MARK: The key

    @Test func theBackgroundKeyIsReadAndDefaultsToDark() throws {
        #expect(try ThemeLoader.load(text: "background = \"light\"", path: "l.toml").background == .light)
        #expect(try ThemeLoader.load(text: "background = \"any\"", path: "a.toml").background == .any)
        #expect(try ThemeLoader.load(text: "background = \"dark\"", path: "d.toml").background == .dark)
        #expect(try ThemeLoader.load(text: "", path: "e.toml").background == .dark, "a missing key keeps the default's")
        #expect(Theme.builtinDefault.background == .dark)
    }

    @Test func aBadBackgroundIsOneLineNamingTheKey() {
        #expect(loadError("summary = \"x\"\nbackground = \"dim\"")
            == "t.toml:2: key 'background': unknown background 'dim' (expected dark, light or any)")
        #expect(loadError("background = \"Light\"")
            == "t.toml:1: key 'background': unknown background 'Light' (expected dark, light or any)")
        #expect(loadError("background = \"\"") == "t.toml:1: key 'background': unknown background '' (expected dark, light or any)")
        #expect(loadError("background = true") == "t.toml:1: key 'background': expected a string, got a boolean")
        #expect(loadError("background = \"\\u001b[2J\"")
            == "t.toml:1: key 'background': unknown background '\\u{1B}[2J' (expected dark, light or any)")
        #expect(loadError("[background]") == "t.toml:1: key 'background': expected a string, got a table")
    }

    @Test func bundledThemesDeclareTheirBackgrounds() throws {
        let declared = try bundledThemes().map { "\($0.name): \($0.background.rawValue)" }
        #expect(declared == ["default: dark", "high-contrast: dark", "light: light", "mono: any"])
    }

    // MARK: The terminal's background

    @Test func colorFGBGNamesTheBackgroundByItsLastField() {
        let cases: [(String?, TerminalBackground?)] = [
            ("15;0", .dark), ("0;15", .light), ("7;0", .dark), ("0;7", .light), ("15;8", .dark),
            ("0;9", .light), ("15;6", .dark), ("15;default;0", .dark), ("0;default;15", .light), ("12;4", .dark),
            // Not understood: unknown.
            (nil, nil), ("", nil), ("default;default", nil), ("15", nil), (";;", nil), (";", nil),
            ("15;", nil), ("0;16", nil), ("0;255", nil), ("0;-1", nil), ("0;+7", nil), ("0; 7", nil),
            ("0;007", nil), ("0;x", nil), ("light", nil), ("0;7\n", nil),
        ]
        for (value, expected) in cases {
            #expect(TerminalBackground.fromCOLORFGBG(value) == expected, "\(String(describing: value).debugDescription)")
        }
    }

    @Test func theOverrideWinsThenCOLORFGBGThenDarkIsAssumed() {
        let light = TerminalBackground.detect(colorFGBG: "15;0", override: "light")
        #expect(light == TerminalBackgroundDetection(background: .light, source: "LAYERSCOPE_BACKGROUND"))
        #expect(light.description == "light (from LAYERSCOPE_BACKGROUND)")
        #expect(TerminalBackground.detect(colorFGBG: "0;15", override: " Dark ").background == .dark)
        let fromVariable = TerminalBackground.detect(colorFGBG: "0;15", override: nil)
        #expect(fromVariable == TerminalBackgroundDetection(background: .light, source: "COLORFGBG"))
        #expect(fromVariable.description == "light (from COLORFGBG)")
        let empty = TerminalBackground.detect(colorFGBG: "", override: "")
        #expect(empty == TerminalBackgroundDetection(background: .dark, source: nil), "empty values count as unset")
        #expect(empty.description == "dark (assumed)")
        #expect(TerminalBackground.detect(colorFGBG: "default;default", override: nil).source == nil)
        let bad = TerminalBackground.detect(colorFGBG: "0;15", override: "white\u{1B}")
        #expect(bad.background == .light && bad.source == "COLORFGBG")
        #expect(bad.warning == "LAYERSCOPE_BACKGROUND: expected dark or light, got 'white\\u{1B}'; ignored")
        #expect(TerminalBackground.detect(colorFGBG: nil, override: "any").warning
            == "LAYERSCOPE_BACKGROUND: expected dark or light, got 'any'; ignored")
    }

    // MARK: Contrast

    @Test func contrastRatiosFollowWCAG() throws {
        func ratio(_ a: Color, _ b: Color) throws -> Double { try #require(Color.contrastRatio(a, b)) }
        #expect(try ratio(.rgb(0, 0, 0), .rgb(255, 255, 255)) == 21)
        #expect(try ratio(.rgb(255, 255, 255), .rgb(0, 0, 0)) == 21)
        #expect(try ratio(.ansi(4), .ansi(4)) == 1)
        // Reference values (WebAIM's checker): #777777 on white 4.48, #0000ff on white 8.59.
        #expect(abs(try ratio(.rgb(0x77, 0x77, 0x77), .rgb(255, 255, 255)) - 4.48) < 0.01)
        #expect(abs(try ratio(.rgb(0, 0, 255), .rgb(255, 255, 255)) - 8.59) < 0.01)
        #expect(abs(try ratio(.rgb(0xff, 0, 0), .rgb(0, 0, 0)) - 5.25) < 0.01)
        #expect(Color.contrastRatio(.default, .rgb(0, 0, 0)) == nil)
        #expect(abs(Color.power2_4(0.5) - 0.189464571) < 1e-9 && Color.power2_4(1) == 1 && Color.power2_4(0) == 0)
        #expect(Contrast.text(2.999) == "2.9:1" && Contrast.text(3) == "3.0:1" && Contrast.text(21) == "21.0:1")
    }

    @Test func aRoleIsMeasuredWithItsOwnColoursOrTheTerminals() {
        var theme = Theme.builtinDefault
        theme.styles[.text] = Style()
        theme.styles[.title] = Style(fg: .ansi(15))
        theme.styles[.bar] = Style(fg: .ansi(15), bg: .ansi(4))
        theme.styles[.selection] = Style(fg: .ansi(0), attributes: .reverse)
        theme.styles[.muted] = Style(bg: .rgb(255, 255, 255))
        // The terminal's own text reads on its own background.
        #expect(theme.contrast(of: .text, on: .dark) == 21 && theme.contrast(of: .text, on: .light) == 21)
        #expect(theme.contrast(of: .title, on: .dark) == 21 && theme.contrast(of: .title, on: .light) == 1)
        // A role with a background is measured against it, on any terminal.
        #expect(theme.contrast(of: .bar, on: .dark) == theme.contrast(of: .bar, on: .light))
        // Reversed black: the terminal's background over black, so invisible on a dark terminal.
        #expect(theme.contrast(of: .selection, on: .dark) == 1 && theme.contrast(of: .selection, on: .light) == 21)
        // The terminal's own text (light on a dark terminal) over a white background.
        #expect(theme.contrast(of: .muted, on: .dark) == 1 && theme.contrast(of: .muted, on: .light) == 21)
        let poor = theme.poorContrast(on: .light).map(\.role)
        #expect(poor.first == .title)
        #expect(!poor.contains(.text) && !poor.contains(.bar))
        var mono = theme
        mono.monochrome = true
        #expect(mono.poorContrast(on: .dark).isEmpty, "no colours: the terminal's own, reversed or not")
    }

    @Test func problemsNameRolesThatDoNotReadOnTheDeclaredBackground() throws {
        let light = try ThemeLoader.load(text: """
            background = "light"
            [ui]
            title = { fg = "bright-white", bold = true }
            warning = "bright-yellow"
            """, path: "pale.toml")
        let problems = ThemeLoader.problems(in: light)
        #expect(problems.contains("ui.warning: contrast 1.0:1 on the light background the theme is made for (3:1 or more reads well)"))
        #expect(problems.contains("ui.title: contrast 1.0:1 on the light background the theme is made for (3:1 or more reads well)"))
        #expect(!problems.contains { $0.hasPrefix("ui.text:") })
        // "any" is measured on both: the default theme's colours fail on white.
        let any = try ThemeLoader.load(text: "background = \"any\"", path: "any.toml")
        #expect(ThemeLoader.problems(in: any).contains { $0.hasPrefix("ui.warning: contrast 1.0:1 on the light background") })
        #expect(ThemeLoader.problems(in: .builtinDefault) == [])
    }

    // MARK: The bundled themes

    @Test func everyBundledRoleReadsOnTheBackgroundItsThemeIsMadeFor() throws {
        for theme in try bundledThemes() {
            for background in theme.background.terminalBackgrounds {
                for role in ThemeRole.allCases {
                    let ratio = theme.contrast(of: role, on: background)
                    #expect(ratio >= Contrast.readable, "\(theme.name): ui.\(role.rawValue) \(ratio):1 on \(background)")
                }
            }
        }
    }

    @Test func noBundledRoleDrawsItsTextInATerminalBackgroundColour() throws {
        // Even on the other background (`--theme light` on a dark terminal), no text is drawn in the
        // terminal's own background colour: a title in black would vanish on black.
        for theme in try bundledThemes() {
            for background in TerminalBackground.allCases {
                for role in ThemeRole.allCases {
                    let (fg, bg) = theme.shownColors(role, on: background)
                    #expect(Color.contrastRatio(fg, bg) != 1, "\(theme.name): ui.\(role.rawValue) vanishes on \(background)")
                }
            }
        }
    }

    @Test func everyBundledSeriesColourReadsOnItsBackgroundAndNeverVanishes() throws {
        for theme in try bundledThemes() where !theme.monochrome {
            for (i, color) in theme.series.enumerated() {
                for background in TerminalBackground.allCases {
                    let shown = color == .default ? background.assumedForeground : color
                    let ratio = try #require(Color.contrastRatio(shown, background.assumedColor))
                    #expect(ratio > 1, "\(theme.name): series \(i) vanishes on \(background)")
                    if theme.background.suits(background) {
                        #expect(ratio >= Contrast.readable, "\(theme.name): series \(i) \(ratio):1 on \(background)")
                    }
                }
            }
        }
    }

    @Test func theLightThemesTitleReadsOnBothBackgrounds() throws {
        let light = try #require(try bundledThemes().first { $0.name == "light" })
        #expect(light.contrast(of: .title, on: .light) >= Contrast.readable)
        #expect(light.contrast(of: .title, on: .dark) >= Contrast.readable)
        #expect(light.style(.title).attributes.contains(.bold))
    }

    // MARK: The order themes are offered in

    @Test func themesMadeForTheTerminalsBackgroundAreOfferedFirst() {
        let themes: [(name: String, background: ThemeBackground?)] = [
            ("default", .dark), ("high-contrast", .dark), ("light", .light), ("mine", nil), ("mono", .any), ("paper", .light),
        ]
        func names(_ order: [Int]) -> [String] { order.map { themes[$0].name } }
        #expect(names(ThemeCycle.offerOrder(themes, on: .dark))
            == ["default", "high-contrast", "mono", "mine", "light", "paper"])
        #expect(names(ThemeCycle.offerOrder(themes, on: .light))
            == ["light", "paper", "mono", "mine", "default", "high-contrast"])
        #expect(names(ThemeCycle.offerOrder(themes, on: .light, preferred: "paper"))
            == ["paper", "light", "mono", "mine", "default", "high-contrast"])
        #expect(ThemeCycle.offerOrder([], on: .dark) == [])
    }
}
