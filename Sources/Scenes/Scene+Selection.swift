// Scene+Selection: what a keystroke that only moves the selection costs — another view, channel or
// output position of an evaluated scene, without building or running the layer again.

import CellRender
import LayerKit

extension Scene {
    /// This scene showing `view` (nil: the layer's first), `channel` and `position` instead.
    ///
    /// The layer, its input, its output and its gradient stay as they are: they depend on none of
    /// the three, so the result draws exactly what `Scene(state)` would for the changed state.
    /// Throws the `SceneError` of `Scene(_:)` for a view the layer does not have.
    public func selecting(view name: String?, channel: Int, position: OutputPosition) throws -> Scene {
        var selected = self
        selected.view = try Scene.view(named: name, in: views, of: state.arguments.schema)
        selected.state.view = name
        selected.state.channel = channel
        selected.state.position = position
        return selected
    }
}

extension Scene {
    /// The output plane's rows and columns (1 × n for a vector, 1 × 1 for a scalar).
    var outputPlaneSize: (rows: Int, columns: Int) {
        let o = result.output
        return (o.rank >= 2 ? o.shape[o.rank - 2] : 1, o.rank >= 1 ? o.shape[o.rank - 1] : 1)
    }

    /// The selected output position, clamped into the output plane.
    public var position: OutputPosition {
        let (rows, columns) = outputPlaneSize
        return state.position.clamped(rows: rows, columns: columns)
    }

    /// The position `steps` on from the selected one in reading order, wrapping around the plane.
    public func position(steppedBy steps: Int) -> OutputPosition {
        let (rows, columns) = outputPlaneSize
        return state.position.stepped(by: steps, rows: rows, columns: columns)
    }
}

extension Scene {
    /// The output element drawn at (`x`, `y`) when the scene is drawn at this size — on a map titled
    /// "output cN" — as its channel and (row, column): what a click on an output map selects.
    public func output(atX x: Int, y: Int, width: Int, height: Int, options: RenderOptions,
                       expressionLine: Bool = true, language: Language = .en) -> (channel: Int, position: OutputPosition)? {
        let maps = draw(width: width, height: height, options: options, expressionLine: expressionLine,
                        language: language).drawnMaps
        for map in maps where map.title.hasPrefix("output") {
            guard let position = map.value(atX: x, y: y) else { continue }
            // "output c3", "output max c3": the channel after the last " c".
            let digits = map.title.split(separator: " ").last.flatMap { $0.hasPrefix("c") ? Int($0.dropFirst()) : nil }
            return (digits ?? channel, position)
        }
        return nil
    }
}
