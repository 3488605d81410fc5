// `layerscope render` end to end: the exact size, plain vs coloured output, ASCII only, HTML, and
// one-line errors with exit status 2 for every kind of bad input.

import Foundation
import Testing

@Suite struct RenderCommandTests {
    @Test func plainRendersAreExactlyTheSizeAskedFor() throws {
        let result = try runLayerScope(["render", "nn.MaxPool2d(3, stride=2)", "--size", "72x20", "--color", "never"])
        #expect(result.status == 0)
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(lines.count == 20)
        #expect(lines.allSatisfy { $0.count == 72 })
        #expect(lines.first?.hasPrefix("nn.MaxPool2d(3, stride=2)") == true)
        #expect(!result.stdout.contains("\u{1b}["))
    }

    @Test func asciiRendersHoldOnlyASCII() throws {
        let result = try runLayerScope(["render", "nn.Conv2d(16, 33, (3, 5), stride=(2, 1), padding=(4, 2), dilation=(3, 1))",
                                        "--ascii", "--color", "never", "--view", "receptive"])
        #expect(result.status == 0)
        #expect(result.stdout.unicodeScalars.allSatisfy { $0.value < 128 })
        #expect(result.stdout.contains("H_out = floor((10 + 2*4 - 3*(3-1) - 1)/2) + 1 = 6"))
    }

    @Test func colourIsUsedWhenAskedAndNotWhenPiped() throws {
        let always = try runLayerScope(["render", "nn.ReLU()", "--view", "maps", "--color", "always", "--depth", "256"])
        #expect(always.status == 0 && always.stdout.contains(";48;5;"))
        let truecolor = try runLayerScope(["render", "nn.Conv2d(1, 2, 3)", "--color", "always", "--depth", "truecolor"])
        #expect(truecolor.stdout.contains(";48;2;"))
        let sixteen = try runLayerScope(["render", "nn.Conv2d(1, 2, 3)", "--color", "always", "--depth", "16"])
        #expect(sixteen.stdout.contains("\u{1b}[") && !sixteen.stdout.contains("48;2;") && !sixteen.stdout.contains("48;5;"))
        let auto = try runLayerScope(["render", "nn.ReLU()"])  // stdout is a pipe here
        #expect(auto.status == 0 && !auto.stdout.contains("\u{1b}["))
    }

    @Test func htmlIsAPreBlock() throws {
        let result = try runLayerScope(["render", "nn.Dropout(p=0.2)", "--format", "html", "--color", "always"])
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("<pre"))
        #expect(result.stdout.contains("</pre>"))
    }

    @Test(arguments: [
        (["render", "nn.Conv2d(4, 6, 3, groups=3)"], "groups"),
        (["render", "nn.ReLU()", "--view", "kernel"], "view: 'kernel' is not a view of nn.ReLU"),
        (["render", "nn.ReLU()", "--size", "80by24"], "--size"),
        (["render", "nn.ReLU()", "--size", "0x24"], "--size"),
        (["render", "nn.ReLU()", "--shape", "2,x"], "--shape"),
        (["render", "nn.ReLU()", "--shape", "-1,3,8,8"], "error: --shape: expected 1 to 6 non-negative sizes separated by commas, such as 1,3,8,8; got '-1,3,8,8'\n"),
        (["render", "nn.ReLU()", "--shape=-1,3,8,8"], "error: --shape: expected 1 to 6 non-negative sizes separated by commas, such as 1,3,8,8; got '-1,3,8,8'\n"),
        (["render", "nn.Conv2d(3, 4, 3)", "--shape", "1,2,8,8"], "channels"),
        (["render", "nn.ReLU()", "--input", "noise"], "--input"),
        (["render", "nn.ReLU()", "--input", "missing.npy"], "--input missing.npy: no such file"),
        (["render", "nn.Conv2d(1, 1, 3", "--ascii"], "expected"),
        (["render", "nn.MaxPool2d(3)", "--shape", "1,1,2,2"], "Output size is too small"),
        (["render", "nn.ReLU()", "--color", "sometimes"], "--color"),
        (["render", "nn.ReLU()", "--steps", "0"], "--steps"),
    ])
    func badInputIsOneLineAndStatusTwo(_ arguments: [String], _ expected: String) throws {
        let result = try runLayerScope(arguments)
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1)
        #expect(result.stderr.contains(expected), "stderr: \(result.stderr)")
    }
}

/// `render --frames`: every frame of the sliding window, in order, as a snapshot
/// (`Snapshots/conv2d-frames-60x20.txt`; LAYERSCOPE_RECORD=1 rewrites it).
@Suite struct RenderFramesTests {
    @Test func theFramesOfASmallConvolutionAreASnapshot() throws {
        let arguments = ["render", "nn.Conv2d(1, 1, 3)", "--shape", "1,1,5,5", "--input", "gradient", "--frames",
                         "--size", "60x20", "--ascii", "--color", "never"]
        let result = try runLayerScope(arguments)
        #expect(result.status == 0, "\(result.stderr)")
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Snapshots/conv2d-frames-60x20.txt")
        if ProcessInfo.processInfo.environment["LAYERSCOPE_RECORD"] == "1" {
            try result.stdout.write(to: file, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOf: file, encoding: .utf8)
        #expect(result.stdout == expected)
        let headers = result.stdout.split(separator: "\n").filter { $0.hasPrefix("--- frame ") }
        #expect(headers.count == 9)
        #expect(headers.first == "--- frame 1 of 9: output[0, 0, 0] ---")
        #expect(headers.last == "--- frame 9 of 9: output[0, 2, 2] ---")
    }

    @Test func framesNeedAWindowAndAFewFrames() throws {
        let relu = try runLayerScope(["render", "nn.ReLU()", "--frames"])
        #expect(relu.status == 2 && relu.stderr.hasPrefix("error: --frames: nn.ReLU has no window to slide"))
        let big = try runLayerScope(["render", "nn.Conv2d(3, 16, 3)", "--shape", "1,3,40,40", "--frames"])
        #expect(big.status == 2 && big.stderr.hasPrefix("error: --frames: 23104 frames"))
    }
}
