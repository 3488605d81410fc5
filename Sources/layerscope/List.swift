// `layerscope list`: the catalog — every layer with its parameters, defaults and ranges.

import ArgumentParser
import LayerKit

struct List: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List every layer with its parameters, defaults and ranges."
    )

    @Argument(help: "Show only this layer (e.g. Conv2d).")
    var layer: String?

    func run() throws {
        var schemas = Catalog.schemas
        if let layer {
            let wanted = layer.split(separator: ".").last.map(String.init) ?? layer
            schemas = schemas.filter { $0.name.lowercased() == wanted.lowercased() }
            if schemas.isEmpty {
                throw CLIError("unknown layer '\(layer)'; known layers: "
                    + Catalog.schemas.map(\.name).joined(separator: ", "))
            }
        }
        print(CatalogListing.text(for: schemas), terminator: "")
    }
}
