import Foundation
import Testing
import VoltTestSupport

/// The leak scans rest on `SearchableBytes`: a search that missed would let every scan pass.
@Suite struct SearchableBytesTests {
    /// Against Foundation's own byte search, on random text and needles cut from it and not.
    @Test func findsWhatDataRangeFinds() {
        var rng = SystemRandomNumberGenerator()
        let alphabet = Array("ab é,\n\"<>".utf8)
        for _ in 0..<200 {
            let bytes = Data((0..<Int.random(in: 0...300, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! })
            let text = SearchableBytes(bytes)
            for _ in 0..<10 {
                var needle = ""
                if !bytes.isEmpty && Bool.random(using: &rng) {
                    let from = Int.random(in: 0..<bytes.count, using: &rng)
                    let to = min(bytes.count, from + Int.random(in: 1...8, using: &rng))
                    needle = String(decoding: bytes[from..<to], as: UTF8.self)
                } else {
                    needle = String(decoding: (0..<Int.random(in: 1...4, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! }, as: UTF8.self)
                }
                #expect(text.contains(needle) == (bytes.range(of: Data(needle.utf8)) != nil), "\(needle.debugDescription)")
            }
        }
    }

    /// A NUL byte would end the C search early: a name after one is still found.
    @Test func findsANameAfterANulByte() {
        let text = SearchableBytes(Data("header".utf8) + Data([0]) + Data("Jade Smith".utf8))
        #expect(text.contains("Jade Smith"))
        #expect(!text.contains("Jade Smyth"))
        #expect(!text.contains(""))
    }
}
