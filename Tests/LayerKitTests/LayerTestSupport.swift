// Helpers shared by the layer unit tests: building a layer from constructor arguments, running a
// forward pass, reading a float state entry, and the expectations for LayerErrors and for values
// compared with a tolerance. Each expectation forwards `sourceLocation` so failures point at the caller.

import Testing
@testable import LayerKit

/// Keyword arguments as the tests write them: `[("stride", .int(2))]`.
typealias Keywords = [(name: String, value: ParamValue)]

/// Builds any layer from positional and keyword arguments with a seeded generator (seed 0 unless given).
func makeLayer<L: Layer>(_ type: L.Type, _ positional: [ParamValue] = [], _ keywords: Keywords = [],
                         seed: UInt64 = 0) throws -> L {
    let arguments = try Arguments(schema: L.schema, positional: positional, keywords: keywords)
    var rng = RandomSource(seed: seed)
    return try L(arguments: arguments, rng: &rng)
}

/// A tensor 0, 1, 2, … of the given shape.
func ramp(_ shape: [Int]) -> Tensor {
    Tensor(shape: shape, storage: (0..<shape.elementCount).map(Float.init))
}

/// Runs a module's forward pass in training mode.
func run<M: Module>(_ module: inout M, _ input: Tensor) throws -> ForwardResult {
    var context = ForwardContext()
    return try module.forward(input, context: &context)
}

/// The values of a float state entry (parameter or buffer), or nil if there is none.
func floats<L: Layer>(_ layer: L, _ key: String) -> [Float]? {
    if case .float(let t) = layer.state(key) { return t.storage }
    return nil
}

/// Expects `body` to throw `LayerError(kind, subject, message)`; the subject is checked only if given.
func expectLayerError(_ kind: LayerError.Kind, _ message: String, subject: String? = nil,
                      sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void) {
    do {
        try body()
        Issue.record("expected \(kind.rawValue): \(message); nothing was thrown", sourceLocation: sourceLocation)
    } catch let error as LayerError {
        #expect(error.kind == kind, "kind", sourceLocation: sourceLocation)
        #expect(error.message == message, sourceLocation: sourceLocation)
        if let subject { #expect(error.subject == subject, sourceLocation: sourceLocation) }
    } catch {
        Issue.record("unexpected error \(error)", sourceLocation: sourceLocation)
    }
}

/// Compares float32 results with values derived by hand: |actual − expected| ≤ 1e-5 + 1e-5·|expected|
/// for every element; reports the largest difference on failure.
func expectClose(_ actual: [Float]?, _ expected: [Double], sourceLocation: SourceLocation = #_sourceLocation) {
    let tolerance = (absolute: 1e-5, relative: 1e-5)
    guard let actual else {
        Issue.record("no values", sourceLocation: sourceLocation)
        return
    }
    #expect(actual.count == expected.count, sourceLocation: sourceLocation)
    var maxDifference = 0.0
    var worstExcess = -Double.infinity
    for (a, e) in zip(actual, expected) {
        let difference = Swift.abs(Double(a) - e)
        maxDifference = Swift.max(maxDifference, difference)
        worstExcess = Swift.max(worstExcess, difference - tolerance.absolute - tolerance.relative * Swift.abs(e))
    }
    #expect(worstExcess <= 0, "max difference \(maxDifference); got \(actual.prefix(6)), expected \(expected.prefix(6))",
            sourceLocation: sourceLocation)
}

/// Element-wise closeness of float32 values within an absolute `tolerance`: NaN must meet NaN and an
/// infinity the same infinity; reports the largest difference on failure.
func expectFloatsClose(_ actual: [Float], _ expected: [Float], tolerance: Float = 1e-6,
                       sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(actual.count == expected.count, sourceLocation: sourceLocation)
    var maxDifference: Float = 0
    for (a, e) in zip(actual, expected) {
        if a.isNaN || e.isNaN {
            #expect(a.isNaN && e.isNaN, "\(a) vs \(e)", sourceLocation: sourceLocation)
        } else if a.isInfinite || e.isInfinite {
            #expect(a == e, sourceLocation: sourceLocation)
        } else {
            maxDifference = Swift.max(maxDifference, Swift.abs(a - e))
        }
    }
    #expect(maxDifference <= tolerance, "max difference \(maxDifference) for \(actual) vs \(expected)",
            sourceLocation: sourceLocation)
}
