// Tests of Conv2d: the computation on hand-checked examples, every padding mode, groups, the
// geometry helpers, and every check with PyTorch 2.15's message and exception class.
// (Numbers against PyTorch itself: Fixtures/spatial.json, replayed by FixtureTests.)

import Testing
@testable import LayerKit

/// Builds a Conv2d from positional and keyword arguments with seed 0.
private func makeConv(_ positional: [ParamValue], _ keywords: Keywords = []) throws -> Conv2d {
    try makeLayer(Conv2d.self, positional, keywords)
}

@Suite struct ConvolutionTests {
    /// A 1→1 channel conv whose weight is `kernel` (row-major kH × kW) and bias `bias`.
    func singleChannel(_ kh: Int, _ kw: Int, _ kernel: [Float], bias: Float = 0,
                       _ keywords: Keywords = []) throws -> Conv2d {
        var conv = try makeConv([.int(1), .int(1), .tuple([.int(kh), .int(kw)])], keywords)
        try conv.setState("weight", .float(Tensor(shape: [1, 1, kh, kw], storage: kernel)))
        if conv.bias != nil { try conv.setState("bias", .float(Tensor(shape: [1], storage: [bias]))) }
        return conv
    }

    // MARK: Schema and state

    @Test func schemaFollowsPyTorchSignature() {
        let schema = Conv2d.schema
        #expect(schema.params.map(\.name) == ["in_channels", "out_channels", "kernel_size", "stride", "padding",
                                              "dilation", "groups", "bias", "padding_mode", "device", "dtype"])
        #expect(schema.group == .convolution)
        #expect(schema.param("padding")?.kind == .intOrPairOrChoice(["same", "valid"]))
        #expect(schema.param("padding_mode")?.defaultValue == .string("zeros"))
        #expect(schema.params.prefix(3).allSatisfy { $0.isRequired })
    }

    @Test func parametersHavePyTorchShapesAndBounds() throws {
        let conv = try makeConv([.int(4), .int(6), .tuple([.int(3), .int(5)])], [("groups", .int(2))])
        #expect(conv.weight.shape == [6, 2, 3, 5])
        #expect(conv.bias?.shape == [6])
        #expect(conv.stateKeys == ["weight", "bias"])
        let bound = Float(1 / Double(2 * 3 * 5).squareRoot())
        #expect(conv.weight.storage.allSatisfy { Swift.abs($0) <= bound })
        #expect(conv.bias!.storage.allSatisfy { Swift.abs($0) <= bound })
        let noBias = try makeConv([.int(1), .int(1), .int(2)], [("bias", .bool(false))])
        #expect(noBias.stateKeys == ["weight"])
        #expect(noBias.state("bias") == nil)
    }

    @Test func setStateChecksShape() throws {
        var conv = try makeConv([.int(3), .int(4), .int(3)])
        expectLayerError(.runtimeError,
                         "size mismatch for weight: copying a param with shape torch.Size([4, 3, 2, 2]) from checkpoint, "
                             + "the shape in current model is torch.Size([4, 3, 3, 3]).") {
            try conv.setState("weight", .float(Tensor(shape: [4, 3, 2, 2])))
        }
        expectLayerError(.runtimeError,
                         "size mismatch for bias: copying a param with shape torch.Size([3]) from checkpoint, "
                             + "the shape in current model is torch.Size([4]).") {
            try conv.setState("bias", .float(Tensor(shape: [3])))
        }
        var noBias = try makeConv([.int(1), .int(1), .int(1)], [("bias", .bool(false))])
        expectLayerError(.runtimeError, "Unexpected key(s) in state_dict: \"bias\".") {
            try noBias.setState("bias", .float(Tensor(shape: [1])))
        }
    }

    // MARK: Computation

    @Test func crossCorrelationIsNotFlipped() throws {
        // 3×3 ramp, kernel [[1, 0], [0, 0]] picks the top-left of each window.
        var conv = try singleChannel(2, 2, [1, 0, 0, 0], bias: 0.5)
        let out = try run(&conv, ramp([1, 1, 3, 3])).output
        #expect(out.shape == [1, 1, 2, 2])
        #expect(out.storage == [0.5, 1.5, 3.5, 4.5])
    }

    @Test func strideDilationAndPaddingPerAxis() throws {
        // Sum kernel of ones: each output is the sum of its (dilated) window over the zero-padded input.
        var conv = try singleChannel(2, 2, [1, 1, 1, 1], [
            ("stride", .tuple([.int(2), .int(1)])), ("padding", .tuple([.int(1), .int(0)])),
            ("dilation", .tuple([.int(1), .int(2)])),
        ])
        // out H = (3 + 2 − 1 − 1)/2 + 1 = 2, W = (4 − 2 − 1)/1 + 1 = 2
        let out = try run(&conv, ramp([1, 1, 3, 4])).output
        #expect(out.shape == [1, 1, 2, 2])
        // row −1 is padding: out[0,0] = x[0,0] + x[0,2] = 0 + 2; out[1,1] = x[1,1]+x[1,3]+x[2,1]+x[2,3]
        let expected: [Float] = [2, 4, 4 + 6 + 8 + 10, 5 + 7 + 9 + 11]
        #expect(out.storage == expected)
        #expect(try conv.outputSize(height: 3, width: 4) == (2, 2))
    }

    @Test func seedExampleOutputShape() throws {
        let conv = try makeConv([.int(16), .int(33), .tuple([.int(3), .int(5)])], [
            ("stride", .tuple([.int(2), .int(1)])), ("padding", .tuple([.int(4), .int(2)])),
            ("dilation", .tuple([.int(3), .int(1)])),
        ])
        #expect(try conv.outputSize(height: 50, width: 100) == (26, 100))
        #expect(conv.weight.shape == [33, 16, 3, 5])
    }

    @Test func samePaddingPutsTheExtraAtBottomRight() throws {
        var conv = try singleChannel(2, 2, [1, 1, 1, 1], [("padding", .string("same"))])
        #expect(try conv.sidePadding == Conv2d.SidePadding(top: 0, bottom: 1, left: 0, right: 1))
        var context = ForwardContext()
        let out = try conv.forward(ramp([1, 1, 2, 2]), context: &context).output
        #expect(out.shape == [1, 1, 2, 2])
        let expected: [Float] = [0 + 1 + 2 + 3, 1 + 3, 2 + 3, 3]
        #expect(out.storage == expected)
        #expect(context.warnings == ["Using padding='same' with even kernel lengths and odd dilation may require "
                                     + "a zero-padded copy of the input be created"])
        // An even total (k = 2, d = 2) is symmetric and silent.
        var even = try singleChannel(2, 2, [1, 1, 1, 1], [("padding", .string("same")), ("dilation", .int(2))])
        #expect(try even.sidePadding == Conv2d.SidePadding(top: 1, bottom: 1, left: 1, right: 1))
        var quiet = ForwardContext()
        _ = try even.forward(ramp([1, 1, 3, 3]), context: &quiet)
        #expect(quiet.warnings.isEmpty)
        #expect(try makeConv([.int(1), .int(1), .int(4)], [("padding", .string("valid"))]).sidePadding
            == Conv2d.SidePadding(top: 0, bottom: 0, left: 0, right: 0))
    }

    @Test func padModesFillAsPyTorch() throws {
        // One row 0 1 2 3 padded by 2 on each side.
        let row = ramp([1, 1, 1, 4])
        let reflect = try Conv2d.pad(row, .init(top: 0, bottom: 0, left: 2, right: 2), mode: .reflect)
        #expect(reflect.storage == [2, 1, 0, 1, 2, 3, 2, 1])
        let replicate = try Conv2d.pad(row, .init(top: 0, bottom: 0, left: 2, right: 2), mode: .replicate)
        #expect(replicate.storage == [0, 0, 0, 1, 2, 3, 3, 3])
        let circular = try Conv2d.pad(row, .init(top: 0, bottom: 0, left: 2, right: 2), mode: .circular)
        #expect(circular.storage == [2, 3, 0, 1, 2, 3, 0, 1])
        let cropped = try Conv2d.pad(ramp([1, 1, 3, 4]), .init(top: -1, bottom: -1, left: -1, right: 0), mode: .reflect)
        #expect(cropped.shape == [1, 1, 1, 3])
        #expect(cropped.storage == [5, 6, 7])
    }

    @Test func negativePaddingCropsForNonZeroModes() throws {
        for mode in ["reflect", "replicate", "circular"] {
            var conv = try singleChannel(3, 3, [Float](repeating: 1, count: 9),
                                         [("padding", .int(-1)), ("padding_mode", .string(mode))])
            let out = try run(&conv, ramp([1, 1, 5, 5])).output
            #expect(out.shape == [1, 1, 1, 1])
            let inner: Float = 6 + 7 + 8 + 11 + 12 + 13 + 16 + 17 + 18
            #expect(out.storage == [inner])
        }
        var zeros = try singleChannel(3, 3, [Float](repeating: 1, count: 9), [("padding", .int(-1))])
        expectLayerError(.runtimeError, "negative padding is not supported") { _ = try run(&zeros, ramp([1, 1, 5, 5])) }
    }

    @Test func groupsSeeOnlyTheirChannels() throws {
        // Depthwise: 2 channels, 2 groups, 1×1 kernels of 10 and 100.
        var conv = try makeConv([.int(2), .int(2), .int(1)], [("groups", .int(2)), ("bias", .bool(false))])
        try conv.setState("weight", .float(Tensor(shape: [2, 1, 1, 1], storage: [10, 100])))
        let out = try run(&conv, Tensor(shape: [1, 2, 1, 2], storage: [1, 2, 3, 4])).output
        #expect(out.storage == [10, 20, 300, 400])
    }

    @Test func unbatchedKeepsRankAndEmptyInputsGiveEmptyOutputs() throws {
        var conv = try makeConv([.int(2), .int(3), .int(3)], [("padding", .int(1))])
        #expect(try run(&conv, ramp([2, 4, 5])).output.shape == [3, 4, 5])
        #expect(try run(&conv, ramp([0, 2, 4, 5])).output.shape == [0, 3, 4, 5])
        var zeroIn = try makeConv([.int(0), .int(2), .int(3)])
        var context = ForwardContext()
        #expect(try zeroIn.forward(Tensor(shape: [1, 0, 5, 5]), context: &context).output.shape == [1, 0, 3, 3])
        #expect(context.warnings == ["Initializing zero-element tensors is a no-op"])
    }

    @Test func nanAndInfinityPropagate() throws {
        var conv = try singleChannel(1, 2, [1, 1])
        let out = try run(&conv, Tensor(shape: [1, 1, 1, 4], storage: [.nan, 1, .infinity, 1])).output
        #expect(out.storage[0].isNaN)
        #expect(out.storage[1] == .infinity)
        #expect(out.storage[2] == .infinity)
    }

    // MARK: Construction errors

    @Test func constructionErrorsInPyTorchOrder() {
        func build(_ positional: [ParamValue], _ keywords: Keywords = []) throws {
            _ = try makeConv(positional, keywords)
        }
        expectLayerError(.valueError, "groups must be a positive integer") {
            try build([.int(4), .int(4), .int(3)], [("groups", .int(0)), ("padding", .string("full"))])
        }
        expectLayerError(.valueError, "in_channels must be divisible by groups") {
            try build([.int(3), .int(3), .int(3)], [("groups", .int(2))])
        }
        expectLayerError(.valueError, "in_channels must be divisible by groups") {
            try build([.int(-3), .int(4), .int(3)], [("groups", .int(2))])
        }
        expectLayerError(.valueError, "out_channels must be divisible by groups") {
            try build([.int(4), .int(3), .int(3)], [("groups", .int(2)), ("padding", .string("full"))])
        }
        expectLayerError(.valueError, "Invalid padding string 'full', should be one of {'same', 'valid'}") {
            try build([.int(1), .int(1), .int(3)], [("padding", .string("full")), ("padding_mode", .string("foo"))])
        }
        expectLayerError(.valueError, "padding='same' is not supported for strided convolutions") {
            try build([.int(1), .int(1), .int(3)], [("padding", .string("same")), ("stride", .tuple([.int(1), .int(2)]))])
        }
        expectLayerError(.valueError, "padding_mode must be one of {'zeros', 'reflect', 'replicate', 'circular'}, "
                             + "but got padding_mode='mirror'") {
            try build([.int(1), .int(1), .int(3)], [("padding_mode", .string("mirror"))])
        }
        expectLayerError(.runtimeError, "Trying to create tensor with negative dimension -1: [4, 2, 3, -1]") {
            try build([.int(2), .int(4), .tuple([.int(3), .int(-1)])])
        }
        expectLayerError(.runtimeError, "Trying to create tensor with negative dimension -2: [4, -2, 3, 3]") {
            try build([.int(-4), .int(4), .int(3)], [("groups", .int(2))])
        }
        expectLayerError(.runtimeError, "Trying to create tensor with negative dimension -4: [-4, 3, -3, -3]") {
            try build([.int(3), .int(-4), .int(-3)])
        }
        expectLayerError(.runtimeError, "Storage size calculation overflowed with sizes=[4, 3, 4294967296, 4294967296]") {
            try build([.int(3), .int(4), .int(4_294_967_296)])
        }
        // Unlike PyTorch, which asks the allocator for 19.2 GB, LayerKit refuses beyond its memory budget.
        expectLayerError(.runtimeError, "a tensor of shape torch.Size([4, 3, 20000, 20000]) needs 17.9 GiB, over the "
                             + "memory limit of 2.00 GiB; set LAYERSCOPE_MAX_MEMORY to change it") {
            try build([.int(3), .int(4), .int(20_000)])
        }
    }

    // MARK: Forward errors

    @Test func forwardErrorsInPyTorchOrder() throws {
        func forward(_ positional: [ParamValue], _ keywords: Keywords = [], _ shape: [Int]) throws {
            var conv = try makeConv(positional, keywords)
            _ = try run(&conv, Tensor(shape: shape))
        }
        let c3k3: [ParamValue] = [.int(3), .int(4), .int(3)]
        expectLayerError(.runtimeError, "Expected 3D (unbatched) or 4D (batched) input to conv2d, but got input of size: [5, 5]") {
            try forward(c3k3, [("padding", .int(-1))], [5, 5])
        }
        expectLayerError(.notImplementedError, "Padding size 4 is not supported for 2D input tensor.") {
            try forward(c3k3, [("padding_mode", .string("reflect"))], [5, 5])
        }
        expectLayerError(.runtimeError, "Padding length should be less than or equal to two times the input dimension "
                             + "but got padding length 4 and input of dimension 1") {
            try forward(c3k3, [("padding_mode", .string("circular"))], [5])
        }
        expectLayerError(.runtimeError, "negative padding is not supported") {
            try forward(c3k3, [("padding", .int(-1)), ("stride", .int(0))], [1, 4, 5, 5])
        }
        expectLayerError(.runtimeError, "non-positive stride is not supported") {
            try forward(c3k3, [("stride", .tuple([.int(1), .int(0)])), ("dilation", .int(-1))], [1, 4, 5, 5])
        }
        expectLayerError(.runtimeError, "dilation should be greater than zero") {
            try forward(c3k3, [("dilation", .tuple([.int(-1), .int(2)]))], [1, 4, 5, 5])
        }
        expectLayerError(.runtimeError, "Given groups=1, expected weight to be at least 1 at dimension 0, but got "
                             + "weight of size [0, 3, 7, 7] instead") {
            try forward([.int(3), .int(0), .int(7)], [], [1, 4, 5, 5])
        }
        expectLayerError(.runtimeError, "Given groups=1, weight of size [4, 3, 3, 3], expected input[1, 4, 5, 5] to "
                             + "have 3 channels, but got 4 channels instead") {
            try forward(c3k3, [("dilation", .int(0))], [1, 4, 5, 5])
        }
        expectLayerError(.runtimeError, "Given groups=1, weight of size [4, 3, 3, 3], expected input[1, 2, 5, 5] to "
                             + "have 3 channels, but got 2 channels instead") {
            try forward(c3k3, [], [2, 5, 5])
        }
        expectLayerError(.runtimeError, "Given groups=1, weight of size [4, 4, 2, 2], expected input[1, 3, 6, 6] to "
                             + "have 4 channels, but got 3 channels instead") {
            try forward([.int(4), .int(4), .int(2)], [("padding", .string("same"))], [1, 3, 5, 5])
        }
        expectLayerError(.runtimeError, "Calculated padded input size per channel: (7 x 6). Kernel size: (5 x 7). "
                             + "Kernel size can't be greater than actual input size") {
            try forward([.int(1), .int(1), .int(3)], [("padding", .int(1)), ("dilation", .tuple([.int(2), .int(3)]))],
                        [1, 1, 5, 4])
        }
        expectLayerError(.runtimeError, "Calculated padded input size per channel: (0 x 5). Kernel size: (3 x 3). "
                             + "Kernel size can't be greater than actual input size") {
            try forward([.int(1), .int(1), .int(3)], [], [1, 1, 0, 5])
        }
        expectLayerError(.runtimeError, "Only zero batch or zero channel inputs are supported, but got input shape: [1, 1, 0, 5]") {
            try forward([.int(1), .int(1), .int(1)], [("padding", .int(1))], [1, 1, 0, 5])
        }
    }

    @Test func zeroKernelAndDilationFollowTheSelectedKernel() {
        func forward(_ positional: [ParamValue], _ keywords: Keywords, _ shape: [Int]) throws {
            var conv = try makeConv(positional, keywords)
            _ = try run(&conv, Tensor(shape: shape))
        }
        // Native kernels (batch 1, groups 1, small kernel)
        expectLayerError(.runtimeError, "kernel size should be greater than zero, but got kernel_height: 0 kernel_width: 2") {
            try forward([.int(3), .int(4), .tuple([.int(0), .int(2)])], [], [1, 3, 5, 5])
        }
        expectLayerError(.runtimeError, "kernel size should be greater than zero, but got [0, 0]") {
            try forward([.int(3), .int(4), .int(0)], [("dilation", .int(0))], [1, 3, 5, 5])
        }
        expectLayerError(.runtimeError, "dilation should be greater than zero, but got [0, 1]") {
            try forward([.int(3), .int(4), .int(3)], [("dilation", .tuple([.int(0), .int(1)]))], [1, 3, 5, 5])
        }
        // oneDNN (batch > 1 or groups > 1)
        expectLayerError(.runtimeError, "non-positive dilation is not supported") {
            try forward([.int(3), .int(4), .int(0)], [("dilation", .int(0))], [2, 3, 5, 5])
        }
        expectLayerError(.runtimeError, "could not create a primitive descriptor for the convolution forward propagation "
                             + "primitive. Run workload with environment variable ONEDNN_VERBOSE=all to get additional "
                             + "diagnostic information.") {
            try forward([.int(4), .int(4), .int(0)], [("groups", .int(2))], [1, 4, 5, 5])
        }
        // The empty-input shortcut
        expectLayerError(.indexError, "select(): index 0 out of range for tensor of size [0] at dimension 0") {
            try forward([.int(3), .int(4), .int(0)], [], [0, 3, 5, 5])
        }
    }

    @Test func paddingModeLimits() {
        func forward(_ padding: ParamValue, _ mode: String, _ shape: [Int], kernel: Int = 3) throws {
            var conv = try makeConv([.int(1), .int(1), .int(kernel)], [("padding", padding), ("padding_mode", .string(mode))])
            _ = try run(&conv, Tensor(shape: shape))
        }
        expectLayerError(.runtimeError, "Argument #4: Padding size should be less than the corresponding input dimension, "
                             + "but got: padding (5, 5) at dimension 3 of input [1, 1, 5, 5]") {
            try forward(.int(5), "reflect", [1, 1, 5, 5])
        }
        expectLayerError(.runtimeError, "Argument #6: Padding size should be less than the corresponding input dimension, "
                             + "but got: padding (3, 3) at dimension 1 of input [1, 3, 5]") {
            try forward(.tuple([.int(3), .int(1)]), "reflect", [1, 3, 5])
        }
        expectLayerError(.runtimeError, "Expected 3D or 4D (batch mode) tensor with possibly 0 batch size and other "
                             + "non-zero dimensions for input, but got: [1, 1, 0, 3]") {
            try forward(.int(0), "replicate", [1, 1, 0, 3], kernel: 1)
        }
        expectLayerError(.runtimeError, "Calculated output H: 3 W: 0 must be >= 1 in every dimension (input H: 5, W: 6)") {
            try forward(.tuple([.int(-1), .int(-3)]), "replicate", [1, 1, 5, 6], kernel: 1)
        }
        expectLayerError(.runtimeError, "Padding value causes wrapping around more than once.") {
            try forward(.int(4), "circular", [1, 1, 5, 3])
        }
        expectLayerError(.runtimeError, "Negative padding value is resulting in an empty dimension") {
            try forward(.int(-3), "circular", [1, 1, 5, 5], kernel: 1)
        }
        // Within the limits: reflect pad < size, circular pad = size, replicate anything.
        #expect(throws: Never.self) { try forward(.int(2), "reflect", [1, 1, 3, 3]) }
        #expect(throws: Never.self) { try forward(.int(3), "circular", [1, 1, 3, 3]) }
        #expect(throws: Never.self) { try forward(.int(4), "replicate", [1, 1, 2, 3]) }
    }

    @Test func integerHelpersRoundLikePython() {
        #expect(pythonFloorDivide(-3, 2) == -2)
        #expect(pythonFloorDivide(3, 2) == 1)
        #expect(pythonModulo(-3, 2) == 1)
        #expect(pythonModulo(-4, 2) == 0)
        #expect(pythonModulo(3, -2) == -1)
    }
}

extension ConvolutionTests {
    @Test func hugeValuesNeverTrap() throws {
        // A dilation whose span overflows 64 bits fails with an error, not a trap.
        var dilated = try makeConv([.int(1), .int(1), .int(3)], [("dilation", .int(1 << 62))])
        #expect(throws: LayerError.self) { try run(&dilated, Tensor(shape: [1, 1, 5, 5])) }
        // Replicate padding of 2^40 on an empty batch: an empty result of the right shape.
        var replicate = try makeConv([.int(1), .int(1), .int(1)], [("padding", .int(1 << 40)),
                                                                   ("padding_mode", .string("replicate"))])
        let side = 3 + 2 * (1 << 40)
        #expect(try run(&replicate, Tensor(shape: [0, 1, 3, 3])).output.shape == [0, 1, side, side])
        // The same padding on a real image would need terabytes: the allocator's error.
        #expect(throws: LayerError.self) { try run(&replicate, Tensor(shape: [1, 1, 3, 3])) }
    }
}
