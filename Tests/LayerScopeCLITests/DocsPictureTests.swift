// Every picture in the docs (and the README's) is reproducible: each `layerscope render …` command
// shown is run through the built binary, and it must print exactly the block shown under it.

import Foundation
import Testing

@Suite struct DocsPictureTests {
    @Test func everyShownRenderCommandPrintsExactlyItsBlock() throws {
        var shown: [DocsPicture] = []
        var commandLines = 0
        for page in files(in: repositoryDocs, endingIn: ".md") {
            let text = try String(contentsOf: repositoryDocs.appendingPathComponent(page), encoding: .utf8)
            shown += pictures(inPage: page, text: text)
            commandLines += text.split(separator: "\n").filter { $0.hasPrefix("layerscope render ") }.count
        }
        #expect(shown.count >= 20, "only \(shown.count) render commands found in the docs")
        #expect(shown.count == commandLines, "a render command in the docs is not followed by its picture")
        var colour: [DocsPicture] = []
        for page in files(in: repositoryDocs, endingIn: ".html") {
            let text = try String(contentsOf: repositoryDocs.appendingPathComponent(page), encoding: .utf8)
            colour += htmlPictures(inPage: page, text: text)
        }
        #expect(colour.count >= 20, "only \(colour.count) colour pictures found in the docs")
        shown += colour
        let readme = try String(contentsOf: repositoryDocs.deletingLastPathComponent().appendingPathComponent("README.md"), encoding: .utf8)
        let readmePictures = pictures(inPage: "README.md", text: readme)
        #expect(!readmePictures.isEmpty, "the README's docs section shows no render command with its picture")
        shown += readmePictures
        let home = try ScratchDirectory()
        for picture in shown {
            // An environment of its own: no user themes, no colour hints.
            let result = try runLayerScope(["render"] + picture.arguments, environment: ["HOME": home.path("home")])
            #expect(result.status == 0, "\(picture.page): \(picture.arguments): \(result.stderr)")
            #expect(result.stdout == picture.text, "\(picture.page): `layerscope render \(picture.arguments)` prints another picture")
        }
    }
}
