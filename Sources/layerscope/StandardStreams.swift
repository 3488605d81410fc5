// The standard streams: messages to stderr that cannot crash, output to stdout whose failure (a
// full disk) is an error like any other. This file imports the C library alone, without Foundation,
// so that `@preconcurrency` covers `stdout`, the C stream print() writes to.

#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Darwin)
@preconcurrency import Darwin
#endif

/// Writes `text` to stderr; a stderr that cannot be written is ignored (there is nowhere to say so).
func writeToStandardError(_ text: String) {
    try? OutputFiles.writeAll(Array(text.utf8), to: STDERR_FILENO)
}

/// Writes `text` to stdout now (not through print's buffer); a failure is an error naming stdout.
func writeToStandardOutput(_ text: String) throws {
    do {
        try OutputFiles.writeAll(Array(text.utf8), to: STDOUT_FILENO)
    } catch {
        throw CLIError("stdout: \(error.reason)")
    }
}

/// Throws when what print() wrote did not all reach stdout (a full disk): the rest of its buffer
/// cannot be flushed, or an earlier flush failed.
func checkStandardOutput() throws {
    errno = 0
    if fflush(stdout) != 0 || ferror(stdout) != 0 {
        throw CLIError("stdout: " + (errno != 0 ? errnoReason(errno) : "cannot be written"))
    }
}
