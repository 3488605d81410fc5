// TrainingWorker: the thread a network trains on while the screen stays live. The run loop passes
// it the workbench's commands and whether to play; it steps as fast as it can and leaves a copy of
// the run for the loop to draw at most every `framePeriod`, however fast the steps go. Paused, it
// sleeps on a condition variable: no CPU at all.

import Foundation
import LayerKit
import Scenes

public final class TrainingWorker: @unchecked Sendable {
    /// The shortest time between two copies handed to the screen (30 a second at most).
    public static let framePeriod = Duration.milliseconds(33)

    // Guarded by `condition`.
    private let condition = NSCondition()
    private var commands: [NetworkCommand] = []
    private var playing = false
    private var stopped = false
    private var published: (run: NetworkRun, error: String?, sequence: Int)?
    private var sequence = 0
    /// The last copy the screen took (read and written on the run loop's thread only).
    private var taken = 0

    public init() {
        let thread = Thread { [self] in work() }
        thread.stackSize = 8 << 20
        thread.name = "training"
        thread.start()
    }

    /// Hands over commands and the play state (wakes the thread when either asks for work).
    public func submit(_ new: [NetworkCommand], playing: Bool) {
        condition.lock()
        commands += new
        let wake = !new.isEmpty || playing != self.playing
        self.playing = playing
        if wake { condition.signal() }
        condition.unlock()
    }

    /// The newest copy of the run since the last call, and the error that stopped training, if any.
    public func take() -> (run: NetworkRun, error: String?)? {
        condition.lock()
        defer { condition.unlock() }
        guard let published, published.sequence != taken else { return nil }
        taken = published.sequence
        return (published.run, published.error)
    }

    /// Ends the thread (after the step it is taking, if any).
    public func stop() {
        condition.lock()
        stopped = true
        condition.signal()
        condition.unlock()
    }

    private func publish(_ run: NetworkRun, error: String? = nil) {
        condition.lock()
        sequence += 1
        published = (run, error, sequence)
        if error != nil { playing = false }
        condition.unlock()
    }

    /// Whether new commands wait (a long catch-up gives way to them).
    private var hasCommands: Bool {
        condition.lock()
        defer { condition.unlock() }
        return !commands.isEmpty || stopped
    }

    private func work() {
        let clock = ContinuousClock()
        var run: NetworkRun?
        var lastPublish = clock.now - .seconds(1)
        // Steps a second, measured over windows of at least half a second.
        var window = (start: clock.now, step: 0)
        func measure(_ run: inout NetworkRun) {
            let elapsed = clock.now - window.start
            if elapsed >= .milliseconds(500) {
                if run.step > window.step { run.stepsPerSecond = Double(run.step - window.step) / elapsed.seconds }
                window = (clock.now, run.step)
            }
        }
        func publishIfDue(_ run: inout NetworkRun, force: Bool = false) {
            guard force || clock.now - lastPublish >= Self.framePeriod else { return }
            measure(&run)
            publish(run)
            lastPublish = clock.now
        }
        while true {
            condition.lock()
            while !stopped, commands.isEmpty, !(playing && run != nil) { condition.wait() }
            if stopped {
                condition.unlock()
                return
            }
            let todo = commands
            commands = []
            let play = playing
            condition.unlock()
            do {
                // The run is changed where it is (`run!`): a copy would make every step copy the
                // whole loss history.
                for command in todo {
                    if case .adopt(let start) = command {
                        // The steps a shared state or a lesson asks for, shown as they are taken and
                        // given up for newer commands.
                        run = start
                        window = (clock.now, start.step)
                        run!.stepsPerSecond = nil
                        while run!.step < start.setup.steps, !hasCommands {
                            try run!.advance()
                            publishIfDue(&run!)
                        }
                        if start.setup.steps > 0 { try run!.evaluate() }
                    } else if run != nil {
                        try run!.apply(command)
                    }
                }
                if run != nil, !todo.isEmpty { publishIfDue(&run!, force: true) }
                if play, run != nil {
                    if window.step > run!.step { window = (clock.now, run!.step) }
                    try run!.advance()
                    publishIfDue(&run!)
                } else {
                    window = (clock.now, run?.step ?? 0)
                }
            } catch {
                if let current = run { publish(current, error: Workbench.describe(error)) }
            }
        }
    }
}
