// A state you can share: the command line `y` shows reproduces the screen — the same options parse
// back into the same state — and `ui` takes every option `render` takes.

import Foundation
@testable import layerscope
import LayerKit
import Scenes
import Testing

/// The shell words of a command line made by `SceneState.commandLine` (double quotes, backslash escapes).
@Suite struct ShareStateTests {
    @Test func theCommandLineParsesBackIntoTheSameState() throws {
        var state = try SceneState(expression: "nn.Conv2d(1, 2, 3, padding='same', padding_mode=\"reflect\")")
        state.shape = [1, 1, 9, 9]
        state.input = .pattern(.checkerboard)
        state.view = "receptive"
        state.channel = 1
        state.position = OutputPosition(row: 4, column: 2)
        state.seed = 7
        state.training = false
        state.steps = 3
        state.colorScope = .shared
        state.explain = true
        state.kernel = .sobelX
        state.kernelChannel = 1
        let line = state.commandLine
        #expect(line.hasPrefix("layerscope ui \"nn.Conv2d(1, 2, 3, padding='same', padding_mode='reflect')\" --shape 1,1,9,9"))
        let args = shellWords(line)
        #expect(Array(args.prefix(2)) == ["layerscope", "ui"])
        let command = try Interactive.parse(Array(args.dropFirst(2)))
        let back = try command.state.state(expression: try #require(command.expression))
        #expect(back == state, "\(line)")
        // The same options draw the same picture through render.
        let render = try Render.parse(Array(args.dropFirst(2)) + ["--color", "never"])
        let printed = try render.output(environment: [:]) { _ in }
        #expect(printed == (try Scene(state)).render(width: 80, height: 24, options: .mono).lines.joined(separator: "\n") + "\n")
    }

    @Test func typedValuesAndComparisonsRoundTrip() throws {
        var state = try SceneState(expression: "nn.Softmax(dim=1)")
        state.shape = [2, 3]
        state.values = [2, 1, 0.1, 0, -1.5, 5]
        state.view = "maps"
        let back = try {
            let args = shellWords(state.commandLine)
            let command = try Interactive.parse(Array(args.dropFirst(2)))
            return try command.state.state(expression: try #require(command.expression))
        }()
        #expect(back == state)
        var relu = try SceneState(expression: "nn.ReLU()")
        relu.compare = ["nn.GELU()", "nn.SELU()"]
        relu.xRange = 6
        let args = shellWords(relu.commandLine)
        let command = try Interactive.parse(Array(args.dropFirst(2)))
        #expect(try command.state.state(expression: try #require(command.expression)) == relu)
    }

    @Test func theCompactFormReadsBackToTheSameState() throws {
        var conv = try SceneState(expression: "nn.Conv2d(2, 4, (3, 5), stride=(2, 1), padding='valid')")
        conv.shape = [1, 2, 9, 11]
        conv.input = .pattern(.checkerboard)
        conv.view = "receptive"
        conv.position = OutputPosition(row: 2, column: 3)
        conv.channel = 1
        conv.seed = 7
        conv.training = false
        conv.steps = 2
        conv.explain = true
        conv.colorScope = .shared
        conv.values = [2, 1, 0.5]
        var relu = try SceneState(expression: "nn.ReLU()")
        relu.compare = ["nn.GELU()", "nn.LeakyReLU(0.1)"]
        relu.xRange = 6
        var loss = try SceneState(expression: "nn.CrossEntropyLoss(label_smoothing=0.1)")
        loss.target = .probabilities
        loss.targetValues = [0, 3, 1]
        for state in [conv, relu, loss] {
            let line = state.compactForm
            #expect(!line.contains("\n"))
            #expect(try SceneState(compact: line, option: "--state") == state, "\(line)")
            // The same line through the command line's --state option.
            let command = try Interactive.parse(["--state", line])
            #expect(try command.state.state(expression: nil) == state)
        }
        #expect(conv.compactForm.hasPrefix("nn.Conv2d(2, 4, (3, 5), stride=(2, 1), padding='valid') | shape=1,2,9,11 | input=checkerboard"))
        // Options given beside --state apply over it.
        let over = try Interactive.parse(["--state", conv.compactForm, "--seed", "9", "--train"])
        let changed = try over.state.state(expression: nil)
        #expect(changed.seed == 9 && changed.training && changed.steps == 1 && changed.view == "receptive")
    }

    @Test func aBrokenCompactStateIsOneLineNamingTheSetting() throws {
        let cases: [(String, String)] = [
            ("nn.ReLU() | shape=x", "--state: shape: expected 1 to 6 non-negative sizes"),
            ("nn.ReLU() | colour=red", "--state: colour: not a setting; the settings are shape, input"),
            ("nn.ReLU() | seed=1 | seed=2", "--state: seed: given twice"),
            ("nn.ReLU() | eval=no", "--state: eval: takes no value"),
            ("nn.ReLU() | view", "--state: view: needs a value, such as view=window"),
            ("nn.ReLU() | train | eval", "--state: train, eval: give one mode, not both"),
            ("nn.ReLU() || eval", "--state: an empty setting between two '|'"),
            (" | eval", "--state: expected a constructor first"),
            ("nn.ReLU() | steps=0", "--state: steps: must be between 1 and 10000 in train mode"),
        ]
        for (text, message) in cases {
            let error = #expect(throws: SceneError.self) { try SceneState(compact: text, option: "--state") }
            #expect(error?.description.hasPrefix(message) == true, "\(error?.description ?? "")")
        }
        let both = #expect(throws: CLIError.self) {
            _ = try Interactive.parse(["nn.ReLU()", "--state", "nn.ReLU()"]).state.state(expression: "nn.ReLU()")
        }
        #expect(both?.message.hasPrefix("--state: give the constructor either") == true)
    }

    @Test func yShowsTheLineAndAskForTheClipboard() throws {
        var workbench = try Workbench(expression: "nn.MaxPool2d(3, stride=2)")
        workbench.handle(.character("y"))
        let line = try #require(workbench.shared)
        #expect(line.hasPrefix("layerscope ui \"nn.MaxPool2d(3, stride=2)\""))
        #expect(workbench.clipboard == line)
        let frame = WorkbenchScreen.render(workbench, width: 80, height: 24, color: false, ascii: true)
        #expect(frame.grid.lines.contains { $0.contains("layerscope ui \"nn.MaxPool2d(3, stride=2)\"") })
        #expect(frame.grid.lines.contains { $0.contains("nn.MaxPool2d(3, stride=2) | shape=") || $0.contains("nn.MaxPool2d(3, stride=2)") && $0.contains("|") })
        workbench.clipboardTaken()
        workbench.handle(.character("v"))  // any key closes the box, and does nothing else
        #expect(workbench.shared == nil && workbench.clipboard == nil)
    }
}

@Suite struct KeepTheInputTests {
    @Test func anExpressionOfTheSameLayerOrGroupKeepsTheInput() throws {
        var workbench = try Workbench(expression: "nn.MaxPool2d(2)")
        func type(_ text: String) {
            workbench.handle(.character(":"))
            for c in text { workbench.handle(.character(c)) }
            workbench.handle(.enter)
        }
        type("shape 1,3,12,12")
        workbench.handle(.character("i"))  // another pattern
        let input = workbench.draft.input
        type("nn.MaxPool2d(3, stride=2, ceil_mode=True)")
        #expect(workbench.draft.shape == [1, 3, 12, 12] && workbench.draft.input == input)
        type("nn.AvgPool2d(3, stride=2)")
        #expect(workbench.draft.shape == [1, 3, 12, 12] && workbench.draft.input == input)
        type("nn.AdaptiveAvgPool2d(3)")
        #expect(workbench.draft.shape == [1, 3, 12, 12] && workbench.problem == nil)
        // Another layer that takes an image keeps it, its channels following the layer's own.
        type("nn.ReLU()")
        #expect(workbench.draft.shape == [1, 3, 12, 12] && workbench.draft.input == input)
        type("nn.BatchNorm2d(3)")
        #expect(workbench.draft.shape == [1, 3, 12, 12] && workbench.problem == nil)
        type("nn.Conv2d(6, 2, 3)")
        #expect(workbench.draft.shape == [1, 6, 12, 12] && workbench.problem == nil)
        type("nn.Dropout2d()")
        #expect(workbench.draft.shape == [1, 6, 12, 12] && workbench.draft.input == input)
        // A layer of another kind (a vector layer, a loss) starts from its own input.
        type("nn.Linear(4, 3)")
        #expect(workbench.draft.shape == nil)
        // Conv2d's in_channels sizes C: the kept shape follows it.
        var conv = try Workbench(expression: "nn.Conv2d(3, 4, 3)")
        conv.handle(.character(":"))
        for c in "shape 2,3,9,9" { conv.handle(.character(c)) }
        conv.handle(.enter)
        conv.handle(.character(":"))
        for c in "nn.Conv2d(5, 4, 3, stride=2)" { conv.handle(.character(c)) }
        conv.handle(.enter)
        #expect(conv.draft.shape == [2, 5, 9, 9])
        #expect(conv.problem == nil)
    }
}
