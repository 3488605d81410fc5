// `layerscope bench --network MODEL`: what the network view costs — steps a second of headless
// training (NetworkRun, test evaluations included), the time to draw one frame of the whole
// screen, and steps a second while the interactive program's loop draws a copy of the run every
// frame (the training thread and the drawing sharing the machine as they do in the terminal).

import CellRender
import Foundation
import LayerKit
import Scenes
import TerminalUI

enum NetworkViewBench {
    struct Report {
        var headless: Double
        var live: Double
        var frames: [Double]
        var drawn: Int
        var width: Int
        var height: Int

        var median: Double { frames.sorted()[frames.count / 2] }
        var worst: Double { frames.max() ?? 0 }
        var ratio: Double { live / Swift.max(headless, 1e-9) }

        var text: String {
            """
            headless training: \(format(headless)) steps/s
            frame at \(width)x\(height): median \(format(median, 2)) ms, worst \(format(worst, 2)) ms over \(frames.count)
            while drawing: \(format(live)) steps/s (\(format(ratio * 100))% of headless), \(drawn) frames drawn
            """
        }

        var json: String {
            "{\"headless_steps_per_s\": \(format(headless)), \"live_steps_per_s\": \(format(live)), "
                + "\"frame_ms_median\": \(format(median, 3)), \"frame_ms_worst\": \(format(worst, 3)), \"frames_drawn\": \(drawn)}"
        }

        private func format(_ value: Double, _ decimals: Int = 1) -> String { String(format: "%.\(decimals)f", value) }
    }

    static func run(_ expression: String, width: Int, height: Int, seconds limit: Double, repeat count: Int) throws -> Report {
        let setup = try NetworkSetup(expression: expression)
        let start = try NetworkRun(setup: setup)
        let clock = ContinuousClock()
        // Headless: steps for `limit` seconds.
        var run = start
        let began = clock.now
        while (clock.now - began).seconds < limit { try run.advance() }
        let headless = Double(run.step) / (clock.now - began).seconds
        // One frame of the whole screen (the workbench's, as the terminal gets it), `count` times.
        var workbench = try Workbench()
        workbench.evaluatesInBackground = true
        try workbench.openNetwork(setup)
        _ = workbench.takeNetworkCommands()
        workbench.receive(run)
        var frames: [Double] = []
        for _ in 0..<count {
            let t = clock.now
            _ = WorkbenchScreen.render(workbench, width: width, height: height, color: true, ascii: false)
            frames.append((clock.now - t).seconds * 1000)
        }
        // Live: the training thread plays; this thread draws each new copy, as the run loop does.
        try workbench.openNetwork(setup)
        let worker = TrainingWorker()
        defer { worker.stop() }
        worker.submit(workbench.takeNetworkCommands(), playing: true)
        let liveStart = clock.now
        var drawn = 0
        var last = start
        while (clock.now - liveStart).seconds < limit {
            if let (copy, error) = worker.take() {
                if let error { throw CLIError("--network: \(error)") }
                workbench.receive(copy)
                last = copy
                _ = WorkbenchScreen.render(workbench, width: width, height: height, color: true, ascii: false)
                drawn += 1
            }
            Thread.sleep(forTimeInterval: 0.033)
        }
        let live = Double(last.step) / (clock.now - liveStart).seconds
        return Report(headless: headless, live: live, frames: frames, drawn: drawn, width: width, height: height)
    }
}
