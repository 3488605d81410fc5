// NpyFiles: reading `.npy` files for the command line (LayerKit itself does no I/O; OutputFiles
// writes them).

import Foundation
import LayerKit

enum NpyFiles {
    /// Reads and decodes a `.npy` file; `option` names the command-line option in errors.
    static func read(_ path: String, option: String) throws -> NpyArray {
        CrashTest.crashIfAsked()
        guard let data = FileManager.default.contents(atPath: path) else {
            let reason = FileManager.default.fileExists(atPath: path) ? "cannot be read" : "no such file"
            throw CLIError("\(option) \(path): \(reason)")
        }
        do {
            return try NpyArray(npyBytes: [UInt8](data))
        } catch let error as NpyError {
            throw CLIError("\(option) \(path): \(error.message)")
        }
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
