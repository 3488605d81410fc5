// The network view end to end: the real binary in tmux. Play trains the digits CNN on its own
// thread — the step count and the loss line move, keys answer while it runs, and q quits within
// 200 ms with the terminal restored; on spirals at 80×24 without colour the boundary forms, and a
// learning rate of 10 makes the loss explode on screen rather than crash.

import Foundation
import Testing

/// The line of the screen that starts with `prefix` (after blanks), or "".
private func line(_ screen: String, startingWith prefix: String) -> String {
    screen.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.first { $0.hasPrefix(prefix) } ?? ""
}

/// The step count the screen shows (`step 123 · epoch 2 …`).
private func step(_ screen: String) -> Int {
    let progress = line(screen, startingWith: "step ")
    return Int(progress.dropFirst(5).prefix { $0.isNumber }) ?? -1
}

/// Whether process `pid` has ended (gone, or a zombie waiting for its shell).
private func ended(_ pid: Int32) -> Bool {
    guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return true }
    return stat.split(separator: ")").last?.trimmingCharacters(in: .whitespaces).hasPrefix("Z") ?? true
}

@Suite(.serialized) struct NetworkEndToEndTests {
    static let cnn = "nn.Sequential(nn.Conv2d(1, 8, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(8 * 8 * 8, 10))"

    @Test func playTrainsTheDigitsCNNKeysAnswerAndQQuitsWithin200ms() throws {
        let tmux = try TmuxSession(width: 120, height: 40, arguments: ["ui", Self.cnn])
        let first = try tmux.waitFor("step 0 · epoch 1 · paused")
        #expect(first.contains("LayerScope · network view"))
        try tmux.send("p")
        let playing = try tmux.waitUntil("training past step 30") { step($0) > 30 && $0.contains("▶ training") }
        let loss = line(playing, startingWith: "loss: batch")
        #expect(loss.hasPrefix("loss: batch "), "\(playing)")
        try tmux.waitUntil("the loss line to change") { line($0, startingWith: "loss: batch") != loss }
        // A key answers while training runs: the next stage is selected.
        try tmux.send("l")
        try tmux.waitFor("▸[1] ReLU", timeout: 2)
        #expect(try tmux.screen().contains("▶ training"))
        let pid = try #require(try tmux.programPID())
        let start = Date()
        try tmux.send("q")
        while !ended(pid), Date().timeIntervalSince(start) < 5 { Thread.sleep(forTimeInterval: 0.005) }
        let elapsed = Date().timeIntervalSince(start)
        #expect(elapsed < 0.2, "q took \(Int(elapsed * 1000)) ms while training")
        #expect(tmux.exitStatus() == 0)
        #expect(try tmux.terminalProblems() == [])
    }

    /// A shared state (`y`'s line) opens at its step: the training thread takes the steps first,
    /// showing them as it goes, then waits.
    @Test func aSharedStateTakesItsStepsAsItOpens() throws {
        let mlp = "nn.Sequential(nn.Linear(2, 16), nn.Tanh(), nn.Linear(16, 2))"
        let tmux = try TmuxSession(width: 120, height: 40,
                                   arguments: ["ui", mlp, "--data", "circles", "--seed", "2", "--train-steps", "400", "--ascii"])
        let done = try tmux.waitFor("400 steps taken")
        #expect(done.contains("step 400 * epoch 16 * paused"), "\(done)")
        #expect(done.contains("circles (800 train, 200 test)") && done.contains("seed 2"))
        try tmux.send("y")
        try tmux.waitFor("--train-steps 400")
        // The line as copied (OSC 52), whole.
        let line = try tmux.clipboard()
        #expect(line == "layerscope ui \"\(mlp)\" --data circles --seed 2 --train-steps 400", "\(line)")
        try tmux.send("q")
        try tmux.send("q")
        #expect(tmux.exitStatus() == 0)
    }

    @Test func spiralsAt80x24FormTheBoundaryAndLearningRate10Explodes() throws {
        let tmux = try TmuxSession(width: 80, height: 24, environment: ["NO_COLOR": "1"])
        try tmux.waitFor("Layers")
        // N opens the bundled digits CNN; e goes to the spirals MLP.
        try tmux.send("N")
        try tmux.waitFor("digits (4000 train")
        try tmux.send("e")
        try tmux.waitFor("spirals (800 train")
        try tmux.send("p")
        // The boundary forms: the test accuracy passes 90% (the arms are told apart).
        try tmux.waitUntil("the spirals learned", timeout: 60) { screen in
            let accuracy = line(screen, startingWith: "accuracy: test ")
            return Double(accuracy.dropFirst("accuracy: test ".count).prefix { $0 != "%" }).map { $0 >= 90 } ?? false
        }
        try tmux.send("p")
        try tmux.waitFor("paused")
        try tmux.submit("optim torch.optim.SGD(lr=10)")
        try tmux.waitFor("optimiser: torch.optim.SGD(lr=10)")
        try tmux.send("p")
        let exploded = try tmux.waitUntil("the loss to explode", timeout: 30) {
            $0.contains("exploded: the loss reached") || $0.contains("overflow: the loss is")
        }
        #expect(exploded.contains("the learning rate is too large"))
        // A stage up close: Enter opens the first Linear as a layer scene with its weights, Esc
        // comes back to the network.
        try tmux.send("p")
        try tmux.waitFor("paused")
        try tmux.send("Enter")
        try tmux.waitFor("stage 0 with its trained weights")
        #expect(try tmux.screen().contains("nn.Linear(2, 32)"))
        try tmux.send("Escape")
        try tmux.waitFor("back to the network at step")
        try tmux.send("q")
        #expect(tmux.exitStatus() == 0)
        #expect(try tmux.terminalProblems() == [])
    }
}
