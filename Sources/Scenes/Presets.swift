// Presets: the examples our users learned these layers from, ready to load — one constructor, the
// input shape it was shown with (batch reduced where the original is too large to read on a screen),
// and what the example sets out to show. Each family's picture lists its own examples.

import LayerKit

/// A ready-made example.
public struct Preset: Sendable, Hashable {
    /// A PyTorch constructor expression.
    public var expression: String
    /// The input shape (nil: the layer's default).
    public var shape: [Int]?
    /// The loss target kind, for losses.
    public var target: TargetKind
    /// What the example shows.
    public var summary: String

    public init(_ expression: String, shape: [Int]? = nil, target: TargetKind = .classes, _ summary: String) {
        self.expression = expression
        self.shape = shape
        self.target = target
        self.summary = summary
    }

    /// The state that shows this preset.
    public func state() throws -> SceneState {
        var state = try SceneState(expression: expression)
        state.shape = shape
        state.target = target
        return state
    }

    /// One example per layer, in catalog order: the first its family's picture lists for it.
    public static var seedExamples: [Preset] {
        Catalog.schemas.compactMap { PictureRegistry.examples(of: $0).first }
    }

    /// The other examples of the same sources, and variations that show one parameter's effect.
    public static var variations: [Preset] {
        Catalog.schemas.flatMap { PictureRegistry.examples(of: $0).dropFirst() }
    }
}
