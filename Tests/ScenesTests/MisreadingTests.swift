// The misreadings a teacher found, each pinned by a picture: the selected output stays visible on
// every colour, padding and ceil-mode overhang are not values, dropped elements are not zeros, a
// clipped map says what it hides, indices print as integers, one colour scale can be shared, and
// captions tell the truth for the current parameters.

import CellRender
import LayerKit
@testable import Scenes
import Testing

private func scene(_ expression: String, shape: [Int], view: String? = nil, input: InputPattern? = nil,
                   position: OutputPosition = OutputPosition(), edit: (inout SceneState) -> Void = { _ in }) throws -> Scene {
    var state = try SceneState(expression: expression)
    state.shape = shape
    state.view = view
    state.position = position
    if let input { state.input = .pattern(input) }
    edit(&state)
    return try Scene(state)
}

@Suite struct MisreadingTests {
    @Test func theSelectedOutputIsReversedAndBracketedInEveryTheme() throws {
        let s = try scene("nn.MaxPool2d(2)", shape: [1, 1, 6, 6], view: "window", input: .gradient,
                          position: OutputPosition(row: 1, column: 2))
        for theme in [Theme.builtinDefault] {
            for depth in [ColorDepth.truecolor, .indexed256, .ansi16] {
                let grid = s.render(width: 80, height: 24, options: RenderOptions(theme: theme, color: true, depth: depth))
                let selected = grid.cells.filter { $0.style.attributes.contains(.reverse) }
                #expect(!selected.isEmpty, "\(depth): no reversed cell for the selected output")
                #expect(selected.allSatisfy { $0.style.attributes.contains(.bold) })
            }
        }
        let mono = s.render(width: 80, height: 24, options: .plainASCII)
        #expect(mono.lines.contains { $0.contains("<") && $0.contains(">") })
        #expect(mono.cells.contains { $0.style.attributes.contains(.reverse) })
    }

    @Test func paddingAndTheCeilModeOverhangHaveTheirOwnMarks() throws {
        let s = try scene("nn.MaxPool2d(2, stride=2, padding=1, ceil_mode=True)", shape: [1, 1, 4, 4], view: "window",
                          input: .gradient, position: OutputPosition(row: 2, column: 2))
        let lines = s.render(width: 72, height: 22, options: .plainASCII).lines
        let top = try #require(lines.firstIndex { $0.hasPrefix("padded input c0") })
        // 4×4 input, 1 of padding around it (','), no overhang for these windows; the last window
        // (rows 3–4, cols 3–4 of the padded picture) reads one input cell and three of padding.
        #expect(lines[top].hasPrefix("padded input c0  6x6"))
        let picture = lines[(top + 1)...].prefix { !$0.hasPrefix("-") }.map { String($0.prefix(24)) }
        #expect(picture.first?.hasPrefix(",,,,,,,,,,,,") == true, "\(picture)")
        #expect(lines.contains { $0.contains(", padding") && $0.contains("[] window") })
        let overhang = try scene("nn.MaxPool2d(2, stride=2, ceil_mode=True)", shape: [1, 1, 5, 5], view: "window",
                                 input: .gradient, position: OutputPosition(row: 2, column: 2))
        let text = overhang.render(width: 72, height: 15, options: .plainASCII).lines
        #expect(text.contains("oooooooooooo                                                            "))
        #expect(text.contains { $0.hasPrefix("o overhang  [] window") })
        // Overhang is never drawn in a value's colour.
        let colour = overhang.render(width: 72, height: 15, options: RenderOptions(color: true))
        let style = CellMark.overhang.fillStyle(options: RenderOptions(color: true))
        #expect(colour.cells.filter { $0.glyph == "∘" }.allSatisfy { $0.style == style })
    }

    @Test func droppedElementsAreMarkedAndAClippedMaskSaysWhatItHides() throws {
        let s = try scene("nn.Dropout(p=0.5)", shape: [2, 60], input: .gradient)
        let lines = s.render(width: 80, height: 24, options: .plainASCII).lines
        #expect(lines.contains { $0.hasSuffix("mask c0  2x60            +41 columns ->") })
        #expect(lines.contains { $0.hasPrefix("input*mask  2x60         +41 columns ->") })
        #expect(lines.contains { $0.hasPrefix("x dropped") })
        // Scrolled to the end: the columns before are counted instead.
        let end = try scene("nn.Dropout(p=0.5)", shape: [2, 60], input: .gradient, position: OutputPosition(row: 0, column: 59))
        let scrolled = end.render(width: 80, height: 24, options: .plainASCII).lines
        #expect(scrolled.contains { $0.hasSuffix("mask c0  2x60            <- +41 columns") }, "\(scrolled)")
        // Mask, input and outputs at one cell scale.
        let maps = s.draw(width: 80, height: 24, options: .plainASCII).drawnMaps
        #expect(Set(maps.map(\.scale)).count == 1)
        // Every dropped element of the output shows × in colour too, in the warning style, not a value colour.
        let colour = s.render(width: 80, height: 24, options: RenderOptions(color: true))
        let dropped = colour.cells.filter { $0.glyph == "×" }
        #expect(!dropped.isEmpty)
        #expect(dropped.allSatisfy { $0.style == CellMark.dropped.fillStyle(options: RenderOptions(color: true)) || $0.style.bg == .default })
    }

    @Test func indicesAndClassTargetsPrintAsIntegers() throws {
        let s = try scene("nn.MaxPool2d(2, return_indices=True)", shape: [1, 1, 4, 6], view: "indices", input: .image)
        let lines = s.render(width: 72, height: 16, options: .plainASCII).lines
        #expect(lines.contains { $0.hasSuffix("7       8      10 ") })
        #expect(lines.contains { $0.hasSuffix("13      15      16 ") })
        #expect(!lines.joined().contains("7.00"))
        let ce = try scene("nn.CrossEntropyLoss()", shape: [3, 5], view: "elements")
        let text = ce.render(width: 120, height: 30, options: .plainASCII).lines.joined(separator: "\n")
        #expect(text.contains("target class  1x3"))
        #expect(!text.contains("1.000"))
    }

    @Test func aSharedColourScaleSaysSoAndCoversBothMaps() throws {
        let local = try scene("nn.ReLU()", shape: [1, 1, 6, 6], view: "maps", input: .gradient)
        let shared = try scene("nn.ReLU()", shape: [1, 1, 6, 6], view: "maps", input: .gradient) { $0.colorScope = .shared }
        let localText = local.render(width: 80, height: 24, options: .plainASCII).lines
        let sharedText = shared.render(width: 80, height: 24, options: .plainASCII).lines
        #expect(localText.contains { $0.hasPrefix("-1  ..:--=++**#%%@ 1 (0 centred, local)  0  ..::-==++*##%%@ 1 (local)") })
        // Shared: both legends run from -1 to 1, and the ReLU's zeros are the middle, not the bottom.
        #expect(sharedText.contains { $0.hasPrefix("-1  ..:--=+**#%%@ 1 (0 centred, shared)  -1  ..:--=+**#%%@ 1 (0 centred, shared)") },
                "\(sharedText)")
    }

    @Test func captionsAreTrueForTheCurrentParameters() throws {
        let plain = try scene("nn.CrossEntropyLoss()", shape: [3, 5], view: "classes")
        let lines = plain.render(width: 100, height: 30, options: .mono).lines
        #expect(lines.contains { $0.hasPrefix("label_smoothing=0: q is the one-hot target") })
        #expect(!lines.joined().contains("uniform"))
        let smooth = try scene("nn.CrossEntropyLoss(label_smoothing=0.1)", shape: [3, 5], view: "classes")
        #expect(smooth.render(width: 100, height: 30, options: .mono).lines.contains {
            $0.hasPrefix("label_smoothing=0.1: q = (1 − ε)·one-hot + ε/5 on every class")
        })
    }
}

@Suite struct ColorScopeKeyTests {
    @Test func sSharesTheColourScaleWithoutRerunningTheLayer() throws {
        var workbench = try Workbench(expression: "nn.ReLU()")
        workbench.perform(.nextView)  // maps: input and output
        let before = try #require(workbench.scene)
        workbench.handle(.character("s"))
        let shared = try #require(workbench.scene)
        #expect(shared.state.colorScope == .shared)
        #expect(workbench.message?.text.hasPrefix("colour scale: shared") == true)
        // The same computation: only the drawing changed.
        #expect(shared.result.output.storage == before.result.output.storage)
        let text = WorkbenchScreen.render(workbench, width: 120, height: 40, color: false, ascii: true).grid.lines
        #expect(text.contains { $0.contains("(0 centred, shared)") })
        workbench.handle(.character("s"))
        #expect(workbench.scene?.state.colorScope == .local)
    }
}
