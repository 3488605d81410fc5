// TmuxSession: the real `layerscope` binary in a real terminal — a tmux server on a private socket
// at a fixed size — driven with send-keys and read with capture-pane, polling for what should
// appear instead of sleeping.

import Foundation
import Testing

/// A tmux server running one program in one pane.
final class TmuxSession {
    /// Where tmux is, or nil when it is not installed.
    static let tmux: String? = ["/usr/bin/tmux", "/usr/local/bin/tmux", "/bin/tmux"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    private let tmux: String
    private let folder: URL
    private var socket: String { folder.appendingPathComponent("s").path }
    /// A file the pane's shell writes the program's exit status to.
    var statusFile: String { folder.appendingPathComponent("status").path }
    /// A file the pane's shell writes the program's process id to.
    var pidFile: String { folder.appendingPathComponent("pid").path }
    /// A file the pane's shell writes `stty -a` to once the program has ended.
    var modesFile: String { folder.appendingPathComponent("modes").path }

    /// Starts `layerscope arguments` in a `width` × `height` terminal with `environment` (on top
    /// of a minimal one: PATH, HOME, TERM=xterm-256color, a UTF-8 locale).
    /// `executable` runs another program instead (`ssh` to a student account).
    init(width: Int = 100, height: Int = 30, arguments: [String] = [], environment: [String: String] = [:],
         executable: String? = nil, sourceLocation: SourceLocation = #_sourceLocation) throws {
        guard let tmux = TmuxSession.tmux else {
            Issue.record("tmux is needed for the end-to-end tests (apt-get install tmux)", sourceLocation: sourceLocation)
            throw CocoaError(.executableNotLoadable)
        }
        self.tmux = tmux
        // Socket paths are limited to ~100 bytes: keep the folder short.
        folder = URL(fileURLWithPath: "/tmp").appendingPathComponent("lst-" + UUID().uuidString.prefix(8))
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var env = ["PATH": "/usr/bin:/bin", "HOME": folder.path, "TERM": "xterm-256color", "LANG": "C.UTF-8",
                   "XDG_CONFIG_HOME": folder.path]
        env.merge(environment) { _, new in new }
        let assignments = env.sorted { $0.key < $1.key }.map { "\($0.key)=\(TmuxSession.quote($0.value))" }
        let binary = executable ?? productsDirectory.appendingPathComponent("layerscope").path
        let command = ([binary] + arguments).map(TmuxSession.quote).joined(separator: " ")
        // The shell records the pid, runs the program (no core files), records the terminal's modes
        // and the program's status, then waits to be read.
        let script = "ulimit -c 0; echo $$ > \(TmuxSession.quote(pidFile)); env -i \(assignments.joined(separator: " ")) "
            + "\(command); status=$?; stty -a > \(TmuxSession.quote(modesFile)); "
            + "echo $status > \(TmuxSession.quote(statusFile)); echo '[exited]'; exec sleep 600"
        try run(["-f", "/dev/null", "new-session", "-d", "-s", "t", "-x", "\(width)", "-y", "\(height)",
                 script])
        _ = try run(["set-option", "-t", "t", "status", "off"])
        // Text the program copies (OSC 52) lands in a tmux buffer, which `clipboard()` reads.
        _ = try run(["set-option", "-s", "set-clipboard", "on"])
    }

    /// What the program last copied to the clipboard (OSC 52), or "" when nothing was.
    func clipboard() throws -> String {
        try run(["show-buffer"])
    }

    deinit {
        _ = try? run(["kill-server"])
        try? FileManager.default.removeItem(at: folder)
    }

    static func quote(_ s: String) -> String {
        "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// Runs a tmux command and returns what it printed.
    ///
    /// The first command starts the tmux server, which keeps whatever it inherits open for its
    /// whole life: its output goes to a file, and the client is spawned and reaped directly
    /// (Foundation's Process waits on the server's inherited descriptors too).
    @discardableResult
    private func run(_ arguments: [String]) throws -> String {
        let output = folder.appendingPathComponent("out-\(UUID().uuidString.prefix(8))").path
        defer { try? FileManager.default.removeItem(atPath: output) }
        var actions: posix_spawn_file_actions_t = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv = ([tmux, "-S", socket] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        // The test runner's threads block signals; tmux and the program must start with none
        // blocked and default handlers, as from a shell.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t()
        sigemptyset(&none)
        var all = sigset_t()
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, tmux, &actions, &attributes, argv, environ)
        guard spawned == 0 else { throw CocoaError(.executableLoad) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        return (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
    }

    /// Sends tmux key names (`Tab`, `Down`, `C-c`, `q`).
    func send(_ keys: String...) throws {
        try run(["send-keys", "-t", "t"] + keys)
    }

    /// Types `text` literally.
    func type(_ text: String) throws {
        try run(["send-keys", "-t", "t", "-l", text])
    }

    /// The screen as text (`colors: true` keeps the escape sequences).
    func screen(colors: Bool = false) throws -> String {
        try run(["capture-pane", "-p", "-t", "t"] + (colors ? ["-e"] : []))
    }

    func resize(width: Int, height: Int) throws {
        try run(["resize-window", "-t", "t", "-x", "\(width)", "-y", "\(height)"])
    }

    /// Polls the screen until `predicate` holds (at most `timeout` seconds); returns the last screen.
    @discardableResult
    func waitUntil(_ what: String, timeout: Double = 20, sourceLocation: SourceLocation = #_sourceLocation,
                   _ predicate: (String) -> Bool) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var last = ""
        while Date() < deadline {
            last = try screen()
            if predicate(last) { return last }
            Thread.sleep(forTimeInterval: 0.03)
        }
        Issue.record("timed out waiting for \(what); the screen was:\n\(last)", sourceLocation: sourceLocation)
        return last
    }

    /// Polls until `text` is on screen.
    @discardableResult
    func waitFor(_ text: String, timeout: Double = 20, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        try waitUntil("'\(text)'", timeout: timeout, sourceLocation: sourceLocation) { $0.contains(text) }
    }

    /// The program's exit status once it has exited (waits for it).
    func exitStatus(timeout: Double = 20) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let text = try? String(contentsOfFile: statusFile, encoding: .utf8),
               let status = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)) {
                return status
            }
            Thread.sleep(forTimeInterval: 0.03)
        }
        return nil
    }

    /// What the program left wrong in the terminal once it has ended (call after `exitStatus`):
    /// line-discipline modes still raw (from `stty -a`), and the alternate screen, a hidden
    /// cursor, the keypad's application mode or mouse reporting still on (from tmux's own state
    /// of the pane). Empty when the terminal is as the shell expects it.
    func terminalProblems() throws -> [String] {
        var problems: [String] = []
        let modes = ((try? String(contentsOfFile: modesFile, encoding: .utf8)) ?? "")
            .split(whereSeparator: { $0 == " " || $0 == ";" || $0 == "\n" }).map(String.init)
        if modes.isEmpty { problems.append("no stty -a output") }
        for mode in ["icanon", "echo", "isig", "icrnl", "opost", "onlcr", "ixon"] where modes.contains("-" + mode) {
            problems.append("-" + mode)
        }
        let flags = try run(["display-message", "-p", "-t", "t",
                             "alternate=#{alternate_on} cursor=#{cursor_flag} keypad=#{keypad_cursor_flag} mouse=#{mouse_any_flag}"])
        for flag in flags.split(whereSeparator: \.isWhitespace) where !["alternate=0", "cursor=1", "keypad=0", "mouse=0"].contains(String(flag)) {
            problems.append(String(flag))
        }
        return problems
    }

    /// The program's pid: the child of the pane's shell that runs the layerscope binary.
    func programPID() throws -> Int32? {
        guard let text = try? String(contentsOfFile: pidFile, encoding: .utf8),
              let shell = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)) else { return nil }
        let children = try String(contentsOfFile: "/proc/\(shell)/task/\(shell)/children", encoding: .utf8)
        for pid in children.split(separator: " ").compactMap({ Int32($0) }) {
            let cmdline = (try? String(contentsOfFile: "/proc/\(pid)/cmdline", encoding: .utf8)) ?? ""
            if cmdline.contains("layerscope") { return pid }
        }
        return nil
    }
}
