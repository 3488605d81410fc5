// ReceptiveField: which cells of a network's input one output element of a stage depends on —
// traced back stage by stage through the windows of the convolutions and pools (the windows of
// the span's two corners bound it; element-wise stages keep it). The question one layer alone
// cannot answer: how the field grows as convolutions and pools are stacked.

import LayerKit

/// The input rows and columns an output element of a stage reads, through every stage before it.
public struct ReceptiveField: Sendable, Equatable {
    /// The stage, and the output element's row and column.
    public var stage: Int
    public var row: Int
    public var column: Int
    /// The input cells (rows and columns of the network's input).
    public var rows: ClosedRange<Int>
    public var columns: ClosedRange<Int>
    /// The field's size at the input of each stage, traced back from the stage to the network's
    /// input: `[(2, 2), (2, 2), (4, 4)]` for out[c, r, c] of conv 3×3 (padding 1), ReLU, max pool 2
    /// read from the pool's input, the ReLU's, the convolution's.
    public var growth: [(height: Int, width: Int)]

    public static func == (a: ReceptiveField, b: ReceptiveField) -> Bool {
        a.stage == b.stage && a.row == b.row && a.column == b.column && a.rows == b.rows && a.columns == b.columns
            && a.growth.map(\.height) == b.growth.map(\.height) && a.growth.map(\.width) == b.growth.map(\.width)
    }

    /// The field of output `(row, column)` of stage `stage` in a forward pass `trace` of `model`
    /// (item 0, channel 0); nil when a stage on the way is not spatial (Flatten, Linear: every input
    /// cell) or the position is outside the output.
    public init?(model: Sequential, trace: Sequential.Trace, stage: Int, row: Int, column: Int) {
        guard model.stages.indices.contains(stage), trace.results.indices.contains(stage) else { return nil }
        let output = trace.results[stage].output
        guard output.rank == 4, (0..<output.shape[2]).contains(row), (0..<output.shape[3]).contains(column) else { return nil }
        var rows = row...row, columns = column...column
        var sizes: [(Int, Int)] = []
        for index in stride(from: stage, through: 0, by: -1) {
            let input = trace.inputs[index]
            guard input.rank == 4, input.shape[2] > 0, input.shape[3] > 0 else { return nil }
            let layer = model.stages[index]
            if trace.results[index].output.shape == input.shape, !(layer is Conv2d), !(layer is MaxPool2d), !(layer is AvgPool2d) {
                // Element-wise (activations, BatchNorm2d, dropout): the same cells.
                sizes.append((rows.count, columns.count))
                continue
            }
            guard let first = ReceptiveField.window(of: layer, input: input, row: rows.lowerBound, column: columns.lowerBound),
                  let last = ReceptiveField.window(of: layer, input: input, row: rows.upperBound, column: columns.upperBound)
            else { return nil }
            rows = first.rows.lowerBound...Swift.max(first.rows.upperBound, last.rows.upperBound)
            columns = first.columns.lowerBound...Swift.max(first.columns.upperBound, last.columns.upperBound)
            sizes.append((rows.count, columns.count))
        }
        self.stage = stage
        self.row = row
        self.column = column
        self.rows = rows
        self.columns = columns
        growth = sizes
    }

    /// The input cells (not padding, not overhang) output `(row, column)` of `layer` reads in
    /// item 0, channel 0 of `input`.
    static func window(of layer: any BackwardModule, input: Tensor, row: Int, column: Int)
        -> (rows: ClosedRange<Int>, columns: ClosedRange<Int>)? {
        let h = input.shape[2], w = input.shape[3]
        let plane = Array(input.storage[0..<(h * w)])
        let taps: WindowTaps?
        switch layer {
        case let conv as Conv2d: taps = conv.trace(input: input, outChannel: 0, row: row, column: column)?.terms.first?.window
        case let pool as MaxPool2d: taps = pool.trace(plane: plane, height: h, width: w, row: row, column: column)?.window
        case let pool as AvgPool2d: taps = pool.trace(plane: plane, height: h, width: w, row: row, column: column)?.window
        case let pool as AdaptiveMaxPool2d: taps = pool.trace(plane: plane, height: h, width: w, row: row, column: column)?.window
        case let pool as AdaptiveAvgPool2d: taps = pool.trace(plane: plane, height: h, width: w, row: row, column: column)?.window
        default: taps = nil
        }
        let inside = (taps?.taps ?? []).filter { $0.kind == .input }
        guard let top = inside.map(\.row).min(), let bottom = inside.map(\.row).max(),
              let left = inside.map(\.column).min(), let right = inside.map(\.column).max() else { return nil }
        return (top...bottom, left...right)
    }
}
