// Workbench+Network: the network view — an nn.Sequential learning a data set on screen. The
// workbench keeps what the user chose (the setup, the stage and example looked at, play or pause)
// and the latest copy of the run; the work itself is a list of commands. The interactive session
// hands them to a training thread and hands its copies back (`receive`); without a session
// (tests, lessons checked headless) the workbench applies them itself, at once.

import CellRender
import LayerKit

/// What the training thread is asked to do, in order.
public enum NetworkCommand: Sendable {
    /// Take this run over (a network just opened, reset or changed), then take its setup's steps.
    case adopt(NetworkRun)
    /// Take this many steps.
    case steps(Int)
    /// Swap the optimiser (a `torch.optim` expression already checked).
    case optimizer(String)
    /// Evaluate the test set at the current step (on pause: the numbers shown are the latest).
    case evaluate
}

extension NetworkRun {
    /// Applies one command to this run (the training thread and the workbench share this).
    public mutating func apply(_ command: NetworkCommand) throws {
        switch command {
        case .adopt(let run):
            self = run
            try advance(steps: run.setup.steps)
            if run.setup.steps > 0 { try evaluate() }
        case .steps(let count):
            try advance(steps: count)
        case .optimizer(let expression):
            try setOptimizer(expression)
        case .evaluate:
            if latestTest?.step != step { try evaluate() }
        }
    }
}

/// The network view's state.
public struct NetworkBench: Sendable {
    /// What was opened: the network, data, loss, optimiser, seed and the steps to take at once.
    public internal(set) var setup: NetworkSetup
    /// The latest copy of the run (what is drawn).
    public internal(set) var run: NetworkRun
    public internal(set) var view = NetworkView()
    /// Commands not yet taken by the training thread.
    public internal(set) var commands: [NetworkCommand] = []
    /// The stage opened as a layer scene (Esc comes back), and its expression when opened.
    public internal(set) var openStage: (index: Int, expression: String)?
    /// Which bundled network `e` showed last.
    var example = 0

    /// Whether the run is still taking the steps its setup asked for (a shared state, a lesson).
    public var isCatchingUp: Bool { run.step < setup.steps }
}

extension Workbench {
    /// Whether the network view is what the screen shows (not a stage opened from it).
    public var showsNetwork: Bool { network != nil && network?.openStage == nil }

    /// Opens the network view on `setup`: the network is built and checked here (its errors are
    /// the caller's), its steps taken by the training thread (or at once without one).
    public mutating func openNetwork(_ setup: NetworkSetup, view: NetworkView? = nil, bundled: Int? = nil) throws {
        var start = setup
        start.steps = 0
        let run = try NetworkRun(setup: start)
        let previous = network
        var bench = NetworkBench(setup: setup, run: run)
        bench.view = view ?? NetworkView(sample: previous?.view.sample ?? 0)
        bench.example = bundled ?? previous?.example ?? 0
        var adopted = run
        adopted.setup.steps = setup.steps
        network = bench
        playing = false
        send(.adopt(adopted))
        showsHelp = false
        message = Message(setup.steps > 0 ? "training \(setup.steps) steps first… (p plays on, . steps, ? keys)"
                          : "p trains, . takes one step, ←→ stages, ↑↓ test examples, Enter opens a stage, ? keys")
    }

    /// Leaves the network view for the layers.
    mutating func closeNetwork() {
        network = nil
        playing = false
    }

    /// Queues `command` for the training thread, or applies it now without one.
    mutating func send(_ command: NetworkCommand) {
        guard network != nil else { return }
        if evaluatesInBackground {
            network?.commands.append(command)
            return
        }
        do {
            try network?.run.apply(command)
        } catch {
            playing = false
            message = Message(Workbench.describe(error), isError: true)
        }
    }

    /// The commands for the training thread (taken: the session calls this every turn).
    public mutating func takeNetworkCommands() -> [NetworkCommand] {
        guard let commands = network?.commands, !commands.isEmpty else { return [] }
        network?.commands = []
        return commands
    }

    /// A copy of the run from the training thread.
    public mutating func receive(_ run: NetworkRun) {
        guard network != nil else { return }
        network?.run = run
        if let setup = network?.setup, run.step >= setup.steps, setup.steps > 0, message?.text.hasPrefix("training ") == true {
            message = Message("\(run.step) steps taken · p plays on, . steps")
        }
    }

    /// The training thread failed (an error a step raised): training stops, the message says why.
    public mutating func trainingFailed(_ error: String) {
        playing = false
        message = Message(error, isError: true)
    }

    /// Without a training thread: a playing network takes one step.
    mutating func tickNetwork() {
        guard playing else { return }
        send(.steps(1))
    }

    // MARK: Keys

    /// A key in the network view; false when it is not one of the view's own (the common keys
    /// then apply).
    mutating func handleNetworkKey(_ key: Key) -> Bool {
        guard var bench = network else { return false }
        let stages = bench.run.model.stages.count
        switch key {
        case .character("p"):
            playing.toggle()
            if playing {
                message = Message("training · p pauses, . one step, r new initialisation, R reset")
            } else {
                send(.evaluate)
                message = Message("paused · p plays on, . one step")
            }
        case .character("."):
            playing = false
            send(.steps(1))
            send(.evaluate)
            message = Message("one step · p plays")
        case .left, .character("h"), .right, .character("l"):
            let by = key == .left || key == .character("h") ? -1 : 1
            bench.view.stage = (bench.view.stage + by).wrapped(into: Swift.max(1, stages))
            bench.view.position = nil  // the new stage's centre
            network?.view = bench.view
            message = nil
        case .up, .character("k"), .down, .character("j"):
            let by = key == .up || key == .character("k") ? -1 : 1
            bench.view.sample = (bench.view.sample + by).wrapped(into: bench.run.dataset.test.count)
            network?.view = bench.view
            message = Message("test example \(bench.view.sample) (class \(bench.run.testExample(bench.view.sample).label))")
        case .character("["), .character("]"):
            // The output element whose receptive field is drawn, in reading order.
            let index = bench.view.stage.wrapped(into: Swift.max(1, stages))
            var probe = bench.run.model
            var context = ForwardContext(training: false)
            guard let output = try? probe.forward(bench.run.testExample(bench.view.sample).input, context: &context).results[index].output,
                  output.rank == 4 else {
                message = Message("[ ] move the output whose receptive field is drawn: stage \(index) has no map")
                return true
            }
            let (rows, columns) = (output.shape[2], output.shape[3])
            let here = NetworkScreen.position(bench.view.position, rows: rows, columns: columns)
            let next = OutputPosition(row: here.row, column: here.column).stepped(by: key == .character("]") ? 1 : -1, rows: rows, columns: columns)
            network?.view.position = next
            message = Message("the receptive field of out[c, \(next.row), \(next.column)] of stage \(index)")
        case .character("v"), .character("V"):
            bench.view.pane = bench.view.shownPane(for: bench.run) == .stage ? .result : .stage
            network?.view = bench.view
        case .enter:
            openStage()
        case .character("r"), .character("R"):
            // r: a new initialisation (the next seed); R: the same one again, from step 0.
            var setup = bench.run.setup
            if key == .character("r") { setup.seed &+= 1 }
            setup.steps = 0
            do {
                try openNetwork(setup)
                message = Message(key == .character("r") ? "new initialisation (seed \(setup.seed)), step 0 · p trains"
                                  : "reset to step 0 with the same initialisation (seed \(setup.seed)) · r draws a new one")
            } catch {
                message = Message(Workbench.describe(error), isError: true)
            }
        case .character("e"):
            let next = (bench.example + 1) % NetworkSetup.examples.count
            let example = NetworkSetup.examples[next]
            do {
                try openNetwork(example.setup, bundled: next)
                message = Message("network \(next + 1)/\(NetworkSetup.examples.count): \(example.name) on \(example.setup.data) (e for the next)")
            } catch {
                message = Message(Workbench.describe(error), isError: true)
            }
        case .character("N"):
            closeNetwork()
            message = Message("the layers (N opens the network again)")
        default:
            return false
        }
        return true
    }

    /// `N` in the layers: the network view again, or the first bundled network.
    mutating func reopenNetwork() {
        do {
            try openNetwork(lastNetwork ?? NetworkSetup.examples[0].setup)
        } catch {
            message = Message(Workbench.describe(error), isError: true)
        }
    }

    /// The prompt's words in the network view: `optim …`, `data …`, `loss …`, `seed N`, `reset`.
    /// Returns false for anything else (an expression).
    mutating func submitNetworkCommand(_ text: String) -> Bool {
        guard let bench = network else { return false }
        let word = String(text.prefix { $0 != " " && $0 != "(" })
        let rest = String(text.dropFirst(word.count)).trimmingBlanks
        var setup = bench.run.setup
        setup.steps = 0
        do {
            switch word {
            case "optim":
                let optimizer = try Optimizers.parse(rest)
                send(.optimizer(rest))
                network?.setup.optim = optimizer.expression
                message = Message("optimiser: \(optimizer.expression) from step \(bench.run.step) (its state starts empty)")
            case "data":
                setup.data = rest
                try openNetwork(setup)
            case "loss":
                setup.loss = rest
                try openNetwork(setup)
            case "seed":
                guard let seed = UInt64(rest) else { throw SceneError("seed: expected a whole number from 0, got '\(rest)'") }
                setup.seed = seed
                try openNetwork(setup)
            case "reset":
                try openNetwork(setup)
            default:
                return false
            }
        } catch {
            message = Message(Workbench.describe(error), isError: true)
        }
        return true
    }

    // MARK: A stage up close

    /// Opens the selected stage as a layer scene: its trained weights, its input for the selected
    /// test example, eval mode. Esc comes back; a changed stage re-initialises it and what follows.
    mutating func openStage() {
        guard let bench = network else { return }
        let model = bench.run.model
        let index = bench.view.stage.wrapped(into: Swift.max(1, model.stages.count))
        guard model.stages.indices.contains(index) else { return }
        let stage = model.stages[index]
        let example = bench.run.testExample(bench.view.sample)
        var probe = model
        var context = ForwardContext(training: false)
        do {
            let trace = try probe.forward(example.input, context: &context)
            var state = SceneState(arguments: stage.arguments)
            state.input = .tensor(trace.inputs[index], name: "stage \(index)'s input (\(bench.run.setup.data) test example \(example.index))")
            state.training = false
            state.seed = bench.run.setup.seed
            for key in model.stateKeys where NetworkRun.stageIndex(of: key) == index {
                if case .float(let value)? = model.state(key) {
                    state.weights[String(key.drop { $0 != "." }.dropFirst())] = value
                }
            }
            playing = false
            network?.openStage = (index, stage.expression)
            editor.open(state)
            focus = .parameters
            message = Message("stage \(index) with its trained weights · Esc: back to the network")
        } catch {
            message = Message(Workbench.describe(error), isError: true)
        }
    }

    /// Back from a stage to the network. When its expression changed, the stage and every later
    /// one are initialised afresh; earlier stages keep their trained weights.
    mutating func closeStage() {
        guard let bench = network, let opened = bench.openStage else { return }
        network?.openStage = nil
        let changed = draft.arguments.expression
        guard changed != opened.expression else {
            message = Message("back to the network at step \(bench.run.step)")
            return
        }
        var expressions = bench.run.model.stages.map(\.expression)
        expressions[opened.index] = changed
        var setup = bench.run.setup
        setup.expression = "nn.Sequential(" + expressions.joined(separator: ", ") + ")"
        setup.steps = 0
        do {
            var run = try NetworkRun(setup: setup)
            run = try run.keepingStages(before: opened.index, from: bench.run.model)
            network?.setup = setup
            network?.run = run
            network?.commands = []
            send(.adopt(run))
            let last = expressions.count - 1
            let span = opened.index == last ? "stage \(last) is" : "stages \(opened.index)–\(last) are"
            message = Message("stage \(opened.index) is now \(changed): \(span) initialised afresh"
                              + (opened.index > 0 ? ", stages before keep their weights" : "") + "; training restarts at step 0")
        } catch {
            // The network would not work (a shape that no longer fits): it stays as it was.
            message = Message(Workbench.describe(error), isError: true)
        }
    }
}

extension NetworkRun {
    /// This run with the state of stages `0..<index` taken from `model` (same expressions there).
    func keepingStages(before index: Int, from model: Sequential) throws -> NetworkRun {
        guard index > 0 else { return self }
        var network = self.model
        for key in model.stateKeys where (NetworkRun.stageIndex(of: key) ?? Int.max) < index {
            if let value = model.state(key) { try network.setState(key, value) }
        }
        var copy = self
        try copy.replaceModel(network)
        return copy
    }

    mutating func replaceModel(_ model: Sequential) throws {
        trainer = try Trainer(model: model, loss: trainer.loss, optimizer: try Optimizers.parse(setup.optim),
                              data: trainer.data, batchSize: trainer.batchSize, shuffle: trainer.shuffle, seed: setup.seed)
        tests = []
        try evaluate()
    }
}
