// A room's messages and a follower's workbench: the line round-trips, an untrusted line that cannot be
// used changes nothing and says why, a follower shows the teacher's state (and lesson step) while
// following, a key makes it explore, and f follows again from the teacher's latest state.

import LayerKit
import Scenes
import Testing

@Suite struct RoomMessageTests {
    @Test func aMessageRoundTripsThroughItsLine() throws {
        let message = RoomMessage(state: "nn.Conv2d(1, 1, 3) | shape=1,1,7,7 | eval", lesson: "conv-shapes", step: 2)
        #expect(message.line == "layerscope-room 1\tconv-shapes\t2\tnn.Conv2d(1, 1, 3) | shape=1,1,7,7 | eval\n")
        #expect(try RoomMessage(line: String(message.line.dropLast())) == message)
        let plain = RoomMessage(state: "nn.ReLU()")
        #expect(try RoomMessage(line: String(plain.line.dropLast())) == plain)
    }

    @Test(arguments: [
        ("hello", "room: ignored a line that is not a LayerScope state"),
        ("layerscope-room 2\t-\t-\tnn.ReLU()", "room: ignored a message of version 2; this LayerScope reads version 1"),
        ("layerscope-room 1\t-\tnn.ReLU()", "room: ignored a message with 3 fields (expected 4)"),
        ("layerscope-room 1\t-\t-\tnn.ReLU()\u{1B}[2J", "room: ignored a state holding control characters"),
        ("layerscope-room 1\t../../etc\t0\tnn.ReLU()", "room: ignored a lesson name that is not a name"),
        ("layerscope-room 1\tx\t99\tnn.ReLU()", "room: ignored a step that is not one"),
        ("layerscope-room 1\t-\t-\t" + String(repeating: "x", count: 5000), "room: ignored a message of 5022 bytes (at most 4096)"),
    ])
    func anUnusableLineIsRefusedInOneLine(line: String, message: String) {
        let error = #expect(throws: SceneError.self) { try RoomMessage(line: line) }
        #expect(error?.description.hasPrefix(message) == true, "\(error?.description ?? "")")
    }
}

@Suite struct FollowTests {
    private func follower() throws -> Workbench {
        var workbench = try Workbench(state: nil)
        workbench.startFollowing("class")
        workbench.roomConnection(.connected)
        return workbench
    }

    @Test func aFollowerShowsTheTeachersStateAndExploresAfterAKey() throws {
        var workbench = try follower()
        #expect(workbench.message?.text.hasPrefix("following class") == true)
        workbench.receive(RoomMessage(state: "nn.MaxPool2d(3, stride=2) | shape=1,1,9,9 | view=window | eval").line.trimmingCharacters(in: ["\n"]))
        #expect(workbench.expression == "nn.MaxPool2d(3, stride=2)" && workbench.draft.view == "window" && !workbench.draft.training)
        let screen = WorkbenchScreen.render(workbench, width: 100, height: 30, color: false, ascii: false).grid.lines
        #expect(screen[0].contains("following class"))
        // A key that changes the screen: the student explores; the teacher's next state waits.
        workbench.handle(.character("v"))
        #expect(workbench.follow?.following == false && workbench.message?.text == "exploring on your own · f follows class again")
        let explored = workbench.draft
        workbench.receive(RoomMessage(state: "nn.ReLU()").line.trimmingCharacters(in: ["\n"]))
        #expect(workbench.draft == explored)
        // f follows again, from the teacher's latest state.
        workbench.handle(.character("f"))
        #expect(workbench.follow?.following == true && workbench.expression == "nn.ReLU()")
    }

    @Test func aBadLineChangesNothingAndSaysWhy() throws {
        var workbench = try follower()
        workbench.receive(RoomMessage(state: "nn.Conv2d(1, 1, 3)").line.trimmingCharacters(in: ["\n"]))
        let before = workbench.draft
        for line in ["garbage", "layerscope-room 1\t-\t-\tnn.Conv2d(1, 1, 3, stride=0) | shape=oops", "layerscope-room 1\t-\t-\tos.system('x')"] {
            workbench.receive(line)
            #expect(workbench.draft == before)
            #expect(workbench.message?.isError == true && workbench.message?.text.contains("\n") == false)
        }
        #expect(workbench.message?.text.hasPrefix("expression:") == true || workbench.message?.text.contains("unknown") == true)
    }

    @Test func theTeachersLessonStepIsShownWithItsBand() throws {
        var workbench = try follower()
        workbench.lessons = [LessonEntry(name: "demo", title: LocalizedLines(english: ["Demo"], chinese: ["演示"])) {
            try Lesson.read(text: demoLesson, file: "demo.toml", name: "demo")
        }]
        workbench.receive("layerscope-room 1\tdemo\t1\tnn.Conv2d(1, 1, 3, padding=1, stride=2) | shape=1,1,8,8")
        #expect(workbench.lessonProgress?.lesson.name == "demo" && workbench.lessonProgress?.step == 1)
        #expect(workbench.draft.arguments["stride"] == .int(2))
        let screen = WorkbenchScreen.render(workbench, width: 80, height: 24, color: false, ascii: false).grid.lines
        #expect(screen[1].contains("Demo · step 2/3"))
        // The lesson ends on the teacher's side: the band goes.
        workbench.receive("layerscope-room 1\t-\t-\tnn.ReLU()")
        #expect(workbench.lessonProgress == nil)
    }

    @Test func theConnectionIsSaidInTheStatusLine() throws {
        var workbench = try Workbench(state: nil)
        workbench.startFollowing("class")
        #expect(workbench.message?.text == "waiting for the teacher to open class… (q quits)")
        workbench.roomConnection(.connected)
        workbench.roomConnection(.left)
        #expect(workbench.message?.text.hasPrefix("the teacher left class") == true && workbench.message?.isError == true)
        #expect(Workbench.roomName("/srv/class/math-101.sock") == "math-101" && Workbench.roomName("math") == "math")
        let leader = try Workbench(state: nil)
        #expect(leader.roomMessage.state == leader.draft.compactForm && leader.roomMessage.lesson == nil)
    }
}
