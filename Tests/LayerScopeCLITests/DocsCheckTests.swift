// `layerscope docs --check` end to end: the repository's docs are what the generator writes (so
// stale docs never land), and the check fails — listing them — on hand edits, missing pages and
// stale generated pages, while hand-written pages and the user's environment change nothing. And
// `layerscope docs` itself: it removes only files that carry the generated-file marker, naming each,
// and writes nothing when a page cannot be written.

import Foundation
import LayerKit
import Testing

/// A copy of the repository's docs folder to break.
private func copyOfDocs() throws -> (ScratchDirectory, String) {
    let dir = try ScratchDirectory()
    let copy = dir.path("docs")
    try FileManager.default.copyItem(atPath: repositoryDocs.path, toPath: copy)
    return (dir, copy)
}

@Suite struct DocsCheckTests {
    @Test func theRepositoryDocsAreUpToDate() throws {
        let result = try runLayerScope(["docs", "--check", "--out", repositoryDocs.path])
        #expect(result.status == 0, "run `swift run layerscope docs` and commit docs/:\n\(result.stderr)")
    }

    @Test func theDocsDoNotDependOnTheUsersEnvironment() throws {
        let dir = try ScratchDirectory()
        let themes = dir.url.appendingPathComponent("config/layerscope/themes")
        try FileManager.default.createDirectory(at: themes, withIntermediateDirectories: true)
        for name in ["default", "mono", "mine"] {
            try Data("summary = \"a user theme\"\nmonochrome = true\n".utf8).write(to: themes.appendingPathComponent(name + ".toml"))
        }
        let environment = ["XDG_CONFIG_HOME": dir.path("config"), "HOME": dir.path("home"),
                           "COLORTERM": "truecolor", "COLUMNS": "40", "TERM": "xterm-256color"]
        let result = try runLayerScope(["docs", "--check", "--out", repositoryDocs.path], environment: environment)
        #expect(result.status == 0, "\(result.stderr)")
    }

    @Test func everyLayerHasAPageWithParametersAndAPicture() throws {
        for schema in Catalog.schemas {
            let page = "layers/\(schema.name.lowercased()).md"
            let text = try String(contentsOf: repositoryDocs.appendingPathComponent(page), encoding: .utf8)
            #expect(text.contains("## Parameters\n\n| parameter | default |") || schema.params.isEmpty, "\(page)")
            for spec in schema.params {
                #expect(text.contains("| `\(spec.name)`"), "\(page): \(spec.name)")
            }
            let shown = pictures(inPage: page, text: text)
            #expect(shown.contains { $0.text.split(separator: "\n").count >= 8 }, "\(page) has no picture of 8 lines or more")
        }
    }

    @Test func theCheckListsEditedMissingAndExtraPagesAndExitsOne() throws {
        let (scratch, docs) = try copyOfDocs()
        defer { withExtendedLifetime(scratch) {} }
        let relu = docs + "/layers/relu.md"
        let original = try String(contentsOfFile: relu, encoding: .utf8)
        let editedLine = original.split(separator: "\n", omittingEmptySubsequences: false).count  // after the last line
        try (original + "A hand edit.\n").write(toFile: relu, atomically: true, encoding: .utf8)
        try FileManager.default.removeItem(atPath: docs + "/keys.md")
        try FileManager.default.copyItem(atPath: docs + "/layers/tanh.md", toPath: docs + "/layers/conv3d.md")
        try FileManager.default.copyItem(atPath: docs + "/cli.md", toPath: docs + "/old-cli.md")
        try "# Notes\n\nWritten by hand.\n".write(toFile: docs + "/notes.md", atomically: true, encoding: .utf8)
        try "edited by hand\n".write(toFile: docs + "/DECISIONS.md", atomically: true, encoding: .utf8)

        let check = try runLayerScope(["docs", "--check", "--out", docs])
        #expect(check.status == 1)
        let lines = check.stderr.split(separator: "\n").map(String.init)
        #expect(lines.contains(docs + "/layers/relu.md: differs from the generated page (first at line \(editedLine))"),
                "\(check.stderr)")
        #expect(lines.contains(docs + "/keys.md: missing"))
        #expect(lines.contains(docs + "/layers/conv3d.md: extra (generated-looking, but no longer generated)"))
        #expect(lines.contains(docs + "/old-cli.md: extra (generated-looking, but no longer generated)"))
        #expect(!check.stderr.contains("notes.md") && !check.stderr.contains("DECISIONS.md"))
        #expect(check.stdout == "")

        let write = try runLayerScope(["docs", "--out", docs])
        #expect(write.status == 0, "\(write.stderr)")
        #expect(try runLayerScope(["docs", "--check", "--out", docs]).status == 0)
        #expect(FileManager.default.fileExists(atPath: docs + "/notes.md"))
        #expect(!FileManager.default.fileExists(atPath: docs + "/layers/conv3d.md"))
        #expect(try String(contentsOfFile: docs + "/DECISIONS.md", encoding: .utf8) == "edited by hand\n")
    }

    @Test func docsKeepsTheUsersFilesAndRemovesOnlyStaleGeneratedPagesNamingEach() throws {
        let dir = try ScratchDirectory()
        let docs = dir.path("docs")
        try FileManager.default.copyItem(atPath: repositoryDocs.path, toPath: docs)
        let own = ["layers/my-notes.md": "# My notes\n\nWritten by hand.\n",
                   "layers/html/sketch.html": "<p>mine</p>\n",
                   "layers/data.txt": "1 2 3\n",
                   "notes.md": "Not generated either.\n"]
        for (file, text) in own {
            try text.write(toFile: docs + "/" + file, atomically: false, encoding: .utf8)
        }
        // Pages of a layer the generator no longer writes: they carry the marker line.
        try FileManager.default.copyItem(atPath: docs + "/layers/tanh.md", toPath: docs + "/layers/conv3d.md")
        try FileManager.default.copyItem(atPath: docs + "/layers/html/tanh.html", toPath: docs + "/layers/html/conv3d.html")

        let check = try runLayerScope(["docs", "--check", "--out", docs])
        #expect(check.status == 1)
        let reported = check.stderr.split(separator: "\n").map(String.init)
        #expect(reported.contains(docs + "/layers/conv3d.md: extra (generated-looking, but no longer generated)"), "\(check.stderr)")
        #expect(reported.contains(docs + "/layers/html/conv3d.html: extra (generated-looking, but no longer generated)"), "\(check.stderr)")
        for file in own.keys {
            #expect(!check.stderr.contains(file), "\(file) reported: \(check.stderr)")
        }

        let update = try runLayerScope(["docs", "--out", docs])
        #expect(update.status == 0, "\(update.stderr)")
        let removed = update.stdout.split(separator: "\n").filter { $0.hasPrefix("removed ") }.map(String.init)
        #expect(removed.sorted() == ["removed \(docs)/layers/conv3d.md", "removed \(docs)/layers/html/conv3d.html"],
                "\(update.stdout)")
        #expect(!FileManager.default.fileExists(atPath: docs + "/layers/conv3d.md"))
        #expect(!FileManager.default.fileExists(atPath: docs + "/layers/html/conv3d.html"))
        for (file, text) in own {
            #expect((try? String(contentsOfFile: docs + "/" + file, encoding: .utf8)) == text, "\(file)")
        }
        #expect(try runLayerScope(["docs", "--check", "--out", docs]).status == 0)
    }

    @Test func docsWritesNothingWhenAPageCannotBeWritten() throws {
        let dir = try ScratchDirectory()
        // `layers` is a file where the generator needs a folder: found before any page is written.
        let site = dir.path("site")
        try FileManager.default.createDirectory(atPath: site, withIntermediateDirectories: false)
        try "my own file called layers\n".write(toFile: site + "/layers", atomically: false, encoding: .utf8)
        let before = contents(of: site)
        let blocked = try runLayerScope(["docs", "--out", site])
        expectOneLineFailure(blocked, ["--out \(site)/layers: not a folder"], "layers is a file")
        #expect(contents(of: site) == before)

        let file = dir.path("notes.txt")
        try "a file, not a folder\n".write(toFile: file, atomically: false, encoding: .utf8)
        let notAFolder = try runLayerScope(["docs", "--out", file])
        expectOneLineFailure(notAFolder, ["--out \(file): not a folder"], "--out names a file")
        #expect(try String(contentsOfFile: file, encoding: .utf8) == "a file, not a folder\n")
    }
}
