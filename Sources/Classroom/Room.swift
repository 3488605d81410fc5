// Classroom: the Unix domain socket behind a room. `RoomServer` is the teacher's end: it accepts
// students and sends each the latest line on a thread of its own, never waiting on any of them (a
// student that cannot keep up skips to the newest line; nothing a student sends is read). `RoomClient`
// is a student's end: it connects (retrying while nobody leads the room), reads lines of bounded
// length and keeps only the newest for the run loop to take.

import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A room's socket path, or a one-line reason why the name cannot be one.
public enum RoomAddress {
    /// `ROOM` (letters, digits, `-`, `_`, `.`) under `$XDG_RUNTIME_DIR/layerscope/`, or an explicit path
    /// (anything with a `/`). `option` names the setting in the error.
    public static func path(for room: String, environment: [String: String], option: String) throws -> String {
        if room.contains("/") {
            guard room.utf8.count < 100 else { throw RoomError("\(option): the socket path is too long (at most 99 bytes): \(room)") }
            return room
        }
        guard !room.isEmpty, room.count <= 64, room.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }),
              !room.hasPrefix(".") else {
            throw RoomError("\(option): a room is a name of letters, digits, '-', '_' and '.' (or a socket path), got '\(room)'")
        }
        guard let runtime = environment["XDG_RUNTIME_DIR"], runtime.hasPrefix("/") else {
            throw RoomError("\(option): XDG_RUNTIME_DIR is not set, so a room needs a path, such as /tmp/class/\(room).sock")
        }
        let path = runtime + "/layerscope/" + room + ".sock"
        guard path.utf8.count < 100 else { throw RoomError("\(option): the socket path is too long (at most 99 bytes): \(path)") }
        return path
    }
}

/// A problem with a room, in one line.
public struct RoomError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}

private func socketAddress(_ path: String) -> (sockaddr_un, socklen_t) {
    var address = sockaddr_un()
    address.sun_family = sa_family_t(AF_UNIX)
    let bytes = Array(path.utf8)
    withUnsafeMutableBytes(of: &address.sun_path) { raw in
        for (i, b) in bytes.prefix(raw.count - 1).enumerated() { raw[i] = b }
    }
    return (address, socklen_t(MemoryLayout<sockaddr_un>.size))
}

private func connectSocket(_ path: String) -> Int32? {
    let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
    guard fd >= 0 else { return nil }
    var (address, length) = socketAddress(path)
    let connected = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, length) }
    }
    guard connected == 0 else { close(fd); return nil }
    return fd
}

// MARK: - The teacher's end

/// The teacher's end of a room: a listening socket and a thread that sends the latest line to every
/// student.
public final class RoomServer: @unchecked Sendable {
    public let path: String
    private let listener: Int32
    /// Wakes the thread when there is a new line or it must stop.
    private let wake: (read: Int32, write: Int32)
    private let shared = Mutex<(line: [UInt8]?, generation: Int, stop: Bool)>((nil, 0, false))
    private let thread: Thread
    /// How many students are connected (for the leader's header and the tests).
    private let count = Atomic<Int>(0)

    /// Opens the room at `path`. A socket left by a leader that is gone is replaced; a live room, or
    /// anything that is not a socket, is refused (nothing else is ever removed).
    public init(path: String, option: String = "--lead") throws {
        self.path = path
        let folder = (path as NSString).deletingLastPathComponent
        var info = stat()
        if lstat(path, &info) == 0 {
            guard info.st_mode & S_IFMT == S_IFSOCK else {
                throw RoomError("\(option) \(path): exists and is not a socket; LayerScope will not replace it")
            }
            if let fd = connectSocket(path) {
                Glibc.close(fd)
                throw RoomError("\(option) \(path): another teacher leads this room")
            }
            unlink(path)  // a socket nobody answers: its leader has gone
        }
        if path.hasPrefix(ProcessInfo.processInfo.environment["XDG_RUNTIME_DIR"] ?? "\u{0}") {
            mkdir(folder, 0o700)
        }
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
        guard fd >= 0 else { throw RoomError("\(option) \(path): cannot make a socket: \(String(cString: strerror(errno)))") }
        var (address, length) = socketAddress(path)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
        }
        guard bound == 0 else {
            let reason = String(cString: strerror(errno))
            Glibc.close(fd)
            throw RoomError("\(option) \(path): \(reason)")
        }
        // Students of the room's group may connect: rw for owner and group (the folder decides who).
        chmod(path, 0o660)
        guard listen(fd, 128) == 0 else {
            Glibc.close(fd)
            unlink(path)
            throw RoomError("\(option) \(path): cannot listen: \(String(cString: strerror(errno)))")
        }
        listener = fd
        var pipes: [Int32] = [0, 0]
        guard pipe(&pipes) == 0 else {
            Glibc.close(fd)
            unlink(path)
            throw RoomError("\(option): cannot make a pipe")
        }
        for end in pipes {
            _ = fcntl(end, F_SETFL, fcntl(end, F_GETFL) | O_NONBLOCK)
            _ = fcntl(end, F_SETFD, FD_CLOEXEC)
        }
        wake = (pipes[0], pipes[1])
        let box = Box()
        thread = Thread { box.server?.serve() }
        box.server = self
        thread.stackSize = 1 << 20
        thread.start()
    }

    private final class Box: @unchecked Sendable { weak var server: RoomServer? }

    /// Sends `line` (newline included) to every student, now and to each who joins later. Returns at
    /// once: the sending happens on the room's thread.
    public func publish(_ line: String) {
        shared.withLock { state in
            state.line = Array(line.utf8)
            state.generation += 1
        }
        var byte: UInt8 = 1
        _ = write(wake.write, &byte, 1)
    }

    /// The students connected now.
    public var students: Int { count.load(ordering: .relaxed) }

    /// Closes the room: the students are told by the end of their connection, the socket file goes.
    public func close() {
        shared.withLock { $0.stop = true }
        var byte: UInt8 = 0
        _ = write(wake.write, &byte, 1)
        while !finished.load(ordering: .acquiring) { usleep(1000) }
        unlink(path)
    }

    private let finished = Atomic<Bool>(false)

    /// One student: the line being written, and how far.
    private struct Student {
        var fd: Int32
        var pending: [UInt8] = []
        var offset = 0
        var generation = 0
    }

    private func serve() {
        var students: [Student] = []
        defer {
            for s in students { Glibc.close(s.fd) }
            Glibc.close(listener)
            Glibc.close(wake.read)
            Glibc.close(wake.write)
            finished.store(true, ordering: .releasing)
        }
        while true {
            var fds = [pollfd(fd: listener, events: Int16(POLLIN), revents: 0), pollfd(fd: wake.read, events: Int16(POLLIN), revents: 0)]
            for s in students {
                // A student is watched for writability only while something waits to be sent; a hang-up always.
                fds.append(pollfd(fd: s.fd, events: Int16(s.offset < s.pending.count ? POLLOUT : 0), revents: 0))
            }
            _ = poll(&fds, nfds_t(fds.count), 1000)
            if fds[1].revents != 0 {
                var buffer = [UInt8](repeating: 0, count: 64)
                while read(wake.read, &buffer, buffer.count) > 0 {}
            }
            let (line, generation, stop) = shared.withLock { ($0.line, $0.generation, $0.stop) }
            if stop { return }
            if fds[0].revents & Int16(POLLIN) != 0 {
                while true {
                    let fd = accept(listener, nil, nil)
                    guard fd >= 0 else { break }
                    _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
                    _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
                    shutdown(fd, Int32(SHUT_RD))  // nothing a student sends is read
                    var one: Int32 = 1
                    setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &one, socklen_t(MemoryLayout<Int32>.size))
                    students.append(Student(fd: fd))
                }
            }
            // Dead connections go; each live one gets the newest line once the one in flight is out.
            var kept: [Student] = []
            for (i, var s) in students.enumerated() {
                let revents = i + 2 < fds.count ? fds[i + 2].revents : 0
                if revents & Int16(POLLERR | POLLHUP | POLLNVAL) != 0 { Glibc.close(s.fd); continue }
                if s.offset >= s.pending.count, let line, s.generation != generation {
                    s.pending = line
                    s.offset = 0
                    s.generation = generation
                }
                var alive = true
                while s.offset < s.pending.count {
                    let n = s.pending.withUnsafeBytes { raw in
                        send(s.fd, raw.baseAddress! + s.offset, s.pending.count - s.offset, Int32(MSG_NOSIGNAL))
                    }
                    if n > 0 { s.offset += n; continue }
                    if n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) { break }
                    alive = false
                    break
                }
                if alive { kept.append(s) } else { Glibc.close(s.fd) }
            }
            students = kept
            count.store(students.count, ordering: .relaxed)
        }
    }
}

// MARK: - A student's end

/// A student's end of a room: a thread that connects (again and again while nobody leads it), reads
/// lines and keeps the newest, and says how the connection stands.
public final class RoomClient: @unchecked Sendable {
    public enum Connection: Sendable, Equatable { case waiting, connected, left }

    public let path: String
    private let shared = Mutex<(lines: [String], connection: Connection, problem: String?, stop: Bool)>(([], .waiting, nil, false))
    private let thread: Thread
    private let finished = Atomic<Bool>(false)

    public init(path: String) {
        self.path = path
        let box = Box()
        thread = Thread { box.client?.run() }
        box.client = self
        thread.stackSize = 1 << 20
        thread.start()
    }

    private final class Box: @unchecked Sendable { weak var client: RoomClient? }

    /// What arrived since the last call — only the newest line (older ones are out of date), the
    /// connection as it is now, and a problem to show (a line too long to read).
    public func take() -> (line: String?, connection: Connection, problem: String?) {
        shared.withLock { state in
            let newest = state.lines.last
            state.lines.removeAll()
            let problem = state.problem
            state.problem = nil
            return (newest, state.connection, problem)
        }
    }

    public func close() {
        shared.withLock { $0.stop = true }
        while !finished.load(ordering: .acquiring) { usleep(1000) }
    }

    private var stopping: Bool { shared.withLock { $0.stop } }

    private func run() {
        defer { finished.store(true, ordering: .releasing) }
        var everConnected = false
        while !stopping {
            guard let fd = connectSocket(path) else {
                usleep(200_000)
                continue
            }
            everConnected = true
            shared.withLock { $0.connection = .connected }
            read(from: fd)
            Glibc.close(fd)
            shared.withLock { $0.connection = everConnected ? .left : .waiting }
        }
    }

    /// Reads lines until the room closes or the client stops. A line over the limit is skipped whole.
    private func read(from fd: Int32) {
        var buffer: [UInt8] = []
        var skipping = false
        var chunk = [UInt8](repeating: 0, count: 4096)
        while !stopping {
            var fds = [pollfd(fd: fd, events: Int16(POLLIN), revents: 0)]
            guard poll(&fds, 1, 200) >= 0 || errno == EINTR else { return }
            guard fds[0].revents != 0 else { continue }
            let n = Glibc.read(fd, &chunk, chunk.count)
            if n <= 0 {
                if n < 0 && (errno == EINTR || errno == EAGAIN) { continue }
                return
            }
            for byte in chunk[0..<n] {
                if byte == UInt8(ascii: "\n") {
                    if !skipping {
                        let line = String(decoding: buffer, as: UTF8.self)
                        shared.withLock { $0.lines = [line] }
                    }
                    buffer.removeAll(keepingCapacity: true)
                    skipping = false
                } else if !skipping {
                    buffer.append(byte)
                    if buffer.count > RoomClient.maximumLine {
                        skipping = true
                        buffer.removeAll(keepingCapacity: true)
                        shared.withLock { $0.problem = "room: ignored a message over \(RoomClient.maximumLine) bytes" }
                    }
                }
            }
        }
    }

    /// The longest line read (the room message's limit).
    public static let maximumLine = 4096
}
