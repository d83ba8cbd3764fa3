import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdBcrypt
import VoltCasework
import VoltModel
import VoltPack
import VoltPrivacy
import VoltQuestions
import VoltStore

/// Why a call was refused, as the API says it: a status and one sentence.
struct Refusal: Error {
    let status: HTTPResponse.Status
    let message: String
}

/// The JSON API (docs/workspace.md): `POST /api/v1/session` signs in, `DELETE` signs out, and
/// `GET /api/v1/QUESTION?PARAMS` answers a question with the same JSON as `volt QUESTION
/// --format json`, within the caller's scope and at their label level, logged with their name,
/// role and purpose. Out of scope is 404 (whether the record exists is not said), and logged.
public struct WorkspaceAPI: Sendable {
    public let store: Store
    public let sessions: SessionStore
    public let throttle: SignInThrottle
    /// Whether the cookie is sent only over TLS (set when serving TLS or behind a TLS proxy).
    public let secureCookies: Bool
    let cache: WorkspaceCache
    /// Answers shared by every session while the records are unchanged (each ask still logged).
    let answers = AnswerCache()

    public init(store: Store, sessions: SessionStore = SessionStore(), throttle: SignInThrottle = SignInThrottle(), secureCookies: Bool = false) {
        self.store = store
        cache = WorkspaceCache(store: store)
        self.sessions = sessions
        self.throttle = throttle
        self.secureCookies = secureCookies
    }

    static let cookie = "volt_session"

    /// The routes, on `router`.
    public func add(to router: Router<BasicRequestContext>) {
        let api = router.group("api/v1")
        api.post("session") { request, context in try await self.signIn(request, context) }
        api.delete("session") { request, _ in try await self.signOut(request) }
        api.get(":question") { request, context in try await self.answer(request, context) }
    }

    // MARK: signing in and out

    struct SignIn: Decodable {
        let user: String
        let password: String
        let purpose: String
    }

    func signIn(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        guard let body = try? await request.decode(as: SignIn.self, context: context) else {
            return Self.error(.badRequest, "send {\"user\": ..., \"password\": ..., \"purpose\": ...} as JSON")
        }
        switch try await startSession(user: body.user, password: body.password, purpose: body.purpose) {
        case .failure(let r):
            return Self.error(r.status, r.message)
        case .success(let (token, session)):
            let u = session.user
            var response = try Self.json(Encoded(user: u.name, role: u.role.rawValue, forums: u.forums, labels: session.labels.rawValue, csrf: session.csrf))
            response.setCookie(sessionCookie(token))
            return response
        }
    }

    /// Signs in (the API and the sign-in page): throttled, checked with bcrypt off the event
    /// loops, the purpose admitted as the CLI admits it; every outcome logged.
    func startSession(user: String, password: String, purpose: String) async throws -> Result<(String, WorkspaceSession), Refusal> {
        let name = String(user.prefix(64))
        guard throttle.allows(name) else {
            try log(.access, actor: name, "session sign-in refused: too many failed sign-ins; try again in 15 minutes")
            return .failure(Refusal(status: .tooManyRequests, message: "too many failed sign-ins for this account; try again in 15 minutes"))
        }
        // SQLite and bcrypt, off the event loops.
        let store = self.store
        let account = try await offload { try store.account(name) }
        let ok = await offload { account.map { !$0.user.disabled && Bcrypt.verify(password, hash: $0.passwordHash) } ?? false }
        guard let account, ok else {
            throttle.failed(name)
            try log(.access, actor: name, "session sign-in failed")
            return .failure(Refusal(status: .unauthorized, message: "the user name or password is wrong, or the account is disabled"))
        }
        // The purpose is checked as the CLI checks it, against the store's configuration.
        let ctx: AuditContext
        do {
            ctx = try AuditContext(actor: "\(account.user.name) (workspace \(account.user.role.rawValue))", purpose: purpose)
            try store.admit(ctx)
        } catch {
            return .failure(Refusal(status: .badRequest, message: error.description))
        }
        throttle.succeeded(name)
        let (token, session) = sessions.start(user: account.user, purpose: ctx.purpose)
        try store.write(ctx, action: .access) { _ in ((), "session sign-in role=\(account.user.role.rawValue)") }
        return .success((token, session))
    }

    func sessionCookie(_ token: String) -> Cookie {
        Cookie(name: Self.cookie, value: token, maxAge: Int(sessions.idle), path: "/", secure: secureCookies, httpOnly: true, sameSite: .strict)
    }

    var clearedCookie: Cookie { Cookie(name: Self.cookie, value: "", maxAge: 0, path: "/", secure: secureCookies, httpOnly: true, sameSite: .strict) }

    func endSession(_ token: String, _ session: WorkspaceSession) throws {
        sessions.end(token)
        try store.write(try session.context(), action: .access) { _ in ((), "session sign-out") }
    }

    struct Encoded: Encodable {
        let user: String, role: String, forums: [String], labels: String, csrf: String
    }

    func signOut(_ request: Request) async throws -> Response {
        let token: String, session: WorkspaceSession
        do {
            (token, session) = try authenticated(request)
            try checkCSRF(request, session)
        } catch let r as Refusal {
            return Self.error(r.status, r.message)
        }
        try endSession(token, session)
        var response = Response(status: .noContent)
        response.setCookie(clearedCookie)
        return response
    }

    /// The session a request belongs to, or 401.
    func authenticated(_ request: Request) throws -> (String, WorkspaceSession) {
        guard let token = request.cookies[Self.cookie]?.value, !token.isEmpty, let s = sessions.session(token) else {
            throw Refusal(status: .unauthorized, message: "sign in first: POST /api/v1/session")
        }
        return (token, s)
    }

    /// Every change carries the session's CSRF token in `X-CSRF-Token`, or is refused (403).
    func checkCSRF(_ request: Request, _ session: WorkspaceSession) throws {
        guard let sent = request.headers[HTTPField.Name("X-CSRF-Token")!], sent == session.csrf else {
            throw Refusal(status: .forbidden, message: "this change needs the session's CSRF token in X-CSRF-Token")
        }
    }

    // MARK: questions

    func answer(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        do {
            let (_, session) = try authenticated(request)
            let name = context.parameters.get("question") ?? ""
            let params = Params(request.uri.queryParameters)
            let data = try await offload { try self.ask(name, params, session: session, scope: try self.cache.scope(session)) }
            var response = Response(status: .ok, body: .init(byteBuffer: ByteBuffer(bytes: data)))
            response.headers[.contentType] = "application/json; charset=utf-8"
            return response
        } catch let r as Refusal {
            return Self.error(r.status, r.message)
        }
    }

    /// Asks one question as `session`; the answer's JSON at the session's label level.
    func ask(_ name: String, _ p: Params, session: WorkspaceSession, scope: WorkspaceScope) throws -> Data {
        var s = Session(store: store, context: try session.context())
        s.labels = session.labels
        s.cache = answers
        let redactor = session.labels == .names ? nil : try cache.redactor()
        let handles = try cache.handles()
        // Ids or the handles the pages use.
        func id(_ key: String) throws -> String {
            let v = try p.required(key)
            return handles.id(v) ?? v
        }
        func run<Q: Question>(_ q: Q, shown: (Q.Answer) -> some Encodable) throws -> Data {
            do {
                let a = try s.ask(q)
                var text = String(decoding: try AnswerJSON.encode(q, results: shown(a)), as: UTF8.self)
                if let redactor { text = redactor.redact(text) }
                // < > & only ever occur inside JSON strings: escaped, no browser takes a name for markup.
                text = text.replacingOccurrences(of: "&", with: "\\u0026").replacingOccurrences(of: "<", with: "\\u003c")
                    .replacingOccurrences(of: ">", with: "\\u003e")
                return Data(text.utf8)
            } catch let e as BadRequest {
                throw Refusal(status: .badRequest, message: e.message)
            } catch let e as StoreError {
                if case .unknownEntity = e { throw Refusal(status: .notFound, message: "no such record in your scope") }
                throw Refusal(status: .badRequest, message: e.description)
            }
        }
        try scope.allow(question: name)
        switch name {
        case "stats":
            return try run(StatsQuestion()) { $0 }
        case "search":
            let q = SearchQuestion(text: try p.required("text"), limit: try p.int("top") ?? 50)
            return try run(q) { matches in matches.filter { scope.includes($0.id) } }
        case "show":
            let id = try id("id")
            try refuseOutside(scope, [id], question: "show", params: "id=\(id)", session: session)
            return try run(ShowQuestion(id: id)) { [$0] }
        case "path":
            let a = try id("a"), b = try id("b")
            try refuseOutside(scope, [a, b], question: "path", params: "from=\(a) to=\(b)", session: session)
            return try run(PathQuestion(from: a, to: b, limit: try p.int("limit") ?? 5)) { $0 }
        case "top":
            var q = TopQuestion(n: try p.int("n") ?? 8)
            if let m = p["period"] {
                guard let month = Month(parsing: m) else { throw Refusal(status: .badRequest, message: "period is a month, like 2026-10") }
                q.period = month
            }
            if let c = p["cohort"] {
                guard let cohort = Cohort(rawValue: c) else { throw Refusal(status: .badRequest, message: "cohort is all, csc or not-csc") }
                q.cohort = cohort
            }
            q.forum = try forum(p["forum"], scope, question: name, session: session)
            return try run(q) { $0 }
        case "meeting":
            let f = try forum(p["forum"], scope, question: name, session: session) ?? p.required("forum")
            return try run(MeetingQuestion(forum: f, meeting: p["meeting"])) { $0 }
        case "actions":
            var filter = ActionFilter(meeting: p["meeting"], owner: p["owner"])
            filter.forum = try forum(p["forum"], scope, question: name, session: session)
            if let st = p["state"] {
                guard let state = ActionState(rawValue: st) else { throw Refusal(status: .badRequest, message: "state is open, done or overdue") }
                filter.states = [state]
            }
            if scope.role == .panel, let m = filter.meeting {
                // A sitting of another forum is as unknown as a child outside the scope.
                let ok = try store.readForRelabelling { r in try r.casework().meetings.contains { $0.id == m && scope.attends($0.forum) } }
                if !ok {
                    try store.write(try session.context(), action: .consultation) { _ in
                        ((), "actions meeting=\(m.prefix(40)); refused: outside the scope of panel \(session.user.forums.joined(separator: ","))")
                    }
                    throw Refusal(status: .notFound, message: "no such sitting in your scope")
                }
                filter.forum = nil
            }
            let q = ActionsQuestion(filter: filter, asOf: try p.end("as_of"))
            // An analyst's answer is the CLI's, notes and all; a panel's holds only its subjects.
            if scope.subjects == nil { return try run(q) { $0 } }
            return try run(q) { a in a.actions.filter { scope.includes($0.subject) } }
        case "colocate":
            var q = ColocateQuestion()
            if let pair = p["pair"] {
                guard let spec = PairSpec(parsing: pair) else {
                    throw Refusal(status: .badRequest, message: "pair is two VOLT types, like victim,offender")
                }
                q.pair = spec
            }
            if let w = p["window"] {
                guard let span = Span(parsing: w), span.seconds > 0 else { throw Refusal(status: .badRequest, message: "window is a duration, like 30m or 2h") }
                q.within = span
            }
            q.window = TimeWindow(from: try p.time("from"), to: try p.time("to"))
            if let n = try p.int("top") { q.top = n }
            return try run(q) { $0 }
        case "referrals":
            var q = ReferralsQuestion(window: TimeWindow(from: try p.time("from"), to: try p.time("to")))
            if let by = p["by"] {
                guard let g = ReferralGrouping(rawValue: by) else { throw Refusal(status: .badRequest, message: "by is month, week, agency, theme or context") }
                q.grouping = g
            }
            if session.user.role == .strategic { q.audience = .strategic }
            return try run(q) { $0 }
        default:
            throw Refusal(status: .notFound, message: "no question '\(name.prefix(40))' (questions: \(WorkspaceScope.questions.joined(separator: ", ")))")
        }
    }

    /// The forum a panel member asks about: one of theirs (their only one when not given);
    /// anyone else's is 404. An analyst's is as given.
    func forum(_ given: String?, _ scope: WorkspaceScope, question: String, session: WorkspaceSession) throws -> String? {
        guard scope.role == .panel else { return given?.lowercased() }
        guard let f = given?.lowercased() ?? (scope.forums.count == 1 ? scope.forums[0] : nil) else {
            throw Refusal(status: .badRequest, message: "give forum=... (yours: \(scope.forums.joined(separator: ", ")))")
        }
        guard scope.attends(f) else {
            try store.write(try session.context(), action: .consultation) { _ in
                ((), "\(question) forum=\(f.prefix(40)); refused: outside the scope of panel \(session.user.forums.joined(separator: ","))")
            }
            throw Refusal(status: .notFound, message: "no such forum in your scope")
        }
        return f
    }

    /// Refuses, as 404, a record outside the session's scope, and logs the attempt.
    func refuseOutside(_ scope: WorkspaceScope, _ ids: [String], question: String, params: String, session: WorkspaceSession) throws {
        guard ids.contains(where: { !scope.includes($0) }) else { return }
        try store.write(try session.context(), action: .consultation) { _ in
            ((), "\(question) \(params); refused: outside the scope of \(session.user.role.rawValue) \(session.user.forums.joined(separator: ","))")
        }
        throw Refusal(status: .notFound, message: "no such record in your scope")
    }

    // MARK: helpers

    func log(_ action: AuditAction, actor: String, _ summary: String) throws {
        let ctx = try AuditContext(actor: actor.isEmpty ? "(no name)" : "\(actor) (workspace)", purpose: "workspace sign-in attempt")
        try store.write(ctx, action: action) { _ in ((), summary) }
    }

    static func json(_ value: some Encodable) throws -> Response {
        let enc = JSONEncoder()
        enc.outputFormatting = [.sortedKeys]
        var r = Response(status: .ok, body: .init(byteBuffer: ByteBuffer(bytes: try enc.encode(value))))
        r.headers[.contentType] = "application/json; charset=utf-8"
        return r
    }

    static func error(_ status: HTTPResponse.Status, _ message: String) -> Response {
        let data = (try? JSONEncoder().encode(["error": message])) ?? Data()
        var r = Response(status: status, body: .init(byteBuffer: ByteBuffer(bytes: data)))
        r.headers[.contentType] = "application/json; charset=utf-8"
        return r
    }
}

/// Runs blocking work (SQLite, bcrypt, the analysis) off the server's event loops.
func offload<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { c in
        DispatchQueue.global().async { c.resume(with: Result { try body() }) }
    }
}

func offload<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
    await withCheckedContinuation { c in DispatchQueue.global().async { c.resume(returning: body()) } }
}

/// A request's query parameters, typed, with the sentence a bad one gets.
struct Params: Sendable {
    let values: [String: String]

    init(_ q: Hummingbird.Parameters) {
        var v: [String: String] = [:]
        for (k, value) in q { v[String(k)] = String(value) }
        values = v
    }

    init(_ values: [String: String]) { self.values = values }

    subscript(_ key: String) -> String? { values[key].flatMap { $0.isEmpty ? nil : $0 } }

    func required(_ key: String) throws -> String {
        guard let v = self[key] else { throw Refusal(status: .badRequest, message: "give \(key)=...") }
        return v
    }

    func int(_ key: String) throws -> Int? {
        guard let v = self[key] else { return nil }
        guard let n = Int(v), n >= 0 else { throw Refusal(status: .badRequest, message: "\(key) is a whole number") }
        return n
    }

    /// A date's last second (as the CLI's --as-of reads it), or a moment as given.
    func end(_ key: String) throws -> Timestamp? {
        guard let v = self[key] else { return nil }
        guard let t = Timestamp(iso8601End: v) else { throw Refusal(status: .badRequest, message: "\(key) is a date like 2026-10-31") }
        return t
    }

    func time(_ key: String) throws -> Timestamp? {
        guard let v = self[key] else { return nil }
        guard let t = Timestamp(iso8601: v) else { throw Refusal(status: .badRequest, message: "\(key) is a date like 2026-10-01") }
        return t
    }
}
