// Render options: what a theme's roles become without colour.

import CellRender
import Testing

@Suite struct RenderOptionsTests {
    @Test func withoutColourOnlyAttributesRemainAndTheSelectionIsReversed() {
        let options = RenderOptions(theme: .builtinDefault, color: false, ascii: false)
        #expect(options.style(.selection) == Style(attributes: .reverse))
        #expect(options.style(.accent).fg == .default && options.style(.accent).bg == .default)
        #expect(options.style(.accent).attributes == Theme.builtinDefault.style(.accent).attributes)
        let coloured = RenderOptions(theme: .builtinDefault, color: true, ascii: false)
        #expect(coloured.style(.selection) == Theme.builtinDefault.style(.selection))
    }
}
