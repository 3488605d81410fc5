// Runs the built `layerscope` executable as a child process and collects what it printed.

import Foundation

struct ProcessResult {
    /// The exit status, or the signal's number when `signaled`.
    var status: Int32
    var stdout: String
    var stderr: String
    /// The process died of a signal.
    var signaled = false
}

/// The directory holding the built products (the test bundle sits beside the executable).
var productsDirectory: URL {
    let bundle = Bundle.main.bundleURL
    return bundle.lastPathComponent.hasSuffix(".xctest") ? bundle.deletingLastPathComponent() : bundle
}

/// The built `layerscope` executable, or the one `LAYERSCOPE_BINARY` names (a nightly run of the
/// fuzz tests against a release build).
var layerScopeExecutable: URL {
    if let path = ProcessInfo.processInfo.environment["LAYERSCOPE_BINARY"] { return URL(fileURLWithPath: path) }
    return productsDirectory.appendingPathComponent("layerscope")
}

/// Runs `layerscope` with `arguments` and waits for it to exit. With `standardOutput`, stdout goes
/// to that file (and `stdout` of the result is empty).
func runLayerScope(_ arguments: [String], environment: [String: String]? = nil,
                   standardOutput: FileHandle? = nil) throws -> ProcessResult {
    try runExecutable(layerScopeExecutable, arguments, environment: environment, standardOutput: standardOutput)
}

/// Runs `executable` with `arguments` and waits for it to exit.
func runExecutable(_ executable: URL, _ arguments: [String], environment: [String: String]? = nil,
         standardOutput: FileHandle? = nil) throws -> ProcessResult {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    if let environment { process.environment = environment }
    process.standardInput = FileHandle.nullDevice  // nothing waits on the test runner's input
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = standardOutput ?? out
    process.standardError = err
    try process.run()
    let outData = standardOutput == nil ? out.fileHandleForReading.readDataToEndOfFile() : Data()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return ProcessResult(status: process.terminationStatus,
                         stdout: String(decoding: outData, as: UTF8.self),
                         stderr: String(decoding: errData, as: UTF8.self),
                         signaled: process.terminationReason == .uncaughtSignal)
}
