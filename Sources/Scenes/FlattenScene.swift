// FlattenScene: Flatten's picture — an item's feature maps and the one row they become, on one
// colour scale, with the reading order spelled out for the current start_dim and end_dim.

import CellRender
import LayerKit

/// Flatten's picture.
struct FlattenPicture: ScenePicture {
    enum View: String, PictureView {
        case order

        var summary: String {
            switch self {
            case .order: return "the maps of one item and the row they become"
            }
        }
    }

    static let layerTypes: [any Layer.Type] = [Flatten.self]

    static let examples = [
        Preset("nn.Flatten()", shape: [2, 3, 4, 4], "(2, 3, 4, 4) → (2, 48): each item's three 4×4 maps become one row"),
    ]

    static func defaultShape(for layer: any Layer) -> [Int] { [2, 3, 4, 4] }
    static var defaultPattern: InputPattern { .gradient }

    static func formula(_ scene: Scene) -> [String] {
        guard let flatten = scene.layer as? Flatten else { return [] }
        return ["y = x.flatten(start_dim=\(flatten.startDim), end_dim=\(flatten.endDim)): "
                + "\(scene.shapeList(scene.input.shape)) → \(scene.shapeList(scene.result.output.shape)) · the values keep their order"]
    }

    /// `c` steps through the items: the output's first dimension when the batch is kept.
    static func channelCount(_ view: View, in scene: Scene) -> Int {
        scene.flattenKeepsItems ? Swift.max(1, scene.result.output.shape.first ?? 1) : 1
    }

    static func stepNoun(_ view: View) -> String { "item" }

    static func draw(_ view: View, of scene: Scene, on canvas: inout Canvas, in body: Rect) {
        scene.drawFlatten(&canvas, body)
    }
}

extension Scene {
    /// Whether the output keeps the input's first dimension (start_dim ≥ 1 on an input of rank ≥ 2),
    /// so that each item is flattened on its own.
    var flattenKeepsItems: Bool {
        guard let flatten = layer as? Flatten, input.rank >= 2 else { return false }
        let start = flatten.startDim < 0 ? flatten.startDim + input.rank : flatten.startDim
        return start >= 1 && result.output.rank >= 2 && result.output.shape[0] == input.shape[0]
    }

    func drawFlatten(_ canvas: inout Canvas, _ body: Rect) {
        guard input.count > 0 else {
            canvas.line("nothing to flatten: the input is empty", in: body, role: .muted)
            return
        }
        let items = flattenKeepsItems ? input.shape[0] : 1
        let item = Swift.min(channel, items - 1)
        // One item's values: input and output hold the same run, in the same order.
        let run = input.count / items
        let values = Array(input.storage[(item * run)..<((item + 1) * run)])
        let itemShape = flattenKeepsItems ? Array(input.shape.dropFirst()) : input.shape
        let width = itemShape.last ?? 1
        let planeRows = itemShape.count >= 2 ? itemShape[itemShape.count - 2] : 1
        let plane = Swift.max(1, width * planeRows)
        let maps = run / plane
        let prefix = flattenKeepsItems ? "x[\(item)]" : "x"
        var order = "reading order: "
        if itemShape.count >= 3 {
            order += "map by map, each row left to right: index = map·\(plane) + row·\(width) + column"
        } else if itemShape.count == 2 {
            order += "row by row, left to right: index = row·\(width) + column"
        } else {
            order += "as it is"
        }
        let outItemShape = flattenKeepsItems ? Array(result.output.shape.dropFirst()) : result.output.shape
        let becomes = outItemShape.count == 1 ? "one row of \(run) values" : shapeList(outItemShape)
        let rest = canvas.captions([
            ("\(prefix) \(shapeList(itemShape)) becomes \(becomes); nothing is computed, only the shape changes", .text),
            (order, .muted),
        ], in: body)
        let shown = Swift.min(maps, 4)
        var panels: [MapPanel] = (0..<shown).map { m in
            let title = itemShape.count >= 3 ? "\(prefix)[\(m)] · index \(m * plane)…\((m + 1) * plane - 1)" : prefix
            var panel = MapPanel(title, Plane(rows: planeRows, cols: width, values: Array(values[(m * plane)..<((m + 1) * plane)])))
            panel.shortTitle = itemShape.count >= 3 ? "\(prefix)[\(m)]" : nil
            return panel
        }
        // A row is wrapped into lines of one map row each so its order can be followed; a matrix
        // (or more) is drawn with its own last dimension as the columns.
        let outWidth = outItemShape.count >= 2 ? Swift.max(1, outItemShape.last ?? 1) : width
        let outPrefix = flattenKeepsItems ? "y[\(item)]" : "y"
        var row = MapPanel(outItemShape.count == 1 ? "\(outPrefix): \(run) values, \(width) per line"
                               : "\(outPrefix) \(shapeList(outItemShape))",
                           Plane(rows: run / outWidth, cols: outWidth, values: values))
        row.shortTitle = outPrefix
        panels.append(row)
        let note = maps > shown ? [("maps \(shown)…\(maps - 1) not drawn; y holds them after these, in order", ThemeRole.muted)] : []
        let area = note.isEmpty ? rest : canvas.captions(note, in: rest)
        canvas.panels(panels, in: area, scope: .shared)
    }
}
