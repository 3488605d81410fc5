// The interactive program's model, driven key by key as a user would: focus, the layer list,
// stepping and typing parameters, the prompt and its history, invalid values, the mouse.

import CellRender
import LayerKit
import Scenes
import Testing

private func press(_ keys: [Key], on workbench: inout Workbench) {
    for key in keys { workbench.handle(key) }
}

private func type(_ text: String, on workbench: inout Workbench) {
    for c in text { workbench.handle(.character(c)) }
}

/// Loads `expression` through the `:` prompt.
private func load(_ expression: String, on workbench: inout Workbench) {
    workbench.handle(.character(":"))
    type(expression, on: &workbench)
    workbench.handle(.enter)
}

/// A mouse action at a cell of the workbench's screen at `width` × `height`, as the session passes it.
private func mouse(_ action: MouseEvent.Action, x: Int, y: Int, on workbench: inout Workbench,
                   width: Int = 100, height: Int = 30, ascii: Bool = true) {
    let event = MouseEvent(action, x: x, y: y)
    workbench.handle(action, on: WorkbenchScreen.target(of: event, on: workbench, width: width, height: height, ascii: ascii))
}

/// Selects the parameter `name` in the editor.
private func select(_ name: String, on workbench: inout Workbench) throws {
    let target = try #require(workbench.schema.params.firstIndex { $0.name == name })
    while workbench.focus != .parameters { workbench.handle(.tab) }
    while workbench.parameterIndex != target { workbench.handle(.down) }
}

@Suite struct WorkbenchTests {
    @Test func startsOnTheLayerListWithTheFirstSeedExample() throws {
        let workbench = try Workbench()
        #expect(workbench.focus == .layers)
        #expect(workbench.schema.name == "Conv2d")
        #expect(workbench.expression == "nn.Conv2d(16, 33, (3, 5), stride=(2, 1), padding=(4, 2), dilation=(3, 1))")
        #expect(workbench.scene != nil && workbench.problem == nil)
    }

    @Test func theListIsGroupedAsPyTorchsDocs() {
        #expect(Workbench.layers.count == 21)
        #expect(Workbench.listRows.count == 30)
        #expect(Workbench.listRows.first == .group(.convolution))
        let groups = Workbench.listRows.compactMap { row -> LayerGroup? in
            if case .group(let g) = row { return g }
            return nil
        }
        #expect(groups == LayerGroup.allCases)
        #expect(Workbench.layers.map(\.name).suffix(3) == ["MSELoss", "CrossEntropyLoss", "Flatten"])
    }

    @Test func arrowsOnTheListLoadEachLayersSeedExample() throws {
        var workbench = try Workbench()
        workbench.handle(.down)
        #expect(workbench.expression == "nn.MaxPool2d((3, 2), stride=(2, 1))")
        #expect(workbench.draft.shape == [1, 16, 50, 32])
        workbench.handle(.character("k"))
        workbench.handle(.up)
        #expect(workbench.schema.name == "Flatten")
        for _ in 0..<21 {
            workbench.handle(.down)
            #expect(workbench.problem == nil, "\(workbench.expression): \(workbench.problem ?? "")")
            #expect(workbench.scene?.expression == workbench.expression)
        }
    }

    @Test func tabCyclesThePanes() throws {
        var workbench = try Workbench()
        workbench.handle(.tab)
        #expect(workbench.focus == .parameters)
        workbench.handle(.tab)
        #expect(workbench.focus == .scene)
        workbench.handle(.tab)
        #expect(workbench.focus == .layers)
        workbench.handle(.backTab)
        #expect(workbench.focus == .scene)
    }

    @Test func steppingAParameterChangesTheExpression() throws {
        var workbench = try Workbench()
        try select("kernel_size", on: &workbench)
        workbench.handle(.right)
        #expect(workbench.expression.hasPrefix("nn.Conv2d(16, 33, (4, 6), "))
        workbench.handle(.character(" "))
        #expect(workbench.component == .first)
        workbench.handle(.character("-"))
        #expect(workbench.expression.hasPrefix("nn.Conv2d(16, 33, (3, 6), "))
        workbench.handle(.character("d"))
        #expect(workbench.problem == nil)
        try select("padding_mode", on: &workbench)
        workbench.handle(.character("l"))
        #expect(workbench.expression.contains("padding_mode='reflect'"))
        #expect(workbench.scene?.expression == workbench.expression)
    }

    @Test func anInvalidValueKeepsTheLastPictureAndSaysWhy() throws {
        var workbench = try Workbench()
        load("nn.Conv2d(4, 6, 3)", on: &workbench)
        try select("groups", on: &workbench)
        workbench.handle(.right)
        #expect(workbench.expression == "nn.Conv2d(4, 6, 3, groups=2)")
        #expect(workbench.problem == nil)
        workbench.handle(.right)
        #expect(workbench.expression == "nn.Conv2d(4, 6, 3, groups=3)")
        #expect(workbench.problem?.contains("divisible by groups") == true)
        #expect(workbench.scene?.expression == "nn.Conv2d(4, 6, 3, groups=2)")
        // Stepping on through the invalid value works; back to a valid one clears the problem.
        workbench.handle(.left)
        #expect(workbench.problem == nil && workbench.scene?.expression == "nn.Conv2d(4, 6, 3, groups=2)")
    }

    @Test func aBadExpressionNamesTheRuleAndTheAppLivesOn() throws {
        var workbench = try Workbench()
        load("nn.Conv2d(4, 6, 3, groups=3)", on: &workbench)
        #expect(workbench.expression == "nn.Conv2d(4, 6, 3, groups=3)")
        #expect(workbench.problem?.contains("groups") == true)
        #expect(workbench.scene != nil)
        load("nn.Conv2d(", on: &workbench)
        #expect(workbench.message?.isError == true)
        #expect(workbench.message?.text.contains("column") == true)
        #expect(workbench.expression == "nn.Conv2d(4, 6, 3, groups=3)")
        load("nn.Conv3d(1, 1, 1)", on: &workbench)
        #expect(workbench.message?.text.contains("unknown layer 'Conv3d'") == true)
        load("nn.ReLU()", on: &workbench)
        #expect(workbench.problem == nil && workbench.scene?.expression == "nn.ReLU()")
    }

    @Test func everySeedExampleLoadsThroughThePrompt() throws {
        var workbench = try Workbench()
        for preset in Preset.seedExamples {
            load(preset.expression, on: &workbench)
            #expect(workbench.problem == nil, "\(preset.expression): \(workbench.problem ?? "")")
            #expect(workbench.expression == (try Catalog.arguments(parsing: preset.expression)).expression)
            #expect(Workbench.layers[workbench.layerIndex].name == workbench.schema.name)
        }
    }

    @Test func thePromptKeepsAHistory() throws {
        var workbench = try Workbench()
        load("nn.ReLU()", on: &workbench)
        load("nn.Tanh()", on: &workbench)
        workbench.handle(.character(":"))
        workbench.handle(.up)
        #expect(workbench.prompt?.editor.text == "nn.Tanh()")
        workbench.handle(.up)
        #expect(workbench.prompt?.editor.text == "nn.ReLU()")
        workbench.handle(.enter)
        #expect(workbench.expression == "nn.ReLU()")
        workbench.handle(.character(":"))
        type("nn.Sigmoid()", on: &workbench)
        workbench.handle(.escape)
        #expect(workbench.prompt == nil && workbench.expression == "nn.ReLU()")
    }

    @Test func aHundredKilobytePasteIsCutAtTheLimitAtOnce() throws {
        var workbench = try Workbench()
        workbench.handle(.character(":"))
        let paste = Array(String(repeating: "nn.ReLU() ", count: 10_000)).map(Key.character)
        #expect(paste.count == 100_000)
        // Every key costs the same however long the line is: 100,000 keys take well under a
        // second, even in a debug build (every key copied the whole line before, minutes in all).
        let elapsed = ContinuousClock().measure {
            for key in paste { workbench.handle(key) }
        }
        #expect(elapsed < .seconds(1), "a 100 KB paste took \(elapsed)")
        let editor = try #require(workbench.prompt?.editor)
        #expect(editor.characters.count == LineEditor.defaultLimit && editor.cursor == LineEditor.defaultLimit)
        #expect(editor.notice == "at most 4096 characters: the rest was dropped")
        // Submitted, the cut line is an ordinary mistake: one line of error, the program lives on.
        workbench.handle(.enter)
        #expect(workbench.prompt == nil && workbench.message?.isError == true)
        #expect(workbench.expression.hasPrefix("nn.Conv2d("))
    }

    @Test func enterTypesAParameterValue() throws {
        var workbench = try Workbench()
        load("nn.MaxPool2d(3, stride=2)", on: &workbench)
        try select("padding", on: &workbench)
        workbench.handle(.enter)
        #expect(workbench.prompt?.editor.text == "0")
        workbench.handle(.backspace)
        type("1", on: &workbench)
        workbench.handle(.enter)
        #expect(workbench.expression == "nn.MaxPool2d(3, stride=2, padding=1)")
        // PyTorch's rule: padding at most half the kernel.
        workbench.handle(.enter)
        workbench.handle(.backspace)
        type("2", on: &workbench)
        workbench.handle(.enter)
        #expect(workbench.problem?.contains("pad should be at most half of effective kernel size") == true)
        // A value of the wrong kind is refused with the parameter's name, and nothing changes.
        workbench.handle(.enter)
        workbench.handle(.control("u"))
        type("'x'", on: &workbench)
        workbench.handle(.enter)
        #expect(workbench.message?.isError == true)
        #expect(workbench.message?.text.hasPrefix("padding") == true)
        #expect(workbench.expression == "nn.MaxPool2d(3, stride=2, padding=2)")
    }

    @Test func pytorchsRulesForKernelsAndPaddingShowAsProblems() throws {
        var workbench = try Workbench()
        load("nn.Conv2d(1, 1, 10)", on: &workbench)
        #expect(workbench.problem == nil)
        try select("kernel_size", on: &workbench)
        workbench.handle(.right)
        #expect(workbench.problem?.contains("Kernel size can't be greater than actual input size") == true)
        #expect(workbench.scene?.expression == "nn.Conv2d(1, 1, 10)")
        load("nn.MaxPool2d(2)", on: &workbench)
        try select("padding", on: &workbench)
        workbench.handle(.right)
        #expect(workbench.problem == nil)
        workbench.handle(.right)
        #expect(workbench.problem?.hasPrefix("padding: pad should be at most half of effective kernel size") == true)
    }

    @Test func theShapeCommandSizesTheInput() throws {
        var workbench = try Workbench()
        load("shape 2,16,20,30", on: &workbench)
        #expect(workbench.scene?.input.shape == [2, 16, 20, 30])
        #expect(workbench.scene?.result.output.shape == [2, 33, 11, 30])
        #expect(workbench.message?.text == "input shape (2, 16, 20, 30)")
        load("shape 1,3,x", on: &workbench)
        #expect(workbench.message?.isError == true)
        #expect(workbench.message?.text.hasPrefix("shape: expected 1 to 6 non-negative sizes") == true)
        #expect(workbench.scene?.input.shape == [2, 16, 20, 30])
        // A shape the layer refuses is a problem like any other, with PyTorch's words.
        load("shape 1,3,8,8", on: &workbench)
        #expect(workbench.problem?.contains("expected input[1, 3, 8, 8] to have 16 channels") == true)
        load("shape", on: &workbench)
        #expect(workbench.problem == nil)
        #expect(workbench.scene?.input.shape == [1, 16, 10, 10])
        // The MaxPool2d example's own shape comes back too.
        workbench.handle(.down)
        load("shape 1,1,6,6", on: &workbench)
        load("shape", on: &workbench)
        #expect(workbench.draft.shape == [1, 16, 50, 32])
    }

    @Test func oOpensANpyFileAsTheInput() throws {
        let tensor = Tensor(shape: [1, 1, 3, 3], storage: (0..<9).map(Float.init))
        var workbench = try Workbench(state: try SceneState(expression: "nn.MaxPool2d(2)")) { path in
            guard path == "x.npy" else { throw SceneError("input: \(path): no such file") }
            return tensor
        }
        workbench.handle(.character("o"))
        type("missing.npy", on: &workbench)
        workbench.handle(.enter)
        #expect(workbench.message == Workbench.Message("input: missing.npy: no such file", isError: true))
        workbench.handle(.character("o"))
        type("x.npy", on: &workbench)
        workbench.handle(.enter)
        #expect(workbench.scene?.input == tensor)
        #expect(workbench.scene?.result.output.storage == [4])
        // The next pattern goes back to the layer's own shape.
        workbench.handle(.character("i"))
        #expect(workbench.scene?.input.shape == Scene.defaultShape(for: try #require(workbench.scene?.layer)))
    }

    @Test func sceneKeys() throws {
        var workbench = try Workbench()
        load("nn.Dropout(p=0.2)", on: &workbench)
        let mask = workbench.scene?.result.mask
        workbench.handle(.character("r"))
        #expect(workbench.draft.seed == 1)
        #expect(workbench.scene?.result.mask != mask)
        workbench.handle(.character("t"))
        #expect(workbench.draft.training == false)
        #expect(workbench.scene?.result.output == workbench.scene?.input)
        workbench.handle(.character("v"))
        #expect(workbench.scene?.view.name == workbench.scene?.views[1].name)
        workbench.handle(.character("V"))
        #expect(workbench.scene?.view.name == workbench.scene?.views[0].name)
        workbench.handle(.character("i"))
        #expect(workbench.draft.input != .pattern(.gradient))
        load("nn.BatchNorm2d(100)", on: &workbench)
        workbench.handle(.character("n"))
        #expect(workbench.draft.steps == 2)
        workbench.handle(.character("c"))
        #expect(workbench.scene?.channel == 1)
        workbench.handle(.character("C"))
        workbench.handle(.character("C"))
        #expect(workbench.scene?.channel == 99)
    }

    @Test func changingTheInputSizeParameterKeepsTheShapeInStep() throws {
        var workbench = try Workbench()
        load("nn.Linear(20, 30)", on: &workbench)
        workbench.handle(.character(":"))
        workbench.handle(.escape)
        // The seed's own shape (128, 20) follows in_features.
        while workbench.schema.name != "Linear" { workbench.handle(.down) }
        workbench.handle(.character("e"))
        #expect(workbench.draft.shape == [128, 20])
        try select("in_features", on: &workbench)
        workbench.handle(.right)
        #expect(workbench.expression == "nn.Linear(21, 30)")
        #expect(workbench.draft.shape == [128, 21])
        #expect(workbench.problem == nil)
    }

    @Test func examplesCycle() throws {
        var workbench = try Workbench()
        workbench.handle(.down)
        workbench.handle(.character("e"))
        #expect(workbench.expression == "nn.MaxPool2d(3, stride=2)")
        workbench.handle(.character("e"))
        #expect(workbench.expression == "nn.MaxPool2d((3, 2), stride=(2, 1))")
    }

    @Test func helpThemesAndQuit() throws {
        var workbench = try Workbench(themes: [.builtinDefault, Theme(name: "other", summary: "", styles: [:],
                                                                      sequential: ColorMap([.default]),
                                                                      diverging: ColorMap([.default]), series: [])])
        workbench.handle(.character("?"))
        #expect(workbench.showsHelp)
        workbench.handle(.character("t"))
        #expect(workbench.draft.training, "keys under the help do not reach the scene")
        workbench.handle(.escape)
        #expect(!workbench.showsHelp)
        workbench.handle(.character("T"))
        #expect(workbench.theme.name == "other")
        workbench.handle(.character("T"))
        #expect(workbench.theme.name == Theme.builtinDefault.name)
        workbench.handle(.character("?"))
        workbench.handle(.control("c"))
        #expect(workbench.wantsQuit)
        var other = try Workbench()
        other.handle(.character("q"))
        #expect(other.wantsQuit)
    }

    @Test func theMouseSelectsWhatIsDrawnWhereItClicks() throws {
        var workbench = try Workbench()
        let layout = WorkbenchLayout(width: 100, height: 30)
        let frame = WorkbenchScreen.render(workbench, width: 100, height: 30, color: false, ascii: true)
        let row = try #require(frame.grid.lines.firstIndex { $0.contains("  AvgPool2d") })
        mouse(.press, x: layout.layers.x + 3, y: row, on: &workbench)
        #expect(workbench.schema.name == "AvgPool2d")
        let frame2 = WorkbenchScreen.render(workbench, width: 100, height: 30, color: false, ascii: true)
        let paddingRow = try #require(frame2.grid.lines.firstIndex { $0.hasPrefix("| padding ") })
        mouse(.press, x: layout.parameters.x + 2, y: paddingRow, on: &workbench)
        #expect(workbench.focus == .parameters)
        #expect(workbench.selectedParameter?.name == "padding")
        mouse(.wheelUp, x: layout.parameters.x + 2, y: paddingRow, on: &workbench)
        #expect(workbench.expression == "nn.AvgPool2d((3, 2), stride=(2, 1), padding=1)")
        mouse(.press, x: layout.scene.x + 5, y: layout.scene.y + 5, on: &workbench)
        #expect(workbench.focus == .scene)
        // A click on a view's tab shows that view, in Unicode and in ASCII alike.
        for ascii in [false, true] {
            for name in ["divisor", "output", "window"] {
                let lines = WorkbenchScreen.render(workbench, width: 100, height: 30, color: false, ascii: ascii).grid.lines
                let y = try #require(lines.firstIndex { $0.contains("view:") })
                let range = try #require(lines[y].range(of: " \(name) "))
                let x = lines[y].distance(from: lines[y].startIndex, to: range.lowerBound) + 2
                mouse(.press, x: x, y: y, on: &workbench, ascii: ascii)
                #expect(workbench.scene?.view.name == name, "ascii \(ascii)")
            }
        }
    }

    @Test func noKeySequenceBreaksIt() throws {
        var workbench = try Workbench()
        let keys: [Key] = [.up, .down, .left, .right, .tab, .backTab, .enter, .escape, .backspace, .delete,
                           .home, .end, .pageUp, .pageDown, .function(1), .control("u"), .character(" ")]
            + "qjkhl+-=:vVcCioetrnT?dx(0,'".map { .character($0) }
        var rng = RandomSource(seed: 7)
        for i in 0..<3000 {
            var key = keys[Int(rng.next() % UInt64(keys.count))]
            if key == .character("q") { key = .character("x") }
            workbench.handle(key)
            if i % 97 == 0 {
                let frame = WorkbenchScreen.render(workbench, width: 80, height: 24, color: i % 2 == 0, ascii: i % 3 == 0)
                #expect(frame.grid.width == 80 && frame.grid.height == 24)
            }
        }
        #expect(!workbench.wantsQuit)
    }
}
