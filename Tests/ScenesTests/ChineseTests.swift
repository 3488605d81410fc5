// Chinese: every English entry of the program's own words has its Chinese, with the same places for
// values; messages the program builds are found in the table; the catalog's words (layer
// descriptions, parameter meanings, key help) all have Chinese; and Chinese screens fit 80×24 and
// 120×40 with no wide character split or border pushed.

import CellRender
import Foundation
import LayerKit
@testable import Scenes
import Testing

@Suite struct ChineseTests {
    @Test func everyEnglishEntryHasAChineseOneWithTheSamePlaces() {
        for key in UIText.allCases {
            let english = UIText.english[key], chinese = UIText.chinese[key]
            #expect(english != nil, "\(key) has no English")
            #expect(chinese != nil && chinese?.isEmpty == false, "\(key) has no Chinese")
            let places = { (text: String?) in (text ?? "").split(separator: "%", omittingEmptySubsequences: false).count }
            #expect(places(english) == places(chinese), "\(key): the Chinese has other places for values")
        }
    }

    @Test func messagesTheProgramBuildsAreTranslated() throws {
        var workbench = try Workbench(expression: "nn.Conv2d(1, 1, 3)")
        workbench.language = .zh
        workbench.perform(.reseed)
        #expect(workbench.message.map { $0.text(in: .zh) } == "种子 1：新的权重、随机输入和 dropout 掩码")
        workbench.perform(.toggleTraining)
        #expect(workbench.message.map { $0.text(in: .zh) } == "module.eval()（评估模式）")
        workbench.handle(.character("Q"))
        #expect(workbench.message.map { $0.text(in: .zh) } == "'Q' 在这里没有作用；按 ? 查看所有按键")
        // An error in the rule's own words stays English, with a gloss naming the parameter.
        #expect(Workbench.say("stride: must be positive, got 0", in: .zh)
            == "stride: must be positive, got 0  〔stride：取值不符合规则，英文为 PyTorch 原文〕")
        #expect(Workbench.say("RuntimeError: something", in: .en) == "RuntimeError: something")
    }

    @Test func theCatalogsWordsAllHaveChinese() {
        var missing: [String] = []
        for type in Catalog.layerTypes {
            let schema = type.schema
            if ChineseCatalog.lookup(schema.summary) == nil { missing.append(schema.summary) }
            for spec in schema.params where ChineseCatalog.lookup(spec.summary) == nil { missing.append(spec.summary) }
        }
        for binding in KeyMap.bindings where ChineseCatalog.lookup(binding.summary) == nil { missing.append(binding.summary) }
        // Every view's summary and what its selector steps through, from each layer's seed example.
        for layer in Workbench.layers {
            guard let scene = try? Scene(Workbench.examples(for: layer)[0].state()) else { continue }
            for view in scene.views {
                if ChineseCatalog.lookup(view.summary) == nil { missing.append(view.summary) }
                let noun = Pictures.picture(for: layer)?.stepNoun(viewNamed: view.name)
                if let noun, ChineseCatalog.lookup(noun) == nil { missing.append(noun) }
            }
        }
        for hint in KeyMap.promptKeys + KeyMap.mouseActions + KeyMap.lessonKeys where ChineseCatalog.lookup(hint.summary) == nil {
            missing.append(hint.summary)
        }
        #expect(missing.isEmpty, "no Chinese for: \(missing.joined(separator: " | "))")
    }

    @Test(arguments: [(80, 24), (120, 40)])
    func chineseScreensFitWithNoSplitGlyph(width: Int, height: Int) throws {
        var workbench = try Workbench(state: nil)
        workbench.language = .zh
        var screens: [[String]] = []
        func capture() { screens.append(WorkbenchScreen.render(workbench, width: width, height: height, color: false, ascii: false).grid.lines) }
        capture()
        workbench.handle(.tab); capture()
        workbench.handle(.tab); capture()
        workbench.handle(.character("?")); capture()
        workbench.handle(.escape)
        workbench.handle(.character("y")); capture()
        for lines in screens {
            #expect(lines.count == height)
            for line in lines {
                #expect(TextWidth.of(line) == width, "'\(line)' is \(TextWidth.of(line)) columns")
            }
        }
        let all = screens.flatMap { $0 }.joined(separator: "\n")
        #expect(all.contains("参数") && all.contains("帮助") && all.contains("按键") && all.contains("分享"))
    }

    @Test func picturesSayTheirHeaderTabsAndCaptionsInChinese() throws {
        let relu = try Scene(SceneState(expression: "nn.ReLU()"))
        let lines = relu.render(width: 80, height: 20, options: RenderOptions(color: false, ascii: false), language: .zh).lines
        #expect(lines.contains { $0.contains("输入 (4, 8) random → 输出 (4, 8) · 训练 · 种子 0") })
        #expect(lines.contains { $0.contains("视图:[curve] maps") && $0.contains("f(x) 与 f′(x)") })
        #expect(lines.contains { $0.contains("x 范围 [−4, 4] · 标出 32 个输入值 · 标注折点") })
        #expect(lines.allSatisfy { TextWidth.of($0) == 80 })
        // A value inside a caption that is a phrase of its own is said too.
        var loss = try SceneState(expression: "nn.CrossEntropyLoss()")
        loss.explain = true
        let said = try Scene(loss).render(width: 100, height: 30, options: RenderOptions(color: false, ascii: false), language: .zh).lines
        #expect(said.contains { $0.contains("reduction='mean'：各样本损失之和") && $0.contains("（3 个未被忽略的样本）") })
        // Map titles too, while a click still finds the output map by its own title.
        var pool = try SceneState(expression: "nn.MaxPool2d(3, stride=2)")
        pool.shape = [1, 1, 10, 10]
        let poolScene = try Scene(pool)
        let titled = poolScene.render(width: 100, height: 24, options: RenderOptions(color: false, ascii: false), language: .zh).lines
        #expect(titled.contains { $0.contains("补零后输入 c0  10×10") && $0.contains("输出 c0  4×4") })
        let options = RenderOptions(color: false, ascii: false)
        let hit = (0..<24).lazy.flatMap { y in (0..<100).lazy.map { x in (x, y) } }.first { x, y in
            poolScene.output(atX: x, y: y, width: 100, height: 24, options: options, language: .zh) != nil
        }
        #expect(hit != nil, "no output map to click in the Chinese picture")
        // ASCII cannot draw Chinese: the picture stays English.
        let ascii = relu.render(width: 80, height: 20, options: .plainASCII, language: .zh).lines
        #expect(ascii.contains { $0.contains("input (4, 8) random -> output (4, 8) * train * seed 0") })
        for (english, chinese) in PictureText.chinese {
            #expect(english.components(separatedBy: "%@").count == chinese.components(separatedBy: "%@").count, "\(english)")
        }
    }
}
