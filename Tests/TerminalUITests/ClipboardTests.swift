// OSC 52 carries the clipboard's text in base64 (RFC 4648), padded.

@testable import TerminalUI
import Testing

@Suite struct ClipboardTests {
    @Test func base64MatchesTheStandardsExamples() {
        let cases = [("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foob", "Zm9vYg=="),
                     ("fooba", "Zm9vYmE="), ("foobar", "Zm9vYmFy")]
        for (plain, encoded) in cases {
            #expect(TerminalScreen.base64(Array(plain.utf8)) == encoded)
        }
        #expect(TerminalScreen.base64(Array("nn.Conv2d(1, 1, 3) — ×".utf8)) == "bm4uQ29udjJkKDEsIDEsIDMpIOKAlCDDlw==")
    }
}
