import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
import VoltTestSupport

/// `volt export graphml|gexf` through the real binary, read back by networkx (the reference
/// venv) and by XMLParser, against the store's own CSV export.
@Suite(.serialized) struct ExportCLITests {
    let dir = TestSupport.temporaryDirectory("export-cli")
    var env: [String: String] { ["VOLT_DB": dir + "/area.sqlite", "VOLT_ACTOR": "cli-test", "VOLT_PURPOSE": "export test"] }
    static let example = TestSupport.packageRoot.appendingPathComponent("examples/wexbury").path
    /// Names that break careless writers: markup, quotes, a line break, emoji, right-to-left.
    static let awkward = ["Zoë \"Z\" <O'Neil> & Co", "Line one\nline two", "Ayşe 😀 Yıldız", "مريم الحسن", "Back\\slash \\N"]

    /// The example area plus people with awkward names linked to it; returns the CSV export of
    /// the whole store (what the store holds, written by volt's own CSV path).
    func loaded() throws -> (entities: [[String: String]], links: [[String: String]]) {
        var people = "id,type,name\n", links = "from,to,type,start,source,grading\n"
        for (i, name) in Self.awkward.enumerated() {
            people += "aw_\(i),victim,\"\(name.replacingOccurrences(of: "\"", with: "\"\""))\"\n"
            links += "aw_\(i),Y012,associate,2026-0\(i + 1)-02T10:00:00Z,school,2B-P\n"
        }
        let files = [TestSupport.write(people, to: "awkward-entities.csv", in: dir), TestSupport.write(links, to: "awkward-links.csv", in: dir)]
        let r = try TestSupport.volt(["import"] + ["entities", "links", "sightings", "missing"].map { "\(Self.example)/\($0).csv" } + files, environment: env)
        #expect(r.status == 0, "\(r.stderr)")
        let csv = try TestSupport.volt(["export", "--out", dir + "/csv", "--recipient", "test"], environment: env)
        #expect(csv.status == 0, "\(csv.stderr)")
        return (try TestSupport.readCSV(URL(fileURLWithPath: dir + "/csv/entities.csv")), try TestSupport.readCSV(URL(fileURLWithPath: dir + "/csv/links.csv")))
    }

    static let reader = """
        import sys, json, networkx as nx
        kind, path = sys.argv[1], sys.argv[2]
        g = nx.read_graphml(path) if kind == "graphml" else nx.read_gexf(path, version="1.3")
        print(json.dumps({"nodes": {n: d for n, d in g.nodes(data=True)},
                          "edges": [[u, v, d] for u, v, d in g.edges(data=True)]}, default=str))
        """

    @Test(arguments: ["graphml", "gexf"])
    func networkxReadsTheSameNodesLinksAttributesAndSpells(_ format: String) throws {
        let (entities, links) = try loaded()
        let out = "\(dir)/area.\(format)"
        let r = try TestSupport.volt(["export", format, "--out", out, "--labels", "names", "--recipient", "networkx test"], environment: env)
        #expect(r.status == 0, "\(r.stderr)")
        guard let run = try TestSupport.python(Self.reader, [format, out]) else {
            if TestSupport.isCI { Issue.record("no reference Python under CI=true (make test makes .venv)") } else { print("skipped: no .venv with networkx") }
            return
        }
        #expect(run.status == 0, "\(run.stderr)")
        let parsed = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as! [String: Any]
        let nodes = parsed["nodes"] as! [String: [String: Any]]
        let edges = parsed["edges"] as! [[Any]]

        // Nodes: every entity a link touches, with its name and VOLT type, awkward names intact.
        let touched = Set(links.flatMap { [$0["from"]!, $0["to"]!] })
        #expect(Set(nodes.keys) == touched)
        let byID = Dictionary(uniqueKeysWithValues: entities.map { ($0["id"]!, $0) })
        for (id, attributes) in nodes {
            #expect(attributes["label"] as? String == byID[id]?["name"], "\(id)")
            #expect(attributes["volt_type"] as? String == byID[id]?["type"], "\(id)")
        }
        for (i, name) in Self.awkward.enumerated() { #expect(nodes["aw_\(i)"]?["label"] as? String == name) }

        // Links: the same multiset of (pair, type, start, end, source, grading) as the store.
        func key(_ a: String, _ b: String, _ rest: [String?]) -> String { ([min(a, b), max(a, b)] + rest.map { $0 ?? "" }).joined(separator: "|") }
        let ours = links.map { key($0["from"]!, $0["to"]!, [$0["type"], $0["start"], $0["end"], $0["source"], $0["grading"]]) }.sorted()
        let theirs = edges.map { e -> String in
            let d = e[2] as! [String: Any]
            return key(e[0] as! String, e[1] as! String, [d["type"] as? String, d["start"] as? String, d["end"] as? String, d["source"] as? String, d["grading"] as? String])
        }.sorted()
        #expect(ours.count == theirs.count && ours == theirs, "\(Set(ours).symmetricDifference(theirs).prefix(4))")
        // Typed attributes come back typed.
        let graded = edges.compactMap { $0[2] as? [String: Any] }.first { $0["grade_source"] != nil }
        #expect(graded?["grade_source"] is Int && graded?["directed"] is Bool)
    }

    @Test(arguments: ["graphml", "gexf"], ["pseudonyms", "initials"])
    func belowNamesNoNameIdOrReferenceAppears(_ format: String, _ level: String) throws {
        let (entities, links) = try loaded()
        let out = "\(dir)/area-\(level).\(format)"
        let r = try TestSupport.volt(["export", format, "--out", out, "--labels", level, "--recipient", "research team"], environment: env)
        #expect(r.status == 0, "\(r.stderr)")
        let data = try Data(contentsOf: URL(fileURLWithPath: out))
        let people = entities.filter { !["location", "theme"].contains($0["type"]) || $0["category"] == "address" }
        var secrets = people.flatMap { [$0["id"]!, $0["name"]!] } + links.compactMap { $0["ref"] }.filter { !$0.isEmpty }
        secrets += entities.compactMap { $0["dob"] }.filter { !$0.isEmpty }
        // XML escapes what it must: look for the escaped forms too.
        func escaped(_ s: String) -> String {
            s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
                .replacingOccurrences(of: "\"", with: "&quot;").replacingOccurrences(of: "\n", with: "&#10;")
        }
        // Bytes, not String.contains: a plain byte search is fast on a large file.
        func shows(_ data: Data, _ s: String) -> Bool { data.range(of: Data(s.utf8)) != nil || data.range(of: Data(escaped(s).utf8)) != nil }
        let leaked = secrets.filter { shows(data, $0) }
        #expect(leaked.isEmpty, "\(leaked.prefix(5))")
        #expect(XMLParser(data: data).parse(), "well-formed")
        // The names level does show them, so the scan can fail.
        let named = "\(dir)/named.\(format)"
        _ = try TestSupport.volt(["export", format, "--out", named, "--labels", "names", "--recipient", "test"], environment: env)
        let namedData = try Data(contentsOf: URL(fileURLWithPath: named))
        #expect(secrets.filter { shows(namedData, $0) }.count > 100)
    }

    @Test func exploitsPointFromTheOffenderAndFiltersApply() throws {
        let (_, links) = try loaded()
        let out = "\(dir)/exploits.graphml"
        let r = try TestSupport.volt(["export", "graphml", "--out", out, "--labels", "names", "--links", "exploits", "--from", "2026-06-01",
                                      "--recipient", "test"], environment: env)
        #expect(r.status == 0, "\(r.stderr)")
        let xml = try String(contentsOfFile: out, encoding: .utf8)
        let edges = xml.components(separatedBy: "<edge ").dropFirst()
        let expected = links.filter { $0["type"] == "exploits" && ($0["end"]!.isEmpty || $0["end"]! >= "2026-06-01") }
        #expect(edges.count == expected.count && !expected.isEmpty)
        let pairs = Set(expected.map { "source=\"\($0["from"]!)\" target=\"\($0["to"]!)\"" })
        for e in edges { #expect(pairs.contains { e.contains($0) } && e.contains(">true<"), "\(e.prefix(120))") }
    }

    @Test func everyExportIsADisclosureWithItsRecipientAndCount() throws {
        _ = try loaded()
        let r = try TestSupport.volt(["export", "gexf", "--out", "\(dir)/d.gexf", "--recipient", "Gephi on the analyst's laptop"], environment: env)
        #expect(r.status == 0, "\(r.stderr)")
        let log = try TestSupport.volt(["audit", "show", "--format", "csv", "--last", "1"], environment: env)
        #expect(log.stdout.contains("disclosure") && log.stdout.contains("Gephi on the analyst's laptop") && log.stdout.contains("export gexf"), "\(log.stdout)")
        let count = r.stdout.split(separator: " ").firstIndex(of: "entities,").map { r.stdout.split(separator: " ")[$0 - 1] }
        #expect(count != nil && log.stdout.contains("\(count!) entities"))
    }

    @Test(arguments: [
        (["export", "graphml", "--out", "x.graphml"], [String: String](), 1, "needs a recipient"),
        (["export", "graphml", "--out", "x.graphml", "--recipient", "r"], ["VOLT_PURPOSE": ""], 1, "purpose"),
        (["export", "pajek", "--out", "x.net", "--recipient", "r"], [:], 2, "unknown export format 'pajek'"),
        (["export", "gexf", "--out", "x.gexf", "--recipient", "r", "--labels", "all"], [:], 2, "--labels must be names, initials or pseudonyms"),
        (["export", "gexf", "--out", "x.gexf", "--recipient", "r", "--from", "2020-01-01", "--to", "2020-01-02"], [:], 1, "nothing to export"),
    ])
    func refusedInOneSentence(_ args: [String], _ extra: [String: String], _ status: Int32, _ message: String) throws {
        _ = try loaded()
        let r = try TestSupport.volt(args, environment: env.merging(extra) { $1 }, directory: dir)
        #expect(r.status == status, "\(args): \(r.stderr)")
        #expect(r.stderr.contains(message) && r.stderr.split(separator: "\n").count == 1, "\(args): \(r.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasPrefix("x.") || $0.contains(".partial") }.isEmpty)
    }
}
