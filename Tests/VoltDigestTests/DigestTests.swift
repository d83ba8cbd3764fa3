import Foundation
import Testing
import VoltDigest
import VoltModel

/// SHA-256 and HMAC-SHA-256 against the standards' own test vectors and against Python's
/// hashlib and hmac on random messages and keys.
@Suite struct DigestTests {
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
    ])
    func sha256MatchesFIPS180(_ message: String, _ digest: String) {
        #expect(SHA256.hash(data: Data(message.utf8)).hexadecimal == digest)
    }

    @Test func sha256OfAMillionAsMatchesFIPS180() {
        var h = SHA256()
        let chunk = Data(repeating: UInt8(ascii: "a"), count: 1000)
        for _ in 0..<1000 { h.update(data: chunk) }
        #expect(h.finalize().hexadecimal == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test(arguments: [
        ([UInt8](repeating: 0x0B, count: 20), "Hi There", "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"),
        (Array("Jefe".utf8), "what do ya want for nothing?", "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
        ([UInt8](repeating: 0xAA, count: 131), "Test Using Larger Than Block-Size Key - Hash Key First",
         "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"),
    ])
    func hmacMatchesRFC4231(_ key: [UInt8], _ message: String, _ code: String) {
        #expect(HMACSHA256.authenticationCode(for: Data(message.utf8), key: key).hexadecimal == code)
    }

    @Test func piecesAndCopiesGiveTheSameDigestAsTheWhole() {
        var rng = SplitMix64(seed: 7)
        let bytes = (0..<5000).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
        var h = SHA256()
        var at = 0
        var copy: (hash: SHA256, at: Int)?
        while at < bytes.count {
            let n = min(bytes.count - at, 1 + Int(rng.next() % 700))
            h.update(data: bytes[at..<(at + n)])
            at += n
            if copy == nil && at > 2000 { copy = (h, at) }
        }
        #expect(h.finalize() == SHA256.hash(data: bytes))
        // The copy holds the state it was taken with, whatever the original was fed after, and
        // feeding the copy leaves the original alone.
        var c = copy!.hash
        #expect(c.finalize() == SHA256.hash(data: bytes[..<copy!.at]))
        c.update(data: Data("more".utf8))
        #expect(c.finalize() == SHA256.hash(data: Array(bytes[..<copy!.at]) + Array("more".utf8)))
        #expect(h.finalize() == SHA256.hash(data: bytes))
        // Reading a digest does not end the hash.
        var again = SHA256()
        again.update(data: Data("ab".utf8))
        _ = again.finalize()
        again.update(data: Data("c".utf8))
        #expect(again.finalize() == SHA256.hash(data: Data("abc".utf8)))
    }

    @Test func randomMessagesAndKeysMatchPythonsHashlibAndHmac() throws {
        var rng = SplitMix64(seed: 11)
        var lines: [String] = [], expected: [String] = []
        for i in 0..<60 {
            let message = (0..<Int(rng.next() % 300)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            let key = (0..<(1 + Int(rng.next() % (i % 2 == 0 ? 40 : 200)))).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            lines.append(message.hexadecimal + " " + key.hexadecimal)
            expected.append(SHA256.hash(data: message).hexadecimal + " " + HMACSHA256.authenticationCode(for: message, key: key).hexadecimal)
        }
        let script = """
            import hashlib, hmac, sys
            for line in sys.stdin.read().split("\\n"):
                m, k = (bytes.fromhex(x) for x in line.split(" "))
                print(hashlib.sha256(m).hexdigest(), hmac.new(k, m, hashlib.sha256).hexdigest())
            """
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        p.arguments = ["-c", script]
        let input = Pipe(), output = Pipe()
        (p.standardInput, p.standardOutput) = (input, output)
        try p.run()
        input.fileHandleForWriting.write(Data(lines.joined(separator: "\n").utf8))
        try input.fileHandleForWriting.close()
        let out = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)
        #expect(out.split(separator: "\n").map(String.init) == expected)
    }
}
