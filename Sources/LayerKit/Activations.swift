// Activations: the element-wise non-linearities of torch.nn — Sigmoid, Tanh, ReLU, LeakyReLU,
// ReLU6, GELU and SELU — and the input gradients PyTorch's autograd computes for them.
//
// Each element is mapped on its own, so the output has the input's shape (any rank, 0-d and empty
// tensors included). Tensors go through PyTorch's own float32 expressions: the same constants, the
// same order of operations and the same branch comparisons, which is what fixes the values at the
// kinks, for NaN and ±∞, and at saturation. The same formulas evaluated in Double give the curve and
// its derivative at any scalar x, for pictures (`callAsFunction(scalar:)`, `derivative(scalar:)`).
//
// What autograd returns exactly at a corner (PyTorch's choice, not a mathematical fact):
//   ReLU′(0) = 0 (it tests the output, y > 0)      LeakyReLU′(0) = negative_slope (it tests x > 0)
//   ReLU6′(0) = ReLU6′(6) = 0                       SELU′(0) = λα ≈ 1.7581 (the left slope)
//   GELU′(0) = 0.5                                  Sigmoid and Tanh differentiate through their output
//
// `inplace=True` (ReLU, LeakyReLU, ReLU6, SELU) changes no value: PyTorch then returns the input
// tensor itself, overwritten; LayerKit never aliases and always returns a new tensor. An input
// gradient of an in-place layer is PyTorch's error (the input is a leaf that requires grad).
//
// PyTorch's CPU backward kernels of ReLU6 and SELU treat a NaN input differently in their vectorised
// loop and in its scalar tail; `vectorBlock` says which elements the vectorised loop takes.

// MARK: - The element-wise activation protocol

/// A point on an activation's curve worth labelling in a picture: a kink, an inflection, a minimum.
public struct ActivationLandmark: Sendable, Equatable {
    /// Where it is on the x axis.
    public var x: Double
    /// A short caption, e.g. `kink: f′(0) = 0 (autograd tests y > 0)`.
    public var label: String

    /// A landmark at `x` captioned `label`.
    public init(x: Double, label: String) {
        self.x = x
        self.label = label
    }
}

/// An element-wise activation whose curve and derivative can be evaluated at any scalar.
///
/// The scalar functions use the layer's own formula and kink conventions in Double precision; the
/// tensor path (`forward`) evaluates the same formula in float32, as PyTorch does.
public protocol ElementwiseActivation: DifferentiableModule {
    /// f(x), in Double.
    func callAsFunction(scalar x: Double) -> Double
    /// f′(x) as PyTorch's autograd computes it, including its value exactly at a kink.
    func derivative(scalar x: Double) -> Double
    /// Kinks and other points worth labelling, in increasing x.
    var landmarks: [ActivationLandmark] { get }
}

/// The real-number operations the activation formulas need, for Float (tensors) and Double (plots).
protocol ActivationReal: BinaryFloatingPoint {
    static func exponential(_ x: Self) -> Self
    static func exponentialMinusOne(_ x: Self) -> Self
    static func hyperbolicTangent(_ x: Self) -> Self
    static func errorFunction(_ x: Self) -> Self
}

extension Float: ActivationReal {
    static func exponential(_ x: Float) -> Float { _expf(x) }
    static func exponentialMinusOne(_ x: Float) -> Float { _expm1f(x) }
    static func hyperbolicTangent(_ x: Float) -> Float { _tanhf(x) }
    static func errorFunction(_ x: Float) -> Float { _erff(x) }
}

extension Double: ActivationReal {
    static func exponential(_ x: Double) -> Double { _exp(x) }
    static func exponentialMinusOne(_ x: Double) -> Double { _expm1(x) }
    static func hyperbolicTangent(_ x: Double) -> Double { _tanh(x) }
    static func errorFunction(_ x: Double) -> Double { _erf(x) }
}

/// How an activation is written once: its value and its autograd rule, generic over the precision.
protocol PointwiseRule: ElementwiseActivation {
    /// Throws the forward-time argument error PyTorch raises (GELU's `approximate`).
    func checkArguments() throws
    /// f(x).
    func value<T: ActivationReal>(_ x: T) -> T
    /// ∂L/∂x from the input `x`, the output `y` and the incoming gradient `g`.
    func gradient<T: ActivationReal>(x: T, y: T, g: T) -> T
    /// `gradient` as PyTorch's vectorised CPU loop computes it (it differs only for NaN inputs).
    func vectorisedGradient(x: Float, y: Float, g: Float) -> Float
    /// The number of elements one step of PyTorch's vectorised backward loop takes (`nil` when
    /// both paths agree): of each chunk of the loop (see `isVectorised`), the first
    /// ⌊length / block⌋ · block elements go through `vectorisedGradient`, the rest (and a one-element
    /// tensor) through `gradient`.
    var vectorBlock: Int? { get }
    /// `inplace=True`: PyTorch refuses to differentiate, the input being a leaf that requires grad.
    var isInPlace: Bool { get }
}

extension PointwiseRule {
    func checkArguments() throws {}
    func vectorisedGradient(x: Float, y: Float, g: Float) -> Float { gradient(x: x, y: y, g: g) }
    var vectorBlock: Int? { nil }
    var isInPlace: Bool { false }

    /// Applies the activation to every element; the output has the input's shape.
    public func forward(_ input: Tensor, context: inout ForwardContext) throws -> ForwardResult {
        try checkArguments()
        // out is shaped like input
        return ForwardResult(output: input.map { value($0) })
    }

    /// `gradOutput` pushed back through the activation, element by element (autograd's rule).
    ///
    /// `input`, `output` and `gradOutput` must have the same shape. With `inplace=True` this is
    /// PyTorch's RuntimeError `a leaf Variable that requires grad is being used in an in-place
    /// operation.`, whatever the input.
    public func inputGradient(input: Tensor, output: Tensor, gradOutput: Tensor) throws -> Tensor {
        try checkInPlaceGradient(isInPlace)
        try checkArguments()
        try checkGradientShapes(input: input, output: output, gradOutput: gradOutput)
        var gradInput = Tensor(shape: input.shape)
        let vectorised = isVectorised(count: input.count)
        for i in 0..<input.count {
            let (x, y, g) = (input.storage[i], output.storage[i], gradOutput.storage[i])
            gradInput.storage[i] = vectorised(i) ? vectorisedGradient(x: x, y: y, g: g) : gradient(x: x, y: y, g: g)
        }
        return gradInput
    }

    /// Whether PyTorch's backward loop over `count` contiguous elements takes element i in its
    /// vectorised part. Above its grain of 32768 elements the loop is split into one chunk per
    /// thread (two, on the two-core machine the fixtures come from), each with its own tail.
    func isVectorised(count: Int) -> (Int) -> Bool {
        guard let block = vectorBlock, count > 0 else { return { _ in false } }
        let grain = 32768
        let threads = 2
        let chunks = count < grain ? 1 : Swift.min(threads, (count + grain - 1) / grain)
        let chunkLength = (count + chunks - 1) / chunks
        return { i in
            let chunkStart = i / chunkLength * chunkLength
            let length = Swift.min(chunkLength, count - chunkStart)
            return i - chunkStart < length / block * block
        }
    }

    /// f(x) in Double, with the layer's own formula.
    public func callAsFunction(scalar x: Double) -> Double {
        value(x)
    }

    /// f′(x) in Double: autograd's rule with an incoming gradient of 1.
    public func derivative(scalar x: Double) -> Double {
        gradient(x: x, y: value(x), g: 1)
    }
}

/// Throws autograd's error for differentiating a layer that overwrote its input (`inplace=True`):
/// the input of `layerscope compute --grad-input` is a leaf that requires grad.
func checkInPlaceGradient(_ inPlace: Bool) throws {
    try check(!inPlace, .runtimeError, "inplace",
              "a leaf Variable that requires grad is being used in an in-place operation.")
}

/// Throws autograd's error when a gradient does not match the output it flows into.
func checkGradientShapes(input: Tensor, output: Tensor, gradOutput: Tensor) throws {
    try check(gradOutput.shape == output.shape, .runtimeError, "gradOutput",
              "Mismatch in shape: grad_output[0] has a shape of \(gradOutput.shape.torchSize) "
                  + "and output[0] has a shape of \(output.shape.torchSize).")
    try check(input.shape == output.shape, .runtimeError, "input",
              "Mismatch in shape: input has a shape of \(input.shape.torchSize) "
                  + "and output has a shape of \(output.shape.torchSize).")
}

/// `value` rounded to `places` decimals and printed, for landmark captions.
func roundedText(_ value: Double, places: Int = 4) -> String {
    var scale = 1.0
    for _ in 0..<places { scale *= 10 }
    return "\((value * scale).rounded() / scale)"
}

// MARK: - Sigmoid

/// `nn.Sigmoid()`: σ(x) = 1 / (1 + e^(−x)), squashing every element into (0, 1).
///
/// Input any shape, output the same shape. Evaluated in float32 as PyTorch does, so it saturates to
/// exactly 0 for x below about −88.7 (e^(−x) overflows) and to 1 for large x. The gradient uses the
/// output: g · (1 − y) · y. https://pytorch.org/docs/stable/generated/torch.nn.Sigmoid.html
public struct Sigmoid: PointwiseRule {
    /// PyTorch 2.15's constructor signature.
    public static let schema = LayerSchema(
        name: "Sigmoid", group: .activation,
        summary: "Logistic function 1/(1+e^-x), element-wise, into (0, 1)",
        params: [])

    /// The constructor arguments, defaults filled in.
    public let arguments: Arguments

    /// Builds the layer; PyTorch checks nothing at construction.
    public init(arguments: Arguments, rng: inout RandomSource) throws {
        self.arguments = arguments
    }

    func value<T: ActivationReal>(_ x: T) -> T {
        1 / (1 + T.exponential(-x))
    }

    func gradient<T: ActivationReal>(x: T, y: T, g: T) -> T {
        g * (1 - y) * y
    }

    /// Points worth labelling on the curve.
    public var landmarks: [ActivationLandmark] {
        [ActivationLandmark(x: 0, label: "f(0) = 0.5, steepest: f′(0) = 0.25")]
    }
}

// MARK: - Tanh

/// `nn.Tanh()`: tanh x, squashing every element into (−1, 1).
///
/// Input any shape, output the same shape. The gradient uses the output: g · (1 − y²).
/// https://pytorch.org/docs/stable/generated/torch.nn.Tanh.html
public struct Tanh: PointwiseRule {
    /// PyTorch 2.15's constructor signature.
    public static let schema = LayerSchema(
        name: "Tanh", group: .activation,
        summary: "Hyperbolic tangent, element-wise, into (-1, 1)",
        params: [])

    /// The constructor arguments, defaults filled in.
    public let arguments: Arguments

    /// Builds the layer; PyTorch checks nothing at construction.
    public init(arguments: Arguments, rng: inout RandomSource) throws {
        self.arguments = arguments
    }

    func value<T: ActivationReal>(_ x: T) -> T {
        T.hyperbolicTangent(x)
    }

    func gradient<T: ActivationReal>(x: T, y: T, g: T) -> T {
        g * (1 - y * y)
    }

    /// Points worth labelling on the curve.
    public var landmarks: [ActivationLandmark] {
        [ActivationLandmark(x: 0, label: "f(0) = 0, steepest: f′(0) = 1")]
    }
}

// MARK: - ReLU

/// `nn.ReLU(inplace=False)`: max(0, x), element-wise.
///
/// Input any shape, output the same shape. NaN passes through and `relu(−0.0)` is −0.0 (the sign is
/// kept, as in PyTorch). The gradient is g where the output is > 0 and 0 elsewhere, so ReLU′(0) = 0.
/// `inplace` changes no value (PyTorch then overwrites and returns the input; LayerKit never aliases).
/// https://pytorch.org/docs/stable/generated/torch.nn.ReLU.html
public struct ReLU: PointwiseRule {
    /// PyTorch 2.15's constructor signature.
    public static let schema = LayerSchema(
        name: "ReLU", group: .activation,
        summary: "Rectified linear unit max(0, x), element-wise",
        params: [
            ParamSpec.inplace,
        ])

    /// The constructor arguments, defaults filled in.
    public let arguments: Arguments
    /// `inplace`: no numeric effect.
    public let inplace: Bool

    /// Builds the layer; PyTorch checks nothing at construction.
    public init(arguments: Arguments, rng: inout RandomSource) throws {
        self.arguments = arguments
        inplace = arguments.bool("inplace")
    }

    var isInPlace: Bool { inplace }

    func value<T: ActivationReal>(_ x: T) -> T {
        x < 0 ? 0 : x  // keeps NaN and −0.0
    }

    func gradient<T: ActivationReal>(x: T, y: T, g: T) -> T {
        y <= 0 ? 0 : g  // autograd tests the output; NaN lets the gradient through
    }

    /// Points worth labelling on the curve.
    public var landmarks: [ActivationLandmark] {
        [ActivationLandmark(x: 0, label: "kink: f′(0) = 0 (autograd tests y > 0)")]
    }
}

// MARK: - LeakyReLU

/// `nn.LeakyReLU(negative_slope=0.01, inplace=False)`: x for x > 0, negative_slope · x otherwise.
///
/// Input any shape, output the same shape. Any slope is accepted, negative or above 1. The gradient is
/// g for x > 0 and g · negative_slope otherwise, so LeakyReLU′(0) = negative_slope (and NaN takes the
/// slope branch). The slope is rounded to float32 first, as PyTorch does. `inplace` changes no value.
/// https://pytorch.org/docs/stable/generated/torch.nn.LeakyReLU.html
public struct LeakyReLU: PointwiseRule {
    /// PyTorch 2.15's constructor signature.
    public static let schema = LayerSchema(
        name: "LeakyReLU", group: .activation,
        summary: "x for x > 0, negative_slope*x otherwise, element-wise",
        params: [
            ParamSpec("negative_slope", .float, default: .float(0.01), range: ParamRange(-1, 2, step: 0.01),
                      typeErrorMessage: "leaky_relu(): argument 'negative_slope' (position 2) must be Number, not {type}",
                      "Slope for x <= 0 (any value; negative or > 1 allowed)"),
            ParamSpec.inplace,
        ])

    /// The constructor arguments, defaults filled in.
    public let arguments: Arguments
    /// `negative_slope`, as given.
    public let negativeSlope: Double
    /// `inplace`: no numeric effect.
    public let inplace: Bool

    /// Builds the layer; PyTorch checks nothing at construction.
    public init(arguments: Arguments, rng: inout RandomSource) throws {
        self.arguments = arguments
        negativeSlope = arguments.double("negative_slope")
        inplace = arguments.bool("inplace")
    }

    var isInPlace: Bool { inplace }

    func value<T: ActivationReal>(_ x: T) -> T {
        x > 0 ? x : x * slope()
    }

    func gradient<T: ActivationReal>(x: T, y: T, g: T) -> T {
        x > 0 ? g : g * slope()
    }

    /// The slope in the working precision (float32 for tensors, like PyTorch's kernel).
    private func slope<T: ActivationReal>() -> T {
        T(negativeSlope)
    }

    /// Points worth labelling on the curve.
    public var landmarks: [ActivationLandmark] {
        [ActivationLandmark(x: 0, label: "kink: f′(0) = \(pythonFloatRepr(negativeSlope)) (autograd tests x > 0)")]
    }
}

// MARK: - ReLU6

/// `nn.ReLU6(inplace=False)`: min(max(0, x), 6), element-wise (PyTorch's `Hardtanh(0, 6)`).
///
/// Input any shape, output the same shape. NaN passes through, −0.0 stays −0.0. The gradient is g
/// strictly inside (0, 6) and 0 elsewhere, so it is 0 at both corners. At a NaN input PyTorch's CPU
/// kernel gives 0 in its vectorised loop (the first ⌊n/16⌋·16 elements of an n-element tensor, per
/// thread's chunk above 32768 elements) and lets g through in its scalar tail; LayerKit follows the
/// same split. `inplace` changes no value. https://pytorch.org/docs/stable/generated/torch.nn.ReLU6.html
public struct ReLU6: PointwiseRule {
    /// PyTorch 2.15's constructor signature.
    public static let schema = LayerSchema(
        name: "ReLU6", group: .activation,
        summary: "ReLU clipped at 6: min(max(0, x), 6), element-wise",
        params: [
            ParamSpec.inplace,
        ])

    /// The constructor arguments, defaults filled in.
    public let arguments: Arguments
    /// `inplace`: no numeric effect.
    public let inplace: Bool

    /// Builds the layer; PyTorch checks nothing at construction.
    public init(arguments: Arguments, rng: inout RandomSource) throws {
        self.arguments = arguments
        inplace = arguments.bool("inplace")
    }

    var isInPlace: Bool { inplace }

    func value<T: ActivationReal>(_ x: T) -> T {
        if x < 0 { return 0 }
        if x > 6 { return 6 }
        return x  // keeps NaN and −0.0
    }

    func gradient<T: ActivationReal>(x: T, y: T, g: T) -> T {
        (x <= 0 || x >= 6) ? 0 : g  // PyTorch's scalar loop: NaN lets the gradient through
    }

    /// PyTorch's vectorised loop tests 0 < x < 6, which stops the gradient at NaN.
    func vectorisedGradient(x: Float, y: Float, g: Float) -> Float {
        (x > 0 && x < 6) ? g : 0
    }

    /// `hardtanh_backward` runs in 16-float steps (its AVX2 kernel, also on AVX-512 machines).
    var vectorBlock: Int? { 16 }

    /// Points worth labelling on the curve.
    public var landmarks: [ActivationLandmark] {
        [
            ActivationLandmark(x: 0, label: "kink: f′(0) = 0"),
            ActivationLandmark(x: 6, label: "kink: f′(6) = 0, clipped at 6"),
        ]
    }
}

// MARK: - GELU

/// `nn.GELU(approximate='none')`: x · Φ(x), the input weighted by the standard normal CDF.
///
/// - `'none'`: x · ½ · (1 + erf(x/√2)); gradient g · (Φ(x) + x · φ(x)), φ(x) = e^(−x²/2)/√(2π).
/// - `'tanh'`: ½x · (1 + tanh(√(2/π) · (x + 0.044715 x³))); gradient: that expression's derivative.
///
/// Input any shape, output the same shape. GELU′(0) = 0.5. The curve dips below zero, with a minimum
/// near x ≈ −0.75. `approximate` is checked only at forward, as in PyTorch (RuntimeError
/// `approximate argument must be either none or tanh.`); the scalar functions return NaN for it.
/// With `'none'`, +∞ gives NaN and x > 1.7e38 overflows to +∞: PyTorch's vectorised float32 kernel
/// does that on every tensor of two or more elements. A one-element tensor takes PyTorch's scalar
/// code path, which halves first: there +∞ gives +∞ and nothing below +∞ overflows. LayerKit follows
/// both paths.
/// https://pytorch.org/docs/stable/generated/torch.nn.GELU.html
public struct GELU: PointwiseRule {
    /// PyTorch 2.15's constructor signature.
    public static let schema = LayerSchema(
        name: "GELU", group: .activation,
        summary: "Gaussian error linear unit x*Phi(x), exact or tanh-approximated",
        params: [
            ParamSpec("approximate", .choice(["none", "tanh"]), default: .string("none"),
                      typeErrorMessage: "gelu(): argument 'approximate' must be str, not {type}",
                      "'none' uses erf; 'tanh' the tanh approximation"),
        ])

    /// GELU's two formulas.
    public enum Approximation: String, Sendable {
        /// `'none'`: the exact form with erf.
        case exact = "none"
        /// `'tanh'`: the tanh approximation.
        case tanh
    }

    /// The constructor arguments, defaults filled in.
    public let arguments: Arguments
    /// The `approximate` string as given (checked at forward).
    public let approximate: String
    /// The formula, or `nil` when `approximate` is neither `'none'` nor `'tanh'`.
    public let approximation: Approximation?

    // PyTorch's constants, computed in double as its kernel does.
    /// M_SQRT1_2 = 1/√2, the scale inside erf.
    static let kAlpha = 0.70710678118654752440
    /// √2 · (2/√π) · ½ = √(2/π), the tanh form's scale.
    static let kBeta = 1.41421356237309504880 * 1.12837916709551257390 * 0.5
    /// The tanh form's cubic coefficient.
    static let kKappa = 0.044715
    /// (2/√π) · (1/√2) · ½ = 1/√(2π), the normal density's factor.
    static let kPdf = 1.12837916709551257390 * 0.70710678118654752440 * 0.5

    /// Builds the layer; PyTorch checks nothing at construction.
    public init(arguments: Arguments, rng: inout RandomSource) throws {
        self.arguments = arguments
        approximate = arguments.string("approximate")
        approximation = Approximation(rawValue: approximate)
    }

    func checkArguments() throws {
        try check(approximation != nil, .runtimeError, "approximate",
                  "approximate argument must be either none or tanh.")
    }

    /// GELU of every element; a one-element tensor goes through PyTorch's scalar formula.
    public func forward(_ input: Tensor, context: inout ForwardContext) throws -> ForwardResult {
        try checkArguments()
        // out is shaped like input
        return ForwardResult(output: input.map { input.count == 1 ? scalarLoopValue($0) : value($0) })
    }

    /// PyTorch's scalar kernel: x · ½ first, then · (1 + erf(x/√2)), so +∞ stays +∞.
    private func scalarLoopValue(_ x: Float) -> Float {
        guard approximation == .exact else { return value(x) }
        return x * 0.5 * (1 + _erff(x * Float(Self.kAlpha)))
    }

    func value<T: ActivationReal>(_ x: T) -> T {
        switch approximation {
        case .exact?:
            if x == .infinity { return .nan }  // PyTorch's vectorised erf kernel
            // x · ½ · (1 + erf(x/√2)); halving last (an exact step) overflows where PyTorch's does.
            return x * (1 + T.errorFunction(x * T(Self.kAlpha))) * T(0.5)
        case .tanh?:
            let xCube = x * x * x
            let inner = T(Self.kBeta) * (x + T(Self.kKappa) * xCube)
            return T(0.5) * x * (1 + T.hyperbolicTangent(inner))
        case nil:
            return .nan
        }
    }

    func gradient<T: ActivationReal>(x: T, y: T, g: T) -> T {
        switch approximation {
        case .exact?:
            let cdf = T(0.5) * (1 + T.errorFunction(x * T(Self.kAlpha)))
            let pdf = T(Self.kPdf) * T.exponential(x * x * T(-0.5))
            return g * (cdf + x * pdf)
        case .tanh?:
            let xSquare = x * x
            let xCube = xSquare * x
            let inner = T(Self.kBeta) * (x + T(Self.kKappa) * xCube)
            let tanhInner = T.hyperbolicTangent(inner)
            let left = T(0.5) * x
            let right = 1 + tanhInner
            let leftDerivative = T(0.5) * right
            let tanhDerivative = 1 - tanhInner * tanhInner
            let innerDerivative = T(Self.kBeta) * (1 + 3 * T(Self.kKappa) * xSquare)
            let rightDerivative = left * tanhDerivative * innerDerivative
            return g * (leftDerivative + rightDerivative)
        case nil:
            return .nan
        }
    }

    /// Points worth labelling on the curve.
    public var landmarks: [ActivationLandmark] {
        guard approximation != nil else { return [] }
        // The minimum: where f′ crosses zero, between −2 and 0 (f′(−2) < 0 < f′(0)).
        var low = -2.0
        var high = 0.0
        for _ in 0..<60 {
            let mid = (low + high) / 2
            if derivative(scalar: mid) < 0 { low = mid } else { high = mid }
        }
        let xMin = (low + high) / 2
        return [
            ActivationLandmark(x: xMin, label: "minimum f(\(roundedText(xMin, places: 3))) = \(roundedText(self(scalar: xMin)))"),
            ActivationLandmark(x: 0, label: "f(0) = 0, f′(0) = 0.5"),
        ]
    }
}

// MARK: - SELU

/// `nn.SELU(inplace=False)`: λx for x > 0, λα(eˣ − 1) otherwise (self-normalising ELU).
///
/// α = 1.6732632423543772848170429916717, λ = 1.0507009873554804934193349852946, both rounded to
/// float32 and multiplied there, as PyTorch's kernel does; the negative branch is evaluated as
/// expm1(x) · (α·λ). Input any shape, output the same shape; large negative x saturate at −λα ≈ −1.7581.
/// The gradient is g · λ for x > 0 and g · λα · eˣ for x ≤ 0, so SELU′(0) = λα ≈ 1.7581. At a NaN
/// input PyTorch's CPU kernel gives NaN in its vectorised loop (the first ⌊n/32⌋·32 elements of an
/// n-element tensor, per thread's chunk above 32768 elements) and g · λ in its scalar tail; LayerKit
/// follows the same split. `inplace` changes no value.
/// https://pytorch.org/docs/stable/generated/torch.nn.SELU.html
public struct SELU: PointwiseRule {
    /// PyTorch 2.15's constructor signature.
    public static let schema = LayerSchema(
        name: "SELU", group: .activation,
        summary: "Scaled exponential linear unit: lambda*x or lambda*alpha*(e^x - 1)",
        params: [
            ParamSpec.inplace,
        ])

    /// α.
    public static let alpha = 1.6732632423543772848170429916717
    /// λ, PyTorch's `scale`.
    public static let scale = 1.0507009873554804934193349852946

    /// The constructor arguments, defaults filled in.
    public let arguments: Arguments
    /// `inplace`: no numeric effect.
    public let inplace: Bool

    /// Builds the layer; PyTorch checks nothing at construction.
    public init(arguments: Arguments, rng: inout RandomSource) throws {
        self.arguments = arguments
        inplace = arguments.bool("inplace")
    }

    var isInPlace: Bool { inplace }

    /// λα, the negative branch's coefficient, formed in the working precision.
    private func negativeCoefficient<T: ActivationReal>() -> T {
        T(Self.alpha) * T(Self.scale)
    }

    func value<T: ActivationReal>(_ x: T) -> T {
        x <= 0 ? T.exponentialMinusOne(x) * negativeCoefficient() : x * T(Self.scale)
    }

    func gradient<T: ActivationReal>(x: T, y: T, g: T) -> T {
        x <= 0 ? g * negativeCoefficient() * T.exponential(x) : g * T(Self.scale)
    }

    /// PyTorch's vectorised loop takes the λ branch only for x > 0, so a NaN gives NaN.
    func vectorisedGradient(x: Float, y: Float, g: Float) -> Float {
        x > 0 ? g * Float(Self.scale) : g * negativeCoefficient() * _expf(x)
    }

    /// `elu_backward` runs in 32-float steps (two AVX-512 vectors).
    var vectorBlock: Int? { 32 }

    /// Points worth labelling on the curve.
    public var landmarks: [ActivationLandmark] {
        let leftSlope = Self.alpha * Self.scale
        return [
            ActivationLandmark(x: 0, label: "kink: f′(0) = λα ≈ \(roundedText(leftSlope)) (right slope λ ≈ \(roundedText(Self.scale)))"),
        ]
    }
}
