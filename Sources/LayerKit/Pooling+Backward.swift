// Pooling+Backward: the input gradient of MaxPool2d and AvgPool2d, and the two scatters every pool's
// backward is made of (AdaptivePooling+Backward.swift uses them for the adaptive pools).
//
// Dimension legend: the input is viewed as planes `(P, H, W)` (P = N·C, or C unbatched), the
// output and ∂L/∂output `g` as `(P, H_out, W_out)`; indices are `row·W + col` within a plane.
//
//     max pool:     ∂L/∂x[p, idx[p, i, j]] += g[p, i, j]          (idx: the forward's argmax)
//     average pool: ∂L/∂x[p, r, c] += g[p, i, j] / divisor(i, j)   for every input cell (r, c) of
//                                                                 window (i, j)
//
// Windows may overlap (stride < kernel, adaptive bins), so contributions add. A max pool's gradient
// goes exactly where its forward pass's index points: the first of tied maxima, the last NaN, as
// PyTorch's `max_pool2d_with_indices_backward` does with the indices it saved. An average pool
// divides each output's gradient once, in float32, by the divisor its forward pass used, then adds
// the quotient to each input cell of the window (PyTorch's `avg_pool2d_backward`); padding cells
// receive nothing.

// MARK: - Shared scatters

/// A max pool's input gradient: `gradOutput` added into a zero tensor of the input's shape at the
/// forward pass's indices (`row·W + col` within each plane); several outputs with the same index add.
///
/// Throws when `gradOutput` is not shaped like the forward's output or the indices are missing.
func maxPoolInputGradient(input: Tensor, forward: ForwardResult, gradOutput: Tensor,
                          layer: String) throws -> Tensor {
    try checkGradOutputShape(gradOutput, output: forward.output)
    guard let indices = forward.indices, indices.count == gradOutput.count else {
        throw LayerError(.runtimeError, "indices", "\(layer)'s backward needs the indices of its forward pass")
    }
    // gradient is the input's shape: (N, C, H, W) or (C, H, W)
    var gradient = [Float](repeating: 0, count: input.count)
    let (planes, h, w) = planeLayout(input.shape)
    let planeSize = h * w
    let outPlane = planes > 0 ? gradOutput.count / planes : 0
    gradient.withUnsafeMutableBufferPointer { gx in
        gradOutput.storage.withUnsafeBufferPointer { g in
            indices.storage.withUnsafeBufferPointer { idx in
                guard let gx = gx.baseAddress, let g = g.baseAddress, let idx = idx.baseAddress else { return }
                for plane in 0..<planes {
                    let target = gx + plane * planeSize, first = plane * outPlane
                    for o in first..<(first + outPlane) {
                        // The forward never reports a cell outside the plane; a foreign index is skipped.
                        let i = Int(truncatingIfNeeded: idx[o])
                        if UInt(bitPattern: i) < UInt(planeSize) { target[i] += g[o] }
                    }
                }
            }
        }
    }
    return Tensor(shape: input.shape, storage: gradient)
}

/// An average pool's input gradient: for every plane and every window of `windows` (the windows of
/// one output plane, row-major, as the forward pass built them), the window's output gradient
/// divided by `divisors[position].first` and then by `.second` (in float32, as the forward divided
/// its sum) is added to each input cell `rows × columns` of the window.
func averagePoolInputGradient(input: Tensor, gradOutput: Tensor, windows: [AvgPoolWindow],
                              divisors: [(first: Float, second: Float)]) -> Tensor {
    precondition(divisors.count == windows.count, "one divisor pair per window")
    // gradient is the input's shape: (N, C, H, W) or (C, H, W)
    var gradient = [Float](repeating: 0, count: input.count)
    let (planes, h, w) = planeLayout(input.shape)
    let planeSize = h * w, count = windows.count
    // The windows as flat bounds with their divisors, empty ones (no input cell) left out.
    var cells: [(position: Int, top: Int, bottom: Int, left: Int, right: Int, first: Float, second: Float)] = []
    cells.reserveCapacity(count)
    for (position, window) in windows.enumerated() where !window.isEmpty {
        cells.append((position, window.rows.lowerBound, window.rows.upperBound,
                      window.columns.lowerBound, window.columns.upperBound,
                      divisors[position].first, divisors[position].second))
    }
    gradient.withUnsafeMutableBufferPointer { gx in
        gradOutput.storage.withUnsafeBufferPointer { g in
            cells.withUnsafeBufferPointer { cells in
                guard let gx = gx.baseAddress, let g = g.baseAddress else { return }
                for plane in 0..<planes {
                    let target = gx + plane * planeSize, planeGradient = g + plane * count
                    for cell in cells {
                        let delta = planeGradient[cell.position] / cell.first / cell.second
                        var row = target + cell.top * w
                        for _ in cell.top..<cell.bottom {
                            for c in cell.left..<cell.right { row[c] += delta }
                            row += w
                        }
                    }
                }
            }
        }
    }
    return Tensor(shape: input.shape, storage: gradient)
}

// MARK: - MaxPool2d

extension MaxPool2d: BackwardModule {
    /// ∂L/∂input `(N, C, H, W)` or `(C, H, W)`: each output's gradient goes to the input cell of its
    /// index (the first of tied maxima, the last NaN); overlapping windows add. No parameters.
    public func backward(input: Tensor, forward: ForwardResult, gradOutput: Tensor, training: Bool,
                         wantsInputGradient: Bool) throws -> Gradients {
        guard wantsInputGradient else { return Gradients(input: nil) }
        return Gradients(input: try maxPoolInputGradient(input: input, forward: forward, gradOutput: gradOutput,
                                                         layer: "MaxPool2d"))
    }
}

// MARK: - AvgPool2d

extension AvgPool2d: BackwardModule {
    /// ∂L/∂input `(N, C, H, W)` or `(C, H, W)`: each output's gradient, divided by the divisor its
    /// forward pass used (`divisor_override`, the padded window clipped at the padded edge, or the
    /// window's input cells), goes to each input cell of its window. No parameters.
    public func backward(input: Tensor, forward: ForwardResult, gradOutput: Tensor, training: Bool,
                         wantsInputGradient: Bool) throws -> Gradients {
        guard wantsInputGradient else { return Gradients(input: nil) }
        try checkGradOutputShape(gradOutput, output: forward.output)
        try check(input.rank >= 3 && forward.output.rank == input.rank, .runtimeError, "input",
                  "AvgPool2d's backward needs the input of its forward pass")
        let (_, h, w) = planeLayout(input.shape)
        let (_, outH, outW) = planeLayout(forward.output.shape)
        let cells = windows(rowAxis: heightAxis(h), colAxis: widthAxis(w), outH: outH, outW: outW)
        // g / divisor (/ 1, which is exact)
        let divisors = cells.map { (first: Float($0.divisor), second: Float(1)) }
        return Gradients(input: averagePoolInputGradient(input: input, gradOutput: gradOutput, windows: cells,
                                                         divisors: divisors))
    }
}
