// Command: the intents of the interactive program — what a key or a click asks for, before the
// workbench decides what it means in the focused pane. Keys map to commands in KeyMap.

/// One thing the user asks the interactive program to do.
public enum Command: Hashable, Sendable, CaseIterable {
    /// Focus the next pane (layers → parameters → scene → layers).
    case focusNext
    /// Focus the previous pane.
    case focusPrevious
    /// Up in the focused pane: the previous layer, the previous parameter, the previous channel.
    case moveUp
    /// Down in the focused pane.
    case moveDown
    /// Step the selected parameter down (in the scene: the previous output position).
    case decrease
    /// Step the selected parameter up (in the scene: the next output position).
    case increase
    /// For a pair parameter, which part ←/→ step: both, then height only, then width only.
    case nextComponent
    /// Enter: type the selected parameter's value; on the layer list, go to its parameters.
    case edit
    /// Set the selected parameter back to its default.
    case resetParameter
    /// Open the `:` prompt for a PyTorch constructor expression.
    case openPrompt
    /// Open a prompt for a `.npy` file to use as the input.
    case openFile
    case nextView
    case previousView
    case nextChannel
    case previousChannel
    /// The next built-in input pattern.
    case nextInput
    /// The layer's next ready-made example (the seed example and its variations).
    case nextExample
    /// `module.train()` ↔ `module.eval()`.
    case toggleTraining
    /// A new seed: new initial weights, random inputs and dropout masks.
    case reseed
    /// One more forward pass (BatchNorm2d's running statistics move).
    case step
    case nextTheme
    /// The scene alone across the whole terminal (side panes and header hidden), or the panes back.
    case toggleZoom
    /// Each map's own colour scale ↔ one scale shared by the view's maps.
    case toggleColorScope
    /// Show or hide how the selected output element is computed.
    case toggleExplain
    /// Show (and copy) the command line that reproduces the screen.
    case share
    /// Play or pause the window sliding over every output.
    case togglePlay
    /// One step of the animation.
    case stepAnimation
    /// Play slower or faster.
    case slower
    case faster
    /// Halve a curve's x-range.
    case narrowRange
    /// Double a curve's x-range.
    case widenRange
    case toggleHelp
    /// The list of lessons.
    case lessons
    /// The network view (a bundled nn.Sequential learning a data set) ↔ the layers.
    case network
    /// Following a room: follow the teacher ↔ explore on one's own.
    case toggleFollow
    /// Close the help, or clear the message.
    case cancel
    case quit
}
