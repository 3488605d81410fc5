// UIText: the interactive program's own words, in one table per language. Every key has an English
// and a Chinese entry (a test checks it); `%@` marks where a value goes. PyTorch's error messages are
// not here: they stay in English, as PyTorch prints them (a Chinese screen adds a gloss).

/// One thing the program says.
public enum UIText: String, CaseIterable, Sendable {
    case lessonLastStep, lessonFirstStep, lessonLeft, lessonLocked
    case lessonStep, lessonGoal, lessonGoalReached, lessonNext, lessonHint, lessonKeys
    case lessonsTitle, lessonsFooter, lessonsNone, lessonsSteps
    case paneLayers, paneParameters, paneScene, paneHelp, paneShare
    case footerChoose, footerStep, footerHelp, footerShare
    case headerHelp, headerTrain, headerEval, headerSeed
    case groupConvolution, groupPooling, groupActivation, groupNormalization, groupLinear, groupLoss
    case sceneInput, sceneOutput, sceneTarget, sceneTyped, sceneView
    case roomWaiting, roomConnected, roomLeft, roomFollowing, roomExploring, roomNotFollowing, headerFollowing, headerExploring, headerLeading
    case tooSmall, helpLesson, sceneLastValid, sceneNone, footerScene
    // Messages of the status line, matched against the English the program builds (`translate`).
    case netField, netNoMap, netSteps, netTraining, netPaused, netOneStep, netExample, netBundled, netLayers, netOptim, netStage, netBack, netNothing, netOpened, netCatchingUp, netNewInit, netReset, hintsNetwork
    case msgPairHint, msgPairBoth, msgPairHeight, msgPairWidth, msgRequired, msgTypeOneValue, msgEnterTypes, msgTensorOrNone, msgNoneSmallest, msgFirstChoice, msgSmallest, msgLargest, msgExample, msgInputShape, msgInputTyped, msgInputPatternAgain, msgTargetTyped, msgTargetSeeded, msgKernelSet, msgWeightsDefault, msgInput, msgOutputSelectedHint, msgOutputSelected, msgTrain, msgEval, msgSeed, msgCompareAll, msgCompareOnly, msgCompareOn, msgXRangeSym, msgXRange, msgNoWindow, msgNoElements, msgDrillOff, msgDrillOn, msgNoDrill, msgScaleShared, msgScaleLocal, msgPassesEval, msgPassEval, msgPasses, msgPass, msgNothingHere, msgResetHint, msgPaused, msgPlaying, msgTheEnd, msgSpeed, msgTheme, msgComputing, msgCancelling, hintsLayers, hintsParameters, hintsScene, hintsZoom, noParameters, paramDefault, paramRequired, paramFixed, helpKeys, helpPrompt, helpMouse, shareCommand, shareCompact, glossParameter, glossError

    /// The text in `language` (English where a Chinese entry were missing; a test forbids that).
    public func text(_ language: Language) -> String {
        (language == .zh ? UIText.chinese[self] : nil) ?? UIText.english[self] ?? rawValue
    }

    /// The text with each `%@` replaced, in order, by `values`.
    public func text(_ language: Language, _ values: String...) -> String {
        var out = text(language)
        for value in values { out = out.replacingFirst("%@", with: value) }
        return out
    }

    public static let english: [UIText: String] = [
        .lessonLastStep: "this is the lesson's last step · Esc leaves the lesson, L lists the others",
        .lessonFirstStep: "this is the lesson's first step",
        .lessonLeft: "left the lesson; the scene stays to explore · L opens a lesson again",
        .lessonLocked: "%@ is fixed in this step of the lesson (Esc leaves the lesson to change it)",
        .lessonStep: "step %@/%@",
        .lessonGoal: "goal: %@",
        .lessonGoalReached: "✓ goal reached: %@",
        .lessonNext: "PgDn (or >) for the next step",
        .lessonHint: "hint: %@",
        .lessonKeys: "PgDn/> next · PgUp/< back · Esc leave",
        .lessonsTitle: "Lessons",
        .lessonsFooter: "↑↓ choose · Enter open · Esc close",
        .lessonsNone: "no lessons were found",
        .lessonsSteps: "%@ steps",
        .paneLayers: "Layers",
        .paneParameters: "Parameters",
        .paneScene: "Scene",
        .paneHelp: "Help",
        .paneShare: "Share",
        .footerChoose: "↑↓ choose",
        .footerStep: "←→ step · Enter type",
        .footerHelp: "↑↓ scroll · Esc close",
        .footerShare: "any key closes",
        .headerHelp: "? help",
        .headerTrain: "train",
        .headerEval: "eval",
        .headerSeed: "seed",
        .tooSmall: "terminal too small: %@, need %@",
        .helpLesson: "In a lesson (L)",
        .roomWaiting: "waiting for the teacher to open %@… (q quits)",
        .roomConnected: "following %@: the screen shows the teacher's · f explores on your own",
        .roomLeft: "the teacher left %@: the last state stays to explore (it follows again when they return)",
        .roomFollowing: "following %@ again",
        .roomExploring: "exploring on your own · f follows %@ again",
        .roomNotFollowing: "f follows a room: start with layerscope follow ROOM",
        .headerFollowing: "following %@",
        .headerExploring: "exploring · f follows %@",
        .headerLeading: "leading %@ (%@ following)",
        .sceneInput: "input",
        .sceneOutput: "output",
        .sceneTarget: "target",
        .sceneTyped: "typed",
        .sceneView: "view:",
        .groupConvolution: "Convolution",
        .groupPooling: "Pooling",
        .groupActivation: "Non-linear activations",
        .groupNormalization: "Normalization",
        .groupLinear: "Linear",
        .groupLoss: "Loss",
        .sceneLastValid: "last valid: %@",
        .sceneNone: "no picture yet",
        .footerScene: "v view · c channel · ←→ position",
        .msgPairHint: "Space chooses which part of a pair parameter ←/→ step",
        .msgPairBoth: "%@: ←/→ now step both parts",
        .msgPairHeight: "%@: ←/→ now step the height only",
        .msgPairWidth: "%@: ←/→ now step the width only",
        .msgRequired: "%@ is required: it has no default",
        .msgTypeOneValue: "%@: type one Python value, e.g. %@",
        .msgEnterTypes: "%@: Enter types a new value",
        .msgTensorOrNone: "%@: press Enter and type torch.tensor([...]) or None",
        .msgNoneSmallest: "%@: None (the kernel size) is the smallest choice",
        .msgFirstChoice: "%@: '%@' is the first choice",
        .msgSmallest: "%@: %@ is the smallest value the editor steps to, in %@; Enter types any value",
        .msgLargest: "%@: %@ is the largest value the editor steps to, in %@; Enter types any value",
        .msgExample: "example %@/%@: %@ (e for the next)",
        .msgInputShape: "input shape %@",
        .msgInputTyped: "input: %@ typed values",
        .msgInputPatternAgain: "input: the pattern again",
        .msgTargetTyped: "target: %@ typed values",
        .msgTargetSeeded: "target: the seeded one again",
        .msgKernelSet: "weight[%@] = %@, bias 0 (:kernel random restores it)",
        .msgWeightsDefault: "weights: the default initialisation",
        .msgInput: "input: %@",
        .msgOutputSelectedHint: "output (%@, %@) of channel %@ · x shows how it is made",
        .msgOutputSelected: "output (%@, %@) of channel %@",
        .msgTrain: "module.train()",
        .msgEval: "module.eval()",
        .msgSeed: "seed %@: new weights, random input and dropout mask",
        .msgCompareAll: "every activation is on the plot; − removes one",
        .msgCompareOnly: "only nn.%@ is on the plot; + adds another",
        .msgCompareOn: "on the plot: %@",
        .msgXRangeSym: "x in [−%@, %@] (curves are drawn symmetric about 0)",
        .msgXRange: "x in [−%@, %@]",
        .msgNoWindow: "nn.%@ has no window to slide: p plays Conv2d and the pooling layers",
        .msgNoElements: "the output has no elements to fill in",
        .msgDrillOff: "drill-down off",
        .msgDrillOn: "how this number is made: ←/→ choose the output element",
        .msgNoDrill: "this view has no drill-down; the window views do (v)",
        .msgScaleShared: "colour scale: shared by the view's maps (one colour, one value)",
        .msgScaleLocal: "colour scale: each map its own",
        .msgPassesEval: "%@ training passes, then module.eval()",
        .msgPassEval: "%@ training pass, then module.eval()",
        .msgPasses: "%@ training passes",
        .msgPass: "%@ training pass",
        .msgNothingHere: "'%@' does nothing here; ? lists the keys",
        .msgResetHint: "d resets the selected parameter (Tab to the parameters first)",
        .msgPaused: "paused · p plays on, . steps",
        .msgPlaying: "playing at %@ steps a second · p pauses, [ ] speed",
        .msgTheEnd: "the end: every output computed · p plays again",
        .msgSpeed: "%@ steps a second",
        .msgTheme: "theme: %@",
        .msgComputing: "computing… (Esc cancels)",
        .netField: "the receptive field of out[c, %@, %@] of stage %@",
        .netNoMap: "[ ] move the output whose receptive field is drawn: stage %@ has no map",
        .netSteps: "%@ steps taken · p plays on, . steps",
        .netTraining: "training · p pauses, . one step, r new initialisation, R reset",
        .netPaused: "paused · p plays on, . one step",
        .netOneStep: "one step · p plays",
        .netExample: "test example %@ (class %@)",
        .netBundled: "network %@/%@: %@ on %@ (e for the next)",
        .netLayers: "the layers (N opens the network again)",
        .netOptim: "optimiser: %@ from step %@ (its state starts empty)",
        .netStage: "stage %@ with its trained weights · Esc: back to the network",
        .netBack: "back to the network at step %@",
        .netNothing: "'%@' does nothing in the network view; ? lists the keys",
        .netOpened: "p trains, . takes one step, ←→ stages, ↑↓ test examples, Enter opens a stage, ? keys",
        .netCatchingUp: "training %@ steps first… (p plays on, . steps, ? keys)",
        .netNewInit: "new initialisation (seed %@), step 0 · p trains",
        .netReset: "reset to step 0 with the same initialisation (seed %@) · r draws a new one",
        .hintsNetwork: "p train/pause · . step · ←→ stage · ↑↓ example · Enter open stage · :optim … · r R reset · e next network",

        .msgCancelling: "cancelling…",
        .hintsLayers: "↑↓ layer · Tab parameters · : expression · e example · ? help · q quit",
        .hintsParameters: "↑↓ parameter · ←→ step · Space part · Enter type · d default · ? help",
        .hintsScene: "v view · c channel · ←→ position · i input · t train/eval · r seed · n step",
        .hintsZoom: "z panes · %@",
        .noParameters: "no parameters",
        .paramDefault: "default %@",
        .paramRequired: "required",
        .paramFixed: "fixed in this step · ",
        .helpKeys: "Keys",
        .helpPrompt: "In a prompt (:, Enter on a parameter, o)",
        .helpMouse: "Mouse",
        .shareCommand: "This command opens the same screen (copied to the clipboard where the terminal allows):",
        .shareCompact: "The same state on one line (ui --state, render --state, a lesson's state):",
        .glossParameter: "  〔%@：取值不符合规则，英文为 PyTorch 原文〕",
        .glossError: "  〔以上为英文原文报错〕",
    ]

    public static let chinese: [UIText: String] = [
        .lessonLastStep: "这是本课的最后一步 · Esc 退出课程，L 列出其他课程",
        .lessonFirstStep: "这是本课的第一步",
        .lessonLeft: "已退出课程；画面保留，可继续探索 · L 再次打开课程",
        .lessonLocked: "%@ 在本课这一步中是固定的（按 Esc 退出课程后可修改）",
        .lessonStep: "第 %@/%@ 步",
        .lessonGoal: "目标：%@",
        .lessonGoalReached: "✓ 已达成目标：%@",
        .lessonNext: "按 PgDn（或 >）进入下一步",
        .lessonHint: "提示：%@",
        .lessonKeys: "PgDn/> 下一步 · PgUp/< 上一步 · Esc 退出",
        .lessonsTitle: "课程",
        .lessonsFooter: "↑↓ 选择 · Enter 打开 · Esc 关闭",
        .lessonsNone: "没有找到课程",
        .lessonsSteps: "%@ 步",
        .paneLayers: "层",
        .paneParameters: "参数",
        .paneScene: "画面",
        .paneHelp: "帮助",
        .paneShare: "分享",
        .footerChoose: "↑↓ 选择",
        .footerStep: "←→ 调整 · Enter 输入",
        .footerHelp: "↑↓ 滚动 · Esc 关闭",
        .footerShare: "按任意键关闭",
        .headerHelp: "? 帮助",
        .headerTrain: "训练",
        .headerEval: "评估",
        .headerSeed: "种子",
        .tooSmall: "终端太小：%@，至少需要 %@",
        .helpLesson: "课程中（L）",
        .roomWaiting: "等待老师打开 %@…（q 退出）",
        .roomConnected: "正在跟随 %@：画面与老师同步 · f 自己探索",
        .roomLeft: "老师已离开 %@：保留最后的画面供探索（老师回来后会继续跟随）",
        .roomFollowing: "重新跟随 %@",
        .roomExploring: "正在自己探索 · f 重新跟随 %@",
        .roomNotFollowing: "f 用于跟随课堂：先运行 layerscope follow ROOM",
        .headerFollowing: "跟随 %@",
        .headerExploring: "探索中 · f 跟随 %@",
        .headerLeading: "主持 %@（%@ 人跟随）",
        .sceneInput: "输入",
        .sceneOutput: "输出",
        .sceneTarget: "目标",
        .sceneTyped: "手动输入",
        .sceneView: "视图:",
        .groupConvolution: "卷积",
        .groupPooling: "池化",
        .groupActivation: "非线性激活",
        .groupNormalization: "归一化",
        .groupLinear: "线性层",
        .groupLoss: "损失函数",
        .sceneLastValid: "上一个有效的：%@",
        .sceneNone: "还没有画面",
        .footerScene: "v 视图 · c 通道 · ←→ 位置",
        .msgPairHint: "空格键选择 ←/→ 调整成对参数的哪一部分",
        .msgPairBoth: "%@：←/→ 现在同时调整两部分",
        .msgPairHeight: "%@：←/→ 现在只调整高度",
        .msgPairWidth: "%@：←/→ 现在只调整宽度",
        .msgRequired: "%@ 是必填参数：没有默认值",
        .msgTypeOneValue: "%@：请输入一个 Python 值，例如 %@",
        .msgEnterTypes: "%@：按 Enter 输入新值",
        .msgTensorOrNone: "%@：按 Enter 输入 torch.tensor([...]) 或 None",
        .msgNoneSmallest: "%@：None（即核大小）已是最小选项",
        .msgFirstChoice: "%@：'%@' 已是第一个选项",
        .msgSmallest: "%@：%@ 是可步进到的最小值（%@）；按 Enter 可输入任意值",
        .msgLargest: "%@：%@ 是可步进到的最大值（%@）；按 Enter 可输入任意值",
        .msgExample: "示例 %@/%@：%@（按 e 看下一个）",
        .msgInputShape: "输入形状 %@",
        .msgInputTyped: "输入：%@ 个手动输入的值",
        .msgInputPatternAgain: "输入：恢复为图案",
        .msgTargetTyped: "目标：%@ 个手动输入的值",
        .msgTargetSeeded: "目标：恢复为按种子生成",
        .msgKernelSet: "weight[%@] = %@，bias 为 0（:kernel random 可恢复）",
        .msgWeightsDefault: "权重：恢复默认初始化",
        .msgInput: "输入：%@",
        .msgOutputSelectedHint: "输出 (%@, %@)，通道 %@ · 按 x 查看它如何算出",
        .msgOutputSelected: "输出 (%@, %@)，通道 %@",
        .msgTrain: "module.train()（训练模式）",
        .msgEval: "module.eval()（评估模式）",
        .msgSeed: "种子 %@：新的权重、随机输入和 dropout 掩码",
        .msgCompareAll: "所有激活函数都已在图上；按 − 移除一个",
        .msgCompareOnly: "图上只有 nn.%@；按 + 添加另一个",
        .msgCompareOn: "图上：%@",
        .msgXRangeSym: "x 范围 [−%@, %@]（曲线关于 0 对称绘制）",
        .msgXRange: "x 范围 [−%@, %@]",
        .msgNoWindow: "nn.%@ 没有滑动窗口：p 只对 Conv2d 和池化层播放",
        .msgNoElements: "输出没有任何元素可填",
        .msgDrillOff: "已关闭逐步计算",
        .msgDrillOn: "这个数是怎么算出来的：←/→ 选择输出元素",
        .msgNoDrill: "此视图没有逐步计算；窗口视图才有（按 v）",
        .msgScaleShared: "颜色刻度：视图中各图共用（同一颜色代表同一数值）",
        .msgScaleLocal: "颜色刻度：每张图各自独立",
        .msgPassesEval: "%@ 次训练前向，然后 module.eval()",
        .msgPassEval: "%@ 次训练前向，然后 module.eval()",
        .msgPasses: "%@ 次训练前向",
        .msgPass: "%@ 次训练前向",
        .msgNothingHere: "'%@' 在这里没有作用；按 ? 查看所有按键",
        .msgResetHint: "d 把所选参数恢复默认（先按 Tab 到参数栏）",
        .msgPaused: "已暂停 · p 继续播放，. 单步",
        .msgPlaying: "播放中，每秒 %@ 步 · p 暂停，[ ] 调速",
        .msgTheEnd: "结束：所有输出都已算出 · p 重新播放",
        .msgSpeed: "每秒 %@ 步",
        .msgTheme: "主题：%@",
        .msgComputing: "计算中…（Esc 取消）",
        .netField: "out[c, %@, %@] 的感受野（阶段 %@）",
        .netNoMap: "[ ] 移动画出感受野的输出：阶段 %@ 没有特征图",
        .netSteps: "已训练 %@ 步 · p 继续，. 单步",
        .netTraining: "训练中 · p 暂停，. 单步，r 新的初始化，R 重置",
        .netPaused: "已暂停 · p 继续，. 单步",
        .netOneStep: "走了一步 · p 开始训练",
        .netExample: "测试样本 %@（类别 %@）",
        .netBundled: "网络 %@/%@：%@，数据集 %@（e 看下一个）",
        .netLayers: "各层（N 重新打开网络）",
        .netOptim: "优化器：%@，从第 %@ 步起（状态从空开始）",
        .netStage: "阶段 %@，带着训练好的权重 · Esc：回到网络",
        .netBack: "回到网络，第 %@ 步",
        .netNothing: "'%@' 在网络视图里不起作用；? 列出所有按键",
        .netOpened: "p 训练，. 走一步，←→ 选阶段，↑↓ 选测试样本，Enter 打开阶段，? 按键",
        .netCatchingUp: "先训练 %@ 步…（p 继续，. 单步，? 按键）",
        .netNewInit: "新的初始化（种子 %@），第 0 步 · p 训练",
        .netReset: "用同样的初始化（种子 %@）重置到第 0 步 · r 换一个",
        .hintsNetwork: "p 训练/暂停 · . 单步 · ←→ 阶段 · ↑↓ 样本 · Enter 打开阶段 · :optim … · r R 重置 · e 下一个网络",

        .msgCancelling: "正在取消…",
        .hintsLayers: "↑↓ 选层 · Tab 参数 · : 表达式 · e 示例 · ? 帮助 · q 退出",
        .hintsParameters: "↑↓ 选参数 · ←→ 调整 · 空格 部分 · Enter 输入 · d 默认 · ? 帮助",
        .hintsScene: "v 视图 · c 通道 · ←→ 位置 · i 输入 · t 训练/评估 · r 种子 · n 前向",
        .hintsZoom: "z 显示面板 · %@",
        .noParameters: "没有参数",
        .paramDefault: "默认 %@",
        .paramRequired: "必填",
        .paramFixed: "本步固定 · ",
        .helpKeys: "按键",
        .helpPrompt: "输入框中（:、在参数上按 Enter、o）",
        .helpMouse: "鼠标",
        .shareCommand: "这条命令可打开同样的画面（终端支持时已复制到剪贴板）：",
        .shareCompact: "同一状态的单行形式（ui --state、render --state、课程的 state）：",
        .glossParameter: "  〔%@：取值不符合规则，英文为 PyTorch 原文〕",
        .glossError: "  〔以上为英文原文报错〕",
    ]
}

extension UIText {
    /// The keys whose English is matched against messages, the most literal first (a template with
    /// more fixed text is tried before a looser one).
    private static let templates: [(key: UIText, pieces: [String])] = allCases
        .compactMap { key in english[key].map { (key, $0.pieces(separatedBy: "%@")) } }
        .sorted { $0.pieces.joined().count > $1.pieces.joined().count }

    /// `english` (a message the program built) in `language`: the Chinese of the template it
    /// matches, with the same values in its places; nil when no template matches.
    public static func translate(_ english: String, to language: Language) -> String? {
        guard language == .zh else { return english }
        for (key, pieces) in templates {
            guard let values = match(english, pieces) else { continue }
            return key.text(.zh, values: values)
        }
        return nil
    }

    /// The values that fill the `%@` between `pieces` to make `text`, or nil.
    static func match(_ text: String, _ pieces: [String]) -> [String]? {
        guard pieces.count > 1 else { return text == pieces[0] ? [] : nil }
        guard text.hasPrefix(pieces[0]), text.hasSuffix(pieces[pieces.count - 1]),
              text.count >= pieces[0].count + pieces[pieces.count - 1].count else { return nil }
        var rest = Substring(text.dropFirst(pieces[0].count).dropLast(pieces[pieces.count - 1].count))
        var values: [String] = []
        for piece in pieces.dropFirst().dropLast() {
            guard !piece.isEmpty, let range = rest.firstRange(of: piece) else { return nil }
            values.append(String(rest[..<range.lowerBound]))
            rest = rest[range.upperBound...]
        }
        values.append(String(rest))
        return values
    }

    /// The text with each `%@` replaced, in order, by `values`.
    public func text(_ language: Language, values: [String]) -> String {
        var out = text(language)
        for value in values { out = out.replacingFirst("%@", with: value) }
        return out
    }
}

extension StatusMessage {
    /// The message in `language`: English as built; in Chinese, the template's Chinese, or (an
    /// error in PyTorch's or a rule's own words) the English followed by a Chinese gloss naming the
    /// parameter it is about.
    public func text(in language: Language) -> String {
        Workbench.say(text, in: language, isError: isError)
    }
}

extension Workbench {
    /// A line the program shows, in `language` (see `StatusMessage.text(in:)`).
    public static func say(_ english: String, in language: Language, isError: Bool = true) -> String {
        guard language == .zh else { return english }
        if let chinese = UIText.translate(english, to: .zh) { return chinese }
        guard isError else { return english }
        let head = english.prefix { $0 != ":" && $0 != " " }
        if english.dropFirst(head.count).hasPrefix(":"), !head.isEmpty,
           head.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" || $0 == "." }) {
            return english + UIText.glossParameter.text(.zh, String(head))
        }
        return english + UIText.glossError.text(.zh)
    }

    /// A text of the catalog (a layer's description, a parameter's meaning, a key's help line) in
    /// the program's language.
    public func translated(_ english: String) -> String {
        Workbench.translated(english, to: language)
    }

    public static func translated(_ english: String, to language: Language) -> String {
        language == .zh ? ChineseCatalog.lookup(english) ?? english : english
    }

    /// What the program says, in its language.
    public func say(_ english: String, isError: Bool = false) -> String {
        Workbench.say(english, in: language, isError: isError)
    }
}

extension String {
    /// The text with its first `target` replaced by `value`.
    func replacingFirst(_ target: String, with value: String) -> String {
        let pieces = self.pieces(separatedBy: target)
        guard pieces.count > 1 else { return self }
        return pieces[0] + value + pieces[1...].joined(separator: target)
    }
}

extension Workbench {
    /// What the program says for `key`, in its language.
    public func text(_ key: UIText) -> String { key.text(language) }
}

extension ChineseCatalog {
    /// The Chinese for a text of the catalog, if it has one.
    public static func lookup(_ english: String) -> String? { text[english] }
}
