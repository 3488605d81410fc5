// Table: rows of text under column headers — parameter lists, per-channel statistics — with
// numbers right-aligned, columns fitted to their content and shrunk to the area, and a
// "… N more" row when the rows do not all fit.

/// A table of text cells with a header row and a separator line.
public struct Table: Sendable, Hashable {
    /// One column: its header and how its cells are aligned.
    public struct Column: Sendable, Hashable {
        /// The header text.
        public var header: String
        /// The cells' alignment; nil means right when every non-empty cell is a number, else left.
        public var alignment: TextAlignment?

        /// A column.
        public init(_ header: String, alignment: TextAlignment? = nil) {
            self.header = header
            self.alignment = alignment
        }
    }

    /// The columns, left to right.
    public var columns: [Column]
    /// The rows; missing cells are blank, cells beyond the columns are ignored.
    public var rows: [[String]]
    /// Spaces between columns.
    public var gap: Int

    /// A table of `rows` under `columns`.
    public init(columns: [Column], rows: [[String]], gap: Int = 2) {
        self.columns = columns
        self.rows = rows
        self.gap = gap
    }

    /// A table whose columns are just headers (alignment chosen from the cells).
    public init(headers: [String], rows: [[String]], gap: Int = 2) {
        self.init(columns: headers.map { Column($0) }, rows: rows, gap: gap)
    }

    /// The cell at row `r`, column `c` ("" when missing).
    func cell(_ r: Int, _ c: Int) -> String {
        c < rows[r].count ? rows[r][c] : ""
    }

    /// Whether `text` reads as a number (as Swift parses a Double: "1.5", "-2e+03", "nan", "inf").
    static func isNumber(_ text: String) -> Bool {
        let t = text.trimmingSpaces()
        return !t.isEmpty && Double(t) != nil
    }

    /// The alignment of column `c`.
    public func alignment(ofColumn c: Int) -> TextAlignment {
        if let a = columns[c].alignment { return a }
        var sawNumber = false
        for r in rows.indices {
            let text = cell(r, c)
            if text.trimmingSpaces().isEmpty { continue }
            if !Table.isNumber(text) { return .left }
            sawNumber = true
        }
        return sawNumber ? .right : .left
    }

    /// Column widths: the widest of header and cells, then the widest columns shrunk one column at a
    /// time until the table fits `width` (or every column is 1 wide).
    public func columnWidths(fitting width: Int) -> [Int] {
        var widths = columns.indices.map { c in
            rows.indices.reduce(TextWidth.of(columns[c].header)) { Swift.max($0, TextWidth.of(cell($1, c))) }
        }
        guard !widths.isEmpty else { return [] }
        let spacing = Swift.max(0, gap) * (widths.count - 1)
        var excess = widths.reduce(0, +) + spacing - Swift.max(0, width)
        while excess > 0 {
            guard let widest = widths.max(), widest > 1 else { break }
            // Bring every widest column down towards the next width in one step.
            let next = Swift.max(1, widths.filter { $0 < widest }.max() ?? 1)
            let wide = widths.indices.filter { widths[$0] == widest }
            let room = (widest - next) * wide.count
            if room <= excess {
                for i in wide { widths[i] = next }
                excess -= room
            } else {
                let each = excess / wide.count, extra = excess % wide.count
                for (k, i) in wide.enumerated() { widths[i] -= each + (k >= wide.count - extra ? 1 : 0) }
                excess = 0
            }
        }
        return widths
    }

    /// Draws the header, the separator and as many rows as fit; when some do not, the last row
    /// shown reads "… N more" (ASCII "... N more").
    public func draw(into grid: inout CellGrid, area: Rect, options: RenderOptions) {
        guard !area.isEmpty, !columns.isEmpty else { return }
        let widths = columnWidths(fitting: area.width)
        let used = Swift.min(area.width, widths.reduce(0, +) + Swift.max(0, gap) * (widths.count - 1))
        let aligns = columns.indices.map { alignment(ofColumn: $0) }
        func putRow(_ texts: [String], y: Int, style: Style) {
            var x = area.x
            for (c, w) in widths.enumerated() {
                guard x < area.maxX else { break }
                let shown = TextWidth.truncate(texts[c], to: w, ascii: options.ascii)
                let pad = w - TextWidth.of(shown)
                let offset: Int
                switch aligns[c] {
                case .left: offset = 0
                case .center: offset = pad / 2
                case .right: offset = pad
                }
                grid.put(shown, x: x + offset, y: y, style: style, clip: area)
                x += w + Swift.max(0, gap)
            }
        }
        putRow(columns.map(\.header), y: area.y, style: options.style(.title))
        guard area.height >= 2 else { return }
        grid.put(String(repeating: options.ascii ? "-" : "─", count: used), x: area.x, y: area.y + 1,
                 style: options.style(.border), clip: area)
        let room = area.height - 2
        let fits = rows.count <= room
        let shownRows = fits ? rows.count : Swift.max(0, room - 1)
        for r in 0..<shownRows {
            putRow(columns.indices.map { cell(r, $0) }, y: area.y + 2 + r, style: options.style(.text))
        }
        if !fits, room >= 1 {
            let more = (options.ascii ? "... " : "… ") + "\(rows.count - shownRows) more"
            grid.put(TextWidth.truncate(more, to: area.width, ascii: options.ascii), x: area.x,
                     y: area.y + 2 + shownRows, style: options.style(.muted), clip: area)
        }
    }
}

extension String {
    /// The string without leading and trailing spaces.
    fileprivate func trimmingSpaces() -> String {
        var s = Substring(self)
        while s.first == " " { s.removeFirst() }
        while s.last == " " { s.removeLast() }
        return String(s)
    }
}
