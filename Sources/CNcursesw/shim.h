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
/* Bytes for the terminal that ncurses does not send itself (OSC 52), after a flush of its own. */
static inline long ls_write_stdout(const unsigned char *bytes, unsigned long count) {
    fflush(stdout);
    return (long)write(1, bytes, count);
}
/// Whether the terminal can move the cursor (TERM=dumb cannot): without it no screen can be drawn.
static inline int ls_can_move_cursor(void) {
    char *cup = tigetstr("cup");
    return cup != NULL && cup != (char *)-1;
}

/// Appends the terminfo string `cap` (when the terminal has it) to `buffer`, which holds `*n` of
/// at most `size` bytes.
static inline void ls_append_cap(char *buffer, size_t *n, size_t size, const char *cap) {
    if (cap == NULL || cap == (char *)-1) return;
    while (*cap && *n < size) buffer[(*n)++] = *cap++;
}

/// The bytes endwin() sends to give the terminal back — plain attributes and colours, the mouse
/// off (when it was on), the keypad off, the cursor shown at the bottom-left corner, the main
/// screen — written now into `buffer` so that a signal handler can send them without ncurses.
/// Returns how many bytes were written (at most `size`).
static inline size_t ls_restore_sequence(char *buffer, size_t size, int mouse) {
    size_t n = 0;
    ls_append_cap(buffer, &n, size, tigetstr("sgr0"));
    ls_append_cap(buffer, &n, size, tigetstr("op"));
    if (mouse) {
        // As ncurses switches xterm's mouse reports: XM with 0, or xterm's own code without it.
        char *xm = tigetstr("XM");
        char *kmous = tigetstr("kmous");
        if (xm != NULL && xm != (char *)-1) {
            ls_append_cap(buffer, &n, size, tiparm(xm, 0));
        } else if (kmous != NULL && kmous != (char *)-1 && kmous[0] == '\033') {
            ls_append_cap(buffer, &n, size, "\033[?1000l");
        }
    }
    ls_append_cap(buffer, &n, size, tigetstr("rmkx"));
    ls_append_cap(buffer, &n, size, tigetstr("cnorm"));
    char *cup = tigetstr("cup");
    if (cup != NULL && cup != (char *)-1) ls_append_cap(buffer, &n, size, tiparm(cup, LINES - 1, 0));
    ls_append_cap(buffer, &n, size, tigetstr("rmcup"));
    return n;
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
