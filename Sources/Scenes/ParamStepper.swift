// ParamStepper: what ←/→ do to a parameter's value in the interactive editor — ints by their step,
// floats by the catalog's step, choices cycle, flags toggle, pairs step both parts or one, and the
// optional kinds pass through None. It works from the catalog alone, so every layer gets it for free.

import LayerKit

/// Which part of a pair value ←/→ step.
public enum PairComponent: String, Sendable, CaseIterable {
    case both
    /// The first entry: the height.
    case first
    /// The second entry: the width.
    case second

    /// The next choice (both → height → width → both).
    public var next: PairComponent {
        switch self {
        case .both: return .first
        case .first: return .second
        case .second: return .both
        }
    }

    /// How the editor names it.
    public var label: String {
        switch self {
        case .both: return "both"
        case .first: return "height"
        case .second: return "width"
        }
    }
}

/// The result of stepping a value.
public enum StepOutcome: Sendable, Equatable {
    /// The new value.
    case value(ParamValue)
    /// The value cannot move further that way; the text says why.
    case stuck(String)
}

/// Stepping rules for every `ParamKind`.
public enum ParamStepper {
    /// Whether the kind has two parts that can be stepped one at a time.
    public static func hasComponents(_ kind: ParamKind) -> Bool {
        switch kind {
        case .intOrPair, .intOrInts, .optionalIntOrPair, .optionalIntOrInts, .intOrPairOrChoice, .outputSize:
            return true
        default:
            return false
        }
    }

    /// `value` of `spec` stepped once in `direction` (−1 or +1).
    ///
    /// `arguments` gives the other parameters' values: a pooling `stride` of `None` steps from the
    /// kernel size, which is what `None` means.
    public static func step(_ value: ParamValue, of spec: ParamSpec, direction: Int,
                            component: PairComponent = .both, arguments: Arguments? = nil) -> StepOutcome {
        let range = spec.range ?? ParamRange()
        let dir = direction < 0 ? -1 : 1
        let name = spec.name
        switch spec.kind {
        case .int:
            guard case .int(let v) = value else { return .stuck("\(name): Enter types a new value") }
            return stepInt(v, range, dir, name).outcome { .int($0) }
        case .float:
            guard let v = numeric(value) else { return .stuck("\(name): Enter types a new value") }
            return stepFloat(v, range, dir, name).outcome { .float($0) }
        case .bool, .strictBool:
            return .value(.bool(!value.pythonTruth))
        case .choice(let options):
            return .value(cycle(value, through: options.map { .string($0) }, dir))
        case .device:
            return .value(cycle(value, through: [.none, .string("cpu")], dir))
        case .dtype:
            return .value(cycle(value, through: [.none, .torchName("float32")], dir))
        case .optionalBool:
            return .value(cycle(value, through: [.none, .bool(true), .bool(false)], dir))
        case .optionalFloatVector:
            return .stuck("\(name): press Enter and type torch.tensor([...]) or None")
        case .optionalInt:
            if value == .none { return .value(.int(fromNone(spec, dir))) }
            guard case .int(let v) = value else { return .stuck("\(name): Enter types a new value") }
            return stepInt(v, range, dir, name).outcomeOrNone { .int($0) }
        case .optionalFloat:
            if value == .none {
                if case .float(let d)? = spec.defaultValue { return .value(.float(d)) }
                return .value(.float(range.lower ?? 0))
            }
            guard let v = numeric(value) else { return .stuck("\(name): Enter types a new value") }
            return stepFloat(v, range, dir, name).outcomeOrNone { .float($0) }
        case .intOrPair, .intOrInts:
            return stepPair(value, range, dir, component, name)
        case .optionalIntOrPair, .optionalIntOrInts:
            if value == .none || value == .tuple([]) {
                guard dir > 0 else { return .stuck("\(name): None (the kernel size) is the smallest choice") }
                if let kernel = arguments?["kernel_size"] { return .value(kernel) }
                return .value(.int(Int(range.lower ?? 1)))
            }
            return stepPair(value, range, dir, component, name, wholeNone: true)
        case .intOrPairOrChoice(let choices):
            if case .string = value {
                let ordered = choices.map { ParamValue.string($0) }
                let i = ordered.firstIndex(of: value) ?? 0
                if dir < 0 {
                    return i > 0 ? .value(ordered[i - 1]) : .stuck("\(name): '\(choices[0])' is the first choice")
                }
                return i + 1 < ordered.count ? .value(ordered[i + 1]) : .value(.int(Int(range.lower ?? 0)))
            }
            let stepped = stepPair(value, range, dir, component, name)
            if case .stuck = stepped, dir < 0, component == .both, let last = choices.last {
                return .value(.string(last))
            }
            return stepped
        case .outputSize:
            return stepPair(value, range, dir, component, name, noneEntries: true)
        }
    }

    // MARK: Pieces

    private static func numeric(_ value: ParamValue) -> Double? {
        switch value {
        case .float(let d): return d
        case .int(let i): return Double(i)
        case .bool(let b): return b ? 1 : 0
        default: return nil
        }
    }

    /// An int stepped by the range's step, or why it cannot be.
    private static func stepInt(_ v: Int, _ range: ParamRange, _ dir: Int, _ name: String) -> Stepped<Int> {
        let step = Swift.max(1, Int(range.step.rounded()))
        var next = v + dir * step
        // A value outside the range (typed with Enter) steps back to the nearest bound.
        if let lower = range.lower, Double(next) < lower {
            guard Double(v) > lower || dir > 0 else { return .stuck(boundText(name, v, lower: true, range)) }
            next = Int(lower.rounded(.up))
        }
        if let upper = range.upper, Double(next) > upper {
            guard Double(v) < upper || dir < 0 else { return .stuck(boundText(name, v, lower: false, range)) }
            next = Int(upper.rounded(.down))
        }
        return .ok(next)
    }

    /// A float stepped by the range's step, clean of binary noise (0.1 + 0.2 shows as 0.3).
    private static func stepFloat(_ v: Double, _ range: ParamRange, _ dir: Int, _ name: String) -> Stepped<Double> {
        guard v.isFinite else { return .stuck("\(name): Enter types a new value") }
        // Snap to the step's grid, in the step's decimals: 0.1 + 0.2 is 0.3, and 1e-05 + 0.001 is 0.001.
        var scale = 1.0
        while Swift.abs((range.step * scale).rounded() - range.step * scale) > 1e-9, scale < 1e12 { scale *= 10 }
        let steps = ((v + Double(dir) * range.step) / range.step).rounded()
        var next = (steps * range.step * scale).rounded() / scale
        if let lower = range.lower, next < lower {
            guard v > lower || dir > 0 else { return .stuck(boundText(name, v, lower: true, range)) }
            next = lower
        }
        if let upper = range.upper, next > upper {
            guard v < upper || dir < 0 else { return .stuck(boundText(name, v, lower: false, range)) }
            next = upper
        }
        return .ok(next)
    }

    private static func boundText<T>(_ name: String, _ v: T, lower: Bool, _ range: ParamRange) -> String {
        "\(name): \(v) is the \(lower ? "smallest" : "largest") value the editor steps to, in \(range.summary); Enter types any value"
    }

    /// The value an optional int takes when stepped away from None.
    private static func fromNone(_ spec: ParamSpec, _ dir: Int) -> Int {
        let range = spec.range ?? ParamRange()
        let wanted = dir > 0 ? 1 : -1
        if let lower = range.lower, Double(wanted) < lower { return Int(lower) }
        if let upper = range.upper, Double(wanted) > upper { return Int(upper) }
        return wanted
    }

    private static func cycle(_ value: ParamValue, through options: [ParamValue], _ dir: Int) -> ParamValue {
        guard !options.isEmpty else { return value }
        let i = options.firstIndex(of: value) ?? (dir > 0 ? -1 : 0)
        let n = options.count
        return options[((i + dir) % n + n) % n]
    }

    /// Steps an int or a pair: both entries, or one (a single int becomes a pair to step one part).
    ///
    /// `wholeNone`: below the lower bound the value becomes `None` (pooling `stride`).
    /// `noneEntries`: an entry below the lower bound becomes `None` and steps back up to the bound
    /// (adaptive pooling's `output_size`, where `None` keeps the input's size).
    private static func stepPair(_ value: ParamValue, _ range: ParamRange, _ dir: Int, _ component: PairComponent,
                                 _ name: String, wholeNone: Bool = false, noneEntries: Bool = false) -> StepOutcome {
        var entries: [ParamValue]
        switch value {
        case .int(let v) where component == .both:
            switch stepInt(v, range, dir, name) {
            case .ok(let next): return .value(.int(next))
            case .stuck(let why):
                if dir < 0 && wholeNone { return .value(.none) }
                if dir < 0 && noneEntries { return .value(.tuple([.none, .none])) }
                return .stuck(why)
            }
        case .int:
            entries = [value, value]
        case .tuple(let items) where items.count == 1:
            return stepPair(items[0], range, dir, component, name, wholeNone: wholeNone, noneEntries: noneEntries)
        case .tuple(let items) where items.count == 2:
            entries = items
        default:
            return .stuck("\(name): Enter types a new value")
        }
        let targets = component == .both ? [0, 1] : [component == .first ? 0 : 1]
        var reasons: [String] = []
        var moved = false
        for i in targets {
            switch entries[i] {
            case .int(let v):
                switch stepInt(v, range, dir, name) {
                case .ok(let next):
                    entries[i] = .int(next)
                    moved = true
                case .stuck(let why):
                    if dir < 0 && noneEntries {
                        entries[i] = .none
                        moved = true
                    } else {
                        reasons.append(why)
                    }
                }
            case .none where dir > 0 && noneEntries && component != .both:
                entries[i] = .int(Int(range.lower ?? 1))
                moved = true
            default:
                break
            }
        }
        // A part that cannot move blocks the step, so that both parts keep their difference.
        if let why = reasons.first {
            if dir < 0 && wholeNone { return .value(.none) }
            return .stuck(why)
        }
        guard moved else { return .stuck("\(name): nothing to step here; Enter types a new value") }
        return .value(.tuple(entries))
    }
}

/// A stepped number, or why it could not be stepped.
private enum Stepped<T> {
    case ok(T)
    case stuck(String)

    /// The outcome, with the number made a value.
    func outcome(_ f: (T) -> ParamValue) -> StepOutcome {
        switch self {
        case .ok(let v): return .value(f(v))
        case .stuck(let why): return .stuck(why)
        }
    }

    /// For optional kinds: past either bound the value becomes None.
    func outcomeOrNone(_ f: (T) -> ParamValue) -> StepOutcome {
        switch self {
        case .ok(let v): return .value(f(v))
        case .stuck: return .value(.none)
        }
    }
}
