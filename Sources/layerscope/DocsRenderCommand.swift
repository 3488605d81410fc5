// DocsRenderCommand: one `layerscope render …` command shown in the documentation, and the picture
// it prints. The picture is made by the render command's own code (`Render.output`), parsed from the
// same arguments the page shows, so the page cannot show anything the command would not print.

import Foundation
import Scenes

/// A render command as the docs show it: its arguments, its command line and its output.
struct DocsRenderCommand {
    /// What a docs picture is made for.
    enum Medium {
        /// A Markdown text block: ASCII glyphs, no colour.
        case asciiText
        /// The same at 120×40, for a screen with more in it (a network learning).
        case wideASCIIText
        /// An HTML page beside it: Unicode glyphs in the default theme's colours.
        case colourHTML

        /// The flags every picture of the medium ends with, the size fixed.
        var flags: [String] {
            switch self {
            case .asciiText: return ["--size", "80x24", "--ascii", "--color", "never"]
            case .wideASCIIText: return ["--size", "120x40", "--ascii", "--color", "never"]
            case .colourHTML: return ["--size", "80x24", "--color", "always", "--format", "html"]
            }
        }
    }

    /// The environment docs pictures are made in: empty, so no user theme, `NO_COLOR` or
    /// `COLORTERM` can change them.
    static let environment: [String: String] = [:]

    /// The arguments after `layerscope render`, the medium's flags included.
    var arguments: [String]

    /// A command for `expression` with the given extra flags, then the medium's.
    init(_ expression: String, _ flags: [String] = [], medium: Medium = .asciiText) {
        arguments = [expression] + flags + medium.flags
    }

    /// The command for one view of a ready-made example.
    init(_ preset: Preset, view: String, medium: Medium = .asciiText) {
        var flags: [String] = []
        if let shape = preset.shape { flags += ["--shape", shape.map(String.init).joined(separator: ",")] }
        if preset.target != .classes { flags += ["--target", preset.target.rawValue] }
        self.init(preset.expression, flags + ["--view", view], medium: medium)
    }

    /// The command line a reader types: `layerscope render "nn.ReLU()" --view curve …`.
    var commandLine: String {
        (["layerscope", "render"] + arguments.map(DocsRenderCommand.shellWord)).joined(separator: " ")
    }

    /// What the command prints, made by the render command itself in the fixed environment. A
    /// warning (a theme that cannot be used) fails: the page would not show what a reader gets.
    func output() throws -> String {
        let command = try Render.parse(arguments)
        var warnings: [String] = []
        let text = try command.output(environment: DocsRenderCommand.environment) { warnings.append($0) }
        if let warning = warnings.first { throw CLIError("docs: \(commandLine): \(warning)") }
        return text
    }

    /// `word` as a POSIX shell reads it back: bare when it holds only safe characters, else in
    /// double quotes (a docs expression never holds `"`, `$`, `` ` `` or `\`, which are escaped anyway).
    static func shellWord(_ word: String) -> String {
        let safe = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789,._-=/:")
        if !word.isEmpty && word.unicodeScalars.allSatisfy({ safe.contains($0) }) { return word }
        var quoted = "\""
        for character in word {
            if "\"$`\\".contains(character) { quoted.append("\\") }
            quoted.append(character)
        }
        return quoted + "\""
    }
}
