// SignalHandlers: what LayerScope does when a signal arrives, in C so that the handlers call only
// async-signal-safe functions (write, tcsetattr, sigaction, raise) on data prepared beforehand.
//
// - A crash (SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP, SIGSYS) gives the terminal back if
//   a session holds it, prints one line on stderr and dies of the signal — for every command, in
//   place of the Swift runtime's backtracer, whose handlers these replace.
// - SIGQUIT gives the terminal back and dies of the signal at once (a hung program is the reason
//   to send it), without a line: it is not a crash.
// - SIGPIPE has its default action outside a session, whatever the parent left: `render | head`
//   ends quietly when `head` has read enough, as any filter does.
// - During an interactive session the signals that end a program (SIGHUP, SIGINT, SIGTERM, SIGUSR1,
//   SIGUSR2, SIGALRM, …) only set a flag that the run loop reads; a second one before the loop has
//   ended gives the terminal back and dies at once. SIGPIPE is ignored.

#ifndef SIGNALHANDLERS_H
#define SIGNALHANDLERS_H

#include <stddef.h>
#include <termios.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Installs the crash and SIGQUIT handlers and SIGPIPE's default action for the whole process
/// (call it first thing in main).
///
/// The crash line reads "PROGRAM: crashed (SIGNAME, what it is)[; the terminal was restored]. ADVICE".
/// With `chain` the handlers found installed before (the Swift runtime's backtracer) still run,
/// after the terminal is restored and the line printed.
void ls_signals_install(const char *program, const char *advice, int chain);

/// Records how to give the terminal back while a session holds it: the bytes to write to `fd` (as
/// ncurses' endwin would send them) and the modes to set on it (the ones before the session).
void ls_signals_hold_terminal(int fd, const struct termios *modes, const char *bytes, size_t count);

/// The session gave the terminal back itself: the handlers no longer touch it.
void ls_signals_release_terminal(void);

/// Starts a session's handling: the ending signals set the flag, SIGPIPE is ignored, and every
/// signal the session relies on is unblocked (a launcher may pass them blocked).
void ls_signals_begin_session(void);

/// The ending signal received since the session began, or 0.
int ls_signals_pending(void);

/// Ends a session's handling: the ending signals get their default action and SIGPIPE its
/// previous one; then, if an ending signal arrived, the process dies of it.
void ls_signals_end_session(void);

#ifdef __cplusplus
}
#endif

#endif
