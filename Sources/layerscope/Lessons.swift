// `layerscope lesson`: opens a lesson in the interactive program (`lesson NAME [--step K]`), lists
// them (`--list`), or checks lesson files (`--check FILE…`, one line per problem: FILE:LINE: key:
// rule). Lessons are found like themes: an explicit path, then the user's folder
// (`$XDG_CONFIG_HOME/layerscope/lessons`, else `~/.config/layerscope/lessons`), then the bundled ones.

import ArgumentParser
import BundledLessons
import CellRender
import Foundation
import LayerKit
import Scenes

/// Where lesson files are found, and how they are read.
enum LessonCatalog {
    /// One lesson file: its name, its path and whether it is the user's.
    struct Source {
        var name: String
        var path: String
        var isUsers: Bool
    }

    /// Every lesson a name can reach (a user's lesson hides a bundled one of the same name): the
    /// bundled ones in the course's order, then the user's own by name.
    static func all(environment: [String: String]) -> [Source] {
        var found: [String: Source] = [:]
        for (name, path) in BundledLessons.all() { found[name] = Source(name: name, path: path, isUsers: false) }
        if let folder = ThemeCatalog.userFolder(environment: environment, kind: "lessons") {
            let files = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
            for file in files where file.hasSuffix(".toml") && file.count > ".toml".count {
                let name = String(file.dropLast(".toml".count))
                found[name] = Source(name: name, path: folder + "/" + file, isUsers: true)
            }
        }
        let order = BundledLessons.courseOrder
        return found.values.sorted { a, b in
            let i = order.firstIndex(of: a.name) ?? order.count, j = order.firstIndex(of: b.name) ?? order.count
            return i != j ? i < j : a.name < b.name
        }
    }

    /// The lesson file `nameOrPath` refers to.
    static func find(_ nameOrPath: String, environment: [String: String]) throws -> Source {
        if nameOrPath.contains("/") || nameOrPath.hasSuffix(".toml") {
            let file = nameOrPath.split(separator: "/").last.map(String.init) ?? nameOrPath
            let name = file.hasSuffix(".toml") ? String(file.dropLast(".toml".count)) : file
            return Source(name: name, path: nameOrPath, isUsers: true)
        }
        if let source = all(environment: environment).first(where: { $0.name == nameOrPath }) { return source }
        let known = all(environment: environment).map(\.name)
        var message = "unknown lesson '\(nameOrPath.escapingControls.clipped(to: 60))'"
        message += known.isEmpty ? "; no lessons were found" : "; the lessons are " + known.joined(separator: ", ")
        if let folder = ThemeCatalog.userFolder(environment: environment, kind: "lessons") {
            message += " (your own go in \(folder.escapingControls)/NAME.toml)"
        }
        throw CLIError(message)
    }

    /// Reads and checks the lesson at `source`.
    static func load(_ source: Source) throws -> Lesson {
        let text = try ThemeCatalog.read(source.path, kind: "lesson")
        return try Lesson.read(text: text, file: source.path, name: source.name) { path in
            // A step's .npy input is found beside the lesson file.
            let folder = (source.path as NSString).deletingLastPathComponent
            let full = path.hasPrefix("/") || folder.isEmpty ? path : folder + "/" + path
            do {
                return try NpyFiles.read(full, option: "input").floatTensorForInput()
            } catch let error as CLIError {
                throw SceneError(error.message)
            }
        }
    }

    /// The lessons for the `L` list: each titled from its file without building its steps (a file
    /// that cannot be read keeps its name as its title, and says why when opened).
    static func entries(environment: [String: String]) -> [LessonEntry] {
        all(environment: environment).map { source in
            let title = (try? ThemeCatalog.read(source.path, kind: "lesson")).flatMap(Lesson.title(in:))
                ?? LocalizedLines(english: [source.name], chinese: [source.name])
            return LessonEntry(name: source.name, title: title) { try LessonCatalog.load(source) }
        }
    }
}

struct LessonCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lesson",
        abstract: "Open a lesson in the interactive program, list the lessons, or check lesson files.",
        discussion: """
            A lesson is a TOML file of 3 to 10 steps, each a state (or a network: network = "nn.Sequential(...) | steps=200"), a caption in English and Chinese, \
            the parameters it locks or hides, and optionally a goal with a hint. Inside, PgDn/PgUp (or \
            > <) step through it and Esc leaves it, keeping the scene. Lessons are found by name in \
            $XDG_CONFIG_HOME/layerscope/lessons (or ~/.config/layerscope/lessons), then among the \
            bundled ones; a path opens a file.
            """
    )

    @Argument(help: ArgumentHelp("The lesson: a name (see --list) or a .toml file; with --check, the files to check.", valueName: "NAME|FILE"))
    var names: [String] = []

    @Option(name: .long, help: "The step to start at, from 1.")
    var step: Int = 1

    @Flag(name: .long, help: "Check the lesson files given (bundled ones by name), one line per problem: FILE:LINE: key: rule.")
    var check = false

    @Flag(name: .long, help: "List the lessons, with their titles and where they come from.")
    var list = false

    @OptionGroup var terminal: TerminalChoices

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        if list {
            let language = try terminal.language(environment: environment)
            for source in LessonCatalog.all(environment: environment) {
                let title = (try? ThemeCatalog.read(source.path, kind: "lesson")).flatMap(Lesson.title(in:))?.line(language) ?? "?"
                try writeToStandardOutput(TextWidth.pad(source.name, to: 18) + " " + title + (source.isUsers ? "  (\(source.path))" : "") + "\n")
            }
            return
        }
        if check {
            guard !names.isEmpty else { throw CLIError("lesson --check: name the lesson files to check") }
            var failed = false
            for name in names {
                do {
                    let source = try LessonCatalog.find(name, environment: environment)
                    let lesson = try LessonCatalog.load(source)
                    try writeToStandardOutput("\(source.path): ok, \(lesson.steps.count) steps\n")
                } catch let errors as LessonErrors {
                    failed = true
                    writeToStandardError(errors.description + "\n")
                } catch let error as CLIError {
                    failed = true
                    writeToStandardError("error: " + error.message + "\n")
                }
            }
            if failed { throw ExitCode(2) }
            return
        }
        guard names.count == 1 else {
            throw CLIError(names.isEmpty ? "lesson: name one lesson (layerscope lesson --list shows them)" : "lesson: name one lesson, not \(names.count)")
        }
        let source = try LessonCatalog.find(names[0], environment: environment)
        let lesson: Lesson
        do {
            lesson = try LessonCatalog.load(source)
        } catch let errors as LessonErrors {
            throw CLIError(errors.problems.first.map(\.description) ?? "lesson: cannot be read")
        }
        guard (1...lesson.steps.count).contains(step) else {
            throw CLIError("--step: lesson '\(lesson.name)' has steps 1 to \(lesson.steps.count), got \(step)")
        }
        try terminal.run(state: lesson.steps[step - 1].state, environment: environment) { workbench in
            workbench.start(lesson, step: step - 1)
        }
    }
}

extension Lesson {
    /// A lesson file's title, read without checking the rest (nil when the file has none).
    static func title(in text: String) -> LocalizedLines? {
        guard let root = try? TOMLReader.parse(text), let title = root["title"]?.table,
              let english = title["en"]?.string, let chinese = title["zh"]?.string else { return nil }
        return LocalizedLines(english: [english], chinese: [chinese])
    }
}
