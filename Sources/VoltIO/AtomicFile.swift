import Foundation
import Synchronization
import VoltModel

/// Files written whole or not at all, readable by their owner only. Every map, export and pack
/// goes through here. A temporary is made in the destination folder with mode 0600: on Linux an
/// unnamed one (`O_TMPFILE`), which the kernel frees if the process dies, even by `kill -9`, so
/// nothing is ever left; elsewhere a hidden random name made with `O_CREAT|O_EXCL|O_NOFOLLOW`.
/// Either way no planted file or link is ever written through and no one else can read it while
/// it grows. It is filled, then given its name in one step (rename(2) replaces a link at the
/// destination rather than following it; a reader sees the old file or the new).
///
/// Inside `Batch.run`, committing is deferred: the files are named only when the batch commits,
/// in the transaction that writes the audit entry, so a disclosure's file and its entry appear
/// together. On SIGINT or SIGTERM every temporary is removed and the batch's interruption
/// handler runs (the application layer logs the disclosure as not completed), then the process
/// ends as the signal would.
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
        /// The path to write it by (`/proc/self/fd/N` for an unnamed one; a hidden name with 128
        /// random bits in the destination's folder otherwise).
        public let path: String
        /// The file, open for writing: write through it rather than opening the path again.
        public let handle: FileHandle

        /// Closes the file (its contents reach the disk before it is renamed).
        public func close() throws {
            try handle.synchronize()
            try handle.close()
        }
    }

    /// A temporary not yet named or removed: the path it is written by, the descriptor that
    /// keeps an unnamed one alive (-1 for a named one), and its folder.
    struct Pending: Sendable {
        let path: String
        let fd: Int32
        let folder: String
    }

    /// Linux's `O_TMPFILE` (`__O_TMPFILE | O_DIRECTORY`), which Glibc's module does not export.
    #if os(Linux)
    static let oTmpFile: Int32 = 0o20_000_000 | 0o200_000
    #endif

    /// Creates a temporary beside `path`, mode 0600, never through an existing file or link.
    public static func temporary(beside path: String) throws -> Temporary {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        #if os(Linux)
        let anonymous = open(folder, oTmpFile | O_WRONLY | O_CLOEXEC, 0o600)
        if anonymous >= 0 {
            let writer = dup(anonymous)
            guard writer >= 0 else { close(anonymous); throw BadRequest("cannot write \(path): \(String(cString: strerror(errno)))") }
            let p = Pending(path: "/proc/self/fd/\(anonymous)", fd: anonymous, folder: folder)
            pending.withLock { $0[p.path] = p }
            installSignalCleanup
            return Temporary(path: p.path, handle: FileHandle(fileDescriptor: writer, closeOnDealloc: true))
        }
        // The file system has no unnamed files (EOPNOTSUPP, EISDIR, EINVAL): a named one.
        #endif
        let temporary = namedTemporary(folder: folder, for: url.lastPathComponent)
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw BadRequest("cannot write \(path): \(String(cString: strerror(errno)))") }
        pending.withLock { $0[temporary] = Pending(path: temporary, fd: -1, folder: folder) }
        installSignalCleanup
        return Temporary(path: temporary, handle: FileHandle(fileDescriptor: fd, closeOnDealloc: true))
    }

    private static func namedTemporary(folder: String, for name: String) -> String {
        let random = (0..<4).map { _ in String(UInt32.random(in: 0...UInt32.max), radix: 16) }.joined()
        return folder + "/.\(name).\(random).partial"
    }

    /// Gives a finished temporary its name `path` in one step (in a batch: when it commits).
    public static func commit(_ temporary: String, to path: String) throws {
        if let batch = Batch.current {
            try batch.defer(temporary, to: path)
            return
        }
        try name(temporary, path)
    }

    /// Names one temporary now.
    static func name(_ temporary: String, _ path: String) throws {
        guard let p = pending.withLock({ $0[temporary] }) else { throw BadRequest("cannot write \(path): its temporary is gone") }
        var source = temporary
        if p.fd >= 0 {
            // An unnamed file gets a hidden random name first (linkat never overwrites), then
            // the destination's, in one rename.
            source = namedTemporary(folder: p.folder, for: URL(fileURLWithPath: path).lastPathComponent)
            guard linkat(AT_FDCWD, temporary, AT_FDCWD, source, AT_SYMLINK_FOLLOW) == 0 else {
                let why = String(cString: strerror(errno))
                discard(temporary)
                throw BadRequest("cannot write \(path): \(why)")
            }
            pending.withLock { $0[source] = Pending(path: source, fd: -1, folder: p.folder) }
            discard(temporary)
        }
        guard rename(source, path) == 0 else {
            let why = String(cString: strerror(errno))
            discard(source)
            throw BadRequest("cannot write \(path): \(why)")
        }
        _ = pending.withLock { $0.removeValue(forKey: source) }
    }

    /// Removes a temporary that will not be used.
    public static func discard(_ temporary: String) {
        guard let p = pending.withLock({ $0.removeValue(forKey: temporary) }) else { return }
        if p.fd >= 0 { close(p.fd) } else { unlink(p.path) }
    }

    /// Makes the folder `path` (and those above it) if it is not there.
    public static func makeFolder(_ path: String) throws {
        do { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700]) } catch {
            throw BadRequest("cannot create \(path): \(error.localizedDescription)")
        }
    }

    /// Temporaries not yet named or removed, by the path they are written by.
    private static let pending = Mutex<[String: Pending]>([:])

    /// On SIGINT or SIGTERM: remove every temporary, let the running batch say it was
    /// interrupted, then end as the signal would. The sources are made once (a static's
    /// initialiser runs once) and kept alive here.
    nonisolated(unsafe) private static let signalSources: [any DispatchSourceSignal] = [SIGINT, SIGTERM].map { sig in
        signal(sig, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
        source.setEventHandler {
            let interrupted = Batch.interruptAll()
            for p in pending.withLock({ $0.values }) where p.fd < 0 { unlink(p.path) }
            for handler in interrupted { handler(sig) }
            // Dispatch blocks the signal in every thread (it reads it from a signalfd): unblock
            // it on this one, so the default action ends the process as the signal would.
            signal(sig, SIG_DFL)
            var set = sigset_t()
            sigemptyset(&set)
            sigaddset(&set, sig)
            pthread_sigmask(SIG_UNBLOCK, &set, nil)
            raise(sig)
            _exit(128 + sig)
        }
        source.resume()
        return source
    }

    private static var installSignalCleanup: Void { _ = signalSources }

    /// Files whose naming waits for the caller: `run` collects the commits made inside it, and
    /// `commitAll` names them (in the audit entry's transaction). Interrupted by a signal before
    /// that, nothing is named and `onInterrupt` runs.
    public final class Batch: Sendable {
        @TaskLocal static var current: Batch?

        private enum Phase { case running, committing, done, interrupted }
        private struct State {
            var phase = Phase.running
            var files: [(temporary: String, path: String)] = []
        }
        private let state = Mutex(State())
        private let onInterrupt: @Sendable (Int32) -> Void
        private static let running = Mutex<[ObjectIdentifier: Batch]>([:])

        /// A batch whose interruption runs `onInterrupt` (with the signal) after the
        /// temporaries are removed.
        public init(onInterrupt: @escaping @Sendable (Int32) -> Void) {
            self.onInterrupt = onInterrupt
        }

        /// Runs `body` with commits deferred to this batch.
        public func run<T>(_ body: () throws -> T) rethrows -> T {
            Self.running.withLock { $0[ObjectIdentifier(self)] = self }
            return try Batch.$current.withValue(self) { try body() }
        }

        func `defer`(_ temporary: String, to path: String) throws {
            try state.withLock { s in
                guard s.phase == .running else { throw BadRequest("cannot write \(path): interrupted") }
                s.files.append((temporary, path))
            }
        }

        /// Names every deferred file; throws (naming none that are left) if interrupted.
        public func commitAll() throws {
            let files = try state.withLock { s -> [(temporary: String, path: String)] in
                guard s.phase == .running else { throw BadRequest("interrupted before the files were written") }
                s.phase = .committing
                return s.files
            }
            defer {
                state.withLock { $0.phase = .done }
                _ = Self.running.withLock { $0.removeValue(forKey: ObjectIdentifier(self)) }
            }
            for (i, f) in files.enumerated() {
                do { try AtomicFile.name(f.temporary, f.path) } catch {
                    for rest in files[(i + 1)...] { AtomicFile.discard(rest.temporary) }
                    throw error
                }
            }
        }

        /// Removes every deferred file (the batch failed).
        public func discardAll() {
            let files = state.withLock { s in
                s.phase = .done
                return s.files
            }
            for f in files { AtomicFile.discard(f.temporary) }
            _ = Self.running.withLock { $0.removeValue(forKey: ObjectIdentifier(self)) }
        }

        /// Marks every running batch interrupted; their handlers, to run once the temporaries
        /// are gone. A batch already naming its files is let finish (it has been logged).
        static func interruptAll() -> [@Sendable (Int32) -> Void] {
            let batches = running.withLock { Array($0.values) }
            var handlers: [@Sendable (Int32) -> Void] = []
            for b in batches {
                let wasRunning = b.state.withLock { s -> Bool in
                    guard s.phase == .running else { return false }
                    s.phase = .interrupted
                    return true
                }
                if wasRunning { handlers.append(b.onInterrupt) } else { b.waitUntilDone() }
            }
            return handlers
        }

        private func waitUntilDone() {
            for _ in 0..<500 where state.withLock({ $0.phase == .committing }) { usleep(10_000) }
        }
    }
}
