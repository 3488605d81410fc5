// WorkbenchLayout: where each part of the interactive program's screen goes for a terminal size —
// the panes, how the left column shares its height between the layer list and the parameters, the
// zoomed scene — and what a mouse action lands on, so that drawing and hit-testing agree.

import CellRender
import LayerKit

/// Where each part of the screen is, for a terminal size.
public struct WorkbenchLayout: Sendable, Equatable {
    /// The smallest terminal the three panes are drawn on (zoomed, the scene is drawn at any size).
    public static let minimumWidth = 80
    public static let minimumHeight = 24

    public let width: Int
    public let height: Int
    /// Whether the screen is drawn in ASCII (the scene's rows differ: `⌊` is spelled `floor(`).
    public let ascii: Bool
    /// The scene alone across the terminal, the status line under it.
    public let zoomed: Bool
    /// Below the minimum size only a notice is drawn (never when zoomed).
    public let tooSmall: Bool
    /// The layer list names each group in a tag beside its first layers instead of a heading row
    /// (when the headings would leave the parameters too little room).
    public let compactList: Bool
    /// The top row: title and live expression.
    public let header: Rect
    /// A running lesson's band under the header: the step, its caption and its goal (empty
    /// outside a lesson, and zoomed).
    public let band: Rect
    /// The layer list's panel (border included).
    public let layers: Rect
    /// The parameter editor's panel (border included).
    public let parameters: Rect
    /// The scene's panel (border included); zoomed, every row but the last.
    public let scene: Rect
    /// The bottom row: prompt, message or key hints.
    public let status: Rect

    /// - Parameter band: the rows of a running lesson's band (0 outside a lesson). In a lesson the
    ///   left column holds the parameters alone: the lesson chooses the layer.
    public init(width: Int, height: Int, ascii: Bool = false, zoomed: Bool = false, band: Int = 0) {
        self.ascii = ascii
        self.zoomed = zoomed
        self.width = Swift.max(0, width)
        self.height = Swift.max(0, height)
        let full = Rect(width: self.width, height: self.height)
        tooSmall = !zoomed && (width < WorkbenchLayout.minimumWidth || height < WorkbenchLayout.minimumHeight)
        guard !tooSmall, !zoomed else {
            let (picture, bottom) = full.splitBottom(Swift.min(1, full.height))
            header = .zero; self.band = .zero; layers = .zero; parameters = .zero; compactList = false
            scene = zoomed ? picture : .zero
            status = zoomed ? bottom : .zero
            return
        }
        let (top, rest) = full.splitTop(1)
        let (middle, bottom) = rest.splitBottom(1)
        // The band never takes more than half of what is under the header.
        let (lessonBand, body) = middle.splitTop(Swift.min(Swift.max(0, band), middle.height / 2))
        header = top
        self.band = lessonBand
        status = bottom
        let leftWidth = Swift.min(40, Swift.max(26, width / 4))
        let (left, right) = body.splitLeft(leftWidth)
        guard band <= 0 else {
            compactList = true
            layers = .zero
            parameters = left
            scene = right
            return
        }
        // The parameters get what the layer with the most needs; the list what is left, up to its
        // own need: with its heading rows when they fit, else compact, else scrolling.
        let parametersNeed = WorkbenchLayout.parameterPaneNeed
        let listHeight: Int
        if WorkbenchLayout.fullListNeed + parametersNeed <= left.height {
            compactList = false
            listHeight = WorkbenchLayout.fullListNeed
        } else {
            compactList = true
            listHeight = Swift.min(WorkbenchLayout.compactListNeed, Swift.max(8, left.height - parametersNeed))
        }
        let (list, params) = left.splitTop(listHeight)
        layers = list
        parameters = params
        scene = right
    }

    /// The parameter editor's height for the layer with the most parameters: a row each, the
    /// selected one's two lines of detail, the border.
    static let parameterPaneNeed = (Workbench.layers.map(\.params.count).max() ?? 0) + 2 + 2

    /// The layer list's height with its group headings, border included.
    static let fullListNeed = Workbench.listRows.count + 2

    /// The compact layer list's height: a row per layer, border included.
    static let compactListNeed = Workbench.layers.count + 2

    /// The layer list's rows as drawn: with the group headings, or the layers alone.
    public var listRows: [Workbench.ListRow] {
        compactList ? Workbench.compactListRows : Workbench.listRows
    }

    /// The rows inside the layer list.
    public var layerRows: Rect { layers.inset(1) }

    /// The rows inside the parameter editor: the parameters, then the selected one's details.
    public var parameterRows: Rect { parameters.inset(1).splitBottom(detailLines).rest }

    /// The selected parameter's description, under the parameter rows.
    public var parameterDetail: Rect { parameters.inset(1).splitBottom(detailLines).bottom }

    /// Two lines for the selected parameter's kind and meaning, more (up to 4) when the pane has
    /// rows to spare beyond the longest parameter list, so the meaning wraps instead of being cut.
    private var detailLines: Int {
        let inner = parameters.height - 2
        guard inner >= 8 else { return 0 }
        return Swift.max(2, Swift.min(4, inner - (WorkbenchLayout.parameterPaneNeed - 4)))
    }

    /// Where the scene's picture goes: inside its panel, or (zoomed) the whole scene area.
    public var picture: Rect { zoomed ? scene : scene.inset(1) }

    /// The first list entry shown when `selected` must be visible in `visible` rows of `count`.
    public static func scrollOffset(selected: Int, count: Int, visible: Int) -> Int {
        guard count > visible, visible > 0 else { return 0 }
        return Swift.min(Swift.max(0, selected - visible / 2), count - visible)
    }

    /// The layer (an index into `Workbench.layers`) drawn on screen row `y`, if any.
    public func layerRow(atY y: Int, selected: Int) -> Int? {
        let rows = listRows
        let selectedRow = rows.firstIndex(of: .layer(selected)) ?? 0
        let offset = WorkbenchLayout.scrollOffset(selected: selectedRow, count: rows.count, visible: layerRows.height)
        let i = y - layerRows.y + offset
        guard y >= layerRows.y, y < layerRows.maxY, rows.indices.contains(i), case .layer(let index) = rows[i] else {
            return nil
        }
        return index
    }

    /// The parameter (an index into the schema's parameters) drawn on screen row `y`, if any.
    /// `shown` lists the parameters the pane shows (a lesson step may hide some), in order.
    public func parameterRow(atY y: Int, selected: Int, shown: [Int]) -> Int? {
        let selectedRow = shown.firstIndex(of: selected) ?? 0
        let offset = WorkbenchLayout.scrollOffset(selected: selectedRow, count: shown.count, visible: parameterRows.height)
        let i = y - parameterRows.y + offset
        guard y >= parameterRows.y, y < parameterRows.maxY, i >= 0, i < shown.count else { return nil }
        return shown[i]
    }

    /// What `workbench`, drawn in this layout, shows at cell (`x`, `y`): a pane and the row or tab
    /// there. Nil outside the panes and the picture (header, status line, a too-small terminal).
    public func target(atX x: Int, y: Int, in workbench: Workbench, color: Bool = false) -> MouseTarget? {
        guard !tooSmall else { return nil }
        if layers.contains(x, y) {
            return .layers(layerRow(atY: y, selected: workbench.layerIndex))
        }
        if parameters.contains(x, y) {
            return .parameters(parameterRow(atY: y, selected: workbench.parameterIndex, shown: workbench.shownParameters))
        }
        guard scene.contains(x, y) else { return nil }
        let inner = picture
        guard let shown = workbench.scene, inner.contains(x, y) else { return .scene(tab: nil) }
        let tab = shown.view(atX: x - inner.x, y: y - inner.y, width: inner.width, height: inner.height,
                             options: RenderOptions(ascii: ascii),
                             expressionLine: WorkbenchLayout.showsExpressionLine(workbench), language: workbench.language)
        // The maps are where a frame in these options draws them (colour may draw half blocks).
        if tab == nil, let hit = shown.output(atX: x - inner.x, y: y - inner.y, width: inner.width, height: inner.height,
                                              options: RenderOptions(theme: workbench.theme, color: color, ascii: ascii),
                                              expressionLine: WorkbenchLayout.showsExpressionLine(workbench),
                                              language: workbench.language) {
            return .sceneOutput(channel: hit.channel, position: hit.position)
        }
        return .scene(tab: tab)
    }

    /// Whether the scene's picture carries its own expression line: when zoomed (there is no
    /// header), or when the header shows a draft the picture is not of.
    static func showsExpressionLine(_ workbench: Workbench) -> Bool {
        workbench.zoomed || workbench.problem != nil
    }
}

extension Workbench {
    /// One row of the layer list: a section heading or a layer.
    public enum ListRow: Sendable, Hashable {
        case group(LayerGroup)
        case layer(Int)
    }

    /// The layer list's rows: each documentation section, then its layers.
    public static let listRows: [ListRow] = {
        var rows: [ListRow] = []
        for group in LayerGroup.allCases {
            let members = layers.indices.filter { layers[$0].group == group }
            guard !members.isEmpty else { continue }
            rows.append(.group(group))
            rows += members.map { .layer($0) }
        }
        return rows
    }()

    /// The compact layer list's rows: the layers alone (their groups as tags beside them).
    public static let compactListRows: [ListRow] = layers.indices.map { .layer($0) }
}
