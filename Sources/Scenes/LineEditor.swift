// LineEditor: the one-line text field of the interactive program's prompts — cursor movement,
// deletion, Emacs-style Ctrl keys and a history to walk with ↑/↓, as shells do.

/// An editable line with a cursor and a history.
public struct LineEditor: Sendable, Equatable {
    /// The text, as characters (the cursor moves by character).
    public private(set) var characters: [Character]
    /// The cursor, from 0 (before the first character) to `characters.count`.
    public private(set) var cursor: Int
    /// Earlier entries, oldest first.
    public let history: [String]
    /// Which history entry is shown (`history.count` means the line being typed).
    private var historyIndex: Int
    /// The line being typed while the history is walked.
    private var draft: [Character]

    /// What a key did to the line.
    public enum Outcome: Sendable, Equatable {
        /// Edited (or not handled); the prompt stays open.
        case editing
        /// Enter: the text is submitted.
        case submit(String)
        /// Esc: the prompt closes without effect.
        case cancel
    }

    /// A line holding `text` with the cursor at its end.
    public init(text: String = "", history: [String] = []) {
        characters = Array(text)
        cursor = characters.count
        self.history = history
        historyIndex = history.count
        draft = characters
    }

    public var text: String { String(characters) }

    /// Applies one key.
    public mutating func handle(_ key: Key) -> Outcome {
        switch key {
        case .enter: return .submit(text)
        case .escape, .control("c"), .control("g"): return .cancel
        case .character(let c): insert(c)
        case .left, .control("b"): cursor = Swift.max(0, cursor - 1)
        case .right, .control("f"): cursor = Swift.min(characters.count, cursor + 1)
        case .home, .control("a"): cursor = 0
        case .end, .control("e"): cursor = characters.count
        case .backspace, .control("h"):
            if cursor > 0 {
                characters.remove(at: cursor - 1)
                cursor -= 1
            }
        case .delete, .control("d"):
            if cursor < characters.count { characters.remove(at: cursor) }
        case .control("u"):
            characters.removeFirst(cursor)
            cursor = 0
        case .control("k"):
            characters.removeLast(characters.count - cursor)
        case .control("w"):
            var start = cursor
            while start > 0, characters[start - 1] == " " { start -= 1 }
            while start > 0, characters[start - 1] != " " { start -= 1 }
            characters.removeSubrange(start..<cursor)
            cursor = start
        case .up: recall(historyIndex - 1)
        case .down: recall(historyIndex + 1)
        default: break
        }
        return .editing
    }

    /// Inserts `c` at the cursor (control characters are ignored).
    public mutating func insert(_ c: Character) {
        guard !c.isNewline, c.unicodeScalars.allSatisfy({ $0.value >= 32 && $0.value != 127 }) else { return }
        characters.insert(c, at: cursor)
        cursor += 1
    }

    private mutating func recall(_ index: Int) {
        guard index >= 0, index <= history.count, index != historyIndex else { return }
        if historyIndex == history.count { draft = characters }
        historyIndex = index
        characters = index == history.count ? draft : Array(history[index])
        cursor = characters.count
    }
}
