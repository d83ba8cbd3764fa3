import ArgumentParser
import VoltModel
import VoltStore

struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show one entity and its links in time order, with source and grading.",
        discussion: """
            Example:
              volt show Y012 --purpose "EFH panel: review of Y012"
            """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var output: FormatOptions

    @Argument(help: ArgumentHelp("The entity id.", valueName: "id"))
    var id: String

    @Option(help: "Show at most this many links, sightings and episodes each (0: all).")
    var top: Int = 40

    func run() throws {
        try guarded {
            let (s, ctx) = try store.open()
            let p = try s.consult(ctx, summary: "show \(id)") { try $0.profile(id: id) }
            let e = p.entity
            var links = Table(["start", "end", "type", "direction", "other", "other_type", "other_name", "source", "ref", "grading"])
            for l in p.links {
                // An instant shows no end; an open-ended link says so.
                let end = l.link.end.map { $0 == l.link.start ? "" : $0.iso8601 } ?? "open"
                links.add([l.link.start.iso8601, output.format == .table ? end : (l.link.end?.iso8601 ?? ""), l.link.type.rawValue,
                           l.link.type.isDirected ? (l.outgoing ? "to" : "from") : "with",
                           l.other, l.otherType.rawValue, l.otherName, l.link.provenance.source,
                           l.link.provenance.reference, l.link.grading?.description ?? "ungraded"])
            }
            switch output.format {
            case .json: try printJSON(query: ["id": id], results: [p])
            case .csv: print(links.csv)
            case .table:
                print("\(e.id)  \(e.voltType.rawValue)  \(e.name)")
                var facts: [String] = []
                if e.isVictim { facts.append("victim since \(e.victimSince?.day ?? "unknown")") }
                if e.isOffender { facts.append("offender since \(e.offenderSince?.day ?? "unknown")") }
                if let d = e.dateOfBirth { facts.append("born \(d)") }
                if let a = e.ageBand { facts.append("age band \(a)") }
                if let g = e.gender { facts.append(g) }
                if let c = e.category { facts.append(c.rawValue) }
                if let a = e.area { facts.append("area \(a)") }
                if let r = e.reviewDate { facts.append("review due \(r)") }
                if !e.references.isEmpty { facts.append("refs " + e.references.map { "\($0.agency):\($0.reference)" }.joined(separator: ", ")) }
                if !facts.isEmpty { print(facts.joined(separator: "; ")) }
                print("\n\(p.links.count) links, \(p.sightings.count) sightings, \(p.missing.count) missing episodes")
                func limited(_ t: Table) -> Table {
                    var t = t
                    if top > 0 && t.rows.count > top { t.rows = Array(t.rows.suffix(top)) }
                    return t
                }
                if !p.links.isEmpty {
                    print("\nlinks (oldest first\(top > 0 && p.links.count > top ? ", latest \(top)" : "")):")
                    print(limited(links).text)
                }
                if !p.sightings.isEmpty {
                    var t = Table(["time", "person", "location", "source", "grading"])
                    for x in p.sightings { t.add([x.time.iso8601, x.person, x.location, x.provenance.source, x.grading?.description ?? "ungraded"]) }
                    print("\nsightings (oldest first\(top > 0 && p.sightings.count > top ? ", latest \(top)" : "")):")
                    print(limited(t).text)
                }
                if !p.missing.isEmpty {
                    var t = Table(["start", "end", "person", "found_at", "source", "ref"])
                    for m in p.missing { t.add([m.start.iso8601, m.end?.iso8601 ?? "still missing", m.person, m.foundAt, m.provenance.source, m.provenance.reference]) }
                    print("\nmissing episodes:")
                    print(limited(t).text)
                }
            }
        }
    }
}
