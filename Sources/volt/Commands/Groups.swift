import ArgumentParser
import VoltQuestions

struct Groups: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Peer groups and perpetrator networks: the connected groups of people, with who is in them, where they go and when.",
        discussion: """
            A group is a set of people joined by links (by default associate, family, co_offends, exploits and supplies; --links changes that). Each group lists its members by VOLT type, the locations and themes its members are linked to (attends, lives_at, linked_to_theme), and its first and last link.

            Groups keep their identity: each is matched to a named group (groups.csv) or one found before, by member overlap (Jaccard at least 0.5, against its recorded members and its members when last found); the match's id and name are in the group and name columns. A group of 3 to 30 that matches none gets a new stable id (PG- and 8 hex digits, from its members), remembered with this consultation so that it can be referred, given actions and followed next month. The id column only numbers this answer's groups by size.

            Example:
              volt groups --from 2026-08-01 --to 2026-10-31 --min-grading 2C --purpose "EFH panel: peer groups"
            """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var labels: LabelOptions
    @OptionGroup var output: FormatOptions
    @OptionGroup var network: NetworkOptions

    @Option(help: "Show at most this many groups in the table (0: all).")
    var top: Int = 20

    @Option(name: .customLong("min-size"), help: "Only groups with at least this many members.")
    var minSize: Int = 2

    func run() throws {
        try guarded {
            let q = try checked(GroupsQuestion(filter: network.filter, minimumSize: minSize))
            let a = try labels.session(store).ask(q)
            if output.format == .json { return try printJSON(q, a.groups) }
            let table = output.format == .table
            var t = Table(["id", "group", "name", "size", "victims", "offenders", "victim_offenders", "others", "first", "last", "locations", "themes", "members"])
            let names = { (ids: [String]) in ids.map { a.contextNames[$0] ?? $0 } }
            for r in a.groups {
                t.add([r.id, r.group, r.name] + typeColumns(r.byType, size: r.size) + [
                       table ? r.first.map { String($0.prefix(10)) } : r.first, table ? r.last.map { $0 == "open" ? $0 : String($0.prefix(10)) } : r.last,
                       table ? names(Array(r.locations.prefix(3))).joined(separator: "; ") + (r.locations.count > 3 ? " +\(r.locations.count - 3)" : "") : r.locations.joined(separator: ";"),
                       table ? names(r.themes).joined(separator: "; ") : r.themes.joined(separator: ";"),
                       table ? r.members.prefix(8).joined(separator: " ") + (r.members.count > 8 ? " …" : "") : r.members.joined(separator: ";")])
            }
            let shown = top > 0 ? min(top, a.groups.count) : a.groups.count
            t.print(output.format, top: top, summary: "\(plural(a.groups.count, "group")) of \(a.entityCount) entities joined by \(a.linkCount) links"
                    + (shown < a.groups.count ? "; the \(shown) largest shown (--top 0 for all)" : ""))
        }
    }
}
