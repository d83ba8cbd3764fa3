/// An error that says how a command should end: every error type of volt's modules conforms,
/// so an interface maps errors to exit codes (or HTTP statuses) through one property rather
/// than a switch that forgets cases. The codes are those of `docs/cli.md`.
public protocol Failure: Error, Sendable, CustomStringConvertible {
    /// The process exit status: 1 bad input or a question that cannot be answered, 2 a usage
    /// error, 3 a store or system error.
    var exitCode: Int32 { get }
}

/// A request that cannot be answered as asked: an unknown id, a window with nothing in it, a
/// path that does not exist. The one "bad request" error of every layer; its message is one
/// sentence saying where and why, and what to do instead where there is something.
public struct BadRequest: Failure, Equatable {
    /// The sentence.
    public let message: String

    /// A bad request, said in `message`.
    public init(_ message: String) { self.message = message }

    public var description: String { message }
    public var exitCode: Int32 { 1 }
}
