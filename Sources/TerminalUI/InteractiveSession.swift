// InteractiveSession: the run loop — read events, let the workbench react, redraw — with the
// terminal restored however the loop ends.

import Foundation
import LayerKit
import Scenes
import Synchronization

/// Something outside the terminal the run loop consults every turn: a room the program leads or
/// follows. It may change the workbench; it returns whether the screen must be drawn again.
public protocol SessionLink: AnyObject {
    func turn(_ workbench: inout Workbench) -> Bool
}

/// Runs the interactive program in the terminal.
public enum InteractiveSession {
    /// Runs until the user quits or a termination signal arrives; returns the workbench as it ended.
    ///
    /// Throws `TerminalError` when the terminal cannot be used (before anything is drawn). The
    /// terminal is restored on every way out; after a SIGINT, SIGTERM or SIGHUP the process then dies
    /// of that signal, as its parent expects.
    @discardableResult
    public static func run(_ workbench: Workbench, options: TerminalOptions, link: SessionLink? = nil) throws -> Workbench {
        let terminal = try TerminalScreen(options: options)
        SignalGuard.install()
        var workbench = workbench
        workbench.evaluatesInBackground = true
        if terminal.ascii, workbench.language == .zh {
            // Chinese needs a UTF-8 terminal: an ASCII one gets English rather than question marks.
            workbench.language = .en
            workbench.show(Workbench.Message("Chinese needs a UTF-8 terminal; this one is ASCII, so LayerScope speaks English"))
        }
        var (width, height) = terminal.size
        var dirty = true
        // The scene being built off this thread, if any: keys keep working meanwhile.
        var job: SceneJob?
        defer { job?.workload.cancel() }
        // The thread a network trains on, while the network view is open.
        var trainer: TrainingWorker?
        defer { trainer?.stop() }
        // A playing animation steps when its time comes; paused, the loop only waits for keys.
        let clock = ContinuousClock()
        var nextTick = clock.now
        while !workbench.wantsQuit && SignalGuard.received == nil {
            if workbench.network != nil {
                // Training runs on its own thread: commands go there, copies of the run come back.
                let worker = trainer ?? TrainingWorker()
                trainer = worker
                worker.submit(workbench.takeNetworkCommands(), playing: workbench.playing && workbench.showsNetwork)
                if let (run, error) = worker.take() {
                    workbench.receive(run)
                    if let error { workbench.trainingFailed(error) }
                    dirty = true
                }
            } else if let worker = trainer {
                worker.stop()
                trainer = nil
            }
            if workbench.playing, job == nil, !workbench.showsNetwork {
                if clock.now >= nextTick {
                    workbench.tick()
                    dirty = true
                    nextTick = clock.now + .milliseconds(1000 / Swift.max(1, workbench.speed))
                }
            } else {
                nextTick = clock.now
            }
            if let running = job {
                if let outcome = running.outcome {
                    workbench.finish(running.id, with: outcome)
                    job = nil
                    dirty = true
                } else if running.id != workbench.request?.id || workbench.cancelRequested {
                    running.workload.cancel()  // superseded or Esc: it stops at its next check
                }
            }
            // One build at a time: a superseded one is cancelled and ends before the next starts.
            if job == nil, let request = workbench.request {
                job = SceneJob(request)
            }
            if let link, link.turn(&workbench) { dirty = true }
            if let text = workbench.clipboard {
                terminal.copyToClipboard(text)
                workbench.clipboardTaken()
            }
            if dirty {
                let frame = WorkbenchScreen.render(workbench, width: width, height: height,
                                                   color: terminal.depth != .none, ascii: terminal.ascii,
                                                   depth: terminal.depth)
                terminal.draw(frame)
                dirty = false
            }
            // Take every queued event before the next frame, so held keys never build a backlog.
            var wait = true
            // A room is looked at every 50 ms: a teacher's change reaches the screen within a frame or three.
            // Training: a copy of the run is drawn at most 30 times a second.
            let training = workbench.network.map { $0.isCatchingUp || workbench.playing || !$0.commands.isEmpty } ?? false
            let idle = training ? 33 : link == nil ? 100 : 50
            let untilTick = workbench.playing && !workbench.showsNetwork ? Swift.max(1, Swift.min(idle, Int((nextTick - clock.now) / .milliseconds(1)))) : idle
            while let event = terminal.nextEvent(wait: wait, milliseconds: untilTick) {
                wait = false
                switch event {
                case .key(let key): workbench.handle(key)
                case .mouse(let mouse):
                    let target = WorkbenchScreen.target(of: mouse, on: workbench, width: width, height: height,
                                                        ascii: terminal.ascii, color: terminal.depth != .none)
                    workbench.handle(mouse.action, on: target)
                case .resize(let w, let h): (width, height) = (w, h)
                case .hangup: workbench.perform(.quit)
                }
                dirty = true
                if workbench.wantsQuit { break }
            }
        }
        terminal.close()
        SignalGuard.restoreAndReraise()
        return workbench
    }
}

/// One scene built on a thread of its own inside a cancellable `Workload` (not on Dispatch's pool,
/// which the kernels themselves fill).
final class SceneJob: Sendable {
    let id: Int
    let workload = Workload()
    private let result = Mutex<Result<Scene, any Error>?>(nil)

    init(_ request: SceneRequest) {
        id = request.id
        let thread = Thread { [self] in
            let outcome = workload.run { Result { try request.build() } }
            result.withLock { $0 = outcome }
        }
        thread.stackSize = 8 << 20
        thread.start()
    }

    /// The finished build, or nil while it runs.
    var outcome: Result<Scene, any Error>? { result.withLock { $0 } }
}
