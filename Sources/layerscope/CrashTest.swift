// CrashTest: a crash on purpose, for the tests of what a crash leaves behind (the terminal given
// back, one line on stderr, the signal's exit status). With LAYERSCOPE_CRASH_TEST set, reading a
// `.npy` file — `o` in the interactive program, `--input` on the command line — crashes the way it
// names. Only tests set it; no help text mentions it.

import Foundation

enum CrashTest {
    /// Crashes as `LAYERSCOPE_CRASH_TEST` says: `overflow` (an arithmetic overflow trap), `fatal`
    /// (fatalError), `null` (a write to the first page of memory, never mapped) or `abort`;
    /// anything else is ignored.
    static func crashIfAsked() {
        guard let kind = ProcessInfo.processInfo.environment["LAYERSCOPE_CRASH_TEST"] else { return }
        switch kind {
        case "overflow":
            // A value the compiler cannot know, so the check stays in the program.
            let step = CommandLine.arguments.count
            var total = Int.max
            total += step
            print(total)
        case "fatal":
            fatalError("LAYERSCOPE_CRASH_TEST=fatal")
        case "null":
            let address = UnsafeMutablePointer<Int>(bitPattern: 16 + (CommandLine.arguments.count & 0))
            address?.pointee = 1
        case "abort":
            abort()
        default:
            return
        }
    }
}
