// GlyphRamp: named sequences of glyphs from light to heavy, so that a value's magnitude can be read
// from the glyph alone (monochrome terminals, plain-text docs), and the special glyphs for values
// that have no magnitude (NaN, ±Inf).

/// Glyphs ordered from "least" to "most".
public struct GlyphRamp: Sendable, Hashable {
    public var name: String
    public var glyphs: [String]

    public init(name: String, glyphs: [String]) {
        precondition(!glyphs.isEmpty, "a ramp needs at least one glyph")
        self.name = name
        self.glyphs = glyphs
    }

    /// ` ░▒▓█`: Unicode shades.
    public static let shade = GlyphRamp(name: "shade", glyphs: [" ", "░", "▒", "▓", "█"])
    /// ` .:-=+*#%@`: ASCII density.
    public static let ascii = GlyphRamp(name: "ascii", glyphs: [" ", ".", ":", "-", "=", "+", "*", "#", "%", "@"])
    /// ` ▁▂▃▄▅▆▇█`: Unicode eighths, bottom-up (vertical bars, sparklines).
    public static let verticalEighths = GlyphRamp(name: "vertical", glyphs: [" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"])
    /// ` ▏▎▍▌▋▊▉█`: Unicode eighths, left to right (horizontal bars).
    public static let horizontalEighths = GlyphRamp(name: "horizontal", glyphs: [" ", "▏", "▎", "▍", "▌", "▋", "▊", "▉", "█"])

    /// Every named ramp.
    public static let all: [GlyphRamp] = [.shade, .ascii, .verticalEighths, .horizontalEighths]

    /// The ramp called `name`.
    public static func named(_ name: String) -> GlyphRamp? { all.first { $0.name == name } }

    /// The glyph for a normalised value `t` in 0...1 (clamped); nil-safe for NaN (gives the lightest).
    public func glyph(_ t: Double) -> String {
        guard t.isFinite else { return glyphs[0] }
        let i = Int((Swift.min(1, Swift.max(0, t)) * Double(glyphs.count - 1)).rounded())
        return glyphs[i]
    }
}

/// The glyphs that mark values without a magnitude, and other fixed marks.
public enum SpecialGlyph {
    /// Not a number.
    public static func nan(ascii: Bool) -> String { ascii ? "?" : "∅" }
    /// +∞ (outside every ramp, so it cannot be read as a magnitude).
    public static func posInf(ascii: Bool) -> String { ascii ? "^" : "▲" }
    /// −∞.
    public static func negInf(ascii: Bool) -> String { ascii ? "v" : "▼" }

    /// The glyph for a non-finite value.
    public static func nonFinite(_ value: Float, ascii: Bool) -> String {
        value.isNaN ? nan(ascii: ascii) : (value > 0 ? posInf(ascii: ascii) : negInf(ascii: ascii))
    }
}
