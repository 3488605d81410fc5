// CatalogListing: the catalog as plain text — what `layerscope list` prints and the docs embed.

/// Renders schemas as a grouped listing that fits a given width.
public enum CatalogListing {
    /// Every schema under its group heading. Each parameter gets one line with its name, default,
    /// accepted values and stepping range, and its meaning below, wrapped to `width` columns.
    ///
    /// ```
    /// Pooling
    ///   nn.MaxPool2d — Maximum over sliding windows of each channel
    ///     kernel_size          required  int or (int, int)        [1, 8]
    ///         Size of the window to take a max over, (kH, kW)
    /// ```
    public static func text(for schemas: [LayerSchema], width: Int = 80) -> String {
        var out = ""
        for group in LayerGroup.allCases {
            let members = schemas.filter { $0.group == group }
            if members.isEmpty { continue }
            out += "\(group.rawValue)\n"
            for schema in members {
                out += wrap("nn.\(schema.name) — \(schema.summary)", indent: 2, hangingIndent: 4, width: width)
                if schema.params.isEmpty {
                    out += "    (no parameters)\n"
                    continue
                }
                let rows = schema.params.map { spec -> [String] in
                    let name = spec.keywordOnly ? "*\(spec.name)" : spec.name
                    let value = spec.defaultValue.map { "= " + $0.pythonRepr } ?? "required"
                    return [name, value, spec.kind.summary, spec.range?.summary ?? ""]
                }
                let widths = (0..<3).map { column in rows.map { $0[column].count }.max() ?? 0 }
                for (spec, row) in zip(schema.params, rows) {
                    var line = "    "
                    for column in 0..<3 {
                        line += row[column] + String(repeating: " ", count: widths[column] - row[column].count) + "  "
                    }
                    line += row[3]
                    while line.last == " " { line.removeLast() }
                    out += line + "\n"
                    let summary = spec.deprecated ? spec.summary + " (deprecated)" : spec.summary
                    out += wrap(summary, indent: 8, hangingIndent: 8, width: width)
                }
            }
            out += "\n"
        }
        return out
    }

    /// `text` broken at spaces into lines of at most `width` columns (a longer word stands alone).
    static func wrap(_ text: String, indent: Int, hangingIndent: Int, width: Int) -> String {
        var lines: [String] = []
        var current = String(repeating: " ", count: indent)
        var currentIsEmpty = true
        for word in text.split(separator: " ") {
            if !currentIsEmpty && current.count + 1 + word.count > width {
                lines.append(current)
                current = String(repeating: " ", count: hangingIndent)
                currentIsEmpty = true
            }
            current += (currentIsEmpty ? "" : " ") + word
            currentIsEmpty = false
        }
        lines.append(current)
        return lines.joined(separator: "\n") + "\n"
    }
}
