// Linear: the fully connected layer y = x·Wᵀ + b over the last dimension of any input of rank ≥ 1.
//
// Dimension legend: `*` = any leading dimensions (none for a 1-D input), rows = their product,
// in = in_features, out = out_features.

/// `torch.nn.Linear`: an affine map of the last dimension, `y = x·Wᵀ + b`.
///
/// `Linear(in_features, out_features, bias=True)` —
/// https://pytorch.org/docs/stable/generated/torch.nn.Linear.html
///
/// - Input `(*, in)` with at least one dimension; output `(*, out)`. A 1-D input `(in)` gives a 1-D
///   output `(out)`.
/// - State: `weight` `(out, in)` and `bias` `(out)` (absent with `bias=False`), both drawn from
///   U(−1/√in, 1/√in) (PyTorch's `kaiming_uniform_(a=√5)`); with `in_features = 0` the bound is 0,
///   so the bias is 0 and the output is the bias.
/// - Errors: a 0-d input; a last dimension other than `in_features`, reported as PyTorch reports the
///   underlying matrix product (`addmm:` with a bias, `mm:` without), leading dimensions flattened:
///   `addmm: mat1 and mat2 shapes cannot be multiplied (2x5 and 3x4)`.
///
/// Unlike PyTorch, the `device` and `dtype` factory arguments are left out: LayerKit computes on the
/// CPU in float32 only.
/// PyTorch warns `Initializing zero-element tensors is a no-op` when it builds a layer with a
/// zero-element weight; like the other construction-time warnings, it is reported with every call.
public struct Linear: Module, WeightAndBiasState {
    public static let schema = LayerSchema(
        name: "Linear", group: .linear,
        summary: "Affine map of the last dimension: y = x·Wᵀ + b",
        params: [
            ParamSpec("in_features", .int, range: ParamRange(0, 1024),
                      "size of the input's last dimension"),
            ParamSpec("out_features", .int, range: ParamRange(0, 1024),
                      "size of the output's last dimension"),
            ParamSpec("bias", .bool, default: .bool(true),
                      "add a learnable bias"),
        ] + ParamSpec.factoryArguments + [
        ])

    public let arguments: Arguments
    /// The size of the input's last dimension.
    public let inFeatures: Int
    /// The size of the output's last dimension.
    public let outFeatures: Int

    /// The weight `(out, in)`.
    public internal(set) var weight: Tensor
    /// The bias `(out)`, `nil` with `bias=False`.
    public internal(set) var bias: Tensor?

    /// Builds the layer, drawing weight then bias from U(−1/√in_features, 1/√in_features).
    ///
    /// Fails as `torch.empty` does for a negative feature count.
    public init(arguments: Arguments, rng: inout RandomSource) throws {
        self.arguments = arguments
        inFeatures = arguments.int("in_features")
        outFeatures = arguments.int("out_features")
        let weightShape = [outFeatures, inFeatures]
        if let negative = weightShape.first(where: { $0 < 0 }) {
            let subject = negative == outFeatures ? "out_features" : "in_features"
            throw LayerError(.runtimeError, subject,
                             "Trying to create tensor with negative dimension \(negative): \(weightShape.torchList)")
        }
        try checkAllocation(shape: weightShape, subject: "in_features")
        weight = Init.defaultUniform(shape: weightShape, fanIn: inFeatures, rng: &rng)
        if arguments.bool("bias") {
            try checkAllocation(shape: [outFeatures], subject: "out_features")  // even when the weight is empty
            bias = Init.defaultUniform(shape: [outFeatures], fanIn: inFeatures, rng: &rng)
        }
    }

    // MARK: State

    /// The error for a key the layer does not have (`state` and `setState` come from
    /// `WeightAndBiasState`).
    static func unknownStateKeyMessage(_ key: String) -> String {
        "Linear has no parameter or buffer '\(key)'"
    }

    // MARK: Forward

    /// `y = x·Wᵀ + b` over the last dimension of `input` `(*, in)`; the output is `(*, out)`.
    public mutating func forward(_ input: Tensor, context: inout ForwardContext) throws -> ForwardResult {
        if weight.count == 0 {
            // kaiming_uniform_ on an empty weight, when PyTorch builds the layer.
            context.warnings.append("Initializing zero-element tensors is a no-op")
        }
        try check(input.rank >= 1, .runtimeError, "input",
                  "both arguments to linear need to be at least 1D, but they are \(input.rank)D and 2D")
        let lastSize = input.shape[input.rank - 1]
        // PyTorch multiplies the input flattened to (rows, lastSize); a 1-D input is one row.
        let rows = input.shape.dropLast().elementCount
        let product = bias == nil ? "mm" : "addmm"
        try check(lastSize == inFeatures, .runtimeError, "input",
                  "\(product): mat1 and mat2 shapes cannot be multiplied "
                      + "(\(rows)x\(lastSize) and \(inFeatures)x\(outFeatures))")

        // output is (*, out)
        try checkAllocation(shape: Array(input.shape.dropLast()) + [outFeatures], subject: "input")
        let fast = rows > 0 && inFeatures > 0 && outFeatures > 0
        let storage = fast
            ? Linear.blockedProduct(input.storage, rows: rows, weight: weight.storage, bias: bias?.storage,
                                    inFeatures: inFeatures, outFeatures: outFeatures)
            : Linear.referenceProduct(input.storage, rows: rows, weight: weight.storage, bias: bias?.storage,
                                      inFeatures: inFeatures, outFeatures: outFeatures)
        return ForwardResult(output: Tensor(shape: Array(input.shape.dropLast()) + [outFeatures], storage: storage))
    }

    /// The plain loops, one output at a time with a Double accumulator: the oracle of
    /// `blockedProduct`, and what runs when a dimension is empty.
    ///
    /// `x` is `(rows, in)`, `weight` `(out, in)`, `bias` `(out)`; the result is `(rows, out)`.
    static func referenceProduct(_ x: [Float], rows: Int, weight: [Float], bias: [Float]?,
                                 inFeatures: Int, outFeatures: Int) -> [Float] {
        // output is (rows, out)
        var output = [Float](repeating: 0, count: rows * outFeatures)
        for row in 0..<rows {
            let inStart = row * inFeatures
            let outStart = row * outFeatures
            for o in 0..<outFeatures {
                let weightStart = o * inFeatures
                var sum = 0.0
                for i in 0..<inFeatures {
                    sum += Double(x[inStart + i]) * Double(weight[weightStart + i])
                }
                if let bias { sum += Double(bias[o]) }
                output[outStart + o] = Float(sum)
            }
        }
        return output
    }
}
