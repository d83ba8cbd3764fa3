import Hummingbird
import Logging
import NIOEmbedded
import Synchronization
import VoltWorkspace

/// Requests handed straight to the workspace's router in this process, as a browser's would
/// arrive, with the response read back whole. Hummingbird's own test client does the same in its
/// router mode but brings an HTTP client stack (AsyncHTTPClient, its TLS and HTTP/2) that made up
/// most of `make test`'s build; these tests need none of it.
struct RouterClient: Sendable {
    let responder: RouterResponder<BasicRequestContext>

    init(_ router: Router<BasicRequestContext>) { responder = router.buildResponder() }

    /// What came back.
    struct Reply {
        let status: HTTPResponse.Status
        let headers: HTTPFields
        let body: ByteBuffer
    }

    /// Sends one request and passes the reply to `check`.
    func execute<T>(uri: String, method: HTTPRequest.Method, headers: HTTPFields = [:], body: ByteBuffer? = nil,
                    _ check: (Reply) async throws -> T) async throws -> T {
        var headers = headers
        if let body { headers[.contentLength] = String(body.readableBytes) }
        let request = Request(head: HTTPRequest(method: method, scheme: "http", authority: "localhost", path: uri, headerFields: headers),
                              body: RequestBody(buffer: body ?? ByteBuffer()))
        let context = BasicRequestContext(source: ApplicationRequestContextSource(channel: NIOAsyncTestingChannel(), logger: Logger(label: "volt-workspace-tests")))
        let response = try await responder.respond(to: request, context: context)
        let collected = Collected()
        try await response.body.write(Collector(into: collected))
        return try await check(Reply(status: response.status, headers: response.headers, body: collected.bytes.withLock { $0 }))
    }

    /// Runs `body` with this client (the shape of Hummingbird's `test(.router)`).
    func test<T>(_ body: (RouterClient) async throws -> T) async throws -> T { try await body(self) }
}

/// The body's bytes, gathered by a writer the response consumes.
private final class Collected: Sendable {
    let bytes = Mutex(ByteBuffer())
}

private struct Collector: ResponseBodyWriter {
    let into: Collected
    mutating func write(_ buffer: ByteBuffer) async throws {
        var part = buffer
        _ = into.bytes.withLock { $0.writeBuffer(&part) }
    }
    consuming func finish(_ trailingHeaders: HTTPFields?) async throws {}
}
