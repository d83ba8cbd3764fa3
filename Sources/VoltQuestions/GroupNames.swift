import VoltGraph
import VoltModel
import VoltPack
import VoltStore

/// Names for groups of people with no stored name, so a map's communities can be read out in
/// a meeting: the school most of the young people attend (attends links to a school), else the
/// area most of them live in (recorded area, else postcode district), with how many share it.
struct GroupNamer {
    /// Each person's schools (entity indexes of school locations).
    private let schools: [Int: Set<Int>]
    /// Each person's area.
    private let areas: [String?]
    private let entities: EntityTable

    init(_ r: StoreReader, entities e: EntityTable) throws {
        try self.init(r, entities: e, details: try PeopleDetails(r, entities: e))
    }

    /// With people's details already read.
    init(_ r: StoreReader, entities e: EntityTable, details: PeopleDetails) throws {
        var schools: [Int: Set<Int>] = [:]
        let attends = try TimedLinkTable(r, entities: e, selection: LinkSelection(types: [.attends]))
        for k in 0..<attends.count {
            let a = Int(attends.src[k]), b = Int(attends.dst[k])
            if e.categories[b] == LocationCategory.school.rawValue { schools[a, default: []].insert(b) }
            if e.categories[a] == LocationCategory.school.rawValue { schools[b, default: []].insert(a) }
        }
        self.schools = schools
        areas = e.ids.indices.map { details.area[$0] ?? PeopleFacts.district(details.postcode[$0]) }
        entities = e
    }

    /// "Wexbury Academy, 9 of 12" or "area WX3, 7 of 12" (entity indexes; nil when nothing is
    /// shared by at least two of them).
    func name(_ members: [Int]) -> String? {
        let young = members.filter { entities.types[$0] != .offender && entities.types[$0] != .location }
        guard !young.isEmpty else { return nil }
        func most<T: Hashable & Comparable>(_ values: [T]) -> (T, Int)? {
            var count: [T: Int] = [:]
            for v in values { count[v, default: 0] += 1 }
            return count.max { ($0.value, $1.key) < ($1.value, $0.key) }
        }
        if let (school, n) = most(young.flatMap { Array(schools[$0] ?? []) }), n >= 2 {
            return "\(entities.names[school]), \(n) of \(young.count)"
        }
        if let (area, n) = most(young.compactMap { areas[$0] }), n >= 2 { return "area \(area), \(n) of \(young.count)" }
        return nil
    }
}
