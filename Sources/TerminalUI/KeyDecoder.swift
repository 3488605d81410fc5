// KeyDecoder: ncurses' key codes (what `wget_wch` reports) as the model's `Key` values.

import CNcursesw
import Scenes

/// Turns `wget_wch` results into keys.
public enum KeyDecoder {
    /// The key for a `wget_wch` result: `status` is `OK` for a character or `KEY_CODE_YES` for a
    /// function key, `code` the character or the `KEY_*` code. Nil for codes that are not keys
    /// (`KEY_RESIZE`, `KEY_MOUSE`, unknown function keys, lone control characters without a letter).
    public static func decode(status: Int32, code: UInt32) -> Key? {
        if status == KEY_CODE_YES {
            return functionKey(Int32(bitPattern: code))
        }
        guard status == OK else { return nil }
        switch code {
        case 9: return .tab
        case 10, 13: return .enter
        case 27: return .escape
        case 8, 127: return .backspace
        case 0: return nil  // Ctrl-Space / Ctrl-@
        case 1...26: return .control(Character(Unicode.Scalar(UInt8(96 + code))))
        case 28...31: return nil
        default:
            guard let scalar = Unicode.Scalar(code) else { return nil }
            return .character(Character(scalar))
        }
    }

    private static func functionKey(_ code: Int32) -> Key? {
        switch code {
        case KEY_UP: return .up
        case KEY_DOWN: return .down
        case KEY_LEFT: return .left
        case KEY_RIGHT: return .right
        case KEY_HOME: return .home
        case KEY_END: return .end
        case KEY_PPAGE: return .pageUp
        case KEY_NPAGE: return .pageDown
        case KEY_ENTER: return .enter
        case KEY_BTAB: return .backTab
        case KEY_BACKSPACE: return .backspace
        case KEY_DC: return .delete
        case (KEY_F0 + 1)...(KEY_F0 + 12): return .function(Int(code - KEY_F0))
        default: return nil
        }
    }

    /// The mouse action for an ncurses button state, if it is one the program uses.
    public static func mouseAction(_ state: mmask_t) -> MouseEvent.Action? {
        if state & ls_button4_pressed() != 0 { return .wheelUp }
        if state & ls_button5_pressed() != 0 { return .wheelDown }
        if state & (ls_button1_pressed() | ls_button1_clicked()) != 0 { return .press }
        return nil
    }
}
