// Comparisons as pictures: three activations on one plot, max and average pooling of one input on
// one scale, MSE beside L1 on one curve and CrossEntropyLoss sweeping item 0's target logit; and the
// one-line errors of `:range` and `--compare`.

import CellRender
import LayerKit
@testable import Scenes
import Testing

/// The picture as text lines without trailing blanks, for comparing with a literal.
private func picture(_ state: SceneState, width: Int, height: Int) throws -> String {
    try Scene(state).render(width: width, height: height, options: .plainASCII).lines
        .map { String($0.reversed().drop { $0 == " " }.reversed()) }
        .joined(separator: "\n").trimmingCharacters(in: ["\n"])
}

@Suite struct ComparisonPictureTests {
    @Test func reluGeluAndSeluShareOnePlotWithALegend() throws {
        var state = try SceneState(expression: "nn.ReLU()")
        state.view = "curve"
        state.compare = try state.checkedComparisons(["nn.GELU(),nn.SELU()"])
        #expect(state.compare == ["nn.GELU()", "nn.SELU()"])
        #expect(try picture(state, width: 64, height: 20) == #"""
            nn.ReLU()                          ReLU * Non-linear activations
            input (4, 8) random -> output (4, 8) * train * seed 0
            ReLU(x) = max(0, x) * PyTorch takes ReLU'(0) = 0
            view:[curve] maps   f(x) and f'(x)
            x in [-4, 4] * 32 input values marked * kinks labelled
            3 activations on one plot * + adds, - removes * < > narrow or
            widen x
                                       - nn.GELU()  + nn.SELU()  x nn.ReLU()
            4+                               :                          +xxx
             |                               :                     +xxxxxx
             |                               :                 xxoxxx
            2+                               :            +xxoxx
             |                               :        oxxxx'
             |                               :   ooxoxx'
             |                               oooxo''
            0+xxxxxxxxxxxxxoxxxxxxoxoxooooooookink: f'- - - - - - - - - - -
             |                      ++++++   :
             |++++++++++++++++++++++         :
             ++--------------+---------------+--------------+--------------+
              -4             -2              0              2              4
            """#)
    }

    @Test func maxAndAveragePoolingOfOneInputOnOneScale() throws {
        var state = try SceneState(expression: "nn.MaxPool2d(2, dilation=2)")
        state.shape = [1, 1, 6, 6]
        state.input = .pattern(.gradient)
        state.view = "compare"
        // Dilation applies to the max only: the average's windows are solid, so its output is larger.
        #expect(try picture(state, width: 80, height: 24) == #"""
            nn.MaxPool2d(2, dilation=2)                                  MaxPool2d * Pooling
            input (1, 1, 6, 6) gradient -> output (1, 1, 2, 2) * train * seed 0
            H_out = floor((6 + 2*0 - 2*(2-1) - 1)/2) + 1 = 2
            W_out = floor((6 + 2*0 - 2*(2-1) - 1)/2) + 1 = 2
            view: window  output  indices [compare]  max and average pooling side by side
            AvgPool2d has no dilation: its windows are solid (dilation=2 applies to the max
            only)
            the same window through both, one colour scale for all three:
            nn.AvgPool2d(kernel_size=2, stride=None, padding=0, ceil_mode=False)
            input c0  6x6              output max c0  2x2         output avg c0  3x3
                ....::::----====++++   ====++++                   ....----++++
                ....::::----====++++   ====++++                   ....----++++
            ....::::----====++++++++   ++++####                   ----++++****
            ....::::----====++++++++   ++++####                   ----++++****
            ::::----====++++++++****   -1  .-=+*%@ 1 (0 centred)  ++++****%%%%
            ::::----====++++++++****                              ++++****%%%%
            ----====++++++++****####                              -1  .:-+*#%@ 1 (0 centred)
            ----====++++++++****####
            ====++++++++****####%%%%
            ====++++++++****####%%%%
            ++++++++****####%%%%@@@@
            ++++++++****####%%%%@@@@
            -1  .-=+*%@ 1 (0 centred)
            """#)
    }

    @Test func mseAndL1OnOneCurve() throws {
        var state = try SceneState(expression: "nn.MSELoss()")
        state.view = "curve"
        state.shape = [4]
        state.values = [1, -1, 0.5, 2]
        state.targetValues = [0, 0, 0, 0]
        #expect(try picture(state, width: 64, height: 20) == #"""
            nn.MSELoss()                                      MSELoss * Loss
            input (4,) typed * target (4,) -> output () * train * seed 0
            the target is typed (:target)
            loss = (x - y)^2 per element * reduction='mean'
            view: elements [curve] gradient   element 0/3
            loss (reduction='mean') = 1.5625
            input.flatten()[0] sweeps around its value 1; the rest stays; o
            is the current loss * nn.L1Loss on the same data for comparison
            c sweeps another element
                                                   - nn.MSELoss  + nn.L1Loss
             |                       :                                   .-'
             |                       :                                .-'
             |                       :                             .-'
            5+                       :                         .--'
             |..                     :                      /-'
             |  '--..                :                ..--''
             |+      ''---...        :        ...---''      ++++++++++++++++
             | ++++++++++++++++++++++++++++++onow+++++++++++
             +--------+--------------+--------------+--------------+--------
                      -2             0              2              4
            """#)
    }

    @Test func crossEntropySweepsTheTargetLogitAndTheLossFallsAsItRises() throws {
        var state = try SceneState(expression: "nn.CrossEntropyLoss()")
        state.view = "curve"
        state.shape = [2, 3]
        state.values = [0.5, -1, 2, 0, 1, -0.5]
        state.targetValues = [1, 0]
        #expect(try picture(state, width: 64, height: 20) == #"""
            nn.CrossEntropyLoss()                    CrossEntropyLoss * Loss
            input (2, 3) typed * target (2,) -> output () * train * seed 0
            the target is typed (:target)
            loss = -sum_c w_c*q_c*log softmax(x)_c * reduction='mean'
            view: classes  elements [curve] gradient   logit 0/2
            loss (reduction='mean') = 2.35284
            input[0, 1] (item 0's target logit) sweeps around its value -1;
            the rest stays; o is the current loss
            raising the target logit lowers the loss * c sweeps another
            logit
            4+''--..                                :
             |      '''--..                         :
             |             ''\-..                   :
             |                   '''--...           :
             |                           ''--onow   :
            2+                                  ''---...
             |                                      :   ''--\...
             |                                      :           '''-----....
             +--------+--------------+--------------+--------------+--------
                      -4             -2             0              2
            """#)
        // The swept points: the loss falls all the way as the target logit rises …
        let scene = try Scene(state)
        let loss = try #require(scene.layer as? any Loss)
        #expect(scene.sweptElement.index == 1)
        let target = scene.lossSweep(loss, element: 1, samples: 9).map(\.y)
        #expect(target.count == 9 && zip(target, target.dropFirst()).allSatisfy { $0 > $1 })
        // … and rises as another class's logit does (c picks it; the caption says which).
        state.channel = 1
        let other = try Scene(state)
        #expect(other.sweptElement == (2, "input[0, 2]"))
        let rising = other.lossSweep(loss, element: 2, samples: 9).map(\.y)
        #expect(zip(rising, rising.dropFirst()).allSatisfy { $0 < $1 })
        #expect(try picture(state, width: 64, height: 20).contains("raising another class's logit raises the loss"))
    }

    @Test func probabilityTargetsSweepTheMostLikelyClass() throws {
        var state = try SceneState(expression: "nn.CrossEntropyLoss()")
        state.view = "curve"
        state.shape = [2, 3]
        state.target = .probabilities
        state.targetValues = [0.1, 0.7, 0.2, 0.3, 0.3, 0.4]
        let scene = try Scene(state)
        #expect(scene.sweptElement == (1, "input[0, 1] (item 0's target logit)"))
    }

    @Test(arguments: [
        ("", "range: type a half-width or the ends lo,hi, such as 6 or -6,6"),
        ("wide", "range: 'wide' is not a number; type a half-width or the ends lo,hi, such as 6 or -6,6"),
        ("0", "range: the half-width must be positive, got 0"),
        ("-3", "range: the half-width must be positive, got -3"),
        ("6,-6", "range: lo must be below hi, got 6,-6"),
        ("1,2,3", "range: at most two numbers (lo,hi); got '1,2,3'"),
        ("-6,", "range: '' is not a number; type a half-width or the ends lo,hi, such as 6 or -6,6"),
        ("inf", "range: 'inf' is not a number; type a half-width or the ends lo,hi, such as 6 or -6,6"),
        ("2e6", "range: the half-width can be at most 1000000, got 2e+06"),
    ])
    func rangeMistakesAreOneLine(_ text: String, _ message: String) throws {
        #expect(throws: SceneError.self) { try SceneState.parseRange(text) }
        do { _ = try SceneState.parseRange(text) } catch { #expect("\(error)" == message) }
        var workbench = try Workbench(expression: "nn.Tanh()")
        workbench.handle(.character(":"))
        for c in "range " + text { workbench.handle(.character(c)) }
        workbench.handle(.enter)
        #expect(workbench.message?.isError == true)
        #expect(workbench.draft.xRange == 4)
    }

    @Test func rangesThatParse() throws {
        #expect(try SceneState.parseRange("6") == (6, true))
        #expect(try SceneState.parseRange(" -6 , 6 ") == (6, true))
        #expect(try SceneState.parseRange("-2,5") == (5, false))
        var workbench = try Workbench(expression: "nn.Tanh()")
        workbench.handle(.character(":"))
        for c in "range -2,5" { workbench.handle(.character(c)) }
        workbench.handle(.enter)
        #expect(workbench.draft.xRange == 5)
        #expect(workbench.message?.text == "x in [−5, 5] (curves are drawn symmetric about 0)")
    }

    @Test(arguments: [
        ("nn.ReLU()", ["nn.Softmax(dim=1)"], "--compare: nn.Softmax is not an element-wise activation"),
        ("nn.ReLU()", ["nn.ReLU()"], "--compare: nn.ReLU() is the layer itself; compare another activation or other parameters"),
        ("nn.ReLU()", ["nn.GELU()", "nn.GELU( )"], "--compare: nn.GELU( ) is given twice"),
        ("nn.ReLU()", ["nn.GELU(),"], "--compare: an empty expression; give one such as nn.GELU(), or a list such as nn.GELU(),nn.SELU()"),
        ("nn.ReLU()", ["nn.GELU(approximate='x')"], "--compare: nn.GELU(approximate='x'): approximate: approximate argument must be either none or tanh. (RuntimeError)"),
        ("nn.Conv2d(1, 1, 3)", ["nn.GELU()"], "--compare: nn.Conv2d has no activation curve; only an activation's curve view draws others beside it"),
    ])
    func compareMistakesAreOneLine(_ expression: String, _ items: [String], _ message: String) throws {
        let state = try SceneState(expression: expression)
        do {
            _ = try state.checkedComparisons(items)
            Issue.record("no error for \(items)")
        } catch {
            #expect("\(error)" == message)
        }
    }

    @Test func aListSplitsOnlyAtTopLevelCommas() {
        #expect(SceneState.splitExpressions("nn.LeakyReLU(0.2), nn.ELU(alpha=1.0)") == ["nn.LeakyReLU(0.2)", "nn.ELU(alpha=1.0)"])
        #expect(SceneState.splitExpressions("nn.GELU(approximate='a,b')") == ["nn.GELU(approximate='a,b')"])
    }

    @Test func anotherParameterOfTheSameActivationCompares() throws {
        let state = try SceneState(expression: "nn.LeakyReLU()")
        #expect(try state.checkedComparisons(["nn.LeakyReLU(0.2)"]) == ["nn.LeakyReLU(0.2)"])
    }
}
