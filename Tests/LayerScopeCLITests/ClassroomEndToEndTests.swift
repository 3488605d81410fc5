// A classroom in real terminals: a teacher leads a room, two students follow it at 80×24 and 120×40
// (one in Chinese); the teacher's keys reach both, a student's keys never reach the teacher, and when
// the teacher quits the students keep the last state.

import Foundation
import Testing

/// The screen's first row (the header).
private func headerRow(_ screen: String) -> String {
    String(screen.split(separator: "\n", omittingEmptySubsequences: false).first ?? "")
}

@Suite(.serialized) struct ClassroomEndToEndTests {
    @Test func studentsFollowTheTeacherAtTheirOwnSizes() throws {
        let folder = "/tmp/lsc-" + UUID().uuidString.prefix(8)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let room = folder + "/class.sock"
        // A student who starts first waits.
        let early = try TmuxSession(width: 80, height: 24, arguments: ["follow", room], environment: ["NO_COLOR": "1"])
        try early.waitFor("waiting for the teacher to open")
        let teacher = try TmuxSession(width: 100, height: 30, arguments: ["ui", "--lead", room], environment: ["NO_COLOR": "1"])
        try teacher.waitFor("Layers")
        let wide = try TmuxSession(width: 120, height: 40, arguments: ["follow", room, "--lang", "zh"], environment: ["NO_COLOR": "1"])
        try wide.waitFor("跟随")
        // The teacher picks MaxPool2d (its header then has room to count the students) and its third view.
        try teacher.send("Down")
        try teacher.waitUntil("MaxPool2d") { headerRow($0).contains("nn.MaxPool2d") }
        try teacher.waitFor("(2 following)")
        try teacher.send("Tab", "Tab", "v", "v")
        let shown = try teacher.waitFor("[indices]")
        let expression = "nn.MaxPool2d((3, 2), stride=(2, 1))"
        #expect(headerRow(shown).contains(expression))
        for student in [early, wide] {
            let screen = try student.waitUntil("the teacher's view") { headerRow($0).contains(expression) && $0.contains("[indices]") }
            #expect(headerRow(screen).contains(expression))
        }
        #expect(try early.screen().contains("following"))
        // A student's key makes that student explore; the teacher does not move.
        try early.send("v")
        try early.waitFor("exploring on your own")
        Thread.sleep(forTimeInterval: 0.3)
        #expect(try teacher.screen().contains("[indices]"))
        // The teacher moves on: the exploring student stays, the other follows; f brings the first back.
        try teacher.send("v")
        try wide.waitUntil("the next view") { !$0.contains("[indices]") && $0.contains("[compare]") }
        try early.send("f")
        try early.waitFor("[compare]")
        // The teacher quits: the students keep the last state and are told.
        try teacher.send("q")
        #expect(teacher.exitStatus() == 0)
        let left = try early.waitFor("the teacher left")
        #expect(headerRow(left).contains(expression))
        try early.send("q")
        try wide.send("q")
        #expect(early.exitStatus() == 0 && wide.exitStatus() == 0)
        #expect(!FileManager.default.fileExists(atPath: room))
    }

    @Test func aRoomThatCannotBeOpenedIsOneLine() throws {
        let folder = "/tmp/lsc-" + UUID().uuidString.prefix(8)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try "keep me".write(toFile: folder + "/notes.txt", atomically: true, encoding: .utf8)
        let result = try runLayerScope(["ui", "--lead", folder + "/notes.txt"])
        #expect(result.status == 2)
        #expect(result.stderr == "error: --lead \(folder)/notes.txt: exists and is not a socket; LayerScope will not replace it\n")
        #expect(try String(contentsOfFile: folder + "/notes.txt", encoding: .utf8) == "keep me")
        let name = try runLayerScope(["follow", "my room"], environment: ["PATH": "/usr/bin:/bin", "XDG_RUNTIME_DIR": folder])
        #expect(name.status == 2 && name.stderr.hasPrefix("error: follow: a room is a name of letters"))
        let runtime = try runLayerScope(["follow", "math"], environment: ["PATH": "/usr/bin:/bin"])
        #expect(runtime.status == 2 && runtime.stderr.hasPrefix("error: follow: XDG_RUNTIME_DIR is not set"))
    }
}

@Suite struct FollowBenchTests {
    /// `bench --follow 2`: two followers on pseudo-terminals follow 50 keys; the report counts bytes
    /// and delays for real (every changed state reaches both followers, which draw it).
    @Test func theClassroomBenchMeasuresBytesDelaysAndMemory() throws {
        let result = try runLayerScope(["bench", "--follow", "2", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "bench --follow 2: a leader replays 50 keys; 2 followers on 80x24 terminals")
        let json = try #require(lines.last.flatMap { try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] })
        #expect(json["keys"] as? Int == 50)
        #expect((json["sent"] as? Int ?? 0) > 0 && (json["written"] as? Int ?? 0) > (json["sent"] as? Int ?? 0))
        #expect((json["rssMedianKiB"] as? Int ?? 0) > 1024)
        #expect((json["worstDelayMs"] as? Double ?? 10_000) < 10_000, "a follower never drew a state")
        let wrong = try runLayerScope(["bench", "--follow", "0"])
        #expect(wrong.status == 2 && wrong.stderr == "error: --follow: between 1 and 500 followers, got 0\n")
    }
}
