// Losses: L1Loss, MSELoss and CrossEntropyLoss — (input, target) → loss, and ∂loss/∂input.
//
// Dimension legend:
//   N  = batch, C = classes (CrossEntropyLoss's class dimension: 1, or 0 for a (C) input),
//   d1…dK = extra ("spatial") dimensions of CrossEntropyLoss, S = d1·…·dK (1 when K = 0).
// CrossEntropyLoss views its input as (N, C, S): element (n, c, s) lives at offset (n·C + c)·S + s,
// and its class-index target holds one class per position p = n·S + s.
//
// Every check runs where PyTorch runs it (a bad `reduction` string binds and fails only at the
// call), in PyTorch's order, with PyTorch 2.15's exception class and text. Sums accumulate in Double.

// MARK: - Reduction

/// How a loss reduces its elementwise (or per-item) losses.
enum LossReduction: Sendable, Equatable {
    case none, mean, sum
}

/// The `reduction` a loss was built with, after PyTorch's legacy override (`_Loss.__init__`).
///
/// If `size_average` or `reduce` is given (not `None`), both default to True and decide:
/// (True, True) → 'mean', `reduce=True, size_average=False` → 'sum', `reduce=False` → 'none';
/// the `reduction` argument is then ignored and PyTorch warns. The string itself is checked only when
/// the loss is called, as in PyTorch.
struct ReductionSetting: Sendable, Equatable {
    /// The loss's `reduction` attribute: the legacy result, or the string as given.
    let name: String
    /// The deprecation warning PyTorch emits at construction when the legacy arguments are used.
    let legacyWarning: String?

    init(arguments: Arguments) {
        let sizeAverage = arguments.optionalBool("size_average")
        let reduce = arguments.optionalBool("reduce")
        if sizeAverage != nil || reduce != nil {
            let averaging = sizeAverage ?? true
            let reducing = reduce ?? true
            name = averaging && reducing ? "mean" : reducing ? "sum" : "none"
            legacyWarning = "size_average and reduce args will be deprecated, please use reduction='\(name)' instead."
        } else {
            name = arguments.string("reduction")
            legacyWarning = nil
        }
    }

    /// PyTorch's `_Reduction.get_enum`: 'elementwise_mean' is 'mean' with a deprecation warning;
    /// an unknown string is a ValueError.
    func resolve(warnings: inout [String]) throws -> LossReduction {
        switch name {
        case "none": return .none
        case "mean": return .mean
        case "sum": return .sum
        case "elementwise_mean":
            warnings.append("reduction='elementwise_mean' is deprecated. Please use reduction='mean' instead.")
            return .mean
        default:
            throw LayerError(.valueError, "reduction", "\(name) is not a valid value for reduction")
        }
    }
}

/// The shared parameters of the unweighted losses: `size_average`, `reduce`, `reduction`.
///
/// Unlike PyTorch, a `reduction` that is not a string fails when the arguments are bound, as a
/// TypeError (PyTorch raises a ValueError at the call); the message is PyTorch's.
private let reductionParams: [ParamSpec] = [
    ParamSpec("size_average", .optionalBool, default: ParamValue.none, deprecated: true,
              "legacy: average (True) or sum (False) over elements; overrides reduction when given"),
    ParamSpec("reduce", .optionalBool, default: ParamValue.none, deprecated: true,
              "legacy: False returns per-element losses; overrides reduction when given"),
    ParamSpec("reduction", .choice(["none", "mean", "sum"]), default: .string("mean"),
              typeErrorMessage: "{value} is not a valid value for reduction",
              "'none': per-element losses, 'mean': their average, 'sum': their sum"),
]

// MARK: - Broadcasting (L1Loss, MSELoss)

/// Two shapes broadcast together the NumPy way, with the offset maps of both operands.
struct BroadcastPair: Sendable {
    /// The common shape.
    let shape: [Int]
    /// Per dimension of `shape`: the stride of each operand (0 where it is broadcast).
    let stridesA: [Int]
    let stridesB: [Int]

    /// Aligns the shapes at their last dimension; sizes must agree or one of them must be 1.
    ///
    /// Throws PyTorch's `infer_size` error, which names the first disagreeing dimension counted
    /// from the right (as an index into the broadcast shape).
    init(_ a: [Int], _ b: [Int]) throws {
        let rank = Swift.max(a.count, b.count)
        var shape = [Int](repeating: 1, count: rank)
        for dim in stride(from: rank - 1, through: 0, by: -1) {
            let dimA = dim - (rank - a.count)
            let dimB = dim - (rank - b.count)
            let sizeA = dimA >= 0 ? a[dimA] : 1
            let sizeB = dimB >= 0 ? b[dimB] : 1
            guard sizeA == sizeB || sizeA == 1 || sizeB == 1 else {
                throw LayerError(.runtimeError, "target",
                                 "The size of tensor a (\(sizeA)) must match the size of tensor b (\(sizeB)) at non-singleton dimension \(dim)")
            }
            shape[dim] = sizeA == 1 ? sizeB : sizeA
        }
        self.shape = shape
        stridesA = BroadcastPair.strides(of: a, in: rank)
        stridesB = BroadcastPair.strides(of: b, in: rank)
    }

    /// Row-major strides of `operand` right-aligned in `rank` dimensions, 0 on broadcast dimensions.
    private static func strides(of operand: [Int], in rank: Int) -> [Int] {
        let own = operand.rowMajorStrides
        var result = [Int](repeating: 0, count: rank)
        for d in operand.indices where operand[d] != 1 {
            result[d + rank - operand.count] = own[d]
        }
        return result
    }

    /// Calls `body(offsetA, offsetB)` for every element of the broadcast shape, in row-major order.
    func forEachOffset(_ body: (Int, Int) -> Void) {
        let total = shape.elementCount
        guard total > 0 else { return }
        var index = [Int](repeating: 0, count: shape.count)
        var offsetA = 0
        var offsetB = 0
        for _ in 0..<total {
            body(offsetA, offsetB)
            // Odometer step: advance the last dimension, carrying into the ones before it.
            var dim = shape.count - 1
            while dim >= 0 {
                index[dim] += 1
                offsetA += stridesA[dim]
                offsetB += stridesB[dim]
                if index[dim] < shape[dim] { break }
                offsetA -= stridesA[dim] * shape[dim]
                offsetB -= stridesB[dim] * shape[dim]
                index[dim] = 0
                dim -= 1
            }
        }
    }
}

/// The machinery L1Loss and MSELoss share: broadcast, elementwise term, reduction, gradient.
enum ElementwiseLoss {
    /// `F.l1_loss` / `F.mse_loss`: warns when the shapes differ, broadcasts input against target,
    /// checks the reduction, then reduces `term(x − y)` over the broadcast shape.
    ///
    /// The mean divides by the *broadcast* element count (NaN when it is 0); 'none' returns the
    /// broadcast shape. The difference and each term are float32, as in PyTorch (so x − y or (x − y)²
    /// beyond the float32 range is ∞); the sum accumulates in Double and is rounded to float32 before
    /// the mean divides it, as PyTorch's float32 sum would overflow.
    static func forward(_ input: Tensor, _ target: LossTarget, setting: ReductionSetting,
                        warnings: inout [String], term: (Float) -> Float) throws -> Tensor {
        let (pair, reduction, targetValues) = try prepare(input, target, setting, &warnings)
        // losses is the broadcast shape
        var losses = [Float]()
        if reduction == .none { losses.reserveCapacity(pair.shape.elementCount) }
        var total = 0.0
        pair.forEachOffset { offsetIn, offsetTarget in
            let value = term(input.storage[offsetIn] - targetValues.storage[offsetTarget])
            if reduction == .none {
                losses.append(value)
            } else {
                total += Double(value)
            }
        }
        switch reduction {
        case .none: return Tensor(shape: pair.shape, storage: losses)
        case .sum: return Tensor(scalar: Float(total))
        case .mean: return Tensor(scalar: Float(total) / Float(pair.shape.elementCount))
        }
    }

    /// ∂loss/∂input: `slope(x − y)` per broadcast element (divided by the broadcast count for
    /// 'mean'), summed back onto the input's shape; for 'none' the gradient of `loss.sum()`.
    static func gradient(_ input: Tensor, _ target: LossTarget, setting: ReductionSetting,
                         slope: (Double) -> Double) throws -> Tensor {
        var ignored: [String] = []
        let (pair, reduction, targetValues) = try prepare(input, target, setting, &ignored)
        let scale = reduction == .mean ? 1 / Double(pair.shape.elementCount) : 1
        // gradient is the input's shape, accumulated in Double
        var gradient = [Double](repeating: 0, count: input.count)
        pair.forEachOffset { offsetIn, offsetTarget in
            let difference = input.storage[offsetIn] - targetValues.storage[offsetTarget]  // float32, as in PyTorch
            gradient[offsetIn] += slope(Double(difference)) * scale
        }
        return Tensor(shape: input.shape, storage: gradient.map { Float($0) })
    }

    /// The checks and warnings of the call, in PyTorch's order: legacy warning (construction),
    /// size warning, broadcasting, reduction string.
    private static func prepare(_ input: Tensor, _ target: LossTarget, _ setting: ReductionSetting,
                                _ warnings: inout [String]) throws -> (BroadcastPair, LossReduction, Tensor) {
        if let legacy = setting.legacyWarning { warnings.append(legacy) }
        // Integer targets are promoted to float, as PyTorch's type promotion does.
        let targetValues = target.asFloat
        if targetValues.shape != input.shape {
            warnings.append("Using a target size (\(targetValues.shape.torchSize)) that is different to the input size (\(input.shape.torchSize)). This will likely lead to incorrect results due to broadcasting. Please ensure they have the same size.")
        }
        let pair = try BroadcastPair(input.shape, targetValues.shape)
        let reduction = try setting.resolve(warnings: &warnings)
        // PyTorch materialises x − y over the broadcast shape, whatever the reduction.
        try checkBroadcastAllocation(of: pair.shape)
        return (pair, reduction, targetValues)
    }
}

/// PyTorch's error when the float32 tensor of a broadcast `shape` cannot be created: its size
/// overflows (zero dimensions counted as 1, since a broadcast of two empty operands can still have
/// huge sides), or it is beyond what LayerKit allocates (`checkAllocation(shape:subject:)`).
func checkBroadcastAllocation(of shape: [Int]) throws {
    var span = 1
    for dimension in shape {
        let (product, overflow) = span.multipliedReportingOverflow(by: Swift.max(dimension, 1))
        try check(!overflow, .runtimeError, "input", "Storage size calculation overflowed with sizes=\(shape.torchList)")
        span = product
    }
    try checkAllocation(shape: shape, subject: "input")
}

/// `sign(d)` with PyTorch's convention: 0 for 0 and for NaN.
private func pytorchSign(_ d: Double) -> Double {
    d > 0 ? 1 : d < 0 ? -1 : 0
}

// MARK: - L1Loss

/// Mean absolute error: `|x − y|` per element, then 'mean', 'sum' or 'none'.
///
/// `L1Loss(size_average=None, reduce=None, reduction='mean')`. Input and target broadcast (with a
/// warning when their shapes differ); the mean is over the broadcast element count, NaN when it is 0.
/// Gradient: `sign(x − y)/N` for 'mean' (0 where x = y), `sign(x − y)` for 'sum' and 'none'.
/// https://pytorch.org/docs/stable/generated/torch.nn.L1Loss.html
public struct L1Loss: Loss {
    public static let schema = LayerSchema(
        name: "L1Loss", initializer: "_Loss", group: .loss,
        summary: "mean absolute error |input − target|",
        params: reductionParams)

    public let arguments: Arguments
    /// The effective reduction string (PyTorch's `self.reduction`), checked when the loss is called.
    public let reduction: String
    let setting: ReductionSetting

    public init(arguments: Arguments, rng: inout RandomSource) throws {
        self.arguments = arguments
        setting = ReductionSetting(arguments: arguments)
        reduction = setting.name
    }

    /// The loss: rank 0 for 'mean'/'sum', the broadcast shape for 'none'.
    public func forward(_ input: Tensor, target: LossTarget, warnings: inout [String]) throws -> Tensor {
        try ElementwiseLoss.forward(input, target, setting: setting, warnings: &warnings) { Swift.abs($0) }
    }

    /// `sign(x − y)`, divided by the broadcast count for 'mean', summed onto the input's shape.
    public func inputGradient(_ input: Tensor, target: LossTarget) throws -> Tensor {
        try ElementwiseLoss.gradient(input, target, setting: setting, slope: pytorchSign)
    }
}

// MARK: - MSELoss

/// Mean squared error: `(x − y)²` per element, then 'mean', 'sum' or 'none'.
///
/// `MSELoss(size_average=None, reduce=None, reduction='mean')`. Broadcasting, warning and mean as in
/// L1Loss. Gradient: `2(x − y)/N` for 'mean', `2(x − y)` for 'sum' and 'none'.
/// https://pytorch.org/docs/stable/generated/torch.nn.MSELoss.html
public struct MSELoss: Loss {
    public static let schema = LayerSchema(
        name: "MSELoss", initializer: "_Loss", group: .loss,
        summary: "mean squared error (input − target)²",
        params: reductionParams)

    public let arguments: Arguments
    /// The effective reduction string (PyTorch's `self.reduction`), checked when the loss is called.
    public let reduction: String
    let setting: ReductionSetting

    public init(arguments: Arguments, rng: inout RandomSource) throws {
        self.arguments = arguments
        setting = ReductionSetting(arguments: arguments)
        reduction = setting.name
    }

    /// The loss: rank 0 for 'mean'/'sum', the broadcast shape for 'none'.
    public func forward(_ input: Tensor, target: LossTarget, warnings: inout [String]) throws -> Tensor {
        try ElementwiseLoss.forward(input, target, setting: setting, warnings: &warnings) { $0 * $0 }
    }

    /// `2(x − y)`, divided by the broadcast count for 'mean', summed onto the input's shape.
    public func inputGradient(_ input: Tensor, target: LossTarget) throws -> Tensor {
        try ElementwiseLoss.gradient(input, target, setting: setting) { 2 * $0 }
    }
}

// MARK: - CrossEntropyLoss

/// Cross entropy between logits and class indices or class probabilities (log-softmax + NLL).
///
/// `CrossEntropyLoss(weight=None, size_average=None, ignore_index=-100, reduce=None,
/// reduction='mean', label_smoothing=0.0)`.
///
/// Input `(C)`, `(N, C)` or `(N, C, d1, …, dK)` of raw logits; `lp = log_softmax(input)` over the
/// class dimension. If the target has the input's shape it holds class *probabilities* (float);
/// otherwise class *indices* (int64 or uint8) of shape `()`, `(N)` or `(N, d1, …, dK)`.
///
/// Class indices, per position n with class t = target[n], weight w (ones if None), ε = label_smoothing:
///
///     nll_n    = −w_t·lp[n, t]              (0 when t == ignore_index)
///     smooth_n = −Σ_c w_c·lp[n, c]          (0 when t == ignore_index)
///     loss_n   = (1 − ε)·nll_n + (ε/C)·smooth_n
///     'mean'   = [(1 − ε)·Σ nll_n + (ε/C)·Σ smooth_n] / Σ_{non-ignored n} w_t   (NaN if nothing counts)
///
/// Probabilities p (smoothed to `p·(1 − ε) + ε/C` when ε > 0): `loss_n = −Σ_c w_c·p_c·lp[n, c]`,
/// 'mean' divides by N·d1·…·dK (weights are not in the denominator).
///
/// `weight`, when given, is a buffer of the state_dict (key `weight`), as in PyTorch.
/// Negative `label_smoothing` is treated as 0; above 1 is an error at the call.
/// https://pytorch.org/docs/stable/generated/torch.nn.CrossEntropyLoss.html
public struct CrossEntropyLoss: Loss {
    public static let schema = LayerSchema(
        name: "CrossEntropyLoss", group: .loss,
        summary: "log-softmax of logits, then negative log-likelihood of the target classes",
        params: [
            ParamSpec("weight", .optionalFloatVector, default: ParamValue.none,
                      typeErrorMessage: "cannot assign '{type}' object to buffer 'weight' (torch Tensor or None required)",
                      "rescaling weight per class, a 1-D tensor of length C"),
            reductionParams[0],
            ParamSpec("ignore_index", .int, default: .int(-100), range: ParamRange(-100, nil, step: 1),
                      typeErrorMessage: "cross_entropy_loss(): argument 'ignore_index' (position 5) must be int, not {type}",
                      "class-index target value that contributes neither loss nor gradient"),
            reductionParams[1],
            reductionParams[2],
            ParamSpec("label_smoothing", .float, default: .float(0), range: ParamRange(0, 1, step: 0.05),
                      typeErrorMessage: "cross_entropy_loss(): argument 'label_smoothing' (position 6) must be float, not {type}",
                      "mixes the target with the uniform distribution: (1 − ε)·target + ε/C"),
        ])

    public let arguments: Arguments
    /// The per-class weight buffer `(C)`, or nil when `weight=None`.
    public private(set) var weight: Tensor?
    public let ignoreIndex: Int
    /// ε as given (PyTorch only applies it when it is > 0).
    public let labelSmoothing: Double
    /// The effective reduction string (PyTorch's `self.reduction`), checked when the loss is called.
    public let reduction: String
    let setting: ReductionSetting

    public init(arguments: Arguments, rng: inout RandomSource) throws {
        self.arguments = arguments
        if let values = arguments.floatVector("weight") {
            weight = Tensor(shape: [values.count], storage: values.map { Float($0) })
        }
        ignoreIndex = arguments.int("ignore_index")
        labelSmoothing = arguments.double("label_smoothing")
        setting = ReductionSetting(arguments: arguments)
        reduction = setting.name
    }

    /// `["weight"]` when a weight was given (PyTorch registers a `None` buffer otherwise, which
    /// `state_dict()` leaves out).
    public var stateKeys: [String] { weight == nil ? [] : ["weight"] }

    public func state(_ key: String) -> StateValue? {
        guard key == "weight", let weight else { return nil }
        return .float(weight)
    }

    /// Replaces the `weight` buffer (same shape required, as `load_state_dict` requires).
    public mutating func setState(_ key: String, _ value: StateValue) throws {
        guard key == "weight", let current = weight else {
            throw LayerError(.runtimeError, key, "CrossEntropyLoss has no parameter or buffer '\(key)'")
        }
        try checkStateShape(key, value, current: .float(current))
        weight = value.floatTensor(shape: current.shape)
    }

    /// The loss: rank 0 for 'mean'/'sum'; for 'none' the target's shape (class indices) or the input's
    /// shape without the class dimension (probabilities), rank 0 for a `(C)` input.
    public func forward(_ input: Tensor, target: LossTarget, warnings: inout [String]) throws -> Tensor {
        try CrossEntropyProblem(self, input, target, &warnings).loss()
    }

    /// ∂loss/∂logits: per position `softmax·Σ_c a_c − a` where `a_c` is the weight the loss puts on
    /// `−lp[c]` (see `CrossEntropyProblem`); 0 for ignored positions; for 'none' the gradient of
    /// `loss.sum()`.
    public func inputGradient(_ input: Tensor, target: LossTarget) throws -> Tensor {
        var ignored: [String] = []
        return try CrossEntropyProblem(self, input, target, &ignored).gradient()
    }
}

/// One validated call of a CrossEntropyLoss: the input's log-softmax and what the target asks for.
struct CrossEntropyProblem {
    enum Target {
        /// Class indices, one per position; `byte` for a uint8 target.
        case classes([Int64], byte: Bool)
        /// Class probabilities laid out like the input (smoothing not yet applied).
        case probabilities([Float])
    }

    let reduction: LossReduction
    let target: Target
    /// The input viewed as (N, C, S).
    let batch: Int
    let classes: Int
    let inner: Int
    /// The input's shape, the target's shape, and the shape of the 'none' output.
    let inputShape: [Int]
    let targetShape: [Int]
    let itemShape: [Int]
    /// log_softmax of the input over the class dimension, laid out like the input.
    let logProbabilities: [Double]
    /// Per-class weights (ones when the loss has none).
    let classWeights: [Double]
    let weighted: Bool
    let ignoreIndex: Int
    /// ε when it is > 0, else 0 (negative and NaN smoothing are ignored, as in PyTorch).
    let smoothing: Double

    /// Runs PyTorch's checks in order (`F.cross_entropy` → `cross_entropy_loss` → `nll_loss_nd` →
    /// `nll_loss` / `nll_loss2d`) and computes the log-softmax.
    init(_ loss: CrossEntropyLoss, _ input: Tensor, _ target: LossTarget, _ warnings: inout [String]) throws {
        if let legacy = loss.setting.legacyWarning { warnings.append(legacy) }
        reduction = try loss.setting.resolve(warnings: &warnings)
        ignoreIndex = loss.ignoreIndex
        let epsilon = loss.labelSmoothing
        smoothing = epsilon > 0 ? epsilon : 0
        let rank = input.rank

        if input.shape == target.shape {
            // Same shape: class probabilities.
            guard case .values(let probabilities) = target else {
                throw LayerError(.runtimeError, "target",
                                 "Expected floating point type for target with class probabilities, got \(CrossEntropyProblem.dtypeName(target))")
            }
            try check(loss.ignoreIndex < 0, .runtimeError, "ignore_index",
                      "ignore_index is not supported for floating point target")
            try check(rank > 0, .indexError, "input", "Dimension specified as 1 but tensor has no dimensions")
            let classes = input.shape[rank == 1 ? 0 : 1]
            if let weight = loss.weight {
                try check(weight.count == classes, .runtimeError, "weight",
                          "cross_entropy: weight tensor should be defined either for all \(classes) classes or no classes but got weight tensor of shape: \(weight.shape.torchList)")
            }
            if epsilon > 0 {
                try check(epsilon <= 1, .runtimeError, "label_smoothing",
                          "label_smoothing must be between 0.0 and 1.0. Got: \(cFormat("%g", epsilon))")
            }
            self.target = .probabilities(probabilities.storage)
            var itemShape = input.shape
            itemShape.remove(at: rank == 1 ? 0 : 1)
            self.itemShape = itemShape
            if reduction == .none {
                try checkAllocation(shape: itemShape, subject: "input")  // with C = 0, larger than the input
            }
        } else {
            // Class indices.
            if epsilon > 0 {
                try check(epsilon <= 1, .runtimeError, "label_smoothing",
                          "label_smoothing must be between 0.0 and 1.0. Got: \(cFormat("%g", epsilon))")
            }
            try check(rank > 0, .indexError, "input",
                      "Dimension out of range (expected to be in range of [-1, 0], but got 1)")
            let (indices, byte) = try CrossEntropyProblem.checkClassTarget(loss, input, target, reduction)
            self.target = .classes(indices, byte: byte)
            itemShape = rank == 1 ? [] : target.shape
        }

        inputShape = input.shape
        targetShape = target.shape
        batch = rank == 1 ? 1 : input.shape[0]
        classes = input.shape[rank == 1 ? 0 : 1]
        inner = rank <= 2 ? 1 : input.shape[2...].elementCount
        weighted = loss.weight != nil
        // Ones without a weight (none needed for an empty input, whose C may be huge).
        classWeights = loss.weight.map { $0.storage.map { Double($0) } }
            ?? [Double](repeating: 1, count: input.count > 0 ? classes : 0)
        logProbabilities = CrossEntropyProblem.logSoftmax(input.storage, batch: batch, classes: classes, inner: inner)

        if case .classes(let indices, let byte) = self.target {
            try checkClassRange(indices)
            if smoothing > 0 {
                // The smoothing term's masking and mean, which PyTorch computes with tensor ops.
                try check(!(rank == 1 && target.rank == 1), .runtimeError, "target",
                          "output with shape [] doesn't match the broadcast shape [1]")
                // The weighted mean gathers the weights of the unmasked uint8 targets (none: no error).
                let gathers = byte && weighted && reduction == .mean && indices.contains { counts($0, byte: byte).smooth }
                try check(!gathers, .runtimeError, "target", "gather(): Expected dtype int32/int64 for index")
            }
        }
    }

    /// PyTorch's name of the target's dtype.
    static func dtypeName(_ target: LossTarget) -> String {
        switch target {
        case .values: return "Float"
        case .classes(_, let dtype): return dtype
        }
    }

    /// The shape and dtype checks of a class-index target, in PyTorch's order.
    private static func checkClassTarget(_ loss: CrossEntropyLoss, _ input: Tensor, _ target: LossTarget,
                                         _ reduction: LossReduction) throws -> ([Int64], Bool) {
        let rank = input.rank
        let classes = input.shape[rank == 1 ? 0 : 1]
        // A 0-d target has no batch size; PyTorch reads it as 0.
        let targetBatch = target.rank == 0 ? 0 : target.shape[0]
        if rank != 1 {
            try check(input.shape[0] == targetBatch, .valueError, "target",
                      "Expected input batch_size (\(input.shape[0])) to match target batch_size (\(targetBatch)).")
        }
        func checkDtype() throws {
            let name = dtypeName(target)
            try check(name == "Long" || name == "Byte", .runtimeError, "target",
                      "expected target dtype to be Long or Byte, but got \(name)")
        }
        let byte = dtypeName(target) == "Byte"

        if rank <= 2 {
            // nll_loss
            try check(target.rank <= 1, .runtimeError, "target",
                      "0D or 1D target tensor expected, multi-target not supported")
            try checkDtype()
            if rank == 1 && target.rank == 1 {
                try check(target.shape[0] == 1, .valueError, "target",
                          "For 1D input, 1D target must have size 1, but got target size: \(target.shape[0])")
            }
            if rank == 2 && target.rank == 0 {
                throw LayerError(.indexError, "target", "Dimension specified as 0 but tensor has no dimensions")
            }
            if let weight = loss.weight {
                try check(weight.count == classes, .runtimeError, "weight",
                          "weight tensor should be defined either for all \(classes) classes or no classes but got weight tensor of shape: \(weight.shape.torchList)")
            }
        } else {
            if rank != 4 {
                // nll_loss_nd reshapes (N, C, d1…dK) to (N, C, 1, S) after checking the spatial sizes.
                if target.rank == 0 {
                    throw LayerError(.runtimeError, "target", "ArrayRef: invalid slice, N = 1; size = 0")
                }
                let expected = [input.shape[0]] + Array(input.shape[2...])
                try check(Array(target.shape.dropFirst()) == Array(input.shape[2...]), .runtimeError, "target",
                          "Expected target size \(expected.torchList), got \(target.shape.torchList)")
            } else {
                try check(target.rank == 3, .runtimeError, "target",
                          "only batches of spatial targets supported (3D tensors) but got targets of dimension: \(target.rank)")
            }
            // nll_loss2d
            try checkDtype()
            if let weight = loss.weight {
                try check(weight.count == classes, .runtimeError, "weight",
                          "weight tensor should be defined either for all or no classes")
            }
            // nll_loss2d compares (N, C, H, W) with (N, H, W); other ranks arrive viewed as
            // (N, C, 1, S) and (N, 1, S), or as (N, C, 0, 0) and (N, 0, 0) when empty, so a C = 0
            // input with a non-empty target fails here.
            let input4 = rank == 4 ? input.shape
                : input.count > 0 ? [input.shape[0], classes, 1, input.count / (input.shape[0] * classes)]
                : [input.shape[0], classes, 0, 0]
            let target3 = rank == 4 ? target.shape
                : target.count > 0 ? [target.shape[0], 1, target.count / target.shape[0]]
                : [target.shape[0], 0, 0]
            let matches = input4[0] == target3[0] && input4[2] == target3[1] && input4[3] == target3[2]
            try check(matches, .runtimeError, "target",
                      "size mismatch (got input: \(input4.torchList) , target: \(target3.torchList)")
            // nll_loss2d reads the target as int64; it returns early only for a reduced empty target.
            if byte && (reduction == .none || target.count > 0) {
                throw LayerError(.runtimeError, "target", "expected scalar type Long but found Byte")
            }
        }
        guard case .classes(let indices, _) = target else {
            // Unreachable: checkDtype rejected float targets.
            throw LayerError(.runtimeError, "target", "expected target dtype to be Long or Byte, but got Float")
        }
        return (indices.storage, byte)
    }

    /// `Target 5 is out of bounds.` for the first non-ignored class outside [0, C).
    ///
    /// With reduction 'none' PyTorch checks the batch in parallel, two halves on two threads, and
    /// the second half's error is the one that surfaces in practice: that one is reported when the
    /// second half has one. (The race is PyTorch's; on a machine with more threads it can differ.)
    private func checkClassRange(_ indices: [Int64]) throws {
        func firstOutOfRange(_ range: Range<Int>) -> Int64? {
            indices[range].first { $0 != Int64(ignoreIndex) && ($0 < 0 || $0 >= Int64(classes)) }
        }
        var secondHalf: Int64?
        if reduction == .none && batch >= 2 {
            let perItem = indices.count / batch  // positions per batch entry
            let firstOfSecondHalf = (batch + 1) / 2 * perItem
            secondHalf = firstOutOfRange(firstOfSecondHalf..<indices.count)
        }
        if let t = secondHalf ?? firstOutOfRange(0..<indices.count) {
            throw LayerError(.indexError, "target", "Target \(t) is out of bounds.")
        }
    }

    /// log_softmax over the class dimension of a (N, C, S) layout, with the slice maximum subtracted.
    static func logSoftmax(_ x: [Float], batch: Int, classes: Int, inner: Int) -> [Double] {
        var result = [Double](repeating: 0, count: x.count)
        guard !x.isEmpty else { return result }  // no positions to visit (N, S or C is 0)
        for n in 0..<batch {
            for s in 0..<inner {
                let base = n * classes * inner + s
                var maximum = -Double.infinity
                var sawNaN = false
                for c in 0..<classes {
                    let v = Double(x[base + c * inner])
                    if v.isNaN { sawNaN = true }
                    if v > maximum { maximum = v }
                }
                if sawNaN { maximum = .nan }
                var sumExp = 0.0
                for c in 0..<classes {
                    sumExp += _exp(Double(x[base + c * inner]) - maximum)
                }
                let logSum = _log(sumExp)
                for c in 0..<classes {
                    let offset = base + c * inner
                    result[offset] = (Double(x[offset]) - maximum) - logSum
                }
            }
        }
        return result
    }

    /// Whether position p counts in the NLL term and in the smoothing term.
    ///
    /// PyTorch masks the smoothing term with `target == ignore_index` computed in the target's dtype,
    /// so for a uint8 target the ignore_index wraps modulo 256 there (but not in the NLL term).
    private func counts(_ t: Int64, byte: Bool) -> (nll: Bool, smooth: Bool) {
        let nll = t != Int64(ignoreIndex)
        guard smoothing > 0 else { return (nll, false) }
        if byte { return (nll, t != Int64(UInt8(truncatingIfNeeded: ignoreIndex))) }
        return (nll, nll)
    }

    /// The 'mean' denominators of the two class-index terms: Σ of the target weights (the count,
    /// without weights) over the positions each term counts (they differ only for a uint8 target).
    private func classDenominators(_ indices: [Int64], byte: Bool) -> (nll: Double, smooth: Double) {
        var nllDenominator = 0.0
        var smoothDenominator = 0.0
        for t in indices {
            let (countsNLL, countsSmooth) = counts(t, byte: byte)
            if countsNLL { nllDenominator += classWeights[Int(t)] }
            if countsSmooth { smoothDenominator += weighted ? classWeights[Int(t)] : 1 }
        }
        return (nllDenominator, smoothDenominator)
    }

    /// The scales of the two class-index terms: (1 − ε)/D for the NLL sum and (ε/C)/D' for the
    /// smoothing sum under 'mean' (see `classDenominators`), without the denominators otherwise.
    private func classTermScales(_ indices: [Int64], byte: Bool) -> (nll: Double, smooth: Double) {
        let denominators = classDenominators(indices, byte: byte)
        let nllFactor = smoothing > 0 ? 1 - smoothing : 1
        let smoothFactor = smoothing / Double(classes)
        guard reduction == .mean else { return (nllFactor, smoothFactor) }
        return (nllFactor / denominators.nll, smoothFactor / denominators.smooth)
    }

    /// The scale of the probability loss: 1/(N·d1·…·dK) for 'mean' (NaN when the input is empty).
    private var probabilityScale: Double {
        guard reduction == .mean else { return 1 }
        let items = classes == 0 ? 0 : logProbabilities.count / classes
        return 1 / Double(items)
    }

    /// A target probability, smoothed to `p·(1 − ε) + ε/C` when ε > 0.
    private func smoothed(_ p: Float) -> Double {
        smoothing > 0 ? Double(p) * (1 - smoothing) + smoothing / Double(classes) : Double(p)
    }

    /// The forward pass: per-position losses, then the reduction, rounded to float32 wherever
    /// PyTorch materialises a float32 tensor (the log-softmax, each product, each per-position sum,
    /// each reduced term), so that an intermediate overflow gives ±∞ (or NaN) exactly as there.
    func loss() -> Tensor {
        let positions = batch * inner
        // lp is the float32 log-softmax, laid out like the input
        let lp = logProbabilities.map { Float($0) }
        let weights = classWeights.map { Float($0) }
        switch target {
        case .classes(let indices, let byte):
            // nllItems and smoothItems are (N, d1…dK) (or () for a (C) input)
            var nllItems = [Float](repeating: 0, count: positions)
            var smoothItems = [Float](repeating: 0, count: positions)
            for p in 0..<positions {
                let n = p / inner
                let s = p % inner
                let base = n * classes * inner + s
                let t = indices[p]
                let (countsNLL, countsSmooth) = counts(t, byte: byte)
                if countsNLL {
                    nllItems[p] = -(weights[Int(t)] * lp[base + Int(t) * inner])
                }
                if countsSmooth {
                    var sum = 0.0  // Σ_c w_c·lp[c], each product in float32
                    for c in 0..<classes { sum += Double(weights[c] * lp[base + c * inner]) }
                    smoothItems[p] = -Float(sum)
                }
            }
            let denominators = classDenominators(indices, byte: byte)
            // nll_loss: 'none' keeps the items; 'mean' divides the float32 sum by Σ w_t.
            func reduced(_ items: [Float], denominator: Double) -> Tensor {
                switch reduction {
                case .none: return Tensor(shape: itemShape, storage: items)
                case .sum: return Tensor(scalar: floatSum(items))
                case .mean: return Tensor(scalar: floatSum(items) / Float(denominator))
                }
            }
            let nll = reduced(nllItems, denominator: denominators.nll)
            guard smoothing > 0 else { return nll }
            // (1 − ε)·nll + (ε/C)·smooth, with both factors rounded to float32 as tensor scalars are.
            let smooth = reduced(smoothItems, denominator: denominators.smooth)
            let nllFactor = Float(1 - smoothing)
            let smoothFactor = Float(smoothing / Double(classes))
            var result = nll
            for i in 0..<result.count {
                result.storage[i] = nllFactor * nll.storage[i] + smooth.storage[i] * smoothFactor
            }
            return result
        case .probabilities(let probabilities):
            // items is the input's shape without the class dimension; with C = 0 each is −0.0 (−Σ∅)
            guard classes > 0 else {
                switch reduction {
                case .none: return Tensor(shape: itemShape, repeating: -0.0)
                case .sum: return Tensor(scalar: -0.0)
                case .mean: return Tensor(scalar: .nan)
                }
            }
            var items = [Float](repeating: 0, count: positions)
            for p in 0..<positions {
                let n = p / inner
                let s = p % inner
                let base = n * classes * inner + s
                var sum = 0.0  // Σ_c lp·p′·w, each product in float32
                for c in 0..<classes {
                    let offset = base + c * inner
                    let product = lp[offset] * smoothedFloat(probabilities[offset])
                    sum += Double(weighted ? product * weights[c] : product)
                }
                items[p] = -Float(sum)
            }
            switch reduction {
            case .none: return Tensor(shape: itemShape, storage: items)
            case .sum: return Tensor(scalar: floatSum(items))
            case .mean:
                let count = classes == 0 ? 0 : lp.count / classes  // N·d1·…·dK
                return Tensor(scalar: count == 0 ? .nan : floatSum(items) / Float(count))
            }
        }
    }

    /// The sum of float32 values as PyTorch's float32 sum gives it: accumulated in Double, then
    /// rounded (so a total beyond the float32 range is ±∞).
    private func floatSum(_ values: [Float]) -> Float {
        var total = 0.0
        for v in values { total += Double(v) }
        return Float(total)
    }

    /// A target probability as PyTorch smooths it in float32: `p·(1 − ε) + ε/C` when ε > 0.
    private func smoothedFloat(_ p: Float) -> Float {
        smoothing > 0 ? p * Float(1 - smoothing) + Float(smoothing / Double(classes)) : p
    }

    /// ∂loss/∂logits. The loss is `Σ_n Σ_c a[n, c]·(−lp[n, c])`, so per position
    /// `∂/∂x[n, c] = softmax[n, c]·Σ_c' a[n, c'] − a[n, c]` (softmax = exp(lp)).
    ///
    /// Two calls that PyTorch's forward accepts fail in its backward (`nll_loss_backward`,
    /// `nll_loss2d_backward`): a `(C)` input with a `(1,)` target, and a uint8 target with an input
    /// of rank ≥ 3.
    func gradient() throws -> Tensor {
        if case .classes(_, let byte) = target {
            try check(!(inputShape.count == 1 && targetShape.count == 1), .runtimeError, "target",
                      "size mismatch (got input: \(inputShape.torchList), target: \(targetShape.torchList))")
            try check(!(inputShape.count >= 3 && byte), .runtimeError, "target",
                      "expected scalar type Long but found Byte")
        }
        guard !logProbabilities.isEmpty else { return Tensor(shape: inputShape) }
        let positions = batch * inner
        // gradient is the input's layout (N, C, S)
        var gradient = [Float](repeating: 0, count: logProbabilities.count)
        // a holds the coefficients a[n, :] of one position
        var a = [Double](repeating: 0, count: classes)
        var scales = (nll: 0.0, smooth: 0.0)
        if case .classes(let indices, let byte) = target { scales = classTermScales(indices, byte: byte) }
        let probabilityScale = self.probabilityScale

        for p in 0..<positions {
            let n = p / inner
            let s = p % inner
            let base = n * classes * inner + s
            switch target {
            case .classes(let indices, let byte):
                let t = indices[p]
                let (countsNLL, countsSmooth) = counts(t, byte: byte)
                // An ignored position still goes through log_softmax's backward with a zero
                // gradient: 0 − exp(lp)·0, which is NaN where lp is NaN, as in PyTorch.
                for c in 0..<classes {
                    a[c] = countsSmooth ? classWeights[c] * scales.smooth : 0
                }
                if countsNLL { a[Int(t)] += classWeights[Int(t)] * scales.nll }
            case .probabilities(let probabilities):
                for c in 0..<classes {
                    a[c] = classWeights[c] * smoothed(probabilities[base + c * inner]) * probabilityScale
                }
            }
            var total = 0.0
            for c in 0..<classes { total += a[c] }
            for c in 0..<classes {
                let offset = base + c * inner
                gradient[offset] = Float(_exp(logProbabilities[offset]) * total - a[c])
            }
        }
        return Tensor(shape: inputShape, storage: gradient)
    }
}

extension LossTarget {
    /// Number of dimensions of the target.
    fileprivate var rank: Int { shape.count }
    /// Number of elements of the target.
    fileprivate var count: Int { shape.elementCount }
}
