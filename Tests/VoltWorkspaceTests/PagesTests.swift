import Foundation
import HTTPTypes
import Hummingbird
import Testing
import VoltPrivacy
import VoltQuestions
import VoltStore
import VoltTestSupport
import VoltWorkspace

/// The pages in process: signing in by form, the scope and the log on pages, forms that need
/// the CSRF token, an action recorded in a meeting, and escaping. (The pages in a real
/// browser are Tests/Browser/workspace_test.py.)
extension APITests {
    /// The handle the pages use for `id` (the store-keyed `H-` pseudonym).
    func handle(_ id: String) throws -> String {
        try Self.store.readForRelabelling { r in Labeller(level: .pseudonyms, key: try r.pseudonymKey()).pseudonym(id, prefix: "H") }
    }

    func page(_ client: RouterClient, _ uri: String, _ s: Signed?) async throws -> (HTTPResponse.Status, String, String?) {
        var headers: HTTPFields = [:]
        if let s { headers[.cookie] = s.cookie }
        return try await client.execute(uri: uri, method: .get, headers: headers) { r in (r.status, String(buffer: r.body), r.headers[.location]) }
    }

    func post(_ client: RouterClient, _ uri: String, _ s: Signed?, _ form: [(String, String)]) async throws -> (HTTPResponse.Status, String, String?) {
        var headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
        if let s { headers[.cookie] = s.cookie }
        let body = form.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }.joined(separator: "&")
        return try await client.execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: body)) { r in
            (r.status, String(buffer: r.body), r.headers[.location])
        }
    }

    @Test func pagesNeedASignInAndTheFormSignsIn() async throws {
        try await app().test { client in
            let (status, _, to) = try await page(client, "/meeting/efh_tactical", nil)
            #expect(status == .seeOther && to == "/signin")
            let (bad, body, _) = try await post(client, "/signin", nil, [("user", "ann.analyst"), ("password", "wrong"), ("purpose", "EFH panel: December")])
            #expect(bad == .unauthorized && body.contains("the user name or password is wrong"))
            try await client.execute(uri: "/signin", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                                     body: ByteBuffer(string: "user=ann.analyst&password=correct+horse+battery+staple&purpose=EFH+panel%3A+December")) { r in
                #expect(r.status == .seeOther && r.headers[.location] == "/")
                #expect(r.headers[.setCookie]?.contains("HttpOnly") == true)
            }
        }
    }

    @Test func aPanelMembersPagesStayInScopeAndRefusalsAreLogged() async throws {
        try await app().test { client in
            let (_, s) = try await signIn(client, "pat.panel")
            let (ok, meeting, _) = try await page(client, "/meeting/efh_tactical", s)
            #expect(ok == .ok && meeting.contains("Top 8 not open to children&#39;s social care"), "\(meeting.prefix(300))")
            #expect(try await page(client, "/meeting/mace", s).0 == .notFound)
            let (inScope, child, _) = try await page(client, "/child/\(try handle("Y012"))", s)
            #expect(inScope == .ok && child.contains("<svg class=\"timeline\""), "\(child.prefix(300))")
            // Y009 is not referred to efh_tactical: its page is as unknown as a made-up one, by handle or by id.
            for key in [try handle("Y009"), "Y009", "H-NOSUCHHANDL"] {
                let (status, body, _) = try await page(client, "/child/\(key)", s)
                #expect(status == .notFound && body.lowercased().contains("no such record in your scope"), "\(key)")
                let e = try lastEntries(1)[0]
                #expect(e.summary.hasPrefix("page child") && e.summary.contains("refused: outside the scope of panel efh_tactical")
                        && e.actor == "pat.panel (workspace panel)", "\(e.summary)")
            }
            // At initials: no sample name anywhere on the meeting or child page.
            let names = try String(contentsOfFile: TestSupport.packageRoot.appendingPathComponent("examples/wexbury/entities.csv").path, encoding: .utf8)
                .split(separator: "\n").dropFirst().compactMap { line -> String? in
                    let f = line.split(separator: ",", omittingEmptySubsequences: false)
                    return f.count > 2 && ["victim", "offender", "person", "victim+offender"].contains(String(f[1])) ? String(f[2]) : nil
                }
            for n in names { #expect(!meeting.contains(n) && !child.contains(n), "\(n) shown to a panel member") }
        }
    }

    @Test func aChairRecordsAnActionWithTheCSRFTokenAndItIsLogged() async throws {
        try await app().test { client in
            let (_, signed) = try await signIn(client, "pat.panel")
            let s = try #require(signed)
            let (refused, _, _) = try await post(client, "/meeting/efh_tactical/open", s, [])
            #expect(refused == .forbidden, "a form without the session's token is refused")
            let (opened, _, to) = try await post(client, "/meeting/efh_tactical/open", s, [("csrf", s.csrf)])
            #expect(opened == .seeOther)
            let sitting = try #require(to.flatMap { URLComponents(string: $0)?.queryItems?.first { $0.name == "sitting" }?.value })
            #expect(sitting.hasPrefix("EFH_TACTICAL-"))
            // Seen once before the action, so the sitting's answers are kept: the change must show through.
            let (_, before, _) = try await page(client, "/meeting/efh_tactical?sitting=\(sitting)", s)
            #expect(!before.contains("visit the family this week"))
            let (noToken, _, _) = try await post(client, "/meeting/efh_tactical/action", s,
                                                 [("sitting", sitting), ("subject", try handle("Y012")), ("owner", "police"), ("description", "x")])
            #expect(noToken == .forbidden)
            // Outside the scope: refused as unknown.
            let (outside, _, _) = try await post(client, "/meeting/efh_tactical/action", s,
                                                 [("csrf", s.csrf), ("sitting", sitting), ("subject", try handle("Y009")), ("owner", "police"), ("description", "visit")])
            #expect(outside == .notFound)
            let (done, _, _) = try await post(client, "/meeting/efh_tactical/action", s,
                                              [("csrf", s.csrf), ("sitting", sitting), ("subject", try handle("Y012")), ("owner", "police"),
                                               ("description", "visit the family this week"), ("due", "2026-12-20"), ("decision", "escalate_mace")])
            #expect(done == .seeOther)
            let e = try lastEntries(1)[0]
            #expect(e.action == "alteration" && e.summary.hasPrefix("action record") && e.summary.contains("subject=Y012")
                    && e.actor == "pat.panel (workspace panel)" && !e.summary.contains("visit the family"), "\(e.summary)")
            let action = try Self.store.readForRelabelling { r in try r.casework().actions.first { $0.meeting == sitting } }
            #expect(action?.subject == "Y012" && action?.owner == "police" && action?.description == "visit the family this week" && action?.due?.day == "2026-12-20")
            // It is on the sitting's page, and closing it is a logged change too.
            let (_, page, _) = try await page(client, "/meeting/efh_tactical?sitting=\(sitting)", s)
            #expect(page.contains("visit the family this week"))
            let id = try #require(action?.id)
            let (closed, _, _) = try await post(client, "/action/\(id)/done", s, [("csrf", s.csrf)])
            #expect(closed == .seeOther)
            #expect(try Self.store.readForRelabelling { r in try r.casework().actions.first { $0.id == id }?.closed } != nil)
            let closing = try lastEntries(1)[0].summary
            #expect(closing.hasPrefix("action close") && closing.contains("id=\(id)"), "\(closing)")
        }
    }

    @Test func aNameThatIsMarkupIsEscapedOnEveryPage() async throws {
        try await app().test { client in
            let (_, s) = try await signIn(client, "ann.analyst")
            for uri in ["/child/\(try handle("V-XSS"))", "/child/\(try handle("Y012"))", "/search?q=alert"] {
                let (status, body, _) = try await page(client, uri, s)
                #expect(status == .ok, "\(uri)")
                #expect(!body.contains("<script>alert") && body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "\(uri)")
            }
        }
    }
}

/// The answers the workspace keeps: found again while the records are unchanged, made afresh
/// after any change, and every ask logged either way.
@Suite struct AnswerCacheTests {
    @Test func aKeptAnswerIsUsedUntilTheRecordsChangeAndEveryAskIsLogged() throws {
        let area = TestSupport.exampleStore("answer-cache", purpose: "answer cache test")
        let store = try Store.open(at: area.env["VOLT_DB"]!)
        var session = Session(store: store, context: TestSupport.context)
        session.cache = AnswerCache()
        let before = try store.auditEntries().count
        let first = try session.ask(ShowQuestion(id: "Y012"))
        let second = try session.ask(ShowQuestion(id: "Y012"))
        #expect(session.cache!.counts == (hits: 1, misses: 1))
        #expect(first.profile?.links.count == second.profile?.links.count)
        #expect(try store.auditEntries().count == before + 2, "a kept answer is still a consultation in the log")
        // A new link for Y012: the next ask reads it.
        let dir = TestSupport.temporaryDirectory("answer-cache-change")
        let l = TestSupport.write("from,to,type,start,source\nY012,O001,associate,2026-10-30,police\n", to: "l.csv", in: dir)
        _ = try TestSupport.volt(["import", l], environment: area.env)
        let third = try session.ask(ShowQuestion(id: "Y012"))
        #expect(session.cache!.counts.misses == 2)
        #expect(third.profile!.links.count == first.profile!.links.count + 1)
        // Another label level is another answer.
        session.labels = .initials
        _ = try session.ask(ShowQuestion(id: "Y012"))
        #expect(session.cache!.counts.misses == 3)
    }
}

extension APITests {
    /// A child judged to be two agencies' records: the page lists each record with its agency
    /// (and, at the names level, the name and date of birth as that agency holds them); after
    /// the judgement is undone the page shows one record again.
    @Test func aChildsPageListsTheRecordsJudgedToBeThem() async throws {
        _ = try TestSupport.volt(["match", "accept", "AR001", "Y006"], environment: Self.area.env)
        defer { _ = try? TestSupport.volt(["match", "undo", "AR001", "Y006"], environment: Self.area.env) }
        try await app().test { client in
            let (_, s) = try await signIn(client, "ann.analyst", purpose: "EFH panel: records of Y006")
            let (ok, body, _) = try await page(client, "/child/\(try handle("Y006"))", s)
            #expect(ok == .ok)
            #expect(body.contains("One child in 2 records"), "\(body.prefix(400))")
            for text in ["<td>AR001</td><td>social_care</td><td>A. Rookwell</td><td>2010-09-16</td>", "<td>Y006</td><td>police</td><td>Amara Rookwell</td>"] {
                #expect(body.contains(text), "\(text)")
            }
            _ = try TestSupport.volt(["match", "undo", "AR001", "Y006"], environment: Self.area.env)
            let (_, after, _) = try await page(client, "/child/\(try handle("Y006"))", s)
            #expect(!after.contains("records</h2>") && !after.contains("AR001"))
        }
    }
}
