// NpyFiles: reading `.npy` files for the command line (LayerKit itself does no I/O; OutputFiles
// writes them).

import Foundation
import LayerKit

enum NpyFiles {
    /// Reads and decodes a `.npy` file; `option` names the command-line option in errors.
    ///
    /// The header is read first and the data's size checked against the memory budget before
    /// any data is read; the data is then read once, straight into one buffer.
    static func read(_ path: String, option: String) throws -> NpyArray {
        CrashTest.crashIfAsked()
        let shown = "\(option) \(escapedForMessage(path))"
        let fd = open(path, O_RDONLY | O_NONBLOCK)
        guard fd >= 0 else { throw CLIError("\(shown): \(errno == ENOENT ? "no such file" : errnoReason(errno))") }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
            throw CLIError("\(shown): not a regular file")
        }
        let fileSize = Int(info.st_size)
        do {
            // A header is at most a few KiB (NumPy pads it to 64 bytes; version 2 allows 4 GiB but
            // nobody writes one over 64 KiB).
            let prefix = try readBytes(fd, count: Swift.min(fileSize, 1 << 16), at: 0)
            let layout = try prefix.withUnsafeBytes { try NpyArray.layout(fromPrefix: $0) }
            guard fileSize - layout.dataOffset >= layout.dataBytes else {
                throw NpyError("truncated data: shape \(layout.shape.torchList) needs \(layout.dataBytes) bytes, "
                               + "the file has \(Swift.max(0, fileSize - layout.dataOffset))")
            }
            let data = try readBytes(fd, count: layout.dataBytes, at: layout.dataOffset)
            return try data.withUnsafeBytes { try NpyArray(layout: layout, data: $0) }
        } catch let error as NpyError {
            throw CLIError("\(shown): \(error.message)")
        }
    }

    /// Exactly `count` bytes from offset `offset` of `fd`, read in one buffer.
    private static func readBytes(_ fd: Int32, count: Int, at offset: Int) throws -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        var done = 0
        try bytes.withUnsafeMutableBytes { buffer in
            while done < count {
                let n = pread(fd, buffer.baseAddress! + done, count - done, off_t(offset + done))
                if n < 0, errno == EINTR { continue }
                if n < 0 { throw NpyError("cannot be read (\(errnoReason(errno)))") }
                if n == 0 { break }
                done += n
            }
        }
        if done < count { bytes.removeLast(count - done) }  // a short file: the caller reports it
        return bytes
    }

    /// Splits a `KEY=FILE.npy` option value.
    static func keyAndPath(_ text: String, option: String) throws -> (String, String) {
        guard let equals = text.firstIndex(of: "="), equals != text.startIndex,
              text.index(after: equals) != text.endIndex else {
            throw CLIError("\(option) expects KEY=FILE.npy, got '\(escapedForMessage(text))'")
        }
        return (String(text[..<equals]), String(text[text.index(after: equals)...]))
    }
}
