import Foundation
import Synchronization
import VoltModel

/// Files written whole or not at all, readable by their owner only. Every map, export and pack
/// goes through here: a temporary with a random name is created in the destination folder with
/// `O_CREAT|O_EXCL|O_NOFOLLOW` and mode 0600 (so no planted file or link is ever written through,
/// and no one else can read it while it grows), filled, then renamed over the destination in
/// one step (rename(2) replaces a link at the destination rather than following it; a reader
/// sees the old file or the new). A failure removes the temporary, and so do SIGINT and SIGTERM.
public enum AtomicFile {
    /// Lets `body` write the temporary path, then renames it to `path`.
    public static func write<T>(to path: String, _ body: (String) throws -> T) throws -> T {
        let temporary = try self.temporary(beside: path)
        do {
            let result = try body(temporary.path)
            try temporary.close()
            try commit(temporary.path, to: path)
            return result
        } catch {
            discard(temporary.path)
            throw error
        }
    }

    /// Writes `data` to `path`.
    public static func write(_ data: Data, to path: String) throws {
        let temporary = try self.temporary(beside: path)
        do {
            try temporary.handle.write(contentsOf: data)
            try temporary.close()
            try commit(temporary.path, to: path)
        } catch {
            discard(temporary.path)
            throw (error as? BadRequest) ?? BadRequest("cannot write \(path): \(error.localizedDescription)")
        }
    }

    /// A new, empty temporary file beside `path`, open for writing.
    public struct Temporary {
        /// Its path (a hidden name with 128 random bits in the destination's folder).
        public let path: String
        /// The file, open for writing: write through it rather than opening the path again.
        public let handle: FileHandle

        /// Closes the file (its contents reach the disk before it is renamed).
        public func close() throws {
            try handle.synchronize()
            try handle.close()
        }
    }

    /// Creates a temporary beside `path`, mode 0600, never through an existing file or link.
    public static func temporary(beside path: String) throws -> Temporary {
        let url = URL(fileURLWithPath: path)
        let random = (0..<4).map { _ in String(UInt32.random(in: 0...UInt32.max), radix: 16) }.joined()
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(random).partial").path
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw BadRequest("cannot write \(path): \(String(cString: strerror(errno)))") }
        pending.withLock { _ = $0.insert(temporary) }
        installSignalCleanup
        return Temporary(path: temporary, handle: FileHandle(fileDescriptor: fd, closeOnDealloc: true))
    }

    /// Moves a finished temporary to `path` in one step.
    public static func commit(_ temporary: String, to path: String) throws {
        guard rename(temporary, path) == 0 else {
            let why = String(cString: strerror(errno))
            discard(temporary)
            throw BadRequest("cannot write \(path): \(why)")
        }
        pending.withLock { _ = $0.remove(temporary) }
    }

    /// Removes a temporary that will not be used.
    public static func discard(_ temporary: String) {
        unlink(temporary)
        pending.withLock { _ = $0.remove(temporary) }
    }

    /// Makes the folder `path` (and those above it) if it is not there.
    public static func makeFolder(_ path: String) throws {
        do { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700]) } catch {
            throw BadRequest("cannot create \(path): \(error.localizedDescription)")
        }
    }

    /// Temporaries not yet renamed or removed.
    private static let pending = Mutex<Set<String>>([])

    /// On SIGINT or SIGTERM: remove every pending temporary, then end as the signal would. The
    /// sources are made once (a static's initialiser runs once) and kept alive here.
    nonisolated(unsafe) private static let signalSources: [any DispatchSourceSignal] = [SIGINT, SIGTERM].map { sig in
        signal(sig, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
        source.setEventHandler {
            for path in pending.withLock({ $0 }) { unlink(path) }
            signal(sig, SIG_DFL)
            raise(sig)
        }
        source.resume()
        return source
    }

    private static var installSignalCleanup: Void { _ = signalSources }
}
