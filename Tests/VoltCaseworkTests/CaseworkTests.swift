import Testing
import VoltCasework
import VoltModel

@Suite struct CaseworkTests {
    @Test func movementMatchesARecountOnRandomLists() {
        var rng = SplitMix64(seed: 7)
        for _ in 0..<200 {
            let pool = (0..<15).map { "C\($0)" }
            func list() -> [String] {
                var p = pool
                for i in stride(from: p.count - 1, to: 0, by: -1) { p.swapAt(i, rng.int(i + 1)) }
                return Array(p.prefix(1 + rng.int(10)))
            }
            let now = list(), before = list()
            let (moves, left) = movement(current: now, previous: before)
            for (i, id) in now.enumerated() {
                // The recount: where was it, and how far has it come.
                let was = before.firstIndex(of: id)
                let expected = was == nil ? "new" : was! == i ? "same" : was! > i ? "up \(was! - i)" : "down \(i - was!)"
                #expect(moves[i].description == expected)
            }
            #expect(left == before.filter { !now.contains($0) })
        }
    }

    @Test func identityIsOneToOneAtTheThreshold() {
        let known = [KnownGroup(id: "G-A", name: "A", memberships: [["a", "b", "c", "d"]]),
                     KnownGroup(id: "G-B", name: "B", memberships: [["e", "f", "g"], ["e", "f", "g", "h", "i"]])]
        let found = identifyGroups([["a", "b", "c"], ["a", "b", "c", "d", "x"], ["f", "g", "h", "i"], ["p", "q"], ["p", "q", "r"]], known: known)
        // Both first groups look like A; the closer one (4/5 against 3/4) takes it.
        #expect(found[1]?.id == "G-A" && found[1]?.similarity == 0.8)
        #expect(found[0]?.id.hasPrefix("PG-") == true)
        // B is matched through its later membership (4/5), not its first (2/5).
        #expect(found[2]?.id == "G-B" && found[2]?.similarity == 0.8)
        // Pairs are too small to follow; a new triple gets an id from its members.
        #expect(found[3] == nil)
        #expect(found[4]?.id == newGroupID(["r", "q", "p"]) && found[4]?.isNew == true)
        #expect(identifyGroups([["a", "b", "x", "y"]], known: known)[0]?.id.hasPrefix("PG-") == true)  // 2/6 < 0.5
        #expect(jaccard(["a", "b", "c"], ["b", "c", "d"]) == 0.5)
        #expect(newGroupID(["a", "b", "c"]) != newGroupID(["a", "b", "d"]) && newGroupID(["a", "b", "c"]).count == 11)
    }

    @Test func referralTalliesByWeekThemeAndContext() {
        func r(_ id: String, _ subject: String, _ day: String, themes: [String] = [], contexts: [SafeguardingContext] = []) -> Referral {
            var x = Referral(id: id, subject: subject, date: Timestamp(iso8601: day)!, agency: "police")
            x.themes = themes
            x.contexts = contexts
            return x
        }
        let referrals = [r("1", "A", "2026-10-05", themes: ["T1", "T2"], contexts: [.peers, .school]),  // a Monday
                         r("2", "A", "2026-10-11", themes: ["T1"]),                                   // the Sunday after
                         r("3", "B", "2026-10-12", contexts: [.online]),
                         r("4", "L1", "2026-10-13")]
        let people = ["A": PersonFacts(gender: "female"), "B": PersonFacts(gender: "male")]
        let from = Timestamp(iso8601: "2026-10-01")!, to = Timestamp(iso8601: "2026-10-20T23:59:59Z")!
        let weeks = tallyReferrals(referrals, people: people, from: from, to: to, by: .week)
        #expect(weeks.rows.map(\.key) == ["2026-09-28", "2026-10-05", "2026-10-12", "2026-10-19"])
        #expect(weeks.rows.map(\.referrals) == [0, 2, 2, 0] && weeks.rows.map(\.children) == [0, 1, 1, 0])
        #expect(weeks.rows[2].otherSubjects == 1)
        #expect(weeks.total.referrals == 4 && weeks.total.children == 2 && weeks.total.demographics.gender == ["female": 1, "male": 1])
        let themes = tallyReferrals(referrals, people: people, from: from, to: to, by: .theme, themeNames: ["T1": "CCE"])
        #expect(themes.rows.map(\.key) == ["(none)", "CCE", "T2"] && themes.rows.map(\.referrals) == [2, 2, 1])
        let contexts = tallyReferrals(referrals, people: people, from: from, to: to, by: .context)
        #expect(contexts.rows.map(\.key) == ["(none)", "online", "peers"])
    }

    @Test func weeksStartOnMonday() {
        #expect(weekStart(Timestamp(iso8601: "2026-10-11T23:00:00Z")!).day == "2026-10-05")
        #expect(weekStart(Timestamp(iso8601: "2026-10-12")!).day == "2026-10-12")
        #expect(weekStart(Timestamp(iso8601: "1969-12-31T12:00:00Z")!).day == "1969-12-29")
    }

    @Test func quietSubjectsAreThoseWithNothingOpenAndNothingRecent() {
        var c = Casework()
        c.meetings = [Meeting(id: "M1", forum: "efh", date: Timestamp(iso8601: "2026-01-10")!)]
        c.referrals = [Referral(id: "R1", subject: "A", date: Timestamp(iso8601: "2026-01-02")!, agency: "police"),
                       Referral(id: "R2", subject: "B", date: Timestamp(iso8601: "2026-01-02")!, agency: "police"),
                       Referral(id: "R3", subject: "C", date: Timestamp(iso8601: "2026-03-20")!, agency: "police")]
        var open = PanelAction(id: "X1", subject: "B", meeting: "M1", owner: "police", description: "visit")
        open.due = Timestamp(iso8601: "2026-01-20")!
        c.actions = [open]
        c.groups = [NamedGroup(id: "G1", name: "a group")]
        let quiet = c.quietSubjects(days: 28, asOf: Timestamp(iso8601: "2026-04-01")!)
        // A went quiet after its referral; B has an overdue action (not quiet, but late); C is recent.
        #expect(quiet.map(\.subject) == ["G1", "A"])
    }
}
