import Foundation
import Testing
import VoltTestSupport

/// `volt match` on the bundled sample area: the planted duplicates are suggested as links;
/// judgements are refused when they contradict one another, are logged as combinations, are
/// undone without trace in the analysis, and once accepted every analysis sees one child.
@Suite(.serialized) struct MatchCLITests {
    /// The planted duplicates of examples/wexbury: each person's record ids, the original first.
    static var truth: [[String]] {
        let url = TestSupport.packageRoot.appendingPathComponent("examples/wexbury/truth.json")
        let json = (try? JSONSerialization.jsonObject(with: Data(contentsOf: url))) as? [String: Any]
        return json?["duplicates"] as? [[String]] ?? []
    }

    static func pairs(_ clusters: [[String]]) -> Set<[String]> {
        var out = Set<[String]>()
        for c in clusters { for i in c.indices { for j in c.indices where i < j { out.insert([c[i], c[j]].sorted()) } } }
        return out
    }

    /// The pairs `volt match` lists in a band, from its CSV.
    static func listed(_ env: [String: String], band: String = "link") throws -> (pairs: Set<[String]>, header: [String]) {
        let r = try TestSupport.volt(["match", "--band", band, "--format", "csv", "--top", "0"], environment: env)
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        guard let header = lines.first else { return ([], []) }
        return (Set(lines.dropFirst().map { [$0[0], $0[1]].sorted() }), header)
    }

    @Test func plantedDuplicatesAreLinksAndOnceAcceptedEveryAnalysisSeesOneChild() throws {
        let truth = Self.truth
        #expect(truth.count >= 8, "examples/wexbury should hold planted duplicates in truth.json")
        let (_, env) = TestSupport.exampleStore("match-sample", purpose: "EFH panel: reconciling agency records")
        let (link, header) = try Self.listed(env)
        #expect(Array(header.prefix(4)) == ["a", "b", "score", "band"])
        #expect(header.contains("dob_weight") && header.contains("given_name") && header.contains("source_b"))
        let planted = Self.pairs(truth)
        #expect(planted.subtracting(link).isEmpty, "planted pairs not in the link band: \(planted.subtracting(link).sorted { $0[0] < $1[0] })")
        #expect(link.subtracting(planted).count <= 1, "link pairs that are not planted: \(link.subtracting(planted))")

        // Before: some absorbed record is a node of its own somewhere.
        let absorbed = Set(truth.flatMap { $0.dropFirst() })
        func mentioned(_ args: [String]) throws -> Set<String> {
            let r = try TestSupport.volt(args + ["--format", "json"], environment: env)
            #expect(r.status == 0, "\(args): \(r.stderr)")
            return Set(absorbed.filter { r.stdout.contains("\"\($0)\"") })
        }
        let groups = ["groups", "--links", "associate"], top = ["top", "--n", "150"]
        let beforeMentioned = try mentioned(groups).union(try mentioned(top))
        #expect(!beforeMentioned.isEmpty, "the duplicates should show before they are accepted")

        for c in truth {
            for other in c.dropFirst() {
                let r = try TestSupport.volt(["match", "accept", c[0], other], environment: env)
                #expect(r.status == 0, "\(r.stderr)")
            }
        }
        let inGroups = try mentioned(groups), inTop = try mentioned(top)
        #expect(inGroups.isEmpty, "a peer group still names an absorbed record")
        #expect(inTop.isEmpty, "the Top N still names an absorbed record")
        // Seen apart, the records are back.
        let apart = try mentioned(groups + ["--records"]).union(try mentioned(top + ["--records"]))
        #expect(!apart.isEmpty)
        // Judged pairs are not suggested again.
        let still = try Self.listed(env).pairs
        #expect(still.intersection(planted).isEmpty)
        // show lists each record of the person with its agency.
        let c = truth[0]
        let show = try TestSupport.volt(["show", c[0], "--format", "json"], environment: env)
        for id in c { #expect(show.stdout.contains("\"\(id)\""), "\(id) not among \(c[0])'s records") }
        let table = try TestSupport.volt(["show", c[1]], environment: env)
        #expect(table.status == 0 && table.stdout.contains(c[0]), "an absorbed record's id finds its person: \(table.stdout.prefix(300))")
    }

    @Test func acceptThenUndoLeavesEveryAnalysisByteForByteAsItWas() throws {
        let (_, env) = TestSupport.exampleStore("match-undo", purpose: "EFH panel: checking a match")
        let c = Self.truth.first { $0.count == 2 } ?? ["Y001", "Y002"]
        let commands = [["groups", "--links", "associate"], ["communities", "--seed", "1"], ["top"], ["centrality", "--top", "0"],
                        ["brokers"], ["show", c[0]], ["show", c[1]], ["missing"], ["colocate"], ["disrupt"]]
        func outputs() throws -> [String] {
            try commands.map { args in
                let r = try TestSupport.volt(args + ["--format", "json"], environment: env)
                #expect(r.status == 0, "\(args): \(r.stderr)")
                // Peer groups keep their identity by remembering each finding, so a group's
                // similarity to the last one seen is history (the finding made while the accept
                // stood is kept, as it should be), not analysis: that line alone is left out.
                return r.stdout.split(separator: "\n").filter { !$0.contains("\"similarity\" :") }.joined(separator: "\n")
            }
        }
        let before = try outputs()
        let accept = try TestSupport.volt(["match", "accept", c[0], c[1]], environment: env)
        #expect(accept.status == 0, "\(accept.stderr)")
        let during = try outputs()
        #expect(during != before, "accepting a match should change what the analysis sees")
        let undo = try TestSupport.volt(["match", "undo", c[0], c[1]], environment: env)
        #expect(undo.status == 0, "\(undo.stderr)")
        let after = try outputs()
        for (k, args) in commands.enumerated() { #expect(after[k] == before[k], "\(args) differs after accept and undo") }
        // Undoing again has nothing to undo, and says so.
        let again = try TestSupport.volt(["match", "undo", c[0], c[1]], environment: env)
        #expect(again.status != 0 && !again.stderr.isEmpty)
    }

    @Test func aConflictingAcceptIsRefusedAndEveryJudgementIsLogged() throws {
        let (_, env) = TestSupport.exampleStore("match-conflict", purpose: "EFH panel: reconciling agency records")
        let c = Self.truth.first { $0.count == 2 } ?? ["Y001", "Y002"]
        let stranger = c[0] == "Y003" ? "Y004" : "Y003"
        let steps: [([String], String)] = [
            (["match", "reject", c[0], stranger], "rejected"),
            (["match", "accept", c[0], c[1]], "accepted"),
        ]
        for (args, _) in steps {
            let r = try TestSupport.volt(args, environment: env)
            #expect(r.status == 0, "\(args): \(r.stderr)")
        }
        let refused = try TestSupport.volt(["match", "accept", c[1], stranger], environment: env)
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("rejected") && refused.stderr.contains(stranger), "\(refused.stderr)")
        #expect(refused.stderr.contains("accepted as one person"), "the refusal should name the accept too: \(refused.stderr)")
        #expect(refused.stderr.split(separator: "\n").count == 1, "one sentence: \(refused.stderr)")
        // A judgement without a purpose is refused before anything is written.
        var noPurpose = env
        noPurpose["VOLT_PURPOSE"] = nil
        let unpurposed = try TestSupport.volt(["match", "reject", c[1], "Y005"], environment: noPurpose)
        #expect(unpurposed.status != 0)

        let log = try TestSupport.volt(["audit", "show", "--format", "json", "--last", "10"], environment: env)
        let entries = ((try JSONSerialization.jsonObject(with: Data(log.stdout.utf8)) as? [String: Any])?["results"] as? [[String: Any]]) ?? []
        let judgements = entries.filter { ($0["summary"] as? String ?? "").hasPrefix("match judge") }
        #expect(judgements.count == 2, "\(entries.map { $0["summary"] ?? "" })")
        for e in judgements {
            #expect(e["action"] as? String == "combination", "\(e)")
            #expect(e["actor"] as? String == TestSupport.login)
            #expect(e["purpose"] as? String == "EFH panel: reconciling agency records")
        }
        #expect(judgements.contains { ($0["summary"] as? String)?.contains(stranger) == true })
        let undo = try TestSupport.volt(["match", "undo", c[0], c[1]], environment: env)
        #expect(undo.status == 0, "\(undo.stderr)")
        let last = try TestSupport.volt(["audit", "show", "--format", "json", "--last", "1"], environment: env)
        let entry = ((try JSONSerialization.jsonObject(with: Data(last.stdout.utf8)) as? [String: Any])?["results"] as? [[String: Any]])?.first
        let undoSummary = entry?["summary"] as? String ?? ""
        #expect(undoSummary.hasPrefix("match undo"))
        #expect(entry?["action"] as? String == "combination")
    }
}
