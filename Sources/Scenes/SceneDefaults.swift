// SceneDefaults: what a scene starts with when the user chooses nothing — each family's picture
// says (input shape, pattern, views); these are the entry points the rest of the program uses.

import LayerKit

extension Scene {
    /// The input shape a layer is shown with when the user gives none (its family's choice).
    public static func defaultShape(for layer: any Layer) -> [Int] {
        Pictures.picture(for: type(of: layer))?.defaultShape(for: layer) ?? [4, 8]
    }

    /// The pattern a layer is shown with when the user picks none.
    public static func defaultPattern(for schema: LayerSchema) -> InputPattern {
        Pictures.picture(for: schema)?.defaultPattern ?? .random
    }

    /// The input axis that `parameter` sizes for an input of `rank` dimensions, in `schema`'s
    /// family (Conv2d's `in_channels` → C), if any.
    static func inputAxis(of schema: LayerSchema, sizedBy parameter: String, rank: Int) -> Int? {
        Pictures.picture(for: schema)?.inputAxis(sizedBy: parameter, rank: rank)
    }
}

/// `t.softmax(dim=axis)`, computed by LayerKit's Softmax (PyTorch's kernel) rather than a copy of it.
func softmax(_ t: Tensor, axis: Int) -> Tensor {
    guard var softmax = try? Computation(expression: "nn.Softmax(dim=\(axis))"),
          let result = try? softmax.run(input: t) else { return t }
    return result.output
}
