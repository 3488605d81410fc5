// Picture: how one family of layers is pictured, registered once. A family names its layer types
// and its examples; it says what input a layer starts with, which views it offers (an enum), the
// formula lines of its header, what `c` steps through, which input axis a parameter sizes, and how
// each view draws. `Pictures` is the registry: a scene looks its picture up once, and nothing in
// Scenes or the CLI switches on layer names. A catalog layer without a picture fails a test.

import CellRender
import LayerKit

/// One view of a family: its name (what `--view` and the tabs use) and what it shows.
protocol PictureView: RawRepresentable, CaseIterable, Sendable where RawValue == String {
    /// The tab's one-line summary.
    var summary: String { get }
}

/// Everything about how a family of layers is pictured.
protocol ScenePicture: SendableMetatype {
    associatedtype View: PictureView

    /// The layer types this picture shows (each catalog type belongs to exactly one picture).
    static var layerTypes: [any Layer.Type] { get }
    /// The examples, each layer's seed example first (in catalog order), then the variations.
    static var examples: [Preset] { get }
    /// The input shape a layer is shown with when the user gives none.
    static func defaultShape(for layer: any Layer) -> [Int]
    /// The input pattern a layer is shown with when the user picks none.
    static var defaultPattern: InputPattern { get }
    /// The header's formula lines for the current parameters (parts joined by three spaces may
    /// share a line when they fit).
    static func formula(_ scene: Scene) -> [String]
    /// How many things `c` steps through in `view` (channels, rows, items, distributions).
    static func channelCount(_ view: View, in scene: Scene) -> Int
    /// What `c` steps through in `view`, in the singular: "channel", "row", "item".
    static func stepNoun(_ view: View) -> String
    /// The input axis a parameter sizes for an input of `rank` dimensions (Conv2d's `in_channels`
    /// sizes C), if it sizes one: when the parameter changes, that axis of a fixed shape follows.
    static func inputAxis(sizedBy parameter: String, rank: Int) -> Int?
    /// The view an animation plays in (a window sliding over the input), if the family has one.
    static var windowView: View? { get }
    /// Half the x-range a curve view starts with for this layer.
    static func defaultXRange(for type: any Layer.Type) -> Double
    /// The loss target a layer is shown with (losses only; nil for modules).
    static func target(for layer: any Layer, input: Tensor, kind: TargetKind, seed: UInt64) throws -> LossTarget?
    /// How the selected output element of `scene` is computed, with its numbers (nil: this family
    /// or view has no drill-down).
    static func explanation(of scene: Scene) -> Explanation?
    /// Draws `view` of `scene` into `body`.
    static func draw(_ view: View, of scene: Scene, on canvas: inout Canvas, in body: Rect)
}

extension ScenePicture {
    static var defaultPattern: InputPattern { .random }
    static func inputAxis(sizedBy parameter: String, rank: Int) -> Int? { nil }
    static func stepNoun(_ view: View) -> String { "channel" }
    static func defaultXRange(for type: any Layer.Type) -> Double { 4 }
    static func explanation(of scene: Scene) -> Explanation? { nil }
    static var windowView: View? { nil }

    /// The name of the view an animation plays in.
    static var windowViewName: String? { windowView?.rawValue }
    static func target(for layer: any Layer, input: Tensor, kind: TargetKind, seed: UInt64) throws -> LossTarget? { nil }
    static func channelCount(_ view: View, in scene: Scene) -> Int { Scene.channelCount(of: scene.input) }

    /// The views, the first the default.
    static var views: [SceneView] { View.allCases.map { SceneView($0.rawValue, $0.summary) } }

    /// The view called `name`, if this family has it.
    static func view(_ name: String) -> View? { View(rawValue: name) }

    /// `channelCount` for a view given by name (the first view for an unknown one).
    static func channelCount(viewNamed name: String, in scene: Scene) -> Int {
        guard let view = View(rawValue: name) ?? View.allCases.first else { return 1 }
        return channelCount(view, in: scene)
    }

    /// `stepNoun` for a view given by name.
    static func stepNoun(viewNamed name: String) -> String {
        View(rawValue: name).map(stepNoun) ?? "channel"
    }

    /// `draw` for a view given by name.
    static func draw(viewNamed name: String, of scene: Scene, on canvas: inout Canvas, in body: Rect) {
        guard let view = View(rawValue: name) else { return }
        draw(view, of: scene, on: &canvas, in: body)
    }
}

/// The registry of pictures.
enum Pictures {
    /// Every family's picture, in catalog order.
    static let all: [any ScenePicture.Type] = [
        ConvPicture.self, MaxPoolPicture.self, AvgPoolPicture.self, AdaptivePoolPicture.self, ActivationPicture.self,
        SoftmaxPicture.self, BatchNormPicture.self, LinearPicture.self, DropoutPicture.self,
        RegressionLossPicture.self, CrossEntropyPicture.self, FlattenPicture.self,
    ]

    /// Each layer type's picture, by the type's identity.
    private static let byType: [ObjectIdentifier: any ScenePicture.Type] = {
        var table: [ObjectIdentifier: any ScenePicture.Type] = [:]
        for picture in all {
            for type in picture.layerTypes { table[ObjectIdentifier(type)] = picture }
        }
        return table
    }()

    /// The picture of a layer type.
    static func picture(for type: any Layer.Type) -> (any ScenePicture.Type)? {
        byType[ObjectIdentifier(type)]
    }

    /// The picture of the layer a schema describes.
    static func picture(for schema: LayerSchema) -> (any ScenePicture.Type)? {
        Catalog.layerType(named: schema.name).flatMap(picture(for:))
    }

    /// Every example of every family, in catalog order of their layers.
    static let examples: [Preset] = all.flatMap { $0.examples }
}

extension Scene {
    /// The view an animation of `type` plays in (nil: the layer has no window).
    public static func windowViewName(for type: any Layer.Type) -> String? {
        Pictures.picture(for: type)?.windowViewName
    }
}

/// What the registry says about the catalog, for tests and the docs.
public enum PictureRegistry {
    /// For each catalog layer: how many pictures claim it (exactly one when the registry is sound).
    public static var picturesPerLayer: [(layer: String, pictures: Int)] {
        Catalog.layerTypes.map { type in
            (type.schema.name, Pictures.all.filter { p in p.layerTypes.contains { ObjectIdentifier($0) == ObjectIdentifier(type) } }.count)
        }
    }

    /// Layer types that a picture claims but the catalog does not list.
    public static var unknownLayers: [String] {
        let known = Set(Catalog.layerTypes.map { ObjectIdentifier($0) })
        return Pictures.all.flatMap { picture in picture.layerTypes }.filter { !known.contains(ObjectIdentifier($0)) }.map { $0.schema.name }
    }

    /// The views of a layer's picture (empty when it has none).
    public static func views(of schema: LayerSchema) -> [SceneView] {
        Pictures.picture(for: schema)?.views ?? []
    }

    /// The examples a layer's family lists for it.
    public static func examples(of schema: LayerSchema) -> [Preset] {
        Pictures.examples.filter { $0.schemaName == schema.name }
    }
}

extension Preset {
    /// The class name of the layer the expression builds (empty when it does not parse).
    var schemaName: String {
        (try? Catalog.arguments(parsing: expression).schema.name) ?? ""
    }
}
