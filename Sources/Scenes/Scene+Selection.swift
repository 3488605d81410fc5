// Scene+Selection: what a keystroke that only moves the selection costs — another view, channel or
// output position of an evaluated scene, without building or running the layer again.

import LayerKit

extension Scene {
    /// This scene showing `view` (nil: the layer's first), `channel` and `position` instead.
    ///
    /// The layer, its input, its output and its gradient stay as they are: they depend on none of
    /// the three, so the result draws exactly what `Scene(state)` would for the changed state.
    /// Throws the `SceneError` of `Scene(_:)` for a view the layer does not have.
    public func selecting(view name: String?, channel: Int, position: Int) throws -> Scene {
        var selected = self
        selected.view = try Scene.view(named: name, in: views, of: state.arguments.schema)
        selected.state.view = name
        selected.state.channel = channel
        selected.state.position = position
        return selected
    }
}
