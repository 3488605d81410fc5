// Color: a terminal colour as the render core knows it — the terminal's default, one of the 16 ANSI
// colours, one of the 256 indexed colours, or 24-bit RGB — and how a colour is reduced to what a
// terminal can show (`ColorDepth`).

/// How many colours the output can show.
public enum ColorDepth: String, Sendable, CaseIterable, Comparable {
    /// No colour at all: glyphs carry all meaning.
    case none
    /// The 16 ANSI colours.
    case ansi16 = "16"
    /// The xterm 256-colour palette.
    case indexed256 = "256"
    /// 24-bit colour.
    case truecolor

    private var rank: Int {
        switch self {
        case .none: return 0
        case .ansi16: return 1
        case .indexed256: return 2
        case .truecolor: return 3
        }
    }

    public static func < (a: ColorDepth, b: ColorDepth) -> Bool { a.rank < b.rank }
}

/// A colour of a cell's glyph or background.
public enum Color: Sendable, Hashable {
    /// The terminal's own foreground or background.
    case `default`
    /// An ANSI colour, 0–15 (0–7 normal, 8–15 bright).
    case ansi(UInt8)
    /// An xterm 256-colour palette entry.
    case indexed(UInt8)
    /// A 24-bit colour.
    case rgb(UInt8, UInt8, UInt8)

    /// The names of the 16 ANSI colours, in palette order.
    public static let ansiNames = [
        "black", "red", "green", "yellow", "blue", "magenta", "cyan", "white",
        "bright-black", "bright-red", "bright-green", "bright-yellow",
        "bright-blue", "bright-magenta", "bright-cyan", "bright-white",
    ]

    /// Parses `"default"`, an ANSI name (`"blue"`, `"bright-red"`, also `grey`/`gray` for bright black),
    /// `"#rrggbb"` / `"#rgb"`, or a palette index `"0"`–`"255"`. Returns nil for anything else.
    public init?(parsing text: String) {
        let s = text.lowercased().replacingUnderscores()
        if s == "default" || s == "none" {
            self = .default
            return
        }
        if s == "grey" || s == "gray" {
            self = .ansi(8)
            return
        }
        if let i = Color.ansiNames.firstIndex(of: s) {
            self = .ansi(UInt8(i))
            return
        }
        if s.hasPrefix("#") {
            let hex = Array(s.dropFirst())
            let digits = hex.compactMap { $0.hexDigitValue }
            guard digits.count == hex.count else { return nil }
            if digits.count == 6 {
                self = .rgb(UInt8(digits[0] * 16 + digits[1]), UInt8(digits[2] * 16 + digits[3]),
                            UInt8(digits[4] * 16 + digits[5]))
                return
            }
            if digits.count == 3 {
                self = .rgb(UInt8(digits[0] * 17), UInt8(digits[1] * 17), UInt8(digits[2] * 17))
                return
            }
            return nil
        }
        if !s.isEmpty, s.count <= 3, s.allSatisfy({ ("0"..."9").contains($0) }), let n = Int(s), n <= 255 {
            self = .indexed(UInt8(n))
            return
        }
        return nil
    }

    /// The colour as a theme file writes it (round-trips through `init(parsing:)`).
    public var name: String {
        switch self {
        case .default: return "default"
        case .ansi(let i): return Color.ansiNames[Int(i) & 15]
        case .indexed(let i): return String(i)
        case .rgb(let r, let g, let b): return "#" + [r, g, b].map(hex2).joined()
        }
    }

    /// The colour's RGB value (the xterm palette for ANSI and indexed colours); nil for `default`.
    public var rgbComponents: (r: UInt8, g: UInt8, b: UInt8)? {
        switch self {
        case .default: return nil
        case .rgb(let r, let g, let b): return (r, g, b)
        case .ansi(let i): return Color.paletteRGB(Int(i) & 15)
        case .indexed(let i): return Color.paletteRGB(Int(i))
        }
    }

    /// The closest colour that `depth` can show (`default` when the depth is `none`).
    public func reduced(to depth: ColorDepth) -> Color {
        switch (self, depth) {
        case (.default, _), (_, .none): return .default
        case (.ansi, _): return self
        case (.indexed(let i), .ansi16): return i < 16 ? .ansi(i) : Color.nearestANSI(rgbComponents!)
        case (.indexed(let i), _): return i < 16 ? .ansi(i) : self
        case (.rgb(let r, let g, let b), .ansi16): return Color.nearestANSI((r, g, b))
        case (.rgb(let r, let g, let b), .indexed256): return .indexed(Color.nearestIndexed((r, g, b)))
        case (.rgb, .truecolor): return self
        }
    }

    /// Linear interpolation in RGB between two colours (`t` in 0...1); `default` stays `default`.
    public static func mix(_ a: Color, _ b: Color, _ t: Double) -> Color {
        guard let p = a.rgbComponents, let q = b.rgbComponents else { return t < 0.5 ? a : b }
        let u = t.isNaN ? 0 : Swift.min(1, Swift.max(0, t))
        func lerp(_ x: UInt8, _ y: UInt8) -> UInt8 {
            UInt8((Double(x) + (Double(y) - Double(x)) * u).rounded())
        }
        return .rgb(lerp(p.r, q.r), lerp(p.g, q.g), lerp(p.b, q.b))
    }

    /// Relative luminance in 0...1 (for choosing a readable label colour over a cell).
    public var luminance: Double? {
        guard let (r, g, b) = rgbComponents else { return nil }
        return (0.2126 * Double(r) + 0.7152 * Double(g) + 0.0722 * Double(b)) / 255
    }

    // MARK: Palette

    private static let ansiRGB: [(UInt8, UInt8, UInt8)] = [
        (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205),
        (229, 229, 229), (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0), (92, 92, 255),
        (255, 0, 255), (0, 255, 255), (255, 255, 255),
    ]
    private static let cubeLevels: [Int] = [0, 95, 135, 175, 215, 255]

    /// The xterm palette's RGB value for entry `index` (0–255).
    static func paletteRGB(_ index: Int) -> (r: UInt8, g: UInt8, b: UInt8) {
        if index < 16 { return ansiRGB[index] }
        if index < 232 {
            let i = index - 16
            return (UInt8(cubeLevels[i / 36]), UInt8(cubeLevels[(i / 6) % 6]), UInt8(cubeLevels[i % 6]))
        }
        let v = UInt8(8 + 10 * (index - 232))
        return (v, v, v)
    }

    private static func distance(_ a: (r: UInt8, g: UInt8, b: UInt8), _ b: (r: UInt8, g: UInt8, b: UInt8)) -> Int {
        let dr = Int(a.r) - Int(b.r), dg = Int(a.g) - Int(b.g), db = Int(a.b) - Int(b.b)
        // Weighted towards green, as the eye is.
        return 2 * dr * dr + 4 * dg * dg + 3 * db * db
    }

    /// The nearest entry of the 6×6×6 cube or the grey ramp (never the 16 system colours, which
    /// users redefine).
    static func nearestIndexed(_ c: (r: UInt8, g: UInt8, b: UInt8)) -> UInt8 {
        func level(_ v: UInt8) -> Int {
            var best = 0
            for i in 1..<6 where abs(cubeLevels[i] - Int(v)) < abs(cubeLevels[best] - Int(v)) { best = i }
            return best
        }
        let cube = 16 + 36 * level(c.r) + 6 * level(c.g) + level(c.b)
        let mean = (Int(c.r) + Int(c.g) + Int(c.b)) / 3
        let grey = 232 + Swift.min(23, Swift.max(0, (mean - 3) / 10))
        return UInt8(distance(c, paletteRGB(grey)) < distance(c, paletteRGB(cube)) ? grey : cube)
    }

    /// The nearest of the 16 ANSI colours.
    static func nearestANSI(_ c: (r: UInt8, g: UInt8, b: UInt8)) -> Color {
        var best = 0
        for i in 1..<16 where distance(c, ansiRGB[i]) < distance(c, ansiRGB[best]) { best = i }
        return .ansi(UInt8(best))
    }
}

private func hex2(_ v: UInt8) -> String {
    let digits = Array("0123456789abcdef")
    return String([digits[Int(v >> 4)], digits[Int(v & 15)]])
}

extension String {
    fileprivate func replacingUnderscores() -> String {
        String(map { $0 == "_" || $0 == " " ? "-" : $0 })
    }
}
