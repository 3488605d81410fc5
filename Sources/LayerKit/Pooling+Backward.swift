// Pooling+Backward: the input gradient of the four pools. A max pool sends each output's gradient
// to the input cell its forward pass picked (the index it returned), adding where windows overlap;
// an average pool spreads it evenly over the window's input cells, divided by the forward's divisor.
//
// Dimension legend: the input is viewed as planes `(P, H, W)` (P = N·C, or C unbatched), the
// output as `(P, H_out, W_out)`; indices are `row·W + col` within a plane.

/// Scatters `gradOutput` into a zero tensor of the input's shape at the forward pass's indices.
private func scatterToIndices(_ input: Tensor, _ forward: ForwardResult, _ gradOutput: Tensor,
                              layer: String) throws -> Tensor {
    try checkGradOutputShape(gradOutput, output: forward.output)
    guard let indices = forward.indices, indices.count == gradOutput.count else {
        throw LayerError(.runtimeError, "indices", "\(layer)'s backward needs the indices of its forward pass")
    }
    var gradient = [Float](repeating: 0, count: input.count)
    let (planes, h, w) = planeLayout(input.shape)
    let outPlane = planes > 0 ? gradOutput.count / planes : 0
    gradient.withUnsafeMutableBufferPointer { gx in
        gradOutput.storage.withUnsafeBufferPointer { g in
            indices.storage.withUnsafeBufferPointer { idx in
                for plane in 0..<planes {
                    let base = plane * h * w, first = plane * outPlane
                    for o in first..<(first + outPlane) {
                        let i = Int(idx[o])
                        if i >= 0 && i < h * w { gx[base + i] += g[o] }
                    }
                }
            }
        }
    }
    return Tensor(shape: input.shape, storage: gradient)
}

extension MaxPool2d: BackwardModule {
    /// Each output's gradient goes to the input cell of its index; overlapping windows add.
    public func backward(input: Tensor, forward: ForwardResult, gradOutput: Tensor, training: Bool,
                         wantsInputGradient: Bool) throws -> Gradients {
        guard wantsInputGradient else { return Gradients(input: nil) }
        return Gradients(input: try scatterToIndices(input, forward, gradOutput, layer: "MaxPool2d"))
    }
}

extension AdaptiveMaxPool2d: BackwardModule {
    /// Each output's gradient goes to the input cell of its index; overlapping bins add.
    public func backward(input: Tensor, forward: ForwardResult, gradOutput: Tensor, training: Bool,
                         wantsInputGradient: Bool) throws -> Gradients {
        guard wantsInputGradient else { return Gradients(input: nil) }
        return Gradients(input: try scatterToIndices(input, forward, gradOutput, layer: "AdaptiveMaxPool2d"))
    }
}

/// Spreads each output's gradient over its window: `g / divisor` to every input cell of window
/// `cells[position]` (the windows of one output plane, row-major), in every plane.
private func spreadOverWindows(_ input: Tensor, _ gradOutput: Tensor,
                               cells: [(rows: Range<Int>, columns: Range<Int>, divisor: Float)]) -> Tensor {
    var gradient = [Float](repeating: 0, count: input.count)
    let (planes, h, w) = planeLayout(input.shape)
    gradient.withUnsafeMutableBufferPointer { gx in
        gradOutput.storage.withUnsafeBufferPointer { g in
            for plane in 0..<planes {
                let base = plane * h * w, first = plane * cells.count
                for (position, cell) in cells.enumerated() {
                    let share = g[first + position] / cell.divisor
                    for r in cell.rows {
                        for c in cell.columns { gx[base + r * w + c] += share }
                    }
                }
            }
        }
    }
    return Tensor(shape: input.shape, storage: gradient)
}

extension AvgPool2d: BackwardModule {
    /// Each output's gradient, divided by the divisor its forward pass used (`divisor_override`,
    /// the padded window, or the input cells), goes to each input cell of its window.
    public func backward(input: Tensor, forward: ForwardResult, gradOutput: Tensor, training: Bool,
                         wantsInputGradient: Bool) throws -> Gradients {
        guard wantsInputGradient else { return Gradients(input: nil) }
        try checkGradOutputShape(gradOutput, output: forward.output)
        let (_, h, w) = planeLayout(input.shape)
        let (_, outH, outW) = planeLayout(forward.output.shape)
        var cells: [(rows: Range<Int>, columns: Range<Int>, divisor: Float)] = []
        cells.reserveCapacity(outH * outW)
        for i in 0..<outH {
            for j in 0..<outW {
                let cell = window(row: i, column: j, inputHeight: h, inputWidth: w)
                cells.append((cell.isEmpty ? 0..<0 : cell.rows, cell.isEmpty ? 0..<0 : cell.columns, Float(cell.divisor)))
            }
        }
        return Gradients(input: spreadOverWindows(input, gradOutput, cells: cells))
    }
}

extension AdaptiveAvgPool2d: BackwardModule {
    /// Each output's gradient, divided by its bin's size, goes to each input cell of the bin.
    public func backward(input: Tensor, forward: ForwardResult, gradOutput: Tensor, training: Bool,
                         wantsInputGradient: Bool) throws -> Gradients {
        guard wantsInputGradient else { return Gradients(input: nil) }
        try checkGradOutputShape(gradOutput, output: forward.output)
        let (_, h, w) = planeLayout(input.shape)
        let (_, outH, outW) = planeLayout(forward.output.shape)
        var cells: [(rows: Range<Int>, columns: Range<Int>, divisor: Float)] = []
        cells.reserveCapacity(outH * outW)
        for i in 0..<outH {
            let rows = AdaptiveBins.range(i, inputSize: h, outputSize: outH)
            for j in 0..<outW {
                let columns = AdaptiveBins.range(j, inputSize: w, outputSize: outW)
                cells.append((rows, columns, Float(rows.count * columns.count)))
            }
        }
        return Gradients(input: spreadOverWindows(input, gradOutput, cells: cells))
    }
}
