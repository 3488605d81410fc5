// Tests of ThemeCycle: themes after the first load only when reached, and one that cannot be
// loaded is dropped with a one-line problem while the cycle moves on.

import Synchronization
import Testing
@testable import CellRender

/// A theme named `name` (the built-in default's colours).
private func theme(_ name: String) -> Theme {
    var theme = Theme.builtinDefault
    theme.name = name
    return theme
}

private struct Broken: Error, CustomStringConvertible {
    var description: String
}

@Suite struct ThemeCycleTests {
    @Test func laterThemesLoadOnlyWhenReachedAndOnlyOnce() {
        let loads = Mutex<[String]>([])
        func candidate(_ name: String) -> ThemeCycle.Candidate {
            ThemeCycle.Candidate(name: name) {
                loads.withLock { $0.append(name) }
                return theme(name)
            }
        }
        var cycle = ThemeCycle(first: theme("first"), others: [candidate("b"), candidate("c")])
        #expect(cycle.current.name == "first")
        #expect(loads.withLock { $0 } == [], "nothing but the first is loaded at the start")
        #expect(cycle.advance() == nil)
        #expect(cycle.current.name == "b")
        #expect(loads.withLock { $0 } == ["b"])
        #expect(cycle.advance() == nil)
        #expect(cycle.advance() == nil)
        #expect(cycle.current.name == "first")
        #expect(cycle.advance() == nil)
        #expect(cycle.current.name == "b")
        #expect(loads.withLock { $0 } == ["b", "c"], "a loaded theme is kept")
    }

    @Test func aThemeThatCannotBeLoadedIsSkippedWithOneLine() {
        let bad = ThemeCycle.Candidate(name: "bad\nname") { throw Broken(description: "bad.toml:1:69: nested\ntoo deep") }
        var cycle = ThemeCycle(first: theme("first"), others: [bad, ThemeCycle.Candidate(name: "good") { theme("good") }])
        #expect(cycle.count == 3)
        #expect(cycle.advance() == "skipped bad\\u{0A}name: bad.toml:1:69: nested\\u{0A}too deep")
        #expect(cycle.current.name == "good")
        #expect(cycle.count == 2)
        #expect(cycle.advance() == nil, "the bad one is gone: no second message")
        #expect(cycle.current.name == "first")
        #expect(cycle.advance() == nil)
        #expect(cycle.current.name == "good")
    }

    @Test func whenEveryOtherThemeFailsTheCycleComesBackToTheFirst() {
        let failing = (1...3).map { n in
            ThemeCycle.Candidate(name: "bad\(n)") { throw Broken(description: "problem \(n)") }
        }
        var cycle = ThemeCycle(first: theme("first"), others: failing)
        #expect(cycle.advance() == "skipped bad1: problem 1 (and 2 more that cannot be used)")
        #expect(cycle.current.name == "first")
        #expect(cycle.count == 1)
        #expect(cycle.advance() == nil)
        #expect(cycle.current.name == "first")
    }

    @Test func loadedThemesAndArrayLiterals() {
        var cycle: ThemeCycle = [theme("a"), theme("b")]
        #expect(cycle.count == 2)
        #expect(cycle.advance() == nil && cycle.current.name == "b")
        #expect(cycle.advance() == nil && cycle.current.name == "a")
        #expect(ThemeCycle([]).current == .builtinDefault)
    }
}
