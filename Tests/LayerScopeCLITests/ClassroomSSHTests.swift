// The classroom over OpenSSH, for real: a throwaway sshd on 127.0.0.1 with a temporary host key, one
// student key and the `Match` block of docs/classroom.md (ForceCommand `layerscope follow ROOM`);
// two students log in through `ssh -tt` at 80×24 and 120×40 and follow a teacher's keys; asking for
// a shell still runs `layerscope follow`. Runs where sshd is installed and the tests run as root
// (`.ci/run` installs openssh-server); elsewhere it is skipped.

import Foundation
import Testing

/// sshd's path, when the test can run it (root, installed).
private let sshd: String? = {
    guard getuid() == 0 else { return nil }
    return ["/usr/sbin/sshd", "/usr/bin/sshd"].first { FileManager.default.isExecutableFile(atPath: $0) }
}()

/// A free TCP port on 127.0.0.1.
private func freePort() -> UInt16 {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
    return UInt16(bigEndian: address.sin_port)
}

@Suite(.serialized, .enabled(if: sshd != nil, "needs sshd (apt-get install openssh-server) and root"))
struct ClassroomSSHTests {
    @Test func studentsOverSSHFollowTheTeacherAndGetNoShell() throws {
        let folder = "/tmp/lss-" + UUID().uuidString.prefix(8)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let room = folder + "/class.sock"
        let binary = productsDirectory.appendingPathComponent("layerscope").path
        for key in ["host", "student"] {
            let made = try runExecutable(URL(fileURLWithPath: "/usr/bin/ssh-keygen"), ["-q", "-t", "ed25519", "-N", "", "-f", folder + "/" + key])
            #expect(made.status == 0, "\(made.stderr)")
        }
        try FileManager.default.copyItem(atPath: folder + "/student.pub", toPath: folder + "/authorized_keys")
        let port = freePort()
        // The Match block is the one docs/classroom.md gives (the user is this test's own account).
        let user = NSUserName()
        try """
            Port \(port)
            ListenAddress 127.0.0.1
            HostKey \(folder)/host
            PidFile \(folder)/sshd.pid
            AuthorizedKeysFile \(folder)/authorized_keys
            StrictModes no
            UsePAM no
            PasswordAuthentication no
            KbdInteractiveAuthentication no
            PubkeyAuthentication yes
            PermitRootLogin prohibit-password
            Match User \(user)
                ForceCommand \(binary) follow \(room)
                PermitTTY yes
                AllowTcpForwarding no
                X11Forwarding no
                AllowAgentForwarding no
                PermitTunnel no
                ClientAliveInterval 30
            """.write(toFile: folder + "/sshd_config", atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(atPath: "/run/sshd", withIntermediateDirectories: true)
        // sshd puts itself in the background (so it holds nothing of this process) and writes its pid.
        let started = try runExecutable(URL(fileURLWithPath: try #require(sshd)), ["-f", folder + "/sshd_config", "-E", folder + "/sshd.log"])
        #expect(started.status == 0, "\(started.stderr)")
        defer {
            if let text = try? String(contentsOfFile: folder + "/sshd.pid", encoding: .utf8),
               let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)) {
                kill(pid, SIGTERM)
            }
        }
        let ssh = ["-tt", "-i", folder + "/student", "-p", "\(port)", "-o", "StrictHostKeyChecking=no",
                   "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR", "-o", "ConnectTimeout=10", "\(user)@127.0.0.1"]
        // sshd takes a moment to listen.
        var ready = false
        for _ in 0..<50 where !ready {
            // Without a terminal the forced `layerscope follow` exits with status 2 at once.
            let probe = try runExecutable(URL(fileURLWithPath: "/usr/bin/ssh"), Array(ssh.dropFirst()) + ["true"])
            ready = probe.status == 2
            if !ready { Thread.sleep(forTimeInterval: 0.1) }
        }
        #expect(ready, "sshd did not answer")

        let teacher = try TmuxSession(width: 120, height: 30, arguments: ["ui", "--lead", room], environment: ["NO_COLOR": "1"])
        try teacher.waitFor("Layers")
        let small = try TmuxSession(width: 80, height: 24, arguments: ssh, executable: "/usr/bin/ssh")
        let large = try TmuxSession(width: 120, height: 40, arguments: ssh, executable: "/usr/bin/ssh")
        try small.waitFor("following class")
        try large.waitFor("following class")
        try teacher.waitFor("(2 following)")
        // The teacher's keys reach both students: another layer, another view.
        try teacher.send("Down")
        try teacher.waitUntil("MaxPool2d") { $0.contains("nn.MaxPool2d") }
        try teacher.send("Tab", "Tab", "v")
        try teacher.waitFor("[output]")
        for student in [small, large] {
            try student.waitUntil("the teacher's layer and view") { $0.contains("nn.MaxPool2d") && $0.contains("[output]") }
        }
        // A student's keys change only that student's screen.
        try small.send("Down", "Down")
        try small.waitUntil("the student exploring") { headerRow($0).contains("exploring") }
        Thread.sleep(forTimeInterval: 0.3)
        let teacherScreen = try teacher.screen()
        #expect(teacherScreen.contains("nn.MaxPool2d") && teacherScreen.contains("[output]"))
        // Asking for a shell command still runs layerscope follow (which needs a terminal), never a shell.
        let shell = try runExecutable(URL(fileURLWithPath: "/usr/bin/ssh"), Array(ssh.dropFirst()) + ["bash", "-c", "id"])
        #expect(!shell.stdout.contains("uid=") && !shell.stderr.contains("uid="))
        #expect(shell.status == 2)
        try small.send("q")
        try large.send("q")
        try teacher.send("q")
        #expect(teacher.exitStatus() == 0)
    }
}

/// The screen's first row (the header).
private func headerRow(_ screen: String) -> String {
    String(screen.split(separator: "\n", omittingEmptySubsequences: false).first ?? "")
}
