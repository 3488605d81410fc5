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

/// The largest tensor LayerKit allocates, in bytes (1 GiB of float32).
let allocationLimitBytes = 1 << 30

/// Throws PyTorch's error for a shape that cannot be created: a negative dimension
/// (`torch.empty`'s message), an element count that overflows, or more than `allocationLimitBytes`.
///
/// Unlike PyTorch, which tries to allocate whatever the machine allows, LayerKit refuses tensors
/// over 1 GiB with the message PyTorch's CPU allocator gives when memory runs out.
func checkAllocation(shape: [Int], subject: String) throws {
    if let negative = shape.first(where: { $0 < 0 }) {
        throw LayerError(.runtimeError, subject,
                         "Trying to create tensor with negative dimension \(negative): \(shape.torchList)")
    }
    if shape.contains(0) { return }
    var count = 1
    for size in shape {
        let (product, overflow) = count.multipliedReportingOverflow(by: size)
        if overflow || product > Int.max / 4 {
            throw LayerError(.runtimeError, subject,
                             "Storage size calculation overflowed with sizes=\(shape.torchList)")
        }
        count = product
    }
    if count * 4 > allocationLimitBytes {
        throw LayerError(.runtimeError, subject,
                         "[enforce fail at alloc_cpu.cpp:127] err == 0. DefaultCPUAllocator: can't allocate "
                             + "memory: you tried to allocate \(count * 4) bytes. Error code 12 (Cannot allocate memory)")
    }
}

extension Array where Element == Int {
    /// Product of the dimensions (1 for a rank-0 shape).
    public var elementCount: Int { reduce(1, *) }

    /// Row-major strides of this shape.
    public var rowMajorStrides: [Int] {
        var result = [Int](repeating: 1, count: count)
        var running = 1
        for d in indices.reversed() {
            result[d] = running
            running *= self[d]
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
