// "How this number is made": the drill-down panel under a view — its frame, and each family's
// numbers agreeing with the output shown.

import CellRender
import LayerKit
@testable import Scenes
import Testing

@Suite struct ExplanationTests {
    @Test func anActivationExplainsItsElementWithTheOutputsOwnNumber() throws {
        var state = try SceneState(expression: "nn.GELU(approximate='tanh')")
        state.shape = [1, 1, 4, 4]
        state.view = "maps"
        state.explain = true
        state.position = OutputPosition(row: 1, column: 2)
        let scene = try Scene(state)
        let e = try #require(scene.explanation)
        let y = scene.result.output.storage[1 * 4 + 2]
        #expect(e.title == "output[0, 0, 1, 2] = " + NumberFormat.compact(Double(y), significant: 6))
        let lines = scene.render(width: 80, height: 24, options: .plainASCII).lines
        let top = try #require(lines.firstIndex { $0.hasPrefix("- how this number is made: output[0, 0, 1, 2] =") })
        #expect(lines[top + 1].hasPrefix("x = input[0, 0, 1, 2] = "))
        // The element is marked in the maps above.
        #expect(lines[..<top].contains { $0.contains("<") && $0.contains(">") })
    }

    @Test func withoutExplainNothingChanges() throws {
        var state = try SceneState(expression: "nn.ReLU()")
        state.view = "maps"
        let plain = try Scene(state).render(width: 80, height: 24, options: .plainASCII)
        state.explain = true
        let explained = try Scene(state).render(width: 80, height: 24, options: .plainASCII)
        #expect(plain != explained)
        #expect(!plain.lines.joined().contains("how this number is made"))
        // At any size, even tiny, the explained scene draws within its bounds.
        for (w, h) in [(1, 1), (10, 3), (40, 9), (80, 24), (200, 60)] {
            let grid = try Scene(state).render(width: w, height: h, options: .plainASCII)
            #expect(grid.width == w && grid.height == h)
        }
    }
}
