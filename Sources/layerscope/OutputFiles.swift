// OutputFiles: every file LayerScope writes. A run's outputs are checked before any work — each
// names a file in a folder that exists and may be written, none is a folder or a device, no two name
// one file and none is also an input — and then written all or none: each goes to a temporary file
// beside its destination (`.NAME.tmp-PID-N`), is flushed to the disk, and only when every one is
// complete are they renamed into place. A failure removes the temporary files and leaves every
// existing file as it was. Messages are one line: the option, the path and the reason, from errno.

import CellRender
import Foundation

/// `text` as a message may quote it: control characters, line separators and bidirectional
/// controls shown as `\u{…}` escapes (CellRender's one rule, `escapingControls`), so a path or an
/// argument can neither break the one-line rule nor send escape sequences to the terminal.
func escapedForMessage(_ text: String) -> String {
    text.escapingControls
}

/// An errno value as the words of a message: "permission denied", "no space left on device".
func errnoReason(_ code: Int32) -> String {
    let text = String(cString: strerror(code))
    return text.prefix(1).lowercased() + text.dropFirst()
}

/// "OPTION PATH: REASON", the path escaped: the one line every file error is.
func fileError(_ option: String, _ path: String, _ reason: String) -> CLIError {
    CLIError("\(option) \(escapedForMessage(path)): \(reason)")
}

/// A file one run will write, named on the command line.
struct OutputFile {
    /// The option that names it (`--output`, `--save`, `--out`).
    var option: String
    /// The path as given.
    var path: String
    /// The state_dict key of a `--save KEY=FILE`.
    var key: String? = nil

    /// The option as messages name it: `--output`, `--save running_mean`.
    var label: String { key.map { option + " " + escapedForMessage($0) } ?? option }

    /// The one-line error about this file: `--save running_mean m.npy: is a directory`.
    func error(_ reason: String) -> CLIError { fileError(label, path, reason) }
}

/// What a path refers to, so two spellings of one file (`y.npy`, `./y.npy`, a hard link) are
/// recognised: an existing file by its device and inode, a new one by its folder's and its name.
enum FileIdentity: Hashable {
    case existing(device: UInt64, inode: UInt64)
    case new(folderDevice: UInt64, folderInode: UInt64, name: String)

    /// The existing file `info` describes.
    init(existing info: stat) {
        self = .existing(device: UInt64(truncatingIfNeeded: info.st_dev), inode: UInt64(info.st_ino))
    }

    /// A file called `name`, not there yet, in the folder `folder` describes.
    init(new name: String, in folder: stat) {
        self = .new(folderDevice: UInt64(truncatingIfNeeded: folder.st_dev), folderInode: UInt64(folder.st_ino), name: name)
    }
}

/// An output that passed the checks: where its bytes go (a symbolic link's target, so the link is
/// kept) and which file that is.
struct CheckedOutput {
    var file: OutputFile
    /// The path written: the path as given, or the file a symbolic link points to.
    var destination: String
    var identity: FileIdentity
}

enum OutputFiles {
    /// Checks `outputs` before any work: each names a regular file (existing and writable, or new in
    /// a folder that exists and may be written), no two name one file, and none names one of the
    /// `inputs` (option and path; an input that does not exist is left to its reader).
    static func check(_ outputs: [OutputFile], inputs: [(option: String, path: String)] = []) throws -> [CheckedOutput] {
        var inputIdentities: [FileIdentity: String] = [:]
        for input in inputs {
            if let info = status(of: input.path, following: true).info {
                inputIdentities[FileIdentity(existing: info)] = input.option
            }
        }
        var seen: [FileIdentity: String] = [:]
        var checked: [CheckedOutput] = []
        for output in outputs {
            let one = try check(output)
            if let other = seen[one.identity] {
                throw output.error("the same file as \(other); each output needs its own file")
            }
            if let input = inputIdentities[one.identity] {
                throw output.error("is also the \(input) file; write the result to another file")
            }
            seen[one.identity] = output.label
            checked.append(one)
        }
        return checked
    }

    /// Checks one output; see `check(_:inputs:)`.
    static func check(_ output: OutputFile) throws -> CheckedOutput {
        let path = output.path
        guard !path.isEmpty else { throw CLIError("\(output.label): the file name is empty") }
        let fail = output.error
        var destination = path
        if let link = status(of: path, following: false).info, isKind(link, S_IFLNK) {
            guard let target = realpath(path, nil) else { throw fail("a symbolic link to a missing file") }
            destination = String(cString: target)
            free(target)
        }
        let found = status(of: destination, following: true)
        if let info = found.info {
            if isKind(info, S_IFDIR) { throw fail("is a directory") }
            guard isKind(info, S_IFREG) else { throw fail("not a regular file") }
            guard access(destination, W_OK) == 0 else { throw fail(errnoReason(errno)) }
            try checkFolder(of: destination, fail: fail)
            return CheckedOutput(file: output, destination: destination, identity: FileIdentity(existing: info))
        }
        guard found.code == ENOENT || found.code == ENOTDIR else { throw fail(errnoReason(found.code)) }
        if path.hasSuffix("/") { throw fail("no such folder") }
        let folder = try checkFolder(of: destination, fail: fail)
        return CheckedOutput(file: output, destination: destination,
                             identity: FileIdentity(new: (destination as NSString).lastPathComponent, in: folder))
    }

    /// The folder `path` is in must exist and be writable: it is where the temporary file is made.
    @discardableResult
    private static func checkFolder(of path: String, fail: (String) -> CLIError) throws -> stat {
        let folder = folderPath(of: path)
        let found = status(of: folder, following: true)
        guard let info = found.info else {
            throw fail(found.code == ENOENT || found.code == ENOTDIR ? "no such folder" : errnoReason(found.code))
        }
        guard isKind(info, S_IFDIR) else { throw fail("\(escapedForMessage(folder)) is not a folder") }
        guard access(folder, W_OK | X_OK) == 0 else { throw fail(errnoReason(errno)) }
        return info
    }

    /// Writes every file, all or none: each is written in full to a temporary file beside its
    /// destination and flushed; only when all are complete are they renamed into place. When one
    /// cannot be written, the temporary files are removed and no destination is touched. (A rename
    /// can fail only when the folder changed since the check; the files renamed before it stay.)
    static func write(_ files: [(output: CheckedOutput, bytes: [UInt8])]) throws {
        var staged: [StagedFile] = []
        do {
            for file in files {
                staged.append(try StagedFile(file.bytes, for: file.output))
            }
        } catch {
            for file in staged { file.discard() }
            throw error
        }
        for (index, file) in staged.enumerated() {
            do {
                try file.commit()
            } catch {
                for rest in staged[(index + 1)...] { rest.discard() }
                throw error
            }
        }
        for folder in Set(staged.map { folderPath(of: $0.destination) }) {
            syncFolder(folder)
        }
    }

    /// Writes all of `bytes` to the open descriptor `fd`, however many calls it takes; throws the
    /// errno of the call that fails (`ENOSPC` on a full disk).
    static func writeAll(_ bytes: [UInt8], to fd: Int32) throws(WriteFailure) {
        let code: Int32 = bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = systemWrite(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                offset += written
            }
            return 0
        }
        if code != 0 { throw WriteFailure(code: code) }
    }

    /// The folder `path` is in (`.` for a bare name).
    static func folderPath(of path: String) -> String {
        let folder = (path as NSString).deletingLastPathComponent
        return folder.isEmpty ? "." : folder
    }

    /// `stat` (or `lstat`) of `path`, or nil and the errno.
    static func status(of path: String, following: Bool) -> (info: stat?, code: Int32) {
        var info = stat()
        let result = following ? stat(path, &info) : lstat(path, &info)
        return result == 0 ? (info, 0) : (nil, errno)
    }

    /// Whether `info` is of the file type `kind` (`S_IFDIR`, `S_IFREG`, `S_IFLNK`).
    static func isKind(_ info: stat, _ kind: mode_t) -> Bool {
        info.st_mode & S_IFMT == kind
    }

    /// Flushes a folder's entries (the renames) to the disk; a folder that cannot be opened or
    /// flushed changes nothing already written.
    private static func syncFolder(_ folder: String) {
        let fd = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        _ = fsync(fd)
        close(fd)
    }
}

/// `write(2)`, reachable from types that have a `write` of their own.
private func systemWrite(_ fd: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    write(fd, bytes, count)
}

/// A failed system call's errno.
struct WriteFailure: Error, Equatable {
    var code: Int32
    var reason: String { errnoReason(code) }
}

/// A file written in full beside its destination, not yet in place.
struct StagedFile {
    let output: CheckedOutput
    /// The temporary file: `.NAME.tmp-PID-N` in the destination's folder.
    let temporary: String
    var destination: String { output.destination }

    /// Writes `bytes` to a new temporary file beside `output`'s destination (with the existing
    /// file's permission bits, if there is one), flushed to the disk. On failure nothing is left.
    init(_ bytes: [UInt8], for output: CheckedOutput) throws {
        self.output = output
        let folder = OutputFiles.folderPath(of: output.destination)
        var name = (output.destination as NSString).lastPathComponent
        while name.utf8.count > 200 { name.removeLast() }  // room for the suffix within NAME_MAX
        let fail = { (code: Int32) in output.file.error(errnoReason(code)) }
        var fd: Int32 = -1
        var code: Int32 = 0
        var candidate = ""
        var attempt = 0
        repeat {  // a name no other file has: an earlier run's leftover is never overwritten
            candidate = folder + "/." + name + ".tmp-\(getpid())-\(attempt)"
            fd = open(candidate, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
            code = fd >= 0 ? 0 : errno
            attempt += 1
        } while code == EEXIST && attempt < 1000
        guard fd >= 0 else { throw fail(code) }
        temporary = candidate
        var existing = stat()
        if stat(output.destination, &existing) == 0 {
            _ = fchmod(fd, existing.st_mode & 0o777)
        }
        do throws(WriteFailure) {
            try OutputFiles.writeAll(bytes, to: fd)
            guard fsync(fd) == 0 else { throw WriteFailure(code: errno) }
            let closed = close(fd)
            fd = -1
            guard closed == 0 else { throw WriteFailure(code: errno) }
        } catch {
            if fd >= 0 { close(fd) }
            unlink(candidate)
            throw fail(error.code)
        }
    }

    /// Renames the temporary file over the destination; on failure removes it.
    func commit() throws {
        guard rename(temporary, destination) == 0 else {
            let code = errno
            discard()
            throw output.file.error(errnoReason(code))
        }
    }

    /// Removes the temporary file.
    func discard() {
        unlink(temporary)
    }
}
