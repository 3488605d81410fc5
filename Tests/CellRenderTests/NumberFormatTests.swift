// Tests of NumberFormat: compact (%g-like) and fixed-decimal text, special values, rounding carries.

import Testing
@testable import CellRender

@Suite struct NumberFormatTests {
    @Test func compactFormsLikePercentG() {
        let cases: [(Double, String)] = [
            (0, "0"), (-0.0, "0"), (0.25, "0.25"), (-1.5, "-1.5"), (1, "1"), (100, "100"),
            (999, "999"), (1000, "1e+03"), (1234, "1.23e+03"), (-2.5, "-2.5"), (0.001, "0.001"),
            (0.0001, "0.0001"), (0.00001, "1e-05"), (0.000123456, "0.000123"), (1.0 / 3, "0.333"),
            (2.0 / 3, "0.667"), (999.5, "1e+03"), (9.9996, "10"), (1e300, "1e+300"),
            (-1e-300, "-1e-300"), (5e-324, "5e-324"), (123456789, "1.23e+08"),
        ]
        for (v, text) in cases { #expect(NumberFormat.compact(v) == text, "\(v)") }
        #expect(NumberFormat.compact(1200, significant: 2) == "1.2e+03")
        #expect(NumberFormat.compact(3.14159, significant: 5) == "3.1416")
        #expect(NumberFormat.compact(3.14159, significant: 0) == "3")
    }

    @Test func integerOrCompactKeepsWholeNumbersWhole() {
        let cases: [(Double, String)] = [
            (0, "0"), (-0.0, "0"), (3, "3"), (-12, "-12"), (1500, "1500"), (1234567, "1234567"), (-9999999, "-9999999"),
            (10_000_000, "1e+07"), (0.5, "0.5"), (2.25, "2.25"), (1234.5, "1.23e+03"), (1e300, "1e+300"),
            (.nan, "nan"), (.infinity, "inf"), (-.infinity, "-inf"),
        ]
        for (v, text) in cases { #expect(NumberFormat.integerOrCompact(v) == text, "\(v)") }
        #expect(NumberFormat.integerOrCompact(99, maxDigits: 2) == "99")
        #expect(NumberFormat.integerOrCompact(1234, maxDigits: 2) == "1.23e+03")
        #expect(NumberFormat.isIntegral(4) && NumberFormat.isIntegral(-0.0) && !NumberFormat.isIntegral(0.1))
        #expect(!NumberFormat.isIntegral(.nan) && !NumberFormat.isIntegral(.infinity))
    }

    @Test func specialValues() {
        #expect(NumberFormat.compact(.nan) == "nan")
        #expect(NumberFormat.compact(.infinity) == "inf")
        #expect(NumberFormat.compact(-.infinity) == "-inf")
        #expect(NumberFormat.fixed(.nan, decimals: 2) == "nan")
        #expect(NumberFormat.fixed(-.infinity, decimals: 2) == "-inf")
    }

    @Test func fixedDecimals() {
        let cases: [(Double, Int, String)] = [
            (0.5, 2, "0.50"), (0.125, 2, "0.13"), (0.004, 2, "0.00"), (0.005, 2, "0.01"),
            (-0.004, 2, "0.00"), (-3, 0, "-3"), (12.3456, 3, "12.346"), (99.96, 1, "100.0"),
            (0.0004, 2, "0.00"), (0, 3, "0.000"), (2.5, -1, "3"), (1e20, 2, "1e+20"),
        ]
        for (v, d, text) in cases { #expect(NumberFormat.fixed(v, decimals: d) == text, "\(v) \(d)") }
    }
}
