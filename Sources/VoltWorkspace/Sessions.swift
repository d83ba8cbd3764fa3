import VoltDigest
import Foundation
import Synchronization
import VoltPrivacy
import VoltStore

/// One signed-in user: who, with which role and forums, why (the purpose given at sign-in,
/// carried by every entry their pages and calls write), and the token a form must echo.
public struct WorkspaceSession: Sendable {
    public let user: WorkspaceUser
    public let purpose: String
    /// Sent with every change (`X-CSRF-Token`): a page of another site cannot know it.
    public let csrf: String
    let expires: Date
    let absoluteEnd: Date

    /// The label level this user sees: names for analysts, initials for everyone else (a
    /// pseudonym string is unreadable in a meeting).
    public var labels: LabelLevel { user.role == .analyst ? .names : .initials }

    /// The audit context of everything this session does: the user, their role, the purpose.
    public func context() throws(StoreError) -> AuditContext {
        try AuditContext(actor: "\(user.name) (workspace \(user.role.rawValue))", purpose: purpose)
    }
}

/// The signed-in sessions, in memory (a restarted workspace signs everyone out). A session
/// ends after `idle` without a request, and after `lifetime` whatever happens.
public final class SessionStore: Sendable {
    private let sessions = Mutex<[String: WorkspaceSession]>([:])
    let idle: TimeInterval
    let lifetime: TimeInterval

    public init(idle: TimeInterval = 30 * 60, lifetime: TimeInterval = 8 * 3600) {
        self.idle = idle
        self.lifetime = lifetime
    }

    /// A new session; returns its token (the cookie's value). Only the token's hash is kept.
    public func start(user: WorkspaceUser, purpose: String) -> (token: String, session: WorkspaceSession) {
        let token = Self.random()
        let now = Date()
        let s = WorkspaceSession(user: user, purpose: purpose, csrf: Self.random(), expires: now + idle, absoluteEnd: now + lifetime)
        sessions.withLock { $0[Self.key(token)] = s }
        return (token, s)
    }

    /// The live session of a token, its idle time renewed; nil when unknown or expired.
    public func session(_ token: String) -> WorkspaceSession? {
        let k = Self.key(token)
        return sessions.withLock { all in
            guard let s = all[k] else { return nil }
            let now = Date()
            guard now < s.expires, now < s.absoluteEnd else { all[k] = nil; return nil }
            let renewed = WorkspaceSession(user: s.user, purpose: s.purpose, csrf: s.csrf, expires: min(now + idle, s.absoluteEnd), absoluteEnd: s.absoluteEnd)
            all[k] = renewed
            return renewed
        }
    }

    /// Ends a session.
    public func end(_ token: String) { _ = sessions.withLock { $0.removeValue(forKey: Self.key(token)) } }

    /// Ends every session of a user (their account was disabled).
    public func endAll(of user: String) { sessions.withLock { $0 = $0.filter { $0.value.user.name != user } } }

    static func random() -> String {
        var g = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &g) }
        return Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    private static func key(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}

/// Failed sign-ins, per account name: after `limit` failures within `window`, that name is
/// refused for `window` whatever the password (429), so a password cannot be guessed quickly.
public final class SignInThrottle: Sendable {
    private let failures = Mutex<[String: [Date]]>([:])
    let limit: Int
    let window: TimeInterval

    public init(limit: Int = 5, window: TimeInterval = 15 * 60) {
        self.limit = limit
        self.window = window
    }

    /// Whether `name` may try now.
    public func allows(_ name: String) -> Bool {
        let now = Date()
        return failures.withLock { f in
            let recent = (f[name] ?? []).filter { now.timeIntervalSince($0) < window }
            f[name] = recent
            return recent.count < limit
        }
    }

    public func failed(_ name: String) { failures.withLock { $0[name, default: []].append(Date()) } }
    public func succeeded(_ name: String) { _ = failures.withLock { $0.removeValue(forKey: name) } }
}
