// Backward: the backward pass of a module — what `loss.backward()` computes for one layer of a
// network: the gradient with respect to its input, and with respect to each of its parameters.
//
// A network (`Sequential`) runs the forward passes in order, keeping each layer's input and
// `ForwardResult`, then walks back from the loss's input gradient, asking each layer for its
// `Gradients`. A layer never keeps what its backward needs beyond what the forward pass returned
// (output, indices, mask) and its own state (weights, Dropout's latest mask).

/// What one layer's backward pass produced.
public struct Gradients: Sendable, Equatable {
    /// ∂L/∂input, with the input's shape (nil when it was not asked for: the first layer of a
    /// network, whose input does not require a gradient).
    public var input: Tensor?
    /// ∂L/∂parameter for each key of `parameterKeys`, with that parameter's shape.
    public var parameters: [String: Tensor]

    public init(input: Tensor?, parameters: [String: Tensor] = [:]) {
        self.input = input
        self.parameters = parameters
    }
}

/// A module LayerKit can backpropagate through: every module of the catalog.
public protocol BackwardModule: Module {
    /// The `state_dict` keys that are trainable parameters, in PyTorch's `named_parameters()` order
    /// (`weight`, `bias`); buffers (`running_mean`, …) are not among them.
    var parameterKeys: [String] { get }

    /// The gradients of one forward pass, given ∂L/∂output (`gradOutput`, the output's shape).
    ///
    /// - Parameters:
    ///   - input: the input of the forward pass.
    ///   - forward: what that pass returned (its output, max pooling's indices, dropout's mask).
    ///   - gradOutput: ∂L/∂output.
    ///   - training: the mode the forward pass ran in (BatchNorm2d differentiates through the
    ///     batch statistics in train mode, through the running ones in eval mode).
    ///   - wantsInputGradient: compute `Gradients.input` (false for a network's first layer).
    func backward(input: Tensor, forward: ForwardResult, gradOutput: Tensor, training: Bool,
                  wantsInputGradient: Bool) throws -> Gradients
}

extension BackwardModule {
    /// No trainable parameters.
    public var parameterKeys: [String] { [] }
}

/// Throws unless `gradOutput` has the shape of the forward pass's output (an internal check of a
/// network's bookkeeping; PyTorch's `backward` raises the same kind of error).
func checkGradOutputShape(_ gradOutput: Tensor, output: Tensor) throws {
    try check(gradOutput.shape == output.shape, .runtimeError, "grad_output",
              "Mismatch in shape: grad_output[0] has a shape of \(gradOutput.shape.torchSize) and output[0] "
                  + "has a shape of \(output.shape.torchSize).")
}
