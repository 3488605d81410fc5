// PictureText: the Chinese of the words a picture draws itself — its captions, notes and the
// drill-down's title — keyed by the English as the scene builds it (`%@` marks a value, found by the
// same matching as the status line's messages). `Canvas.text` looks each caption up when the
// picture is drawn in Chinese; a caption without an entry is drawn in English.

enum PictureText {
    static let chinese: [String: String] = [
        "%@ how this number is made: %@ ": "%@ 这个数是怎么算出来的：%@ ",
        "× marks a dropped element (its output is 0) · the kept ones are scaled, not just kept · r draws a new mask":
            "× 标出被丢弃的元素（输出为 0）· 保留的元素被放大，而不只是保留 · r 重新抽取掩码",
        "track_running_stats=False: no running statistics; batch statistics are used in train and eval":
            "track_running_stats=False：没有滑动统计量；训练和评估都用本批统计量",
        "they start at 0 and 1 · each pass: running = (1 − momentum)·running + momentum·batch · n adds a pass":
            "初始为 0 和 1 · 每次前向：running = (1 − momentum)·running + momentum·batch · n 再跑一次",
        "ceil_mode=True: a last window may overhang the padded input (∘ cells); it is kept only when it starts inside the input or its left padding":
            "ceil_mode=True：最后一个窗口可能伸出补零后的输入（∘ 格）；只有起点在输入内或左侧 padding 内时才保留",
        "max keeps the strongest value of each window; the average blurs it": "最大池化保留每个窗口最强的值；平均池化把它抹平",
        "the other pooling cannot run on this input": "另一种池化无法在这个输入上运行",
        "the input's channels (item 0), one colour scale for all · the output sums over them":
            "输入的各通道（第 0 个样本），共用一个颜色刻度 · 输出对它们求和",
        "%@ (%@ train, %@ test) · %@ · %@ · batch %@ · seed %@":
            "%@（训练 %@，测试 %@）· %@ · %@ · 批大小 %@ · 种子 %@",
        "step %@ · epoch %@ · %@ steps/s · ▶ training":
            "第 %@ 步 · 第 %@ 轮 · 每秒 %@ 步 · ▶ 训练中",
        "step %@ · epoch %@ · %@ steps/s · paused":
            "第 %@ 步 · 第 %@ 轮 · 每秒 %@ 步 · 已暂停",
        "step %@ · epoch %@ · ▶ training":
            "第 %@ 步 · 第 %@ 轮 · ▶ 训练中",
        "step %@ · epoch %@ · paused":
            "第 %@ 步 · 第 %@ 轮 · 已暂停",
        "[%@] %@: %@ → %@ · ‖W‖ weight norm, ‖∇W‖ gradient norm of the last step":
            "[%@] %@：%@ → %@ · ‖W‖ 权重范数，‖∇W‖ 上一步的梯度范数",
        "loss: batch %@ · test %@ (step %@)":
            "损失：本批 %@ · 测试集 %@（第 %@ 步）",
        "accuracy: test %@ · train %@ (last epoch's batches)":
            "准确率：测试集 %@ · 训练 %@（最近一轮的各批）",
        "accuracy: test %@":
            "准确率：测试集 %@",
        "overflow: the loss is %@ from step %@; the learning rate is too large (r: new start)":
            "溢出：损失为 %@（从第 %@ 步起）；学习率太大（r：重新开始）",
        "exploded: the loss reached %@ at step %@; the learning rate is too large":
            "爆炸：损失达到 %@（第 %@ 步）；学习率太大",
        "the loss curves start at the first step (p plays, . steps)":
            "损失曲线从第一步开始（p 训练，. 单步）",
        "[%@] %@ on test example %@ (class %@)":
            "[%@] %@，测试样本 %@（类别 %@）",
        "receptive field of out[c, %@, %@]: input rows %@–%@, columns %@–%@ (%@×%@ of %@×%@); traced back through stages %@ to 0: %@":
            "out[c, %@, %@] 的感受野：输入第 %@–%@ 行、第 %@–%@ 列（%@×%@，共 %@×%@）；从阶段 %@ 回溯到 0：%@",
        "kernels weight[o, 0], one scale ±%@; output maps (eval)":
            "卷积核 weight[o, 0]，共用刻度 ±%@；输出特征图（评估模式）",
        "kernels weight[o, 0], one scale ±%@":
            "卷积核 weight[o, 0]，共用刻度 ±%@",
        "weight %@×%@ (row o feeds output o); output (eval)":
            "权重 %@×%@（第 o 行给输出 o）；输出（评估模式）",
        "weight %@×%@ (row o feeds output o)":
            "权重 %@×%@（第 o 行给输出 o）",
        "output channels 0–%@ of %@ (one colour scale)":
            "输出通道 0–%@，共 %@ 个（共用颜色刻度）",
        "output channel 0 of %@ (one colour scale)":
            "输出通道 0，共 %@ 个（共用颜色刻度）",
        "confusion matrix of the test set at step %@: row = true class, column = predicted":
            "第 %@ 步测试集的混淆矩阵：行 = 真实类别，列 = 预测类别",
        "decision boundary: %@ over [-%@, %@]², +y up; digits: the test points' true classes":
            "决策边界：%@，范围 [-%@, %@]²，+y 向上；数字：测试点的真实类别",
        "P(class 1), 0 → 1":
            "P(类别 1)，0 → 1",
        "the predicted class":
            "预测的类别",
        "test set":
            "测试集",
        "accuracy":
            "准确率",
        "no room for the maps at this size": "这个尺寸放不下图",
        "%@ %@ becomes one row of %@ values; nothing is computed, only the shape changes":
            "%@ %@ 变成一行 %@ 个数；没有任何计算，只改变形状",
        "%@ %@ becomes %@; nothing is computed, only the shape changes":
            "%@ %@ 变成 %@；没有任何计算，只改变形状",
        "reading order: map by map, each row left to right: index = map·%@ + row·%@ + column":
            "读取顺序：一张图接一张图，每行从左到右：下标 = 图·%@ + 行·%@ + 列",
        "reading order: row by row, left to right: index = row·%@ + column":
            "读取顺序：逐行从左到右：下标 = 行·%@ + 列",
        "reading order: as it is": "读取顺序：保持原样",
        "maps %@…%@ not drawn; y holds them after these, in order": "第 %@…%@ 张图未画出；y 按顺序把它们接在这些之后",
        "nothing to flatten: the input is empty": "没有可展平的：输入为空",
        "y = x.flatten(start_dim=%@, end_dim=%@): %@ → %@ · the values keep their order":
            "y = x.flatten(start_dim=%@, end_dim=%@)：%@ → %@ · 数值顺序不变",
        "empty input": "输入为空",
        "no statistics for an empty input": "输入为空，没有统计量",
        "+ adds another activation's curve · < > narrow or widen x": "+ 添加另一个激活函数的曲线 · < > 缩小或放大 x 范围",
        "%@ activations on one plot · + adds, − removes · < > narrow or widen x": "%@ 个激活函数在同一张图上 · + 添加，− 移除 · < > 缩放 x",
        "x in [−%@, %@] · %@ input values marked · kinks labelled": "x 范围 [−%@, %@] · 标出 %@ 个输入值 · 标注折点",
        "x in [−%@, %@] · %@ input value marked · kinks labelled": "x 范围 [−%@, %@] · 标出 %@ 个输入值 · 标注折点",
        "the same window through both, one colour scale for all three: %@": "同一个窗口经过两种池化，三者共用一个颜色刻度：%@",
        "AvgPool2d has no dilation: its windows are solid (dilation=%@ applies to the max only)":
            "AvgPool2d 没有 dilation：它的窗口是实心的（dilation=%@ 只作用于最大池化）",
        "raising another class's logit raises the loss · c sweeps another logit": "提高其他类别的 logit 会使损失上升 · c 扫动另一个 logit",
        "channels %@…%@ of %@ (c to step)": "第 %@…%@ 个通道，共 %@ 个（c 切换）",
        "+%@ more output channels (c to step)": "还有 %@ 个输出通道（c 切换）",
        "… %@ more groups": "… 还有 %@ 组",
        "weight %@ = (out_channels, in_channels/groups, kH, kW)": "weight %@ = (out_channels, in_channels/groups, kH, kW)",
        "the output %@ has no elements: no window to show": "输出 %@ 没有元素：没有窗口可显示",
        "row bins: %@": "行 bin：%@",
        "col bins: %@": "列 bin：%@",
        "Σ window·weight over in c%@ = %@": "输入通道 c%@ 上 Σ 窗口·权重 = %@",
        "input[0, %@] (item 0's target logit)": "input[0, %@]（第 0 个样本目标类别的 logit）",
        // Map titles (the size and sampling that follow are kept as they are).
        "input c%@": "输入 c%@",
        "output c%@": "输出 c%@",
        "padded input c%@": "补零后输入 c%@",
        "output max c%@": "最大池化输出 c%@",
        "output avg c%@": "平均池化输出 c%@",
        "train output c%@": "训练输出 c%@",
        "eval output c%@": "评估输出 c%@",
        "window c%@": "窗口 c%@",
        "divisor per output%@": "每个输出的除数%@",
        "mask c%@": "掩码 c%@",
        "weight[%@] %@ reads input channels %@…%@ · bias[%@] = %@":
            "weight[%@] %@ 读取输入通道 %@…%@ · bias[%@] = %@",
        "weight[%@] %@ reads input channels %@…%@ · no bias":
            "weight[%@] %@ 读取输入通道 %@…%@ · 没有 bias",
        "output[%@, %@, %@] = %@ reads a %@×%@ window (dilation %@,%@) starting at input row %@, col %@":
            "output[%@, %@, %@] = %@ 读取一个 %@×%@ 窗口（dilation %@,%@），起点为输入第 %@ 行第 %@ 列",
        "[] kernel taps · %@":
            "[] 卷积核的点 · %@",
        "zero padding":
            "补零",
        "zero padding · the sum runs over input channels %@…%@; one is shown":
            "补零 · 求和遍及输入通道 %@…%@；这里只显示一个",
        "zero padding · gaps between taps are dilation holes":
            "补零 · 点之间的空隙是 dilation 留下的洞",
        "in c%@: %@×%@ taps at rows %@, cols %@; %@ read %@":
            "输入通道 c%@：%@×%@ 个点，位于第 %@ 行、第 %@ 列；%@ 个读到%@",
        "in c%@: %@×%@ taps at rows %@, cols %@":
            "输入通道 c%@：%@×%@ 个点，位于第 %@ 行、第 %@ 列",
        "<> marks each argmax (return_indices gives row·W + col); %@ distinct positions, %@ chosen by overlapping windows":
            "<> 标出每个 argmax（return_indices 给出 row·W + col）；%@ 个不同位置，其中 %@ 个被重叠窗口选中",
        "<> marks each argmax (return_indices gives row·W + col); %@ distinct positions":
            "<> 标出每个 argmax（return_indices 给出 row·W + col）；%@ 个不同位置",
        "output = sum of the window / divisor · %@":
            "输出 = 窗口之和 / 除数 · %@",
        "count_include_pad=True: padding counts, the ceil-mode overhang does not":
            "count_include_pad=True：padding 计入，ceil 模式超出的部分不计入",
        "count_include_pad=False: only input cells count":
            "count_include_pad=False：只计输入格",
        "divisor_override=%@ divides every window":
            "divisor_override=%@ 作为每个窗口的除数",
        "kernel %@×%@ = %@ cells; smaller divisors are windows cut by the edge":
            "窗口 %@×%@ = %@ 格；更小的除数来自被边缘截断的窗口",
        "x = %@ · μ = %@, σ² = %@: the running statistics after %@ training passes":
            "x = %@ · μ = %@，σ² = %@：%@ 次训练前向后的滑动统计量",
        "eval(): dropout passes x through: y = x = %@":
            "eval()：dropout 原样传递 x：y = x = %@",
        "eval(): dropout is the identity — output equals input, nothing dropped, nothing scaled":
            "eval()：dropout 是恒等映射——输出等于输入，不丢弃也不缩放",
        "x along dim=%@: %@ · max = %@":
            "沿 dim=%@ 的 x：%@ · 最大值 = %@",
        "row %@ of %@ (c to step): y = x·Wᵀ + b, x (%@) → y (%@)":
            "第 %@ 行，共 %@ 行（c 切换）：y = x·Wᵀ + b，x (%@) → y (%@)",
        "channel %@ after %@ training passes on the same batch: running_mean = %@, running_var = %@":
            "通道 %@ 在同一批上训练 %@ 次后：running_mean = %@，running_var = %@",
        "channel %@ after %@ training pass on the same batch: running_mean = %@, running_var = %@":
            "通道 %@ 在同一批上训练 %@ 次后：running_mean = %@，running_var = %@",
        "%@ sweeps around its value %@; the rest stays; ● is the current loss":
            "%@ 在其值 %@ 附近扫动；其余不变；● 是当前损失",
        "%@ sweeps around its value %@; the rest stays; ● is the current loss · nn.%@ on the same data for comparison":
            "%@ 在其值 %@ 附近扫动；其余不变；● 是当前损失 · 同一数据上的 nn.%@ 用于对比",
        "dropped %@ of %@ elements = %@% (p = %@%) · survivors × 1/(1−p) = %@":
            "丢弃 %@/%@ 个元素 = %@%（p = %@%）· 保留的 × 1/(1−p) = %@",
        "dropped %@ of %@ channels = %@% (p = %@%) · survivors × 1/(1−p) = %@":
            "丢弃 %@/%@ 个通道 = %@%（p = %@%）· 保留的 × 1/(1−p) = %@",
        "item 0, channel by channel: kept %@ · channel %@ is kept":
            "第 0 个样本逐通道：保留 %@ · 通道 %@ 被保留",
        "item 0, channel by channel: kept %@ · channel %@ is dropped":
            "第 0 个样本逐通道：保留 %@ · 通道 %@ 被丢弃",
        "output[%@, %@, %@] = %@ = max of the [] window starting at row %@, col %@":
            "output[%@, %@, %@] = %@ = [] 窗口的最大值，窗口起点为第 %@ 行第 %@ 列",
        "output[%@, %@, %@] = %@ = mean of the [] window starting at row %@, col %@":
            "output[%@, %@, %@] = %@ = [] 窗口的平均值，窗口起点为第 %@ 行第 %@ 列",
        "the %@ items not ignored":
            "%@ 个未被忽略的样本",
        "stride %@ · padding %@ · dilation %@ · padding counts as −∞ (it never wins)":
            "stride %@ · padding %@ · dilation %@ · 补的值视为 −∞（永远不会胜出）",
        "train: normalised with the batch's biased variance; running_var gets the unbiased one · %@":
            "训练：用本批的有偏方差归一化；running_var 记录无偏方差 · %@",
        "eval: normalised with the running statistics · %@":
            "评估：用滑动统计量归一化 · %@",
        "no running statistics":
            "没有滑动统计量",
        "reduction='mean': Σ of the item losses %@ / %@ (%@) = %@":
            "reduction='mean'：各样本损失之和 %@ / %@（%@）= %@",
        "reduction='sum': Σ of the %@ item losses = %@":
            "reduction='sum'：%@ 个样本损失之和 = %@",
        "c another item":
            "c 换一个样本",
        "x = %@ · μ = %@, σ² = %@: this batch's mean and biased variance over N·H·W = %@ values":
            "x = %@ · μ = %@，σ² = %@：本批在 N·H·W = %@ 个值上的均值和有偏方差",
        "sum of the %@ input cells = %@":
            "%@ 个输入格之和 = %@",
        "sum of the %@ input cell = %@":
            "%@ 个输入格之和 = %@",
        "divisor = %@·%@ = %@, the cells of the bin":
            "除数 = %@·%@ = %@，即 bin 的格数",
        "divisor = %@·%@ = %@: count_include_pad=True counts the padding":
            "除数 = %@·%@ = %@：count_include_pad=True 把 padding 计入",
        "y = 0: dropped values are zero, the others are scaled up":
            "y = 0：被丢弃的值为零，其余的被放大",
        "x = %@ · this element was kept (each kept with probability 1 − p = %@)":
            "x = %@ · 这个元素被保留（每个元素以 1 − p = %@ 的概率保留）",
        "x = %@ · this element was dropped (each kept with probability 1 − p = %@)":
            "x = %@ · 这个元素被丢弃（每个元素以 1 − p = %@ 的概率保留）",
        "x = %@ · channel %@ of item 0 was kept (each kept with probability 1 − p = %@)":
            "x = %@ · 第 0 个样本的通道 %@ 被保留（每个以 1 − p = %@ 的概率保留）",
        "x = %@ · channel %@ of item 0 was dropped (each kept with probability 1 − p = %@)":
            "x = %@ · 第 0 个样本的通道 %@ 被丢弃（每个以 1 − p = %@ 的概率保留）",
        "f(x) = %@   f′(x) = %@ (the gradient PyTorch's backward gives this element)":
            "f(x) = %@   f′(x) = %@（PyTorch 的 backward 给这个元素的梯度）",
        "no other tap equals it":
            "没有其他点与它相等",
        "max = %@ at input row %@, col %@ → index %@·%@ + %@ = %@ (what return_indices gives)":
            "max = %@，位于输入第 %@ 行第 %@ 列 → 下标 %@·%@ + %@ = %@（即 return_indices 给出的值）",
        "←/→ another output feature, c another row":
            "←/→ 换一个输出特征，c 换一行",
        "subtracting the max changes nothing but keeps exp from overflowing · ←/→ another element, c another distribution":
            "减去最大值不改变结果，但能防止 exp 溢出 · ←/→ 换元素，c 换一个分布",
        "raising the target logit lowers the loss · c sweeps another logit":
            "提高目标类别的 logit 使损失下降 · c 扫动另一个 logit",
        "c sweeps another element":
            "c 扫动另一个元素",
        "label_smoothing=0: q is the target distribution":
            "label_smoothing=0：q 就是目标分布",
        "label_smoothing=0: q is the one-hot target":
            "label_smoothing=0：q 是 one-hot 目标",
        "output[%@, %@, %@] pools rows %@…%@, cols %@…%@ ([] marks the bin)":
            "output[%@, %@, %@] 池化第 %@…%@ 行、第 %@…%@ 列（[] 标出 bin）",
        "groups=%@: each output channel sees %@ of %@ input channels":
            "groups=%@：每个输出通道看到 %@ 个输入通道（共 %@ 个）",
        "one colour scale for all of them, centred on 0 · init U(±1/√(fan_in)), fan_in = %@":
            "它们共用一个以 0 为中心的颜色刻度 · 初始化 U(±1/√(fan_in))，fan_in = %@",
        "this batch: mean %@, var %@ (unbiased) — the running values move toward them":
            "本批：均值 %@，方差 %@（无偏）—— 滑动统计量向它们移动",
        "train normalises with this batch's statistics; eval with the running ones after %@ training pass (n adds one, t switches)":
            "训练模式用本批统计量归一化；评估模式用 %@ 次训练前向后的滑动统计量（n 加一次，t 切换）",
        "train normalises with this batch's statistics; eval with the running ones after %@ training passes (n adds one, t switches)":
            "训练模式用本批统计量归一化；评估模式用 %@ 次训练前向后的滑动统计量（n 加一次，t 切换）",
        "train: whole channels zeroed, survivors ×1/(1−p), p=%@ · eval: y = x":
            "训练：整个通道置零，保留的 ×1/(1−p)，p=%@ · 评估：y = x",
        "bin i covers ⌊i·%@/%@⌋ … ⌈(i+1)·%@/%@⌉ rows and ⌊j·%@/%@⌋ … ⌈(j+1)·%@/%@⌉ columns (bins may overlap)":
            "bin i 覆盖第 ⌊i·%@/%@⌋ … ⌈(i+1)·%@/%@⌉ 行和第 ⌊j·%@/%@⌋ … ⌈(j+1)·%@/%@⌉ 列（bin 可能重叠）",
        "per input channel: %@":
            "各输入通道：%@",
    ]

    /// The render core's widgets' own words (legends and the keys to their marks).
    static let widgetWords: [String: String] = [
        "0 centred": "0 居中", "local": "各自", "shared": "共用", ", ": "，",
        "value": "数值", "padding": "补零", "overhang": "超出", "dropped": "丢弃", "not yet computed": "尚未计算",
        "window": "窗口", "selected": "所选", "kept": "保留",
    ]

    /// Each entry's English split at its values, the most literal first.
    private static let templates: [(english: String, pieces: [String])] = chinese.keys
        .map { ($0, $0.pieces(separatedBy: "%@")) }
        .sorted { $0.pieces.joined().count > $1.pieces.joined().count }

    /// A value inside a matched caption: a phrase with an entry of its own, else as it is.
    private static func sayValue(_ value: String) -> String {
        guard value.contains(" ") else { return value }
        for (key, pieces) in templates where pieces.count > 1 {
            guard let values = UIText.match(value, pieces), let template = chinese[key] else { continue }
            var out = template
            for inner in values { out = out.replacingFirst("%@", with: inner) }
            return out
        }
        return value
    }

    /// `english` in Chinese when an entry matches it, else as it is.
    static func say(_ english: String) -> String {
        if let exact = chinese[english], !english.contains("%@") { return exact }
        for (key, pieces) in templates where pieces.count > 1 {
            guard let values = UIText.match(english, pieces), let template = chinese[key] else { continue }
            var out = template
            // A value that is itself a phrase (\"the 3 items not ignored\") is said too.
            for value in values { out = out.replacingFirst("%@", with: chinese[value] ?? sayValue(value)) }
            return out
        }
        return english
    }
}
