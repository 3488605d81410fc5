// The picture registry covers the catalog: every layer has exactly one picture, with views, and a
// seed example of its own type whose every view draws. A layer added to the catalog without a
// picture fails here, not silently on screen.

import CellRender
import LayerKit
@testable import Scenes
import Testing

@Suite struct PictureRegistryTests {
    @Test func everyCatalogLayerHasExactlyOnePicture() {
        for entry in PictureRegistry.picturesPerLayer {
            #expect(entry.pictures == 1, "nn.\(entry.layer) is claimed by \(entry.pictures) pictures")
        }
        #expect(PictureRegistry.picturesPerLayer.count == Catalog.layerTypes.count)
        #expect(PictureRegistry.unknownLayers.isEmpty, "pictures claim layers the catalog lacks: \(PictureRegistry.unknownLayers)")
    }

    @Test func everyPictureHasUniquelyNamedViewsAndSummaries() {
        for picture in Pictures.all {
            let names = picture.views.map(\.name)
            #expect(!names.isEmpty)
            #expect(Set(names).count == names.count, "\(picture) repeats a view name")
            #expect(picture.views.allSatisfy { !$0.summary.isEmpty })
        }
    }

    @Test(arguments: Catalog.schemas.map(\.name))
    func everyLayerHasASeedExampleOfItsOwnWhoseViewsAllDraw(_ name: String) throws {
        let schema = try #require(Catalog.layerType(named: name)).schema
        let examples = PictureRegistry.examples(of: schema)
        let seed = try #require(examples.first, "nn.\(name) has no example")
        let state = try seed.state()
        #expect(state.arguments.schema.name == name)
        let scene = try Scene(state)
        #expect(scene.views.map(\.name) == PictureRegistry.views(of: schema).map(\.name))
        // Its family writes a formula line for it (a family's switch over its types has no silent gap).
        #expect(!scene.arithmetic().isEmpty, "nn.\(name) has no formula line")
        #expect(scene.arithmetic().allSatisfy { !$0.isEmpty })
        for view in scene.views {
            let shown = try scene.selecting(view: view.name, channel: 0, position: OutputPosition())
            let text = shown.render(width: 100, height: 30, options: RenderOptions.plainASCII).lines
            // Below the header and the tab row something is drawn.
            let body = text.dropFirst(4).joined()
            #expect(body.contains { $0 != " " }, "nn.\(name) view \(view.name) draws nothing")
        }
    }

    @Test func seedExamplesFollowTheCatalogOneEach() {
        #expect(Preset.seedExamples.map(\.schemaName) == Catalog.schemas.map(\.name))
        let variations = Set(Preset.variations.map(\.schemaName))
        #expect(variations.isSubset(of: Set(Catalog.schemas.map(\.name))))
    }

    @Test func theParameterThatSizesAnInputAxisIsNamedByItsFamily() {
        let conv = Conv2d.schema, bn = BatchNorm2d.schema, linear = Linear.schema
        #expect(Scene.inputAxis(of: conv, sizedBy: "in_channels", rank: 4) == 1)
        #expect(Scene.inputAxis(of: conv, sizedBy: "in_channels", rank: 3) == 0)
        #expect(Scene.inputAxis(of: conv, sizedBy: "out_channels", rank: 4) == nil)
        #expect(Scene.inputAxis(of: bn, sizedBy: "num_features", rank: 4) == 1)
        #expect(Scene.inputAxis(of: linear, sizedBy: "in_features", rank: 3) == 2)
        #expect(Scene.inputAxis(of: MaxPool2d.schema, sizedBy: "kernel_size", rank: 4) == nil)
        // Every parameter a family says sizes an axis is a parameter of that family's layers.
        for picture in Pictures.all {
            for type in picture.layerTypes {
                for spec in type.schema.params where picture.inputAxis(sizedBy: spec.name, rank: 4) != nil {
                    #expect(spec.kind.summary.contains("int"), "\(spec.name) sizes an axis but is not an int")
                }
            }
        }
    }
}
