import ArgumentParser
import VoltGraph
import VoltModel
import VoltStore
import VoltTemporal

struct Colocate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Who was at the same place at the same time: pairs of people seen together, how often, where and when, and the groups they form.",
        discussion: """
            Two sightings at the same location are together when the gap between them is at most --window (sightings with an end overlap for as long as they last). Each pair is counted once per pair of sightings; its first and last times, the places, and (with --evidence, or in JSON) the sightings behind it are shown. Groups are people joined by these pairs.

            --pair victim,offender keeps only pairs with someone holding the victim role (victims and victim+offenders) on one side and an offender on the other; name victim+offender explicitly to pair children who are both with anyone.

            Examples:
              volt colocate --window 2h --from 2026-08-01 --to 2026-10-31 --pair victim,offender --purpose "CE: children seen with offenders"
              volt colocate --locations L014,L022 --min-count 3 --evidence --purpose "problem locations review"
            """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var output: FormatOptions

    @Option(help: ArgumentHelp("Seen together within this long of each other (like 30m, 2h).", valueName: "duration"))
    var window = "1h"

    @Option(help: ArgumentHelp("Only sightings from this date or time (ISO 8601).", valueName: "date"))
    var from: String?

    @Option(help: ArgumentHelp("Only sightings up to this date or time (a bare date: the whole day).", valueName: "date"))
    var to: String?

    @Option(help: ArgumentHelp("Only these locations, comma-separated ids.", valueName: "ids"))
    var locations: String?

    @Option(help: ArgumentHelp("Only locations of these categories, comma-separated (\(LocationCategory.accepted)).", valueName: "categories"))
    var categories: String?

    @Option(help: ArgumentHelp("Only pairs of these two VOLT types, like victim,offender (victim includes victim+offender).", valueName: "a,b"))
    var pair: String?

    @Option(name: .customLong("min-count"), help: "Only pairs seen together at least this many times.")
    var minCount = 1

    @Option(help: "Show at most this many pairs (0: all).")
    var top = 20

    @Flag(help: "In the table, list the sightings behind each pair.")
    var evidence = false

    func validate() throws {
        guard minCount >= 1 else { throw ValidationError("--min-count must be at least 1") }
        guard top >= 0 else { throw ValidationError("--top must be 0 (all) or more") }
    }

    func run() throws {
        try guarded {
            let seconds = try parseDuration(window, option: "--window")
            let period = try parsePeriod(from: from, to: to)
            let rule = try pairRule(pair)
            let cats = try categories.map { text in
                Set(try text.split(separator: ",").map { c in
                    guard let k = LocationCategory(parsing: String(c)) else {
                        throw ValidationError("unknown location category '\(c)' in --categories (expected \(LocationCategory.accepted))")
                    }
                    return k.rawValue
                })
            }
            let (s, ctx) = try store.open()
            let summary = "colocate window=\(window)" + [("from", from), ("to", to), ("locations", locations), ("categories", categories), ("pair", pair)]
                .compactMap { k, v in v.map { " \(k)=\($0)" } }.joined() + " min_count=\(minCount)"
            let (entities, result, behind, rows): (EntityTable, [CoLocatedPair], [[Int64]], [Int64: Sighting]) = try s.consult(ctx, summary: summary) { r in
                let entities = try EntityTable(r)
                var q = CoLocationQuery(window: seconds)
                q.period = period
                q.pairs = rule
                var places: Set<Int32>?
                if let locations {
                    places = Set(try locations.split(separator: ",").map { id in
                        guard let i = entities.index(String(id)), entities.types[i] == .location else {
                            throw StoreError.badRequest("unknown location '\(id)' in --locations: no location has that id")
                        }
                        return Int32(i)
                    })
                }
                if let cats {
                    let inCats = Set((0..<entities.count).filter { entities.types[$0] == .location && cats.contains(entities.categories[$0] ?? "other") }.map(Int32.init))
                    places = places.map { $0.intersection(inCats) } ?? inCats
                }
                q.places = places
                let table = try SightingTable(r, entities: entities, from: period.from == .min ? nil : Timestamp(seconds: period.from),
                                              to: period.to == .max ? nil : Timestamp(seconds: period.to))
                let e = encounters(table, types: entities.types, query: q)
                let pairs = coLocatedPairs(e, minimumCount: minCount)
                let shown = top == 0 ? pairs : Array(pairs.prefix(top))
                // The sightings behind each pair shown, as store rows: two per encounter.
                let behind = shown.map { p in p.evidence.flatMap { [table.row[Int(e[Int($0)].sightingA)], table.row[Int(e[Int($0)].sightingB)]] } }
                let rows = evidence || output.format == .json ? try r.sightings(rows: behind.flatMap { $0 }) : [:]
                return (entities, pairs, behind, rows)
            }
            let groups = coLocationGroups(result, entityCount: entities.count)
            let shown = top == 0 ? result : Array(result.prefix(top))
            let label = { (i: Int) in entities.ids[i] }
            switch output.format {
            case .json:
                struct Together: Encodable { let a: String, b: String, count: Int, places: Int, first: String, last: String, sightings: [Sighting] }
                struct Group: Encodable { let members: [String] }
                struct Result: Encodable { let pairs: [Together]; let groups: [Group]; let pairCount: Int }
                var q: [String: String] = ["window": window, "min_count": String(minCount)]
                for (k, v) in [("from", from), ("to", to), ("locations", locations), ("categories", categories), ("pair", pair)] { if let v { q[k] = v } }
                try printJSON(query: q, results: Result(
                    pairs: zip(shown, behind).map { p, b in
                        Together(a: label(p.a), b: label(p.b), count: p.count, places: p.places, first: Timestamp(seconds: p.first).iso8601,
                                 last: Timestamp(seconds: p.last).iso8601, sightings: b.compactMap { rows[$0] })
                    },
                    groups: groups.map { Group(members: $0.map(label)) }, pairCount: result.count))
            case .csv:
                var t = Table(["a", "a_type", "b", "b_type", "count", "places", "first", "last"])
                for p in shown {
                    t.add([label(p.a), entities.types[p.a].rawValue, label(p.b), entities.types[p.b].rawValue, String(p.count), String(p.places),
                           Timestamp(seconds: p.first).iso8601, Timestamp(seconds: p.last).iso8601])
                }
                print(t.csv)
            case .table:
                var t = Table(["a", "a_type", "b", "b_type", "together", "places", "first", "last"])
                for p in shown {
                    t.add([label(p.a), entities.types[p.a].rawValue, label(p.b), entities.types[p.b].rawValue, String(p.count), String(p.places),
                           shortTime(p.first), shortTime(p.last)])
                }
                if !shown.isEmpty { print(t.text) }
                if evidence {
                    for (p, b) in zip(shown, behind) {
                        print("\n\(label(p.a)) and \(label(p.b)):")
                        for k in stride(from: 0, to: b.count, by: 2) {
                            guard let x = rows[b[k]], let y = rows[b[k + 1]] else { continue }
                            print("  \(x.location): \(x.person) \(shortTime(x.time.seconds)) (\(x.provenance.source)), \(y.person) \(shortTime(y.time.seconds)) (\(y.provenance.source))")
                        }
                    }
                }
                let big = groups.filter { $0.count >= 3 }
                if !big.isEmpty {
                    print("\nGroups seen together (3 or more people):")
                    for g in big.prefix(top == 0 ? big.count : max(top, 10)) { print("  \(g.count): " + g.prefix(12).map(label).joined(separator: " ") + (g.count > 12 ? " …" : "")) }
                }
                print("\(result.count) pair\(result.count == 1 ? "" : "s") seen together within \(window)" + (shown.count < result.count ? "; the \(shown.count) most often together shown (--top 0 for all)" : "")
                      + ", in \(groups.count) group\(groups.count == 1 ? "" : "s")")
            }
        }
    }
}

/// Reads `--pair a,b` into a rule; each side is a VOLT type, victim and offender meaning the role.
func pairRule(_ text: String?) throws -> PairRule {
    guard let text else { return PairRule() }
    let sides = text.split(separator: ",").map(String.init)
    guard sides.count == 2 else { throw ValidationError("--pair takes two VOLT types, like victim,offender (got '\(text)')") }
    func side(_ s: String) throws -> Set<VoltType> {
        guard let t = VoltType(parsing: s), t.kind == .person else {
            throw ValidationError("--pair: '\(s)' is not a type of person (expected victim, offender, victim+offender or person)")
        }
        // "victim" is anyone holding the victim role; "offender" is people recorded only as
        // offenders, so children who are both are not paired with their peers as if with adults.
        return t == .victim ? [.victim, .victimOffender] : [t]
    }
    return PairRule(try side(sides[0]), try side(sides[1]))
}

/// `2026-10-03 16:20`, UTC: short enough for a table.
func shortTime(_ t: Int64) -> String {
    if t == .max { return "open" }
    if t == .min { return "" }
    let s = Timestamp(seconds: t).iso8601
    return String(s.prefix(10)) + " " + String(s.dropFirst(11).prefix(5))
}
