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

    public init(name: String, summary: String, monochrome: Bool = false, styles: [ThemeRole: Style],
                sequential: ColorMap, diverging: ColorMap, series: [Color]) {
        self.name = name
        self.summary = summary
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
        styles: [
            .text: Style(),
            .muted: Style(fg: .ansi(8)),
            .accent: Style(fg: .ansi(14), attributes: .bold),
            .title: Style(fg: .ansi(15), attributes: .bold),
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
