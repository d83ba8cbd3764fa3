import Foundation
import VoltModel
import VoltStore

/// Writes VOLT records as the CSV files that `volt import` reads back, one per kind
/// (`entities.csv`, `links.csv`, ..., `referrals.csv`, `actions.csv`), with the columns of
/// `RecordKind.columns`.
///
/// Files are written beside their final names and renamed into place only when all are
/// complete, so a failed export leaves no half-written file under a real name.
public final class CSVRecordWriter {
    private let directory: URL
    private var files: [RecordKind: ChunkedCSVFile] = [:]
    /// Records written, by kind.
    public private(set) var counts: [RecordKind: Int] = [:]

    /// Prepares to write into `directory`, creating it if needed.
    public init(directory: String) throws(ImportError) {
        self.directory = URL(fileURLWithPath: directory)
        do {
            try FileManager.default.createDirectory(at: self.directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            for kind in RecordKind.allCases {
                files[kind] = try ChunkedCSVFile(destination: self.directory.appendingPathComponent("\(kind.rawValue).csv").path,
                                                 header: kind.columns)
            }
        } catch {
            throw .unreadable(file: directory, reason: "cannot write here (\(error))")
        }
    }

    /// The final path of the file for `kind`.
    public func path(of kind: RecordKind) -> String {
        directory.appendingPathComponent("\(kind.rawValue).csv").path
    }

    /// Writes one entity.
    public func write(_ e: Entity) throws {
        try row(.entities, [e.id, e.voltType.rawValue, e.name, e.dateOfBirth?.text, e.ageBand, e.gender,
                            e.ethnicity, e.category?.rawValue, e.latitude.map(format), e.longitude.map(format),
                            e.area, e.references.isEmpty ? nil : e.references.map { "\($0.agency):\($0.reference)" }.joined(separator: ";"),
                            e.victimSince?.iso8601, e.offenderSince?.iso8601, e.reviewDate?.text, e.address, e.postcode, e.source])
    }

    /// Writes one link.
    public func write(_ l: Link) throws {
        try row(.links, [l.from, l.to, l.type.rawValue, l.start.iso8601, l.provenance.source, l.end?.iso8601,
                         l.grading?.description, l.provenance.reference, l.provenance.recordedAt?.iso8601,
                         l.weight.map(format)])
    }

    /// Writes one sighting.
    public func write(_ s: Sighting) throws {
        try row(.sightings, [s.person, s.location, s.time.iso8601, s.end?.iso8601, s.provenance.source,
                             s.grading?.description, s.provenance.reference, s.provenance.recordedAt?.iso8601])
    }

    /// Writes one missing episode.
    public func write(_ m: MissingEpisode) throws {
        try row(.missing, [m.person, m.start.iso8601, m.end?.iso8601, m.foundAt, m.provenance.source,
                           m.provenance.reference, m.provenance.recordedAt?.iso8601, m.returnInterview?.iso8601,
                           m.returnInterviewBy])
    }

    /// Writes the casework: every record of each kind.
    public func write(_ c: Casework) throws {
        func t(_ v: Timestamp?) -> String? { v?.iso8601 }
        func list(_ items: [String]) -> String? { items.isEmpty ? nil : items.joined(separator: ";") }
        for g in c.groups { try row(.groups, [g.id, g.name, g.kind?.rawValue, t(g.detectedAt)]) }
        for m in c.memberships { try row(.members, [m.group, m.member, t(m.from), t(m.to)]) }
        for m in c.meetings { try row(.meetings, [m.id, m.forum, t(m.date), m.chair]) }
        for r in c.referrals {
            try row(.referrals, [r.id, r.subject, t(r.date), r.agency, r.reason, list(r.themes), list(r.contexts.map(\.rawValue)),
                                 r.forum, r.outcome, r.referrer])
        }
        for s in c.statuses { try row(.status, [s.subject, s.status.rawValue, t(s.from), t(s.to), s.agency, s.lead]) }
        for a in c.actions {
            // The state is derived from due and closed, never stored: its column is left empty so
            // that the same store always exports the same file (`volt actions` shows states).
            try row(.actions, [a.id, a.subject, a.meeting, a.owner, a.description, t(a.due), nil,
                               t(a.closed), a.decision, list(a.contexts.map(\.rawValue))])
        }
        for o in c.outcomes { try row(.outcomes, [o.subject, o.type.rawValue, t(o.date), o.agency, o.reference, o.note]) }
    }

    /// Finishes every file and moves them to their final names.
    public func finish() throws {
        for f in files.values { try f.close() }
        for f in files.values { try f.commit() }
        files = [:]
    }

    /// Removes the partial files after a failure.
    public func abandon() {
        for f in files.values { f.discard() }
        files = [:]
    }

    private func row(_ kind: RecordKind, _ values: [String?]) throws {
        try files[kind]!.write(values.map { $0 ?? "" })
        counts[kind, default: 0] += 1
    }

    private func format(_ d: Double) -> String {
        d == d.rounded() && abs(d) < 1e15 ? String(Int64(d)) : String(d)
    }
}

/// A CSV file written through a 1 MiB buffer: RFC 4180 quoting (a field with a comma, quote or
/// line break is quoted, quotes doubled), LF line ends, a header row.
public final class ChunkedCSVFile {
    /// Where it is written: a temporary beside `destination` until `commit`.
    public let url: URL
    /// The final path.
    public let destination: String
    private let handle: FileHandle
    private var buffer: [UInt8] = []

    /// Starts a new file that will become `destination` (a temporary from `AtomicFile`: random
    /// name, 0600, never through a link) and writes the header row.
    public init(destination: String, header: [String]) throws {
        let t = try AtomicFile.temporary(beside: destination)
        url = URL(fileURLWithPath: t.path)
        self.destination = destination
        handle = t.handle
        buffer.reserveCapacity(1 << 20)
        try write(header)
    }

    /// Moves the closed file to its destination in one step.
    public func commit() throws { try AtomicFile.commit(url.path, to: destination) }

    /// Closes and removes the temporary.
    public func discard() {
        try? handle.close()
        AtomicFile.discard(url.path)
    }

    /// Writes one row.
    public func write(_ values: [String]) throws {
        for (i, v) in values.enumerated() {
            if i > 0 { buffer.append(UInt8(ascii: ",")) }
            let utf8 = v.utf8
            if utf8.contains(where: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D }) {
                buffer.append(UInt8(ascii: "\""))
                for b in utf8 {
                    if b == UInt8(ascii: "\"") { buffer.append(b) }
                    buffer.append(b)
                }
                buffer.append(UInt8(ascii: "\""))
            } else {
                buffer.append(contentsOf: utf8)
            }
        }
        buffer.append(0x0A)
        if buffer.count >= 1 << 20 { try flush() }
    }

    private func flush() throws {
        try handle.write(contentsOf: buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    /// Flushes, syncs and closes the file.
    public func close() throws {
        try flush()
        try handle.synchronize()
        try handle.close()
    }
}

/// The whole store as the CSV files `volt import` reads back.
public enum CSVExport {
    /// Writes every record `r` reads under `directory` (files appear under their names only
    /// when all are complete); returns the records written by kind. The caller's
    /// transaction logs it as a disclosure.
    public static func write(_ r: StoreReader, to directory: String) throws -> [RecordKind: Int] {
        let out = try CSVRecordWriter(directory: directory)
        do {
            try r.forEachEntity(out.write)
            try r.forEachLink(out.write)
            try r.forEachSighting(out.write)
            try r.forEachMissingEpisode(out.write)
            try out.write(try r.casework())
            try out.finish()
            return out.counts
        } catch {
            out.abandon()
            throw error
        }
    }
}
