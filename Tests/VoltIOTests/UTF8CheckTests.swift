import Foundation
import Testing
import VoltModel
@testable import VoltIO

/// The UTF-8 check counts an ASCII chunk's lines a word at a time; a miscount would put every
/// later error on the wrong line.
@Suite struct UTF8CheckTests {
    @Test func asciiLinesAgreesWithAByteCount() {
        var rng = SplitMix64(seed: 9)
        // Line feeds beside 0x0B and 0x00 (where a looser zero-byte test would also fire).
        let alphabet: [UInt8] = [0x0A, 0x0B, 0x00, 0x09, 0x20, 0x41, 0x7F, 0x01, 0x0A]
        for length in 0..<300 {
            let bytes = (0..<length).map { _ in alphabet[rng.int(alphabet.count)] }
            let newlines = bytes.filter { $0 == 0x0A }.count
            let last = bytes.lastIndex(of: 0x0A) ?? -1
            let got = asciiLines(bytes)
            #expect(got?.newlines == newlines && got?.last == last, "length \(length)")
            if length > 0 {
                var spoiled = bytes
                spoiled[rng.int(length)] = 0x80 | UInt8(rng.int(0x80))
                #expect(asciiLines(spoiled) == nil)
            }
        }
    }

    /// A bad byte after two megabytes of ASCII lines (so in the third chunk read) is placed
    /// on its line and column.
    @Test func aBadByteFarIntoTheFileIsPlacedExactly() throws {
        let path = NSTemporaryDirectory() + "volt-utf8-\(getpid()).csv"
        defer { try? FileManager.default.removeItem(atPath: path) }
        var text = "id,type,name\n"
        var line = 1
        while text.utf8.count < 2_200_000 {
            line += 1
            text += "P\(line),victim,Person \(line)\u{0B}x\n"
        }
        var bytes = Array(text.utf8)
        bytes += Array("P0,victim,Ab".utf8) + [0xFF] + Array("c\n".utf8)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let issue = try firstInvalidUTF8(path: path, displayName: "people.csv")
        #expect(issue?.line == line + 1 && issue?.column == 13)
    }
}
