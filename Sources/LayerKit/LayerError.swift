// LayerError: the one error type LayerKit throws for invalid parameters, inputs and expressions.

/// An invalid parameter, input or target, reported the way PyTorch reports it.
///
/// `message` is PyTorch 2.15's own text wherever PyTorch's is clear; `kind` is the Python exception
/// class PyTorch raises (`ValueError`, `RuntimeError`, …); `subject` names the parameter or argument
/// the rule is about (`"padding"`, `"input"`, `"target"`, …) so a front end can point at it.
public struct LayerError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The Python exception class PyTorch raises for the same mistake.
    public enum Kind: String, Sendable {
        case valueError = "ValueError"
        case runtimeError = "RuntimeError"
        case indexError = "IndexError"
        case typeError = "TypeError"
        case assertionError = "AssertionError"
        case notImplementedError = "NotImplementedError"
        case syntaxError = "SyntaxError"
    }

    public var kind: Kind
    /// The parameter or argument the rule is about.
    public var subject: String
    /// One line, PyTorch's wording where it has one.
    public var message: String

    public init(_ kind: Kind, _ subject: String, _ message: String) {
        self.kind = kind
        self.subject = subject
        self.message = message
    }

    /// `subject: message (Kind)`, on one line.
    public var description: String {
        let oneLine = message.replacingNewlines()
        return "\(subject): \(oneLine) (\(kind.rawValue))"
    }
}

extension String {
    /// The text with every line break replaced by a space, so an error stays on one line.
    func replacingNewlines() -> String {
        String(map { $0.isNewline ? " " : $0 })
    }
}

// MARK: - Throwing shorthands used by the layers

/// PyTorch's `maybe_wrap_dim`: `dim` (negative counts from the end) as a dimension from 0 of a
/// tensor of `rank` dimensions, a 0-d tensor counting as rank 1; outside that range PyTorch's
/// IndexError, naming `subject`.
func wrapDimension(_ dim: Int, rank: Int, subject: String) throws -> Int {
    let span = Swift.max(rank, 1)
    try check(dim >= -span && dim < span, .indexError, subject,
              "Dimension out of range (expected to be in range of [\(-span), \(span - 1)], but got \(dim))")
    return dim < 0 ? dim + span : dim
}

@inline(__always)
func check(_ condition: Bool, _ kind: LayerError.Kind = .runtimeError, _ subject: String,
           _ message: @autoclosure () -> String) throws {
    if !condition { throw LayerError(kind, subject, message()) }
}
