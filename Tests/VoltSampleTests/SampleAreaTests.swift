import Foundation
import Testing
import VoltIO
import VoltModel
import VoltSample
import VoltStore
import VoltTestSupport

@Suite struct SampleAreaTests {
    let area = SampleGenerator.generate(SampleOptions())

    @Test func theSameSeedGivesTheSameArea() {
        let again = SampleGenerator.generate(SampleOptions())
        #expect(again.entities == area.entities)
        #expect(again.links == area.links)
        #expect(again.sightings == area.sightings)
        var other = SampleOptions()
        other.seed = 2
        #expect(SampleGenerator.generate(other).links != area.links)
    }

    @Test func largerAreasKeepNamesUnique() {
        var o = SampleOptions()
        o.people = 3000
        o.locations = 120
        o.sightings = 20_000
        let big = SampleGenerator.generate(o)
        // Other agencies' records of a child repeat the child's name on purpose (truth.duplicates).
        let copies = Set(big.truth.duplicates.flatMap { $0.dropFirst() })
        let people = big.entities.filter { $0.kind == .person && !copies.contains($0.id) }
        #expect(people.count == 3000)
        #expect(copies.count > 100)
        #expect(Set(people.map(\.name)).count == 3000, "more people than first-and-last combinations")
    }

    @Test func itHasTheSizeAsked() {
        let copies = Set(area.truth.duplicates.flatMap { $0.dropFirst() })
        let people = area.entities.filter { $0.kind == .person && !copies.contains($0.id) }
        #expect(people.count == 150)
        #expect(area.entities.filter { $0.kind == .location }.count == 40)
        #expect(abs(area.sightings.count - 5000) < 250)
        #expect(Set(area.entities.map(\.id)).count == area.entities.count)
    }

    @Test func sightingsFollowTheDaysRhythmWithinTheYear() {
        let end = SampleOptions().end.seconds, start = end - 365 * 86_400
        #expect(area.sightings.allSatisfy { $0.time.seconds >= start - 3600 && $0.time.seconds < end + 86_400 })
        let schools = Set(area.entities.filter { $0.category == .school }.map(\.id))
        let atSchool = area.sightings.filter { schools.contains($0.location) }
        #expect(atSchool.count > 200)
        for s in atSchool {
            let secondsOfDay = s.time.seconds % 86_400, weekday = (s.time.seconds / 86_400 + 4) % 7
            #expect((8 * 3600...16 * 3600).contains(secondsOfDay) && (1...5).contains(weekday), "\(s.time)")
        }
        // Nobody is sighted between 1 and 5 in the morning.
        #expect(!area.sightings.contains { (3600..<5 * 3600).contains($0.time.seconds % 86_400) })
    }

    @Test func peerGroupsAreThreeToFifteenAndCoverEveryChild() {
        let groups = area.truth.groups
        #expect(groups.allSatisfy { (3...15).contains($0.members.count) })
        let young = area.entities.filter { $0.id.hasPrefix("Y") }.map(\.id)
        #expect(Set(groups.flatMap(\.members)) == Set(young))
    }

    @Test func brokersExploitChildrenInThreeOrMoreGroups() throws {
        let groupOf = Dictionary(uniqueKeysWithValues: area.truth.groups.flatMap { g in g.members.map { ($0, g.id) } })
        #expect(area.truth.brokers.count == 3)
        for b in area.truth.brokers {
            let groups = Set(area.links.filter { $0.from == b && $0.type == .exploits }.compactMap { groupOf[$0.to] })
            #expect(groups.count >= 3, "\(b) reaches \(groups)")
        }
        // Nobody else does, and nobody else exploits children in a broker's groups.
        let brokerGroups = Set(area.links.filter { area.truth.brokers.contains($0.from) && $0.type == .exploits }.compactMap { groupOf[$0.to] })
        let others = Set(area.links.filter { $0.type == .exploits }.map(\.from)).subtracting(area.truth.brokers)
        for o in others {
            let groups = Set(area.links.filter { $0.from == o && $0.type == .exploits }.compactMap { groupOf[$0.to] })
            #expect(groups.count < 3, "\(o) is not a planted broker but reaches \(groups)")
            #expect(groups.isDisjoint(with: brokerGroups), "\(o) exploits in a broker's group")
        }
    }

    @Test func plantedPairsGoMissingTogetherRepeatedly() {
        #expect(area.truth.coMissingPairs.count == 3)
        for pair in area.truth.coMissingPairs {
            let a = area.missing.filter { $0.person == pair[0] }, b = area.missing.filter { $0.person == pair[1] }
            let together = a.filter { x in b.contains { y in
                x.start < (y.end ?? .init(seconds: .max)) && y.start < (x.end ?? .init(seconds: .max)) } }
            #expect(together.count >= 3)
        }
    }

    @Test func theEmergingGroupAndRisingLocationAreRecent() throws {
        let cutoff = SampleOptions().end.seconds - 61 * 86_400
        let g = try #require(area.truth.groups.first { $0.id == area.truth.emergingGroup })
        #expect(g.formed.seconds >= cutoff)
        let members = Set(g.members)
        #expect(area.links.filter { members.contains($0.from) && $0.type == .associate }.allSatisfy { $0.start.seconds >= cutoff })
        let atRising = area.sightings.filter { $0.location == area.truth.risingLocation }
        let recent = atRising.filter { $0.time.seconds >= cutoff }.count
        #expect(recent > 3 * (atRising.count - recent), "recent \(recent) of \(atRising.count)")
    }

    @Test func itImportsCleanlyWithEveryKindOfRecord() throws {
        let (dir, _) = try TestSupport.sampleArea()
        let store = try TestSupport.emptyStore()
        let r = try Importer.run(TestSupport.csvFiles(in: dir), into: store, context: TestSupport.context)
        #expect(r.links.added == area.links.count)
        let stats = try store.consult(TestSupport.context, summary: "test") { try $0.stats() }
        let types = Set(stats.byVoltType.map(\.key))
        #expect(types == ["victim", "offender", "victim+offender", "person", "location", "theme"])
        #expect(Set(stats.linksByType.map(\.key)).isSuperset(of: ["associate", "family", "exploits", "co_offends", "supplies", "lives_at", "attends", "linked_to_theme"]))
        #expect(stats.byAgency.count >= 5)
        #expect(stats.byMonth.filter { $0.sightings > 0 }.count == 12)
        #expect(stats.stillMissing == 1)
    }

    @Test func theCommittedExampleIsWhatTheGeneratorMakes() throws {
        let dir = TestSupport.packageRoot.appendingPathComponent("examples/wexbury").path
        let (fresh, _) = try TestSupport.sampleArea()
        for kind in RecordKind.allCases {
            let committed = try String(contentsOfFile: "\(dir)/\(kind.rawValue).csv", encoding: .utf8)
            let made = try String(contentsOfFile: "\(fresh)/\(kind.rawValue).csv", encoding: .utf8)
            #expect(committed == made, "examples/wexbury/\(kind.rawValue).csv is stale: run 'volt generate --out examples/wexbury'")
        }
    }
}
