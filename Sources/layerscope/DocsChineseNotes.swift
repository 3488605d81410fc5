// DocsChineseNotes: the Chinese of the hand-written notes on the layer pages (what surprises
// learners, and each variation's title and summary), keyed by the English text, for docs/zh.

enum DocsChineseNotes {
    static let text: [String: String] = [
        "It is a cross-correlation: the kernel slides over the input as stored, without the flip of the textbook convolution.":
            "它是互相关：卷积核按输入原样滑动，不像教科书里的卷积那样先翻转。",
        "`padding='same'` is only allowed with stride 1. When the total padding it needs is odd (an even kernel with odd dilation), the extra row or column goes at the bottom or right.":
            "`padding='same'` 只允许 stride 为 1。当所需的总补零数为奇数（偶数大小的核配奇数 dilation）时，多出的一行或一列补在下方或右侧。",
        "The \"kernel size can't be greater than actual input size\" error compares the *dilated* kernel, `dilation*(k-1)+1`, with the *padded* input, so its numbers are not the ones you typed.":
            "“kernel size can't be greater than actual input size” 这个错误比较的是*膨胀后*的核 `dilation*(k-1)+1` 与*补零后*的输入，所以其中的数字不是你输入的那些。",
        "The padding modes have different limits: `reflect` needs padding smaller than the input, `circular` at most its size, `replicate` none. Negative padding is an error with `zeros` but crops the input with the other modes.":
            "各种填充方式的限制不同：`reflect` 要求 padding 小于输入，`circular` 最多等于输入大小，`replicate` 没有限制。负的 padding 在 `zeros` 下报错，在其他方式下则会裁剪输入。",
        "With `groups > 1` each output channel sees only `in_channels/groups` input channels (the `groups` view shows which), and both channel counts must divide by `groups`.":
            "当 `groups > 1` 时，每个输出通道只看到 `in_channels/groups` 个输入通道（`groups` 视图显示是哪些），并且两个通道数都必须能被 `groups` 整除。",
        "The weight and bias start uniform in `±1/sqrt(fan_in)` with `fan_in = in_channels/groups * kernel_h * kernel_w`.":
            "weight 和 bias 初始在 `±1/sqrt(fan_in)` 内均匀分布，其中 `fan_in = in_channels/groups * kernel_h * kernel_w`。",
        "`stride` defaults to `kernel_size`, not to 1: unless you ask, windows do not overlap.":
            "`stride` 默认等于 `kernel_size`，而不是 1：除非你指定，窗口不会重叠。",
        "`ceil_mode=True` adds a last, partial window only when it starts inside the input or the left padding, so sometimes it changes nothing.":
            "`ceil_mode=True` 只在最后一个不完整窗口的起点位于输入或左侧 padding 内时才添加它，所以有时它什么也不改变。",
        "`padding` may be at most `kernel_size // 2`; a larger dilation does not loosen this rule.":
            "`padding` 最多为 `kernel_size // 2`；更大的 dilation 也不会放宽这条规则。",
        "`nn.MaxPool2d(0)` fails saying the stride is zero: the stride was copied from the kernel size.":
            "`nn.MaxPool2d(0)` 报错说 stride 为零：stride 是从 kernel_size 复制来的。",
        "On ties the first maximum in row-major order wins; a NaN anywhere in the window wins over every number.":
            "出现并列时，按行优先顺序第一个最大值胜出；窗口中任何位置的 NaN 都会胜过所有数。",
        "With `return_indices=True` the indices are flattened within each plane of the unpadded input, `row * W + col`, not across the whole tensor.":
            "`return_indices=True` 时，下标在未补零输入的每个平面内展平为 `row * W + col`，而不是在整个张量上展平。",
        "With the default `count_include_pad=True` the zero padding counts in the divisor, so averages at the border are pulled towards 0.":
            "默认 `count_include_pad=True` 时，补的零计入除数，所以边缘的平均值会被拉向 0。",
        "Even then, the part of a `ceil_mode` window that hangs past the padding is not counted: a corner output of a 3×3 window can be divided by 4 rather than 9.":
            "即便如此，`ceil_mode` 窗口超出 padding 的部分也不计入：3×3 窗口的角上输出可能除以 4 而不是 9。",
        "`divisor_override` takes any non-zero integer, negative ones included.":
            "`divisor_override` 接受任何非零整数，包括负数。",
        "There is no `dilation`, and `stride` defaults to `kernel_size` as in MaxPool2d.":
            "没有 `dilation` 参数，`stride` 和 MaxPool2d 一样默认等于 `kernel_size`。",
        "You choose the output size and the bins adapt to the input: neighbouring bins can overlap and can differ in size by one row or column.":
            "你选定输出大小，bin 随输入调整：相邻的 bin 可能重叠，大小也可能相差一行或一列。",
        "An output larger than the input is allowed: input values are then repeated.":
            "允许输出比输入大：这时输入值会被重复。",
        "`None` in `output_size` keeps that dimension of the input, so `(None, 7)` on a `(1, 64, 10, 9)` input gives `(1, 64, 10, 7)`.":
            "`output_size` 中的 `None` 保持输入的该维度，所以 `(None, 7)` 作用在 `(1, 64, 10, 9)` 输入上得到 `(1, 64, 10, 7)`。",
        "When the output size divides the input size, the bins are the windows of the ordinary pool with `kernel_size = stride = input / output`.":
            "当输出大小能整除输入大小时，bin 就是普通池化的窗口，其中 `kernel_size = stride = input / output`。",
        "With `return_indices=True` the indices follow MaxPool2d's rule: flattened within each plane.":
            "`return_indices=True` 时，下标遵循 MaxPool2d 的规则：在每个平面内展平。",
        "`nn.AdaptiveAvgPool2d(1)` is global average pooling: one mean per channel.":
            "`nn.AdaptiveAvgPool2d(1)` 就是全局平均池化：每个通道一个平均值。",
        "The output is centred on 0.5, not 0.":
            "输出以 0.5 为中心，而不是 0。",
        "In exact arithmetic it never reaches 0 or 1, but float32 rounds: `sigmoid(-90)` is 0 and `sigmoid(100)` is 1.":
            "在精确算术中它永远到不了 0 或 1，但 float32 会舍入：`sigmoid(-90)` 是 0，`sigmoid(100)` 是 1。",
        "The slope is at most 0.25 (at 0) and vanishes for large |x|: gradients shrink through stacked sigmoids.":
            "斜率最大为 0.25（在 0 处），且在 |x| 很大时趋于零：梯度经过层层叠加的 sigmoid 会越来越小。",
        "It is a rescaled sigmoid, `tanh(x) = 2*sigmoid(2x) - 1`, but centred on 0, in (-1, 1).":
            "它是缩放后的 sigmoid：`tanh(x) = 2*sigmoid(2x) - 1`，但以 0 为中心，取值在 (-1, 1)。",
        "Its slope is at most 1 (at 0) and, like the sigmoid's, vanishes for large |x|.":
            "它的斜率最大为 1（在 0 处），和 sigmoid 一样，在 |x| 很大时趋于零。",
        "The slope at exactly 0 is taken as 0.":
            "恰好在 0 处的斜率取为 0。",
        "`inplace` is a flag Python tests for truth, so `nn.ReLU(1)` means `inplace=True`. In-place, the input is overwritten and returned; that can break autograd when another operation still needs the old values.":
            "`inplace` 是 Python 按真值判断的标志，所以 `nn.ReLU(1)` 就表示 `inplace=True`。就地计算会覆盖并返回输入；如果其他运算还需要旧值，这会破坏 autograd。",
        "A unit whose inputs stay negative gets no gradient at all and stops learning.":
            "输入一直为负的单元完全收不到梯度，停止学习。",
        "`relu(-0.0)` keeps the sign: it returns -0.0.":
            "`relu(-0.0)` 保留符号：返回 -0.0。",
        "The default slope is 0.01; the seed example's 0.1 is ten times steeper.":
            "默认斜率是 0.01；示例中的 0.1 要陡十倍。",
        "At exactly 0 the slope is `negative_slope`, not 1.":
            "恰好在 0 处的斜率是 `negative_slope`，而不是 1。",
        "Any slope is accepted without complaint: negative, or above 1.":
            "任何斜率都会被接受，不会报错：负数或大于 1 都行。",
        "It is `Hardtanh(0, 6)`: the slope is 0 at both corners, 0 and 6.":
            "它就是 `Hardtanh(0, 6)`：在 0 和 6 两个拐角处斜率都是 0。",
        "Its curve starts at an x-range of ±8, not ±4 as the others do, so that the cap at 6 is in view.":
            "它的曲线初始 x 范围是 ±8，而不是其他函数的 ±4，以便看到 6 处的截断。",
        "Unlike ReLU it dips below zero: its minimum is about -0.17, near x = -0.75.":
            "与 ReLU 不同，它会降到零以下：最小值约为 -0.17，位于 x = -0.75 附近。",
        "The slope at 0 is 0.5.":
            "在 0 处的斜率是 0.5。",
        "The tanh form differs from the exact one by less than 5e-4.":
            "tanh 近似形式与精确形式的差小于 5e-4。",
        "`approximate` is checked only when the layer runs, not when it is built.":
            "`approximate` 只在层运行时检查，而不是在构造时。",
        "The two constants are fixed: they are chosen so that, with suitably initialised weights, activations keep mean 0 and variance 1 from layer to layer (\"self-normalising\").":
            "两个常数是固定的：选择它们是为了在权重适当初始化时，激活值逐层保持均值 0、方差 1（“自归一化”）。",
        "At exactly 0 the slope is that of the negative branch, `scale * alpha` ≈ 1.758, not `scale`.":
            "恰好在 0 处的斜率取负半支的斜率 `scale * alpha` ≈ 1.758，而不是 `scale`。",
        "For very negative inputs it levels off at `-scale * alpha` ≈ -1.758.":
            "对非常负的输入，它趋于 `-scale * alpha` ≈ -1.758。",
        "Leaving out `dim` is deprecated and picks dim 0 for inputs of rank 0, 1 or 3 and dim 1 otherwise, so a 3-D batch is normalised across the batch.":
            "省略 `dim` 已被弃用：对 0、1 或 3 维输入选 dim 0，否则选 dim 1，所以三维批次会跨批次归一化。",
        "Subtracting the max first keeps large logits finite: `[1000, 1001, 1002]` works.":
            "先减去最大值可以让很大的 logits 保持有限：`[1000, 1001, 1002]` 也能算。",
        "Do not feed its output to `NLLLoss`: use `LogSoftmax`, or give raw logits to `CrossEntropyLoss`, which is faster and more accurate.":
            "不要把它的输出送进 `NLLLoss`：应使用 `LogSoftmax`，或把原始 logits 交给 `CrossEntropyLoss`，这样更快也更准确。",
        "A slice that is all `-inf` gives NaN.":
            "全为 `-inf` 的切片会得到 NaN。",
        "It normalises with the biased variance (divided by n) but stores the unbiased one (divided by n - 1) in `running_var`.":
            "它用有偏方差（除以 n）归一化，但在 `running_var` 中保存无偏方差（除以 n - 1）。",
        "`momentum` is the weight of the *new* batch, 0.1 by default — the opposite of an optimiser's momentum. `momentum=None` means a plain cumulative average.":
            "`momentum` 是*新*批次的权重，默认 0.1——与优化器的 momentum 正好相反。`momentum=None` 表示简单的累积平均。",
        "A module starts in train mode. In eval mode the running statistics start at 0 and 1, so before any training step eval mode is nearly the identity.":
            "模块初始处于训练模式。评估模式下滑动统计量从 0 和 1 开始，所以在任何训练步之前，评估模式几乎是恒等映射。",
        "Training with one value per channel (`N*H*W = 1`) is an error.":
            "每个通道只有一个值（`N*H*W = 1`）时训练会报错。",
        "`affine=False` drops `weight` and `bias`; `track_running_stats=False` drops the running statistics, and batch statistics are then used in eval mode too.":
            "`affine=False` 去掉 `weight` 和 `bias`；`track_running_stats=False` 去掉滑动统计量，此时评估模式也使用批统计量。",
        "The weight is stored as `(out_features, in_features)`, hence the transpose in the formula.":
            "权重按 `(out_features, in_features)` 存储，所以公式中有转置。",
        "Any rank works; only the last dimension is mixed, the others are carried along.":
            "任何维数都可以；只有最后一维被混合，其余维度原样保留。",
        "The weight and bias start uniform in `±1/sqrt(in_features)`.":
            "weight 和 bias 初始在 `±1/sqrt(in_features)` 内均匀分布。",
        "A shape mismatch is reported for the flattened matrices, e.g. `(2x5 and 3x4)`: a `(2, 5, 6)` input reports `10x6`.":
            "形状不匹配时报告的是展平后的矩阵，例如 `(2x5 and 3x4)`：`(2, 5, 6)` 的输入会报告 `10x6`。",
        "The values that survive change too: they are scaled by `1/(1-p)` during training, so the expected sum stays the same (\"inverted\" dropout).":
            "保留下来的值也会变：训练时它们乘以 `1/(1-p)`，使期望总和不变（“反向”dropout）。",
        "In eval mode the layer is the identity: it returns its input as it is.":
            "评估模式下该层是恒等映射：原样返回输入。",
        "The share actually dropped varies around `p` from draw to draw.":
            "实际被丢弃的比例每次抽取都在 `p` 附近波动。",
        "`p=1` gives zeros, except that NaN and infinite inputs give NaN.":
            "`p=1` 得到全零，但 NaN 和无穷大的输入会得到 NaN。",
        "LayerScope's masks are seeded and repeatable (`--seed`), but they cannot equal PyTorch's, which come from its own generator.":
            "LayerScope 的掩码由种子决定、可重复（`--seed`），但不可能与 PyTorch 的相同，后者来自它自己的随机数生成器。",
        "It drops whole channels, not single elements; survivors are scaled by `1/(1-p)`.":
            "它丢弃整个通道而不是单个元素；保留的乘以 `1/(1-p)`。",
        "A 3-D input is read as `(N, C, L)`, not as an unbatched `(C, H, W)` image, so an image loses rows rather than channels; PyTorch warns about it.":
            "三维输入被当作 `(N, C, L)`，而不是无批次的 `(C, H, W)` 图像，所以图像丢掉的是行而不是通道；PyTorch 会对此给出警告。",
        "In eval mode it is the identity.":
            "评估模式下它是恒等映射。",
        "`reduction` is checked only when the loss is called: `reduction='avg'` builds fine and fails later. The older `size_average` and `reduce` arguments are deprecated, but when either is given it overrides `reduction`.":
            "`reduction` 只在调用损失时检查：`reduction='avg'` 能正常构造，之后才报错。旧的 `size_average` 和 `reduce` 参数已弃用，但只要给出其中任何一个，它就会覆盖 `reduction`。",
        "A target of a different but broadcastable shape is not an error, only a warning — and the mean is taken over the broadcast size, so an input `(4, 1)` against a target `(4,)` averages 16 terms.":
            "形状不同但可广播的目标不会报错，只会警告——而平均是按广播后的大小计算的，所以 `(4, 1)` 的输入配 `(4,)` 的目标会平均 16 项。",
        "The gradient is `±1/N` wherever the prediction misses, whatever the size of the miss, and 0 where it is exact.":
            "只要预测有偏差，梯度就是 `±1/N`，与偏差大小无关；预测完全准确处为 0。",
        "The gradient grows with the miss: large errors dominate, unlike L1Loss.":
            "梯度随偏差增大：与 L1Loss 不同，大误差占主导。",
        "It takes raw logits and applies `log_softmax` itself: a softmax before it is applied twice.":
            "它接收原始 logits 并自己做 `log_softmax`：在它之前再加 softmax 就等于做了两次。",
        "The kind of target is chosen by shape: a target of the input's shape is read as probabilities, anything else as class indices, which must be int64 (or uint8).":
            "目标的种类由形状决定：与输入形状相同的目标被当作概率，其他的都当作类别下标，必须是 int64（或 uint8）。",
        "With `weight`, the mean divides by the sum of the weights of the target classes, not by N; with probability targets it divides by N regardless.":
            "给出 `weight` 时，平均值除以目标类别权重之和而不是 N；目标是概率时则总是除以 N。",
        "`ignore_index` works only with class targets; when every item is ignored the mean is NaN.":
            "`ignore_index` 只对类别目标有效；所有样本都被忽略时平均值为 NaN。",
        "A negative `label_smoothing` is silently taken as 0; above 1 is an error.":
            "负的 `label_smoothing` 会被悄悄当作 0；大于 1 会报错。",
        "a classic filter":
            "经典滤波器",
        "`--kernel sobel-x` sets the output channel's weights to the Sobel filter (bias 0): on the digit, the output lights up on the left and right of each vertical stroke and stays 0 where the input is flat. `:kernel sobel-x` does the same in the interactive program.":
            "`--kernel sobel-x` 把该输出通道的权重设为 Sobel 滤波器（bias 为 0）：在数字图案上，输出在每条竖笔画的左右两侧变亮，在输入平坦处保持 0。交互程序中用 `:kernel sobel-x` 效果相同。",
        "padding: none and 'same'":
            "padding：不补与 'same'",
        "The same 3×3 kernel over an 8×8 impulse: without padding the output shrinks to 6×6; `padding='same'` pads one row and column on each side and keeps 8×8.":
            "同一个 3×3 的核作用在 8×8 的 impulse 输入上：不补零时输出缩小为 6×6；`padding='same'` 在每侧补一行一列，保持 8×8。",
        "groups":
            "groups",
        "With `groups=2`, the first three output channels read input channels 0–1 only, the last three read 2–3.":
            "当 `groups=2` 时，前三个输出通道只读取输入通道 0–1，后三个读取 2–3。",
        "how one output is made":
            "一个输出是怎么算出来的",
        "`--explain` (`x` in the interactive program) works out the selected output: the window of the first input channel with the reflected values its padding taps read, that channel's sum of window times weight, every channel's sum, and the bias.":
            "`--explain`（交互程序中按 `x`）算出所选输出：第一个输入通道的窗口（含 padding 位置读到的反射值）、该通道窗口与权重的乘积之和、每个通道的和，以及 bias。",
        "ceil_mode off and on":
            "ceil_mode 关闭与开启",
        "A 2×2 window with stride 2 over a 5×5 input: floor mode gives 2×2 and ignores the last row and column; `ceil_mode=True` adds a partial window and gives 3×3.":
            "2×2 窗口、stride 2 作用在 5×5 输入上：floor 模式得到 2×2，忽略最后一行和一列；`ceil_mode=True` 添加一个不完整的窗口，得到 3×3。",
        "`--explain` shows the last ceil-mode window: its padding and overhang taps, the winning tap and the index `return_indices` gives for it, and whether a tie was broken.":
            "`--explain` 显示最后一个 ceil 模式窗口：落在 padding 和超出部分的位置、胜出的位置及 `return_indices` 给它的下标，以及是否有并列需要取舍。",
        "max beside average, and dilation":
            "最大与平均并排，以及 dilation",
        "`--view compare` runs the same input through `nn.AvgPool2d` with the same `kernel_size`, `stride`, `padding` and `ceil_mode`, all three maps on one colour scale: the max keeps each window's strongest value, the average blurs it. `dilation` applies to the max only (AvgPool2d has none), so here the average's windows are solid and its output is larger.":
            "`--view compare` 用相同的 `kernel_size`、`stride`、`padding` 和 `ceil_mode` 把同一输入送进 `nn.AvgPool2d`，三张图共用一个颜色刻度：最大池化保留每个窗口最强的值，平均池化把它抹平。`dilation` 只作用于最大池化（AvgPool2d 没有这个参数），所以这里平均池化的窗口是实心的，输出也更大。",
        "count_include_pad on and off":
            "count_include_pad 开启与关闭",
        "A 3×3 window with stride 2 and padding 1 over a 6×6 input: with padding counted every output is divided by 9; without, the outputs whose windows reach into the padding (the top row and left column) are divided by the input cells they cover, 4 or 6.":
            "3×3 窗口、stride 2、padding 1 作用在 6×6 输入上：计入 padding 时每个输出都除以 9；不计入时，窗口伸进 padding 的输出（第一行和第一列）除以它们覆盖的输入格数，4 或 6。",
        "`--explain` on the last ceil-mode window: the sum of its input cells, and a divisor that counts the padding but not the overhang.":
            "`--explain` 作用于最后一个 ceil 模式窗口：其输入格之和，以及一个计入 padding 但不计入超出部分的除数。",
        "`--explain` works out one bin's bounds with the numbers put in, and its maximum with the index `return_indices` gives.":
            "`--explain` 代入数字算出一个 bin 的边界，以及它的最大值和 `return_indices` 给出的下标。",
        "`--explain` works out one bin's bounds with the numbers put in, its sum and its divisor, the bin's cell count.":
            "`--explain` 代入数字算出一个 bin 的边界、它的和与除数（即 bin 的格数）。",
        "a wider x-axis":
            "更宽的 x 轴",
        "`--x-range 10` shows where the curve flattens and its slope vanishes.":
            "`--x-range 10` 显示曲线在哪里变平、斜率在哪里消失。",
        "ReLU, GELU and SELU on one plot":
            "ReLU、GELU 和 SELU 画在同一张图上",
        "`--compare` adds another activation's curve (`+` in the interactive program, `−` removes it): GELU bends smoothly where ReLU has its kink, SELU goes below 0 for negative inputs.":
            "`--compare` 添加另一个激活函数的曲线（交互程序中按 `+`，按 `−` 移除）：GELU 在 ReLU 折点处平滑弯曲，SELU 对负输入会低于 0。",
        "the default slope":
            "默认斜率",
        "With the default `negative_slope=0.01` the left branch is almost flat; compare the seed example's 0.1 above.":
            "默认 `negative_slope=0.01` 时左半支几乎是平的；与上面示例中的 0.1 比较。",
        "a narrower x-axis":
            "更窄的 x 轴",
        "`--x-range 4` hides the cap: near 0, ReLU6 is ReLU.":
            "`--x-range 4` 看不到截断：在 0 附近，ReLU6 就是 ReLU。",
        "the tanh approximation":
            "tanh 近似",
        "On screen the two forms cannot be told apart.":
            "在屏幕上分不出这两种形式。",
        "logits you type":
            "手动输入的 logits",
        "`--values` types the logits (`:values` in the interactive program): a logit 5 apart from the rest takes almost all of the probability.":
            "`--values` 输入 logits（交互程序中用 `:values`）：比其余大 5 的 logit 几乎拿走全部概率。",
        "`--explain` works one probability out: the exponentials of x minus its maximum, over their sum.":
            "`--explain` 算出一个概率：x 减去最大值后的指数，除以它们的和。",
        "dim=0 and dim=1":
            "dim=0 与 dim=1",
        "On a `(2, 3)` input, `dim=1` makes each row sum to 1 (above); `dim=0` makes each column sum to 1.":
            "对 `(2, 3)` 输入，`dim=1` 让每一行的和为 1（如上）；`dim=0` 让每一列的和为 1。",
        "`--explain` normalises one element by hand: with the batch statistics in train mode, the running ones in eval.":
            "`--explain` 手算一个元素的归一化：训练模式用批统计量，评估模式用滑动统计量。",
        "running statistics over 20 training passes":
            "20 次训练前向后的滑动统计量",
        "`--steps 20` runs twenty training passes: the running mean and variance move towards the batch's by `momentum` each pass. With `--eval`, the eval pass comes after them and uses the running statistics.":
            "`--steps 20` 运行二十次训练前向：每次滑动均值和方差都按 `momentum` 向本批的值移动。加上 `--eval` 时，评估前向在它们之后，并使用滑动统计量。",
        "eval after 25 training passes":
            "25 次训练前向后的评估",
        "`--eval --steps 25` is PyTorch's `for _ in range(25): m(x)` then `m.eval(); m(x)`: the output is normalised with the running statistics, and `num_batches_tracked` is 25.":
            "`--eval --steps 25` 相当于 PyTorch 的 `for _ in range(25): m(x)` 然后 `m.eval(); m(x)`：输出用滑动统计量归一化，`num_batches_tracked` 为 25。",
        "`--explain` works one output feature out: the row of weights times x, its largest terms, plus the bias.":
            "`--explain` 算出一个输出特征：一行权重乘以 x、其中最大的几项，再加上 bias。",
        "without a bias":
            "没有 bias",
        "`bias=False` leaves `y = x * weight^T`.":
            "`bias=False` 时只剩 `y = x * weight^T`。",
        "p=0.2 and p=0.7":
            "p=0.2 与 p=0.7",
        "A larger `p` drops more and scales the survivors more: 1.25 for 0.2, 3.33 for 0.7.":
            "`p` 越大，丢弃越多，保留的放大越多：0.2 时为 1.25，0.7 时为 3.33。",
        "eval mode":
            "评估模式",
        "`--eval`: nothing is dropped and nothing is scaled.":
            "`--eval`：什么都不丢弃，也不缩放。",
        "a 3-D input":
            "三维输入",
        "A `(6, 4, 4)` input is taken as 6 items of 4 channels of length 4: rows are dropped, and the warning says so.":
            "`(6, 4, 4)` 的输入被当作 6 个样本、每个 4 个长度为 4 的通道：丢弃的是行，警告也这样说明。",
        "reduction='sum'":
            "reduction='sum'",
        "Summing instead of averaging multiplies the gradient by N (15 here).":
            "求和而不是求平均会让梯度乘以 N（这里是 15）。",
        "reduction='none'":
            "reduction='none'",
        "Without a reduction the loss keeps the input's shape: one value per element.":
            "不做归约时，损失保持输入的形状：每个元素一个值。",
        "`--explain` works one item's loss out with its smoothed target and class weight, then the divisor 'mean' uses.":
            "`--explain` 算出一个样本的损失，包括平滑后的目标和类别权重，再算出 'mean' 使用的除数。",
        "label smoothing":
            "标签平滑",
        "`label_smoothing=0.1` mixes each target with a uniform distribution over the classes: a confident right answer no longer costs 0.":
            "`label_smoothing=0.1` 把每个目标与各类别上的均匀分布混合：自信的正确答案的损失不再是 0。",
        "The default `start_dim=1` keeps the batch dimension: `(N, C, H, W)` becomes `(N, C*H*W)`, one row per item. `torch.flatten` starts at 0 and would join the batch too.":
            "默认 `start_dim=1` 保留批维度：`(N, C, H, W)` 变成 `(N, C*H*W)`，每个样本一行。`torch.flatten` 从第 0 维开始，会把批维度也合并进去。",
        "The order is channel first: all of channel 0 row by row, then channel 1, and so on. A Linear after it sees `C*H*W` inputs, so `nn.Linear(8 * 8 * 8, 10)` after 8 maps of 8x8.":
            "顺序是通道优先：先逐行读完通道 0，再读通道 1，依此类推。它后面的 Linear 看到 `C*H*W` 个输入，所以 8 张 8x8 的图之后是 `nn.Linear(8 * 8 * 8, 10)`。",
        "An unbatched `(C, H, W)` input has only three dimensions: the default flattens `(H, W)` and keeps `C`, giving `(C, H*W)`.":
            "无批维度的 `(C, H, W)` 输入只有三维：默认只合并 `(H, W)`，保留 `C`，得到 `(C, H*W)`。",
        "A dimension outside the input's rank is an IndexError, and `start_dim` after `end_dim` (once both are counted from 0) is a RuntimeError.":
            "超出输入维数的维度是 IndexError；`start_dim` 在 `end_dim` 之后（都从 0 数起时）是 RuntimeError。",
        "start_dim=2":
            "start_dim=2",
        "Joining only `(H, W)` keeps the channels apart: `(2, 3, 4, 4)` becomes `(2, 3, 16)`.":
            "只合并 `(H, W)` 会让各通道保持分开：`(2, 3, 4, 4)` 变成 `(2, 3, 16)`。",
    ]
}
