// PseudoTerminal: a new pseudo-terminal for a child process (what `bench --follow` runs its
// followers on), for Swift, which cannot see posix_openpt's feature macros.
#ifndef LS_PSEUDO_TERMINAL_H
#define LS_PSEUDO_TERMINAL_H

#include <stddef.h>

/// Opens a pseudo-terminal of `columns` × `rows`: returns the master's descriptor (non-blocking,
/// close-on-exec) and writes the slave's path into `name` (of `size` bytes), or -1.
int ls_open_pty(char *name, size_t size, unsigned short columns, unsigned short rows);

#endif
