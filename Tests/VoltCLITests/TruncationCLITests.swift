import Foundation
import Testing
import VoltTestSupport

/// A table cut by --top says so, with how many there are and how to see them all; the count
/// is what the full list holds.
@Suite struct TruncationCLITests {
    static let area = TestSupport.exampleStore("truncation", purpose: "truncation tests")

    /// Rows of a table output: lines before the summary, less the header.
    static func rows(_ text: String) -> Int { max(0, text.split(separator: "\n").count - 2) }

    @Test(arguments: [
        ["centrality", "--top", "3"], ["brokers", "--top", "2"], ["communities", "--top", "2"],
        ["hotspots", "--from", "2026-10-01", "--top", "3"], ["groups", "--links", "associate", "--top", "2"],
    ])
    func aCutTableSaysHowManyOfHowMany(_ args: [String]) throws {
        let cut = try TestSupport.volt(args, environment: Self.area.env)
        #expect(cut.status == 0, "\(cut.stderr)")
        let shown = try #require(cut.stdout.firstMatch(of: /(\d+) of (\d+) shown \(--top 0 for all\)/), "\(args): \(cut.stdout.suffix(300))")
        let all = try TestSupport.volt(Array(args.dropLast(2)) + ["--top", "0"], environment: Self.area.env)
        #expect(!all.stdout.contains("--top 0 for all"), "\(args) with --top 0 still says it is cut")
        #expect(Int(shown.2)! > Int(shown.1)!)
        #expect(Int(shown.1)! == Int(args.last!)!)
        // The total is the full list's length (centrality, hotspots: one row per line).
        if ["centrality", "hotspots"].contains(args[0]) { #expect(Self.rows(all.stdout) == Int(shown.2)!, "\(args)") }
    }

    @Test func missingSaysWhichSectionsAreCut() throws {
        let r = try TestSupport.volt(["missing", "--top", "2"], environment: Self.area.env)
        let lines = r.stdout.split(separator: "\n").filter { $0.contains("shown (--top 0 for all)") }
        #expect(lines.count >= 2, "\(r.stdout.prefix(500))")
        for l in lines { #expect(l.contains("2 of ")) }
    }
}
