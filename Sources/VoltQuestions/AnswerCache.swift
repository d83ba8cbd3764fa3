import Foundation
import Synchronization
import VoltModel

/// Answers kept while the records they were made from do not change, for an interface that
/// asks the same questions many times (the workspace: a dozen people on one meeting's pages).
/// An answer is found by its question's name, every parameter, the label level and the day
/// (questions that read the clock count in days), and is used only while the store's data
/// generation (the last audit entry that changed records, read in the question's own read
/// transaction) is the one it was made at. Asking is unchanged: every question, cached or not,
/// is still one consultation in the audit log.
///
/// Only consultations that write no file are kept (a map with `out`, an export or a pack is
/// always made afresh).
public final class AnswerCache: Sendable {
    private struct Entry: @unchecked Sendable {
        // Answers are Sendable; `any Sendable` cannot be cast back to `Q.Answer` without this box.
        let answer: Any
        let generation: Int64
    }

    private let entries = Mutex<[String: Entry]>([:])
    private let hits = Atomic<Int>(0), misses = Atomic<Int>(0)
    /// At most this many answers (the oldest generation's go first, then any).
    public let capacity: Int

    public init(capacity: Int = 2048) { self.capacity = capacity }

    /// How often an answer was found, and not found.
    public var counts: (hits: Int, misses: Int) { (hits.load(ordering: .relaxed), misses.load(ordering: .relaxed)) }

    static func key<Q: Question>(_ q: Q, labels: String) -> String? {
        guard Q.action == .consultation, q.parameters["out"] == nil else { return nil }
        return "\(Q.name)|\(q.parameters.entry(Q.name))|\(labels)|\(Timestamp.now.day)"
    }

    func answer<A>(_ key: String, generation: Int64) -> A? {
        let found = entries.withLock { e -> A? in
            guard let x = e[key], x.generation == generation else { return nil }
            return x.answer as? A
        }
        if found == nil { misses.add(1, ordering: .relaxed) } else { hits.add(1, ordering: .relaxed) }
        return found
    }

    func keep(_ answer: some Sendable, _ key: String, generation: Int64) {
        entries.withLock { e in
            if e.count >= capacity {
                e = e.filter { $0.value.generation >= generation }
                while e.count >= capacity, let k = e.keys.first { e[k] = nil }
            }
            e[key] = Entry(answer: answer, generation: generation)
        }
    }
}
