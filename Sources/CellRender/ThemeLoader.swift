// ThemeLoader: a theme file's text → `Theme`. Pure: the caller reads the file and passes its text
// with the path to show in messages (discovery and reading live in the executable). Every mistake
// becomes one `ThemeError` line that names the file, the line and the key. Text from the file (and
// the file's name) reaches the terminal only with its control characters escaped.

/// A theme file that cannot be used: where, which key, and what is wrong.
public struct ThemeError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file as the user should see it.
    public var path: String
    /// The 1-based line of the problem.
    public var line: Int
    /// The 1-based column, for syntax errors.
    public var column: Int?
    /// The dotted key the problem is about (`ui.accent`), if any.
    public var key: String?
    /// What is wrong.
    public var message: String

    public init(path: String, line: Int, column: Int? = nil, key: String? = nil, message: String) {
        self.path = path
        self.line = line
        self.column = column
        self.key = key
        self.message = message
    }

    /// One line: "FILE:LINE: key 'ui.accent': unknown colour 'teel' (…)" ("FILE:LINE:COLUMN: …" for
    /// syntax), with control characters escaped and a long key cut short.
    public var description: String {
        let place = "\(path.escapingControls):\(line)" + (column.map { ":\($0)" } ?? "")
        return place + ": " + (key.map { "key '\($0.clipped(to: 80))': " } ?? "") + message.escapingControls
    }
}

/// Reads theme files.
///
/// The format (TOML, as `TOMLReader` reads it); every key is optional and a missing one keeps
/// `Theme.builtinDefault`'s value:
///
/// ```toml
/// name = "default"            # optional; the file name wins
/// summary = "one line"        # shown by `layerscope themes`
/// background = "dark"         # the terminal background it is made for: dark, light or any
/// monochrome = false          # true: no colour at all, glyphs and attributes only
///
/// [ui]                        # one key per ThemeRole: text, muted, accent, title, border, focus,
///                             # selection, bar, error, warning, ok, padding, window, special, axis
/// text = "default"            # a colour string: the foreground only
/// accent = { fg = "bright-cyan", bold = true }
/// selection = { fg = "black", bg = "cyan" }
/// # style keys: fg, bg (colours), bold, dim, italic, underline, reverse (booleans); a role written
/// # as a style is that whole style: what it leaves out is the default colour or off.
///
/// [maps]                      # colour stops, evenly spaced, interpolated in RGB
/// sequential = ["#440154", "#3b528b", "#21918c", "#5ec962", "#fde725"]   # 0 → max (2 or more)
/// diverging = ["#2166ac", "#92c5de", "#f7f7f7", "#f4a582", "#b2182b"]    # -max → 0 → +max (2 or more)
/// series = ["bright-cyan", "bright-magenta"]                              # plot lines, in order (1 or more)
/// ```
///
/// Colours are `default`, the 16 ANSI names (`blue`, `bright-red`, `grey`), `#rrggbb` / `#rgb`, or
/// a palette index `0`–`255`; map stops must be real colours, not `default`.
public enum ThemeLoader {
    /// Parses a theme file's `text`; `path` is shown in errors and gives the theme its name.
    public static func load(text: String, path: String) throws -> Theme {
        let root: TOMLTable
        do {
            root = try TOMLReader.parse(text)
        } catch let error as TOMLError {
            throw ThemeError(path: path, line: error.position.line, column: error.position.column,
                             message: error.message)
        }
        return try Reader(path: path).theme(from: root)
    }

    /// Like `load`, but a malformed file gives `Theme.builtinDefault` and a one-line warning.
    public static func loadOrDefault(text: String, path: String) -> (theme: Theme, warning: String?) {
        do {
            return (try load(text: text, path: path), nil)
        } catch {
            return (.builtinDefault, "\(error); using the built-in default theme")
        }
    }

    /// The theme's name for a file: its file name without `.toml` (nil when `path` names no such file).
    public static func name(forPath path: String) -> String? {
        let file = path.split(separator: "/").last.map(String.init) ?? ""
        guard file.hasSuffix(".toml"), file.count > ".toml".count else { return nil }
        return String(file.dropLast(".toml".count))
    }

    /// Things in a valid theme that make pictures hard to read (one line each; empty when none).
    public static func problems(in theme: Theme) -> [String] {
        var found: [String] = []
        for role in ThemeRole.allCases {
            let style = theme.styles[role] ?? .plain
            if !theme.monochrome, style.fg != .default, style.fg == style.bg {
                found.append("ui.\(role.rawValue): the text colour is the background colour, so its text is invisible")
            }
        }
        let selection = theme.style(.selection)
        let marks: CellAttributes = [.reverse, .bold, .underline]
        if theme.monochrome, selection.attributes.isDisjoint(with: marks) {
            found.append("ui.selection: a monochrome theme needs reverse, bold or underline to show the selected row")
        } else if !theme.monochrome, selection.bg == .default, !selection.attributes.contains(.reverse) {
            found.append("ui.selection: no background and no reverse, so the selected row shows only by its text colour")
        }
        for background in theme.background.terminalBackgrounds {
            for (role, ratio) in theme.poorContrast(on: background) {
                let style = theme.style(role)
                if style.fg != .default, style.fg == style.bg { continue }  // said above
                found.append("ui.\(role.rawValue): contrast \(Contrast.text(ratio)) on the \(background.rawValue) background"
                             + " the theme is made for (\(Contrast.readableText) or more reads well)")
            }
        }
        guard !theme.monochrome else { return found }

        let sequential = theme.sequential.stops.compactMap(\.luminance)
        if sequential.count >= 2, !isMonotonic(sequential) {
            found.append("maps.sequential: the stops do not grow steadily lighter (or darker), so magnitude is hard to read")
        }
        let diverging = theme.diverging.stops.compactMap(\.luminance)
        if diverging.count >= 3 {
            let middle = diverging.count / 2
            let left = Array(diverging[...middle]), right = Array(diverging[middle...].reversed())
            let lightCentre = isMonotonic(left, rising: true) && isMonotonic(right, rising: true)
            let darkCentre = isMonotonic(left, rising: false) && isMonotonic(right, rising: false)
            if !(lightCentre || darkCentre) {
                found.append("maps.diverging: the stops do not run steadily from each end to the middle, so the sign is hard to read")
            }
        }
        if theme.diverging.stops.count % 2 == 0 {
            found.append("maps.diverging: \(theme.diverging.stops.count) stops (an even number), so no stop sits exactly at 0")
        }
        return found
    }

    /// Whether `values` never fall (or, with `rising: false`, never rise); nil `rising`: either.
    private static func isMonotonic(_ values: [Double], rising: Bool? = nil) -> Bool {
        let pairs = zip(values, values.dropFirst())
        let up = pairs.allSatisfy { $0 <= $1 }, down = pairs.allSatisfy { $0 >= $1 }
        switch rising {
        case true?: return up
        case false?: return down
        case nil: return up || down
        }
    }
}

// MARK: - Reading the tables

/// Turns the parsed tables into a theme, key by key, with the path for errors.
private struct Reader {
    let path: String
    let fallback = Theme.builtinDefault

    static let topKeys = ["name", "summary", "background", "monochrome", "ui", "maps"]
    static let styleKeys = ["fg", "bg", "bold", "dim", "italic", "underline", "reverse"]
    static let mapKeys = ["sequential", "diverging", "series"]

    func error(_ key: String?, at position: TOMLPosition, _ message: String) -> ThemeError {
        ThemeError(path: path, line: position.line, key: key, message: message)
    }

    func theme(from root: TOMLTable) throws -> Theme {
        try rejectUnknownKeys(in: root, known: Reader.topKeys, prefix: "")
        var theme = fallback
        let named = try root.entry("name").map { try string($0.value, key: "name") }
        theme.name = (ThemeLoader.name(forPath: path) ?? named ?? fallback.name).escapingControls
        if let entry = root.entry("summary") {
            let summary = try string(entry.value, key: "summary")
            guard !summary.contains(where: \.isNewline) else {
                throw error("summary", at: entry.value.position, "must be one line")
            }
            theme.summary = summary.escapingControls
        }
        if let entry = root.entry("background") {
            let text = try string(entry.value, key: "background")
            guard let background = ThemeBackground(rawValue: text) else {
                throw error("background", at: entry.value.position,
                            "unknown background '\(text.clipped())' (expected dark, light or any)")
            }
            theme.background = background
        }
        if let entry = root.entry("monochrome") {
            theme.monochrome = try boolean(entry.value, key: "monochrome")
        }
        if let entry = root.entry("ui") {
            let ui = try table(entry.value, key: "ui")
            try rejectUnknownKeys(in: ui, known: ThemeRole.allCases.map(\.rawValue), prefix: "ui.")
            for role in ThemeRole.allCases {
                if let value = ui[role.rawValue] {
                    theme.styles[role] = try style(value, key: "ui." + role.rawValue)
                }
            }
        }
        if let entry = root.entry("maps") {
            let maps = try table(entry.value, key: "maps")
            try rejectUnknownKeys(in: maps, known: Reader.mapKeys, prefix: "maps.")
            if let value = maps["sequential"] {
                theme.sequential = ColorMap(try colors(value, key: "maps.sequential", minimum: 2, allowDefault: false))
            }
            if let value = maps["diverging"] {
                theme.diverging = ColorMap(try colors(value, key: "maps.diverging", minimum: 2, allowDefault: false))
            }
            if let value = maps["series"] {
                theme.series = try colors(value, key: "maps.series", minimum: 1, allowDefault: true)
            }
        }
        return theme
    }

    func rejectUnknownKeys(in table: TOMLTable, known: [String], prefix: String) throws {
        for entry in table.entries where !known.contains(entry.key) {
            throw error(prefix + entry.key, at: entry.keyPosition,
                        "unknown key (expected " + Reader.list(known) + ")")
        }
    }

    /// "a, b or c".
    static func list(_ words: [String]) -> String {
        guard words.count > 1 else { return words.first ?? "" }
        return words.dropLast().joined(separator: ", ") + " or " + words.last!
    }

    func string(_ value: TOMLValue, key: String) throws -> String {
        guard let s = value.string else { throw error(key, at: value.position, "expected a string, got \(value.kindName)") }
        return s
    }

    func boolean(_ value: TOMLValue, key: String) throws -> Bool {
        guard let b = value.boolean else {
            throw error(key, at: value.position, "expected true or false, got \(value.kindName)")
        }
        return b
    }

    func table(_ value: TOMLValue, key: String) throws -> TOMLTable {
        guard let t = value.table else { throw error(key, at: value.position, "expected a table, got \(value.kindName)") }
        return t
    }

    func color(_ value: TOMLValue, key: String) throws -> Color {
        guard let text = value.string else {
            throw error(key, at: value.position, "expected a colour string, got \(value.kindName)")
        }
        guard let color = Color(parsing: text) else {
            throw error(key, at: value.position,
                        "unknown colour '\(text.clipped())' (expected a name like 'blue', '#rrggbb' or 0-255)")
        }
        return color
    }

    /// A colour string (the foreground) or a table of style keys (the whole style).
    func style(_ value: TOMLValue, key: String) throws -> Style {
        if value.string != nil { return Style(fg: try color(value, key: key)) }
        guard let table = value.table else {
            throw error(key, at: value.position, "expected a colour string or a style table, got \(value.kindName)")
        }
        try rejectUnknownKeys(in: table, known: Reader.styleKeys, prefix: key + ".")
        var style = Style()
        if let fg = table["fg"] { style.fg = try color(fg, key: key + ".fg") }
        if let bg = table["bg"] { style.bg = try color(bg, key: key + ".bg") }
        let flags: [(String, CellAttributes)] = [
            ("bold", .bold), ("dim", .dim), ("italic", .italic), ("underline", .underline), ("reverse", .reverse),
        ]
        for (name, attribute) in flags {
            if let flag = table[name], try boolean(flag, key: key + "." + name) { style.attributes.insert(attribute) }
        }
        return style
    }

    func colors(_ value: TOMLValue, key: String, minimum: Int, allowDefault: Bool) throws -> [Color] {
        guard let elements = value.array else {
            throw error(key, at: value.position, "expected an array of colours, got \(value.kindName)")
        }
        guard elements.count >= minimum else {
            let needed = minimum == 1 ? "at least 1 colour" : "at least \(minimum) colours"
            throw error(key, at: value.position, "needs \(needed), got \(elements.count)")
        }
        return try elements.map { element in
            let c = try color(element, key: key)
            if c == .default && !allowDefault {
                throw error(key, at: element.position, "a map needs real colours, not 'default'")
            }
            return c
        }
    }
}
