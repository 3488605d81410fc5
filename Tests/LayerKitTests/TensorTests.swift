// Tests of Tensor's storage, shape arithmetic and the seeded random source.

import Testing
@testable import LayerKit

@Suite struct TensorTests {
    @Test func rowMajorOffsetsAndStrides() {
        var t = Tensor(shape: [2, 3, 4])
        #expect(t.strides == [12, 4, 1])
        t[1, 2, 3] = 7
        #expect(t.storage[23] == 7)
        #expect(t.count == 24)
        #expect(Tensor(scalar: 2).shape == [])
        #expect([Int]().elementCount == 1)
    }

    @Test func sameSeedSameStream() {
        var a = RandomSource(seed: 42)
        var b = RandomSource(seed: 42)
        var c = RandomSource(seed: 43)
        let xs = (0..<5).map { _ in a.next() }
        #expect(xs == (0..<5).map { _ in b.next() })
        #expect(xs != (0..<5).map { _ in c.next() })
    }

    @Test func distributionsHaveTheirMoments() {
        var rng = RandomSource(seed: 7)
        let n = 200_000
        let u = rng.uniformTensor(shape: [n], low: -2, high: 2).storage
        #expect(u.allSatisfy { $0 >= -2 && $0 < 2 })
        let uMean = u.reduce(0, +) / Float(n)
        #expect(Swift.abs(uMean) < 0.02)
        let g = (try! rng.normalTensor(shape: [n])).storage
        let gMean = g.reduce(0, +) / Float(n)
        let gVar = g.map { ($0 - gMean) * ($0 - gMean) }.reduce(0, +) / Float(n)
        #expect(Swift.abs(gMean) < 0.01)
        #expect(Swift.abs(gVar - 1) < 0.02)
        let kept = (0..<n).filter { _ in rng.bernoulli(0.3) }.count
        #expect(Swift.abs(Double(kept) / Double(n) - 0.3) < 0.005)
    }
}
