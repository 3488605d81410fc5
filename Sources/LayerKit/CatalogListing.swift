// CatalogListing: the catalog as plain text — what `layerscope list` prints and the docs embed.

/// Renders schemas as a grouped, aligned listing.
public enum CatalogListing {
    /// Every schema under its group heading; each parameter on one line with its kind, default,
    /// range and meaning.
    public static func text(for schemas: [LayerSchema]) -> String {
        var out = ""
        for group in LayerGroup.allCases {
            let members = schemas.filter { $0.group == group }
            if members.isEmpty { continue }
            out += "\(group.rawValue)\n"
            for schema in members {
                out += "  nn.\(schema.name) — \(schema.summary)\n"
                let rows = schema.params.map { spec -> [String] in
                    let name = spec.keywordOnly ? "*\(spec.name)" : spec.name
                    let value = spec.defaultValue.map { "= " + $0.pythonRepr } ?? "required"
                    var summary = spec.summary
                    if spec.deprecated { summary += " (deprecated)" }
                    return [name, spec.kind.summary, value, spec.range?.summary ?? "", summary]
                }
                let widths = (0..<4).map { column in rows.map { $0[column].count }.max() ?? 0 }
                for row in rows {
                    var line = "      "
                    for column in 0..<4 {
                        line += row[column] + String(repeating: " ", count: widths[column] - row[column].count) + "  "
                    }
                    out += line + row[4] + "\n"
                }
                if schema.params.isEmpty { out += "      (no parameters)\n" }
            }
            out += "\n"
        }
        return out
    }
}
