// ChineseCatalog: the Chinese for the catalog's own words, keyed by the English text.

public enum ChineseCatalog {
    static let text: [String: String] = [:]
}
