/// How far a long computation has got: a stage in words and, where it is known, a count of a
/// total ("betweenness: 4,000 of 20,000 sources"). An interface listens for a stretch of work
/// with `WorkProgress.reporting(to:_:)`; the layers below say where they are with `stage` and
/// `step`, which cost one task-local read when nobody listens. A task-local rather than a
/// parameter on every function: progress is a concern of the terminal, not of the algorithms,
/// and threading a callback through every question and kernel would change them all for it.
public enum WorkProgress {
    /// Receives a stage, the count done and the total (0: not counted).
    public typealias Sink = @Sendable (_ stage: String, _ done: Int, _ total: Int) -> Void

    /// The listener for the current stretch of work (nil: nobody listens).
    @TaskLocal public static var sink: Sink?

    /// Runs `body` with `sink` listening (nil: silent), passing `body`'s errors through.
    public static func reporting<T, E: Error>(to sink: Sink?, _ body: () throws(E) -> T) throws(E) -> T {
        // `withValue` rethrows untyped; the closure's result carries the typed error across.
        let result: Result<T, E> = $sink.withValue(sink) {
            do throws(E) { return .success(try body()) } catch { return .failure(error) }
        }
        return try result.get()
    }

    /// A stage begins whose length is not counted ("drawing the map with sfdp").
    public static func stage(_ name: String) { sink?(name, 0, 0) }

    /// The work is done and its results are about to be written: a listener drawing on the
    /// terminal clears its line now, so that it never sits in the middle of the output.
    public static func done() { sink?("", 0, 0) }

    /// `done` of `total` of a counted stage.
    public static func step(_ name: String, _ done: Int, _ total: Int) { sink?(name, done, total) }
}
