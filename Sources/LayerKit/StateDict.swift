// StateDict: the `load_state_dict` rules LayerKit's layers share — the size check of an entry, the
// int64-to-float conversion of `copy_`, and the whole state of a layer made of `weight` and an
// optional `bias` (Conv2d, Linear).

extension StateValue {
    /// An array read from a file as a value for the `state_dict` entry `key`, whose current value
    /// is `current`: float entries take floats or integers (converted, as `copy_` does), int64
    /// buffers integers or whole-number floats. The shape is checked when the value is loaded.
    public init(converting array: NpyArray, like current: StateValue, key: String) throws {
        switch current {
        case .float:
            self = .float(array.dtype.isFloatingPoint
                ? Tensor(shape: array.shape, storage: array.floats)
                : Tensor(shape: array.shape, storage: array.integers.map { Float($0) }))
        case .int:
            self = .int(array.dtype.isFloatingPoint
                ? IndexTensor(shape: array.shape, storage: try array.floats.map { try exactInteger($0, key) })
                : IndexTensor(shape: array.shape, storage: array.integers))
        }
    }

    /// The value as the bytes of a `.npy` file (float32, or int64 for an int buffer).
    public var npyBytes: [UInt8] {
        switch self {
        case .float(let t): return NpyArray.encode(t)
        case .int(let t): return NpyArray.encode(t)
        }
    }

    /// The value as float32 values of `shape` (int64 values converted, as `copy_` does).
    func floatTensor(shape: [Int]) -> Tensor {
        switch self {
        case .float(let t): return Tensor(shape: shape, storage: t.storage)
        case .int(let t): return Tensor(shape: shape, storage: t.storage.map { Float($0) })
        }
    }
}

/// `load_state_dict`'s size check of the entry `key`: `value` must have the shape of `current`.
///
/// With `acceptsOneElement`, a `(1)` value is also accepted for a 0-d entry (BatchNorm2d's
/// `num_batches_tracked`).
func checkStateShape(_ key: String, _ value: StateValue, current: StateValue,
                     acceptsOneElement: Bool = false) throws {
    let oneElementForScalar = acceptsOneElement && current.shape == [] && value.shape == [1]
    try check(value.shape == current.shape || oneElementForScalar, .runtimeError, key,
              "size mismatch for \(key): copying a param with shape \(value.shape.torchSize) "
                  + "from checkpoint, the shape in current model is \(current.shape.torchSize).")
}

/// A layer whose whole state is `weight` and, unless built with `bias=False`, `bias`.
protocol WeightAndBiasState: Module {
    /// The weight.
    var weight: Tensor { get set }
    /// The bias, `nil` with `bias=False`.
    var bias: Tensor? { get set }
    /// The error message for a key that is neither `weight` nor an existing `bias`.
    static func unknownStateKeyMessage(_ key: String) -> String
}

extension WeightAndBiasState {
    /// `weight`, then `bias` unless built with `bias=False`.
    public var stateKeys: [String] { bias == nil ? ["weight"] : ["weight", "bias"] }

    /// The current `weight` or `bias` (nil for any other key, and for `bias` when there is none).
    public func state(_ key: String) -> StateValue? {
        switch key {
        case "weight": return .float(weight)
        case "bias": return bias.map { .float($0) }
        default: return nil
        }
    }

    /// Replaces `weight` or `bias` the way `load_state_dict` does: the shape must equal the current
    /// one, and int64 values are converted to float, as `copy_` does.
    public mutating func setState(_ key: String, _ value: StateValue) throws {
        guard let current = state(key) else {
            throw LayerError(.runtimeError, key, Self.unknownStateKeyMessage(key))
        }
        try checkStateShape(key, value, current: current)
        let tensor = value.floatTensor(shape: current.shape)
        if key == "weight" { weight = tensor } else { bias = tensor }
    }
}
