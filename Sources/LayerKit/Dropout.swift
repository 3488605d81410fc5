// Dropout: `nn.Dropout` (element-wise) and `nn.Dropout2d` (whole feature maps), PyTorch's inverted
// dropout: during training, dropped values become 0 and survivors are scaled by 1/(1−p) so that the
// expected value is unchanged; in evaluation mode the layer is the identity.
//
// Masks come from the injected `ForwardContext.rng`, one Bernoulli(1−p) draw per mask element in
// row-major order, so a seed fixes them. The distribution is PyTorch's; the exact masks cannot be
// (PyTorch's generator is not reproduced).
//
// `inplace=True` changes no value: PyTorch then overwrites and returns the input tensor itself;
// LayerKit never aliases and always returns a new tensor. Differentiating a pass that applied a mask
// in place is PyTorch's error when the input is a leaf that requires grad (`inputGradient`, what
// `compute` shows); inside a network the input is not a leaf, and `backward` multiplies by the mask.

/// `nn.Dropout(p=0.5, inplace=False)`: zeroes each element with probability p during training and
/// scales the survivors by 1/(1−p).
///
/// Input any shape, output the same shape. Construction checks 0 ≤ p ≤ 1 (ValueError). At forward a
/// NaN p is a RuntimeError, even in evaluation mode. In training the output is x · mask, where the mask
/// holds 0 or `1 / Float(1 − p)` (the float32 division PyTorch's kernel makes, bit for bit), so a
/// dropped NaN or ±∞ still gives NaN; p = 1 gives x · 0. Evaluation mode, p = 0 or an empty input
/// return the input unchanged. `ForwardResult.mask` is the scaled mask, shaped like the input (`nil`
/// when no mask applies).
/// https://pytorch.org/docs/stable/generated/torch.nn.Dropout.html
public struct Dropout: DifferentiableModule, DropoutLayer {
    /// PyTorch 2.15's constructor signature.
    public static let schema = LayerSchema(
        name: "Dropout", initializer: "_DropoutNd", group: .dropout,
        summary: "Zero elements with probability p in training, scaling survivors by 1/(1-p)",
        params: [
            dropoutProbability(zeroing: "an element"),
            ParamSpec.inplace,
        ])

    /// The constructor arguments, defaults filled in.
    public let arguments: Arguments
    /// `p`, the drop probability.
    public let p: Double
    /// `inplace`: no numeric effect.
    public let inplace: Bool
    /// The scaled mask of the latest forward pass (`nil` when it was the identity); `inputGradient`
    /// multiplies by it, as autograd does.
    public internal(set) var lastMask: Tensor?

    /// Builds the layer, checking 0 ≤ p ≤ 1 (ValueError) as PyTorch's `__init__` does.
    public init(arguments: Arguments, rng: inout RandomSource) throws {
        self.arguments = arguments
        p = arguments.double("p")
        inplace = arguments.bool("inplace")
        try checkDropoutProbability(arguments)
    }

    /// One draw per element: the mask has the input's shape.
    static func maskShape(for shape: [Int]) -> [Int]? {
        shape
    }
}

/// `nn.Dropout2d(p=0.5, inplace=False)`: zeroes whole feature maps with probability p during training
/// and scales the surviving maps by 1/(1−p).
///
/// One draw per (n, c): a 4-D `(N, C, H, W)` input gets an `(N, C, 1, 1)` mask. PyTorch's rank rules,
/// with their warnings (emitted even in evaluation mode):
/// - 3-D: treated as `(N, C, L)`, mask `(d0, d1, 1)`: an unbatched `(C, H, W)` image loses whole
///   rows, not channels (warning).
/// - other ranks: deprecated (warning); rank ≥ 2 still drops along dims 0 and 1; rank 0 or 1 in
///   training is a RuntimeError `Feature dropout requires at least 2 dimensions in the input`
///   (except when p = 0 or p = 1, or the input is empty, where no mask is drawn).
/// Checks, scaling and NaN handling are Dropout's. `ForwardResult.mask` is the scaled mask
/// `(d0, d1, 1, …)`; for p = 1 on a rank-0/1 input, zeros shaped like the input.
/// https://pytorch.org/docs/stable/generated/torch.nn.Dropout2d.html
public struct Dropout2d: DifferentiableModule, DropoutLayer {
    /// PyTorch 2.15's constructor signature.
    public static let schema = LayerSchema(
        name: "Dropout2d", initializer: "_DropoutNd", group: .dropout,
        summary: "Zero whole channels with probability p in training, scaling survivors by 1/(1-p)",
        params: [
            dropoutProbability(zeroing: "a channel"),
            ParamSpec.inplace,
        ])

    /// The constructor arguments, defaults filled in.
    public let arguments: Arguments
    /// `p`, the drop probability of a feature map.
    public let p: Double
    /// `inplace`: no numeric effect.
    public let inplace: Bool
    /// The scaled mask of the latest forward pass (`nil` when it was the identity).
    public internal(set) var lastMask: Tensor?

    /// Builds the layer, checking 0 ≤ p ≤ 1 (ValueError) as PyTorch's `__init__` does.
    public init(arguments: Arguments, rng: inout RandomSource) throws {
        self.arguments = arguments
        p = arguments.double("p")
        inplace = arguments.bool("inplace")
        try checkDropoutProbability(arguments)
    }

    /// PyTorch's warning for an input of rank `rank`, if any.
    public static func rankWarning(rank: Int) -> String? {
        if rank == 3 {
            return "dropout2d: Received a 3D input to dropout2d and assuming that channel-wise 1D dropout "
                + "behavior is desired - input is interpreted as shape (N, C, L), where C is the channel "
                + "dim. This behavior will change in a future release to interpret the input as one "
                + "without a batch dimension, i.e. shape (C, H, W). To maintain the 1D channel-wise "
                + "dropout behavior, please switch to using dropout1d instead."
        }
        if rank != 4 {
            return "dropout2d: Received a \(rank)-D input to dropout2d, which is deprecated and will "
                + "result in an error in a future release. To retain the behavior and silence this "
                + "warning, please use dropout instead. Note that dropout2d exists to provide "
                + "channel-wise dropout on inputs with 2 spatial dimensions, a channel dimension, and "
                + "an optional batch dimension (i.e. 3D or 4D inputs)."
        }
        return nil
    }

    /// The shape of the mask drawn for an input of `shape`: `(d0, d1, 1, …)`, or `nil` below rank 2.
    public static func maskShape(for shape: [Int]) -> [Int]? {
        guard shape.count >= 2 else { return nil }
        return [shape[0], shape[1]] + [Int](repeating: 1, count: shape.count - 2)
    }
}

// MARK: - Shared steps

/// What Dropout and Dropout2d share: the forward pass, which remembers its mask, and the gradient
/// through that mask.
protocol DropoutLayer: DifferentiableModule {
    /// `p`, the drop probability.
    var p: Double { get }
    /// `inplace`: no numeric effect, but no gradient through an applied mask.
    var inplace: Bool { get }
    /// The scaled mask of the latest forward pass (`nil` when it was the identity).
    var lastMask: Tensor? { get set }
    /// The shape of the mask drawn for an input of `shape` (`nil`: too few dimensions).
    static func maskShape(for shape: [Int]) -> [Int]?
    /// PyTorch's warning for an input of rank `rank`, if any.
    static func rankWarning(rank: Int) -> String?
}

extension DropoutLayer {
    static func rankWarning(rank: Int) -> String? { nil }

    /// x · mask in training, one draw per element of `maskShape(for:)`; the identity in evaluation
    /// mode. The rank warning, if any, comes first, in either mode.
    public mutating func forward(_ input: Tensor, context: inout ForwardContext) throws -> ForwardResult {
        if let warning = Self.rankWarning(rank: input.rank) {
            context.warnings.append(warning)
        }
        let result = try applyDropout(input, p: p, maskShape: Self.maskShape(for: input.shape), context: &context)
        lastMask = result.mask
        return result
    }

    /// Inside a network: g · the mask of that forward pass (g itself when it was the identity).
    /// `inplace=True` is no obstacle here: the input of a stage is not a leaf, as in PyTorch.
    public func backward(input: Tensor, forward: ForwardResult, gradOutput: Tensor, training: Bool,
                         wantsInputGradient: Bool) throws -> Gradients {
        guard wantsInputGradient else { return Gradients(input: nil) }
        try checkGradOutputShape(gradOutput, output: forward.output)
        return Gradients(input: try multiplyByMask(gradOutput, forward.mask))
    }

    /// g · mask of the latest forward pass (g itself when that pass was the identity).
    ///
    /// With `inplace=True`, a pass that applied a mask is PyTorch's RuntimeError `a leaf Variable
    /// that requires grad is being used in an in-place operation.` (an identity pass is not).
    public func inputGradient(input: Tensor, output: Tensor, gradOutput: Tensor) throws -> Tensor {
        try checkInPlaceGradient(inplace && lastMask != nil)
        try checkGradientShapes(input: input, output: output, gradOutput: gradOutput)
        return try multiplyByMask(gradOutput, lastMask)
    }
}

/// The `p` parameter both layers inherit from `_DropoutNd.__init__` (whose `p < 0` comparison gives
/// the type error); `unit` names what it zeroes.
func dropoutProbability(zeroing unit: String) -> ParamSpec {
    ParamSpec("p", .float, default: .float(0.5), range: ParamRange(0, 1, step: 0.05),
              typeErrorMessage: "'<' not supported between instances of '{type}' and 'int'",
              "Probability of \(unit) to be zeroed")
}

/// The construction check of both dropout layers (Python's, so a NaN p slips through).
func checkDropoutProbability(_ arguments: Arguments) throws {
    let p = arguments.double("p")
    try check(!(p < 0 || p > 1), .valueError, "p",
              "dropout probability has to be between 0 and 1, but got \(arguments.text("p"))")
}

/// PyTorch's dropout kernel, in its order: the C++ range check on p (which catches NaN, even in
/// evaluation mode), the identity cases, p = 1, the feature-rank check, then the draws.
///
/// `maskShape` is the shape of one draw per mask element (the input's shape for Dropout, `(d0, d1,
/// 1, …)` for Dropout2d, `nil` when the input has too few dimensions for feature dropout). Every mask
/// element covers a run of consecutive input elements.
func applyDropout(_ input: Tensor, p: Double, maskShape: [Int]?,
                  context: inout ForwardContext) throws -> ForwardResult {
    try check(p >= 0 && p <= 1, .runtimeError, "p",
              "dropout probability has to be between 0 and 1, but got \(pythonFloatRepr(p))")
    if p == 0 || !context.training || input.count == 0 {
        return ForwardResult(output: input)
    }
    if p == 1 {
        // No draws: x · 0, which keeps NaN for NaN and ±∞ inputs.
        let mask = Tensor(shape: maskShape ?? input.shape, repeating: 0)
        return ForwardResult(output: try multiplyByMask(input, mask), mask: mask)
    }
    guard let maskShape else {
        throw LayerError(.runtimeError, "input", "Feature dropout requires at least 2 dimensions in the input")
    }
    let keepProbability = 1 - p
    let scale = Float(1) / Float(keepProbability)  // float32 division, as PyTorch's `noise.div_(1 - p)`
    // mask is maskShape: 0 (dropped) or scale (kept)
    var mask = Tensor(shape: maskShape)
    for m in 0..<mask.count {
        mask.storage[m] = context.rng.bernoulli(keepProbability) ? scale : 0
    }
    return ForwardResult(output: try multiplyByMask(input, mask), mask: mask)
}

/// x · mask, each mask element applied to its run of `x.count / mask.count` consecutive elements;
/// x itself when `mask` is nil.
///
/// The mask's shape must be x's leading dimensions followed by 1s (or x's shape itself).
func multiplyByMask(_ x: Tensor, _ mask: Tensor?) throws -> Tensor {
    guard let mask else { return x }
    let leading = mask.shape.lastIndex { $0 != 1 }.map { $0 + 1 } ?? 0
    let fits = mask.rank == x.rank && Array(mask.shape[..<leading]) == Array(x.shape[..<leading])
        && mask.shape[leading...].allSatisfy { $0 == 1 }
    try check(fits, .runtimeError, "input",
              "The dropout mask of shape \(mask.shape.torchList) does not fit an input of shape \(x.shape.torchList)")
    guard mask.count > 0 else { return x }
    let run = x.count / mask.count  // elements covered by one mask entry
    var out = [Float](repeating: 0, count: x.count)
    out.withUnsafeMutableBufferPointer { o in
        x.storage.withUnsafeBufferPointer { xs in
            mask.storage.withUnsafeBufferPointer { factors in
                if run == 1 {
                    // One factor per element (Dropout): a plain element-wise product.
                    for k in 0..<factors.count { o[k] = xs[k] * factors[k] }
                    return
                }
                for m in 0..<factors.count {
                    let factor = factors[m], base = m * run
                    for k in base..<(base + run) { o[k] = xs[k] * factor }
                }
            }
        }
    }
    return Tensor(shape: x.shape, storage: out)
}
