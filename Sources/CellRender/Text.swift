// Text: styled lines of text drawn into an area — word-wrapped to its width (counting columns as
// wcwidth does, through TextWidth) or cut with an ellipsis, aligned left, centre or right.

/// A run of text in one style.
public struct TextSpan: Sendable, Hashable {
    /// The text (no line breaks; a "\n" inside is drawn as nothing).
    public var text: String
    /// How it is drawn.
    public var style: Style

    /// A span of `text` in `style`.
    public init(_ text: String, style: Style = .plain) {
        self.text = text
        self.style = style
    }
}

/// How a line sits in its row.
public enum TextAlignment: Sendable, Hashable {
    /// Flush left.
    case left
    /// Centred (an odd leftover column goes to the right).
    case center
    /// Flush right.
    case right
}

/// Lines of styled spans, wrapped or truncated to an area.
public struct Paragraph: Sendable, Hashable {
    /// Each line is a list of spans drawn one after the other.
    public var lines: [[TextSpan]]
    /// Where each row sits.
    public var alignment: TextAlignment
    /// Word-wrap long lines (true) or cut them with `…` / `~` (false).
    public var wrap: Bool

    /// A paragraph of lines made of spans.
    public init(lines: [[TextSpan]], alignment: TextAlignment = .left, wrap: Bool = true) {
        self.lines = lines
        self.alignment = alignment
        self.wrap = wrap
    }

    /// A paragraph of plain text in one style; "\n" separates lines.
    public init(_ text: String, style: Style = .plain, alignment: TextAlignment = .left, wrap: Bool = true) {
        let parts = text.split(separator: "\n", omittingEmptySubsequences: false)
        self.init(lines: parts.map { [TextSpan(String($0), style: style)] }, alignment: alignment, wrap: wrap)
    }

    /// One styled character of a laid-out row.
    typealias StyledChar = (ch: Character, style: Style, width: Int)

    /// The rows this paragraph takes at `width` columns (after wrapping or truncation).
    func layout(width: Int, ascii: Bool) -> [[StyledChar]] {
        guard width > 0 else { return [] }
        var rows: [[StyledChar]] = []
        for line in lines {
            var chars: [StyledChar] = []
            for span in line {
                for ch in span.text {
                    let w = TextWidth.of(ch)
                    if w > 0 { chars.append((ch, span.style, w)) }
                }
            }
            if wrap {
                rows += Paragraph.wrapped(chars, width: width)
            } else {
                rows.append(Paragraph.truncated(chars, width: width, ascii: ascii))
            }
        }
        return rows
    }

    /// How many rows the paragraph needs at `width` columns.
    public func height(width: Int) -> Int { layout(width: width, ascii: false).count }

    /// The rows of plain `text` word-wrapped to `width` columns (for measuring and tests).
    public static func wrap(_ text: String, width: Int) -> [String] {
        Paragraph(text).layout(width: width, ascii: false).map { String($0.map(\.ch)) }
    }

    /// Draws the rows from the top of `area`; rows below it are dropped, and the last row shown then
    /// ends in `…` / `~`. Returns the number of rows drawn.
    @discardableResult
    public func draw(into grid: inout CellGrid, area: Rect, options: RenderOptions) -> Int {
        guard !area.isEmpty else { return 0 }
        var rows = layout(width: area.width, ascii: options.ascii)
        if rows.count > area.height {
            rows.removeLast(rows.count - area.height)
            let last = rows[rows.count - 1]
            rows[rows.count - 1] = Paragraph.withEllipsis(last, width: area.width, ascii: options.ascii)
        }
        for (i, row) in rows.enumerated() {
            let used = row.reduce(0) { $0 + $1.width }
            let offset: Int
            switch alignment {
            case .left: offset = 0
            case .center: offset = (area.width - used) / 2
            case .right: offset = area.width - used
            }
            var x = area.x + Swift.max(0, offset)
            for run in Paragraph.runs(row) {
                x = grid.put(run.text, x: x, y: area.y + i, style: run.style, clip: area)
            }
        }
        return rows.count
    }

    /// Greedy word wrap: words move to the next row whole when they fit there; a word longer than a
    /// row is broken; spaces at a break are dropped; leading spaces of a line are kept.
    static func wrapped(_ chars: [StyledChar], width: Int) -> [[StyledChar]] {
        var rows: [[StyledChar]] = [[]]
        var rowWidth = 0
        var pending: [StyledChar] = []
        var i = 0
        func newRow() {
            rows.append([])
            rowWidth = 0
        }
        while i < chars.count {
            if chars[i].ch == " " {
                pending.append(chars[i])
                i += 1
                continue
            }
            var j = i
            while j < chars.count, chars[j].ch != " " { j += 1 }
            let word = chars[i..<j]
            let wordWidth = word.reduce(0) { $0 + $1.width }
            let pendingWidth = pending.reduce(0) { $0 + $1.width }
            if rowWidth + pendingWidth + wordWidth <= width {
                rows[rows.count - 1] += pending + word
                rowWidth += pendingWidth + wordWidth
            } else {
                if rowWidth > 0 { newRow() }
                for c in word where c.width <= width {
                    if rowWidth + c.width > width { newRow() }
                    rows[rows.count - 1].append(c)
                    rowWidth += c.width
                }
            }
            pending = []
            i = j
        }
        return rows
    }

    /// The characters cut to `width` columns, ending in an ellipsis when cut.
    static func truncated(_ chars: [StyledChar], width: Int, ascii: Bool) -> [StyledChar] {
        let total = chars.reduce(0) { $0 + $1.width }
        if total <= width { return chars }
        return withEllipsis(chars, width: width, ascii: ascii)
    }

    /// The characters cut to leave room for a one-column ellipsis at the end, which is added.
    static func withEllipsis(_ chars: [StyledChar], width: Int, ascii: Bool) -> [StyledChar] {
        guard width > 0 else { return [] }
        var out: [StyledChar] = []
        var used = 0
        for c in chars {
            if used + c.width > width - 1 { break }
            out.append(c)
            used += c.width
        }
        let style = out.last?.style ?? chars.first?.style ?? .plain
        out.append((ascii ? "~" : "…", style, 1))
        return out
    }

    /// Consecutive characters of one style joined into strings.
    static func runs(_ row: [StyledChar]) -> [(text: String, style: Style)] {
        var out: [(text: String, style: Style)] = []
        for c in row {
            if let last = out.last, last.style == c.style {
                out[out.count - 1].text.append(c.ch)
            } else {
                out.append((String(c.ch), c.style))
            }
        }
        return out
    }
}
