import Foundation
import Testing
import VoltModel
import VoltSample
import VoltTestSupport

/// The temporal commands on the committed example area, through the real binary: the truth the
/// generator planted must come back out.
@Suite struct TemporalCLITests {
    let dir = TestSupport.temporaryDirectory("temporal-cli")
    var env: [String: String] { ["VOLT_DB": dir + "/area.sqlite", "VOLT_PURPOSE": "temporal test"] }
    static let example = TestSupport.packageRoot.appendingPathComponent("examples/wexbury").path

    func loaded() throws -> SampleTruth {
        let r = try TestSupport.volt(["import"] + ["entities", "links", "sightings", "missing"].map { "\(Self.example)/\($0).csv" }, environment: env)
        #expect(r.status == 0, "\(r.stderr)")
        return try JSONDecoder().decode(SampleTruth.self, from: Data(contentsOf: URL(fileURLWithPath: Self.example + "/truth.json")))
    }

    func json(_ args: [String]) throws -> [String: Any] {
        let r = try TestSupport.volt(args + ["--format", "json"], environment: env)
        #expect(r.status == 0, "\(args): \(r.stderr)")
        return (try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])?["results"] as? [String: Any] ?? [:]
    }

    @Test func plantedCoTravellingGroupsAreFoundByCoLocation() throws {
        let truth = try loaded()
        let r = try json(["colocate", "--window", "1h", "--min-count", "3", "--top", "0"])
        let groups = (r["groups"] as? [[String: Any]] ?? []).map { Set($0["members"] as? [String] ?? []) }
        let pairs = r["pairs"] as? [[String: Any]] ?? []
        let groupOf = Dictionary(uniqueKeysWithValues: truth.groups.flatMap { g in g.members.map { ($0, g.id) } })
        // Every planted group is seen together: all its members in one co-location group.
        for g in truth.groups {
            #expect(groups.contains { Set(g.members).isSubset(of: $0) }, "\(g.id) is split across co-location groups")
        }
        // The pairs seen together most often are members of the same planted group.
        let top = pairs.prefix(100).map { (groupOf[$0["a"] as! String], groupOf[$0["b"] as! String]) }
        #expect(top.count == 100 && top.allSatisfy { $0.0 != nil && $0.0 == $0.1 })
        // Each pair shown carries the sightings behind it: two per time together.
        #expect(pairs.prefix(20).allSatisfy { ($0["sightings"] as? [Any])?.count == 2 * ($0["count"] as! Int) })
    }

    @Test func plantedCoMissingPairsRankFirst() throws {
        let truth = try loaded()
        let r = try json(["missing", "--section", "together"])
        let pairs = (r["together"] as? [[String: Any]] ?? []).map { Set([$0["a"] as! String, $0["b"] as! String]) }
        #expect(Set(pairs.prefix(truth.coMissingPairs.count)) == Set(truth.coMissingPairs.map(Set.init)))
    }

    @Test func plantedEmergingGroupIsNewAndItsLocationRising() throws {
        let truth = try loaded()
        let end = SampleOptions().end
        let since = Timestamp(seconds: end.seconds - 60 * 86_400).iso8601
        let r = try json(["emerging", "--since", since, "--to", Timestamp(seconds: end.seconds - 1).iso8601, "--baseline", "90d"])
        let planted = Set(truth.groups.first { $0.id == truth.emergingGroup }!.members)
        let groups = r["groups"] as? [[String: Any]] ?? []
        let new = groups.filter { $0["kind"] as? String == "new" }.map { Set($0["members"] as? [String] ?? []) }
        #expect(new.contains(planted), "the planted group \(truth.emergingGroup) is not reported as new")
        let g = groups.first { Set($0["members"] as? [String] ?? []) == planted }
        #expect(g?["newlyInContact"] as? Bool == true, "the planted group was put in contact with an offender in the last month")
        #expect(((g?["evidence"] as? [[String: Any]]) ?? []).allSatisfy { $0["provenance"] != nil })
        let rising = (r["risingLocations"] as? [[String: Any]] ?? []).compactMap { $0["location"] as? String }
        #expect(rising.first == truth.risingLocation)
        let first = (r["risingLocations"] as? [[String: Any]])?.first
        #expect((first?["sightings"] as? [[String: Any]])?.count == first?["currentSightings"] as? Int, "every sighting behind the rise is shown")
        // Hotspots over the same period: the rising location gained the most victims.
        let h = try TestSupport.volt(["hotspots", "--from", since, "--to", Timestamp(seconds: end.seconds - 1).iso8601, "--format", "csv"], environment: env)
        let rows = h.stdout.split(separator: "\n").dropFirst().map { $0.split(separator: ",").map(String.init) }
        let gain = rows.max { Int($0[3].replacingOccurrences(of: "+", with: "")) ?? 0 < Int($1[3].replacingOccurrences(of: "+", with: "")) ?? 0 }
        #expect(gain?.first == truth.risingLocation)
    }

    @Test func timePathContrastsWithTheStaticPath() throws {
        _ = try loaded()
        // Travel that must end before any link exists cannot go anywhere; the static path still can.
        let r = try json(["timepath", "O003", "Y116", "--to", "2025-06-01"])
        #expect(r["reachable"] as? Bool == false)
        #expect((r["staticHops"] as? Int ?? 0) >= 1)
        let ok = try json(["timepath", "O003", "Y116"])
        let steps = ok["steps"] as? [[String: Any]] ?? []
        let times = steps.compactMap { $0["time"] as? String }
        #expect(ok["reachable"] as? Bool == true && !steps.isEmpty && times == times.sorted())
        #expect(steps.first?["from"] as? String == "O003" && steps.last?["to"] as? String == "Y116")
    }

    @Test func coLocationTiesJoinGroupsWhenAsked() throws {
        _ = try loaded()
        func largest(_ extra: [String]) throws -> Int {
            let r = try TestSupport.volt(["groups", "--links", "family", "--format", "csv"] + extra, environment: env)
            #expect(r.status == 0, "\(r.stderr)")
            return r.stdout.split(separator: "\n").dropFirst().map { Int($0.split(separator: ",")[1])! }.max() ?? 0
        }
        let family = try largest([]), withColocation = try largest(["--colocated", "1h", "--colocated-min", "3"])
        #expect(withColocation > family * 3, "family only: \(family); with co-location: \(withColocation)")
    }

    @Test func themesCountEveryThemeLink() throws {
        let truth = try loaded()
        _ = truth
        let r = try json(["themes"])
        let months = r["months"] as? [[String: Any]] ?? []
        let total = months.reduce(0) { $0 + ($1["links"] as? Int ?? 0) }
        let links = try String(contentsOfFile: Self.example + "/links.csv", encoding: .utf8)
        #expect(total == links.split(separator: "\n").filter { $0.contains(",linked_to_theme,") }.count && total > 0)
    }

    /// Without --to, emerging and hotspots stop at the newest record (the latest of the files'
    /// link starts, sighting times and missing starts), say so, and refuse a start after it.
    @Test func openPeriodsEndAtTheNewestRecordNotToday() throws {
        _ = try loaded()
        var newest = ""
        for (file, column) in [("links", "start"), ("sightings", "time"), ("missing", "start")] {
            let rows = try String(contentsOfFile: "\(Self.example)/\(file).csv", encoding: .utf8).split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
            let k = try #require(rows[0].firstIndex(of: column))
            for row in rows.dropFirst() where row.count > k && row[k] > newest { newest = row[k] }
        }
        let e = try json(["emerging", "--since", "2026-09-01"])
        #expect((e["current"] as? [String])?.last == newest, "\(String(describing: e["current"])) against the newest record \(newest)")
        #expect(e["endsAtLastRecord"] as? Bool == true)
        let table = try TestSupport.volt(["emerging", "--since", "2026-09-01"], environment: env)
        #expect(table.stdout.contains("to \(newest.prefix(10)) \(newest.dropFirst(11).prefix(5)) (the newest record; --to sets the end)"), "\(table.stdout.prefix(200))")
        let h = try TestSupport.volt(["hotspots", "--from", "2026-10-01"], environment: env)
        #expect(h.stdout.contains("(the newest record; --to sets the end)"))
        // A start after the newest record (and before today): refused with the date.
        let day = String(newest.prefix(10))
        let after = try TestSupport.volt(["emerging", "--since", "2026-11-15"], environment: env)
        #expect(after.status != 0 && after.stderr.contains("the records end on \(day), before --since 2026-11-15"), "\(after.stderr)")
    }

    @Test func everyTemporalQueryIsLogged() throws {
        _ = try loaded()
        let runs: [[String]] = [["colocate"], ["missing"], ["emerging", "--since", "2026-09-01"], ["hotspots", "--from", "2026-10-01"],
                                ["timepath", "O001", "Y001"], ["themes"]]
        for args in runs {
            let r = try TestSupport.volt(args, environment: env)
            #expect(r.status == 0, "\(args): \(r.stderr)")
        }
        let log = try TestSupport.volt(["audit", "show", "--format", "csv", "--last", "6"], environment: env)
        let rows = log.stdout.split(separator: "\n").dropFirst()
        #expect(rows.count == 6 && rows.allSatisfy { $0.contains(",\(TestSupport.login),consultation,temporal test,") }, "\(log.stdout)")
        for (row, args) in zip(rows, runs) { #expect(row.hasSuffix(args[0]) || row.contains("," + args[0] + " ")) }
    }

    @Test(arguments: [
        (["colocate", "--window", "0s"], 2, "--window must be more than zero"),
        (["colocate", "--window=-2h"], 2, "--window must be more than zero"),
        (["colocate", "--window", "soon"], 2, "is not a duration"),
        (["colocate", "--locations", "L999"], 1, "unknown location 'L999'"),
        (["colocate", "--pair", "victim"], 2, "--pair takes two VOLT types"),
        (["emerging", "--since", "2026-09-01", "--baseline-from", "2026-09-15", "--baseline-to", "2026-10-01"], 2, "the baseline must end before the current period starts"),
        (["emerging", "--since", "2026-09-01", "--baseline", "0d"], 2, "--baseline must be more than zero"),
        (["hotspots", "--from", "2026-10-01", "--to", "2026-09-01"], 2, "the period is empty"),
        (["missing", "--format", "csv"], 2, "choose --section"),
        (["timepath", "O001", "NOBODY"], 1, "no entity with id 'NOBODY'"),
    ])
    func badTemporalInputIsOneSentence(_ args: [String], _ status: Int32, _ message: String) throws {
        _ = try loaded()
        let r = try TestSupport.volt(args, environment: env)
        #expect(r.status == status, "\(args): \(r.stderr)")
        #expect(r.stderr.contains(message), "\(args): \(r.stderr)")
        #expect(r.stderr.split(separator: "\n").count == 1, "one sentence: \(r.stderr)")
    }
}
