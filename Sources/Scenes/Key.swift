// Key: what the user pressed, as the interactive program's model sees it — already decoded from the
// terminal's codes by TerminalUI, so that everything that decides what a key does is pure and testable.

/// One key press.
public enum Key: Hashable, Sendable {
    /// A printable character (`q`, `:`, `?`, `é`).
    case character(Character)
    /// Ctrl with a letter: `.control("c")` is Ctrl-C.
    case control(Character)
    case up, down, left, right
    case home, end, pageUp, pageDown
    case enter, tab, backTab, escape, backspace, delete
    /// A function key, F1 to F12.
    case function(Int)

    /// How help and the docs name the key (`↑`, `Shift-Tab`, `Ctrl-C`); `ascii` spells arrows out.
    public func label(ascii: Bool = false) -> String {
        switch self {
        case .character(" "): return "Space"
        case .character(let c): return String(c)
        case .control(let c): return "Ctrl-" + String(c).uppercased()
        case .up: return ascii ? "Up" : "↑"
        case .down: return ascii ? "Down" : "↓"
        case .left: return ascii ? "Left" : "←"
        case .right: return ascii ? "Right" : "→"
        case .home: return "Home"
        case .end: return "End"
        case .pageUp: return "PgUp"
        case .pageDown: return "PgDn"
        case .enter: return "Enter"
        case .tab: return "Tab"
        case .backTab: return "Shift-Tab"
        case .escape: return "Esc"
        case .backspace: return "Backspace"
        case .delete: return "Delete"
        case .function(let n): return "F\(n)"
        }
    }
}

/// A mouse action at a cell of the screen.
public struct MouseEvent: Hashable, Sendable {
    public enum Action: Hashable, Sendable {
        /// The primary button went down (a click).
        case press
        case wheelUp
        case wheelDown
    }

    public var action: Action
    /// The column and row, from 0 at the top left.
    public var x: Int
    public var y: Int

    public init(_ action: Action, x: Int, y: Int) {
        self.action = action
        self.x = x
        self.y = y
    }
}

/// Something the terminal reported.
public enum InputEvent: Hashable, Sendable {
    case key(Key)
    case mouse(MouseEvent)
    /// The terminal is now `width` × `height` cells.
    case resize(width: Int, height: Int)
    /// The terminal went away (the other end of a pseudo-terminal closed): the program ends.
    case hangup
}
