import ArgumentParser
import VoltAnalysis
import VoltGraph
import VoltModel
import VoltStore
import VoltTemporal

struct MissingCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "missing",
        abstract: "Missing children: who goes missing together, who goes missing repeatedly, and which offenders they are linked to.",
        discussion: """
            Three sections:
              together   pairs of children whose episodes overlapped by at least --overlap, most often together first (with --same-place: only when both were found at the same place)
              repeat     children with at least --repeat episodes in the period, most episodes first; still-missing children are marked
              offenders  for each child missing in the period, the offenders within --hops steps through links between people, nearest first

            An episode with no end is open: the child is still missing; it counts as lasting until --to, or until now.

            Examples:
              volt missing --from 2026-08-01 --to 2026-10-31 --purpose "MACE: missing children"
              volt missing --section together --overlap 2h --same-place --format csv --purpose "MACE: missing together"
            """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var output: FormatOptions

    @Option(help: ArgumentHelp("Only episodes from this date or time (ISO 8601).", valueName: "date"))
    var from: String?

    @Option(help: ArgumentHelp("Only episodes up to this date or time (a bare date: the whole day).", valueName: "date"))
    var to: String?

    @Option(help: ArgumentHelp("Missing together when episodes overlap by at least this long (like 30m; 0s: touching).", valueName: "duration"))
    var overlap = "30m"

    @Flag(name: .customLong("same-place"), help: "Only count children found at the same place.")
    var samePlace = false

    @Option(help: "Repeat missing: at least this many episodes in the period.")
    var `repeat` = 2

    @Option(help: "Offenders within this many steps of a missing child.")
    var hops = 2

    @Option(help: ArgumentHelp("Which section: together, repeat, offenders or all (CSV prints one).", valueName: "section"))
    var section = "all"

    @Option(help: "Show at most this many rows per section (0: all).")
    var top = 20

    func validate() throws {
        guard ["together", "repeat", "offenders", "all"].contains(section) else {
            throw ValidationError("--section must be together, repeat, offenders or all (got '\(section)')")
        }
        guard (1...6).contains(hops) else { throw ValidationError("--hops must be from 1 to 6") }
        guard `repeat` >= 1 else { throw ValidationError("--repeat must be at least 1") }
        guard top >= 0 else { throw ValidationError("--top must be 0 (all) or more") }
    }

    func run() throws {
        try guarded {
            if output.format == .csv && section == "all" {
                throw ValidationError("--format csv prints one table: choose --section together, repeat or offenders")
            }
            let threshold = try parseDuration(overlap, option: "--overlap", allowZero: true)
            let period = try parsePeriod(from: from, to: to)
            let asOf = period.to == .max ? Timestamp.now.seconds : period.to
            let (s, ctx) = try store.open()
            let summary = "missing overlap=\(overlap)" + (samePlace ? " same_place" : "") + [("from", from), ("to", to)]
                .compactMap { k, v in v.map { " \(k)=\($0)" } }.joined() + " hops=\(hops)"
            var links = SnapshotFilter()
            links.links.types = Set(personLinkTypes.map(\.rawValue))
            if period.to != .max { links.links.to = Timestamp(seconds: period.to) }
            let (entities, table, episodes, snap) = try s.consult(ctx, summary: summary) { r in
                let entities = try EntityTable(r)
                let table = try MissingTable(r, entities: entities)
                return (entities, table, try r.missingEpisodes(rows: table.row), try Snapshot(r, filter: links))
            }
            var q = MissingTogetherQuery(asOf: asOf)
            q.minimumOverlap = threshold
            q.period = period
            q.samePlace = samePlace
            let together = missingTogether(table, query: q)
            let repeats = repeatMissing(table, period: period, asOf: asOf)
            let limit = { (n: Int) in top == 0 ? n : min(n, top) }
            let id = { (i: Int) in entities.ids[i] }
            let episode = { (k: Int) in episodes[table.row[k]] }

            // Offenders within reach of each child missing in the period.
            struct Reach: Encodable { let child: String; let offender: String; let offenderType: String; let steps: Int }
            var reach: [Reach] = []
            for r in repeats {
                guard let c = snap.node(entities.ids[r.person]) else { continue }
                for (v, d) in egoNetwork(snap.graph, center: c, hops: hops) where d > 0 && (snap.types[v] == .offender || snap.types[v] == .victimOffender) {
                    reach.append(Reach(child: entities.ids[r.person], offender: snap.ids[v], offenderType: snap.types[v].rawValue, steps: d))
                }
            }
            reach.sort { ($0.steps, $0.child, $0.offender) < ($1.steps, $1.child, $1.offender) }
            let repeated = repeats.filter { $0.episodes >= `repeat` }

            var togetherTable = Table(["a", "b", "times", "hours_together", "found_together", "first", "last"])
            for p in together.prefix(limit(together.count)) {
                togetherTable.add([id(p.a), id(p.b), String(p.times), String(format1(Double(p.secondsTogether) / 3600)), String(p.foundTogether),
                                   output.format == .table ? shortTime(p.first) : Timestamp(seconds: p.first).iso8601,
                                   output.format == .table ? shortTime(p.last) : Timestamp(seconds: p.last).iso8601])
            }
            var repeatTable = Table(["child", "type", "episodes", "hours_missing", "still_missing"])
            for r in repeated.prefix(limit(repeated.count)) {
                repeatTable.add([id(r.person), entities.types[r.person].rawValue, String(r.episodes), format1(Double(r.secondsMissing) / 3600),
                                 r.stillMissing ? "yes" : "no"])
            }
            var reachTable = Table(["child", "offender", "offender_type", "steps"])
            for x in reach.prefix(limit(reach.count)) { reachTable.add([x.child, x.offender, x.offenderType, String(x.steps)]) }

            switch output.format {
            case .json:
                struct Pair: Encodable { let a: String, b: String, times: Int, secondsTogether: Int64, foundTogether: Int, episodes: [[MissingEpisode]] }
                struct Repeat: Encodable { let child: String, episodes: Int, secondsMissing: Int64, stillMissing: Bool, records: [MissingEpisode] }
                struct Result: Encodable { let together: [Pair]?; let `repeat`: [Repeat]?; let offenders: [Reach]? }
                var query: [String: String] = ["overlap": overlap, "hops": String(hops), "repeat": String(`repeat`), "section": section]
                if let from { query["from"] = from }
                if let to { query["to"] = to }
                if samePlace { query["same_place"] = "true" }
                let all = section == "all"
                try printJSON(query: query, results: Result(
                    together: all || section == "together" ? together.prefix(limit(together.count)).map { p in
                        Pair(a: id(p.a), b: id(p.b), times: p.times, secondsTogether: p.secondsTogether, foundTogether: p.foundTogether,
                             episodes: p.evidence.map { [episode($0.0), episode($0.1)].compactMap { $0 } })
                    } : nil,
                    repeat: all || section == "repeat" ? repeated.prefix(limit(repeated.count)).map { r in
                        Repeat(child: id(r.person), episodes: r.episodes, secondsMissing: r.secondsMissing, stillMissing: r.stillMissing,
                               records: r.evidence.compactMap(episode))
                    } : nil,
                    offenders: all || section == "offenders" ? Array(reach.prefix(limit(reach.count))) : nil))
            case .csv:
                print([("together", togetherTable), ("repeat", repeatTable), ("offenders", reachTable)].first { $0.0 == section }!.1.csv)
            case .table:
                if section == "all" || section == "together" {
                    print("Missing together (overlapping by \(overlap) or more\(samePlace ? ", found at the same place" : "")): \(together.count) pair\(together.count == 1 ? "" : "s")")
                    if !together.isEmpty { print(togetherTable.text) }
                }
                if section == "all" || section == "repeat" {
                    if section == "all" { print("") }
                    print("Repeat missing (\(`repeat`) or more episodes): \(repeated.count) child\(repeated.count == 1 ? "" : "ren")"
                          + (repeats.contains { $0.stillMissing } ? "; still missing: " + repeats.filter(\.stillMissing).map { id($0.person) }.joined(separator: " ") : ""))
                    if !repeated.isEmpty { print(repeatTable.text) }
                }
                if section == "all" || section == "offenders" {
                    if section == "all" { print("") }
                    print("Offenders within \(hops) step\(hops == 1 ? "" : "s") of a child missing in the period: \(reach.count) link\(reach.count == 1 ? "" : "s")")
                    if !reach.isEmpty { print(reachTable.text) }
                }
            }
        }
    }
}

/// One decimal place.
func format1(_ x: Double) -> String {
    let r = (x * 10).rounded() / 10
    return r == r.rounded() ? String(Int(r)) + ".0" : String(r)
}
