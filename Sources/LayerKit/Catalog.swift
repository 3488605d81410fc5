// Catalog: every layer LayerScope knows, in the order of PyTorch's documentation, and the one place
// that turns a layer name and its arguments into a layer.

/// The registry of layers.
public enum Catalog {
    /// Every layer type, grouped as in PyTorch's `torch.nn` documentation.
    public static let layerTypes: [any Layer.Type] = [
        // Convolution, Pooling
        Conv2d.self,
        MaxPool2d.self,
        AvgPool2d.self,
        AdaptiveMaxPool2d.self,
        AdaptiveAvgPool2d.self,
        // Non-linear activations
        Sigmoid.self,
        Tanh.self,
        ReLU.self,
        LeakyReLU.self,
        ReLU6.self,
        GELU.self,
        SELU.self,
        // Softmax
        Softmax.self,
        // Normalization, Linear
        BatchNorm2d.self,
        Linear.self,
        // Dropout
        Dropout.self,
        Dropout2d.self,
        // Loss
        L1Loss.self,
        MSELoss.self,
        CrossEntropyLoss.self,
        // Utilities
        Flatten.self,
    ]

    /// Every schema, in catalog order.
    public static var schemas: [LayerSchema] { layerTypes.map { $0.schema } }

    /// The layer type called `name` (PyTorch's class name, e.g. `Conv2d`).
    public static func layerType(named name: String) -> (any Layer.Type)? {
        layerTypes.first { $0.schema.name == name }
    }

    /// Builds a layer from bound arguments, drawing its initial parameters from `rng`.
    public static func make(_ arguments: Arguments, rng: inout RandomSource) throws -> any Layer {
        guard let type = layerType(named: arguments.schema.name) else {
            throw LayerError(.valueError, "layer", "unknown layer '\(arguments.schema.name)'")
        }
        return try type.init(arguments: arguments, rng: &rng)
    }
}
