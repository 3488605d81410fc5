// swift-tools-version: 6.0
//
// LayerScope: see what neural-network layers do, in a terminal.
// Target layout and the direction of dependencies are described in docs/ARCHITECTURE.md.

import PackageDescription

// MARK: - Dependencies

let dependencies: [Package.Dependency] = [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
]

// MARK: - Targets

let targets: [Target] = [
    // Tensors, layers, losses, the parameter catalog and the PyTorch-expression parser.
    // Pure: no terminal, no rendering, no environment.
    .target(name: "LayerKit"),

    // Numbers → a grid of character cells: colours, glyph ramps, widgets, themes, text output.
    // Pure: it never reads the environment, the clock or the terminal size.
    .target(name: "CellRender"),

    // The theme files in themes/, copied into the built products as resources.
    .target(
        name: "BundledThemes",
        path: "themes",
        resources: [.copy("default.toml"), .copy("mono.toml"), .copy("high-contrast.toml"), .copy("light.toml")]
    ),

    // The one executable: subcommands `compute` and `list` (more arrive with later work).
    .executableTarget(
        name: "layerscope",
        dependencies: [
            "LayerKit",
            "CellRender",
            "BundledThemes",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]
    ),

    // MARK: Tests
    .testTarget(
        name: "LayerKitTests",
        dependencies: ["LayerKit"],
        resources: [.copy("Fixtures")]
    ),
    .testTarget(
        name: "CellRenderTests",
        dependencies: ["CellRender"]
    ),
    .testTarget(
        name: "LayerScopeCLITests",
        dependencies: ["layerscope", "LayerKit"]
    ),
]

let package = Package(
    name: "LayerScope",
    products: [
        .executable(name: "layerscope", targets: ["layerscope"]),
    ],
    dependencies: dependencies,
    targets: targets,
    swiftLanguageModes: [.v6]
)
