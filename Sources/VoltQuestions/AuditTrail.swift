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

    /// Checks the chain; a broken chain is a bad request naming the first entry that fails.
    public static func verify(_ store: Store) throws -> Int64 {
        switch try store.verifyAudit() {
        case .intact(let n): return n
        case .broken(let seq, let reason): throw BadRequest("audit log broken at entry \(seq): \(reason)")
        }
    }
}
