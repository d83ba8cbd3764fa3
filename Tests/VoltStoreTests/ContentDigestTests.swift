import Testing
@testable import VoltStore

/// The content digest writes integers itself instead of asking SQLite for their text; the
/// bytes must be the ones SQLite gives (plain decimal), or every recorded digest stops verifying.
@Suite struct ContentDigestTests {
    @Test func integersAreWrittenAsSQLiteWritesThem() {
        var rng = SystemRandomNumberGenerator()
        var values: [Int64] = [0, 1, -1, 9, 10, -10, 99, 100, Int64.max, Int64.min, Int64.max - 1, Int64.min + 1,
                               1_700_000_000, -1_700_000_000, 9_223_372_036_854_775_807]
        for _ in 0..<10_000 {
            let bits = Int64.random(in: 0...63, using: &rng)
            values.append(Int64.random(in: Int64.min...Int64.max, using: &rng) >> bits)
        }
        for v in values {
            #expect(ContentDigest.decimal(v) == Array(String(v).utf8), "\(v)")
        }
    }
}
