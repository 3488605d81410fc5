// `layerscope docs`: write the user documentation — one page per layer, the layer index, the
// commands, the keys and the themes — from the catalog and the scenes, or check that the docs folder
// holds exactly what would be written.

import ArgumentParser
import Foundation

/// The `docs` subcommand.
struct Docs: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write the documentation pages, or check that they are up to date.",
        discussion: """
            The pages are generated from the layer catalog, the scenes, the key map, the command-line \
            help and the bundled themes; every picture is printed by the `layerscope render` command \
            shown above it. The output depends only on LayerScope itself (fixed sizes, seeds and help \
            width; no user themes). Every generated page starts with a marker line; a file in the \
            folder that carries it but is no longer generated is removed, and each removal is named \
            on stdout ("removed PATH"), as is each page written. Files without the marker, and \
            ARCHITECTURE.md, DECISIONS.md and performance.md, are never touched. Pages are written \
            all or none. With --check nothing is written: the command exits 1, listing every page \
            that differs, is missing or is extra, when the folder is not up to date.
            """
    )

    @Option(name: .long, help: ArgumentHelp("The docs folder.", valueName: "FOLDER"))
    /// The folder the pages are written to (or compared with).
    var out: String = "docs"

    @Flag(name: .long, help: "Compare the folder with the generated pages instead of writing them.")
    /// Compare only; exit 1 when the folder is not up to date.
    var check = false

    /// Generates the pages, then writes them or compares them with the folder.
    func run() throws {
        // The pictures must be the same on every processor: plain C kernels, which sum in one
        // order (training carries the last bits of a sum on into the picture).
        setenv("LAYERSCOPE_KERNELS", "portable", 1)
        let folder = DocsFolder(path: out)
        if !check { try folder.checkUsable() }
        let pages = try DocsSite.pages()
        let shownOut = escapedForMessage(out)
        if check {
            let differences = folder.differences(from: pages)
            if differences.isEmpty {
                print("docs: \(pages.count) generated pages in \(shownOut) are up to date")
                return
            }
            var report = differences.map { "\(shownOut)/\($0)\n" }.joined()
            report += "docs: \(differences.count) of the generated pages are not up to date; run `layerscope docs --out \(shownOut)`\n"
            writeToStandardError(report)
            Foundation.exit(1)
        }
        let changes = try folder.update(to: pages)
        for change in changes {
            print((change.kind == .extra ? "removed " : "wrote ") + shownOut + "/" + escapedForMessage(change.path))
        }
        print("docs: \(pages.count) pages in \(shownOut), \(changes.count) changed")
    }
}
