// DocsLayerNotes: the hand-written part of each layer's page — what it computes, its output shape,
// what surprises learners, and the variations whose pictures show one parameter's effect. Everything
// else on a layer page (parameters, views, pictures) is generated from the catalog and the scenes.

/// Pictures that show one parameter's (or flag's) effect, one after the other.
struct DocsVariation {
    /// A heading, e.g. "ceil_mode off and on".
    var title: String
    /// One or two sentences: what to compare.
    var summary: String
    /// The commands, in the order shown.
    var commands: [DocsRenderCommand]
}

/// The prose of one layer's page.
struct DocsLayerNotes {
    /// What the layer computes, as plain-text formulas.
    var computes: String
    /// The shapes it takes and gives, with the output-size arithmetic.
    var outputShape: String
    /// The things learners trip over, one Markdown paragraph each.
    var surprises: [String]
    /// Side-by-side pictures beyond the seed example's views.
    var variations: [DocsVariation] = []

    /// The notes of the layer called `name` (PyTorch's class name), if it has any.
    static func notes(for name: String) -> DocsLayerNotes? {
        all[name]
    }

    /// Output size per spatial dimension of a sliding window (pooling and convolution alike).
    private static let windowArithmetic = """
        H_out = floor((H + 2*padding_h - dilation_h*(kernel_h - 1) - 1) / stride_h) + 1
        W_out = floor((W + 2*padding_w - dilation_w*(kernel_w - 1) - 1) / stride_w) + 1
        """

    /// Shared by the element-wise activations.
    private static let elementwiseShape = "input: any shape (*)\noutput: the same shape (*)"

    /// The window-bin rule of both adaptive pools.
    private static let adaptiveBins = """
        output row i (of H_out) reads input rows  floor(i*H/H_out)  up to  ceil((i+1)*H/H_out) - 1
        output col j (of W_out) reads input cols  floor(j*W/W_out)  up to  ceil((j+1)*W/W_out) - 1
        """

    /// The output-shape note of both adaptive pools.
    private static let adaptiveShape = """
        input:  (N, C, H, W) or (C, H, W)
        output: (N, C, H_out, W_out) or (C, H_out, W_out), where (H_out, W_out) is output_size
                whatever the input's size; None in output_size keeps that dimension of the input
        """

    /// The surprises both adaptive pools share.
    private static let adaptiveSurprises = [
        "You choose the output size and the bins adapt to the input: neighbouring bins can overlap and "
            + "can differ in size by one row or column.",
        "An output larger than the input is allowed: input values are then repeated.",
        "`None` in `output_size` keeps that dimension of the input, so `(None, 7)` on a `(1, 64, 10, 9)` "
            + "input gives `(1, 64, 10, 7)`.",
        "When the output size divides the input size, the bins are the windows of the ordinary pool "
            + "with `kernel_size = stride = input / output`.",
    ]

    /// The surprises the two regression losses share.
    private static let regressionSurprises = [
        "`reduction` is checked only when the loss is called: `reduction='avg'` builds fine and fails "
            + "later. The older `size_average` and `reduce` arguments are deprecated, but when either is "
            + "given it overrides `reduction`.",
        "A target of a different but broadcastable shape is not an error, only a warning — and the mean "
            + "is taken over the broadcast size, so an input `(4, 1)` against a target `(4,)` averages 16 terms.",
    ]

    private static let all: [String: DocsLayerNotes] = [
        "Conv2d": DocsLayerNotes(
            computes: """
                g = o div (out_channels/groups)          the group of output channel o
                out[n, o, i, j] = bias[o] + sum over c < in_channels/groups, a < kernel_h, b < kernel_w of
                    weight[o, c, a, b] * x_padded[n, g*in_channels/groups + c,
                                                  i*stride_h + a*dilation_h, j*stride_w + b*dilation_w]
                x_padded: the input with padding rows and columns filled as padding_mode says
                """,
            outputShape: """
                input:  (N, in_channels, H, W) or (in_channels, H, W)
                output: (N, out_channels, H_out, W_out) or (out_channels, H_out, W_out)
                \(windowArithmetic)
                weight: (out_channels, in_channels/groups, kernel_h, kernel_w); bias: (out_channels)
                padding='same': H_out = H, W_out = W (stride 1 only)
                """,
            surprises: [
                "It is a cross-correlation: the kernel slides over the input as stored, without the flip "
                    + "of the textbook convolution.",
                "`padding='same'` is only allowed with stride 1. When the total padding it needs is odd "
                    + "(an even kernel with odd dilation), the extra row or column goes at the bottom or right.",
                "The \"kernel size can't be greater than actual input size\" error compares the *dilated* "
                    + "kernel, `dilation*(k-1)+1`, with the *padded* input, so its numbers are not the ones you typed.",
                "The padding modes have different limits: `reflect` needs padding smaller than the input, "
                    + "`circular` at most its size, `replicate` none. Negative padding is an error with `zeros` "
                    + "but crops the input with the other modes.",
                "With `groups > 1` each output channel sees only `in_channels/groups` input channels (the "
                    + "`groups` view shows which), and both channel counts must divide by `groups`.",
                "The weight and bias start uniform in `±1/sqrt(fan_in)` with "
                    + "`fan_in = in_channels/groups * kernel_h * kernel_w`.",
            ],
            variations: [
                DocsVariation(
                    title: "a classic filter",
                    summary: "`--kernel sobel-x` sets the output channel's weights to the Sobel filter (bias 0): on the digit, the output lights up on the left and right of each vertical stroke and stays 0 where the input is flat. `:kernel sobel-x` does the same in the interactive program.",
                    commands: [DocsRenderCommand("nn.Conv2d(1, 1, 3)", ["--shape", "1,1,10,10", "--input", "digit", "--kernel", "sobel-x"])]),
                DocsVariation(
                    title: "padding: none and 'same'",
                    summary: "The same 3×3 kernel over an 8×8 impulse: without padding the output shrinks to "
                        + "6×6; `padding='same'` pads one row and column on each side and keeps 8×8.",
                    commands: [
                        DocsRenderCommand("nn.Conv2d(1, 1, 3)", ["--shape", "1,1,8,8", "--input", "impulse", "--view", "output"]),
                        DocsRenderCommand("nn.Conv2d(1, 1, 3, padding='same')", ["--shape", "1,1,8,8", "--input", "impulse", "--view", "output"]),
                    ]),
                DocsVariation(
                    title: "groups",
                    summary: "With `groups=2`, the first three output channels read input channels 0–1 only, "
                        + "the last three read 2–3.",
                    commands: [DocsRenderCommand("nn.Conv2d(4, 6, 3, groups=2)", ["--view", "groups"])]),
                DocsVariation(
                    title: "how one output is made",
                    summary: "`--explain` (`x` in the interactive program) works out the selected output: the "
                        + "window of the first input channel with the reflected values its padding taps read, "
                        + "that channel's sum of window times weight, every channel's sum, and the bias.",
                    commands: [DocsRenderCommand("nn.Conv2d(2, 3, 3, padding=2, dilation=2, padding_mode='reflect')",
                                                 ["--shape", "1,2,6,6", "--view", "receptive", "--explain", "--position", "1,2"])]),
            ]),
        "MaxPool2d": DocsLayerNotes(
            computes: """
                out[n, c, i, j] = max over a < kernel_h, b < kernel_w of
                    x[n, c, i*stride_h - padding_h + a*dilation_h, j*stride_w - padding_w + b*dilation_w]
                taps that fall in the padding are skipped (padding acts as -inf and never wins)
                """,
            outputShape: """
                input:  (N, C, H, W) or (C, H, W)
                output: (N, C, H_out, W_out) or (C, H_out, W_out); stride defaults to kernel_size
                \(windowArithmetic)
                ceil_mode=True rounds the division up instead, but drops a last window that would
                start in the right padding
                """,
            surprises: [
                "`stride` defaults to `kernel_size`, not to 1: unless you ask, windows do not overlap.",
                "`ceil_mode=True` adds a last, partial window only when it starts inside the input or the "
                    + "left padding, so sometimes it changes nothing.",
                "`padding` may be at most `kernel_size // 2`; a larger dilation does not loosen this rule.",
                "`nn.MaxPool2d(0)` fails saying the stride is zero: the stride was copied from the kernel size.",
                "On ties the first maximum in row-major order wins; a NaN anywhere in the window wins over "
                    + "every number.",
                "With `return_indices=True` the indices are flattened within each plane of the unpadded "
                    + "input, `row * W + col`, not across the whole tensor.",
            ],
            variations: [
                DocsVariation(
                    title: "ceil_mode off and on",
                    summary: "A 2×2 window with stride 2 over a 5×5 input: floor mode gives 2×2 and ignores "
                        + "the last row and column; `ceil_mode=True` adds a partial window and gives 3×3.",
                    commands: [
                        DocsRenderCommand("nn.MaxPool2d(2, stride=2)", ["--shape", "1,1,5,5", "--input", "gradient", "--view", "output"]),
                        DocsRenderCommand("nn.MaxPool2d(2, stride=2, ceil_mode=True)", ["--shape", "1,1,5,5", "--input", "gradient", "--view", "output"]),
                    ]),
                DocsVariation(
                    title: "how one output is made",
                    summary: "`--explain` shows the last ceil-mode window: its padding and overhang taps, the "
                        + "winning tap and the index `return_indices` gives for it, and whether a tie was broken.",
                    commands: [DocsRenderCommand("nn.MaxPool2d(3, stride=2, padding=1, ceil_mode=True)",
                                                 ["--shape", "1,1,5,6", "--view", "window", "--explain", "--position", "2,3"])]),
                DocsVariation(
                    title: "max beside average, and dilation",
                    summary: "`--view compare` runs the same input through `nn.AvgPool2d` with the same `kernel_size`, "
                        + "`stride`, `padding` and `ceil_mode`, all three maps on one colour scale: the max keeps each "
                        + "window's strongest value, the average blurs it. `dilation` applies to the max only (AvgPool2d "
                        + "has none), so here the average's windows are solid and its output is larger.",
                    commands: [DocsRenderCommand("nn.MaxPool2d(2, dilation=2)", ["--shape", "1,1,8,8", "--input", "image", "--view", "compare"])]),
            ]),
        "AvgPool2d": DocsLayerNotes(
            computes: """
                out[n, c, i, j] = (sum of the window's cells that lie inside the input) / divisor
                divisor = divisor_override                              if it is given
                        = the window's cells inside the padded input    if count_include_pad (the default)
                        = the window's cells inside the input           otherwise
                """,
            outputShape: """
                input:  (N, C, H, W) or (C, H, W)
                output: (N, C, H_out, W_out) or (C, H_out, W_out); stride defaults to kernel_size
                H_out = floor((H + 2*padding_h - kernel_h) / stride_h) + 1
                W_out = floor((W + 2*padding_w - kernel_w) / stride_w) + 1
                ceil_mode=True rounds up, but drops a last window that would start in the right padding
                """,
            surprises: [
                "With the default `count_include_pad=True` the zero padding counts in the divisor, so "
                    + "averages at the border are pulled towards 0.",
                "Even then, the part of a `ceil_mode` window that hangs past the padding is not counted: a "
                    + "corner output of a 3×3 window can be divided by 4 rather than 9.",
                "`divisor_override` takes any non-zero integer, negative ones included.",
                "There is no `dilation`, and `stride` defaults to `kernel_size` as in MaxPool2d.",
            ],
            variations: [
                DocsVariation(
                    title: "count_include_pad on and off",
                    summary: "A 3×3 window with stride 2 and padding 1 over a 6×6 input: with padding "
                        + "counted every output is divided by 9; without, the outputs whose windows reach into "
                        + "the padding (the top row and left column) are divided by the input cells they cover, 4 or 6.",
                    commands: [
                        DocsRenderCommand("nn.AvgPool2d(3, stride=2, padding=1)", ["--shape", "1,1,6,6", "--view", "divisor"]),
                        DocsRenderCommand("nn.AvgPool2d(3, stride=2, padding=1, count_include_pad=False)", ["--shape", "1,1,6,6", "--view", "divisor"]),
                    ]),
                DocsVariation(
                    title: "how one output is made",
                    summary: "`--explain` on the last ceil-mode window: the sum of its input cells, and a "
                        + "divisor that counts the padding but not the overhang.",
                    commands: [DocsRenderCommand("nn.AvgPool2d(3, stride=2, padding=1, ceil_mode=True)",
                                                 ["--shape", "1,1,5,6", "--view", "window", "--explain", "--position", "2,3"])]),
            ]),
        "AdaptiveMaxPool2d": DocsLayerNotes(
            computes: """
                \(adaptiveBins)
                out[n, c, i, j] = max of x[n, c] over that bin
                """,
            outputShape: adaptiveShape,
            surprises: adaptiveSurprises + [
                "With `return_indices=True` the indices follow MaxPool2d's rule: flattened within each plane.",
            ],
            variations: [
                DocsVariation(
                    title: "how one output is made",
                    summary: "`--explain` works out one bin's bounds with the numbers put in, and its maximum "
                        + "with the index `return_indices` gives.",
                    commands: [DocsRenderCommand("nn.AdaptiveMaxPool2d((5, 7))",
                                                 ["--shape", "1,64,8,9", "--view", "bins", "--explain", "--position", "2,3"])]),
            ]),
        "AdaptiveAvgPool2d": DocsLayerNotes(
            computes: """
                \(adaptiveBins)
                out[n, c, i, j] = mean of x[n, c] over that bin
                """,
            outputShape: adaptiveShape,
            surprises: adaptiveSurprises + [
                "`nn.AdaptiveAvgPool2d(1)` is global average pooling: one mean per channel.",
            ],
            variations: [
                DocsVariation(
                    title: "how one output is made",
                    summary: "`--explain` works out one bin's bounds with the numbers put in, its sum and "
                        + "its divisor, the bin's cell count.",
                    commands: [DocsRenderCommand("nn.AdaptiveAvgPool2d((5, 7))",
                                                 ["--shape", "1,64,8,9", "--view", "bins", "--explain", "--position", "2,3"])]),
            ]),
        "Sigmoid": DocsLayerNotes(
            computes: """
                y = 1 / (1 + exp(-x))
                dy/dx = y * (1 - y)
                """,
            outputShape: elementwiseShape,
            surprises: [
                "The output is centred on 0.5, not 0.",
                "In exact arithmetic it never reaches 0 or 1, but float32 rounds: `sigmoid(-90)` is 0 and "
                    + "`sigmoid(100)` is 1.",
                "The slope is at most 0.25 (at 0) and vanishes for large |x|: gradients shrink through "
                    + "stacked sigmoids.",
            ],
            variations: [
                DocsVariation(
                    title: "a wider x-axis",
                    summary: "`--x-range 10` shows where the curve flattens and its slope vanishes.",
                    commands: [DocsRenderCommand("nn.Sigmoid()", ["--shape", "2", "--view", "curve", "--x-range", "10"])]),
            ]),
        "Tanh": DocsLayerNotes(
            computes: """
                y = tanh(x) = (exp(x) - exp(-x)) / (exp(x) + exp(-x))
                dy/dx = 1 - y^2
                """,
            outputShape: elementwiseShape,
            surprises: [
                "It is a rescaled sigmoid, `tanh(x) = 2*sigmoid(2x) - 1`, but centred on 0, in (-1, 1).",
                "Its slope is at most 1 (at 0) and, like the sigmoid's, vanishes for large |x|.",
            ]),
        "ReLU": DocsLayerNotes(
            computes: """
                y = max(0, x)
                dy/dx = 1 where x > 0, else 0 (0 at x = 0)
                """,
            outputShape: elementwiseShape,
            surprises: [
                "The slope at exactly 0 is taken as 0.",
                "`inplace` is a flag Python tests for truth, so `nn.ReLU(1)` means `inplace=True`. In-place, "
                    + "the input is overwritten and returned; that can break autograd when another operation "
                    + "still needs the old values.",
                "A unit whose inputs stay negative gets no gradient at all and stops learning.",
                "`relu(-0.0)` keeps the sign: it returns -0.0.",
            ]),
        "LeakyReLU": DocsLayerNotes(
            computes: """
                y = x                     where x > 0
                  = negative_slope * x    otherwise
                dy/dx = 1 where x > 0, else negative_slope (negative_slope at x = 0)
                """,
            outputShape: elementwiseShape,
            surprises: [
                "The default slope is 0.01; the seed example's 0.1 is ten times steeper.",
                "At exactly 0 the slope is `negative_slope`, not 1.",
                "Any slope is accepted without complaint: negative, or above 1.",
            ],
            variations: [
                DocsVariation(
                    title: "ReLU, GELU and SELU on one plot",
                    summary: "`--compare` adds another activation's curve (`+` in the interactive program, `−` removes it): "
                        + "GELU bends smoothly where ReLU has its kink, SELU goes below 0 for negative inputs.",
                    commands: [DocsRenderCommand("nn.ReLU()", ["--shape", "2", "--view", "curve", "--compare", "nn.GELU()", "--compare", "nn.SELU()"])]),
                DocsVariation(
                    title: "the default slope",
                    summary: "With the default `negative_slope=0.01` the left branch is almost flat; compare "
                        + "the seed example's 0.1 above.",
                    commands: [DocsRenderCommand("nn.LeakyReLU()", ["--shape", "2", "--view", "curve"])]),
            ]),
        "ReLU6": DocsLayerNotes(
            computes: """
                y = min(max(0, x), 6)
                dy/dx = 1 where 0 < x < 6, else 0
                """,
            outputShape: elementwiseShape,
            surprises: [
                "It is `Hardtanh(0, 6)`: the slope is 0 at both corners, 0 and 6.",
                "Its curve starts at an x-range of ±8, not ±4 as the others do, so that the cap at 6 is in view.",
            ],
            variations: [
                DocsVariation(
                    title: "a narrower x-axis",
                    summary: "`--x-range 4` hides the cap: near 0, ReLU6 is ReLU.",
                    commands: [DocsRenderCommand("nn.ReLU6()", ["--shape", "2", "--view", "curve", "--x-range", "4"])]),
            ]),
        "GELU": DocsLayerNotes(
            computes: """
                approximate='none':  y = x * Phi(x) = x * 0.5 * (1 + erf(x / sqrt(2)))
                approximate='tanh':  y = 0.5 * x * (1 + tanh(sqrt(2/pi) * (x + 0.044715 * x^3)))
                dy/dx = Phi(x) + x * phi(x), phi the standard normal density (0.5 at x = 0)
                """,
            outputShape: elementwiseShape,
            surprises: [
                "Unlike ReLU it dips below zero: its minimum is about -0.17, near x = -0.75.",
                "The slope at 0 is 0.5.",
                "The tanh form differs from the exact one by less than 5e-4.",
                "`approximate` is checked only when the layer runs, not when it is built.",
            ],
            variations: [
                DocsVariation(
                    title: "the tanh approximation",
                    summary: "On screen the two forms cannot be told apart.",
                    commands: [DocsRenderCommand("nn.GELU(approximate='tanh')", ["--shape", "2", "--view", "curve"])]),
            ]),
        "SELU": DocsLayerNotes(
            computes: """
                y = scale * x                       where x > 0
                  = scale * alpha * (exp(x) - 1)    otherwise
                alpha = 1.6732632423543772, scale = 1.0507009873554805
                dy/dx = scale where x > 0, else scale * alpha * exp(x) (about 1.7581 at x = 0)
                """,
            outputShape: elementwiseShape,
            surprises: [
                "The two constants are fixed: they are chosen so that, with suitably initialised weights, "
                    + "activations keep mean 0 and variance 1 from layer to layer (\"self-normalising\").",
                "At exactly 0 the slope is that of the negative branch, `scale * alpha` ≈ 1.758, not `scale`.",
                "For very negative inputs it levels off at `-scale * alpha` ≈ -1.758.",
            ]),
        "Softmax": DocsLayerNotes(
            computes: """
                along dim:  y_i = exp(x_i - m) / sum over j of exp(x_j - m),  m = the max along dim
                every slice along dim sums to 1
                """,
            outputShape: "input: any shape (*)\noutput: the same shape (*)",
            surprises: [
                "Leaving out `dim` is deprecated and picks dim 0 for inputs of rank 0, 1 or 3 and dim 1 "
                    + "otherwise, so a 3-D batch is normalised across the batch.",
                "Subtracting the max first keeps large logits finite: `[1000, 1001, 1002]` works.",
                "Do not feed its output to `NLLLoss`: use `LogSoftmax`, or give raw logits to "
                    + "`CrossEntropyLoss`, which is faster and more accurate.",
                "A slice that is all `-inf` gives NaN.",
            ],
            variations: [
                DocsVariation(
                    title: "logits you type",
                    summary: "`--values` types the logits (`:values` in the interactive program): a logit 5 apart from the rest takes almost all of the probability.",
                    commands: [DocsRenderCommand("nn.Softmax(dim=1)", ["--shape", "2,3", "--values", "2.0, 1.0, 0.1, 0, 0, 5"])]),
                DocsVariation(
                    title: "how one output is made",
                    summary: "`--explain` works one probability out: the exponentials of x minus its maximum, over their sum.",
                    commands: [DocsRenderCommand("nn.Softmax(dim=1)", ["--shape", "2,3", "--view", "bars", "--explain", "--position", "0,1"])]),
                DocsVariation(
                    title: "dim=0 and dim=1",
                    summary: "On a `(2, 3)` input, `dim=1` makes each row sum to 1 (above); `dim=0` makes each column sum to 1.",
                    commands: [DocsRenderCommand("nn.Softmax(dim=0)", ["--shape", "2,3", "--view", "maps"])]),
            ]),
        "BatchNorm2d": DocsLayerNotes(
            computes: """
                per channel c, over all N*H*W values n of it:
                train:  mean_c, var_c = the batch mean and biased variance (divided by n)
                        y = (x - mean_c) / sqrt(var_c + eps) * weight[c] + bias[c]
                        running_mean = (1 - momentum) * running_mean + momentum * mean_c
                        running_var  = (1 - momentum) * running_var  + momentum * var_c * n / (n - 1)
                eval:   y = (x - running_mean[c]) / sqrt(running_var[c] + eps) * weight[c] + bias[c]
                momentum=None: momentum = 1 / num_batches_tracked (a cumulative average)
                """,
            outputShape: """
                input:  (N, num_features, H, W), exactly 4-D
                output: the same shape
                weight, bias, running_mean, running_var: (num_features)
                """,
            surprises: [
                "It normalises with the biased variance (divided by n) but stores the unbiased one "
                    + "(divided by n - 1) in `running_var`.",
                "`momentum` is the weight of the *new* batch, 0.1 by default — the opposite of an "
                    + "optimiser's momentum. `momentum=None` means a plain cumulative average.",
                "A module starts in train mode. In eval mode the running statistics start at 0 and 1, so "
                    + "before any training step eval mode is nearly the identity.",
                "Training with one value per channel (`N*H*W = 1`) is an error.",
                "`affine=False` drops `weight` and `bias`; `track_running_stats=False` drops the running "
                    + "statistics, and batch statistics are then used in eval mode too.",
            ],
            variations: [
                DocsVariation(
                    title: "how one output is made",
                    summary: "`--explain` normalises one element by hand: with the batch statistics in train mode, the running ones in eval.",
                    commands: [DocsRenderCommand("nn.BatchNorm2d(100)", ["--eval", "--steps", "25", "--view", "output", "--explain", "--position", "1,2"])]),
                DocsVariation(
                    title: "running statistics over 20 training passes",
                    summary: "`--steps 20` runs twenty training passes: the running mean and variance "
                        + "move towards the batch's by `momentum` each pass. With `--eval`, the eval pass comes after "
                        + "them and uses the running statistics.",
                    commands: [DocsRenderCommand("nn.BatchNorm2d(100)", ["--view", "running", "--steps", "20"])]),
                DocsVariation(
                    title: "eval after 25 training passes",
                    summary: "`--eval --steps 25` is PyTorch's `for _ in range(25): m(x)` then `m.eval(); m(x)`: "
                        + "the output is normalised with the running statistics, and `num_batches_tracked` is 25.",
                    commands: [DocsRenderCommand("nn.BatchNorm2d(100)", ["--eval", "--steps", "25", "--view", "stats"])]),
            ]),
        "Linear": DocsLayerNotes(
            computes: """
                y = x * weight^T + bias      over the last dimension
                y[..., o] = bias[o] + sum over i < in_features of x[..., i] * weight[o, i]
                """,
            outputShape: """
                input:  (*, in_features), any rank from 1
                output: (*, out_features)
                weight: (out_features, in_features); bias: (out_features)
                """,
            surprises: [
                "The weight is stored as `(out_features, in_features)`, hence the transpose in the formula.",
                "Any rank works; only the last dimension is mixed, the others are carried along.",
                "The weight and bias start uniform in `±1/sqrt(in_features)`.",
                "A shape mismatch is reported for the flattened matrices, e.g. `(2x5 and 3x4)`: a "
                    + "`(2, 5, 6)` input reports `10x6`.",
            ],
            variations: [
                DocsVariation(
                    title: "how one output is made",
                    summary: "`--explain` works one output feature out: the row of weights times x, its largest terms, plus the bias.",
                    commands: [DocsRenderCommand("nn.Linear(20, 30)", ["--shape", "128,20", "--view", "vectors", "--explain", "--position", "0,3"])]),
                DocsVariation(
                    title: "without a bias",
                    summary: "`bias=False` leaves `y = x * weight^T`.",
                    commands: [DocsRenderCommand("nn.Linear(20, 30, bias=False)", ["--shape", "128,20", "--view", "vectors"])]),
            ]),
        "Dropout": DocsLayerNotes(
            computes: """
                train:  y = x * mask / (1 - p),  mask ~ Bernoulli(1 - p), drawn for every element
                eval:   y = x
                """,
            outputShape: "input: any shape (*)\noutput: the same shape (*)",
            surprises: [
                "The values that survive change too: they are scaled by `1/(1-p)` during training, so the "
                    + "expected sum stays the same (\"inverted\" dropout).",
                "In eval mode the layer is the identity: it returns its input as it is.",
                "The share actually dropped varies around `p` from draw to draw.",
                "`p=1` gives zeros, except that NaN and infinite inputs give NaN.",
                "LayerScope's masks are seeded and repeatable (`--seed`), but they cannot equal PyTorch's, "
                    + "which come from its own generator.",
            ],
            variations: [
                DocsVariation(
                    title: "p=0.2 and p=0.7",
                    summary: "A larger `p` drops more and scales the survivors more: 1.25 for 0.2, 3.33 for 0.7.",
                    commands: [DocsRenderCommand("nn.Dropout(p=0.7)", ["--shape", "4,6", "--view", "mask"])]),
                DocsVariation(
                    title: "eval mode",
                    summary: "`--eval`: nothing is dropped and nothing is scaled.",
                    commands: [DocsRenderCommand("nn.Dropout(p=0.2)", ["--shape", "4,6", "--view", "output", "--eval"])]),
            ]),
        "Dropout2d": DocsLayerNotes(
            computes: """
                train:  y[n, c] = x[n, c] * mask[n, c] / (1 - p),  one draw mask[n, c] ~ Bernoulli(1 - p)
                        per channel of each item: whole feature maps are kept or zeroed
                eval:   y = x
                """,
            outputShape: """
                input:  (N, C, H, W); a 3-D input is read as (N, C, L)
                output: the same shape
                """,
            surprises: [
                "It drops whole channels, not single elements; survivors are scaled by `1/(1-p)`.",
                "A 3-D input is read as `(N, C, L)`, not as an unbatched `(C, H, W)` image, so an image "
                    + "loses rows rather than channels; PyTorch warns about it.",
                "In eval mode it is the identity.",
            ],
            variations: [
                DocsVariation(
                    title: "a 3-D input",
                    summary: "A `(6, 4, 4)` input is taken as 6 items of 4 channels of length 4: rows are "
                        + "dropped, and the warning says so.",
                    commands: [DocsRenderCommand("nn.Dropout2d(p=0.5)", ["--shape", "6,4,4", "--view", "mask"])]),
            ]),
        "L1Loss": DocsLayerNotes(
            computes: """
                l_i = |input_i - target_i|
                reduction='mean' (default): sum of l_i / N    'sum': sum of l_i    'none': l itself
                d loss / d input_i = sign(input_i - target_i) / N   (mean; 0 where input_i = target_i)
                """,
            outputShape: """
                input, target: the same shape (*)
                output: a scalar, or (*) with reduction='none'
                """,
            surprises: regressionSurprises + [
                "The gradient is `±1/N` wherever the prediction misses, whatever the size of the miss, and 0 "
                    + "where it is exact.",
            ],
            variations: [
                DocsVariation(
                    title: "reduction='sum'",
                    summary: "Summing instead of averaging multiplies the gradient by N (15 here).",
                    commands: [DocsRenderCommand("nn.L1Loss(reduction='sum')", ["--shape", "3,5", "--view", "gradient"])]),
            ]),
        "MSELoss": DocsLayerNotes(
            computes: """
                l_i = (input_i - target_i)^2
                reduction='mean' (default): sum of l_i / N    'sum': sum of l_i    'none': l itself
                d loss / d input_i = 2 * (input_i - target_i) / N   (mean)
                """,
            outputShape: """
                input, target: the same shape (*)
                output: a scalar, or (*) with reduction='none'
                """,
            surprises: regressionSurprises + [
                "The gradient grows with the miss: large errors dominate, unlike L1Loss.",
            ],
            variations: [
                DocsVariation(
                    title: "reduction='none'",
                    summary: "Without a reduction the loss keeps the input's shape: one value per element.",
                    commands: [DocsRenderCommand("nn.MSELoss(reduction='none')", ["--shape", "3,5", "--view", "elements"])]),
            ]),
        "CrossEntropyLoss": DocsLayerNotes(
            computes: """
                lp = log_softmax(input, dim=1)                      (input holds raw logits)
                class targets t:        l_n = -weight[t_n] * lp[n, t_n]
                  with label_smoothing e: (1 - e) * l_n + e/C * (-sum over c of weight[c] * lp[n, c])
                probability targets p:  l_n = -sum over c of weight[c] * p'[n, c] * lp[n, c],
                                        p' = p * (1 - e) + e/C
                reduction='mean': class targets: sum of l_n / sum of weight[t_n] over items not ignored
                                  probability targets: sum of l_n / N
                """,
            outputShape: """
                input:  (N, C), (C) or (N, C, d1, ...)
                target: (N) class indices in [0, C), or probabilities of the input's shape
                output: a scalar, or (N) with reduction='none'
                """,
            surprises: [
                "It takes raw logits and applies `log_softmax` itself: a softmax before it is applied twice.",
                "The kind of target is chosen by shape: a target of the input's shape is read as "
                    + "probabilities, anything else as class indices, which must be int64 (or uint8).",
                "With `weight`, the mean divides by the sum of the weights of the target classes, not by N; "
                    + "with probability targets it divides by N regardless.",
                "`ignore_index` works only with class targets; when every item is ignored the mean is NaN.",
                "A negative `label_smoothing` is silently taken as 0; above 1 is an error.",
            ],
            variations: [
                DocsVariation(
                    title: "how one output is made",
                    summary: "`--explain` works one item's loss out with its smoothed target and class weight, then the divisor 'mean' uses.",
                    commands: [DocsRenderCommand("nn.CrossEntropyLoss(weight=torch.tensor([1.0, 2.0, 0.5, 1.0, 1.0]), label_smoothing=0.1)", ["--shape", "3,5", "--view", "classes", "--explain", "--channel", "1"])]),
                DocsVariation(
                    title: "label smoothing",
                    summary: "`label_smoothing=0.1` mixes each target with a uniform distribution over the "
                        + "classes: a confident right answer no longer costs 0.",
                    commands: [DocsRenderCommand("nn.CrossEntropyLoss(label_smoothing=0.1)", ["--shape", "3,5", "--view", "classes"])]),
            ]),
        "Flatten": DocsLayerNotes(
            computes: """
                y = x.flatten(start_dim, end_dim): the dimensions start_dim..end_dim become one,
                of their product's size; the values keep their row-major order (nothing is computed)
                (N, C, H, W) -> (N, C*H*W) with the defaults: y[n, c*H*W + h*W + w] = x[n, c, h, w]
                d loss / d x = d loss / d y, reshaped back to x's shape
                """,
            outputShape: """
                input:  (*, S_start, ..., S_end, *)
                output: (*, S_start * ... * S_end, *); a 0-d input becomes (1)
                """,
            surprises: [
                "The default `start_dim=1` keeps the batch dimension: `(N, C, H, W)` becomes `(N, C*H*W)`, "
                    + "one row per item. `torch.flatten` starts at 0 and would join the batch too.",
                "The order is channel first: all of channel 0 row by row, then channel 1, and so on. "
                    + "A Linear after it sees `C*H*W` inputs, so `nn.Linear(8 * 8 * 8, 10)` after 8 maps of 8x8.",
                "An unbatched `(C, H, W)` input has only three dimensions: the default flattens `(H, W)` "
                    + "and keeps `C`, giving `(C, H*W)`.",
                "A dimension outside the input's rank is an IndexError, and `start_dim` after `end_dim` "
                    + "(once both are counted from 0) is a RuntimeError.",
            ],
            variations: [
                DocsVariation(
                    title: "start_dim=2",
                    summary: "Joining only `(H, W)` keeps the channels apart: `(2, 3, 4, 4)` becomes `(2, 3, 16)`.",
                    commands: [DocsRenderCommand("nn.Flatten(start_dim=2)", ["--shape", "2,3,4,4"])]),
            ]),
    ]
}
