// Init: PyTorch's default parameter initialisation, drawn from the injected RandomSource.
//
// Conv2d and Linear call `kaiming_uniform_(weight, a=√5)` and then draw the bias from
// U(−1/√fan_in, 1/√fan_in). With a = √5 the weight bound also reduces to 1/√fan_in:
//   gain = √(2/(1+a²)) = √(1/3),  bound = gain·√(3/fan_in) = 1/√fan_in.
// The values cannot equal PyTorch's (a different generator); the distribution does.

enum Init {
    /// The bound of PyTorch's default uniform initialisation for a given `fan_in`
    /// (`gain/√fan_in·√3` evaluated in double as PyTorch does; 0 when `fan_in` is 0).
    static func defaultBound(fanIn: Int) -> Double {
        guard fanIn > 0 else { return 0 }
        let gain = (2.0 / (1.0 + 5.0)).squareRoot()
        let std = gain / Double(fanIn).squareRoot()
        return 3.0.squareRoot() * std
    }

    /// A tensor of `shape` drawn from U(−bound, bound) with `bound = defaultBound(fanIn:)`.
    static func defaultUniform(shape: [Int], fanIn: Int, rng: inout RandomSource) -> Tensor {
        let bound = defaultBound(fanIn: fanIn)
        return rng.uniformTensor(shape: shape, low: -bound, high: bound)
    }
}
