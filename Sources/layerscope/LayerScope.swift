// The `layerscope` executable: one root command with a subcommand per front end.

import ArgumentParser
import LayerKit

@main
struct LayerScope: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "layerscope",
        abstract: "See what neural-network layers do, in a terminal.",
        subcommands: []
    )
}
