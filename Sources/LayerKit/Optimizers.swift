// Optimizers: torch.optim's SGD, Adam and AdamW — read from their constructor expressions with
// PyTorch's signatures, defaults and errors, and stepped as PyTorch steps them on the CPU.
//
// `torch.optim.SGD(lr=0.1, momentum=0.9)` is bound the way Python binds the call (the parameters
// implicit: they are the network's), then checked in the order and with the words of PyTorch's
// `__init__` (`ValueError: Invalid learning rate: -0.1`). A step follows `_single_tensor_sgd` and
// `_single_tensor_adam`, the implementations PyTorch uses for CPU tensors, in float32 and in their
// order of operations: the scalars are Python floats (doubles) until they meet a tensor, and the
// steps PyTorch's CPU kernels fuse (`add(…, alpha=)`, `addcmul`, `lerp`) are fused here too. About
// 99% of the values then come out bit for bit as PyTorch's; the rest differ in the last bit, where
// PyTorch's vectorised `sqrt` is not correctly rounded.
//
// The keywords that choose among PyTorch's implementations (`foreach`, `fused`, `differentiable`)
// are accepted, checked as PyTorch checks them, and change nothing. Two errors PyTorch raises only
// at the first step are raised at construction: a `dampening` that is not a number (with momentum)
// and `capturable=True` (which needs an accelerator).

/// An optimiser: `optimizer.step()` over a network's parameters.
public protocol Optimizer: Sendable {
    /// The shortest expression that rebuilds it, e.g. `torch.optim.SGD(lr=0.1, momentum=0.9)`.
    var expression: String { get }
    /// The learning rate (for progress displays).
    var learningRate: Double { get }
    /// One `optimizer.step()`: updates `parameters` in place from `gradients` (same count, order and
    /// shapes on every call; per-parameter state — momentum buffers, exp_avg… — is kept by index).
    mutating func step(_ parameters: inout [Tensor], gradients: [Tensor]) throws
}

/// The optimisers of `torch.optim` that LayerScope has.
public enum Optimizers {
    /// Their class names in `torch.optim`.
    public static let names = ["SGD", "Adam", "AdamW"]

    /// Parses `torch.optim.SGD(lr=0.1, momentum=0.9)`, `optim.Adam(lr=1e-3, betas=(0.9, 0.99))`,
    /// `AdamW(...)`; params are implicit, but a first positional `model.parameters()` or `params` is
    /// accepted and ignored.
    ///
    /// Throws `ExpressionError` for syntax errors, and `LayerError` with PyTorch's class and message
    /// for arguments PyTorch rejects (`TypeError` for an unknown keyword, `ValueError` for a negative
    /// learning rate, …) and for an unknown optimiser (`ValueError`, listing the known ones).
    public static func parse(_ text: String) throws -> any Optimizer {
        let call = try ConstructorCall(parsingOptimizer: text)
        guard let signature = OptimizerSignature.all.first(where: { $0.name == call.name }) else {
            var message = "unknown optimiser '\(call.name)'"
            if let close = names.first(where: { $0.lowercased() == call.name.lowercased() }) {
                message += "; did you mean '\(close)'?"
            } else {
                message += "; known optimisers: " + names.joined(separator: ", ")
            }
            throw LayerError(.valueError, "optimizer", message)
        }
        let arguments = try signature.bind(call)
        switch signature.name {
        case "SGD": return try SGD(arguments)
        default: return try Adam(arguments)
        }
    }
}

// MARK: - Signatures and binding

/// One optimiser's `__init__`: its parameters after `params`, in order, with their defaults.
struct OptimizerSignature: Sendable {
    struct Parameter: Sendable {
        var name: String
        var defaultValue: ParamValue
        /// After `*` in the signature.
        var keywordOnly = false
        /// Chooses among PyTorch's implementations (`foreach`, `fused`, …) without changing the
        /// update: checked as PyTorch checks it, otherwise ignored, and never printed.
        var implementationChoice = false
    }

    var name: String
    var parameters: [Parameter]

    static let sgd = OptimizerSignature(name: "SGD", parameters: [
        Parameter(name: "lr", defaultValue: .float(0.001)),
        Parameter(name: "momentum", defaultValue: .int(0)),
        Parameter(name: "dampening", defaultValue: .int(0)),
        Parameter(name: "weight_decay", defaultValue: .int(0)),
        Parameter(name: "nesterov", defaultValue: .bool(false)),
        Parameter(name: "maximize", defaultValue: .bool(false), keywordOnly: true),
        Parameter(name: "foreach", defaultValue: .none, keywordOnly: true, implementationChoice: true),
        Parameter(name: "differentiable", defaultValue: .bool(false), keywordOnly: true, implementationChoice: true),
        Parameter(name: "fused", defaultValue: .none, keywordOnly: true, implementationChoice: true),
    ])

    static let adam = OptimizerSignature(name: "Adam", parameters: [
        Parameter(name: "lr", defaultValue: .float(0.001)),
        Parameter(name: "betas", defaultValue: .tuple([.float(0.9), .float(0.999)])),
        Parameter(name: "eps", defaultValue: .float(1e-08)),
        Parameter(name: "weight_decay", defaultValue: .int(0)),
        Parameter(name: "amsgrad", defaultValue: .bool(false)),
        Parameter(name: "foreach", defaultValue: .none, keywordOnly: true, implementationChoice: true),
        Parameter(name: "maximize", defaultValue: .bool(false), keywordOnly: true),
        Parameter(name: "capturable", defaultValue: .bool(false), keywordOnly: true, implementationChoice: true),
        Parameter(name: "differentiable", defaultValue: .bool(false), keywordOnly: true, implementationChoice: true),
        Parameter(name: "fused", defaultValue: .none, keywordOnly: true, implementationChoice: true),
        Parameter(name: "decoupled_weight_decay", defaultValue: .bool(false), keywordOnly: true),
    ])

    /// AdamW: Adam with `weight_decay=0.01` and the decay decoupled (no keyword to turn that off).
    static let adamW = OptimizerSignature(name: "AdamW", parameters: [
        Parameter(name: "lr", defaultValue: .float(0.001)),
        Parameter(name: "betas", defaultValue: .tuple([.float(0.9), .float(0.999)])),
        Parameter(name: "eps", defaultValue: .float(1e-08)),
        Parameter(name: "weight_decay", defaultValue: .float(0.01)),
        Parameter(name: "amsgrad", defaultValue: .bool(false)),
        Parameter(name: "maximize", defaultValue: .bool(false), keywordOnly: true),
        Parameter(name: "foreach", defaultValue: .none, keywordOnly: true, implementationChoice: true),
        Parameter(name: "capturable", defaultValue: .bool(false), keywordOnly: true, implementationChoice: true),
        Parameter(name: "differentiable", defaultValue: .bool(false), keywordOnly: true, implementationChoice: true),
        Parameter(name: "fused", defaultValue: .none, keywordOnly: true, implementationChoice: true),
    ])

    static let all = [sgd, adam, adamW]

    /// Binds `call` the way Python binds `Name(params, …)`, with Python's `TypeError`s for too many
    /// positional arguments, unknown keywords and repeated ones. The parameters themselves may be
    /// left out; when they are, a first positional value *is* `params` to Python, and is kept as such.
    func bind(_ call: ConstructorCall) throws -> OptimizerArguments {
        let callee = "\(name).__init__()"
        var values = parameters.map(\.defaultValue)
        var given = [Bool](repeating: false, count: parameters.count)
        var params: OptimizerArguments.Params = call.parametersArgument.map { .reference($0) } ?? .implicit
        var positional = call.positional[...]
        if params == .implicit, let first = positional.first {
            params = .value(first)
            positional = positional.dropFirst()
        }
        let positionalSpecs = parameters.filter { !$0.keywordOnly }
        if positional.count > positionalSpecs.count {
            // Python counts self and params: `takes from 2 to 7 positional arguments but 8 were given`.
            throw LayerError(.typeError, "arguments",
                             "\(callee) takes from 2 to \(positionalSpecs.count + 2) positional arguments "
                                 + "but \(positional.count + 2) were given")
        }
        for (index, value) in positional.enumerated() {
            values[index] = value
            given[index] = true
        }
        for (key, value) in call.keywords {
            if key == "params" {
                guard params == .implicit else {
                    throw LayerError(.typeError, key, "\(callee) got multiple values for argument 'params'")
                }
                if case .string(let reference) = value { params = .reference(reference) } else { params = .value(value) }
                continue
            }
            guard let index = parameters.firstIndex(where: { $0.name == key }) else {
                throw LayerError(.typeError, key, "\(callee) got an unexpected keyword argument '\(key)'")
            }
            if given[index] {
                throw LayerError(.typeError, key, "\(callee) got multiple values for argument '\(key)'")
            }
            values[index] = value
            given[index] = true
        }
        return OptimizerArguments(signature: self, values: values, params: params)
    }
}

/// An optimiser call bound to its signature: every parameter's value, defaults filled in.
struct OptimizerArguments: Sendable {
    /// What stands for `params`.
    enum Params: Equatable, Sendable {
        /// Left out: the network's parameters.
        case implicit
        /// Named: `model.parameters()`, `params`.
        case reference(String)
        /// A value where Python expects the parameters (`SGD(0.1)`), which PyTorch rejects.
        case value(ParamValue)
    }

    let signature: OptimizerSignature
    var values: [ParamValue]
    var params: Params

    subscript(name: String) -> ParamValue {
        values[signature.parameters.firstIndex { $0.name == name }!]
    }

    /// The value of `name` as a number, or Python's `TypeError` for comparing anything else with a
    /// float: SGD tests `lr < 0.0` (`'<' not supported between instances of 'str' and 'float'`),
    /// Adam `0.0 <= lr` (`'<=' … 'float' and 'str'`).
    func number(_ name: String, comparedBy comparison: String = "<") throws -> Double {
        try pythonNumber(self[name], subject: name, comparedBy: comparison)
    }

    /// Python's truth of `name`'s value.
    func flag(_ name: String) -> Bool {
        self[name].pythonTruth
    }

    /// PyTorch's checks of `params` (after the optimiser's own, as `Optimizer.__init__` runs last):
    /// anything but the network's parameters is rejected with Python's words.
    func checkParams() throws {
        guard case .value(let value) = params else { return }
        switch value {
        case .none, .bool, .int, .float, .torchName:
            throw LayerError(.typeError, "params", "'\(value.pythonTypeName)' object is not iterable")
        case .tensor:
            throw LayerError(.typeError, "params",
                             "params argument given to the optimizer should be an iterable of Tensors or dicts, but got torch.FloatTensor")
        case .tuple(let items) where items.isEmpty:
            throw LayerError(.valueError, "params", "optimizer got an empty parameter list")
        case .string(let text) where text.isEmpty:
            throw LayerError(.valueError, "params", "optimizer got an empty parameter list")
        case .tuple(let items):
            throw LayerError(.typeError, "params",
                             "optimizer can only optimize Tensors, but one of the params is \(items[0].pythonTypeName)")
        case .string:
            throw LayerError(.typeError, "params", "optimizer can only optimize Tensors, but one of the params is str")
        }
    }

    /// PyTorch's checks of the implementation choices it cannot combine.
    func checkImplementationChoices() throws {
        if flag("fused") {
            try check(!flag("differentiable"), .runtimeError, "fused", "`fused` does not support `differentiable`")
            try check(!flag("foreach"), .runtimeError, "fused", "`fused` and `foreach` cannot be `True` together.")
        }
    }

    /// `torch.optim.Name(key=value, …)` with every argument that differs from its default, in the
    /// signature's order; flags printed as `True`/`False` whatever value gave them.
    func expression(replacing replacements: [String: ParamValue] = [:]) -> String {
        var parts: [String] = []
        for (parameter, value) in zip(signature.parameters, values) where !parameter.implementationChoice {
            let shown = replacements[parameter.name] ?? value
            if case .bool(let byDefault) = parameter.defaultValue {
                guard shown.pythonTruth != byDefault else { continue }
                parts.append("\(parameter.name)=\(shown.pythonTruth ? "True" : "False")")
            } else {
                guard !shown.isNumericallyEqual(to: parameter.defaultValue) else { continue }
                parts.append("\(parameter.name)=\(shown.pythonRepr)")
            }
        }
        return "torch.optim.\(signature.name)(" + parts.joined(separator: ", ") + ")"
    }
}

/// `value` as a Python number (bools count as 0 and 1), or the `TypeError` Python raises when it
/// compares `value` with a float using `comparison` (`<` puts the value first, `<=` second).
private func pythonNumber(_ value: ParamValue, subject: String, comparedBy comparison: String) throws -> Double {
    switch value {
    case .int(let i): return Double(i)
    case .float(let d): return d
    case .bool(let b): return b ? 1 : 0
    case .tensor:
        throw LayerError(.typeError, subject, "\(subject) must be a number here, got \(value.pythonRepr)")
    default:
        let (left, right) = comparison == "<" ? (value.pythonTypeName, "float") : ("float", value.pythonTypeName)
        throw LayerError(.typeError, subject, "'\(comparison)' not supported between instances of '\(left)' and '\(right)'")
    }
}

// MARK: - Steps

/// The parameters' shapes an optimiser saw on its first step; every later step must bring the same.
private func checkStep(_ parameters: [Tensor], _ gradients: [Tensor], shapes: inout [[Int]]?) throws {
    try check(parameters.count == gradients.count, .runtimeError, "gradients",
              "\(parameters.count) parameters but \(gradients.count) gradients")
    for (index, (p, g)) in zip(parameters, gradients).enumerated() {
        try check(p.shape == g.shape, .runtimeError, "gradients",
                  "parameter \(index) has shape \(p.shape.torchList) but its gradient \(g.shape.torchList)")
    }
    if let shapes {
        try check(parameters.map(\.shape) == shapes, .runtimeError, "parameters",
                  "the optimiser's state is for parameters of shapes \(shapes.map(\.torchList).joined(separator: ", ")), "
                      + "not \(parameters.map(\.shape.torchList).joined(separator: ", "))")
    } else {
        shapes = parameters.map(\.shape)
    }
}

// MARK: - SGD

/// `torch.optim.SGD(params, lr=0.001, momentum=0, dampening=0, weight_decay=0, nesterov=False, *,
/// maximize=False)`, each step, per parameter p with gradient ∇:
///
///     g = ∇ (−∇ with maximize);   g = g + weight_decay·p                     (weight_decay ≠ 0)
///     b = g on the first step, else momentum·b + (1 − dampening)·g          (momentum ≠ 0)
///     g = g + momentum·b with nesterov, else g = b                          (momentum ≠ 0)
///     p = p − lr·g
public struct SGD: Optimizer {
    public let lr: Double
    public let momentum: Double
    public let dampening: Double
    public let weightDecay: Double
    public let nesterov: Bool
    public let maximize: Bool
    public let expression: String
    public var learningRate: Double { lr }

    /// One momentum buffer per parameter, made by the first step (empty before it, or without momentum).
    private var buffers: [[Float]] = []
    private var shapes: [[Int]]?

    /// Checks the arguments in the order and with the words of `SGD.__init__`.
    init(_ arguments: OptimizerArguments) throws {
        lr = try arguments.number("lr")
        try check(!(lr < 0), .valueError, "lr", "Invalid learning rate: \(arguments["lr"].pythonStr)")
        momentum = try arguments.number("momentum")
        try check(!(momentum < 0), .valueError, "momentum", "Invalid momentum value: \(arguments["momentum"].pythonStr)")
        weightDecay = try arguments.number("weight_decay")
        try check(!(weightDecay < 0), .valueError, "weight_decay",
                  "Invalid weight_decay value: \(arguments["weight_decay"].pythonStr)")
        nesterov = arguments.flag("nesterov")
        maximize = arguments.flag("maximize")
        // `dampening != 0` is Python's comparison, true for any non-number.
        let dampeningValue = arguments["dampening"]
        let dampeningNumber = try? pythonNumber(dampeningValue, subject: "dampening", comparedBy: "<")
        try check(!(nesterov && (momentum <= 0 || dampeningNumber != 0)), .valueError, "nesterov",
                  "Nesterov momentum requires a momentum and zero dampening")
        try arguments.checkParams()
        try arguments.checkImplementationChoices()
        if momentum != 0, dampeningNumber == nil {
            // PyTorch raises this at the first step, computing `1 - dampening`.
            throw LayerError(.typeError, "dampening",
                             "unsupported operand type(s) for -: 'int' and '\(dampeningValue.pythonTypeName)'")
        }
        dampening = dampeningNumber ?? 0
        expression = arguments.expression()
    }

    public mutating func step(_ parameters: inout [Tensor], gradients: [Tensor]) throws {
        try checkStep(parameters, gradients, shapes: &shapes)
        // The Python scalars as the kernels take them: float32.
        let negativeLR = Float(-lr), decay = Float(weightDecay), mu = Float(momentum)
        let keep = Float(1 - dampening)
        let (maximize, weightDecay, momentum, nesterov) = (maximize, weightDecay, momentum, nesterov)
        let firstStep = buffers.isEmpty
        if momentum != 0 && firstStep {
            buffers = parameters.map { [Float](repeating: 0, count: $0.count) }
        }
        for i in parameters.indices {
            let gradient = gradients[i].storage
            let update: (UnsafeMutableBufferPointer<Float>, UnsafeMutableBufferPointer<Float>?) -> Void = { p, b in
                gradient.withUnsafeBufferPointer { grad in
                    for k in 0..<p.count {
                        var g = maximize ? -grad[k] : grad[k]
                        if weightDecay != 0 { g = g.addingProduct(decay, p[k]) }  // grad.add(p, alpha=wd)
                        if let b {
                            // buf = grad.clone(), then buf.mul_(momentum).add_(grad, alpha=1 - dampening)
                            b[k] = firstStep ? g : (b[k] * mu).addingProduct(keep, g)
                            g = nesterov ? g.addingProduct(mu, b[k]) : b[k]
                        }
                        p[k] = p[k].addingProduct(negativeLR, g)  // p.add_(grad, alpha=-lr)
                    }
                }
            }
            parameters[i].storage.withUnsafeMutableBufferPointer { p in
                if momentum != 0 {
                    buffers[i].withUnsafeMutableBufferPointer { b in update(p, b) }
                } else {
                    update(p, nil)
                }
            }
        }
    }
}

// MARK: - Adam and AdamW

/// `torch.optim.Adam(params, lr=0.001, betas=(0.9, 0.999), eps=1e-08, weight_decay=0, amsgrad=False,
/// *, maximize=False, decoupled_weight_decay=False)` and `torch.optim.AdamW` (the same with
/// `weight_decay=0.01`, always decoupled). Step t, per parameter p with gradient ∇:
///
///     g = ∇ (−∇ with maximize)
///     g = g + weight_decay·p, or p = p·(1 − lr·weight_decay) when decoupled   (weight_decay ≠ 0)
///     m = m + (1 − β1)·(g − m)        v = β2·v + (1 − β2)·g²        v̂ = max(v̂, v) with amsgrad
///     p = p − lr/(1 − β1ᵗ) · m / (√v̂ / √(1 − β2ᵗ) + eps)             (v̂ = v without amsgrad)
public struct Adam: Optimizer {
    /// `Adam` or `AdamW`.
    public let name: String
    public let lr: Double
    public let betas: (Double, Double)
    public let eps: Double
    public let weightDecay: Double
    public let amsgrad: Bool
    public let maximize: Bool
    /// The decay shrinks the parameters instead of joining the gradient (AdamW, or Adam's
    /// `decoupled_weight_decay=True`).
    public let decoupledWeightDecay: Bool
    public let expression: String
    public var learningRate: Double { lr }

    /// Steps taken (PyTorch's `state['step']`, the same for every parameter).
    public private(set) var stepCount = 0
    private var expAvg: [[Float]] = []
    private var expAvgSq: [[Float]] = []
    private var maxExpAvgSq: [[Float]] = []
    private var shapes: [[Int]]?

    /// Checks the arguments in the order and with the words of `Adam.__init__`.
    init(_ arguments: OptimizerArguments) throws {
        name = arguments.signature.name
        lr = try arguments.number("lr", comparedBy: "<=")
        try check(0 <= lr, .valueError, "lr", "Invalid learning rate: \(arguments["lr"].pythonStr)")
        eps = try arguments.number("eps", comparedBy: "<=")
        try check(0 <= eps, .valueError, "eps", "Invalid epsilon value: \(arguments["eps"].pythonStr)")
        // `betas[0]`, `betas[1]`: Python indexes whatever was given.
        let betasValue = arguments["betas"]
        var pair: [ParamValue] = []
        for index in 0..<2 {
            let beta: ParamValue
            switch betasValue {
            case .tuple(let items):
                guard index < items.count else { throw LayerError(.indexError, "betas", "tuple index out of range") }
                beta = items[index]
            case .string(let text):
                guard index < text.count else { throw LayerError(.indexError, "betas", "string index out of range") }
                beta = .string(String(Array(text)[index]))
            default:
                throw LayerError(.typeError, "betas", "'\(betasValue.pythonTypeName)' object is not subscriptable")
            }
            let number = try pythonNumber(beta, subject: "betas", comparedBy: "<=")
            try check(0 <= number && number < 1, .valueError, "betas",
                      "Invalid beta parameter at index \(index): \(beta.pythonStr)")
            pair.append(beta)
        }
        weightDecay = try arguments.number("weight_decay", comparedBy: "<=")
        try check(0 <= weightDecay, .valueError, "weight_decay",
                  "Invalid weight_decay value: \(arguments["weight_decay"].pythonStr)")
        let bothFloats = pair.allSatisfy { if case .float = $0 { return true } else { return false } }
        try check(bothFloats, .valueError, "betas", "betas must be either both floats or both Tensors")
        betas = (try pythonNumber(pair[0], subject: "betas", comparedBy: "<="),
                 try pythonNumber(pair[1], subject: "betas", comparedBy: "<="))
        amsgrad = arguments.flag("amsgrad")
        maximize = arguments.flag("maximize")
        decoupledWeightDecay = name == "AdamW" || arguments.flag("decoupled_weight_decay")
        try arguments.checkParams()
        try arguments.checkImplementationChoices()
        if arguments.flag("capturable") {
            // PyTorch raises this at the first step: capturable state lives on an accelerator.
            throw LayerError(.assertionError, "capturable",
                             "If capturable=True, params and state_steps must be on supported devices: "
                                 + "['cuda', 'xpu', 'hpu', 'privateuseone', 'xla'].")
        }
        expression = arguments.expression(replacing: ["betas": .tuple(pair)])
    }

    public mutating func step(_ parameters: inout [Tensor], gradients: [Tensor]) throws {
        try checkStep(parameters, gradients, shapes: &shapes)
        if expAvg.isEmpty {
            expAvg = parameters.map { [Float](repeating: 0, count: $0.count) }
            expAvgSq = expAvg
            maxExpAvgSq = amsgrad ? expAvg : []
        }
        stepCount += 1
        // The scalars as `_single_tensor_adam` computes them: Python floats (doubles), rounded to
        // float32 where they meet a tensor.
        let (beta1, beta2) = betas
        let t = Double(stepCount)
        let biasCorrection1 = 1 - _pow(beta1, t)
        let biasCorrection2 = 1 - _pow(beta2, t)
        let stepSize = lr / biasCorrection1
        let correction2Root = Float(_pow(biasCorrection2, 0.5))
        let negativeStepSize = Float(-stepSize)
        let epsilon = Float(eps), decay = Float(weightDecay), shrink = Float(1 - lr * weightDecay)
        let beta2F = Float(beta2), oneMinusBeta2 = Float(1 - beta2)
        // exp_avg.lerp_(grad, 1 - beta1), as the vectorised kernel computes it.
        let lerpWeight = Float(1 - beta1)
        let lerpSmall = Swift.abs(lerpWeight) < 0.5
        let lerpCoefficient = lerpSmall ? lerpWeight : lerpWeight - 1
        let (maximize, weightDecay, decoupled, amsgrad) = (maximize, weightDecay, decoupledWeightDecay, amsgrad)

        for i in parameters.indices {
            let gradient = gradients[i].storage
            let update: (UnsafeMutableBufferPointer<Float>, UnsafeMutableBufferPointer<Float>,
                         UnsafeMutableBufferPointer<Float>, UnsafeMutableBufferPointer<Float>?) -> Void = { p, m, v, vMax in
                gradient.withUnsafeBufferPointer { grad in
                    for k in 0..<p.count {
                        var g = maximize ? -grad[k] : grad[k]
                        if weightDecay != 0 {
                            if decoupled {
                                p[k] = p[k] * shrink  // param.mul_(1 - lr * weight_decay)
                            } else {
                                g = g.addingProduct(decay, p[k])  // grad.add(param, alpha=weight_decay)
                            }
                        }
                        let difference = g - m[k]
                        m[k] = (lerpSmall ? m[k] : g).addingProduct(lerpCoefficient, difference)
                        // exp_avg_sq.mul_(beta2).addcmul_(grad, grad, value=1 - beta2)
                        v[k] = (v[k] * beta2F).addingProduct(oneMinusBeta2 * g, g)
                        var second = v[k]
                        if let vMax {
                            // torch.maximum, which propagates NaN.
                            let larger = vMax[k].isNaN || second.isNaN ? Float.nan : Swift.max(vMax[k], second)
                            vMax[k] = larger
                            second = larger
                        }
                        // denom = (v.sqrt() / bias_correction2_sqrt).add_(eps)
                        let denominator = second.squareRoot() / correction2Root + epsilon
                        // param.addcdiv_(exp_avg, denom, value=-step_size)
                        p[k] = p[k] + negativeStepSize * m[k] / denominator
                    }
                }
            }
            parameters[i].storage.withUnsafeMutableBufferPointer { p in
                expAvg[i].withUnsafeMutableBufferPointer { m in
                    expAvgSq[i].withUnsafeMutableBufferPointer { v in
                        if amsgrad {
                            maxExpAvgSq[i].withUnsafeMutableBufferPointer { vMax in update(p, m, v, vMax) }
                        } else {
                            update(p, m, v, nil)
                        }
                    }
                }
            }
        }
    }
}
