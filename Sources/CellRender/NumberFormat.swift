// NumberFormat: short, locale-free number text for labels, ticks and values — `%g`-like compact
// form ("0.25", "-1.5", "1.2e+03") and fixed decimals ("0.50") — without Foundation.
//
// Digits come from Swift's shortest round-trip `description` of the Double, rounded half-up in
// decimal, so the text never depends on the process locale.

/// Compact and fixed-point formatting of numbers for widgets.
public enum NumberFormat {
    /// `value` in at most `significant` significant digits, like C's `%g`: plain notation for
    /// decimal exponents from −4 to `significant − 1`, else `1.2e+03`; trailing zeros dropped;
    /// "nan", "inf", "-inf" for the special values; negative zero prints as "0".
    public static func compact(_ value: Double, significant: Int = 3) -> String {
        if let special = specialText(value) { return special }
        let sig = Swift.max(1, Swift.min(17, significant))
        var d = Decimal10(value)
        d.round(toDigits: sig)
        if d.digits.isEmpty { return "0" }
        let exponent = d.pointPosition - 1
        let body: String
        if exponent < -4 || exponent >= sig {
            body = d.scientific()
        } else {
            body = d.plain(minimumFraction: 0)
        }
        return d.negative ? "-" + body : body
    }

    /// `value` with exactly `decimals` digits after the point ("0.50", "-3", "12.346"); values of
    /// magnitude 1e15 and above, and the special values, fall back to `compact`.
    public static func fixed(_ value: Double, decimals: Int) -> String {
        if let special = specialText(value) { return special }
        let places = Swift.max(0, Swift.min(17, decimals))
        if Swift.abs(value) >= 1e15 { return compact(value, significant: 6) }
        var d = Decimal10(value)
        d.round(toDigits: d.pointPosition + places)
        let body = d.plain(minimumFraction: places)
        let isZero = d.digits.isEmpty
        return d.negative && !isZero ? "-" + body : body
    }

    /// An integral `value` in plain digits ("12", "-1500", "0" for −0) while it has at most
    /// `maxDigits` digits; anything else as `compact(value, significant:)`. For counts, steps and
    /// indices, which `compact` would turn into "1.5e+03".
    public static func integerOrCompact(_ value: Double, maxDigits: Int = 7, significant: Int = 3) -> String {
        guard isIntegral(value) else { return compact(value, significant: significant) }
        let limit = (0..<Swift.max(1, Swift.min(15, maxDigits))).reduce(1.0) { r, _ in r * 10 }
        guard Swift.abs(value) < limit else { return compact(value, significant: significant) }
        return String(Int(value))
    }

    /// Whether `value` is a finite whole number.
    public static func isIntegral(_ value: Double) -> Bool {
        value.isFinite && value == value.rounded(.towardZero)
    }

    /// The text of NaN and ±Inf, nil for finite values.
    static func specialText(_ value: Double) -> String? {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        return nil
    }
}

/// A finite Double as decimal digits: value = 0.d₁d₂… × 10^pointPosition (digits without leading or
/// trailing zeros; empty digits means zero).
struct Decimal10 {
    var negative: Bool
    /// Decimal digits, 0–9, the first one non-zero.
    var digits: [UInt8]
    /// Where the decimal point sits, counted in digits from the left of `digits`.
    var pointPosition: Int

    init(_ value: Double) {
        negative = value < 0
        digits = []
        pointPosition = 0
        let text = Swift.abs(value).description
        var mantissa = Substring(text)
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = text[text.startIndex..<e]
            exponent = Int(text[text.index(after: e)...]) ?? 0
        }
        var seenPoint = false
        var intCount = 0
        for ch in mantissa {
            if ch == "." {
                seenPoint = true
            } else if let v = ch.wholeNumberValue {
                digits.append(UInt8(v))
                if !seenPoint { intCount += 1 }
            }
        }
        pointPosition = intCount + exponent
        while let first = digits.first, first == 0 {
            digits.removeFirst()
            pointPosition -= 1
        }
        trimTrailingZeros()
        if digits.isEmpty { pointPosition = 0 }
    }

    /// Keeps the first `count` digits, rounding half-up (count ≤ 0 can round to zero or to one unit).
    mutating func round(toDigits count: Int) {
        guard digits.count > count else { return }
        if count < 0 {
            digits = []
            pointPosition = 0
            return
        }
        let roundUp = digits[count] >= 5
        digits.removeLast(digits.count - count)
        if roundUp {
            var i = digits.count - 1
            while i >= 0 {
                if digits[i] == 9 {
                    digits[i] = 0
                    i -= 1
                } else {
                    digits[i] += 1
                    break
                }
            }
            if i < 0 {
                digits.insert(1, at: 0)
                pointPosition += 1
            }
        }
        trimTrailingZeros()
        if digits.isEmpty { pointPosition = 0 }
    }

    private mutating func trimTrailingZeros() {
        while let last = digits.last, last == 0 { digits.removeLast() }
    }

    private func char(_ d: UInt8) -> Character { Character(Unicode.Scalar(48 + d)) }

    /// Plain notation of the magnitude, with at least `minimumFraction` digits after the point.
    func plain(minimumFraction: Int) -> String {
        var intPart = ""
        var fracPart = ""
        if pointPosition <= 0 {
            intPart = "0"
            fracPart = String(repeating: "0", count: -pointPosition) + String(digits.map(char))
        } else {
            for i in 0..<pointPosition { intPart.append(i < digits.count ? char(digits[i]) : "0") }
            if digits.count > pointPosition { fracPart = String(digits[pointPosition...].map(char)) }
        }
        if digits.isEmpty { intPart = "0"; fracPart = "" }
        if fracPart.count < minimumFraction {
            fracPart += String(repeating: "0", count: minimumFraction - fracPart.count)
        }
        return fracPart.isEmpty ? intPart : intPart + "." + fracPart
    }

    /// Scientific notation of the magnitude: `d.ddde±XX`.
    func scientific() -> String {
        guard let first = digits.first else { return "0" }
        var s = String(char(first))
        if digits.count > 1 { s += "." + String(digits[1...].map(char)) }
        let e = pointPosition - 1
        let magnitude = Swift.abs(e)
        s += e < 0 ? "e-" : "e+"
        s += magnitude < 10 ? "0\(magnitude)" : "\(magnitude)"
        return s
    }
}
