// KeyMap: which key asks for which command — the one table the interactive program, its help overlay
// and the key reference in the docs are all generated from.

import CellRender

/// One line of the key map: the keys, the command, and what it does.
public struct KeyBinding: Sendable, Hashable {
    public var keys: [Key]
    public var command: Command
    /// What the keys do, as help shows it.
    public var summary: String

    public init(_ keys: [Key], _ command: Command, _ summary: String) {
        self.keys = keys
        self.command = command
        self.summary = summary
    }
}

/// A key (or mouse action) of a mode that is not a `Command`: the prompt's line editing, the mouse.
public struct KeyHint: Sendable, Hashable {
    public var keys: String
    public var summary: String

    public init(_ keys: String, _ summary: String) {
        self.keys = keys
        self.summary = summary
    }
}

/// The interactive program's keys.
public enum KeyMap {
    /// Every binding outside a prompt, in the order help lists them.
    public static let bindings: [KeyBinding] = [
        KeyBinding([.tab], .focusNext, "next pane: layers → parameters → scene"),
        KeyBinding([.backTab], .focusPrevious, "previous pane"),
        KeyBinding([.up, .character("k")], .moveUp, "previous layer / parameter / channel"),
        KeyBinding([.down, .character("j")], .moveDown, "next layer / parameter / channel"),
        KeyBinding([.left, .character("h"), .character("-")], .decrease,
                   "step the parameter down (scene: previous output position)"),
        KeyBinding([.right, .character("l"), .character("+"), .character("=")], .increase,
                   "step the parameter up (scene: next output position)"),
        KeyBinding([.character(" ")], .nextComponent, "pair parameter: step both, height or width"),
        KeyBinding([.enter], .edit, "type the parameter's value (layers: go to its parameters)"),
        KeyBinding([.character("d")], .resetParameter, "set the parameter back to its default"),
        KeyBinding([.character(":")], .openPrompt, "load an expression, or 'shape 1,1,8,8' for the input"),
        KeyBinding([.character("v")], .nextView, "next view"),
        KeyBinding([.character("V")], .previousView, "previous view"),
        KeyBinding([.character("c")], .nextChannel, "next channel (or item)"),
        KeyBinding([.character("C")], .previousChannel, "previous channel"),
        KeyBinding([.character("i")], .nextInput, "next input pattern"),
        KeyBinding([.character("o")], .openFile, "open a .npy file as the input"),
        KeyBinding([.character("e")], .nextExample, "the layer's next ready-made example"),
        KeyBinding([.character("t")], .toggleTraining, "train ↔ eval mode"),
        KeyBinding([.character("r")], .reseed, "new seed: weights, random input, dropout mask"),
        KeyBinding([.character("n")], .step, "one more training step (running statistics)"),
        KeyBinding([.character("T")], .nextTheme, "next theme"),
        KeyBinding([.character("<")], .narrowRange, "curves: halve the x-range; lesson: previous step"),
        KeyBinding([.character(">")], .widenRange, "curves: double the x-range; lesson: next step"),
        KeyBinding([.character("p")], .togglePlay, "play/pause: the window slides over every output"),
        KeyBinding([.character(".")], .stepAnimation, "animation: one step"),
        KeyBinding([.character("[")], .slower, "animation: slower"),
        KeyBinding([.character("]")], .faster, "animation: faster"),
        KeyBinding([.character("y")], .share, "the command line that reproduces this screen (copied too)"),
        KeyBinding([.character("x")], .toggleExplain, "how the selected number is made (drill-down)"),
        KeyBinding([.character("s")], .toggleColorScope, "colour scale: each map's own ↔ one for the view"),
        KeyBinding([.character("z")], .toggleZoom, "zoom: the scene fills the terminal (z again: the panes)"),
        KeyBinding([.character("f")], .toggleFollow, "in a room: follow the teacher ↔ explore alone"),
        KeyBinding([.character("N")], .network, "a network learning: the network view (N again: layers)"),
        KeyBinding([.character("L")], .lessons, "the lessons (in one: PgDn PgUp > < step, Esc leaves)"),
        KeyBinding([.character("?"), .function(1)], .toggleHelp, "this help"),
        KeyBinding([.escape], .cancel, "stop a computation, close help, clear the message"),
        KeyBinding([.character("q"), .control("c")], .quit, "quit"),
    ]

    /// The keys of a prompt (`:`, Enter on a parameter, `o`).
    public static let promptKeys: [KeyHint] = [
        KeyHint("Enter", "load / set it"),
        KeyHint("Esc", "cancel"),
        KeyHint("↑ ↓", "earlier entries (history)"),
        KeyHint("← → Home End", "move the cursor (also Ctrl-A, Ctrl-E)"),
        KeyHint("Backspace Delete", "delete a character"),
        KeyHint("Ctrl-U Ctrl-K Ctrl-W", "delete to the start, to the end, the word before"),
    ]

    /// The keys of a running lesson (L opens one).
    public static let lessonKeys: [KeyHint] = [
        KeyHint("PgDn >", "the next step"),
        KeyHint("PgUp <", "the previous step"),
        KeyHint("Esc", "leave the lesson, keeping the scene to explore"),
    ]

    /// The keys of the network view (N, or `:nn.Sequential(...)`, opens it).
    public static let networkKeys: [KeyHint] = [
        KeyHint("p", "train ↔ pause (training runs on its own thread)"),
        KeyHint(".", "one training step"),
        KeyHint("← → h l", "the previous / next stage (shown up close)"),
        KeyHint("↑ ↓ k j", "the previous / next test example"),
        KeyHint("Enter", "the stage as a layer scene, trained weights (Esc: back)"),
        KeyHint("[ ]", "the output whose receptive field is drawn"),
        KeyHint("v", "narrow screen: stage ↔ boundary or confusion matrix"),
        KeyHint("R", "reset to step 0 with the same initialisation"),
        KeyHint("r", "a new initialisation (the next seed)"),
        KeyHint("e", "the next bundled network"),
        KeyHint(":optim …", "a new optimiser, e.g. :optim torch.optim.SGD(lr=10)"),
        KeyHint(":data … :loss …", "another data set or loss; :seed N; :reset"),
        KeyHint("N", "back to the layers"),
    ]

    /// What the mouse does.
    public static let mouseActions: [KeyHint] = [
        KeyHint("click", "select a layer, a parameter or a view tab; focus a pane"),
        KeyHint("wheel", "over a parameter: step it; layers: scroll; scene: channel"),
        KeyHint("click, wheel", "network view: select a stage, step through them"),
    ]

    private static let table: [Key: Command] = {
        var table: [Key: Command] = [:]
        for binding in bindings {
            for key in binding.keys { table[key] = binding.command }
        }
        return table
    }()

    /// The command `key` asks for, outside a prompt.
    public static func command(for key: Key) -> Command? {
        table[key]
    }

    /// The keys of a command as help shows them: `↑ k`, `q Ctrl-C`.
    public static func keys(of binding: KeyBinding, ascii: Bool = false) -> String {
        binding.keys.map { $0.label(ascii: ascii) }.joined(separator: " ")
    }

    /// The lines of the help overlay: every key, the prompt's keys and the mouse, in `language`.
    public static func helpLines(ascii: Bool, language: Language = .en) -> [(String, ThemeRole)] {
        let keyWidth = 14
        func entry(_ keys: String, _ summary: String) -> (String, ThemeRole) {
            (TextWidth.pad(keys, to: keyWidth) + " " + Workbench.translated(summary, to: language), .text)
        }
        var lines: [(String, ThemeRole)] = [(UIText.helpKeys.text(language), .title)]
        lines += bindings.map { entry(keys(of: $0, ascii: ascii), $0.summary) }
        lines.append(("", .text))
        lines.append((UIText.helpPrompt.text(language), .title))
        lines += promptKeys.map { entry($0.keys, $0.summary) }
        lines.append(("", .text))
        lines.append((UIText.helpLesson.text(language), .title))
        lines += lessonKeys.map { entry($0.keys, $0.summary) }
        lines.append(("", .text))
        lines.append((Workbench.translated("Network view", to: language), .title))
        lines += networkKeys.map { entry($0.keys, $0.summary) }
        lines.append(("", .text))
        lines.append((UIText.helpMouse.text(language), .title))
        lines += mouseActions.map { entry($0.keys, $0.summary) }
        return lines
    }

    /// How many lines the help overlay has (how far it can scroll).
    public static let helpLineCount = helpLines(ascii: false).count
}
