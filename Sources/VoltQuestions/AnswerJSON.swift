import Foundation

/// The JSON every interface gives for an answer: `{"query": {...}, "results": ...}`, keys
/// sorted, pretty-printed, times ISO 8601. The query is the question's parameters (what the
/// audit entry logs) with the answer's notes. The CLI's `--format json` and the workspace's
/// API write exactly this, so a script gets the same bytes from either.
public enum AnswerJSON {
    /// The document for `question` and `results` (the answer, or what the interface shows of
    /// it), with the notes `results` carries when it is an annotated answer.
    public static func encode<Q: Question>(_ question: Q, results: some Encodable) throws -> Data {
        var query = question.parameters
        if let notes = (results as? AnnotatedAnswer)?.notes { query.merge(notes) }
        return try encode(query: query.query, results: results)
    }

    /// The document for a query's parameters and results.
    public static func encode<Results: Encodable>(query: [String: String], results: Results) throws -> Data {
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try enc.encode(Envelope(query: query, results: results))
    }

    private struct Envelope<R: Encodable>: Encodable {
        let query: [String: String]
        let results: R
    }
}
