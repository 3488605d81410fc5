// Optimizers: torch.optim's SGD, Adam and AdamW — their signatures, defaults and validation
// messages, and their update rules as PyTorch's single-tensor (CPU) implementations apply them, in
// float32 and in PyTorch's order of operations, including the first step's momentum buffer.

/// An optimiser: `optimizer.step()` over a network's parameters.
public protocol Optimizer: Sendable {
    /// The shortest expression that rebuilds it, e.g. `torch.optim.SGD(lr=0.1, momentum=0.9)`.
    var expression: String { get }
    /// The learning rate (for progress displays).
    var learningRate: Double { get }
    /// One `optimizer.step()`: updates `parameters` in place from `gradients` (same count, order and
    /// shapes on every call; per-parameter state — momentum buffers, moments — is kept by index).
    mutating func step(_ parameters: inout [Tensor], gradients: [Tensor]) throws
}

/// The optimisers LayerScope knows, built from their expressions.
public enum Optimizers {
    /// Their names, as in `torch.optim`.
    public static let names = ["SGD", "Adam", "AdamW"]

    /// Parses `torch.optim.SGD(lr=0.1, momentum=0.9)`, `optim.Adam(lr=1e-3, betas=(0.9, 0.99))` or
    /// `AdamW(...)`. The parameters are implicit (the network's), but a first positional
    /// `model.parameters()` or `params` is accepted and ignored.
    ///
    /// Throws `ExpressionError` for syntax, `LayerError` with PyTorch's class and message for a bad
    /// value (`ValueError: Invalid learning rate: -0.1`) or an unknown keyword (TypeError).
    public static func parse(_ text: String) throws -> any Optimizer {
        let (trimmed, hadParams) = strippingParams(text)
        let call = try ConstructorCall(parsingOptimizer: trimmed)
        guard let signature = OptimizerSignature.all.first(where: { $0.name == call.name }) else {
            var message = "unknown optimiser '\(call.name)'"
            if let close = names.first(where: { $0.lowercased() == call.name.lowercased() }) {
                message += "; did you mean '\(close)'?"
            } else {
                message += "; known optimisers: " + names.map { "torch.optim.\($0)" }.joined(separator: ", ")
            }
            throw LayerError(.valueError, "optimizer", message)
        }
        let values = try signature.bind(call, skippedParams: hadParams)
        switch call.name {
        case "SGD": return try SGD(values)
        default: return try Adam(values, decoupled: call.name == "AdamW")
        }
    }

    /// `Name(model.parameters(), …)` or `Name(params, …)` without that first argument.
    static func strippingParams(_ text: String) -> (String, Bool) {
        guard let open = text.firstIndex(of: "(") else { return (text, false) }
        let rest = text[text.index(after: open)...]
        let body = rest.drop { $0 == " " }
        for prefix in ["model.parameters()", "params", "net.parameters()"] where body.hasPrefix(prefix) {
            var after = body.dropFirst(prefix.count).drop { $0 == " " }
            if after.first == "," { after = after.dropFirst() } else if after.first != ")" { continue }
            return (String(text[...open]) + after, true)
        }
        return (text, false)
    }
}

/// One optimiser's signature: its parameters (after `params`) with their defaults.
struct OptimizerSignature {
    var name: String
    var parameters: [(name: String, defaultValue: ParamValue, keywordOnly: Bool)]

    static let all = [
        OptimizerSignature(name: "SGD", parameters: [
            ("lr", .float(0.001), false), ("momentum", .int(0), false), ("dampening", .int(0), false),
            ("weight_decay", .int(0), false), ("nesterov", .bool(false), false), ("maximize", .bool(false), true),
        ]),
        OptimizerSignature(name: "Adam", parameters: [
            ("lr", .float(0.001), false), ("betas", .tuple([.float(0.9), .float(0.999)]), false),
            ("eps", .float(1e-08), false), ("weight_decay", .int(0), false), ("amsgrad", .bool(false), false),
            ("maximize", .bool(false), true),
        ]),
        OptimizerSignature(name: "AdamW", parameters: [
            ("lr", .float(0.001), false), ("betas", .tuple([.float(0.9), .float(0.999)]), false),
            ("eps", .float(1e-08), false), ("weight_decay", .float(0.01), false), ("amsgrad", .bool(false), false),
            ("maximize", .bool(false), true),
        ]),
    ]

    /// Binds positional then keyword arguments to the parameters, with Python's errors; the result
    /// has every parameter, defaults filled in, in signature order.
    func bind(_ call: ConstructorCall, skippedParams: Bool) throws -> [(name: String, value: ParamValue, given: Bool)] {
        var values = parameters.map { (name: $0.name, value: $0.defaultValue, given: false) }
        let positional = parameters.filter { !$0.keywordOnly }
        let allowed = positional.count + 1
        guard call.positional.count <= positional.count else {
            throw LayerError(.typeError, "optimizer",
                             "\(name).__init__() takes from 2 to \(allowed + 1) positional arguments but "
                                 + "\(call.positional.count + (skippedParams ? 2 : 1) + 1) were given")
        }
        if !skippedParams, !call.positional.isEmpty {
            // The first positional argument is params in PyTorch; here they are implicit.
            throw LayerError(.typeError, "params",
                             "the parameters are the model's: leave params out, or write model.parameters()")
        }
        for (index, value) in call.positional.enumerated() {
            values[index].value = value
            values[index].given = true
        }
        for (key, value) in call.keywords {
            guard let index = parameters.firstIndex(where: { $0.name == key }) else {
                let known = ["foreach", "differentiable", "fused", "capturable"]
                if known.contains(key) {
                    throw LayerError(.valueError, key, "\(key) selects PyTorch's implementation; LayerScope has one (the single-tensor one)")
                }
                throw LayerError(.typeError, key, "\(name).__init__() got an unexpected keyword argument '\(key)'")
            }
            if values[index].given {
                throw LayerError(.typeError, key, "\(name).__init__() got multiple values for argument '\(key)'")
            }
            values[index].value = value
            values[index].given = true
        }
        return values
    }
}

/// A bound optimiser argument as a number, with Python's comparison error for anything else.
private func number(_ values: [(name: String, value: ParamValue, given: Bool)], _ name: String) throws -> Double {
    let value = values.first { $0.name == name }!.value
    switch value {
    case .int(let i): return Double(i)
    case .float(let d): return d
    case .bool(let b): return b ? 1 : 0
    default:
        throw LayerError(.typeError, name, "'<' not supported between instances of '\(value.pythonTypeName)' and 'float'")
    }
}

/// A bound flag: Python tests its truth.
private func flag(_ values: [(name: String, value: ParamValue, given: Bool)], _ name: String) -> Bool {
    switch values.first(where: { $0.name == name })!.value {
    case .bool(let b): return b
    case .int(let i): return i != 0
    case .float(let d): return d != 0
    case .none: return false
    case .string(let s): return !s.isEmpty
    case .tuple(let t): return !t.isEmpty
    default: return true
    }
}

/// The expression of an optimiser: its name and the arguments that differ from the defaults.
private func optimizerExpression(_ name: String, _ values: [(name: String, value: ParamValue, given: Bool)]) -> String {
    let defaults = OptimizerSignature.all.first { $0.name == name }!.parameters
    let changed = zip(values, defaults).filter { $0.0.value.pythonRepr != $0.1.defaultValue.pythonRepr }
    return "torch.optim.\(name)(" + changed.map { "\($0.0.name)=\($0.0.value.pythonRepr)" }.joined(separator: ", ") + ")"
}

// MARK: - SGD

/// `torch.optim.SGD(params, lr=0.001, momentum=0, dampening=0, weight_decay=0, nesterov=False, *,
/// maximize=False)`:
///
///     g = ∇ (−∇ with maximize) + weight_decay·p
///     b = g on the first step, else momentum·b + (1 − dampening)·g      (with momentum ≠ 0)
///     g = g + momentum·b with nesterov, else b
///     p = p − lr·g
public struct SGD: Optimizer {
    public let lr: Double, momentum: Double, dampening: Double, weightDecay: Double
    public let nesterov: Bool, maximize: Bool
    public let expression: String
    /// The momentum buffers, one per parameter, made on the first step.
    private var buffers: [[Float]?] = []

    public var learningRate: Double { lr }

    init(_ values: [(name: String, value: ParamValue, given: Bool)]) throws {
        lr = try number(values, "lr")
        momentum = try number(values, "momentum")
        dampening = try number(values, "dampening")
        weightDecay = try number(values, "weight_decay")
        nesterov = flag(values, "nesterov")
        maximize = flag(values, "maximize")
        func text(_ name: String) -> String { values.first { $0.name == name }!.value.pythonStr }
        try check(!(lr < 0), .valueError, "lr", "Invalid learning rate: \(text("lr"))")
        try check(!(momentum < 0), .valueError, "momentum", "Invalid momentum value: \(text("momentum"))")
        try check(!(weightDecay < 0), .valueError, "weight_decay", "Invalid weight_decay value: \(text("weight_decay"))")
        try check(!(nesterov && (momentum <= 0 || dampening != 0)), .valueError, "nesterov",
                  "Nesterov momentum requires a momentum and zero dampening")
        expression = optimizerExpression("SGD", values)
    }

    public mutating func step(_ parameters: inout [Tensor], gradients: [Tensor]) throws {
        try checkStep(parameters, gradients)
        if buffers.count != parameters.count { buffers = Array(repeating: nil, count: parameters.count) }
        let (lr, wd, mu) = (Float(lr), Float(weightDecay), Float(momentum))
        let keep = Float(1 - dampening)
        for i in parameters.indices {
            var g = gradients[i].storage
            if maximize { for k in g.indices { g[k] = -g[k] } }
            if weightDecay != 0 { for k in g.indices { g[k] += wd * parameters[i].storage[k] } }
            if momentum != 0 {
                if var b = buffers[i] {
                    for k in b.indices { b[k] = b[k] * mu + keep * g[k] }
                    buffers[i] = b
                } else {
                    buffers[i] = g  // the first step's buffer is the gradient itself, not damped
                }
                let b = buffers[i]!
                if nesterov {
                    for k in g.indices { g[k] += mu * b[k] }
                } else {
                    g = b
                }
            }
            parameters[i].storage.withUnsafeMutableBufferPointer { p in
                for k in p.indices { p[k] += -lr * g[k] }
            }
        }
    }
}

// MARK: - Adam and AdamW

/// `torch.optim.Adam(params, lr=0.001, betas=(0.9, 0.999), eps=1e-08, weight_decay=0, amsgrad=False,
/// *, maximize=False)`, and `AdamW` (the same with `weight_decay=0.01` applied to the parameter, not
/// the gradient):
///
///     g = ∇ (−∇ with maximize);  Adam: g = g + weight_decay·p;  AdamW: p = p·(1 − lr·weight_decay)
///     m = m + (1 − β1)(g − m)           v = β2·v + (1 − β2)·g²        (amsgrad: v̂ = max(v̂, v))
///     p = p − lr/(1 − β1ᵗ) · m / (√v / √(1 − β2ᵗ) + eps)
public struct Adam: Optimizer {
    public let lr: Double, beta1: Double, beta2: Double, eps: Double, weightDecay: Double
    public let amsgrad: Bool, maximize: Bool
    /// AdamW: the weight decay is decoupled from the gradient.
    public let decoupled: Bool
    public let expression: String
    private var steps = 0
    private var firstMoments: [[Float]] = []
    private var secondMoments: [[Float]] = []
    private var maxSecondMoments: [[Float]] = []

    public var learningRate: Double { lr }

    init(_ values: [(name: String, value: ParamValue, given: Bool)], decoupled: Bool) throws {
        self.decoupled = decoupled
        lr = try number(values, "lr")
        eps = try number(values, "eps")
        weightDecay = try number(values, "weight_decay")
        amsgrad = flag(values, "amsgrad")
        maximize = flag(values, "maximize")
        let betas = values.first { $0.name == "betas" }!.value
        guard case .tuple(let pair) = betas, pair.count == 2 else {
            throw LayerError(.valueError, "betas", "betas must be a pair of floats, e.g. (0.9, 0.999); got \(betas.pythonRepr)")
        }
        let betaValues = try pair.map { item -> Double in
            switch item {
            case .int(let i): return Double(i)
            case .float(let d): return d
            default: throw LayerError(.typeError, "betas", "'<=' not supported between instances of 'float' and '\(item.pythonTypeName)'")
            }
        }
        beta1 = betaValues[0]
        beta2 = betaValues[1]
        func text(_ name: String) -> String { values.first { $0.name == name }!.value.pythonStr }
        try check(0 <= lr, .valueError, "lr", "Invalid learning rate: \(text("lr"))")
        try check(0 <= eps, .valueError, "eps", "Invalid epsilon value: \(text("eps"))")
        try check(0 <= beta1 && beta1 < 1, .valueError, "betas", "Invalid beta parameter at index 0: \(pair[0].pythonStr)")
        try check(0 <= beta2 && beta2 < 1, .valueError, "betas", "Invalid beta parameter at index 1: \(pair[1].pythonStr)")
        try check(0 <= weightDecay, .valueError, "weight_decay", "Invalid weight_decay value: \(text("weight_decay"))")
        expression = optimizerExpression(decoupled ? "AdamW" : "Adam", values)
    }

    public mutating func step(_ parameters: inout [Tensor], gradients: [Tensor]) throws {
        try checkStep(parameters, gradients)
        if firstMoments.count != parameters.count {
            firstMoments = parameters.map { [Float](repeating: 0, count: $0.count) }
            secondMoments = firstMoments
            maxSecondMoments = amsgrad ? firstMoments : []
        }
        steps += 1
        // The scalars as PyTorch computes them: Python floats, then float32 where they meet a tensor.
        let t = Double(steps)
        let biasCorrection1 = 1 - _pow(beta1, t)
        let biasCorrection2 = 1 - _pow(beta2, t)
        let stepSize = Float(lr / biasCorrection1)
        let correction2Root = Float(biasCorrection2.squareRoot())
        let (b1Weight, b2, b2Weight) = (Float(1 - beta1), Float(beta2), Float(1 - beta2))
        let (epsilon, decay, shrink) = (Float(eps), Float(weightDecay), Float(1 - lr * weightDecay))
        for i in parameters.indices {
            let gradient = gradients[i].storage
            parameters[i].storage.withUnsafeMutableBufferPointer { p in
                firstMoments[i].withUnsafeMutableBufferPointer { m in
                    secondMoments[i].withUnsafeMutableBufferPointer { v in
                        for k in p.indices {
                            var g = maximize ? -gradient[k] : gradient[k]
                            if weightDecay != 0 {
                                if decoupled { p[k] *= shrink } else { g += decay * p[k] }
                            }
                            m[k] += b1Weight * (g - m[k])  // lerp with a weight below ½
                            v[k] = v[k] * b2 + b2Weight * (g * g)
                            var second = v[k]
                            if amsgrad {
                                second = Swift.max(maxSecondMoments[i][k], second)
                                maxSecondMoments[i][k] = second
                            }
                            let denominator = second.squareRoot() / correction2Root + epsilon
                            p[k] += -stepSize * (m[k] / denominator)
                        }
                    }
                }
            }
        }
    }
}

/// The parameters and gradients one step is given must agree.
private func checkStep(_ parameters: [Tensor], _ gradients: [Tensor]) throws {
    try check(parameters.count == gradients.count, .runtimeError, "gradients",
              "\(parameters.count) parameters but \(gradients.count) gradients")
    for (p, g) in zip(parameters, gradients) {
        try check(p.shape == g.shape, .runtimeError, "gradients",
                  "a gradient of shape \(g.shape.torchList) for a parameter of shape \(p.shape.torchList)")
    }
}
