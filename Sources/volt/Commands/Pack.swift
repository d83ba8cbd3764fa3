import ArgumentParser
import Foundation
import VoltAnalysis
import VoltGraph
import VoltModel
import VoltPack
import VoltPrivacy
import VoltRender
import VoltStore
import VoltTemporal

struct PackCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pack",
        abstract: "The monthly pack for a panel or a strategic board: pack.html (one self-contained page) and pack.json.",
        discussion: """
            The pack follows the panels' agendas: the month at a glance against the month before, twelve months of trend, the Top N children with the reasons (panel only), who has records by VOLT type, gender and age band, links by agency, the places where children are seen, children missing and missing together, and a map of the network (panel only, by initials).

            --audience panel shows children by initials. --audience strategic shows no one: no names, initials or ids; counts from 1 to --threshold - 1 shown as <5, with further cells hidden (*) so that none can be worked out from the totals; places by area unless public.

            A pack is a disclosure: --recipient and a purpose are required and logged with the audience. The same store and month give the same pack, byte for byte, apart from the generation time.

            Examples:
              volt pack --period 2026-10 --audience panel --out packs/2026-10 --recipient "Wexbury MACE panel" --purpose "MACE, November meeting"
              volt pack --period 2026-10 --audience strategic --out packs/board --recipient "Community Safety Partnership board" --purpose "quarterly strategic meeting"
            """)

    @OptionGroup var store: StoreOptions

    @Option(help: ArgumentHelp("The month, like 2026-10.", valueName: "month"))
    var period: String

    @Option(help: ArgumentHelp("panel or strategic.", valueName: "audience"))
    var audience: String = "panel"

    @Option(help: ArgumentHelp("Folder to write pack.html and pack.json into (created if needed).", valueName: "dir"))
    var out: String

    @Option(help: ArgumentHelp("Who receives the pack (required: it is logged as a disclosure).", valueName: "name"))
    var recipient: String?

    @Option(help: "Strategic packs: counts below this are suppressed.")
    var threshold = 5

    @Option(help: "How many children on the Top N list (panel).")
    var n = 8

    @Option(help: ArgumentHelp("A JSON file of Top N weights (default: config/top-weights.json's values).", valueName: "file"))
    var weights: String?

    func run() throws {
        try guarded {
            guard let who = PackAudience(rawValue: audience) else { throw ValidationError("--audience must be panel or strategic (got '\(audience)')") }
            guard let recipient, !recipient.trimmingSpaces.isEmpty else {
                throw UserError("a pack is a disclosure and needs a recipient: give --recipient \"who receives it\"")
            }
            guard threshold >= 2 else { throw ValidationError("--threshold must be at least 2") }
            guard n >= 1 else { throw ValidationError("--n must be at least 1") }
            let (start, end) = try parseMonth(period, option: "--period")
            let w = try topWeights(weights)
            let (s, ctx) = try store.open()
            let key = try s.pseudonymKey()
            let labeller = Labeller(level: .initials, key: key)
            let generated = Timestamp.now.iso8601
            let report = try s.write(ctx, action: .disclosure) { wr -> (PackReport, String) in
                let r = wr.reader
                let e = try EntityTable(r)
                var gender = [String?](repeating: nil, count: e.ids.count), band = gender, ethnicity = gender
                try r.forEachEntity { x in
                    guard let i = e.index(x.id) else { return }
                    gender[i] = x.gender
                    band[i] = x.ageBand ?? x.dateOfBirth.flatMap { ageBand(dateOfBirth: $0.text, at: end) }
                    ethnicity[i] = x.ethnicity
                }
                let links = try TimedLinkTable(r, entities: e)
                let full = try r.links(rows: links.row)
                let sightings = try SightingTable(r, entities: e)
                let missing = try MissingTable(r, entities: e)
                guard hasRecords(links, sightings, missing, from: start, to: end) else { throw StoreError.badRequest("no records in \(period): there is nothing to report for that month") }
                let labels = labeller.labels(for: Array(e.ids.indices), in: e).map(\.label)
                var inputs = PackInputs(entities: e, gender: gender, ageBand: band, links: links,
                                        linkSources: links.row.map { full[$0]?.provenance.source ?? "unknown" },
                                        sightings: sightings, missing: missing, label: { labels[$0] })
                inputs.ethnicity = ethnicity
                if who == .panel { inputs.keyPlayers = try disruption(r, entities: e, end: end) }
                var pack = makePack(inputs, month: period, start: start, end: end, audience: who, threshold: threshold, weights: w, topN: n,
                                    generatedAt: generated)
                if who == .panel { pack.map = try networkMap(r, entities: e, links: links, labeller: labeller, start: start, end: end) }
                return (pack, "pack \(period) audience=\(who.rawValue) to \(recipient) (\(out)), labels \(pack.labels), threshold \(threshold)")
            }
            try writePack(report)
            print("wrote \(out)/pack.html and \(out)/pack.json: \(report.title), audience \(who.rawValue); logged as a disclosure to \(recipient)")
        }
    }

    /// Three offenders whose disruption cuts the most children off from offenders, over the
    /// links between people of the six months to the end of the month.
    private func disruption(_ r: StoreReader, entities e: EntityTable, end: Int64) throws -> [(entity: Int, childrenCutOff: Int)] {
        var f = SnapshotFilter()
        f.links.types = Set(personLinkTypes.map(\.rawValue))
        f.links.to = Timestamp(seconds: end)
        f.links.from = Timestamp(seconds: end - 180 * 86_400)
        let snap = try Snapshot(r, filter: f)
        let nodes = Array(0..<snap.graph.nodeCount)
        let victims = nodes.filter { snap.types[$0] == .victim || snap.types[$0] == .victimOffender }
        let offenders = nodes.filter { snap.types[$0] == .offender }
        guard !victims.isEmpty, !offenders.isEmpty else { return [] }
        return keyPlayers(snap.graph, victims: victims, offenders: offenders, candidates: offenders, k: min(3, offenders.count))
            .filter { !$0.newlyCutOff.isEmpty }
            .map { (e.index(snap.ids[$0.node])!, $0.newlyCutOff.count) }
    }

    /// The month's network between people as inline SVG at the initials level, communities of
    /// more than 12 drawn as one node.
    private func networkMap(_ r: StoreReader, entities e: EntityTable, links: TimedLinkTable, labeller: Labeller, start: Int64, end: Int64) throws -> String? {
        var f = SnapshotFilter()
        f.links.types = Set(personLinkTypes.map(\.rawValue))
        f.links.to = Timestamp(seconds: end)
        f.links.from = Timestamp(seconds: start - 180 * 86_400)
        let snap = try Snapshot(r, filter: f)
        guard snap.graph.nodeCount > 0 else { return nil }
        let communities = leiden(snap.graph, seed: 1)
        var members = [[Int]](repeating: [], count: communities.count)
        for v in 0..<snap.graph.nodeCount { members[Int(communities.labels[v])].append(v) }
        var request = MapRequest(title: "People linked in the six months to \(period)", subtitle: "labels: initials; communities of more than 12 as one node")
        var singles: [Int] = []
        let big = members.filter { $0.count > 12 }.sorted { ($1.count, $0[0]) < ($0.count, $1[0]) }
        for (k, m) in big.enumerated() { request.collapsed.append(("community \(k + 1)", m.map { e.index(snap.ids[$0])! })) }
        for m in members where m.count <= 12 { singles += m.map { e.index(snap.ids[$0])! } }
        request.nodes = singles.sorted()
        request.linkTypes = f.links.types
        let doc = makeMap(request, entities: e, links: links, labeller: labeller)
        let svg = String(decoding: try Graphviz.render(doc, format: .svg), as: UTF8.self)
        return svg.range(of: "<svg").map { String(svg[$0.lowerBound...]) }
    }

    /// pack.json and pack.html, each written whole or not at all.
    private func writePack(_ p: PackReport) throws {
        do { try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true) } catch {
            throw UserError("cannot create \(out): \(error.localizedDescription)")
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        for (name, data) in [("pack.json", try encoder.encode(p)), ("pack.html", Data(packHTML(p).utf8))] {
            try AtomicFile.write(data, to: out + "/" + name)
        }
    }
}
