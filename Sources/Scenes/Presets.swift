// Presets: the examples our users learned these layers from, ready to load — one constructor, the
// input shape it was shown with (batch reduced where the original is too large to read on a screen),
// and what the example sets out to show.

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

    /// One example per layer, in catalog order, then the variations.
    public static let seedExamples: [Preset] = [
        Preset("nn.Conv2d(16, 33, (3, 5), stride=(2, 1), padding=(4, 2), dilation=(3, 1))",
               "non-square kernel, stride, padding and dilation per axis"),
        Preset("nn.MaxPool2d((3, 2), stride=(2, 1))", shape: [1, 16, 50, 32], "non-square window → (·, 16, 24, 31)"),
        Preset("nn.AvgPool2d((3, 2), stride=(2, 1))", shape: [1, 16, 50, 32], "the same window, averaging"),
        Preset("nn.AdaptiveMaxPool2d((None, 7))", shape: [1, 64, 10, 9], "None keeps the input's height → (1, 64, 10, 7)"),
        Preset("nn.AdaptiveAvgPool2d((5, 7))", shape: [1, 64, 8, 9], "a fixed 5×7 output from any input"),
        Preset("nn.Sigmoid()", shape: [2], "squashes into (0, 1)"),
        Preset("nn.Tanh()", shape: [2], "squashes into (−1, 1)"),
        Preset("nn.ReLU()", shape: [2], "max(0, x)"),
        Preset("nn.LeakyReLU(0.1)", shape: [2], "a small slope for negative inputs"),
        Preset("nn.ReLU6()", shape: [2], "ReLU capped at 6"),
        Preset("nn.GELU()", shape: [2], "x·Φ(x), smooth near 0"),
        Preset("nn.SELU()", shape: [2], "self-normalising: scaled ELU"),
        Preset("nn.Softmax(dim=1)", shape: [2, 3], "each row sums to 1"),
        Preset("nn.BatchNorm2d(100)", "per-channel normalisation with learnable γ, β"),
        Preset("nn.Linear(20, 30)", shape: [128, 20], "output (128, 30), weight (30, 20), bias (30)"),
        Preset("nn.Dropout(p=0.2)", shape: [4, 6], "zeros appear and survivors are scaled by 1/(1−p)"),
        Preset("nn.Dropout2d(p=0.5)", shape: [2, 6, 4, 4], "whole channels zeroed"),
        Preset("nn.L1Loss()", shape: [3, 5], "mean absolute error and its gradient"),
        Preset("nn.MSELoss()", shape: [3, 5], "mean squared error and its gradient"),
        Preset("nn.CrossEntropyLoss()", shape: [3, 5], "class-index targets"),
    ]

    /// The other examples of the same sources, and variations that show one parameter's effect.
    public static let variations: [Preset] = [
        Preset("nn.MaxPool2d(3, stride=2)", shape: [1, 16, 50, 32], "square window"),
        Preset("nn.AvgPool2d(3, stride=2)", shape: [1, 16, 50, 32], "square window, averaging"),
        Preset("nn.AdaptiveMaxPool2d((5, 7))", shape: [1, 64, 8, 9], "fixed output 5×7"),
        Preset("nn.AdaptiveMaxPool2d(7)", shape: [1, 64, 10, 9], "square output"),
        Preset("nn.AdaptiveAvgPool2d(7)", shape: [1, 64, 10, 9], "square output, averaging"),
        Preset("nn.AdaptiveAvgPool2d((None, 7))", shape: [1, 64, 10, 9], "None keeps the height, averaging"),
        Preset("nn.BatchNorm2d(100, affine=False)", "without learnable affine parameters"),
        Preset("nn.CrossEntropyLoss()", shape: [3, 5], target: .probabilities, "class-probability targets"),
    ]
}
