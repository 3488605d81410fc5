// TerminalScreen: the ncurses session — locale, newterm, raw keys, colours, mouse — and the two
// things the program does with it: draw a frame's CellGrid, and read the next key, click or resize.

import CNcursesw
#if canImport(Glibc)
import Glibc
#endif
import CellRender
import Scenes

/// How the interactive session may use the terminal.
public struct TerminalOptions: Sendable {
    /// False for `--no-color` or `NO_COLOR`: attributes only.
    public var color: Bool
    /// True for `--ascii`; nil decides from the locale (ASCII unless its codeset is UTF-8).
    public var ascii: Bool?
    /// False for `--no-mouse`.
    public var mouse: Bool
    /// `COLORTERM`, which alone says whether 24-bit colour reaches the terminal.
    public var colorTerm: String?

    public init(color: Bool = true, ascii: Bool? = nil, mouse: Bool = true, colorTerm: String? = nil) {
        self.color = color
        self.ascii = ascii
        self.mouse = mouse
        self.colorTerm = colorTerm
    }
}

/// Why the terminal cannot be used.
public struct TerminalError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// An open ncurses screen. `close()` must be called on every path out.
final class TerminalScreen {
    /// The colours the terminal shows (`.none` without colour).
    private(set) var depth: ColorDepth = .none
    /// Whether only ASCII may be drawn.
    let ascii: Bool
    private let screen: OpaquePointer
    private var pairs: [PairKey: Int32] = [:]
    private var closed = false
    /// ncurses colour numbers are 24-bit RGB values (a `*-direct` terminal description).
    private var directColor = false

    /// Whether LC_ALL, LC_CTYPE or LANG (the first that is set) names a UTF-8 codeset.
    static var localeAsksForUTF8: Bool {
        let names = ["LC_ALL", "LC_CTYPE", "LANG"]
        guard let value = names.lazy.compactMap({ getenv($0).map { String(cString: $0) } }).first(where: { !$0.isEmpty })
        else { return false }
        let lowered = value.lowercased()
        return lowered.contains("utf-8") || lowered.contains("utf8")
    }

    private struct PairKey: Hashable {
        var fg: Int32
        var bg: Int32
    }

    init(options: TerminalOptions) throws {
        if setlocale(LC_ALL, "") == nil, TerminalScreen.localeAsksForUTF8 {
            // The locale names UTF-8 (say zh_CN.UTF-8) but is not installed here: the terminal
            // still speaks UTF-8, so characters are read and measured as C.UTF-8 does.
            setlocale(LC_CTYPE, "C.UTF-8")
        }
        guard isatty(0) == 1, isatty(1) == 1 else {
            throw TerminalError("the interactive program needs a terminal on stdin and stdout; "
                                + "for a picture without one use 'layerscope render EXPR'")
        }
        let codeset = String(cString: ls_codeset()).lowercased()
        ascii = options.ascii ?? !(codeset == "utf-8" || codeset == "utf8")
        let shellModes = SignalGuard.currentModes(of: 1)
        guard let screen = ls_newterm() else {
            throw TerminalError("cannot use the terminal: TERM=\(TerminalScreen.term) is not in the terminfo database "
                                + "(try TERM=xterm-256color, or 'layerscope render EXPR')")
        }
        self.screen = screen
        set_term(screen)
        guard ls_can_move_cursor() != 0 else {
            endwin()
            delscreen(screen)
            closed = true
            throw TerminalError("cannot use the terminal: TERM=\(TerminalScreen.term) cannot move the cursor "
                                + "(try TERM=xterm-256color, or 'layerscope render EXPR')")
        }
        raw()
        noecho()
        nonl()
        keypad(ls_stdscr(), true)
        set_escdelay(25)
        curs_set(0)
        if options.color && has_colors() {
            start_color()
            use_default_colors()
            let colors = Int(ls_colors())
            let wantsTrueColor = ["truecolor", "24bit"].contains(options.colorTerm?.lowercased() ?? "")
            if wantsTrueColor && colors >= 1 << 24 {
                depth = .truecolor
                directColor = true
            } else if colors >= 256 {
                depth = .indexed256
            } else if colors >= 8 {
                depth = .ansi16
            }
        }
        if options.mouse {
            mousemask(ls_button1_pressed() | ls_button4_pressed() | ls_button5_pressed(), nil)
            mouseinterval(0)
        }
        if let shellModes { SignalGuard.holdTerminal(fd: 1, modes: shellModes, mouse: options.mouse) }
    }

    /// `TERM`, as messages name it.
    private static var term: String { getenv("TERM").map { String(cString: $0) } ?? "(unset)" }

    deinit { close() }

    /// Restores the terminal (idempotent).
    func close() {
        guard !closed else { return }
        closed = true
        SignalGuard.releaseTerminal()
        curs_set(1)
        endwin()
        delscreen(screen)
    }

    /// The terminal's size in cells.
    var size: (width: Int, height: Int) {
        (Int(getmaxx(ls_stdscr())), Int(getmaxy(ls_stdscr())))
    }

    // MARK: Drawing

    /// How many colour pairs may be cached (pair 0 is the terminal's own).
    private var pairLimit: Int { Swift.max(0, Int(ls_color_pairs()) - 1) }

    /// Shows `frame`: the cells are written into ncurses' buffer and only the changes are sent.
    func draw(_ frame: WorkbenchFrame) {
        // A full pair table is started afresh between frames, so each frame gets the pairs it uses.
        if pairs.count >= pairLimit, depth != .none {
            reset_color_pairs()
            pairs.removeAll(keepingCapacity: true)
        }
        werase(ls_stdscr())
        let grid = frame.grid
        let (cols, rows) = size
        var cell = cchar_t()
        var text = [wchar_t](repeating: 0, count: 6)
        for y in 0..<Swift.min(grid.height, rows) {
            for x in 0..<Swift.min(grid.width, cols) {
                let source = grid[x, y]
                if source.isContinuation { continue }
                var n = 0
                for scalar in source.glyph.unicodeScalars where n < 5 {
                    text[n] = wchar_t(bitPattern: scalar.value)
                    n += 1
                }
                if n == 0 {
                    text[0] = 32
                    n = 1
                }
                text[n] = 0
                let (attributes, pair) = look(source.style)
                if ls_setcchar(&cell, text, attributes, pair) == OK {
                    mvwadd_wch(ls_stdscr(), Int32(y), Int32(x), &cell)
                }
            }
        }
        if let x = frame.cursorX, let y = frame.cursorY, x < cols, y < rows {
            curs_set(1)
            wmove(ls_stdscr(), Int32(y), Int32(x))
        } else {
            curs_set(0)
        }
        wnoutrefresh(ls_stdscr())
        doupdate()
    }

    /// The ncurses attributes and colour pair for a style.
    private func look(_ style: Style) -> (attr_t, Int32) {
        var attributes = ls_attr_normal()
        if style.attributes.contains(.bold) { attributes |= ls_attr_bold() }
        if style.attributes.contains(.dim) { attributes |= ls_attr_dim() }
        if style.attributes.contains(.underline) { attributes |= ls_attr_underline() }
        if style.attributes.contains(.reverse) { attributes |= ls_attr_reverse() }
        if style.attributes.contains(.italic) { attributes |= ls_attr_italic() }
        guard depth != .none else { return (attributes, 0) }
        let key = PairKey(fg: number(style.fg), bg: number(style.bg))
        if key.fg == -1 && key.bg == -1 { return (attributes, 0) }
        if let pair = pairs[key] { return (attributes, pair) }
        // Out of pairs (8-colour terminals have 64): the rest of this frame uses the default
        // colours rather than recycling a pair that cells already drawn still show.
        guard pairs.count < pairLimit else { return (attributes, 0) }
        let pair = alloc_pair(key.fg, key.bg)
        guard pair > 0 else { return (attributes, 0) }
        pairs[key] = pair
        return (attributes, pair)
    }

    /// The ncurses colour number for a colour at the terminal's depth (-1: the terminal's default).
    private func number(_ color: Color) -> Int32 {
        switch color.reduced(to: depth) {
        case .default: return -1
        case .ansi(let n): return ls_colors() >= 16 ? Int32(n) : Int32(n % 8)
        case .indexed(let n): return Int32(n)
        case .rgb(let r, let g, let b):
            guard directColor else {
                if case .indexed(let n) = color.reduced(to: .indexed256) { return Int32(n) }
                return -1
            }
            return Int32(r) << 16 | Int32(g) << 8 | Int32(b)
        }
    }

    // MARK: Clipboard

    /// Asks the terminal to put `text` on the clipboard (OSC 52); terminals that do not support it
    /// ignore the sequence.
    func copyToClipboard(_ text: String) {
        let sequence = "\u{1B}]52;c;" + TerminalScreen.base64(Array(text.utf8)) + "\u{07}"
        let bytes = Array(sequence.utf8)
        bytes.withUnsafeBufferPointer { buffer in
            var offset = 0
            while offset < buffer.count {
                let n = Int(ls_write_stdout(buffer.baseAddress! + offset, UInt(buffer.count - offset)))
                if n <= 0 { break }
                offset += n
            }
        }
    }

    /// RFC 4648 base64.
    static func base64(_ bytes: [UInt8]) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
        var out = ""
        var i = 0
        while i < bytes.count {
            let b0 = Int(bytes[i]), b1 = i + 1 < bytes.count ? Int(bytes[i + 1]) : 0, b2 = i + 2 < bytes.count ? Int(bytes[i + 2]) : 0
            out.append(alphabet[b0 >> 2])
            out.append(alphabet[((b0 & 3) << 4) | (b1 >> 4)])
            out.append(i + 1 < bytes.count ? alphabet[((b1 & 15) << 2) | (b2 >> 6)] : "=")
            out.append(i + 2 < bytes.count ? alphabet[b2 & 63] : "=")
            i += 3
        }
        return out
    }

    // MARK: Input

    /// The next event; with `wait`, waits up to `milliseconds` (a tenth of a second by default),
    /// else returns only what is queued.
    func nextEvent(wait: Bool, milliseconds: Int = 100) -> InputEvent? {
        wtimeout(ls_stdscr(), wait ? Int32(Swift.max(1, Swift.min(milliseconds, 100))) : 0)
        var code: wint_t = 0
        let status = wget_wch(ls_stdscr(), &code)
        guard status != ERR else {
            // A terminal that hung up (no controlling terminal to send SIGHUP) reads as nothing
            // forever: it ends the program instead of a loop spinning on it.
            var input = pollfd(fd: 0, events: Int16(POLLIN), revents: 0)
            if poll(&input, 1, 0) > 0, input.revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0 { return .hangup }
            return nil
        }
        if status == KEY_CODE_YES {
            let key = Int32(bitPattern: code)
            if key == KEY_RESIZE {
                let (width, height) = size
                return .resize(width: width, height: height)
            }
            if key == KEY_MOUSE {
                var event = MEVENT()
                guard getmouse(&event) == OK, let action = KeyDecoder.mouseAction(event.bstate) else { return nil }
                return .mouse(MouseEvent(action, x: Int(event.x), y: Int(event.y)))
            }
        }
        return KeyDecoder.decode(status: status, code: code).map(InputEvent.key)
    }
}
