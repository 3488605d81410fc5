// Training: the loop PyTorch users write by hand — batches from a DataLoader, `model.train()`,
// forward, loss, `backward()`, `optimizer.step()` — for a Sequential, a loss and an optimiser, one
// step at a time so a front end can draw, log or stop between steps.
//
//     for x, y in loader:                 # DataLoader(data, batch_size, shuffle, drop_last=False)
//         optimizer.zero_grad()
//         loss = loss_fn(model(x), y)
//         loss.backward()
//         optimizer.step()

/// Examples and their targets, the first dimension counting examples.
public struct TrainingSet: Sendable {
    /// `(N, …)`: the network's inputs.
    public var inputs: Tensor
    /// `(N, …)`: class indices (`.classes`) or values (`.values`), as the loss expects them.
    public var targets: LossTarget

    /// Pairs inputs with targets; both must count the same examples.
    public init(inputs: Tensor, targets: LossTarget) throws {
        try check(inputs.rank >= 1, .valueError, "input", "the inputs must have a first dimension counting examples")
        try check(targets.shape.first == inputs.shape[0], .valueError, "target",
                  "the input has \(inputs.shape[0]) examples but the target has "
                      + "\(targets.shape.first.map(String.init) ?? "no dimension for them") "
                      + "(input \(inputs.shape.torchList), target \(targets.shape.torchList))")
        self.inputs = inputs
        self.targets = targets
    }

    /// A data set's examples with their class labels.
    public init(_ data: LabelledData) throws {
        try self.init(inputs: data.inputs, targets: .classes(data.labels, dtype: "Long"))
    }

    /// The number of examples.
    public var count: Int { inputs.shape[0] }

    /// The examples at `indices`, in that order, as one batch.
    public func batch(_ indices: some Collection<Int>) -> (input: Tensor, target: LossTarget) {
        let inputRun = inputs.shape.dropFirst().elementCount
        var input = [Float]()
        input.reserveCapacity(indices.count * inputRun)
        for i in indices { input.append(contentsOf: inputs.storage[(i * inputRun)..<((i + 1) * inputRun)]) }
        let inputShape = [indices.count] + inputs.shape.dropFirst()
        switch targets {
        case .values(let t):
            let run = t.shape.dropFirst().elementCount
            var values = [Float]()
            values.reserveCapacity(indices.count * run)
            for i in indices { values.append(contentsOf: t.storage[(i * run)..<((i + 1) * run)]) }
            return (Tensor(shape: inputShape, storage: input),
                    .values(Tensor(shape: [indices.count] + t.shape.dropFirst(), storage: values)))
        case .classes(let t, let dtype):
            let run = t.shape.dropFirst().elementCount
            var values = [Int64]()
            values.reserveCapacity(indices.count * run)
            for i in indices { values.append(contentsOf: t.storage[(i * run)..<((i + 1) * run)]) }
            return (Tensor(shape: inputShape, storage: input),
                    .classes(IndexTensor(shape: [indices.count] + t.shape.dropFirst(), storage: values), dtype: dtype))
        }
    }
}

/// What one training step measured.
public struct TrainingStep: Sendable, Equatable {
    /// The step's number, from 1.
    public var step: Int
    /// The epoch it belongs to, from 1.
    public var epoch: Int
    /// The loss of the batch, before the optimiser's update (what `loss.item()` prints).
    public var loss: Float
    /// For class-index targets: the share of the batch whose largest output is the target class.
    public var accuracy: Double?
    /// The examples in the batch.
    public var batchSize: Int
    /// The L2 norm of each parameter's gradient (`p.grad.norm()`), in `parameterKeys` order.
    public var gradientNorms: [Float] = []
}

/// How well a network does on a whole set, in eval mode.
public struct Evaluation: Sendable, Equatable {
    /// The mean of the per-batch losses weighted by batch size (the loss of the whole set for
    /// 'mean' reduction).
    public var loss: Double
    /// For class-index targets: the share of examples classified correctly.
    public var accuracy: Double?
    /// The examples evaluated.
    public var count: Int
    /// For class-index targets: `confusion[t * classes + p]` examples of class t were predicted
    /// as class p (the first maximum, as `argmax` picks it).
    public var confusion: [Int]? = nil
    /// The number of classes the confusion matrix has on each side.
    public var classes: Int = 0
}

/// A network, a loss and an optimiser stepping through a training set.
public struct Trainer: Sendable {
    /// The network, with its current weights and buffers.
    public private(set) var model: Sequential
    /// The loss.
    public let loss: any Loss
    /// The optimiser, with its state (momentum buffers, moments).
    public private(set) var optimizer: any Optimizer
    /// The training examples.
    public let data: TrainingSet
    /// Examples per batch (the last batch of an epoch may be shorter).
    public let batchSize: Int
    /// Draw a new order of the examples every epoch (`DataLoader(shuffle=True)`); otherwise take
    /// them in order.
    public let shuffle: Bool
    /// The generator for the example order and dropout masks.
    public private(set) var rng: RandomSource
    /// Steps taken.
    public private(set) var stepsTaken = 0
    /// The epoch the next batch belongs to, from 1.
    public private(set) var epoch = 1
    /// The order of the current epoch, and how far into it the next batch starts.
    private var order: [Int]
    private var position = 0

    /// Checks that the loss can drive training (a single number: not reduction='none').
    public init(model: Sequential, loss: any Loss, optimizer: any Optimizer, data: TrainingSet,
                batchSize: Int, shuffle: Bool, seed: UInt64 = 0) throws {
        try check(batchSize > 0, .valueError, "batch_size",
                  "batch_size should be a positive integer value, but got batch_size=\(batchSize)")
        try check(data.count > 0, .valueError, "data", "the training set is empty")
        if loss.arguments.schema.param("reduction") != nil, case .string(let reduction) = loss.arguments["reduction"] {
            try check(reduction != "none", .runtimeError, "reduction",
                      "grad can be implicitly created only for scalar outputs "
                          + "(reduction='none' gives one loss per element; use 'mean' or 'sum')")
        }
        self.model = model
        self.loss = loss
        self.optimizer = optimizer
        self.data = data
        self.batchSize = batchSize
        self.shuffle = shuffle
        self.rng = RandomSource(seed: seed)
        self.order = Array(0..<data.count)
        if shuffle { order.shuffle(using: &rng) }
    }

    /// Steps in one epoch: ⌈N / batch size⌉ (`drop_last=False`).
    public var stepsPerEpoch: Int { (data.count + batchSize - 1) / batchSize }

    /// The indices of the next batch, moving to the next epoch (and a new order) at the end of one.
    private mutating func nextBatch() -> ArraySlice<Int> {
        if position >= order.count {
            position = 0
            epoch += 1
            if shuffle { order.shuffle(using: &rng) }
        }
        let end = Swift.min(position + batchSize, order.count)
        defer { position = end }
        return order[position..<end]
    }

    /// One step: the next batch forward in train mode, the loss, the backward pass and the
    /// optimiser's update. Returns the batch's loss (before the update).
    public mutating func step() throws -> TrainingStep {
        // A step's tensors are gone when it ends: its reservations are given back, so a long run
        // inside one workload is held to the budget of one step, not of all of them.
        let workload = Workload.current
        let mark = workload?.reservedBytes ?? 0
        defer { workload?.release(downTo: mark) }
        let batchEpoch = position >= order.count ? epoch + 1 : epoch
        let (input, target) = data.batch(nextBatch())
        var context = ForwardContext(training: true, rng: rng)
        let trace = try model.forward(input, context: &context)
        rng = context.rng
        var warnings: [String] = []
        let value = try loss.forward(trace.output, target: target, warnings: &warnings)
        let lossGradient = try loss.inputGradient(trace.output, target: target)
        var parameters = model.parameters
        let gradients = try model.backward(trace, gradOutput: lossGradient)
        try optimizer.step(&parameters, gradients: gradients)
        try model.setParameters(parameters)
        stepsTaken += 1
        return TrainingStep(step: stepsTaken, epoch: batchEpoch, loss: value.storage.first ?? .nan,
                            accuracy: Self.accuracy(trace.output, target).map { Double($0) / Double(input.shape[0]) },
                            batchSize: input.shape[0], gradientNorms: gradients.map(\.l2Norm))
    }

    /// The loss and accuracy of the current network on `set`, in eval mode, in batches of
    /// `batchSize` (the network itself is not changed: no buffer moves, no mask is drawn).
    public func evaluate(_ set: TrainingSet, batchSize: Int = 256) throws -> Evaluation {
        var network = model
        var lossSum = 0.0
        var correct = 0
        var counted = false
        var confusion: [Int]?
        var classes = 0
        let workload = Workload.current
        let mark = workload?.reservedBytes ?? 0
        for start in stride(from: 0, to: set.count, by: batchSize) {
            defer { workload?.release(downTo: mark) }
            let (input, target) = set.batch(start..<Swift.min(start + batchSize, set.count))
            var context = ForwardContext(training: false)
            let output = try network.forward(input, context: &context).output
            var warnings: [String] = []
            let value = try loss.forward(output, target: target, warnings: &warnings)
            lossSum += Double(value.storage.first ?? .nan) * Double(input.shape[0])
            if let right = Self.accuracy(output, target) {
                correct += right
                counted = true
                if case .classes(let labels, _) = target {
                    classes = output.shape[1]
                    if confusion == nil { confusion = Array(repeating: 0, count: classes * classes) }
                    for row in 0..<output.shape[0] {
                        let truth = Int(labels.storage[row])
                        if (0..<classes).contains(truth) {
                            confusion?[truth * classes + Self.argmax(output, row: row)] += 1
                        }
                    }
                }
            }
        }
        return Evaluation(loss: lossSum / Double(Swift.max(set.count, 1)),
                          accuracy: counted ? Double(correct) / Double(set.count) : nil, count: set.count,
                          confusion: confusion, classes: classes)
    }

    /// How many of a batch's `(N, C)` outputs have their largest value at the class-index target
    /// (the first maximum, as `argmax` picks it); nil for value targets or other shapes.
    public static func accuracy(_ output: Tensor, _ target: LossTarget) -> Int? {
        guard case .classes(let labels, _) = target, output.rank == 2, labels.shape == [output.shape[0]] else {
            return nil
        }
        let classes = output.shape[1]
        guard classes > 0 else { return nil }
        var correct = 0
        for row in 0..<output.shape[0] {
            let best = argmax(output, row: row)
            if Int64(best) == labels.storage[row] { correct += 1 }
        }
        return correct
    }

    /// The first column of row `row` of an `(N, C)` output holding its largest value (`argmax`);
    /// NaN is never larger, so a row of NaNs gives 0.
    public static func argmax(_ output: Tensor, row: Int) -> Int {
        let classes = output.shape[1]
        var best = 0
        for c in 1..<Swift.max(classes, 1) where output.storage[row * classes + c] > output.storage[row * classes + best] {
            best = c
        }
        return best
    }

    /// Replaces the optimiser (a new one starts with no state, as building a new `torch.optim`
    /// object does); the weights stay.
    public mutating func replaceOptimizer(_ optimizer: any Optimizer) {
        self.optimizer = optimizer
    }
}

extension Duration {
    /// The duration in seconds (steps a second, time left, timings).
    public var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) * 1e-18
    }
}
