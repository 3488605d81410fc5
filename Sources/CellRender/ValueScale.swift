// ValueScale: how numbers map to 0...1 for colour maps and glyph ramps — min/max, symmetric about
// zero (signed data: weights, gradients, pre-activations), or a fixed range shared across several
// pictures so they can be compared.

/// A mapping from values to the unit interval.
public struct ValueScale: Sendable, Hashable {
    /// The value shown as 0.
    public var lower: Double
    /// The value shown as 1.
    public var upper: Double
    /// Whether the scale is centred on zero (`lower == -upper`): use a diverging colour map.
    public var isSymmetric: Bool

    /// An explicit range (a fixed scale shared across channels, for instance).
    public init(lower: Double, upper: Double, symmetric: Bool = false) {
        self.lower = lower
        self.upper = upper
        self.isSymmetric = symmetric
    }

    /// How `fit` chooses the range.
    public enum Mode: Sendable, Hashable {
        /// From the smallest to the largest finite value.
        case minMax
        /// From −m to m, m the largest finite magnitude.
        case symmetric
        /// Symmetric (a diverging map) when the data has any negative finite value, min/max (a
        /// sequential map) when it has none: signed data always gets the same kind of map.
        case auto
    }

    /// The scale that covers the finite values of `values`. With no finite value, or a constant one,
    /// the range is widened so that every value maps to a defined place (constant data maps to the
    /// middle of a min/max scale).
    public static func fit<S: Sequence>(_ values: S, mode: Mode = .minMax) -> ValueScale where S.Element == Float {
        var lo = Double.infinity, hi = -Double.infinity
        for v in values where v.isFinite {
            lo = Swift.min(lo, Double(v))
            hi = Swift.max(hi, Double(v))
        }
        if lo > hi { lo = 0; hi = 0 }
        let symmetric: Bool
        switch mode {
        case .minMax: symmetric = false
        case .symmetric: symmetric = true
        case .auto: symmetric = lo < 0
        }
        if symmetric {
            var m = Swift.max(Swift.abs(lo), Swift.abs(hi))
            if m == 0 { m = 1 }
            return ValueScale(lower: -m, upper: m, symmetric: true)
        }
        if lo == hi {
            let pad = lo == 0 ? 1 : Swift.abs(lo) * 0.5
            return ValueScale(lower: lo - pad, upper: hi + pad)
        }
        return ValueScale(lower: lo, upper: hi)
    }

    /// The scale covering both this one and `other` (for a range fixed across pictures).
    ///
    /// The union is symmetric when either scale is, so pictures that share it keep the rule of
    /// `fit(mode: .auto)`: if any of them holds a negative value, all of them use the diverging map.
    public func union(_ other: ValueScale) -> ValueScale {
        if isSymmetric || other.isSymmetric {
            let m = Swift.max(Swift.abs(lower), Swift.abs(upper), Swift.abs(other.lower), Swift.abs(other.upper))
            return ValueScale(lower: -m, upper: m, symmetric: true)
        }
        return ValueScale(lower: Swift.min(lower, other.lower), upper: Swift.max(upper, other.upper))
    }

    /// Where `value` falls: 0...1 for finite values (clamped), nil for NaN and ±Inf.
    public func normalized(_ value: Float) -> Double? {
        guard value.isFinite else { return nil }
        let span = upper - lower
        guard span > 0, span.isFinite else { return 0.5 }
        return Swift.min(1, Swift.max(0, (Double(value) - lower) / span))
    }
}
