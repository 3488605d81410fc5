// ThemeCatalog: where theme files are found, and `resolveTheme`, which every front end (the `themes`
// command now; `render` and the TUI's `--theme` later) uses to turn a name or path into a Theme.
//
// Search order for a name: an explicit path (a name containing "/" or ending in ".toml"), then
// `$XDG_CONFIG_HOME/layerscope/themes/NAME.toml` (`~/.config/layerscope/themes/NAME.toml` when
// XDG_CONFIG_HOME is unset, empty or relative), then the themes bundled with LayerScope. The render
// core stays pure: this file reads the environment and the files, CellRender parses the text.

import BundledThemes
import CellRender
import Foundation

/// Where a theme file was found.
enum ThemeOrigin: String {
    /// Named on the command line as a path.
    case path
    /// In the user's config folder.
    case user
    /// Shipped with LayerScope.
    case bundled
}

/// One theme file: its name, where it came from, and how to get its text (a file is read only
/// when the theme is loaded, so finding themes never reads a file).
struct ThemeSource: Sendable {
    var name: String
    var origin: ThemeOrigin
    /// The file as messages show it.
    var path: String
    /// The text of a bundled theme; nil for a file, which `load` reads.
    var bundledText: String?
    /// A user theme with the name of a bundled one, which it hides.
    var overridesBundled = false

    /// The parsed theme, or a `CLIError` whose one line says what is wrong with the file (naming
    /// it as `shown`, by default its path).
    func load(showing shown: String? = nil) throws -> Theme {
        let text = try bundledText ?? ThemeCatalog.read(path, showing: shown)
        do {
            return try ThemeLoader.load(text: text, path: shown ?? path)
        } catch let error as ThemeError {
            throw CLIError(error.description)
        }
    }

    /// The file's name without its folder.
    var fileName: String {
        String(path.split(separator: "/").last ?? Substring(path))
    }
}

enum ThemeCatalog {
    /// The user's theme folder: `$XDG_CONFIG_HOME/layerscope/themes`, else `~/.config/layerscope/themes`.
    static func userFolder(environment: [String: String], kind: String = "themes") -> String? {
        if let config = environment["XDG_CONFIG_HOME"], config.hasPrefix("/") {
            return config + "/layerscope/" + kind
        }
        if let home = environment["HOME"], !home.isEmpty {
            return home + "/.config/layerscope/" + kind
        }
        return nil
    }

    /// Whether `nameOrPath` names a file rather than a theme.
    static func isPath(_ nameOrPath: String) -> Bool {
        nameOrPath.contains("/") || nameOrPath.hasSuffix(".toml")
    }

    /// Every theme that a name can reach, each name once (a user theme hides a bundled one), by name.
    /// Lists the user folder without reading its files.
    static func all(environment: [String: String]) -> [ThemeSource] {
        var found: [String: ThemeSource] = [:]
        for (name, text) in BundledThemes.all() {
            found[name] = ThemeSource(name: name, origin: .bundled, path: bundledPath(name), bundledText: text)
        }
        if let folder = userFolder(environment: environment) {
            let files = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
            for file in files.sorted() where file.hasSuffix(".toml") && file.count > ".toml".count {
                let name = String(file.dropLast(".toml".count))
                var source = ThemeSource(name: name, origin: .user, path: folder + "/" + file)
                source.overridesBundled = found[name]?.origin == .bundled
                found[name] = source
            }
        }
        return found.values.sorted { $0.name < $1.name }
    }

    /// The theme file `nameOrPath` refers to, following the search order (a file is not read yet).
    static func find(_ nameOrPath: String, environment: [String: String]) throws -> ThemeSource {
        if isPath(nameOrPath) {
            let name = ThemeLoader.name(forPath: nameOrPath) ?? nameOrPath
            return ThemeSource(name: name, origin: .path, path: nameOrPath)
        }
        if let folder = userFolder(environment: environment) {
            let path = folder + "/" + nameOrPath + ".toml"
            if FileManager.default.fileExists(atPath: path) {
                var source = ThemeSource(name: nameOrPath, origin: .user, path: path)
                source.overridesBundled = BundledThemes.all().contains { $0.name == nameOrPath }
                return source
            }
        }
        if let bundled = BundledThemes.all().first(where: { $0.name == nameOrPath }) {
            return ThemeSource(name: bundled.name, origin: .bundled, path: bundledPath(bundled.name),
                               bundledText: bundled.text)
        }
        let known = all(environment: environment).map(\.name.escapingControls)
        var message = "unknown theme '\(nameOrPath.clipped(to: 80))'"
        message += known.isEmpty ? "; no themes were found" : "; known themes: " + known.joined(separator: ", ")
        if let folder = userFolder(environment: environment) {
            message += " (your own go in \(folder.escapingControls)/NAME.toml)"
        }
        throw CLIError(message)
    }

    /// The most a theme file may hold: a theme is a few KB, and nothing larger is read into memory.
    static let maximumFileSize = 1 << 20

    /// The text of a theme file, or a one-line error naming it as `shown` (by default its path).
    /// Only a regular file is read (a folder, a device or a pipe is refused without waiting on it),
    /// and at most `maximumFileSize` bytes.
    static func read(_ path: String, showing shown: String? = nil, kind: String = "theme") throws -> String {
        func failure(_ problem: String) -> CLIError {
            CLIError("\(kind) file \((shown ?? path).escapingControls): \(problem)")
        }
        let file = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard file >= 0 else { throw failure(errno == ENOENT ? "no such file" : "cannot be read") }
        defer { close(file) }
        var info = stat()
        guard fstat(file, &info) == 0 else { throw failure("cannot be read") }
        switch info.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: throw failure("is a folder, not a file")
        default: throw failure("not a regular file")
        }
        func tooLarge(_ size: Int) -> CLIError {
            let limit = describeSize(maximumFileSize)
            let shown = describeSize(size) == limit ? "\(size) bytes" : describeSize(size)  // not "1 MiB; at most 1 MiB"
            return failure("too large (\(shown); a \(kind) file may hold at most \(limit))")
        }
        if info.st_size > maximumFileSize { throw tooLarge(Int(info.st_size)) }
        // Read one byte past the limit: a file that grew since fstat is still refused.
        let data: Data
        do {
            data = try FileHandle(fileDescriptor: file, closeOnDealloc: false).read(upToCount: maximumFileSize + 1) ?? Data()
        } catch {
            throw failure("cannot be read")
        }
        if data.count > maximumFileSize { throw tooLarge(max(data.count, Int(info.st_size))) }
        guard let text = String(validating: data, as: UTF8.self) else {
            throw failure("not UTF-8 text")
        }
        return text
    }

    /// "512 bytes", "3.5 KiB", "1 MiB".
    static func describeSize(_ bytes: Int) -> String {
        let units: [(String, Int)] = [("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)]
        guard let (unit, size) = units.first(where: { bytes >= $0.1 }) else { return "\(bytes) bytes" }
        let value = Double(bytes) / Double(size)
        let rounded = (value * 10).rounded() / 10
        return (rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)) + " " + unit
    }

    /// How messages show a bundled theme's file.
    private static func bundledPath(_ name: String) -> String {
        (BundledThemes.folder ?? "themes") + "/" + name + ".toml"
    }
}

/// The theme `nameOrPath` names (nil: the first theme made for the terminal's background —
/// `default`, which a user's `default.toml` overrides, on a dark one; see `ThemeCatalog.lineup`).
///
/// Never fails: a theme that cannot be found or read gives `Theme.builtinDefault` and a one-line
/// warning for the caller to show.
func resolveTheme(_ nameOrPath: String?,
                  environment: [String: String] = ProcessInfo.processInfo.environment) -> (theme: Theme, warning: String?) {
    guard let nameOrPath else {
        // Without a choice nothing throws: every problem is a warning.
        let lineup = (try? ThemeCatalog.lineup(startingWith: nil, environment: environment))
        return (lineup?.first ?? .builtinDefault, lineup?.warning)
    }
    let source: ThemeSource
    do {
        source = try ThemeCatalog.find(nameOrPath, environment: environment)
    } catch {
        return (.builtinDefault, "\(error); using the built-in default theme")
    }
    do {
        return (try source.load(), nil)
    } catch {
        return (.builtinDefault, "\(error); using the built-in default theme")
    }
}

// MARK: - The terminal's background and the order themes are offered in

/// The themes in the order they are offered: the one to start with, then the others.
struct ThemeLineup {
    /// The terminal's background, as found or assumed.
    var terminal: TerminalBackgroundDetection
    /// The theme to start with.
    var first: Theme
    /// The others, in the order `T` reaches them: a name, the file (none for the built-in default)
    /// and the theme when already loaded.
    var others: [(name: String, source: ThemeSource?, theme: Theme?)]
    /// What went wrong on the way (an override naming no background, a broken `default.toml`),
    /// one line, else nil.
    var warning: String?

    /// The cycle `T` steps through: themes not loaded yet are read when first reached.
    var cycle: ThemeCycle {
        ThemeCycle(first: first, others: others.map { entry in
            let (name, source, theme) = entry
            // The status line is narrow: a problem names the file without its folder.
            return ThemeCycle.Candidate(name: name) {
                if let theme { return theme }
                return try source?.load(showing: source?.fileName) ?? .builtinDefault
            }
        })
    }
}

extension ThemeCatalog {
    /// The terminal's background: `LAYERSCOPE_BACKGROUND=dark|light`, else what `COLORFGBG` says,
    /// else dark. Only the environment is read: nothing is asked of the terminal.
    static func terminalBackground(environment: [String: String]) -> TerminalBackgroundDetection {
        TerminalBackground.detect(colorFGBG: environment["COLORFGBG"], override: environment["LAYERSCOPE_BACKGROUND"])
    }

    /// The themes to offer, in order (`ThemeCycle.offerOrder`): made for the terminal's background,
    /// made for any, not known yet, made for the other background. `choice` (a name or path) comes
    /// first and fails if it cannot be used; without one the first theme is the first one made for
    /// the background: `default` on a dark terminal, `light` on a light one.
    ///
    /// A bundled theme's background is known at once (its text is in memory), and so is that of a
    /// user's `default.toml`, which is loaded as the start-up candidate; another user file is read
    /// only when the cycle reaches it, so it is offered after every theme known to suit.
    static func lineup(startingWith choice: String?, environment: [String: String]) throws -> ThemeLineup {
        let terminal = terminalBackground(environment: environment)
        var warnings = terminal.warning.map { [$0] } ?? []
        var chosen: (name: String, theme: Theme)?
        if let choice {
            let source = try find(choice, environment: environment)
            chosen = (source.name, try source.load())
        }
        var entries: [(source: ThemeSource?, name: String, theme: Theme?)] = []
        var brokenDefault: String?
        for source in all(environment: environment) {
            var theme: Theme?
            if source.origin == .bundled {
                theme = try? source.load()
            } else if source.name == "default" && chosen == nil {
                do {
                    theme = try source.load()
                } catch {
                    brokenDefault = "\(error)"
                }
            }
            entries.append((source, source.name, theme))
        }
        if chosen == nil, brokenDefault != nil || !entries.contains(where: { $0.name == "default" }) {
            // The built-in default stands in for a default theme that is missing or cannot be used.
            entries.removeAll { $0.name == "default" }
            entries.append((nil, "default", .builtinDefault))
        }
        let order = ThemeCycle.offerOrder(entries.map { ($0.name, $0.theme?.background) }, on: terminal.background)
            .map { entries[$0] }
        let suited = order.first { $0.theme?.background.suits(terminal.background) ?? false }
        let first: (name: String, theme: Theme) = chosen
            ?? suited.flatMap { entry in entry.theme.map { (entry.name, $0) } }
            ?? ("default", .builtinDefault)
        if let brokenDefault {
            let using = first.name == "default" ? "the built-in default theme" : "the \(first.name.escapingControls) theme"
            warnings.append(brokenDefault + "; using " + using)
        }
        let others = order.filter { $0.name != first.name }.map { (name: $0.name, source: $0.source, theme: $0.theme) }
        return ThemeLineup(terminal: terminal, first: first.theme, others: others,
                           warning: warnings.isEmpty ? nil : warnings.joined(separator: "; "))
    }
}
