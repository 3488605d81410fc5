// Computation: one layer run on concrete tensors — what `layerscope compute` does, without files.
//
// Builds the layer from a constructor expression (initial parameters from the seed), loads
// state_dict entries, runs the forward passes a PyTorch session would (some in train mode, then
// possibly one in eval mode), and computes the input gradient (of the loss for losses, of
// `output.sum()` for activations and Softmax).

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

    /// Sets a `state_dict` entry to a value of the layer's own kind and shape (the layer checks).
    public mutating func setState(_ key: String, _ value: StateValue) throws {
        try layer.setState(key, value)
    }

    /// Loads a `state_dict` entry (`weight`, `bias`, `running_mean`, `running_var`,
    /// `num_batches_tracked`) from an array; the shape must match the layer's.
    public mutating func setState(_ key: String, from array: NpyArray) throws {
        guard let current = layer.state(key) else {
            let keys = layer.stateKeys
            let known = keys.isEmpty ? "it has no parameters or buffers"
                : "its keys are " + keys.joined(separator: ", ")
            throw LayerError(.runtimeError, key, "nn.\(name) has no parameter or buffer '\(key)'; \(known)")
        }
        try layer.setState(key, try StateValue(converting: array, like: current, key: key))
    }

    /// Runs the layer on `input` (and `target`, for losses) as this PyTorch session would:
    ///
    ///     for _ in range(steps): y = m(x)     # train mode (PyTorch's initial mode)
    ///     m.eval(); y = m(x)                  # only when not training
    ///
    /// `steps` is the number of forward passes the module takes in train mode: each updates
    /// BatchNorm2d's running statistics and draws new dropout masks. In train mode the last of them
    /// is the result (at least one runs); in eval mode they come first (0: a fresh module) and one
    /// eval-mode pass gives the result. Without `steps`: 1 in train mode, 0 in eval mode — one pass
    /// of the module as built. A loss has no state and no mode: it runs once.
    ///
    /// The result's warnings are those of every pass, each given once, in order.
    ///
    /// - Parameters:
    ///   - training: `module.train()` (PyTorch's initial mode) or `module.eval()` for the result.
    ///   - steps: forward passes in train mode (see above).
    ///   - wantGradient: also compute ∂/∂input of the loss, or of `output.sum()` for modules, at
    ///     the result.
    public mutating func run(input: Tensor, target: LossTarget? = nil, training: Bool = true,
                             steps: Int? = nil, wantGradient: Bool = false) throws -> Result {
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
            let trainPasses = training ? Swift.max(1, steps ?? 1) : Swift.max(0, steps ?? 0)
            var context = ForwardContext(training: true, rng: rng)
            var forward = ForwardResult(output: input)
            // Each pass's tensors replace the last pass's: the budget holds one pass's at a time.
            let workload = Workload.current, mark = workload?.reservedBytes ?? 0
            func pass() throws {
                workload?.release(downTo: mark)
                forward = try module.forward(input, context: &context)
                try Workload.checkCancelled()  // a cancelled kernel stopped early: its output is not kept
            }
            for _ in 0..<trainPasses { try pass() }
            if !training {
                context.training = false  // module.eval()
                try pass()
            }
            layer = module
            rng = context.rng
            var result = Result(output: forward.output, indices: forward.indices, mask: forward.mask,
                                warnings: Computation.firstOccurrences(context.warnings))
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
            let output = try loss.forward(input, target: target, warnings: &warnings)
            try Workload.checkCancelled()
            var result = Result(output: output, warnings: Computation.firstOccurrences(warnings))
            if wantGradient {
                result.gradInput = try loss.inputGradient(input, target: target)
            }
            return result
        }
        throw LayerError(.valueError, "layer", "nn.\(name) cannot be run")
    }

    /// `warnings` without repeats, in the order they first came (PyTorch's default filter also
    /// shows a warning from one place once).
    static func firstOccurrences(_ warnings: [String]) -> [String] {
        var seen = Set<String>()
        return warnings.filter { seen.insert($0).inserted }
    }
}

func exactInteger(_ value: Float, _ key: String) throws -> Int64 {
    guard value.isFinite, value == value.rounded(), Swift.abs(value) < 9.2e18 else {
        throw LayerError(.runtimeError, key, "\(key) must hold whole numbers, got \(value)")
    }
    return Int64(value)
}
