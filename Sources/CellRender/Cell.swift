// Cell: one character cell of the picture — a glyph with its colours and attributes — and `Style`,
// the colours and attributes without the glyph.

/// Text attributes a terminal can show.
public struct CellAttributes: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let bold = CellAttributes(rawValue: 1 << 0)
    public static let dim = CellAttributes(rawValue: 1 << 1)
    public static let underline = CellAttributes(rawValue: 1 << 2)
    public static let reverse = CellAttributes(rawValue: 1 << 3)
    public static let italic = CellAttributes(rawValue: 1 << 4)
}

/// Foreground, background and attributes.
public struct Style: Sendable, Hashable {
    public var fg: Color
    public var bg: Color
    public var attributes: CellAttributes

    public init(fg: Color = .default, bg: Color = .default, attributes: CellAttributes = []) {
        self.fg = fg
        self.bg = bg
        self.attributes = attributes
    }

    /// The terminal's default colours, no attributes.
    public static let plain = Style()

    /// This style with `attributes` added.
    public func with(_ attributes: CellAttributes) -> Style {
        var s = self
        s.attributes.formUnion(attributes)
        return s
    }

    /// This style with another foreground.
    public func fg(_ color: Color) -> Style {
        var s = self
        s.fg = color
        return s
    }

    /// This style with another background.
    public func bg(_ color: Color) -> Style {
        var s = self
        s.bg = color
        return s
    }
}

/// One character cell.
///
/// A glyph two columns wide occupies its cell and the next one; the next one then holds the
/// `continuation` marker (an empty glyph), which outputs skip.
public struct Cell: Sendable, Hashable {
    /// The grapheme shown (one or two columns wide), or "" for the right half of a wide glyph.
    public var glyph: String
    public var style: Style

    public init(_ glyph: String = " ", style: Style = .plain) {
        self.glyph = glyph
        self.style = style
    }

    public init(_ glyph: Character, style: Style = .plain) {
        self.init(String(glyph), style: style)
    }

    /// A blank cell in the default colours.
    public static let blank = Cell()

    /// Whether this cell is the right half of a wide glyph.
    public var isContinuation: Bool { glyph.isEmpty }
}
