// UIText: the interactive program's own words, in one table per language. Every key has an English
// and a Chinese entry (a test checks it); `%@` marks where a value goes. PyTorch's error messages are
// not here: they stay in English, as PyTorch prints them (a Chinese screen adds a gloss).

/// One thing the program says.
public enum UIText: String, CaseIterable, Sendable {
    case lessonLastStep, lessonFirstStep, lessonLeft, lessonLocked
    case lessonStep, lessonGoal, lessonGoalReached, lessonHint, lessonKeys
    case lessonsTitle, lessonsFooter, lessonsNone, lessonsSteps
    case paneLayers, paneParameters, paneScene, paneHelp, paneShare
    case footerChoose, footerStep, footerHelp, footerShare
    case headerHelp, headerTrain, headerEval, headerSeed
    case tooSmall

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
        .lessonGoalReached: "✓ goal reached: %@ · PgDn for the next step",
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
    ]

    public static let chinese: [UIText: String] = [
        .lessonLastStep: "这是本课的最后一步 · Esc 退出课程，L 列出其他课程",
        .lessonFirstStep: "这是本课的第一步",
        .lessonLeft: "已退出课程；画面保留，可继续探索 · L 再次打开课程",
        .lessonLocked: "%@ 在本课这一步中是固定的（按 Esc 退出课程后可修改）",
        .lessonStep: "第 %@/%@ 步",
        .lessonGoal: "目标：%@",
        .lessonGoalReached: "✓ 已达成目标：%@ · PgDn 进入下一步",
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
    ]
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
