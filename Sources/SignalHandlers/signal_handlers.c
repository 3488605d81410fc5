// SignalHandlers: the handlers and the state they read. See SignalHandlers.h for what each
// signal does; everything here that runs in a handler is async-signal-safe.

#define _GNU_SOURCE
#include "SignalHandlers.h"

#include <errno.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define LS_COUNT(array) (sizeof(array) / sizeof((array)[0]))

/// A crash: a fault of the program itself.
static const int crash_signals[] = { SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP, SIGSYS };

/// Signals whose default action ends the process and that ask it to end (or that nothing in the
/// program sends): during a session they end the run loop.
static const int ending_signals[] = {
    SIGHUP, SIGINT, SIGTERM, SIGUSR1, SIGUSR2, SIGALRM, SIGVTALRM, SIGPROF, SIGXCPU, SIGXFSZ, SIGIO, SIGPWR,
};

// MARK: State (written outside handlers, read by them)

static char program_name[64];
static char advice_text[256];
static int chain_previous;
static struct sigaction previous_actions[NSIG];

static int terminal_held;
static int terminal_fd = -1;
static struct termios terminal_modes;
static char restore_bytes[1024];
static size_t restore_count;

static volatile sig_atomic_t pending_signal;
static struct sigaction previous_pipe;
/// The thread reporting a crash (0: none yet).
static long crashing_thread;

// MARK: Helpers safe in a handler

/// Copies the C string `text` to the end of `line` (at most `size` bytes in all).
static void append(char *line, size_t *n, size_t size, const char *text) {
    while (*text && *n < size) line[(*n)++] = *text++;
}

static void write_all(int fd, const char *bytes, size_t count) {
    while (count > 0) {
        ssize_t written = write(fd, bytes, count);
        if (written < 0 && errno == EINTR) continue;
        if (written <= 0) return;
        bytes += written;
        count -= (size_t)written;
    }
}

/// Gives the terminal back if a session holds it; true if this call did.
static int restore_terminal(void) {
    if (!__atomic_exchange_n(&terminal_held, 0, __ATOMIC_ACQ_REL)) return 0;
    int saved = errno;
    write_all(terminal_fd, restore_bytes, restore_count);
    tcsetattr(terminal_fd, TCSANOW, &terminal_modes);
    errno = saved;
    return 1;
}

/// Ends the process the way `sig`'s default action does, so the parent sees the usual status.
static void die_of(int sig) {
    struct sigaction action = { 0 };
    action.sa_handler = SIG_DFL;
    sigemptyset(&action.sa_mask);
    sigaction(sig, &action, NULL);
    raise(sig);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, sig);
    pthread_sigmask(SIG_UNBLOCK, &set, NULL);
    _exit(128 + sig);  // only if the default action did not end the process
}

/// Runs the handler that was installed before ours (with `chain`).
static void run_previous(int sig, siginfo_t *info, void *context) {
    if (!chain_previous || sig <= 0 || sig >= NSIG) return;
    const struct sigaction *before = &previous_actions[sig];
    if (before->sa_flags & SA_SIGINFO) {
        if (before->sa_sigaction) before->sa_sigaction(sig, info, context);
    } else if (before->sa_handler != SIG_DFL && before->sa_handler != SIG_IGN) {
        before->sa_handler(sig);
    }
}

static const char *signal_name(int sig, const char **meaning) {
    switch (sig) {
    case SIGSEGV: *meaning = "segmentation fault"; return "SIGSEGV";
    case SIGBUS: *meaning = "bus error"; return "SIGBUS";
    case SIGILL: *meaning = "illegal instruction"; return "SIGILL";
    case SIGFPE: *meaning = "arithmetic exception"; return "SIGFPE";
    case SIGABRT: *meaning = "aborted"; return "SIGABRT";
    case SIGTRAP: *meaning = "trace trap"; return "SIGTRAP";
    case SIGSYS: *meaning = "bad system call"; return "SIGSYS";
    default: *meaning = "fatal signal"; return "signal";
    }
}

// MARK: Handlers

static void on_crash(int sig, siginfo_t *info, void *context) {
    long self = syscall(SYS_gettid);
    long expected = 0;
    if (!__atomic_compare_exchange_n(&crashing_thread, &expected, self, 0, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
        // Another thread is reporting: give it time to finish, then die. The same thread crashing
        // again inside the report dies at once.
        if (expected != self) {
            struct timespec wait = { 2, 0 };
            while (nanosleep(&wait, &wait) < 0 && errno == EINTR) {}
        }
        die_of(sig);
    }
    int restored = restore_terminal();
    const char *meaning;
    const char *name = signal_name(sig, &meaning);
    char line[512];
    size_t n = 0;
    const size_t room = sizeof(line) - 1;
    append(line, &n, room, program_name);
    append(line, &n, room, ": crashed (");
    append(line, &n, room, name);
    append(line, &n, room, ", ");
    append(line, &n, room, meaning);
    append(line, &n, room, restored ? "); the terminal was restored. " : "). ");
    append(line, &n, room, advice_text);
    line[n++] = '\n';
    write_all(STDERR_FILENO, line, n);
    run_previous(sig, info, context);
    die_of(sig);
}

static void on_quit(int sig, siginfo_t *info, void *context) {
    restore_terminal();
    run_previous(sig, info, context);
    die_of(sig);
}

static void on_ending(int sig) {
    // A second one: the run loop has not ended since the first (it is busy or stuck).
    if (pending_signal != 0) {
        restore_terminal();
        die_of(sig);
    }
    pending_signal = sig;
}

// MARK: Installation

/// Gives this thread a stack for handlers, so a stack overflow can still be reported (the Swift
/// runtime sets one up when its backtracer is enabled; it may not be).
static void ensure_alternate_stack(void) {
    stack_t current;
    if (sigaltstack(NULL, &current) == 0 && !(current.ss_flags & SS_DISABLE)) return;
    stack_t stack = { 0 };
    stack.ss_size = 64 * 1024;
    stack.ss_sp = mmap(NULL, stack.ss_size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (stack.ss_sp == MAP_FAILED) return;
    sigaltstack(&stack, NULL);
}

static void copy_text(char *destination, size_t size, const char *text) {
    size_t n = 0;
    append(destination, &n, size - 1, text ? text : "");
    destination[n] = 0;
}

void ls_signals_install(const char *program, const char *advice, int chain) {
    copy_text(program_name, sizeof(program_name), program);
    copy_text(advice_text, sizeof(advice_text), advice);
    chain_previous = chain;
    ensure_alternate_stack();
    struct sigaction action = { 0 };
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_SIGINFO | SA_ONSTACK;
    action.sa_sigaction = on_crash;
    for (size_t i = 0; i < LS_COUNT(crash_signals); i++) {
        sigaction(crash_signals[i], &action, &previous_actions[crash_signals[i]]);
    }
    action.sa_sigaction = on_quit;
    sigaction(SIGQUIT, &action, &previous_actions[SIGQUIT]);
    struct sigaction pipe_default = { 0 };
    sigemptyset(&pipe_default.sa_mask);
    pipe_default.sa_handler = SIG_DFL;
    sigaction(SIGPIPE, &pipe_default, NULL);
}

void ls_signals_hold_terminal(int fd, const struct termios *modes, const char *bytes, size_t count) {
    __atomic_store_n(&terminal_held, 0, __ATOMIC_RELEASE);
    terminal_fd = fd;
    terminal_modes = *modes;
    restore_count = count < sizeof(restore_bytes) ? count : sizeof(restore_bytes);
    for (size_t i = 0; i < restore_count; i++) restore_bytes[i] = bytes[i];
    __atomic_store_n(&terminal_held, 1, __ATOMIC_RELEASE);
}

void ls_signals_release_terminal(void) {
    __atomic_store_n(&terminal_held, 0, __ATOMIC_RELEASE);
}

void ls_signals_begin_session(void) {
    pending_signal = 0;
    sigset_t unblock;
    sigemptyset(&unblock);
    sigaddset(&unblock, SIGWINCH);
    sigaddset(&unblock, SIGQUIT);
    struct sigaction action = { 0 };
    sigemptyset(&action.sa_mask);
    action.sa_handler = on_ending;
    for (size_t i = 0; i < LS_COUNT(ending_signals); i++) {
        sigaction(ending_signals[i], &action, NULL);
        sigaddset(&unblock, ending_signals[i]);
    }
    for (size_t i = 0; i < LS_COUNT(crash_signals); i++) sigaddset(&unblock, crash_signals[i]);
    struct sigaction ignore = { 0 };
    sigemptyset(&ignore.sa_mask);
    ignore.sa_handler = SIG_IGN;
    sigaction(SIGPIPE, &ignore, &previous_pipe);
    pthread_sigmask(SIG_UNBLOCK, &unblock, NULL);
}

int ls_signals_pending(void) {
    return pending_signal;
}

void ls_signals_end_session(void) {
    struct sigaction action = { 0 };
    sigemptyset(&action.sa_mask);
    action.sa_handler = SIG_DFL;
    for (size_t i = 0; i < LS_COUNT(ending_signals); i++) sigaction(ending_signals[i], &action, NULL);
    sigaction(SIGPIPE, &previous_pipe, NULL);
    int sig = pending_signal;
    if (sig != 0) raise(sig);
}
