// DocsFolder: the docs folder on disk compared with the generated pages, and brought up to date.
// The hand-written pages are never read, written or removed; a file that is not generated counts as
// extra only when it looks generated (it starts with the marker, or lies in `layers/`).

import Foundation

/// One way the docs folder differs from what `layerscope docs` would write.
struct DocsDifference: Equatable, CustomStringConvertible {
    /// How the file differs.
    enum Kind: Equatable {
        /// The file exists with other text; `line` is the first line that differs (from 1).
        case differs(line: Int)
        /// The generator writes the file; the folder lacks it.
        case missing
        /// The file looks generated, but the generator no longer writes it.
        case extra
    }

    /// The path inside the docs folder.
    var path: String
    var kind: Kind

    /// One line for `docs --check`: the path and what is wrong with it.
    var description: String {
        switch kind {
        case .differs(let line): return "\(path): differs from the generated page (first at line \(line))"
        case .missing: return "\(path): missing"
        case .extra: return "\(path): extra (generated-looking, but no longer generated)"
        }
    }
}

/// A docs folder.
struct DocsFolder {
    /// The pages written by hand, which the generator ignores.
    static let handWritten: Set<String> = ["ARCHITECTURE.md", "DECISIONS.md", "performance.md"]

    /// The folder, as given on the command line.
    var path: String

    /// How the folder differs from `pages`, in path order.
    func differences(from pages: [DocsPage]) -> [DocsDifference] {
        var found: [DocsDifference] = []
        for page in pages {
            guard let text = read(page.path) else {
                found.append(DocsDifference(path: page.path, kind: .missing))
                continue
            }
            if text != page.text {
                found.append(DocsDifference(path: page.path, kind: .differs(line: DocsFolder.firstDifferingLine(text, page.text))))
            }
        }
        let generated = Set(pages.map(\.path))
        for file in files() where !generated.contains(file) && looksGenerated(file) {
            found.append(DocsDifference(path: file, kind: .extra))
        }
        return found.sorted { $0.path < $1.path }
    }

    /// Writes every page whose text differs and removes the extra ones; returns what changed.
    func update(to pages: [DocsPage]) throws -> [DocsDifference] {
        let changes = differences(from: pages)
        let texts = Dictionary(pages.map { ($0.path, $0.text) }, uniquingKeysWith: { first, _ in first })
        for change in changes {
            let url = URL(fileURLWithPath: path).appendingPathComponent(change.path)
            do {
                if change.kind == .extra {
                    try FileManager.default.removeItem(at: url)
                } else {
                    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                    try Data((texts[change.path] ?? "").utf8).write(to: url)
                }
            } catch {
                throw CLIError("docs: cannot write \(url.path): \(error.localizedDescription)")
            }
        }
        return changes
    }

    /// The text of `file` (a path inside the folder), if it can be read.
    private func read(_ file: String) -> String? {
        let full = URL(fileURLWithPath: path).appendingPathComponent(file).path
        return FileManager.default.contents(atPath: full).map { String(decoding: $0, as: UTF8.self) }
    }

    /// Every regular file in the folder, as paths inside it, hand-written pages and hidden files
    /// (a desktop's `.DS_Store`) left out.
    private func files() -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: path) else { return [] }
        var files: [String] = []
        while let file = walker.nextObject() as? String {
            var isFolder: ObjCBool = false
            let full = URL(fileURLWithPath: path).appendingPathComponent(file).path
            let hidden = file.split(separator: "/").contains { $0.hasPrefix(".") }
            if FileManager.default.fileExists(atPath: full, isDirectory: &isFolder), !isFolder.boolValue,
               !hidden, !DocsFolder.handWritten.contains(file) {
                files.append(file)
            }
        }
        return files
    }

    /// Whether a file the generator does not write is one it once wrote.
    private func looksGenerated(_ file: String) -> Bool {
        file.hasPrefix("layers/") || read(file)?.hasPrefix(DocsMarkdown.marker) == true
    }

    /// The first line (from 1) where `a` and `b` differ.
    static func firstDifferingLine(_ a: String, _ b: String) -> Int {
        let left = a.split(separator: "\n", omittingEmptySubsequences: false)
        let right = b.split(separator: "\n", omittingEmptySubsequences: false)
        for i in 0..<min(left.count, right.count) where left[i] != right[i] {
            return i + 1
        }
        return min(left.count, right.count) + 1
    }
}
