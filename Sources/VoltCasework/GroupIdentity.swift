/// A group a panel already knows: a named group (`groups.csv`), or one volt found before and
/// gave an id. `memberships` are the member sets it is known by (its recorded members on the
/// day, and the members it had when last found); a detected group matches on the best of them.
public struct KnownGroup: Sendable, Hashable {
    public var id: String
    public var name: String
    public var memberships: [Set<String>]

    public init(id: String, name: String, memberships: [Set<String>]) {
        self.id = id
        self.name = name
        self.memberships = memberships
    }
}

/// Who a detected group is: a known group it matched (with how alike they are), or a new
/// group with a new stable id.
public struct GroupIdentity: Sendable, Hashable, Codable {
    /// The known group's id, or `PG-` and eight hexadecimal digits for a new group.
    public var id: String
    public var name: String?
    /// Jaccard similarity with the known group (nil for a new one).
    public var similarity: Double?
    /// Found for the first time.
    public var isNew: Bool { similarity == nil }

    public init(id: String, name: String?, similarity: Double?) {
        self.id = id
        self.name = name
        self.similarity = similarity
    }
}

/// The Jaccard similarity at or above which a detected group is taken to be a known one:
/// half the members of the two together are in both. A group of five that swaps one member
/// stays itself (4/6 = 0.67); one that swaps two at once does not (3/7 = 0.43). It keeps its
/// identity month after month through small changes because the members it had when last
/// found are compared too, not only those first recorded.
public let groupIdentityThreshold = 0.5

/// Detected groups of this size get a new stable id when they match no known group: pairs
/// are too common to follow, and a group of hundreds is a network, not a peer group.
public let trackedGroupSizes = 3...30

/// Matches each detected group (member ids) to at most one known group, best match first
/// (ties by the known group's id): the pair with the highest Jaccard similarity at or above
/// `threshold` is matched, then the next among those left. A detected group left over gets
/// a new id from its members (`newGroupID`) when its size is in `newSizes`, else nil.
public func identifyGroups(_ detected: [[String]], known: [KnownGroup], threshold: Double = groupIdentityThreshold,
                           newSizes: ClosedRange<Int> = trackedGroupSizes) -> [GroupIdentity?] {
    let sets = detected.map(Set.init)
    var pairs: [(similarity: Double, d: Int, k: Int)] = []
    // Only known groups sharing a member can match: index them by member.
    var byMember: [String: [Int]] = [:]
    for (k, g) in known.enumerated() { for m in Set(g.memberships.flatMap { $0 }) { byMember[m, default: []].append(k) } }
    for (d, s) in sets.enumerated() {
        let candidates = Set(s.flatMap { byMember[$0] ?? [] })
        for k in candidates {
            let best = known[k].memberships.map { jaccard(s, $0) }.max() ?? 0
            if best >= threshold { pairs.append((best, d, k)) }
        }
    }
    pairs.sort { a, b in a.similarity != b.similarity ? a.similarity > b.similarity : (known[a.k].id, a.d) < (known[b.k].id, b.d) }
    var result = [GroupIdentity?](repeating: nil, count: detected.count)
    var taken = Set<Int>()
    for p in pairs where result[p.d] == nil && !taken.contains(p.k) {
        result[p.d] = GroupIdentity(id: known[p.k].id, name: known[p.k].name, similarity: p.similarity)
        taken.insert(p.k)
    }
    for (d, g) in detected.enumerated() where result[d] == nil && newSizes.contains(g.count) {
        result[d] = GroupIdentity(id: newGroupID(g), name: nil, similarity: nil)
    }
    return result
}

/// |a ∩ b| / |a ∪ b|; 0 when both are empty.
public func jaccard(_ a: Set<String>, _ b: Set<String>) -> Double {
    let common = a.intersection(b).count
    let union = a.count + b.count - common
    return union == 0 ? 0 : Double(common) / Double(union)
}

/// A new group's id: `PG-` and the first eight hexadecimal digits of the 64-bit FNV-1a hash of
/// its sorted member ids. The same members always give the same id, on every machine.
public func newGroupID(_ members: [String]) -> String {
    var h: UInt64 = 0xcbf2_9ce4_8422_2325
    for id in members.sorted() {
        for b in id.utf8 {
            h ^= UInt64(b)
            h = h &* 0x0000_0100_0000_01b3
        }
        h ^= 0x0A
        h = h &* 0x0000_0100_0000_01b3
    }
    let hex = String(h >> 32, radix: 16, uppercase: true)
    return "PG-" + String(repeating: "0", count: 8 - hex.count) + hex
}
