// The key map: every command has a key, no key means two things, and the help lists them all.

import Scenes
import Testing

@Suite struct KeyMapTests {
    @Test func everyCommandHasAKey() {
        let bound = Set(KeyMap.bindings.map(\.command))
        for command in Command.allCases {
            #expect(bound.contains(command), "\(command) has no key")
        }
    }

    @Test func noKeyIsBoundTwice() {
        var seen: [Key: Command] = [:]
        for binding in KeyMap.bindings {
            for key in binding.keys {
                #expect(seen[key] == nil, "\(key) is bound to \(seen[key].map { "\($0)" } ?? "") and \(binding.command)")
                seen[key] = binding.command
            }
        }
    }

    @Test func theIssuesKeysDoWhatTheySay() {
        let expected: [(Key, Command)] = [
            (.tab, .focusNext), (.backTab, .focusPrevious), (.up, .moveUp), (.character("k"), .moveUp),
            (.down, .moveDown), (.character("j"), .moveDown), (.left, .decrease), (.character("h"), .decrease),
            (.character("-"), .decrease), (.right, .increase), (.character("l"), .increase),
            (.character("+"), .increase), (.enter, .edit), (.character(":"), .openPrompt),
            (.character("v"), .nextView), (.character("c"), .nextChannel), (.character("i"), .nextInput),
            (.character("o"), .openFile), (.character("t"), .toggleTraining), (.character("r"), .reseed),
            (.character("n"), .step), (.character("T"), .nextTheme), (.character("?"), .toggleHelp),
            (.character("q"), .quit), (.control("c"), .quit),
            (.character("x"), .toggleExplain), (.character("s"), .toggleColorScope), (.character("z"), .toggleZoom),
        ]
        for (key, command) in expected {
            #expect(KeyMap.command(for: key) == command, "\(key)")
        }
        #expect(KeyMap.command(for: .character("w")) == nil)
    }

    @Test func labels() {
        #expect(Key.up.label() == "↑")
        #expect(Key.up.label(ascii: true) == "Up")
        #expect(Key.backTab.label() == "Shift-Tab")
        #expect(Key.control("c").label() == "Ctrl-C")
        #expect(Key.character(" ").label() == "Space")
        #expect(Key.function(1).label() == "F1")
    }
}
