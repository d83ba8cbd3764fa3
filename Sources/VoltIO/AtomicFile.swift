import Foundation
import VoltModel

/// A file written whole or not at all: into a hidden temporary beside it, renamed into place
/// when complete (rename(2) replaces the old file in one step: a reader sees the old or the
/// new), removed on any failure. Maps, exports and packs all write through it.
public enum AtomicFile {
    /// Lets `body` write the temporary path, then renames it to `path`.
    public static func write<T>(to path: String, _ body: (String) throws -> T) throws -> T {
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(getpid()).partial").path
        do {
            let result = try body(temporary)
            guard rename(temporary, url.path) == 0 else { throw BadRequest("cannot write \(path): \(String(cString: strerror(errno)))") }
            return result
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw error
        }
    }

    /// Writes `data` to `path`.
    public static func write(_ data: Data, to path: String) throws {
        try write(to: path) { temporary in
            do { try data.write(to: URL(fileURLWithPath: temporary)) } catch {
                throw BadRequest("cannot write \(path): \(error.localizedDescription)")
            }
        }
    }

    /// Makes the folder `path` (and those above it) if it is not there.
    public static func makeFolder(_ path: String) throws {
        do { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) } catch {
            throw BadRequest("cannot create \(path): \(error.localizedDescription)")
        }
    }
}
