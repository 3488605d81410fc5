// Tests of Computation.run's passes: `steps` counts forward passes in train mode; in eval mode they
// come first and one eval pass gives the result (PyTorch: `for _ in range(steps): m(x)`, then
// `m.eval(); y = m(x)`). Numbers against PyTorch: the bn_eval_after_25_train_steps_* fixtures.

import Testing
@testable import LayerKit

@Suite struct ComputationTests {
    let input = Tensor(shape: [2, 3, 2, 2], storage: (0..<24).map { Float($0 % 7) * 0.5 - 1 })

    func buffers(_ computation: Computation) -> (mean: Tensor?, variance: Tensor?, count: IndexTensor?) {
        var mean: Tensor?, variance: Tensor?, count: IndexTensor?
        if case .float(let t)? = computation.layer.state("running_mean") { mean = t }
        if case .float(let t)? = computation.layer.state("running_var") { variance = t }
        if case .int(let t)? = computation.layer.state("num_batches_tracked") { count = t }
        return (mean, variance, count)
    }

    @Test func trainModeCountsEveryPassAndShowsTheLast() throws {
        var three = try Computation(expression: "nn.BatchNorm2d(3)")
        _ = try three.run(input: input, steps: 3)
        #expect(buffers(three).count?.storage == [3])
        // Without steps, and with 0 or fewer, one pass runs.
        for steps in [nil, 0, -4] as [Int?] {
            var one = try Computation(expression: "nn.BatchNorm2d(3)")
            _ = try one.run(input: input, steps: steps)
            #expect(buffers(one).count?.storage == [1], "steps \(String(describing: steps))")
        }
    }

    @Test func evalModeRunsTheTrainingPassesFirst() throws {
        // A fresh module in eval mode: running statistics 0 and 1, nothing updated.
        var fresh = try Computation(expression: "nn.BatchNorm2d(3, eps=0.0)")
        let identity = try fresh.run(input: input, training: false)
        #expect(identity.output == input)
        #expect(buffers(fresh).count?.storage == [0])
        var zero = try Computation(expression: "nn.BatchNorm2d(3, eps=0.0)")
        #expect(try zero.run(input: input, training: false, steps: 0).output == input)

        // Five training passes, then module.eval() and one pass...
        var evaluated = try Computation(expression: "nn.BatchNorm2d(3)")
        let result = try evaluated.run(input: input, training: false, steps: 5)
        #expect(buffers(evaluated).count?.storage == [5])
        // ...is what the same passes one call at a time give.
        var stepwise = try Computation(expression: "nn.BatchNorm2d(3)")
        for _ in 0..<5 { _ = try stepwise.run(input: input) }
        #expect(try stepwise.run(input: input, training: false).output == result.output)
        #expect(buffers(stepwise).mean == buffers(evaluated).mean)
        #expect(buffers(stepwise).variance == buffers(evaluated).variance)
    }

    @Test func dropoutDrawsMasksOnlyInTheTrainingPasses() throws {
        // Two training passes advance the generator by two masks; the eval pass is the identity.
        var evaluated = try Computation(expression: "nn.Dropout(0.5)", seed: 3)
        let result = try evaluated.run(input: input, training: false, steps: 2)
        #expect(result.output == input)
        #expect(result.mask == nil)
        var trained = try Computation(expression: "nn.Dropout(0.5)", seed: 3)
        _ = try trained.run(input: input, steps: 2)
        func nextDraw(_ computation: Computation) -> UInt64 {
            var rng = computation.rng
            return rng.next()
        }
        #expect(nextDraw(evaluated) == nextDraw(trained))
        var fresh = try Computation(expression: "nn.Dropout(0.5)", seed: 3)
        _ = try fresh.run(input: input, training: false)
        #expect(nextDraw(fresh) != nextDraw(trained))
    }

    @Test func warningsOfRepeatedPassesAreGivenOnce() throws {
        var softmax = try Computation(expression: "nn.Softmax()")
        let result = try softmax.run(input: input, training: false, steps: 4)
        #expect(result.warnings.count == 1)
        #expect(result.warnings.first?.contains("Implicit dimension choice for softmax") == true)
    }

    @Test func lossesRunOnceInEitherMode() throws {
        let target = LossTarget.values(Tensor(shape: input.shape, repeating: 0.25))
        var loss = try Computation(expression: "nn.MSELoss()")
        let train = try loss.run(input: input, target: target, steps: 7)
        let eval = try loss.run(input: input, target: target, training: false, steps: 0)
        #expect(train.output == eval.output)
    }
}
