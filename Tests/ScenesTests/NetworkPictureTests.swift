// NetworkPictureTests: the pipeline of an nn.Sequential as `render` draws it — the shape
// arithmetic from input to output, a titled map per stage, vectors on their own scale.

import CellRender
import LayerKit
@testable import Scenes
import Testing

@Suite struct NetworkPictureTests {
    static let cnn = "nn.Sequential(nn.Conv2d(1, 8, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(8 * 8 * 8, 10))"

    private func picture(_ expression: String, input shape: [Int]) throws -> NetworkPicture {
        var rng = RandomSource(seed: 0)
        let model = try Sequential(parsing: expression, rng: &rng)
        return try NetworkPicture(network: model, input: try rng.normalTensor(shape: shape), training: true, seed: 0,
                                  source: "random normal")
    }

    @Test(arguments: [(80, 24), (120, 40)])
    func theStripShowsEveryStageWithItsShape(width: Int, height: Int) throws {
        let lines = try picture(Self.cnn, input: [1, 1, 16, 16]).render(width: width, height: height, options: .plainASCII).lines
        #expect(lines.count == height && lines.allSatisfy { $0.count == width })
        let text = lines.joined(separator: "\n")
        // The wrapped header lines read as one text.
        let joined = lines.map { String($0.reversed().drop { $0 == " " }.reversed()) }.joined(separator: " ")
        #expect(joined.contains("(1, 16, 16) ->[0 Conv2d]-> (8, 16, 16) ->[1 ReLU]-> (8, 16, 16) ->[2 MaxPool2d]->"))
        #expect(joined.contains("->[3 Flatten]-> (512,) ->[4 Linear]-> (10,)"))
        for title in ["input", "[0] Conv2d", "[1] ReLU", "[3] Flatten", "[4] Linear"] {
            #expect(text.contains(title), "\(title) at \(width)x\(height):\n\(text)")
        }
        #expect(text.contains("5210 parameters"))
    }

    @Test func aTenClassOutputIsDrawnWholeNotSampled() throws {
        let lines = try picture(Self.cnn, input: [1, 1, 16, 16]).render(width: 120, height: 40, options: .plainASCII).lines
        let title = try #require(lines.firstIndex { $0.hasPrefix("[4] Linear (10,)") })
        #expect(!lines[title].contains("1:"), "the 10 outputs are sampled: \(lines[title])")
    }

    @Test func tinyAndEmptyAreasDrawNothingAndDoNotCrash() throws {
        let network = try picture("nn.Sequential(nn.Linear(2, 3), nn.Tanh())", input: [1, 2])
        for (w, h) in [(0, 0), (1, 1), (10, 3)] {
            let grid = network.render(width: w, height: h, options: .plainASCII)
            #expect(grid.width == w && grid.height == h)
        }
    }
}
