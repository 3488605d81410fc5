// The interactive program end to end: the real binary in tmux, driven by keys as a new user would
// — start-up, every seed layer loaded through `:`, a 100 KB paste, stepping parameters, an invalid
// value, help, resizing, quitting with Ctrl-C, q and signals, crashes — and the shell and the
// terminal's modes left clean afterwards.

import Foundation
import LayerKit
import Scenes
import Testing

/// The header row (the first line of the screen).
private func header(_ screen: String) -> String {
    String(screen.split(separator: "\n", omittingEmptySubsequences: false).first ?? "")
}

/// What the crash line asks of the user.
let crashAdvice = "Please report it, with the command you ran, to LayerScope's issue tracker."

/// Whether the program's screen is gone: the shell's lines are back and nothing of the program's
/// is left (a shell may add its own report, such as "Terminated").
private func isClean(_ screen: String) -> Bool {
    screen.contains("[exited]") && !screen.contains("Layers") && !screen.contains("│") && !screen.contains("nn.")
}

extension TmuxSession {
    /// Types `text` at the `:` prompt and submits it.
    func submit(_ text: String) throws {
        try send(":")
        try type(text)
        try send("Enter")
    }
}

@Suite(.serialized) struct InteractiveEndToEndTests {
    @Test func startsOnTheLayerListAndQuitsCleanlyWithQ() throws {
        let tmux = try TmuxSession()
        // The list is compact at 100×30: each group's name beside its first layers.
        let screen = try tmux.waitFor("Non-linear")
        #expect(screen.contains("activations"))
        #expect(screen.contains("Layers"))
        #expect(screen.contains("▸ Conv2d"))
        #expect(header(screen).contains("nn.Conv2d(16, 33, (3, 5), stride=(2, 1), padding=(4, 2), dilation=(3, 1))"))
        #expect(screen.contains("Parameters"))
        #expect(screen.contains("in_channels"))
        try tmux.send("q")
        #expect(tmux.exitStatus() == 0)
        try tmux.waitUntil("a clean screen", isClean)
        #expect(try tmux.terminalProblems() == [])
    }

    /// `p` plays the seed Conv2d's window at 80×24: the screen changes as the window moves, keys
    /// keep working while it plays, and `q` quits at once.
    @Test func pPlaysTheWindowAndQStillQuitsPromptly() throws {
        let tmux = try TmuxSession(width: 80, height: 24, environment: ["NO_COLOR": "1"])
        _ = try tmux.waitFor("Layers")
        try tmux.send("p")
        let first = try tmux.waitFor("playing at")
        try tmux.send("]")
        // The explained output moves on: a later screen names another output element.
        let later = try tmux.waitUntil("the window moving") { screen in
            screen != first && screen.contains("reads a") && !screen.contains("output[0, 0, 0] =")
        }
        #expect(later.contains("receptive"))
        let start = Date()
        try tmux.send("q")
        #expect(tmux.exitStatus() == 0)
        #expect(Date().timeIntervalSince(start) < 3, "q took \(Date().timeIntervalSince(start)) s while playing")
    }

    /// At 120×40 every layer's name is in the list, whichever is selected, and so is every
    /// parameter of Conv2d, the layer with the most.
    @Test func at120x40TheListShowsEveryLayer() throws {
        let tmux = try TmuxSession(width: 120, height: 40)
        // The whole first screen: the list and the last of Conv2d's parameters.
        var screen = try tmux.waitUntil("the first screen") { $0.contains("Layers") && $0.contains("dtype") }
        for step in 0..<2 {
            let left = screen.split(separator: "\n").map { String($0.prefix(30)) }
            for schema in Workbench.layers {
                #expect(left.contains { $0.dropFirst(3).hasPrefix(schema.name + " ") || $0.dropFirst(3) == schema.name },
                        "\(schema.name) not listed (step \(step))")
            }
            #expect(!left.joined().contains("▼") && !left.joined().contains("▲"))
            if step == 0 {
                for spec in Workbench.layers[0].params {
                    #expect(left.contains { $0.dropFirst(2).hasPrefix(spec.name + " ") }, "\(spec.name) not shown")
                }
                // The last layer selected: the list does not scroll.
                try tmux.send("Up")
                screen = try tmux.waitUntil("Flatten") { header($0).contains("nn.Flatten") }
            }
        }
        try tmux.send("q")
        #expect(tmux.exitStatus() == 0)
    }

    /// `z` hides the panes: the scene takes every row but the status line, exactly as `layerscope
    /// render` prints it one row shorter; `z` again brings the panes back.
    @Test func zZoomsTheSceneToTheWholeTerminalAsRenderPrintsIt() throws {
        let tmux = try TmuxSession(width: 120, height: 40, arguments: ["ui", "nn.ReLU()"], environment: ["NO_COLOR": "1"])
        try tmux.waitFor("Parameters")
        try tmux.send("z")
        // The whole zoomed frame: the scene from the top, the status line at the bottom.
        let screen = try tmux.waitUntil("the zoomed scene") {
            !$0.contains("Layers") && $0.hasPrefix("nn.ReLU()") && $0.contains("z panes · ") && $0.contains("-4")
        }
        let lines = screen.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(!screen.contains("Parameters"))
        #expect(lines.count >= 40 && lines[39].hasPrefix("z panes · "))
        // The curve's x axis is on the row just above the status line.
        #expect(lines.count >= 40 && lines[38].contains("-4") && lines[38].hasSuffix("4"))
        let folder = FileManager.default.temporaryDirectory.path
        let render = try runLayerScope(["render", "nn.ReLU()", "--size", "120x39", "--color", "never"],
                                       environment: ["PATH": "/usr/bin:/bin", "HOME": folder, "XDG_CONFIG_HOME": folder,
                                                     "LANG": "C.UTF-8"])
        #expect(render.status == 0, "\(render.stderr)")
        func trimmed(_ line: some StringProtocol) -> String {
            String(String(line).reversed().drop { $0 == " " }.reversed())
        }
        let printed = render.stdout.split(separator: "\n", omittingEmptySubsequences: false).prefix(39).map(trimmed)
        #expect(lines.prefix(39).map(trimmed) == printed)
        try tmux.send("z")
        try tmux.waitUntil("the panes back") { $0.contains("Layers") && $0.contains("Parameters") && header($0).contains("nn.ReLU()") }
        try tmux.send("q")
        #expect(tmux.exitStatus() == 0)
    }

    @Test func everySeedLayerLoadsThroughThePromptWithAPictureOfItsOwn() throws {
        let tmux = try TmuxSession()
        try tmux.waitFor("Layers")
        var pictures: Set<String> = []
        for preset in Preset.seedExamples {
            try tmux.send(":")
            try tmux.waitFor("\n:")
            try tmux.type(preset.expression)
            try tmux.send("Enter")
            let name = String(preset.expression.dropFirst(3).prefix { $0 != "(" })
            // The header shows the canonical form: nn.LeakyReLU(0.1) is nn.LeakyReLU(negative_slope=0.1).
            let canonical = try Catalog.arguments(parsing: preset.expression).expression
            let screen = try tmux.waitUntil("\(canonical) to load") {
                header($0).contains(canonical) && $0.contains("─ \(name) · ")
            }
            #expect(!screen.contains("Error"), "\(preset.expression)")
            // The scene's part of the screen: everything right of the left column.
            pictures.insert(screen.split(separator: "\n").dropFirst().map { String($0.dropFirst(27)) }.joined(separator: "\n"))
        }
        #expect(pictures.count == Preset.seedExamples.count)
        try tmux.send("q")
        #expect(tmux.exitStatus() == 0)
    }

    @Test func arrowKeysStepAParameterAndTheHeaderFollows() throws {
        let tmux = try TmuxSession(arguments: ["ui", "nn.MaxPool2d(3, stride=2)"])
        try tmux.waitFor("nn.MaxPool2d(3, stride=2)")
        try tmux.send("Tab")            // the parameters; kernel_size is selected
        try tmux.send("Right")
        try tmux.waitUntil("kernel_size 4") { header($0).contains("nn.MaxPool2d(4, stride=2)") }
        try tmux.send("l")
        try tmux.waitUntil("kernel_size 5") { header($0).contains("nn.MaxPool2d(5, stride=2)") }
        try tmux.send("Left", "Left")
        try tmux.waitUntil("kernel_size 3") { header($0).contains("nn.MaxPool2d(3, stride=2)") }
        for _ in 0..<5 { try tmux.send("Down") }   // ceil_mode
        try tmux.send("Right")
        try tmux.waitUntil("ceil_mode=True") { header($0).contains("nn.MaxPool2d(3, stride=2, ceil_mode=True)") }
        try tmux.send("q")
        #expect(tmux.exitStatus() == 0)
    }

    /// A computation longer than a frame runs off the UI thread: the screen says so, keys keep
    /// working, Esc cancels at once, and q quits even while it runs.
    @Test func aLargeInputComputesInTheBackgroundAndEscCancelsIt() throws {
        let tmux = try TmuxSession()
        try tmux.waitFor("Layers")
        try tmux.submit("nn.AvgPool2d(3, stride=1)")
        try tmux.waitUntil("AvgPool2d") { header($0).contains("nn.AvgPool2d(3, stride=1)") && !$0.contains("computing") }
        try tmux.submit("shape 1,1,7000,7000")
        try tmux.waitFor("computing… (Esc cancels)")
        let sent = Date()
        try tmux.send("Escape")
        let screen = try tmux.waitFor("computation cancelled")
        #expect(Date().timeIntervalSince(sent) < 2)
        #expect(screen.contains("last valid:"))
        // Keys work again at once; and q quits in the middle of a computation.
        try tmux.submit("shape 1,1,7000,7000")
        try tmux.waitFor("computing… (Esc cancels)")
        try tmux.send("q")
        #expect(tmux.exitStatus(timeout: 5) == 0)
        try tmux.waitUntil("a clean screen", isClean)
    }

    /// Past the memory budget an input is refused with the size and the limit, and the program lives on.
    @Test func anInputBeyondTheMemoryLimitIsRefusedWithTheSizeAndTheLimit() throws {
        let tmux = try TmuxSession(width: 120, height: 30, environment: ["LAYERSCOPE_MAX_MEMORY": "100M"])
        try tmux.waitFor("Layers")
        try tmux.submit("shape 1,1,7000,7000")
        try tmux.waitFor("needs 187 MiB, over the memory limit of 100 MiB")
        try tmux.submit("nn.ReLU()")
        try tmux.waitUntil("ReLU") { header($0).contains("nn.ReLU()") && !$0.contains("last valid:") }
        try tmux.send("q")
        #expect(tmux.exitStatus() == 0)
    }

    @Test func aBadExpressionNamesTheRuleAndTheProgramLivesOn() throws {
        let tmux = try TmuxSession()
        try tmux.waitFor("Layers")
        try tmux.send(":")
        try tmux.type("nn.Conv2d(4, 6, 3, groups=3)")
        try tmux.send("Enter")
        let screen = try tmux.waitFor("must be divisible by groups")
        #expect(header(screen).contains("nn.Conv2d(4, 6, 3, groups=3)"))
        #expect(screen.contains("last valid:"))
        // Fix it with the arrows: the rule's parameter is selected; in_channels 4 → 3 divides by 3.
        try tmux.send("Left")
        try tmux.waitUntil("a valid picture") { header($0).contains("nn.Conv2d(3, 6, 3, groups=3)") && !$0.contains("last valid:") }
        try tmux.send(":")
        try tmux.type("nn.Conv2d(")
        try tmux.send("Enter")
        try tmux.waitFor("expression:")
        try tmux.send(":")
        try tmux.type("nn.ReLU()")
        try tmux.send("Enter")
        try tmux.waitUntil("ReLU") { header($0).contains("nn.ReLU()") }
        try tmux.send("q")
        #expect(tmux.exitStatus() == 0)
    }

    @Test func aHundredKilobytePasteIntoThePromptIsCutAndTheProgramAnswersAtOnce() throws {
        let tmux = try TmuxSession()
        try tmux.waitFor("Layers")
        try tmux.send(":")
        try tmux.waitFor("\n:")
        // 100,000 characters, in pieces a tmux command can carry.
        let piece = String(repeating: "nn.ReLU() ", count: 800)
        for _ in 0..<12 { try tmux.type(piece) }
        try tmux.type(String(repeating: "nn.ReLU() ", count: 400))
        let sent = Date()
        let screen = try tmux.waitFor("at most 4096 characters: the rest was dropped")
        #expect(screen.contains("\n:"))
        try tmux.send("Escape")
        try tmux.send("?")
        try tmux.waitFor("─ Help ")
        // Every key of the paste used to copy the whole line and redraw it: minutes for 100 KB.
        let answered = Date().timeIntervalSince(sent)
        #expect(answered < 5, "the program answered \(answered) s after the paste")
        try tmux.send("q", "q")
        #expect(tmux.exitStatus() == 0)
        try tmux.waitUntil("a clean screen", isClean)
        #expect(try tmux.terminalProblems() == [])
    }

    @Test func helpOpensAndCloses() throws {
        let tmux = try TmuxSession()
        try tmux.waitFor("Layers")
        try tmux.send("?")
        let help = try tmux.waitFor("─ Help ")
        #expect(help.contains("next pane"))
        #expect(help.contains("Shift-Tab"))
        try tmux.send("Escape")
        try tmux.waitUntil("help to close") { !$0.contains("─ Help ") }
        try tmux.send("C-c")
        #expect(tmux.exitStatus() == 0)
        try tmux.waitUntil("a clean screen", isClean)
        #expect(try tmux.terminalProblems() == [])
    }

    @Test func resizingNeverBreaksIt() throws {
        let tmux = try TmuxSession()
        try tmux.waitFor("Layers")
        for (width, height) in [(120, 40), (60, 20), (30, 10), (80, 24), (100, 30)] {
            try tmux.resize(width: width, height: height)
            if width < 80 || height < 24 {
                try tmux.waitFor(width >= 40 ? "terminal too small: \(width)×\(height), need 80×24" : "terminal too small")
            } else {
                try tmux.waitUntil("the full screen at \(width)×\(height)") { screen in
                    let lines = screen.split(separator: "\n", omittingEmptySubsequences: false)
                    // capture-pane drops trailing blanks: no line is longer than the terminal.
                    return lines.count >= height && lines[0].contains("nn.Conv2d(16, 33")
                        && lines[height - 1].contains("Tab parameters")
                        && lines.prefix(height).allSatisfy { $0.count <= width }
                        && lines[1].count == width
                }
            }
        }
        // Keys still work after all that.
        try tmux.send("Down")
        try tmux.waitUntil("MaxPool2d") { header($0).contains("nn.MaxPool2d") }
        try tmux.send("q")
        #expect(tmux.exitStatus() == 0)
    }

    @Test func theMouseSelectsALayerAndTheWheelStepsAParameter() throws {
        let tmux = try TmuxSession()
        let screen = try tmux.waitFor("AvgPool2d")
        /// Where `text` starts on screen, 1-based as the terminal's mouse reports count.
        func cell(of text: String, in screen: String) throws -> (x: Int, y: Int) {
            let lines = screen.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            let y = try #require(lines.firstIndex { $0.contains(text) }, "\(text) not on screen")
            let column = lines[y].prefix(through: lines[y].range(of: text)!.lowerBound).count
            return (column + 1, y + 1)
        }
        // xterm's SGR mouse reports, as a terminal sends them: press (M) and release (m).
        let avg = try cell(of: "  AvgPool2d", in: screen)
        try tmux.type("\u{1B}[<0;\(avg.x + 2);\(avg.y)M\u{1B}[<0;\(avg.x + 2);\(avg.y)m")
        let loaded = try tmux.waitUntil("AvgPool2d to load") { header($0).contains("nn.AvgPool2d((3, 2), stride=(2, 1))") }
        let padding = try cell(of: "│ padding ", in: loaded)
        try tmux.type("\u{1B}[<64;\(padding.x + 2);\(padding.y)M")
        try tmux.waitUntil("the wheel to step padding") { header($0).contains("nn.AvgPool2d((3, 2), stride=(2, 1), padding=1)") }
        try tmux.send("q")
        #expect(tmux.exitStatus() == 0)
    }

    @Test func noMouseLeavesTheMouseToTheTerminal() throws {
        let tmux = try TmuxSession(arguments: ["ui", "--no-mouse"])
        let screen = try tmux.waitFor("AvgPool2d")
        #expect(header(screen).contains("nn.Conv2d"))
        try tmux.send("q")
        #expect(tmux.exitStatus() == 0)
    }

    @Test func everySignalThatEndsTheProgramRestoresTheTerminalFirst() throws {
        let signals: [(Int32, String)] = [(SIGTERM, "SIGTERM"), (SIGHUP, "SIGHUP"), (SIGQUIT, "SIGQUIT"),
                                          (SIGUSR1, "SIGUSR1"), (SIGUSR2, "SIGUSR2"), (SIGALRM, "SIGALRM")]
        for (signal, name) in signals {
            let tmux = try TmuxSession()
            try tmux.waitFor("Layers")
            let pid = try #require(try tmux.programPID(), "no layerscope process")
            kill(pid, signal)
            let status = tmux.exitStatus()
            #expect(status == 128 + signal, "\(name): exit status \(status.map(String.init) ?? "none")")
            let screen = try tmux.waitUntil("a clean screen after \(name)", isClean)
            #expect(try tmux.terminalProblems() == [], "\(name)")
            // Not a crash: no crash line, and never the Swift runtime's backtrace.
            #expect(!screen.contains("layerscope:") && !screen.contains("Backtracing"), "\(name): \(screen)")
        }
        // A second SIGTERM before the loop has ended does not wait for it, and restores the terminal too.
        let tmux = try TmuxSession()
        try tmux.waitFor("Layers")
        let pid = try #require(try tmux.programPID(), "no layerscope process")
        kill(pid, SIGTERM)
        kill(pid, SIGTERM)
        #expect(tmux.exitStatus() == 128 + SIGTERM)
        try tmux.waitUntil("a clean screen after two SIGTERMs", isClean)
        #expect(try tmux.terminalProblems() == [])
    }

    @Test func sigpipeIsIgnoredAndTheProgramGoesOn() throws {
        let tmux = try TmuxSession()
        try tmux.waitFor("Layers")
        let pid = try #require(try tmux.programPID(), "no layerscope process")
        kill(pid, SIGPIPE)
        try tmux.send("Down")
        try tmux.waitUntil("MaxPool2d after SIGPIPE") { header($0).contains("nn.MaxPool2d") }
        try tmux.send("q")
        #expect(tmux.exitStatus() == 0)
        try tmux.waitUntil("a clean screen", isClean)
        #expect(try tmux.terminalProblems() == [])
    }

    @Test func aCrashRestoresTheTerminalAndSaysSoInOneLine() throws {
        // A Swift check failing traps: SIGILL on x86-64, SIGTRAP on arm64.
        #if arch(x86_64)
        let trap = (SIGILL, "SIGILL, illegal instruction")
        #else
        let trap = (SIGTRAP, "SIGTRAP, trace trap")
        #endif
        let crashes: [(kind: String?, signal: Int32, what: String)] = [
            (nil, SIGSEGV, "SIGSEGV, segmentation fault"),     // sent from outside
            ("null", SIGSEGV, "SIGSEGV, segmentation fault"),  // a bad write
            ("overflow", trap.0, trap.1),                      // an arithmetic overflow
            ("fatal", trap.0, trap.1),                         // fatalError
        ]
        for crash in crashes {
            let label = crash.kind ?? "kill -SEGV"
            let tmux = try TmuxSession(width: 200, environment: crash.kind.map { ["LAYERSCOPE_CRASH_TEST": $0] } ?? [:])
            try tmux.waitFor("Layers")
            if crash.kind != nil {
                try tmux.send("o")   // opening a file is where the crash is set off
                try tmux.waitFor("open .npy:")
                try tmux.type("x.npy")
                try tmux.send("Enter")
            } else {
                kill(try #require(try tmux.programPID(), "no layerscope process"), SIGSEGV)
            }
            let status = tmux.exitStatus()
            #expect(status == 128 + crash.signal, "\(label): exit status \(status.map(String.init) ?? "none")")
            let screen = try tmux.waitUntil("a clean screen after \(label)", isClean)
            #expect(try tmux.terminalProblems() == [], "\(label)")
            let line = "layerscope: crashed (\(crash.what)); the terminal was restored. " + crashAdvice
            let ours = screen.split(separator: "\n").filter { $0.hasPrefix("layerscope") }
            #expect(ours == [Substring(line)], "\(label): \(screen)")
            for dump in ["Backtracing", "Thread 0", "Fatal error", "💣"] {
                #expect(!screen.contains(dump), "\(label): \(screen)")
            }
        }
    }

    @Test func aTerminalThatCannotBeUsedGetsOneLineAndStatusTwo() throws {
        for (term, fragment) in [("dumb", "TERM=dumb cannot move the cursor"),
                                 ("no-such-terminal", "TERM=no-such-terminal is not in the terminfo database")] {
            let tmux = try TmuxSession(width: 200, environment: ["TERM": term])
            let screen = try tmux.waitFor("[exited]")
            #expect(tmux.exitStatus() == 2)
            #expect(screen.contains("error: cannot use the terminal: " + fragment))
        }
    }

    @Test func worksOverSSHLikeConditions() throws {
        // TERM=xterm-256color without COLORTERM: 256 colours, no 24-bit sequences.
        let plain = try TmuxSession()
        try plain.waitFor("Layers")
        let coloured = try plain.screen(colors: true)
        #expect(coloured.contains("38;5;") || coloured.contains("48;5;"))
        #expect(!coloured.contains("38;2;") && !coloured.contains("48;2;"))
        try plain.send("q")
        #expect(plain.exitStatus() == 0)

        // NO_COLOR=1: attributes only, no colour at all.
        let noColor = try TmuxSession(environment: ["NO_COLOR": "1"])
        try noColor.waitFor("Layers")
        let mono = try noColor.screen(colors: true)
        #expect(mono.contains("\u{1B}["), "attributes (bold, reverse) still show")
        #expect(!mono.contains(";5;") && !mono.contains(";2;"), "256- or 24-bit colour under NO_COLOR")
        for code in 30...37 { #expect(!mono.contains("\u{1B}[\(code)m"), "colour \(code) under NO_COLOR") }
        for code in 90...97 { #expect(!mono.contains("\u{1B}[\(code)m"), "colour \(code) under NO_COLOR") }
        try noColor.send("q")
        #expect(noColor.exitStatus() == 0)

        // An 8-colour terminal (TERM=screen): too few colours for a colour map, so the glyphs carry
        // the values (with 256 colours the same cells are coloured blanks).
        let eight = try TmuxSession(environment: ["TERM": "screen"])
        let shaded = try eight.waitFor("Layers")
        #expect(shaded.contains("██") && shaded.contains("▓"))
        try eight.send("q")
        #expect(eight.exitStatus() == 0)

        // LANG=C: ASCII only, and still a working program.
        let ascii = try TmuxSession(environment: ["LANG": "C"])
        let screen = try ascii.waitFor("Layers")
        #expect(screen.unicodeScalars.allSatisfy { $0.value < 128 }, "non-ASCII under LANG=C")
        #expect(screen.contains("> Conv2d"))
        try ascii.send("Tab", "Down", "Down", "Right")
        try ascii.waitUntil("kernel (4, 6)") { header($0).contains("(4, 6)") }
        try ascii.send("q")
        #expect(ascii.exitStatus() == 0)
    }
}
