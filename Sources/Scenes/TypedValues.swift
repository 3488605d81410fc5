// TypedValues: numbers a user types instead of a pattern — an input's values (`:values 2.0, 1.0,
// 0.1`, `render --values`), a loss's target (`:target …`, `render --target-values`) — and classic
// filters set as one output channel's weights of a Conv2d (`:kernel sobel-x`, `render --kernel`),
// so that a learner can see what a known kernel does to the digit or the image.

import LayerKit

/// A classic filter for a convolution's output channel.
public enum KernelPreset: String, Sendable, CaseIterable {
    case identity, box, gauss
    case sobelX = "sobel-x", sobelY = "sobel-y", laplace

    /// The most values a user may type for a tensor.
    public static let typedLimit = 64

    /// `name` as a preset, or an error listing them; `random` (the default initialisation) is nil.
    public static func parse(_ name: String, option: String) throws -> KernelPreset? {
        let text = name.trimmingBlanks
        if text == "random" { return nil }
        guard let preset = KernelPreset(rawValue: text) else {
            throw SceneError("\(option): expected one of " + (allCases.map(\.rawValue) + ["random"]).joined(separator: ", ")
                             + "; got '\(text)'")
        }
        return preset
    }

    /// The kH × kW weights, row-major, or an error naming kernel_size when the filter has no such size.
    public func weights(height: Int, width: Int) throws -> [Float] {
        guard height > 0, width > 0, height <= 64, width <= 64 else {
            throw SceneError("kernel_size: a typed kernel needs sizes from 1 to 64, got (\(height), \(width))")
        }
        let count = height * width
        switch self {
        case .identity:
            var w = [Float](repeating: 0, count: count)
            w[(height / 2) * width + width / 2] = 1
            return w
        case .box:
            return [Float](repeating: 1 / Float(count), count: count)
        case .gauss:
            // σ from the size (as common image libraries choose it), normalised to sum 1.
            func sigma(_ k: Int) -> Double { 0.3 * ((Double(k) - 1) * 0.5 - 1) + 0.8 }
            var w: [Double] = []
            for r in 0..<height {
                for c in 0..<width {
                    let dy = Double(r) - Double(height - 1) / 2, dx = Double(c) - Double(width - 1) / 2
                    w.append(exp(-(dy * dy) / (2 * sigma(height) * sigma(height)) - (dx * dx) / (2 * sigma(width) * sigma(width))))
                }
            }
            let total = w.reduce(0, +)
            return w.map { Float($0 / total) }
        case .sobelX, .sobelY, .laplace:
            guard height == 3, width == 3 else {
                throw SceneError("kernel_size: \(rawValue) is a 3×3 filter; this Conv2d's kernel is \(height)×\(width)")
            }
            switch self {
            case .sobelX: return [-1, 0, 1, -2, 0, 2, -1, 0, 1]
            case .sobelY: return [-1, -2, -1, 0, 0, 0, 1, 2, 1]
            default: return [0, 1, 0, 1, -4, 1, 0, 1, 0]
            }
        }
    }
}

extension SceneState {
    /// `2.0, 1.0, -1e-3` (brackets allowed) → the numbers, at most `KernelPreset.typedLimit`;
    /// `option` names the setting in the error.
    public static func parseValues(_ text: String, option: String) throws -> [Float] {
        let inner = text.trimmingBlanks.trimmingCharacters(in: ["[", "]", "(", ")"])
        guard !inner.trimmingBlanks.isEmpty else {
            throw SceneError("\(option): type the numbers separated by commas, such as 2.0, 1.0, 0.1")
        }
        let call: ConstructorCall
        do {
            call = try ConstructorCall(parsing: "nn.Values(" + inner + ")")
        } catch let error as ExpressionError {
            throw SceneError("\(option): \(error.message)")
        }
        guard call.keywords.isEmpty else {
            throw SceneError("\(option): type numbers only, such as 2.0, 1.0, 0.1")
        }
        var values: [Float] = []
        for value in call.positional {
            switch value {
            case .int(let i): values.append(Float(i))
            case .float(let f): values.append(Float(f))
            default: throw SceneError("\(option): \(value.pythonRepr) is not a number")
            }
        }
        guard values.count <= KernelPreset.typedLimit else {
            throw SceneError("\(option): at most \(KernelPreset.typedLimit) values can be typed, got \(values.count); use a .npy file (o) for more")
        }
        return values
    }
}

extension Scene {
    /// The input with the typed values laid over `shape`, or an error for a wrong count.
    static func typedInput(_ values: [Float], shape: [Int]) throws -> Tensor {
        guard values.count == shape.elementCount else {
            throw SceneError("values: the input \(shapeText(shape)) takes \(shape.elementCount) numbers, got \(values.count)")
        }
        return Tensor(shape: shape, storage: values)
    }

    /// The loss target with the typed values: class indices (whole numbers in range) for a
    /// class-index target, else floats of the target's shape.
    static func typedTarget(_ values: [Float], replacing target: LossTarget) throws -> LossTarget {
        switch target {
        case .classes(let t, let dtype):
            guard values.count == t.count else {
                throw SceneError("target: the classes \(shapeText(t.shape)) take \(t.count) class indices, got \(values.count)")
            }
            guard let bad = values.first(where: { $0 != $0.rounded() }) else {
                return .classes(IndexTensor(shape: t.shape, storage: values.map { Int64($0) }), dtype: dtype)
            }
            throw SceneError("target: class indices are whole numbers, got \(bad)")
        case .values(let t):
            guard values.count == t.count else {
                throw SceneError("target: the target \(shapeText(t.shape)) takes \(t.count) numbers, got \(values.count)")
            }
            return .values(Tensor(shape: t.shape, storage: values))
        }
    }

    /// Sets `preset` as output channel `channel`'s weights (every input channel of its group) and
    /// that channel's bias to 0.
    static func applyKernel(_ preset: KernelPreset, channel: Int, to computation: inout Computation) throws {
        guard let conv = computation.layer as? Conv2d else {
            throw SceneError("kernel: only a Conv2d has a kernel to set")
        }
        let oc = channel.wrapped(into: Swift.max(1, conv.outChannels))
        let plane = try preset.weights(height: conv.kernelSize.height, width: conv.kernelSize.width)
        var weight = conv.weight
        let perChannel = weight.count / Swift.max(1, conv.outChannels)
        for i in 0..<(perChannel / Swift.max(1, plane.count)) {
            let start = oc * perChannel + i * plane.count
            weight.storage.replaceSubrange(start..<(start + plane.count), with: plane)
        }
        try computation.setState("weight", .float(weight))
        if var bias = conv.bias {
            bias.storage[oc] = 0
            try computation.setState("bias", .float(bias))
        }
    }
}
