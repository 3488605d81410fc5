// Datasets+Digits: the `digits` data set — 16×16 images of the ten digits, each drawn from a stroke
// template (line segments and elliptical arcs in a unit box) that every image moves, resizes,
// slants, turns and wobbles at random before drawing it with a random pen width and contrast, then
// adds noise to every pixel.
//
// Drawing is anti-aliased: a pixel's ink is 1 within the pen's half width of a stroke and falls to 0
// one pixel further out; where strokes cross, the darker ink wins. Values lie in [0, 1] before the
// noise (N(0, 0.06²), approximately) is added. Nothing here calls libm per image: the arcs' cosines
// are taken once, and the rotation uses its small-angle form.

extension Datasets {
    /// Images per split.
    static let digitTrainCount = 4000
    static let digitTestCount = 1000
    /// Images are `side × side`.
    static let digitSide = 16

    /// One stroke of a template: a polyline in the unit box (x to the right, y down), and whether it
    /// came from an arc (whose points keep their shape when jittered).
    struct DigitStroke: Sendable {
        var points: [(x: Double, y: Double)]
        var isArc: Bool
        /// The centre the stroke is scaled about.
        var centre: (x: Double, y: Double)

        /// Straight segments through `points`.
        static func line(_ points: (Double, Double)...) -> DigitStroke {
            let mean = points.reduce((0.0, 0.0)) { ($0.0 + $1.0, $0.1 + $1.1) }
            return DigitStroke(points: points.map { (x: $0.0, y: $0.1) }, isArc: false,
                               centre: (mean.0 / Double(points.count), mean.1 / Double(points.count)))
        }

        /// The arc of the ellipse centred at (cx, cy) with radii (rx, ry) from angle `from` to angle
        /// `to` (degrees; 0° points right, 90° down, −90° up), as one segment per 30° or less.
        static func arc(_ cx: Double, _ cy: Double, _ rx: Double, _ ry: Double, from: Double, to: Double) -> DigitStroke {
            let segments = Swift.max(2, Int((Swift.abs(to - from) / 30).rounded(.up)))
            let points = (0...segments).map { i -> (x: Double, y: Double) in
                let angle = (from + (to - from) * Double(i) / Double(segments)) * Double.pi / 180
                return (cx + rx * _cos(angle), cy + ry * _cos(angle - Double.pi / 2))
            }
            return DigitStroke(points: points, isArc: true, centre: (cx, cy))
        }
    }

    /// Each digit's templates (one or two ways of writing it), each a list of strokes.
    static let digitTemplates: [[[DigitStroke]]] = [
        // 0
        [[.arc(0.5, 0.5, 0.26, 0.38, from: 0, to: 360)]],
        // 1: with a flag, and with a flag and a base
        [[.line((0.33, 0.27), (0.54, 0.1), (0.54, 0.9))],
         [.line((0.36, 0.27), (0.54, 0.1), (0.54, 0.9)), .line((0.36, 0.9), (0.72, 0.9))]],
        // 2: the hook over the top, the diagonal, the base
        [[.arc(0.5, 0.32, 0.24, 0.21, from: 200, to: 380), .line((0.726, 0.392), (0.24, 0.9), (0.78, 0.9))]],
        // 3: two bowls open to the left
        [[.arc(0.48, 0.3, 0.22, 0.19, from: 210, to: 450), .arc(0.48, 0.69, 0.25, 0.21, from: 270, to: 510)]],
        // 4: closed, and open at the top
        [[.line((0.64, 0.9), (0.64, 0.1), (0.2, 0.64), (0.82, 0.64))],
         [.line((0.3, 0.1), (0.24, 0.6), (0.8, 0.6)), .line((0.64, 0.3), (0.64, 0.9))]],
        // 5: the flag, the upright, the bowl
        [[.line((0.74, 0.1), (0.33, 0.1), (0.3, 0.45)), .arc(0.5, 0.65, 0.25, 0.24, from: -125, to: 140)]],
        // 6: the ascender into a loop
        [[.line((0.7, 0.1), (0.47, 0.24), (0.33, 0.42), (0.27, 0.62)), .arc(0.5, 0.67, 0.23, 0.22, from: 0, to: 360)]],
        // 7: plain, and crossed
        [[.line((0.22, 0.12), (0.78, 0.12), (0.42, 0.9))],
         [.line((0.22, 0.12), (0.78, 0.12), (0.42, 0.9)), .line((0.4, 0.5), (0.72, 0.5))]],
        // 8: two loops
        [[.arc(0.5, 0.29, 0.2, 0.18, from: 0, to: 360), .arc(0.5, 0.69, 0.25, 0.21, from: 0, to: 360)]],
        // 9: a loop with a curved stem, and with a straight one
        [[.arc(0.5, 0.32, 0.23, 0.21, from: 0, to: 360), .line((0.73, 0.32), (0.7, 0.6), (0.62, 0.9))],
         [.arc(0.5, 0.32, 0.23, 0.21, from: 0, to: 360), .line((0.73, 0.32), (0.73, 0.9))]],
    ]

    /// `count` images with balanced labels (`(count, 1, 16, 16)`), drawn from `rng`.
    static func digits(count: Int, _ rng: inout RandomSource) -> LabelledData {
        let labels = balancedLabels(count: count, classes: 10, &rng)
        let plane = digitSide * digitSide
        var pixels = [Float](repeating: 0, count: count * plane)
        pixels.withUnsafeMutableBufferPointer { all in
            for (n, digit) in labels.enumerated() {
                let image = UnsafeMutableBufferPointer(rebasing: all[(n * plane)..<((n + 1) * plane)])
                drawDigit(digit, into: image, &rng)
            }
        }
        return LabelledData(inputs: Tensor(shape: [count, 1, digitSide, digitSide], storage: pixels),
                            labels: IndexTensor(shape: [count], storage: labels.map(Int64.init)))
    }

    /// A uniform draw from [−1, 1).
    private static func symmetric(_ rng: inout RandomSource) -> Double {
        2 * rng.unitDouble() - 1
    }

    /// Draws one image of `digit` into `image` (16×16, zeros) and adds its noise.
    static func drawDigit(_ digit: Int, into image: UnsafeMutableBufferPointer<Float>, _ rng: inout RandomSource) {
        let variants = digitTemplates[digit]
        let strokes = variants[Int(rng.next() % UInt64(variants.count))]
        // The pose: the unit box's size in pixels, its width relative to its height, slant, turn, shift.
        let size = 13 * (0.8 + 0.25 * rng.unitDouble())
        let aspect = 0.85 + 0.3 * rng.unitDouble()
        let slant = 0.25 * symmetric(&rng)
        let turn = 0.2 * symmetric(&rng)  // radians, about ±11°
        let (cosTurn, sinTurn) = (1 - turn * turn / 2, turn - turn * turn * turn / 6)
        let half = Double(digitSide) / 2
        let (shiftX, shiftY) = (half + 1.5 * symmetric(&rng), half + 1.5 * symmetric(&rng))
        let penHalfWidth = 0.55 + 0.5 * rng.unitDouble()
        let contrast = Float(0.8 + 0.2 * rng.unitDouble())

        func place(_ x: Double, _ y: Double) -> (Double, Double) {
            let u = (x - 0.5 - slant * (y - 0.5)) * size * aspect
            let v = (y - 0.5) * size
            return (shiftX + cosTurn * u - sinTurn * v, shiftY + sinTurn * u + cosTurn * v)
        }

        for stroke in strokes {
            // Each stroke wobbles on its own: moved, resized about its centre and, for straight
            // strokes, every corner nudged.
            let (moveX, moveY) = (0.03 * symmetric(&rng), 0.03 * symmetric(&rng))
            let scale = 1 + 0.08 * symmetric(&rng)
            var previous: (Double, Double)?
            for point in stroke.points {
                var x = stroke.centre.x + (point.x - stroke.centre.x) * scale + moveX
                var y = stroke.centre.y + (point.y - stroke.centre.y) * scale + moveY
                if !stroke.isArc {
                    x += 0.03 * symmetric(&rng)
                    y += 0.03 * symmetric(&rng)
                }
                let placed = place(x, y)
                if let previous {
                    drawSegment(from: previous, to: placed, halfWidth: penHalfWidth, into: image)
                }
                previous = placed
            }
        }
        for i in 0..<image.count {
            image[i] = contrast * image[i] + 0.06 * approximateNormal(&rng)
        }
    }

    /// A draw of about N(0, 1): the sum of four uniform 16-bit draws from one 64-bit word, centred
    /// and scaled (Irwin–Hall; within ±3.5).
    private static func approximateNormal(_ rng: inout RandomSource) -> Float {
        let bits = rng.next()
        let sum = (bits & 0xFFFF) + ((bits >> 16) & 0xFFFF) + ((bits >> 32) & 0xFFFF) + (bits >> 48)
        // Each part is uniform on [0, 65535]: mean 2·65535, variance 4·(65536² − 1)/12.
        return (Float(sum) - 131_070) * (Float(3).squareRoot() / 65536)
    }

    /// Inks the pixels near the segment a–b: 1 within `halfWidth` of it, falling to 0 one pixel
    /// further out; a pixel keeps the darker of its ink and the new.
    private static func drawSegment(from a: (Double, Double), to b: (Double, Double), halfWidth: Double,
                                    into image: UnsafeMutableBufferPointer<Float>) {
        let side = digitSide
        let reach = halfWidth + 1
        let minX = Swift.max(0, Int((Swift.min(a.0, b.0) - reach).rounded(.down)))
        let maxX = Swift.min(side - 1, Int((Swift.max(a.0, b.0) + reach).rounded(.up)))
        let minY = Swift.max(0, Int((Swift.min(a.1, b.1) - reach).rounded(.down)))
        let maxY = Swift.min(side - 1, Int((Swift.max(a.1, b.1) + reach).rounded(.up)))
        guard minX <= maxX, minY <= maxY else { return }
        let (ex, ey) = (b.0 - a.0, b.1 - a.1)
        let lengthSquared = Swift.max(ex * ex + ey * ey, 1e-12)
        for y in minY...maxY {
            let py = Double(y) + 0.5 - a.1
            for x in minX...maxX {
                let px = Double(x) + 0.5 - a.0
                // The distance from the pixel's centre to the nearest point of the segment.
                let t = Swift.min(1, Swift.max(0, (px * ex + py * ey) / lengthSquared))
                let (dx, dy) = (px - t * ex, py - t * ey)
                let ink = Float(Swift.min(1, Swift.max(0, reach - (dx * dx + dy * dy).squareRoot())))
                let i = y * side + x
                if ink > image[i] { image[i] = ink }
            }
        }
    }
}
