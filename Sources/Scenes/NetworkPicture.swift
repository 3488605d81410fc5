// NetworkPicture: the pipeline of an `nn.Sequential` run once on random values — the input, then
// each stage's output for the first sample, side by side on its own scale, each titled with its
// stage number, layer and shape, and the shape arithmetic from input to output spelled out above
// them. What `render` prints for a network no data set suits (NetworkScreen draws the others).

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
        let body = canvas.captions(lines, in: full, keeping: 5)
        var panels = [MapPanel("input \(Self.sampleShape(input.shape))", Self.plane(input))]
        for (index, stage) in network.stages.enumerated() {
            let output = trace.results[index].output
            var panel = MapPanel("[\(index)] \(type(of: stage).schema.name) \(Self.sampleShape(output.shape))", Self.plane(output))
            panel.shortTitle = "[\(index)] \(type(of: stage).schema.name)"
            panels.append(panel)
        }
        // Maps and vectors apart: one cell scale for a 16×16 map and a 512-long row would shrink
        // the maps to nothing. Vectors go below, one per row.
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
