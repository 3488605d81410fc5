// Key decoding: what ncurses reports for each key becomes the right `Key`.

import CNcursesw
import Scenes
import TerminalUI
import Testing

@Suite struct KeyDecoderTests {
    private func character(_ code: UInt32) -> Key? { KeyDecoder.decode(status: OK, code: code) }
    private func function(_ code: Int32) -> Key? { KeyDecoder.decode(status: KEY_CODE_YES, code: UInt32(code)) }

    @Test func printableCharacters() {
        #expect(character(0x71) == .character("q"))
        #expect(character(0x3A) == .character(":"))
        #expect(character(0x20) == .character(" "))
        #expect(character(0xE9) == .character("é"))
        #expect(character(0x2192) == .character("→"))
    }

    @Test func controlCharacters() {
        #expect(character(3) == .control("c"))
        #expect(character(1) == .control("a"))
        #expect(character(21) == .control("u"))
        #expect(character(9) == .tab)
        #expect(character(10) == .enter)
        #expect(character(13) == .enter)
        #expect(character(27) == .escape)
        #expect(character(127) == .backspace)
        #expect(character(8) == .backspace)
        #expect(character(0) == nil)
        #expect(character(28) == nil)
    }

    @Test func functionKeys() {
        #expect(function(KEY_UP) == .up)
        #expect(function(KEY_DOWN) == .down)
        #expect(function(KEY_LEFT) == .left)
        #expect(function(KEY_RIGHT) == .right)
        #expect(function(KEY_HOME) == .home)
        #expect(function(KEY_END) == .end)
        #expect(function(KEY_PPAGE) == .pageUp)
        #expect(function(KEY_NPAGE) == .pageDown)
        #expect(function(KEY_BTAB) == .backTab)
        #expect(function(KEY_BACKSPACE) == .backspace)
        #expect(function(KEY_DC) == .delete)
        #expect(function(KEY_ENTER) == .enter)
        #expect(function(KEY_F0 + 1) == .function(1))
        #expect(function(KEY_F0 + 12) == .function(12))
    }

    @Test func codesThatAreNotKeys() {
        #expect(function(KEY_RESIZE) == nil)
        #expect(function(KEY_MOUSE) == nil)
        #expect(function(KEY_F0 + 40) == nil)
        #expect(KeyDecoder.decode(status: ERR, code: 0x71) == nil)
        // A value that is no Unicode scalar (a lone surrogate) is dropped, not trapped on.
        #expect(character(0xD800) == nil)
    }

    @Test func mouseButtons() {
        #expect(KeyDecoder.mouseAction(ls_button1_pressed()) == .press)
        #expect(KeyDecoder.mouseAction(ls_button1_clicked()) == .press)
        #expect(KeyDecoder.mouseAction(ls_button4_pressed()) == .wheelUp)
        #expect(KeyDecoder.mouseAction(ls_button5_pressed()) == .wheelDown)
        #expect(KeyDecoder.mouseAction(ls_button1_released()) == nil)
    }
}
