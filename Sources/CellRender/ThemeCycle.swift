// ThemeCycle: the themes a front end steps through (the interactive program's `T`). Only the first
// theme is needed at start-up, so the others are loaded when they are first reached: a malformed or
// huge theme file costs nothing until then, and one that cannot be loaded is dropped from the cycle
// with its one-line problem instead of stopping anything.

/// The themes to cycle through: the current one is always loaded, the others load when reached.
public struct ThemeCycle: Sendable, ExpressibleByArrayLiteral {
    /// A theme not loaded yet: its name, and how to load it (a thrown error's description says
    /// what is wrong).
    public struct Candidate: Sendable {
        public var name: String
        public var load: @Sendable () throws -> Theme

        public init(name: String, load: @escaping @Sendable () throws -> Theme) {
            self.name = name
            self.load = load
        }
    }

    private enum Slot: Sendable {
        case loaded(Theme)
        case pending(Candidate)
    }

    private var slots: [Slot]
    /// The place of the current theme in the cycle.
    public private(set) var index = 0
    /// The theme in use.
    public private(set) var current: Theme

    /// `first`, then the `others` in order, each loaded when the cycle first reaches it.
    public init(first: Theme, others: [Candidate] = []) {
        current = first
        slots = [.loaded(first)] + others.map { .pending($0) }
    }

    /// Themes already loaded (none: the built-in default).
    public init(_ themes: [Theme]) {
        self.init(first: themes.first ?? .builtinDefault)
        slots += themes.dropFirst().map { .loaded($0) }
    }

    public init(arrayLiteral themes: Theme...) {
        self.init(themes)
    }

    /// How many themes the cycle holds (those that failed to load are gone).
    public var count: Int { slots.count }

    /// Moves to the next theme that loads. Each one that fails on the way is dropped; the result
    /// is then one line, "skipped NAME: PROBLEM", for the first failure (and how many more there
    /// were), else nil.
    public mutating func advance() -> String? {
        var problems: [String] = []
        while true {
            let next = (index + 1) % slots.count
            switch slots[next] {
            case .loaded(let theme):
                index = next
                current = theme
            case .pending(let candidate):
                do {
                    let theme = try candidate.load()
                    slots[next] = .loaded(theme)
                    index = next
                    current = theme
                } catch {
                    problems.append("skipped \(candidate.name): \(error)")
                    slots.remove(at: next)
                    if next < index { index -= 1 }
                    continue
                }
            }
            guard let first = problems.first else { return nil }
            let more = problems.count - 1
            let tail = more == 0 ? "" : " (and \(more) more that cannot be used)"
            return (first + tail).escapingControls
        }
    }
}

// MARK: - The order themes are offered in

extension ThemeCycle {
    /// The order to offer `themes` in on a terminal with `terminal`'s background, as indices into
    /// `themes`: first those made for that background, then those made for any, then those whose
    /// background is not known yet (nil: a file not read until the cycle reaches it), last those
    /// made for the other background. `preferred` leads its group; the rest keep their order.
    public static func offerOrder(_ themes: [(name: String, background: ThemeBackground?)],
                                  on terminal: TerminalBackground, preferred: String = "default") -> [Int] {
        func rank(_ background: ThemeBackground?) -> Int {
            switch background {
            case nil: return 2
            case .any?: return 1
            case let declared?: return declared.suits(terminal) ? 0 : 3
            }
        }
        return themes.indices.sorted { a, b in
            let ra = rank(themes[a].background), rb = rank(themes[b].background)
            if ra != rb { return ra < rb }
            let pa = themes[a].name == preferred, pb = themes[b].name == preferred
            if pa != pb { return pa }
            return a < b
        }
    }
}
