// `layerscope` / `layerscope ui`: the interactive program — pick a layer, tweak it, watch it — in
// the terminal. This file gathers the choices (flags, environment, themes) and hands over to
// TerminalUI's run loop.

import ArgumentParser
import CellRender
import Classroom
import Foundation
import LayerKit
import Scenes
import TerminalUI

struct Interactive: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ui",
        abstract: "The interactive program (what `layerscope` runs with no command).",
        discussion: """
            Pick a layer, step its parameters and watch its picture follow. Needs a terminal of at \
            least 80x24 for its panes; z shows the picture alone, at any size. Colour is off with --no-color or when NO_COLOR is set; ASCII is used with \
            --ascii or when the locale is not UTF-8. Press ? inside for every key.
            """
    )

    @Argument(help: "A torch.nn constructor to start with, e.g. \"nn.MaxPool2d(3, stride=2)\" (default: the first layer's example).")
    var expression: String?

    @OptionGroup var terminal: TerminalChoices

    @OptionGroup var state: SceneStateOptions

    @OptionGroup var network: NetworkOptions

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        // An nn.Sequential opens the network view (over the first layer's example, where N goes).
        if let expression, try ConstructorCall.sequentialStages(parsing: expression) != nil {
            let seed = state.seed ?? 0
            guard let setup = try network.setup(expression: expression, seed: seed, shape: try state.shape.map(parseShape)) else {
                throw CLIError("--data: the network takes neither digits' (1, 16, 16) images nor spirals' 2 features; "
                               + "name a data set (\(Datasets.names.joined(separator: ", ")))")
            }
            let start = try Workbench.examples(for: Workbench.layers[0])[0].state()
            try terminal.run(state: start, environment: environment) { workbench in
                try workbench.openNetwork(setup, view: NetworkView(stage: network.stage ?? 0, sample: network.example ?? 0))
            }
            return
        }
        // The starting state: the expression (or the first layer's seed example) with every option
        // `render` takes, so that a command line `y` printed reproduces the screen.
        let start = try state.state(expression: expression) {
            try Workbench.examples(for: Workbench.layers[0])[0].state()
        }
        try terminal.run(state: start, environment: environment)
    }

    /// The themes `T` cycles through: the chosen one (or the first made for the terminal's
    /// background) first, then every other one found, those made for the background first
    /// (`ThemeCatalog.lineup`). Only user theme files that are needed now are read; each other one is
    /// read when `T` first reaches it, so a malformed or huge one neither slows nor stops the start.
    static func themes(startingWith choice: String?,
                       environment: [String: String]) throws -> (themes: ThemeCycle, warning: String?) {
        let lineup = try ThemeCatalog.lineup(startingWith: choice, environment: environment)
        return (lineup.cycle, lineup.warning)
    }
}

/// The choices about the terminal and the language that `ui` and `lesson` share, and the run of
/// the interactive program with them.
struct TerminalChoices: ParsableArguments {
    @Flag(name: .customLong("no-color"), help: "No colour (as NO_COLOR does); attributes and glyphs still show everything.")
    var noColor = false

    @Flag(name: .long, help: "Draw only ASCII characters (the default when the locale is not UTF-8).")
    var ascii = false

    @Option(name: .long, help: ArgumentHelp("The theme to start with: a name or a .toml file (T cycles through all).", valueName: "NAME|PATH"))
    var theme: String?

    @Flag(name: .customLong("no-mouse"), help: "Leave the mouse to the terminal (selecting text to copy).")
    var noMouse = false

    @Option(name: .long, help: ArgumentHelp("The language: en or zh (default: from LC_ALL, LC_MESSAGES or LANG; zh_* is Chinese).", valueName: "en|zh"))
    var lang: String?

    @Option(name: .long, help: ArgumentHelp(
        "Lead a classroom: publish every state to ROOM ($XDG_RUNTIME_DIR/layerscope/ROOM.sock, or a socket path) "
            + "for students running 'layerscope follow ROOM'.", valueName: "ROOM"))
    var lead: String?

    /// The language asked for, else the locale's.
    func language(environment: [String: String]) throws -> Language {
        guard let lang else { return Language.from(environment: environment) }
        guard let language = Language(rawValue: lang.lowercased()) else {
            throw CLIError("--lang: expected en or zh, got '\(escapedForMessage(lang))'")
        }
        return language
    }

    /// Runs the interactive program on `state`; `configure` changes the workbench first (a lesson).
    func run(state: SceneState, environment: [String: String], follow room: String? = nil,
             configure: (inout Workbench) throws -> Void = { _ in }) throws {
        let language = try language(environment: environment)
        let themes = try Interactive.themes(startingWith: theme, environment: environment)
        var workbench = try Workbench(themes: themes.themes, state: state) { path in
            do {
                return try NpyFiles.read(path, option: "input").floatTensorForInput()
            } catch let error as CLIError {
                throw SceneError(error.message)
            }
        }
        workbench.language = language
        workbench.lessons = LessonCatalog.entries(environment: environment)
        // Built off the UI thread from the start: a network's first steps are taken by its thread.
        workbench.evaluatesInBackground = true
        try configure(&workbench)
        if let warning = themes.warning { workbench.show(Workbench.Message(warning, isError: true)) }
        // A room led or followed: its socket is opened before the terminal is taken over, so a
        // problem is one line on stderr.
        var link: SessionLink?
        var server: RoomServer?
        defer { server?.close() }
        if let room = lead {
            guard room != "" else { throw CLIError("--lead: name a room") }
            do {
                let opened = try RoomServer(path: try RoomAddress.path(for: room, environment: environment, option: "--lead"))
                server = opened
                link = LeaderLink(server: opened, room: room)
            } catch let error as RoomError {
                throw CLIError(error.description)
            }
        } else if let room {
            let path: String
            do {
                path = try RoomAddress.path(for: room, environment: environment, option: "follow")
            } catch let error as RoomError {
                throw CLIError(error.description)
            }
            workbench.startFollowing(room)
            link = FollowerLink(client: RoomClient(path: path))
        }
        let noColorVariable = !(environment["NO_COLOR"] ?? "").isEmpty
        let options = TerminalOptions(color: !noColor && !noColorVariable, ascii: ascii ? true : nil,
                                      mouse: !noMouse, colorTerm: environment["COLORTERM"])
        do {
            try InteractiveSession.run(workbench, options: options, link: link)
        } catch let error as TerminalError {
            throw CLIError(error.description)
        }
    }
}
