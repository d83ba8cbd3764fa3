import VoltModel

/// How big a sample area to make.
public struct SampleOptions: Sendable, Hashable {
    /// Same seed, same area, on every machine.
    public var seed: UInt64 = 1
    /// People in all (young people and adult offenders).
    public var people: Int = 150
    /// Locations (schools, parks, shops, takeaways, hubs, hotels, addresses, online spaces).
    public var locations: Int = 40
    /// Sightings over the year, roughly.
    public var sightings: Int = 5000
    /// The end of the year of data (exclusive).
    public var end = Timestamp(iso8601: "2026-11-01T00:00:00Z")!
    /// The share of children with a second agency's record of them (`AgencyRecords`).
    public var duplicates = 0.1

    /// The defaults: the committed example area.
    public init() {}
}

/// A peer group the generator planted.
public struct PlantedGroup: Sendable, Hashable, Codable {
    /// `G01`, ...
    public let id: String
    /// Member entity ids.
    public let members: [String]
    /// The school most members attend.
    public let school: String
    /// Where the group gathers.
    public let hangouts: [String]
    /// When the group began to meet.
    public let formed: Timestamp
}

/// What the generator planted, for tests to find again.
public struct SampleTruth: Sendable, Hashable, Codable {
    /// Peer groups (young people who gather together: planted co-travelling groups).
    public var groups: [PlantedGroup] = []
    /// Offenders who exploit victims in three or more groups.
    public var brokers: [String] = []
    /// Pairs of children who go missing together, repeatedly.
    public var coMissingPairs: [[String]] = []
    /// The group that formed in the last two months.
    public var emergingGroup = ""
    /// The location whose sightings rise sharply in the last two months.
    public var risingLocation = ""
    /// Children who are both victims and offenders.
    public var victimOffenders: [String] = []
    /// Children planted to be most at risk in the last month: exploited by a broker (well
    /// graded), missing together twice, seen with that broker at the rising location.
    /// A Top N list for the last month should hold them.
    public var highHarm: [String] = []
    /// Children still missing at the end (an episode with no end, begun two days before).
    public var stillMissing: [String] = []
    /// What was planted in the casework.
    public var casework = CaseworkTruth()
    /// People recorded by more than one agency: each person's record ids, the original first.
    public var duplicates: [[String]] = []
}

/// A generated area: its records and the truth planted in them.
public struct SampleArea: Sendable {
    /// Entities, ordered by id.
    public var entities: [Entity] = []
    /// Links.
    public var links: [Link] = []
    /// Sightings.
    public var sightings: [Sighting] = []
    /// Missing episodes.
    public var missing: [MissingEpisode] = []
    /// The panels' casework.
    public var casework = Casework()
    /// What was planted.
    public var truth = SampleTruth()

    /// An empty area, to fill.
    public init() {}
}

/// Makes a realistic, clearly fictional area: peer groups of 3–15 young people around schools and
/// hangouts, offenders who exploit victims across several groups, children who are both victims
/// and offenders, a year of sightings with daily rhythms, missing episodes (some children missing
/// together), themes, and graded links from several agencies.
public enum SampleGenerator {
    static let day: Int64 = 86_400
    static let agencies = ["police", "social_care", "education", "youth_services", "health", "youth_justice"]

    /// Generates an area from `options`; the same options always give the same area.
    public static func generate(_ options: SampleOptions) -> SampleArea {
        var g = Builder(options)
        g.build()
        return g.area
    }

    struct Builder {
        let o: SampleOptions
        var rng: SplitMix64
        var area = SampleArea()
        let start: Int64
        var schools: [String] = [], hangouts: [String] = [], addresses: [String] = [], online: [String] = []
        var hubs: [String] = []
        var exploiters: [String: [String]] = [:]  // victim -> offenders
        var usedNames = Set<String>()
        var victims = Set<String>()  // ids of children holding the victim role

        init(_ o: SampleOptions) {
            self.o = o
            rng = SplitMix64(seed: o.seed)
            start = o.end.seconds - 365 * SampleGenerator.day
        }

        mutating func pick<T>(_ a: [T]) -> T { a[rng.int(a.count)] }
        mutating func chance(_ p: Double) -> Bool { rng.unit() < p }
        mutating func time(in range: Range<Int64>) -> Int64 { range.lowerBound + rng.int64(range.upperBound - range.lowerBound) }

        mutating func grading() -> Grading {
            let g = ["1A-P", "1B-P", "2B-P", "2B-C", "2C-P", "2C-C", "3C-P", "2D-P", "3D-C", "1B-C"]
            return Grading(pick(g))!
        }

        mutating func personName(male: Bool) -> String {
            // 600 first-and-last combinations per gender: larger areas add a middle initial,
            // then a number, so names stay unique (and the pool never runs dry).
            for attempt in 0... {
                var n = "\(pick(male ? Names.male : Names.female)) \(pick(Names.last))"
                if attempt >= 20 {
                    let initial = Character(UnicodeScalar(UInt8(65 + rng.int(26))))
                    let parts = n.split(separator: " ")
                    n = "\(parts[0]) \(initial). \(parts[1])" + (attempt >= 60 ? " \(attempt)" : "")
                }
                if usedNames.insert(n).inserted { return n }
            }
            fatalError("unreachable")
        }

        mutating func build() {
            makeLocations()
            makeThemes()
            let offenderCount = max(4, o.people / 5)
            let youngCount = o.people - offenderCount
            let offenders = makeOffenders(offenderCount)
            let groups = makeGroups(youngCount)
            exploit(groups: groups, offenders: offenders)
            siblings(groups)
            gatherings(groups)
            missingEpisodes(groups)
            highHarm(groups)  // last: it draws after everything else, so earlier records stay as they were
            area.entities.sort { $0.id < $1.id }
            makeCasework()
            agencyRecords()
        }

        /// Homes for everyone, then other agencies' records of some children, each carrying
        /// one of the child's associations as that agency recorded it. Drawn from streams of
        /// their own, after everything else, so the rest of the area is as it was.
        mutating func agencyRecords() {
            AgencyRecords.addHomes(&area.entities, seed: o.seed)
            let children = area.entities.filter { $0.kind == .person && $0.isVictim }
            let (records, truth) = AgencyRecords.duplicates(of: children, rate: o.duplicates, seed: o.seed, idPrefix: "AR")
            guard !records.isEmpty else { return }
            var rng = SplitMix64(seed: o.seed ^ 0xA55_0C1A7E)
            var linksOf: [String: [Link]] = [:]
            for l in area.links where l.type == .associate { linksOf[l.from, default: []].append(l) }
            let byID = Dictionary(uniqueKeysWithValues: records.map { ($0.id, $0) })
            for ids in truth {
                guard let held = linksOf[ids[0]], !held.isEmpty else { continue }
                for id in ids.dropFirst() {
                    let l = held[rng.int(held.count)]
                    var copy = l
                    copy.from = id
                    copy.provenance = Provenance(source: byID[id]?.source ?? "education", reference: "AR-\(1000 + rng.int(8999))")
                    area.links.append(copy)
                }
            }
            // After everyone else: the other agencies' records come later, and the record imported
            // first is the one a person is shown under once matched.
            area.entities.append(contentsOf: records)
            area.truth.duplicates = truth
        }

        mutating func makeLocations() {
            var plan: [(LocationCategory, Int)] = [(.school, 4), (.park, 6), (.shop, 5), (.takeaway, 6),
                                                   (.transportHub, 3), (.hotel, 2), (.online, 2)]
            let fixed = plan.reduce(0) { $0 + $1.1 }
            plan.append((.address, max(2, o.locations - fixed)))
            var k = 0
            for (cat, count) in plan {
                for i in 0..<count {
                    k += 1
                    let id = String(format3("L", k))
                    var e = Entity(id: id, kind: .location, name: Names.place(cat, i))
                    e.category = cat
                    e.area = Names.wards[k % Names.wards.count]
                    if cat != .online {
                        e.latitude = Double(5_200_000 + rng.int(2000)) / 100_000
                        e.longitude = Double(-190_000 + rng.int(3000)) / 100_000
                    }
                    area.entities.append(e)
                    switch cat {
                    case .school: schools.append(id)
                    case .park, .shop, .takeaway: hangouts.append(id)
                    case .transportHub: hubs.append(id); hangouts.append(id)
                    case .online: online.append(id)
                    case .address, .hotel, .other: addresses.append(id)
                    }
                }
            }
            area.truth.risingLocation = hangouts.first { id in area.entities.first { $0.id == id }?.category == .takeaway } ?? hangouts[0]
        }

        mutating func makeThemes() {
            for name in ThemeCatalogue.known {
                let id = "T-" + name.uppercased().replacingSpaces()
                area.entities.append(Entity(id: id, kind: .theme, name: name))
            }
        }

        func themeID(_ name: String) -> String { "T-" + name.uppercased().replacingSpaces() }

        mutating func person(_ id: String, young: Bool) -> Entity {
            let male = chance(0.55)
            var e = Entity(id: id, kind: .person, name: personName(male: male))
            let year = young ? 2009 + rng.int(6) : 1986 + rng.int(20)
            e.dateOfBirth = CalendarDate("\(year)-\(pad2(1 + rng.int(12)))-\(pad2(1 + rng.int(28)))")
            e.gender = male ? "male" : "female"
            if chance(0.6) { e.ethnicity = pick(["White British", "Black British", "Asian British", "Mixed", "White other"]) }
            e.references = [AgencyReference(agency: "police", reference: "PN-\(10_000 + rng.int(89_999))")]
            if young { e.references.append(AgencyReference(agency: "social_care", reference: "SC-\(1000 + rng.int(8999))")) }
            e.reviewDate = CalendarDate("2027-\(pad2(1 + rng.int(12)))-01")
            return e
        }

        mutating func makeOffenders(_ n: Int) -> [String] {
            var ids: [String] = []
            for i in 1...n {
                let id = format3("O", i)
                var e = person(id, young: false)
                e.isOffender = true
                e.offenderSince = Timestamp(seconds: time(in: (start - 400 * SampleGenerator.day)..<start))
                area.entities.append(e)
                ids.append(id)
                link(id, addresses[rng.int(addresses.count)], .livesAt, at: start - 200 * SampleGenerator.day, open: true)
                link(id, themeID(pick(["county lines", "drugs", "gang association"])), .linkedToTheme,
                     at: time(in: start..<(o.end.seconds)))
            }
            // The offenders' own network: supply chains and co-offending.
            for i in 1..<n {
                link(ids[i], ids[rng.int(i)], chance(0.5) ? .supplies : .coOffends, at: time(in: start..<o.end.seconds))
            }
            area.truth.brokers = Array(ids.prefix(3))
            return ids
        }

        mutating func makeGroups(_ young: Int) -> [PlantedGroup] {
            var sizes: [Int] = []
            var left = young
            let emergingSize = min(6, max(3, young / 20))
            left -= emergingSize
            while left > 0 {
                var s = 3 + rng.int(13)
                if left - s < 3 { s = left }
                sizes.append(s)
                left -= s
            }
            sizes.append(emergingSize)
            var groups: [PlantedGroup] = []
            var k = 0
            let recent = o.end.seconds - 60 * SampleGenerator.day
            for (gi, size) in sizes.enumerated() {
                let gid = "G" + pad2(gi + 1)
                let emerging = gi == sizes.count - 1
                let school = schools[gi % schools.count]
                var places = [hangouts[rng.int(hangouts.count)]]
                var second = hangouts[rng.int(hangouts.count)]
                while second == places[0] { second = hangouts[rng.int(hangouts.count)] }
                places.append(second)
                if emerging { places[0] = area.truth.risingLocation }
                let formed = emerging ? recent + rng.int64(10 * SampleGenerator.day) : start + rng.int64(90 * SampleGenerator.day)
                var members: [String] = []
                for _ in 0..<size {
                    k += 1
                    let id = format3("Y", k)
                    var e = person(id, young: true)
                    let r = rng.unit()
                    if r < 0.12 {
                        e.isVictim = true
                        e.isOffender = true
                        area.truth.victimOffenders.append(id)
                    } else if r < 0.85 {
                        e.isVictim = true
                    }
                    if e.isVictim {
                        e.victimSince = Timestamp(seconds: formed + rng.int64(20 * SampleGenerator.day))
                        victims.insert(id)
                    }
                    if e.isOffender { e.offenderSince = Timestamp(seconds: formed + rng.int64(120 * SampleGenerator.day)) }
                    area.entities.append(e)
                    members.append(id)
                    link(id, school, .attends, at: Timestamp(iso8601: "2025-09-03")!.seconds, open: true, source: "education")
                    link(id, addresses[rng.int(addresses.count)], .livesAt, at: start - 300 * SampleGenerator.day, open: true,
                         source: "social_care")
                }
                // Peers report each other: dense ties inside the group, several dated reports each.
                for i in 0..<members.count {
                    for j in (i + 1)..<members.count where chance(size <= 6 ? 0.8 : 0.45) {
                        for _ in 0..<(1 + rng.int(3)) {
                            link(members[i], members[j], .associate, at: time(in: formed..<o.end.seconds))
                        }
                    }
                }
                if chance(0.5) { link(members[0], themeID("gang association"), .linkedToTheme, at: time(in: formed..<o.end.seconds)) }
                groups.append(PlantedGroup(id: gid, members: members, school: school, hangouts: places,
                                           formed: Timestamp(seconds: formed)))
            }
            area.truth.groups = groups
            area.truth.emergingGroup = groups.last!.id
            return groups
        }

        mutating func exploit(groups: [PlantedGroup], offenders: [String]) {
            let brokers = area.truth.brokers
            let established = Array(groups.dropLast())
            // Brokers exploit children in three groups each, and are the only offenders those
            // groups deal with (a line controller and "their" groups): disrupting a broker cuts
            // those children off.
            var order = Array(0..<established.count)
            for i in stride(from: order.count - 1, to: 0, by: -1) { order.swapAt(i, rng.int(i + 1)) }
            let perBroker = min(3, established.count / max(1, brokers.count + 1))
            var brokerGroups = Set<Int>()
            for (bi, b) in brokers.enumerated() {
                for gi in order[(bi * perBroker)..<((bi + 1) * perBroker)] {
                    brokerGroups.insert(gi)
                    exploitIn(established[gi], by: b, victims: 2 + rng.int(2))
                }
            }
            // Other offenders: one of the remaining groups each, or none (only their own network).
            let others = (0..<established.count).filter { !brokerGroups.contains($0) }
            for off in offenders.dropFirst(brokers.count) where chance(0.6) && !others.isEmpty {
                exploitIn(established[others[rng.int(others.count)]], by: off, victims: 1)
            }
            // The emerging group is newly in contact with an offender.
            exploitIn(groups.last!, by: offenders[offenders.count - 1], victims: 1,
                      after: o.end.seconds - 30 * SampleGenerator.day)
        }

        mutating func exploitIn(_ g: PlantedGroup, by offender: String, victims: Int, after: Int64? = nil) {
            let candidates = g.members.filter(self.victims.contains)
            guard !candidates.isEmpty else { return }
            for _ in 0..<victims {
                let v = pick(candidates)
                exploiters[v, default: []].append(offender)
                let from = after ?? g.formed.seconds
                let theme = chance(0.7) ? "CCE" : "CSE"
                for _ in 0..<(1 + rng.int(2)) {
                    link(offender, v, .exploits, at: time(in: from..<o.end.seconds), source: pick(["police", "social_care"]))
                }
                link(v, themeID(theme), .linkedToTheme, at: time(in: from..<o.end.seconds), source: "social_care")
                if area.truth.victimOffenders.contains(v) {
                    link(v, offender, .coOffends, at: time(in: from..<o.end.seconds), source: "youth_justice")
                }
            }
        }

        mutating func siblings(_ groups: [PlantedGroup]) {
            let young = groups.flatMap(\.members)
            for _ in 0..<max(1, young.count / 15) {
                let a = pick(young), b = pick(young)
                if a != b { link(a, b, .family, at: start - 100 * SampleGenerator.day, open: true, source: "social_care") }
            }
        }

        /// Gatherings: most members of a group at a hangout within minutes of each other, on
        /// evenings and weekends; exploiters sometimes seen with them; a rising location.
        mutating func gatherings(_ groups: [PlantedGroup]) {
            let target = o.sightings
            let young = groups.reduce(0) { $0 + $1.members.count }
            let rising = area.truth.risingLocation
            let recent = o.end.seconds - 60 * SampleGenerator.day
            var made = 0
            for g in groups {
                let share = Int(Double(target) * 0.8 * Double(g.members.count) / Double(max(1, young)))
                var count = 0
                while count < share {
                    var place = g.hangouts[rng.int(g.hangouts.count)]
                    // Sightings at the rising location before the last two months are rare.
                    if place == rising && g.id != area.truth.emergingGroup && !chance(0.1) { place = g.hangouts[1] }
                    let dayStart = (time(in: g.formed.seconds..<o.end.seconds) / SampleGenerator.day) * SampleGenerator.day
                    let weekday = ((dayStart / SampleGenerator.day) + 4) % 7  // 0 = Sunday
                    let hour: Int64 = weekday == 0 || weekday == 6 ? 13 + rng.int64(9) : 15 + rng.int64(6)
                    let t0 = dayStart + hour * 3600 + rng.int64(60) * 60
                    let source = pick(["police", "youth_services", "police", "community_safety"])
                    for m in g.members where chance(0.7) {
                        sight(m, place, t0 + rng.int64(40) * 60 - 20 * 60, source: source)
                        count += 1
                        if let offs = exploiters[m], chance(0.15) {
                            sight(pick(offs), place, t0 + rng.int64(30) * 60, source: source)
                            count += 1
                        }
                    }
                }
                made += count
            }
            // The rising location heats up: visits by several groups in the last two months.
            for _ in 0..<(target / 40) {
                let g = pick(groups)
                let day = (time(in: recent..<o.end.seconds) / SampleGenerator.day) * SampleGenerator.day
                sight(pick(g.members), rising, day + 16 * 3600 + rng.int64(6 * 60) * 60, source: "police")
                made += 1
            }
            // Solo sightings with the day's rhythm: at school in school hours on weekdays (from
            // education), at transport hubs on the way home, online in the evening.
            let schoolOf = Dictionary(uniqueKeysWithValues: groups.flatMap { g in g.members.map { ($0, g.school) } })
            let everyone = groups.flatMap(\.members)
            while made < target {
                let who = pick(everyone)
                var day = (time(in: start..<o.end.seconds) / SampleGenerator.day) * SampleGenerator.day
                let weekday = ((day / SampleGenerator.day) + 4) % 7  // 0 = Sunday
                let r = rng.unit()
                if r < 0.4 {
                    // A weekend becomes the Monday after, or the Friday before at the year's end.
                    if weekday == 0 || weekday == 6 {
                        let monday = day + (weekday == 0 ? 1 : 2) * SampleGenerator.day
                        day = monday < o.end.seconds ? monday : day - (weekday == 0 ? 2 : 1) * SampleGenerator.day
                    }
                    sight(who, schoolOf[who]!, day + 8 * 3600 + 30 * 60 + rng.int64(7 * 60) * 60, source: "education")
                } else if r < 0.7 {
                    sight(who, pick(hubs), day + 15 * 3600 + rng.int64(4 * 60) * 60, source: pick(["police", "community_safety"]))
                } else {
                    sight(who, pick(online), day + 18 * 3600 + rng.int64(5 * 60) * 60, source: pick(["police", "youth_services"]))
                }
                made += 1
            }
        }

        mutating func missingEpisodes(_ groups: [PlantedGroup]) {
            let victims = groups.flatMap(\.members).filter(self.victims.contains)
            // Children missing together: three pairs from the same group, three or more times each.
            var pairs: [[String]] = []
            for g in groups.dropLast() where pairs.count < 3 {
                let vs = g.members.filter(victims.contains)
                if vs.count >= 2 { pairs.append([vs[0], vs[1]]) }
            }
            area.truth.coMissingPairs = pairs
            for pair in pairs {
                for _ in 0..<(3 + rng.int(2)) {
                    let t = time(in: start..<(o.end.seconds - 5 * SampleGenerator.day))
                    let found = chance(0.7) ? pick(hubs + addresses) : nil
                    let back = t + (6 + rng.int64(40)) * 3600
                    for (k, child) in pair.enumerated() {
                        let s = t + Int64(k) * rng.int64(20) * 60
                        area.missing.append(MissingEpisode(person: child, start: Timestamp(seconds: s),
                                                           end: Timestamp(seconds: back + rng.int64(60) * 60),
                                                           foundAt: found, provenance: Provenance(source: "police", reference: "MISS-\(rng.int(90_000) + 10_000)")))
                    }
                    for child in pair { link(child, themeID("missing"), .linkedToTheme, at: t, source: "police") }
                }
            }
            // Repeat and single episodes for others; one child still missing.
            for _ in 0..<max(4, victims.count / 6) {
                let child = pick(victims)
                let t = time(in: start..<(o.end.seconds - 2 * SampleGenerator.day))
                area.missing.append(MissingEpisode(person: child, start: Timestamp(seconds: t),
                                                   end: Timestamp(seconds: t + (3 + rng.int64(70)) * 3600),
                                                   foundAt: chance(0.5) ? pick(hangouts) : nil,
                                                   provenance: Provenance(source: pick(["police", "social_care"]), reference: "MISS-\(rng.int(90_000) + 10_000)")))
            }
            area.missing.append(MissingEpisode(person: victims.last!, start: Timestamp(seconds: o.end.seconds - 2 * SampleGenerator.day),
                                               end: nil, foundAt: nil, provenance: Provenance(source: "police", reference: "MISS-OPEN")))
            area.truth.stillMissing = [victims.last!]
        }

        mutating func link(_ a: String, _ b: String, _ type: LinkType, at t: Int64, open: Bool = false, source: String? = nil,
                           graded: Grading? = nil) {
            let src = source ?? pick(SampleGenerator.agencies)
            area.links.append(Link(from: a, to: b, type: type, start: Timestamp(seconds: t),
                                   end: open ? nil : Timestamp(seconds: t),
                                   provenance: Provenance(source: src, reference: "\(src.prefix(2).uppercased())-\(100_000 + rng.int(899_999))"),
                                   grading: graded ?? grading()))
        }

        /// Three children, from the first broker's groups, in the last month before the end:
        /// exploited by the broker (graded 1B), seen with the broker at the rising location on
        /// four afternoons each, and missing together twice.
        mutating func highHarm(_ groups: [PlantedGroup]) {
            let taken = Set(area.truth.coMissingPairs.flatMap { $0 } + area.truth.victimOffenders)
            let broker = area.truth.brokers[0]
            // From the broker's own groups, so that no one else's groups become the broker's.
            let exploited = Set(area.links.filter { $0.from == broker && $0.type == .exploits }.map(\.to))
            var chosen: [String] = []
            for g in groups.dropLast() where chosen.count < 3 && !exploited.isDisjoint(with: g.members) {
                if let child = g.members.first(where: { victims.contains($0) && !taken.contains($0) }) { chosen.append(child) }
            }
            let month = (o.end.seconds - 30 * SampleGenerator.day)..<(o.end.seconds - 3 * SampleGenerator.day)
            for child in chosen {
                for _ in 0..<2 { link(broker, child, .exploits, at: time(in: month), source: "police", graded: Grading("1B-P")) }
                for _ in 0..<4 {
                    // An afternoon or evening: nobody is sighted in the small hours.
                    // At the place that is heating up: where the exploitation is.
                    let d = time(in: month), place = area.truth.risingLocation
                    let t = d - d % SampleGenerator.day + (15 + rng.int64(6)) * 3600 + rng.int64(1800)
                    sight(child, place, t, source: "police")
                    sight(broker, place, t + (5 + rng.int64(30)) * 60, source: "police")
                }
            }
            for _ in 0..<2 {
                let t = time(in: month), back = t + (8 + rng.int64(20)) * 3600
                for (k, child) in chosen.enumerated() {
                    area.missing.append(MissingEpisode(person: child, start: Timestamp(seconds: t + Int64(k) * 600), end: Timestamp(seconds: back),
                                                       foundAt: nil, provenance: Provenance(source: "police", reference: "MISS-\(rng.int(90_000) + 10_000)")))
                }
            }
            area.truth.highHarm = chosen
        }

        mutating func sight(_ who: String, _ place: String, _ t: Int64, source: String) {
            area.sightings.append(Sighting(person: who, location: place, time: Timestamp(seconds: t),
                                           provenance: Provenance(source: source), grading: grading()))
        }
    }
}

func pad2(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
func format3(_ prefix: String, _ v: Int) -> String {
    prefix + (v < 10 ? "00\(v)" : v < 100 ? "0\(v)" : "\(v)")
}

extension String {
    func replacingSpaces() -> String { String(map { $0 == " " ? "-" : $0 }) }
}
