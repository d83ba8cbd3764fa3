import Foundation
import Testing
import VoltTestSupport

/// `volt pack` on the example area through the real binary.
@Suite(.serialized) struct PackCLITests {
    let dir = TestSupport.temporaryDirectory("pack-cli")
    var env: [String: String] { ["VOLT_DB": dir + "/area.sqlite", "VOLT_PURPOSE": "pack test"] }
    static let example = TestSupport.packageRoot.appendingPathComponent("examples/wexbury").path

    @discardableResult
    func loaded() throws -> [[String: String]] {
        // Every file: the evidence and the casework, so the agenda sections are in every pack tested.
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.example).filter { $0.hasSuffix(".csv") }.sorted()
        let r = try TestSupport.volt(["import"] + files.map { "\(Self.example)/\($0)" }, environment: env)
        #expect(r.status == 0, "\(r.stderr)")
        return try TestSupport.readCSV(URL(fileURLWithPath: Self.example + "/entities.csv"))
    }

    func pack(_ audience: String, _ out: String, _ extra: [String] = []) throws -> (html: Data, json: [String: Any]) {
        let r = try TestSupport.volt(["pack", "--period", "2026-10", "--audience", audience, "--out", out, "--recipient", "test board"] + extra, environment: env)
        #expect(r.status == 0, "\(r.stderr)")
        let html = try Data(contentsOf: URL(fileURLWithPath: out + "/pack.html"))
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/pack.json"))) as! [String: Any]
        return (html, json)
    }

    /// Every table cell and headline of a pack's JSON, as text.
    func numbers(_ json: [String: Any]) -> [String] {
        var out: [String] = []
        for t in (json["tables"] as! [[String: Any]]) + [json["trend"] as! [String: Any]] { out += (t["cells"] as! [[String]]).flatMap { $0 } }
        for h in json["headlines"] as! [[String: Any]] { out += ["current", "previous"].map { h[$0] as! String } }
        return out
    }

    @Test func theStrategicPackNamesNoOneAndShowsNoSmallCount() throws {
        let entities = try loaded()
        let (html, parsed) = try pack("strategic", dir + "/strategic")
        // No person's name, initials or id anywhere (private places' names neither).
        let people = entities.filter { !["location", "theme"].contains($0["type"]) }
        let privatePlaces = entities.filter { $0["type"] == "location" && $0["category"] == "address" }
        var secrets = people.flatMap { [$0["id"]!, $0["name"]!] } + privatePlaces.map { $0["name"]! }
        secrets += people.map { p in String(p["name"]!.split(separator: " ").compactMap(\.first)) }.filter { $0.count >= 2 }.map { ">\($0)<" }
        let json = try Data(contentsOf: URL(fileURLWithPath: dir + "/strategic/pack.json"))
        for data in [html, json].map(SearchableBytes.init) {
            let leaked = secrets.filter { data.contains($0) }
            #expect(leaked.isEmpty, "\(leaked.prefix(5))")
        }
        // No count from 1 to 4 in any cell or headline.
        #expect(!numbers(parsed).contains { Int($0).map { (1...4).contains($0) } ?? false })
        #expect((parsed["top"] as! [Any]).isEmpty)
        // Self-contained: no scripts, nothing fetched from elsewhere.
        #expect(html.range(of: Data("<script".utf8)) == nil && html.range(of: Data("src=".utf8)) == nil && html.range(of: Data("<link".utf8)) == nil)
    }

    @Test func noHiddenCellCanBeWorkedOutFromItsRowOrColumn() throws {
        try loaded()
        let (_, json) = try pack("strategic", dir + "/strategic")
        var checked = 0
        for t in json["tables"] as! [[String: Any]] {
            let cells = t["cells"] as! [[String]], columns = t["columns"] as! [String], rows = t["rows"] as! [String]
            func hidden(_ line: [String]) -> Int { line.filter { Int($0) == nil }.count }
            if columns.last == "Total" { for row in cells { #expect(hidden(row) != 1, "\(t["id"]!): \(row)") } }
            if rows.last == "Total" { for j in columns.indices { #expect(hidden(cells.map { $0[j] }) != 1, "\(t["id"]!) column \(columns[j])") } }
            checked += cells.joined().filter { Int($0) == nil }.count
        }
        #expect(checked > 0, "the example has small counts to hide")
    }

    @Test func thePanelPackShowsTheTopNWithScoresThatAreTheSumOfTheirParts() throws {
        try loaded()
        let (html, json) = try pack("panel", dir + "/panel", ["--n", "8"])
        let top = json["top"] as! [[String: Any]]
        #expect(top.count == 8)
        // The generator's planted high-harm children are on the panel's list (by initials).
        let truth = try JSONSerialization.jsonObject(with: Data(contentsOf: TestSupport.packageRoot.appendingPathComponent("examples/wexbury/truth.json"))) as! [String: Any]
        let names = Dictionary(uniqueKeysWithValues: try TestSupport.readCSV(URL(fileURLWithPath: Self.example + "/entities.csv")).map { ($0["id"]!, $0["name"]!) })
        let initials = (truth["highHarm"] as! [String]).map { id in String(names[id]!.split(separator: " ").compactMap(\.first)).uppercased() }
        let listed = top.map { ($0["label"] as! String).split(separator: " ").first.map(String.init) ?? "" }
        #expect(initials.allSatisfy(listed.contains), "\(initials) in \(listed)")
        for row in top {
            let parts = row["components"] as! [[String: Any]]
            #expect(abs(parts.reduce(0.0) { $0 + ($1["points"] as! Double) } - (row["score"] as! Double)) < 1e-9)
        }
        #expect(html.range(of: Data("supports professional judgement".utf8)) != nil)
        #expect(html.range(of: Data("<script".utf8)) == nil && html.range(of: Data("<svg".utf8)) != nil)
        // The panel sees initials, never full names or ids.
        let entities = try TestSupport.readCSV(URL(fileURLWithPath: Self.example + "/entities.csv")).filter { !["location", "theme"].contains($0["type"]) }
        let page = SearchableBytes(html)
        #expect(entities.filter { page.contains(">\($0["name"]!)<") || page.contains(">\($0["id"]!)<") }.isEmpty)
    }

    @Test(arguments: ["panel", "strategic"])
    func theSameStoreAndMonthGiveTheSamePackApartFromItsTime(_ audience: String) throws {
        try loaded()
        let a = try pack(audience, dir + "/a"), b = try pack(audience, dir + "/b")
        func withoutTime(_ d: Data) -> String {
            String(decoding: d, as: UTF8.self).replacingOccurrences(of: #"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"#, with: "TIME", options: .regularExpression)
        }
        #expect(withoutTime(a.html) == withoutTime(b.html))
        let ja = try Data(contentsOf: URL(fileURLWithPath: dir + "/a/pack.json")), jb = try Data(contentsOf: URL(fileURLWithPath: dir + "/b/pack.json"))
        #expect(withoutTime(ja) == withoutTime(jb))
        #expect(a.html != Data() && withoutTime(a.html).contains("TIME"))
        let log = try TestSupport.volt(["audit", "show", "--format", "csv", "--last", "1"], environment: env)
        #expect(log.stdout.contains("disclosure") && log.stdout.contains("audience=\(audience)") && log.stdout.contains("test board"))
    }

    @Test(arguments: [
        (["pack", "--period", "2020-01", "--out", "p", "--recipient", "r"], 1, "no records in 2020-01"),
        (["pack", "--period", "2026-10", "--audience", "public", "--out", "p", "--recipient", "r"], 2, "Please provide one of 'panel' and 'strategic'"),
        (["pack", "--period", "2026-10", "--out", "p"], 1, "needs a recipient"),
        (["pack", "--period", "October", "--out", "p", "--recipient", "r"], 2, "--period 'October' is not a month like 2026-10"),
    ])
    func badRequestsAreOneSentence(_ args: [String], _ status: Int32, _ message: String) throws {
        try loaded()
        let r = try TestSupport.volt(args, environment: env, directory: dir)
        #expect(r.status == status, "\(args): \(r.stderr)")
        #expect(r.stderr.contains(message) && r.stderr.split(separator: "\n").count == 1, "\(args): \(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir + "/p/pack.html"))
    }
}
