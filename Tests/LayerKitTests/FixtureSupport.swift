// FixtureSupport: loads the PyTorch reference fixtures written by Tests/generate_fixtures.py and
// compares tensors with a named tolerance.

import Foundation
import Testing
@testable import LayerKit

/// The tolerance every numeric comparison with PyTorch uses: |ours − torch| ≤ atol + rtol·|torch|.
struct Tolerance: CustomStringConvertible {
    var rtol: Double
    var atol: Double

    /// The tolerance the layer library promises: rtol 1e-4, atol 1e-4.
    static let pytorch = Tolerance(rtol: 1e-4, atol: 1e-4)

    var description: String { "rtol \(rtol), atol \(atol)" }
}

/// One recorded PyTorch run.
struct FixtureCase: Sendable, CustomStringConvertible {
    var family: String
    var name: String
    var expr: String
    var training: Bool
    /// Forward passes in train mode, as `Computation.run` counts them (nil: its default).
    var steps: Int?
    /// The case asked for the input gradient (even when PyTorch then raised an error).
    var wantsGradient: Bool
    var input: NpyArray
    var target: NpyArray?
    var sets: [(String, NpyArray)]
    var expectedOutput: NpyArray?
    var expectedIndices: NpyArray?
    var expectedGrad: NpyArray?
    var expectedState: [(String, NpyArray)]
    var expectedError: (kind: String, message: String)?
    var warnings: [String]

    var description: String { "\(family)/\(name): \(expr)" }
}

enum Fixtures {
    /// The directory holding the fixture JSON files.
    static var directory: URL {
        Bundle.module.url(forResource: "Fixtures", withExtension: nil)!
    }

    /// Fixture files that are not layer runs.
    static let nonLayerFiles: Set<String> = ["printing.json", "signatures.json", "explain.json"]

    /// Fixture files of other kinds by prefix: backward passes, training runs.
    static let nonLayerPrefixes = ["backward_", "training_"]

    /// The JSON files whose names start with `prefix` (without `.json`), sorted.
    static func files(prefix: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasPrefix(prefix) && $0.hasSuffix(".json") }
            .map { String($0.dropLast(".json".count)) }
            .sorted()
    }

    /// The layer families that have fixtures (every JSON file of layer runs).
    static func families() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { name in
            name.hasSuffix(".json") && !nonLayerFiles.contains(name)
                && !nonLayerPrefixes.contains { name.hasPrefix($0) }
        }
            .map { String($0.dropLast(".json".count)) }
            .sorted()
    }

    /// Every case of one family (`spatial.json`, …).
    static func load(family: String) throws -> [FixtureCase] {
        let url = directory.appendingPathComponent("\(family).json")
        let data = try Data(contentsOf: url)
        let root = try JSONSerialization.jsonObject(with: data) as! [String: Any]
        let cases = root["cases"] as! [[String: Any]]
        return try cases.map { try parseCase($0, family: family) }
    }

    private static func parseCase(_ c: [String: Any], family: String) throws -> FixtureCase {
        let expect = c["expect"] as? [String: Any]
        let error = c["error"] as? [String: Any]
        return FixtureCase(
            family: family,
            name: c["name"] as! String,
            expr: c["expr"] as! String,
            training: (c["mode"] as? String ?? "train") == "train",
            steps: c["steps"] as? Int,
            wantsGradient: c["grad"] as? Bool ?? (expect?["grad_input"] != nil),
            input: try array(c["input"]!),
            target: try c["target"].map(array),
            sets: try pairs(c["set"]),
            expectedOutput: try expect?["output"].map(array),
            expectedIndices: try expect?["indices"].map(array),
            expectedGrad: try expect?["grad_input"].map(array),
            expectedState: try pairs(expect?["state"]),
            expectedError: error.map { ($0["kind"] as! String, $0["message"] as! String) },
            warnings: c["warnings"] as? [String] ?? []
        )
    }

    /// A `{key: array}` object as (key, array) pairs in key order (none for a missing object).
    static func pairs(_ object: Any?) throws -> [(String, NpyArray)] {
        guard let dict = object as? [String: Any] else { return [] }
        return try dict.keys.sorted().map { ($0, try array(dict[$0]!)) }
    }

    /// A `{"dtype", "shape", "data"}` object as an array.
    static func array(_ object: Any) throws -> NpyArray {
        let dict = object as! [String: Any]
        let shape = (dict["shape"] as! [Any]).map { ($0 as! NSNumber).intValue }
        let data = dict["data"] as! [Any]
        let dtypeName = dict["dtype"] as! String
        func double(_ v: Any) -> Double {
            if let s = v as? String {
                switch s {
                case "nan": return .nan
                case "inf": return .infinity
                default: return -.infinity
                }
            }
            return (v as! NSNumber).doubleValue
        }
        switch dtypeName {
        case "float32":
            return NpyArray(shape: shape, dtype: .float32, floats: data.map { Float(double($0)) }, integers: [])
        case "int64", "int32", "uint8":
            let dtype: NpyArray.DType = dtypeName == "int64" ? .int64 : dtypeName == "int32" ? .int32 : .uint8
            return NpyArray(shape: shape, dtype: dtype, floats: [], integers: data.map { ($0 as! NSNumber).int64Value })
        default:
            throw NpyError("fixture dtype \(dtypeName)")
        }
    }
}

/// How far two equally long float arrays are apart, element by element: NaN matches NaN and an
/// infinity only the same infinity; finite elements match within `atol + rtol·|expected|`.
struct Closeness {
    /// The largest |actual − expected| over finite pairs.
    var maxDifference = 0.0
    /// The largest |Δ| / (atol + rtol·|expected|): at most 1 when every finite pair matches.
    var maxShare = 0.0
    /// The pairs that do not match.
    var mismatches = 0
    /// The first mismatch, as `element i: <actualName> a, <expectedName> e`.
    var first = ""

    init(_ actual: [Float], _ expected: [Float], _ tolerance: Tolerance, names: (String, String)) {
        for i in 0..<Swift.min(actual.count, expected.count) {
            let a = Double(actual[i])
            let e = Double(expected[i])
            let same: Bool
            if e.isNaN || a.isNaN {
                same = e.isNaN && a.isNaN
            } else if e.isInfinite || a.isInfinite {
                same = a == e
            } else {
                let difference = Swift.abs(a - e)
                let allowed = tolerance.atol + tolerance.rtol * Swift.abs(e)
                maxDifference = Swift.max(maxDifference, difference)
                maxShare = Swift.max(maxShare, difference / allowed)
                same = difference <= allowed
            }
            if !same {
                if mismatches == 0 { first = "element \(i): \(names.0) \(a), \(names.1) \(e)" }
                mismatches += 1
            }
        }
    }
}

/// Compares `actual` with PyTorch's `expected` elementwise; NaN matches NaN and infinities match
/// exactly. Records an issue for any element outside the tolerance and returns the largest share of
/// the tolerance any element used, |Δ| / (atol + rtol·|expected|): at most 1 when all pass.
@discardableResult
func expectClose(_ actual: Tensor, _ expected: Tensor, _ tolerance: Tolerance = .pytorch, _ what: String,
                 sourceLocation: SourceLocation = #_sourceLocation) -> Double {
    guard actual.shape == expected.shape else {
        Issue.record("\(what): shape \(actual.shape) ≠ PyTorch's \(expected.shape)", sourceLocation: sourceLocation)
        return .infinity
    }
    let closeness = Closeness(actual.storage, expected.storage, tolerance, names: ("ours", "PyTorch"))
    if closeness.mismatches > 0 {
        let report = "\(what): \(closeness.mismatches) of \(actual.count) elements outside \(tolerance); "
            + "first \(closeness.first); max |Δ| \(closeness.maxDifference)"
        Issue.record(Comment(rawValue: report), sourceLocation: sourceLocation)
    }
    return closeness.maxShare
}
