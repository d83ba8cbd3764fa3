import ArgumentParser
import VoltAnalysis
import VoltGraph
import VoltModel
import VoltStore

/// Link types between people: what peer groups and networks are made of by default.
let personLinkTypes: Set<LinkType> = [.associate, .family, .coOffends, .exploits, .supplies]

struct Groups: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Peer groups and perpetrator networks: the connected groups of people, with who is in them, where they go and when.",
        discussion: """
            A group is a set of people joined by links (by default associate, family, co_offends, exploits and supplies; --links changes that). Each group lists its members by VOLT type, the locations and themes its members are linked to (attends, lives_at, linked_to_theme), and its first and last link.

            Example:
              volt groups --from 2026-08-01 --to 2026-10-31 --min-grading 2C --purpose "EFH panel: peer groups"
            """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var output: FormatOptions
    @OptionGroup var snapshot: SnapshotOptions

    @Option(help: "Show at most this many groups in the table (0: all).")
    var top: Int = 20

    @Option(name: .customLong("min-size"), help: "Only groups with at least this many members.")
    var minSize: Int = 2

    func run() throws {
        try guarded {
            let filter = try snapshot.filter(defaultLinks: personLinkTypes)
            var contextFilter = filter
            contextFilter.links.types = [LinkType.attends, .livesAt, .linkedToTheme].map(\.rawValue).reduce(into: Set()) { $0.insert($1) }
            contextFilter.voltTypes = nil
            let (s, ctx) = try store.open()
            let (snap, context) = try s.consult(ctx, summary: "groups \(snapshot.summary)") { r in
                (try snapshot.snapshot(r, filter: filter), try Snapshot(r, filter: contextFilter))
            }
            let groups = peerGroups(snap).filter { $0.members.count >= minSize }
            let touched = touchedContexts(groups, in: snap, context: context)
            struct Row: Encodable {
                let id: String, size: Int, members: [String], byType: [String: Int]
                let locations: [String], themes: [String], first: String?, last: String?
            }
            func time(_ t: Int64, open: Bool) -> String? {
                if open && t == Int64.max { return "open" }
                return t == Int64.max || t == Int64.min ? nil : Timestamp(seconds: t).iso8601
            }
            let rows = groups.enumerated().map { i, g in
                Row(id: "G\(i + 1)", size: g.members.count, members: g.members.map { snap.ids[$0] },
                    byType: Dictionary(uniqueKeysWithValues: g.byType.map { ($0.key.rawValue, $0.value) }),
                    locations: touched[i].filter { context.types[context.node($0.id)!] == .location }.map(\.id),
                    themes: touched[i].filter { context.types[context.node($0.id)!] == .theme }.map(\.id),
                    first: time(g.firstLink, open: false), last: time(g.lastLink, open: true))
            }
            var t = Table(["id", "size", "victims", "offenders", "victim_offenders", "others", "first", "last", "locations", "themes", "members"])
            for r in rows {
                let others = r.size - (r.byType["victim"] ?? 0) - (r.byType["offender"] ?? 0) - (r.byType["victim+offender"] ?? 0)
                let names = { (ids: [String]) in ids.map { context.names[context.node($0)!] } }
                let table = output.format == .table
                t.add([r.id, String(r.size), String(r.byType["victim"] ?? 0), String(r.byType["offender"] ?? 0),
                       String(r.byType["victim+offender"] ?? 0), String(others),
                       table ? r.first.map { String($0.prefix(10)) } : r.first, table ? r.last.map { $0 == "open" ? $0 : String($0.prefix(10)) } : r.last,
                       table ? names(Array(r.locations.prefix(3))).joined(separator: "; ") + (r.locations.count > 3 ? " +\(r.locations.count - 3)" : "") : r.locations.joined(separator: ";"),
                       table ? names(r.themes).joined(separator: "; ") : r.themes.joined(separator: ";"),
                       table ? r.members.prefix(8).joined(separator: " ") + (r.members.count > 8 ? " …" : "") : r.members.joined(separator: ";")])
            }
            switch output.format {
            case .json:
                var q = snapshot.description
                q["min_size"] = String(minSize)
                try printJSON(query: q, results: rows)
            case .csv: print(t.csv)
            case .table:
                let shown = top > 0 ? Array(t.rows.prefix(top)) : t.rows
                var limited = t
                limited.rows = shown
                if !shown.isEmpty { print(limited.text) }
                print("\(groups.count) group\(groups.count == 1 ? "" : "s") of \(snap.graph.nodeCount) entities joined by \(snap.linkCount) links" + (shown.count < groups.count ? "; the \(shown.count) largest shown (--top 0 for all)" : ""))
            }
        }
    }
}
