// The workbench in the interactive program's background mode: a change becomes a request the
// session computes off its UI thread; the last picture stays meanwhile; a result, a superseded
// request, an error and Esc's cancellation each end it as a user expects.

import CellRender
import LayerKit
import Scenes
import Testing

/// The status line (the last row) of the workbench's screen at 80×24.
private func statusLine(_ workbench: Workbench) -> String {
    let frame = WorkbenchScreen.render(workbench, width: 80, height: 24, color: false, ascii: false)
    return String(frame.grid.lines[23].reversed().drop { $0 == " " }.reversed())
}

/// A workbench on the first seed example that builds scenes through requests.
private func backgroundWorkbench() throws -> Workbench {
    var workbench = try Workbench()
    workbench.evaluatesInBackground = true
    return workbench
}

/// Types `text` at the `:` prompt and submits it.
private func submit(_ text: String, on workbench: inout Workbench) {
    workbench.handle(.character(":"))
    for c in text { workbench.handle(.character(c)) }
    workbench.handle(.enter)
}

@Suite struct WorkbenchBackgroundTests {
    @Test func aChangeIsComputedOffTheUIThreadWhileTheLastPictureStays() throws {
        var workbench = try backgroundWorkbench()
        let before = try #require(workbench.scene)
        workbench.handle(.character("r"))  // a new seed: the layer must run again
        let request = try #require(workbench.request)
        #expect(workbench.isComputing)
        #expect(workbench.scene?.state == before.state)
        #expect(statusLine(workbench) == "computing… (Esc cancels)")
        // The session builds it inside a workload and hands it back.
        let built = Workload().run { Result { try request.build() } }
        workbench.finish(request.id, with: built)
        #expect(!workbench.isComputing && workbench.problem == nil)
        #expect(workbench.scene?.state.seed == before.state.seed + 1)
    }

    @Test func aSupersededRequestIsIgnored() throws {
        var workbench = try backgroundWorkbench()
        workbench.handle(.character("r"))
        let first = try #require(workbench.request)
        workbench.handle(.character("r"))
        let second = try #require(workbench.request)
        #expect(second.id != first.id && second.state.seed == first.state.seed + 1)
        workbench.finish(first.id, with: Result { try first.build() })
        #expect(workbench.isComputing)  // still waiting for the second
        workbench.finish(second.id, with: Result { try second.build() })
        #expect(workbench.scene?.state.seed == second.state.seed)
    }

    @Test func escCancelsAndTheLastPictureStaysWithTheReason() throws {
        var workbench = try backgroundWorkbench()
        let before = try #require(workbench.scene)
        workbench.handle(.character("r"))
        let request = try #require(workbench.request)
        workbench.handle(.escape)
        #expect(workbench.cancelRequested)
        #expect(statusLine(workbench) == "cancelling…")
        // The session cancels the workload: the build stops and throws.
        let workload = Workload()
        workload.cancel()
        let outcome = workload.run { Result { try request.build() } }
        #expect(throws: ComputationCancelled.self) { try outcome.get() }
        workbench.finish(request.id, with: outcome)
        #expect(!workbench.isComputing)
        #expect(workbench.scene?.state == before.state)
        #expect(workbench.problem?.hasPrefix("computation cancelled: the picture shows the last state that finished") == true)
        // Any change computes again.
        workbench.handle(.character("r"))
        #expect(workbench.isComputing)
    }

    @Test func aRuleBrokenByATypedExpressionSelectsItsParameterWhenTheBuildEnds() throws {
        var workbench = try backgroundWorkbench()
        submit("nn.Conv2d(4, 6, 3, groups=3)", on: &workbench)
        let request = try #require(workbench.request)
        workbench.finish(request.id, with: Result { try request.build() })
        #expect(workbench.problem?.contains("divisible by groups") == true)
        #expect(workbench.focus == .parameters)
        #expect(workbench.selectedParameter?.name == workbench.problemParameter)
    }

    @Test func aRefusedInputLeavesTheBudgetsMessage() throws {
        var workbench = try backgroundWorkbench()
        submit("shape 100000,100000", on: &workbench)
        let request = try #require(workbench.request)
        workbench.finish(request.id, with: Workload(limit: 64 << 20).run { Result { try request.build() } })
        #expect(workbench.problem?.contains("over the memory limit of 64.0 MiB") == true, "\(workbench.problem ?? "")")
    }
}
