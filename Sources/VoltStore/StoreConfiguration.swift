import Foundation
import GRDB

/// Who may act on a store and why, kept in the store (table `config`, covered by the audit
/// chain's digests, so an edit made outside volt shows in `volt audit verify`) and changed
/// only through `Store.configure`, which logs the change.
public struct StoreConfiguration: Sendable, Hashable, Codable {
    /// Whether `--actor` may name someone other than the login (a shared machine account used
    /// by several named analysts). Off by default: the log records the login name.
    public var namedAnalysts = false
    /// The purposes allowed (empty: any purpose in words). A purpose matches an item when it
    /// is the item or starts with it and a colon ("ROTH panel: November review").
    public var purposes: [String] = []
    /// The fewest characters a purpose may have; never fewer than `AuditContext.minimumPurpose`.
    public var minimumPurpose = AuditContext.minimumPurpose

    public init() {}

    /// The settings `volt config set` takes, with what each means.
    public static let settings: [(key: String, help: String)] = [
        ("named-analysts", "on: --actor may name an analyst other than the login (the entry records both); off (default): the login name is the actor"),
        ("purposes", "the purposes allowed, separated by ';' (a purpose may add detail after a colon); empty: any purpose of enough words"),
        ("minimum-purpose", "the fewest characters a purpose may have (at least \(AuditContext.minimumPurpose))"),
    ]

    /// Reads the configuration in the caller's transaction (defaults where a setting is unset).
    static func read(_ db: Database) throws -> StoreConfiguration {
        var c = StoreConfiguration()
        // A store not yet migrated to v5 has no table: the defaults.
        guard try db.tableExists("config") else { return c }
        for row in try Row.fetchAll(db, sql: "SELECT key, value FROM config") {
            try? c.apply(row["key"], row["value"])
        }
        return c
    }

    /// Sets one setting from its text; throws with the fix when the key or value is wrong.
    mutating func apply(_ key: String, _ value: String) throws(StoreError) {
        switch key {
        case "named-analysts":
            switch value.lowercased() {
            case "on", "yes", "true": namedAnalysts = true
            case "off", "no", "false": namedAnalysts = false
            default: throw .badSetting(key: key, reason: "give on or off")
            }
        case "purposes":
            purposes = value.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        case "minimum-purpose":
            guard let n = Int(value), n >= AuditContext.minimumPurpose, n <= 200 else {
                throw .badSetting(key: key, reason: "give a whole number from \(AuditContext.minimumPurpose) to 200")
            }
            minimumPurpose = n
        default:
            throw .badSetting(key: key, reason: "there is no such setting (settings: \(Self.settings.map(\.key).joined(separator: ", ")))")
        }
    }

    /// Each setting as the store holds it.
    public var values: [(key: String, value: String)] {
        [("named-analysts", namedAnalysts ? "on" : "off"), ("purposes", purposes.joined(separator: "; ")),
         ("minimum-purpose", String(minimumPurpose))]
    }

    /// Refuses a context this configuration does not allow, with the sentence that says why.
    public func admit(_ context: AuditContext) throws(StoreError) {
        if let named = context.named, let login = context.login, !namedAnalysts {
            throw .namedActorNotAllowed(named: named, login: login)
        }
        if context.purpose.count < minimumPurpose { throw .purposeTooShort(minimum: minimumPurpose) }
        if !purposes.isEmpty {
            let p = context.purpose.lowercased()
            let listed = purposes.contains { item in
                let i = item.lowercased()
                return p == i || p.hasPrefix(i + ":")
            }
            if !listed { throw .purposeNotListed(purposes: purposes) }
        }
    }
}

extension Store {
    /// The store's configuration (not personal data: read without a log entry).
    public func configuration() throws(StoreError) -> StoreConfiguration {
        try readUnlogged { try StoreConfiguration.read($0) }
    }

    /// Refuses, before any work, a context the store's configuration does not allow (every
    /// entry is checked again as it is written).
    public func admit(_ context: AuditContext) throws(StoreError) {
        try configuration().admit(context)
    }

    /// Changes one setting, logged as an alteration with the old and the new value.
    public func configure(_ context: AuditContext, key: String, value: String) throws {
        var probe = try configuration()
        let before = probe.values.first { $0.key == key }?.value
        try probe.apply(key, value)
        let after = probe.values.first { $0.key == key }?.value ?? value
        try run {
            try queue.write { db in
                let old = try StoreConfiguration.read(db)
                try db.execute(sql: "INSERT OR REPLACE INTO config(key, value) VALUES (?, ?)", arguments: [key, after])
                try AuditLog.append(db, keys: keys, context: context, action: .alteration,
                                    summary: "configuration: \(key) = \(after) (was \(before ?? "unset"))",
                                    content: try ContentDigest.tables(db), admitting: old)
            }
        }
    }
}
