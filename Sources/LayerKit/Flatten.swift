// Flatten: `nn.Flatten(start_dim=1, end_dim=-1)`, which joins a run of dimensions into one — the
// bridge between the feature maps of a CNN and the Linear layer that classifies them.

/// `nn.Flatten(start_dim=1, end_dim=-1)`: `input.flatten(start_dim, end_dim)`.
///
/// The dimensions `start_dim…end_dim` (negative ones counted from the end) become one, of their
/// product's size; the values keep their row-major order, so nothing is computed, only the shape
/// changes: `(N, C, H, W) → (N, C·H·W)`. A dimension outside the input's rank is PyTorch's
/// IndexError; `start_dim` after `end_dim` its RuntimeError. A 0-d input counts as rank 1 for the
/// range check and becomes `(1)`. The gradient is `grad_output` reshaped back to the input's shape.
/// https://pytorch.org/docs/stable/generated/torch.nn.Flatten.html
public struct Flatten: DifferentiableModule {
    /// PyTorch 2.15's constructor signature.
    public static let schema = LayerSchema(
        name: "Flatten", group: .utility,
        summary: "Join the dimensions start_dim to end_dim into one (the values keep their order)",
        params: [
            ParamSpec("start_dim", .int, default: .int(1), range: ParamRange(-4, 3, step: 1),
                      "First dimension to join (negative: counted from the end)"),
            ParamSpec("end_dim", .int, default: .int(-1), range: ParamRange(-4, 3, step: 1),
                      "Last dimension to join (negative: counted from the end)"),
        ])

    /// The constructor arguments, defaults filled in.
    public let arguments: Arguments
    /// `start_dim` as given.
    public let startDim: Int
    /// `end_dim` as given.
    public let endDim: Int

    public init(arguments: Arguments, rng: inout RandomSource) throws {
        self.arguments = arguments
        startDim = arguments.int("start_dim")
        endDim = arguments.int("end_dim")
    }

    /// The output shape for an input of `shape`, with PyTorch's checks (`maybe_wrap_dim`, then
    /// the order of the two dimensions).
    public func outputShape(for shape: [Int]) throws -> [Int] {
        let start = try wrapDimension(startDim, rank: shape.count, subject: "start_dim")
        let end = try wrapDimension(endDim, rank: shape.count, subject: "end_dim")
        try check(start <= end, .runtimeError, "start_dim",
                  "flatten() has invalid args: start_dim cannot come after end_dim")
        if shape.isEmpty { return [1] }
        return Array(shape[..<start]) + [shape[start...end].elementCount] + Array(shape[(end + 1)...])
    }

    /// The input's values under the flattened shape.
    public func forward(_ input: Tensor, context: inout ForwardContext) throws -> ForwardResult {
        ForwardResult(output: input.reshaped(try outputShape(for: input.shape)))
    }

    /// `grad_output` under the input's shape.
    public func inputGradient(input: Tensor, output: Tensor, gradOutput: Tensor) throws -> Tensor {
        try checkGradOutputShape(gradOutput, output: output)
        return gradOutput.reshaped(input.shape)
    }
}
