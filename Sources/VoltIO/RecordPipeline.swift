import Foundation
import VoltModel
import VoltStore

/// One planned reading: a file, the kinds of record to take from it, and whether this reading
/// reports lines that are not records at all (a JSON Lines file is read once per phase).
struct PlannedFile: Sendable {
    let file: ImportFile
    let kinds: Set<RecordKind>
    let reportsStructure: Bool

    /// The kind a CSV or chart reading takes (it takes one).
    var kind: RecordKind { kinds.min()! }
    /// Sorted by phase, then kind.
    var order: (Int, RecordKind) { (kind.phase, kind) }
}

/// What the reading thread hands the writing thread.
enum PipelineItem: Sendable {
    /// The records that follow come from `file`; their columns are found by `columns` unless
    /// a record brings its own. Sent once per file, not with every record: a string and an
    /// array in each record were retained on one core and released on the other, a cache line
    /// passed back and forth per record. `entities` is at most how many entities follow (a
    /// CSV entity file's lines; 0 when not counted), for the writer to size its id table.
    case file(String, columns: ColumnLocator, entities: Int)
    /// A record that passed its own checks, with its line and, where columns differ from line
    /// to line (JSON Lines), their places on it.
    case record(DecodedRecord, line: Int, columns: ColumnLocator?)
    /// Problems found by reading or decoding; `failedID` is an entity that will not be stored,
    /// so that records referring to it are not reported a second time.
    case issues([ImportIssue], failedID: String?)
    /// Something worth telling that does not stop the import.
    case warning(String)
}

/// A batch of items and, for each, the hashes of the two entity ids it refers to
/// (`IDTable.hash(of:)`; 0 for none), so the writer can fetch their slots of the id table
/// ahead of the records that need them without reading the records twice.
struct RecordBatch: Sendable {
    let items: PipelineItems
    var idHashes: [UInt32] = []

    init(capacity: Int) {
        items = PipelineItems(capacity: capacity)
        idHashes.reserveCapacity(2 * capacity)
    }

    /// Adds `item`, and the hashes of its ids beside it (the writer looks ids up by them, so
    /// the two must not part).
    mutating func append(_ item: consuming PipelineItem) {
        hashIDs(of: item)
        items.append(item)
    }

    private mutating func hashIDs(of item: PipelineItem) {
        guard case .record(let d, _, _) = item else {
            idHashes.append(0)
            idHashes.append(0)
            return
        }
        let (a, b): (String?, String?)
        switch d {
        case .link(let l): (a, b) = (l.from, l.to)
        case .sighting(let s): (a, b) = (s.person, s.location)
        case .missing(let m): (a, b) = (m.person, m.foundAt)
        case .entity(let e): (a, b) = (e.id, nil)
        default: (a, b) = (nil, nil)
        }
        idHashes.append(a.map { IDTable.hash(of: $0) } ?? 0)
        idHashes.append(b.map { IDTable.hash(of: $0) } ?? 0)
    }

    var count: Int { items.count }
    var isEmpty: Bool { items.count == 0 }

    mutating func removeAll() {
        items.removeAll()
        idHashes.removeAll(keepingCapacity: true)
    }
}

/// A batch's items, which the writer moves out one by one (`next`). Iterating an array of them
/// copied each item, a retain of every string in it, and emptying the array released them all
/// again (the writing thread's instructions on 300,000 records: 7.07 -> 6.89 G). Filled by one
/// thread, then handed over whole through `RecordPipe`, whose lock orders the two.
final class PipelineItems: @unchecked Sendable {
    private let base: UnsafeMutablePointer<PipelineItem>
    private let capacity: Int
    /// Items put in.
    private(set) var count = 0
    /// Items moved out (the first `taken`).
    private(set) var taken = 0

    init(capacity: Int) {
        self.capacity = capacity
        base = .allocate(capacity: capacity)
    }

    deinit {
        removeAll()
        base.deallocate()
    }

    func append(_ item: consuming PipelineItem) {
        precondition(count < capacity, "a batch holds \(capacity) items")
        (base + count).initialize(to: item)
        count += 1
    }

    /// The next item, moved out of the batch, or nil when all were taken.
    func next() -> PipelineItem? {
        guard taken < count else { return nil }
        defer { taken += 1 }
        return (base + taken).move()
    }

    /// Drops the items not taken, and makes the batch empty.
    func removeAll() {
        (base + taken).deinitialize(count: count - taken)
        count = 0
        taken = 0
    }
}

/// A bounded hand-over between one reading thread and one writing thread. Reading (parsing CSV,
/// checking dates, gradings and types) runs on the second core while SQLite writes on the
/// first; the bound keeps memory flat however large the file.
final class RecordPipe: @unchecked Sendable {
    private let condition = NSCondition()
    private var batches: [RecordBatch] = []
    private var finished = false
    private var cancelled = false
    // Room for about one link flush (262,144 records): while the writer is busy in SQLite the
    // reader keeps parsing instead of waiting. Measured on 1M links: 8 batches 6.4 s, 64 batches
    // 5.4 s, 128 batches 5.3 s for 60 MB more memory.
    private let capacity = 64

    /// Hands over a batch; waits while the writer is `capacity` batches behind. False once
    /// the writer has stopped listening.
    func put(_ batch: RecordBatch) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while batches.count >= capacity && !cancelled { condition.wait() }
        if cancelled { return false }
        batches.append(batch)
        condition.broadcast()
        return true
    }

    /// The next batch, or nil once the reader has finished and everything was taken.
    func take() -> RecordBatch? {
        condition.lock()
        defer { condition.unlock() }
        while batches.isEmpty && !finished { condition.wait() }
        if batches.isEmpty { return nil }
        let b = batches.removeFirst()
        condition.broadcast()
        return b
    }

    /// Hands an emptied batch back for the reader to fill again: a batch's arrays (a megabyte)
    /// were allocated afresh each time, and each allocation faulted its pages in again.
    func recycle(_ batch: consuming RecordBatch) {
        batch.removeAll()
        condition.lock()
        if spares.count < 4 { spares.append(batch) }
        condition.unlock()
    }

    /// An emptied batch to fill, or a new one.
    func emptyBatch(capacity: Int) -> RecordBatch {
        condition.lock()
        defer { condition.unlock() }
        return spares.popLast() ?? RecordBatch(capacity: capacity)
    }
    private var spares: [RecordBatch] = []

    /// The reader is done.
    func finish() {
        condition.lock()
        finished = true
        condition.broadcast()
        condition.unlock()
    }

    /// The writer stopped (an error): the reader stops at its next hand-over.
    func cancel() {
        condition.lock()
        cancelled = true
        batches.removeAll()
        condition.broadcast()
        condition.unlock()
    }
}

/// Reads and decodes the planned files in order on its own thread.
enum RecordProducer {
    static let batchSize = 4096

    /// Starts reading; `done` is signalled when the thread has finished.
    static func start(_ plan: [PlannedFile], into pipe: RecordPipe, done: DispatchSemaphore) {
        let thread = Thread {
            defer {
                pipe.finish()
                done.signal()
            }
            var batch = pipe.emptyBatch(capacity: batchSize)
            func emit(_ item: PipelineItem) -> Bool {
                batch.append(item)
                if batch.count >= batchSize {
                    let full = batch
                    batch = pipe.emptyBatch(capacity: batchSize)
                    return pipe.put(full)
                }
                return true
            }
            var kindsIn: [String: UInt32] = [:]  // JSON Lines file -> the kinds its lines hold
            for planned in plan {
                if let seen = kindsIn[planned.file.path], planned.kinds.allSatisfy({ seen & $0.bit == 0 }) { continue }
                guard read(planned, kindsIn: &kindsIn, emit: emit) else { return }
            }
            if !batch.isEmpty { _ = pipe.put(batch) }
        }
        thread.stackSize = 1 << 22
        thread.start()
    }

    /// Reads one planned file; false when the writer has stopped listening.
    private static func read(_ planned: PlannedFile, kindsIn: inout [String: UInt32], emit: (PipelineItem) -> Bool) -> Bool {
        let name = planned.file.path
        var reader: any RecordReader
        var fileColumns = ColumnLocator.element
        var lines = 0
        do {
            // Every byte must be UTF-8; one pass over the file, on this thread, before reading.
            if planned.reportsStructure, let bad = try firstInvalidUTF8(path: planned.file.path, displayName: name, lines: &lines) {
                return emit(.issues([bad], failedID: nil))
            }
            if let chart = planned.file.chart {
                reader = try chart.open(planned.file.path, name, planned.kind)
            } else if planned.file.isJSONLines {
                reader = try JSONLinesRecordReader(path: planned.file.path, displayName: name, kinds: planned.kinds,
                                                   reportsStructure: planned.reportsStructure)
            } else {
                let (parser, header) = try CSVRecordReader.header(path: planned.file.path, displayName: name)
                let r = CSVRecordReader(parser: parser, header: header, kind: planned.kind, file: name)
                if let bad = r.headerIssue() { return emit(.issues([bad], failedID: nil)) }
                for c in r.ignoredColumns {
                    guard emit(.warning("\(name): column '\(c)' is not a volt column and was not imported")) else { return false }
                }
                reader = r
                fileColumns = .header(r.header)
            }
        } catch {
            return emit(.issues([ImportIssue(file: name, line: 1, column: 0, reason: "\(error)")], failedID: nil))
        }
        let csvEntities = planned.file.chart == nil && !planned.file.isJSONLines && planned.kind == .entities
        guard emit(.file(name, columns: fileColumns, entities: csvEntities ? lines : 0)) else { return false }
        var decoder = RecordDecoder(file: name)
        while let next = reader.next() {
            let item: PipelineItem
            switch next {
            case .failure(let issue): item = .issues([issue], failedID: nil)
            case .success(let record):
                switch decoder.decode(record) {
                case .ok(let d):
                    if case .jsonLine = record.columns {
                        item = .record(d, line: record.line, columns: record.columns)
                    } else {
                        item = .record(d, line: record.line, columns: nil)
                    }
                case .bad(let found):
                    let id = record.kind == .entities || record.kind == .groups ? record.values.first.flatMap { $0.isEmpty ? nil : $0 } : nil
                    item = .issues(found, failedID: id)
                }
            }
            guard emit(item) else { return false }
        }
        // The reading that reports structure has read every line: later ones need not read
        // the file for kinds it does not hold.
        if planned.reportsStructure, let j = reader as? JSONLinesRecordReader { kindsIn[planned.file.path] = j.kindsSeen }
        return true
    }
}
