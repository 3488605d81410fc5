// `render --compare`: a list or a repeated option draws the same plot; every mistake is one line on
// stderr naming --compare, with exit status 2.

import Foundation
import Testing

@Suite struct CompareOptionTests {
    @Test func aListAndARepeatedOptionDrawTheSamePlot() throws {
        let common = ["render", "nn.ReLU()", "--view", "curve", "--size", "72x20", "--ascii", "--color", "never"]
        let listed = try runLayerScope(common + ["--compare", "nn.GELU(), nn.SELU()"])
        let repeated = try runLayerScope(common + ["--compare", "nn.GELU()", "--compare", "nn.SELU()"])
        #expect(listed.status == 0 && repeated.status == 0)
        #expect(listed.stdout == repeated.stdout)
        #expect(listed.stdout.contains("- nn.GELU()  + nn.SELU()  x nn.ReLU()"))
        #expect(listed.stdout.contains("3 activations on one plot"))
    }

    @Test(arguments: [
        (["nn.ReLU()", "--compare", "nn.Softmax(dim=1)"], "error: --compare: nn.Softmax is not an element-wise activation\n"),
        (["nn.ReLU()", "--compare", "nn.ReLU()"], "error: --compare: nn.ReLU() is the layer itself; compare another activation or other parameters\n"),
        (["nn.ReLU()", "--compare", "nn.GELU(),nn.GELU()"], "error: --compare: nn.GELU() is given twice\n"),
        (["nn.ReLU()", "--compare", "GELU"], "error: --compare: GELU: expected '(' but found end of expression at column 5\n"),
        (["nn.ReLU()", "--compare", "nn.Gelu()"], "error: --compare: nn.Gelu(): "),
        (["nn.ReLU()", "--compare", "nn.GELU(approximate='x')"], "error: --compare: nn.GELU(approximate='x'): approximate: approximate argument must be either none or tanh."),
        (["nn.MaxPool2d(2)", "--compare", "nn.GELU()"], "error: --compare: nn.MaxPool2d has no activation curve; only an activation's curve view draws others beside it\n"),
    ])
    func mistakesAreOneLineAndStatusTwo(_ arguments: [String], _ expected: String) throws {
        let result = try runLayerScope(["render"] + arguments)
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.split(separator: "\n").count == 1)
        #expect(result.stderr.hasPrefix(expected), "stderr: \(result.stderr)")
    }
}
