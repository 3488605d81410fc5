// The room's socket: lines reach every student, a stalled student never holds the teacher up (it
// skips to the newest line), a left-over socket is replaced but nothing else is, a second teacher is
// refused, an over-long line is skipped, and a student sees waiting → connected → left.

import Classroom
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// A fresh folder for sockets (short: socket paths are limited to ~100 bytes).
private func folder() throws -> String {
    let path = "/tmp/lsr-" + UUID().uuidString.prefix(8)
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

/// Polls `client` until `predicate` holds on what it took (at most `seconds`); returns the last line seen.
@discardableResult
private func wait(_ client: RoomClient, seconds: Double = 5,
                  until predicate: (String?, RoomClient.Connection) -> Bool) -> (String?, RoomClient.Connection, [String]) {
    let deadline = Date().addingTimeInterval(seconds)
    var last: String?
    var connection = RoomClient.Connection.waiting
    var problems: [String] = []
    while Date() < deadline {
        let taken = client.take()
        if let line = taken.line { last = line }
        if let problem = taken.problem { problems.append(problem) }
        connection = taken.connection
        if predicate(last, connection) { break }
        usleep(10_000)
    }
    return (last, connection, problems)
}

@Suite(.serialized) struct RoomSocketTests {
    @Test func everyStudentGetsTheNewestLineAndLateComersGetItToo() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let server = try RoomServer(path: dir + "/r.sock")
        defer { server.close() }
        let a = RoomClient(path: server.path), b = RoomClient(path: server.path)
        defer { a.close(); b.close() }
        #expect(wait(a) { _, c in c == .connected }.1 == .connected)
        for i in 0..<50 { server.publish("state \(i)\n") }
        #expect(wait(a) { line, _ in line == "state 49" }.0 == "state 49")
        #expect(wait(b) { line, _ in line == "state 49" }.0 == "state 49")
        let late = RoomClient(path: server.path)
        defer { late.close() }
        #expect(wait(late) { line, _ in line == "state 49" }.0 == "state 49")
        #expect(server.students == 3)
    }

    @Test func aStalledStudentNeverHoldsTheTeacherUp() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let server = try RoomServer(path: dir + "/r.sock")
        defer { server.close() }
        // A student that connects and never reads.
        let stalled = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (i, byte) in Array(server.path.utf8).enumerated() { raw[i] = byte }
        }
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(stalled, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        #expect(connected == 0)
        defer { close(stalled) }
        let reader = RoomClient(path: server.path)
        defer { reader.close() }
        wait(reader) { _, c in c == .connected }
        let padding = String(repeating: "x", count: 300)
        let start = Date()
        for i in 0..<20_000 { server.publish("state \(i) \(padding)\n") }
        let publishing = Date().timeIntervalSince(start)
        #expect(publishing < 2, "publishing took \(publishing) s")
        #expect(wait(reader) { line, _ in line?.hasPrefix("state 19999 ") == true }.0?.hasPrefix("state 19999 ") == true)
    }

    @Test func aLeftOverSocketIsReplacedButNothingElseIs() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // A socket nobody answers (its leader died): replaced.
        let first = try RoomServer(path: dir + "/r.sock")
        let live = #expect(throws: RoomError.self) { try RoomServer(path: dir + "/r.sock") }
        #expect(live?.description == "--lead \(dir)/r.sock: another teacher leads this room")
        first.close()
        let orphan = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (i, byte) in Array((dir + "/r.sock").utf8).enumerated() { raw[i] = byte }
        }
        _ = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(orphan, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        close(orphan)  // the file stays, nobody listens
        let second = try RoomServer(path: dir + "/r.sock")
        second.close()
        // A regular file is never removed.
        try "notes".write(toFile: dir + "/notes.txt", atomically: true, encoding: .utf8)
        let file = #expect(throws: RoomError.self) { try RoomServer(path: dir + "/notes.txt") }
        #expect(file?.description == "--lead \(dir)/notes.txt: exists and is not a socket; LayerScope will not replace it")
        #expect(try String(contentsOfFile: dir + "/notes.txt", encoding: .utf8) == "notes")
    }

    @Test func aStudentWaitsThenFollowsThenIsToldTheTeacherLeft() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let client = RoomClient(path: dir + "/r.sock")
        defer { client.close() }
        usleep(300_000)
        #expect(client.take().connection == .waiting)
        let server = try RoomServer(path: dir + "/r.sock")
        #expect(wait(client) { _, c in c == .connected }.1 == .connected)
        server.publish(String(repeating: "y", count: 5000) + "\n")
        server.publish("after\n")
        let (line, _, problems) = wait(client) { line, _ in line == "after" }
        #expect(line == "after")
        #expect(problems.contains("room: ignored a message over 4096 bytes") || line == "after")
        server.close()
        #expect(wait(client) { _, c in c == .left }.1 == .left)
        #expect(!FileManager.default.fileExists(atPath: dir + "/r.sock"))
    }

    @Test func roomNamesAndPaths() throws {
        #expect(try RoomAddress.path(for: "math-101", environment: ["XDG_RUNTIME_DIR": "/run/user/7"], option: "--lead")
            == "/run/user/7/layerscope/math-101.sock")
        #expect(try RoomAddress.path(for: "/srv/class/room.sock", environment: [:], option: "follow") == "/srv/class/room.sock")
        let noRuntime = #expect(throws: RoomError.self) { try RoomAddress.path(for: "math", environment: [:], option: "follow") }
        #expect(noRuntime?.description.hasPrefix("follow: XDG_RUNTIME_DIR is not set") == true)
        let bad = #expect(throws: RoomError.self) { try RoomAddress.path(for: "my room", environment: ["XDG_RUNTIME_DIR": "/run"], option: "follow") }
        #expect(bad != nil)
        let dotted = #expect(throws: RoomError.self) { try RoomAddress.path(for: ".hidden", environment: ["XDG_RUNTIME_DIR": "/run"], option: "follow") }
        #expect(dotted?.description.hasPrefix("follow: a room is a name") == true)
    }
}
