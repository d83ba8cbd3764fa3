import ArgumentParser
import Foundation
import VoltQuestions

struct CommunitiesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "communities",
        abstract: "Split the network into communities (Leiden): tightly knit peer groups inside larger connected networks.",
        discussion: """
            Where 'volt groups' joins everyone who is linked at all, communities find the tightly knit parts: people with more links among themselves than to others. Leiden optimises modularity; --resolution above 1 gives more, smaller communities. Every community is connected. The same --seed gives the same answer. Ties are weighted by their number of links unless --unweighted.

            Example:
              volt communities --from 2026-05-01 --resolution 1.2 --purpose "MACE: peer-group review"
            """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var labels: LabelOptions
    @OptionGroup var output: FormatOptions
    @OptionGroup var network: NetworkOptions

    @Option(help: "Resolution: above 1 gives more, smaller communities; below 1 fewer, larger ones.")
    var resolution: Double = 1

    @Option(help: "Seed for the order nodes are visited in: the same seed gives the same communities.")
    var seed: UInt64 = 1

    @Flag(help: "Count each tie once, however many links it stands for.")
    var unweighted = false

    @Option(help: "Show at most this many communities in the table (0: all).")
    var top: Int = 20

    func run() throws {
        try guarded {
            let q = try checked(CommunitiesQuestion(filter: network.filter, resolution: resolution, seed: seed, unweighted: unweighted))
            let a = try labels.session(store).ask(q)
            if output.format == .json { return try printJSON(q, a) }
            var t = Table(["id", "group", "name", "size", "victims", "offenders", "victim_offenders", "others", "members"])
            for r in a.communities {
                let m = output.format == .table ? r.members.prefix(10).joined(separator: " ") + (r.size > 10 ? " …" : "") : r.members.joined(separator: ";")
                t.add([r.id, r.group, r.name] + typeColumns(r.byType, size: r.size) + [m])
            }
            t.print(output.format, top: top, summary: "\(a.communities.count) communities of \(a.entityCount) entities, modularity \(String(format: "%.4f", a.modularity)) at resolution \(resolution)")
        }
    }
}
