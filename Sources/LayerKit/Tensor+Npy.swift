// Tensor+Npy: reading and writing NumPy `.npy` files (format versions 1.0, 2.0 and 3.0).
//
// LayerKit stays free of file I/O: these functions turn bytes into arrays and back; the executable
// reads and writes the files.

/// An array read from a `.npy` file, before it becomes a Tensor or a class-index target.
public struct NpyArray: Sendable, Equatable {
    /// The element types LayerScope reads.
    public enum DType: String, Sendable {
        case float32 = "f4", float64 = "f8", int64 = "i8", int32 = "i4", uint8 = "u1"

        /// PyTorch's name for the type, as it appears in PyTorch's messages.
        public var torchName: String {
            switch self {
            case .float32: return "Float"
            case .float64: return "Double"
            case .int64: return "Long"
            case .int32: return "Int"
            case .uint8: return "Byte"
            }
        }

        var byteCount: Int {
            switch self {
            case .float32, .int32: return 4
            case .float64, .int64: return 8
            case .uint8: return 1
            }
        }

        public var isFloatingPoint: Bool { self == .float32 || self == .float64 }
    }

    public var shape: [Int]
    public var dtype: DType
    /// The values as Float (float dtypes) — empty for integer dtypes.
    public var floats: [Float]
    /// The values as Int64 (integer dtypes) — empty for float dtypes.
    public var integers: [Int64]

    /// The array as a Float32 tensor; float64 values are rounded to float32.
    ///
    /// Throws for integer arrays: layer inputs and parameters are floating point.
    public func floatTensor() throws -> Tensor {
        guard dtype.isFloatingPoint else {
            throw NpyError("holds \(dtype.rawValue == "u1" ? "uint8" : "int\(dtype.byteCount * 8)") values; expected float32 or float64")
        }
        return Tensor(shape: shape, storage: floats)
    }

    /// The array as a loss target: integer arrays become class indices, float arrays values.
    ///
    /// int32 is read as int64 (Long). Unlike PyTorch, which rejects int32 class targets, LayerScope
    /// widens them: NumPy creates int32 arrays by default on some platforms.
    public func lossTarget() -> LossTarget {
        switch dtype {
        case .float32, .float64: return .values(Tensor(shape: shape, storage: floats))
        case .int64, .int32: return .classes(IndexTensor(shape: shape, storage: integers), dtype: "Long")
        case .uint8: return .classes(IndexTensor(shape: shape, storage: integers), dtype: "Byte")
        }
    }
}

/// A malformed or unsupported `.npy` file.
public struct NpyError: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

extension NpyArray {
    private static let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]  // "\x93NUMPY"

    /// What a `.npy` file's header says: the array's shape and type, where the data starts and how
    /// many bytes it takes — all known before the data is read.
    public struct Layout: Sendable, Equatable {
        public var shape: [Int]
        public var dtype: DType
        var bigEndian: Bool
        /// The offset of the first data byte.
        public var dataOffset: Int
        /// The bytes of data the shape needs.
        public var dataBytes: Int
    }

    /// Reads the header at the start of a `.npy` file (`prefix` holds at least its first bytes; a
    /// header that runs past it is reported as truncated).
    ///
    /// The data's size is reserved in the memory budget here, from the header, before anything is
    /// read: a file whose header promises more than the budget admits is refused without reading it.
    public static func layout(fromPrefix bytes: UnsafeRawBufferPointer) throws -> Layout {
        guard bytes.count >= 10, Array(bytes[0..<6]) == Self.magic else {
            throw NpyError("not a .npy file (missing the \\x93NUMPY signature)")
        }
        let major = bytes[6]
        let headerLength: Int
        let headerStart: Int
        switch major {
        case 1:
            headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
            headerStart = 10
        case 2, 3:
            guard bytes.count >= 12 else { throw NpyError("truncated .npy header") }
            headerLength = Int(bytes[8]) | Int(bytes[9]) << 8 | Int(bytes[10]) << 16 | Int(bytes[11]) << 24
            headerStart = 12
        default:
            throw NpyError("unsupported .npy format version \(major).\(bytes[7])")
        }
        guard headerStart + headerLength <= bytes.count else { throw NpyError("truncated .npy header") }
        let header = String(decoding: bytes[headerStart..<headerStart + headerLength], as: UTF8.self)
        let fields = try NpyHeader(parsing: header)
        guard !fields.fortranOrder else {
            throw NpyError("Fortran-order arrays are not supported; save a C-order array (np.ascontiguousarray)")
        }
        let (dtype, bigEndian) = try Self.dtype(from: fields.descr)
        // NumPy's own limit: the dimensions (zeros counted as 1) times the item size must fit in
        // the address space, so no product of dimensions overflows later on.
        var span = dtype.byteCount
        for dimension in fields.shape {
            let (product, overflow) = span.multipliedReportingOverflow(by: Swift.max(dimension, 1))
            guard !overflow else {
                throw NpyError("array is too big: shape \(fields.shape.torchList) of \(dtype.byteCount)-byte values")
            }
            span = product
        }
        let count = fields.shape.elementCount
        // The decoded values: Float (4 bytes) or Int64 (8 bytes) each.
        do {
            try MemoryBudget.reserve(elements: count, of: dtype.isFloatingPoint ? 4 : 8,
                                     for: "an array of shape \(fields.shape.torchList)", subject: "file")
        } catch let error as LayerError {
            throw NpyError(error.message)
        }
        return Layout(shape: fields.shape, dtype: dtype, bigEndian: bigEndian, dataOffset: headerStart + headerLength,
                      dataBytes: count * dtype.byteCount)
    }

    /// Decodes the data of an array laid out as `layout` (`data` holds exactly its bytes, or more).
    public init(layout: Layout, data bytes: UnsafeRawBufferPointer) throws {
        guard bytes.count >= layout.dataBytes else {
            throw NpyError("truncated data: shape \(layout.shape.torchList) needs \(layout.dataBytes) bytes, the file has \(bytes.count)")
        }
        let count = layout.shape.elementCount
        let bigEndian = layout.bigEndian
        self.shape = layout.shape
        self.dtype = layout.dtype
        self.floats = []
        self.integers = []

        func word(_ i: Int, _ size: Int) -> UInt64 {
            var value: UInt64 = 0
            let base = i * size
            for b in 0..<size {
                let byte = UInt64(bytes[base + (bigEndian ? b : size - 1 - b)])
                value = value << 8 | byte
            }
            return value
        }
        switch dtype {
        case .float32:
            floats = (0..<count).map { Float(bitPattern: UInt32(truncatingIfNeeded: word($0, 4))) }
        case .float64:
            floats = (0..<count).map { Float(Double(bitPattern: word($0, 8))) }
        case .int64:
            integers = (0..<count).map { Int64(bitPattern: word($0, 8)) }
        case .int32:
            integers = (0..<count).map { Int64(Int32(bitPattern: UInt32(truncatingIfNeeded: word($0, 4)))) }
        case .uint8:
            integers = (0..<count).map { Int64(bytes[$0]) }
        }
    }

    /// Decodes the bytes of a whole `.npy` file.
    public init(npyBytes bytes: [UInt8]) throws {
        self = try bytes.withUnsafeBytes { all in
            let layout = try Self.layout(fromPrefix: all)
            return try NpyArray(layout: layout, data: UnsafeRawBufferPointer(rebasing: all[layout.dataOffset...]))
        }
    }

    private static func dtype(from descr: String) throws -> (DType, bigEndian: Bool) {
        var code = descr
        var bigEndian = false
        if let first = code.first, "<>|=".contains(first) {
            bigEndian = first == ">"
            code.removeFirst()
        }
        guard let dtype = DType(rawValue: code) else {
            throw NpyError("unsupported dtype '\(descr)'; expected float32, float64, int64, int32 or uint8")
        }
        return (dtype, bigEndian)
    }

    /// The bytes of a version-1.0 `.npy` file holding a float32 tensor.
    public static func encode(_ tensor: Tensor) -> [UInt8] {
        var out = header(descr: "<f4", shape: tensor.shape)
        out.reserveCapacity(out.count + tensor.count * 4)
        for value in tensor.storage {
            let bits = value.bitPattern
            for b in 0..<4 { out.append(UInt8(truncatingIfNeeded: bits >> (8 * b))) }
        }
        return out
    }

    /// The bytes of a version-1.0 `.npy` file holding an int64 tensor.
    public static func encode(_ tensor: IndexTensor) -> [UInt8] {
        var out = header(descr: "<i8", shape: tensor.shape)
        out.reserveCapacity(out.count + tensor.count * 8)
        for value in tensor.storage {
            let bits = UInt64(bitPattern: value)
            for b in 0..<8 { out.append(UInt8(truncatingIfNeeded: bits >> (8 * b))) }
        }
        return out
    }

    private static func header(descr: String, shape: [Int]) -> [UInt8] {
        let shapeText = shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
        var text = "{'descr': '\(descr)', 'fortran_order': False, 'shape': \(shapeText), }"
        // Pad with spaces so the data starts on a 64-byte boundary; the header ends with '\n'.
        let unpadded = 10 + text.utf8.count + 1
        text += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
        let length = text.utf8.count
        return magic + [1, 0, UInt8(length & 0xFF), UInt8(length >> 8)] + Array(text.utf8)
    }
}

/// The three fields of a `.npy` header dictionary, e.g.
/// `{'descr': '<f4', 'fortran_order': False, 'shape': (3, 5), }`.
private struct NpyHeader {
    var descr = ""
    var fortranOrder = false
    var shape: [Int] = []

    init(parsing text: String) throws {
        func value(of key: String) throws -> Substring {
            guard let keyEnd = text.endOfFirstOccurrence(of: "'\(key)'") else {
                throw NpyError("malformed .npy header: no '\(key)'")
            }
            var rest = text[keyEnd...].drop { $0 == " " }
            guard rest.first == ":" else { throw NpyError("malformed .npy header near '\(key)'") }
            rest = rest.dropFirst().drop { $0 == " " }
            return rest
        }
        let descrText = try value(of: "descr")
        guard let quote = descrText.first, quote == "'" || quote == "\"",
              let end = descrText.dropFirst().firstIndex(of: quote) else {
            throw NpyError("malformed .npy header: descr")
        }
        descr = String(descrText[descrText.index(after: descrText.startIndex)..<end])
        fortranOrder = try value(of: "fortran_order").hasPrefix("True")
        let shapeText = try value(of: "shape")
        guard shapeText.first == "(", let close = shapeText.firstIndex(of: ")") else {
            throw NpyError("malformed .npy header: shape")
        }
        let inner = shapeText[shapeText.index(after: shapeText.startIndex)..<close]
        shape = try inner.split(separator: ",").compactMap { part in
            let trimmed = part.trimmingSpaces()
            if trimmed.isEmpty { return nil }
            guard let n = Int(trimmed.hasSuffix("L") ? String(trimmed.dropLast()) : trimmed), n >= 0 else {
                throw NpyError("malformed .npy header: shape entry '\(trimmed)'")
            }
            return n
        }
    }
}

extension String {
    /// The index just past the first occurrence of `needle`, if any.
    func endOfFirstOccurrence(of needle: String) -> String.Index? {
        var start = startIndex
        while start < endIndex {
            if self[start...].hasPrefix(needle) {
                return index(start, offsetBy: needle.count)
            }
            start = index(after: start)
        }
        return nil
    }
}

extension Substring {
    func trimmingSpaces() -> String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
