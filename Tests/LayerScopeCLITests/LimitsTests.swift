// Limits of the real binary: inputs that once trapped, froze or exhausted memory now end in exit 2
// and one line naming the parameter (and, for memory, the size and the limit); `.npy` headers that
// lie about their size are refused before the data is read; LAYERSCOPE_MAX_MEMORY sets the budget.
// A seeded run of fuzzed expressions through the binary checks the same for whole processes, with
// their peak memory measured.

import Foundation
import LimitsFuzzing
import Testing
@testable import LayerKit

/// Runs `layerscope` and measures its peak resident memory (the child's `ru_maxrss`, in KiB).
private func runMeasured(_ arguments: [String], environment: [String: String] = [:]) throws
    -> (result: ProcessResult, peakKiB: Int) {
    // posix_spawn and wait4: the child's own peak, whatever other tests' children do meanwhile.
    let dir = try ScratchDirectory()
    var env = ProcessInfo.processInfo.environment
    env.merge(environment) { _, new in new }
    let executable = layerScopeExecutable.path
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, dir.path("stdout"), O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    posix_spawn_file_actions_addopen(&actions, 2, dir.path("stderr"), O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    let argv = ([executable] + arguments).map { strdup($0) } + [nil]
    let envp = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer { (argv + envp).forEach { free($0) } }
    var pid = pid_t()
    let spawned = posix_spawn(&pid, executable, &actions, nil, argv, envp)
    guard spawned == 0 else { throw POSIXError(POSIXErrorCode(rawValue: spawned) ?? .EIO) }
    var status: Int32 = 0
    var usage = rusage()
    while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
    let signaled = (status & 0x7f) != 0 && (status & 0x7f) != 0x7f
    let result = ProcessResult(status: signaled ? status & 0x7f : (status >> 8) & 0xff,
                               stdout: (try? String(contentsOfFile: dir.path("stdout"), encoding: .utf8)) ?? "",
                               stderr: (try? String(contentsOfFile: dir.path("stderr"), encoding: .utf8)) ?? "",
                               signaled: signaled)
    return (result, usage.ru_maxrss)
}

/// Exit 2 and exactly one line on stderr starting with `error:`.
private func expectOneLineRefusal(_ result: ProcessResult, containing text: String = "",
                                  sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(result.status == 2 && !result.signaled, "status \(result.status)", sourceLocation: sourceLocation)
    let lines = result.stderr.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.isEmpty }
    #expect(lines.count == 1 && lines[0].hasPrefix("error: "), "\(result.stderr)", sourceLocation: sourceLocation)
    #expect(result.stderr.contains(text), "\(result.stderr)", sourceLocation: sourceLocation)
}

@Suite struct LimitsTests {
    /// The classes of the adversarial report: overflow traps from huge geometry and shapes.
    @Test(arguments: [
        (["render", "nn.Conv2d(1, 1, 1, padding=9223372036854775807)"], "padding: too large for the input"),
        (["render", "nn.Conv2d(1, 1, 3, dilation=4611686018427387904)"], "dilation: too large for the input"),
        (["render", "nn.Conv2d(1, 1, 1)", "--shape", "4294967296,4294967296"], "over the memory limit"),
        (["render", "nn.AdaptiveAvgPool2d((4611686018427387904, 0))", "--shape", "0,4294967296,4294967296"], ""),
        (["render", "nn.Conv2d(1, 1, (4611686018427387904, 0))"], "kernel_size"),
        (["render", "nn.AvgPool2d(2)", "--shape", "1,1,70000,70000"], "needs 18.3 GiB, over the memory limit of 2.00 GiB"),
        (["compute", "nn.Conv2d(1, 1, 1, padding=9223372036854775807)", "--input", "/dev/null"], "--input /dev/null"),
    ])
    func hugeSizesAreRefusedInOneLine(_ arguments: [String], _ text: String) throws {
        let result = try runLayerScope(arguments + (arguments[0] == "render" ? ["--size", "80x24"] : []))
        if result.status == 0 {
            #expect(result.stderr.isEmpty)  // an empty output is a valid answer for an empty batch
        } else {
            expectOneLineRefusal(result, containing: text)
        }
    }

    @Test func theMemoryLimitComesFromTheEnvironment() throws {
        let refused = try runLayerScope(["render", "nn.AvgPool2d(2)", "--shape", "1,1,7000,7000"],
                                        environment: ["LAYERSCOPE_MAX_MEMORY": "100M"])
        expectOneLineRefusal(refused, containing: "shape: an input of shape (1, 1, 7000, 7000) needs 187 MiB, "
                                 + "over the memory limit of 100 MiB; set LAYERSCOPE_MAX_MEMORY to change it")
        let malformed = try runLayerScope(["list", "ReLU"], environment: ["LAYERSCOPE_MAX_MEMORY": "lots"])
        expectOneLineRefusal(malformed, containing: "LAYERSCOPE_MAX_MEMORY: expected a size such as 2G")
        #expect(try MemoryBudget.parse("2G") == 2 << 30)
        #expect(try MemoryBudget.parse("512MiB") == 512 << 20)
        #expect(try MemoryBudget.parse("1.5GB") == 3 << 29)
        #expect(throws: LayerError.self) { try MemoryBudget.parse("12") }
    }

    /// 7000×7000 through AvgPool2d fits the default budget and finishes (it once took 4.2 GB).
    @Test func aLargeAveragePoolComputesWithinTheBudget() throws {
        let (result, peakKiB) = try runMeasured(["render", "nn.AvgPool2d(2)", "--shape", "1,1,7000,7000",
                                                 "--input", "gradient", "--size", "80x24"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(peakKiB < 1_500_000, "peak \(peakKiB) KiB")
    }

    /// `.npy` headers that promise more than the file holds, or more than the budget admits.
    @Test func npyHeadersThatLieAreRefusedBeforeTheDataIsRead() throws {
        let dir = try ScratchDirectory()
        func file(_ name: String, shape: String, dataBytes: Int) throws -> String {
            var text = "{'descr': '<f4', 'fortran_order': False, 'shape': \(shape), }"
            text += String(repeating: " ", count: (64 - (10 + text.utf8.count + 1) % 64) % 64) + "\n"
            let n = text.utf8.count
            let bytes: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, 1, 0, UInt8(n & 0xFF), UInt8(n >> 8)]
                + Array(text.utf8) + [UInt8](repeating: 0, count: dataBytes)
            try Data(bytes).write(to: dir.url.appendingPathComponent(name))
            return dir.path(name)
        }
        let huge = try file("huge.npy", shape: "(4611686018427387904, 2)", dataBytes: 16)
        let (hugeResult, peakKiB) = try runMeasured(["compute", "nn.ReLU()", "--input", huge])
        expectOneLineRefusal(hugeResult, containing: "array is too big: shape [4611686018427387904, 2] of 4-byte values")
        #expect(peakKiB < 500_000)
        let big = try file("big.npy", shape: "(30000, 30000)", dataBytes: 16)
        expectOneLineRefusal(try runLayerScope(["compute", "nn.ReLU()", "--input", big]),
                             containing: "needs 3.35 GiB, over the memory limit of 2.00 GiB")
        let short = try file("short.npy", shape: "(100, 100)", dataBytes: 400)
        expectOneLineRefusal(try runLayerScope(["compute", "nn.ReLU()", "--input", short]),
                             containing: "truncated data: shape [100, 100] needs 40000 bytes, the file has 400")
        expectOneLineRefusal(try runLayerScope(["compute", "nn.ReLU()", "--input", dir.url.path]),
                             containing: "not a regular file")
    }

    /// A seeded run of fuzzed expressions through the binary: each ends in exit 0 or 2 with at
    /// most one stderr line, within a time and memory bound. `LAYERSCOPE_FUZZ_PROCESSES=N` runs N.
    @Test func fuzzedExpressionsThroughTheBinaryEndInOneLine() throws {
        let count = ProcessInfo.processInfo.environment["LAYERSCOPE_FUZZ_PROCESSES"].flatMap(Int.init) ?? 40
        let skip = ProcessInfo.processInfo.environment["LAYERSCOPE_FUZZ_SKIP"].flatMap(Int.init) ?? 0
        var fuzzer = LimitsFuzzer(seed: 4_242)
        let schemas = Catalog.schemas
        for n in 0..<count {
            let expression = fuzzer.expression(for: schemas[n % schemas.count])
            var arguments = ["render", expression, "--size", "80x24"]
            if fuzzer.chance(2) { arguments += ["--shape", fuzzer.shape().map(String.init).joined(separator: ",")] }
            if n < skip { continue }  // LAYERSCOPE_FUZZ_SKIP: resume a long run where it stopped
            let start = Date()
            let (result, peakKiB) = try runMeasured(arguments, environment: ["LAYERSCOPE_MAX_MEMORY": "256M"])
            // A case that lifts the children's peak past the bound is the culprit.
            #expect(peakKiB < 1_000_000, "case \(n) \(arguments): peak \(peakKiB) KiB")
            #expect(!result.signaled && (result.status == 0 || result.status == 2), "\(arguments): \(result.stderr)")
            #expect(result.stderr.split(separator: "\n").count <= 1, "\(arguments): \(result.stderr)")
            #expect(Date().timeIntervalSince(start) < 60, "\(arguments)")
        }
    }
}
