// RenderOptions: what a widget needs to know about its output besides its data — the theme,
// whether colour may be used, and whether glyphs outside ASCII may be used.

/// How to draw.
public struct RenderOptions: Sendable, Hashable {
    public var theme: Theme
    /// Colours may carry meaning (false: glyphs alone must; also false for a monochrome theme).
    public var color: Bool
    /// Only ASCII glyphs may be used.
    public var ascii: Bool
    /// The colours the output can show. Below 256 a colour map has too few steps to carry values on
    /// its own: heatmaps and legends then keep their glyph ramps and colour them.
    public var depth: ColorDepth
    /// The widgets' own words in the language of the picture (`dropped`, `selected`, `0 centred`),
    /// by their English; a word without an entry is drawn as it is. Empty: English.
    public var words: [String: String] = [:]

    public init(theme: Theme = .builtinDefault, color: Bool = true, ascii: Bool = false,
                depth: ColorDepth = .truecolor) {
        self.theme = theme
        self.color = color && !theme.monochrome
        self.ascii = ascii
        self.depth = depth
    }

    /// A widget's own word in the picture's language.
    public func say(_ word: String) -> String { words[word] ?? word }

    /// Whether colour maps alone may carry values (colour on, 256 colours or more).
    public var colorCarriesValues: Bool { color && depth >= .indexed256 }

    /// Monochrome, ASCII only: what any terminal and any text file can show.
    public static let plainASCII = RenderOptions(color: false, ascii: true)
    /// Monochrome with Unicode glyphs.
    public static let mono = RenderOptions(color: false, ascii: false)

    /// The style of a theme role under these options.
    ///
    /// Without colour only the attributes remain; a selection that a theme marks by colour alone
    /// is then shown reversed, so it stays visible on a monochrome terminal.
    public func style(_ role: ThemeRole) -> Style {
        let s = theme.style(role)
        guard !color else { return s }
        if role == .selection && s.attributes.isEmpty { return Style(attributes: .reverse) }
        return Style(attributes: s.attributes)
    }

    /// The ramp that carries magnitude in glyphs.
    public var ramp: GlyphRamp { ascii ? .ascii : .shade }

    /// The box-drawing set for borders.
    public var box: BoxGlyphs { ascii ? .ascii : .light }
}

/// The glyphs of a rectangle's border.
public struct BoxGlyphs: Sendable, Hashable {
    public var horizontal, vertical, topLeft, topRight, bottomLeft, bottomRight: String
    public var teeDown, teeUp, teeRight, teeLeft, cross: String

    public static let light = BoxGlyphs(horizontal: "─", vertical: "│", topLeft: "┌", topRight: "┐",
                                        bottomLeft: "└", bottomRight: "┘", teeDown: "┬", teeUp: "┴",
                                        teeRight: "├", teeLeft: "┤", cross: "┼")
    public static let ascii = BoxGlyphs(horizontal: "-", vertical: "|", topLeft: "+", topRight: "+",
                                        bottomLeft: "+", bottomRight: "+", teeDown: "+", teeUp: "+",
                                        teeRight: "+", teeLeft: "+", cross: "+")
}
