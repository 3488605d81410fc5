// LimitsFuzzing: the cases the limits fuzz tests throw at LayerScope — constructor expressions
// built from the catalog with extreme values for every parameter, and input shapes with huge and
// zero axes — from a seeded generator, so every run and every failure can be repeated. Shared by
// the in-process fuzz (ScenesTests) and the one through the binary (LayerScopeCLITests).

import LayerKit

/// The cases: expressions built from the catalog with extreme values, and shapes.
public struct LimitsFuzzer {
    public var rng: SplitMix

    /// Integers at and around every boundary the arithmetic has.
    static let extremeInts: [String] = [
        "0", "1", "2", "3", "-1", "-2", "7", "16", "255", "256", "65535", "2147483647", "2147483648",
        "-2147483649", "4294967296", "4611686018427387904", "9223372036854775807", "-9223372036854775808",
        "9223372036854775806", "1000000", "-4294967296",
    ]
    static let extremeFloats: [String] = [
        "0.0", "-0.0", "1.0", "0.5", "-0.5", "1e-300", "1e300", "-1e300", "float('nan')", "float('inf')",
        "float('-inf')", "1e-45", "3.4e38", "0.9999999", "1.0000001",
    ]
    static let others: [String] = ["None", "True", "False", "'same'", "'valid'", "'zeros'", "'reflect'",
                                   "'replicate'", "'circular'", "'mean'", "'sum'", "'none'", "'tanh'", "()", "(1,)",
                                   "torch.tensor([])", "torch.tensor([1.0, float('nan'), -1.0])", "'cpu'"]
    /// Sizes for input shapes: zero, small, and the ones that overflow products.
    static let sizes: [Int] = [0, 1, 1, 2, 3, 5, 8, 13, 7000, 65536, 4_294_967_296, 1 << 62, Int.max]

    public init(seed: UInt64) { rng = SplitMix(seed: seed) }

    public mutating func pick<T>(_ items: [T]) -> T { items[Int(rng.next() % UInt64(items.count))] }
    public mutating func chance(_ oneIn: Int) -> Bool { rng.next() % UInt64(oneIn) == 0 }

    /// A value for a parameter: mostly of its own kind, sometimes of any kind.
    public mutating func value(for spec: ParamSpec) -> String {
        if chance(8) { return pick(Self.extremeInts + Self.extremeFloats + Self.others) }
        switch spec.kind {
        case .float, .optionalFloat: return pick(Self.extremeFloats + ["None"])
        case .bool, .strictBool, .optionalBool: return pick(["True", "False", "None", "0", "1"])
        case .choice(let options): return "'" + pick(options) + "'"
        case .intOrPairOrChoice(let options) where chance(3): return "'" + pick(options) + "'"
        case .optionalFloatVector:
            let n = Int(rng.next() % 6)
            return "torch.tensor([" + (0..<n).map { _ in pick(Self.extremeFloats) }.joined(separator: ", ") + "])"
        case .outputSize where chance(2):
            return "(" + pick(Self.extremeInts + ["None"]) + ", " + pick(Self.extremeInts + ["None"]) + ")"
        default:
            if chance(2) { return "(" + pick(Self.extremeInts) + ", " + pick(Self.extremeInts) + ")" }
            return pick(Self.extremeInts)
        }
    }

    /// A constructor expression: the required parameters and a random subset of the others.
    public mutating func expression(for schema: LayerSchema) -> String {
        var parts: [String] = []
        for spec in schema.params where spec.defaultValue == nil || chance(3) {
            parts.append(spec.defaultValue == nil && !spec.keywordOnly ? value(for: spec) : "\(spec.name)=\(value(for: spec))")
        }
        return "nn.\(schema.name)(" + parts.joined(separator: ", ") + ")"
    }

    /// A shape: rank 0 to 5 with mostly small sizes and now and then a huge or zero one.
    public mutating func shape() -> [Int] {
        let rank = Int(rng.next() % 5) + 1
        return (0..<rank).map { _ in chance(4) ? pick(Self.sizes) : Int(rng.next() % 6) + 1 }
    }
}

/// A small, fast, seeded generator (the fuzz cases must be repeatable from their seed).
public struct SplitMix {
    public var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
