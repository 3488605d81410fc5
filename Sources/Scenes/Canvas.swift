// Canvas: the grid a scene draws into, with the render options, and the text conventions every
// scene shares — Unicode symbols replaced by ASCII spellings when only ASCII may be used, so that
// `--ascii` output is pure ASCII without each scene thinking about it.

import CellRender

/// A grid being drawn, and how to draw.
struct Canvas {
    var grid: CellGrid
    let options: RenderOptions
    /// Every map drawn so far, with where and at what scale (what tests check pictures by).
    var drawnMaps: [DrawnMap] = []
    /// The language of the picture's own words (its header and view tabs).
    var language: Language = .en

    init(width: Int, height: Int, options: RenderOptions) {
        grid = CellGrid(width: width, height: height)
        self.options = options
    }

    /// `text` as the output may show it: in the picture's language (Chinese needs more than ASCII),
    /// with ASCII spellings under `--ascii`.
    func text(_ s: String) -> String {
        if options.ascii { return asciiSpelling(s) }
        return language == .zh ? PictureText.say(s) : s
    }

    /// Writes `s` at (`x`, `y`) clipped to `clip`, returns the column after it.
    @discardableResult
    mutating func put(_ s: String, x: Int, y: Int, role: ThemeRole = .text, clip: Rect) -> Int {
        grid.put(text(s), x: x, y: y, style: options.style(role), clip: clip)
    }

    /// Writes `s` on the first row of `rect`, cut with an ellipsis when it does not fit.
    mutating func line(_ s: String, in rect: Rect, role: ThemeRole = .text, dx: Int = 0) {
        guard !rect.isEmpty else { return }
        let t = TextWidth.truncate(text(s), to: rect.width - dx, ascii: options.ascii)
        grid.put(t, x: rect.x + dx, y: rect.y, style: options.style(role), clip: rect)
    }

    /// Writes several lines from the top of `rect` (as many as fit).
    mutating func lines(_ items: [(String, ThemeRole)], in rect: Rect) {
        for (i, item) in items.prefix(rect.height).enumerated() {
            line(item.0, in: Rect(x: rect.x, y: rect.y + i, width: rect.width, height: 1), role: item.1)
        }
    }

    /// Captions at the top of `area`, each wrapped at spaces onto as many lines as it needs. A
    /// caption is shown whole or not at all — never cut mid-sentence: the first ones are kept while
    /// they leave the picture below at least `keeping` rows (a caption longer than every line is
    /// the only one that may end in an ellipsis, when it alone is shown). Returns the area below.
    mutating func captions(_ items: [(String, ThemeRole)], in area: Rect, keeping: Int = 6) -> Rect {
        guard !area.isEmpty else { return area }
        let budget = Swift.max(1, area.height - keeping)
        var used = 0
        var drawn: [(String, ThemeRole)] = []
        for (text, role) in items {
            let lines = wrapWords(self.text(text), width: area.width)
            guard used + lines.count <= budget else { break }
            drawn += lines.map { ($0, role) }
            used += lines.count
        }
        if drawn.isEmpty, let first = items.first {
            drawn = [(first.0, first.1)]  // the most important one, cut to the width
        }
        lines(drawn, in: area)
        return area.splitTop(Swift.min(drawn.count, area.height)).rest
    }

    /// Any glyph outside ASCII left by a widget becomes `?` (a last guarantee for `--ascii`).
    mutating func enforceASCII() {
        guard options.ascii else { return }
        for y in 0..<grid.height {
            for x in 0..<grid.width where !grid[x, y].isContinuation {
                if grid[x, y].glyph.unicodeScalars.contains(where: { $0.value >= 128 }) {
                    grid[x, y].glyph = "?"
                }
            }
        }
        for y in 0..<grid.height {
            for x in 0..<grid.width where grid[x, y].isContinuation { grid[x, y].glyph = " " }
        }
    }
}

/// The words of `text` in lines of at most `width` columns; a word longer than a line is cut.
func wrapWords(_ text: String, width: Int) -> [String] {
    guard width > 0 else { return [] }
    var lines: [String] = []
    var line = ""
    for word in text.split(separator: " ").map(String.init) {
        let candidate = line.isEmpty ? word : line + " " + word
        if TextWidth.of(candidate) <= width {
            line = candidate
        } else {
            if !line.isEmpty { lines.append(line) }
            line = TextWidth.of(word) <= width ? word : TextWidth.prefix(word, fitting: width).text
        }
    }
    if !line.isEmpty { lines.append(line) }
    return lines
}

/// A map as drawn: its title, its data size, where its cells are and at what cell scale.
struct DrawnMap: Sendable {
    var title: String
    var rows: Int
    var cols: Int
    var rect: Rect
    var scale: MapScale
    /// The first value row and column shown (a clipped map scrolls).
    var firstRow = 0
    var firstCol = 0

    /// The value (row, column) drawn at the cell (`x`, `y`), if it is inside the map.
    func value(atX x: Int, y: Int) -> OutputPosition? {
        guard rect.contains(x, y) else { return nil }
        let rowsDown = scale.halfBlock ? (2 * (y - rect.y)) / scale.cellHeight : (y - rect.y) / scale.cellHeight
        let row = firstRow + rowsDown * scale.step, col = firstCol + ((x - rect.x) / scale.cellWidth) * scale.step
        guard row < rows, col < cols else { return nil }
        return OutputPosition(row: row, column: col)
    }
}

/// The ASCII spelling of the symbols scenes use (and `layerscope train --ascii` prints).
public func asciiSpelling(_ s: String) -> String {
    guard s.unicodeScalars.contains(where: { $0.value >= 128 }) else { return s }
    var out = ""
    var previous: Character = " "
    for ch in s {
        defer { previous = ch }
        switch ch {
        case "⌊": out += "floor("
        case "⌋": out += ")"
        case "⌈": out += "ceil("
        case "⌉": out += ")"
        case "·": out += "*"
        case "×": out += "x"
        case "−": out += "-"
        case "→": out += "->"
        case "←": out += "<-"
        case "↑": out += "^"
        case "↓": out += "v"
        case "≤": out += "<="
        case "≥": out += ">="
        case "≈": out += "~"
        case "≠": out += "!="
        case "…": out += "..."
        case "σ": out += "sigma"
        case "Σ", "∑": out += "sum"
        case "√": out += "sqrt"
        case "±": out += "+-"
        case "Φ": out += "Phi"
        case "π": out += "pi"
        case "³": out += "^3"
        case "¾": out += " 3/4"
        case "ᵢ": out += "_i"
        case "ⱼ": out += "_j"
        case "∞": out += "inf"
        case "ᵀ": out += "^T"
        case "²": out += "^2"
        case "′": out += "'"
        case "∂": out += "d"
        case "μ": out += "mu"
        case "ε": out += "eps"
        case "γ": out += "gamma"
        case "β": out += "beta"
        case "λ": out += "lambda"
        case "α": out += previous == "λ" ? "*alpha" : "alpha"  // λα is a product: lambda*alpha
        case "—": out += "-"
        case "∅": out += "?"
        case "▲": out += "^"
        case "▼": out += "v"
        case "•", "●": out += "o"
        case "│": out += "|"
        case "─": out += "-"
        case "✓": out += "ok"
        case "‖": out += "|"
        case "∇": out += "d"
        case "▸", "▶": out += ">"
        case "◂": out += "<"
        case "–": out += "-"
        case "✗": out += "(invalid)"
        default:
            out += ch.unicodeScalars.allSatisfy({ $0.value < 128 }) ? String(ch) : "?"
        }
    }
    return out
}
