// Tests of ConvAxis, the arithmetic of one convolution axis: output sizes PyTorch gives
// (torch.nn.functional.conv2d on zeros of that size), 'same' padding with its odd split, tap
// positions, overflow as an error naming the parameter, the picture's formula line, and that
// Conv2d.outputSize agrees with running the layer.

import Testing
@testable import LayerKit

@Suite struct ConvAxisTests {
    /// (L, k, s, d, p) → the output length PyTorch 2.15 gives.
    static let knownSizes: [(input: Int, kernel: Int, stride: Int, dilation: Int, padding: Int, output: Int)] = [
        (10, 3, 2, 3, 4, 6),
        (50, 3, 2, 3, 4, 26),   // the seed example's height
        (100, 5, 1, 1, 2, 100), // and width
        (5, 3, 1, 1, 0, 3),
        (5, 5, 1, 1, 0, 1),     // the kernel exactly fits
        (7, 3, 3, 1, 1, 3),
        (8, 2, 3, 1, 0, 3),
        (9, 4, 2, 2, 0, 2),
        (1, 3, 1, 1, 1, 1),
        (1, 1, 5, 1, 0, 1),
        (12, 3, 5, 2, 2, 3),
    ]

    @Test func outputSizesMatchPyTorch() throws {
        for c in Self.knownSizes {
            let axis = ConvAxis(inputSize: c.input, kernelSize: c.kernel, stride: c.stride, dilation: c.dilation,
                                padding: c.padding)
            #expect(try axis.outputSize == c.output, "\(c)")
            #expect(try axis.paddedSize == c.input + 2 * c.padding)
            #expect(try axis.dilatedKernelSize == c.dilation * (c.kernel - 1) + 1)
        }
    }

    /// 'same': total = d·(k − 1), the odd element after; with stride 1 the output is the input size.
    @Test(arguments: [
        (kernel: 1, dilation: 1, before: 0, after: 0),
        (kernel: 2, dilation: 1, before: 0, after: 1),
        (kernel: 3, dilation: 1, before: 1, after: 1),
        (kernel: 4, dilation: 1, before: 1, after: 2),
        (kernel: 2, dilation: 2, before: 1, after: 1),
        (kernel: 2, dilation: 3, before: 1, after: 2),
        (kernel: 3, dilation: 2, before: 2, after: 2),
        (kernel: 4, dilation: 3, before: 4, after: 5),
        (kernel: 6, dilation: 1, before: 2, after: 3),
    ])
    func samePaddingSplitsLikePyTorch(c: (kernel: Int, dilation: Int, before: Int, after: Int)) throws {
        let (before, after) = try ConvAxis.samePadding(kernelSize: c.kernel, dilation: c.dilation)
        #expect((before, after) == (c.before, c.after))
        for input in [1, 2, 7, 16] {
            let axis = try ConvAxis.same(inputSize: input, kernelSize: c.kernel, dilation: c.dilation)
            #expect((axis.paddingBefore, axis.paddingAfter) == (c.before, c.after))
            #expect(try axis.outputSize == input, "k=\(c.kernel) d=\(c.dilation) L=\(input)")
        }
    }

    @Test func tapPositionsCountFromThePaddingBefore() throws {
        let axis = ConvAxis(inputSize: 10, kernelSize: 3, stride: 2, dilation: 3, padding: 4)
        // Output 0 reads −4, −1, 2; output 5 (the last) reads 6, 9, 12 (12 in the bottom padding).
        #expect((0..<3).map { axis.inputPosition(output: 0, tap: $0) } == [-4, -1, 2])
        #expect((0..<3).map { axis.inputPosition(output: 5, tap: $0) } == [6, 9, 12])
        let last = try axis.outputSize - 1
        #expect(axis.inputPosition(output: last, tap: 2) < axis.inputSize + axis.paddingAfter)
        // An odd 'same' total: one row less above than below.
        let same = try ConvAxis.same(inputSize: 5, kernelSize: 4)
        #expect((0..<4).map { same.inputPosition(output: 0, tap: $0) } == [-1, 0, 1, 2])
        #expect((0..<4).map { same.inputPosition(output: 4, tap: $0) } == [3, 4, 5, 6])
    }

    @Test func strideOfZeroOrLessIsPyTorchsError() {
        for stride in [0, -1] {
            expectLayerError(.runtimeError, "non-positive stride is not supported", subject: "stride") {
                _ = try ConvAxis(inputSize: 5, kernelSize: 3, stride: stride, padding: 0).outputSize
            }
        }
    }

    @Test func kernelLargerThanThePaddedInputIsPyTorchsError() throws {
        expectLayerError(.runtimeError, "Calculated padded input size per channel: (5 x 5). Kernel size: (7 x 7). "
                             + "Kernel size can't be greater than actual input size", subject: "kernel_size") {
            _ = try ConvAxis.outputSizes(height: ConvAxis(inputSize: 5, kernelSize: 7, padding: 0),
                                         width: ConvAxis(inputSize: 5, kernelSize: 7, padding: 0))
        }
        // The sizes printed are padded and dilated.
        expectLayerError(.runtimeError, "Calculated padded input size per channel: (6 x 4). Kernel size: (5 x 5). "
                             + "Kernel size can't be greater than actual input size") {
            _ = try ConvAxis.outputSizes(height: ConvAxis(inputSize: 4, kernelSize: 3, dilation: 2, padding: 1),
                                         width: ConvAxis(inputSize: 4, kernelSize: 3, dilation: 2, padding: 0))
        }
        // Without the check, the formula alone gives a non-positive size.
        #expect(try ConvAxis(inputSize: 5, kernelSize: 7, padding: 0).outputSize == -1)
    }

    @Test func hugeValuesThrowNamingTheParameter() {
        let tooLarge = "too large for the input: the sizes it gives overflow 64-bit integers"
        expectLayerError(.runtimeError, tooLarge, subject: "dilation") {
            _ = try ConvAxis(inputSize: 5, kernelSize: 3, dilation: 1 << 62, padding: 0).outputSize
        }
        expectLayerError(.runtimeError, tooLarge, subject: "padding") {
            _ = try ConvAxis(inputSize: 5, kernelSize: 3, padding: Int.max).outputSize
        }
        expectLayerError(.runtimeError, tooLarge, subject: "padding") {
            _ = try ConvAxis(inputSize: 5, kernelSize: 3, paddingBefore: Int.max - 5, paddingAfter: 1).paddedSize
        }
        expectLayerError(.runtimeError, tooLarge, subject: "kernel_size") {
            _ = try ConvAxis(inputSize: 5, kernelSize: Int.min, padding: 0).dilatedKernelSize
        }
        expectLayerError(.runtimeError, tooLarge, subject: "dilation") {
            _ = try ConvAxis.samePadding(kernelSize: 3, dilation: Int.max)
        }
        expectLayerError(.runtimeError, tooLarge, subject: "kernel_size") {
            _ = try ConvAxis.same(inputSize: 5, kernelSize: Int.min)
        }
        // A padded length of exactly Int.max with a kernel that reads nothing: the + 1 overflows.
        expectLayerError(.runtimeError, tooLarge, subject: "padding") {
            _ = try ConvAxis(inputSize: 1, kernelSize: 0, paddingBefore: Int.max - 1, paddingAfter: 0).outputSize
        }
    }

    @Test func formulaIsThePicturesLine() throws {
        let axis = ConvAxis(inputSize: 10, kernelSize: 3, stride: 2, dilation: 3, padding: 4)
        #expect(axis.formula("H_out") == "H_out = ⌊(10 + 2·4 − 3·(3−1) − 1)/2⌋ + 1 = 6")
        let same = try ConvAxis.same(inputSize: 7, kernelSize: 4)
        #expect(same.formula("W_out") == "W_out = ⌊(7 + 1 + 2 − 1·(4−1) − 1)/1⌋ + 1 = 7")
        #expect(ConvAxis(inputSize: 5, kernelSize: 3, stride: 0, padding: 0).formula("H_out")
            == "H_out = ⌊(5 + 2·0 − 1·(3−1) − 1)/0⌋ + 1 = ?")
    }

    @Test func poolFormulaRoundsAsTheMode() throws {
        let floor = PoolAxis(inputSize: 5, kernelSize: 2, stride: 2, padding: 0)
        #expect(floor.formula("H_out") == "H_out = ⌊(5 + 2·0 − 1·(2−1) − 1)/2⌋ + 1 = 2")
        let ceil = PoolAxis(inputSize: 5, kernelSize: 3, stride: 3, padding: 1, ceilMode: true)
        // The raw ceiling gives 3; the last window would start in the right padding, so 2.
        #expect(ceil.formula("W_out") == "W_out = ⌈(5 + 2·1 − 1·(3−1) − 1)/3⌉ + 1 = 2")
    }

    // MARK: Conv2d's axes

    @Test func conv2dAxesCarryItsPadding() throws {
        let arguments = try Arguments(schema: Conv2d.schema, positional: [.int(1), .int(1), .tuple([.int(4), .int(2)])],
                                      keywords: [("padding", .string("same")), ("dilation", .tuple([.int(1), .int(3)]))])
        var rng = RandomSource(seed: 0)
        let conv = try Conv2d(arguments: arguments, rng: &rng)
        #expect(try conv.heightAxis(7) == ConvAxis(inputSize: 7, kernelSize: 4, stride: 1, dilation: 1,
                                                  paddingBefore: 1, paddingAfter: 2))
        #expect(try conv.widthAxis(9) == ConvAxis(inputSize: 9, kernelSize: 2, stride: 1, dilation: 3,
                                                 paddingBefore: 1, paddingAfter: 2))
        #expect(try conv.sidePadding == Conv2d.SidePadding(top: 1, bottom: 2, left: 1, right: 2))
    }

    @Test func conv2dSamePaddingOverflowIsAnErrorAtForward() throws {
        // PyTorch builds the module; the padding it needs cannot be computed.
        var conv = try makeLayer(Conv2d.self, [.int(1), .int(1), .int(3)],
                                 [("padding", .string("same")), ("dilation", .int(Int.max))])
        expectLayerError(.runtimeError, "too large for the input: the sizes it gives overflow 64-bit integers",
                         subject: "dilation") {
            _ = try run(&conv, Tensor(shape: [1, 1, 5, 5]))
        }
        #expect(throws: LayerError.self) { try conv.heightAxis(5) }
        #expect(throws: LayerError.self) { try conv.outputSize(height: 5, width: 5) }
    }

    /// Conv2d.outputSize is the shape the forward pass gives, for every padding kind and mode.
    @Test func conv2dOutputSizeAgreesWithRunningIt() throws {
        let settings: [Keywords] = [
            [],
            [("stride", .tuple([.int(2), .int(3)])), ("padding", .tuple([.int(1), .int(2)]))],
            [("dilation", .tuple([.int(2), .int(1)])), ("padding", .int(2)), ("stride", .int(2))],
            [("padding", .string("same"))],
            [("padding", .string("same")), ("dilation", .tuple([.int(1), .int(3)]))],
            [("padding", .string("same")), ("dilation", .int(2))],
            [("padding", .string("valid")), ("stride", .int(2))],
            [("padding", .int(1)), ("padding_mode", .string("reflect")), ("stride", .int(2))],
            [("padding", .string("same")), ("padding_mode", .string("circular"))],
            [("padding", .string("same")), ("padding_mode", .string("replicate")), ("dilation", .int(3))],
            [("padding", .int(-1)), ("padding_mode", .string("replicate"))],
        ]
        var failures = 0
        for kernel in [ParamValue.int(3), .tuple([.int(4), .int(2)]), .int(1)] {
            for keywords in settings {
                var conv = try makeLayer(Conv2d.self, [.int(2), .int(3), kernel], keywords)
                for (h, w) in [(9, 11), (6, 6), (4, 7)] {
                    let out: Tensor
                    do {
                        out = try run(&conv, Tensor(shape: [1, 2, h, w], repeating: 1)).output
                    } catch let error as LayerError {
                        // A cropped input smaller than the kernel: the same error from both.
                        #expect(throws: error) { try conv.outputSize(height: h, width: w) }
                        failures += 1
                        continue
                    }
                    let size = try conv.outputSize(height: h, width: w)
                    #expect([size.height, size.width] == Array(out.shape.suffix(2)), "\(kernel) \(keywords) \(h)×\(w)")
                    #expect(try conv.heightAxis(h).outputSize == size.height)
                    #expect(try conv.widthAxis(w).outputSize == size.width)
                }
            }
        }
        #expect(failures == 2)  // padding=-1 with the 4×2 and 3×3 kernels on 4×7
    }

    @Test func conv2dOutputSizeMakesTheForwardChecks() throws {
        let big = try makeLayer(Conv2d.self, [.int(1), .int(1), .int(7)])
        expectLayerError(.runtimeError, "Calculated padded input size per channel: (5 x 5). Kernel size: (7 x 7). "
                             + "Kernel size can't be greater than actual input size") {
            _ = try big.outputSize(height: 5, width: 5)
        }
        let negative = try makeLayer(Conv2d.self, [.int(1), .int(1), .int(3)], [("padding", .int(-1))])
        expectLayerError(.runtimeError, "negative padding is not supported") {
            _ = try negative.outputSize(height: 5, width: 5)
        }
        let stride = try makeLayer(Conv2d.self, [.int(1), .int(1), .int(3)], [("stride", .int(0))])
        expectLayerError(.runtimeError, "non-positive stride is not supported") {
            _ = try stride.outputSize(height: 5, width: 5)
        }
    }
}
