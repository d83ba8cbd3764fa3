import Foundation
import GRDB
import GRDBSQLite
import VoltModel

/// An entity as a snapshot node: internal number, id, display name and VOLT type.
public struct EntityNode: Sendable, Hashable {
    /// Internal number.
    public let n: Int64
    /// The user's id.
    public let id: String
    /// Display name.
    public let name: String
    /// VOLT type.
    public let type: VoltType
    /// Location category (locations only).
    public let category: String?
    /// Area or neighbourhood, if recorded.
    public let area: String?
}

extension StoreReader {
    /// Every entity as a snapshot node, by internal number. Read through the C API by column
    /// position: GRDB's rows look columns up by name, case-folded, per row.
    public func entityNodes() throws -> [EntityNode] {
        // Seeing canonical persons, an absorbed record is left out and its roles go to the
        // record that stands for the person (always earlier in store order).
        let aliases = try entityAliases()
        var canonicalOf: [Int64: Int64] = [:]
        for a in aliases { canonicalOf[a.n] = a.canonical }
        var position: [Int64: Int] = [:]
        let st = try FastStatement(db, sql: "SELECT n, id, name, kind, is_victim, is_offender, category, area FROM entity ORDER BY n")
        var out: [EntityNode] = []
        while try st.next() {
            // The VOLT type as the model defines it (kind and roles).
            let n = st.int64(0) ?? 0
            var e = Entity(id: st.text(1) ?? "", kind: EntityKind(rawValue: st.text(3) ?? "") ?? .person, name: st.text(2) ?? "")
            e.isVictim = st.int64(4) ?? 0 != 0
            e.isOffender = st.int64(5) ?? 0 != 0
            if let c = canonicalOf[n], let k = position[c] {
                let held = out[k]
                var merged = Entity(id: held.id, kind: .person, name: held.name)
                merged.isVictim = e.isVictim || held.type == .victim || held.type == .victimOffender
                merged.isOffender = e.isOffender || held.type == .offender || held.type == .victimOffender
                out[k] = EntityNode(n: held.n, id: held.id, name: held.name, type: merged.voltType, category: held.category, area: held.area)
                continue
            }
            if !canonicalOf.isEmpty { position[n] = out.count }
            out.append(EntityNode(n: n, id: e.id, name: e.name, type: e.voltType,
                                  category: st.text(6), area: st.text(7)))
        }
        return out
    }

    /// An upper bound on the number of links (the largest link number): for reserving space.
    public func linkCapacity() throws -> Int {
        let st = try FastStatement(db, sql: "SELECT max(n) FROM link")
        return Int(try st.firstInt() ?? 0)
    }
}

/// A block of ties read from the store, valid only during the call that receives it.
public struct TieBlock: @unchecked Sendable {
    /// Number of ties in the block.
    public let count: Int
    /// Internal numbers of the `from` and `to` entities.
    public let src: UnsafePointer<Int64>
    public let dst: UnsafePointer<Int64>
    /// Start and end (seconds since 1970 UTC; end `Int64.max` when open).
    public let start: UnsafePointer<Int64>
    public let end: UnsafePointer<Int64>
    /// 1 when the link has a direction (exploits, supplies), else 0.
    public let directed: UnsafePointer<UInt8>
}

/// Storage for one block; two of them alternate between the reading and the working thread.
private final class TieBuffer: @unchecked Sendable {
    let capacity: Int
    var count = 0
    let src, dst, start, end: UnsafeMutablePointer<Int64>
    let directed: UnsafeMutablePointer<UInt8>

    init(capacity: Int) {
        self.capacity = capacity
        src = .allocate(capacity: capacity)
        dst = .allocate(capacity: capacity)
        start = .allocate(capacity: capacity)
        end = .allocate(capacity: capacity)
        directed = .allocate(capacity: capacity)
    }

    deinit {
        for p in [src, dst, start, end] { p.deallocate() }
        directed.deallocate()
    }

    var block: TieBlock { TieBlock(count: count, src: src, dst: dst, start: start, end: end, directed: directed) }
}

extension StoreReader {
    /// Streams the ties a selection takes in blocks, reading SQLite on the calling thread while
    /// `body` works on the previous block on another thread: the two halves of building a
    /// snapshot overlap on two cores. `body` is called for each block in order, one at a time.
    public func forEachTieBlock(_ s: LinkSelection, blockSize: Int = 1 << 16,
                                _ body: @escaping @Sendable (TieBlock) -> Void) throws {
        let (whereClause, args) = s.sql
        let st = try FastStatement(
            db, sql: "SELECT src, dst, start_time, end_time, \(LinkSelection.directedSQL) FROM link" + whereClause)
        st.bindAll(args)
        let buffers = [TieBuffer(capacity: blockSize), TieBuffer(capacity: blockSize)]
        // Semaphores start at 0 (libdispatch traps when one is freed below its initial value).
        let free = DispatchSemaphore(value: 0), filled = DispatchSemaphore(value: 0), finished = DispatchSemaphore(value: 0)
        free.signal()
        free.signal()
        // The worker: takes filled buffers in turn until one arrives empty.
        Thread.detachNewThread {
            var i = 0
            while true {
                filled.wait()
                let b = buffers[i % 2]
                if b.count == 0 { break }
                body(b.block)
                free.signal()
                i += 1
            }
            finished.signal()
        }
        var i = 0
        var failure: (any Error)?
        var done = false  // stepping again after the last row would start the query over
        while true {
            free.wait()
            let b = buffers[i % 2]
            var rows = 0
            do {
                while !done && rows < b.capacity {
                    guard try st.next() else {
                        done = true
                        break
                    }
                    let h = st.sqliteHandle
                    b.src[rows] = sqlite3_column_int64(h, 0)
                    b.dst[rows] = sqlite3_column_int64(h, 1)
                    b.start[rows] = sqlite3_column_int64(h, 2)
                    b.end[rows] = sqlite3_column_int64(h, 3)
                    b.directed[rows] = UInt8(truncatingIfNeeded: sqlite3_column_int64(h, 4))
                    rows += 1
                }
            } catch {
                failure = error
                rows = 0
            }
            b.count = rows
            filled.signal()
            if rows == 0 { break }
            i += 1
        }
        finished.wait()
        if let failure { throw failure }
    }
}
