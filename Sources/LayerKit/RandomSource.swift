// RandomSource: the seeded, deterministic generator injected wherever LayerKit draws random numbers
// (parameter initialisation, dropout masks, built-in random inputs).
//
// The same seed gives the same numbers on every machine and every run. The stream is not PyTorch's
// (PyTorch's Mersenne-Twister/Philox streams cannot be reproduced bit for bit); only the
// distributions match.

/// A xoshiro256** generator seeded through SplitMix64.
public struct RandomSource: RandomNumberGenerator, Sendable {
    private var s0: UInt64
    private var s1: UInt64
    private var s2: UInt64
    private var s3: UInt64

    /// A generator whose whole future is determined by `seed`.
    public init(seed: UInt64) {
        var sm = seed
        func splitMix() -> UInt64 {
            sm &+= 0x9E37_79B9_7F4A_7C15
            var z = sm
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        s0 = splitMix()
        s1 = splitMix()
        s2 = splitMix()
        s3 = splitMix()
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        let result = ((s1 &* 5) << 7 | (s1 &* 5) >> 57) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = (s3 << 45) | (s3 >> 19)
        return result
    }

    /// A uniform double in [0, 1) with 53 random bits.
    public mutating func unitDouble() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// A uniform draw from [low, high).
    public mutating func uniform(_ low: Double, _ high: Double) -> Float {
        Float(low + (high - low) * unitDouble())
    }

    /// A standard normal draw (Box–Muller).
    public mutating func normal(mean: Double = 0, std: Double = 1) -> Float {
        var u1 = unitDouble()
        while u1 <= 0 { u1 = unitDouble() }
        let u2 = unitDouble()
        let z = (-2 * _log(u1)).squareRoot() * _cos(2 * Double.pi * u2)
        return Float(mean + std * z)
    }

    /// `true` with probability `p`.
    public mutating func bernoulli(_ p: Double) -> Bool {
        unitDouble() < p
    }

    /// A tensor of independent U(low, high) draws.
    public mutating func uniformTensor(shape: [Int], low: Double, high: Double) -> Tensor {
        var t = Tensor(shape: shape)
        for i in 0..<t.count { t.storage[i] = uniform(low, high) }
        return t
    }

    /// A tensor of independent N(0, 1) draws.
    ///
    /// Throws `ComputationCancelled` when the current workload is cancelled (checked every 2²⁰ draws).
    public mutating func normalTensor(shape: [Int]) throws -> Tensor {
        var t = Tensor(shape: shape)
        var start = 0
        while start < t.count {
            try Workload.checkCancelled()
            let end = Swift.min(t.count, start + (1 << 20))
            for i in start..<end { t.storage[i] = normal() }
            start = end
        }
        return t
    }
}
