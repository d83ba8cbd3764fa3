import Foundation
import Testing
import VoltTestSupport

/// `volt map` on the example area, through the real binary. Serialized: Graphviz is not
/// thread-safe, and these run it in child processes at the same time otherwise.
@Suite(.serialized) struct MapCLITests {
    let dir = TestSupport.temporaryDirectory("map-cli")
    var env: [String: String] { ["VOLT_DB": dir + "/area.sqlite", "VOLT_PURPOSE": "map test"] }
    static let example = TestSupport.packageRoot.appendingPathComponent("examples/wexbury").path

    func loaded() throws -> [[String: String]] {
        let r = try TestSupport.volt(["import"] + ["entities", "links", "sightings", "missing"].map { "\(Self.example)/\($0).csv" }, environment: env)
        #expect(r.status == 0, "\(r.stderr)")
        return try TestSupport.readCSV(URL(fileURLWithPath: Self.example + "/entities.csv"))
    }

    @Test func pseudonymAndInitialsMapsHoldNoNameOrIdOfAnyone() throws {
        let entities = try loaded()
        let people = entities.filter { $0["kind"] == "person" }
        let addresses = entities.filter { $0["category"] == "address" }
        var secrets = entities.compactMap { $0["id"] } + people.compactMap { $0["name"] } + addresses.compactMap { $0["name"] }
        secrets = secrets.filter { !$0.isEmpty }
        let maps: [[String]] = [["group", "Y012"], ["ego", "O003", "--hops", "2"], ["location", "L016"], ["path", "Y001", "O003"], ["overview"]]
        for level in ["pseudonyms", "initials"] {
            for m in maps {
                for ext in ["svg", "dot"] {
                    let out = "\(dir)/\(m[0])-\(level).\(ext)"
                    let r = try TestSupport.volt(["map"] + m + ["--out", out, "--labels", level], environment: env)
                    #expect(r.status == 0, "\(m) \(level): \(r.stderr)")
                    let text = SearchableBytes(try Data(contentsOf: URL(fileURLWithPath: out)))
                    let leaked = secrets.filter { text.contains($0) }
                    #expect(leaked.isEmpty, "\(m) \(level) .\(ext) shows \(leaked.prefix(5))")
                    #expect(text.contains("Legend"))
                }
            }
        }
        // The same maps at the names level do show names and ids: the scan can find them.
        let named = try TestSupport.volt(["map", "group", "Y012", "--out", "\(dir)/named.svg", "--labels", "names"], environment: env)
        #expect(named.status == 0)
        let text = SearchableBytes(try Data(contentsOf: URL(fileURLWithPath: "\(dir)/named.svg")))
        #expect(text.contains("Y012") && secrets.filter { text.contains($0) }.count > 10)
    }

    @Test func anOverviewWithMoreThanLargestNodesDrawsOnlyTheLargestCommunitiesAndTheirStrongestTies() throws {
        _ = try loaded()
        let small = "\(dir)/overview-all.dot", folded = "\(dir)/overview-5.dot"
        #expect(try TestSupport.volt(["map", "overview", "--collapse", "0", "--largest", "0", "--out", small], environment: env).status == 0)
        let r = try TestSupport.volt(["map", "overview", "--collapse", "0", "--largest", "5", "--out", folded], environment: env)
        #expect(r.status == 0, "\(r.stderr)")
        let all = try String(contentsOfFile: small, encoding: .utf8), five = try String(contentsOfFile: folded, encoding: .utf8)
        // Without a limit everyone is drawn; with --largest 5, five communities and nobody else.
        #expect(all.components(separatedBy: "doubleoctagon").count == 1)
        #expect(five.components(separatedBy: "doubleoctagon").count - 1 == 5)
        #expect(five.components(separatedBy: "shape=ellipse").count == 1 && five.components(separatedBy: "shape=box").count == 1)
        // At most two ties per community, the ones with the most links, and the legend says so.
        let ties = five.components(separatedBy: " -> ").count - 1
        #expect(ties > 0 && ties <= 10, "\(ties) ties")
        // A cut shows in the legend ("10 of 14"), only when ties were left out.
        #expect(!five.contains("ties drawn: those with the most links") || ties == 10)
        #expect(five.contains("the 5 largest drawn as one node each"))
        // Named by the school or area most of the young people share.
        #expect(five.contains("community 1: "), "communities carry a name")
    }

    @Test func pseudonymsAreTheSameInEveryMapFromTheStore() throws {
        _ = try loaded()
        func ids(_ args: [String]) throws -> Set<String> {
            let out = "\(dir)/\(UUID().uuidString).svg"
            let r = try TestSupport.volt(["map"] + args + ["--labels", "pseudonyms", "--out", out], environment: env)
            #expect(r.status == 0, "\(r.stderr)")
            let text = try String(contentsOfFile: out, encoding: .utf8).replacingOccurrences(of: "&#45;", with: "-")
            return Set(text.components(separatedBy: "<title>").dropFirst().compactMap { $0.split(separator: "<").first.map(String.init) }
                .filter { $0.hasPrefix("P-") })
        }
        let a = try ids(["ego", "O003"]), b = try ids(["ego", "O003", "--hops", "2"])
        #expect(!a.isEmpty && a.isSubset(of: b))
    }

    @Test func everyFormatIsWrittenAndLogged() throws {
        _ = try loaded()
        let magic: [String: [UInt8]] = ["png": [0x89, 0x50, 0x4E, 0x47], "pdf": Array("%PDF".utf8), "svg": Array("<?xml".utf8), "dot": Array("digraph".utf8)]
        for (ext, head) in magic {
            let out = "\(dir)/ego.\(ext)"
            let r = try TestSupport.volt(["map", "ego", "Y012", "--out", out], environment: env)
            #expect(r.status == 0 && r.stdout.hasPrefix("wrote \(out)"), "\(r.stderr)")
            let data = try Data(contentsOf: URL(fileURLWithPath: out))
            #expect(Array(data.prefix(head.count)) == head, ".\(ext)")
        }
        // Written in place of the old file, with no temporary left behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".partial") }.isEmpty)
        let log = try TestSupport.volt(["audit", "show", "--format", "csv", "--last", "4"], environment: env)
        #expect(log.stdout.split(separator: "\n").dropFirst().allSatisfy { $0.contains("map ego ") && $0.contains("id=Y012") && $0.contains("labels=initials") }, "maps default to initials: \(log.stdout)")
    }

    /// The busiest place of the example area with every pair seen together: in Graphviz 2.42,
    /// twopi with curved lines aborts on this map, so volt draws straight lines there.
    @Test func aBusyPlaceDrawsInEveryEngine() throws {
        _ = try loaded()
        let seen = Set(try TestSupport.readCSV(URL(fileURLWithPath: Self.example + "/sightings.csv")).filter { $0["location"] == "L016" }.compactMap { $0["person"] })
        for engine in ["dot", "neato", "fdp", "sfdp", "circo", "twopi"] {
            let out = "\(dir)/busy-\(engine).svg"
            let r = try TestSupport.volt(["map", "location", "L016", "--together-min", "1", "--labels", "initials", "--engine", engine, "--out", out], environment: env)
            #expect(r.status == 0 && r.stdout.contains("laid out with \(engine)"), "\(engine): \(r.stderr.prefix(300))")
            let svg = try String(contentsOfFile: out, encoding: .utf8)
            #expect(svg.components(separatedBy: "class=\"node\"").count - 1 == seen.count + 2, "\(engine)")  // with the place and the legend
        }
        // By default the place's map is a spring layout, and strangers seen together once are left out.
        func edges(_ extra: [String]) throws -> Int {
            let r = try TestSupport.volt(["map", "location", "L016", "--out", "\(dir)/busy.svg"] + extra, environment: env)
            #expect(r.status == 0 && r.stdout.contains("laid out with neato"), "\(r.stdout)")
            return Int(r.stdout.split(separator: " ").firstIndex(of: "edges,").map { r.stdout.split(separator: " ")[$0 - 1] } ?? "") ?? -1
        }
        let twice = try edges([]), once = try edges(["--together-min", "1"])
        #expect(twice > seen.count && twice < once, "\(twice) \(once)")
    }

    @Test(arguments: [
        (["location", "L016", "--together-min", "0", "--out", "m.svg"], 2, "--together-min must be at least 1"),
        (["ego", "Y012", "--out", "m.svg", "--engine", "magic"], 2, "The value 'magic' is invalid for '--engine <engine>'"),
        (["ego", "Y012", "--out", "m.jpeg"], 2, "unknown map format 'jpeg'"),
        (["ego", "Y012", "--out", "m.svg", "--labels", "everything"], 2, "Please provide one of 'names', 'initials' or 'pseudonyms'"),
        (["ego", "NOBODY", "--out", "m.svg"], 1, "no entity with id 'NOBODY'"),
        (["location", "L016", "--from", "2020-01-01", "--to", "2020-02-01", "--out", "m.svg"], 1, "no one was seen at L016"),
        (["location", "Y012", "--out", "m.svg"], 1, "Y012 is not a location"),
    ])
    func badMapRequestsAreOneSentence(_ args: [String], _ status: Int32, _ message: String) throws {
        _ = try loaded()
        let r = try TestSupport.volt(["map"] + args, environment: env, directory: dir)
        #expect(r.status == status, "\(args): \(r.stderr)")
        #expect(r.stderr.contains(message) && r.stderr.split(separator: "\n").count == 1, "\(args): \(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir + "/m.svg"), "nothing is written")
    }
}
