// `z`: the scene alone across the terminal. Its rows above the status line are exactly what
// `Scene.render` (and so `layerscope render`) draws at that size, at any size down to 1×1; `z`
// again gives the panes back; clicks on the tab row and the wheel still work.

import CellRender
import Foundation
import LayerKit
import Scenes
import Testing

private let snapshotDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")

/// The rows of `grid` above its last one.
private func rowsAboveTheLast(_ grid: CellGrid) -> [Cell] {
    Array(grid.cells.prefix(grid.width * Swift.max(0, grid.height - 1)))
}

@Suite struct WorkbenchZoomTests {
    @Test func zIsTheZoomKey() {
        #expect(KeyMap.command(for: .character("z")) == .toggleZoom)
        #expect(KeyMap.helpLines(ascii: false).contains { $0.0.hasPrefix("z ") && $0.0.contains("zoom") })
    }

    /// The zoomed screen at W×(H+1) is `Scene.render` at W×H, the expression line included, then
    /// the status line; cell for cell, in colour and in monochrome, Unicode and ASCII.
    @Test func theZoomedSceneIsTheRenderedScene() throws {
        var workbench = try Workbench()
        workbench.handle(.character("z"))
        #expect(workbench.zoomed)
        for _ in Workbench.layers {
            let scene = try #require(workbench.scene)
            for (w, h) in [(120, 40), (80, 24), (100, 30), (60, 20), (30, 10)] {
                for (color, ascii) in [(false, false), (true, false), (false, true)] {
                    let frame = WorkbenchScreen.render(workbench, width: w, height: h, color: color, ascii: ascii)
                    let options = RenderOptions(theme: workbench.theme, color: color, ascii: ascii)
                    let picture = scene.render(width: w, height: h - 1, options: options, expressionLine: true)
                    #expect(rowsAboveTheLast(frame.grid) == picture.cells,
                            "\(scene.expression) at \(w)×\(h), colour \(color), ascii \(ascii)")
                }
            }
            workbench.handle(.down)
        }
    }

    @Test func theZoomedScreenAt120x40() throws {
        var workbench = try Workbench()
        workbench.handle(.character("z"))
        let frame = WorkbenchScreen.render(workbench, width: 120, height: 40, color: false, ascii: false)
        let name = "workbench-zoom-120x40.txt"
        let file = snapshotDirectory.appendingPathComponent(name)
        let text = frame.grid.lines.joined(separator: "\n") + "\n"
        if ProcessInfo.processInfo.environment["LAYERSCOPE_RECORD"] == "1" {
            try text.write(to: file, atomically: true, encoding: .utf8)
        } else {
            let expected = try? String(contentsOf: file, encoding: .utf8)
            #expect(expected != nil, "missing snapshot \(name); run with LAYERSCOPE_RECORD=1")
            if let expected { #expect(text == expected, "\(name) differs") }
        }
        let lines = frame.grid.lines
        #expect(lines[0].hasPrefix("nn.Conv2d(16, 33, (3, 5), stride=(2, 1), padding=(4, 2), dilation=(3, 1))"))
        #expect(!lines.joined().contains("Layers") && !lines.joined().contains("Parameters"))
        #expect(lines[39].hasPrefix("z panes · "))
    }

    @Test func zAgainGivesThePanesBack() throws {
        var workbench = try Workbench()
        let before = WorkbenchScreen.render(workbench, width: 120, height: 40, color: true, ascii: false)
        workbench.handle(.character("z"))
        #expect(WorkbenchScreen.render(workbench, width: 120, height: 40, color: true, ascii: false) != before)
        workbench.handle(.character("z"))
        #expect(!workbench.zoomed)
        #expect(WorkbenchScreen.render(workbench, width: 120, height: 40, color: true, ascii: false) == before)
    }

    /// Zoomed, there is no minimum size: the scene is drawn at every size, with help or a prompt
    /// open too, and the frame is exactly the terminal's size.
    @Test func zoomedTheSceneIsDrawnAtEverySize() throws {
        var workbench = try Workbench()
        workbench.handle(.character("z"))
        let small = WorkbenchScreen.render(workbench, width: 60, height: 20, color: false, ascii: false)
        #expect(!small.grid.lines.joined().contains("terminal too small"))
        #expect(small.grid.lines[0].hasPrefix("nn.Conv2d(16, 33"))
        for _ in Workbench.layers {
            for (w, h) in [(1, 1), (1, 2), (2, 1), (3, 3), (10, 4), (20, 6), (79, 23), (0, 0), (5, 0), (0, 5)] {
                for overlay in ["", "?", ":"] {
                    var shown = workbench
                    if let key = overlay.first { shown.handle(.character(key)) }
                    let frame = WorkbenchScreen.render(shown, width: w, height: h, color: true, ascii: overlay == "?")
                    #expect(frame.grid.width == w && frame.grid.height == h)
                    #expect(frame.grid.lines.allSatisfy { TextWidth.of($0) == w })
                    if w >= 1, h >= 1, overlay == ":" { #expect(frame.cursorY == h - 1) }
                }
            }
            workbench.handle(.down)
        }
    }

    @Test func zoomedAClickOnATabShowsItsViewAndTheWheelStepsChannels() throws {
        var workbench = try Workbench(state: try SceneState(expression: "nn.AvgPool2d(3, stride=2)"))
        workbench.handle(.character("z"))
        func mouse(_ action: MouseEvent.Action, x: Int, y: Int) {
            let target = WorkbenchScreen.target(of: MouseEvent(action, x: x, y: y), on: workbench,
                                                width: 120, height: 40, ascii: false)
            workbench.handle(action, on: target)
        }
        for name in ["divisor", "window", "output"] {
            let lines = WorkbenchScreen.render(workbench, width: 120, height: 40, color: false, ascii: false).grid.lines
            let y = try #require(lines.firstIndex { $0.hasPrefix("view:") })
            let range = try #require(lines[y].range(of: " \(name) "))
            mouse(.press, x: lines[y].distance(from: lines[y].startIndex, to: range.lowerBound) + 2, y: y)
            #expect(workbench.scene?.view.name == name)
        }
        #expect(workbench.focus == .scene)
        mouse(.wheelDown, x: 60, y: 20)
        #expect(workbench.scene?.channel == 1)
        mouse(.wheelUp, x: 60, y: 20)
        #expect(workbench.scene?.channel == 0)
        // The status line answers no click.
        #expect(WorkbenchScreen.target(of: MouseEvent(.press, x: 3, y: 39), on: workbench,
                                       width: 120, height: 40, ascii: false) == nil)
    }
}
