// Pooling+FastPath: the max-pool scan of MaxPool2d and AdaptiveMaxPool2d and the window averages
// of AvgPool2d over raw buffers, one `(H, W)` plane per kernel thread — the same windows, the same
// order, the same comparisons and float32 sums as the references they are tested against
// (`maxPoolPlanes`, `AvgPool2d.referenceAveragePlanes`), so the results are identical.

/// The windows of one axis, flattened: window i reads taps `taps[start[i] ..< start[i] + count[i]]`
/// and names `first[i]` when nothing beats −∞.
private struct FlatWindows: Sendable {
    var first: [Int] = []
    var start: [Int] = []
    var count: [Int] = []
    var taps: [Int] = []

    /// The windows of output indices `0..<outputs`, each tap multiplied by `scale` (W for rows, so a
    /// row tap is already an offset into the plane).
    init<Taps: Sequence<Int>>(_ outputs: Int, scale: Int, _ window: (Int) -> (first: Int, taps: Taps)) {
        for index in 0..<outputs {
            let (firstTap, windowTaps) = window(index)
            first.append(firstTap)
            start.append(taps.count)
            taps.append(contentsOf: windowTaps.lazy.map { $0 * scale })
            count.append(taps.count - start[index])
        }
    }
}

/// `maxPoolPlanes` on every kernel thread: the maximum of every window of every `(H, W)` plane of
/// `input` and its index `row·W + col` within the plane.
///
/// Same arguments and results as `maxPoolPlanes`: a value replaces the running maximum when it is
/// greater or NaN, windows are scanned row by row, the index of a window without a winner is its
/// first row·W + first column.
func maxPoolPlanesFast<Rows: Sequence<Int>, Columns: Sequence<Int>>(
    _ input: Tensor, outShape: [Int],
    rowWindow: (Int) -> (first: Int, taps: Rows),
    columnWindow: (Int) -> (first: Int, taps: Columns)
) -> ForwardResult {
    let (planes, h, w) = planeLayout(input.shape)
    let outH = outShape[outShape.count - 2], outW = outShape[outShape.count - 1]
    // out and indices are outShape: (N, C, H_out, W_out) or (C, H_out, W_out)
    var out = Tensor(shape: outShape)
    var indices = IndexTensor(shape: outShape)
    if out.count == 0 { return ForwardResult(output: out, indices: indices) }
    let rows = FlatWindows(outH, scale: w, rowWindow)
    let columns = FlatWindows(outW, scale: 1, columnWindow)
    let outPlane = outH * outW
    input.storage.withUnsafeBufferPointer { xs in
        out.storage.withUnsafeMutableBufferPointer { os in
            indices.storage.withUnsafeMutableBufferPointer { ids in
                let x = SharedPointer(base: xs.baseAddress!)
                let values = SharedMutablePointer(base: os.baseAddress!)
                let positions = SharedMutablePointer(base: ids.baseAddress!)
                let perThread = Swift.max(1, 16_384 / outPlane)
                KernelThreads.forEachSlice(planes, minimumPerThread: perThread) { slice in
                    rows.taps.withUnsafeBufferPointer { rowTaps in
                        columns.taps.withUnsafeBufferPointer { colTaps in
                            for plane in slice {
                                let inPlane = x.base + plane * h * w
                                let outBase = plane * outPlane
                                for outRow in 0..<outH {
                                    let rowStart = rows.start[outRow], rowEnd = rowStart + rows.count[outRow]
                                    for outCol in 0..<outW {
                                        let colStart = columns.start[outCol], colEnd = colStart + columns.count[outCol]
                                        var best = RunningMaximum(index: rows.first[outRow] &* w &+ columns.first[outCol])
                                        for rowTap in rowStart..<rowEnd {
                                            let rowOffset = rowTaps[rowTap]  // inRow·W
                                            for colTap in colStart..<colEnd {
                                                let index = rowOffset + colTaps[colTap]
                                                best.offer(inPlane[index], at: index)
                                            }
                                        }
                                        values.base[outBase + outRow * outW + outCol] = best.value
                                        positions.base[outBase + outRow * outW + outCol] = Int64(best.index)
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
    return ForwardResult(output: out, indices: indices)
}

extension AvgPool2d {
    /// `referenceAveragePlanes` on every kernel thread: the same float32 sums in the same order.
    static func averagePlanesFast(_ input: Tensor, cells: [AvgPoolWindow]) -> [Float] {
        let (planes, h, w) = planeLayout(input.shape)
        let outPlane = cells.count
        var out = [Float](repeating: 0, count: planes * outPlane)
        input.storage.withUnsafeBufferPointer { xs in
            out.withUnsafeMutableBufferPointer { os in
                let x = SharedPointer(base: xs.baseAddress!), values = SharedMutablePointer(base: os.baseAddress!)
                let count = xs.count
                KernelThreads.forEachSlice(planes, minimumPerThread: Swift.max(1, 16_384 / outPlane)) { slice in
                    let source = UnsafeBufferPointer(start: x.base, count: count)
                    for plane in slice {
                        for position in 0..<outPlane {
                            let cell = cells[position]
                            if cell.isEmpty { continue }
                            let sum = windowSum(source, planeBase: plane * h * w, width: w, rows: cell.rows,
                                                columns: cell.columns)
                            values.base[plane * outPlane + position] = sum / Float(cell.divisor)
                        }
                    }
                }
            }
        }
        return out
    }
}
