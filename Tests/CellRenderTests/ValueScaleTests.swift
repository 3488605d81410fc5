// ValueScale: one colour map per meaning — signed data is always diverging, non-negative data
// sequential — and unions that keep the rule.

import Testing
@testable import CellRender

@Suite struct ValueScaleTests {
    @Test func anyNegativeValueMakesTheScaleDiverging() {
        // Both signs, only negatives, a single small negative among positives: centred on 0.
        #expect(ValueScale.fit([-2, 0, 1], mode: .auto) == ValueScale(lower: -2, upper: 2, symmetric: true))
        #expect(ValueScale.fit([-3, -1], mode: .auto) == ValueScale(lower: -3, upper: 3, symmetric: true))
        #expect(ValueScale.fit([0.5, -0.001, 7], mode: .auto).isSymmetric)
        #expect(ValueScale.fit([-1, .nan, .infinity], mode: .auto).isSymmetric)
        // Non-negative data (−0 included) and data with no finite value: sequential.
        #expect(ValueScale.fit([0, 3], mode: .auto) == ValueScale(lower: 0, upper: 3))
        #expect(!ValueScale.fit([-0.0, 2], mode: .auto).isSymmetric)
        #expect(!ValueScale.fit([.nan, -.infinity], mode: .auto).isSymmetric)
        // A heatmap's own scale follows the rule: all-negative data is drawn on the diverging map.
        let map = Heatmap(rows: 1, cols: 2, values: [-2, -1])
        #expect(map.scale.isSymmetric && map.color(-2, options: RenderOptions()) == RenderOptions().theme.diverging.color(at: 0))
    }

    @Test func unionsKeepTheRule() {
        let signed = ValueScale.fit([-1, 0.5], mode: .auto)
        let positive = ValueScale.fit([0, 3], mode: .auto)
        #expect(signed.union(positive) == ValueScale(lower: -3, upper: 3, symmetric: true))
        #expect(positive.union(signed) == ValueScale(lower: -3, upper: 3, symmetric: true))
        #expect(positive.union(ValueScale.fit([1, 5], mode: .auto)) == ValueScale(lower: 0, upper: 5))
    }
}
