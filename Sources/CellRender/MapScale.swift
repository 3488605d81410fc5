// MapScale: the geometry of one map's cells — how many columns and rows a value takes, as glyphs or
// as half blocks, and whether only every step-th value is shown — and MapLayout, what a map drawn
// at a scale shows of its data and what it leaves out. Maps that are compared (an input and its
// output, a mask beside them) are drawn at one scale, so that equal sizes look equal.

/// The cell geometry of a map: `cellWidth` columns × `cellHeight` rows per value.
///
/// Zooms are whole: glyph cells are `2k` columns by `k` rows (about square in most fonts), half-block
/// cells `k` columns by `k` half rows. A scale with `step` > 1 shows every `step`-th row and column.
public struct MapScale: Sendable, Hashable {
    /// Whether values are half blocks (`▄`: two value rows per text row; needs colour).
    public var halfBlock: Bool
    /// Columns per value (at least 1).
    public var cellWidth: Int
    /// Rows per value (at least 1): text rows with glyphs, half rows with half blocks.
    public var cellHeight: Int
    /// Every `step`-th row and column is shown (1: every value).
    public var step: Int

    public init(halfBlock: Bool = false, cellWidth: Int = 1, cellHeight: Int = 1, step: Int = 1) {
        self.halfBlock = halfBlock
        self.cellWidth = Swift.max(1, cellWidth)
        self.cellHeight = Swift.max(1, cellHeight)
        self.step = Swift.max(1, step)
    }

    /// Glyph cells `2·zoom` columns by `zoom` rows.
    public static func glyphs(zoom: Int) -> MapScale {
        let k = Swift.max(1, zoom)
        return MapScale(cellWidth: k.multipliedReportingOverflow(by: 2).overflow ? Int.max : 2 * k, cellHeight: k)
    }

    /// Half-block cells `zoom` columns by `zoom` half rows.
    public static func halfBlocks(zoom: Int) -> MapScale {
        MapScale(halfBlock: true, cellWidth: zoom, cellHeight: zoom)
    }

    /// One column and one row (or half row) per value, every `step`-th value.
    public static func sampled(step: Int, halfBlock: Bool = false) -> MapScale {
        MapScale(halfBlock: halfBlock, step: step)
    }

    /// "1:2" when every 2nd value is shown, "" when every value is.
    public var samplingText: String { step > 1 ? "1:\(step)" : "" }

    /// The same cells drawn with glyphs: a half-block cell `k` half rows tall becomes ⌈k/2⌉ text rows.
    public var asGlyphs: MapScale {
        guard halfBlock else { return self }
        return MapScale(cellWidth: cellWidth, cellHeight: cellHeight / 2 + cellHeight % 2, step: step)
    }

    /// The cells `rows` × `cols` values take at this scale, sampling included (Int.max when that
    /// does not fit an Int).
    public func size(rows: Int, cols: Int) -> (width: Int, height: Int) {
        let shownRows = MapMath.ceilDiv(Swift.max(0, rows), step)
        let shownCols = MapMath.ceilDiv(Swift.max(0, cols), step)
        let width = MapMath.product(shownCols, cellWidth)
        let tall = MapMath.product(shownRows, cellHeight)
        return (width, halfBlock ? MapMath.ceilDiv(tall, 2) : tall)
    }

    /// How many values fit down `height` and across `width` cells.
    public func capacity(width: Int, height: Int) -> (rows: Int, cols: Int) {
        let h = Swift.max(0, height), w = Swift.max(0, width)
        let halfRows = halfBlock ? MapMath.product(h, 2) : h
        return (halfRows / cellHeight, w / cellWidth)
    }

    /// Whether `rows` × `cols` values fit whole in `width` × `height` cells.
    public func fits(rows: Int, cols: Int, width: Int, height: Int) -> Bool {
        let cap = capacity(width: width, height: height)
        return MapMath.ceilDiv(Swift.max(0, rows), step) <= cap.rows && MapMath.ceilDiv(Swift.max(0, cols), step) <= cap.cols
    }

    /// The largest scale at which every map fits whole in its area — the one scale to draw maps at
    /// when they are compared (equal sizes look equal; a smaller output is never drawn larger than
    /// its input). Sampling (`step` > 1) only when one value per cell does not fit.
    ///
    /// `mode` says which cells may be used: `.glyphs`, `.halfBlock`, or `.auto` (glyph cells unless
    /// half blocks give larger ones). With `labelWidth` > 0, glyph cells at least that wide — room
    /// for a number — are preferred when they fit. Maps with no values or no area do not constrain
    /// the choice; with none left the result is one cell per value.
    public static func largest(fitting maps: [(rows: Int, cols: Int, width: Int, height: Int)],
                               mode: Heatmap.Mode = .glyphs, labelWidth: Int = 0) -> MapScale {
        let maps = maps.filter { $0.rows > 0 && $0.cols > 0 && $0.width > 0 && $0.height > 0 }
        guard !maps.isEmpty else { return MapScale(halfBlock: mode == .halfBlock) }
        // The largest k for which every map fits k·2 columns × k rows (glyphs) or k × k half rows.
        let glyphZoom = maps.map { Swift.min($0.height / $0.rows, $0.width / MapMath.product($0.cols, 2)) }.min() ?? 0
        let halfZoom = maps.map { Swift.min(MapMath.product($0.height, 2) / $0.rows, $0.width / $0.cols) }.min() ?? 0

        if mode != .halfBlock, labelWidth > 0, glyphZoom >= 1,
           maps.allSatisfy({ $0.cols <= $0.width / Swift.max(2, labelWidth) }) {
            let wide = MapScale.glyphs(zoom: glyphZoom)
            return MapScale(cellWidth: Swift.max(labelWidth, wide.cellWidth), cellHeight: wide.cellHeight)
        }
        switch mode {
        case .glyphs:
            if glyphZoom >= 1 { return .glyphs(zoom: glyphZoom) }
            return sampledToFit(maps, halfBlock: false)
        case .halfBlock:
            if halfZoom >= 1 { return .halfBlocks(zoom: halfZoom) }
            return sampledToFit(maps, halfBlock: true)
        case .auto:
            if glyphZoom >= 1, MapMath.product(glyphZoom, 2) >= halfZoom { return .glyphs(zoom: glyphZoom) }
            if halfZoom >= 1 { return .halfBlocks(zoom: halfZoom) }
            return sampledToFit(maps, halfBlock: true)
        }
    }

    /// One cell per value, every step-th value: glyphs when one per cell fits, else the smallest step.
    private static func sampledToFit(_ maps: [(rows: Int, cols: Int, width: Int, height: Int)], halfBlock: Bool) -> MapScale {
        var step = 1
        for m in maps {
            let rowCapacity = halfBlock ? MapMath.product(m.height, 2) : m.height
            step = Swift.max(step, MapMath.ceilDiv(m.cols, m.width), MapMath.ceilDiv(m.rows, rowCapacity))
        }
        return MapScale(halfBlock: halfBlock, step: step)
    }
}

/// What a map of `rows` × `cols` values shows at one scale in one area: the values drawn (whole
/// cells only, from a scroll origin), the ones left out on each side, and the cells covered.
public struct MapLayout: Sendable, Hashable {
    /// The scale drawn at.
    public var mapScale: MapScale
    /// Whether numbers are printed inside the cells (on the middle row of a tall cell).
    public var labelled: Bool
    /// The first row and column shown (the scroll origin, moved back so that the view stays full).
    public var firstRow: Int
    public var firstCol: Int
    /// Values shown down and across (after sampling).
    public var shownRows: Int
    public var shownCols: Int
    /// Rows above and below, columns left and right of the part shown, in values of the data.
    public var hiddenAbove: Int
    public var hiddenBelow: Int
    public var hiddenLeft: Int
    public var hiddenRight: Int
    /// The cells the map covers, from the top-left of its area.
    public var width: Int
    public var height: Int

    /// The layout of `rows` × `cols` values at `mapScale` in `width` × `height` cells, starting at
    /// row `firstRow` and column `firstCol` (clamped: a view past the end is moved back to show
    /// the last values).
    public init(rows: Int, cols: Int, mapScale: MapScale, width: Int, height: Int,
                firstRow: Int = 0, firstCol: Int = 0, labelled: Bool = false) {
        let cap = mapScale.capacity(width: width, height: height)
        // A map without values (no rows or no columns) shows and hides nothing.
        let (rows, cols) = rows > 0 && cols > 0 ? (rows, cols) : (0, 0)
        let down = MapLayout.axis(count: rows, capacity: cap.rows, step: mapScale.step, origin: firstRow)
        let across = MapLayout.axis(count: cols, capacity: cap.cols, step: mapScale.step, origin: firstCol)
        self.mapScale = mapScale
        self.labelled = labelled && down.shown > 0 && across.shown > 0
        self.firstRow = down.first
        self.firstCol = across.first
        self.shownRows = down.shown
        self.shownCols = across.shown
        self.hiddenAbove = down.before
        self.hiddenBelow = down.after
        self.hiddenLeft = across.before
        self.hiddenRight = across.after
        // Whole cells within the area: no product below can exceed it.
        self.width = across.shown * mapScale.cellWidth
        let tall = down.shown * mapScale.cellHeight
        self.height = mapScale.halfBlock ? (tall + 1) / 2 : tall
        if width == 0 || height == 0 { (self.width, self.height) = (0, 0) }
    }

    /// One axis: the first value shown, how many are shown, and how many are left out before and after.
    private static func axis(count: Int, capacity: Int, step: Int, origin: Int) -> (first: Int, shown: Int, before: Int, after: Int) {
        let n = Swift.max(0, count)
        guard n > 0 else { return (0, 0, 0, 0) }
        let span = MapMath.product(capacity, step)
        let lastFirst = capacity == 0 ? n - 1 : Swift.max(0, n - span)
        let first = Swift.min(Swift.max(0, origin), lastFirst)
        let shown = Swift.min(capacity, MapMath.ceilDiv(n - first, step))
        let covered = Swift.min(n - first, MapMath.product(shown, step))
        return (first, shown, first, n - first - covered)
    }

    /// Whether half blocks are drawn.
    public var halfBlock: Bool { mapScale.halfBlock }
    /// Columns per value.
    public var cellWidth: Int { mapScale.cellWidth }
    /// Rows (half rows with half blocks) per value.
    public var cellHeight: Int { mapScale.cellHeight }
    /// Every `step`-th value is shown.
    public var step: Int { mapScale.step }
    /// Rows of the data left out (sampling aside).
    public var hiddenRows: Int { hiddenAbove + hiddenBelow }
    /// Columns of the data left out (sampling aside).
    public var hiddenCols: Int { hiddenLeft + hiddenRight }
    /// Whether every value is shown (every step-th one when sampled).
    public var isComplete: Bool { hiddenRows == 0 && hiddenCols == 0 }
}

/// Size arithmetic that saturates instead of trapping (sizes come from user input).
enum MapMath {
    /// a·b for non-negative a and b, Int.max when it overflows.
    static func product(_ a: Int, _ b: Int) -> Int {
        let (p, overflow) = a.multipliedReportingOverflow(by: b)
        return overflow ? Int.max : p
    }

    /// ⌈a/b⌉ for a ≥ 0 and b ≥ 1 (0 when b is not positive).
    static func ceilDiv(_ a: Int, _ b: Int) -> Int {
        guard b > 0 else { return 0 }
        return a / b + (a % b == 0 ? 0 : 1)
    }
}
