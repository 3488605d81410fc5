// `layerscope compute`: run one layer on tensors stored as NumPy `.npy` files.

import ArgumentParser
import Foundation
import LayerKit

struct Compute: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run one layer on .npy tensors, as PyTorch would.",
        discussion: """
            EXPR is a PyTorch constructor, e.g. "nn.Conv2d(1, 4, 3, padding='same')", or a whole \
            nn.Sequential(...) whose state_dict keys (0.weight, 3.running_mean) --set and --save take. Inputs are \
            float32 or float64 .npy files (C order); class-index targets int64, int32 or uint8. \
            Outputs are written as float32, indices as int64. The module starts in train mode, as \
            in PyTorch. Without --output, --indices, --grad-input or --save the output is printed. \
            Every output file is checked before the layer runs (its folder exists and may be written, \
            it is not a folder, no two outputs name one file, none is also an input) and written only \
            when the whole run succeeds; an existing file is replaced whole or not at all.
            """
    )

    @Argument(help: "A torch.nn constructor expression, e.g. \"nn.MaxPool2d(3, stride=2)\".")
    var expression: String

    @Option(name: .long, help: ArgumentHelp("The input tensor.", valueName: "X.npy"))
    var input: String

    @Option(name: .long, help: ArgumentHelp("The target, for losses.", valueName: "T.npy"))
    var target: String?

    @Option(name: .customLong("set"), help: ArgumentHelp(
        "Load a state_dict entry (weight, bias, running_mean, running_var, num_batches_tracked) before the forward pass.",
        valueName: "KEY=FILE.npy"))
    var sets: [String] = []

    @Flag(exclusivity: .exclusive, help: "Train mode (the default, as in PyTorch) or eval mode.")
    var mode: Mode = .train

    @Option(name: .long, help: "Seed for the initial parameters and dropout masks.")
    var seed: UInt64 = 0

    @Option(name: .long, help: ArgumentHelp("Write the output (float32).", valueName: "Y.npy"))
    var output: String?

    @Option(name: .long, help: ArgumentHelp("Write max pooling's indices (int64).", valueName: "I.npy"))
    var indices: String?

    @Option(name: .customLong("grad-input"), help: ArgumentHelp(
        "Write the gradient with respect to the input: of the loss for losses, of output.sum() for activations and Softmax.",
        valueName: "G.npy"))
    var gradInput: String?

    @Option(name: .customLong("save"), help: ArgumentHelp(
        "Write a state_dict entry after the forward pass (e.g. running_mean).", valueName: "KEY=FILE.npy"))
    var saves: [String] = []

    @Flag(name: .customLong("print"), help: "Print the output as PyTorch prints it.")
    var printOutput = false

    enum Mode: String, EnumerableFlag {
        case train, eval
    }

    func run() throws {
        let saveRequests = try saves.map { try NpyFiles.keyAndPath($0, option: "--save") }
        let setRequests = try sets.map { try NpyFiles.keyAndPath($0, option: "--set") }
        let outputs = try checkOutputs(saves: saveRequests, sets: setRequests)

        if try ConstructorCall.sequentialStages(parsing: expression) != nil {
            try runNetwork(outputs: outputs, sets: setRequests)
            return
        }
        var computation = try Computation(expression: expression, seed: seed)
        let layerName = type(of: computation.layer).schema.name
        if indices != nil && !type(of: computation.layer).returnsIndices {
            let names = Catalog.layerTypes.filter { $0.returnsIndices }.map { $0.schema.name }
            throw CLIError("--indices: nn.\(layerName) returns no indices; only \(names.joined(separator: " and ")) do")
        }
        for (key, path) in setRequests {
            try computation.setState(key, from: try NpyFiles.read(path, option: "--set \(key)"))
        }
        let inputTensor = try NpyFiles.read(input, option: "--input").floatTensorForInput()
        let targetValue = try target.map { try NpyFiles.read($0, option: "--target").lossTarget() }

        // One pass of the module as built (and as loaded with --set), in the chosen mode; chaining
        // runs through --save and --set continues a PyTorch session pass by pass.
        let result = try computation.run(input: inputTensor, target: targetValue, training: mode == .train,
                                         steps: mode == .train ? 1 : 0, wantGradient: gradInput != nil)
        // Every file's bytes are made before the first is written: a run that fails writes nothing.
        var files: [(output: CheckedOutput, bytes: [UInt8])] = []
        for output in outputs {
            switch (output.file.option, output.file.key) {
            case ("--indices", _):
                if let values = result.indices { files.append((output, NpyArray.encode(values))) }
            case ("--grad-input", _):
                if let gradient = result.gradInput { files.append((output, NpyArray.encode(gradient))) }
            case (_, let key?):
                guard let value = computation.layer.state(key) else {
                    throw Self.unknownKey("--save \(key)", key, owner: "nn.\(layerName)", keys: computation.layer.stateKeys)
                }
                files.append((output, value.npyBytes))
            default:
                files.append((output, NpyArray.encode(result.output)))
            }
        }
        try OutputFiles.write(files)
        for warning in result.warnings {
            writeToStandardError("warning: \(warning)\n")
        }
        if printOutput || outputs.isEmpty {
            if (computation.layer as? any IndexReturningModule)?.returnIndices == true, let values = result.indices {
                print("(" + result.output.torchDescription + ", " + values.torchDescription + ")")
            } else {
                print(result.output.torchDescription)
            }
        }
    }

    /// `nn.Sequential(…)`: one forward pass of the network (its `state_dict` keys such as `0.weight`
    /// for --set and --save), and with --grad-input the gradient of `output.sum()` with respect to
    /// the input.
    private func runNetwork(outputs: [CheckedOutput], sets: [(String, String)]) throws {
        guard indices == nil else { throw CLIError("--indices: nn.Sequential returns no indices") }
        guard target == nil else {
            throw CLIError("--target: nn.Sequential takes no target; train it with a loss: layerscope train")
        }
        var rng = RandomSource(seed: seed)
        var network = try Sequential(parsing: expression, rng: &rng)
        for (key, path) in sets {
            let array = try NpyFiles.read(path, option: "--set \(key)")
            guard let current = network.state(key) else {
                throw Self.unknownKey("--set \(escapedForMessage(key))", key, owner: "nn.Sequential", keys: network.stateKeys)
            }
            let value = try StateValue(converting: array, like: current, key: key)
            try network.setState(key, value)
        }
        let inputTensor = try NpyFiles.read(input, option: "--input").floatTensorForInput()
        var context = ForwardContext(training: mode == .train, rng: rng)
        let trace = try network.forward(inputTensor, context: &context)
        let gradient = try gradInput.map { _ in
            try network.inputGradient(trace, gradOutput: Tensor(shape: trace.output.shape, repeating: 1))
        }
        var files: [(output: CheckedOutput, bytes: [UInt8])] = []
        for output in outputs {
            switch (output.file.option, output.file.key) {
            case ("--grad-input", _):
                if let gradient { files.append((output, NpyArray.encode(gradient))) }
            case (_, let key?):
                guard let value = network.state(key) else {
                    throw Self.unknownKey("--save \(escapedForMessage(key))", key, owner: "nn.Sequential", keys: network.stateKeys)
                }
                files.append((output, value.npyBytes))
            default:
                files.append((output, NpyArray.encode(trace.output)))
            }
        }
        try OutputFiles.write(files)
        for warning in context.warnings {
            writeToStandardError("warning: \(warning)\n")
        }
        if printOutput || outputs.isEmpty {
            print(trace.output.torchDescription)
        }
    }

    /// `label: <owner> has no parameter or buffer 'key'; its keys are …`, for a --set or --save of a
    /// key the layer or network does not have.
    private static func unknownKey(_ label: String, _ key: String, owner: String, keys: [String]) -> CLIError {
        CLIError("\(label): \(owner) has no parameter or buffer '\(escapedForMessage(key))'"
            + (keys.isEmpty ? "" : "; its keys are " + keys.joined(separator: ", ")))
    }

    /// Checks every file the run will write before any work (see `OutputFiles.check`): `--output`,
    /// `--indices`, `--grad-input`, then each `--save KEY=FILE`, none of them one of the files read.
    private func checkOutputs(saves: [(String, String)], sets: [(String, String)]) throws -> [CheckedOutput] {
        var outputs: [OutputFile] = []
        if let output { outputs.append(OutputFile(option: "--output", path: output)) }
        if let indices { outputs.append(OutputFile(option: "--indices", path: indices)) }
        if let gradInput { outputs.append(OutputFile(option: "--grad-input", path: gradInput)) }
        outputs += saves.map { OutputFile(option: "--save", path: $0.1, key: $0.0) }
        var inputs = [(option: "--input", path: input)]
        if let target { inputs.append((option: "--target", path: target)) }
        inputs += sets.map { (option: "--set \($0.0)", path: $0.1) }
        return try OutputFiles.check(outputs, inputs: inputs)
    }
}

extension NpyArray {
    /// The array as a layer input, with the option named in the error.
    func floatTensorForInput() throws -> Tensor {
        do {
            return try floatTensor()
        } catch let error as NpyError {
            throw CLIError("--input: \(error.message)")
        }
    }
}
