// ChineseCatalog: the Chinese for the catalog's own words — each layer's one-line description, each
// parameter's meaning, the keys' help lines and the notes on what surprises learners — keyed by the
// English text itself, so that a test can check that every English text has its Chinese.

public enum ChineseCatalog {
    static let text: [String: String] = [
        "2-D cross-correlation of an image with learned filters":
            "用可学习的卷积核对图像做二维互相关",
        "Maximum over sliding windows of each channel":
            "在每个通道的滑动窗口上取最大值",
        "Average over sliding windows of each channel":
            "在每个通道的滑动窗口上取平均值",
        "Maximum over windows chosen to give a fixed output size":
            "按固定输出大小划分窗口，取最大值",
        "Average over windows chosen to give a fixed output size":
            "按固定输出大小划分窗口，取平均值",
        "Logistic function 1/(1+e^-x), element-wise, into (0, 1)":
            "逻辑函数 1/(1+e^-x)，逐元素，取值在 (0, 1)",
        "Hyperbolic tangent, element-wise, into (-1, 1)":
            "双曲正切，逐元素，取值在 (-1, 1)",
        "Rectified linear unit max(0, x), element-wise":
            "线性整流单元 max(0, x)，逐元素",
        "x for x > 0, negative_slope*x otherwise, element-wise":
            "x > 0 时为 x，否则为 negative_slope*x，逐元素",
        "ReLU clipped at 6: min(max(0, x), 6), element-wise":
            "在 6 处截断的 ReLU：min(max(0, x), 6)，逐元素",
        "Gaussian error linear unit x*Phi(x), exact or tanh-approximated":
            "高斯误差线性单元 x*Phi(x)，精确或用 tanh 近似",
        "Scaled exponential linear unit: lambda*x or lambda*alpha*(e^x - 1)":
            "缩放指数线性单元：lambda*x 或 lambda*alpha*(e^x - 1)",
        "Exponentiate and normalise each slice along dim to sum to 1":
            "沿 dim 取指数并归一化，使每组之和为 1",
        "Normalise each channel over the batch, then scale and shift":
            "在整批上对每个通道归一化，再缩放和平移",
        "Affine map of the last dimension: y = x·Wᵀ + b":
            "对最后一维做仿射变换：y = x·Wᵀ + b",
        "Zero elements with probability p in training, scaling survivors by 1/(1-p)":
            "训练时以概率 p 把元素置零，保留的乘以 1/(1-p)",
        "Zero whole channels with probability p in training, scaling survivors by 1/(1-p)":
            "训练时以概率 p 把整个通道置零，保留的乘以 1/(1-p)",
        "mean absolute error |input − target|":
            "平均绝对误差 |input − target|",
        "mean squared error (input − target)²":
            "均方误差 (input − target)²",
        "log-softmax of logits, then negative log-likelihood of the target classes":
            "先对 logits 做 log-softmax，再取目标类别的负对数似然",
        "Number of channels in the input image":
            "输入图像的通道数",
        "Number of channels produced by the convolution":
            "卷积产生的通道数",
        "Size of the convolving kernel, (kH, kW)":
            "卷积核大小 (kH, kW)",
        "Step of the kernel between output positions, (sH, sW)":
            "相邻输出位置之间卷积核的步长 (sH, sW)",
        "Padding added to all four sides, (pH, pW), or 'same' / 'valid'":
            "四边补零的宽度 (pH, pW)，或 'same' / 'valid'",
        "Spacing between kernel elements, (dH, dW)":
            "卷积核元素之间的间距 (dH, dW)",
        "Number of blocked connections from input channels to output channels":
            "输入通道到输出通道的分组连接数",
        "Whether to add a learnable bias to the output":
            "是否给输出加上可学习的偏置",
        "How the padding is filled: 'zeros', 'reflect', 'replicate' or 'circular'":
            "填充方式：'zeros'、'reflect'、'replicate' 或 'circular'",
        "Where the parameters live; LayerScope computes on the CPU":
            "参数所在的设备；LayerScope 在 CPU 上计算",
        "The parameters' dtype; LayerScope computes in float32":
            "参数的 dtype；LayerScope 用 float32 计算",
        "Size of the window to take a max over, (kH, kW)":
            "取最大值的窗口大小 (kH, kW)",
        "Step of the window (None: kernel_size)":
            "窗口的步长（None 表示等于 kernel_size）",
        "Implicit −∞ padding on both sides, at most kernel_size // 2":
            "两侧隐式填充 −∞，最多 kernel_size // 2",
        "Spacing between the elements of a window":
            "窗口内元素之间的间距",
        "Also return the position of each maximum":
            "同时返回每个最大值的位置",
        "Round the output size up, so a last partial window is kept":
            "输出大小向上取整，保留最后一个不完整的窗口",
        "Size of the window, (kH, kW)":
            "窗口大小 (kH, kW)",
        "Implicit zero padding on both sides, at most kernel_size // 2":
            "两侧隐式补零，最多 kernel_size // 2",
        "Count the zero padding in the divisor":
            "除数中是否计入补的零",
        "Divide every window's sum by this instead (any non-zero int)":
            "改用这个数去除每个窗口的和（任意非零整数）",
        "Target output size (H_out, W_out); None keeps that input dimension":
            "目标输出大小 (H_out, W_out)；None 保持输入的该维度",
        "Overwrite the input (same values; LayerKit never aliases)":
            "就地覆盖输入（数值相同；LayerKit 从不共享内存）",
        "Slope for x <= 0 (any value; negative or > 1 allowed)":
            "x <= 0 时的斜率（任意值；可为负或大于 1）",
        "'none' uses erf; 'tanh' the tanh approximation":
            "'none' 用 erf 精确计算；'tanh' 用 tanh 近似",
        "Dimension along which slices sum to 1 (None: legacy implicit choice, with a warning)":
            "沿哪一维求和为 1（None：旧式隐式选择，会给出警告）",
        "C, the number of channels of the (N, C, H, W) input":
            "C，即 (N, C, H, W) 输入的通道数",
        "added to the variance before the square root, for numerical stability":
            "开平方前加到方差上，保证数值稳定",
        "weight of the new batch in the running statistics; None = cumulative average":
            "新批次在滑动统计量中的权重；None 表示累积平均",
        "learn a per-channel weight (and bias)":
            "为每个通道学习 weight（和 bias）",
        "keep running mean/variance buffers and use them in eval mode":
            "保存滑动均值/方差，并在评估模式下使用",
        "with affine, also learn a per-channel bias":
            "与 affine 一起时，也学习每个通道的 bias",
        "size of the input's last dimension":
            "输入最后一维的大小",
        "size of the output's last dimension":
            "输出最后一维的大小",
        "add a learnable bias":
            "加上可学习的偏置",
        "Probability of an element to be zeroed":
            "元素被置零的概率",
        "Probability of a channel to be zeroed":
            "通道被置零的概率",
        "legacy: average (True) or sum (False) over elements; overrides reduction when given":
            "旧参数：对元素求平均（True）或求和（False）；给出时覆盖 reduction",
        "legacy: False returns per-element losses; overrides reduction when given":
            "旧参数：False 返回逐元素损失；给出时覆盖 reduction",
        "'none': per-element losses, 'mean': their average, 'sum': their sum":
            "'none'：逐元素损失，'mean'：求平均，'sum'：求和",
        "rescaling weight per class, a 1-D tensor of length C":
            "每个类别的缩放权重，长度为 C 的一维张量",
        "class-index target value that contributes neither loss nor gradient":
            "不产生损失也不产生梯度的目标类别下标",
        "mixes the target with the uniform distribution: (1 − ε)·target + ε/C":
            "把目标与均匀分布混合：(1 − ε)·target + ε/C",
        "output feature maps":
            "输出特征图",
        "input channels":
            "输入通道",
        "weights of one output channel":
            "一个输出通道的权重",
        "the input window one output reads":
            "一个输出读取的输入窗口",
        "which input channels each output sees":
            "每个输出看到哪些输入通道",
        "f(x) and f′(x)":
            "f(x) 与 f′(x)",
        "Join the dimensions start_dim to end_dim into one (the values keep their order)":
            "把 start_dim 到 end_dim 的各维合并成一维（数值顺序不变）",
        "First dimension to join (negative: counted from the end)":
            "要合并的第一维（负数：从末尾数起）",
        "Last dimension to join (negative: counted from the end)":
            "要合并的最后一维（负数：从末尾数起）",
        "the maps of one item and the row they become":
            "一个样本的各张图，以及它们变成的那一行",
        "input and output":
            "输入与输出",
        "logits and probabilities along dim":
            "沿 dim 的 logits 与概率",
        "probabilities and targets per item":
            "每个样本的概率与目标",
        "loss per item":
            "每个样本的损失",
        "the loss as one logit sweeps":
            "扫动一个 logit 时的损失",
        "∂loss/∂input":
            "∂loss/∂input",
        "input, target and loss per element":
            "逐元素的输入、目标与损失",
        "the loss as one prediction sweeps":
            "扫动一个预测值时的损失",
        "one window over the padded input":
            "补零后输入上的一个窗口",
        "where each maximum came from":
            "每个最大值来自哪里",
        "max and average pooling side by side":
            "最大池化与平均池化并排",
        "what each output is divided by":
            "每个输出除以多少",
        "the input bin of one output":
            "一个输出对应的输入 bin",
        "per-channel mean and variance":
            "每个通道的均值与方差",
        "running statistics over steps":
            "各步的滑动统计量",
        "train and eval output":
            "训练与评估模式的输出",
        "y = x·Wᵀ + b for one row":
            "一行的 y = x·Wᵀ + b",
        "the weight matrix":
            "权重矩阵",
        "kept and dropped, and the scaling":
            "保留与丢弃，以及缩放",
        "channel":
            "通道",
        "distribution":
            "分布",
        "logit":
            "logit",
        "item":
            "样本",
        "element":
            "元素",
        "row":
            "行",
        "next pane: layers → parameters → scene":
            "下一个面板：层 → 参数 → 画面",
        "previous pane":
            "上一个面板",
        "previous layer / parameter / channel":
            "上一个层 / 参数 / 通道",
        "next layer / parameter / channel":
            "下一个层 / 参数 / 通道",
        "step the parameter down (scene: previous output position)":
            "参数调小（画面中：上一个输出位置）",
        "step the parameter up (scene: next output position)":
            "参数调大（画面中：下一个输出位置）",
        "pair parameter: step both, height or width":
            "成对参数：同时调整、只调高或只调宽",
        "type the parameter's value (layers: go to its parameters)":
            "输入参数值（在层列表中：转到其参数）",
        "set the parameter back to its default":
            "把参数恢复为默认值",
        "load an expression, or 'shape 1,1,8,8' for the input":
            "载入表达式，或用 'shape 1,1,8,8' 设置输入",
        "next view":
            "下一个视图",
        "previous view":
            "上一个视图",
        "next channel (or item)":
            "下一个通道（或条目）",
        "previous channel":
            "上一个通道",
        "next input pattern":
            "下一个输入图案",
        "open a .npy file as the input":
            "打开一个 .npy 文件作为输入",
        "a network learning: the network view (N again: layers)":
            "网络视图：一个正在学习的 nn.Sequential（再按 N：回到各层）",
        "Network view":
            "网络视图",
        "train ↔ pause (training runs on its own thread)":
            "训练 ↔ 暂停（训练在自己的线程上运行）",
        "one training step":
            "训练一步",
        "the previous / next stage (shown up close)":
            "上一个 / 下一个阶段（放大显示）",
        "the previous / next test example":
            "上一个 / 下一个测试样本",
        "the stage as a layer scene, trained weights (Esc: back)":
            "把该阶段作为层场景打开：带着训练好的权重（Esc：返回）",
        "the output whose receptive field is drawn":
            "选择画出感受野的那个输出",
        "narrow screen: stage ↔ boundary or confusion matrix":
            "窄屏：阶段 ↔ 决策边界或混淆矩阵",
        "reset to step 0 with the same initialisation":
            "用同样的初始化重置到第 0 步",
        "a new initialisation (the next seed)":
            "新的初始化（下一个种子）",
        "the next bundled network":
            "下一个内置网络",
        "a new optimiser, e.g. :optim torch.optim.SGD(lr=10)":
            "换一个优化器，例如 :optim torch.optim.SGD(lr=10)",
        "another data set or loss; :seed N; :reset":
            "换数据集或损失；:seed N；:reset",
        "back to the layers":
            "回到各层",
        "the layer's next ready-made example":
            "该层的下一个现成示例",
        "train ↔ eval mode":
            "训练 ↔ 评估模式",
        "new seed: weights, random input, dropout mask":
            "新种子：权重、随机输入、dropout 掩码",
        "one more training step (running statistics)":
            "再做一次训练前向（滑动统计量）",
        "next theme":
            "下一个主题",
        "curves: halve the x-range; lesson: previous step":
            "曲线：x 范围减半；课程中：上一步",
        "curves: double the x-range; lesson: next step":
            "曲线：x 范围加倍；课程中：下一步",
        "play/pause: the window slides over every output":
            "播放/暂停：窗口滑过每一个输出",
        "animation: one step":
            "动画：单步",
        "animation: slower":
            "动画：变慢",
        "animation: faster":
            "动画：变快",
        "the command line that reproduces this screen (copied too)":
            "能重现此画面的命令行（同时复制）",
        "how the selected number is made (drill-down)":
            "所选的数是怎么算出来的（逐步计算）",
        "colour scale: each map's own ↔ one for the view":
            "颜色刻度：每张图各自 ↔ 整个视图共用",
        "zoom: the scene fills the terminal (z again: the panes)":
            "放大：画面占满终端（再按 z 恢复面板）",
        "the lessons (in one: PgDn PgUp > < step, Esc leaves)":
            "课程列表（课程中：PgDn PgUp > < 翻步，Esc 退出）",
        "this help":
            "本帮助",
        "in a room: follow the teacher ↔ explore alone":
            "课堂中：跟随老师 ↔ 自己探索",
        "stop a computation, close help, clear the message":
            "停止计算、关闭帮助、清除消息",
        "quit":
            "退出",
        "load / set it":
            "载入 / 设置",
        "cancel":
            "取消",
        "earlier entries (history)":
            "之前的输入（历史）",
        "move the cursor (also Ctrl-A, Ctrl-E)":
            "移动光标（也可用 Ctrl-A、Ctrl-E）",
        "delete a character":
            "删除一个字符",
        "delete to the start, to the end, the word before":
            "删除到行首、到行尾、删除前一个词",
        "select a layer, a parameter or a view tab; focus a pane":
            "选择层、参数或视图标签；聚焦面板",
        "network view: select a stage, step through them":
            "网络视图：选择阶段，逐个切换",
        "over a parameter: step it; layers: scroll; scene: channel":
            "在参数上：调整；层列表：滚动；画面：换通道",
        "the next step":
            "下一步",
        "the previous step":
            "上一步",
        "leave the lesson, keeping the scene to explore":
            "退出课程，保留画面继续探索",
    ]
}
