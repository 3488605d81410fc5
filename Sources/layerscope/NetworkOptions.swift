// NetworkOptions: what `render` and `ui` take for an nn.Sequential — the data set, the loss, the
// optimiser, the steps to train first, the stage and the test example shown.

import ArgumentParser
import LayerKit
import Scenes

struct NetworkOptions: ParsableArguments {
    @Option(name: .customLong("train-steps"), help: ArgumentHelp(
        "For an nn.Sequential: train it this many steps first (deterministic with --seed).", valueName: "K"))
    var trainSteps: Int?

    @Option(name: .long, help: ArgumentHelp("For an nn.Sequential: the data set, one of \(Datasets.names.joined(separator: ", ")) "
        + "(default: digits for (1, 16, 16) images, spirals for 2 features).", valueName: "NAME"))
    var data: String?

    @Option(name: .long, help: ArgumentHelp("For an nn.Sequential: the loss (default \(NetworkSetup.defaultLoss)).", valueName: "LOSS"))
    var loss: String?

    @Option(name: .long, help: ArgumentHelp("For an nn.Sequential: the optimiser (default \(NetworkSetup.defaultOptim)).", valueName: "OPTIM"))
    var optim: String?

    @Option(name: .long, help: ArgumentHelp("For an nn.Sequential: the stage shown up close (default 0).", valueName: "N"))
    var stage: Int?

    @Option(name: .long, help: ArgumentHelp("For an nn.Sequential: the test example whose feature maps are shown (default 0).", valueName: "N"))
    var example: Int?

    /// The setup these options give `expression`; nil when no data set suits it and none was
    /// named (the network can still be run once on random values, but not trained).
    func setup(expression: String, seed: UInt64, shape: [Int]? = nil) throws -> NetworkSetup? {
        if let trainSteps, !(1...NetworkSetup.maxSteps).contains(trainSteps) {
            throw CLIError("--train-steps: must be from 1 to \(NetworkSetup.maxSteps), got \(trainSteps)")
        }
        if let stage, stage < 0 { throw CLIError("--stage: must be 0 or more, got \(stage)") }
        if let example, example < 0 { throw CLIError("--example: must be 0 or more, got \(example)") }
        var data = self.data
        if data == nil {
            var rng = RandomSource(seed: seed)
            let model = try Sequential(parsing: expression, rng: &rng)
            let taken = shape ?? model.defaultInputShape(batch: 1)
            data = NetworkSetup.suitedData(forInputShape: taken)
            guard data != nil else {
                guard trainSteps == nil else {
                    throw CLIError("--train-steps: give --data (the network takes \(taken.torchList), not digits or spirals)")
                }
                return nil
            }
        }
        return try NetworkSetup(expression: expression, data: data, loss: loss, optim: optim, seed: seed, steps: trainSteps ?? 0)
    }
}
