// `layerscope bench` end to end: the report and its JSON line for a forward pass, a frame and a
// selection frame, every seed example in one run, and one-line errors with exit status 2.

import Foundation
import LayerKit
import Scenes
import Testing

/// The JSON object on the last line of a bench report.
private func lastJSON(_ stdout: String) throws -> [String: Any] {
    let last = stdout.split(separator: "\n").last.map(String.init) ?? ""
    return try #require(try JSONSerialization.jsonObject(with: Data(last.utf8)) as? [String: Any])
}

@Suite struct BenchCommandTests {
    @Test func forwardReportEndsWithJSON() throws {
        let result = try runLayerScope(["bench", "nn.Conv2d(2, 3, 3, padding='same')", "--shape", "2,2,9,9",
                                        "--repeat", "3", "--warmup", "1", "--threads", "2", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("median"))
        let report = try lastJSON(result.stdout)
        #expect(report["expr"] as? String == "nn.Conv2d(2, 3, 3, padding='same')")
        #expect(report["shape"] as? [Int] == [2, 2, 9, 9])
        #expect(report["output_shape"] as? [Int] == [2, 3, 9, 9])
        #expect(report["repeat"] as? Int == 3)
        #expect(report["threads"] as? Int == 2)
        #expect(report["mode"] as? String == "forward")
        let median = try #require(report["median_ms"] as? Double), minimum = try #require(report["min_ms"] as? Double)
        #expect(minimum >= 0 && minimum <= median)
    }

    @Test func framesAndSelectionFrames() throws {
        for (flags, mode) in [(["--render"], "render"), (["--render", "--reselect"], "reselect"),
                              (["--render", "--screen"], "screen"), (["--render", "--screen", "--reselect"], "screen-reselect"),
                              (["--render", "--screen", "--key", "t"], "screen-t")] {
            let result = try runLayerScope(["bench", "nn.MaxPool2d(2)", "--repeat", "2", "--size", "100x30", "--json"] + flags)
            #expect(result.status == 0, "\(result.stderr)")
            let report = try lastJSON(result.stdout)
            #expect(report["mode"] as? String == mode)
            #expect(report["size"] as? String == "100x30")
        }
    }

    @Test func theNetworkViewIsTimedHeadlessDrawnAndWhileDrawing() throws {
        let mlp = "nn.Sequential(nn.Linear(2, 8), nn.Tanh(), nn.Linear(8, 2))"
        let result = try runLayerScope(["bench", "--network", mlp, "--seconds", "1", "--repeat", "3", "--size", "80x24", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("frame at 80x24: median"))
        let report = try lastJSON(result.stdout)
        let headless = try #require(report["headless_steps_per_s"] as? Double), live = try #require(report["live_steps_per_s"] as? Double)
        #expect(headless > 0 && live > 0)
        // A copy is drawn at most 30 times a second: about 30 in a second, never many more.
        let drawn = try #require(report["frames_drawn"] as? Int)
        #expect((1...31).contains(drawn), "\(drawn) frames in a second")
        let bad = try runLayerScope(["bench", "--network", mlp, "--seconds", "0"])
        #expect(bad.status == 2 && bad.stderr.contains("--seconds: must be between 1 and 60"))
    }

    @Test func everyPresetInOneRun() throws {
        let result = try runLayerScope(["bench", "--all-presets", "--render", "--repeat", "1", "--warmup", "0", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let reports = result.stdout.split(separator: "\n").filter { $0.hasPrefix("{") }
        // One report per seed example: one per catalog layer.
        #expect(reports.count == Preset.seedExamples.count)
        #expect(reports.count == Catalog.layerTypes.count)
    }

    @Test(arguments: [
        (["bench", "nn.Conv2d(1, 1"], "error: expression:"),
        (["bench", "nn.ReLU()", "--repeat", "0"], "error: --repeat: must be between 1 and 10000, got 0"),
        (["bench", "nn.ReLU()", "--threads", "0"], "error: --threads: must be between 1 and 256, got 0"),
        (["bench", "nn.ReLU()", "--shape", "2,x"], "error: --shape:"),
        (["bench", "nn.ReLU()", "--shape", "-1,3,8,8"], "error: --shape: expected 1 to 6 non-negative sizes separated by commas, such as 1,3,8,8; got '-1,3,8,8'"),
        (["bench", "nn.ReLU()", "--shape=-1,3,8,8"], "error: --shape: expected 1 to 6 non-negative sizes separated by commas, such as 1,3,8,8; got '-1,3,8,8'"),
        (["bench", "nn.ReLU()", "--render", "--size", "0x5"], "error: --size:"),
        (["bench", "nn.ReLU()", "--reselect"], "error: --reselect: only with --render"),
        (["bench", "nn.ReLU()", "--screen"], "error: --screen: only with --render"),
        (["bench", "nn.ReLU()", "--render", "--key", "t"], "error: --key: only with --screen"),
        (["bench", "nn.ReLU()", "--render", "--screen", "--key", "w"], "error: --key: expected one key of the interactive program"),
        (["bench", "nn.Conv2d(4, 6, 3, groups=3)", "--render", "--screen"], "error: in_channels: in_channels must be divisible by groups"),
        (["bench", "nn.ReLU()", "--input", "noise"], "error: --input: 'noise' is not a pattern"),
        (["bench", "nn.Conv2d(3, 4, 3)", "--shape", "1,2,5,5"], "error: "),
        (["bench"], "error: missing EXPR (or --all-presets)"),
        (["bench", "nn.ReLU()", "--all-presets"], "error: --all-presets: give either EXPR or --all-presets, not both"),
    ])
    func badInputIsOneLineAndStatusTwo(arguments: [String], prefix: String) throws {
        let result = try runLayerScope(arguments)
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.hasPrefix(prefix), "\(result.stderr)")
        #expect(result.stderr.filter { $0 == "\n" }.count == 1)
    }
}
