// CatalogCoverageTests: every layer of the catalog is exercised by PyTorch fixtures, and its schema
// is complete enough for the parameter editor.

import Testing
@testable import LayerKit

@Suite struct CatalogCoverageTests {
    @Test func everyLayerHasPyTorchFixtures() throws {
        var covered: [String: Int] = [:]
        for family in Fixtures.families() {
            for fixture in try Fixtures.load(family: family) {
                if let call = try? ConstructorCall(parsing: fixture.expr) {
                    covered[call.name, default: 0] += 1
                }
            }
        }
        for schema in Catalog.schemas {
            #expect(covered[schema.name, default: 0] >= 3, "\(schema.name) has \(covered[schema.name, default: 0]) fixture cases")
        }
    }

    @Test func schemasAreComplete() {
        let names = Catalog.schemas.map(\.name)
        #expect(names == [
            "Conv2d", "MaxPool2d", "AvgPool2d", "AdaptiveMaxPool2d", "AdaptiveAvgPool2d",
            "Sigmoid", "Tanh", "ReLU", "LeakyReLU", "ReLU6", "GELU", "SELU", "Softmax",
            "BatchNorm2d", "Linear", "Dropout", "Dropout2d", "L1Loss", "MSELoss", "CrossEntropyLoss",
        ])
        for schema in Catalog.schemas {
            #expect(!schema.summary.isEmpty, "\(schema.name) summary")
            for spec in schema.params {
                #expect(!spec.summary.isEmpty, "\(schema.name).\(spec.name) summary")
                if let d = spec.defaultValue {
                    #expect((try? spec.kind.validate(d, name: spec.name)) != nil, "\(schema.name).\(spec.name) default fits its kind")
                }
                switch spec.kind {
                case .int, .float, .intOrPair:
                    #expect(spec.range != nil, "\(schema.name).\(spec.name) needs a range for stepping")
                default: break
                }
            }
        }
    }
}
