// Comparisons, as typed: the activations `--compare` adds to a curve (one expression each, or a
// comma-separated list), and the x-range `:range 6` or `:range -6,6` sets. Each mistake is one line
// naming the option and the rule.

import CellRender
import LayerKit

extension SceneState {
    /// The curves `--compare` asks for, checked against this state's layer: each item is an
    /// expression or a list of them separated by commas outside brackets and quotes
    /// (`nn.GELU(),nn.SELU()`). Each must build, be an element-wise activation, differ from the
    /// layer itself and be given once; the layer must be an activation too. Returns the expressions
    /// as typed (trimmed), in order.
    public func checkedComparisons(_ items: [String], option: String = "--compare") throws -> [String] {
        let expressions = items.flatMap { Self.splitExpressions($0) }
        guard !expressions.isEmpty else { return [] }
        guard arguments.schema.group == .activation else {
            throw SceneError("\(option): nn.\(arguments.schema.name) has no activation curve; only an activation's curve view draws others beside it")
        }
        let own = (try? Computation(expression: arguments.expression))?.layer.expression ?? arguments.expression
        var seen: [String] = []
        for expression in expressions {
            guard !expression.isEmpty else {
                throw SceneError("\(option): an empty expression; give one such as nn.GELU(), or a list such as nn.GELU(),nn.SELU()")
            }
            let layer: any Layer
            do {
                var computation = try Computation(expression: expression)
                layer = computation.layer
                guard type(of: layer).schema.group == .activation, layer is any ElementwiseActivation else {
                    throw SceneError("\(option): nn.\(type(of: layer).schema.name) is not an element-wise activation")
                }
                // Run once: some arguments are checked only when the module runs, as in PyTorch
                // (GELU's `approximate`).
                _ = try computation.run(input: Tensor(shape: [1], repeating: 0), training: false)
            } catch let error as SceneError {
                throw error
            } catch let error as ExpressionError {
                throw SceneError("\(option): \(expression): \(error.message) at column \(error.offset + 1)")
            } catch {
                throw SceneError("\(option): \(expression): \(error)")
            }
            guard layer.expression != own else {
                throw SceneError("\(option): \(expression) is the layer itself; compare another activation or other parameters")
            }
            guard !seen.contains(layer.expression) else {
                throw SceneError("\(option): \(expression) is given twice")
            }
            seen.append(layer.expression)
        }
        return expressions
    }

    /// Splits at the commas outside brackets and quotes, trimming each part:
    /// `nn.LeakyReLU(0.2), nn.ELU(alpha=1.0)` gives two expressions.
    static func splitExpressions(_ text: String, separator: Character = ",") -> [String] {
        var parts: [String] = [], current = "", depth = 0
        var quote: Character?
        for c in text {
            if let q = quote {
                if c == q { quote = nil }
            } else if c == "'" || c == "\"" {
                quote = c
            } else if "([{".contains(c) {
                depth += 1
            } else if ")]}".contains(c) {
                depth -= 1
            } else if c == separator, depth <= 0 {
                parts.append(current.trimmingBlanks)
                current = ""
                continue
            }
            current.append(c)
        }
        parts.append(current.trimmingBlanks)
        return parts
    }

    /// The largest half-width a curve can be drawn over.
    public static let largestXRange = 1e6

    /// Parses `:range`: a half-width (`6`, the x-axis runs from −6 to 6) or the ends `lo,hi`
    /// (`-6,6`). Curves are drawn over a range symmetric about 0, so `lo,hi` gives the half-width
    /// that holds both ends; `symmetric` says whether that is exactly what was typed.
    public static func parseRange(_ text: String, option: String = "range") throws -> (half: Double, symmetric: Bool) {
        let fields = text.split(separator: ",", omittingEmptySubsequences: false).map { String($0).trimmingBlanks }
        let usage = "type a half-width or the ends lo,hi, such as 6 or -6,6"
        guard !text.trimmingBlanks.isEmpty else { throw SceneError("\(option): \(usage)") }
        guard fields.count <= 2 else { throw SceneError("\(option): at most two numbers (lo,hi); got '\(text)'") }
        var numbers: [Double] = []
        for field in fields {
            guard let x = Double(field), x.isFinite else {
                throw SceneError("\(option): '\(field)' is not a number; \(usage)")
            }
            numbers.append(x)
        }
        let half: Double
        var symmetric = true
        if numbers.count == 1 {
            guard numbers[0] > 0 else { throw SceneError("\(option): the half-width must be positive, got \(fields[0])") }
            half = numbers[0]
        } else {
            let (lo, hi) = (numbers[0], numbers[1])
            guard lo < hi else { throw SceneError("\(option): lo must be below hi, got \(fields[0]),\(fields[1])") }
            half = max(abs(lo), abs(hi))
            symmetric = lo == -hi
        }
        guard half <= largestXRange else {
            throw SceneError("\(option): the half-width can be at most 1000000, got \(NumberFormat.compact(half, significant: 4))")
        }
        return (half, symmetric)
    }
}
