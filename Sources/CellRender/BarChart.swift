// BarChart: labelled bars — class probabilities, per-channel statistics, losses — horizontal with
// eighth-block resolution or vertical, signed values growing away from a zero line, an optional
// fixed range, and a highlighted bar (the target class) that stays visible without colour.

/// A chart of labelled values as bars.
///
/// Bars grow from zero (or from the nearest end of the range when zero is outside it): positive
/// values right / up, negative values left / down. NaN draws no bar (its value reads "nan"); ±Inf
/// fills to the end of the range.
public struct BarChart: Sendable {
    /// Which way bars grow.
    public enum Orientation: Sendable, Hashable {
        /// One bar per row: label, bar, value.
        case horizontal
        /// One bar per column: value above, bar, label below.
        case vertical
    }

    /// One bar.
    public struct Bar: Sendable, Hashable {
        /// The bar's name (a class index, a channel).
        public var label: String
        /// Its value.
        public var value: Double
        /// Drawn in the accent style and marked with `*` (the target class, the chosen unit).
        public var highlighted: Bool

        /// A bar.
        public init(label: String, value: Double, highlighted: Bool = false) {
            self.label = label
            self.value = value
            self.highlighted = highlighted
        }
    }

    /// The bars, in drawing order (top to bottom, or left to right).
    public var bars: [Bar]
    /// Which way the bars grow.
    public var orientation: Orientation
    /// The value range of the bar axis (0...1 for probabilities); nil fits the finite values and 0.
    public var range: ClosedRange<Double>?
    /// Digits after the point in value texts (unless every value is a whole number); nil uses
    /// `NumberFormat.integerOrCompact`.
    public var decimals: Int?
    /// Formats value texts (overrides `decimals`).
    public var format: (@Sendable (Double) -> String)?
    /// Whether value texts are drawn.
    public var showValues: Bool

    /// A chart of `bars`.
    public init(bars: [Bar], orientation: Orientation = .horizontal, range: ClosedRange<Double>? = nil,
                decimals: Int? = nil, showValues: Bool = true, format: (@Sendable (Double) -> String)? = nil) {
        self.bars = bars
        self.orientation = orientation
        self.range = range
        self.decimals = decimals
        self.showValues = showValues
        self.format = format
    }

    /// A chart from parallel labels and values (the shorter sets the count); `highlight` is the
    /// index of the bar to highlight.
    public init(labels: [String], values: [Double], highlight: Int? = nil, orientation: Orientation = .horizontal,
                range: ClosedRange<Double>? = nil, decimals: Int? = nil, showValues: Bool = true,
                format: (@Sendable (Double) -> String)? = nil) {
        let bars = zip(labels, values).enumerated().map { i, pair in
            Bar(label: pair.0, value: pair.1, highlighted: i == highlight)
        }
        self.init(bars: bars, orientation: orientation, range: range, decimals: decimals,
                  showValues: showValues, format: format)
    }

    /// The text shown for a value: `format`'s; whole numbers without decimals when every finite
    /// value of the chart is one (counts, class indices: "3", not "3.00"); else `decimals` digits
    /// after the point when set, else compact ("0.25", "1500", "1.23e+03").
    public func valueText(_ v: Double) -> String {
        if let format { return format(v) }
        if decimals != nil, !valuesAreIntegral { return NumberFormat.fixed(v, decimals: decimals!) }
        return NumberFormat.integerOrCompact(v)
    }

    /// Whether every finite value is a whole number (and there is one).
    public var valuesAreIntegral: Bool {
        let finite = bars.map(\.value).filter(\.isFinite)
        return !finite.isEmpty && finite.allSatisfy(NumberFormat.isIntegral)
    }

    /// The range of the bar axis: the given one when finite, else from min(0, values) to
    /// max(0, values); an empty range becomes one unit wide.
    public func resolvedRange() -> ClosedRange<Double> {
        var lo = 0.0, hi = 0.0
        if let range, range.lowerBound.isFinite, range.upperBound.isFinite,
           (range.upperBound - range.lowerBound).isFinite {
            lo = range.lowerBound
            hi = range.upperBound
        } else {
            for b in bars where b.value.isFinite {
                lo = Swift.min(lo, b.value)
                hi = Swift.max(hi, b.value)
            }
            if !(hi - lo).isFinite { lo /= 2; hi /= 2 }
        }
        if lo == hi { hi = lo + 1 }
        return lo...hi
    }

    /// Draws the chart inside `area`; bars that do not fit are left out, labels are cut, and value
    /// texts are dropped before the bars get too short.
    public func draw(into grid: inout CellGrid, area: Rect, options: RenderOptions) {
        guard !area.isEmpty, !bars.isEmpty else { return }
        switch orientation {
        case .horizontal: drawHorizontal(into: &grid, area: area, options: options)
        case .vertical: drawVertical(into: &grid, area: area, options: options)
        }
    }

    /// Eighths of the axis covered by a bar: from `start` to `end` (from the axis origin), and
    /// whether it grows towards the axis end.
    func run(_ value: Double, length: Int) -> (start: Int, end: Int, positive: Bool)? {
        guard !value.isNaN, length > 0 else { return nil }
        let r = resolvedRange()
        let span = r.upperBound - r.lowerBound
        let base = Swift.min(r.upperBound, Swift.max(r.lowerBound, 0))
        let zero = Int(((base - r.lowerBound) / span * Double(length)).rounded()) * 8
        let v = Swift.min(r.upperBound, Swift.max(r.lowerBound, value))
        let end = Int(((v - r.lowerBound) / span * Double(length * 8)).rounded())
        return (Swift.min(zero, end), Swift.max(zero, end), end >= zero)
    }

    /// The glyph of axis cell `k` for a run, nil when the cell is empty.
    func glyph(cell k: Int, run: (start: Int, end: Int, positive: Bool), vertical: Bool, ascii: Bool) -> String? {
        let cover = Swift.min(run.end, (k + 1) * 8) - Swift.max(run.start, k * 8)
        guard cover > 0 else { return nil }
        if ascii { return cover >= 4 ? "#" : nil }
        if cover >= 8 { return "█" }
        if run.positive {
            return (vertical ? GlyphRamp.verticalEighths : GlyphRamp.horizontalEighths).glyphs[cover]
        }
        // Growing towards the origin: the partial cell is filled from its far side.
        if cover <= 2 { return vertical ? "▔" : "▕" }
        if cover <= 5 { return vertical ? "▀" : "▐" }
        return "█"
    }

    private func styles(_ bar: Bar, options: RenderOptions) -> (bar: Style, label: Style, value: Style) {
        if bar.highlighted {
            let accent = options.style(.accent)
            return (accent, accent, accent)
        }
        let barStyle = options.color ? Style(fg: options.theme.seriesColor(0)) : Style.plain
        let value = bar.value.isFinite ? options.style(.text) : options.style(.special)
        return (barStyle, options.style(.text), value)
    }

    private func drawHorizontal(into grid: inout CellGrid, area: Rect, options: RenderOptions) {
        let shown = Array(bars.prefix(area.height))
        let markerW = shown.contains { $0.highlighted } ? 2 : 0
        var labelW = shown.map { TextWidth.of($0.label) }.max() ?? 0
        let texts = shown.map { valueText($0.value) }
        var valueW = showValues ? (texts.map { TextWidth.of($0) }.max() ?? 0) : 0
        func barWidth() -> Int {
            area.width - markerW - (labelW > 0 ? labelW + 1 : 0) - (valueW > 0 ? valueW + 1 : 0)
        }
        if barWidth() < 4 { valueW = 0 }
        if barWidth() < 4 { labelW = Swift.max(0, area.width - markerW - 1 - 4) }
        let barW = Swift.max(0, barWidth())
        let barX = area.x + markerW + (labelW > 0 ? labelW + 1 : 0)
        for (i, bar) in shown.enumerated() {
            let y = area.y + i
            let s = styles(bar, options: options)
            if bar.highlighted { grid.put("*", x: area.x, y: y, style: s.label, clip: area) }
            if labelW > 0 {
                let label = TextWidth.pad(TextWidth.truncate(bar.label, to: labelW, ascii: options.ascii), to: labelW)
                grid.put(label, x: area.x + markerW, y: y, style: s.label, clip: area)
            }
            if let r = run(bar.value, length: barW) {
                for k in 0..<barW {
                    if let g = glyph(cell: k, run: r, vertical: false, ascii: options.ascii) {
                        grid.put(g, x: barX + k, y: y, style: s.bar, clip: area)
                    }
                }
            }
            if valueW > 0 {
                grid.put(TextWidth.pad(texts[i], to: valueW, alignRight: true), x: barX + barW + 1, y: y,
                         style: s.value, clip: area)
            }
        }
    }

    private func drawVertical(into grid: inout CellGrid, area: Rect, options: RenderOptions) {
        let texts = bars.map { valueText($0.value) }
        let labelW = bars.map { TextWidth.of($0.label) }.max() ?? 1
        let valueW = texts.map { TextWidth.of($0) }.max() ?? 1
        let widest = Swift.max(1, Swift.min(8, Swift.max(labelW, showValues ? valueW : 1)))
        let barW = Swift.max(1, Swift.min(widest, (area.width + 1) / bars.count - 1))
        let count = Swift.min(bars.count, (area.width + 1) / (barW + 1))
        let labelRows = area.height >= 2 ? 1 : 0
        let valueRows = showValues && area.height >= 3 ? 1 : 0
        let chart = Rect(x: area.x, y: area.y + valueRows, width: area.width,
                         height: area.height - labelRows - valueRows)
        for i in 0..<count {
            let bar = bars[i]
            let s = styles(bar, options: options)
            let x = area.x + i * (barW + 1)
            var valueRow = chart.maxY - 1
            if let r = run(bar.value, length: chart.height) {
                let zeroCell = (r.positive ? r.start : r.end) / 8
                valueRow = chart.maxY - 1 - zeroCell
                for k in 0..<chart.height {
                    guard let g = glyph(cell: k, run: r, vertical: true, ascii: options.ascii) else { continue }
                    let y = chart.maxY - 1 - k
                    grid.put(String(repeating: g, count: barW), x: x, y: y, style: s.bar, clip: chart)
                    if r.positive { valueRow = Swift.min(valueRow, y - 1) }
                }
                if !r.positive { valueRow = chart.maxY - 1 - zeroCell }
            }
            if valueRows > 0, TextWidth.of(texts[i]) <= barW {
                let w = TextWidth.of(texts[i])
                let y = Swift.max(area.y, valueRow)
                grid.put(texts[i], x: x + (barW - w + 1) / 2, y: y, style: s.value,
                         clip: Rect(x: area.x, y: area.y, width: area.width, height: area.height - labelRows))
            }
            if labelRows > 0 {
                var label = TextWidth.truncate(bar.label, to: barW, ascii: options.ascii)
                if bar.highlighted {
                    label = TextWidth.of("*" + bar.label) <= barW ? "*" + bar.label : "*"
                }
                let w = TextWidth.of(label)
                grid.put(label, x: x + (barW - w + 1) / 2, y: area.maxY - 1, style: s.label, clip: area)
            }
        }
    }
}
