/// One standing judgement about a pair of records, as the rules need it.
public struct JudgedPair: Sendable, Hashable {
    /// The records' ids.
    public let a: String, b: String
    /// Same person (true) or not.
    public let accepted: Bool
    /// The judgement in words, for refusals ("Y012 and A3 accepted as one person by jo on 2026-11-02").
    public let sentence: String

    /// A judgement.
    public init(a: String, b: String, accepted: Bool, sentence: String) {
        self.a = a
        self.b = b
        self.accepted = accepted
        self.sentence = sentence
    }
}

/// The rules judgements keep: a person is a connected component of accepted pairs; a pair has
/// at most one standing judgement; nothing may make one person of two records someone judged
/// to be different people. Each refusal names the judgements it rests on.
public struct Judgements: Sendable {
    private let pairs: [JudgedPair]
    private var accepts: [String: [Int]] = [:]

    /// The rules over the judgements standing.
    public init(_ standing: [JudgedPair]) {
        pairs = standing
        for (k, p) in standing.enumerated() where p.accepted {
            accepts[p.a, default: []].append(k)
            accepts[p.b, default: []].append(k)
        }
    }

    /// Why `a` and `b` may not be accepted as one person, or nil when they may.
    public func refusal(accepting a: String, _ b: String) -> String? {
        if let s = standingRefusal(a, b) { return s }
        let left = component(of: a), right = component(of: b)
        if left[b] != nil {
            return "\(a) and \(b) are already one person: " + path(a, b, in: left).joined(separator: "; ")
        }
        for p in pairs where !p.accepted {
            let (x, y): (String, String)
            if left[p.a] != nil && right[p.b] != nil { (x, y) = (p.a, p.b) }
            else if left[p.b] != nil && right[p.a] != nil { (x, y) = (p.b, p.a) }
            else { continue }
            var because = [p.sentence]
            because += path(a, x, in: left) + path(b, y, in: right)
            return "accepting \(a) and \(b) would make one person of \(x) and \(y), but " + because.joined(separator: "; ")
                + ": undo one of these first ('volt match undo A B') if it was wrong"
        }
        return nil
    }

    /// Why `a` and `b` may not be rejected as different people, or nil when they may.
    public func refusal(rejecting a: String, _ b: String) -> String? {
        if let s = standingRefusal(a, b) { return s }
        let left = component(of: a)
        if left[b] != nil {
            return "\(a) and \(b) are one person through other judgements: " + path(a, b, in: left).joined(separator: "; ")
                + ": undo the one that was wrong first ('volt match undo A B')"
        }
        return nil
    }

    /// The records judged to be one person with `id` (itself included), earliest judgement paths.
    public func person(of id: String) -> Set<String> { Set(component(of: id).keys) }

    private func standingRefusal(_ a: String, _ b: String) -> String? {
        if a == b { return "\(a) is one record: give two different records" }
        if let p = pairs.first(where: { Set([$0.a, $0.b]) == Set([a, b]) }) {
            return "\(p.sentence) already: undo that first ('volt match undo \(a) \(b)') to judge the pair again"
        }
        return nil
    }

    /// Every record joined to `id` by accepted pairs, with the judgement that reached it
    /// (breadth first, so the paths are shortest).
    private func component(of id: String) -> [String: Int] {
        var reached: [String: Int] = [id: -1]
        var queue = [id], head = 0
        while head < queue.count {
            let x = queue[head]
            head += 1
            for k in accepts[x] ?? [] {
                let y = pairs[k].a == x ? pairs[k].b : pairs[k].a
                if reached[y] == nil {
                    reached[y] = k
                    queue.append(y)
                }
            }
        }
        return reached
    }

    /// The accepted judgements joining `from` to `to` in a component found from `from`.
    private func path(_ from: String, _ to: String, in reached: [String: Int]) -> [String] {
        var out: [String] = [], x = to
        while x != from, let k = reached[x], k >= 0 {
            out.append(pairs[k].sentence)
            x = pairs[k].a == x ? pairs[k].b : pairs[k].a
        }
        return out.reversed()
    }
}
