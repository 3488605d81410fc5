// BundledLessons: the lesson files shipped in `lessons/`, as the built executable finds them (beside
// it in SwiftPM's resource bundle, else in this source folder).

import BundledThemes
import Foundation

/// The lessons that ship with LayerScope.
public enum BundledLessons {
    /// Every bundled lesson file: its name (the file name without `.toml`) and its path, by name.
    public static func all() -> [(name: String, path: String)] {
        guard let folder else { return [] }
        let files = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return files.filter { $0.hasSuffix(".toml") }.sorted().map { file in
            (String(file.dropLast(".toml".count)), folder + "/" + file)
        }
    }

    /// The order the course takes them in (those not named here follow, by name).
    public static let courseOrder = [
        "conv-shapes", "pooling", "adaptive-pooling", "activations", "softmax", "batchnorm", "linear", "dropout", "losses",
        "networks",
    ]

    /// The folder the bundled lessons are read from, if one was found.
    public static var folder: String? { located }

    private static let located: String? = BundledFiles.folder(
        target: "BundledLessons", marker: "lessons/conv-shapes.toml",
        sources: URL(fileURLWithPath: #filePath).deletingLastPathComponent().path)
}
