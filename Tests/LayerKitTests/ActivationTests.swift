// Tests of the element-wise activations: worked values (PyTorch 2.15's, quoted), the autograd values
// at each kink, NaN/±∞/−0.0 handling, saturation, shapes, errors and the scalar curve API.

import Testing
@testable import LayerKit

@Suite struct ActivationTests {
    // MARK: Helpers

    /// Runs `layer` on a 1-D tensor of `values` and returns the output and the gradient of its sum.
    static func run<L: DifferentiableModule>(_ layer: L, _ values: [Float]) throws -> (y: [Float], dx: [Float]) {
        var layer = layer
        let x = Tensor(shape: [values.count], storage: values)
        var context = ForwardContext()
        let y = try layer.forward(x, context: &context).output
        let g = Tensor(shape: y.shape, repeating: 1)
        let dx = try layer.inputGradient(input: x, output: y, gradOutput: g)
        return (y.storage, dx.storage)
    }

    static func isNegativeZero(_ v: Float) -> Bool { v == 0 && v.sign == .minus }

    // MARK: Schema

    @Test func schemasMatchPyTorchSignatures() {
        #expect(Sigmoid.schema.params.isEmpty)
        #expect(Tanh.schema.params.isEmpty)
        for schema in [ReLU.schema, ReLU6.schema, SELU.schema] {
            #expect(schema.params.map(\.name) == ["inplace"])
            #expect(schema.params[0].defaultValue == .bool(false))
        }
        #expect(LeakyReLU.schema.params.map(\.name) == ["negative_slope", "inplace"])
        #expect(LeakyReLU.schema.params[0].defaultValue == .float(0.01))
        #expect(GELU.schema.params.map(\.name) == ["approximate"])
        #expect(GELU.schema.params[0].kind == .choice(["none", "tanh"]))
        #expect(GELU.schema.params[0].defaultValue == .string("none"))
        let names = [Sigmoid.schema, Tanh.schema, ReLU.schema, LeakyReLU.schema, ReLU6.schema, GELU.schema,
                     SELU.schema]
        #expect(names.allSatisfy { $0.group == .activation })
        let catalog = Catalog.schemas.map(\.name).filter {
            ["Sigmoid", "Tanh", "ReLU", "LeakyReLU", "ReLU6", "GELU", "SELU"].contains($0)
        }
        #expect(catalog == ["Sigmoid", "Tanh", "ReLU", "LeakyReLU", "ReLU6", "GELU", "SELU"])
    }

    @Test func expressionsPrintOnlyNonDefaults() throws {
        #expect(try makeLayer(LeakyReLU.self, [.float(0.1)]).expression == "nn.LeakyReLU(negative_slope=0.1)")
        #expect(try makeLayer(GELU.self, [], [("approximate", .string("tanh"))]).expression
                == "nn.GELU(approximate='tanh')")
        #expect(try makeLayer(ReLU.self).expression == "nn.ReLU()")
    }

    // MARK: ReLU family

    @Test func reluKeepsNegativeZeroAndNaN() throws {
        let relu = try makeLayer(ReLU.self)
        let (y, dx) = try Self.run(relu, [-2, -0.0, 0, 3, .nan, .infinity, -.infinity])
        expectFloatsClose(y, [0, 0, 0, 3, .nan, .infinity, 0])
        #expect(Self.isNegativeZero(y[1]))  // relu(−0.0) = −0.0
        #expect(y[2].sign == .plus)
        // Autograd tests y > 0: ReLU′(0) = 0; NaN lets the gradient through.
        #expect(dx == [0, 0, 0, 1, 1, 1, 0])
        #expect(relu.derivative(scalar: 0) == 0)
        #expect(relu.derivative(scalar: 1e-9) == 1)
    }

    @Test func leakyReluSlopeAtTheKink() throws {
        let leaky = try makeLayer(LeakyReLU.self)
        let (y, dx) = try Self.run(leaky, [-3, -0.0, 0, 2, .nan])
        expectFloatsClose(y, [-0.03, 0, 0, 2, .nan])
        #expect(Self.isNegativeZero(y[1]))
        // LeakyReLU′(0) = slope (autograd tests x > 0), NaN takes the slope branch too.
        #expect(dx == [Float(0.01), Float(0.01), Float(0.01), 1, Float(0.01)])
        #expect(leaky.derivative(scalar: 0) == 0.01)  // the scalar curve keeps the slope in Double
    }

    @Test func leakyReluAcceptsAnySlope() throws {
        let negative = try makeLayer(LeakyReLU.self, [], [("negative_slope", .float(-0.5))])
        let (y, dx) = try Self.run(negative, [-4, -.infinity, 1])
        #expect(y == [2, .infinity, 1])
        #expect(dx == [-0.5, -0.5, 1])
        let steep = try makeLayer(LeakyReLU.self, [.float(1.5)])
        #expect(try Self.run(steep, [-2]).y == [-3])
        // A zero slope turns −∞ into NaN (−∞ · 0), as in PyTorch.
        let flat = try makeLayer(LeakyReLU.self, [.int(0)])
        #expect(try Self.run(flat, [-.infinity]).y[0].isNaN)
    }

    @Test func relu6ClipsAndIsFlatAtBothCorners() throws {
        let relu6 = try makeLayer(ReLU6.self)
        let (y, dx) = try Self.run(relu6, [-1, -0.0, 0, 3, 6, 7, .nan, .infinity])
        expectFloatsClose(y, [0, 0, 0, 3, 6, 6, .nan, 6])
        #expect(Self.isNegativeZero(y[1]))
        #expect(dx == [0, 0, 0, 1, 0, 0, 1, 0])
        #expect(relu6.landmarks.map(\.x) == [0, 6])
    }

    // MARK: Sigmoid and Tanh

    @Test func sigmoidValuesAndSaturation() throws {
        let sigmoid = try makeLayer(Sigmoid.self)
        let (y, dx) = try Self.run(sigmoid, [0, 1, -2, -90, 100, .nan, -.infinity, .infinity])
        // PyTorch: sigmoid(1) = 0.73105860, sigmoid(−2) = 0.11920292.
        expectFloatsClose(y, [0.5, 0.7310586, 0.11920292, 0, 1, .nan, 0, 1])
        // float32 saturation: exactly 0 and 1.
        #expect(y[3] == 0 && y[4] == 1)
        expectFloatsClose(dx, [0.25, 0.19661193, 0.10499359, 0, 0, .nan, 0, 0])
        #expect(sigmoid.derivative(scalar: 0) == 0.25)
    }

    @Test func sigmoidAndTanhDifferentiateTheirOutput() throws {
        // The gradient formula reads the output it is given, as autograd's saved result.
        let x = Tensor(shape: [1], storage: [123])
        let y = Tensor(shape: [1], storage: [0.5])
        let g = Tensor(shape: [1], storage: [2])
        #expect(try makeLayer(Sigmoid.self).inputGradient(input: x, output: y, gradOutput: g).storage == [0.5])
        #expect(try makeLayer(Tanh.self).inputGradient(input: x, output: y, gradOutput: g).storage == [1.5])
    }

    @Test func tanhValues() throws {
        let tanh = try makeLayer(Tanh.self)
        let (y, dx) = try Self.run(tanh, [0, 0.5, -0.0, 50, -.infinity, .nan])
        expectFloatsClose(y, [0, 0.46211717, 0, 1, -1, .nan])
        #expect(Self.isNegativeZero(y[2]))
        expectFloatsClose(dx, [1, 0.78644773, 1, 0, 0, .nan])
    }

    // MARK: GELU

    @Test func geluWorkedValues() throws {
        let exact = try makeLayer(GELU.self)
        let (y, dx) = try Self.run(exact, [1, -1, 2, -3, 0, 0.5, -0.5])
        // PyTorch 2.15: GELU()(…) and its gradient.
        expectFloatsClose(y, [0.84134471, -0.15865526, 1.95449972, -0.00405023, 0, 0.34573123, -0.15426877])
        expectFloatsClose(Array(dx[4...]), [0.5, 0.86749506, 0.13250491])
        let tanh = try makeLayer(GELU.self, [.string("tanh")])
        let (yt, dxt) = try Self.run(tanh, [1, -1, 2, -3, 0, 0.5, -0.5])
        expectFloatsClose(yt, [0.84119201, -0.15880799, 1.95459771, -0.00363743, 0, 0.345714, -0.154286])
        expectFloatsClose(Array(dxt[4...]), [0.5, 0.86736989, 0.13263011])
        #expect(exact.derivative(scalar: 0) == 0.5)
        #expect(tanh.derivative(scalar: 0) == 0.5)
    }

    @Test func geluFormsDifferByLessThanFiveTenThousandths() throws {
        let exact = try makeLayer(GELU.self)
        let tanh = try makeLayer(GELU.self, [.string("tanh")])
        var largest = 0.0
        for step in -800...800 {
            let x = Double(step) / 100
            largest = Swift.max(largest, Swift.abs(exact(scalar: x) - tanh(scalar: x)))
        }
        #expect(largest > 4e-4 && largest < 5e-4, "max |exact − tanh| = \(largest)")
    }

    @Test func geluNonFiniteFollowsPyTorchsKernel() throws {
        let exact = try makeLayer(GELU.self)
        let (y, dx) = try Self.run(exact, [.infinity, -.infinity, .nan, 1.7e38, 1.8e38, -1e30])
        // +∞ is NaN in PyTorch's vectorised kernel; above FLT_MAX/2 the product overflows.
        expectFloatsClose(y, [.nan, .nan, .nan, 1.7e38, .infinity, 0])
        expectFloatsClose(dx, [.nan, .nan, .nan, 1, 1, 0])
        let tanh = try makeLayer(GELU.self, [.string("tanh")])
        let (yt, dxt) = try Self.run(tanh, [.infinity, -.infinity, 1e13, 1e20, 3e38])
        expectFloatsClose(yt, [.infinity, .nan, 1e13, 1e20, 3e38])
        // x² overflows float32 from about 1.8e19 on: 0 · ∞ makes the tanh-form gradient NaN.
        expectFloatsClose(dxt, [.nan, .nan, 1, .nan, .nan])
    }

    @Test func geluRejectsBadApproximateAtForward() throws {
        let gelu = try makeLayer(GELU.self, [.string("Tanh")])  // construction accepts any string
        var context = ForwardContext()
        #expect(throws: LayerError(.runtimeError, "approximate", "approximate argument must be either none or tanh.")) {
            _ = try gelu.forward(Tensor(shape: [2], repeating: 1), context: &context)
        }
        #expect(gelu(scalar: 1).isNaN)
        #expect(gelu.landmarks.isEmpty)
        #expect(throws: LayerError.self) {
            try makeLayer(GELU.self, [.int(1)])  // not a string: TypeError from binding
        }
    }

    @Test func nonNumericArgumentsArePyTorchsTypeErrors() throws {
        #expect(throws: LayerError(.typeError, "approximate", "gelu(): argument 'approximate' must be str, not NoneType")) {
            try makeLayer(GELU.self, [], [("approximate", .none)])
        }
        #expect(throws: LayerError(.typeError, "negative_slope",
                                   "leaky_relu(): argument 'negative_slope' (position 2) must be Number, not str")) {
            try makeLayer(LeakyReLU.self, [.string("a")])
        }
    }

    @Test func geluMinimumIsLabelled() throws {
        let gelu = try makeLayer(GELU.self)
        let minimum = try #require(gelu.landmarks.first)
        #expect(Swift.abs(minimum.x - -0.7517916) < 1e-5)
        #expect(minimum.label == "minimum f(-0.752) = -0.17")
        #expect(Swift.abs(gelu(scalar: minimum.x) - -0.16997) < 1e-5)
    }

    // MARK: SELU

    @Test func seluConstantsAndKink() throws {
        let selu = try makeLayer(SELU.self)
        let (y, dx) = try Self.run(selu, [1, -1, 2, -100, 0, -0.0, .nan, -.infinity, .infinity])
        // PyTorch 2.15: SELU()([1, −1, 2, −100]) = [1.05070102, −1.11133075, 2.10140204, −1.75809932].
        expectFloatsClose(y, [1.05070102, -1.11133075, 2.10140204, -1.75809932, 0, 0, .nan, -1.75809932, .infinity])
        #expect(Self.isNegativeZero(y[5]))
        // SELU′(0) = λα (the left slope); NaN takes the λ branch; −∞ has slope 0.
        let lambda = Float(1.0507009873554804934193349852946)
        let lambdaAlpha = Float(1.6732632423543772848170429916717) * lambda
        #expect(dx[0] == lambda && dx[2] == lambda && dx[8] == lambda)
        #expect(dx[4] == lambdaAlpha && dx[5] == lambdaAlpha)
        #expect(dx[6] == lambda)
        #expect(dx[7] == 0)
        expectFloatsClose([dx[1]], [lambdaAlpha * 0.36787944])
        #expect(Swift.abs(selu.derivative(scalar: 0) - 1.7580993408473766) < 1e-7)
    }

    // MARK: Every activation

    static func allActivations() throws -> [any ElementwiseActivation] {
        [
            try makeLayer(Sigmoid.self), try makeLayer(Tanh.self), try makeLayer(ReLU.self), try makeLayer(LeakyReLU.self, [.float(0.2)]),
            try makeLayer(ReLU6.self), try makeLayer(GELU.self), try makeLayer(GELU.self, [.string("tanh")]), try makeLayer(SELU.self),
        ]
    }

    @Test func scalarCurveAgreesWithTheTensorPath() throws {
        let xs: [Float] = [-7, -2.5, -1, -0.3, 0, 0.3, 1, 2.5, 5.5, 7]
        for activation in try Self.allActivations() {
            let (y, dx) = try Self.run(activation, xs)
            for (i, x) in xs.enumerated() {
                #expect(Swift.abs(activation(scalar: Double(x)) - Double(y[i])) < 1e-5, "\(activation.expression) at \(x)")
                #expect(Swift.abs(activation.derivative(scalar: Double(x)) - Double(dx[i])) < 1e-5,
                        "\(activation.expression)′ at \(x)")
            }
        }
    }

    @Test func derivativeMatchesFiniteDifferencesAwayFromKinks() throws {
        let h = 1e-6
        for activation in try Self.allActivations() {
            for x in [-3.3, -1.1, -0.4, 0.45, 1.3, 3.7, 6.5] {
                let slope = (activation(scalar: x + h) - activation(scalar: x - h)) / (2 * h)
                #expect(Swift.abs(slope - activation.derivative(scalar: x)) < 1e-6,
                        "\(activation.expression)′ at \(x): \(slope) vs \(activation.derivative(scalar: x))")
            }
        }
    }

    @Test func shapesArePreserved() throws {
        for activation in try Self.allActivations() {
            var layer = activation
            var context = ForwardContext()
            for shape in [[], [0, 3], [2, 3, 4, 5], [3, 1, 2]] {
                let x = Tensor(shape: shape, repeating: 0.25)
                let y = try layer.forward(x, context: &context).output
                #expect(y.shape == shape)
                let dx = try layer.inputGradient(input: x, output: y, gradOutput: Tensor(shape: shape, repeating: 1))
                #expect(dx.shape == shape)
            }
            #expect(context.warnings.isEmpty)
        }
    }

    @Test func gradientShapeMismatchIsAutogradsError() throws {
        let relu = try makeLayer(ReLU.self)
        let x = Tensor(shape: [2], repeating: 1)
        #expect(throws: LayerError(.runtimeError, "gradOutput",
                                   "Mismatch in shape: grad_output[0] has a shape of torch.Size([3]) and output[0] has a shape of torch.Size([2]).")) {
            _ = try relu.inputGradient(input: x, output: x, gradOutput: Tensor(shape: [3], repeating: 1))
        }
    }

    @Test func inplaceChangesNoValue() throws {
        let xs: [Float] = [-2, -0.0, 0.5, 7, .nan]
        let pairs: [(any ElementwiseActivation, any ElementwiseActivation)] = [
            (try makeLayer(ReLU.self), try makeLayer(ReLU.self, [.bool(true)])),
            (try makeLayer(LeakyReLU.self), try makeLayer(LeakyReLU.self, [], [("inplace", .bool(true))])),
            (try makeLayer(ReLU6.self), try makeLayer(ReLU6.self, [.bool(true)])),
            (try makeLayer(SELU.self), try makeLayer(SELU.self, [.bool(true)])),
        ]
        let x = Tensor(shape: [xs.count], storage: xs)
        for (plain, inplace) in pairs {
            var context = ForwardContext()
            let a = try Self.run(plain, xs).y
            var layer = inplace
            let b = try layer.forward(x, context: &context).output.storage
            #expect(a.map(\.bitPattern) == b.map(\.bitPattern))
            // PyTorch: an in-place activation on a leaf that requires grad cannot be differentiated.
            #expect(throws: LayerError(.runtimeError, "inplace",
                                       "a leaf Variable that requires grad is being used in an in-place operation.")) {
                _ = try layer.inputGradient(input: x, output: x, gradOutput: Tensor(shape: [xs.count], repeating: 1))
            }
        }
    }

    @Test func nanGradientFollowsPyTorchsVectorisedLoopAndScalarTail() throws {
        // PyTorch 2.15 (AVX-512 CPU): ReLU6's backward takes 16 elements per vectorised step and
        // gives 0 at NaN there; SELU's takes 32 and gives NaN. The remaining tail (and a one-element
        // tensor) lets the gradient through, as the scalar rule does.
        func nanGradients(_ layer: some DifferentiableModule, count: Int) throws -> [Float] {
            var values = [Float](repeating: 1, count: count)
            var result: [Float] = []
            for position in [0, count / 2, count - 1] {
                values[position] = .nan
                result.append(try Self.run(layer, values).dx[position])
                values[position] = 1
            }
            return result
        }
        let relu6 = try makeLayer(ReLU6.self)
        #expect(try nanGradients(relu6, count: 1) == [1, 1, 1])
        #expect(try nanGradients(relu6, count: 15) == [1, 1, 1])
        #expect(try nanGradients(relu6, count: 16) == [0, 0, 0])
        #expect(try nanGradients(relu6, count: 33) == [0, 0, 1])
        let selu = try makeLayer(SELU.self)
        let lambda = Float(SELU.scale)
        #expect(try nanGradients(selu, count: 31) == [lambda, lambda, lambda])
        let vectorised = try nanGradients(selu, count: 65)
        #expect(vectorised[0].isNaN && vectorised[1].isNaN && vectorised[2] == lambda)
        // Above 32768 elements two threads take a chunk each, each chunk with its own tail
        // (PyTorch 2.15: 100003 elements split at 50002; SELU's tails start at 49984 and 99986).
        let split = selu.isVectorised(count: 100_003)
        #expect(split(0) && split(49_983) && !split(49_984) && !split(50_001))
        #expect(split(50_002) && split(99_985) && !split(99_986) && !split(100_002))
        #expect(relu6.isVectorised(count: 40_001)(19_999) && !relu6.isVectorised(count: 40_001)(20_000))
    }

    @Test func geluOfAOneElementTensorTakesTheScalarPath() throws {
        // PyTorch 2.15: GELU()(torch.tensor([inf])) is inf and GELU()(torch.tensor([3e38])) is 3e38,
        // where a longer tensor gives NaN and inf.
        let gelu = try makeLayer(GELU.self)
        #expect(try Self.run(gelu, [.infinity]).y == [.infinity])
        #expect(try Self.run(gelu, [3e38]).y == [3e38])
        #expect(try Self.run(gelu, [1.8e38]).y == [1.8e38])
        #expect(try Self.run(gelu, [.infinity, 1]).y[0].isNaN)
        #expect(try Self.run(gelu, [3e38, 1]).y[0] == .infinity)
    }

    @Test func kinksAreLabelled() throws {
        #expect(try makeLayer(ReLU.self).landmarks == [ActivationLandmark(x: 0, label: "kink: f′(0) = 0 (autograd tests y > 0)")])
        #expect(try makeLayer(LeakyReLU.self).landmarks[0].label == "kink: f′(0) = 0.01 (autograd tests x > 0)")
        #expect(try makeLayer(SELU.self).landmarks[0].label == "kink: f′(0) = λα ≈ 1.7581 (right slope λ ≈ 1.0507)")
        for activation in try Self.allActivations() {
            let xs = activation.landmarks.map(\.x)
            #expect(!xs.isEmpty && xs == xs.sorted())
        }
    }
}
