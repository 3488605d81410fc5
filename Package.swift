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
    .target(name: "LayerKit", dependencies: ["LayerKernels"]),

    // The dense loops of LayerKit's fast paths in C: a blocked matrix product and a fused
    // multiply-add sweep, per instruction set (AVX-512, AVX2 + FMA, portable), chosen at run time.
    .target(name: "LayerKernels"),

    // Numbers → a grid of character cells: colours, glyph ramps, widgets, themes, text output.
    // Pure: it never reads the environment, the clock or the terminal size.
    .target(name: "CellRender"),

    // The picture for each layer: state → evaluated scene → CellGrid; what the TUI and `render` show.
    .target(name: "Scenes", dependencies: ["LayerKit", "CellRender"]),

    // The theme files in themes/, copied into the built products as resources.
    .target(
        name: "BundledThemes",
        path: "themes",
        resources: [.copy("default.toml"), .copy("mono.toml"), .copy("high-contrast.toml"), .copy("light.toml")]
    ),

    // The lesson files in Sources/BundledLessons/lessons, copied into the built products.
    .target(name: "BundledLessons", dependencies: ["BundledThemes"], resources: [.copy("lessons")]),

    // A classroom's rooms: the Unix domain socket a teacher leads and students follow.
    .target(name: "Classroom"),

    // C: a pseudo-terminal for a child process (bench --follow runs its followers on them).
    .target(name: "PseudoTerminal"),

    // ncursesw, with a shim header for the macros Swift cannot import. Only TerminalUI imports it.
    .systemLibrary(
        name: "CNcursesw",
        pkgConfig: "ncursesw",
        providers: [.apt(["libncursesw5-dev"])]
    ),

    // The signal handlers in C (async-signal-safe): a crash's one line, the terminal given back
    // on every signal that ends the program, the flag the run loop reads.
    .target(name: "SignalHandlers"),

    // The interactive front end's terminal: ncurses session, CellGrid → screen, key and mouse
    // decoding, signals and terminal restore. The only code that touches the terminal.
    .target(name: "TerminalUI", dependencies: ["CNcursesw", "SignalHandlers", "CellRender", "LayerKit", "Scenes"]),

    // The one executable: the interactive program (`ui`, the default) and the subcommands
    // `compute`, `render`, `themes`, `list`, `bench` and `docs`.
    .executableTarget(
        name: "layerscope",
        dependencies: [
            "LayerKit",
            "CellRender",
            "Scenes",
            "BundledThemes",
            "BundledLessons",
            "Classroom",
            "PseudoTerminal",
            "TerminalUI",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]
    ),

    // MARK: Tests

    // The seeded generator of extreme expressions and shapes the limits fuzz tests share.
    .target(name: "LimitsFuzzing", dependencies: ["LayerKit"], path: "Tests/LimitsFuzzing"),
    .testTarget(
        name: "LayerKitTests",
        dependencies: ["LayerKit", "LayerKernels"],
        resources: [.copy("Fixtures")]
    ),
    .testTarget(
        name: "CellRenderTests",
        dependencies: ["CellRender"]
    ),
    .testTarget(
        name: "ScenesTests",
        dependencies: ["Scenes", "CellRender", "LayerKit", "LimitsFuzzing"],
        exclude: ["Snapshots", "Fixtures"]
    ),
    .testTarget(
        name: "ClassroomTests",
        dependencies: ["Classroom"]
    ),
    .testTarget(
        name: "TerminalUITests",
        dependencies: ["TerminalUI", "Scenes", "CellRender"]
    ),
    .testTarget(
        name: "LayerScopeCLITests",
        dependencies: ["layerscope", "LayerKit", "Scenes", "LimitsFuzzing"],
        exclude: ["Snapshots"]
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
