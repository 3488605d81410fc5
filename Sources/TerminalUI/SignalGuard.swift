// SignalGuard: the terminal comes back on every way out, and a crash says so in one line.
// The handlers themselves are C (SignalHandlers): they may only make async-signal-safe calls.
//
// - For the whole process (`installProcessHandlers`, first thing in main): a crash prints one line
//   on stderr instead of the Swift runtime's backtrace and dies of its signal; SIGQUIT dies at
//   once; SIGPIPE has its default action (a closed pipe ends a command quietly, status 141).
// - During a session (`install` … `restoreAndReraise`): the signals that end a program end the run
//   loop, which restores the terminal and then dies of the signal; SIGPIPE is ignored. While the
//   screen is up, a crash or SIGQUIT sends the bytes that give the terminal back before dying.

import CNcursesw
import SignalHandlers

/// Signal handling for the program and its interactive session.
public enum SignalGuard {
    /// The end of the crash line: what to do about it.
    public static let reportAdvice = "Please report it, with the command you ran, to LayerScope's issue tracker."

    /// Installs the crash and SIGQUIT handlers for the whole process, replacing the Swift
    /// runtime's backtracer, and gives SIGPIPE its default action (a parent may pass it ignored).
    /// With `SWIFT_BACKTRACE` set in the environment the runtime's handlers still run after the
    /// line (and after the terminal is given back): a backtrace for whoever asks for one.
    public static func installProcessHandlers() {
        let chain = getenv("SWIFT_BACKTRACE") != nil
        ls_signals_install("layerscope", reportAdvice, chain ? 1 : 0)
    }

    /// Starts the session's signal handling (once per session, after the terminal is set up).
    static func install() {
        ls_signals_begin_session()
    }

    /// The ending signal received since `install`, if any.
    static var received: Int32? {
        let sig = ls_signals_pending()
        return sig == 0 ? nil : sig
    }

    /// Puts back the default actions and, if an ending signal arrived, dies of it as the parent
    /// expects (after the terminal has been restored).
    static func restoreAndReraise() {
        ls_signals_end_session()
    }

    /// The terminal's modes now, before the session changes them (nil when it has none).
    static func currentModes(of fd: Int32) -> termios? {
        var modes = termios()
        return tcgetattr(fd, &modes) == 0 ? modes : nil
    }

    /// From now until `releaseTerminal`, a crash or a signal that kills the process first gives the
    /// terminal on `fd` back: it sends what ncurses' endwin would and sets `modes` again.
    static func holdTerminal(fd: Int32, modes: termios, mouse: Bool) {
        var bytes = [CChar](repeating: 0, count: 1024)
        let count = ls_restore_sequence(&bytes, bytes.count, mouse ? 1 : 0)
        var modes = modes
        ls_signals_hold_terminal(fd, &modes, bytes, count)
    }

    /// The session is giving the terminal back itself.
    static func releaseTerminal() {
        ls_signals_release_terminal()
    }
}
