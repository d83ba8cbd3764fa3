import VoltGraph
import VoltModel

/// What to compare: a current period against a baseline, and what counts as a group.
public struct EmergingQuery: Sendable, Hashable {
    /// The earlier period.
    public var baseline: Period
    /// The period of interest (the one since the last meeting).
    public var current: Period
    /// Link types that join young people into peer groups.
    /// (Family links are left out by default: siblings in different peer groups would join them.)
    public var peerLinks: Set<LinkType> = [.associate, .coOffends]
    /// Link types that count as contact between a child and an offender.
    public var contactLinks: Set<LinkType> = LinkType.betweenPeople
    /// A current group continues a baseline group when their Jaccard similarity (shared members
    /// over members of either) is at least this.
    public var similarity = 0.3
    /// Smallest group reported.
    public var minimumGroupSize = 2
    /// A location is rising when its sightings per day are at least this many times the
    /// baseline's.
    public var risingFactor = 2.0
    /// ... and it has at least this many sightings in the current period.
    public var risingMinimum = 3

    /// Compare `current` with `baseline`.
    public init(baseline: Period, current: Period) {
        self.baseline = baseline
        self.current = current
    }
}

/// How a current group relates to the baseline.
public enum GroupChangeKind: String, Sendable, Hashable, Codable {
    /// No baseline group continues into it.
    case new
    /// Two or more baseline groups each went mostly into it.
    case merged
    /// It continues one baseline group and has more members now.
    case grown
    /// It continues one baseline group with as many members or fewer.
    case continuing
}

/// A peer group of the current period, compared with the baseline.
public struct GroupChange: Sendable, Hashable {
    /// What happened to it.
    public let kind: GroupChangeKind
    /// Members now (entity indexes, ascending).
    public let members: [Int]
    /// The baseline groups it continues or was merged from (members ascending).
    public let from: [[Int]]
    /// Members now who were in none of those baseline groups.
    public let joined: [Int]
    /// Members of those baseline groups who are not in it now.
    public let left: [Int]
    /// Best Jaccard similarity with a baseline group (0 when none overlaps).
    public let similarity: Double
    /// Offenders in contact with members now (links of the contact types in the current period).
    public let offenders: [Int]
    /// Of those, the ones the baseline groups were not in contact with.
    public let newOffenders: [Int]
    /// Whether the group is in contact with an offender now and its baseline groups were not.
    public let newlyInContact: Bool
    /// The links behind what changed (positions in the link table): links in the current period
    /// inside the group that touch a member who joined, and links to new offenders.
    public let evidence: [Int]

    /// Growth against the largest baseline group it came from: (now − then) / then.
    public var growth: Double {
        guard let base = from.map(\.count).max(), base > 0 else { return .infinity }
        return Double(members.count - base) / Double(base)
    }
}

/// A baseline group whose members went into two or more current groups.
public struct GroupSplit: Sendable, Hashable {
    /// The baseline group (members ascending).
    public let members: [Int]
    /// The current groups that mostly came from it.
    public let into: [[Int]]
}

/// A victim linked to an offender for the first time in the current period.
public struct NewVictimOffenderLink: Sendable, Hashable {
    /// Entity index of the person with the victim role.
    public let victim: Int
    /// Entity index of the person with the offender role.
    public let offender: Int
    /// The links between them in the current period (positions in the link table), by start.
    public let evidence: [Int]
}

/// A location seen more in the current period than in the baseline.
public struct RisingLocation: Sendable, Hashable {
    /// Entity index of the location.
    public let place: Int
    /// Sightings starting in the current period.
    public let currentSightings: Int
    /// Sightings starting in the baseline.
    public let baselineSightings: Int
    /// Distinct people seen there in the current period.
    public let currentPeople: Int
    /// Distinct people seen there in the baseline.
    public let baselinePeople: Int
    /// People seen there now who were not seen there in the baseline (ascending).
    public let newPeople: [Int]
    /// Sightings per day now divided by sightings per day then (infinity when none then).
    public let rise: Double
    /// The sightings there in the current period (positions in the sighting table), by time.
    public let evidence: [Int]
}

/// What is new or growing since the baseline.
public struct EmergingReport: Sendable, Hashable {
    /// The current peer groups, new and merged first, then grown, then the rest; larger first.
    public let groups: [GroupChange]
    /// Baseline groups that split.
    public let splits: [GroupSplit]
    /// Victims newly linked to offenders, earliest link first.
    public let newVictimOffenderLinks: [NewVictimOffenderLink]
    /// Rising locations, sharpest rise first.
    public let risingLocations: [RisingLocation]
}

/// Peer groups of young people in a period: people who are not solely offenders, joined by the
/// peer link types active in the period. Groups ascending, largest first.
public func periodPeerGroups(_ links: TimedLinkTable, entities: EntityTable, period: Period, peerLinks: Set<LinkType>,
                             minimumSize: Int) -> [[Int]] {
    let codes = links.codes(of: peerLinks)
    let sets = UnionFind(count: entities.count)
    var touched = [Bool](repeating: false, count: entities.count)
    for k in 0..<links.count where codes.contains(links.type[k]) && period.overlaps(links.start[k], links.end[k]) {
        let u = Int(links.src[k]), v = Int(links.dst[k])
        guard u != v, isPeer(entities.types[u]), isPeer(entities.types[v]) else { continue }
        touched[u] = true
        touched[v] = true
        sets.join(u, v)
    }
    var groups: [Int: [Int]] = [:]
    for v in 0..<entities.count where touched[v] { groups[sets.find(v), default: []].append(v) }
    return groups.values.filter { $0.count >= minimumSize }.sorted { ($1.count, $0[0]) < ($0.count, $1[0]) }
}

func isPeer(_ t: VoltType) -> Bool { t == .victim || t == .victimOffender || t == .person }

/// Compares the current period with the baseline: new, grown, merged and split groups, groups
/// newly in contact with an offender, victims newly linked to offenders, and rising locations.
///
/// Groups are matched by member overlap: a current group C continues a baseline group B when
/// |B∩C| / |B∪C| ≥ `similarity`; C is merged when two or more baseline groups each have at
/// least `similarity` of their members in C; a baseline group split when two or more current
/// groups each have at least `similarity` of their members from it.
public func emerging(links: TimedLinkTable, sightings: SightingTable, entities: EntityTable, query: EmergingQuery) -> EmergingReport {
    let tau = query.similarity
    let before = periodPeerGroups(links, entities: entities, period: query.baseline, peerLinks: query.peerLinks,
                                  minimumSize: query.minimumGroupSize)
    let now = periodPeerGroups(links, entities: entities, period: query.current, peerLinks: query.peerLinks,
                               minimumSize: query.minimumGroupSize)
    var baselineGroupOf = [Int](repeating: -1, count: entities.count)
    for (g, m) in before.enumerated() { for v in m { baselineGroupOf[v] = g } }
    var currentGroupOf = [Int](repeating: -1, count: entities.count)
    for (g, m) in now.enumerated() { for v in m { currentGroupOf[v] = g } }

    // Offender contacts per group in each period, with the links behind them.
    let contactCodes = links.codes(of: query.contactLinks)
    func contacts(_ period: Period, _ groupOf: [Int], _ count: Int) -> [[Int: [Int]]] {
        var out = [[Int: [Int]]](repeating: [:], count: count)
        for k in 0..<links.count where contactCodes.contains(links.type[k]) && period.overlaps(links.start[k], links.end[k]) {
            let u = Int(links.src[k]), v = Int(links.dst[k])
            if entities.types[v] == .offender, groupOf[u] >= 0 { out[groupOf[u]][v, default: []].append(k) }
            if entities.types[u] == .offender, groupOf[v] >= 0 { out[groupOf[v]][u, default: []].append(k) }
        }
        return out
    }
    let contactsBefore = contacts(query.baseline, baselineGroupOf, before.count)
    let contactsNow = contacts(query.current, currentGroupOf, now.count)
    let peerCodes = links.codes(of: query.peerLinks)
    var linksInGroup = [[Int]](repeating: [], count: now.count)
    for k in 0..<links.count where peerCodes.contains(links.type[k]) && query.current.overlaps(links.start[k], links.end[k]) {
        let g = currentGroupOf[Int(links.src[k])]
        if g >= 0 && g == currentGroupOf[Int(links.dst[k])] { linksInGroup[g].append(k) }
    }

    var changes: [GroupChange] = []
    var intoFrom = [[Int]](repeating: [], count: before.count)  // baseline group -> current groups mostly from it
    for (c, members) in now.enumerated() {
        var shared: [Int: Int] = [:]
        for v in members where baselineGroupOf[v] >= 0 { shared[baselineGroupOf[v], default: 0] += 1 }
        var best = 0.0, bestGroup = -1
        var sources: [Int] = []
        for (b, k) in shared.sorted(by: { $0.key < $1.key }) {
            let j = Double(k) / Double(before[b].count + members.count - k)
            if j > best { best = j; bestGroup = b }
            if Double(k) >= tau * Double(before[b].count) { sources.append(b) }
            if Double(k) >= tau * Double(members.count) { intoFrom[b].append(c) }
        }
        let kind: GroupChangeKind
        var from: [Int]
        if sources.count >= 2 {
            kind = .merged
            from = sources
        } else if best >= tau {
            from = [bestGroup]
            kind = members.count > before[bestGroup].count ? .grown : .continuing
        } else {
            // No baseline group continues into it: a new grouping (its `joined` lists everyone).
            from = []
            kind = .new
        }
        from.sort()
        let fromSet = Set(from.flatMap { before[$0] })
        let memberSet = Set(members)
        let joined = members.filter { !fromSet.contains($0) }
        let left = fromSet.filter { !memberSet.contains($0) }.sorted()
        let offendersNow = Set(contactsNow[c].keys)
        let offendersBefore = Set(from.flatMap { contactsBefore[$0].keys })
        let newOffenders = offendersNow.subtracting(offendersBefore).sorted()
        let joinedSet = Set(joined)
        var evidence = linksInGroup[c].filter { joinedSet.contains(Int(links.src[$0])) || joinedSet.contains(Int(links.dst[$0])) }
        for o in newOffenders { evidence += contactsNow[c][o]! }
        evidence = Array(Set(evidence)).sorted { (links.start[$0], $0) < (links.start[$1], $1) }
        changes.append(GroupChange(kind: kind, members: members, from: from.map { before[$0] }, joined: joined, left: left,
                                   similarity: best, offenders: offendersNow.sorted(), newOffenders: newOffenders,
                                   newlyInContact: !offendersNow.isEmpty && offendersBefore.isEmpty, evidence: evidence))
    }
    func rank(_ k: GroupChangeKind) -> Int {
        switch k {
        case .new: return 0
        case .merged: return 1
        case .grown: return 2
        case .continuing: return 3
        }
    }
    changes.sort { (rank($0.kind), $1.members.count, $0.members[0]) < (rank($1.kind), $0.members.count, $1.members[0]) }
    let splits = before.indices.filter { intoFrom[$0].count >= 2 }.map { GroupSplit(members: before[$0], into: intoFrom[$0].map { now[$0] }) }

    // Victims linked to an offender for the first time in the current period.
    var firstLink: [UInt64: Int64] = [:]
    var currentLinks: [UInt64: [Int]] = [:]
    for k in 0..<links.count where contactCodes.contains(links.type[k]) {
        let u = Int(links.src[k]), v = Int(links.dst[k])
        guard u != v else { continue }
        let pair: (Int, Int)
        if entities.isVictim(u) && entities.isOffender(v) { pair = (u, v) } else if entities.isVictim(v) && entities.isOffender(u) { pair = (v, u) } else { continue }
        let key = UInt64(UInt32(pair.0)) << 32 | UInt64(UInt32(pair.1))
        firstLink[key] = min(firstLink[key] ?? .max, links.start[k])
        if query.current.overlaps(links.start[k], links.end[k]) { currentLinks[key, default: []].append(k) }
    }
    let newLinks = currentLinks.compactMap { key, ks -> NewVictimOffenderLink? in
        guard firstLink[key]! >= query.current.from else { return nil }
        return NewVictimOffenderLink(victim: Int(key >> 32), offender: Int(key & 0xFFFF_FFFF),
                                     evidence: ks.sorted { (links.start[$0], $0) < (links.start[$1], $1) })
    }
    .sorted { (links.start[$0.evidence[0]], $0.victim, $0.offender) < (links.start[$1.evidence[0]], $1.victim, $1.offender) }

    let rising = risingLocations(sightings, current: query.current, baseline: query.baseline,
                                 factor: query.risingFactor, minimum: query.risingMinimum)
    return EmergingReport(groups: changes, splits: splits, newVictimOffenderLinks: newLinks, risingLocations: rising)
}

/// Locations whose sightings per day in `current` are at least `factor` times those in
/// `baseline`, with at least `minimum` sightings now; sharpest rise first (then most sightings
/// now, then entity index). A sighting belongs to the period its start falls in.
public func risingLocations(_ s: SightingTable, current: Period, baseline: Period, factor: Double, minimum: Int) -> [RisingLocation] {
    precondition(current.length != .max && baseline.length != .max, "rising locations need bounded periods")
    var now: [Int32: (count: Int, people: Set<Int32>)] = [:]
    var seenNow: [Int32: [Int]] = [:]
    var then: [Int32: (count: Int, people: Set<Int32>)] = [:]
    for i in 0..<s.count {
        if current.contains(s.start[i]) {
            now[s.place[i], default: (0, [])].count += 1
            now[s.place[i], default: (0, [])].people.insert(s.person[i])
            seenNow[s.place[i], default: []].append(i)
        } else if baseline.contains(s.start[i]) {
            then[s.place[i], default: (0, [])].count += 1
            then[s.place[i], default: (0, [])].people.insert(s.person[i])
        }
    }
    let nowDays = Double(current.length) / 86_400, thenDays = Double(baseline.length) / 86_400
    var out: [RisingLocation] = []
    for (place, x) in now where x.count >= minimum {
        let before = then[place] ?? (0, [])
        let rise = before.count == 0 ? Double.infinity : (Double(x.count) / nowDays) / (Double(before.count) / thenDays)
        guard rise >= factor else { continue }
        out.append(RisingLocation(place: Int(place), currentSightings: x.count, baselineSightings: before.count,
                                  currentPeople: x.people.count, baselinePeople: before.people.count,
                                  newPeople: x.people.subtracting(before.people).map(Int.init).sorted(), rise: rise,
                                  evidence: seenNow[place]!.sorted { (s.start[$0], $0) < (s.start[$1], $1) }))
    }
    return out.sorted { ($1.rise, $1.currentSightings, $0.place) < ($0.rise, $0.currentSightings, $1.place) }
}
