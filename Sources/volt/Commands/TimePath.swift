import ArgumentParser
import VoltAnalysis
import VoltGraph
import VoltModel
import VoltStore
import VoltTemporal

struct TimePath: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "timepath",
        abstract: "Could harm or influence have travelled from A to B through links in time order? The earliest-arriving chain, with dates, beside the static shortest path.",
        discussion: """
            A link can be followed once its start has come and before its end has passed; the chain starts at --from (default: the beginning of the data) and must arrive by --to. A static path (any order of dates) may exist when no time-respecting one does: then the links happened in the wrong order for anything to pass along them.

            By default links between people (associate, family, co_offends, exploits, supplies); --links changes that. With --directed, exploits and supplies carry only from offender to victim.

            Example:
              volt timepath O003 Y116 --from 2026-01-01 --purpose "strategy meeting: could O003 have reached Y116?"
            """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var output: FormatOptions

    @Argument(help: ArgumentHelp("Where it starts (an entity id).", valueName: "from"))
    var a: String
    @Argument(help: ArgumentHelp("Where it should arrive (an entity id).", valueName: "to"))
    var b: String

    @Option(help: ArgumentHelp("Travel starts at this date or time (ISO 8601).", valueName: "date"))
    var from: String?

    @Option(help: ArgumentHelp("... and must arrive by this one (a bare date: the whole day).", valueName: "date"))
    var to: String?

    @Option(help: ArgumentHelp("Only these link types, comma-separated.", valueName: "types"))
    var links: String?

    @Flag(help: "Exploits and supplies carry only from offender to victim.")
    var directed = false

    func run() throws {
        try guarded {
            let period = try parsePeriod(from: from, to: to)
            let types: Set<String> = try links.map { text in
                Set(try text.split(separator: ",").map { part in
                    guard let t = LinkType(parsing: String(part)) else {
                        throw ValidationError("unknown link type '\(part)' in --links (expected \(LinkType.accepted))")
                    }
                    return t.rawValue
                })
            } ?? Set(personLinkTypes.map(\.rawValue))
            let (s, ctx) = try store.open()
            var staticFilter = SnapshotFilter()
            staticFilter.links.types = types
            staticFilter.directed = directed
            let (entities, table, arrival, snap, rows) = try s.consult(ctx, summary: "timepath \(a) -> \(b)" + [("from", from), ("to", to), ("links", links)]
                .compactMap { k, v in v.map { " \(k)=\($0)" } }.joined()) { r in
                let entities = try EntityTable(r)
                for id in [a, b] where entities.index(id) == nil { throw StoreError.unknownEntity(id) }
                var selection = LinkSelection()
                selection.types = types
                let table = try TimedLinkTable(r, entities: entities, selection: selection)
                let arrival = earliestArrival(table, entityCount: entities.count, from: entities.index(a)!, period: period, directed: directed)
                let steps = arrival.path(to: entities.index(b)!) ?? []
                return (entities, table, arrival, try Snapshot(r, filter: staticFilter), try r.links(rows: steps.map { table.row[$0.link] }))
            }
            let steps = arrival.path(to: entities.index(b)!)
            let staticPath: [Int]? = {
                guard let u = snap.node(a), let v = snap.node(b) else { return nil }
                return shortestPaths(snap.graph, from: u, to: v, limit: 1).first
            }()
            guard steps != nil || staticPath != nil else {
                throw StoreError.badRequest("no chain of links joins \(a) and \(b), in time order or otherwise")
            }
            struct Step: Encodable { let from: String, to: String, time: String, link: Link? }
            let chain = (steps ?? []).map { st in
                Step(from: entities.ids[st.from], to: entities.ids[st.to], time: Timestamp(seconds: st.time).iso8601, link: rows[table.row[st.link]])
            }
            switch output.format {
            case .json:
                struct Result: Encodable { let reachable: Bool; let arrival: String?; let steps: [Step]; let staticHops: Int?; let staticPath: [String]? }
                var q = ["from_id": a, "to_id": b]
                if let from { q["from"] = from }
                if let to { q["to"] = to }
                if let links { q["links"] = links }
                if directed { q["directed"] = "true" }
                try printJSON(query: q, results: Result(reachable: steps != nil, arrival: steps?.last.map { Timestamp(seconds: $0.time).iso8601 },
                                                        steps: chain, staticHops: staticPath.map { $0.count - 1 },
                                                        staticPath: staticPath?.map { snap.ids[$0] }))
            case .csv:
                var t = Table(["step", "from", "to", "time", "type", "link_start", "link_end", "source", "ref", "grading"])
                for (i, st) in chain.enumerated() {
                    t.add([String(i + 1), st.from, st.to, st.time, st.link?.type.rawValue, st.link?.start.iso8601, st.link?.end?.iso8601,
                           st.link?.provenance.source, st.link?.provenance.reference, st.link?.grading?.description])
                }
                print(t.csv)
            case .table:
                let label = { (id: String) in "\(id) (\(entities.names[entities.index(id)!]))" }
                if let steps, let last = steps.last {
                    print("\(label(a)) can reach \(label(b)) through links in time order, arriving \(shortTime(last.time)), in \(steps.count) step\(steps.count == 1 ? "" : "s"):")
                    for st in chain {
                        print("  \(String(st.time.prefix(10)))  \(st.from) → \(st.to)" + (st.link.map { "  \(describe($0))" } ?? ""))
                    }
                } else {
                    print("\(label(a)) cannot reach \(label(b)) through links in time order" + (from != nil || to != nil ? " in this period" : "") + ".")
                }
                if let staticPath {
                    print("Static shortest path (dates ignored): \(staticPath.count - 1) hop\(staticPath.count == 2 ? "" : "s"): " + staticPath.map { snap.ids[$0] }.joined(separator: " – "))
                } else {
                    print("No static path either.")
                }
            }
        }
    }
}
