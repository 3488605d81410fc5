// BundledThemes: the theme files shipped in this folder, as the built executable finds them.
//
// SwiftPM copies the `.toml` files (declared as resources in Package.swift) into a resource bundle
// beside the built products (`.build/<config>/LayerScope_BundledThemes.resources` on Linux). The
// bundle is looked up here rather than through the generated `Bundle.module`, which stops the
// process with a fatal error when the bundle is missing (say, an executable copied away on its
// own); here a missing bundle falls back to this source folder, and failing that to no themes —
// the built-in default theme still works.

import Foundation

/// The themes that ship with LayerScope.
public enum BundledThemes {
    /// Every bundled theme file: its name (the file name without `.toml`) and its text, by name.
    public static func all() -> [(name: String, text: String)] {
        guard let folder else { return [] }
        let files = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return files.filter { $0.hasSuffix(".toml") }.sorted().compactMap { file in
            let url = URL(fileURLWithPath: folder).appendingPathComponent(file)
            guard let data = FileManager.default.contents(atPath: url.path) else { return nil }
            return (String(file.dropLast(".toml".count)), String(decoding: data, as: UTF8.self))
        }
    }

    /// The folder the bundled themes are read from, if one was found.
    public static var folder: String? { located }

    private static let located: String? = BundledFiles.folder(
        target: "BundledThemes", marker: "default.toml",
        sources: URL(fileURLWithPath: #filePath).deletingLastPathComponent().path)
}

/// Finds a folder of files a target ships as resources.
public enum BundledFiles {
    /// The folder holding `marker` (a path inside the bundle, such as `lessons/pooling.toml`) in the
    /// resource bundle SwiftPM builds for `target` beside the executable, else in `sources` (the
    /// target's own folder, for a build run where it was made); nil when neither has it.
    public static func folder(target: String, marker: String, sources: String) -> String? {
        let bundleNames = ["LayerScope_\(target).resources", "LayerScope_\(target).bundle"]
        var places = [Bundle.main.bundleURL]
        if let executable = Bundle.main.executableURL {
            places.append(executable.resolvingSymlinksInPath().deletingLastPathComponent())
        }
        let markerFolder = (marker as NSString).deletingLastPathComponent
        for place in places {
            for name in bundleNames {
                let root = place.appendingPathComponent(name)
                if FileManager.default.fileExists(atPath: root.appendingPathComponent(marker).path) {
                    return markerFolder.isEmpty ? root.path : root.appendingPathComponent(markerFolder).path
                }
            }
        }
        let folder = URL(fileURLWithPath: sources)
        if FileManager.default.fileExists(atPath: folder.appendingPathComponent(marker).path) {
            return markerFolder.isEmpty ? folder.path : folder.appendingPathComponent(markerFolder).path
        }
        return nil
    }
}
