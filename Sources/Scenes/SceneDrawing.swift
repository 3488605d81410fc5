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
    /// A title row, the heatmap, and its legend row (when there is room); returns the heatmap's rect.
    @discardableResult
    mutating func map(_ title: String, _ plane: Plane, in rect: Rect, scale: ValueScale? = nil,
                      marks: [CellMark] = [], labels: Bool = false, legend: Bool = true) -> Rect {
        guard !rect.isEmpty else { return .zero }
        let (titleRow, rest) = rect.splitTop(1)
        line(title + "  \(plane.rows)×\(plane.cols)", in: titleRow, role: .title)
        let heatmap = Heatmap(rows: plane.rows, cols: plane.cols, values: plane.values, scale: scale,
                              mode: marks.isEmpty ? .auto : .glyphs, marks: marks,
                              labels: labels && plane.rows * plane.cols <= 64)
        // The legend gives way when keeping it would mean showing only every other value.
        var withLegend = legend && rest.height > 1
        if withLegend, heatmap.layout(width: rest.width, height: rest.height - 1, options: options).step > 1,
           heatmap.layout(width: rest.width, height: rest.height, options: options).step == 1 {
            withLegend = false
        }
        let (mapArea, legendRow) = withLegend ? rest.splitBottom(1) : (rest, Rect.zero)
        let lay = heatmap.draw(into: &grid, area: mapArea, options: options)
        var note = ""
        if lay.step > 1 { note = " (every \(lay.step)th value shown)" }
        if !legendRow.isEmpty {
            let legendArea = Rect(x: legendRow.x, y: Swift.min(legendRow.y, mapArea.y + lay.height),
                                  width: legendRow.width, height: 1)
            Legend(scale: heatmap.scale, counting: plane.values).draw(into: &grid, area: legendArea, options: options)
            if !note.isEmpty { note = "" }
        }
        if !note.isEmpty { line(note, in: Rect(x: titleRow.x, y: titleRow.y, width: titleRow.width, height: 1), role: .muted, dx: TextWidth.of(text(title)) + 8) }
        return Rect(x: mapArea.x, y: mapArea.y, width: lay.width, height: lay.height)
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

    /// Input and output side by side (channel `channel` of the first item).
    func drawInputOutput(_ canvas: inout Canvas, _ body: Rect, inputTitle: String = "input",
                         outputTitle: String = "output", sharedScale: Bool = false) {
        let halves = body.split(.horizontal, [.fill(1), .fill(1)], gap: 2)
        let inPlane = Plane(input, channel: channel)
        let outPlane = Plane(result.output, channel: Swift.min(channel, Scene.channelCount(of: result.output) - 1))
        var scale: ValueScale? = nil
        if sharedScale {
            scale = ValueScale.fit(inPlane.values, mode: .auto).union(ValueScale.fit(outPlane.values, mode: .auto))
        }
        canvas.map("\(inputTitle) c\(channel)", inPlane, in: halves[0], scale: scale, labels: true)
        canvas.map("\(outputTitle) c\(Swift.min(channel, Scene.channelCount(of: result.output) - 1))", outPlane,
                   in: halves[1], scale: scale, labels: true)
    }
}

extension Array {
    /// The element at `i`, or nil when `i` is out of range (empty batches, channels past the end).
    subscript(safe i: Int) -> Element? {
        indices.contains(i) ? self[i] : nil
    }
}
