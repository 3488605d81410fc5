// The C side of LayerScope's terminal: ncursesw's wide-character API, and the macros Swift cannot
// import (attributes, mouse masks) as inline functions. Only the TerminalUI target imports this.
#ifndef LAYERSCOPE_CNCURSESW_SHIM_H
#define LAYERSCOPE_CNCURSESW_SHIM_H

// SwiftPM drops pkg-config's -D_XOPEN_SOURCE flags, which would otherwise enable the wide API.
#define NCURSES_WIDECHAR 1

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <langinfo.h>
#include <signal.h>
#include <wchar.h>
#include <ncursesw/curses.h>
#include <ncursesw/term.h>

// ncurses' and libc's global state, read through functions (Swift 6 rejects the globals themselves).
static inline WINDOW *ls_stdscr(void) { return stdscr; }
static inline int ls_colors(void) { return COLORS; }
static inline int ls_color_pairs(void) { return COLOR_PAIRS; }
static inline SCREEN *ls_newterm(void) { return newterm(NULL, stdout, stdin); }
static inline const char *ls_codeset(void) { return nl_langinfo(CODESET); }
static inline void ls_default_signal(int sig) { signal(sig, SIG_DFL); }

/// Unblocks the signals the session relies on: resize, and the ones that end it.
static inline void ls_unblock_signals(void) {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGWINCH);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGHUP);
    sigprocmask(SIG_UNBLOCK, &set, NULL);
}

/// Whether the terminal can move the cursor (TERM=dumb cannot): without it no screen can be drawn.
static inline int ls_can_move_cursor(void) {
    char *cup = tigetstr("cup");
    return cup != NULL && cup != (char *)-1;
}

static inline attr_t ls_attr_normal(void) { return A_NORMAL; }
static inline attr_t ls_attr_bold(void) { return A_BOLD; }
static inline attr_t ls_attr_dim(void) { return A_DIM; }
static inline attr_t ls_attr_underline(void) { return A_UNDERLINE; }
static inline attr_t ls_attr_reverse(void) { return A_REVERSE; }
static inline attr_t ls_attr_italic(void) { return A_ITALIC; }

static inline mmask_t ls_button1_pressed(void) { return BUTTON1_PRESSED; }
static inline mmask_t ls_button1_released(void) { return BUTTON1_RELEASED; }
static inline mmask_t ls_button1_clicked(void) { return BUTTON1_CLICKED; }
static inline mmask_t ls_button4_pressed(void) { return BUTTON4_PRESSED; }
static inline mmask_t ls_button5_pressed(void) { return BUTTON5_PRESSED; }

/// Fills `cell` with one character (a base and up to four combining marks), attributes and an
/// extended colour pair; returns ERR for text ncurses cannot hold in one cell.
static inline int ls_setcchar(cchar_t *cell, const wchar_t *text, attr_t attrs, int pair) {
    return setcchar(cell, text, attrs, 0, &pair);
}

#endif
