// Room: what a teacher's LayerScope sends its class (`ui --lead ROOM`) and how a student's
// (`follow ROOM`) takes it — one line per state: a version, the lesson and step if one runs, and the
// compact state line. What arrives is untrusted: its length is bounded, it is read with the same
// parser and checks as anything typed, and a line that cannot be used is ignored with a message.

import CellRender
import LayerKit

/// One state sent to a room.
public struct RoomMessage: Sendable, Equatable {
    /// The version of the line this LayerScope writes and reads.
    public static let version = 1
    /// The longest line a follower reads (a state is under 200 bytes; typed values make it longer).
    public static let maximumBytes = 4096
    static let tag = "layerscope-room"

    /// The compact state line (`SceneState.compactForm`).
    public var state: String
    /// The lesson running and its step (from 0), if any.
    public var lesson: String?
    public var step: Int?

    public init(state: String, lesson: String? = nil, step: Int? = nil) {
        self.state = state
        self.lesson = lesson
        self.step = step
    }

    /// The line sent, newline included: `layerscope-room 1<TAB>lesson|-<TAB>step|-<TAB>state`.
    public var line: String {
        [RoomMessage.tag + " \(RoomMessage.version)", lesson ?? "-", step.map(String.init) ?? "-", state]
            .joined(separator: "\t") + "\n"
    }

    /// Reads a line (without its newline); the error says in one line why it cannot be used.
    public init(line: String) throws {
        guard line.utf8.count <= RoomMessage.maximumBytes else {
            throw SceneError("room: ignored a message of \(line.utf8.count) bytes (at most \(RoomMessage.maximumBytes))")
        }
        let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        let head = fields.first?.split(separator: " ").map(String.init) ?? []
        guard head.count == 2, head[0] == RoomMessage.tag, let version = Int(head[1]) else {
            throw SceneError("room: ignored a line that is not a LayerScope state: '\(line.escapingControls.clipped(to: 40))'")
        }
        guard version == RoomMessage.version else {
            throw SceneError("room: ignored a message of version \(version); this LayerScope reads version \(RoomMessage.version)")
        }
        guard fields.count == 4, !fields[3].isEmpty else {
            throw SceneError("room: ignored a message with \(fields.count) fields (expected 4)")
        }
        guard !fields[3].unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else {
            throw SceneError("room: ignored a state holding control characters")
        }
        let lesson = fields[1] == "-" ? nil : fields[1]
        if let lesson, !lesson.allSatisfy({ $0.isLetter || $0.isNumber || "-_.".contains($0) }) || lesson.count > 64 {
            throw SceneError("room: ignored a lesson name that is not a name: '\(lesson.escapingControls.clipped(to: 40))'")
        }
        let step: Int?
        if fields[2] == "-" {
            step = nil
        } else {
            guard let k = Int(fields[2]), (0..<Lesson.stepRange.upperBound).contains(k) else {
                throw SceneError("room: ignored a step that is not one: '\(fields[2].escapingControls.clipped(to: 20))'")
            }
            step = k
        }
        self.init(state: fields[3], lesson: lesson, step: step)
    }
}

/// A student's link to a room, as the workbench shows it.
public struct FollowStatus: Sendable, Equatable {
    /// Where the connection is.
    public enum Connection: Sendable, Equatable {
        /// Nobody leads the room yet (or the student's LayerScope is retrying).
        case waiting
        case connected
        /// The teacher quit or the room went away; the last state stays.
        case left
    }

    /// The room as the student named it.
    public var room: String
    /// The screen follows the teacher (false: the student explores on their own).
    public var following = true
    public var connection = Connection.waiting

    public init(room: String) {
        self.room = room
    }
}

extension Workbench {
    /// Leading a room: its name and how many students follow it (shown in the header).
    public mutating func leading(_ room: String, students: Int) {
        lead = (Workbench.roomName(room), students)
    }

    /// What a leader sends for this screen: the draft's compact state and the lesson step.
    public var roomMessage: RoomMessage {
        RoomMessage(state: draft.compactForm, lesson: lessonProgress?.lesson.name, step: lessonProgress?.step)
    }

    /// A room as the screen names it: a name as it is, a socket path by its file name
    /// (`/srv/class/math.sock` → `math`), so that it fits the header.
    public static func roomName(_ room: String) -> String {
        guard room.contains("/") else { return room }
        let file = String(room.split(separator: "/").last ?? Substring(room))
        return file.hasSuffix(".sock") && file.count > 5 ? String(file.dropLast(5)) : file
    }

    /// Starts following `room` (`layerscope follow`).
    public mutating func startFollowing(_ room: String) {
        let room = Workbench.roomName(room)
        follow = FollowStatus(room: room)
        message = Message(UIText.roomWaiting.text(language, room))
    }

    /// The link to the room changed: says so in the status line.
    public mutating func roomConnection(_ connection: FollowStatus.Connection) {
        guard var status = follow, status.connection != connection else { return }
        status.connection = connection
        follow = status
        switch connection {
        case .waiting: message = Message(UIText.roomWaiting.text(language, status.room))
        case .connected: message = Message(UIText.roomConnected.text(language, status.room))
        case .left: message = Message(UIText.roomLeft.text(language, status.room), isError: true)
        }
    }

    /// A line from the room: kept as the teacher's latest state, and shown while following. A line
    /// that cannot be used changes nothing and says why.
    public mutating func receive(_ line: String) {
        do {
            let received = try RoomMessage(line: line)
            teacher = received
            if follow?.following == true { try show(received) }
        } catch {
            message = Message(Workbench.describe(error), isError: true)
        }
    }

    /// Shows the teacher's state: their lesson at their step (when this LayerScope has it), the state.
    private mutating func show(_ received: RoomMessage) throws {
        let state = try SceneState(compact: received.state, option: "room")
        if let name = received.lesson, let step = received.step {
            if lessonProgress?.lesson.name != name, let entry = lessons.first(where: { $0.name == name }),
               let lesson = try? entry.load() {
                lessonProgress = LessonProgress(lesson: lesson, step: 0)
            }
            if var progress = lessonProgress, progress.lesson.name == name, progress.lesson.steps.indices.contains(step) {
                progress.step = step
                lessonProgress = progress
            }
        } else {
            lessonProgress = nil
        }
        editor.show(state)
        lessonMenu = nil
        showsHelp = false
    }

    /// `f`: following ↔ exploring on one's own (exploring starts from the teacher's state; following
    /// again jumps to the teacher's latest).
    mutating func toggleFollowing() {
        guard var status = follow else {
            message = Message(text(.roomNotFollowing))
            return
        }
        status.following.toggle()
        follow = status
        if status.following {
            message = Message(UIText.roomFollowing.text(language, status.room))
            if let teacher { try? show(teacher) }
        } else {
            message = Message(UIText.roomExploring.text(language, status.room))
        }
    }

    /// A key or click that changed what is shown while following: the student now explores.
    mutating func stopFollowingAfterChange(from before: SceneState, step: Int?) {
        guard var status = follow, status.following,
              draft != before || lessonProgress?.step != step else { return }
        status.following = false
        follow = status
        message = Message(UIText.roomExploring.text(language, status.room))
    }
}
