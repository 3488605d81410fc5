// LayerSchema: the parameter schema of one layer — the single description of every constructor
// argument that the expression parser, the CLI (`layerscope list`), the parameter editor and the docs
// are all generated from.

/// The section of PyTorch's `torch.nn` documentation a layer belongs to.
public enum LayerGroup: String, Sendable, CaseIterable {
    case convolution = "Convolution"
    case pooling = "Pooling"
    case activation = "Non-linear activations"
    case softmax = "Softmax"
    case normalization = "Normalization"
    case linear = "Linear"
    case dropout = "Dropout"
    case loss = "Loss"
    case utility = "Utilities"
}

/// What values a parameter takes.
public enum ParamKind: Sendable, Equatable {
    /// A Python int.
    case int
    /// A Python float (an int is accepted and widened, as in Python).
    case float
    /// A flag Python tests for truth: `True`, `False`, or any value (`ReLU(1)` is `ReLU(True)`).
    case bool
    /// A flag PyTorch passes to C++, which accepts only `True` or `False` (pooling's `ceil_mode`).
    case strictBool
    /// One of a fixed set of strings.
    case choice([String])
    /// An int used for both H and W, or a pair `(H, W)`.
    case intOrPair
    /// `None`, an int, or a pair (pooling `stride`: `None` means "same as kernel_size").
    case optionalIntOrPair
    /// An int or a tuple of ints whose length the layer checks (pooling passes these to C++, which
    /// takes 1 or 2 entries and reports other lengths itself).
    case intOrInts
    /// `None`, an int or a tuple of ints whose length the layer checks (pooling `stride`; `()` and
    /// `None` both mean "same as kernel_size").
    case optionalIntOrInts
    /// An int, a pair, or one of the strings (Conv2d `padding`: `'same'`, `'valid'`).
    case intOrPairOrChoice([String])
    /// `None` or an int (`divisor_override`, Softmax `dim`).
    case optionalInt
    /// `None` or a float (BatchNorm2d `momentum`).
    case optionalFloat
    /// `None` or a bool (the deprecated loss arguments `size_average`, `reduce`).
    case optionalBool
    /// An int, or a pair whose entries may be `None` (adaptive pooling `output_size`).
    case outputSize
    /// `None` or a 1-D float tensor, `torch.tensor([...])` (CrossEntropyLoss `weight`).
    case optionalFloatVector
    /// The `device` factory argument: `None`, `'cpu'` or `torch.device('cpu')`.
    case device
    /// The `dtype` factory argument: `None` or `torch.float32`.
    case dtype

    /// How `layerscope list` and the docs describe the accepted values.
    public var summary: String {
        switch self {
        case .int: return "int"
        case .float: return "float"
        case .bool, .strictBool: return "bool"
        case .choice(let options): return options.map { "'\($0)'" }.joined(separator: "|")
        case .intOrPair, .intOrInts: return "int or (int, int)"
        case .optionalIntOrPair, .optionalIntOrInts: return "None, int or (int, int)"
        case .intOrPairOrChoice(let options):
            return "int, (int, int) or " + options.map { "'\($0)'" }.joined(separator: "|")
        case .optionalInt: return "None or int"
        case .optionalFloat: return "None or float"
        case .optionalBool: return "None or bool"
        case .outputSize: return "int or (int|None, int|None)"
        case .optionalFloatVector: return "None or 1-D tensor"
        case .device: return "None or 'cpu'"
        case .dtype: return "None or torch.float32"
        }
    }
}

/// The range the parameter editor steps within, and the step it uses.
///
/// This is the range in which the layer makes sense to explore; the rules PyTorch enforces (which
/// may depend on other parameters or on the input) are checked by the layer itself.
public struct ParamRange: Sendable, Equatable {
    public var lower: Double?
    public var upper: Double?
    public var step: Double

    public init(_ lower: Double? = nil, _ upper: Double? = nil, step: Double = 1) {
        self.lower = lower
        self.upper = upper
        self.step = step
    }

    /// `[lower, upper]` with `∞` for a missing bound.
    public var summary: String {
        func text(_ v: Double?, _ fallback: String) -> String {
            guard let v else { return fallback }
            return v == v.rounded() && Swift.abs(v) < 1e9 ? String(Int(v)) : pythonFloatRepr(v)
        }
        return "[\(text(lower, "-∞")), \(text(upper, "∞"))]"
    }
}

/// One constructor parameter of one layer.
public struct ParamSpec: Sendable, Equatable {
    /// PyTorch's factory arguments, which Conv2d, BatchNorm2d and Linear take after their own.
    ///
    /// Unlike PyTorch, only the CPU and float32 are available: LayerKit computes nothing else.
    public static let factoryArguments: [ParamSpec] = [
        ParamSpec("device", .device, default: ParamValue.none,
                  "Where the parameters live; LayerScope computes on the CPU"),
        ParamSpec("dtype", .dtype, default: ParamValue.none,
                  "The parameters' dtype; LayerScope computes in float32"),
    ]

    /// `inplace=False`, which ReLU, LeakyReLU, ReLU6, SELU, Dropout and Dropout2d take: PyTorch then
    /// overwrites and returns the input; LayerKit computes the same values and never aliases.
    static let inplace = ParamSpec("inplace", .bool, default: .bool(false),
                                   "Overwrite the input (same values; LayerKit never aliases)")

    /// PyTorch's snake_case name.
    public var name: String
    public var kind: ParamKind
    /// The default, or `nil` when the parameter is required.
    public var defaultValue: ParamValue?
    /// Numeric range for stepping (nil for non-numeric kinds).
    public var range: ParamRange?
    /// Keyword-only in Python (after `*` in the signature).
    public var keywordOnly: Bool
    /// Deprecated in PyTorch (still accepted).
    public var deprecated: Bool
    /// One line: what the parameter means.
    public var summary: String
    /// PyTorch's own message for a value of the wrong type, where it has one; `{type}` stands for
    /// the Python type of the value (`float`), `{value}` for its repr.
    public var typeErrorMessage: String?

    public init(_ name: String, _ kind: ParamKind, default defaultValue: ParamValue? = nil,
                range: ParamRange? = nil, keywordOnly: Bool = false, deprecated: Bool = false,
                typeErrorMessage: String? = nil, _ summary: String) {
        self.typeErrorMessage = typeErrorMessage
        self.name = name
        self.kind = kind
        self.defaultValue = defaultValue
        self.range = range
        self.keywordOnly = keywordOnly
        self.deprecated = deprecated
        self.summary = summary
    }

    /// Checks `value` against the parameter's kind (see `ParamKind.validate`), reporting PyTorch's
    /// own type error where the spec names one.
    public func validate(_ value: ParamValue) throws -> ParamValue {
        do {
            return try kind.validate(value, name: name)
        } catch var error as LayerError {
            if let template = typeErrorMessage {
                error.message = template
                    .split(separator: "{type}", omittingEmptySubsequences: false).joined(separator: value.pythonTypeName)
                    .split(separator: "{value}", omittingEmptySubsequences: false).joined(separator: value.pythonRepr)
            }
            throw error
        }
    }

    /// Whether the parameter must be given.
    public var isRequired: Bool { defaultValue == nil }
}

/// Everything LayerScope knows about a layer's constructor.
public struct LayerSchema: Sendable, Equatable {
    /// The class name in `torch.nn`, e.g. `Conv2d`.
    public var name: String
    /// The class whose `__init__` the layer inherits, as Python names it in argument errors
    /// (`_MaxPoolNd` for MaxPool2d); the layer's own name when it defines one.
    public var initializer: String
    public var group: LayerGroup
    /// One line: what the layer does.
    public var summary: String
    /// The parameters in the order of PyTorch's signature.
    public var params: [ParamSpec]

    public init(name: String, initializer: String? = nil, group: LayerGroup, summary: String,
                params: [ParamSpec]) {
        self.name = name
        self.initializer = initializer ?? name
        self.group = group
        self.summary = summary
        self.params = params
    }

    /// PyTorch's documentation page for the layer.
    public var documentationURL: String {
        "https://pytorch.org/docs/stable/generated/torch.nn.\(name).html"
    }

    /// The spec named `name`, if the layer has such a parameter.
    public func param(_ name: String) -> ParamSpec? {
        params.first { $0.name == name }
    }
}
