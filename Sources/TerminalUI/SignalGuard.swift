// SignalGuard: the terminal comes back on every way out — SIGINT, SIGTERM and SIGHUP end the run
// loop cleanly; a crash (SIGSEGV, SIGILL, SIGABRT, …) restores the terminal before the process dies.

import CNcursesw

/// The last termination signal received, or 0. Written only by the signal handler.
nonisolated(unsafe) private var pendingSignal: sig_atomic_t = 0

/// Signal handling for the interactive session.
enum SignalGuard {
    /// Signals that ask the program to end: the run loop notices them and leaves normally.
    static let termination: [Int32] = [SIGINT, SIGTERM, SIGHUP]
    /// Signals that mean a crash: the handler restores the terminal and lets the signal kill the process.
    static let fatal: [Int32] = [SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP]

    /// Installs the handlers (once per session).
    static func install() {
        pendingSignal = 0
        // A launcher may have blocked signals (they are inherited): the session needs these.
        ls_unblock_signals()
        for sig in termination {
            signal(sig) { received in pendingSignal = received }
        }
        for sig in fatal {
            signal(sig) { received in
                // Best effort: the terminal matters more to the user than async-signal safety here.
                endwin()
                ls_default_signal(received)
                raise(received)
            }
        }
    }

    /// The termination signal received since `install`, if any.
    static var received: Int32? {
        pendingSignal == 0 ? nil : Int32(pendingSignal)
    }

    /// Puts back the default handlers and, if a termination signal arrived, dies of it as the
    /// parent expects (after the terminal has been restored).
    static func restoreAndReraise() {
        for sig in termination + fatal { ls_default_signal(sig) }
        if let sig = received { raise(sig) }
    }
}
