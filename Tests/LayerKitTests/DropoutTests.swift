// Tests of Dropout and Dropout2d: construction and forward-time checks, the identity cases, p = 1,
// mask structure (elements, whole feature maps, rows of a 3-D input), the observed drop rate, the
// exact float32 scale of survivors, Dropout2d's rank warnings, seeded determinism and the gradient.

import Testing
@testable import LayerKit

@Suite struct DropoutTests {
    /// A tensor whose elements are all distinct and non-zero.
    static func distinct(_ shape: [Int]) -> Tensor {
        Tensor(shape: shape, storage: (0..<shape.elementCount).map { Float($0 + 1) * 0.37 - 1000 })
    }

    static let warning3D = "dropout2d: Received a 3D input to dropout2d and assuming that channel-wise 1D dropout behavior is desired - input is interpreted as shape (N, C, L), where C is the channel dim. This behavior will change in a future release to interpret the input as one without a batch dimension, i.e. shape (C, H, W). To maintain the 1D channel-wise dropout behavior, please switch to using dropout1d instead."

    static func warningRank(_ rank: Int) -> String {
        "dropout2d: Received a \(rank)-D input to dropout2d, which is deprecated and will result in an error in a future release. To retain the behavior and silence this warning, please use dropout instead. Note that dropout2d exists to provide channel-wise dropout on inputs with 2 spatial dimensions, a channel dimension, and an optional batch dimension (i.e. 3D or 4D inputs)."
    }

    // MARK: Construction

    @Test func schemas() {
        for schema in [Dropout.schema, Dropout2d.schema] {
            #expect(schema.group == .dropout)
            #expect(schema.params.map(\.name) == ["p", "inplace"])
            #expect(schema.params[0].defaultValue == .float(0.5))
            #expect(schema.params[1].defaultValue == .bool(false))
        }
        let names = Catalog.schemas.map(\.name)
        #expect(names.firstIndex(of: "Dropout")! + 1 == names.firstIndex(of: "Dropout2d")!)
    }

    @Test func probabilityOutsideUnitIntervalIsAValueError() throws {
        for (value, text) in [(ParamValue.float(1.1), "1.1"), (.float(-0.1), "-0.1"), (.float(.infinity), "inf"),
                              (.int(2), "2"), (.float(2), "2.0")] {
            let message = "dropout probability has to be between 0 and 1, but got \(text)"
            #expect(throws: LayerError(.valueError, "p", message)) { try makeLayer(Dropout.self, [value]) }
            #expect(throws: LayerError(.valueError, "p", message)) { try makeLayer(Dropout2d.self, [], [("p", value)]) }
        }
        #expect(try makeLayer(Dropout.self, [.int(1)]).p == 1)
        #expect(try makeLayer(Dropout2d.self, [.int(0)]).p == 0)
    }

    @Test func nanProbabilityFailsAtForwardEvenInEval() throws {
        var dropout = try makeLayer(Dropout.self, [.float(.nan)])
        var dropout2d = try makeLayer(Dropout2d.self, [.float(.nan)])
        let error = LayerError(.runtimeError, "p", "dropout probability has to be between 0 and 1, but got nan")
        for training in [true, false] {
            var context = ForwardContext(training: training)
            #expect(throws: error) { _ = try dropout.forward(Tensor(shape: [2, 2]), context: &context) }
            #expect(throws: error) { _ = try dropout2d.forward(Tensor(shape: [2]), context: &context) }
        }
    }

    // MARK: Identity cases

    @Test func evalModeAndZeroProbabilityAreTheIdentity() throws {
        let x = Self.distinct([2, 3, 4, 4])
        for p in [0.0, 0.5, 1.0] {
            var dropout = try makeLayer(Dropout.self, [.float(p)])
            var dropout2d = try makeLayer(Dropout2d.self, [.float(p)], [("inplace", .bool(true))])
            var eval = ForwardContext(training: false)
            let a = try dropout.forward(x, context: &eval)
            let b = try dropout2d.forward(x, context: &eval)
            #expect(a.output == x && a.mask == nil)
            #expect(b.output == x && b.mask == nil)
            #expect(try dropout.inputGradient(input: x, output: x, gradOutput: x) == x)
        }
        var train = ForwardContext(training: true)
        var zero = try makeLayer(Dropout.self, [.float(0)])
        #expect(try zero.forward(x, context: &train).output == x)
        var zero2d = try makeLayer(Dropout2d.self, [.int(0)])
        #expect(try zero2d.forward(Tensor(shape: [3], repeating: 2), context: &train).output == Tensor(shape: [3], repeating: 2))
        // An empty input is returned as it is, even in training.
        var half = try makeLayer(Dropout2d.self)
        #expect(try half.forward(Tensor(shape: [0]), context: &train).output.shape == [0])
    }

    // MARK: p = 1

    @Test func probabilityOneMultipliesByZero() throws {
        let x = Tensor(shape: [2, 4], storage: [1.5, .nan, .infinity, -2, -.infinity, 0, -0.0, 3])
        for var layer in [try makeLayer(Dropout.self, [.float(1)]) as any DifferentiableModule,
                          try makeLayer(Dropout2d.self, [.float(1)])] {
            var context = ForwardContext()
            let result = try layer.forward(x, context: &context)
            let y = result.output.storage
            #expect(y[0] == 0 && y[0].sign == .plus)
            #expect(y[1].isNaN && y[2].isNaN && y[4].isNaN)  // NaN and ±∞ times 0
            #expect(y[3] == 0 && y[3].sign == .minus)         // −2 · 0 = −0.0
            #expect(result.mask?.storage.allSatisfy { $0 == 0 } == true)
            let dx = try layer.inputGradient(input: x, output: result.output, gradOutput: Tensor(shape: [2, 4], repeating: 1))
            #expect(dx.storage.allSatisfy { $0 == 0 })
        }
        // No mask is drawn, so even a 1-D input works for Dropout2d.
        var layer = try makeLayer(Dropout2d.self, [.float(1)])
        var context = ForwardContext()
        #expect(try layer.forward(Tensor(shape: [3], repeating: 4), context: &context).output.storage == [0, 0, 0])
        #expect(context.warnings == [Self.warningRank(1)])
    }

    // MARK: Training masks

    @Test func survivorsAreScaledExactlyByTheFloat32Reciprocal() throws {
        for p in [0.2, 0.3, 0.5, 1.0 / 3, 0.9] {
            var dropout = try makeLayer(Dropout.self, [.float(p)])
            let x = Self.distinct([4, 6])
            var context = ForwardContext(rng: RandomSource(seed: 11))
            let result = try dropout.forward(x, context: &context)
            let scale = Float(1) / Float(1 - p)  // PyTorch's `noise.div_(1 - p)` in float32
            let mask = try #require(result.mask)
            #expect(mask.shape == x.shape)
            for i in 0..<x.count {
                #expect(mask.storage[i] == 0 || mask.storage[i] == scale)
                #expect(result.output.storage[i] == x.storage[i] * mask.storage[i])
            }
        }
        // The seed example: p = 0.2 scales survivors by exactly 1.25.
        #expect(Float(1) / Float(1 - 0.2) == 1.25)
    }

    @Test func observedDropRateIsWithinBinomialTolerance() throws {
        let n = 200_000
        for p in [0.1, 0.5, 0.8] {
            var dropout = try makeLayer(Dropout.self, [.float(p)])
            var context = ForwardContext(rng: RandomSource(seed: 5))
            let y = try dropout.forward(Tensor(shape: [n], repeating: 1), context: &context).output
            let dropped = Double(y.storage.filter { $0 == 0 }.count) / Double(n)
            let sigma = (p * (1 - p) / Double(n)).squareRoot()
            #expect(Swift.abs(dropped - p) < 5 * sigma, "p = \(p): dropped \(dropped)")
        }
        // Dropout2d: one draw per feature map.
        var dropout2d = try makeLayer(Dropout2d.self, [.float(0.25)])
        var context = ForwardContext(rng: RandomSource(seed: 6))
        let mask = try #require(try dropout2d.forward(Tensor(shape: [200, 200, 2, 1], repeating: 1), context: &context).mask)
        let dropped = Double(mask.storage.filter { $0 == 0 }.count) / Double(mask.count)
        #expect(Swift.abs(dropped - 0.25) < 5 * (0.25 * 0.75 / 40_000).squareRoot())
    }

    @Test func dropout2dZeroesWholeFeatureMaps() throws {
        var layer = try makeLayer(Dropout2d.self, [.float(0.5)])
        let x = Self.distinct([3, 4, 2, 5])
        var context = ForwardContext(rng: RandomSource(seed: 3))
        let result = try layer.forward(x, context: &context)
        #expect(context.warnings.isEmpty)
        let mask = try #require(result.mask)
        #expect(mask.shape == [3, 4, 1, 1])
        #expect(Set(mask.storage) == [0, 2])  // both outcomes occur with this seed
        for plane in 0..<12 {
            for k in 0..<10 {
                let at = plane * 10 + k
                #expect(result.output.storage[at] == x.storage[at] * mask.storage[plane])
            }
        }
    }

    @Test func dropout2dOnA3DInputDropsRows() throws {
        // An unbatched (C, H, W) image is read as (N, C, L): whole rows go, not channels.
        var layer = try makeLayer(Dropout2d.self, [.float(0.5)])
        let x = Self.distinct([2, 6, 4])
        var context = ForwardContext(rng: RandomSource(seed: 4))
        let result = try layer.forward(x, context: &context)
        #expect(context.warnings == [Self.warning3D])
        let mask = try #require(result.mask)
        #expect(mask.shape == [2, 6, 1])
        for row in 0..<12 {
            let kept = (0..<4).map { result.output.storage[row * 4 + $0] != 0 }
            #expect(Set(kept).count == 1, "row \(row) is all kept or all dropped")
        }
        // Some channel keeps one row and drops another.
        let perChannel = (0..<2).map { c in Set((0..<6).map { mask.storage[c * 6 + $0] }) }
        #expect(perChannel.contains { $0.count == 2 })
    }

    @Test func dropout2dRankRules() throws {
        var layer = try makeLayer(Dropout2d.self)
        for rank in [0, 1, 2, 5] {
            var eval = ForwardContext(training: false)
            let shape = [Int](repeating: 2, count: rank)
            _ = try layer.forward(Tensor(shape: shape), context: &eval)
            #expect(eval.warnings == [Self.warningRank(rank)])
        }
        var train = ForwardContext()
        let mask2 = try layer.forward(Self.distinct([3, 5]), context: &train).mask
        #expect(mask2?.shape == [3, 5])
        let mask5 = try layer.forward(Self.distinct([2, 3, 2, 2, 2]), context: &train).mask
        #expect(mask5?.shape == [2, 3, 1, 1, 1])
        for shape in [[4], []] {
            var context = ForwardContext()
            #expect(throws: LayerError(.runtimeError, "input", "Feature dropout requires at least 2 dimensions in the input")) {
                _ = try layer.forward(Tensor(shape: shape, repeating: 1), context: &context)
            }
            #expect(context.warnings == [Self.warningRank(shape.count)])
        }
        #expect(Dropout2d.rankWarning(rank: 4) == nil)
    }

    @Test func masksAreDeterminedByTheSeed() throws {
        var layer = try makeLayer(Dropout.self, [.float(0.4)])
        let x = Self.distinct([8, 8])
        func run(seed: UInt64) throws -> Tensor {
            var context = ForwardContext(rng: RandomSource(seed: seed))
            return try layer.forward(x, context: &context).output
        }
        #expect(try run(seed: 9) == run(seed: 9))
        #expect(try run(seed: 9) != run(seed: 10))
        // Successive passes with one context draw fresh masks.
        var context = ForwardContext(rng: RandomSource(seed: 9))
        let first = try layer.forward(x, context: &context).output
        let second = try layer.forward(x, context: &context).output
        #expect(first != second)
    }

    @Test func gradientUsesTheLatestMask() throws {
        var layer = try makeLayer(Dropout2d.self, [.float(0.5)])
        let x = Self.distinct([2, 3, 2, 2])
        var context = ForwardContext(rng: RandomSource(seed: 2))
        let result = try layer.forward(x, context: &context)
        let mask = try #require(result.mask)
        let g = Tensor(shape: x.shape, repeating: 3)
        let dx = try layer.inputGradient(input: x, output: result.output, gradOutput: g)
        for i in 0..<x.count {
            #expect(dx.storage[i] == 3 * mask.storage[i / 4])
        }
        // After an evaluation pass the gradient is the identity again.
        var eval = ForwardContext(training: false)
        _ = try layer.forward(x, context: &eval)
        #expect(try layer.inputGradient(input: x, output: x, gradOutput: g) == g)
        // A mask that cannot fit the input is an error, not a crash.
        _ = try layer.forward(x, context: &context)
        let other = Tensor(shape: [3, 2, 2, 2])
        #expect(throws: LayerError.self) { _ = try layer.inputGradient(input: other, output: other, gradOutput: other) }
    }

    @Test func inPlaceMaskCannotBeDifferentiated() throws {
        // PyTorch: dropout applied in place to a leaf that requires grad is an error; an identity
        // pass (evaluation mode, p = 0, an empty input) is not.
        let leafError = LayerError(.runtimeError, "inplace",
                                   "a leaf Variable that requires grad is being used in an in-place operation.")
        for type in [Dropout.self, Dropout2d.self] as [any DifferentiableModule.Type] {
            for (p, shape, training, fails) in [(0.5, [2, 3], true, true), (1.0, [2, 3], true, true),
                                                (0.5, [2, 3], false, false), (0.0, [2, 3], true, false),
                                                (0.5, [0, 3], true, false)] {
                let arguments = try Arguments(schema: type.schema, positional: [.float(p), .bool(true)])
                var rng = RandomSource(seed: 0)
                var layer = try type.init(arguments: arguments, rng: &rng)
                let x = Self.distinct(shape)
                var context = ForwardContext(training: training)
                let y = try layer.forward(x, context: &context).output
                let g = Tensor(shape: shape, repeating: 1)
                if fails {
                    #expect(throws: leafError) { _ = try layer.inputGradient(input: x, output: y, gradOutput: g) }
                } else {
                    #expect(try layer.inputGradient(input: x, output: y, gradOutput: g) == g)
                }
            }
        }
    }

    @Test func nonNumericProbabilityIsPythonsComparisonError() throws {
        #expect(throws: LayerError(.typeError, "p", "'<' not supported between instances of 'str' and 'int'")) {
            try makeLayer(Dropout.self, [.string("a")])
        }
        #expect(throws: LayerError(.typeError, "p", "'<' not supported between instances of 'NoneType' and 'int'")) {
            try makeLayer(Dropout2d.self, [.none])
        }
    }
}
