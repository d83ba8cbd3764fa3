import ArgumentParser
import VoltModel
import VoltQuestions
import VoltStore

struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show one entity and its links in time order, with source and grading, and the casework about it.",
        discussion: """
            For a child: their status spells, referrals, actions, outcomes and return interviews in time order, and which agencies hold a record of them. A named group's id shows its members and its casework.

            Examples:
              volt show Y012 --purpose "EFH panel: review of Y012"
              volt show G-MILL --purpose "EFH panel: the Mill Lane group"
            """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var labels: LabelOptions
    @OptionGroup var output: FormatOptions

    @Argument(help: ArgumentHelp("The entity id.", valueName: "id"))
    var id: String

    @Option(help: "Show at most this many links, sightings and episodes each (0: all).")
    var top: Int = 40

    func run() throws {
        try guarded {
            let q = ShowQuestion(id: id)
            let a = try labels.session(store).ask(q)
            guard let p = a.profile else {
                if output.format == .json { return try printJSON(q, [a]) }
                return printGroup(a)
            }
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
            case .json: try printJSON(q, [a])
            case .csv: print(links.csv)
            case .table: printProfile(p, links: links, casework: a)
            }
        }
    }

    private func printGroup(_ a: ShowQuestion.Answer) {
        guard let g = a.group else { return }
        print("\(g.id)  group\(g.kind.map { " (\($0.rawValue))" } ?? "")  \(g.name)")
        print("\(a.members.count) members today: \(a.members.joined(separator: " "))")
        printCasework(a)
    }

    private func printCasework(_ a: ShowQuestion.Answer) {
        guard !a.casework.isEmpty else { return }
        var t = Table(["date", "kind", "detail"])
        for e in a.casework { t.add([e.date.day, e.kind, e.detail]) }
        print("\ncasework (oldest first):\n" + t.text)
    }

    private func printProfile(_ p: EntityProfile, links: Table, casework a: ShowQuestion.Answer) {
        let e = p.entity
        print("\(e.id)  \(e.voltType.rawValue)  \(e.name)")
        var facts: [String?] = [e.isVictim ? "victim since \(e.victimSince?.day ?? "unknown")" : nil,
                                e.isOffender ? "offender since \(e.offenderSince?.day ?? "unknown")" : nil,
                                e.dateOfBirth.map { "born \($0)" }, e.ageBand.map { "age band \($0)" }, e.gender, e.category?.rawValue,
                                e.area.map { "area \($0)" }, e.reviewDate.map { "review due \($0)" }]
        if !e.references.isEmpty { facts.append("refs " + e.references.map { "\($0.agency):\($0.reference)" }.joined(separator: ", ")) }
        if !facts.compactMap({ $0 }).isEmpty { print(facts.compactMap { $0 }.joined(separator: "; ")) }
        if e.kind == .person {
            print(a.agencies.isEmpty ? "no agency holds a record" : "agencies holding a record: \(a.agencies.joined(separator: ", "))")
            if a.records.count > 1 {
                // Matched records (volt match accept): each as its agency holds it.
                var t = Table(["record", "agency", "name", "dob", "refs"])
                for r in a.records { t.add([r.id, r.source ?? "not recorded", r.name, r.dob ?? "-", r.refs.joined(separator: ", ")]) }
                print("\none person in \(a.records.count) records (volt match; --records shows one alone):\n" + t.text)
            }
        }
        print("\n\(p.links.count) links, \(p.sightings.count) sightings, \(p.missing.count) missing episodes")
        let latest = { (n: Int) in top > 0 && n > top ? ", latest \(top)" : "" }
        if !p.links.isEmpty { print("\nlinks (oldest first\(latest(p.links.count))):\n" + links.limited(top, last: true).text) }
        if !p.sightings.isEmpty {
            var t = Table(["time", "person", "location", "source", "grading"])
            for x in p.sightings { t.add([x.time.iso8601, x.person, x.location, x.provenance.source, x.grading?.description ?? "ungraded"]) }
            print("\nsightings (oldest first\(latest(p.sightings.count))):\n" + t.limited(top, last: true).text)
        }
        if !p.missing.isEmpty {
            var t = Table(["start", "end", "person", "found_at", "source", "ref"])
            for m in p.missing { t.add([m.start.iso8601, m.end?.iso8601 ?? "still missing", m.person, m.foundAt, m.provenance.source, m.provenance.reference]) }
            print("\nmissing episodes:\n" + t.limited(top, last: true).text)
        }
        printCasework(a)
    }
}
