// Legend: the colour bar under a heatmap — the numeric range, the map (or the glyph ramp when there
// is no colour) between its ends, whether the scale is centred on 0 and whether it is the map's own
// or shared with others, how many NaN/±Inf values the picture holds — and, on a second row, what
// the marks in the map mean (`· padding  ∘ overhang  × dropped  [] window  <> selected`).

/// A colour bar, `-1.5 ░▒▓█ 2.25 (0 centred, shared)` plus non-finite counts, and a key to the marks.
public struct Legend: Sendable {
    public var scale: ValueScale
    /// NaN, +Inf and −Inf counts, shown after the bar when non-zero.
    public var nanCount: Int
    public var posInfCount: Int
    public var negInfCount: Int
    /// The marks to explain (in the order given; `.none` is ignored).
    public var marks: [CellMark]
    /// A short word for where the scale comes from ("local", "shared"), shown after the range; ""
    /// for none.
    public var scope: String

    public init(scale: ValueScale, nanCount: Int = 0, posInfCount: Int = 0, negInfCount: Int = 0,
                marks: [CellMark] = [], scope: String = "") {
        self.scale = scale
        self.nanCount = nanCount
        self.posInfCount = posInfCount
        self.negInfCount = negInfCount
        self.marks = marks
        self.scope = scope
    }

    /// A legend for `values`, counting their non-finite entries.
    public init<S: Sequence>(scale: ValueScale, counting values: S, marks: [CellMark] = [], scope: String = "")
        where S.Element == Float {
        var nan = 0, pos = 0, neg = 0
        for v in values where !v.isFinite {
            if v.isNaN { nan += 1 } else if v > 0 { pos += 1 } else { neg += 1 }
        }
        self.init(scale: scale, nanCount: nan, posInfCount: pos, negInfCount: neg, marks: marks, scope: scope)
    }

    /// The legend of a heatmap: its scale, the non-finite values among the cells that show a value,
    /// and the marks it holds.
    public init(for heatmap: Heatmap, scope: String = "") {
        self.init(scale: heatmap.scale, counting: heatmap.shownValues, marks: heatmap.presentMarks, scope: scope)
    }

    /// The rows the legend uses when it has room: 2 when it explains marks, else 1.
    public var lineCount: Int { marks.contains { $0 != .none } ? 2 : 1 }

    /// A bound of the range: whole numbers below 1e7 without decimals (`7`, not `7.00`), others in
    /// three significant digits.
    static func boundText(_ value: Double) -> String {
        if value.isFinite, value == value.rounded(), Swift.abs(value) < 1e7 {
            return NumberFormat.fixed(value, decimals: 0)
        }
        return NumberFormat.compact(value, significant: 3)
    }

    /// Draws the bar on the first row of `area` and the key to the marks on the second; with one
    /// row the key follows the bar (what does not fit is cut).
    public func draw(into grid: inout CellGrid, area: Rect, options: RenderOptions) {
        guard !area.isEmpty else { return }
        let y = area.y
        let lo = Legend.boundText(scale.lower)
        let hi = Legend.boundText(scale.upper)
        var x = grid.put(lo + " ", x: area.x, y: y, style: options.style(.muted), clip: area)
        // The note in parentheses gives way (the scope first) before the bar gets shorter than 4.
        var allNotes: [String] = []
        if scale.isSymmetric { allNotes.append(options.say("0 centred")) }
        if !scope.isEmpty { allNotes.append(options.say(scope)) }
        let variants = [allNotes, Array(allNotes.prefix(1)), []].map { $0.isEmpty ? "" : " (" + $0.joined(separator: options.say(", ")) + ")" }
        let room = area.maxX - x - TextWidth.of(hi) - 1
        let note = variants.first { room - TextWidth.of($0) >= 8 } ?? variants.first { room - TextWidth.of($0) >= 4 } ?? ""
        let barWidth = Swift.max(0, Swift.min(16, room - TextWidth.of(note)))
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
            x = grid.put(" " + hi + note, x: x, y: y, style: options.style(.muted), clip: area)
        }
        var specials: [String] = []
        if nanCount > 0 { specials.append("\(SpecialGlyph.nan(ascii: options.ascii)) \(nanCount) NaN") }
        if posInfCount > 0 { specials.append("\(SpecialGlyph.posInf(ascii: options.ascii)) \(posInfCount) +Inf") }
        if negInfCount > 0 { specials.append("\(SpecialGlyph.negInf(ascii: options.ascii)) \(negInfCount) -Inf") }
        if !specials.isEmpty {
            x = grid.put("  " + specials.joined(separator: "  "), x: x, y: y, style: options.style(.special), clip: area)
        }
        guard lineCount > 1 else { return }
        if area.height > 1 {
            Legend.drawMarks(marks, into: &grid, area: Rect(x: area.x, y: y + 1, width: area.width, height: 1), options: options)
        } else if x + 2 < area.maxX {
            Legend.drawMarks(marks, into: &grid, area: Rect(x: x + 2, y: y, width: area.maxX - x - 2, height: 1), options: options)
        }
    }

    /// Draws a key to `marks` on the first row of `area`: each mark's glyphs in the mark's own style,
    /// then its name (`· padding  [] window  <> selected`; `, padding` … in ASCII). Returns the
    /// column after the last one written.
    @discardableResult
    public static func drawMarks(_ marks: [CellMark], into grid: inout CellGrid, area: Rect, options: RenderOptions) -> Int {
        var x = area.x
        guard !area.isEmpty else { return x }
        var seen = Set<CellMark>()
        for mark in marks where mark != .none && seen.insert(mark).inserted {
            if x > area.x { x = grid.put("  ", x: x, y: area.y, clip: area) }
            let glyphs = mark.glyphs(ascii: options.ascii)
            if mark.showsValue {
                let style = mark.markStyle(valueColor: nil, options: options)
                x = grid.put(glyphs.open + glyphs.close, x: x, y: area.y, style: style, clip: area)
            } else {
                x = grid.put(glyphs.open, x: x, y: area.y, style: mark.fillStyle(options: options), clip: area)
            }
            x = grid.put(" " + options.say(mark.name), x: x, y: area.y, style: options.style(.muted), clip: area)
        }
        return x
    }
}
