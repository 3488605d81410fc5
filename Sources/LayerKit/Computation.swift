// Computation: one layer run on concrete tensors — what `layerscope compute` does, without files.
//
// Builds the layer from a constructor expression (initial parameters from the seed), loads
// state_dict entries, runs the forward pass in train or eval mode, and computes the input gradient
// (of the loss for losses, of `output.sum()` for activations and Softmax).

/// A layer and the settings of one run.
public struct Computation: Sendable {
    /// The layer, with any loaded parameters and updated buffers.
    public private(set) var layer: any Layer
    /// The generator: initialisation draws first, then dropout masks (like PyTorch's global one).
    public private(set) var rng: RandomSource

    /// Parses `expression` and builds its layer, seeding initialisation with `seed`.
    public init(expression: String, seed: UInt64 = 0) throws {
        var rng = RandomSource(seed: seed)
        self.layer = try Catalog.layer(parsing: expression, rng: &rng)
        self.rng = rng
    }

    /// Builds the layer from bound arguments, seeding initialisation with `seed`.
    public init(arguments: Arguments, seed: UInt64 = 0) throws {
        var rng = RandomSource(seed: seed)
        self.layer = try Catalog.make(arguments, rng: &rng)
        self.rng = rng
    }

    /// What one run produced.
    public struct Result: Sendable {
        public var output: Tensor
        public var indices: IndexTensor?
        public var mask: Tensor?
        public var gradInput: Tensor?
        /// PyTorch `UserWarning`s the same call emits.
        public var warnings: [String] = []
    }

    private var name: String { type(of: layer).schema.name }

    /// Loads a `state_dict` entry (`weight`, `bias`, `running_mean`, `running_var`,
    /// `num_batches_tracked`) from an array; the shape must match the layer's.
    public mutating func setState(_ key: String, from array: NpyArray) throws {
        guard let current = layer.state(key) else {
            let keys = layer.stateKeys
            let known = keys.isEmpty ? "it has no parameters or buffers"
                : "its keys are " + keys.joined(separator: ", ")
            throw LayerError(.runtimeError, key, "nn.\(name) has no parameter or buffer '\(key)'; \(known)")
        }
        let value: StateValue
        switch current {
        case .float:
            value = .float(array.dtype.isFloatingPoint
                ? Tensor(shape: array.shape, storage: array.floats)
                : Tensor(shape: array.shape, storage: array.integers.map { Float($0) }))
        case .int:
            value = .int(array.dtype.isFloatingPoint
                ? IndexTensor(shape: array.shape, storage: try array.floats.map { try exactInteger($0, key) })
                : IndexTensor(shape: array.shape, storage: array.integers))
        }
        try layer.setState(key, value)
    }

    /// Runs the layer on `input` (and `target`, for losses) `steps` times in a row.
    ///
    /// - Parameters:
    ///   - training: `module.train()` (PyTorch's initial mode) or `module.eval()`.
    ///   - wantGradient: also compute ∂/∂input of the loss, or of `output.sum()` for modules.
    public mutating func run(input: Tensor, target: LossTarget? = nil, training: Bool = true,
                             steps: Int = 1, wantGradient: Bool = false) throws -> Result {
        if var module = layer as? any Module {
            if target != nil {
                throw LayerError(.valueError, "target", "nn.\(name) is not a loss and takes no target")
            }
            // The element-wise families make input-sized tensors without a size check of their own:
            // the output, Dropout's mask, the gradient. Reserve them before the first step.
            let group = type(of: layer).schema.group
            if [.activation, .softmax, .normalization, .dropout].contains(group) {
                let copies = 1 + (group == .dropout ? 1 : 0) + (wantGradient ? 2 : 0)
                try MemoryBudget.reserve(elements: input.count, of: 4 * copies,
                                         for: "the output of nn.\(name) on \(input.shape.torchList)", subject: "input")
            }
            var context = ForwardContext(training: training, rng: rng)
            var forward = ForwardResult(output: input)
            // Each step's tensors replace the last step's: the budget holds one step's at a time.
            let workload = Workload.current, mark = workload?.reservedBytes ?? 0
            for _ in 0..<Swift.max(1, steps) {
                workload?.release(downTo: mark)
                forward = try module.forward(input, context: &context)
                try Workload.checkCancelled()  // a cancelled kernel stopped early: its output is not kept
            }
            layer = module
            rng = context.rng
            var result = Result(output: forward.output, indices: forward.indices, mask: forward.mask,
                                warnings: context.warnings)
            if wantGradient {
                guard let differentiable = module as? any DifferentiableModule else {
                    throw LayerError(.valueError, "grad-input",
                                     "input gradients are computed for losses, activations and Softmax; nn.\(name) has none here")
                }
                let ones = Tensor(shape: forward.output.shape, repeating: 1)
                result.gradInput = try differentiable.inputGradient(input: input, output: forward.output, gradOutput: ones)
            }
            return result
        }
        if let loss = layer as? any Loss {
            guard let target else {
                throw LayerError(.valueError, "target", "nn.\(name) is a loss and needs a target")
            }
            // Element-wise losses ('none', the broadcast target, the gradient) are input-sized.
            try MemoryBudget.reserve(elements: input.count, of: 4 * (wantGradient ? 3 : 2),
                                     for: "the losses of nn.\(name) on \(input.shape.torchList)", subject: "input")
            var warnings: [String] = []
            var output = Tensor(scalar: 0)
            let workload = Workload.current, mark = workload?.reservedBytes ?? 0
            for _ in 0..<Swift.max(1, steps) {
                workload?.release(downTo: mark)
                output = try loss.forward(input, target: target, warnings: &warnings)
                try Workload.checkCancelled()
            }
            var result = Result(output: output, warnings: warnings)
            if wantGradient {
                result.gradInput = try loss.inputGradient(input, target: target)
            }
            return result
        }
        throw LayerError(.valueError, "layer", "nn.\(name) cannot be run")
    }
}

private func exactInteger(_ value: Float, _ key: String) throws -> Int64 {
    guard value.isFinite, value == value.rounded(), Swift.abs(value) < 9.2e18 else {
        throw LayerError(.runtimeError, key, "\(key) must hold whole numbers, got \(value)")
    }
    return Int64(value)
}
