// The interactive program's `T` with themes that load lazily: one that cannot be loaded is skipped
// with its problem in the status line, and the program goes on with the next.

import CellRender
import Scenes
import Testing

private struct Unusable: Error, CustomStringConvertible {
    var description: String { "mine.toml:1:69: nested deeper than 64 levels" }
}

@Suite struct WorkbenchThemeTests {
    @Test func aThemeThatCannotBeLoadedIsSkippedAndSaidWhyInOneLine() throws {
        var lightTheme = Theme.builtinDefault
        lightTheme.name = "light"
        let light = lightTheme
        let themes = ThemeCycle(first: .builtinDefault, others: [
            ThemeCycle.Candidate(name: "mine") { throw Unusable() },
            ThemeCycle.Candidate(name: "light") { light },
        ])
        var workbench = try Workbench(themes: themes)
        #expect(workbench.theme.name == "default")
        workbench.handle(.character("T"))
        #expect(workbench.theme.name == "light")
        #expect(workbench.message == Workbench.Message(
            "skipped mine: mine.toml:1:69: nested deeper than 64 levels; theme: light", isError: true))
        workbench.handle(.character("T"))
        #expect(workbench.theme.name == "default")
        #expect(workbench.message == Workbench.Message("theme: default"))
    }
}
