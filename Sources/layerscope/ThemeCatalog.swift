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

/// One theme file: its name, where it came from, and its text (not yet parsed).
struct ThemeSource: Sendable {
    var name: String
    var origin: ThemeOrigin
    /// The file as messages show it.
    var path: String
    var text: String
    /// A user theme with the name of a bundled one, which it hides.
    var overridesBundled = false

    /// The parsed theme, or the `ThemeError` that says what is wrong with the file.
    func load() throws -> Theme {
        try ThemeLoader.load(text: text, path: path)
    }
}

enum ThemeCatalog {
    /// The user's theme folder: `$XDG_CONFIG_HOME/layerscope/themes`, else `~/.config/layerscope/themes`.
    static func userFolder(environment: [String: String]) -> String? {
        if let config = environment["XDG_CONFIG_HOME"], config.hasPrefix("/") {
            return config + "/layerscope/themes"
        }
        if let home = environment["HOME"], !home.isEmpty {
            return home + "/.config/layerscope/themes"
        }
        return nil
    }

    /// Whether `nameOrPath` names a file rather than a theme.
    static func isPath(_ nameOrPath: String) -> Bool {
        nameOrPath.contains("/") || nameOrPath.hasSuffix(".toml")
    }

    /// Every theme that a name can reach, each name once (a user theme hides a bundled one), by name.
    static func all(environment: [String: String]) -> [ThemeSource] {
        var found: [String: ThemeSource] = [:]
        for (name, text) in BundledThemes.all() {
            found[name] = ThemeSource(name: name, origin: .bundled, path: bundledPath(name), text: text)
        }
        if let folder = userFolder(environment: environment) {
            let files = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
            for file in files.sorted() where file.hasSuffix(".toml") && file.count > ".toml".count {
                let name = String(file.dropLast(".toml".count))
                let path = folder + "/" + file
                guard let text = try? read(path) else { continue }
                var source = ThemeSource(name: name, origin: .user, path: path, text: text)
                source.overridesBundled = found[name]?.origin == .bundled
                found[name] = source
            }
        }
        return found.values.sorted { $0.name < $1.name }
    }

    /// The theme file `nameOrPath` refers to, following the search order.
    static func find(_ nameOrPath: String, environment: [String: String]) throws -> ThemeSource {
        if isPath(nameOrPath) {
            let name = ThemeLoader.name(forPath: nameOrPath) ?? nameOrPath
            return ThemeSource(name: name, origin: .path, path: nameOrPath, text: try read(nameOrPath))
        }
        if let folder = userFolder(environment: environment) {
            let path = folder + "/" + nameOrPath + ".toml"
            if FileManager.default.fileExists(atPath: path) {
                var source = ThemeSource(name: nameOrPath, origin: .user, path: path, text: try read(path))
                source.overridesBundled = BundledThemes.all().contains { $0.name == nameOrPath }
                return source
            }
        }
        if let bundled = BundledThemes.all().first(where: { $0.name == nameOrPath }) {
            return ThemeSource(name: bundled.name, origin: .bundled, path: bundledPath(bundled.name), text: bundled.text)
        }
        let known = all(environment: environment).map(\.name)
        var message = "unknown theme '\(nameOrPath)'"
        message += known.isEmpty ? "; no themes were found" : "; known themes: " + known.joined(separator: ", ")
        if let folder = userFolder(environment: environment) {
            message += " (your own go in \(folder)/NAME.toml)"
        }
        throw CLIError(message)
    }

    /// The text of a theme file, or a one-line error.
    static func read(_ path: String) throws -> String {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            throw CLIError("theme file \(path): no such file")
        }
        guard !isFolder.boolValue, let data = FileManager.default.contents(atPath: path) else {
            throw CLIError("theme file \(path): cannot be read")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw CLIError("theme file \(path): not UTF-8 text")
        }
        return text
    }

    /// How messages show a bundled theme's file.
    private static func bundledPath(_ name: String) -> String {
        (BundledThemes.folder ?? "themes") + "/" + name + ".toml"
    }
}

/// The theme `nameOrPath` names (nil: the default theme, which a user's `default.toml` overrides).
///
/// Never fails: a theme that cannot be found or read gives `Theme.builtinDefault` and a one-line
/// warning for the caller to show.
func resolveTheme(_ nameOrPath: String?,
                  environment: [String: String] = ProcessInfo.processInfo.environment) -> (theme: Theme, warning: String?) {
    let source: ThemeSource
    do {
        source = try ThemeCatalog.find(nameOrPath ?? "default", environment: environment)
    } catch {
        guard nameOrPath != nil else { return (.builtinDefault, nil) }
        let message = (error as? CLIError)?.message ?? "\(error)"
        return (.builtinDefault, message + "; using the built-in default theme")
    }
    return ThemeLoader.loadOrDefault(text: source.text, path: source.path)
}
