// Rect: an area of the grid, and the layout splits that divide one area into several.

/// A rectangle of cells: column `x`, row `y`, `width` columns, `height` rows.
public struct Rect: Sendable, Hashable, CustomStringConvertible {
    public var x: Int
    public var y: Int
    public var width: Int
    public var height: Int

    /// A rectangle; negative sizes are taken as 0.
    public init(x: Int = 0, y: Int = 0, width: Int, height: Int) {
        self.x = x
        self.y = y
        self.width = Swift.max(0, width)
        self.height = Swift.max(0, height)
    }

    public static let zero = Rect(width: 0, height: 0)

    public var maxX: Int { x + width }
    public var maxY: Int { y + height }
    public var isEmpty: Bool { width == 0 || height == 0 }
    public var area: Int { width * height }

    public var description: String { "\(width)×\(height)@\(x),\(y)" }

    /// Whether the cell at column `cx`, row `cy` lies inside.
    public func contains(_ cx: Int, _ cy: Int) -> Bool {
        cx >= x && cx < maxX && cy >= y && cy < maxY
    }

    /// The part of this rectangle inside `other` (empty, positioned at the clamp, when they do not meet).
    public func intersection(_ other: Rect) -> Rect {
        let x0 = Swift.max(x, other.x), y0 = Swift.max(y, other.y)
        let x1 = Swift.min(maxX, other.maxX), y1 = Swift.min(maxY, other.maxY)
        return Rect(x: x0, y: y0, width: x1 - x0, height: y1 - y0)
    }

    /// This rectangle shrunk by the given margins (never below 0×0).
    public func inset(top: Int = 0, left: Int = 0, bottom: Int = 0, right: Int = 0) -> Rect {
        Rect(x: x + left, y: y + top, width: width - left - right, height: height - top - bottom)
    }

    /// This rectangle shrunk by `n` on every side.
    public func inset(_ n: Int) -> Rect { inset(top: n, left: n, bottom: n, right: n) }

    /// The top `n` rows (at most the whole height) and the rest below them.
    public func splitTop(_ n: Int) -> (top: Rect, rest: Rect) {
        let h = Swift.min(Swift.max(0, n), height)
        return (Rect(x: x, y: y, width: width, height: h), Rect(x: x, y: y + h, width: width, height: height - h))
    }

    /// The bottom `n` rows (at most the whole height) and the rest above them.
    public func splitBottom(_ n: Int) -> (rest: Rect, bottom: Rect) {
        let h = Swift.min(Swift.max(0, n), height)
        return (Rect(x: x, y: y, width: width, height: height - h),
                Rect(x: x, y: maxY - h, width: width, height: h))
    }

    /// The left `n` columns (at most the whole width) and the rest to their right.
    public func splitLeft(_ n: Int) -> (left: Rect, rest: Rect) {
        let w = Swift.min(Swift.max(0, n), width)
        return (Rect(x: x, y: y, width: w, height: height), Rect(x: x + w, y: y, width: width - w, height: height))
    }

    /// The right `n` columns (at most the whole width) and the rest to their left.
    public func splitRight(_ n: Int) -> (rest: Rect, right: Rect) {
        let w = Swift.min(Swift.max(0, n), width)
        return (Rect(x: x, y: y, width: width - w, height: height),
                Rect(x: maxX - w, y: y, width: w, height: height))
    }

    /// Divides the rectangle along `axis` by `constraints`, leaving `gap` cells between parts.
    public func split(_ axis: Axis, _ constraints: [Constraint], gap: Int = 0) -> [Rect] {
        let total = axis == .horizontal ? width : height
        let sizes = Constraint.solve(constraints, total: total, gap: gap)
        var offset = 0
        return sizes.map { size in
            defer { offset += size + gap }
            let start = Swift.min(offset, total)
            let length = Swift.max(0, Swift.min(size, total - start))
            return axis == .horizontal
                ? Rect(x: x + start, y: y, width: length, height: height)
                : Rect(x: x, y: y + start, width: width, height: length)
        }
    }

    /// The rectangle of size `w`×`h` (clamped to this one) centred inside this one.
    public func centered(width w: Int, height h: Int) -> Rect {
        let cw = Swift.min(w, width), ch = Swift.min(h, height)
        return Rect(x: x + (width - cw) / 2, y: y + (height - ch) / 2, width: cw, height: ch)
    }

    /// Which way a split runs: `horizontal` lays parts side by side, `vertical` stacks them.
    public enum Axis: Sendable { case horizontal, vertical }
}

/// How much of a split one part takes.
public enum Constraint: Sendable, Hashable {
    /// Exactly `n` cells (less if there is not room).
    case fixed(Int)
    /// A share of what the fixed parts leave, in proportion to the weight.
    case fill(Int)
    /// A percentage of the whole.
    case percent(Int)

    /// The part sizes: fixed and percentage parts first (in order, while room lasts), then the rest
    /// shared among fills by weight; the last fill takes any rounding remainder.
    static func solve(_ constraints: [Constraint], total: Int, gap: Int) -> [Int] {
        guard !constraints.isEmpty else { return [] }
        var room = Swift.max(0, total - gap * (constraints.count - 1))
        var sizes = [Int](repeating: 0, count: constraints.count)
        for (i, c) in constraints.enumerated() {
            switch c {
            case .fixed(let n):
                sizes[i] = Swift.min(Swift.max(0, n), room)
                room -= sizes[i]
            case .percent(let p):
                sizes[i] = Swift.min(Swift.max(0, total * p / 100), room)
                room -= sizes[i]
            case .fill:
                break
            }
        }
        let fills = constraints.enumerated().compactMap { i, c -> (Int, Int)? in
            if case .fill(let w) = c { return (i, Swift.max(0, w)) }
            return nil
        }
        let weight = fills.reduce(0) { $0 + $1.1 }
        if weight > 0 {
            var left = room
            for (k, (i, w)) in fills.enumerated() {
                sizes[i] = k == fills.count - 1 ? left : room * w / weight
                left -= sizes[i]
            }
        }
        return sizes
    }
}
