// `layerscope follow ROOM`: a student's LayerScope, showing the teacher's state (`ui --lead ROOM`) at
// the student's own size, theme, colour depth and language; and the links that connect the run loop
// to a room — `LeaderLink` publishes each new state, `FollowerLink` brings the teacher's in.

import ArgumentParser
import Classroom
import Foundation
import Scenes
import TerminalUI

struct Follow: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Follow a teacher's screen (layerscope ui --lead ROOM), at your own terminal's size.",
        discussion: """
            The header says "following ROOM". f switches between following the teacher and exploring on \
            your own (starting from the teacher's state); q quits. A follower that starts before the \
            teacher waits; when the teacher quits, the last state stays to explore. ROOM is a name \
            ($XDG_RUNTIME_DIR/layerscope/ROOM.sock) or a socket path; see docs/classroom.md for a \
            classroom over OpenSSH.
            """
    )

    @Argument(help: ArgumentHelp("The room: a name or a socket path.", valueName: "ROOM"))
    var room: String

    @OptionGroup var terminal: TerminalChoices

    func run() throws {
        guard terminal.lead == nil else { throw CLIError("follow: a student cannot --lead; run 'layerscope ui --lead ROOM' to teach") }
        let environment = ProcessInfo.processInfo.environment
        let start = try Workbench.examples(for: Workbench.layers[0])[0].state()
        try terminal.run(state: start, environment: environment, follow: room)
    }
}

/// The teacher's end in the run loop: each new state goes to the room.
final class LeaderLink: SessionLink {
    let server: RoomServer
    let room: String
    private var last: String?

    init(server: RoomServer, room: String) {
        self.server = server
        self.room = room
    }

    func turn(_ workbench: inout Workbench) -> Bool {
        let line = workbench.roomMessage.line
        if line != last {
            server.publish(line)
            last = line
        }
        let students = server.students
        guard workbench.lead?.students != students || workbench.lead == nil else { return false }
        workbench.leading(room, students: students)
        return true
    }
}

/// A student's end in the run loop: the teacher's newest state, and how the connection stands.
final class FollowerLink: SessionLink {
    let client: RoomClient

    init(client: RoomClient) {
        self.client = client
    }

    deinit { client.close() }

    func turn(_ workbench: inout Workbench) -> Bool {
        let (line, connection, problem) = client.take()
        var changed = false
        let shown: FollowStatus.Connection
        switch connection {
        case .waiting: shown = .waiting
        case .connected: shown = .connected
        case .left: shown = .left
        }
        if workbench.follow?.connection != shown {
            workbench.roomConnection(shown)
            changed = true
        }
        if let line {
            workbench.receive(line)
            changed = true
        }
        if let problem {
            workbench.show(Workbench.Message(problem, isError: true))
            changed = true
        }
        return changed
    }
}
