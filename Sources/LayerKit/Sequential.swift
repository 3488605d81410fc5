// Sequential: `nn.Sequential(layer, layer, …)`, a network whose layers run one after another — its
// expression, its `state_dict` under PyTorch's keys (`0.weight`, `3.running_mean`), the forward
// pass that keeps what the backward pass needs, and the backward pass that walks back through it.

/// `nn.Sequential(*layers)`: each layer's output is the next one's input.
///
/// Stages are numbered from 0 as PyTorch numbers them; their `state_dict` entries are prefixed with
/// the number (`0.weight`, `3.num_batches_tracked`), and `named_parameters()` lists the trainable
/// ones in the same order. An error inside a stage names the stage: `stage 4, nn.Linear(512, 10):
/// addmm: mat1 and mat2 shapes cannot be multiplied (1x392 and 512x10)`.
public struct Sequential: Sendable {
    /// The layers, in order.
    public private(set) var stages: [any BackwardModule]

    /// A network of `stages` (which may be empty: the identity, as in PyTorch).
    public init(_ stages: [any BackwardModule]) {
        self.stages = stages
    }

    /// Parses `nn.Sequential(nn.Conv2d(1, 8, 3, padding=1), nn.ReLU(), …)` — or one layer's
    /// expression, which becomes a network of one stage — building each layer in order, its
    /// initial parameters drawn from `rng` as PyTorch's constructors draw them.
    ///
    /// Arguments may use integer arithmetic (`nn.Linear(8 * 8 * 8, 10)`). Throws
    /// `ExpressionError` for syntax, `LayerError` naming the stage for a layer that cannot be built.
    public init(parsing text: String, rng: inout RandomSource) throws {
        guard let calls = try ConstructorCall.sequentialStages(parsing: text) else {
            let layer = try Catalog.layer(parsing: text, rng: &rng)
            self.init([try Self.stage(layer, index: nil)])
            return
        }
        var stages: [any BackwardModule] = []
        for (index, stage) in calls.enumerated() {
            guard let type = Catalog.layerType(named: stage.call.name) else {
                var message = "unknown layer '\(stage.call.name)'"
                if stage.call.name == "Sequential" {
                    message = "a Sequential inside a Sequential is not supported; list its layers instead"
                } else if let close = Catalog.layerTypes.first(where: {
                    $0.schema.name.lowercased() == stage.call.name.lowercased() }) {
                    message += "; did you mean '\(close.schema.name)'?"
                }
                throw ExpressionError(message: message, offset: stage.offset, source: text)
            }
            do {
                let arguments = try Arguments(schema: type.schema, positional: stage.call.positional,
                                              keywords: stage.call.keywords)
                stages.append(try Self.stage(try Catalog.make(arguments, rng: &rng), index: index))
            } catch let error as LayerError {
                throw Self.naming(error, stage: index, "nn.\(type.schema.name)")
            }
        }
        self.init(stages)
    }

    /// `layer` as a stage: a module with a backward pass (a loss is not one).
    private static func stage(_ layer: any Layer, index: Int?) throws -> any BackwardModule {
        let name = type(of: layer).schema.name
        guard let module = layer as? any BackwardModule else {
            let prefix = index.map { "stage \($0), " } ?? ""
            if layer is any Loss {
                throw LayerError(.typeError, "\(prefix)nn.\(name)",
                                 "a loss takes (input, target) and cannot be a stage of nn.Sequential; "
                                     + "give it as the loss instead")
            }
            throw LayerError(.runtimeError, "\(prefix)nn.\(name)", "nn.\(name) has no backward pass")
        }
        return module
    }

    /// `error` with the stage's number and layer in front of its subject.
    static func naming(_ error: LayerError, stage: Int, _ layer: String) -> LayerError {
        var named = error
        named.subject = "stage \(stage), \(layer)"
        return named
    }

    /// The expression that rebuilds the network's architecture (not its weights).
    public var expression: String {
        "nn.Sequential(" + stages.map(\.expression).joined(separator: ", ") + ")"
    }

    /// PyTorch's `print(model)`: one line per stage, `(0): Conv2d(1, 8, kernel_size=…)` aside, the
    /// stage number and our expression.
    public var summaryLines: [String] {
        stages.enumerated().map { "(\($0.offset)): \($0.element.expression)" }
    }

    // MARK: - state_dict

    /// Every `state_dict` key, in PyTorch's order: stage by stage, each stage's own keys prefixed
    /// with its number.
    public var stateKeys: [String] {
        stages.enumerated().flatMap { index, stage in stage.stateKeys.map { "\(index).\($0)" } }
    }

    /// The trainable parameters' keys, in `named_parameters()` order.
    public var parameterKeys: [String] {
        stages.enumerated().flatMap { index, stage in stage.parameterKeys.map { "\(index).\($0)" } }
    }

    /// Splits `3.running_mean` into the stage and its own key (nil when no stage has that key).
    private func locate(_ key: String) -> (stage: Int, key: String)? {
        guard let dot = key.firstIndex(of: "."), let index = Int(key[..<dot]),
              stages.indices.contains(index) else { return nil }
        let own = String(key[key.index(after: dot)...])
        return stages[index].stateKeys.contains(own) ? (index, own) : nil
    }

    /// The current value of a `state_dict` entry.
    public func state(_ key: String) -> StateValue? {
        locate(key).flatMap { stages[$0.stage].state($0.key) }
    }

    /// Replaces a `state_dict` entry, with `load_state_dict`'s checks; an unknown key is PyTorch's
    /// `Unexpected key(s) in state_dict`.
    public mutating func setState(_ key: String, _ value: StateValue) throws {
        guard let (index, own) = locate(key) else {
            throw LayerError(.runtimeError, key, "Unexpected key(s) in state_dict: \"\(key)\". "
                                 + (stateKeys.isEmpty ? "The network has no parameters or buffers."
                                    : "Its keys are " + stateKeys.joined(separator: ", ") + "."))
        }
        do {
            var stage = stages[index]
            try stage.setState(own, value)
            stages[index] = stage
        } catch var error as LayerError {
            error.subject = key
            if error.message.hasPrefix("size mismatch for \(own):") {
                error.message = "size mismatch for \(key):" + error.message.dropFirst("size mismatch for \(own):".count)
            }
            throw error
        }
    }

    /// The trainable parameters, in `parameterKeys` order.
    public var parameters: [Tensor] {
        parameterKeys.map { key in
            guard case .float(let tensor)? = state(key) else { preconditionFailure("parameter \(key) is not a float tensor") }
            return tensor
        }
    }

    /// Replaces the trainable parameters (same order and shapes as `parameters`).
    public mutating func setParameters(_ values: [Tensor]) throws {
        for (key, value) in zip(parameterKeys, values) {
            try setState(key, .float(value))
        }
    }

    /// The number of trainable values.
    public var parameterCount: Int { parameters.reduce(0) { $0 + $1.count } }

    // MARK: - Forward and backward

    /// What a forward pass kept for the backward pass: each stage's input and result.
    public struct Trace: Sendable {
        /// `inputs[i]` is stage i's input.
        public var inputs: [Tensor]
        /// `results[i]` is what stage i returned.
        public var results: [ForwardResult]
        /// The mode the pass ran in.
        public var training: Bool
        /// The network's output (the last stage's, or the input for an empty network).
        public var output: Tensor
    }

    /// Runs every stage in order (`model(x)`), keeping what the backward pass needs. Stages may
    /// update their buffers (BatchNorm2d) and draw dropout masks from `context.rng`.
    public mutating func forward(_ input: Tensor, context: inout ForwardContext) throws -> Trace {
        var trace = Trace(inputs: [], results: [], training: context.training, output: input)
        trace.inputs.reserveCapacity(stages.count)
        trace.results.reserveCapacity(stages.count)
        for index in stages.indices {
            try Workload.checkCancelled()
            var stage = stages[index]
            do {
                let result = try stage.forward(trace.output, context: &context)
                trace.inputs.append(trace.output)
                trace.results.append(result)
                trace.output = result.output
            } catch let error as LayerError {
                throw Self.naming(error, stage: index, stage.expression)
            }
            stages[index] = stage
        }
        return trace
    }

    /// The gradients of every trainable parameter (in `parameterKeys` order) from ∂L/∂output,
    /// walking the stages backwards; the network's input gets no gradient (`requires_grad=False`).
    public func backward(_ trace: Trace, gradOutput: Tensor) throws -> [Tensor] {
        try backward(trace, gradOutput: gradOutput, throughInput: false).parameters
    }

    /// ∂L/∂input of the whole network (`x.grad` for an input that requires a gradient), from
    /// ∂L/∂output.
    public func inputGradient(_ trace: Trace, gradOutput: Tensor) throws -> Tensor {
        let result = try backward(trace, gradOutput: gradOutput, throughInput: true)
        return result.input ?? gradOutput
    }

    /// The backward pass: the parameters' gradients, and with `throughInput` the input's.
    private func backward(_ trace: Trace, gradOutput: Tensor, throughInput: Bool) throws
        -> (parameters: [Tensor], input: Tensor?) {
        try checkGradOutputShape(gradOutput, output: trace.output)
        var gradients: [[Tensor]] = Array(repeating: [], count: stages.count)
        var upstream = gradOutput
        // The first stage that has parameters: no stage before it needs a gradient (unless the
        // input's own gradient is asked for).
        let firstTrainable = throughInput ? 0 : stages.firstIndex { !$0.parameterKeys.isEmpty } ?? stages.count
        for index in stages.indices.reversed() where index >= firstTrainable {
            try Workload.checkCancelled()
            let stage = stages[index]
            let result: Gradients
            do {
                result = try stage.backward(input: trace.inputs[index], forward: trace.results[index],
                                            gradOutput: upstream, training: trace.training,
                                            wantsInputGradient: index > firstTrainable || throughInput)
            } catch let error as LayerError {
                throw Self.naming(error, stage: index, stage.expression)
            }
            gradients[index] = try stage.parameterKeys.map { key in
                guard let gradient = result.parameters[key] else {
                    throw LayerError(.runtimeError, "stage \(index), \(stage.expression)", "no gradient for \(key)")
                }
                return gradient
            }
            if let input = result.input { upstream = input }
        }
        return (gradients.flatMap { $0 }, throughInput && !stages.isEmpty ? upstream : nil)
    }
}
