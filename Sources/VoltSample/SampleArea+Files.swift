import Foundation
import VoltIO

extension SampleArea {
    /// Writes the area as the CSV files `volt import` reads (entities.csv, links.csv,
    /// sightings.csv, missing.csv and the casework: referrals.csv, actions.csv, ...) and, with `truth`, truth.json: whole or not at all.
    public func write(to directory: String, truth writeTruth: Bool = true) throws {
        let w = try CSVRecordWriter(directory: directory)
        do {
            for e in entities { try w.write(e) }
            for l in links { try w.write(l) }
            for s in sightings { try w.write(s) }
            for m in missing { try w.write(m) }
            try w.write(casework)
            if writeTruth {
                let enc = JSONEncoder()
                enc.outputFormatting = [.prettyPrinted, .sortedKeys]
                try AtomicFile.write(try enc.encode(truth), to: URL(fileURLWithPath: directory).appendingPathComponent("truth.json").path)
            }
            try w.finish()
        } catch {
            w.abandon()
            throw error
        }
    }
}
