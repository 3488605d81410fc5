// The prompt's line editing and history.

import Scenes
import Testing

private func type(_ text: String, into editor: inout LineEditor) {
    for c in text { _ = editor.handle(.character(c)) }
}

@Suite struct LineEditorTests {
    @Test func typingMovingAndDeleting() {
        var editor = LineEditor()
        type("nn.ReLU()", into: &editor)
        #expect(editor.text == "nn.ReLU()" && editor.cursor == 9)
        _ = editor.handle(.left)
        type("True", into: &editor)
        #expect(editor.text == "nn.ReLU(True)")
        _ = editor.handle(.home)
        _ = editor.handle(.delete)
        #expect(editor.text == "n.ReLU(True)" && editor.cursor == 0)
        _ = editor.handle(.end)
        _ = editor.handle(.backspace)
        #expect(editor.text == "n.ReLU(True")
        _ = editor.handle(.control("w"))
        #expect(editor.text == "")
        // Deleting at the edges does nothing.
        _ = editor.handle(.backspace)
        _ = editor.handle(.delete)
        #expect(editor.text == "" && editor.cursor == 0)
    }

    @Test func killToStartAndEnd() {
        var editor = LineEditor(text: "nn.Conv2d(1, 4, 3)")
        for _ in 0..<4 { _ = editor.handle(.left) }
        _ = editor.handle(.control("k"))
        #expect(editor.text == "nn.Conv2d(1, 4")
        _ = editor.handle(.control("a"))
        _ = editor.handle(.right)
        _ = editor.handle(.right)
        _ = editor.handle(.right)
        _ = editor.handle(.control("u"))
        #expect(editor.text == "Conv2d(1, 4" && editor.cursor == 0)
    }

    @Test func enterSubmitsAndEscapeCancels() {
        var editor = LineEditor(text: "nn.Tanh()")
        #expect(editor.handle(.enter) == .submit("nn.Tanh()"))
        #expect(editor.handle(.escape) == .cancel)
        #expect(editor.handle(.control("c")) == .cancel)
    }

    @Test func historyWalksBackAndReturnsToTheDraft() {
        var editor = LineEditor(history: ["nn.ReLU()", "nn.GELU()"])
        type("nn.Sig", into: &editor)
        _ = editor.handle(.up)
        #expect(editor.text == "nn.GELU()")
        _ = editor.handle(.up)
        #expect(editor.text == "nn.ReLU()")
        _ = editor.handle(.up)
        #expect(editor.text == "nn.ReLU()")
        _ = editor.handle(.down)
        _ = editor.handle(.down)
        #expect(editor.text == "nn.Sig" && editor.cursor == 6)
        _ = editor.handle(.down)
        #expect(editor.text == "nn.Sig")
    }

    @Test func controlCharactersAreNotInserted() {
        var editor = LineEditor()
        editor.insert("\u{7}")
        editor.insert("\n")
        editor.insert("\u{7F}")
        #expect(editor.text.isEmpty)
    }

    @Test func theLineStopsAtItsLimitAndSaysSoOnce() {
        var editor = LineEditor(limit: 8)
        type("nn.ReLU()", into: &editor)
        #expect(editor.text == "nn.ReLU(" && editor.cursor == 8)
        let notice = editor.notice
        #expect(notice == "at most 8 characters: the rest was dropped")
        // More dropped characters change nothing: one notice for the whole paste.
        type(String(repeating: "x", count: 1000), into: &editor)
        #expect(editor.text == "nn.ReLU(" && editor.notice == notice)
        // The next other key clears it; room made, a character fits again without a notice.
        _ = editor.handle(.backspace)
        #expect(editor.notice == nil && editor.text == "nn.ReLU")
        type(")", into: &editor)
        #expect(editor.text == "nn.ReLU)" && editor.notice == nil)
        // In the middle of a full line, too, the character is dropped and the text kept.
        _ = editor.handle(.home)
        type("x", into: &editor)
        #expect(editor.text == "nn.ReLU)" && editor.cursor == 0 && editor.notice != nil)
        _ = editor.handle(.right)
        #expect(editor.notice == nil && editor.cursor == 1)
    }

    @Test func startingTextAndHistoryAreCutToTheLimit() {
        var editor = LineEditor(text: "abcdefghij", history: ["0123456789"], limit: 4)
        #expect(editor.text == "abcd" && editor.cursor == 4 && editor.notice == nil)
        _ = editor.handle(.up)
        #expect(editor.text == "0123" && editor.cursor == 4)
        _ = editor.handle(.down)
        #expect(editor.text == "abcd")
        #expect(LineEditor().limit == LineEditor.defaultLimit && LineEditor.defaultLimit == 4096)
    }
}
