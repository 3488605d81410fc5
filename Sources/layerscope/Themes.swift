// `layerscope themes`: list every theme a name can reach, with swatches of its colour maps, or check
// one theme file and print what makes it hard to read.

import ArgumentParser
import CellRender
import Foundation

struct Themes: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the colour themes, or check one.",
        discussion: """
            Themes are TOML files; default.toml among the bundled themes describes the format. A \
            theme is found by name in $XDG_CONFIG_HOME/layerscope/themes (or \
            ~/.config/layerscope/themes), then among the bundled themes; a name containing "/" or \
            ending in .toml is read as a path. With THEME, the file is checked: a malformed one \
            fails with its line and key. Each theme is made for a dark or a light terminal, or any; \
            the terminal's background is taken from LAYERSCOPE_BACKGROUND (dark or light), else \
            COLORFGBG, else assumed dark, and a theme whose colours read poorly on it is flagged.
            """
    )

    @Argument(help: "A theme name or a .toml file to check.")
    var theme: String?

    @Option(name: .long, help: ArgumentHelp(
        "Colour swatches: auto (when stdout is a terminal and NO_COLOR is unset), always or never.",
        valueName: "when"))
    var color: ColorChoice = .auto

    enum ColorChoice: String, ExpressibleByArgument, CaseIterable {
        case auto, always, never
    }

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        let depth = swatchDepth(environment: environment)
        if let theme {
            try check(theme, environment: environment, depth: depth)
        } else {
            list(environment: environment, depth: depth)
        }
    }

    /// One entry per theme: name, origin, the background it is made for and summary, then its maps
    /// and, when its colours read poorly on the terminal's background, the worst roles; a theme that
    /// cannot be used shows its one-line problem instead. Everything from a file or a file name is
    /// printed with its control characters escaped.
    private func list(environment: [String: String], depth: ColorDepth) {
        let terminal = ThemeCatalog.terminalBackground(environment: environment)
        let sources = ThemeCatalog.all(environment: environment)
        if sources.isEmpty {
            print("no themes found; the built-in default theme is used")
            return
        }
        let names = sources.map(\.name.escapingControls)
        let nameWidth = names.map(\.count).max() ?? 0
        let originWidth = sources.map { originLabel($0).count }.max() ?? 0
        let backgroundWidth = ThemeBackground.allCases.map(\.rawValue.count).max() ?? 0
        for (source, name) in zip(sources, names) {
            let head = name.padding(toLength: nameWidth, withPad: " ", startingAt: 0) + "  "
                + originLabel(source).padding(toLength: originWidth, withPad: " ", startingAt: 0) + "  "
            do {
                let theme = try source.load()
                print(head + theme.background.rawValue.padding(toLength: backgroundWidth, withPad: " ", startingAt: 0)
                      + "  " + theme.summary.escapingControls)
                print("    " + Self.swatches(theme, depth: depth))
                if let warning = Self.contrastWarning(theme, on: terminal.background) { print("    " + warning) }
            } catch {
                print(head + "(cannot be used)")
                print("    error: \(error)")
            }
        }
        print("\nThis terminal's background: \(terminal.description); LAYERSCOPE_BACKGROUND=dark or light sets it.")
        if let warning = terminal.warning { writeToStandardError("warning: " + warning + "\n") }
        if let folder = ThemeCatalog.userFolder(environment: environment) {
            print("Your own themes go in \(folder.escapingControls)/NAME.toml; `layerscope themes NAME` checks one.")
        }
    }

    /// "poor contrast on this dark terminal: ui.accent 2.2:1, ui.focus 2.2:1, ui.window 2.9:1 and
    /// 2 more (3:1 or more reads well)", or nil when every role reads on `background`.
    static func contrastWarning(_ theme: Theme, on background: TerminalBackground) -> String? {
        let poor = theme.poorContrast(on: background)
        guard !poor.isEmpty else { return nil }
        let shown = poor.prefix(3).map { "ui.\($0.role.rawValue) \(Contrast.text($0.ratio))" }.joined(separator: ", ")
        let more = poor.count > 3 ? " and \(poor.count - 3) more" : ""
        let made = theme.background.suits(background) ? "" : ", made for a \(theme.background.rawValue) one"
        return "poor contrast on this \(background.rawValue) terminal\(made): \(shown)\(more)"
            + " (\(Contrast.readableText) or more reads well)"
    }

    /// Loads one theme strictly (a malformed file fails with its one-line error) and prints its problems.
    private func check(_ nameOrPath: String, environment: [String: String], depth: ColorDepth) throws {
        let source = try ThemeCatalog.find(nameOrPath, environment: environment)
        let theme = try source.load()
        let terminal = ThemeCatalog.terminalBackground(environment: environment)
        print("\(theme.name.escapingControls): \(originLabel(source)), \(source.path.escapingControls)")
        print("    " + theme.summary.escapingControls)
        print("    " + Self.swatches(theme, depth: depth))
        print("    made for \(Self.backgroundPhrase(theme.background)); this terminal's: \(terminal.description)")
        if let warning = terminal.warning { writeToStandardError("warning: " + warning + "\n") }
        if let warning = Self.contrastWarning(theme, on: terminal.background) { print("    " + warning) }
        let problems = ThemeLoader.problems(in: theme)
        if problems.isEmpty {
            print("no problems found")
        } else {
            print(problems.count == 1 ? "1 problem:" : "\(problems.count) problems:")
            for problem in problems { print("    " + problem) }
        }
    }

    /// "a dark background", "a light background", "any background".
    static func backgroundPhrase(_ background: ThemeBackground) -> String {
        background == .any ? "any background" : "a \(background.rawValue) background"
    }

    private func originLabel(_ source: ThemeSource) -> String {
        source.overridesBundled ? "user (overrides bundled)" : source.origin.rawValue
    }

    /// The sequential and diverging maps as coloured blocks, or as their colour names without colour
    /// (what `layerscope docs` shows).
    static func swatches(_ theme: Theme, depth: ColorDepth) -> String {
        if theme.monochrome {
            return "monochrome: no colour; magnitude as glyphs (\(GlyphRamp.shade.glyphs.joined()))"
        }
        guard depth != .none else {
            return "sequential " + theme.sequential.stops.map(\.name).joined(separator: " ")
                + "  diverging " + theme.diverging.stops.map(\.name).joined(separator: " ")
        }
        func strip(_ map: ColorMap) -> String {
            let width = 24
            var grid = CellGrid(width: width, height: 1)
            for x in 0..<width {
                grid[x, 0] = Cell("█", style: Style(fg: map.color(at: Double(x) / Double(width - 1))))
            }
            return String(TextOutput.ansi(grid, depth: depth).dropLast())  // without the "\n"
        }
        return "sequential " + strip(theme.sequential) + "  diverging " + strip(theme.diverging)
    }

    /// The colour depth swatches are drawn at (`.none`: names only).
    private func swatchDepth(environment: [String: String]) -> ColorDepth {
        switch color {
        case .never:
            return .none
        case .auto:
            let noColor = !(environment["NO_COLOR"] ?? "").isEmpty
            if noColor || isatty(STDOUT_FILENO) == 0 || environment["TERM"] == "dumb" { return .none }
        case .always:
            break
        }
        let colorterm = (environment["COLORTERM"] ?? "").lowercased()
        if colorterm == "truecolor" || colorterm == "24bit" { return .truecolor }
        if (environment["TERM"] ?? "").contains("256") { return .indexed256 }
        return .ansi16
    }
}
