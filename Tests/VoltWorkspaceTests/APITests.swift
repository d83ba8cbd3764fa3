import Foundation
import HTTPTypes
import Hummingbird
import Testing
import VoltQuestions
import VoltStore
import VoltTestSupport
import VoltWorkspace

/// The workspace's JSON API in process: who may sign in, what each role sees, what is refused
/// and how, and that every call is in the audit log with the user, role and purpose.
@Suite(.serialized) struct APITests {
    static let area = TestSupport.exampleStore("workspace-api", purpose: "workspace tests")
    static let password = "correct horse battery staple"

    /// The sample store with one account per role (bcrypt at cost 4: the tests sign in often).
    static let store: Store = {
        // A name that is markup, linked to Y012, so Y012's answers carry it.
        let dir = TestSupport.temporaryDirectory("workspace-markup")
        let e = TestSupport.write("id,type,name\nV-XSS,victim,<script>alert(1)</script> & co\n", to: "e.csv", in: dir)
        let l = TestSupport.write("from,to,type,start,source\nV-XSS,Y012,associate,2026-10-02,police\n", to: "l.csv", in: dir)
        _ = try! TestSupport.volt(["import", e, l], environment: area.env)
        let s = try! Store.open(at: area.env["VOLT_DB"]!)
        let hash = Workspace.hashPassword(password, cost: 4)
        for (name, role, forums) in [("ann.analyst", WorkspaceRole.analyst, [String]()), ("pat.panel", .panel, ["efh_tactical"]),
                                     ("sam.strategic", .strategic, []), ("ada.admin", .admin, []), ("gone.user", .analyst, [])] {
            try! s.addUser(TestSupport.context, name: name, role: role, forums: forums, passwordHash: hash)
        }
        try! s.disableUser(TestSupport.context, name: "gone.user")
        return s
    }()

    func app(_ throttle: SignInThrottle = SignInThrottle()) -> RouterClient {
        RouterClient(Workspace.router(WorkspaceAPI(store: Self.store, throttle: throttle)))
    }

    struct Signed { let cookie: String, csrf: String }

    func signIn(_ client: RouterClient, _ user: String, password: String = Self.password,
                purpose: String = "EFH panel: November meeting") async throws -> (HTTPResponse.Status, Signed?) {
        let body = try JSONEncoder().encode(["user": user, "password": password, "purpose": purpose])
        return try await client.execute(uri: "/api/v1/session", method: .post, headers: [.contentType: "application/json"],
                                        body: ByteBuffer(bytes: body)) { r in
            guard r.status == .ok, let cookie = r.headers[.setCookie]?.split(separator: ";").first else { return (r.status, nil) }
            let json = try JSONSerialization.jsonObject(with: Data(buffer: r.body)) as? [String: Any]
            return (r.status, Signed(cookie: String(cookie), csrf: json?["csrf"] as? String ?? ""))
        }
    }

    func get(_ client: RouterClient, _ uri: String, _ s: Signed?) async throws -> (HTTPResponse.Status, String) {
        var headers: HTTPFields = [:]
        if let s { headers[.cookie] = s.cookie }
        return try await client.execute(uri: uri, method: .get, headers: headers) { r in (r.status, String(buffer: r.body)) }
    }

    /// JSON text in one form (keys sorted, escapes undone), to compare values.
    static func canonical(_ text: String) throws -> String {
        let object = try JSONSerialization.jsonObject(with: Data(text.utf8))
        return String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
    }

    func lastEntries(_ n: Int) throws -> [AuditEntry] { try Self.store.auditEntries(last: n) }

    @Test func withoutASessionEveryQuestionIs401() async throws {
        try await app().test { client in
            for q in ["stats", "show?id=Y012", "top", "search?text=a"] {
                let (status, body) = try await get(client, "/api/v1/" + q, nil)
                #expect(status == .unauthorized, "\(q)")
                #expect(body.contains("sign in first"))
            }
        }
    }

    @Test func signInChecksThePasswordThePurposeAndTheAccount() async throws {
        try await app().test { client in
            #expect(try await signIn(client, "ann.analyst", password: "wrong password!").0 == .unauthorized)
            let failed = try lastEntries(1)[0]
            #expect(failed.summary == "session sign-in failed" && failed.action == "access")
            #expect(try await signIn(client, "nobody.at.all").0 == .unauthorized)
            #expect(try await signIn(client, "gone.user").0 == .unauthorized, "a disabled account cannot sign in")
            #expect(try await signIn(client, "ann.analyst", purpose: "x").0 == .badRequest, "a purpose in words is required")
            let (ok, s) = try await signIn(client, "ann.analyst")
            #expect(ok == .ok && s != nil)
            let e = try lastEntries(1)[0]
            #expect(e.action == "access" && e.actor == "ann.analyst (workspace analyst)" && e.purpose == "EFH panel: November meeting")
        }
    }

    @Test func repeatedFailuresAreThrottledEvenWithTheRightPassword() async throws {
        try await app(SignInThrottle(limit: 3, window: 60)).test { client in
            for _ in 0..<3 {
                let status = try await signIn(client, "pat.panel", password: "guess guess guess").0
                #expect(status == .unauthorized)
            }
            let status = try await signIn(client, "pat.panel").0
            #expect(status == .tooManyRequests)
            let entry = try lastEntries(1)[0]
            #expect(entry.summary.contains("too many failed sign-ins"))
        }
    }

    /// The API answers with the CLI's JSON for the same question (compared as values: the API
    /// also escapes < > & so no browser can take a name for markup).
    @Test(arguments: [("show?id=Y012", ["show", "Y012"]), ("stats", ["stats"]), ("search?text=Y01", ["search", "Y01"]),
                      ("top?n=5&period=2026-10", ["top", "--n", "5", "--period", "2026-10"]),
                      ("path?a=Y012&b=O001", ["path", "Y012", "O001"]), ("referrals?by=agency", ["referrals", "--by", "agency"]),
                      ("colocate?pair=victim,offender&window=2h", ["colocate", "--pair", "victim,offender", "--window", "2h"]),
                      ("top?n=5&period=2026-10&forum=efh_tactical", ["top", "--n", "5", "--period", "2026-10", "--forum", "efh_tactical"]),
                      ("meeting?forum=efh_tactical", ["meeting", "efh_tactical"]),
                      ("actions?forum=efh_tactical&as_of=2026-10-31", ["actions", "--forum", "efh_tactical", "--as-of", "2026-10-31"])])
    func anAnswerIsTheCLIsJSON(_ uri: String, _ cli: [String]) async throws {
        _ = Self.store  // its markup link first, or a run of this test alone asks the CLI before it is there
        let r = try TestSupport.volt(cli + ["--format", "json"], environment: Self.area.env)
        #expect(r.status == 0, "\(r.stderr)")
        let expected = try Self.canonical(r.stdout)
        try await app().test { client in
            let (_, s) = try await signIn(client, "ann.analyst")
            let (status, body) = try await get(client, "/api/v1/" + uri, s)
            #expect(status == .ok, "\(body.prefix(300))")
            #expect(try Self.canonical(body) == expected, "\(uri) differs from volt \(cli.joined(separator: " "))")
            #expect(!body.contains("<") && !body.contains(">"))
            let e = try lastEntries(1)[0]
            #expect(e.actor == "ann.analyst (workspace analyst)" && e.purpose == "EFH panel: November meeting" && e.action == "consultation")
            #expect(e.summary.hasPrefix(cli[0]))
        }
    }

    @Test func aPanelMemberSeesOnlyTheirForumsSubjectsAtInitials() async throws {
        try await app().test { client in
            let (_, s) = try await signIn(client, "pat.panel")
            let (ok, body) = try await get(client, "/api/v1/show?id=Y012", s)
            #expect(ok == .ok, "\(body.prefix(200))")
            // Not referred to efh_tactical: as if it did not exist, and the attempt is logged.
            for uri in ["show?id=Y009", "path?a=Y012&b=Y009", "show?id=NOPE"] {
                let (status, b) = try await get(client, "/api/v1/" + uri, s)
                #expect(status == .notFound, "\(uri): \(b.prefix(200))")
                #expect(b.contains("no such record in your scope"))
                let e = try lastEntries(1)[0]
                #expect(e.summary.contains("refused: outside the scope of panel efh_tactical") && e.actor == "pat.panel (workspace panel)", "\(e.summary)")
            }
            // The Top N is the forum's own: only children referred to it; another forum's is 404.
            let (topStatus, top) = try await get(client, "/api/v1/top?n=300&period=2026-10", s)
            #expect(topStatus == .ok, "\(top.prefix(200))")
            for uri in ["top?forum=mace", "meeting?forum=mace", "actions?forum=mace", "actions?meeting=MACE-2026-01"] {
                #expect(try await get(client, "/api/v1/" + uri, s).0 == .notFound, "\(uri)")
                let e = try lastEntries(1)[0]
                #expect(e.summary.contains("refused: outside the scope of panel efh_tactical") && e.actor == "pat.panel (workspace panel)", "\(uri): \(e.summary)")
            }
            #expect(try await get(client, "/api/v1/colocate", s).0 == .notFound, "co-location ranks pairs across the whole area")
            let (_, analystSession) = try await signIn(client, "ann.analyst")
            let (_, everyone) = try await get(client, "/api/v1/top?n=300&period=2026-10", analystSession)
            let (_, forumOnly) = try await get(client, "/api/v1/top?n=300&period=2026-10&forum=efh_tactical", analystSession)
            func rows(_ json: String) -> Int { json.components(separatedBy: "\"movement\" :").count - 1 }
            #expect(rows(top) == rows(forumOnly), "panel \(rows(top)), forum \(rows(forumOnly))")
            let referred = try Self.store.readForRelabelling { r in Set(try r.casework().referrals.filter { $0.forum == "efh_tactical" }.map(\.subject)) }
            let listed = try JSONSerialization.jsonObject(with: Data(forumOnly.utf8)) as? [String: Any]
            let ids = ((listed?["results"] as? [[String: Any]]) ?? []).compactMap { $0["id"] as? String }
            let ranked = ((try JSONSerialization.jsonObject(with: Data(everyone.utf8)) as? [String: Any])?["results"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
            // The forum's list is the whole ranking with everyone not referred to it left out, in the same order.
            #expect(!ids.isEmpty && ids == ranked.filter(referred.contains), "the forum's list holds only children referred to it")
            #expect(try await get(client, "/api/v1/top?n=300&period=2026-10&forum=mace", analystSession).1.components(separatedBy: "\"movement\" :").count == 1,
                    "a forum no one is referred to ranks no one")
            // Initials: no name of anyone in the sample appears.
            let names = try String(contentsOfFile: TestSupport.packageRoot.appendingPathComponent("examples/wexbury/entities.csv").path, encoding: .utf8)
                .split(separator: "\n").dropFirst().compactMap { line -> String? in
                    let f = line.split(separator: ",", omittingEmptySubsequences: false)
                    return f.count > 2 && ["victim", "offender", "person", "victim+offender"].contains(String(f[1])) ? String(f[2]) : nil
                }
            #expect(names.count > 100)
            for n in names { #expect(!body.contains(n), "\(n) shown to a panel member") }
            // Search is limited to the scope too: Y009 matches "Y00" but is not referred to the forum.
            // (The ids are initials at this level, so the matches are counted.)
            let (_, search) = try await get(client, "/api/v1/search?text=Y00", s)
            let (_, analyst) = try await signIn(client, "ann.analyst")
            let (_, all) = try await get(client, "/api/v1/search?text=Y00", analyst)
            func matches(_ json: String) -> Int { json.components(separatedBy: "\"type\" :").count - 1 }
            #expect(matches(all) >= 9 && matches(search) < matches(all), "panel \(matches(search)), analyst \(matches(all))")
        }
    }

    @Test func theStrategicRoleGetsAggregatesOnly() async throws {
        try await app().test { client in
            let (_, s) = try await signIn(client, "sam.strategic")
            for uri in ["show?id=Y012", "search?text=Y", "path?a=Y012&b=O001", "top"] {
                #expect(try await get(client, "/api/v1/" + uri, s).0 == .notFound, "\(uri)")
            }
            #expect(try await get(client, "/api/v1/stats", s).0 == .ok)
            let (ok, body) = try await get(client, "/api/v1/referrals", s)
            #expect(ok == .ok && body.contains("\"audience\" : \"strategic\""), "\(body.prefix(300))")
            let (_, admin) = try await signIn(client, "ada.admin")
            #expect(try await get(client, "/api/v1/stats", admin).0 == .notFound, "an admin sees no records")
        }
    }

    @Test func signingOutNeedsTheCSRFTokenAndEndsTheSession() async throws {
        try await app().test { client in
            let (_, s) = try await signIn(client, "ann.analyst")
            let s2 = try #require(s)
            let noToken = try await client.execute(uri: "/api/v1/session", method: .delete, headers: [.cookie: s2.cookie]) { $0.status }
            #expect(noToken == .forbidden)
            let wrong = try await client.execute(uri: "/api/v1/session", method: .delete,
                                                 headers: [.cookie: s2.cookie, HTTPField.Name("X-CSRF-Token")!: "forged"]) { $0.status }
            #expect(wrong == .forbidden)
            #expect(try await get(client, "/api/v1/stats", s2).0 == .ok, "a refused sign-out leaves the session")
            let out = try await client.execute(uri: "/api/v1/session", method: .delete,
                                               headers: [.cookie: s2.cookie, HTTPField.Name("X-CSRF-Token")!: s2.csrf]) { $0.status }
            #expect(out == .noContent)
            #expect(try lastEntries(1)[0].summary == "session sign-out")
            #expect(try await get(client, "/api/v1/stats", s2).0 == .unauthorized)
        }
    }

    @Test func everyResponseCarriesTheSecurityHeadersAndTheCookieIsStrict() async throws {
        try await app().test { client in
            let body = try JSONEncoder().encode(["user": "ann.analyst", "password": Self.password, "purpose": "EFH panel: November meeting"])
            try await client.execute(uri: "/api/v1/session", method: .post, headers: [.contentType: "application/json"], body: ByteBuffer(bytes: body)) { r in
                let cookie = r.headers[.setCookie] ?? ""
                #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict") && cookie.contains("Path=/"), "\(cookie)")
                #expect(r.headers[.contentSecurityPolicy]?.hasPrefix("default-src 'none'") == true)
                #expect(r.headers[HTTPField.Name("X-Content-Type-Options")!] == "nosniff")
            }
            try await client.execute(uri: "/api/v1/stats", method: .get) { r in
                #expect(r.status == .unauthorized && r.headers[.contentSecurityPolicy] != nil)
            }
        }
    }
}
