// The scene editor on its own, without panes, prompts or help: selecting, stepping, loading, what
// each change says, the revision that tells the status line its message is out of date, the
// background builds; and the workbench taking mouse targets as plain values, without a layout.

import CellRender
import LayerKit
import Scenes
import Testing

@Suite struct WorkbenchEditorTests {
    @Test func theEditorEditsASceneWithoutAnyChrome() throws {
        var editor = try SceneEditor()
        #expect(editor.schema.name == "Conv2d" && editor.problem == nil && editor.scene != nil)
        // Stepping kernel_size, then both parts, then the height only.
        editor.selectParameter(2)
        #expect(editor.selectedParameter?.name == "kernel_size")
        #expect(editor.stepParameter(by: 1) == nil)
        #expect(editor.expression.hasPrefix("nn.Conv2d(16, 33, (4, 6), "))
        #expect(editor.nextComponent() == StatusMessage("kernel_size: ←/→ now step the height only"))
        _ = editor.stepParameter(by: -1)
        #expect(editor.expression.hasPrefix("nn.Conv2d(16, 33, (3, 6), "))
        // Selecting another parameter steps both parts again.
        editor.selectParameter(3)
        #expect(editor.component == .both)
        // A layer of the list loads its seed example; the list wraps both ways.
        _ = editor.moveLayer(by: -1)
        #expect(editor.schema.name == "Flatten")
        _ = editor.selectLayer(Workbench.layers.count)
        #expect(editor.schema.name == "Conv2d" && editor.layerIndex == 0)
    }

    @Test func theRevisionCountsChangesOfTheDraftOnly() throws {
        var editor = try SceneEditor(state: try SceneState(expression: "nn.MaxPool2d(2)"))
        let start = editor.revision
        #expect(editor.reseed() == StatusMessage("seed 1: new weights, random input and dropout mask"))
        #expect(editor.revision == start + 1)
        // Another view reuses the scene, and still counts.
        editor.stepView(by: 1)
        #expect(editor.revision == start + 2)
        // A refusal changes nothing.
        #expect(editor.setShape("1,x")?.isError == true)
        #expect(editor.setParameter("kernel_size", typed: "'x'")?.isError == true)
        #expect(editor.revision == start + 2)
        // A broken rule keeps the last scene and says why.
        #expect(editor.setParameter("padding", typed: "2") == nil)
        #expect(editor.problem?.hasPrefix("padding: pad should be at most half") == true)
        #expect(editor.scene?.expression == "nn.MaxPool2d(2)")
        #expect(editor.problemParameter == "padding")
    }

    @Test func aTypedExpressionThatBreaksARuleSelectsItsParameter() throws {
        var editor = try SceneEditor()
        #expect(try editor.load(expression: "nn.MaxPool2d(3, stride=2)") == false)
        #expect(editor.layerIndex == Workbench.layers.firstIndex { $0.name == "MaxPool2d" })
        #expect(try editor.load(expression: "nn.Conv2d(4, 6, 3, groups=3)") == true)
        #expect(editor.problemParameter != nil && editor.selectedParameter?.name == editor.problemParameter)
        #expect(throws: ExpressionError.self) { try editor.load(expression: "nn.Conv2d(") }
        #expect(editor.expression == "nn.Conv2d(4, 6, 3, groups=3)")
    }

    @Test func inTheBackgroundTheEditorHandsOutRequests() throws {
        var editor = try SceneEditor()
        editor.evaluatesInBackground = true
        _ = try editor.load(expression: "nn.Conv2d(4, 6, 3, groups=3)")
        let request = try #require(editor.request)
        #expect(editor.isComputing && editor.problem == nil)
        editor.cancelComputation()
        #expect(editor.cancelRequested)
        #expect(editor.finish(request.id + 1, with: Result { try request.build() }) == false)
        #expect(editor.isComputing, "a superseded build is ignored")
        #expect(editor.finish(request.id, with: Result { try request.build() }) == true)
        #expect(!editor.isComputing && !editor.cancelRequested)
        #expect(editor.problemParameter != nil && editor.selectedParameter?.name == editor.problemParameter)
    }

    @Test func theWorkbenchTakesMouseTargetsAsPlainValues() throws {
        var workbench = try Workbench()
        workbench.handle(.press, on: .layers(2))
        #expect(workbench.focus == .layers && workbench.schema.name == Workbench.layers[2].name)
        workbench.handle(.press, on: .layers(nil))  // a heading: the focus, nothing else
        #expect(workbench.schema.name == Workbench.layers[2].name)
        workbench.handle(.wheelDown, on: .layers(nil))
        #expect(workbench.layerIndex == 3)
        workbench.handle(.press, on: .parameters(1))
        #expect(workbench.focus == .parameters && workbench.parameterIndex == 1)
        let views = try #require(workbench.scene?.views.map(\.name))
        workbench.handle(.press, on: .scene(tab: views[1]))
        #expect(workbench.focus == .scene && workbench.scene?.view.name == views[1])
        workbench.handle(.wheelDown, on: .scene(tab: nil))
        #expect(workbench.draft.channel == 1)
        // Under a prompt or the help the mouse does nothing.
        workbench.handle(.character("?"))
        workbench.handle(.press, on: .layers(0))
        #expect(workbench.layerIndex == 3)
    }

    @Test func theScreenResolvesACellIntoATarget() throws {
        let workbench = try Workbench()
        // Tall enough for the list's group headings.
        let layout = WorkbenchLayout(width: 200, height: 60)
        #expect(!layout.compactList)
        #expect(layout.target(atX: 0, y: 0, in: workbench) == nil, "the header")
        #expect(layout.target(atX: 0, y: 59, in: workbench) == nil, "the status line")
        #expect(layout.target(atX: layout.layers.x + 3, y: layout.layerRows.y, in: workbench) == .layers(nil))
        #expect(layout.target(atX: layout.layers.x + 3, y: layout.layerRows.y + 1, in: workbench) == .layers(0))
        #expect(layout.target(atX: layout.parameters.x + 2, y: layout.parameterRows.y + 1, in: workbench) == .parameters(1))
        #expect(layout.target(atX: layout.scene.x, y: layout.scene.y, in: workbench) == .scene(tab: nil), "the border")
        #expect(WorkbenchLayout(width: 60, height: 20).target(atX: 5, y: 5, in: workbench) == nil, "too small")
    }

    @Test func helpScrollsNoFurtherThanItsLines() throws {
        var workbench = try Workbench()
        workbench.handle(.character("?"))
        for _ in 0..<100 { workbench.handle(.down) }
        #expect(workbench.helpScroll == KeyMap.helpLineCount)
        #expect(KeyMap.helpLineCount == KeyMap.helpLines(ascii: true).count)
    }
}
