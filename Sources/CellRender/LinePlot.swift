// LinePlot: curves of (x, y) points — an activation function, a loss over a sweep — drawn with
// braille dots (2×4 per cell) or an ASCII fallback, with axes, numeric ticks, reference lines,
// labelled markers and a legend.

/// A plot of one or more series of points, joined by straight lines.
///
/// NaN and ±Inf points are skipped and break the line. Without colour, a second and later series
/// are drawn with their own glyph (`+`, `x`, …) so that the legend still tells them apart.
public struct LinePlot: Sendable {
    /// One curve: a name for the legend and its points, joined in order.
    public struct Series: Sendable {
        /// The name shown in the legend.
        public var name: String
        /// The points, joined in this order.
        public var points: [(x: Double, y: Double)]

        /// A series of points.
        public init(name: String, points: [(x: Double, y: Double)]) {
            self.name = name
            self.points = points
        }

        /// A series from parallel arrays of x and y values (the shorter one sets the length).
        public init(name: String, x: [Double], y: [Double]) {
            self.init(name: name, points: Array(zip(x, y).map { (x: $0, y: $1) }))
        }

        /// `f` sampled at `count` evenly spaced points of `range` (at least 2, ends included).
        public static func sampled(name: String, over range: ClosedRange<Double>, count: Int = 200,
                                   _ f: (Double) -> Double) -> Series {
            let n = Swift.max(2, count)
            let step = (range.upperBound - range.lowerBound) / Double(n - 1)
            let points = (0..<n).map { i -> (x: Double, y: Double) in
                let x = i == n - 1 ? range.upperBound : range.lowerBound + Double(i) * step
                return (x, f(x))
            }
            return Series(name: name, points: points)
        }
    }

    /// A single point drawn with a marker glyph (`●`, ASCII `o`) and an optional short label.
    public struct Marker: Sendable, Hashable {
        /// Where the marker sits.
        public var x: Double
        /// Where the marker sits.
        public var y: Double
        /// Text drawn just right of the marker (or left of it at the right edge).
        public var label: String?

        /// A marker at (x, y).
        public init(x: Double, y: Double, label: String? = nil) {
            self.x = x
            self.y = y
            self.label = label
        }
    }

    /// The curves, drawn in order (later ones on top).
    public var series: [Series]
    /// Single points to mark (input values, kinks).
    public var markers: [Marker]
    /// The x range shown; nil fits the finite data (markers included).
    public var xRange: ClosedRange<Double>?
    /// The y range shown; nil fits the finite data (markers included).
    public var yRange: ClosedRange<Double>?
    /// Name of the x axis, right-aligned under it.
    public var xLabel: String?
    /// Name of the y axis, above it.
    public var yLabel: String?
    /// x values of vertical reference lines, drawn muted when strictly inside the x range.
    public var referenceX: [Double]
    /// y values of horizontal reference lines, drawn muted when strictly inside the y range.
    public var referenceY: [Double]

    /// A plot; by default the lines x = 0 and y = 0 are drawn for reference.
    public init(series: [Series], markers: [Marker] = [], xRange: ClosedRange<Double>? = nil,
                yRange: ClosedRange<Double>? = nil, xLabel: String? = nil, yLabel: String? = nil,
                referenceX: [Double] = [0], referenceY: [Double] = [0]) {
        self.series = series
        self.markers = markers
        self.xRange = xRange
        self.yRange = yRange
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.referenceX = referenceX
        self.referenceY = referenceY
    }

    /// Glyphs of the second and later series when colour cannot tell series apart.
    public static let monoSeriesGlyphs = ["+", "x", "%", "=", "~", "@"]

    /// The ranges actually shown: the given ones when finite, else fitted to the finite data;
    /// an empty or constant range is widened so that every value has a place.
    public func resolvedRanges() -> (x: ClosedRange<Double>, y: ClosedRange<Double>) {
        var xs: [Double] = [], ys: [Double] = []
        for s in series {
            for p in s.points where p.x.isFinite && p.y.isFinite {
                xs.append(p.x)
                ys.append(p.y)
            }
        }
        for m in markers where m.x.isFinite && m.y.isFinite {
            xs.append(m.x)
            ys.append(m.y)
        }
        return (LinePlot.resolve(xRange, xs), LinePlot.resolve(yRange, ys))
    }

    static func resolve(_ given: ClosedRange<Double>?, _ values: [Double]) -> ClosedRange<Double> {
        var lo = Double.infinity, hi = -Double.infinity
        if let given, given.lowerBound.isFinite, given.upperBound.isFinite,
           (given.upperBound - given.lowerBound).isFinite {
            lo = given.lowerBound
            hi = given.upperBound
        } else {
            for v in values {
                lo = Swift.min(lo, v)
                hi = Swift.max(hi, v)
            }
            if lo > hi { lo = 0; hi = 0 }
            if !(hi - lo).isFinite { lo = -Double.greatestFiniteMagnitude / 2; hi = Double.greatestFiniteMagnitude / 2 }
        }
        if lo == hi {
            let pad = lo == 0 ? 1 : Swift.abs(lo) * 0.5
            return (lo - pad)...(hi + pad)
        }
        return lo...hi
    }

    /// Whether every finite x, and every finite y, of the series is a whole number (a plot by
    /// training step, a count): that axis then gets whole-number ticks and labels without decimals.
    /// False for an axis without a finite point.
    public func integralAxes() -> (x: Bool, y: Bool) {
        var x = true, y = true, any = false
        for s in series {
            for p in s.points where p.x.isFinite && p.y.isFinite {
                any = true
                x = x && NumberFormat.isIntegral(p.x)
                y = y && NumberFormat.isIntegral(p.y)
            }
        }
        return (any && x, any && y)
    }

    /// A tick's label: whole numbers in plain digits on an integral axis.
    static func tickLabel(_ value: Double, integral: Bool) -> String {
        integral ? NumberFormat.integerOrCompact(value) : NumberFormat.compact(value)
    }

    /// Draws the plot inside `area`: a header row (y label, legend) when there is room, the y axis
    /// with tick labels on the left, the x axis with tick labels below, and the curves. Areas under
    /// 4 rows or 8 columns get the curves alone. An axis whose values are all whole numbers has
    /// ticks only at whole numbers.
    public func draw(into grid: inout CellGrid, area: Rect, options: RenderOptions) {
        guard !area.isEmpty else { return }
        let (xr, yr) = resolvedRanges()
        let integral = integralAxes()
        let showAxes = area.height >= 4 && area.width >= 8
        var rest = area
        var headerRow: Rect?
        if showAxes, area.height >= 6, series.count > 1 || (yLabel.map { !$0.isEmpty } ?? false) {
            let split = rest.splitTop(1)
            headerRow = split.top
            rest = split.rest
        }
        var plot = rest
        var yTicks: [(row: Int, label: String)] = []
        if showAxes {
            let rows = rest.height - 2
            let canvas = DotCanvas(width: 1, height: rows, ascii: options.ascii, xRange: xr, yRange: yr)
            for v in LinePlot.ticks(yr, maxCount: Swift.max(1, (rows - 1) / 2), integral: integral.y) {
                guard let row = canvas.row(ofY: v), !yTicks.contains(where: { $0.row == row }) else { continue }
                yTicks.append((row, LinePlot.tickLabel(v, integral: integral.y)))
            }
            var gutter = (yTicks.map { TextWidth.of($0.label) }.max() ?? 0) + 1
            if rest.width - gutter < 4 {
                yTicks = []
                gutter = 1
            }
            plot = Rect(x: rest.x + gutter, y: rest.y, width: rest.width - gutter, height: rows)
        }
        var canvas = DotCanvas(width: plot.width, height: plot.height, ascii: options.ascii, xRange: xr, yRange: yr)
        let muted = options.style(.muted)

        drawReferenceLines(into: &grid, plot: plot, canvas: canvas, options: options)
        if showAxes {
            drawAxes(into: &grid, plot: plot, area: area, canvas: canvas, yTicks: yTicks, integralX: integral.x,
                     options: options)
        }
        if let headerRow {
            drawHeader(into: &grid, row: headerRow, options: options, muted: muted)
        }

        for (i, s) in series.enumerated() {
            let glyph = seriesGlyph(i, options: options)
            var previous: (Double, Double)?
            for p in s.points {
                guard p.x.isFinite, p.y.isFinite else {
                    previous = nil
                    continue
                }
                let d = canvas.dot(p.x, p.y)
                if let q = previous {
                    canvas.segment(from: q, to: d, series: i, glyph: glyph)
                } else {
                    canvas.point(d, series: i, glyph: glyph)
                }
                previous = d
            }
        }
        for (index, cell) in canvas.cells.enumerated() where cell.series >= 0 {
            let style = options.color ? Style(fg: options.theme.seriesColor(cell.series)) : Style.plain
            grid.put(canvas.glyph(cell), x: plot.x + index % plot.width, y: plot.y + index / plot.width,
                     style: style, clip: plot)
        }
        drawMarkers(into: &grid, plot: plot, canvas: canvas, options: options)
    }

    /// The glyph series `i` is drawn with instead of dots, nil when dots (and colour) will do.
    func seriesGlyph(_ i: Int, options: RenderOptions) -> String? {
        guard !options.color, i > 0, series.count > 1 else { return nil }
        return LinePlot.monoSeriesGlyphs[(i - 1) % LinePlot.monoSeriesGlyphs.count]
    }

    private func drawReferenceLines(into grid: inout CellGrid, plot: Rect, canvas: DotCanvas, options: RenderOptions) {
        guard !plot.isEmpty else { return }
        let style = options.style(.muted)
        var columns: [Int] = []
        var rows: [Int] = []
        for v in referenceX where v.isFinite && v > canvas.xRange.lowerBound && v < canvas.xRange.upperBound {
            if let c = canvas.column(ofX: v) { columns.append(c) }
        }
        for v in referenceY where v.isFinite && v > canvas.yRange.lowerBound && v < canvas.yRange.upperBound {
            if let r = canvas.row(ofY: v) { rows.append(r) }
        }
        for r in rows {
            for c in 0..<plot.width {
                let glyph = options.ascii ? (c % 2 == 0 ? "-" : " ") : "┈"
                grid.put(glyph, x: plot.x + c, y: plot.y + r, style: style, clip: plot)
            }
        }
        for c in columns {
            for r in 0..<plot.height {
                let crossing = rows.contains(r)
                let glyph = options.ascii ? (crossing ? "+" : ":") : (crossing ? "┼" : "┊")
                grid.put(glyph, x: plot.x + c, y: plot.y + r, style: style, clip: plot)
            }
        }
    }

    private func drawAxes(into grid: inout CellGrid, plot: Rect, area: Rect, canvas: DotCanvas,
                          yTicks: [(row: Int, label: String)], integralX: Bool, options: RenderOptions) {
        let axis = options.style(.axis)
        let muted = options.style(.muted)
        let ascii = options.ascii
        let axisX = plot.x - 1
        let axisY = plot.maxY
        for r in 0..<plot.height {
            let tick = yTicks.contains { $0.row == r }
            grid.put(tick ? (ascii ? "+" : "┤") : (ascii ? "|" : "│"), x: axisX, y: plot.y + r, style: axis, clip: area)
        }
        for t in yTicks {
            let w = TextWidth.of(t.label)
            grid.put(t.label, x: axisX - w, y: plot.y + t.row, style: muted,
                     clip: Rect(x: area.x, y: plot.y, width: axisX - area.x, height: plot.height))
        }
        grid.put(ascii ? "+" : "└", x: axisX, y: axisY, style: axis, clip: area)
        var tickColumns: [(column: Int, label: String)] = []
        for v in LinePlot.ticks(canvas.xRange, maxCount: Swift.max(1, plot.width / 8), integral: integralX) {
            guard let c = canvas.column(ofX: v), !tickColumns.contains(where: { $0.column == c }) else { continue }
            tickColumns.append((c, LinePlot.tickLabel(v, integral: integralX)))
        }
        for c in 0..<plot.width {
            let tick = tickColumns.contains { $0.column == c }
            grid.put(tick ? (ascii ? "+" : "┬") : (ascii ? "-" : "─"), x: plot.x + c, y: axisY, style: axis, clip: area)
        }
        let labelRow = Rect(x: area.x, y: axisY + 1, width: area.width, height: 1)
        var reservedFrom = labelRow.maxX
        if let xLabel, !xLabel.isEmpty {
            let shown = TextWidth.truncate(xLabel, to: labelRow.width, ascii: ascii)
            reservedFrom = labelRow.maxX - TextWidth.of(shown)
            grid.put(shown, x: reservedFrom, y: labelRow.y, style: muted, clip: labelRow)
        }
        var freeFrom = labelRow.x
        for t in tickColumns {
            let w = TextWidth.of(t.label)
            var x = plot.x + t.column - (w - 1) / 2
            x = Swift.max(labelRow.x, Swift.min(x, labelRow.maxX - w))
            guard x >= freeFrom, x + w <= reservedFrom - (reservedFrom < labelRow.maxX ? 1 : 0) else { continue }
            grid.put(t.label, x: x, y: labelRow.y, style: muted, clip: labelRow)
            freeFrom = x + w + 1
        }
    }

    private func drawHeader(into grid: inout CellGrid, row: Rect, options: RenderOptions, muted: Style) {
        var x = row.x
        if let yLabel, !yLabel.isEmpty {
            x = grid.put(TextWidth.truncate(yLabel, to: row.width, ascii: options.ascii), x: row.x, y: row.y,
                         style: muted, clip: row)
        }
        guard series.count > 1 else { return }
        let entries = series.enumerated().map { i, s -> (key: String, name: String, style: Style) in
            let key = seriesGlyph(i, options: options) ?? (options.ascii ? "-" : "━")
            let style = options.color ? Style(fg: options.theme.seriesColor(i)) : Style.plain
            return (key, s.name, style)
        }
        let width = entries.reduce(0) { $0 + TextWidth.of($1.key) + 1 + TextWidth.of($1.name) } + 2 * (entries.count - 1)
        var cx = Swift.max(x == row.x ? row.x : x + 2, row.maxX - width)
        for (k, e) in entries.enumerated() {
            if k > 0 { cx += 2 }
            cx = grid.put(e.key, x: cx, y: row.y, style: e.style, clip: row)
            cx = grid.put(" " + e.name, x: cx, y: row.y, style: options.style(.text), clip: row)
        }
    }

    private func drawMarkers(into grid: inout CellGrid, plot: Rect, canvas: DotCanvas, options: RenderOptions) {
        let style = options.style(.accent)
        for m in markers where m.x.isFinite && m.y.isFinite {
            guard let c = canvas.column(ofX: m.x), let r = canvas.row(ofY: m.y) else { continue }
            grid.put(options.ascii ? "o" : "●", x: plot.x + c, y: plot.y + r, style: style, clip: plot)
            guard let label = m.label, !label.isEmpty else { continue }
            let w = TextWidth.of(label)
            let text: String, x: Int
            if c + 1 + w <= plot.width {
                (text, x) = (label, plot.x + c + 1)
            } else if c - w >= 0 {
                (text, x) = (label, plot.x + c - w)
            } else {
                (text, x) = (TextWidth.truncate(label, to: plot.width - c - 1, ascii: options.ascii), plot.x + c + 1)
            }
            grid.put(text, x: x, y: plot.y + r, style: options.style(.text), clip: plot)
        }
    }

    /// Round tick values (steps of 1, 2 or 5 × 10ⁿ) inside `range`, at most about `maxCount` + 1;
    /// `integral`: steps of 1 or more, so every tick is a whole number (none at all when the range
    /// holds no whole number).
    static func ticks(_ range: ClosedRange<Double>, maxCount: Int, integral: Bool = false) -> [Double] {
        let lo = range.lowerBound, hi = range.upperBound
        let raw = (hi - lo) / Double(Swift.max(1, maxCount))
        guard raw > 0, raw.isFinite else { return [lo] }
        var p = 1.0
        while p * 10 <= raw { p *= 10 }
        while p > raw { p /= 10 }
        let m = raw / p
        var step = (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p
        if integral { step = Swift.max(1, step) }
        let first = (lo / step).rounded(.up)
        var out: [Double] = []
        var k = first
        while out.count < 100 {
            var v = k * step
            if v > hi + step * 1e-9 { break }
            if Swift.abs(v) < step * 1e-9 { v = 0 }
            out.append(v)
            k += 1
        }
        return out
    }
}

/// The plot area as a grid of dots: braille (2×4 dots per cell) or ASCII (1×3 per cell).
struct DotCanvas {
    struct Dots {
        /// Braille dot bits, or ASCII sub-rows (1 top, 2 middle, 4 bottom).
        var bits: UInt8 = 0
        /// The last series that drew here (-1: none).
        var series = -1
        /// A glyph that replaces the dots (a monochrome series glyph).
        var glyph: String?
        /// Direction of the last segment through this cell: 1 rising, -1 falling, 0 vertical/none.
        var slope: Int8 = 0
    }

    let width: Int, height: Int
    let ascii: Bool
    let xRange: ClosedRange<Double>, yRange: ClosedRange<Double>
    let sx: Int, sy: Int
    var cells: [Dots]

    init(width: Int, height: Int, ascii: Bool, xRange: ClosedRange<Double>, yRange: ClosedRange<Double>) {
        self.width = Swift.max(0, width)
        self.height = Swift.max(0, height)
        self.ascii = ascii
        self.xRange = xRange
        self.yRange = yRange
        sx = ascii ? 1 : 2
        sy = ascii ? 3 : 4
        cells = Array(repeating: Dots(), count: self.width * self.height)
    }

    var dotsWide: Int { width * sx }
    var dotsHigh: Int { height * sy }

    /// Dot coordinates of a value (0 = left / top), clamped far outside so they stay finite.
    func dot(_ x: Double, _ y: Double) -> (Double, Double) {
        func scale(_ v: Double, _ r: ClosedRange<Double>, _ n: Int, flip: Bool) -> Double {
            let span = r.upperBound - r.lowerBound
            var t = span > 0 && span.isFinite ? (v - r.lowerBound) / span : 0.5
            if flip { t = 1 - t }
            let d = t * Double(Swift.max(0, n - 1))
            return d.isFinite ? Swift.max(-1e9, Swift.min(1e9, d)) : (d > 0 ? 1e9 : -1e9)
        }
        return (scale(x, xRange, dotsWide, flip: false), scale(y, yRange, dotsHigh, flip: true))
    }

    /// The cell column holding x, nil outside the plot.
    func column(ofX x: Double) -> Int? {
        let d = dot(x, yRange.lowerBound).0.rounded()
        guard d >= 0, d < Double(dotsWide) else { return nil }
        return Int(d) / sx
    }

    /// The cell row holding y, nil outside the plot.
    func row(ofY y: Double) -> Int? {
        let d = dot(xRange.lowerBound, y).1.rounded()
        guard d >= 0, d < Double(dotsHigh) else { return nil }
        return Int(d) / sy
    }

    mutating func set(_ dx: Int, _ dy: Int, series: Int, glyph: String?, slope: Int8) {
        guard dx >= 0, dy >= 0, dx < dotsWide, dy < dotsHigh else { return }
        let index = (dy / sy) * width + dx / sx
        cells[index].series = series
        cells[index].slope = slope
        if let glyph {
            cells[index].glyph = glyph
            return
        }
        cells[index].glyph = nil
        let cx = dx % sx, cy = dy % sy
        if ascii {
            cells[index].bits |= UInt8(1 << cy)
        } else {
            let braille: [[UInt8]] = [[0x01, 0x02, 0x04, 0x40], [0x08, 0x10, 0x20, 0x80]]
            cells[index].bits |= braille[cx][cy]
        }
    }

    /// A lone point.
    mutating func point(_ p: (Double, Double), series: Int, glyph: String?) {
        let x = p.0.rounded(), y = p.1.rounded()
        guard x >= 0, y >= 0, x < Double(dotsWide), y < Double(dotsHigh) else { return }
        set(Int(x), Int(y), series: series, glyph: glyph, slope: 0)
    }

    /// A straight line of dots, clipped to the plot (Liang–Barsky), then stepped (Bresenham).
    mutating func segment(from a: (Double, Double), to b: (Double, Double), series: Int, glyph: String?) {
        guard dotsWide > 0, dotsHigh > 0 else { return }
        var t0 = 0.0, t1 = 1.0
        let dx = b.0 - a.0, dy = b.1 - a.1
        let bounds: [(Double, Double)] = [
            (-dx, a.0 - (-0.49)), (dx, Double(dotsWide) - 0.51 - a.0),
            (-dy, a.1 - (-0.49)), (dy, Double(dotsHigh) - 0.51 - a.1),
        ]
        for (p, q) in bounds {
            if p == 0 {
                if q < 0 { return }
            } else {
                let r = q / p
                if p < 0 { t0 = Swift.max(t0, r) } else { t1 = Swift.min(t1, r) }
            }
        }
        guard t0 <= t1 else { return }
        var x0 = Int((a.0 + t0 * dx).rounded()), y0 = Int((a.1 + t0 * dy).rounded())
        let x1 = Int((a.0 + t1 * dx).rounded()), y1 = Int((a.1 + t1 * dy).rounded())
        // Screen y grows downwards: a segment going right and up is "rising".
        let slope: Int8 = dx == 0 ? 0 : ((dx > 0) == (dy < 0) ? 1 : -1)
        let stepX = x0 < x1 ? 1 : -1, stepY = y0 < y1 ? 1 : -1
        let ddx = Swift.abs(x1 - x0), ddy = -Swift.abs(y1 - y0)
        var err = ddx + ddy
        while true {
            set(x0, y0, series: series, glyph: glyph, slope: slope)
            if x0 == x1 && y0 == y1 { break }
            let e2 = 2 * err
            if e2 >= ddy { err += ddy; x0 += stepX }
            if e2 <= ddx { err += ddx; y0 += stepY }
        }
    }

    /// The glyph a cell shows.
    func glyph(_ cell: Dots) -> String {
        if let g = cell.glyph { return g }
        if !ascii { return String(Unicode.Scalar(0x2800 + UInt32(cell.bits))!) }
        switch cell.bits {
        case 1: return "'"
        case 2: return "-"
        case 4: return "."
        default: return cell.slope > 0 ? "/" : cell.slope < 0 ? "\\" : "|"
        }
    }
}
