// NetworkPicture: the pipeline of an `nn.Sequential` — the input, then each stage's output for the
// first sample, side by side on its own scale, each titled with its stage number, layer and
// shape, and the shape arithmetic from input to output spelled out above them. What `render`
// prints for a network.

import CellRender
import LayerKit

/// A network run once on an input, ready to draw.
public struct NetworkPicture: Sendable {
    /// The network, after the pass (BatchNorm2d's buffers moved in train mode).
    public let network: Sequential
    /// The input batch; its first sample is drawn.
    public let input: Tensor
    /// Each stage's input and result.
    public let trace: Sequential.Trace
    /// Where the input came from, for the header (`digits, test image 0`).
    public let source: String
    public let seed: UInt64
    /// The loss of each training step taken before the picture (drawn as a curve when not empty).
    public var losses: [Float] = []
    /// A line under the header: how the network was trained, and how well it does.
    public var note: String?
    /// For a network of 2 features: what it predicts over a square grid (rows from +y down to −y,
    /// columns from −x to +x), and the half-width of the square.
    private(set) var boundary: (plane: Plane, range: Double, classes: Int)?

    /// For a trained class problem: how many test examples of each class (row) were predicted as
    /// each class (column).
    private(set) var confusion: (plane: Plane, classes: Int)?

    /// Adds the confusion matrix of `inputs` `(N, …)` against their class `labels`, in eval mode.
    public mutating func addConfusion(inputs: Tensor, labels: IndexTensor, classes: Int) throws {
        guard classes >= 2, inputs.rank >= 1, inputs.shape[0] == labels.count else { return }
        var evaluating = network
        var context = ForwardContext(training: false)
        let output = try evaluating.forward(inputs, context: &context).output
        guard output.rank == 2, output.shape[1] == classes else { return }
        var counts = [Float](repeating: 0, count: classes * classes)
        for n in 0..<labels.count {
            let row = output.storage[(n * classes)..<((n + 1) * classes)]
            let predicted = row.indices.max { row[$0] < row[$1] }.map { $0 - row.startIndex } ?? 0
            let truth = Int(labels.storage[n])
            if (0..<classes).contains(truth) { counts[truth * classes + predicted] += 1 }
        }
        confusion = (Plane(rows: classes, cols: classes, values: counts), classes)
    }

    /// Adds the decision boundary over `[-range, range]²` on a `side × side` grid: for 2 classes
    /// the softmax probability of class 1, otherwise the predicted class. Only for a network whose
    /// input is 2 features and whose output is `(N, C)`.
    public mutating func addBoundary(range: Double, side: Int = 32) throws {
        guard input.shape == [1, 2], trace.output.rank == 2, trace.output.shape[1] >= 2, side >= 2 else { return }
        var grid = [Float]()
        grid.reserveCapacity(2 * side * side)
        for row in 0..<side {
            let y = range - 2 * range * (Double(row) + 0.5) / Double(side)
            for column in 0..<side {
                grid += [Float(-range + 2 * range * (Double(column) + 0.5) / Double(side)), Float(y)]
            }
        }
        var evaluating = network
        var context = ForwardContext(training: false)
        let output = try evaluating.forward(Tensor(shape: [side * side, 2], storage: grid), context: &context).output
        let classes = output.shape[1]
        var values = [Float](repeating: 0, count: side * side)
        for n in 0..<(side * side) {
            let row = Array(output.storage[(n * classes)..<((n + 1) * classes)])
            if classes == 2 {
                values[n] = Float(1 / (1 + exp(Double(row[0] - row[1]))))  // softmax(row)[1]
            } else {
                values[n] = Float(row.indices.max { row[$0] < row[$1] } ?? 0)
            }
        }
        boundary = (Plane(rows: side, cols: side, values: values), range, classes)
    }

    /// Runs `network` on `input` in train mode (PyTorch's initial mode) or eval mode.
    public init(network: Sequential, input: Tensor, training: Bool, seed: UInt64, source: String) throws {
        var running = network
        var context = ForwardContext(training: training, rng: RandomSource(seed: seed &+ 1))
        trace = try running.forward(input, context: &context)
        self.network = running
        self.input = input
        self.source = source
        self.seed = seed
    }

    /// The first sample of a batch `(N, …)` as a plane: channel 0 of an image, a vector as one row.
    static func plane(_ t: Tensor) -> Plane {
        guard t.rank >= 2, t.shape[0] > 0 else { return Plane(t) }
        let sample = Tensor(shape: Array(t.shape.dropFirst()), storage: Array(t.storage[0..<(t.count / t.shape[0])]))
        return Plane(sample, channel: 0)
    }

    /// `(8, 16, 16)`: a shape without its batch dimension.
    static func sampleShape(_ shape: [Int]) -> String {
        let rest = shape.count > 1 ? Array(shape.dropFirst()) : shape
        return "(" + rest.map(String.init).joined(separator: ", ") + (rest.count == 1 ? ",)" : ")")
    }

    /// The picture at `width × height`.
    public func render(width: Int, height: Int, options: RenderOptions) -> CellGrid {
        var canvas = Canvas(width: width, height: height, options: options)
        let full = canvas.grid.bounds
        guard !full.isEmpty else { return canvas.grid }
        let batch = "(" + input.shape.map(String.init).joined(separator: ", ") + ")"
        var lines: [(String, ThemeRole)] = [
            (network.expression, .title),
            ("input \(batch) \(source) → output \(Self.sampleShape(trace.output.shape)) per sample · "
                + "\(trace.training ? "train" : "eval") · seed \(seed) · \(network.parameterCount) parameters", .muted),
        ]
        var arithmetic = Self.sampleShape(input.shape)
        for (index, stage) in network.stages.enumerated() {
            arithmetic += " →[\(index) \(type(of: stage).schema.name)]→ " + Self.sampleShape(trace.results[index].output.shape)
        }
        lines.append((arithmetic, .text))
        if let note { lines.append((note, .accent)) }
        var body = canvas.captions(lines, in: full, keeping: 5)
        if !losses.isEmpty, body.height >= 12 {
            // The loss of every step so far, under the maps.
            let (top, curve) = body.splitBottom(Swift.max(6, body.height / 3))
            body = top
            let points = losses.enumerated().map { (x: Double($0.offset + 1), y: Double($0.element)) }
            let plot = LinePlot(series: [.init(name: "loss", points: points)], xLabel: "step", yLabel: "loss per batch",
                                referenceX: [], referenceY: [])
            plot.draw(into: &canvas.grid, area: curve, options: canvas.options)
        }
        var panels = [MapPanel("input \(Self.sampleShape(input.shape))", Self.plane(input))]
        for (index, stage) in network.stages.enumerated() {
            let output = trace.results[index].output
            var panel = MapPanel("[\(index)] \(type(of: stage).schema.name) \(Self.sampleShape(output.shape))", Self.plane(output))
            panel.shortTitle = "[\(index)] \(type(of: stage).schema.name)"
            panels.append(panel)
        }
        // Maps and vectors apart: one cell scale for a 16×16 map and a 512-long row would shrink
        // the maps to nothing. Vectors go below, one per row.
        if let boundary, body.width >= 20 {
            // The decision boundary is the picture of a 2-feature network: the left half, its own scale.
            let what = boundary.classes == 2 ? "P(class 1)" : "predicted class"
            let range = NumberFormat.compact(boundary.range, significant: 3)
            var panel = MapPanel("decision: \(what) over [-\(range), \(range)]², +y up", boundary.plane)
            panel.shortTitle = "decision"
            let (left, rest) = body.splitLeft(body.width / 2)
            canvas.panels([panel], in: left, scope: .local)
            body = rest
        }
        if let confusion, body.width >= 100, body.height >= 20 {
            // On its own, never sampled: a sampled confusion matrix would drop whole classes.
            var panel = MapPanel("confusion: test set, row = true class, column = predicted", confusion.plane)
            panel.shortTitle = "confusion (row true, column predicted)"
            let (rest, right) = body.splitRight(Swift.max(body.width / 3, 24))
            canvas.panels([panel], in: right, scope: .local, sampling: false)
            body = rest
        }
        let maps = panels.filter { $0.plane.rows > 1 }, vectors = panels.filter { $0.plane.rows <= 1 }
        var mapArea = body
        if !vectors.isEmpty {
            let need = Swift.min(vectors.count * 4, maps.isEmpty ? body.height : body.height / 2)
            // Below the maps; at the top when there are only vectors.
            var (top, bottom) = maps.isEmpty ? { let (a, b) = body.splitTop(need); return (b, a) }() : body.splitBottom(need)
            mapArea = top
            // Each vector at its own cell scale: a 10-long output is not sampled like a 512-long row.
            for vector in vectors where bottom.height > 0 {
                let (slot, rest) = bottom.splitTop(Swift.min(4, bottom.height))
                canvas.panels([vector], in: slot, scope: .local)
                bottom = rest
            }
        }
        if !maps.isEmpty { canvas.panels(maps, in: mapArea, scope: .local) }
        return canvas.grid
    }
}
