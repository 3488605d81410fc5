// Legend: the colour bar under a heatmap — the numeric range, the map (or the glyph ramp when there
// is no colour) between its ends, and how many NaN/±Inf values the picture holds.

/// A one-line colour bar: `-1.5 ░▒▓█ 2.25` plus non-finite counts.
public struct Legend: Sendable {
    public var scale: ValueScale
    /// NaN, +Inf and −Inf counts, shown after the bar when non-zero.
    public var nanCount: Int
    public var posInfCount: Int
    public var negInfCount: Int

    public init(scale: ValueScale, nanCount: Int = 0, posInfCount: Int = 0, negInfCount: Int = 0) {
        self.scale = scale
        self.nanCount = nanCount
        self.posInfCount = posInfCount
        self.negInfCount = negInfCount
    }

    /// A legend for `values`, counting their non-finite entries.
    public init<S: Sequence>(scale: ValueScale, counting values: S) where S.Element == Float {
        var nan = 0, pos = 0, neg = 0
        for v in values where !v.isFinite {
            if v.isNaN { nan += 1 } else if v > 0 { pos += 1 } else { neg += 1 }
        }
        self.init(scale: scale, nanCount: nan, posInfCount: pos, negInfCount: neg)
    }

    /// Draws the legend on the first row of `area` (what does not fit is cut).
    public func draw(into grid: inout CellGrid, area: Rect, options: RenderOptions) {
        guard !area.isEmpty else { return }
        let y = area.y
        let lo = NumberFormat.compact(scale.lower, significant: 3)
        let hi = NumberFormat.compact(scale.upper, significant: 3)
        var x = grid.put(lo + " ", x: area.x, y: y, style: options.style(.muted), clip: area)
        let barWidth = Swift.max(0, Swift.min(16, area.maxX - x - TextWidth.of(hi) - 1))
        let map = scale.isSymmetric ? options.theme.diverging : options.theme.sequential
        for i in 0..<barWidth {
            let t = barWidth == 1 ? 0.5 : Double(i) / Double(barWidth - 1)
            if options.colorCarriesValues {
                grid[x + i, y] = Cell(" ", style: Style(bg: map.color(at: t)))
            } else {
                let style = options.color ? Style(fg: map.color(at: t)) : options.style(.text)
                grid[x + i, y] = Cell(options.ramp.glyph(t), style: style)
            }
        }
        if barWidth > 0 {
            x += barWidth
            x = grid.put(" " + hi, x: x, y: y, style: options.style(.muted), clip: area)
        }
        if scale.isSymmetric, barWidth > 0 {
            x = grid.put(" (0 centred)", x: x, y: y, style: options.style(.muted), clip: area)
        }
        var specials: [String] = []
        if nanCount > 0 { specials.append("\(SpecialGlyph.nan(ascii: options.ascii)) \(nanCount) NaN") }
        if posInfCount > 0 { specials.append("\(SpecialGlyph.posInf(ascii: options.ascii)) \(posInfCount) +Inf") }
        if negInfCount > 0 { specials.append("\(SpecialGlyph.negInf(ascii: options.ascii)) \(negInfCount) -Inf") }
        if !specials.isEmpty {
            grid.put("  " + specials.joined(separator: "  "), x: x, y: y, style: options.style(.special), clip: area)
        }
    }
}
