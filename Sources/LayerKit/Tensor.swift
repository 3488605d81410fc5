// Tensor: the one numeric container of LayerKit.
//
// Contiguous Float32 storage in row-major (C) order plus a shape. Image tensors are NCHW:
//   N = batch, C = channels, H = height (rows), W = width (columns).
// There are no nested arrays and no views: an element's offset is Σ index[d]·stride[d].

/// A dense, row-major array of `Float` with a shape.
///
/// A rank-0 tensor (`shape == []`) holds one value, as a 0-d tensor does in PyTorch.
public struct Tensor: Sendable, Equatable {
    /// Size of each dimension, outermost first (NCHW for images).
    public private(set) var shape: [Int]
    /// The values in row-major order; `storage.count == shape.product`.
    public var storage: [Float]

    /// Wraps `storage` with `shape`; the element counts must agree.
    public init(shape: [Int], storage: [Float]) {
        precondition(shape.allSatisfy { $0 >= 0 }, "negative dimension in \(shape)")
        precondition(shape.elementCount == storage.count,
                     "shape \(shape) needs \(shape.elementCount) values, got \(storage.count)")
        self.shape = shape
        self.storage = storage
    }

    /// A tensor of `shape` with every element equal to `value`.
    public init(shape: [Int], repeating value: Float = 0) {
        self.init(shape: shape, storage: [Float](repeating: value, count: shape.elementCount))
    }

    /// A rank-0 tensor holding `value`.
    public init(scalar value: Float) {
        self.init(shape: [], storage: [value])
    }

    /// Number of dimensions.
    public var rank: Int { shape.count }
    /// Number of elements.
    public var count: Int { storage.count }

    /// Row-major strides: `strides[d]` is the distance between neighbours along dimension `d`.
    public var strides: [Int] { shape.rowMajorStrides }

    /// The same values under a new shape with the same element count.
    public func reshaped(_ newShape: [Int]) -> Tensor {
        Tensor(shape: newShape, storage: storage)
    }

    /// The element at a full multi-index (one index per dimension).
    public subscript(_ index: Int...) -> Float {
        get { storage[shape.offset(of: index)] }
        set { storage[shape.offset(of: index)] = newValue }
    }

    /// Elementwise map into a tensor of the same shape.
    public func map(_ transform: (Float) -> Float) -> Tensor {
        Tensor(shape: shape, storage: storage.map(transform))
    }
}

/// A dense, row-major array of `Int64` with a shape: class-index targets, pooling indices,
/// `num_batches_tracked`.
public struct IndexTensor: Sendable, Equatable {
    /// Size of each dimension, outermost first.
    public private(set) var shape: [Int]
    /// The values in row-major order.
    public var storage: [Int64]

    /// Wraps `storage` with `shape`; the element counts must agree.
    public init(shape: [Int], storage: [Int64]) {
        precondition(shape.elementCount == storage.count,
                     "shape \(shape) needs \(shape.elementCount) values, got \(storage.count)")
        self.shape = shape
        self.storage = storage
    }

    /// A tensor of `shape` with every element equal to `value`.
    public init(shape: [Int], repeating value: Int64 = 0) {
        self.init(shape: shape, storage: [Int64](repeating: value, count: shape.elementCount))
    }

    /// Number of dimensions.
    public var rank: Int { shape.count }
    /// Number of elements.
    public var count: Int { storage.count }
}

// MARK: - Allocation limits

/// Throws PyTorch's error for a shape that cannot be created — a negative dimension (`torch.empty`'s
/// message) or an element count that overflows — and reserves the tensor's bytes in the memory
/// budget (`MemoryBudget.reserve`), which refuses it beyond the limit.
///
/// `subject` names the parameter or argument that sized the tensor; `elementSize` is 4 for Float,
/// 8 for Int64 indices.
func checkAllocation(shape: [Int], subject: String, elementSize: Int = 4) throws {
    if let negative = shape.first(where: { $0 < 0 }) {
        throw LayerError(.runtimeError, subject,
                         "Trying to create tensor with negative dimension \(negative): \(shape.torchList)")
    }
    let count = shape.elementCount
    if count == 0 { return }
    if count == Int.max || count > Int.max / elementSize {
        throw LayerError(.runtimeError, subject,
                         "Storage size calculation overflowed with sizes=\(shape.torchList)")
    }
    try MemoryBudget.reserve(count * elementSize, for: "a tensor of shape \(shape.torchSize)", subject: subject)
}

extension ArraySlice where Element == Int {
    /// Product of the dimensions, saturating as `Array.elementCount` does.
    public var elementCount: Int { Array(self).elementCount }
}

extension Array where Element == Int {
    /// Product of the dimensions (1 for a rank-0 shape, 0 when any dimension is 0), or `Int.max`
    /// when the product does not fit an `Int`: never traps, so any shape can be measured.
    public var elementCount: Int {
        if contains(0) { return 0 }
        var product = 1
        for size in self {
            let (next, overflow) = product.multipliedReportingOverflow(by: size)
            if overflow { return Int.max }
            product = next
        }
        return product
    }

    /// Row-major strides of this shape.
    public var rowMajorStrides: [Int] {
        var result = [Int](repeating: 1, count: count)
        var running = 1
        for d in indices.reversed() {
            result[d] = running
            running &*= self[d]  // only a shape with a zero axis can overflow, and it has no elements
        }
        return result
    }

    /// Row-major offset of a full multi-index.
    func offset(of index: [Int]) -> Int {
        precondition(index.count == count, "index \(index) does not match shape \(self)")
        var offset = 0
        for d in indices {
            precondition(index[d] >= 0 && index[d] < self[d], "index \(index) out of bounds for shape \(self)")
            offset = offset * self[d] + index[d]
        }
        return offset
    }

    /// PyTorch's way of printing a size inside messages: `[1, 3, 5, 5]`.
    public var torchList: String { "[" + map(String.init).joined(separator: ", ") + "]" }

    /// PyTorch's `torch.Size([...])` text.
    public var torchSize: String { "torch.Size(\(torchList))" }
}

extension Tensor {
    /// The L2 norm of all elements (`t.norm()`), summed in Double; NaN or ∞ when an element is.
    public var l2Norm: Float {
        var sum = 0.0
        for value in storage { sum += Double(value) * Double(value) }
        return Float(sum.squareRoot())
    }
}
