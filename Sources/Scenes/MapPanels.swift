// MapPanels: how a scene lays out the maps it compares — an input and its output, a mask beside
// them, a kernel's planes. Every panel of one call is drawn at one cell scale (so equal sizes look
// equal and an output is never drawn larger than its input), in the arrangement (side by side,
// stacked, or a grid) that gives the largest cells, each with a title that tells its size, any
// sampling ("1:2") and anything clipped ("+10 columns →"), and a legend that names its colour
// scale's scope (local, or shared by the panels).

import CellRender
import LayerKit

/// Whether each map has its own colour scale or the panels of a view share one.
public enum ColorScope: String, Sendable, CaseIterable {
    /// Each map is scaled to its own values.
    case local
    /// The maps of a view share one scale, so that one colour means one value across them.
    case shared

    /// The other scope.
    public var next: ColorScope { self == .local ? .shared : .local }
}

/// One map of a scene.
struct MapPanel {
    var title: String
    var plane: Plane
    var marks: [CellMark] = []
    /// A scale of its own (kernel weights centred on 0, a 0–1 connection matrix); nil: the scene's
    /// scope decides.
    var scale: ValueScale? = nil
    /// Numbers inside the cells when they are wide enough.
    var labels = true
    var legend = true
    /// Kept (true) and dropped flags: the panel is a dropout mask rather than values.
    var kept: [Bool]? = nil
    /// A shorter title for a narrow panel.
    var shortTitle: String? = nil
    /// The cell to keep in view when the map is clipped (a window, the selected output): the
    /// visible part is centred on it.
    var focus: OutputPosition? = nil

    init(_ title: String, _ plane: Plane, marks: [CellMark] = [], scale: ValueScale? = nil, labels: Bool = true,
         legend: Bool = true, kept: [Bool]? = nil) {
        self.title = title
        self.plane = plane
        self.marks = marks
        self.scale = scale
        self.labels = labels
        self.legend = legend
        self.kept = kept
    }
}

/// How panels are placed.
enum PanelArrangement {
    /// Whichever of side by side, stacked or a grid gives the largest cells.
    case auto
    /// Side by side.
    case row
    /// One above the other.
    case column
}

extension Canvas {
    /// Draws `panels` in `area` at one common cell scale; returns each map's rectangle (empty for a
    /// panel that got no room). With `sampling: false`, a map too large for the area is clipped at
    /// one value per cell instead of sampled, from `origin` on, and its title says what is hidden.
    @discardableResult
    mutating func panels(_ panels: [MapPanel], in area: Rect, scope: ColorScope, arrangement: PanelArrangement = .auto,
                         sampling: Bool = true, origin: OutputPosition = OutputPosition()) -> [Rect] {
        guard !panels.isEmpty, !area.isEmpty else { return panels.map { _ in .zero } }
        let heatmaps = Canvas.heatmaps(for: panels, scope: scope)
        let legendRows = Canvas.legendRows(panels, heatmaps)
        guard var chosen = plan(panels, heatmaps, legendRows: legendRows, in: area, arrangement: arrangement,
                                clipping: !sampling) else {
            line("no room for the maps at this size", in: area, role: .muted)
            return panels.map { _ in .zero }
        }
        if !sampling, chosen.scale.step > 1 {
            // One square-looking cell per value (two columns: room for the [] and <> marks), clipped.
            chosen.scale = MapScale(cellWidth: 2, cellHeight: 1)
        }
        var drawn: [Rect] = []
        for (i, panel) in panels.enumerated() {
            drawn.append(draw(panel, heatmaps[i], in: chosen.areas[i], scale: chosen.scale, legendRows: legendRows,
                              scope: panel.scale == nil ? scope : nil, origin: sampling ? OutputPosition() : origin))
        }
        return drawn
    }

    /// The common cell scale `panels` would be drawn at in `area` (nil: no room).
    func scale(of panels: [MapPanel], in area: Rect, arrangement: PanelArrangement = .auto) -> MapScale? {
        let heatmaps = Canvas.heatmaps(for: panels, scope: .local)
        return plan(panels, heatmaps, legendRows: Canvas.legendRows(panels, heatmaps), in: area, arrangement: arrangement)?.scale
    }

    private static func legendRows(_ panels: [MapPanel], _ heatmaps: [Heatmap]) -> Int {
        zip(panels, heatmaps).map { $0.legend ? Legend(for: $1).lineCount : 0 }.max() ?? 0
    }

    /// The arrangement whose common cell is largest (ties: fewer rows of panels), its panels' slots
    /// and the scale.
    private func plan(_ panels: [MapPanel], _ heatmaps: [Heatmap], legendRows: Int, in area: Rect,
                      arrangement: PanelArrangement, clipping: Bool = false) -> (areas: [Rect], scale: MapScale)? {
        guard !panels.isEmpty, !area.isEmpty else { return nil }
        var best: (areas: [Rect], scale: MapScale, score: Double)? = nil
        let rowCounts = arrangement == .row ? [1] : arrangement == .column ? [panels.count] : Array(1...panels.count)
        for rowsOfPanels in rowCounts {
            let perRow = (panels.count + rowsOfPanels - 1) / rowsOfPanels
            guard rowsOfPanels == 1 || (rowsOfPanels - 1) * perRow < panels.count else { continue }
            let slots = Canvas.slots(count: panels.count, rows: rowsOfPanels, perRow: perRow, in: area,
                                     widths: panels.map { Swift.max(1, $0.plane.cols) })
            let mapAreas = slots.map { mapArea(in: $0, legendRows: legendRows) }
            guard mapAreas.count == panels.count, mapAreas.allSatisfy({ !$0.isEmpty }) else { continue }
            let maps = Array(zip(heatmaps, mapAreas)).map { (map: $0, area: $1) }
            let scale = Canvas.widened(Heatmap.commonScale(maps, options: options), maps)
            let rowsPerValue = scale.halfBlock ? Double(scale.cellHeight) / 2 : Double(scale.cellHeight)
            var score = Double(scale.cellWidth) * rowsPerValue / Double(scale.step * scale.step)
            if clipping, scale.step > 1 {
                // Drawn at one cell per value and clipped: the share of values that stay in view.
                // Hidden rows count twice: a row is a whole item or image row, columns scroll.
                score = zip(heatmaps, mapAreas).map { map, area in
                    let rows = Double(Swift.min(map.rows, area.height)) / Double(Swift.max(1, map.rows))
                    let cols = Double(Swift.min(map.cols, area.width / 2)) / Double(Swift.max(1, map.cols))
                    return rows * rows * cols
                }.min() ?? 0
            }
            if best == nil || score > best!.score * 1.0001 { best = (slots, scale, score) }
        }
        return best.map { ($0.areas, $0.scale) }
    }

    /// A sampled glyph scale with cells two columns wide (square-looking) when every map still
    /// fits: sampling then costs no width.
    private static func widened(_ scale: MapScale, _ maps: [(map: Heatmap, area: Rect)]) -> MapScale {
        guard scale.step > 1, !scale.halfBlock, scale.cellWidth == 1 else { return scale }
        let wide = MapScale(cellWidth: 2, cellHeight: 1, step: scale.step)
        let fits = maps.allSatisfy { wide.fits(rows: $0.map.rows, cols: $0.map.cols, width: $0.area.width, height: $0.area.height) }
        return fits ? wide : scale
    }

    /// The rectangle a panel's map may use: below its title row, above its legend rows.
    private func mapArea(in slot: Rect, legendRows: Int) -> Rect {
        let (_, below) = slot.splitTop(1)
        return below.splitBottom(Swift.min(legendRows, Swift.max(0, below.height - 1))).rest
    }

    /// Each panel's heatmap with the colour scale the scope gives it.
    private static func heatmaps(for panels: [MapPanel], scope: ColorScope) -> [Heatmap] {
        var maps = panels.map { p in
            Heatmap(rows: p.plane.rows, cols: p.plane.cols, values: p.plane.values, scale: p.scale,
                    mode: p.marks.isEmpty && p.kept == nil ? .auto : .glyphs, marks: p.marks,
                    labels: p.labels && p.kept == nil)
        }
        if scope == .shared {
            let free = panels.indices.filter { panels[$0].scale == nil && panels[$0].kept == nil }
            if let first = free.first {
                let union = free.dropFirst().reduce(maps[first].scale) { $0.union(maps[$1].scale) }
                for i in free { maps[i].scale = union }
            }
        }
        return maps
    }

    /// `count` slots in `rows` rows of up to `perRow`, the widths of a row shared in proportion to
    /// the panels' column counts (so that one cell scale suits them all), 2 columns apart.
    private static func slots(count: Int, rows: Int, perRow: Int, in area: Rect, widths: [Int]) -> [Rect] {
        let heights = area.split(.vertical, Array(repeating: .fill(1), count: rows), gap: 1)
        var slots: [Rect] = []
        for r in 0..<rows {
            let members = Array((r * perRow)..<Swift.min(count, (r + 1) * perRow))
            guard !members.isEmpty else { continue }
            // Each panel at least 12 columns (its title and legend), the rest by data width.
            let sizes = members.map { Swift.max(widths[$0], 6) }
            let parts = heights[r].split(.horizontal, sizes.map { .fill($0) }, gap: 2)
            slots += parts
        }
        return slots
    }

    /// Panels placed by the caller (`slots`, one each) at one common cell scale: the largest at
    /// which every map fits its slot. For layouts the arrangements do not cover (a matrix with its
    /// input above and its output beside it).
    @discardableResult
    mutating func panels(_ panels: [MapPanel], slots: [Rect], scope: ColorScope) -> [Rect] {
        guard panels.count == slots.count, !panels.isEmpty else { return panels.map { _ in .zero } }
        let heatmaps = Canvas.heatmaps(for: panels, scope: scope)
        let legendRows = Canvas.legendRows(panels, heatmaps)
        let scale = self.scale(of: panels, slots: slots)
        return panels.indices.map { i in
            draw(panels[i], heatmaps[i], in: slots[i], scale: scale, legendRows: legendRows,
                 scope: panels[i].scale == nil ? scope : nil, origin: OutputPosition())
        }
    }

    /// The common cell scale of panels placed in `slots`.
    func scale(of panels: [MapPanel], slots: [Rect]) -> MapScale {
        let heatmaps = Canvas.heatmaps(for: panels, scope: .local)
        let legendRows = Canvas.legendRows(panels, heatmaps)
        let areas = slots.map { mapArea(in: $0, legendRows: legendRows) }
        let fitting = zip(heatmaps, areas).filter { !$1.isEmpty }.map { (map: $0, area: $1) }
        return Canvas.widened(Heatmap.commonScale(fitting, options: options), fitting)
    }

    /// One panel: title, map (or mask) at `scale`, legend; returns the map's rectangle.
    private mutating func draw(_ panel: MapPanel, _ heatmap: Heatmap, in slot: Rect, scale: MapScale, legendRows: Int,
                               scope: ColorScope?, origin: OutputPosition) -> Rect {
        guard !slot.isEmpty else { return .zero }
        let (titleRow, _) = slot.splitTop(1)
        let area = mapArea(in: slot, legendRows: legendRows)
        var origin = origin
        if let focus = panel.focus, scale.step == 1 {
            let capacity = scale.capacity(width: area.width, height: area.height)
            origin = OutputPosition(row: Swift.max(0, focus.row - capacity.rows / 2),
                                    column: Swift.max(0, focus.column - capacity.cols / 2))
        }
        let lay: MapLayout
        if let kept = panel.kept {
            lay = MaskView(kept: kept, rows: panel.plane.rows, cols: panel.plane.cols)
                .draw(into: &grid, area: area, options: options, mapScale: scale, origin: (origin.row, origin.column))
        } else {
            lay = heatmap.draw(into: &grid, area: area, options: options, mapScale: scale, origin: (origin.row, origin.column))
        }
        // The title, its size and any sampling; what does not fit gives way, the sampling last.
        let sampling = scale.samplingText.isEmpty ? "" : " " + scale.samplingText
        let size = "  \(panel.plane.rows)×\(panel.plane.cols)"
        let candidates = [panel.title + size + sampling, panel.title + sampling, (panel.shortTitle ?? panel.title) + sampling]
        let title = candidates.first { TextWidth.of(text($0)) <= titleRow.width } ?? candidates[2]
        // What a clipped map hides, in words when one side is cut, else compactly per side.
        let sides = [(lay.hiddenLeft, "←"), (lay.hiddenRight, "→"), (lay.hiddenAbove, "↑"), (lay.hiddenBelow, "↓")]
            .filter { $0.0 > 0 }
        var notes: [String] = []
        if sides.count == 1, let (n, arrow) = sides.first {
            let noun = arrow == "←" || arrow == "→" ? "columns" : "rows"
            notes.append(arrow == "←" || arrow == "↑" ? "\(arrow) +\(n) \(noun)" : "+\(n) \(noun) \(arrow)")
        }
        if !sides.isEmpty { notes.append("hidden " + sides.map { "\($0.1)\($0.0)" }.joined(separator: " ")) }
        // The note keeps its place at the right; the title gives way to it (to its short form first).
        let note = notes.first { TextWidth.of(text(" " + $0)) + 6 <= titleRow.width } ?? notes.last ?? ""
        let noteWidth = note.isEmpty ? 0 : TextWidth.of(text(" " + note))
        let titleRoom = titleRow.width - noteWidth
        let shown = candidates.first { TextWidth.of(text($0)) <= titleRoom } ?? (panel.shortTitle ?? panel.title)
        line(TextWidth.of(text(title)) <= titleRoom ? title : shown, in: Rect(x: titleRow.x, y: titleRow.y,
             width: Swift.max(0, titleRoom), height: 1), role: .title)
        if !note.isEmpty {
            line(" " + note, in: titleRow, role: .warning, dx: Swift.max(0, titleRow.width - noteWidth))
        }
        // The legend goes under the cells, in the rows the slot keeps for it (none: no legend).
        let legendTop = area.y + lay.height
        let legendArea = Rect(x: slot.x, y: legendTop, width: slot.width, height: Swift.min(legendRows, slot.maxY - legendTop))
        if panel.legend, legendArea.height > 0, panel.kept == nil {
            Legend(for: heatmap, scope: scope?.rawValue ?? "").draw(into: &grid, area: legendArea, options: options)
        } else if panel.kept != nil, legendArea.height > 0 {
            line(MaskView.glyph(kept: true, ascii: options.ascii) + " " + options.say("kept") + "  "
                 + MaskView.glyph(kept: false, ascii: options.ascii) + " " + options.say("dropped"), in: legendArea, role: .muted)
        }
        let rect = Rect(x: area.x, y: area.y, width: lay.width, height: lay.height)
        drawnMaps.append(DrawnMap(title: panel.title, rows: panel.plane.rows, cols: panel.plane.cols, rect: rect,
                                  scale: lay.mapScale, firstRow: lay.firstRow, firstCol: lay.firstCol))
        return rect
    }
}
