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

@Suite struct OutputClickTests {
    @Test func aClickOnAnOutputMapSelectsThatElement() throws {
        var state = try SceneState(expression: "nn.MaxPool2d(2)")
        state.shape = [1, 2, 8, 8]
        state.view = "window"
        var workbench = try Workbench(state: state)
        let (width, height) = (120, 40)
        let layout = WorkbenchLayout(width: width, height: height)
        let scene = try #require(workbench.scene)
        // Where the output map's cell (2, 3) is drawn on the screen.
        let maps = scene.draw(width: layout.picture.width, height: layout.picture.height, options: RenderOptions(),
                              expressionLine: false).drawnMaps
        let output = try #require(maps.first { $0.title.hasPrefix("output") })
        let x = layout.picture.x + output.rect.x + 3 * output.scale.cellWidth
        let y = layout.picture.y + output.rect.y + 2 * output.scale.cellHeight
        let target = WorkbenchScreen.target(of: MouseEvent(.press, x: x, y: y), on: workbench, width: width, height: height, ascii: false)
        #expect(target == .sceneOutput(channel: 0, position: OutputPosition(row: 2, column: 3)))
        workbench.handle(.press, on: target)
        #expect(workbench.scene?.position == OutputPosition(row: 2, column: 3))
        #expect(workbench.focus == .scene)
        // A click on the input map selects nothing of the output.
        let input = try #require(maps.first { $0.title.hasPrefix("padded input") })
        let miss = WorkbenchScreen.target(of: MouseEvent(.press, x: layout.picture.x + input.rect.x, y: layout.picture.y + input.rect.y),
                                          on: workbench, width: width, height: height, ascii: false)
        #expect(miss == .scene(tab: nil))
    }
}
