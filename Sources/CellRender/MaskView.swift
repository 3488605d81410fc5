// MaskView: which units Dropout kept and which it zeroed — a grid of kept/dropped elements, a
// one-line count, and per-channel boxes for Dropout2d (one keep decision per channel).

/// A kept/dropped mask drawn as a grid: `█` kept, `·` dropped (ASCII `#` and `.`).
public struct MaskView: Sendable, Hashable {
    /// One flag per element, row-major; true means kept.
    public var kept: [Bool]
    /// Rows of the grid.
    public var rows: Int
    /// Columns of the grid.
    public var cols: Int
    /// Columns each element takes (2 looks square in most fonts).
    public var cellWidth: Int

    /// A mask of `rows` × `cols` flags (missing flags are drawn as nothing, extra ones ignored).
    public init(kept: [Bool], rows: Int, cols: Int, cellWidth: Int = 2) {
        self.kept = kept
        self.rows = rows
        self.cols = cols
        self.cellWidth = cellWidth
    }

    /// The text of one element, `width` columns wide.
    public static func element(kept: Bool, width: Int, ascii: Bool) -> String {
        let w = Swift.max(1, width)
        if kept { return String(repeating: ascii ? "#" : "█", count: w) }
        return (ascii ? "." : "·") + String(repeating: " ", count: w - 1)
    }

    /// The style of a kept or dropped element.
    public static func style(kept: Bool, options: RenderOptions) -> Style {
        options.style(kept ? .ok : .muted)
    }

    /// Draws the elements that fit whole inside `area`, from its top-left corner.
    public func draw(into grid: inout CellGrid, area: Rect, options: RenderOptions) {
        let w = Swift.max(1, cellWidth)
        guard rows > 0, cols > 0, !area.isEmpty else { return }
        let shownRows = Swift.min(rows, area.height)
        let shownCols = Swift.min(cols, area.width / w)
        guard shownCols > 0 else { return }
        for r in 0..<shownRows {
            for c in 0..<shownCols {
                let (index, overflow) = r.multipliedReportingOverflow(by: cols)
                guard !overflow, index + c < kept.count else { continue }
                let k = kept[index + c]
                grid.put(MaskView.element(kept: k, width: w, ascii: options.ascii), x: area.x + c * w,
                         y: area.y + r, style: MaskView.style(kept: k, options: options), clip: area)
            }
        }
    }

    /// "kept 19/24 (79%)": how many flags are true. The percentage is rounded, but never shows
    /// 0% when some were kept nor 100% when some were dropped; "kept 0/0" for no flags.
    public static func summary(_ kept: [Bool]) -> String {
        let total = kept.count
        let n = kept.reduce(0) { $0 + ($1 ? 1 : 0) }
        guard total > 0 else { return "kept 0/0" }
        var percent = (n * 100 + total / 2) / total
        if n < total { percent = Swift.min(percent, 99) }
        if n > 0 { percent = Swift.max(percent, 1) }
        return "kept \(n)/\(total) (\(percent)%)"
    }

    /// Draws per-channel keep decisions (Dropout2d): one row per channel, `c0 ██ kept` /
    /// `c1 ·  dropped`, when they all fit in the height; otherwise compact `label box` entries
    /// flowing across rows, as many as fit. `labels` default to `c0`, `c1`, ….
    public static func drawChannels(_ kept: [Bool], labels: [String]? = nil, into grid: inout CellGrid,
                                    area: Rect, options: RenderOptions) {
        guard !area.isEmpty, !kept.isEmpty else { return }
        let names = kept.indices.map { i in labels.flatMap { i < $0.count ? $0[i] : nil } ?? "c\(i)" }
        let labelW = names.map { TextWidth.of($0) }.max() ?? 0
        let ascii = options.ascii
        if kept.count <= area.height {
            for (i, k) in kept.enumerated() {
                let y = area.y + i
                var x = grid.put(TextWidth.pad(names[i], to: labelW), x: area.x, y: y, style: options.style(.text), clip: area)
                x = grid.put(" ", x: x, y: y, clip: area)
                x = grid.put(element(kept: k, width: 2, ascii: ascii), x: x, y: y, style: style(kept: k, options: options), clip: area)
                grid.put(k ? " kept" : " dropped", x: x, y: y, style: options.style(k ? .text : .error), clip: area)
            }
            return
        }
        // Compact: "c0██ c1·  c2██", wrapping; an entry that does not fit whole starts a new row.
        var x = area.x, y = area.y
        for (i, k) in kept.enumerated() {
            let entryW = TextWidth.of(names[i]) + 2
            if x > area.x, x + entryW > area.maxX {
                x = area.x
                y += 1
            }
            guard y < area.maxY else { return }
            x = grid.put(names[i], x: x, y: y, style: options.style(.muted), clip: area)
            x = grid.put(element(kept: k, width: 2, ascii: ascii), x: x, y: y, style: style(kept: k, options: options), clip: area)
            x += 1
        }
    }
}
