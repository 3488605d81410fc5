// InputPattern: the built-in inputs a learner can feed a layer — each chosen to make one thing
// visible (an impulse shows the kernel itself, a checkerboard shows stride and aliasing, …) — and
// the rule that turns a pattern and a shape into a tensor.

import LayerKit

/// A built-in input.
public enum InputPattern: String, Sendable, CaseIterable {
    /// Alternating 0 and 1 cells.
    case checkerboard
    /// A ramp from −1 (top-left) to 1 (bottom-right).
    case gradient
    /// A single 1 in the middle of each plane: the output of a convolution is the kernel itself.
    case impulse
    /// Standard normal values from the seed.
    case random
    /// A handwritten-looking digit, one digit per channel.
    case digit
    /// A smooth image-like picture: blobs and an edge.
    case image

    /// One line about the pattern.
    public var summary: String {
        switch self {
        case .checkerboard: return "alternating 0/1 cells (shows stride and aliasing)"
        case .gradient: return "a ramp from -1 to 1 (shows what each position adds)"
        case .impulse: return "a single 1 per plane (a convolution then draws its own kernel)"
        case .random: return "standard normal values from the seed"
        case .digit: return "a digit, one per channel (like MNIST)"
        case .image: return "smooth blobs and an edge (like a photo)"
        }
    }

    /// The pattern laid over every `(H, W)` plane of `shape` (any rank; rank 1 is one row).
    ///
    /// Planes differ by channel so that channels can be told apart: the checkerboard shifts, the
    /// gradient turns, the impulse moves, the digit changes.
    public func tensor(shape: [Int], seed: UInt64) throws -> Tensor {
        let count = shape.elementCount
        if self == .random {
            var rng = RandomSource(seed: seed &+ 0x5eed)
            return try rng.normalTensor(shape: shape)
        }
        guard count > 0 else { return Tensor(shape: shape) }
        let h = shape.count >= 2 ? shape[shape.count - 2] : 1
        let w = shape.last ?? 1
        let planeSize = h * w  // at most count, which fits
        let channels = shape.count >= 3 ? shape[shape.count - 3] : 1
        var storage = [Float](repeating: 0, count: count)
        // A plane depends only on its channel: each distinct one is drawn once, then copied.
        let distinct = Swift.min(Swift.max(channels, 1), count / planeSize)
        for plane in 0..<distinct {
            for r in 0..<h {
                if r & 63 == 0 { try Workload.checkCancelled() }
                for col in 0..<w {
                    storage[plane * planeSize + r * w + col] = value(r, col, h, w, channel: plane)
                }
            }
        }
        storage.withUnsafeMutableBufferPointer { values in
            let base = values.baseAddress!
            for plane in distinct..<(count / planeSize) {
                (base + plane * planeSize).update(from: base + (plane % distinct) * planeSize, count: planeSize)
            }
        }
        return Tensor(shape: shape, storage: storage)
    }

    private func value(_ r: Int, _ c: Int, _ h: Int, _ w: Int, channel: Int) -> Float {
        let y = h > 1 ? Double(r) / Double(h - 1) : 0.5
        let x = w > 1 ? Double(c) / Double(w - 1) : 0.5
        switch self {
        case .checkerboard:
            return Float((r + c + channel) % 2)
        case .gradient:
            switch channel % 4 {
            case 0: return Float(x + y - 1)
            case 1: return Float(x - y)
            case 2: return Float(2 * y - 1)
            default: return Float(2 * x - 1)
            }
        case .impulse:
            let cr = (h / 2 + channel) % Swift.max(1, h), cc = (w / 2 + channel) % Swift.max(1, w)
            return r == cr && c == cc ? 1 : 0
        case .digit:
            return DigitFont.sample(digit: (3 + channel) % 10, y: y, x: x)
        case .image:
            let blob1 = gaussian(x - 0.3, y - 0.35, 0.18)
            let blob2 = 0.7 * gaussian(x - 0.72, y - 0.65, 0.22)
            let edge = x + 0.3 * y > 0.85 + 0.05 * Double(channel % 3) ? 0.35 : 0
            return Float(blob1 + blob2 + edge)
        case .random:
            return 0
        }
    }

    private func gaussian(_ dx: Double, _ dy: Double, _ s: Double) -> Double {
        exp(-(dx * dx + dy * dy) / (2 * s * s))
    }
}

/// A 5×7 bitmap font of the ten digits, sampled at any size.
enum DigitFont {
    private static let rows: [[String]] = [
        [".###.", "#...#", "#..##", "#.#.#", "##..#", "#...#", ".###."],
        ["..#..", ".##..", "..#..", "..#..", "..#..", "..#..", ".###."],
        [".###.", "#...#", "....#", "...#.", "..#..", ".#...", "#####"],
        [".###.", "#...#", "....#", "..##.", "....#", "#...#", ".###."],
        ["...#.", "..##.", ".#.#.", "#..#.", "#####", "...#.", "...#."],
        ["#####", "#....", "####.", "....#", "....#", "#...#", ".###."],
        ["..##.", ".#...", "#....", "####.", "#...#", "#...#", ".###."],
        ["#####", "....#", "...#.", "..#..", ".#...", ".#...", ".#..."],
        [".###.", "#...#", "#...#", ".###.", "#...#", "#...#", ".###."],
        [".###.", "#...#", "#...#", ".####", "....#", "...#.", ".##.."],
    ]

    /// 1 where the digit has ink at relative position (`y`, `x`) in 0...1 (a one-cell margin kept).
    static func sample(digit: Int, y: Double, x: Double) -> Float {
        let margin = 0.12
        let u = (x - margin) / (1 - 2 * margin), v = (y - margin) / (1 - 2 * margin)
        guard u >= 0, u <= 1, v >= 0, v <= 1 else { return 0 }
        let row = Swift.min(6, Int(v * 7)), col = Swift.min(4, Int(u * 5))
        return ink[digit][row][col] ? 1 : 0
    }

    /// `rows` as booleans (`#` is ink), read once so sampling allocates nothing.
    private static let ink: [[[Bool]]] = rows.map { glyph in glyph.map { line in line.map { $0 == "#" } } }
}
