// Helpers shared by the tests of the TOML reader and the theme loader.

import Testing
@testable import CellRender

/// The error `TOMLReader.parse` throws for `text`, or nil if it parses.
func tomlError(_ text: String) -> TOMLError? {
    do {
        _ = try TOMLReader.parse(text)
        return nil
    } catch let error as TOMLError {
        return error
    } catch {
        Issue.record("not a TOMLError: \(error)")
        return nil
    }
}

/// The error `ThemeLoader.load` throws for `text`, described, or nil if it loads.
func loadError(_ text: String, path: String = "t.toml") -> String? {
    do {
        _ = try ThemeLoader.load(text: text, path: path)
        return nil
    } catch {
        return "\(error)"
    }
}
