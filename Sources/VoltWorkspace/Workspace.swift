import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdBcrypt
import VoltStore

/// The panel workspace: the pages and the JSON API over a store (docs/workspace.md), every response with
/// headers that keep a browser from running anything but volt's own files.
public enum Workspace {
    /// The router: the API and the security headers.
    public static func router(_ api: WorkspaceAPI) -> Router<BasicRequestContext> {
        let router = Router()
        router.add(middleware: SecurityHeaders())
        api.add(to: router)
        WorkspacePages(api: api).add(to: router)
        return router
    }

    /// The application, bound to `host` (127.0.0.1 unless told otherwise) and `port`.
    public static func application(_ api: WorkspaceAPI, host: String, port: Int) -> some ApplicationProtocol {
        Application(router: router(api), configuration: .init(address: .hostname(host, port: port), serverName: "volt"))
    }

    /// A bcrypt hash of a password (cost 12: about a quarter of a second here).
    public static func hashPassword(_ password: String, cost: UInt8 = 12) -> String { Bcrypt.hash(password, cost: cost) }
}

/// CSP `default-src 'none'` with only the workspace's own scripts, styles and images; no
/// framing, no sniffing, no referrer, no caching of answers about children.
struct SecurityHeaders<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var r = try await next(request, context)
        r.headers[.contentSecurityPolicy] = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
        r.headers[HTTPField.Name("X-Content-Type-Options")!] = "nosniff"
        r.headers[HTTPField.Name("Referrer-Policy")!] = "no-referrer"
        r.headers[HTTPField.Name("X-Frame-Options")!] = "DENY"
        r.headers[.cacheControl] = "no-store"
        return r
    }
}
