// Files are never destroyed: every output is checked before any work and written all or none through
// a temporary file renamed into place; a file error and a full stdout are each one line with status 2.

import Foundation
import Testing
@testable import LayerKit
@testable import layerscope

/// Every entry under `folder` (hidden ones included) with its bytes; a folder maps to nil.
func contents(of folder: String) -> [String: Data?] {
    var found: [String: Data?] = [:]
    let walker = FileManager.default.enumerator(atPath: folder)
    while let entry = walker?.nextObject() as? String {
        found[entry] = FileManager.default.contents(atPath: folder + "/" + entry)
    }
    return found
}

/// Expects a failed run: status 2, nothing on stdout, one line on stderr holding every fragment.
func expectOneLineFailure(_ result: ProcessResult, _ fragments: [String], _ context: String,
                          sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(result.status == 2, "\(context): status \(result.status), stderr \(result.stderr)", sourceLocation: sourceLocation)
    #expect(result.stdout.isEmpty, "\(context): stdout \(result.stdout)", sourceLocation: sourceLocation)
    #expect(result.stderr.hasPrefix("error: ") && result.stderr.hasSuffix("\n")
                && result.stderr.filter { $0 == "\n" }.count == 1,
            "\(context): \(result.stderr)", sourceLocation: sourceLocation)
    for fragment in fragments {
        #expect(result.stderr.contains(fragment), "\(context): \(result.stderr)", sourceLocation: sourceLocation)
    }
}

/// `argument` with each `@/` standing for the scratch folder.
private func resolve(_ argument: String, in dir: ScratchDirectory) -> String {
    argument.replacingOccurrences(of: "@/", with: dir.url.path + "/")
}

@Suite struct OutputFilesTests {
    // MARK: compute: checked first, written all or none

    /// Runs that fail — at the expression, a --set, an input, an option, or after the forward pass —
    /// leave the existing output byte for byte and write no other file.
    @Test(arguments: [
        (["compute", "nn.Conv2d(1, 2, 3)", "--input", "@/x.npy", "--output", "@/y.npy", "--set", "weight=@/x.npy"], "size mismatch for weight"),
        (["compute", "nn.Conv2d(1, 2,", "--input", "@/x.npy", "--output", "@/y.npy"], "expression: "),
        (["compute", "nn.ReLU()", "--input", "@/missing.npy", "--output", "@/y.npy"], "--input"),
        (["compute", "nn.ReLU()", "--input", "@/x.npy", "--output", "@/y.npy", "--indices", "@/i.npy"], "--indices"),
        (["compute", "nn.ReLU()", "--input", "@/x.npy", "--output", "@/y.npy", "--save", "weight=@/w.npy"], "no parameter or buffer 'weight'"),
        (["compute", "nn.ReLU()", "--input", "@/x.npy", "--output", "@/y.npy", "--save", "weight"], "--save expects KEY=FILE.npy"),
    ])
    func aFailedComputeLeavesTheExistingOutputAsItWas(arguments: [String], fragment: String) throws {
        let dir = try ScratchDirectory()
        _ = try dir.write("x.npy", Tensor(shape: [1, 1, 3, 3], repeating: 1))
        try Data("the previous output".utf8).write(to: dir.url.appendingPathComponent("y.npy"))
        let before = contents(of: dir.url.path)
        let result = try runLayerScope(arguments.map { resolve($0, in: dir) })
        expectOneLineFailure(result, [fragment], "\(arguments)")
        #expect(contents(of: dir.url.path) == before, "\(arguments)")
    }

    /// Outputs that cannot be written are refused before the layer runs, and the output named before
    /// them (a good one) is not written either.
    @Test(arguments: [
        (["--indices", "@/folder"], "--indices @/folder: is a directory"),
        (["--indices", "@/folder/"], "--indices @/folder/: is a directory"),
        (["--indices", "@/nowhere/i.npy"], "--indices @/nowhere/i.npy: no such folder"),
        (["--indices", "@/x.npy/i.npy"], "--indices @/x.npy/i.npy: @/x.npy is not a folder"),
        (["--indices", "/dev/full"], "--indices /dev/full: not a regular file"),
        (["--indices", ""], "--indices: the file name is empty"),
        (["--indices", "@/./new.npy"], "--indices @/./new.npy: the same file as --output"),
        (["--indices", "@/link.npy"], "--indices @/link.npy: the same file as --output"),
        (["--indices", "@/x.npy"], "--indices @/x.npy: is also the --input file"),
        (["--indices", "@/nowhere\nelse/i.npy"], "--indices @/nowhere\\u{0A}else/i.npy: no such folder"),
    ])
    func outputsThatCannotBeWrittenAreRefusedFirst(extra: [String], expected: String) throws {
        let dir = try ScratchDirectory()
        _ = try dir.write("x.npy", Tensor(shape: [1, 1, 4, 4], repeating: 1))
        try FileManager.default.createDirectory(atPath: dir.path("folder"), withIntermediateDirectories: false)
        try FileManager.default.createSymbolicLink(atPath: dir.path("link.npy"), withDestinationPath: dir.path("new.npy"))
        try Data("the previous output".utf8).write(to: dir.url.appendingPathComponent("new.npy"))
        let before = contents(of: dir.url.path)
        let arguments = ["compute", "nn.MaxPool2d(2)", "--input", "@/x.npy", "--output", "@/new.npy"] + extra
        let result = try runLayerScope(arguments.map { resolve($0, in: dir) })
        expectOneLineFailure(result, [resolve(expected, in: dir)], "\(extra)")
        #expect(contents(of: dir.url.path) == before, "\(extra)")
    }

    @Test func twoSavesToOneFileAreRefused() throws {
        let dir = try ScratchDirectory()
        let x = try dir.write("x.npy", Tensor(shape: [2, 1, 1, 2], repeating: 1))
        let result = try runLayerScope(["compute", "nn.BatchNorm2d(1)", "--input", x,
                                        "--save", "running_mean=\(dir.path("s.npy"))", "--save", "running_var=\(dir.path("s.npy"))"])
        expectOneLineFailure(result, ["--save running_var \(dir.path("s.npy")): the same file as --save running_mean"], "two saves")
        #expect(!FileManager.default.fileExists(atPath: dir.path("s.npy")))
    }

    /// Permission bits do not stop root, so as root the program runs as `nobody` (through
    /// util-linux's setpriv) to meet the folder's bits.
    @Test(.enabled(if: geteuid() != 0 || FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv"),
                   "root without setpriv cannot run the program as another user"))
    func aFolderWithoutWritePermissionIsRefused() throws {
        let dir = try ScratchDirectory()
        let x = try dir.write("x.npy", Tensor(shape: [3], repeating: 1))
        let locked = dir.path("locked")
        try FileManager.default.createDirectory(atPath: locked, withIntermediateDirectories: false)
        try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: locked)
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: locked) }
        let arguments = ["compute", "nn.ReLU()", "--input", x, "--output", locked + "/y.npy"]
        let result = geteuid() != 0 ? try runLayerScope(arguments)
            : try runExecutable(URL(fileURLWithPath: "/usr/bin/setpriv"),
                                ["--reuid=65534", "--regid=65534", "--clear-groups", layerScopeExecutable.path] + arguments)
        expectOneLineFailure(result, ["--output \(locked)/y.npy: permission denied"], "locked folder")
        #expect(try FileManager.default.contentsOfDirectory(atPath: locked).isEmpty)
    }

    /// A real write failure, as any user: past a file-size limit (`ulimit -f`) write(2) fails with
    /// EFBIG after the small --output is complete and while the large --grad-input is being written.
    /// Neither existing file changes and no temporary file is left; without the limit the same
    /// command replaces both, keeping the old file's permission bits.
    @Test func aWriteThatFailsHalfwayLeavesEveryFileAsItWasAndNoTemporaryFile() throws {
        let dir = try ScratchDirectory()
        let x = try dir.write("x.npy", Tensor(shape: [1, 1, 128, 128], repeating: 1))  // 64 KiB of float32
        let t = try dir.write("t.npy", Tensor(shape: [1, 1, 128, 128], repeating: 0))
        try Data("the previous loss".utf8).write(to: dir.url.appendingPathComponent("loss.npy"))
        try Data("the previous gradient".utf8).write(to: dir.url.appendingPathComponent("grad.npy"))
        try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: dir.path("grad.npy"))
        let before = contents(of: dir.url.path)
        let arguments = ["compute", "nn.MSELoss()", "--input", x, "--target", t,
                         "--output", dir.path("loss.npy"), "--grad-input", dir.path("grad.npy")]

        // 16 blocks: 8 KiB (dash counts 512 bytes) or 16 KiB (bash, 1024): the loss fits, the gradient does not.
        let limited = try runExecutable(URL(fileURLWithPath: "/bin/sh"),
                                        ["-c", "ulimit -f 16 && exec \"$0\" \"$@\"", layerScopeExecutable.path] + arguments)
        expectOneLineFailure(limited, ["--grad-input \(dir.path("grad.npy")): file too large"], "size limit")
        #expect(contents(of: dir.url.path) == before)

        let unlimited = try runLayerScope(arguments)
        #expect(unlimited.status == 0, "\(unlimited.stderr)")
        #expect(try dir.read("loss.npy").floats == [1])
        #expect(try dir.read("grad.npy").shape == [1, 1, 128, 128])
        let mode = try FileManager.default.attributesOfItem(atPath: dir.path("grad.npy"))[.posixPermissions] as? Int
        #expect(mode == 0o640)
        #expect(Set(contents(of: dir.url.path).keys) == Set(before.keys))
    }

    // MARK: the helper itself

    @Test func writingToAFullDeviceReportsNoSpace() throws {
        let fd = open("/dev/full", O_WRONLY)
        try #require(fd >= 0)
        defer { close(fd) }
        #expect(throws: WriteFailure(code: ENOSPC)) { try OutputFiles.writeAll(Array(repeating: 7, count: 100_000), to: fd) }
        #expect(WriteFailure(code: ENOSPC).reason == "no space left on device")
    }

    @Test func aFolderThatVanishesAfterTheCheckFailsTheWriteAndLeavesNothing() throws {
        let dir = try ScratchDirectory()
        let folder = dir.path("gone")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)
        let checked = try OutputFiles.check([OutputFile(option: "--output", path: folder + "/y.npy"),
                                             OutputFile(option: "--indices", path: dir.path("i.npy"))])
        try FileManager.default.removeItem(atPath: folder)
        #expect(throws: CLIError.self) {
            try OutputFiles.write([(checked[1], [1, 2, 3]), (checked[0], [4, 5, 6])])
        }
        // The first file was complete when the second failed: it is removed, not put in place.
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.url.path).isEmpty)
    }

    @Test func messagesShowControlCharactersAsEscapes() {
        #expect(escapedForMessage("a\nb\tc\r\u{1B}[31m\u{7F}\u{2028}é/\\") == "a\\u{0A}b\\u{09}c\\u{0D}\\u{1B}[31m\\u{7F}\\u{2028}é/\\")
        let once = escapedForMessage("x\ny")
        #expect(escapedForMessage(once) == once)
    }

    // MARK: stdout

    /// render writes its picture at once, so the reason is known; print() (list) may have failed
    /// in an earlier flush of its buffer, whose errno is gone by the end.
    @Test(arguments: [(["render", "nn.ReLU()"], "error: stdout: no space left on device\n"),
                      (["list", "nn.ReLU"], "error: stdout: no space left on device\n"),
                      (["list"], "error: stdout: cannot be written\n")])
    func aFullStdoutIsOneLine(arguments: [String], expected: String) throws {
        let full = try #require(FileHandle(forWritingAtPath: "/dev/full"))
        defer { try? full.close() }
        let result = try runLayerScope(arguments, standardOutput: full)
        expectOneLineFailure(result, [], "\(arguments)")
        #expect(result.stderr == expected)
    }
}
