// End-to-end tests of the built `layerscope` binary.

import Foundation
import Testing

@Suite struct BinaryTests {
    @Test func helpExitsZero() throws {
        let result = try runLayerScope(["--help"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("layerscope"))
    }
}
