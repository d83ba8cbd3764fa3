import Foundation
import GRDB
import VoltModel

/// What a workspace account may see (docs/workspace.md).
public enum WorkspaceRole: String, Sendable, Codable, CaseIterable {
    /// Manages accounts; sees no records.
    case admin
    /// Everything, at the names level.
    case analyst
    /// Members of one or more forums: the subjects referred to their forums and their
    /// immediate context, at initials.
    case panel
    /// Aggregates only, suppressed as in the strategic pack.
    case strategic

    /// The roles as `--role` takes them.
    public static var accepted: String { allCases.map(\.rawValue).joined(separator: ", ") }
}

/// A workspace account, as the store keeps it (never the password: a bcrypt hash).
public struct WorkspaceUser: Sendable, Hashable, Codable {
    public let name: String
    public let role: WorkspaceRole
    /// The forums a panel member sits on (empty for other roles).
    public let forums: [String]
    /// Whether the account was disabled (it can no longer log in).
    public let disabled: Bool
    /// When it was made.
    public let created: Timestamp
}

extension Store {
    /// Every account, oldest first (no personal data of subjects: read without a log entry).
    public func users() throws(StoreError) -> [WorkspaceUser] {
        try readUnlogged { db in
            try Row.fetchAll(db, sql: "SELECT name, role, forums, disabled_at, created_at FROM workspace_user ORDER BY created_at, name").map(Self.user)
        }
    }

    /// One account and its password hash, for logging in; nil when there is no such account.
    public func account(_ name: String) throws(StoreError) -> (user: WorkspaceUser, passwordHash: String)? {
        try readUnlogged { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT name, role, forums, disabled_at, created_at, password_hash FROM workspace_user WHERE name = ?",
                                             arguments: [name]) else { return nil }
            return (Self.user(row), row["password_hash"])
        }
    }

    /// Adds an account (logged as an alteration: who, which role and forums, never the hash).
    public func addUser(_ context: AuditContext, name: String, role: WorkspaceRole, forums: [String], passwordHash: String) throws {
        let n = name.trimmingSpaces
        guard !n.isEmpty, n.count <= 64, n.allSatisfy({ $0.isLetter || $0.isNumber || ".-_@".contains($0) }) else {
            throw StoreError.badSetting(key: "user", reason: "a user name is 1 to 64 letters, digits and . - _ @")
        }
        if role == .panel && forums.isEmpty { throw StoreError.badSetting(key: "user", reason: "a panel member needs at least one --forum") }
        let f = role == .panel ? forums.map { $0.trimmingSpaces.lowercased() }.filter { !$0.isEmpty } : []
        try write(context, action: .alteration) { w in
            if try Bool.fetchOne(w.db, sql: "SELECT 1 FROM workspace_user WHERE name = ?", arguments: [n]) == true {
                throw StoreError.badSetting(key: "user", reason: "'\(n)' already has an account")
            }
            try w.db.execute(sql: "INSERT INTO workspace_user(name, role, forums, password_hash, created_at) VALUES (?, ?, ?, ?, ?)",
                             arguments: [n, role.rawValue, f.joined(separator: ";"), passwordHash, Timestamp.now.seconds])
            return ((), "user add \(n) role=\(role.rawValue)" + (f.isEmpty ? "" : " forums=\(f.joined(separator: ","))"))
        }
    }

    /// Disables an account (it stays, so the log's names keep their meaning).
    public func disableUser(_ context: AuditContext, name: String) throws {
        try write(context, action: .alteration) { w in
            try w.db.execute(sql: "UPDATE workspace_user SET disabled_at = ? WHERE name = ? AND disabled_at IS NULL",
                             arguments: [Timestamp.now.seconds, name])
            guard w.db.changesCount == 1 else {
                throw StoreError.badSetting(key: "user", reason: "there is no enabled account '\(name.prefix(60))' ('volt user list' shows them)")
            }
            return ((), "user disable \(name)")
        }
    }

    private static func user(_ row: Row) -> WorkspaceUser {
        let forums: String = row["forums"]
        return WorkspaceUser(name: row["name"], role: WorkspaceRole(rawValue: row["role"]) ?? .strategic,
                             forums: forums.split(separator: ";").map(String.init),
                             disabled: (row["disabled_at"] as Int64?) != nil, created: Timestamp(seconds: row["created_at"]))
    }
}
