// Layer: the protocols every LayerKit module conforms to, and the values they exchange.
//
// A layer is a value type built from its bound `Arguments` (the schema in the catalog is the single
// description of its parameters). Modules map an input tensor to an output; losses map an input
// and a target to a loss. Randomness (initialisation, dropout) comes from an injected RandomSource.

/// A parameter or buffer of a layer's `state_dict`.
public enum StateValue: Sendable, Equatable {
    case float(Tensor)
    /// An int64 buffer, e.g. `num_batches_tracked` (shape `[]`).
    case int(IndexTensor)

    /// The shape of the value.
    public var shape: [Int] {
        switch self {
        case .float(let t): return t.shape
        case .int(let t): return t.shape
        }
    }
}

/// Anything LayerScope can build from the catalog.
public protocol Layer: Sendable {
    /// The layer's constructor signature.
    static var schema: LayerSchema { get }

    /// The arguments the layer was built from (defaults filled in).
    var arguments: Arguments { get }

    /// Builds the layer, running the checks PyTorch runs in `__init__` and drawing initial
    /// parameters from `rng` (PyTorch's default initialisation).
    init(arguments: Arguments, rng: inout RandomSource) throws

    /// The keys of `state_dict()`, in PyTorch's order (empty for stateless layers).
    var stateKeys: [String] { get }

    /// The current value of a `state_dict` entry (nil for an unknown key or a `None` buffer).
    func state(_ key: String) -> StateValue?

    /// Replaces a `state_dict` entry; throws when the key is unknown or the shape differs.
    mutating func setState(_ key: String, _ value: StateValue) throws

    /// Whether the layer can return the positions its outputs came from (`IndexReturningModule`).
    static var returnsIndices: Bool { get }
}

extension Layer {
    public var stateKeys: [String] { [] }
    public func state(_ key: String) -> StateValue? { nil }
    public mutating func setState(_ key: String, _ value: StateValue) throws {
        throw LayerError(.runtimeError, key, "\(Self.schema.name) has no parameter or buffer '\(key)'")
    }

    public static var returnsIndices: Bool { false }

    /// The shortest constructor expression that rebuilds this layer, e.g. `nn.MaxPool2d(3, stride=2)`.
    public var expression: String { arguments.expression }
}

/// Per-call settings of a forward pass.
public struct ForwardContext: Sendable {
    /// `module.train()` (true, PyTorch's initial mode) or `module.eval()` (false).
    public var training: Bool
    /// The generator dropout masks are drawn from.
    public var rng: RandomSource
    /// PyTorch `UserWarning`s the call would emit, in order (e.g. Softmax's implicit dim).
    public var warnings: [String] = []

    public init(training: Bool = true, rng: RandomSource = RandomSource(seed: 0)) {
        self.training = training
        self.rng = rng
    }
}

/// What a module's forward pass produced.
public struct ForwardResult: Sendable, Equatable {
    /// The output tensor (for max pools with `return_indices`, the first element of the tuple).
    public var output: Tensor
    /// Max pooling's argmax positions, `row·W + col` within each plane of the input.
    public var indices: IndexTensor?
    /// Dropout's scaled mask (0 or 1/(1−p)), shaped as the draws were made: the input's shape for
    /// Dropout, `(N, C, 1, 1)` for Dropout2d (or `(d0, d1, 1)` for a 3-D input).
    public var mask: Tensor?

    public init(output: Tensor, indices: IndexTensor? = nil, mask: Tensor? = nil) {
        self.output = output
        self.indices = indices
        self.mask = mask
    }
}

/// A module: input tensor → output tensor.
public protocol Module: Layer {
    /// The forward pass (`module(input)`); may update buffers (BatchNorm2d's running statistics).
    ///
    /// Throws the error PyTorch raises for an invalid input or parameter.
    mutating func forward(_ input: Tensor, context: inout ForwardContext) throws -> ForwardResult
}

/// A module that can also return where each output value came from: the max pools. PyTorch returns
/// `(output, indices)` when built with `return_indices=True`; `ForwardResult.indices` always holds
/// them.
public protocol IndexReturningModule: Module {
    /// `return_indices`: PyTorch's call returns the tuple `(output, indices)`.
    var returnIndices: Bool { get }
}

extension IndexReturningModule {
    public static var returnsIndices: Bool { true }
}

/// A module without parameters whose gradient depends only on its input, output and incoming
/// gradient: the activations, Softmax and the dropouts.
public protocol DifferentiableModule: BackwardModule {
    /// ∂L/∂input given ∂L/∂output (`gradOutput`), the input and the output of the forward pass.
    func inputGradient(input: Tensor, output: Tensor, gradOutput: Tensor) throws -> Tensor
}

extension DifferentiableModule {
    /// The input gradient alone (these modules have no parameters).
    public func backward(input: Tensor, forward: ForwardResult, gradOutput: Tensor, training: Bool,
                         wantsInputGradient: Bool) throws -> Gradients {
        guard wantsInputGradient else { return Gradients(input: nil) }
        return Gradients(input: try inputGradient(input: input, output: forward.output, gradOutput: gradOutput))
    }
}

/// The target a loss compares its input with, keeping PyTorch's dtype distinction.
public enum LossTarget: Sendable, Equatable {
    /// A floating-point tensor (regression targets, class probabilities).
    case values(Tensor)
    /// An integer tensor (class indices); `dtype` is PyTorch's name for it: `Long`, `Int`, `Byte`.
    case classes(IndexTensor, dtype: String)

    /// The target's shape.
    public var shape: [Int] {
        switch self {
        case .values(let t): return t.shape
        case .classes(let t, _): return t.shape
        }
    }

    /// The target as floats (integer targets converted), for losses that promote dtypes.
    public var asFloat: Tensor {
        switch self {
        case .values(let t): return t
        case .classes(let t, _): return Tensor(shape: t.shape, storage: t.storage.map { Float($0) })
        }
    }
}

/// A loss: (input, target) → loss, with its gradient with respect to the input.
public protocol Loss: Layer {
    /// The loss (`loss_fn(input, target)`): a rank-0 tensor for 'mean'/'sum', the elementwise or
    /// per-item losses for 'none'. Appends PyTorch's warnings (e.g. broadcasting) to `warnings`.
    func forward(_ input: Tensor, target: LossTarget, warnings: inout [String]) throws -> Tensor

    /// ∂loss/∂input, as `loss.backward()` computes it (for 'none', with a gradient of ones).
    func inputGradient(_ input: Tensor, target: LossTarget) throws -> Tensor
}
