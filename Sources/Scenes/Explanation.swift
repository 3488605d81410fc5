// Explanation: "how this number is made" — the computation of the selected output element with
// the real numbers, as each family's picture tells it (the window, the weights, the products and
// the sum for a convolution; the winning tap for a max pool; the term and the reduction for a loss),
// drawn in a panel under the view when the scene's `explain` is on (`x` in the interactive
// program, `render --explain`).

import CellRender
import LayerKit

/// The computation of one output element, ready to draw.
struct Explanation {
    /// What is explained, e.g. `output[0, 2, 3] = 0.4172`.
    var title: String
    /// The steps, in order, each a line (wrapped when long): formulas with the numbers put in.
    var lines: [(String, ThemeRole)]
    /// Small maps beside the lines (a window, the weights, the products), drawn at one scale.
    var panels: [MapPanel] = []

    init(_ title: String, lines: [(String, ThemeRole)], panels: [MapPanel] = []) {
        self.title = title
        self.lines = lines
        self.panels = panels
    }
}

extension Canvas {
    /// Draws an explanation in `area`: a titled rule, the maps (when there are any and room), and
    /// the lines wrapped beside or under them.
    mutating func draw(_ explanation: Explanation, in area: Rect, scope: ColorScope) {
        guard !area.isEmpty else { return }
        let (titleRow, body) = area.splitTop(1)
        let rule = options.ascii ? "-" : "─"
        // The phrase gives way before the number does.
        let long = text(rule + " how this number is made: " + explanation.title + " ")
        let title = TextWidth.of(long) <= titleRow.width ? long : text(rule + " " + explanation.title + " ")
        line(title + String(repeating: rule, count: Swift.max(0, titleRow.width - TextWidth.of(title))),
             in: titleRow, role: .accent)
        guard !body.isEmpty else { return }
        var textArea = body
        if !explanation.panels.isEmpty, body.width >= 60, body.height >= 4 {
            // Maps on the left, as wide as they need up to half the width; the lines on the right.
            // Labelled maps (numbers to read) need their numbers' width: those that do not fit in
            // half the width are left out, from the last, rather than drawn without numbers.
            func width(_ p: MapPanel) -> Int {
                p.labels ? Heatmap.labelCellWidth * p.plane.cols + 2 : Swift.max(12, 2 * p.plane.cols + 2)
            }
            var shown = explanation.panels
            while shown.count > 1, shown.map({ width($0) + 2 }).reduce(0, +) > body.width / 2 { shown.removeLast() }
            let needed = shown.map(width).reduce(0, +)
            let (maps, rest) = body.splitLeft(Swift.min(body.width / 2, needed + 2 * shown.count))
            panels(shown, in: maps, scope: scope, arrangement: .row)
            textArea = rest.inset(left: 2)
        }
        var rows: [(String, ThemeRole)] = []
        for (line, role) in explanation.lines {
            rows += wrapWords(text(line), width: textArea.width).map { ($0, role) }
        }
        if rows.count > textArea.height, textArea.height > 0 {
            rows = Array(rows.prefix(textArea.height - 1)) + [("+\(rows.count - textArea.height + 1) more lines (a taller terminal, or z)", .muted)]
        }
        lines(rows, in: textArea)
    }
}

extension Scene {
    /// The explanation of the selected element in this view, when the family gives one.
    var explanation: Explanation? { picture.explanation(of: self) }

    /// Whether this view explains its selected element (`explain` shows how it is made).
    public var explainsItsElement: Bool { explanation != nil }

    /// How many rows the explanation panel takes in a body of `height` rows: its title and lines,
    /// at most half the body (at least 4 rows when it is shown at all).
    func explanationRows(in body: Rect, canvas: Canvas) -> Int {
        guard state.explain, let e = explanation, body.height >= 8 else { return 0 }
        let width = e.panels.isEmpty || body.width < 60 ? body.width : body.width / 2 - 2
        let textRows = e.lines.reduce(0) { $0 + Swift.max(1, wrapWords(canvas.text($1.0), width: width).count) }
        let mapRows = e.panels.isEmpty ? 0 : (e.panels.map(\.plane.rows).max() ?? 0) + 3
        return Swift.max(4, Swift.min(body.height / 2, 1 + Swift.max(textRows, mapRows)))
    }
}

extension Scene {
    /// The selected element's index as PyTorch prints it: `[0, c, r, col]` for an NCHW tensor,
    /// `[c, r, col]` for CHW, `[r, col]` for a matrix, `[col]` for a vector, `[]` for a scalar.
    var elementIndex: String {
        let p = position
        let parts: [Int]
        switch result.output.rank {
        case 0: parts = []
        case 1: parts = [p.column]
        case 2: parts = [p.row, p.column]
        case 3: parts = [channel, p.row, p.column]
        default: parts = Array(repeating: 0, count: result.output.rank - 3) + [channel, p.row, p.column]
        }
        return "[" + parts.map(String.init).joined(separator: ", ") + "]"
    }
}
