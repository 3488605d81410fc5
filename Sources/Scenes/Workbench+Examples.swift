// The catalog as the interactive program offers it: the layers in the order of PyTorch's
// documentation, each layer's ready-made examples, and how an example's input shape follows a
// changed channel or feature count.

import LayerKit

extension Workbench {
    /// The layers in the order of PyTorch's documentation sections.
    public static let layers: [LayerSchema] = LayerGroup.allCases.flatMap { group in
        Catalog.schemas.filter { $0.group == group }
    }

    /// The examples offered for a layer: its seed example first, then the variations.
    public static func examples(for schema: LayerSchema) -> [Preset] {
        examplesByLayer[schema.name] ?? [Preset("nn.\(schema.name)()", "")]
    }

    /// Every preset by its layer's name, parsed once.
    private static let examplesByLayer: [String: [Preset]] = Dictionary(
        uniqueKeysWithValues: Catalog.schemas.map { ($0.name, PictureRegistry.examples(of: $0)) }.filter { !$0.1.isEmpty })

    /// `shape` with the size a layer reads from its arguments (channels, features) changed along with them.
    static func shape(_ shape: [Int], following old: Arguments, to new: Arguments) -> [Int] {
        // The layer's family says which parameter sizes which axis (Conv2d's in_channels → C).
        var shape = shape
        for spec in new.schema.params {
            guard case .int(let size) = new[spec.name],
                  let a = Scene.inputAxis(of: new.schema, sizedBy: spec.name, rank: shape.count),
                  shape.indices.contains(a), shape[a] != size else { continue }
            // The old layer's parameter that sized the same axis (Conv2d's in_channels for
            // BatchNorm2d's num_features): the shape follows only a size that followed it.
            let sizer = old.schema.params.first { Scene.inputAxis(of: old.schema, sizedBy: $0.name, rank: shape.count) == a }
            if let sizer {
                guard case .int(let oldSize) = old[sizer.name], shape[a] == oldSize else { continue }
            }
            shape[a] = size
        }
        return shape
    }
}
