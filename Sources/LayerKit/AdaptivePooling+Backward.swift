// AdaptivePooling+Backward: the input gradient of AdaptiveMaxPool2d and AdaptiveAvgPool2d, with
// the scatters of Pooling+Backward.swift over the adaptive bins of AdaptivePooling.swift.
//
// Dimension legend: the input is viewed as planes `(P, H, W)` (P = N·C, or C unbatched), the output
// and ∂L/∂output `g` as `(P, H_out, W_out)`. Bin (i, j) covers rows
// [floor(i·H / H_out), ceil((i + 1)·H / H_out)) (kh of them) and likewise kw columns:
//
//     max:     ∂L/∂x[p, idx[p, i, j]] += g[p, i, j]
//     average: ∂L/∂x[p, r, c] += g[p, i, j] / kh / kw     for every cell (r, c) of bin (i, j)
//
// Bins overlap when the sizes do not divide (and repeat cells when H_out > H), so contributions add.
// The average divides as PyTorch's kernel does, by kh then by kw in float32; an output of exactly
// (1, 1) is PyTorch's `input.mean((-1, -2))`, whose backward divides once, by H·W.

extension AdaptiveMaxPool2d: BackwardModule {
    /// ∂L/∂input `(N, C, H, W)` or `(C, H, W)`: each output's gradient goes to the input cell of its
    /// index (the first of tied maxima, the last NaN); overlapping bins add. No parameters.
    public func backward(input: Tensor, forward: ForwardResult, gradOutput: Tensor, training: Bool,
                         wantsInputGradient: Bool) throws -> Gradients {
        guard wantsInputGradient else { return Gradients(input: nil) }
        return Gradients(input: try maxPoolInputGradient(input: input, forward: forward, gradOutput: gradOutput,
                                                         layer: "AdaptiveMaxPool2d"))
    }
}

extension AdaptiveAvgPool2d: BackwardModule {
    /// ∂L/∂input, the input's shape: each output's gradient, divided by its bin's height and then its
    /// width (by H·W at once for a `(1, 1)` output), goes to each input cell of the bin. No parameters.
    public func backward(input: Tensor, forward: ForwardResult, gradOutput: Tensor, training: Bool,
                         wantsInputGradient: Bool) throws -> Gradients {
        guard wantsInputGradient else { return Gradients(input: nil) }
        try checkGradOutputShape(gradOutput, output: forward.output)
        try check(input.rank >= 2 && forward.output.rank == input.rank, .runtimeError, "input",
                  "AdaptiveAvgPool2d's backward needs the input of its forward pass")
        let (_, h, w) = planeLayout(input.shape)
        let (_, outH, outW) = planeLayout(forward.output.shape)
        // The bins of one output plane, row-major, with the forward's arithmetic.
        let rowBins = (0..<outH).map { AdaptiveBins.range($0, inputSize: h, outputSize: outH) }
        let columnBins = (0..<outW).map { AdaptiveBins.range($0, inputSize: w, outputSize: outW) }
        let bins = rowBins.flatMap { rows in
            columnBins.map { columns in
                AvgPoolWindow(paddedRows: rows, paddedColumns: columns, rows: rows, columns: columns,
                              divisor: rows.count * columns.count)
            }
        }
        // g / kh / kw; the (1, 1) mean's g / (H·W) is g / (kh·kw) / 1 (dividing by 1 is exact).
        let divisors = bins.map { bin in
            outH == 1 && outW == 1 ? (first: Float(bin.divisor), second: Float(1))
                : (first: Float(bin.rows.count), second: Float(bin.columns.count))
        }
        let gradient = averagePoolInputGradient(input: input, gradOutput: gradOutput, windows: bins, divisors: divisors)
        return Gradients(input: gradient)
    }
}
