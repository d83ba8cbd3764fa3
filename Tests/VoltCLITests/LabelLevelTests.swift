import Foundation
import Testing
import VoltTestSupport

/// Every query command that prints people, at initials and at pseudonyms, as a table and as
/// JSON: no person's id or name, no private place's, no date of birth and no reference appears
/// in the bytes printed. At names they do, so the scan can fail.
@Suite(.serialized) struct LabelLevelTests {
    static let store = TestSupport.exampleStore("labels", purpose: "label levels")
    static let example = TestSupport.packageRoot.appendingPathComponent("examples/wexbury")

    static let commands: [[String]] = [
        ["show", "Y012"], ["show", "O001"], ["search", "a"], ["groups", "--links", "associate"], ["communities"], ["centrality", "--measure", "degree"],
        ["brokers"], ["path", "Y012", "O003"], ["ego", "Y012", "--hops", "2"], ["disrupt"], ["colocate", "--top", "50"], ["missing", "--section", "all"],
        ["emerging", "--since", "2026-09-01", "--to", "2026-10-31", "--evidence"], ["hotspots", "--from", "2026-10-01"], ["timepath", "O003", "Y116"],
        ["top", "--n", "20"], ["actions"], ["review", "--before", "2027-06-01"], ["gaps", "--top", "0"],
    ]

    /// What must not appear below names.
    static let secrets: [String] = {
        let entities = (try? TestSupport.readCSV(example.appendingPathComponent("entities.csv"))) ?? []
        let links = (try? TestSupport.readCSV(example.appendingPathComponent("links.csv"))) ?? []
        let people = entities.filter { !["location", "theme"].contains($0["type"]!) || $0["category"] == "address" }
        var s = people.flatMap { [$0["id"]!, $0["name"]!] }
        s += entities.compactMap { $0["dob"] }.filter { !$0.isEmpty }
        s += entities.flatMap { ($0["refs"] ?? "").split(separator: ";").map { String($0.split(separator: ":").last ?? "") } }.filter { $0.count > 3 }
        s += links.compactMap { $0["ref"] }.filter { !$0.isEmpty }
        return s
    }()

    func output(_ args: [String]) throws -> Data {
        let r = try TestSupport.volt(args, environment: Self.store.env)
        #expect(r.status == 0, "\(args): \(r.stderr)")
        return Data(r.stdout.utf8)
    }

    @Test(arguments: ["initials", "pseudonyms"])
    func belowNamesNoPersonAppearsInAnyQuery(_ level: String) throws {
        #expect(Self.secrets.count > 300)
        for c in Self.commands {
            for format in ["table", "json"] {
                let data = SearchableBytes(try output(c + ["--labels", level, "--format", format]))
                let leaked = Self.secrets.filter { data.contains($0) }
                #expect(leaked.isEmpty, "\(c.joined(separator: " ")) --format \(format) at \(level): \(leaked.prefix(5))")
            }
        }
    }

    @Test func atNamesThePeopleAreThere() throws {
        var shown = Set<String>()
        for c in Self.commands {
            let data = SearchableBytes(try output(c + ["--format", "json"]))
            for s in Self.secrets where data.contains(s) { shown.insert(s) }
        }
        #expect(shown.count > 200, "the names level shows \(shown.count) of them")
    }
}
