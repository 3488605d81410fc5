// VisibleText: text that came from a file or a file name, made safe to show on one line of a
// terminal. Control characters would move the cursor, change colours or break the one-line rule of
// every message, so each is written as a visible escape instead.

extension StringProtocol {
    /// The text with every control character written as a Swift-style escape: `\u{1B}` for ESC,
    /// `\u{0A}` for a newline. Escaped are the C0 controls (tab included), DEL, the C1 controls, the
    /// line and paragraph separators (U+2028, U+2029) and the bidirectional controls that reorder
    /// what follows them. Nothing else changes, so escaping twice is escaping once.
    public var escapingControls: String {
        guard unicodeScalars.contains(where: \.needsEscape) else { return String(self) }
        var out = ""
        for scalar in unicodeScalars {
            if scalar.needsEscape {
                let digits = String(scalar.value, radix: 16, uppercase: true)
                out += "\\u{" + (digits.count < 2 ? "0" : "") + digits + "}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// The text cut to its first `limit` Unicode scalars with `…` after them when it is longer, and
    /// then escaped: for quoting a value from a file inside a message.
    public func clipped(to limit: Int = 60) -> String {
        var kept = ""
        var count = 0
        for scalar in unicodeScalars {
            if count == limit { return (kept + "…").escapingControls }
            kept.unicodeScalars.append(scalar)
            count += 1
        }
        return kept.escapingControls
    }
}

extension Unicode.Scalar {
    /// Whether `escapingControls` writes the scalar as an escape.
    fileprivate var needsEscape: Bool {
        switch value {
        case 0x00...0x1F, 0x7F...0x9F: return true  // C0, DEL, C1
        case 0x2028, 0x2029: return true  // line and paragraph separators
        case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: return true  // bidirectional controls
        default: return false
        }
    }
}
