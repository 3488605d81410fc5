// `layerscope bench --follow N`: what a classroom costs. A leader in this process replays a fixed
// sequence of 50 keys; N followers (`layerscope follow`, this executable) run on pseudo-terminals of
// 80×24. Per key it reports the bytes the room sent, the bytes the followers wrote to their
// terminals, and the delay until every follower had drawn (its output had begun after the key and
// then been quiet for 40 ms); at the end, each follower's resident memory.

import CellRender
import Classroom
import Foundation
import PseudoTerminal
import LayerKit
import Scenes
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

enum FollowBench {
    /// The keys replayed on the leader: layers, parameters, views, channels, modes, seeds.
    static let keys: [Key] = [
        .down, .down, .up, .tab, .right, .right, .left, .down, .right, .tab,
        .character("v"), .character("v"), .character("c"), .character("c"), .character("t"),
        .character("t"), .character("r"), .character("i"), .right, .right,
        .tab, .down, .down, .down, .character("e"), .character("e"), .tab, .right, .left, .down,
        .tab, .character("v"), .character("c"), .character("x"), .character("x"), .right, .right, .left,
        .tab, .down, .tab, .right, .tab, .character("v"), .character("s"), .character("s"),
        .character("t"), .character("r"), .character("V"), .up,
    ]

    /// One follower: its process, its terminal, and what it wrote.
    final class Follower: @unchecked Sendable {
        let pid: pid_t
        let master: Int32
        let bytes = Atomic<Int>(0)
        /// Nanoseconds (monotonic) of its last output.
        let lastOutput = Atomic<UInt64>(0)

        init(pid: pid_t, master: Int32) {
            self.pid = pid
            self.master = master
        }
    }

    final class StopFlag: Sendable { let flag = Atomic<Bool>(false) }

    static func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

    static func run(followers count: Int, json: Bool) throws -> String {
        guard (1...500).contains(count) else { throw CLIError("--follow: between 1 and 500 followers, got \(count)") }
        let folder = "/tmp/lsb-" + UUID().uuidString.prefix(8)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let server: RoomServer
        do {
            server = try RoomServer(path: folder + "/room.sock", option: "--follow")
        } catch let error as RoomError {
            throw CLIError(error.description)
        }
        defer { server.close() }
        var leader = try Workbench(state: nil)
        var line = leader.roomMessage.line
        server.publish(line)

        // The followers, each on a terminal of its own.
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().path
        var followers: [Follower] = []
        defer {
            for f in followers { kill(f.pid, SIGTERM) }
            for f in followers { var status: Int32 = 0; waitpid(f.pid, &status, 0); close(f.master) }
        }
        for _ in 0..<count {
            followers.append(try spawn(executable, room: server.path))
        }
        let stop = StopFlag()
        let reader = Thread { [followers] in drain(followers, stop: stop) }
        reader.start()
        defer { stop.flag.store(true, ordering: .relaxed) }
        // Everyone connected and drew the first state.
        let deadline = now() + 30_000_000_000
        while server.students < count && now() < deadline { usleep(20_000) }
        guard server.students == count else {
            throw CLIError("--follow: only \(server.students) of \(count) followers connected within 30 s")
        }
        _ = settle(followers, after: now(), quiet: 300_000_000)

        var rows: [(key: String, sent: Int, written: Int, median: Double, worst: Double)] = []
        for key in keys {
            leader.handle(key)
            let next = leader.roomMessage.line
            let before = followers.map { $0.bytes.load(ordering: .relaxed) }
            let start = now()
            var sent = 0
            if next != line {
                server.publish(next)
                line = next
                sent = next.utf8.count * count
            }
            let delays = sent == 0 ? [] : settle(followers, after: start, quiet: 40_000_000)
            if sent == 0 { usleep(50_000) }
            let written = zip(followers, before).map { $0.bytes.load(ordering: .relaxed) - $1 }.reduce(0, +)
            let sorted = delays.sorted()
            rows.append((key.label(), sent, written, sorted.isEmpty ? 0 : sorted[sorted.count / 2], sorted.last ?? 0))
        }
        let rss = followers.map(residentKiB).sorted()

        var out = "bench --follow \(count): a leader replays \(keys.count) keys; \(count) followers on 80x24 terminals\n"
        out += "key        sent(B)  written(B)  per follower(B)  median(ms)  worst(ms)\n"
        for row in rows {
            out += TextWidth.pad(row.key, to: 10) + String(format: " %7d  %10d  %15d  %10.1f  %9.1f\n", row.sent, row.written,
                                                           row.written / count, row.median, row.worst)
        }
        let changed = rows.filter { $0.sent > 0 }
        let medians = changed.map(\.median).sorted(), worsts = changed.map(\.worst).sorted()
        let totalSent = rows.map(\.sent).reduce(0, +), totalWritten = rows.map(\.written).reduce(0, +)
        out += String(format: "keys that changed the state: %d of %d; sent %d B in all (%.0f B per change per follower)\n",
                      changed.count, rows.count, totalSent, changed.isEmpty ? 0 : Double(totalSent) / Double(changed.count * count))
        out += String(format: "written to the followers' terminals: %d B in all, %.0f B per key per follower\n",
                      totalWritten, Double(totalWritten) / Double(rows.count * count))
        if !medians.isEmpty {
            out += String(format: "delay until every follower drew: median of medians %.1f ms, median worst %.1f ms, worst %.1f ms\n",
                          medians[medians.count / 2], worsts[worsts.count / 2], worsts.last ?? 0)
        }
        out += "follower RSS: median \(rss[rss.count / 2] / 1024) MiB, largest \((rss.last ?? 0) / 1024) MiB\n"
        if json {
            out += "{\"followers\":\(count),\"keys\":\(rows.count),\"sent\":\(totalSent),\"written\":\(totalWritten),"
                + "\"medianDelayMs\":\(medians.isEmpty ? 0 : medians[medians.count / 2]),\"worstDelayMs\":\(worsts.last ?? 0),"
                + "\"rssMedianKiB\":\(rss[rss.count / 2])}\n"
        }
        return out
    }

    /// Starts `layerscope follow room` on a new pseudo-terminal of 80×24.
    static func spawn(_ executable: String, room: String) throws -> Follower {
        var name = [CChar](repeating: 0, count: 128)
        let master = ls_open_pty(&name, name.count, 80, 24)
        guard master >= 0 else {
            throw CLIError("--follow: cannot open a pseudo-terminal: \(String(cString: strerror(errno)))")
        }
        let slavePath = String(cString: name)
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for fd: Int32 in 0...2 {
            posix_spawn_file_actions_addopen(&actions, fd, slavePath, fd == 0 ? O_RDONLY : O_WRONLY, 0)
        }
        let environment = ["TERM=xterm-256color", "LANG=C.UTF-8", "LINES=24", "COLUMNS=80",
                           "PATH=/usr/bin:/bin", "HOME=" + (ProcessInfo.processInfo.environment["HOME"] ?? "/tmp")]
        let words: [String] = [executable, "follow", room, "--no-mouse"]
        let argv: [UnsafeMutablePointer<CChar>?] = words.map { strdup($0) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) }; envp.forEach { free($0) } }
        // A follower starts as from a shell: no signal blocked, every handler the default.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t(), all = sigset_t()
        sigemptyset(&none)
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var pid: pid_t = 0
        guard posix_spawn(&pid, executable, &actions, &attributes, argv, envp) == 0 else {
            close(master)
            throw CLIError("--follow: cannot start \(executable)")
        }
        return Follower(pid: pid, master: master)
    }

    /// Reads every follower's terminal until `stop`, counting bytes and noting when each last wrote.
    static func drain(_ followers: [Follower], stop: StopFlag) {
        var buffer = [UInt8](repeating: 0, count: 65536)
        while !stop.flag.load(ordering: .relaxed) {
            var fds = followers.map { pollfd(fd: $0.master, events: Int16(POLLIN), revents: 0) }
            guard poll(&fds, nfds_t(fds.count), 50) > 0 else { continue }
            for (i, f) in followers.enumerated() where fds[i].revents & Int16(POLLIN) != 0 {
                while true {
                    let n = read(f.master, &buffer, buffer.count)
                    guard n > 0 else { break }
                    f.bytes.add(n, ordering: .relaxed)
                    f.lastOutput.store(now(), ordering: .relaxed)
                }
            }
        }
    }

    /// Waits until every follower has written after `start` and then been quiet for `quiet`
    /// nanoseconds (at most 10 s); returns each one's delay in milliseconds (to its last byte).
    static func settle(_ followers: [Follower], after start: UInt64, quiet: UInt64) -> [Double] {
        let deadline = start + 10_000_000_000
        while now() < deadline {
            let t = now()
            let done = followers.allSatisfy { f in
                let last = f.lastOutput.load(ordering: .relaxed)
                // The reader thread may have stored a time later than `t`: not quiet yet (and no
                // unsigned subtraction below zero, which traps).
                return last > start && t > last && t - last >= quiet
            }
            if done { break }
            usleep(5_000)
        }
        return followers.map { f in
            let last = f.lastOutput.load(ordering: .relaxed)
            return last > start ? Double(last - start) / 1e6 : Double(deadline - start) / 1e6
        }
    }

    /// A process's resident memory in KiB (from /proc), 0 when unknown.
    static func residentKiB(_ follower: Follower) -> Int {
        guard let status = try? String(contentsOfFile: "/proc/\(follower.pid)/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }) else { return 0 }
        return Int(line.split(separator: " ").dropFirst().first ?? "0") ?? 0
    }
}
