import Foundation
import VoltGraph
import VoltModel

// The helpers that split a kernel across the cores: sources, rows, shared memory, results.

/// Runs `body(workspace, source, threadIndex)` for every source, split across `threads` threads,
/// each with its own workspace and accumulator of `n` doubles; returns the accumulators summed.
/// The first thread says how far the sources have got (`WorkProgress`, as `stage`): the threads
/// take sources in turn, so its count times the threads is the count of all.
func parallelOverSources(_ g: Graph, sources: [Int], threads: Int, stage: String,
                         _ body: @Sendable (inout ShortestPathWorkspace, Int, inout [Double]) -> Void) -> [Double] {
    let t = max(1, min(threads, sources.count))
    let results = Accumulators(count: t, size: g.nodeCount)
    // Read here: worker threads do not see the caller's task-local listener.
    let progress = WorkProgress.sink
    DispatchQueue.concurrentPerform(iterations: t) { part in
        var ws = ShortestPathWorkspace(g)
        var acc = [Double](repeating: 0, count: g.nodeCount)
        var i = part
        var k = 0
        while i < sources.count {
            body(&ws, sources[i], &acc)
            i += t
            k += 1
            if part == 0, k & 63 == 0, let progress { progress(stage, min(i, sources.count), sources.count) }
        }
        results.store(part, acc)
    }
    return results.sum()
}

/// Per-thread results, each written by exactly one thread before they are summed.
final class Accumulators: @unchecked Sendable {
    private var parts: [[Double]]
    private let lock = NSLock()

    init(count: Int, size: Int) { parts = Array(repeating: [], count: count) }

    func store(_ i: Int, _ values: [Double]) {
        lock.lock()
        parts[i] = values
        lock.unlock()
    }

    /// The parts one after another.
    func concatenated() -> [Double] { parts.flatMap { $0 } }

    func sum() -> [Double] {
        guard var total = parts.first else { return [] }
        for p in parts.dropFirst() where !p.isEmpty { for i in 0..<total.count { total[i] += p[i] } }
        return total
    }
}

/// The number of cores to use by default.
public var availableCores: Int { ProcessInfo.processInfo.activeProcessorCount }

/// Ranges of rows with about equal numbers of in-arcs, one per thread (one range for small
/// graphs, where starting threads costs more than it saves).
struct RowChunks: Sendable {
    let ranges: [Range<Int>]

    init(_ g: Graph, threads: Int) {
        let arcs = g.inSources.count
        let parts = arcs < 200_000 ? 1 : max(1, threads)
        var ranges: [Range<Int>] = []
        var start = 0
        for p in 1...parts {
            // The first row whose arcs start at or past p/parts of all arcs.
            let goal = arcs * p / parts
            var lo = start, hi = g.nodeCount
            while lo < hi {
                let mid = (lo + hi) / 2
                if g.inOffsets[mid] < goal { lo = mid + 1 } else { hi = mid }
            }
            let end = p == parts ? g.nodeCount : lo
            ranges.append(start..<end)
            start = end
        }
        self.ranges = ranges
    }

    /// `body` over each range, in parallel when there is more than one; results in range order.
    func map<T: Sendable>(_ body: @Sendable (Range<Int>) -> T) -> [T] {
        if ranges.count == 1 { return [body(ranges[0])] }
        let results = ResultSlots<T>(count: ranges.count)
        DispatchQueue.concurrentPerform(iterations: ranges.count) { i in results.set(i, body(ranges[i])) }
        return results.values
    }
}

/// Read-only memory shared with worker threads for the length of one parallel call.
struct Shared: @unchecked Sendable {
    let base: UnsafePointer<Double>
    init(_ base: UnsafePointer<Double>) { self.base = base }
    @inline(__always) subscript(i: Int) -> Double { base[i] }
}

/// Memory each worker thread writes a disjoint part of, for the length of one parallel call.
struct SharedMutable: @unchecked Sendable {
    let base: UnsafeMutablePointer<Double>
    init(_ base: UnsafeMutablePointer<Double>) { self.base = base }
    @inline(__always) subscript(i: Int) -> Double {
        get { base[i] }
        nonmutating set { base[i] = newValue }
    }
}

/// One result per worker, each slot written by exactly one thread.
final class ResultSlots<T>: @unchecked Sendable {
    private var slots: [T?]
    private let lock = NSLock()
    init(count: Int) { slots = Array(repeating: nil, count: count) }
    func set(_ i: Int, _ value: T) {
        lock.lock()
        slots[i] = value
        lock.unlock()
    }
    var values: [T] { slots.map { $0! } }
}
