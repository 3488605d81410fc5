// `layerscope compute`: run one layer on tensors stored as NumPy `.npy` files.

import ArgumentParser
import Foundation
import LayerKit

struct Compute: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run one layer on .npy tensors, as PyTorch would.",
        discussion: """
            EXPR is a PyTorch constructor, e.g. "nn.Conv2d(1, 4, 3, padding='same')". Inputs are \
            float32 or float64 .npy files (C order); class-index targets int64, int32 or uint8. \
            Outputs are written as float32, indices as int64. The module starts in train mode, as \
            in PyTorch. Without --output, --indices, --grad-input or --save the output is printed.
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
        var computation = try Computation(expression: expression, seed: seed)
        let layerName = type(of: computation.layer).schema.name
        let isMaxPool = layerName == "MaxPool2d" || layerName == "AdaptiveMaxPool2d"
        if indices != nil && !isMaxPool {
            throw CLIError("--indices: nn.\(layerName) returns no indices; only MaxPool2d and AdaptiveMaxPool2d do")
        }
        let saveRequests = try saves.map { try NpyFiles.keyAndPath($0, option: "--save") }
        for set in sets {
            let (key, path) = try NpyFiles.keyAndPath(set, option: "--set")
            try computation.setState(key, from: try NpyFiles.read(path, option: "--set \(key)"))
        }
        let inputTensor = try NpyFiles.read(input, option: "--input").floatTensorForInput()
        let targetValue = try target.map { try NpyFiles.read($0, option: "--target").lossTarget() }

        let result = try computation.run(input: inputTensor, target: targetValue,
                                         training: mode == .train, wantGradient: gradInput != nil)
        for warning in result.warnings {
            FileHandle.standardError.write(Data("warning: \(warning)\n".utf8))
        }
        if let output {
            try NpyFiles.write(NpyArray.encode(result.output), to: output, option: "--output")
        }
        if let indices, let values = result.indices {
            try NpyFiles.write(NpyArray.encode(values), to: indices, option: "--indices")
        }
        if let gradInput, let gradient = result.gradInput {
            try NpyFiles.write(NpyArray.encode(gradient), to: gradInput, option: "--grad-input")
        }
        for (key, path) in saveRequests {
            switch computation.layer.state(key) {
            case .float(let tensor)?: try NpyFiles.write(NpyArray.encode(tensor), to: path, option: "--save")
            case .int(let tensor)?: try NpyFiles.write(NpyArray.encode(tensor), to: path, option: "--save")
            case nil:
                let keys = computation.layer.stateKeys
                throw CLIError("--save \(key): nn.\(layerName) has no parameter or buffer '\(key)'"
                    + (keys.isEmpty ? "" : "; its keys are " + keys.joined(separator: ", ")))
            }
        }
        let wroteSomething = output != nil || indices != nil || gradInput != nil || !saves.isEmpty
        if printOutput || !wroteSomething {
            let returnsIndices = isMaxPool && computation.layer.arguments["return_indices"] == .bool(true)
            if returnsIndices, let values = result.indices {
                print("(" + result.output.torchDescription + ", " + values.torchDescription + ")")
            } else {
                print(result.output.torchDescription)
            }
        }
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
