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
        grouping: Preset.seedExamples + Preset.variations,
        by: { (try? Catalog.arguments(parsing: $0.expression).schema.name) ?? "" })

    /// `shape` with the size a layer reads from its arguments (channels, features) changed along with them.
    static func shape(_ shape: [Int], following old: Arguments, to new: Arguments) -> [Int] {
        let axisOf: [String: (Int) -> Int?] = [
            "in_channels": { rank in rank == 4 ? 1 : rank == 3 ? 0 : nil },
            "num_features": { rank in rank >= 2 ? 1 : nil },
            "in_features": { rank in rank >= 1 ? rank - 1 : nil },
        ]
        var shape = shape
        for (name, axis) in axisOf {
            guard new.schema.param(name) != nil, case .int(let size) = new[name], old[name] != new[name],
                  let a = axis(shape.count), shape[a] == old.int(name) else { continue }
            shape[a] = size
        }
        return shape
    }
}
