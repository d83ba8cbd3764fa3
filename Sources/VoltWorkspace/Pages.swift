import Foundation
import HTTPTypes
import Hummingbird
import VoltCasework
import VoltModel
import VoltPrivacy
import VoltQuestions
import VoltStore

/// Everything a page handler has: who is asking, what they may see, and the questions.
struct PageContext {
    let session: WorkspaceSession
    let scope: WorkspaceScope
    let handles: Handles
    let questions: Session
    let api: WorkspaceAPI

    /// Asks a question as this session (one consultation in the audit log).
    func ask<Q: Question>(_ q: Q) throws -> Q.Answer { try questions.ask(q) }

    /// The link to a subject's page, or plain text when it is outside the scope.
    func link(_ id: String, _ text: String) -> HTML {
        scope.includes(id) ? "<a href=\"/child/\(handles.handle(id))\">\(text)</a>" : "\(text)"
    }

    /// The view options of this session's maps: its label level, classes for the page's filters.
    var view: ViewOptions {
        var v = ViewOptions(level: session.labels, format: .svg)
        v.interactive = true
        v.maximumNodes = 500
        return v
    }

    var isChair: Bool { session.user.role == .analyst || session.user.role == .panel }
}

/// The pages (docs/workspace.md): rendered on the server from the same questions as the CLI,
/// each question asked is one consultation with the user, role and purpose; pages for panel
/// and strategic users are rewritten at the initials level before they leave.
struct WorkspacePages: Sendable {
    let api: WorkspaceAPI

    func add(to router: Router<BasicRequestContext>) {
        router.get("/assets/volt.css") { _, _ in Self.asset(Assets.css, type: "text/css; charset=utf-8") }
        router.get("/assets/volt.js") { _, _ in Self.asset(Assets.script, type: "text/javascript; charset=utf-8") }
        router.get("/signin") { request, _ in Self.signInPage(error: nil, user: request.uri.queryParameters["user"].map(String.init)) }
        router.post("/signin") { request, context in try await self.signIn(request, context) }
        router.post("/signout") { request, context in try await self.signOut(request, context) }
        router.get("/") { request, _ in try await self.page(request, nav: "home") { c in try self.home(c) } }
        router.get("/search") { request, _ in try await self.page(request, nav: "") { c in try self.search(c, Params(request.uri.queryParameters)) } }
        router.get("/meeting/:forum") { request, context in
            let forum = context.parameters.get("forum") ?? ""
            return try await self.page(request, nav: "home") { c in try self.meeting(c, forum: forum, Params(request.uri.queryParameters)) }
        }
        router.post("/meeting/:forum/open") { request, context in
            try await self.change(request, context) { c, form in
                let forum = context.parameters.get("forum") ?? ""
                guard c.scope.attends(forum) else { throw Refusal(status: .notFound, message: "no such forum in your scope") }
                let r = try c.questions.apply(OpenSittingChange(forum: forum, date: .now, chair: c.session.user.name))
                return "/meeting/\(HTML.component(forum))?sitting=\(HTML.component(r.id))"
            }
        }
        router.post("/meeting/:forum/action") { request, context in
            try await self.change(request, context) { c, form in
                let forum = context.parameters.get("forum") ?? ""
                guard c.scope.attends(forum) else { throw Refusal(status: .notFound, message: "no such forum in your scope") }
                let subject = c.handles.id(form["subject"] ?? "") ?? ""
                guard c.scope.includes(subject) else { throw Refusal(status: .notFound, message: "no such record in your scope") }
                let sitting = form["sitting"] ?? ""
                let due = try form["due"].map { d in
                    guard let t = Timestamp(iso8601: d) else { throw Refusal(status: .badRequest, message: "the due date is a date like 2026-12-15") }
                    return t
                }
                _ = try c.questions.apply(RecordActionChange(meeting: sitting, subject: subject, owner: form["owner"] ?? "",
                                                             description: form["description"] ?? "", due: due, decision: form["decision"]))
                return "/meeting/\(HTML.component(forum))?sitting=\(HTML.component(sitting))#agreed"
            }
        }
        router.post("/action/:id/done") { request, context in
            try await self.change(request, context) { c, form in
                let id = context.parameters.get("id") ?? ""
                let rows = try c.ask(ActionsQuestion(filter: ActionFilter())).actions
                guard let row = rows.first(where: { $0.id == id }), c.scope.includes(row.subject), row.forum.map(c.scope.attends) ?? false else {
                    throw Refusal(status: .notFound, message: "no such action in your scope")
                }
                _ = try c.questions.apply(CloseActionChange(id: id, closed: .now))
                return form["back"].flatMap { $0.hasPrefix("/") && !$0.hasPrefix("//") ? $0 : nil } ?? "/"
            }
        }
        router.get("/child/:handle") { request, context in
            let key = context.parameters.get("handle") ?? ""
            return try await self.page(request, nav: "") { c in try self.child(c, key: key, Params(request.uri.queryParameters)) }
        }
        router.get("/group/:id") { request, context in
            let key = context.parameters.get("id") ?? ""
            return try await self.page(request, nav: "") { c in try self.group(c, key: key) }
        }
        router.get("/network") { request, _ in try await self.page(request, nav: "network") { c in try self.network(c, Params(request.uri.queryParameters)) } }
        router.get("/places") { request, _ in try await self.page(request, nav: "places") { c in try self.places(c, Params(request.uri.queryParameters)) } }
    }

    // MARK: the frame

    static func asset(_ text: String, type: String) -> Response {
        var r = Response(status: .ok, body: .init(byteBuffer: ByteBuffer(string: text)))
        r.headers[.contentType] = type
        return r
    }

    static func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        var r = Response(status: status, body: .init(byteBuffer: ByteBuffer(string: text)))
        r.headers[.contentType] = "text/html; charset=utf-8"
        return r
    }

    static func redirect(_ to: String) -> Response {
        var r = Response(status: .seeOther)
        r.headers[.location] = to
        return r
    }

    /// The signed-in session of a request, or nil (the caller sends the sign-in page).
    func session(_ request: Request) -> WorkspaceSession? { (try? api.authenticated(request))?.1 }

    /// What a page handler needs (reads the store: call it off the event loops).
    func context(_ session: WorkspaceSession) throws -> PageContext {
        var q = Session(store: api.store, context: try session.context())
        q.labels = session.labels
        q.cache = api.answers
        return PageContext(session: session, scope: try api.cache.scope(session), handles: try api.cache.handles(), questions: q, api: api)
    }

    /// A page: signed in or sent to sign in; refused as the API refuses (404 outside the scope);
    /// below the names level, the whole page rewritten by the redactor before it leaves.
    func page(_ request: Request, nav: String, _ body: @escaping @Sendable (PageContext) throws -> (String, HTML)) async throws -> Response {
        guard let session = session(request) else { return Self.redirect("/signin") }
        let (text, status): (String, HTTPResponse.Status) = try await offload {
            let layout = Layout(session: session)
            let (text, status): (String, HTTPResponse.Status)
            do {
                let c = try self.context(session)
                let (title, html) = try body(c)
                (text, status) = (layout.page(title, nav: nav, html), .ok)
            } catch let r as Refusal {
                (text, status) = (layout.page("Not shown", nav: nav, "<h1>Not shown</h1><p class=\"refusal\">\(r.message)</p>"), r.status)
            } catch let e as BadRequest {
                (text, status) = (layout.page("Not shown", nav: nav, "<h1>Not shown</h1><p class=\"refusal\">\(e.message)</p>"), .badRequest)
            } catch let e as StoreError {
                guard case .unknownEntity = e else { throw e }
                (text, status) = (layout.page("Not shown", nav: nav, "<h1>Not shown</h1><p class=\"refusal\">No such record in your scope.</p>"), .notFound)
            }
            guard session.labels != .names else { return (text, status) }
            return (try self.api.cache.redact(text), status)
        }
        return Self.html(text, status: status)
    }

    /// A form that changes something: signed in, with the session's CSRF token (403 without),
    /// applied and logged as a change, then back to the page it came from.
    func change(_ request: Request, _ context: BasicRequestContext,
                _ body: @escaping @Sendable (PageContext, Params) throws -> String) async throws -> Response {
        guard let session = session(request) else { return Self.redirect("/signin") }
        let form = try await Self.form(request)
        guard form["csrf"] == session.csrf else {
            return Self.html(Layout(session: session).page("Refused", nav: "", "<h1>Refused</h1><p class=\"refusal\">This form was not sent from a page of this session (its CSRF token is missing or wrong). Open the page again and resend.</p>"), status: .forbidden)
        }
        do {
            let to = try await offload { try body(try self.context(session), form) }
            return Self.redirect(to)
        } catch let r as Refusal {
            return Self.html(Layout(session: session).page("Not done", nav: "", "<h1>Not done</h1><p class=\"refusal\">\(r.message)</p>"), status: r.status)
        } catch let e as BadRequest {
            return Self.html(Layout(session: session).page("Not done", nav: "", "<h1>Not done</h1><p class=\"refusal\">\(e.message)</p>"), status: .badRequest)
        }
    }

    /// A form body (`application/x-www-form-urlencoded`, at most 64 KB).
    static func form(_ request: Request) async throws -> Params {
        let buffer = try await request.body.collect(upTo: 64 * 1024)
        var c = URLComponents()
        c.percentEncodedQuery = String(buffer: buffer).replacingOccurrences(of: "+", with: "%20")
        var v: [String: String] = [:]
        for item in c.queryItems ?? [] { v[item.name] = item.value ?? "" }
        return Params(v)
    }

    // MARK: signing in

    static func signInPage(error: String?, user: String?, status: HTTPResponse.Status = .ok) -> Response {
        let e: HTML = error.map { "<p class=\"refusal\" role=\"alert\">\($0)</p>" } ?? ""
        let page: HTML = """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>Sign in · volt</title><link rel="stylesheet" href="/assets/volt.css"></head>
            <body class="signin"><main><h1>volt workspace</h1>
            <p>Records about children at risk. Sign in with your own account and say why you are looking: every page you open is recorded with your name and purpose.</p>
            \(e)
            <form method="post" action="/signin">
            <label>User <input name="user" autocomplete="username" required value="\(user ?? "")"></label>
            <label>Password <input name="password" type="password" autocomplete="current-password" required></label>
            <label>Purpose <input name="purpose" required minlength="8" placeholder="e.g. EFH tactical panel, December sitting"></label>
            <button>Sign in</button>
            </form></main></body></html>
            """
        return html(page.markup, status: status)
    }

    func signIn(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let form = try await Self.form(request)
        let user = form["user"] ?? ""
        switch try await api.startSession(user: user, password: form["password"] ?? "", purpose: form["purpose"] ?? "") {
        case .failure(let r):
            return Self.signInPage(error: r.message, user: user, status: r.status)
        case .success(let (token, _)):
            var r = Self.redirect("/")
            r.setCookie(api.sessionCookie(token))
            return r
        }
    }

    func signOut(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        guard let (token, session) = try? api.authenticated(request) else { return Self.redirect("/signin") }
        let form = try await Self.form(request)
        guard form["csrf"] == session.csrf else { return Self.html("refused: the sign-out form's CSRF token is missing or wrong", status: .forbidden) }
        try api.endSession(token, session)
        var r = Self.redirect("/signin")
        r.setCookie(api.clearedCookie)
        return r
    }
}
