// TrainSupport: what `layerscope train` prints around the loop — each data set's recipe (its
// network, optimiser, batch size and epochs), the per-step record with its CSV and loss curve, and
// the progress line on standard error.

import CellRender
import Foundation
import LayerKit
import Scenes

/// A data set's own network and the settings that train it well.
struct TrainingRecipe {
    /// The network for `classes` classes.
    var model: (_ classes: Int) -> String
    var optimizer: String
    var batchSize: Int
    var epochs: Int

    func model(classes: Int) -> String { model(classes) }

    /// The small CNN of the digits: conv, ReLU, pool, flatten, linear.
    static let digitsCNN =
        "nn.Sequential(nn.Conv2d(1, 8, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(8 * 8 * 8, 10))"

    /// The recipe of a built-in data set (an unknown name is the data sets' own error).
    static func recipe(for name: String) throws -> TrainingRecipe {
        guard Datasets.names.contains(name) else { _ = try Datasets.make(name); throw CLIError("--data: unknown data set '\(name)'") }
        if name == "digits" {
            return TrainingRecipe(model: { _ in digitsCNN }, optimizer: "torch.optim.Adam(lr=0.01)", batchSize: 32, epochs: 3)
        }
        return TrainingRecipe(
            model: { "nn.Sequential(nn.Linear(2, 32), nn.Tanh(), nn.Linear(32, 32), nn.Tanh(), nn.Linear(32, \($0)))" },
            optimizer: "torch.optim.Adam(lr=0.01)", batchSize: 32, epochs: name == "spirals" ? 200 : 40)
    }
}

/// Every step's loss (and accuracy), for the log, the curve and the summary.
struct TrainingReport {
    let stepsPerEpoch: Int
    private(set) var losses: [Float] = []
    private(set) var accuracies: [Double?] = []

    mutating func record(_ step: TrainingStep) {
        losses.append(step.loss)
        accuracies.append(step.accuracy)
    }

    /// `3 epochs`, `1.5 epochs`.
    func epochText(_ steps: Int) -> String {
        let epochs = Double(steps) / Double(Swift.max(stepsPerEpoch, 1))
        let text = epochs == epochs.rounded() ? "\(Int(epochs))" : String(format: "%.2f", epochs)
        return text + (epochs == 1 ? " epoch" : " epochs")
    }

    /// `step,loss[,accuracy]`, one row per step; the loss as the float32 it is, every digit needed
    /// to read it back exactly.
    var csv: String {
        let withAccuracy = accuracies.contains { $0 != nil }
        var text = withAccuracy ? "step,loss,accuracy\n" : "step,loss\n"
        for (i, loss) in losses.enumerated() {
            text += "\(i + 1),\(loss)"
            if withAccuracy { text += "," + (accuracies[i].map { "\($0)" } ?? "") }
            text += "\n"
        }
        return text
    }

    /// The loss per step as a line plot of `width × height` cells, as text.
    func plot(width: Int, height: Int, ascii: Bool) -> String {
        let points = losses.enumerated().map { (x: Double($0.offset + 1), y: Double($0.element)) }
        let plot = LinePlot(series: [.init(name: "loss", points: points)], xLabel: "step", yLabel: "loss",
                            referenceX: [], referenceY: [])
        var grid = CellGrid(width: width, height: height)
        plot.draw(into: &grid, area: grid.bounds, options: RenderOptions(color: false, ascii: ascii))
        return TextOutput.plain(grid)
    }
}

/// The progress line on standard error: on a terminal one line redrawn in place (a bar, the step,
/// the loss, steps per second and the time left), at most ten times a second; otherwise a plain
/// line every tenth of the run.
struct ProgressLine {
    let total: Int
    let terminal: Bool
    /// Only ASCII characters (`--ascii`).
    var ascii = false
    private var lastDraw = -1.0
    private var nextPlainStep = 0

    init(total: Int, terminal: Bool, ascii: Bool = false) {
        self.total = total
        self.terminal = terminal
        self.ascii = ascii
        nextPlainStep = Swift.max(1, total / 10)
    }

    mutating func update(_ step: TrainingStep, elapsed: Double) {
        let rate = Double(step.step) / Swift.max(elapsed, 1e-9)
        let left = Double(total - step.step) / Swift.max(rate, 1e-9)
        if terminal {
            guard elapsed - lastDraw >= 0.1 || step.step == total else { return }
            lastDraw = elapsed
            let width = 24
            let filled = Int(Double(width) * Double(step.step) / Double(Swift.max(total, 1)))
            let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
            let text = "[\(bar)] step \(step.step)/\(total) · loss \(NumberFormat.compact(Double(step.loss), significant: 4))"
                + " · \(Int(rate.rounded())) steps/s · \(Self.clock(left)) left"
            let line = ascii ? asciiSpelling(text) : text
            // Never wider than the terminal: a wrapped line could not be redrawn in place.
            writeToStandardError("\r" + String(line.prefix(Swift.max(1, Self.terminalColumns() - 1))) + "\u{1B}[K")
        } else if step.step >= nextPlainStep || step.step == total {
            nextPlainStep = step.step + Swift.max(1, total / 10)
            writeToStandardError("step \(step.step)/\(total) epoch \(step.epoch) loss \(step.loss)"
                                 + (step.accuracy.map { String(format: " batch accuracy %.3f", $0) } ?? "")
                                 + String(format: " %.0f steps/s", rate) + "\n")
        }
    }

    func finish(elapsed: Double) {
        if terminal { writeToStandardError("\n") }
    }

    /// The width of the terminal on standard error (80 when it cannot be asked).
    static func terminalColumns() -> Int {
        var size = winsize()
        guard ioctl(STDERR_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return 80 }
        return Int(size.ws_col)
    }

    /// `1:05`, `0:03`.
    static func clock(_ seconds: Double) -> String {
        guard seconds.isFinite else { return "-" }
        let s = Int(seconds.rounded())
        return "\(s / 60):" + String(format: "%02d", s % 60)
    }
}
