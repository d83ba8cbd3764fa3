import VoltDigest
import Foundation
import VoltModel

extension Store {
    /// A SHA-256 digest of everything the store holds about people, places and themes: entities
    /// with their references, links, sightings, missing episodes and the casework, in a canonical order and
    /// by entity id (never by internal row number). Two stores with equal digests hold the same
    /// content however they were filled. The audit log is not part of it.
    public func contentDigest() throws(StoreError) -> String {
        try readUnlogged { db in
            let reader = StoreReader(db)
            var hasher = SHA256()
            func add(_ fields: [String?]) {
                let line = fields.map { $0 ?? "\u{2400}" }.joined(separator: "\u{1F}") + "\n"
                hasher.update(data: Data(line.utf8))
            }
            func t(_ v: Timestamp?) -> String? { v.map { String($0.seconds) } }
            func d(_ v: Double?) -> String? { v.map { String($0) } }
            try reader.forEachEntity { e in
                add(["E", e.id, e.kind.rawValue, e.name, String(e.isVictim), t(e.victimSince),
                     String(e.isOffender), t(e.offenderSince), e.dateOfBirth?.text, e.ageBand, e.gender,
                     e.ethnicity, e.category?.rawValue, d(e.latitude), d(e.longitude), e.area,
                     e.reviewDate?.text] + e.references.map { "\($0.agency):\($0.reference)" })
            }
            try reader.forEachLink { l in
                add(["L", l.from, l.to, l.type.rawValue, t(l.start), t(l.end), l.provenance.source,
                     l.provenance.reference, t(l.provenance.recordedAt), l.grading?.description, d(l.weight)])
            }
            try reader.forEachSighting { s in
                add(["S", s.person, s.location, t(s.time), t(s.end), s.provenance.source,
                     s.provenance.reference, t(s.provenance.recordedAt), s.grading?.description])
            }
            try reader.forEachMissingEpisode { m in
                // Return interviews only when held, so stores without them keep their digests.
                add(["M", m.person, t(m.start), t(m.end), m.foundAt, m.provenance.source,
                     m.provenance.reference, t(m.provenance.recordedAt)]
                    + (m.returnInterview == nil ? [] : [t(m.returnInterview), m.returnInterviewBy]))
            }
            // Casework: each record as canonical JSON (sorted keys), in the reader's stable order.
            let c = try reader.casework()
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            func json(_ tag: String, _ items: [some Encodable]) throws {
                for x in items { add([tag, String(decoding: try encoder.encode(x), as: UTF8.self)]) }
            }
            // Groups volt found itself are derived, like a cache: asking `groups` must not change
            // the digest. They count once a person records something about them.
            try json("G", c.groups.filter { $0.detectedAt == nil })
            try json("GM", c.memberships)
            try json("MT", c.meetings)
            try json("R", c.referrals)
            try json("ST", c.statuses)
            try json("A", c.actions)
            try json("O", c.outcomes)
            return hasher.finalize().map { String(format: "%02x", $0) }.joined()
        }
    }
}
