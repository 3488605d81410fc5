// InteractiveSession: the run loop — read events, let the workbench react, redraw — with the
// terminal restored however the loop ends.

import Scenes

/// Runs the interactive program in the terminal.
public enum InteractiveSession {
    /// Runs until the user quits or a termination signal arrives; returns the workbench as it ended.
    ///
    /// Throws `TerminalError` when the terminal cannot be used (before anything is drawn). The
    /// terminal is restored on every way out; after a SIGINT, SIGTERM or SIGHUP the process then dies
    /// of that signal, as its parent expects.
    @discardableResult
    public static func run(_ workbench: Workbench, options: TerminalOptions) throws -> Workbench {
        let terminal = try TerminalScreen(options: options)
        SignalGuard.install()
        var workbench = workbench
        var (width, height) = terminal.size
        var dirty = true
        while !workbench.wantsQuit && SignalGuard.received == nil {
            if dirty {
                let frame = WorkbenchScreen.render(workbench, width: width, height: height,
                                                   color: terminal.depth != .none, ascii: terminal.ascii,
                                                   depth: terminal.depth)
                terminal.draw(frame)
                dirty = false
            }
            // Take every queued event before the next frame, so held keys never build a backlog.
            var wait = true
            while let event = terminal.nextEvent(wait: wait) {
                wait = false
                switch event {
                case .key(let key): workbench.handle(key)
                case .mouse(let mouse):
                    workbench.handle(mouse, on: WorkbenchLayout(width: width, height: height, ascii: terminal.ascii))
                case .resize(let w, let h): (width, height) = (w, h)
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
