// Tensor+Description: printing tensors the way PyTorch's `print(tensor)` does.
//
// Follows `torch/_tensor_str.py` with the default print options (precision 4, line width 80,
// summarisation above 1000 elements with 3 edge items): one formatter for the whole tensor choosing
// integer mode, fixed or scientific notation; elements right-aligned to a common width.

/// PyTorch's default print options.
private enum PrintOptions {
    static let precision = 4
    static let lineWidth = 80
    static let threshold = 1000
    static let edgeItems = 3
}

extension Tensor {
    /// The text `print(t)` shows in PyTorch, e.g. `tensor([[0.1000, 2.0000]])`.
    public var torchDescription: String {
        torchTensorText(shape: shape, values: storage.map(Double.init), floating: true)
    }
}

extension IndexTensor {
    /// The text `print(t)` shows in PyTorch for an int64 tensor, e.g. `tensor([1, 7])`.
    public var torchDescription: String {
        torchTensorText(shape: shape, values: storage.map(Double.init), floating: false)
    }
}

private func torchTensorText(shape: [Int], values: [Double], floating: Bool) -> String {
    let prefix = "tensor("
    var suffixes: [String] = []
    var body: String
    if values.isEmpty {
        body = "[]"
        if shape != [0] { suffixes.append("size=(" + shape.map(String.init).joined(separator: ", ") + (shape.count == 1 ? ",)" : ")")) }
        if !floating { suffixes.append("dtype=torch.int64") }
    } else {
        let summarize = values.count > PrintOptions.threshold
        let shown = summarize ? summarizedValues(shape: shape, values: values) : values
        let formatter = TorchFormatter(values: shown, floating: floating)
        body = render(shape: shape, values: values, offset: 0, dim: 0,
                      indent: prefix.count, summarize: summarize, formatter: formatter)
    }
    return prefix + ([body] + suffixes).joined(separator: ", ") + ")"
}

/// The values PyTorch's formatter looks at when it summarises: 3 edge items per dimension.
private func summarizedValues(shape: [Int], values: [Double]) -> [Double] {
    func collect(offset: Int, dim: Int, into out: inout [Double]) {
        if dim == shape.count { out.append(values[offset]); return }
        let size = shape[dim]
        let stride = Array(shape[(dim + 1)...]).elementCount
        let indices: [Int] = size > 2 * PrintOptions.edgeItems
            ? Array(0..<PrintOptions.edgeItems) + Array((size - PrintOptions.edgeItems)..<size)
            : Array(0..<size)
        for i in indices { collect(offset: offset + i * stride, dim: dim + 1, into: &out) }
    }
    var out: [Double] = []
    collect(offset: 0, dim: 0, into: &out)
    return out
}

private func render(shape: [Int], values: [Double], offset: Int, dim: Int, indent: Int,
                    summarize: Bool, formatter: TorchFormatter) -> String {
    let rank = shape.count
    if rank == 0 { return formatter.format(values[0]) }
    let size = shape[dim]
    let edge = PrintOptions.edgeItems
    let elided = summarize && size > 2 * edge
    if dim == rank - 1 {
        // A vector: as many elements per line as fit in the line width.
        let elementLength = formatter.width + 2
        let perLine = Swift.max(1, (PrintOptions.lineWidth - indent) / elementLength)
        var items: [String]
        if elided {
            items = (0..<edge).map { formatter.format(values[offset + $0]) } + [" ..."]
                + ((size - edge)..<size).map { formatter.format(values[offset + $0]) }
        } else {
            items = (0..<size).map { formatter.format(values[offset + $0]) }
        }
        var lines: [String] = []
        var start = 0
        while start < items.count {
            lines.append(items[start..<Swift.min(start + perLine, items.count)].joined(separator: ", "))
            start += perLine
        }
        return "[" + lines.joined(separator: ",\n" + String(repeating: " ", count: indent + 1)) + "]"
    }
    let stride = Array(shape[(dim + 1)...]).elementCount
    func slice(_ i: Int) -> String {
        render(shape: shape, values: values, offset: offset + i * stride, dim: dim + 1,
               indent: indent + 1, summarize: summarize, formatter: formatter)
    }
    let slices: [String] = elided
        ? (0..<edge).map(slice) + ["..."] + ((size - edge)..<size).map(slice)
        : (0..<size).map(slice)
    let separator = "," + String(repeating: "\n", count: rank - dim - 1) + String(repeating: " ", count: indent + 1)
    return "[" + slices.joined(separator: separator) + "]"
}

/// PyTorch's `_Formatter`: one number format and width for a whole tensor.
private struct TorchFormatter {
    let floating: Bool
    var intMode = true
    var sciMode = false
    var width = 1

    init(values: [Double], floating: Bool) {
        self.floating = floating
        let precision = PrintOptions.precision
        guard floating else {
            for v in values { width = Swift.max(width, String(Int64(v)).count) }
            return
        }
        let finite = values.filter { $0.isFinite && $0 != 0 }
        guard !finite.isEmpty else { return }
        let magnitudes = finite.map { Swift.abs($0) }
        let minimum = magnitudes.min()!
        let maximum = magnitudes.max()!
        intMode = finite.allSatisfy { $0 == $0.rounded(.up) }
        if intMode {
            if maximum / minimum > 1000 || maximum > 1e8 {
                sciMode = true
                for v in finite { width = Swift.max(width, cFormat("%.\(precision)e", v).count) }
            } else {
                for v in finite { width = Swift.max(width, cFormat("%.0f", v).count + 1) }
            }
        } else if maximum / minimum > 1000 || maximum > 1e8 || minimum < 1e-4 {
            sciMode = true
            for v in finite { width = Swift.max(width, cFormat("%.\(precision)e", v).count) }
        } else {
            for v in finite { width = Swift.max(width, cFormat("%.\(precision)f", v).count) }
        }
    }

    func format(_ value: Double) -> String {
        let precision = PrintOptions.precision
        var text: String
        if !floating {
            text = String(Int64(value))
        } else if !value.isFinite {
            text = value.isNaN ? "nan" : (value > 0 ? "inf" : "-inf")
        } else if sciMode {
            text = cFormat("%.\(precision)e", value)
        } else if intMode {
            text = cFormat("%.0f", value) + "."
        } else {
            text = cFormat("%.\(precision)f", value)
        }
        return String(repeating: " ", count: Swift.max(0, width - text.count)) + text
    }
}
