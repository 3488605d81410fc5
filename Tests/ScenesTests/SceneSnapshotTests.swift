// Scene pictures: every seed example at 80×24 in monochrome as a snapshot file, and the properties
// every render must have — exact size, pure ASCII under --ascii, the layer named, a picture of its
// own — plus the edge cases: tiny and empty areas, non-finite inputs, invalid views and shapes.
//
// Snapshots live in Tests/ScenesTests/Snapshots; LAYERSCOPE_RECORD=1 rewrites them.

import CellRender
import Foundation
import LayerKit
import Scenes
import Testing

private let snapshotDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")

private func render(_ preset: Preset, width: Int = 80, height: Int = 24, options: RenderOptions = .mono,
                    view: String? = nil) throws -> CellGrid {
    var state = try preset.state()
    state.view = view
    return try Scene(state).render(width: width, height: height, options: options)
}

/// A file name for a preset: the layer name and, for repeated layers, a digest of the expression.
private func snapshotName(_ preset: Preset, view: String) -> String {
    let name = preset.expression.drop { $0 != "." }.dropFirst().prefix { $0 != "(" }
    return "\(name)-\(view).txt"
}

@Suite struct SceneSnapshotTests {
    @Test(arguments: Preset.seedExamples)
    func everyViewOfEverySeedExampleMatchesItsSnapshot(_ preset: Preset) throws {
        let state = try preset.state()
        for view in try Scene(state).views {
            let grid = try render(preset, view: view.name)
            let text = grid.lines.joined(separator: "\n") + "\n"
            let file = snapshotDirectory.appendingPathComponent(snapshotName(preset, view: view.name))
            let record = ProcessInfo.processInfo.environment["LAYERSCOPE_RECORD"] == "1"
            if record {
                try FileManager.default.createDirectory(at: snapshotDirectory, withIntermediateDirectories: true)
                try text.write(to: file, atomically: true, encoding: .utf8)
                continue
            }
            let expected = try? String(contentsOf: file, encoding: .utf8)
            #expect(expected != nil, "missing snapshot \(file.lastPathComponent); run with LAYERSCOPE_RECORD=1")
            if let expected { #expect(text == expected, "\(file.lastPathComponent) differs") }
        }
    }

    @Test(arguments: Preset.seedExamples)
    func rendersFitExactlyNameTheLayerAndStayASCII(_ preset: Preset) throws {
        for options in [RenderOptions.mono, .plainASCII, RenderOptions(color: true)] {
            let grid = try render(preset, options: options)
            #expect(grid.width == 80 && grid.height == 24)
            #expect(grid.lines.allSatisfy { TextWidth.of($0) == 80 })
            let layer = String(preset.expression.drop { $0 != "." }.dropFirst().prefix { $0 != "(" })
            #expect(grid.lines[0].contains("nn." + layer + "("))
            if options.ascii {
                #expect(grid.lines.allSatisfy { $0.unicodeScalars.allSatisfy { $0.value < 128 } })
            }
        }
    }

    @Test func everySeedLayerHasAPictureOfItsOwn() throws {
        var bodies = Set<String>()
        for preset in Preset.seedExamples {
            let lines = try render(preset).lines
            bodies.insert(lines.dropFirst(4).joined(separator: "\n"))
        }
        #expect(bodies.count == Preset.seedExamples.count)
    }

    @Test func colourRendersUseColourAndMonoRendersDoNot() throws {
        let preset = Preset.seedExamples[0]
        let colour = try render(preset, options: RenderOptions(color: true))
        #expect(colour.cells.contains { $0.style.bg != .default })
        let mono = try render(preset, options: .mono)
        #expect(mono.cells.allSatisfy { $0.style.fg == .default && $0.style.bg == .default })
    }

    @Test(arguments: [(0, 0), (1, 1), (2, 1), (10, 3), (30, 10), (60, 20), (200, 60)])
    func everyLayerSurvivesAnySize(_ size: (Int, Int)) throws {
        for preset in Preset.seedExamples + Preset.variations {
            for view in try Scene(preset.state()).views {
                let grid = try render(preset, width: size.0, height: size.1, options: .plainASCII, view: view.name)
                #expect(grid.width == size.0 && grid.height == size.1)
            }
        }
    }

    @Test func nonFiniteInputsAreShownNotFatal() throws {
        for preset in Preset.seedExamples {
            var state = try preset.state()
            let shape = try Scene(state).input.shape
            var values = try InputPattern.random.tensor(shape: shape, seed: 1)
            if values.count > 2 {
                values.storage[0] = .nan
                values.storage[1] = .infinity
                values.storage[2] = -.infinity
            }
            state.input = .tensor(values, name: "special")
            guard let scene = try? Scene(state) else { continue }  // a layer may reject it as PyTorch does
            for view in scene.views {
                state.view = view.name
                let grid = try Scene(state).render(width: 80, height: 24, options: .plainASCII)
                #expect(grid.height == 24)
            }
        }
    }

    @Test func emptyInputsDrawWithoutCrashing() throws {
        for (expression, shape) in [("nn.ReLU()", [0]), ("nn.Softmax(dim=1)", [0, 3]), ("nn.Linear(3, 2)", [0, 3]),
                                    ("nn.MSELoss()", [0, 5]), ("nn.Dropout()", [0, 4])] {
            var state = try SceneState(expression: expression)
            state.shape = shape
            let scene = try Scene(state)
            for view in scene.views {
                state.view = view.name
                let grid = try Scene(state).render(width: 80, height: 24, options: .mono)
                #expect(grid.lines[0].hasPrefix(expression))
            }
        }
    }

    @Test(arguments: Preset.seedExamples + Preset.variations)
    func emptyBatchesAndZeroSizedAxesDrawWithoutCrashing(_ preset: Preset) throws {
        let base = try preset.state()
        let shape = try base.shape ?? Scene.defaultShape(for: Scene(base).layer)
        // Each axis in turn set to 0: PyTorch refuses some (a layer error), and the rest must draw.
        for axis in shape.indices {
            var state = base
            state.shape = shape
            state.shape![axis] = 0
            guard let scene = try? Scene(state) else { continue }
            for view in scene.views {
                for channel in [0, 1, 5] {
                    state.view = view.name
                    state.channel = channel
                    state.position = OutputPosition(row: channel, column: channel * 3)
                    let grid = try Scene(state).render(width: 80, height: 24, options: .mono)
                    #expect(grid.width == 80 && grid.height == 24)
                }
            }
        }
    }

    @Test func unknownViewsAndBadShapesNameTheSetting() throws {
        var state = try SceneState(expression: "nn.ReLU()")
        state.view = "kernel"
        #expect(throws: SceneError.self) { try Scene(state) }
        do { _ = try Scene(state) } catch let error as SceneError {
            #expect(error.description == "view: 'kernel' is not a view of nn.ReLU; its views are curve, maps")
        }
        var conv = try SceneState(expression: "nn.Conv2d(3, 4, 3)")
        conv.shape = [1, 2, 8, 8]
        #expect(throws: LayerError.self) { try Scene(conv) }
    }

    @Test func theWindowViewFollowsThePosition() throws {
        var state = try SceneState(expression: "nn.MaxPool2d(2)")
        state.shape = [1, 1, 4, 4]
        state.input = .pattern(.gradient)
        state.position = OutputPosition(row: 1, column: 1)  // the window at rows 2–3, cols 2–3
        let lines = try Scene(state).render(width: 60, height: 16, options: .plainASCII).lines
        // The caption wraps onto a second line rather than being cut, and gives way before the
        // picture would be sampled: the 4×4 window shows every value, its taps in brackets.
        #expect(lines[6...7] == ["output[0, 1, 1] = 1 = max of the [] window starting at row  ",
                                 "2, col 2                                                    "])
        let top = try #require(lines.firstIndex { $0.hasPrefix("padded input c0") })
        #expect(lines[top...(top + 6)] == ["padded input c0  4x4           output c0  2x2               ",
                                           " -1.00  -0.67  -0.33   0.00     -0.33   0.33                ",
                                           " -0.67  -0.33   0.00   0.33      0.33 < 1.00>               ",
                                           " -0.33   0.00 [ 0.33][ 0.67]   -1  .::-=+*##%@ 1 (0 centred)",
                                           "  0.00   0.33 [ 0.67][ 1.00]   <> selected                  ",
                                           "-1  .::-=+*##%@ 1 (0 centred)                               ",
                                           "[] window                                                   "])
    }
}
