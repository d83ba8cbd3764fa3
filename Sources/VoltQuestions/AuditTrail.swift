import VoltModel
import VoltStore

/// The audit log itself, for the information-governance officer who checks it. Its entries
/// name ids, search terms and recipients, so reading them is a consultation like any other:
/// it needs a purpose and is logged (after the read, so the entries shown are those before it).
/// Verifying the chain shows no entry and is not logged.
public enum AuditTrail {
    /// The newest `last` entries (all when nil), oldest first; logged as `audit show`.
    public static func entries(_ session: Session, last: Int? = nil) throws -> [AuditEntry] {
        if let last, last < 0 { throw BadRequest("--last must be 0 or more") }
        let entries = try session.store.auditEntries(last: last)
        try session.store.write(session.context, action: .consultation) { _ in
            ((), "audit show last=\(last.map(String.init) ?? "all"); shown=\(entries.count)")
        }
        return entries
    }

    /// Checks the chain with the store's key, the data against it, and the anchors (the texts
    /// `anchor` wrote); a broken chain is a bad request naming the first thing that fails.
    public static func verify(_ store: Store, anchors: [String] = []) throws -> Int64 {
        let parsed = try anchors.map { text in
            guard let a = AuditAnchor(text: text) else { throw BadRequest("an anchor is not one 'volt audit anchor' wrote: '\(text.prefix(60))'") }
            return a
        }
        switch try store.verifyAudit(anchors: parsed) {
        case .intact(let n): return n
        case .broken(let seq, let reason): throw BadRequest("audit log broken at entry \(seq): \(reason)")
        }
    }

    /// The chain's head, to keep elsewhere; not logged (it names no one).
    public static func anchor(_ store: Store) throws -> AuditAnchor { try store.auditAnchor() }
}
