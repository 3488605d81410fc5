// The network view, driven as the interactive program drives it but without a training thread
// (the workbench applies its commands at once): opening, stepping, playing, the optimiser, the
// resets, a stage up close and changed, sharing, the bundled networks, overflow, and the screen at
// every size.

import CellRender
import LayerKit
import Scenes
import Testing

private let cnn = "nn.Sequential(nn.Conv2d(1, 8, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(8 * 8 * 8, 10))"
private let mlp = "nn.Sequential(nn.Linear(2, 16), nn.Tanh(), nn.Linear(16, 2))"

private func type(_ text: String, into workbench: inout Workbench) {
    workbench.handle(.character(":"))
    for c in text { workbench.handle(.character(c)) }
    workbench.handle(.enter)
}

private func screen(_ workbench: Workbench, width: Int = 120, height: Int = 40, ascii: Bool = false) -> String {
    WorkbenchScreen.render(workbench, width: width, height: height, color: false, ascii: ascii).grid.lines.joined(separator: "\n")
}

@Suite struct NetworkViewTests {
    @Test func aTypedSequentialOpensTheNetworkViewOnItsDataSet() throws {
        var workbench = try Workbench()
        type(cnn, into: &workbench)
        let bench = try #require(workbench.network)
        #expect(workbench.showsNetwork)
        #expect(bench.run.setup.data == "digits")
        #expect(bench.run.setup.optim == NetworkSetup.defaultOptim)
        #expect(bench.run.step == 0)
        // Step 0 is evaluated at once: a fresh 10-class network is near chance.
        #expect(bench.run.latestTest?.step == 0)
        let test = try #require(bench.run.latestTest?.evaluation)
        #expect(test.accuracy.map { $0 < 0.3 } == true)
        let shown = screen(workbench)
        #expect(shown.contains("LayerScope · network view"))
        #expect(shown.contains("digits (4000 train, 1000 test)"))
        #expect(shown.contains("▸[0] Conv2d") && shown.contains("[4] Linear"))
        #expect(shown.contains("the loss curves start at the"))
    }

    @Test func aStepIsTheHeadlessRunsStepExactly() throws {
        var workbench = try Workbench()
        type(mlp, into: &workbench)
        workbench.handle(.character("."))
        workbench.handle(.character("."))
        var headless = try NetworkRun(setup: try NetworkSetup(expression: mlp))
        try headless.advance(steps: 2)
        let run = try #require(workbench.network?.run)
        #expect(run.step == 2)
        #expect(run.losses == headless.losses)
        #expect(run.model.parameters == headless.model.parameters)
        // Paused after a step, the test set is evaluated at that step.
        #expect(run.latestTest?.step == 2)
    }

    @Test func playTakesAStepEachTickAndPauseStops() throws {
        var workbench = try Workbench()
        type(mlp, into: &workbench)
        workbench.handle(.character("p"))
        #expect(workbench.playing)
        for _ in 0..<5 { workbench.tick() }
        #expect(workbench.network?.run.step == 5)
        workbench.handle(.character("p"))
        #expect(!workbench.playing)
        workbench.tick()
        #expect(workbench.network?.run.step == 5)
        #expect(screen(workbench).contains("step 5 · epoch 1 · paused"))
    }

    @Test func theOptimiserIsTypedLikeAParameterAndCheckedAsPyTorchChecksIt() throws {
        var workbench = try Workbench()
        type(mlp, into: &workbench)
        type("optim torch.optim.SGD(lr=-1)", into: &workbench)
        #expect(workbench.message?.isError == true)
        #expect(workbench.message?.text.contains("Invalid learning rate: -1") == true, "\(String(describing: workbench.message))")
        #expect(workbench.network?.run.setup.optim == NetworkSetup.defaultOptim)
        type("optim torch.optim.Adam(lr=1e-3)", into: &workbench)
        #expect(workbench.network?.run.setup.optim == "torch.optim.Adam()")
        #expect(workbench.message?.text.hasPrefix("optimiser: torch.optim.Adam()") == true)
    }

    @Test func resetKeepsTheInitialisationAndRDrawsANewOne() throws {
        var workbench = try Workbench()
        type(mlp, into: &workbench)
        let initial = try #require(workbench.network?.run.model.parameters)
        for _ in 0..<3 { workbench.handle(.character(".")) }
        #expect(workbench.network?.run.model.parameters != initial)
        workbench.handle(.character("R"))
        #expect(workbench.network?.run.step == 0)
        #expect(workbench.network?.run.model.parameters == initial)
        workbench.handle(.character("r"))
        #expect(workbench.network?.run.setup.seed == 1)
        #expect(workbench.network?.run.model.parameters != initial)
    }

    @Test func aHugeLearningRateIsShownAsOverflowNotACrash() throws {
        var workbench = try Workbench()
        type(mlp, into: &workbench)
        type("optim torch.optim.SGD(lr=1e30)", into: &workbench)
        for _ in 0..<4 { workbench.handle(.character(".")) }
        let losses = try #require(workbench.network?.run.losses)
        #expect(losses.contains { !$0.isFinite || $0 > 1e6 }, "\(losses)")
        let shown = screen(workbench)
        #expect(shown.contains("overflow: the loss is") || shown.contains("exploded: the loss reached"), "\(shown)")
        for size in [(80, 24), (120, 40)] {
            let lines = WorkbenchScreen.render(workbench, width: size.0, height: size.1, color: true, ascii: false).grid.lines
            #expect(lines.count == size.1 && lines.allSatisfy { TextWidth.of($0) == size.0 })
        }
    }

    @Test func aStageOpensWithItsTrainedWeightsAndAChangeReinitialisesFromIt() throws {
        var workbench = try Workbench()
        type(cnn, into: &workbench)
        for _ in 0..<3 { workbench.handle(.character(".")) }
        let trained = try #require(workbench.network?.run.model)
        workbench.handle(.enter)
        #expect(!workbench.showsNetwork)
        let conv = try #require(workbench.scene?.layer as? Conv2d)
        #expect(conv.weight == (trained.stages[0] as? Conv2d)?.weight)
        #expect(workbench.draft.training == false)
        #expect(workbench.message?.text.contains("Esc: back to the network") == true)
        // Unchanged: back where it was.
        workbench.handle(.escape)
        #expect(workbench.showsNetwork && workbench.network?.run.step == 3)
        // The Linear stage changed in a way that keeps the shapes: it starts afresh, the stages
        // before it keep their trained weights, training restarts at step 0.
        workbench.handle(.right)
        workbench.handle(.right)
        workbench.handle(.right)
        workbench.handle(.right)
        workbench.handle(.enter)
        type("nn.Linear(512, 10, bias=False)", into: &workbench)
        workbench.handle(.escape)
        let run = try #require(workbench.network?.run)
        #expect(run.step == 0)
        #expect(run.model.expression.hasSuffix("nn.Linear(512, 10, bias=False))"))
        #expect((run.model.stages[0] as? Conv2d)?.weight == (trained.stages[0] as? Conv2d)?.weight)
        #expect(workbench.message?.text.contains("stage 4 is now nn.Linear(512, 10, bias=False): stage 4 is initialised afresh") == true,
                "\(String(describing: workbench.message))")
        // A change the next stage cannot take is refused, naming that stage; the network stays.
        workbench.handle(.left)
        workbench.handle(.left)
        workbench.handle(.left)
        workbench.handle(.left)
        workbench.handle(.enter)
        type("nn.Conv2d(1, 4, 3, padding=1)", into: &workbench)
        workbench.handle(.escape)
        #expect(workbench.message?.isError == true)
        #expect(workbench.message?.text.contains("stage 4, nn.Linear(512, 10, bias=False)") == true,
                "\(String(describing: workbench.message))")
        #expect(workbench.network?.run.model.expression == run.model.expression)
    }

    @Test func yGivesTheCommandLineOfTheNetworkAtItsStep() throws {
        var workbench = try Workbench()
        type(mlp, into: &workbench)
        type("optim torch.optim.Adam(lr=0.01)", into: &workbench)
        for _ in 0..<7 { workbench.handle(.character(".")) }
        workbench.handle(.character("y"))
        #expect(workbench.shared == "layerscope ui \"\(mlp)\" --data spirals --optim \"torch.optim.Adam(lr=0.01)\" --train-steps 7")
    }

    @Test func everyBundledNetworkOpensAndLearnsAStep() throws {
        var workbench = try Workbench()
        workbench.handle(.character("N"))
        #expect(workbench.network?.run.setup == NetworkSetup.examples[0].setup)
        var seen: Set<String> = []
        for _ in NetworkSetup.examples.indices {
            let run = try #require(workbench.network?.run)
            seen.insert(run.setup.expression + run.setup.data)
            workbench.handle(.character("."))
            #expect(workbench.network?.run.losses.first?.isFinite == true)
            workbench.handle(.character("e"))
        }
        #expect(seen.count == NetworkSetup.examples.count)
        // N goes back to the layers, and again to the network.
        workbench.handle(.character("N"))
        #expect(workbench.network == nil && workbench.scene != nil)
        workbench.handle(.character("N"))
        #expect(workbench.showsNetwork)
    }

    @Test func aLayerExpressionLeavesTheNetworkAndLayerKeysDoNothingInIt() throws {
        var workbench = try Workbench()
        type(mlp, into: &workbench)
        workbench.handle(.character("c"))
        #expect(workbench.message?.text == "'c' does nothing in the network view; ? lists the keys")
        type("nn.ReLU()", into: &workbench)
        #expect(workbench.network == nil)
        #expect(workbench.expression == "nn.ReLU()")
    }

    @Test func aNetworkThatDoesNotFitItsDataIsOneLine() throws {
        var workbench = try Workbench()
        type("nn.Sequential(nn.Linear(2, 4), nn.Linear(3, 2))", into: &workbench)
        #expect(workbench.network == nil)
        #expect(workbench.message?.isError == true)
        #expect(workbench.message?.text.contains("stage 1, nn.Linear(3, 2)") == true, "\(String(describing: workbench.message))")
        type("nn.Sequential(nn.Linear(2, 3))", into: &workbench)
        #expect(workbench.message?.text.contains("spirals has 2 classes, so it must end in 2 outputs") == true)
        type("nn.Sequential(nn.Linear(5, 2))", into: &workbench)
        #expect(workbench.message?.text.hasPrefix("data: give a data set") == true)
    }

    @Test func aClickOnTheStripSelectsAStageAndTheWheelStepsThem() throws {
        var workbench = try Workbench()
        type(cnn, into: &workbench)
        // At 120×40: the header row, three lines of the picture's own, then the strip's six cells
        // of 19 columns and a gap: [1] ReLU is the third.
        func click(_ x: Int, _ y: Int, _ action: MouseEvent.Action = .press) {
            let event = MouseEvent(action, x: x, y: y)
            workbench.handle(action, on: WorkbenchScreen.target(of: event, on: workbench, width: 120, height: 40, ascii: false))
        }
        click(45, 6)
        #expect(workbench.network?.view.stage == 1)
        #expect(WorkbenchScreen.render(workbench, width: 120, height: 40, color: false, ascii: false).grid.lines[4].contains("▸[1] ReLU"))
        click(5, 6)  // the input's cell: no stage
        #expect(workbench.network?.view.stage == 1)
        click(45, 20, .wheelDown)
        #expect(workbench.network?.view.stage == 2)
        click(45, 0)  // the header: nothing
        #expect(workbench.network?.view.stage == 2)
    }

    @Test func bracketsMoveTheOutputWhoseReceptiveFieldIsDrawn() throws {
        var workbench = try Workbench()
        type(ReceptiveFieldTests.twoConv, into: &workbench)
        for _ in 0..<3 { workbench.handle(.right) }
        /// The field drawn for the view's position, as the screen computes it.
        func field() throws -> ReceptiveField {
            let bench = try #require(workbench.network)
            var model = bench.run.model
            var context = ForwardContext(training: false)
            let trace = try model.forward(bench.run.testExample(bench.view.sample).input, context: &context)
            let output = trace.results[3].output
            let at = NetworkScreen.position(bench.view.position, rows: output.shape[2], columns: output.shape[3])
            return try #require(ReceptiveField(model: model, trace: trace, stage: 3, row: at.row, column: at.column))
        }
        #expect(try field().rows == 5...12 && field().columns == 5...12)
        #expect(screen(workbench, width: 200, height: 60).contains("input rows 5–12, columns 5–12"))
        workbench.handle(.character("]"))
        #expect(workbench.network?.view.position == OutputPosition(row: 4, column: 5))
        #expect(workbench.message?.text == "the receptive field of out[c, 4, 5] of stage 3")
        #expect(try field().rows == 5...12 && field().columns == 7...14)
        #expect(screen(workbench, width: 200, height: 60).contains("input rows 5–12, columns 7–14"))
        // Back past the start of the map: the last element, whose field the border cuts.
        for _ in 0..<38 { workbench.handle(.character("[")) }  // from index 37, (4, 5), past 0
        #expect(workbench.network?.view.position == OutputPosition(row: 7, column: 7))
        #expect(try field().rows == 11...15 && field().columns == 11...15)
        // A stage without maps says so; another stage starts at its centre.
        for _ in 0..<3 { workbench.handle(.right) }
        #expect(workbench.network?.view.position == nil)
        workbench.handle(.character("]"))
        #expect(workbench.message?.text.hasSuffix("stage 6 has no map") == true)
    }

    @Test func theNetworkViewSpeaksChinese() throws {
        var workbench = try Workbench()
        workbench.language = .zh
        type(cnn, into: &workbench)
        workbench.handle(.character("."))
        for size in [(80, 24), (120, 40)] {
            let lines = WorkbenchScreen.render(workbench, width: size.0, height: size.1, color: false, ascii: false).grid.lines
            let shown = lines.joined(separator: "\n")
            #expect(shown.contains("第 1 步 · 第 1 轮 · 已暂停"), "\(shown)")
            #expect(shown.contains("损失：本批 ") && shown.contains("准确率：测试集 "))
            #expect(shown.contains("走了一步 · p 开始训练"))
            #expect(lines.allSatisfy { TextWidth.of($0) == size.0 })
        }
        workbench.handle(.character("x"))
        let hints = WorkbenchScreen.render(workbench, width: 120, height: 40, color: false, ascii: false).grid.lines.last ?? ""
        #expect(hints.contains("'x' 在网络视图里不起作用"), "\(hints)")
    }

    @Test(arguments: [(0, 0), (1, 1), (5, 3), (30, 8), (79, 23), (80, 24), (120, 40), (200, 60)])
    func theScreenHasItsSizeAtAnySize(width: Int, height: Int) throws {
        var run = try NetworkRun(setup: try NetworkSetup(expression: mlp))
        try run.advance(steps: 3)
        for view in [NetworkView(), NetworkView(stage: 2, sample: 7, pane: .stage), NetworkView(pane: .result)] {
            let grid = NetworkScreen.render(run, view: view, width: width, height: height,
                                            options: RenderOptions(color: true, ascii: false))
            #expect(grid.lines.count == height)
            #expect(grid.lines.allSatisfy { TextWidth.of($0) == width })
        }
        let ascii = NetworkScreen.render(run, view: NetworkView(), width: width, height: height,
                                         options: RenderOptions(color: false, ascii: true))
        #expect(ascii.lines.allSatisfy { $0.unicodeScalars.allSatisfy { $0.value < 128 } })
    }
}

@Suite struct NetworkLessonTests {
    static let lesson = """
        title.en = "A network"
        title.zh = "一个网络"
        intro.en = "Intro."
        intro.zh = "简介。"

        [[step]]
        state = "nn.ReLU()"
        caption.en = "A layer first."
        caption.zh = "先看一层。"

        [[step]]
        network = "nn.Sequential(nn.Linear(2, 8), nn.Tanh(), nn.Linear(8, 2)) | optim=torch.optim.Adam(lr=0.01) | steps=40"
        caption.en = "This network after 40 steps."
        caption.zh = "这个网络训练 40 步之后。"

        [[step]]
        state = "nn.Tanh()"
        caption.en = "A layer again."
        caption.zh = "又是一层。"
        """

    @Test func aStepCanBeANetworkAfterKStepsComputedWhenOpened() throws {
        let lesson = try Lesson.read(text: Self.lesson, file: "net.toml", name: "net")
        #expect(lesson.steps[1].network?.steps == 40)
        var workbench = try Workbench()
        workbench.start(lesson)
        #expect(!workbench.showsNetwork)
        workbench.handle(.pageDown)
        let run = try #require(workbench.network?.run)
        #expect(workbench.showsNetwork)
        #expect(run.step == 40 && run.setup.optim == "torch.optim.Adam(lr=0.01)")
        var headless = try NetworkRun(setup: try NetworkSetup(expression: "nn.Sequential(nn.Linear(2, 8), nn.Tanh(), nn.Linear(8, 2))",
                                                              optim: "torch.optim.Adam(lr=0.01)"))
        try headless.advance(steps: 40)
        #expect(run.losses == headless.losses)
        // The lesson's keys still walk the steps in the network view; the band is drawn over it.
        let shown = WorkbenchScreen.render(workbench, width: 80, height: 24, color: false, ascii: false).grid.lines.joined(separator: "\n")
        #expect(shown.contains("This network after 40 steps."))
        workbench.handle(.pageDown)
        #expect(workbench.network == nil && workbench.expression == "nn.Tanh()")
        workbench.handle(.character("<"))
        #expect(workbench.showsNetwork)
    }

    @Test func aNetworkStepIsCheckedLikeAnyOther() throws {
        let bad = Self.lesson.replacingOccurrences(of: "nn.Linear(8, 2)) | optim", with: "nn.Linear(8, 3)) | optim")
        #expect(throws: LessonErrors.self) { try Lesson.read(text: bad, file: "net.toml", name: "net") }
        do {
            _ = try Lesson.read(text: bad, file: "net.toml", name: "net")
        } catch let error as LessonErrors {
            #expect(error.description.contains("net.toml:12: step[2].network: "), "\(error)")
            #expect(error.description.contains("spirals has 2 classes"), "\(error)")
        }
        let locked = Self.lesson.replacingOccurrences(of: "caption.en = \"This network", with: "lock = [\"x\"]\ncaption.en = \"This network")
        #expect(throws: LessonErrors.self) { try Lesson.read(text: locked, file: "net.toml", name: "net") }
        #expect(throws: (any Error).self) { try NetworkSetup(compact: "nn.Sequential(nn.Linear(2, 2)) | steps=-3") }
        #expect(throws: (any Error).self) { try NetworkSetup(compact: "nn.Sequential(nn.Linear(2, 2)) | speed=3") }
    }
}

@Suite struct ReceptiveFieldTests {
    static let twoConv = "nn.Sequential(nn.Conv2d(1, 8, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2), "
        + "nn.Conv2d(8, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(16 * 4 * 4, 10))"

    private func trace(_ expression: String, shape: [Int] = [1, 1, 16, 16]) throws -> (Sequential, Sequential.Trace) {
        var rng = RandomSource(seed: 0)
        var model = try Sequential(parsing: expression, rng: &rng)
        var context = ForwardContext(training: false)
        let trace = try model.forward(try rng.normalTensor(shape: shape), context: &context)
        return (model, trace)
    }

    /// By hand: out[c, 4, 4] of the second conv reads rows 3–5 of the pool's output, which reads
    /// rows 6–11 of the ReLU's, which the first conv (padding 1) makes from input rows 5–12.
    @Test func itGrowsThroughStackedConvolutionsAndPools() throws {
        let (model, trace) = try trace(Self.twoConv)
        let field = try #require(ReceptiveField(model: model, trace: trace, stage: 3, row: 4, column: 4))
        #expect(field.rows == 5...12 && field.columns == 5...12)
        #expect(field.growth.map(\.height) == [3, 6, 6, 8])
        // One conv alone: its 3×3 window, cut by the border at a corner (padding is not input).
        let corner = try #require(ReceptiveField(model: model, trace: trace, stage: 0, row: 0, column: 0))
        #expect(corner.rows == 0...1 && corner.columns == 0...1)
        // After the second pool: 10×10 for the centre of the 4×4 output.
        let last = try #require(ReceptiveField(model: model, trace: trace, stage: 5, row: 2, column: 2))
        #expect(last.rows == 5...14 && last.columns == 5...14)
        // Flatten and Linear read every cell: no window to trace.
        #expect(ReceptiveField(model: model, trace: trace, stage: 6, row: 0, column: 0) == nil)
        #expect(ReceptiveField(model: model, trace: trace, stage: 3, row: 8, column: 0) == nil)
    }

    @Test func dilationStrideAndAdaptivePoolsAreFollowed() throws {
        let (model, trace) = try trace("nn.Sequential(nn.Conv2d(1, 2, 3, stride=2, dilation=2), nn.AdaptiveAvgPool2d(2))")
        // Conv: output 6×6 from 16 (16 − 4 − 1)/2 + 1; out (0, 0) reads rows 0, 2, 4.
        let conv = try #require(ReceptiveField(model: model, trace: trace, stage: 0, row: 0, column: 0))
        #expect(conv.rows == 0...4)
        // The adaptive pool's bin 0 of 2 over 6 rows is rows 0–2; conv rows 0–2 read input rows 0–8.
        let pooled = try #require(ReceptiveField(model: model, trace: trace, stage: 1, row: 0, column: 0))
        #expect(pooled.rows == 0...8 && pooled.columns == 0...8)
    }
}
