// PrintingTests: `Tensor.torchDescription` against the text PyTorch printed for the same tensors
// (Fixtures/printing.json, written by Tests/generate_fixtures.py).

import Foundation
import Testing
@testable import LayerKit

@Suite struct PrintingTests {
    @Test func matchesPyTorchPrint() throws {
        let url = Fixtures.directory.appendingPathComponent("printing.json")
        let root = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
        let cases = root["cases"] as! [[String: Any]]
        #expect(cases.count >= 20)
        for c in cases {
            let array = try Fixtures.array(c["tensor"]!)
            let expected = c["text"] as! String
            let actual = array.dtype == .float32
                ? try array.floatTensor().torchDescription
                : IndexTensor(shape: array.shape, storage: array.integers).torchDescription
            #expect(actual == expected, "\(c["name"]!):\nours:\n\(actual)\nPyTorch:\n\(expected)")
        }
    }
}
