import Foundation
import Testing
import VoltTestSupport

/// `volt top` on the example area through the real binary.
@Suite(.serialized) struct TopCLITests {
    let dir = TestSupport.temporaryDirectory("top-cli")
    var env: [String: String] { ["VOLT_DB": dir + "/area.sqlite", "VOLT_PURPOSE": "top test"] }

    func loaded() throws {
        let example = TestSupport.packageRoot.appendingPathComponent("examples/wexbury").path
        let r = try TestSupport.volt(["import"] + ["entities", "links", "sightings", "missing"].map { "\(example)/\($0).csv" }, environment: env)
        #expect(r.status == 0, "\(r.stderr)")
    }

    @Test func theListShowsEveryPartOfEveryScoreAndIsLogged() throws {
        try loaded()
        let r = try TestSupport.volt(["top", "--n", "8", "--period", "2026-10", "--format", "json"], environment: env)
        #expect(r.status == 0, "\(r.stderr)")
        let rows = (try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any])["results"] as! [[String: Any]]
        #expect(rows.count == 8)
        for row in rows {
            let parts = row["components"] as! [[String: Any]]
            let sum = parts.reduce(0.0) { $0 + ($1["points"] as! Double) }
            #expect(abs(sum - (row["score"] as! Double)) < 1e-9)
            #expect(parts.allSatisfy { abs(($0["value"] as! Double) * ($0["weight"] as! Double) - ($0["points"] as! Double)) < 1e-9 && !(($0["detail"] as? String) ?? "").isEmpty })
        }
        let scores = rows.map { $0["score"] as! Double }
        #expect(scores == scores.sorted(by: >))
        // The children the generator planted as most at risk in the last month are on the list.
        let truth = try JSONSerialization.jsonObject(with: Data(contentsOf: TestSupport.packageRoot.appendingPathComponent("examples/wexbury/truth.json"))) as! [String: Any]
        let planted = Set(truth["highHarm"] as! [String])
        let ids = Set(rows.map { $0["id"] as! String })
        #expect(planted.count == 3 && ids.isSuperset(of: planted), "\(ids) should hold \(planted)")
        let table = try TestSupport.volt(["top", "--n", "8", "--period", "2026-10"], environment: env)
        #expect(table.stdout.contains("supports professional judgement"))
        let log = try TestSupport.volt(["audit", "show", "--format", "csv", "--last", "2"], environment: env)
        #expect(log.stdout.contains("top n=8 period=2026-10"))
    }

    @Test(arguments: [
        (["top", "--period", "2020-01"], 1, "no records in 2020-01"),
        (["top", "--period", "2026-13"], 2, "--period '2026-13' is not a month like 2026-10"),
        (["top", "--n", "0"], 2, "--n must be at least 1"),
        (["top", "--weights", "/nonexistent.json"], 1, "cannot use --weights /nonexistent.json"),
    ])
    func badRequestsAreOneSentence(_ args: [String], _ status: Int32, _ message: String) throws {
        try loaded()
        let r = try TestSupport.volt(args, environment: env)
        #expect(r.status == status, "\(args): \(r.stderr)")
        #expect(r.stderr.contains(message) && r.stderr.split(separator: "\n").count == 1, "\(args): \(r.stderr)")
    }
}
