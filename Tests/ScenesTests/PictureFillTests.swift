// Pictures that fill the frame and cannot be misread: for every seed example, the picture uses
// most of the scene's rows at 120×40, grows with the terminal, draws compared maps at one cell
// scale (an output never larger than its input), and never cuts a sentence.

import CellRender
import LayerKit
@testable import Scenes
import Testing

/// The scene panel's inside in the interactive program at 120×40 (the side panes and borders off).
private let sceneAt120x40 = (width: 88, height: 36)

private func nonBlank(_ grid: CellGrid) -> Int {
    grid.lines.reduce(0) { $0 + $1.filter { $0 != " " }.count }
}

@Suite struct PictureFillTests {
    @Test(arguments: Preset.seedExamples)
    func theSeedPictureUsesMostOfTheRowsAt120x40(_ preset: Preset) throws {
        let scene = try Scene(preset.state())
        let lines = scene.render(width: sceneAt120x40.width, height: sceneAt120x40.height, options: .mono).lines
        let last = (lines.lastIndex { $0.contains { $0 != " " } } ?? 0) + 1
        #expect(Double(last) >= 0.7 * Double(sceneAt120x40.height),
                "\(preset.expression): the picture ends at row \(last) of \(sceneAt120x40.height)")
    }

    @Test(arguments: Preset.seedExamples)
    func theSeedPictureGrowsWithTheTerminal(_ preset: Preset) throws {
        let scene = try Scene(preset.state())
        let small = nonBlank(scene.render(width: 80, height: 24, options: .mono))
        let large = nonBlank(scene.render(width: 200, height: 60, options: .mono))
        #expect(Double(large) >= 1.8 * Double(small), "\(preset.expression): \(small) cells at 80×24, \(large) at 200×60")
    }

    @Test(arguments: Preset.seedExamples + Preset.variations)
    func comparedMapsShareOneCellScaleAndNoOutputOutgrowsItsInput(_ preset: Preset) throws {
        let scene = try Scene(preset.state())
        for view in scene.views {
            let shown = try scene.selecting(view: view.name, channel: 0, position: OutputPosition())
            for (width, height) in [(78, 22), (88, 36), (150, 56)] {
                let maps = shown.draw(width: width, height: height, options: .mono).drawnMaps
                let inputs = maps.filter { $0.title.hasPrefix("input") || $0.title.hasPrefix("padded input") }
                let outputs = maps.filter { $0.title.hasPrefix("output") }
                for input in inputs {
                    for output in outputs {
                        let what = "\(preset.expression) view \(view.name) at \(width)×\(height)"
                        #expect(input.scale == output.scale, "\(what): \(input.title) and \(output.title) at different scales")
                        if output.rows <= input.rows && output.cols <= input.cols {
                            #expect(output.rect.width <= input.rect.width && output.rect.height <= input.rect.height,
                                    "\(what): \(output.title) drawn larger than \(input.title)")
                        }
                    }
                }
            }
        }
    }

    @Test(arguments: [(80, 24), (120, 40)])
    func noCaptionIsCutMidSentence(_ size: (Int, Int)) throws {
        for preset in Preset.seedExamples + Preset.variations {
            let scene = try Scene(preset.state())
            for view in scene.views {
                let shown = try scene.selecting(view: view.name, channel: 0, position: OutputPosition())
                // The first line (the constructor) may be cut at a tiny width; nothing else is.
                for line in shown.render(width: size.0, height: size.1, options: .mono).lines.dropFirst() {
                    let trimmed = line.trimmingBlanks
                    #expect(!trimmed.hasSuffix("…"), "\(preset.expression) view \(view.name) at \(size): '\(trimmed)'")
                }
            }
        }
    }
}
