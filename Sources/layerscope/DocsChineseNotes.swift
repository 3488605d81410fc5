// DocsChineseNotes: the Chinese of the hand-written notes on the layer pages, keyed by the English.

enum DocsChineseNotes {
    static let text: [String: String] = [:]
}
