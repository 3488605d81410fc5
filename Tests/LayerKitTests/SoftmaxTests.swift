// Tests of Softmax: worked values (PyTorch 2.15's, quoted), the dim=None legacy rule and its warning,
// negative and out-of-range dims, max subtraction, non-finite slices, 0-d and empty inputs, and the
// gradient y ⊙ (g − Σ g ⊙ y).

import Testing
@testable import LayerKit

@Suite struct SoftmaxTests {
    static func make(dim: Int?) throws -> Softmax {
        try makeLayer(Softmax.self, [], [("dim", dim.map { .int($0) } ?? .none)])
    }

    static func forward(_ layer: Softmax, _ x: Tensor) throws -> (Tensor, [String]) {
        var context = ForwardContext()
        let y = try layer.forward(x, context: &context).output
        return (y, context.warnings)
    }

    /// Sums of `t` along `dim`, in row-major order of the remaining dimensions.
    static func sums(_ t: Tensor, along dim: Int) -> [Float] {
        let outer = t.shape[..<dim].reduce(1, *)
        let size = t.shape[dim]
        let inner = t.shape[(dim + 1)...].reduce(1, *)
        var result: [Float] = []
        for o in 0..<outer {
            for i in 0..<inner {
                var s: Float = 0
                for k in 0..<size { s += t.storage[o * size * inner + k * inner + i] }
                result.append(s)
            }
        }
        return result
    }

    static func ramp(_ shape: [Int]) -> Tensor {
        Tensor(shape: shape, storage: (0..<shape.elementCount).map { Float(($0 * 7) % 11) / 3 - 1.5 })
    }

    @Test func schema() {
        #expect(Softmax.schema.group == .softmax)
        #expect(Softmax.schema.params.map(\.name) == ["dim"])
        #expect(Softmax.schema.params[0].kind == .optionalInt)
        #expect(Softmax.schema.params[0].defaultValue == ParamValue.none)
        #expect(Catalog.layerType(named: "Softmax") != nil)
    }

    @Test func rowsSumToOne() throws {
        let x = Tensor(shape: [2, 3], storage: [1, 2, 3, -1, 0, 1])
        let (y, warnings) = try Self.forward(try Self.make(dim: 1), x)
        // PyTorch: [0.09003057, 0.24472848, 0.66524094] for both rows.
        expectFloatsClose(y.storage, [0.09003057, 0.24472848, 0.66524094, 0.09003057, 0.24472848, 0.66524094])
        #expect(warnings.isEmpty)
        #expect(try Self.make(dim: 1).expression == "nn.Softmax(dim=1)")
    }

    @Test func maxSubtractionHandlesLargeLogits() throws {
        let x = Tensor(shape: [3], storage: [1000, 1001, 1002])
        let (y, _) = try Self.forward(try Self.make(dim: 0), x)
        expectFloatsClose(y.storage, [0.09003057, 0.24472848, 0.66524094])
        let far = Tensor(shape: [3], storage: [1e30, 0, -1e30])
        #expect(try Self.forward(try Self.make(dim: -1), far).0.storage == [1, 0, 0])
    }

    @Test func implicitDimFollowsTheLegacyRule() throws {
        #expect((0...5).map { Softmax.implicitDim(rank: $0) } == [0, 0, 1, 0, 1, 1])
        let layer = try Self.make(dim: nil)
        #expect(layer.expression == "nn.Softmax()")
        // A 3-D (N, C, L) batch is normalised over N.
        let x = Self.ramp([3, 2, 4])
        let (y, warnings) = try Self.forward(layer, x)
        #expect(warnings == ["Implicit dimension choice for softmax has been deprecated. Change the call to include dim=X as an argument."])
        expectFloatsClose(Self.sums(y, along: 0), [Float](repeating: 1, count: 8))
        #expect(y == (try Self.forward(try Self.make(dim: 0), x)).0)
        // Rank 2 and 4 use dim 1.
        for shape in [[2, 5], [2, 3, 2, 2]] {
            let t = Self.ramp(shape)
            let (implicit, w) = try Self.forward(layer, t)
            #expect(w.count == 1)
            #expect(implicit == (try Self.forward(try Self.make(dim: 1), t)).0)
        }
    }

    @Test func negativeDimsCountFromTheEnd() throws {
        let x = Self.ramp([2, 3, 4])
        for dim in 0..<3 {
            let positive = try Self.forward(try Self.make(dim: dim), x).0
            let negative = try Self.forward(try Self.make(dim: dim - 3), x).0
            #expect(positive == negative)
            expectFloatsClose(Self.sums(positive, along: dim), [Float](repeating: 1, count: 24 / x.shape[dim]))
        }
    }

    @Test func outOfRangeDimIsAnIndexError() throws {
        let x = Tensor(shape: [2, 3], repeating: 0)
        #expect(throws: LayerError(.indexError, "dim", "Dimension out of range (expected to be in range of [-2, 1], but got 5)")) {
            _ = try Self.forward(try Self.make(dim: 5), x)
        }
        #expect(throws: LayerError(.indexError, "dim", "Dimension out of range (expected to be in range of [-2, 1], but got -3)")) {
            _ = try Self.forward(try Self.make(dim: -3), x)
        }
        // A 0-d input behaves as rank 1.
        #expect(throws: LayerError(.indexError, "dim", "Dimension out of range (expected to be in range of [-1, 0], but got 1)")) {
            _ = try Self.forward(try Self.make(dim: 1), Tensor(scalar: 2))
        }
        #expect(throws: LayerError.self) {
            _ = try Arguments(schema: Softmax.schema, positional: [.float(1.5)])  // TypeError from binding
        }
    }

    @Test func scalarAndEmptyInputs() throws {
        for dim in [0, -1, nil] {
            let (y, _) = try Self.forward(try Self.make(dim: dim), Tensor(scalar: 3))
            #expect(y.shape == [] && y.storage == [1])
        }
        #expect(try Self.forward(try Self.make(dim: 0), Tensor(scalar: .infinity)).0.storage[0].isNaN)
        for (shape, dim) in [([2, 0], 1), ([0, 3], 1), ([0], 0), ([2, 0], 0)] {
            let (y, _) = try Self.forward(try Self.make(dim: dim), Tensor(shape: shape))
            #expect(y.shape == shape)
        }
    }

    @Test func nonFiniteSlices() throws {
        let inf = Float.infinity
        let x = Tensor(shape: [5, 3], storage: [-inf, -inf, -inf,   // all −∞ → NaN
                                                0, -inf, 1,         // a lone −∞ → 0
                                                1, inf, 0,          // +∞ → NaN
                                                .nan, 1, 2,         // NaN → NaN
                                                -inf, 5, -inf])
        let (y, _) = try Self.forward(try Self.make(dim: 1), x)
        expectFloatsClose(y.storage, [.nan, .nan, .nan, 0.26894143, 0, 0.7310586, .nan, .nan, .nan,
                                     .nan, .nan, .nan, 0, 1, 0])
    }

    @Test func gradientIsYTimesGMinusItsWeightedMean() throws {
        let layer = try Self.make(dim: 1)
        let x = Tensor(shape: [2, 3], storage: [1, 2, 3, -1, 0, 1])
        let (y, _) = try Self.forward(layer, x)
        let g = Tensor(shape: [2, 3], storage: [1, 0, 0, 0, 2, -1])
        let dx = try layer.inputGradient(input: x, output: y, gradOutput: g)
        // PyTorch 2.15: y.backward(g).
        expectFloatsClose(dx.storage, [0.08192507, -0.02203305, -0.05989202, 0.01582593, 0.53247631, -0.54830223])
        // A uniform gradient vanishes (each slice sums to 1).
        let ones = try layer.inputGradient(input: x, output: y, gradOutput: Tensor(shape: [2, 3], repeating: 1))
        #expect(ones.storage.allSatisfy { Swift.abs($0) < 1e-7 })
    }

    @Test func gradientMatchesFiniteDifferencesAlongEveryDim() throws {
        let x = Self.ramp([2, 3, 2])
        let g = Tensor(shape: [2, 3, 2], storage: (0..<12).map { Float($0 % 5) - 2 })
        for dim in [0, 1, 2, nil] {
            let layer = try Self.make(dim: dim)
            let (y, _) = try Self.forward(layer, x)
            let dx = try layer.inputGradient(input: x, output: y, gradOutput: g)
            let h: Float = 1e-2
            for i in 0..<x.count {
                var plus = x
                plus.storage[i] += h
                var minus = x
                minus.storage[i] -= h
                let lossPlus = zip(try Self.forward(layer, plus).0.storage, g.storage).map { Double($0 * $1) }.reduce(0, +)
                let lossMinus = zip(try Self.forward(layer, minus).0.storage, g.storage).map { Double($0 * $1) }.reduce(0, +)
                let slope = (lossPlus - lossMinus) / Double(2 * h)
                #expect(Swift.abs(slope - Double(dx.storage[i])) < 2e-3, "dim \(String(describing: dim)) element \(i)")
            }
        }
    }

    @Test func gradientShapeMismatch() throws {
        let layer = try Self.make(dim: 0)
        let x = Tensor(shape: [3], repeating: 0)
        #expect(throws: LayerError.self) {
            _ = try layer.inputGradient(input: x, output: x, gradOutput: Tensor(shape: [2], repeating: 0))
        }
    }
}
