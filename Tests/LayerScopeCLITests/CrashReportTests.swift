// The command line when something goes badly wrong: a crash is one line on stderr (not the Swift
// runtime's backtrace) and the process dies of its signal; a reader that stops reading ends a
// command quietly, as it ends any filter.

import Foundation
import Testing

/// `layerscope ARGS` with the test's environment plus `extra`.
private func run(_ arguments: [String], adding extra: [String: String]) throws -> ProcessResult {
    try runLayerScope(arguments, environment: ProcessInfo.processInfo.environment
        .filter { $0.key != "SWIFT_BACKTRACE" }.merging(extra) { _, new in new })
}

/// The line a crash of a command prints (no terminal to restore).
private func crashLine(_ what: String) -> String {
    "layerscope: crashed (\(what)). " + crashAdvice
}

@Suite struct CrashReportTests {
    /// What a failed Swift check (overflow, fatalError) traps with.
    #if arch(x86_64)
    private let trap = (SIGILL, "SIGILL, illegal instruction")
    #else
    private let trap = (SIGTRAP, "SIGTRAP, trace trap")
    #endif

    @Test func aCrashIsOneLineAndTheSignalsStatus() throws {
        let cases: [(kind: String, signal: Int32, what: String)] = [
            ("overflow", trap.0, trap.1),
            ("null", SIGSEGV, "SIGSEGV, segmentation fault"),
            ("abort", SIGABRT, "SIGABRT, aborted"),
        ]
        for crash in cases {
            let result = try run(["render", "nn.ReLU()", "--input", "x.npy"], adding: ["LAYERSCOPE_CRASH_TEST": crash.kind])
            #expect(result.signaled && result.status == crash.signal, "\(crash.kind): status \(result.status)")
            #expect(result.stderr == crashLine(crash.what) + "\n", "\(crash.kind)")
            #expect(result.stdout.isEmpty)
        }
    }

    @Test func fatalErrorKeepsTheRuntimesOwnLineBeforeOurs() throws {
        let result = try run(["compute", "nn.ReLU()", "--input", "x.npy"], adding: ["LAYERSCOPE_CRASH_TEST": "fatal"])
        #expect(result.signaled && result.status == trap.0)
        let lines = result.stderr.split(separator: "\n").map(String.init)
        #expect(lines.count == 2, "\(result.stderr)")
        #expect(lines.first?.hasSuffix("Fatal error: LAYERSCOPE_CRASH_TEST=fatal") == true)
        #expect(lines.last == crashLine(trap.1))
    }

    @Test func swiftBacktraceSetAsksForTheRuntimesBacktraceAfterTheLine() throws {
        let result = try run(["render", "nn.ReLU()", "--input", "x.npy"], adding: [
            "LAYERSCOPE_CRASH_TEST": "overflow",
            "SWIFT_BACKTRACE": "enable=yes,interactive=no,color=no,output-to=stderr,symbolicate=no",
        ])
        #expect(result.signaled && result.status == trap.0)
        let lines = result.stderr.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        #expect(lines.first == crashLine(trap.1))
        #expect(result.stderr.contains("Backtracing"), "\(result.stderr)")
    }

    @Test func aReaderThatStopsEndsACommandQuietly() throws {
        let binary = productsDirectory.appendingPathComponent("layerscope").path
        // Whether the parent leaves SIGPIPE's default action or ignores it (children inherit that),
        // the command dies of SIGPIPE (status 141) and says nothing.
        for setup in ["", "trap '' PIPE; "] {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/bash")
            process.arguments = ["-c", setup + "'\(binary)' render 'nn.ReLU()' --size 1000x1000 | head -c 1 > /dev/null; "
                                 + "echo ${PIPESTATUS[0]}"]
            let out = Pipe()
            let err = Pipe()
            process.standardOutput = out
            process.standardError = err
            try process.run()
            let status = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(status == "141\n", "\(setup)")
            #expect(stderr.isEmpty, "\(setup): \(stderr)")
        }
    }
}
