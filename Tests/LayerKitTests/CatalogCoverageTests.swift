// CatalogCoverageTests: every layer of the catalog is exercised by PyTorch fixtures, and its schema
// is complete enough for the parameter editor.

import Foundation
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

    /// The catalog lists exactly PyTorch's constructor parameters — names, order, defaults and
    /// keyword-only markers — as `inspect.signature` reports them (Fixtures/signatures.json).
    @Test func schemasMatchPyTorchSignatures() throws {
        let url = Fixtures.directory.appendingPathComponent("signatures.json")
        let root = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
        let layers = root["cases"] as! [[String: Any]]
        #expect(layers.map { $0["name"] as! String } == Catalog.schemas.map(\.name))
        for layer in layers {
            let name = layer["name"] as! String
            guard let schema = Catalog.layerType(named: name)?.schema else {
                Issue.record("\(name) is not in the catalog")
                continue
            }
            let params = layer["params"] as! [[String: Any]]
            #expect(schema.params.map(\.name) == params.map { $0["name"] as! String }, "\(name) parameter names")
            for (spec, torch) in zip(schema.params, params) {
                #expect(spec.defaultValue?.pythonRepr == torch["default"] as? String, "\(name).\(spec.name) default")
                #expect(spec.keywordOnly == torch["keyword_only"] as! Bool, "\(name).\(spec.name) keyword-only")
            }
        }
    }

    /// Each layer once, under one name that finds it; the groups in PyTorch's documentation order,
    /// each a contiguous run of the catalog and none empty.
    @Test func everyLayerIsListedOnceInItsGroup() {
        let names = Catalog.schemas.map(\.name)
        #expect(Set(names).count == names.count, "a layer is listed twice: \(names)")
        for type in Catalog.layerTypes {
            #expect(Catalog.layerType(named: type.schema.name).map(ObjectIdentifier.init) == ObjectIdentifier(type),
                    "\(type.schema.name)")
        }
        var runs: [LayerGroup] = []
        for schema in Catalog.schemas where runs.last != schema.group {
            runs.append(schema.group)
        }
        #expect(runs == LayerGroup.allCases, "groups out of order or split: \(runs)")

        // `layerscope list`: every group heading once, and under it each of its layers once.
        let listing = CatalogListing.text(for: Catalog.schemas)
        var current: LayerGroup?
        var seen: [String: LayerGroup] = [:]
        for line in listing.split(separator: "\n", omittingEmptySubsequences: true) {
            if let group = LayerGroup(rawValue: String(line)) {
                current = group
            } else if line.hasPrefix("  nn."), let name = line.dropFirst(5).split(separator: " ").first {
                #expect(seen[String(name)] == nil, "nn.\(name) listed twice")
                seen[String(name)] = current
            }
        }
        for schema in Catalog.schemas {
            #expect(seen[schema.name] == schema.group, "nn.\(schema.name) under \(String(describing: seen[schema.name]))")
        }
        #expect(seen.count == names.count)
    }

    @Test func schemasAreComplete() {
        let names = Catalog.schemas.map(\.name)
        #expect(names == [
            "Conv2d", "MaxPool2d", "AvgPool2d", "AdaptiveMaxPool2d", "AdaptiveAvgPool2d",
            "Sigmoid", "Tanh", "ReLU", "LeakyReLU", "ReLU6", "GELU", "SELU", "Softmax",
            "BatchNorm2d", "Linear", "Dropout", "Dropout2d", "L1Loss", "MSELoss", "CrossEntropyLoss",
            "Flatten",
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
