// ChineseCatalog: the Chinese for the catalog's own words, keyed by the English text.

enum ChineseCatalog {
    static let text: [String: String] = [:]
}
