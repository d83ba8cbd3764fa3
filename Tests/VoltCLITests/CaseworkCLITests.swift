import Foundation
import Testing
import VoltTestSupport

/// The casework questions through the real binary, against counts made from the files.
@Suite(.serialized) struct CaseworkCLITests {
    static let store = TestSupport.exampleStore("casework-cli", purpose: "casework tests")
    static var env: [String: String] { store.env }
    static let example = TestSupport.packageRoot.appendingPathComponent("examples/wexbury")
    static func file(_ name: String) throws -> [[String: String]] { try TestSupport.readCSV(example.appendingPathComponent(name)) }
    static func truth() throws -> [String: Any] {
        let t = try JSONSerialization.jsonObject(with: Data(contentsOf: example.appendingPathComponent("truth.json"))) as! [String: Any]
        return t["casework"] as! [String: Any]
    }

    /// The `results` and `query` of a JSON answer.
    static func json(_ args: [String], env: [String: String] = env) throws -> (results: Any, query: [String: String]) {
        let r = try TestSupport.volt(args + ["--format", "json"], environment: env)
        #expect(r.status == 0, "\(args): \(r.stderr)")
        let o = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
        return (o["results"]!, o["query"] as! [String: String])
    }

    static func ids(_ rows: Any) -> [String] { (rows as! [[String: Any]]).map { $0["id"] as! String } }

    @Test func theCohortsPutThePlantedChildrenFirst() throws {
        let t = try Self.truth()
        let csc = Self.ids(try Self.json(["top", "--cohort", "csc", "--n", "8", "--period", "2026-10"]).results)
        let open = t["cohortOpenToCSC"] as! [String]
        #expect(Set(csc.prefix(open.count)) == Set(open), "\(csc)")
        let notOpen = Self.ids(try Self.json(["top", "--cohort", "not-csc", "--n", "8", "--period", "2026-10"]).results)
        #expect(notOpen.first == (t["cohortNotOpen"] as! [String]).first, "\(notOpen)")
        // Brute force from status.csv: cohort 1 is exactly the children with a CSC spell open on 31 October.
        let lastDay = "2026-10-31T23:59:59Z"
        let openOnLastDay = Set(try Self.file("status.csv").filter { s in
            ["csc_assessment", "cin", "cp", "cla"].contains(s["status"]!) && s["from"]! <= lastDay && (s["to"]!.isEmpty || s["to"]! >= lastDay)
        }.map { $0["subject"]! })
        let all = Self.ids(try Self.json(["top", "--n", "500", "--period", "2026-10"]).results)
        #expect(csc == Array(all.filter(openOnLastDay.contains).prefix(8)))
        #expect(notOpen == Array(all.filter { !openOnLastDay.contains($0) }.prefix(8)))
    }

    @Test func aWeekRanksWithMovementAgainstTheWeekBefore() throws {
        let (rows, query) = try Self.json(["top", "--n", "8", "--from", "2026-10-19", "--to", "2026-10-25"])
        #expect(query["period"] == "2026-10-19 to 2026-10-25" && query["previous"] == "2026-10-12 to 2026-10-18")
        let now = Self.ids(rows)
        // The recount: each week's whole list, asked for on its own.
        let thisWeek = Self.ids(try Self.json(["top", "--n", "500", "--from", "2026-10-19", "--to", "2026-10-25"]).results)
        let before = Array(Self.ids(try Self.json(["top", "--n", "500", "--from", "2026-10-12", "--to", "2026-10-18"]).results).prefix(8))
        #expect(now == Array(thisWeek.prefix(8)))
        for (i, row) in (rows as! [[String: Any]]).enumerated() {
            let id = row["id"] as! String
            let expected: String
            if let j = before.firstIndex(of: id) { expected = j == i ? "same" : j > i ? "up \(j - i)" : "down \(i - j)" } else { expected = "new" }
            #expect(row["movement"] as? String == expected, "\(id): \(row["movement"] ?? "none") vs \(expected)")
        }
        let left = before.filter { !now.contains($0) }
        #expect((query["left"] ?? "").split(separator: ",").map(String.init) == left)
        #expect(!left.isEmpty || now != before, "the sample's weeks differ, so movement is tested")
    }

    @Test func referralsByMonthEqualACountOfTheFile() throws {
        let referrals = try Self.file("referrals.csv")
        let people = Dictionary(uniqueKeysWithValues: try Self.file("entities.csv").filter { !["location", "theme"].contains($0["type"]!) }.map { ($0["id"]!, $0) })
        let (results, _) = try Self.json(["referrals", "--by", "month", "--from", "2025-11-01", "--to", "2026-10-31"])
        let rows = (results as! [String: Any])["rows"] as! [[String: Any]]
        #expect(rows.count == 12)
        var checkedChildren = 0
        for row in rows {
            let month = row["key"] as! String
            let inMonth = referrals.filter { $0["date"]!.hasPrefix(month) }
            #expect(row["referrals"] as? Int == inMonth.count, "\(month)")
            let children = Set(inMonth.map { $0["subject"]! }.filter { people[$0] != nil })
            #expect(row["children"] as? Int == children.count, "\(month)")
            checkedChildren += children.count
            var gender: [String: Int] = [:], ethnicity: [String: Int] = [:]
            for c in children {
                gender[people[c]!["gender"].flatMap { $0.isEmpty ? nil : $0 } ?? "not recorded", default: 0] += 1
                ethnicity[people[c]!["ethnicity"].flatMap { $0.isEmpty ? nil : $0 } ?? "not recorded", default: 0] += 1
            }
            #expect(row["gender"] as? [String: Int] == gender, "\(month)")
            #expect(row["ethnicity"] as? [String: Int] == ethnicity, "\(month)")
            // Age at the child's first referral that month, in whole years.
            var bands: [String: Int] = [:]
            for c in children {
                let first = inMonth.filter { $0["subject"] == c }.map { $0["date"]! }.min()!
                let dob = people[c]!["dob"]!.split(separator: "-").map { Int($0)! }, on = first.prefix(10).split(separator: "-").map { Int($0)! }
                let age = on[0] - dob[0] - ((on[1], on[2]) < (dob[1], dob[2]) ? 1 : 0)
                bands[age < 10 ? "under 10" : age <= 13 ? "10–13" : age <= 15 ? "14–15" : age <= 17 ? "16–17" : "18 and over", default: 0] += 1
            }
            #expect(row["ageBand"] as? [String: Int] == bands, "\(month)")
        }
        #expect(checkedChildren > 50)
        let byMonth = try Self.truth()["referralsByMonth"] as! [String: Int]
        for row in rows { #expect((byMonth[row["key"] as! String] ?? 0) == row["referrals"] as? Int) }
    }

    @Test func strategicReferralsShowNoSmallCount() throws {
        let (results, _) = try Self.json(["referrals", "--by", "agency", "--audience", "strategic", "--from", "2026-10-01", "--to", "2026-10-31"])
        let text = String(decoding: try JSONSerialization.data(withJSONObject: results), as: UTF8.self)
        for n in 1...4 { #expect(!text.contains(":\(n),") && !text.contains(":\(n)}"), "a count of \(n) is shown") }
        #expect(text.contains("<5"))
    }

    @Test func theTrackerListsOverdueActionsAsAnOwnerWouldCountThem() throws {
        let actions = try Self.file("actions.csv")
        let asOf = "2026-10-31"
        // Brute force: overdue = no closed date and due before the day.
        let overdue = actions.filter { $0["closed"]!.isEmpty && !$0["due"]!.isEmpty && $0["due"]!.prefix(10) < asOf }.map { $0["id"]! }.sorted()
        let rows = try Self.json(["actions", "--state", "overdue", "--as-of", asOf]).results as! [[String: Any]]
        #expect(rows.map { $0["id"] as! String }.sorted() == overdue)
        #expect(Set(overdue) == Set(try Self.truth()["overdueActions"] as! [String]))
        let meeting = try Self.truth()["lastMeeting"] as! String
        let fromMeeting = try Self.json(["actions", "--meeting", meeting, "--as-of", asOf]).results as! [[String: Any]]
        #expect(fromMeeting.map { $0["id"] as! String }.sorted() == actions.filter { $0["meeting"] == meeting }.map { $0["id"]! }.sorted())
        #expect(fromMeeting.allSatisfy { $0["forum"] as? String == "efh_tactical" && ($0["subject"] as? String)?.isEmpty == false })
    }

    @Test func gapsFindChildrenLinkedToOffendersAndNeverReferred() throws {
        // As things stood at the end of 2025, before most of the sample's referrals.
        let asOf = "2025-12-31T23:59:59Z"
        let referred = Set(try Self.file("referrals.csv").filter { $0["date"]! <= asOf }.map { $0["subject"]! })
        let entities = try Self.file("entities.csv")
        let type = Dictionary(uniqueKeysWithValues: entities.map { ($0["id"]!, $0["type"]!) })
        let isChild = { (id: String) in type[id] == "victim" || type[id] == "victim+offender" }
        let isOffender = { (id: String) in type[id] == "offender" || type[id] == "victim+offender" }
        var expected = Set<String>()
        for l in try Self.file("links.csv") where ["associate", "family", "co_offends", "exploits", "supplies"].contains(l["type"]!) && l["start"]! <= asOf {
            for (c, o) in [(l["from"]!, l["to"]!), (l["to"]!, l["from"]!)] where isChild(c) && isOffender(o) && c != o && !referred.contains(c) { expected.insert(c) }
        }
        let gaps = try Self.json(["gaps", "--kind", "no_referral", "--as-of", "2025-12-31"]).results as! [[String: Any]]
        #expect(Set(gaps.map { $0["subject"] as! String }) == expected)
        #expect(!expected.isEmpty)
    }

    @Test func showGivesTheChildsCaseworkInTimeOrderAndTheAgencies() throws {
        let child = (try Self.truth()["cohortOpenToCSC"] as! [String])[0]
        let r = try TestSupport.volt(["show", child], environment: Self.env)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("agencies holding a record: "))
        let rows = (try Self.json(["show", child]).results as! [[String: Any]])[0]
        let events = rows["casework"] as! [[String: Any]]
        let dates = events.map { $0["date"] as! String }
        #expect(dates == dates.sorted())
        let kinds = Set(events.map { $0["kind"] as! String })
        #expect(kinds.isSuperset(of: ["status", "referral", "action"]), "\(kinds)")
        let referrals = try Self.file("referrals.csv").filter { $0["subject"] == child }.count
        #expect(events.filter { $0["kind"] as? String == "referral" }.count == referrals)
    }

    @Test func thePanelPackFollowsTheAgenda() throws {
        let out = Self.store.dir + "/pack"
        let r = try TestSupport.volt(["pack", "--period", "2026-10", "--out", out, "--recipient", "EFH panel"], environment: Self.env)
        #expect(r.status == 0, "\(r.stderr)")
        let pack = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/pack.json"))) as! [String: Any]
        let tables = Dictionary(uniqueKeysWithValues: (pack["tables"] as! [[String: Any]]).map { ($0["id"] as! String, $0) })
        for id in ["actions", "referrals", "referred", "cohort-csc", "cohort-not-csc", "outcomes", "still-missing", "return-interviews"] {
            #expect(tables[id] != nil, "no \(id) table")
        }
        // The actions of the last meeting, then older overdue ones: as counted from the file.
        let actions = try Self.file("actions.csv"), meeting = try Self.truth()["lastMeeting"] as! String
        let expected = actions.filter { $0["meeting"] == meeting }.count
            + actions.filter { $0["meeting"] != meeting && $0["closed"]!.isEmpty && $0["due"]!.prefix(10) < "2026-10-31" }.count
        #expect((tables["actions"]?["rows"] as? [String])?.count == expected)
        // Still missing at the end of October, with hours up to its last second.
        let end = ISO8601DateFormatter().date(from: "2026-10-31T23:59:59Z")!
        let open = try Self.file("missing.csv").filter { $0["end"]!.isEmpty }
        let hours = open.map { String(format: "%.1f", end.timeIntervalSince(ISO8601DateFormatter().date(from: $0["start"]!)!) / 3600) }
        let shown = (tables["still-missing"]?["cells"] as? [[String]])?.map { $0[1] } ?? []
        #expect(shown.sorted() == hours.sorted() && !hours.isEmpty)
        // The cohorts carry a movement for every child.
        let cohort = tables["cohort-not-csc"]?["cells"] as? [[String]] ?? []
        #expect(!cohort.isEmpty && cohort.allSatisfy { ["new", "same", "left"].contains($0[2]) || $0[2].hasPrefix("up ") || $0[2].hasPrefix("down ") })
    }

    @Test func aNamedGroupKeepsItsIdForSixMonthsOfChangeAndANewGroupGetsAStableOne() throws {
        let dir = TestSupport.temporaryDirectory("group-identity")
        let env = ["VOLT_DB": dir + "/area.sqlite", "VOLT_PURPOSE": "group identity"]
        var entities = "id,type,name\n"
        for i in 1...12 { entities += "P\(i),victim,Peer \(i)\n" }
        for i in 1...6 { entities += "Q\(i),victim,Other \(i)\n" }
        _ = TestSupport.write(entities, to: "entities.csv", in: dir)
        _ = TestSupport.write("id,name,kind\nG-MILL,Mill Lane group,peer_group\n", to: "groups.csv", in: dir)
        _ = TestSupport.write("group,member,from\n" + (1...5).map { "G-MILL,P\($0),2026-01-01\n" }.joined(), to: "members.csv", in: dir)
        var r = try TestSupport.volt(["import", dir + "/entities.csv", dir + "/groups.csv", dir + "/members.csv"], environment: env)
        #expect(r.status == 0, "\(r.stderr)")
        var newGroupID: String?
        for month in 1...6 {
            // One member a month leaves and the next joins: P1–P5, P2–P6, ..., P6–P10.
            let members = (month...(month + 4)).map { "P\($0)" }
            // From March, a second group: Q1–Q4, then Q2–Q5 from May.
            let others = month < 3 ? [] : month < 5 ? ["Q1", "Q2", "Q3", "Q4"] : ["Q2", "Q3", "Q4", "Q5"]
            let m = "2026-0\(month)"
            var links = "from,to,type,start,end,source\n"
            for g in [members, others] where !g.isEmpty {
                for (a, b) in zip(g, g.dropFirst() + [g[0]]) { links += "\(a),\(b),associate,\(m)-10,\(m)-10,police\n" }
            }
            _ = TestSupport.write(links, to: "links-\(month).csv", in: dir)
            r = try TestSupport.volt(["import", dir + "/links-\(month).csv"], environment: env)
            #expect(r.status == 0, "\(r.stderr)")
            let groups = try Self.json(["groups", "--links", "associate", "--from", "\(m)-01", "--to", "\(m)-28"], env: env).results as! [[String: Any]]
            let mill = groups.first { Set($0["members"] as! [String]) == Set(members) }
            #expect(mill?["group"] as? String == "G-MILL", "month \(month): \(String(describing: mill))")
            #expect(mill?["name"] as? String == "Mill Lane group")
            if !others.isEmpty {
                let other = groups.first { Set($0["members"] as! [String]) == Set(others) }
                let id = other?["group"] as? String
                #expect(id?.hasPrefix("PG-") == true && id != "G-MILL", "month \(month): \(String(describing: other))")
                if let newGroupID { #expect(id == newGroupID, "month \(month): the new group's id changed") } else { newGroupID = id }
            }
        }
        // Without the months between, the last membership would not match what was recorded.
        #expect(Set((6...10).map { "P\($0)" }).intersection(Set((1...5).map { "P\($0)" })).count == 0)
        // The new group is a subject: it can be referred like a child.
        let referral = TestSupport.write("id,subject,date,agency\nR1,\(newGroupID ?? "none"),2026-06-20,police\n", to: "referrals.csv", in: dir)
        r = try TestSupport.volt(["import", referral], environment: env)
        #expect(r.status == 0, "\(r.stderr)")
    }
}
