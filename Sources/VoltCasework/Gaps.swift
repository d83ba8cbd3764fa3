import VoltModel

/// The kinds of intelligence gap `volt gaps` lists (South Gloucestershire's terms of reference
/// ask the panel to find them).
public enum GapKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// A link between a child and an offender that rests on one agency's records only.
    case singleSource = "single_source"
    /// A link between a child and an offender with no 3x5x2 grading.
    case ungraded
    /// A child whose records all come from one agency.
    case oneAgency = "one_agency"
    /// A child linked to an offender who has never been referred.
    case noReferral = "no_referral"
    /// Someone linked to a child open to children's social care who has not been referred
    /// (South Glos: the open child is not discussed, their associates are).
    case associateNotReferred = "associate_not_referred"
}

/// One gap: what kind, about whom, and why in words.
public struct Gap: Sendable, Hashable, Codable {
    public var kind: GapKind
    public var subject: String
    /// The other end (the offender, the open child), when there is one.
    public var other: String?
    public var detail: String
}

/// What the gaps are found in.
public struct GapInputs: Sendable {
    /// Every link (people, places and themes; only links between people are read).
    public var links: [Link]
    /// Each person's VOLT type, by id.
    public var types: [String: VoltType]
    /// The agencies holding any record of each person (links, sightings, missing episodes,
    /// references, casework), by id.
    public var agencies: [String: Set<String>]
    public var casework: Casework
    /// The day the gaps are for (case status is read on it).
    public var asOf: Timestamp

    public init(links: [Link], types: [String: VoltType], agencies: [String: Set<String>], casework: Casework, asOf: Timestamp) {
        self.links = links
        self.types = types
        self.agencies = agencies
        self.casework = casework
        self.asOf = asOf
    }
}

/// Every gap in `x`, by kind (in `GapKind` order), then subject and other end.
public func findGaps(_ x: GapInputs) -> [Gap] {
    func isChild(_ id: String) -> Bool { x.types[id] == .victim || x.types[id] == .victimOffender }
    func isOffender(_ id: String) -> Bool { x.types[id] == .offender || x.types[id] == .victimOffender }
    let referred = Set(x.casework.referrals.filter { $0.date <= x.asOf }.map(\.subject))
    var gaps: [Gap] = []

    // Child–offender links, by pair: their sources and how many are ungraded.
    struct Pair: Hashable { let child: String, offender: String }
    var sources: [Pair: Set<String>] = [:], ungraded: [Pair: Int] = [:], count: [Pair: Int] = [:]
    var associates: [String: Set<String>] = [:]
    for l in x.links where LinkType.betweenPeople.contains(l.type) && l.start <= x.asOf {
        associates[l.from, default: []].insert(l.to)
        associates[l.to, default: []].insert(l.from)
        for (c, o) in [(l.from, l.to), (l.to, l.from)] where isChild(c) && isOffender(o) && c != o {
            let p = Pair(child: c, offender: o)
            sources[p, default: []].insert(l.provenance.source)
            count[p, default: 0] += 1
            if l.grading == nil { ungraded[p, default: 0] += 1 }
        }
    }
    let pairs = sources.keys.sorted { ($0.child, $0.offender) < ($1.child, $1.offender) }
    for p in pairs where sources[p]!.count == 1 {
        gaps.append(Gap(kind: .singleSource, subject: p.child, other: p.offender,
                        detail: "\(count[p]!) link\(count[p]! == 1 ? "" : "s") with \(p.offender), all from \(sources[p]!.first!)"))
    }
    for p in pairs where (ungraded[p] ?? 0) > 0 {
        gaps.append(Gap(kind: .ungraded, subject: p.child, other: p.offender,
                        detail: "\(ungraded[p]!) of \(count[p]!) link\(count[p]! == 1 ? "" : "s") with \(p.offender) ungraded"))
    }
    for id in x.types.keys.sorted() where isChild(id) {
        let a = x.agencies[id] ?? []
        if a.count <= 1 {
            gaps.append(Gap(kind: .oneAgency, subject: id, other: nil,
                            detail: a.isEmpty ? "no agency holds a record" : "known only to \(a.first!)"))
        }
    }
    var linkedToOffender: [String: [String]] = [:]
    for p in pairs { linkedToOffender[p.child, default: []].append(p.offender) }
    for (c, os) in linkedToOffender.sorted(by: { $0.key < $1.key }) where !referred.contains(c) {
        gaps.append(Gap(kind: .noReferral, subject: c, other: os.first,
                        detail: "linked to \(os.count) offender\(os.count == 1 ? "" : "s") (\(os.prefix(3).joined(separator: ", "))\(os.count > 3 ? ", …" : "")) and never referred"))
    }
    let open = x.casework.openToCSC(at: x.asOf)
    var seen = Set<String>()
    for c in open.sorted() {
        for a in (associates[c] ?? []).sorted() where !open.contains(a) && !referred.contains(a) && !isOffender(a) && x.types[a] != nil {
            guard seen.insert(a).inserted else { continue }
            gaps.append(Gap(kind: .associateNotReferred, subject: a, other: c,
                            detail: "linked to \(c), who is open to children's social care; not referred"))
        }
    }
    return gaps
}
