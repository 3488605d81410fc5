// Softmax: `nn.Softmax(dim=None)`, which turns every slice along one dimension into a probability
// distribution, and its input gradient.
//
// Dimension legend for the loops: the input is viewed as (outer, size, inner), where `size` is the
// length of the softmax dimension, `outer` the product of the dimensions before it and `inner` the
// product of those after it. Slice (o, i) holds the `size` elements o·size·inner + k·inner + i.

/// `nn.Softmax(dim=None)`: y = exp(x − max) / Σ exp(x − max) along `dim`, so each slice sums to 1.
///
/// Input any shape (0-d included), output the same shape. `dim` may be negative (counted from the
/// end); out of range is an IndexError. With `dim=None` PyTorch picks a dimension by the legacy rule
/// (rank 0, 1 or 3 → dim 0; any other rank → dim 1) and warns: a 3-D `(N, C, L)` batch is then
/// normalised over N. The slice maximum is subtracted first, so `[1000, 1001, 1002]` works; the sum's
/// reciprocal multiplies each term, as PyTorch's CPU kernel does. A slice that is all −∞, or holds
/// +∞ or NaN, gives NaN throughout. The gradient is y ⊙ (g − Σ g ⊙ y) along `dim`.
/// https://pytorch.org/docs/stable/generated/torch.nn.Softmax.html
public struct Softmax: DifferentiableModule {
    /// PyTorch 2.15's constructor signature.
    public static let schema = LayerSchema(
        name: "Softmax", group: .softmax,
        summary: "Exponentiate and normalise each slice along dim to sum to 1",
        params: [
            ParamSpec("dim", .optionalInt, default: ParamValue.none, range: ParamRange(-4, 3, step: 1),
                      typeErrorMessage: "dim must be an int or None, got <class '{type}'>",
                      "Dimension along which slices sum to 1 (None: legacy implicit choice, with a warning)"),
        ])

    /// PyTorch's warning for `dim=None`.
    public static let implicitDimWarning =
        "Implicit dimension choice for softmax has been deprecated. Change the call to include dim=X as an argument."

    /// The constructor arguments, defaults filled in.
    public let arguments: Arguments
    /// `dim` as given (`nil` for None).
    public let dim: Int?

    /// Builds the layer; the binding has already checked that `dim` is None or an int.
    public init(arguments: Arguments, rng: inout RandomSource) throws {
        self.arguments = arguments
        dim = arguments.optionalInt("dim")
    }

    /// The dimension PyTorch chooses when `dim` is None: 0 for rank 0, 1 or 3, and 1 otherwise.
    public static func implicitDim(rank: Int) -> Int {
        (rank == 0 || rank == 1 || rank == 3) ? 0 : 1
    }

    /// The non-negative dimension the softmax runs along for an input of rank `rank`.
    ///
    /// A 0-d input behaves as rank 1 (dim 0 or −1). Throws PyTorch's IndexError for an out-of-range
    /// `dim`.
    public func resolvedDim(rank: Int) throws -> Int {
        guard let dim else { return Self.implicitDim(rank: rank) }
        return try wrapDimension(dim, rank: rank, subject: "dim")
    }

    /// The softmax along the resolved dimension; `dim=None` appends PyTorch's warning.
    public func forward(_ input: Tensor, context: inout ForwardContext) throws -> ForwardResult {
        if dim == nil {
            context.warnings.append(Self.implicitDimWarning)
        }
        let layout = try sliceLayout(input.shape)
        // out is shaped like input
        var output = Tensor(shape: input.shape)
        guard input.count > 0 else { return ForwardResult(output: output) }  // no slices to visit
        for o in 0..<layout.outer {
            for i in 0..<layout.inner {
                let first = o * layout.size * layout.inner + i
                softmaxSlice(input.storage, into: &output.storage, first: first,
                             size: layout.size, step: layout.inner)
            }
        }
        return ForwardResult(output: output)
    }

    /// ∂L/∂x = y ⊙ (g − Σ_dim g ⊙ y), from the output `y` and the incoming gradient `g`.
    public func inputGradient(input: Tensor, output: Tensor, gradOutput: Tensor) throws -> Tensor {
        try checkGradientShapes(input: input, output: output, gradOutput: gradOutput)
        let layout = try sliceLayout(output.shape)
        // gradInput is shaped like input
        var gradInput = Tensor(shape: output.shape)
        guard output.count > 0 else { return gradInput }
        for o in 0..<layout.outer {
            for i in 0..<layout.inner {
                let first = o * layout.size * layout.inner + i
                var dot = 0.0  // Σ g ⊙ y over the slice
                for k in 0..<layout.size {
                    let at = first + k * layout.inner
                    dot += Double(gradOutput.storage[at]) * Double(output.storage[at])
                }
                let dotValue = Float(dot)
                for k in 0..<layout.size {
                    let at = first + k * layout.inner
                    gradInput.storage[at] = output.storage[at] * (gradOutput.storage[at] - dotValue)
                }
            }
        }
        return gradInput
    }

    /// The input viewed as (outer, size, inner) around the resolved dimension.
    private func sliceLayout(_ shape: [Int]) throws -> (outer: Int, size: Int, inner: Int) {
        let d = try resolvedDim(rank: shape.count)
        guard !shape.isEmpty else { return (1, 1, 1) }  // 0-d: one slice of one element
        let outer = shape[..<d].elementCount
        let inner = shape[(d + 1)...].elementCount
        return (outer, shape[d], inner)
    }

    /// Softmax of the `size` elements first, first + step, …: max, exp(x − max), times 1/Σ.
    private func softmaxSlice(_ x: [Float], into y: inout [Float], first: Int, size: Int, step: Int) {
        guard size > 0 else { return }
        var maximum = x[first]
        for k in 1..<size {
            let v = x[first + k * step]
            if v.isNaN || v > maximum { maximum = v }  // NaN wins, as in PyTorch's max
            if maximum.isNaN { break }
        }
        var sum = 0.0
        for k in 0..<size {
            let at = first + k * step
            let e = _expf(x[at] - maximum)  // −∞ − (−∞) and ∞ − ∞ are NaN, as in PyTorch
            y[at] = e
            sum += Double(e)
        }
        let reciprocal = Float(1 / sum)
        for k in 0..<size {
            y[first + k * step] *= reciprocal
        }
    }
}
