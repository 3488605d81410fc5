// NetworkRun: an nn.Sequential learning a data set — the shareable setup (network, data, loss,
// optimiser, seed, steps), the Trainer, and what training has measured so far: the loss of every
// step, the test set's loss, accuracy and confusion matrix at regular steps, and each stage's
// gradient and weight norms. Pure and synchronous: the interactive program steps it on a thread of
// its own and draws copies of it; `render --train-steps` steps it inline. The same seed gives the
// same numbers either way.

import CellRender
import LayerKit

/// Everything that decides a network run: what a shared command line or a lesson step carries.
public struct NetworkSetup: Sendable, Hashable {
    /// The `nn.Sequential(...)` expression.
    public var expression: String
    /// The data set's name (`Datasets.names`).
    public var data: String
    public var loss: String
    public var optim: String
    /// Seeds the initial weights, the batch order and dropout masks.
    public var seed: UInt64
    /// Steps to take when the setup is opened (a shared state, a lesson step).
    public var steps: Int

    public static let defaultLoss = "nn.CrossEntropyLoss()"
    public static let defaultOptim = "torch.optim.SGD(lr=0.1, momentum=0.9)"
    /// Examples per batch (the last batch of an epoch is shorter, as `drop_last=False` gives).
    public static let batchSize = 32
    /// The most steps a setup may ask for.
    public static let maxSteps = 100_000

    /// A setup for `expression` with the defaults that suit it: `digits` for a network that takes
    /// `(1, 16, 16)` images, `spirals` for one that takes 2 features; cross-entropy; SGD with
    /// momentum.
    public init(expression: String, data: String? = nil, loss: String? = nil, optim: String? = nil,
                seed: UInt64 = 0, steps: Int = 0) throws {
        guard (0...Self.maxSteps).contains(steps) else {
            throw SceneError("steps: must be from 0 to \(Self.maxSteps), got \(steps)")
        }
        self.expression = expression
        self.loss = loss ?? Self.defaultLoss
        self.optim = optim ?? Self.defaultOptim
        self.seed = seed
        self.steps = steps
        if let data {
            self.data = data
        } else {
            var rng = RandomSource(seed: seed)
            let model = try Sequential(parsing: expression, rng: &rng)
            let shape = model.defaultInputShape(batch: 1)
            guard let name = Self.suitedData(forInputShape: shape) else {
                throw SceneError("data: give a data set (the network takes \(shape.map(String.init).joined(separator: ", "))"
                                 + " per batch; digits need (1, 16, 16) images, spirals 2 features)")
            }
            self.data = name
        }
    }

    /// The bundled data set whose examples a network taking batches of `shape` (batch 1) reads:
    /// `digits` for (1, 1, 16, 16), `spirals` for (1, 2); nil for any other.
    public static func suitedData(forInputShape shape: [Int]) -> String? {
        shape == [1, 1, 16, 16] ? "digits" : shape == [1, 2] ? "spirals" : nil
    }

    /// A setup in the compact form a lesson step gives it:
    /// `nn.Sequential(...) | data=spirals | loss=… | optim=torch.optim.Adam(lr=0.01) | seed=0 | steps=200`
    /// (every part after the expression optional, in any order).
    public init(compact text: String) throws {
        let parts = text.split(separator: "|").map { String($0).trimmingBlanks }
        guard let expression = parts.first, !expression.isEmpty else {
            throw SceneError("network: expected an nn.Sequential(...) expression first")
        }
        var values: [String: String] = [:]
        for part in parts.dropFirst() {
            guard let equals = part.firstIndex(of: "=") else {
                throw SceneError("network: expected key=value after '|', got '\(part)'")
            }
            let key = String(part[..<equals]).trimmingBlanks, value = String(part[part.index(after: equals)...]).trimmingBlanks
            guard ["data", "loss", "optim", "seed", "steps"].contains(key) else {
                throw SceneError("network: '\(key)' is not a network setting (data, loss, optim, seed, steps)")
            }
            guard values[key] == nil else { throw SceneError("network: \(key) is given twice") }
            values[key] = value
        }
        func number<T: FixedWidthInteger>(_ key: String, _: T.Type) throws -> T? {
            guard let text = values[key] else { return nil }
            guard let value = T(text) else { throw SceneError("network: \(key) must be a whole number from 0, got '\(text)'") }
            return value
        }
        try self.init(expression: expression, data: values["data"], loss: values["loss"], optim: values["optim"],
                      seed: try number("seed", UInt64.self) ?? 0, steps: try number("steps", Int.self) ?? 0)
    }

    /// The arguments of `layerscope ui` (or `render`) that rebuild this setup after `steps` steps.
    public func commandArguments(steps: Int) -> [String] {
        var args = [expression, "--data", data]
        if loss != Self.defaultLoss { args += ["--loss", loss] }
        if optim != Self.defaultOptim { args += ["--optim", optim] }
        if seed != 0 { args += ["--seed", String(seed)] }
        if steps > 0 { args += ["--train-steps", String(steps)] }
        return args
    }

    /// `layerscope ui "nn.Sequential(...)" --data spirals --train-steps 200`.
    public func commandLine(steps: Int) -> String {
        (["layerscope", "ui"] + commandArguments(steps: steps).map(SceneState.shellQuoted)).joined(separator: " ")
    }

    /// The bundled networks (`e` goes through them): one per data set, each with what suits it.
    public static let examples: [(name: String, setup: NetworkSetup)] = {
        let mlp = { (classes: Int) in
            "nn.Sequential(nn.Linear(2, 32), nn.Tanh(), nn.Linear(32, 32), nn.Tanh(), nn.Linear(32, \(classes)))"
        }
        let list: [(String, String, String, String?)] = [
            ("digits CNN", "nn.Sequential(nn.Conv2d(1, 8, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(8 * 8 * 8, 10))",
             "digits", nil),
            ("spirals MLP", mlp(2), "spirals", "torch.optim.Adam(lr=0.01)"),
            ("two-conv digits CNN", "nn.Sequential(nn.Conv2d(1, 8, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2), "
                + "nn.Conv2d(8, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(16 * 4 * 4, 10))",
             "digits", nil),
            ("circles MLP", mlp(2), "circles", nil),
            ("xor MLP", mlp(2), "xor", nil),
            ("blobs MLP", mlp(3), "blobs", nil),
        ]
        return list.map { name, expression, data, optim in
            // The bundled expressions are checked by the tests: a failure here is a programming error.
            (name, try! NetworkSetup(expression: expression, data: data, optim: optim))
        }
    }()
}

/// A network training on a data set, and what it has measured.
public struct NetworkRun: Sendable {
    /// One evaluation of the test set.
    public struct TestPoint: Sendable, Equatable {
        /// The steps taken when it was measured.
        public var step: Int
        public var evaluation: Evaluation
    }

    public internal(set) var setup: NetworkSetup
    public internal(set) var trainer: Trainer
    public let dataset: Dataset
    /// The test set as batches take it.
    public let testSet: TrainingSet
    /// The loss of every step, in order.
    public private(set) var losses: [Float] = []
    /// The batch accuracy of every step (class problems).
    public private(set) var accuracies: [Double] = []
    /// The test set's loss and accuracy at step 0 and every `testInterval` steps.
    public internal(set) var tests: [TestPoint] = []
    /// Each stage's gradient norm (the L2 norm over all its parameters' gradients) at the last
    /// step; nil for a stage without parameters or before the first step.
    public private(set) var gradientNorms: [Float?]
    /// Steps a second, as the interactive program measured them (nil headless).
    public var stepsPerSecond: Double?

    /// Builds the network (seeded by the setup), checks that a batch of the data set goes through
    /// it, and evaluates the test set once. Does not take `setup.steps` steps: `advance` does.
    public init(setup: NetworkSetup) throws {
        self.setup = setup
        dataset = try Datasets.make(setup.data)
        var rng = RandomSource(seed: setup.seed)
        let model = try Sequential(parsing: setup.expression, rng: &rng)
        guard let loss = try Catalog.layer(parsing: setup.loss, rng: &rng) as? any Loss else {
            throw SceneError("loss: \(setup.loss) is not a loss")
        }
        // A network that does not take the data set's examples says so now, naming the stage.
        var probe = model
        var context = ForwardContext(training: false)
        let output = try probe.forward(Self.example(0, of: dataset.test), context: &context).output
        if setup.loss.contains("CrossEntropy"), output.rank != 2 || output.shape[1] != dataset.classCount {
            throw SceneError("the network's output is \(output.shape.map(String.init).joined(separator: "×")) per example; "
                             + "\(setup.data) has \(dataset.classCount) classes, so it must end in \(dataset.classCount) outputs")
        }
        trainer = try Trainer(model: model, loss: loss, optimizer: try Optimizers.parse(setup.optim),
                              data: try TrainingSet(dataset.train), batchSize: NetworkSetup.batchSize, shuffle: true,
                              seed: setup.seed)
        testSet = try TrainingSet(dataset.test)
        gradientNorms = Array(repeating: nil, count: model.stages.count)
        try evaluate()
    }

    /// The network as it is now.
    public var model: Sequential { trainer.model }
    /// Steps taken.
    public var step: Int { trainer.stepsTaken }
    /// The epoch the next step belongs to.
    public var epoch: Int { trainer.epoch }
    /// The test set is evaluated every this many steps (four times an epoch).
    public var testInterval: Int { Swift.max(1, trainer.stepsPerEpoch / 4) }
    /// The latest test evaluation.
    public var latestTest: TestPoint? { tests.last }

    /// The mean batch accuracy over the last epoch's steps (nil before a step, or without classes).
    public var recentAccuracy: Double? {
        guard !accuracies.isEmpty else { return nil }
        let recent = accuracies.suffix(trainer.stepsPerEpoch)
        return recent.reduce(0, +) / Double(recent.count)
    }

    /// One training step; the test set is evaluated when the step is a multiple of `testInterval`.
    public mutating func advance() throws {
        let result = try trainer.step()
        losses.append(result.loss)
        if let accuracy = result.accuracy { accuracies.append(accuracy) }
        gradientNorms = Self.stageNorms(result.gradientNorms, keys: trainer.model.parameterKeys, stages: gradientNorms.count)
        if step % testInterval == 0 { try evaluate() }
    }

    /// Takes `count` steps, checking for cancellation between them.
    public mutating func advance(steps count: Int) throws {
        for _ in 0..<count {
            try Workload.checkCancelled()
            try advance()
        }
    }

    /// Evaluates the test set now (replacing an evaluation at the same step).
    public mutating func evaluate() throws {
        let evaluation = try trainer.evaluate(testSet)
        if tests.last?.step == step { tests.removeLast() }
        tests.append(TestPoint(step: step, evaluation: evaluation))
    }

    /// Swaps the optimiser: the new one starts without state, the weights stay.
    public mutating func setOptimizer(_ expression: String) throws {
        trainer.replaceOptimizer(try Optimizers.parse(expression))
        setup.optim = trainer.optimizer.expression
    }

    /// Each stage's weight norm (over all its parameters); nil for a stage without parameters.
    public var weightNorms: [Float?] {
        Self.stageNorms(model.parameters.map(\.l2Norm), keys: model.parameterKeys, stages: model.stages.count)
    }

    /// Each stage's norm over all its parameters, from each parameter's norm (`keys` name them:
    /// `3.weight`): the square root of the sum of their squares; nil for a stage without any.
    static func stageNorms(_ norms: [Float], keys: [String], stages: Int) -> [Float?] {
        var sums = [Double?](repeating: nil, count: stages)
        for (key, norm) in zip(keys, norms) {
            guard let stage = stageIndex(of: key), sums.indices.contains(stage) else { continue }
            sums[stage] = (sums[stage] ?? 0) + Double(norm) * Double(norm)
        }
        return sums.map { $0.map { Float($0.squareRoot()) } }
    }

    /// `3.weight` → 3.
    static func stageIndex(of key: String) -> Int? {
        Int(key.prefix { $0 != "." })
    }

    /// Test example `index` (wrapped into the test set) as a batch of one, with its class.
    public func testExample(_ index: Int) -> (input: Tensor, label: Int, index: Int) {
        let i = index.wrapped(into: dataset.test.count)
        return (Self.example(i, of: dataset.test), Int(dataset.test.labels.storage[i]), i)
    }

    /// Example `i` of `data` as a batch of one.
    static func example(_ i: Int, of data: LabelledData) -> Tensor {
        let size = data.inputs.shape.dropFirst().elementCount
        return Tensor(shape: [1] + data.inputs.shape.dropFirst(), storage: Array(data.inputs.storage[(i * size)..<((i + 1) * size)]))
    }

    /// Whether the examples are points in the plane (a decision boundary can be drawn).
    public var isPlanar: Bool { dataset.test.inputs.rank == 2 && dataset.test.inputs.shape[1] == 2 }

    /// The half-width of the square the data lies in, rounded up.
    public var planeRange: Double {
        let reach = dataset.train.inputs.storage.reduce(Float(0)) { Swift.max($0, Swift.abs($1.isFinite ? $1 : 0)) }
        return Double(Swift.max(1, reach.rounded(.up)))
    }
}

extension Sequential {
    /// The input shape its first stage suggests: `(batch, in_features)` after a Linear,
    /// `(batch, in_channels, 16, 16)` after a Conv2d, otherwise `(batch, 1, 16, 16)`.
    public func defaultInputShape(batch: Int) -> [Int] {
        if let linear = stages.first as? Linear { return [batch, linear.inFeatures] }
        if let conv = stages.first as? Conv2d { return [batch, conv.inChannels, 16, 16] }
        return [batch, 1, 16, 16]
    }
}
