// The interactive program's screen as pictures: the first screen at 80×24 and 120×40 (snapshot
// files), how the left column shares its height, the notice below the minimum size, help, the
// prompt's cursor, and exact sizes at every size.
//
// Snapshots live in Tests/ScenesTests/Snapshots; LAYERSCOPE_RECORD=1 rewrites them.

import CellRender
import Foundation
import LayerKit
import Scenes
import Testing

private let snapshotDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")

private func text(_ frame: WorkbenchFrame) -> String {
    frame.grid.lines.joined(separator: "\n") + "\n"
}

/// Compares `frame` with the snapshot file `name` (or records it).
private func expectSnapshot(_ frame: WorkbenchFrame, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let file = snapshotDirectory.appendingPathComponent(name)
    if ProcessInfo.processInfo.environment["LAYERSCOPE_RECORD"] == "1" {
        try text(frame).write(to: file, atomically: true, encoding: .utf8)
        return
    }
    let expected = try? String(contentsOf: file, encoding: .utf8)
    #expect(expected != nil, "missing snapshot \(name); run with LAYERSCOPE_RECORD=1", sourceLocation: sourceLocation)
    if let expected { #expect(text(frame) == expected, "\(name) differs", sourceLocation: sourceLocation) }
}

@Suite struct WorkbenchScreenTests {
    @Test func theFirstScreenAt80x24() throws {
        let workbench = try Workbench()
        try expectSnapshot(WorkbenchScreen.render(workbench, width: 80, height: 24, color: false, ascii: false),
                           "workbench-start-80x24.txt")
        try expectSnapshot(WorkbenchScreen.render(workbench, width: 80, height: 24, color: false, ascii: true),
                           "workbench-start-80x24-ascii.txt")
    }

    @Test func theFirstScreenAt120x40() throws {
        let workbench = try Workbench()
        try expectSnapshot(WorkbenchScreen.render(workbench, width: 120, height: 40, color: false, ascii: false),
                           "workbench-start-120x40.txt")
    }

    /// At 120×40 the list shows every layer (each group's name beside its first layers) and the
    /// parameter editor every parameter of the selected layer, whichever it is.
    @Test func at120x40EveryLayerAndEveryParameterShows() throws {
        var workbench = try Workbench()
        let layout = WorkbenchLayout(width: 120, height: 40)
        #expect(layout.compactList)
        for _ in Workbench.layers {
            let lines = WorkbenchScreen.render(workbench, width: 120, height: 40, color: false, ascii: false).grid.lines
            let list = lines[layout.layerRows.y..<layout.layerRows.maxY].map { String($0.prefix(layout.layers.maxX)) }
            for (index, schema) in Workbench.layers.enumerated() {
                let marker = index == workbench.layerIndex ? "▸ " : "  "
                #expect(list.contains { $0.dropFirst().hasPrefix(marker + schema.name + " ") },
                        "\(schema.name) with \(workbench.schema.name) selected")
            }
            #expect(!list.joined().contains("▲") && !list.joined().contains("▼"))
            let parameters = lines[layout.parameterRows.y..<layout.parameterRows.maxY].map { String($0.prefix(layout.parameters.maxX)) }
            for spec in workbench.schema.params {
                #expect(parameters.contains { $0.dropFirst(2).hasPrefix(spec.name + " ") }, "\(workbench.schema.name).\(spec.name)")
            }
            workbench.handle(.down)
        }
    }

    /// The left column's split: the parameters get what the layer with the most of them needs, the
    /// list what is left — with its group headings where they fit, compact, or scrolling.
    @Test func theLeftColumnSplitsItsHeightByNeed() {
        func split(_ width: Int, _ height: Int) -> (list: Int, parameters: Int, compact: Bool) {
            let layout = WorkbenchLayout(width: width, height: height)
            return (layout.layers.height, layout.parameters.height, layout.compactList)
        }
        // Conv2d's 11 parameters, two lines of detail and the border: 15 rows.
        #expect(split(80, 24) == (8, 14, true))
        #expect(split(100, 30) == (13, 15, true))
        #expect(split(120, 40) == (23, 15, true))
        #expect(split(120, 47) == (23, 22, true))
        #expect(split(120, 49) == (32, 15, false))
        #expect(split(200, 60) == (32, 26, false))
    }

    @Test func anInvalidValueAt80x24() throws {
        var workbench = try Workbench()
        workbench.handle(.character(":"))
        for c in "nn.Conv2d(4, 6, 3, groups=3)" { workbench.handle(.character(c)) }
        workbench.handle(.enter)
        let frame = WorkbenchScreen.render(workbench, width: 80, height: 24, color: false, ascii: true)
        try expectSnapshot(frame, "workbench-invalid-80x24-ascii.txt")
        #expect(frame.grid.lines[0].contains("(invalid) nn.Conv2d(4, 6, 3, groups=3)"))
        #expect(frame.grid.lines[23].contains("divisible by groups"))
    }

    @Test func belowTheMinimumSizeOnlyTheNoticeShows() throws {
        let workbench = try Workbench()
        let frame = WorkbenchScreen.render(workbench, width: 60, height: 20, color: false, ascii: false)
        #expect(frame.grid.lines.filter { !$0.allSatisfy { $0 == " " } } == [
            "           terminal too small: 60×20, need 80×24            ",
        ])
        let narrow = WorkbenchScreen.render(workbench, width: 30, height: 10, color: false, ascii: true)
        #expect(narrow.grid.lines.filter { !$0.allSatisfy { $0 == " " } } == [
            "  terminal too small: 30x10,  ",
            "          need 80x24          ",
        ])
        for (w, h) in [(79, 24), (80, 23), (1, 1), (0, 0), (0, 5), (5, 0)] {
            let grid = WorkbenchScreen.render(workbench, width: w, height: h, color: true, ascii: false).grid
            #expect(grid.width == w && grid.height == h)
        }
    }

    @Test func everyLayerFitsExactlyAtEverySize() throws {
        var workbench = try Workbench()
        for _ in Workbench.layers {
            for (w, h) in [(80, 24), (100, 30), (120, 40), (200, 60)] {
                for ascii in [false, true] {
                    let grid = WorkbenchScreen.render(workbench, width: w, height: h, color: true, ascii: ascii).grid
                    #expect(grid.width == w && grid.height == h)
                    #expect(grid.lines.allSatisfy { TextWidth.of($0) == w })
                    if ascii {
                        #expect(grid.lines.allSatisfy { $0.unicodeScalars.allSatisfy { $0.value < 128 } },
                                "\(workbench.expression) at \(w)×\(h)")
                    }
                }
            }
            #expect(WorkbenchScreen.render(workbench, width: 80, height: 24, color: false, ascii: false)
                .grid.lines[0].contains(workbench.expression.prefix(20)))
            workbench.handle(.down)
        }
    }

    @Test func helpListsEveryKeyAndScrolls() throws {
        var workbench = try Workbench()
        workbench.handle(.character("?"))
        var seen = ""
        for _ in 0..<8 {
            seen += text(WorkbenchScreen.render(workbench, width: 80, height: 24, color: false, ascii: false))
            workbench.handle(.pageDown)
        }
        for binding in KeyMap.bindings {
            #expect(seen.contains(binding.summary), "help lacks \(binding.summary)")
        }
        for hint in KeyMap.promptKeys + KeyMap.networkKeys + KeyMap.mouseActions {
            #expect(seen.contains(hint.summary), "help lacks \(hint.summary)")
        }
        // At 200×90 it all fits at once.
        let large = text(WorkbenchScreen.render(workbench, width: 200, height: 90, color: false, ascii: false))
        #expect(KeyMap.bindings.allSatisfy { large.contains($0.summary) })
    }

    @Test func thePromptShowsItsTextAndPlacesTheCursor() throws {
        var workbench = try Workbench()
        workbench.handle(.character(":"))
        for c in "nn.ReLU()" { workbench.handle(.character(c)) }
        workbench.handle(.left)
        let frame = WorkbenchScreen.render(workbench, width: 80, height: 24, color: false, ascii: false)
        #expect(frame.grid.lines[23].hasPrefix(":nn.ReLU()"))
        #expect(frame.cursorX == 9 && frame.cursorY == 23)
        // A line longer than the screen scrolls so the cursor stays visible.
        for _ in 0..<100 { workbench.handle(.character("x")) }
        let long = WorkbenchScreen.render(workbench, width: 80, height: 24, color: false, ascii: false)
        #expect((long.cursorX ?? 99) < 80)
        #expect(WorkbenchScreen.render(try Workbench(), width: 80, height: 24, color: false, ascii: false).cursorX == nil)
    }

    @Test func aLineLongerThanTheScreenShowsTheWindowAroundTheCursor() throws {
        var workbench = try Workbench()
        workbench.handle(.character(":"))
        let digits = (0..<5000).map { Character(String($0 % 10)) }
        for c in digits { workbench.handle(.character(c)) }
        let kept = digits.prefix(LineEditor.defaultLimit)
        // At the end of a full line: its last characters, the cursor after them, and the notice.
        let clock = ContinuousClock()
        var frame = WorkbenchScreen.render(workbench, width: 80, height: 24, color: false, ascii: false)
        let elapsed = clock.measure {
            frame = WorkbenchScreen.render(workbench, width: 80, height: 24, color: false, ascii: false)
        }
        #expect(elapsed < .milliseconds(500), "a frame with a 4096-character prompt took \(elapsed)")
        let notice = "at most 4096 characters: the rest was dropped"
        #expect(frame.grid.lines[23] == ":" + String(kept.suffix(31)) + "   " + notice)
        #expect(frame.cursorX == 32 && frame.cursorY == 23)
        // Home: the notice goes, the line's start shows across the whole row, the cursor on it.
        workbench.handle(.home)
        frame = WorkbenchScreen.render(workbench, width: 80, height: 24, color: false, ascii: false)
        #expect(frame.grid.lines[23] == ":" + String(kept.prefix(78)) + " ")
        #expect(frame.cursorX == 1)
        // Under --ascii a symbol takes its spelling's columns, and the cursor counts them.
        var ascii = try Workbench()
        ascii.handle(.character(":"))
        for c in "a→b" { ascii.handle(.character(c)) }
        let plain = WorkbenchScreen.render(ascii, width: 80, height: 24, color: false, ascii: true)
        #expect(plain.grid.lines[23].hasPrefix(":a->b "))
        #expect(plain.cursorX == 5)
    }

    @Test func theSelectedLayerIsAlwaysOnScreenAndWhereTheMouseFindsIt() throws {
        var workbench = try Workbench()
        let layout = WorkbenchLayout(width: 80, height: 24)
        for index in Workbench.layers.indices {
            let grid = WorkbenchScreen.render(workbench, width: 80, height: 24, color: false, ascii: true).grid
            let name = Workbench.layers[index].name
            let y = try #require(grid.lines.firstIndex { $0.hasPrefix("|> \(name) ") || $0.hasPrefix("#> \(name) ") },
                                 "\(name) not visible")
            #expect(layout.layerRow(atY: y, selected: workbench.layerIndex) == index)
            workbench.handle(.down)
        }
    }
}
