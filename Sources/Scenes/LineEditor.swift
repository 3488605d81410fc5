// LineEditor: the one-line text field of the interactive program's prompts — cursor movement,
// deletion, Emacs-style Ctrl keys and a history to walk with ↑/↓, as shells do.
//
// A paste arrives as one key per character, so every key costs O(1) amortised at the end of the
// line (O(text after the cursor) elsewhere), and the line holds at most `limit` characters: what
// comes after is dropped and `notice` says so once, however much was dropped.

/// An editable line with a cursor and a history.
public struct LineEditor: Sendable, Equatable {
    /// How many characters a line holds unless told otherwise: far more than any expression, value
    /// or path needs, few enough that every edit and every frame stays instant.
    public static let defaultLimit = 4096

    /// The text, as characters (the cursor moves by character).
    public private(set) var characters: [Character]
    /// The cursor, from 0 (before the first character) to `characters.count`.
    public private(set) var cursor: Int
    /// The most characters the line holds.
    public let limit: Int
    /// Earlier entries, oldest first.
    public let history: [String]
    /// Which history entry is shown (`history.count` means the line being typed).
    private var historyIndex: Int
    /// The line being typed while the history is walked.
    private var draft: [Character] = []
    /// Characters were dropped at the limit since the last other key.
    private var dropped = false

    /// What a key did to the line.
    public enum Outcome: Sendable, Equatable {
        /// Edited (or not handled); the prompt stays open.
        case editing
        /// Enter: the text is submitted.
        case submit(String)
        /// Esc: the prompt closes without effect.
        case cancel
    }

    /// A line holding `text` (its first `limit` characters) with the cursor at its end.
    public init(text: String = "", history: [String] = [], limit: Int = LineEditor.defaultLimit) {
        self.limit = Swift.max(1, limit)
        characters = Array(text.prefix(self.limit))
        cursor = characters.count
        self.history = history
        historyIndex = history.count
    }

    public var text: String { String(characters) }

    /// Why the line is shorter than what was typed or pasted, while the user has not yet pressed
    /// another key; nil otherwise.
    public var notice: String? {
        dropped ? "at most \(limit) characters: the rest was dropped" : nil
    }

    /// Applies one key.
    public mutating func handle(_ key: Key) -> Outcome {
        if case .character(let c) = key {
            insert(c)
            return .editing
        }
        dropped = false
        switch key {
        case .enter: return .submit(text)
        case .escape, .control("c"), .control("g"): return .cancel
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

    /// Inserts `c` at the cursor (control characters are ignored; at the limit it is dropped and
    /// `notice` says so).
    public mutating func insert(_ c: Character) {
        guard !c.isNewline, c.unicodeScalars.allSatisfy({ $0.value >= 32 && $0.value != 127 }) else { return }
        guard characters.count < limit else {
            dropped = true
            return
        }
        characters.insert(c, at: cursor)
        cursor += 1
    }

    private mutating func recall(_ index: Int) {
        guard index >= 0, index <= history.count, index != historyIndex else { return }
        if historyIndex == history.count { draft = characters }
        historyIndex = index
        characters = index == history.count ? draft : Array(history[index].prefix(limit))
        cursor = characters.count
    }
}
