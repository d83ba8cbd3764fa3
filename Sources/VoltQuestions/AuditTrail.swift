import VoltModel
import VoltStore

/// The audit log itself, for the information-governance officer who checks it. Reading it is
/// not a consultation of personal data (entries hold ids and counts, never erased values), so
/// it is not logged and needs no purpose.
public enum AuditTrail {
    /// The newest `last` entries (all when nil), oldest first.
    public static func entries(_ store: Store, last: Int? = nil) throws -> [AuditEntry] {
        if let last, last < 0 { throw BadRequest("--last must be 0 or more") }
        return try store.auditEntries(last: last)
    }

    /// Checks the chain; a broken chain is a bad request naming the first entry that fails.
    public static func verify(_ store: Store) throws -> Int64 {
        switch try store.verifyAudit() {
        case .intact(let n): return n
        case .broken(let seq, let reason): throw BadRequest("audit log broken at entry \(seq): \(reason)")
        }
    }
}
