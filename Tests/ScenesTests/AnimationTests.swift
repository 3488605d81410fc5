// The sliding-window animation in the model: p plays in the family's window view, each tick moves
// the window one output on — row by row, then channel — with the outputs after it not computed
// yet, and it stops at the end; . steps, [ and ] set the speed.

import CellRender
import LayerKit
@testable import Scenes
import Testing

@Suite struct AnimationTests {
    @Test func pPlaysTheWindowOverEveryOutputInOrderAndStopsAtTheEnd() throws {
        var state = try SceneState(expression: "nn.MaxPool2d(2)")
        state.shape = [1, 2, 4, 4]  // 2 channels of 2×2 outputs: 8 steps
        var workbench = try Workbench(state: state)
        workbench.perform(.togglePlay)
        #expect(workbench.playing)
        #expect(workbench.scene?.view.name == "window")
        var seen: [String] = []
        for _ in 0..<20 where workbench.playing {
            let s = try #require(workbench.scene)
            seen.append("\(s.channel):\(s.position.row),\(s.position.column)")
            workbench.tick()
        }
        #expect(seen == ["0:0,0", "0:0,1", "0:1,0", "0:1,1", "1:0,0", "1:0,1", "1:1,0", "1:1,1"])
        #expect(!workbench.playing && workbench.draft.revealing == false)
        #expect(workbench.message?.text.hasPrefix("the end") == true)
    }

    @Test func theOutputFillsInAsTheWindowMoves() throws {
        var state = try SceneState(expression: "nn.AvgPool2d(2)")
        state.shape = [1, 1, 6, 6]
        state.input = .pattern(.gradient)
        var workbench = try Workbench(state: state)
        workbench.perform(.stepAnimation)   // starts, paused, at (0, 0)
        workbench.perform(.stepAnimation)   // (0, 1)
        #expect(!workbench.playing && workbench.scene?.position == OutputPosition(row: 0, column: 1))
        let lines = try #require(workbench.scene).render(width: 60, height: 22, options: .plainASCII).lines
        let top = try #require(lines.firstIndex { $0.contains("output c0  3x3") })
        let outputColumn = try #require(lines[top].range(of: "output c0")).lowerBound.utf16Offset(in: lines[top])
        let rows = lines[(top + 1)...(top + 3)].map { String($0.dropFirst(outputColumn).prefix(6)) }
        // Row 0: two outputs computed (the second selected), the third not yet; rows 1–2 blank.
        #expect(rows[0].hasPrefix("==") || rows[0].contains("<"), "\(rows)")
        #expect(rows[1].trimmingCharacters(in: [" "]).isEmpty && rows[2].trimmingCharacters(in: [" "]).isEmpty, "\(rows)")
    }

    @Test func speedAndLayersWithoutAWindow() throws {
        var workbench = try Workbench(expression: "nn.Conv2d(1, 1, 3)")
        let start = workbench.speed
        workbench.perform(.faster)
        #expect(workbench.speed > start)
        for _ in 0..<20 { workbench.perform(.slower) }
        #expect(workbench.speed == Workbench.speeds.first)
        for _ in 0..<20 { workbench.perform(.faster) }
        #expect(workbench.speed == Workbench.speeds.last)
        var relu = try Workbench(expression: "nn.ReLU()")
        relu.perform(.togglePlay)
        #expect(!relu.playing)
        #expect(relu.message?.isError == true && relu.message?.text.contains("has no window") == true)
    }
}
