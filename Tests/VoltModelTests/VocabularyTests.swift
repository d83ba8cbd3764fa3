import Testing
import VoltModel

@Suite struct VocabularyTests {
    @Test func linkTypesKnownAliasedAndCustom() {
        #expect(LinkType(parsing: "Associates With") == .associate)
        #expect(LinkType(parsing: "co-offends") == .coOffends)
        #expect(LinkType(parsing: "grooms") == .exploits)
        #expect(LinkType(parsing: "custom:debt_bondage")?.rawValue == "custom:debt_bondage")
        #expect(LinkType(parsing: "custom:debt_bondage")?.isCustom == true)
        #expect(LinkType(parsing: "asociate") == nil, "a misspelt known type must not pass as custom")
        #expect(LinkType(parsing: "custom:") == nil)
        #expect(LinkType(parsing: "custom:bad!name") == nil)
        #expect(LinkType(parsing: "custom:has space")?.rawValue == "custom:has_space")
        #expect(LinkType.exploits.isDirected && !LinkType.associate.isDirected)
        #expect(LinkType.attends.requiredTargetKind == .location)
        #expect(LinkType.linkedToTheme.requiredTargetKind == .theme)
    }

    @Test func voltTypesMapToKindsAndRoles() {
        #expect(VoltType(parsing: "Victim+Offender") == .victimOffender)
        #expect(VoltType(parsing: "offender+victim") == .victimOffender)
        #expect(VoltType(parsing: "location")?.kind == .location)
        #expect(VoltType(parsing: "suspect") == nil)
    }

    @Test func mergingAddsRolesAndKeepsTheEarliestDate() {
        var a = Entity(id: "Y1", kind: .person, name: "A")
        a.isVictim = true
        a.victimSince = Timestamp(iso8601: "2026-05-01")
        var b = Entity(id: "Y1", kind: .person, name: "A")
        b.isVictim = true
        b.victimSince = Timestamp(iso8601: "2026-01-01")
        b.isOffender = true
        b.offenderSince = Timestamp(iso8601: "2026-07-01")
        a.merge(b)
        #expect(a.voltType == .victimOffender)
        #expect(a.victimSince == Timestamp(iso8601: "2026-01-01"))
        #expect(a.offenderSince == Timestamp(iso8601: "2026-07-01"))
        // A later record that only says "victim" never removes the offender role.
        var c = Entity(id: "Y1", kind: .person, name: "A")
        c.isVictim = true
        a.merge(c)
        #expect(a.isOffender)
    }
}
