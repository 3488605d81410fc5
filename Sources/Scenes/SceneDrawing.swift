// SceneDrawing: the pieces every family's views are made of — a 2-D plane cut from a tensor, a
// titled heatmap with its legend, side-by-side layouts — and the dispatch from a view to the family
// that draws it.

import CellRender
import LayerKit

/// A 2-D slice of a tensor, row-major.
struct Plane {
    var rows: Int
    var cols: Int
    var values: [Float]

    /// Plane (`batch`, `channel`) of an NCHW tensor; a CHW tensor's `channel`; a 2-D tensor whole;
    /// a vector as one row; a scalar as 1×1.
    init(_ t: Tensor, batch: Int = 0, channel: Int = 0) {
        switch t.rank {
        case 0:
            self.init(rows: 1, cols: 1, values: t.storage)
        case 1:
            self.init(rows: 1, cols: t.shape[0], values: t.storage)
        case 2:
            self.init(rows: t.shape[0], cols: t.shape[1], values: t.storage)
        default:
            let h = t.shape[t.rank - 2], w = t.shape[t.rank - 1]
            let channels = t.shape[t.rank - 3]
            // No such plane (an empty tensor, a channel past the end): an empty plane, so that no
            // drawing code indexes values that are not there. Past the first guard, h·w and the
            // plane index are at most the element count, so nothing below can overflow.
            guard t.count > 0, batch >= 0, channel >= 0, channel < channels else {
                self.init(rows: 0, cols: 0, values: [])
                return
            }
            let planes = t.count / (h * w)
            let index = t.rank == 3 ? channel : batch.multipliedReportingOverflow(by: channels).partialValue + channel
            guard index >= 0, index < planes, batch < planes else {
                self.init(rows: 0, cols: 0, values: [])
                return
            }
            self.init(rows: h, cols: w, values: Array(t.storage[(index * h * w)..<((index + 1) * h * w)]))
        }
    }

    init(rows: Int, cols: Int, values: [Float]) {
        self.rows = rows
        self.cols = cols
        self.values = values
    }
}

extension Canvas {
    /// One titled map with its legend, as large as `rect` allows; returns the map's rectangle.
    @discardableResult
    mutating func map(_ title: String, _ plane: Plane, in rect: Rect, scale: ValueScale? = nil,
                      marks: [CellMark] = [], labels: Bool = false, legend: Bool = true) -> Rect {
        panels([MapPanel(title, plane, marks: marks, scale: scale, labels: labels, legend: legend)], in: rect,
               scope: .local)[0]
    }
}

/// A plane of values with one value per channel, shown as a row.
func row(_ values: [Float]) -> Plane { Plane(rows: 1, cols: values.count, values: values) }

extension Scene {
    /// The header's formula lines: the family's.
    func arithmetic() -> [String] { picture.formula(self) }

    var inputHeight: Int { input.rank >= 2 ? input.shape[input.rank - 2] : 1 }
    var inputWidth: Int { input.rank >= 1 ? input.shape[input.rank - 1] : 1 }

    func shapeList(_ shape: [Int]) -> String {
        "(" + shape.map(String.init).joined(separator: ", ") + (shape.count == 1 ? ",)" : ")")
    }

    /// Draws the selected view into `body`: the family's picture does.
    func drawBody(_ canvas: inout Canvas, _ body: Rect) {
        guard !body.isEmpty else { return }
        picture.draw(viewNamed: view.name, of: self, on: &canvas, in: body)
    }

    /// Input and output at one cell scale (channel `channel` of the first item), with more
    /// panels after them when given.
    func drawInputOutput(_ canvas: inout Canvas, _ body: Rect, inputTitle: String = "input",
                         outputTitle: String = "output", extra: [MapPanel] = []) {
        let outChannel = Swift.min(channel, Scene.channelCount(of: result.output) - 1)
        var panels = [MapPanel("\(inputTitle) c\(channel)", Plane(input, channel: channel)),
                      MapPanel("\(outputTitle) c\(outChannel)", Plane(result.output, channel: outChannel))]
        // The element the drill-down explains, marked in both.
        if state.explain, explanation != nil {
            for i in panels.indices {
                var marks = [CellMark](repeating: .none, count: panels[i].plane.values.count)
                let at = position.row * panels[i].plane.cols + position.column
                if marks.indices.contains(at) { marks[at] = .highlight }
                // A windowed layer marks the window its element reads in the input.
                if i == 0, let window = explainedWindowMarks(rows: panels[0].plane.rows, cols: panels[0].plane.cols) { marks = window }
                panels[i].marks = marks
            }
        }
        canvas.panels(panels + extra, in: body, scope: state.colorScope)
    }
}

extension Array {
    /// The element at `i`, or nil when `i` is out of range (empty batches, channels past the end).
    subscript(safe i: Int) -> Element? {
        indices.contains(i) ? self[i] : nil
    }
}

extension Scene {
    /// An output panel as an animation shows it: the cells after the selected position (in reading
    /// order) not computed yet, while it plays.
    func revealed(_ panel: MapPanel) -> MapPanel {
        guard state.revealing else { return panel }
        var panel = panel
        let count = panel.plane.values.count
        let through = position.row * panel.plane.cols + position.column
        var marks = panel.marks.count == count ? panel.marks : [CellMark](repeating: .none, count: count)
        for i in (through + 1)..<Swift.max(through + 1, count) { marks[i] = .pending }
        panel.marks = marks
        return panel
    }
}
