// NpyTests: reading and writing NumPy .npy bytes.

import Testing
@testable import LayerKit

@Suite struct NpyTests {
    /// Header bytes as NumPy writes them (version 1.0, padded to 64 bytes).
    func npy(_ descr: String, _ shape: String, _ data: [UInt8], version: UInt8 = 1, fortran: Bool = false) -> [UInt8] {
        var text = "{'descr': '\(descr)', 'fortran_order': \(fortran ? "True" : "False"), 'shape': \(shape), }"
        let prefix = version == 1 ? 10 : 12
        text += String(repeating: " ", count: (64 - (prefix + text.utf8.count + 1) % 64) % 64) + "\n"
        let n = text.utf8.count
        let lengthBytes: [UInt8] = version == 1 ? [UInt8(n & 0xFF), UInt8(n >> 8)] : [UInt8(n & 0xFF), UInt8(n >> 8), 0, 0]
        return [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, version, 0] + lengthBytes + Array(text.utf8) + data
    }

    func bytes(_ values: [Float]) -> [UInt8] {
        values.flatMap { v in (0..<4).map { UInt8(truncatingIfNeeded: v.bitPattern >> (8 * $0)) } }
    }

    @Test func roundTripsFloat32AndInt64() throws {
        let t = Tensor(shape: [2, 3], storage: [1, -2, 3.5, .nan, .infinity, 0])
        let back = try NpyArray(npyBytes: NpyArray.encode(t))
        #expect(back.dtype == .float32 && back.shape == [2, 3])
        #expect(back.floats[0...2] == [1, -2, 3.5] && back.floats[3].isNaN && back.floats[4] == .infinity)
        let encoded = NpyArray.encode(t)
        #expect((encoded.count - t.count * 4) % 64 == 0)
        let i = IndexTensor(shape: [], storage: [-7])
        let iBack = try NpyArray(npyBytes: NpyArray.encode(i))
        #expect(iBack.dtype == .int64 && iBack.shape == [] && iBack.integers == [-7])
        let one = try NpyArray(npyBytes: NpyArray.encode(Tensor(shape: [3], repeating: 2)))
        #expect(one.shape == [3])
    }

    @Test func readsFloat64Int32Uint8BigEndianAndVersion2() throws {
        let f8 = npy("<f8", "(2,)", (0..<8).map { UInt8(truncatingIfNeeded: (0.5).bitPattern >> (8 * UInt64($0))) }
                                   + (0..<8).map { UInt8(truncatingIfNeeded: (-3.0).bitPattern >> (8 * UInt64($0))) })
        #expect(try NpyArray(npyBytes: f8).floatTensor().storage == [0.5, -3])
        let i4 = npy("<i4", "(2,)", [5, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF])
        let target = try NpyArray(npyBytes: i4).lossTarget()
        #expect(target == .classes(IndexTensor(shape: [2], storage: [5, -1]), dtype: "Long"))
        let u1 = npy("|u1", "(1, 2)", [3, 250])
        #expect(try NpyArray(npyBytes: u1).lossTarget() == .classes(IndexTensor(shape: [1, 2], storage: [3, 250]), dtype: "Byte"))
        let big = npy(">f4", "()", bytes([1.25]).reversed())
        #expect(try NpyArray(npyBytes: big).floatTensor() == Tensor(scalar: 1.25))
        let v2 = npy("<f4", "(1,)", bytes([4]), version: 2)
        #expect(try NpyArray(npyBytes: v2).floatTensor().storage == [4])
        let empty = npy("<f4", "(0, 3)", [])
        #expect(try NpyArray(npyBytes: empty).floatTensor().shape == [0, 3])
    }

    @Test func rejectsWhatItCannotRead() {
        func message(_ b: [UInt8]) -> String {
            do { _ = try NpyArray(npyBytes: b).floatTensor(); return "ok" } catch { return "\(error)" }
        }
        #expect(message(Array("hello world".utf8)).hasPrefix("not a .npy file"))
        #expect(message(npy("<c8", "(1,)", [UInt8](repeating: 0, count: 8))).hasPrefix("unsupported dtype '<c8'"))
        #expect(message(npy("<f4", "(2, 2)", bytes([1, 2, 3, 4]), fortran: true)).hasPrefix("Fortran-order arrays are not supported"))
        #expect(message(npy("<f4", "(3,)", bytes([1]))).hasPrefix("truncated data"))
        #expect(message(npy("<i8", "(1,)", [UInt8](repeating: 0, count: 8))) == "holds int64 values; expected float32 or float64")
        #expect(message(Array(npy("<f4", "(1,)", bytes([1])).prefix(20))).hasPrefix("truncated .npy header"))
        // NumPy's size limit (zeros count as 1), so that no later product of dimensions overflows.
        #expect(message(npy("<f4", "(4294967296, 4294967296)", [])).hasPrefix("array is too big"))
        #expect(message(npy("<f4", "(0, 4294967296, 4294967296)", [])).hasPrefix("array is too big"))
        #expect(message(npy("<f4", "(2305843009213693952,)", [])).hasPrefix("array is too big"))
        #expect(message(npy("<f4", "(0, 1000000000000)", [])) == "ok")
    }
}
