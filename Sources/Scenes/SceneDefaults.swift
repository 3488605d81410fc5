// SceneDefaults: what a scene starts with for each layer — the input shape and pattern (small enough
// to read at 80×24, shaped as the seed examples are), the loss targets, and the views each family
// offers.

import LayerKit

extension Scene {
    /// The input shape a layer is shown with when the user gives none.
    public static func defaultShape(for layer: any Layer) -> [Int] {
        switch layer {
        case let conv as Conv2d: return [1, conv.inChannels, 10, 10]
        case is MaxPool2d, is AvgPool2d: return [1, 2, 10, 10]
        case is AdaptiveMaxPool2d, is AdaptiveAvgPool2d: return [1, 2, 10, 9]
        case let bn as BatchNorm2d: return [4, bn.numFeatures, 6, 6]
        case let linear as Linear: return [4, linear.inFeatures]
        case is Softmax: return [2, 3]
        case is Dropout: return [4, 6]
        case is Dropout2d: return [2, 6, 4, 4]
        case is any Loss: return [3, 5]
        default: return [4, 8]  // activations
        }
    }

    /// The pattern a layer is shown with when the user picks none.
    public static func defaultPattern(for schema: LayerSchema) -> InputPattern {
        switch schema.group {
        case .convolution: return .digit
        case .pooling: return .image
        case .dropout: return .gradient
        default: return .random
        }
    }

    /// The target a loss is shown with: seeded like the input, from a different stream.
    static func defaultTarget(for schema: LayerSchema, input: Tensor, kind: TargetKind, seed: UInt64) throws -> LossTarget {
        var rng = RandomSource(seed: seed &+ 0x7a67)
        try MemoryBudget.reserve(elements: input.count, of: 8, for: "the target", subject: "target")
        guard schema.name == "CrossEntropyLoss" else {
            return .values(try rng.normalTensor(shape: input.shape))
        }
        let classAxis = input.rank == 1 ? 0 : 1
        let classes = input.rank == 0 ? 1 : input.shape[classAxis]
        if kind == .probabilities {
            return .values(softmax(try rng.normalTensor(shape: input.shape), axis: classAxis))
        }
        var shape = input.shape
        if !shape.isEmpty { shape.remove(at: classAxis) }
        let storage = (0..<shape.elementCount).map { _ in Int64(rng.next() % UInt64(Swift.max(1, classes))) }
        return .classes(IndexTensor(shape: shape, storage: storage), dtype: "Long")
    }

    /// The views of each family, the first the default.
    static func views(for schema: LayerSchema) -> [SceneView] {
        switch schema.name {
        case "Conv2d":
            return [SceneView("output", "output feature maps"), SceneView("input", "input channels"),
                    SceneView("kernel", "weights of one output channel"),
                    SceneView("receptive", "the input window one output reads"),
                    SceneView("groups", "which input channels each output sees")]
        case "MaxPool2d":
            return [SceneView("window", "one window over the padded input"), SceneView("output", "input and output"),
                    SceneView("indices", "where each maximum came from")]
        case "AvgPool2d":
            return [SceneView("window", "one window over the padded input"), SceneView("output", "input and output"),
                    SceneView("divisor", "what each output is divided by")]
        case "AdaptiveMaxPool2d", "AdaptiveAvgPool2d":
            return [SceneView("bins", "the input bin of one output"), SceneView("output", "input and output")]
        case "Softmax":
            return [SceneView("bars", "logits and probabilities along dim"), SceneView("maps", "input and output")]
        case "BatchNorm2d":
            return [SceneView("stats", "per-channel mean and variance"), SceneView("running", "running statistics over steps"),
                    SceneView("output", "train and eval output")]
        case "Linear":
            return [SceneView("vectors", "y = x·Wᵀ + b for one row"), SceneView("weights", "the weight matrix")]
        case "Dropout", "Dropout2d":
            return [SceneView("mask", "kept and dropped, and the scaling"), SceneView("output", "input and output")]
        case "CrossEntropyLoss":
            return [SceneView("classes", "probabilities and targets per item"), SceneView("elements", "loss per item"),
                    SceneView("curve", "the loss as one logit sweeps"), SceneView("gradient", "∂loss/∂input")]
        case "L1Loss", "MSELoss":
            return [SceneView("elements", "input, target and loss per element"), SceneView("curve", "the loss as one prediction sweeps"),
                    SceneView("gradient", "∂loss/∂input")]
        default:
            return [SceneView("curve", "f(x) and f′(x)"), SceneView("maps", "input and output")]
        }
    }
}

/// `t.softmax(dim=axis)`, computed by LayerKit's Softmax (PyTorch's kernel) rather than a copy of it.
func softmax(_ t: Tensor, axis: Int) -> Tensor {
    guard var softmax = try? Computation(expression: "nn.Softmax(dim=\(axis))"),
          let result = try? softmax.run(input: t) else { return t }
    return result.output
}
