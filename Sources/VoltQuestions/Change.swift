import VoltModel
import VoltStore

/// A change to the store (an erasure; the casework records next): like a question, a typed
/// request asked through a `Session`, applied in one transaction with its audit entry, which is
/// made from its parameters and what the change reports (never the values it removed).
public protocol Change: Sendable {
    /// What applying returns.
    associatedtype Outcome: Sendable & AnnotatedAnswer
    /// The change's name in the audit log.
    static var name: String { get }
    /// The kind of processing (alteration, erasure, ...).
    static var action: AuditAction { get }
    /// Every parameter, by name.
    var parameters: Parameters { get }
    /// Checks the request before anything is touched.
    func validate() throws
    /// Makes the change.
    func apply(_ writer: StoreWriter) throws -> Outcome
}

extension Session {
    /// Applies `change` and logs it in the same transaction: both or neither.
    public func apply<C: Change>(_ change: C) throws -> C.Outcome {
        try change.validate()
        return try store.write(context, action: C.action) { w in
            let outcome = try change.apply(w)
            return (outcome, change.parameters.entry(C.name, notes: outcome.notes))
        }
    }
}

/// Erases an entity and every record about it, for a record past its review date or erased on
/// request. Cannot be undone, so it must be confirmed. The entry keeps the id and the counts.
public struct EraseChange: Change {
    /// The name in the audit log and the JSON `query`.
    public static let name = "erase"
    /// Logged as this kind of processing.
    public static let action = AuditAction.erasure
    /// The entity it is about (an id as the store holds it).
    public var id: String
    /// The user confirmed that the erasure cannot be undone.
    public var confirmed: Bool

    /// A request with these values; every other parameter at its default.
    public init(id: String, confirmed: Bool) {
        self.id = id
        self.confirmed = confirmed
    }

    public var parameters: Parameters {
        var p = Parameters()
        p.set("id", id)
        return p
    }

    public func validate() throws {
        guard confirmed else { throw BadRequest("erasing \(id) cannot be undone: add --yes to confirm") }
    }

    public func apply(_ writer: StoreWriter) throws -> ErasureReport { try writer.erase(id: id) }
}

extension ErasureReport: AnnotatedAnswer {
    /// What was removed, by count.
    public var notes: Parameters {
        var p = Parameters()
        p.set("kind", kind.rawValue)
        p.set("links", links)
        p.set("sightings", sightings)
        p.set("missing", missing)
        p.set("episodes_unlinked", episodesUnlinked)
        // The entries whose text this erasure redacted: `verify` accepts exactly these changes.
        if !redacted.isEmpty { p.set("audit_redaction", redactionList) }
        if unredactable > 0 { p.set("unredactable_entries", unredactable) }
        return p
    }
}
