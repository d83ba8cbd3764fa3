/// String similarity for names: Jaro–Winkler over bytes of folded text (`NameFolding`), as
/// jellyfish and recordlinkage define it (matches within half the longer length less one,
/// half the transpositions, the prefix boost of 0.1 per common letter up to four, applied only
/// above 0.7). Written over buffers with caller-owned scratch space: a comparison allocates
/// nothing.
public struct JaroWinkler {
    private var flagsA: [Bool] = Array(repeating: false, count: 64)
    private var flagsB: [Bool] = Array(repeating: false, count: 64)

    /// A comparer with its own scratch space (one per thread).
    public init() {}

    /// The similarity of two strings, from 0 (nothing in common) to 1 (equal).
    public mutating func similarity(_ a: String, _ b: String) -> Double {
        var a = a, b = b
        return a.withUTF8 { x in b.withUTF8 { y in similarity(x, y) } }
    }

    /// The similarity of two byte strings.
    public mutating func similarity(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Double {
        let la = a.count, lb = b.count
        if la == 0 || lb == 0 { return 0 }
        if la == lb && memcmpEqual(a, b) { return 1 }
        if flagsA.count < la { flagsA = Array(repeating: false, count: la) }
        if flagsB.count < lb { flagsB = Array(repeating: false, count: lb) }
        let range = max(0, max(la, lb) / 2 - 1)
        var common = 0
        var transpositions = 0
        flagsA.withUnsafeMutableBufferPointer { fa in
            flagsB.withUnsafeMutableBufferPointer { fb in
                for i in 0..<la { fa[i] = false }
                for j in 0..<lb { fb[j] = false }
                for i in 0..<la {
                    let lo = max(0, i - range), hi = min(i + range, lb - 1)
                    if lo > hi { continue }
                    let c = a[i]
                    for j in lo...hi where !fb[j] && b[j] == c {
                        fa[i] = true
                        fb[j] = true
                        common += 1
                        break
                    }
                }
                guard common > 0 else { return }
                var k = 0
                for i in 0..<la where fa[i] {
                    while !fb[k] { k += 1 }
                    if a[i] != b[k] { transpositions += 1 }
                    k += 1
                }
            }
        }
        guard common > 0 else { return 0 }
        let m = Double(common), t = Double(transpositions / 2)
        var w = (m / Double(la) + m / Double(lb) + (m - t) / m) / 3
        if w > 0.7 {
            var p = 0
            let limit = min(4, min(la, lb))
            while p < limit && a[p] == b[p] { p += 1 }
            w += Double(p) * 0.1 * (1 - w)
        }
        return w
    }

    private func memcmpEqual(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        for i in 0..<a.count where a[i] != b[i] { return false }
        return true
    }
}
