// The `layerscope` executable: one root command with a subcommand per front end.
//
// Every failure leaves through `fail(_:)` semantics: one line on stderr naming what is wrong and
// exit status 2 — never a multi-line dump; a crash, should one happen, is one line too.

import ArgumentParser
import Foundation
import LayerKit
import TerminalUI

@main
struct LayerScope: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "layerscope",
        abstract: "See what neural-network layers do, in a terminal.",
        subcommands: [Interactive.self, LessonCommand.self, Follow.self, Compute.self, Train.self, Render.self, List.self, Themes.self, Bench.self, Docs.self],
        defaultSubcommand: Interactive.self
    )

    /// Parses the command line and runs the chosen subcommand; errors become one line and status 2.
    static func main() {
        // A crash is one line on stderr too (after the terminal is given back), not a backtrace;
        // a closed pipe ends the command quietly.
        SignalGuard.installProcessHandlers()
        // Past a file-size limit a write then fails with EFBIG, reported like a full disk, instead
        // of the signal ending the program with a temporary file left behind.
        signal(SIGXFSZ, SIG_IGN)
        do {
            if let limit = ProcessInfo.processInfo.environment[MemoryBudget.environmentVariable] {
                MemoryBudget.limit = try MemoryBudget.parse(limit)
            }
            var command = try parseAsRoot()
            if command is Compute || command is Render {
                // One computation: everything it reserves counts against one budget.
                try Workload().run { try command.run() }
            } else {
                try command.run()  // each of its computations is checked on its own
            }
            try checkStandardOutput()
        } catch {
            if let code = error as? ExitCode, code != .success {
                Foundation.exit(code.rawValue)  // the command has said what went wrong
            }
            let status = exitCode(for: error)
            if status == .success {
                exit(withError: error)  // --help, --version: ArgumentParser prints them
            }
            var message: String
            switch error {
            case let e as LayerError: message = e.description
            case let e as ExpressionError: message = e.description
            case let e as CLIError: message = e.message
            default:
                message = Self.message(for: error)
                    .split(whereSeparator: \.isNewline).first.map(String.init) ?? "\(error)"
                if message.hasPrefix("Error: ") { message.removeFirst("Error: ".count) }
                message += " (see 'layerscope help')"
            }
            writeToStandardError("error: " + escapedForMessage(message) + "\n")
            Foundation.exit(2)
        }
    }
}

/// A command-line mistake that is not a layer error: a file that cannot be read, a bad `KEY=FILE`.
struct CLIError: Error, CustomStringConvertible {
    var message: String
    init(_ message: String) { self.message = message }
    var description: String { message }
}
