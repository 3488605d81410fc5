// Theme: the colours of the UI roles and the two colour maps (sequential for non-negative data,
// diverging for signed data). The built-in default lives here so that the render core is complete
// without any file; the files in `themes/` (loaded by ThemeLoader) override it key by key.

/// A continuous colour map: colour stops spaced evenly over 0...1, interpolated in RGB.
public struct ColorMap: Sendable, Hashable {
    public var stops: [Color]

    public init(_ stops: [Color]) {
        self.stops = stops.isEmpty ? [.default] : stops
    }

    /// The colour at `t` (clamped to 0...1).
    public func color(at t: Double) -> Color {
        guard stops.count > 1 else { return stops[0] }
        let u = (t.isNaN ? 0 : Swift.min(1, Swift.max(0, t))) * Double(stops.count - 1)
        let i = Swift.min(stops.count - 2, Int(u))
        return Color.mix(stops[i], stops[i + 1], u - Double(i))
    }
}

/// The parts of the screen a theme colours.
public enum ThemeRole: String, Sendable, CaseIterable {
    /// Ordinary text.
    case text
    /// Secondary text: hints, units, axis labels.
    case muted
    /// Emphasis: the layer name, the live expression.
    case accent
    /// Panel titles.
    case title
    /// Panel borders.
    case border
    /// The border of the focused panel.
    case focus
    /// The selected row of a list.
    case selection
    /// The header and status bars.
    case bar
    /// Error messages.
    case error
    /// Warnings (PyTorch's UserWarnings).
    case warning
    /// Things that went well: sums equal to 1, kept units.
    case ok
    /// Padding cells of a heatmap.
    case padding
    /// A window outlined on a heatmap (kernel, pooling window, adaptive bin).
    case window
    /// NaN and ±Inf cells.
    case special
    /// Plot axes and ticks.
    case axis
}

/// A complete set of colours.
public struct Theme: Sendable, Hashable {
    /// The theme's name (its file name without `.toml`).
    public var name: String
    /// One line about the theme.
    public var summary: String
    /// The terminal background the theme is made for.
    public var background: ThemeBackground
    /// A theme with no colour at all: glyphs carry every meaning.
    public var monochrome: Bool
    /// The style of each UI role.
    public var styles: [ThemeRole: Style]
    /// For non-negative data: dark → bright.
    public var sequential: ColorMap
    /// For signed data: negative → neutral (0) → positive.
    public var diverging: ColorMap
    /// The colours of plot series, in order.
    public var series: [Color]

    public init(name: String, summary: String, background: ThemeBackground = .dark, monochrome: Bool = false,
                styles: [ThemeRole: Style], sequential: ColorMap, diverging: ColorMap, series: [Color]) {
        self.name = name
        self.summary = summary
        self.background = background
        self.monochrome = monochrome
        self.styles = styles
        self.sequential = sequential
        self.diverging = diverging
        self.series = series.isEmpty ? [.default] : series
    }

    /// The style of a role (plain when the theme does not name it, or is monochrome).
    public func style(_ role: ThemeRole) -> Style {
        let s = styles[role] ?? .plain
        return monochrome ? Style(attributes: s.attributes) : s
    }

    /// The colour of plot series `i` (cycling).
    public func seriesColor(_ i: Int) -> Color {
        monochrome ? .default : series[((i % series.count) + series.count) % series.count]
    }

    /// The built-in theme: dark background, viridis-like sequential map, blue–white–red diverging map.
    public static let builtinDefault = Theme(
        name: "default",
        summary: "Dark background; viridis-like and blue-white-red maps",
        background: .dark,
        styles: [
            .text: Style(),
            .muted: Style(fg: .ansi(8)),
            .accent: Style(fg: .ansi(14), attributes: .bold),
            .title: Style(attributes: .bold),
            .border: Style(fg: .ansi(8)),
            .focus: Style(fg: .ansi(14)),
            .selection: Style(fg: .ansi(0), bg: .ansi(6)),
            .bar: Style(fg: .ansi(15), bg: .ansi(4)),
            .error: Style(fg: .ansi(9), attributes: .bold),
            .warning: Style(fg: .ansi(11)),
            .ok: Style(fg: .ansi(10)),
            .padding: Style(fg: .ansi(8)),
            .window: Style(fg: .ansi(11), attributes: .bold),
            .special: Style(fg: .ansi(13), attributes: .bold),
            .axis: Style(fg: .ansi(8)),
        ],
        sequential: ColorMap([
            .rgb(0x44, 0x01, 0x54), .rgb(0x3b, 0x52, 0x8b), .rgb(0x21, 0x91, 0x8c),
            .rgb(0x5e, 0xc9, 0x62), .rgb(0xfd, 0xe7, 0x25),
        ]),
        diverging: ColorMap([
            .rgb(0x21, 0x66, 0xac), .rgb(0x92, 0xc5, 0xde), .rgb(0xf7, 0xf7, 0xf7),
            .rgb(0xf4, 0xa5, 0x82), .rgb(0xb2, 0x18, 0x2b),
        ]),
        series: [.ansi(14), .ansi(13), .ansi(11), .ansi(10), .ansi(9), .ansi(12)]
    )
}

// MARK: - Backgrounds and contrast

/// The terminal background a theme is made for (the `background` key of a theme file).
public enum ThemeBackground: String, Sendable, Hashable, CaseIterable {
    /// A dark terminal: light text.
    case dark
    /// A light terminal: dark text.
    case light
    /// Either: the theme's text reads on both.
    case any

    /// The terminal backgrounds the theme is made to read on.
    public var terminalBackgrounds: [TerminalBackground] {
        switch self {
        case .dark: return [.dark]
        case .light: return [.light]
        case .any: return TerminalBackground.allCases
        }
    }

    /// Whether the theme is made for a terminal with this background.
    public func suits(_ terminal: TerminalBackground) -> Bool {
        terminalBackgrounds.contains(terminal)
    }
}

/// A terminal's background, as far as it can be told.
public enum TerminalBackground: String, Sendable, Hashable, CaseIterable {
    case dark
    case light

    /// The colour assumed for the background when measuring contrast: black or white.
    public var assumedColor: Color {
        self == .dark ? .rgb(0, 0, 0) : .rgb(255, 255, 255)
    }

    /// The colour assumed for the terminal's own (`default`) foreground: the other extreme.
    public var assumedForeground: Color { opposite.assumedColor }

    /// The other background.
    public var opposite: TerminalBackground { self == .dark ? .light : .dark }

    /// The background `COLORFGBG` names ("15;0": light text on colour 0, so dark; "0;15": light;
    /// rxvt's "15;default;0" too): its last field is the background's palette index, 0–6 and 8 dark,
    /// 7 and 9–15 light. Nil when the variable is unset, empty or not understood ("default;default",
    /// "15", ";;", an index above 15).
    public static func fromCOLORFGBG(_ value: String?) -> TerminalBackground? {
        guard let value else { return nil }
        let fields = value.split(separator: ";", omittingEmptySubsequences: false)
        guard fields.count >= 2, let last = fields.last, !last.isEmpty, last.count <= 2,
              last.allSatisfy({ ("0"..."9").contains($0) }), let index = Int(last), index <= 15 else { return nil }
        return index <= 6 || index == 8 ? .dark : .light
    }

    /// "dark" or "light" (any case, spaces around ignored); nil for anything else.
    public init?(name: String) {
        let word = name.trimmingSpaces().lowercased()
        guard let background = TerminalBackground(rawValue: word) else { return nil }
        self = background
    }

    /// What is known about the terminal's background: `override` (`LAYERSCOPE_BACKGROUND`) when it
    /// names one, else `COLORFGBG`, else dark is assumed. An override that names neither is ignored
    /// with a one-line warning; an empty one counts as unset.
    public static func detect(colorFGBG: String?, override: String?) -> TerminalBackgroundDetection {
        var warning: String?
        if let override, !override.isEmpty {
            if let chosen = TerminalBackground(name: override) {
                return TerminalBackgroundDetection(background: chosen, source: "LAYERSCOPE_BACKGROUND")
            }
            warning = "LAYERSCOPE_BACKGROUND: expected dark or light, got '\(override.clipped(to: 40).escapingControls)'; ignored"
        }
        if let found = fromCOLORFGBG(colorFGBG) {
            return TerminalBackgroundDetection(background: found, source: "COLORFGBG", warning: warning)
        }
        return TerminalBackgroundDetection(background: .dark, source: nil, warning: warning)
    }
}

/// The terminal background found (or assumed), where from, and a problem with the override.
public struct TerminalBackgroundDetection: Sendable, Hashable {
    /// The background to choose themes for.
    public var background: TerminalBackground
    /// The variable it came from; nil when nothing told and dark is assumed.
    public var source: String?
    /// A one-line problem (an override that names no background), else nil.
    public var warning: String?

    public init(background: TerminalBackground, source: String?, warning: String? = nil) {
        self.background = background
        self.source = source
        self.warning = warning
    }

    /// "dark (from COLORFGBG)", "light (from LAYERSCOPE_BACKGROUND)", "dark (assumed)".
    public var description: String {
        background.rawValue + (source.map { " (from \($0))" } ?? " (assumed)")
    }
}

extension Color {
    /// WCAG 2 relative luminance in 0...1 (sRGB channels linearised); nil for `default`.
    public var relativeLuminance: Double? {
        guard let (r, g, b) = rgbComponents else { return nil }
        func linear(_ channel: UInt8) -> Double {
            let c = Double(channel) / 255
            return c <= 0.04045 ? c / 12.92 : Color.power2_4((c + 0.055) / 1.055)
        }
        return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)
    }

    /// `x` to the power 2.4 for `x` in 0...1, as x² · (x²)^(1/5), the fifth root by Newton's method
    /// (the render core does without the C library's `pow`).
    static func power2_4(_ x: Double) -> Double {
        let square = x * x
        guard square > 0 else { return 0 }
        var root = 1.0  // from above: every step stays above the root and falls towards it
        for _ in 0..<60 {
            let next = (4 * root + square / (root * root * root * root)) / 5
            if next >= root { break }
            root = next
        }
        return square * root
    }

    /// The WCAG contrast ratio of two colours, 1 (the same) to 21 (black and white); nil when
    /// either is `default`.
    public static func contrastRatio(_ a: Color, _ b: Color) -> Double? {
        guard let la = a.relativeLuminance, let lb = b.relativeLuminance else { return nil }
        return (Swift.max(la, lb) + 0.05) / (Swift.min(la, lb) + 0.05)
    }
}

/// How much contrast text needs.
public enum Contrast {
    /// The least contrast ratio taken as readable: WCAG's minimum for large text and for the parts
    /// of an interface (4.5:1 is its bar for body text).
    public static let readable = 3.0
    /// `readable` as text: "3:1".
    public static let readableText = "3:1"

    /// "2.9:1": the ratio rounded down to one decimal, so a ratio under 3 never shows as "3.0:1".
    public static func text(_ ratio: Double) -> String {
        NumberFormat.fixed((ratio * 10).rounded(.down) / 10, decimals: 1) + ":1"
    }
}

extension Theme {
    /// The text and background colours role `role` shows on a terminal with `background`: the
    /// role's own colours, the terminal's where it names `default` (its foreground taken as the
    /// opposite extreme of its background), swapped when the role is reversed.
    public func shownColors(_ role: ThemeRole, on background: TerminalBackground) -> (fg: Color, bg: Color) {
        let s = style(role)
        let fg = s.fg == .default ? background.assumedForeground : s.fg
        let bg = s.bg == .default ? background.assumedColor : s.bg
        return s.attributes.contains(.reverse) ? (bg, fg) : (fg, bg)
    }

    /// The WCAG contrast ratio of role `role`'s text on a terminal with `background`.
    public func contrast(of role: ThemeRole, on background: TerminalBackground) -> Double {
        let (fg, bg) = shownColors(role, on: background)
        return Color.contrastRatio(fg, bg) ?? 21
    }

    /// The roles whose contrast on `background` is below `minimum`, lowest first (then in role order).
    public func poorContrast(on background: TerminalBackground,
                             below minimum: Double = Contrast.readable) -> [(role: ThemeRole, ratio: Double)] {
        let found = ThemeRole.allCases.map { (role: $0, ratio: contrast(of: $0, on: background)) }
            .filter { $0.ratio < minimum }
        return found.enumerated().sorted { a, b in
            a.element.ratio != b.element.ratio ? a.element.ratio < b.element.ratio : a.offset < b.offset
        }.map(\.element)
    }
}

private extension String {
    func trimmingSpaces() -> String {
        let scalars = unicodeScalars
        guard let start = scalars.firstIndex(where: { $0 != " " && $0 != "\t" }),
              let end = scalars.lastIndex(where: { $0 != " " && $0 != "\t" }) else { return "" }
        return String(scalars[start...end])
    }
}
