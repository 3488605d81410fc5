// FamilyExplanations: "how this number is made" for the families without a sliding window —
// Linear's row of weights times x plus the bias, Softmax's exponentials over their sum, BatchNorm2d's
// normalisation with the batch or the running statistics, dropout's kept-and-scaled or dropped, and
// the losses' terms with their reduction (CrossEntropyLoss with its smoothed target, class weights,
// ignored items and the divisor 'mean' uses). Each recomputes the element in Double from the
// layer's own tensors; `value` is the number it arrives at, which tests compare with the output.

import CellRender
import LayerKit

/// An explanation and the number it arrives at.
struct ExplainedValue {
    var explanation: Explanation
    /// What the steps add up to (the output element, or the reduced loss).
    var value: Double
}

private func num(_ v: Double) -> String { NumberFormat.compact(v, significant: 5) }
private func num(_ v: Float) -> String { num(Double(v)) }

extension Scene {
    // MARK: Linear

    /// `y[r, j] = Σ_i W[j, i]·x[r, i] + b[j]` for the row `c` picks and the feature the position's
    /// column picks, with the largest terms.
    func linearExplained() -> ExplainedValue? {
        guard let linear = layer as? Linear, linear.inFeatures > 0, linear.outFeatures > 0 else { return nil }
        let rows = input.count / linear.inFeatures
        guard rows > 0 else { return nil }
        let r = channel.wrapped(into: rows), j = position.column.wrapped(into: linear.outFeatures)
        let x = (0..<linear.inFeatures).map { Double(input.storage[r * linear.inFeatures + $0]) }
        let w = (0..<linear.inFeatures).map { Double(linear.weight.storage[j * linear.inFeatures + $0]) }
        let terms = zip(w, x).map { $0 * $1 }
        let bias = linear.bias.map { Double($0.storage[j]) }
        let total = terms.reduce(0, +) + (bias ?? 0)
        let largest = terms.indices.sorted { abs(terms[$0]) > abs(terms[$1]) }.prefix(4)
        var lines: [(String, ThemeRole)] = [
            ("y[\(r), \(j)] = Σ_i W[\(j), i]·x[\(r), i]" + (bias == nil ? "" : " + b[\(j)]") + " over \(linear.inFeatures) inputs", .text),
            ("largest terms: " + largest.map { "W[\(j), \($0)]·x[\($0)] = \(num(w[$0]))·\(num(x[$0])) = \(num(terms[$0]))" }
                .joined(separator: ", ")
             + (terms.count > largest.count ? "; \(terms.count - largest.count) more" : ""), .text),
            ("Σ = \(num(terms.reduce(0, +)))" + (bias.map { " + b[\(j)] \(num($0))" } ?? " (no bias)") + " = \(num(total))", .accent),
        ]
        lines.append(("←/→ another output feature, c another row", .muted))
        return ExplainedValue(explanation: Explanation("y[\(r), \(j)] = \(num(total))", lines: lines), value: total)
    }

    // MARK: Softmax

    /// `exp(x_k − max) / Σ_j exp(x_j − max)` along `dim` for the distribution `c` picks and the
    /// element the position's column picks.
    func softmaxExplained() -> ExplainedValue? {
        guard let s = layer as? Softmax, let dim = try? s.resolvedDim(rank: input.rank), !input.shape.isEmpty else { return nil }
        let n = input.shape[dim]
        let inner = input.shape[(dim + 1)...].elementCount
        guard n > 0, input.count > 0 else { return nil }
        let groups = input.count / n
        let g = channel.wrapped(into: groups), k = position.column.wrapped(into: n)
        let o = g / inner, i = g % inner
        let xs = (0..<n).map { Double(input.storage[o * n * inner + $0 * inner + i]) }
        let top = xs.max() ?? 0
        let exps = xs.map { exp($0 - top) }
        let sum = exps.reduce(0, +)
        let value = exps[k] / sum
        let shown = xs.indices.prefix(8)
        return ExplainedValue(explanation: Explanation("p\(k) of distribution \(g) = \(num(value))", lines: [
            ("x along dim=\(dim): " + shown.map { num(xs[$0]) }.joined(separator: ", ") + (n > 8 ? ", …" : "") + " · max = \(num(top))", .text),
            ("exp(x_j − max): " + shown.map { num(exps[$0]) }.joined(separator: ", ") + (n > 8 ? ", …" : "") + " · Σ = \(num(sum))", .text),
            ("p\(k) = exp(\(num(xs[k])) − \(num(top))) / \(num(sum)) = \(num(exps[k])) / \(num(sum)) = \(num(value))", .accent),
            ("subtracting the max changes nothing but keeps exp from overflowing · ←/→ another element, c another distribution", .muted),
        ]), value: value)
    }

    // MARK: BatchNorm2d

    /// `(x − μ) / √(σ² + ε) · γ + β` for the element at the position in channel `c` of item 0,
    /// with the batch statistics (train) or the running ones (eval).
    func batchNormExplained() -> ExplainedValue? {
        guard let bn = layer as? BatchNorm2d, input.rank == 4, input.count > 0 else { return nil }
        let c = channel.wrapped(into: bn.numFeatures)
        let plane = Plane(input, channel: c)
        let p = position
        guard let x = plane.values[safe: p.row * plane.cols + p.column].map(Double.init) else { return nil }
        let useBatch = state.training || !bn.trackRunningStats
        let mean: Double, variance: Double, source: String
        if useBatch {
            guard let stats = try? ChannelStatistics(of: input), let m = stats.mean[safe: c], let v = stats.variance[safe: c] else { return nil }
            (mean, variance) = (m, v)
            source = "this batch's mean and biased variance over N·H·W = \(stats.count) values"
        } else {
            guard let rm = bn.runningMean?.storage[safe: c], let rv = bn.runningVar?.storage[safe: c] else { return nil }
            (mean, variance) = (Double(rm), Double(rv))
            source = "the running statistics after \(bn.numBatchesTracked.map { "\($0)" } ?? "?") training passes"
        }
        let gamma = bn.weight.map { Double($0.storage[c]) } ?? 1, beta = bn.bias.map { Double($0.storage[c]) } ?? 0
        let normalised = (x - mean) / (variance + bn.eps).squareRoot()
        let value = normalised * gamma + beta
        return ExplainedValue(explanation: Explanation("y\(elementIndex) = \(num(value))", lines: [
            ("x = \(num(x)) · μ = \(num(mean)), σ² = \(num(variance)): " + source, .text),
            ("(x − μ) / √(σ² + ε) = (\(num(x)) − \(num(mean))) / √(\(num(variance)) + \(NumberFormat.compact(bn.eps, significant: 3))) = \(num(normalised))", .text),
            ("· γ \(num(gamma)) + β \(num(beta)) = \(num(value))" + (bn.affine ? "" : " (affine=False: γ = 1, β = 0)"), .accent),
        ]), value: value)
    }

    // MARK: Dropout

    /// Kept and scaled by 1/(1−p), or dropped, for the element at the position in channel `c`.
    func dropoutExplained() -> ExplainedValue? {
        let p = (layer as? Dropout)?.p ?? (layer as? Dropout2d)?.p
        guard let p, input.count > 0 else { return nil }
        let plane = Plane(input, channel: channel), out = Plane(result.output, channel: channel)
        let at = position.row * plane.cols + position.column
        guard let x = plane.values[safe: at].map(Double.init), let y = out.values[safe: at].map(Double.init) else { return nil }
        guard state.training, let mask = result.mask else {
            return ExplainedValue(explanation: Explanation("y\(elementIndex) = \(num(y))", lines: [
                ("eval(): dropout passes x through: y = x = \(num(x))", .accent)]), value: x)
        }
        let kept: Bool
        if layer is Dropout2d {
            let channels = mask.rank >= 2 ? mask.shape[1] : mask.count
            kept = (mask.storage[safe: channel.wrapped(into: Swift.max(1, channels))] ?? 1) != 0
        } else {
            kept = (Plane(mask, channel: channel).values[safe: at] ?? 1) != 0
        }
        let scale = p < 1 ? 1 / (1 - p) : 0
        let value = kept ? x * scale : 0
        let unit = layer is Dropout2d ? "channel \(channel) of item 0 was" : "this element was"
        return ExplainedValue(explanation: Explanation("y\(elementIndex) = \(num(value))", lines: [
            ("x = \(num(x)) · \(unit) " + (kept ? "kept" : "dropped") + " (each kept with probability 1 − p = \(num(1 - p)))", .text),
            (kept ? "y = x · 1/(1 − p) = \(num(x)) · \(num(scale)) = \(num(value))" : "y = 0: dropped values are zero, the others are scaled up", .accent),
        ]), value: value)
    }

    // MARK: L1Loss, MSELoss

    /// The selected element's term and the reduction.
    func regressionLossExplained() -> ExplainedValue? {
        guard case .values(let t)? = target, input.count > 0, input.count == t.count else { return nil }
        let squared = layer is MSELoss
        // The element of the input the position picks (the loss itself may be one number).
        let cols = Swift.max(1, inputWidth), rows = Swift.max(1, input.count / cols)
        let p = state.position.clamped(rows: rows, columns: cols)
        let at = p.row * cols + p.column
        let x = Double(input.storage[at]), y = Double(t.storage[at])
        let term = squared ? (x - y) * (x - y) : abs(x - y)
        let terms = zip(input.storage, t.storage).map { squared ? Double($0 - $1) * Double($0 - $1) : Double(abs($0 - $1)) }
        let sum = terms.reduce(0, +)
        let reduction = state.arguments.string("reduction")
        let value = reduction == "mean" ? sum / Double(terms.count) : reduction == "sum" ? sum : term
        let formula = squared ? "(x − y)² = (\(num(x)) − \(num(y)))²" : "|x − y| = |\(num(x)) − \(num(y))|"
        var lines: [(String, ThemeRole)] = [("element \(at): " + formula + " = \(num(term))", .text)]
        switch reduction {
        case "mean": lines.append(("reduction='mean': Σ of the \(terms.count) terms \(num(sum)) / \(terms.count) = \(num(value))", .accent))
        case "sum": lines.append(("reduction='sum': Σ of the \(terms.count) terms = \(num(value))", .accent))
        default: lines.append(("reduction='none': the loss keeps one value per element; this one is \(num(term))", .accent))
        }
        return ExplainedValue(explanation: Explanation("loss = \(num(value))", lines: lines), value: value)
    }

    // MARK: CrossEntropyLoss

    /// `−Σ_c w_c·q_c·log p_c` for the item `c` picks, with the smoothed target, the class weights,
    /// ignore_index and the divisor 'mean' uses.
    func crossEntropyExplained() -> ExplainedValue? {
        guard let ce = layer as? CrossEntropyLoss, input.rank == 2, let target else { return nil }
        let n = input.shape[0], classes = input.shape[1]
        guard n > 0, classes > 0 else { return nil }
        let eps = ce.labelSmoothing
        let weights = (0..<classes).map { c in ce.weight.map { Double($0.storage[c]) } ?? 1 }
        // Per item: the loss, and what 'mean' counts it as (its target's weight; 0 when ignored).
        func item(_ i: Int) -> (loss: Double, q: [Double], logp: [Double], counts: Double, ignored: Bool) {
            let xs = (0..<classes).map { Double(input.storage[i * classes + $0]) }
            let top = xs.max() ?? 0
            let lse = top + log(xs.map { exp($0 - top) }.reduce(0, +))
            let logp = xs.map { $0 - lse }
            var q = [Double](repeating: 0, count: classes)
            var counts = 1.0
            switch target {
            case .classes(let t, _):
                let cls = Int(t.storage[i])
                if cls == ce.ignoreIndex || cls < 0 || cls >= classes { return (0, q, logp, 0, true) }
                for c in 0..<classes { q[c] = eps / Double(classes) }
                q[cls] += 1 - eps
                counts = weights[cls]
            case .values(let t):
                for c in 0..<classes { q[c] = (1 - eps) * Double(t.storage[i * classes + c]) + eps / Double(classes) }
            }
            let loss = -(0..<classes).map { weights[$0] * q[$0] * logp[$0] }.reduce(0, +)
            return (loss, q, logp, counts, false)
        }
        let all = (0..<n).map(item)
        let i = channel.wrapped(into: n)
        let e = all[i]
        let reduction = ce.reduction
        let divisor: Double
        if case .classes = target { divisor = all.map(\.counts).reduce(0, +) } else { divisor = Double(n) }
        let sum = all.map(\.loss).reduce(0, +)
        let value = reduction == "mean" ? sum / divisor : reduction == "sum" ? sum : e.loss
        var lines: [(String, ThemeRole)] = []
        if e.ignored {
            lines.append(("item \(i) is ignored (target = ignore_index \(ce.ignoreIndex)): its loss is 0 and 'mean' does not count it", .text))
        } else {
            let shown = (0..<classes).filter { e.q[$0] > 0 }.prefix(4)
            lines.append(("item \(i): log p = x − logsumexp(x); q = " + (eps > 0 ? "(1 − ε)·target + ε/\(classes), ε = \(num(eps))" : "the target"), .text))
            lines.append(("−Σ_c w_c·q_c·log p_c = " + shown.map { "−\(num(weights[$0]))·\(num(e.q[$0]))·(\(num(e.logp[$0])))" }.joined(separator: " ")
                          + ((0..<classes).filter { e.q[$0] > 0 }.count > shown.count ? " …" : "") + " = \(num(e.loss))", .text))
        }
        switch reduction {
        case "mean":
            let what: String
            if case .classes = target {
                what = ce.weight == nil ? "the \(Int(divisor)) items not ignored" : "Σ of the target classes' weights over the items not ignored"
            } else {
                what = "the \(n) items"
            }
            lines.append(("reduction='mean': Σ of the item losses \(num(sum)) / \(num(divisor)) (\(what)) = \(num(value))", .accent))
        case "sum": lines.append(("reduction='sum': Σ of the \(n) item losses = \(num(value))", .accent))
        default: lines.append(("reduction='none': one loss per item; item \(i)'s is \(num(e.loss))", .accent))
        }
        lines.append(("c another item", .muted))
        return ExplainedValue(explanation: Explanation("loss = \(num(value))", lines: lines), value: value)
    }
}
