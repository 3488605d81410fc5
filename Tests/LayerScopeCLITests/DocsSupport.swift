// What the docs tests share: the repository's docs folder, and the pictures its pages show — each
// `layerscope render …` command with the block printed under it, read back from the Markdown (and
// from the HTML of the colour pages).

import Foundation

/// The repository's `docs/` folder, found from this file's place in the package.
let repositoryDocs: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent()  // LayerScopeCLITests
    .deletingLastPathComponent()  // Tests
    .deletingLastPathComponent()  // the package root
    .appendingPathComponent("docs")

/// One picture of a page: the render command's arguments and the block shown under it.
struct DocsPicture {
    /// The page, inside the docs folder.
    var page: String
    /// The arguments after `layerscope render`, as a shell reads the command line.
    var arguments: [String]
    /// The block's text, with its final newline (what the command should print).
    var text: String
}

/// Every file under `folder` whose name ends in `suffix`, as paths inside it, sorted.
func files(in folder: URL, endingIn suffix: String) -> [String] {
    let walker = FileManager.default.enumerator(atPath: folder.path)
    var files: [String] = []
    while let file = walker?.nextObject() as? String {
        if file.hasSuffix(suffix) { files.append(file) }
    }
    return files.sorted()
}

/// The pictures of a colour page: a `<p><code>layerscope render …</code></p>` line, then the first
/// `<pre>` element after it (what the command prints), up to and with its `</pre>` line.
func htmlPictures(inPage page: String, text: String) -> [DocsPicture] {
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    var found: [DocsPicture] = []
    for (index, line) in lines.enumerated() where line.hasPrefix("<p><code>layerscope render ") && line.hasSuffix("</code></p>") {
        let command = line.dropFirst("<p><code>".count).dropLast("</code></p>".count)
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&amp;", with: "&")
        guard let start = lines[(index + 1)...].firstIndex(where: { $0.hasPrefix("<pre") }),
              let end = lines[start...].firstIndex(of: "</pre>") else { continue }
        let block = lines[start...end].joined(separator: "\n") + "\n"
        found.append(DocsPicture(page: page, arguments: Array(shellWords(command).dropFirst(2)), text: block))
    }
    return found
}

/// The pictures of one page: a `sh` block holding one `layerscope render` line (or
/// `swift run layerscope render`, as the README writes it), then a `text` block.
func pictures(inPage page: String, text: String) -> [DocsPicture] {
    let blocks = fencedBlocks(text)
    var found: [DocsPicture] = []
    for (command, output) in zip(blocks, blocks.dropFirst()) where command.language == "sh" && output.language == "text" {
        var words = shellWords(command.body)
        if words.starts(with: ["swift", "run"]) { words.removeFirst(2) }
        guard words.starts(with: ["layerscope", "render"]), !command.body.contains("\n") else { continue }
        found.append(DocsPicture(page: page, arguments: Array(words.dropFirst(2)), text: output.body + "\n"))
    }
    return found
}

/// The fenced blocks of a Markdown text, in order: the info string and the lines between the fences.
func fencedBlocks(_ text: String) -> [(language: String, body: String)] {
    var blocks: [(language: String, body: String)] = []
    var open: (fence: String, language: String, lines: [Substring])?
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
        if var current = open {
            if line == current.fence {
                blocks.append((current.language, current.lines.joined(separator: "\n")))
                open = nil
            } else {
                current.lines.append(line)
                open = current
            }
        } else if line.hasPrefix("```") {
            let fence = String(line.prefix { $0 == "`" })
            open = (fence, String(line.dropFirst(fence.count)), [])
        }
    }
    return blocks
}

/// A command line split as a POSIX shell splits it, for the quoting the docs use: bare words and
/// double-quoted words with backslash escapes.
func shellWords(_ line: String) -> [String] {
    var words: [String] = []
    var word = ""
    var inWord = false
    var quoted = false
    var escaped = false
    for character in line {
        if escaped {
            word.append(character)
            escaped = false
        } else if character == "\\" {
            escaped = true
        } else if character == "\"" {
            quoted.toggle()
            inWord = true
        } else if character == " " && !quoted {
            if inWord { words.append(word) }
            word = ""
            inWord = false
        } else {
            word.append(character)
            inWord = true
        }
    }
    if inWord { words.append(word) }
    return words
}
