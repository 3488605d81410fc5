// Pooling+FastPath: the max-pool scan of MaxPool2d and AdaptiveMaxPool2d and the window averages
// of AvgPool2d over raw buffers, one `(H, W)` plane per kernel thread — the same windows, the same
// order, the same comparisons and float32 sums as the references they are tested against
// (`maxPoolPlanes`, `AvgPool2d.referenceAveragePlanes`), so the results are identical.

/// The windows of one axis in one array: for n windows, `first` of each (the tap named when nothing
/// beats −∞), then n + 1 bounds (window i's taps lie between bounds i and i + 1), then the taps.
private struct FlatWindows: Sendable {
    /// n.
    let outputs: Int
    /// first[0..<n], bounds[0...n] (offsets into the whole array), taps.
    let storage: [Int]

    /// The windows of output indices `0..<outputs`, each tap multiplied by `scale` (W for rows, so a
    /// row tap is already an offset into the plane).
    ///
    /// The table's size is reserved in the memory budget first (`axis` names the parameter).
    init<Taps: Sequence<Int>>(_ outputs: Int, scale: Int, axis: String,
                              _ window: (Int) -> (first: Int, taps: Taps)) throws {
        var total = 2 * outputs + 1
        for index in 0..<outputs {
            if index & 1023 == 0 { try Workload.checkCancelled() }
            total = total.addingReportingOverflow(window(index).taps.reduce(0) { n, _ in n + 1 }).partialValue
            if total < 0 { total = Int.max }
        }
        try MemoryBudget.reserve(elements: total, of: MemoryLayout<Int>.stride,
                                 for: "the table of \(outputs) windows along the \(axis)", subject: "kernel_size")
        self.outputs = outputs
        var firsts: [Int] = [], bounds: [Int] = [], taps: [Int] = []
        let tapsStart = 2 * outputs + 1
        for index in 0..<outputs {
            let (firstTap, windowTaps) = window(index)
            firsts.append(firstTap)
            bounds.append(tapsStart + taps.count)
            taps.append(contentsOf: windowTaps.lazy.map { $0 * scale })
        }
        bounds.append(tapsStart + taps.count)
        storage = firsts + bounds + taps
    }
}

/// `FlatWindows` read through a pointer.
private struct WindowTable {
    let base: UnsafePointer<Int>
    let outputs: Int

    /// The tap window `i` names when nothing beats −∞.
    @inline(__always) func first(_ i: Int) -> Int { base[i] }
    /// The positions in `base` of window `i`'s taps.
    @inline(__always) func taps(_ i: Int) -> Range<Int> { base[outputs + i]..<base[outputs + i + 1] }
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
) throws -> ForwardResult {
    let (planes, h, w) = planeLayout(input.shape)
    let outH = outShape[outShape.count - 2], outW = outShape[outShape.count - 1]
    // out and indices are outShape: (N, C, H_out, W_out) or (C, H_out, W_out)
    var out = Tensor(shape: outShape)
    var indices = IndexTensor(shape: outShape)
    if out.count == 0 { return ForwardResult(output: out, indices: indices) }
    let rows = try FlatWindows(outH, scale: w, axis: "height", rowWindow)
    let columns = try FlatWindows(outW, scale: 1, axis: "width", columnWindow)
    let outPlane = outH * outW
    input.storage.withUnsafeBufferPointer { xs in
        out.storage.withUnsafeMutableBufferPointer { os in
            indices.storage.withUnsafeMutableBufferPointer { ids in
                let x = SharedPointer(base: xs.baseAddress!)
                let values = SharedMutablePointer(base: os.baseAddress!)
                let positions = SharedMutablePointer(base: ids.baseAddress!)
                let perThread = Swift.max(1, 16_384 / outPlane)
                KernelThreads.forEachSlice(planes, minimumPerThread: perThread) { slice in
                    rows.storage.withUnsafeBufferPointer { rowStorage in
                        columns.storage.withUnsafeBufferPointer { columnStorage in
                            let rowTable = WindowTable(base: rowStorage.baseAddress!, outputs: outH)
                            let columnTable = WindowTable(base: columnStorage.baseAddress!, outputs: outW)
                            for plane in slice {
                                let inPlane = x.base + plane * h * w
                                let outBase = plane * outPlane
                                for outRow in 0..<outH {
                                    if Workload.stopRequested { return }  // the result is discarded
                                    let rowTaps = rowTable.taps(outRow)
                                    let rowFirst = rowTable.first(outRow) &* w
                                    let outRowBase = outBase + outRow * outW
                                    var outCol = 0
                                    while outCol < outW {
                                        // A window may hold millions of taps: ask now and then.
                                        if outCol & 63 == 0, Workload.stopRequested { return }
                                        if outCol + 8 <= outW,
                                           eightColumns(from: outCol, columnTable, rowTaps: rowTaps, rowTable: rowTable,
                                                        rowFirst: rowFirst, plane: inPlane,
                                                        values: values.base + outRowBase, positions: positions.base + outRowBase) {
                                            outCol += 8
                                            continue
                                        }
                                        var best = RunningMaximum(index: rowFirst &+ columnTable.first(outCol))
                                        for rowTap in rowTaps {
                                            let rowOffset = rowTable.base[rowTap]  // inRow·W
                                            for colTap in columnTable.taps(outCol) {
                                                let index = rowOffset + columnTable.base[colTap]
                                                best.offer(inPlane[index], at: index)
                                            }
                                        }
                                        values.base[outRowBase + outCol] = best.value
                                        positions.base[outRowBase + outCol] = Int64(best.index)
                                        outCol += 1
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
                            if position & 63 == 0, Workload.stopRequested { return }  // the result is discarded
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

/// Output columns `first ..< first + 8` of one output row at once, one lane each, when their windows
/// have the same number of column taps (else nothing is written and the result is false).
///
/// Each lane visits its window's taps in the scalar order (rows, then columns) and applies the same
/// rule — a value replaces the maximum when it is greater or NaN — without a branch, so random
/// data no longer mispredicts. `values` and `positions` point at the output row.
@inline(__always)
private func eightColumns(from first: Int, _ columns: WindowTable, rowTaps: Range<Int>, rowTable: WindowTable,
                          rowFirst: Int, plane: UnsafePointer<Float>,
                          values: UnsafeMutablePointer<Float>, positions: UnsafeMutablePointer<Int64>) -> Bool {
    let tapCount = columns.taps(first).count
    var starts = SIMD8<Int>()
    for lane in 0..<8 {
        let taps = columns.taps(first + lane)
        if taps.count != tapCount { return false }
        starts[lane] = taps.lowerBound
    }
    var best = SIMD8<Float>(repeating: -.infinity)
    // Indices within a plane fit 32 bits (a plane is at most 2²⁸ floats), as the masks of Float want.
    var bestIndex = SIMD8<Int32>()
    for lane in 0..<8 { bestIndex[lane] = Int32(truncatingIfNeeded: rowFirst &+ columns.first(first + lane)) }
    for rowTap in rowTaps {
        let rowOffset = rowTable.base[rowTap]  // inRow·W
        for tap in 0..<tapCount {
            var index = SIMD8<Int32>()
            var candidate = SIMD8<Float>()
            for lane in 0..<8 {
                let offset = rowOffset + columns.base[starts[lane] + tap]
                index[lane] = Int32(truncatingIfNeeded: offset)
                candidate[lane] = plane[offset]
            }
            let wins = (candidate .> best) .| (candidate .!= candidate)
            best.replace(with: candidate, where: wins)
            bestIndex.replace(with: index, where: wins)
        }
    }
    for lane in 0..<8 {
        values[first + lane] = best[lane]
        positions[first + lane] = Int64(bestIndex[lane])
    }
    return true
}
