// DocsFolder: the docs folder on disk compared with the generated pages, and brought up to date.
// The hand-written pages are never read, written or removed. A file the generator does not write is
// extra — and removed by an update — only when it starts with the generated-file marker line
// (`DocsMarkdown.marker`, the first line of every page, Markdown and HTML alike): a file of one's
// own, in `layers/` or anywhere else, is kept. Pages are written through `OutputFiles`, all or none.

import Foundation

/// One way the docs folder differs from what `layerscope docs` would write.
struct DocsDifference: Equatable, CustomStringConvertible {
    /// How the file differs.
    enum Kind: Equatable {
        /// The file exists with other text; `line` is the first line that differs (from 1).
        case differs(line: Int)
        /// The generator writes the file; the folder lacks it.
        case missing
        /// The file starts with the generated-file marker, but the generator no longer writes it.
        case extra
    }

    /// The path inside the docs folder.
    var path: String
    var kind: Kind

    /// One line for `docs --check`: the path and what is wrong with it.
    var description: String {
        switch kind {
        case .differs(let line): return "\(escapedForMessage(path)): differs from the generated page (first at line \(line))"
        case .missing: return "\(escapedForMessage(path)): missing"
        case .extra: return "\(escapedForMessage(path)): extra (generated-looking, but no longer generated)"
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

    /// Checks, before the pages are made, that the folder can be used: it is a folder, or it is
    /// missing and the nearest path above it that exists is a folder (where it will be made).
    func checkUsable() throws {
        guard !path.isEmpty else { throw CLIError("--out: the folder name is empty") }
        var candidate = path
        while !candidate.isEmpty {
            if let info = OutputFiles.status(of: candidate, following: true).info {
                guard OutputFiles.isKind(info, S_IFDIR) else {
                    throw fileError("--out", path, candidate == path ? "not a folder" : "\(escapedForMessage(candidate)) is not a folder")
                }
                return
            }
            let parent = (candidate as NSString).deletingLastPathComponent
            if parent == candidate { return }
            candidate = parent
        }
    }

    /// Writes every page whose text differs and removes the extra ones; returns what changed.
    /// Every file to write or remove is checked first (see `OutputFiles.check`) and the pages are
    /// written all or none; a failure before the removals also removes the folders it made.
    func update(to pages: [DocsPage]) throws -> [DocsDifference] {
        let changes = differences(from: pages)
        let texts = Dictionary(pages.map { ($0.path, $0.text) }, uniquingKeysWith: { first, _ in first })
        let writes = changes.filter { $0.kind != .extra }
        let removals = changes.filter { $0.kind == .extra }
        var made: [String] = []
        do {
            for change in writes {
                try makeFolder(OutputFiles.folderPath(of: full(change.path)), made: &made)
            }
            let checked = try OutputFiles.check((writes + removals).map { OutputFile(option: "--out", path: full($0.path)) })
            try OutputFiles.write(zip(writes, checked).map { change, output in
                (output, Array((texts[change.path] ?? "").utf8))
            })
        } catch {
            for folder in made.reversed() { rmdir(folder) }
            throw error
        }
        for change in removals {
            guard unlink(full(change.path)) == 0 else { throw fileError("--out", full(change.path), errnoReason(errno)) }
        }
        return changes
    }

    /// The path of `file` (a path inside the folder) as the folder was given.
    func full(_ file: String) -> String {
        URL(fileURLWithPath: path).appendingPathComponent(file).path
    }

    /// Makes `folder` and the missing folders above it, adding each one made to `made` (outer first).
    private func makeFolder(_ folder: String, made: inout [String]) throws {
        if let info = OutputFiles.status(of: folder, following: true).info {
            guard OutputFiles.isKind(info, S_IFDIR) else { throw fileError("--out", folder, "not a folder") }
            return
        }
        let parent = (folder as NSString).deletingLastPathComponent
        if !parent.isEmpty && parent != folder { try makeFolder(parent, made: &made) }
        guard mkdir(folder, 0o777) == 0 else { throw fileError("--out", folder, errnoReason(errno)) }
        made.append(folder)
    }

    /// Whether `path` is a regular file (a symbolic link to one counts only when `following`).
    private func isRegularFile(_ path: String, following: Bool) -> Bool {
        OutputFiles.status(of: path, following: following).info.map { OutputFiles.isKind($0, S_IFREG) } ?? false
    }

    /// The text of `file` (a path inside the folder), if it is a regular file that can be read.
    private func read(_ file: String) -> String? {
        guard isRegularFile(full(file), following: true) else { return nil }
        return FileManager.default.contents(atPath: full(file)).map { String(decoding: $0, as: UTF8.self) }
    }

    /// Every regular file in the folder (symbolic links, devices and pipes are never counted), as
    /// paths inside it, hand-written pages and hidden files (a desktop's `.DS_Store`, an unfinished
    /// write's temporary file) left out.
    private func files() -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: path) else { return [] }
        var files: [String] = []
        while let file = walker.nextObject() as? String {
            let hidden = file.split(separator: "/").contains { $0.hasPrefix(".") }
            if !hidden, !DocsFolder.handWritten.contains(file), isRegularFile(full(file), following: false) {
                files.append(file)
            }
        }
        return files
    }

    /// Whether a file the generator does not write is one it once wrote: it starts with the marker
    /// line. Only the first bytes are read.
    private func looksGenerated(_ file: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: full(file)) else { return false }
        defer { try? handle.close() }
        let marker = Array((DocsMarkdown.marker + "\n").utf8)
        return (try? handle.read(upToCount: marker.count)).flatMap { $0 }.map { Array($0) == marker } ?? false
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
