import Foundation
import GRDB

extension Store {
    /// Makes a new store at `path` and fills it with `body`, whole or not at all.
    ///
    /// The store is built in a hidden file beside `path` and given its name only once `body` has
    /// returned and the file is on disk; if `body` throws, or the process dies, there is no store
    /// at `path` (nor a half-filled one). Since nothing else can see the file while it is built,
    /// SQLite keeps its rollback journal in memory and does not sync each step: a first load
    /// writes each page once, where the WAL would write it twice (the log, then the checkpoint).
    /// The finished file is in WAL mode, like every store.
    ///
    /// A key file is made for the store as `create` makes one; it is removed again if the build
    /// fails. A file named `.NAME.building-PID-…` beside the store is what a killed build left:
    /// the next build removes it once that process is gone.
    ///
    /// Throws `StoreError.exists` if a store is at `path`, before or (made by another process
    /// meanwhile) after the build; an error `body` throws reaches the caller unchanged.
    public static func build<T>(at path: String, keys: String? = nil, context: AuditContext,
                                _ body: (Store) throws -> T) throws -> T {
        if FileManager.default.fileExists(atPath: path) { throw StoreError.exists(path: path) }
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        let prefix = ".\(url.lastPathComponent).building-"
        removeAbandonedBuilds(in: folder, prefix: prefix)
        let partial = folder + "/" + prefix + "\(getpid())-" + UUID().uuidString.prefix(8).lowercased()
        try makeEmptyFile(partial, for: path)
        var keysMade: String?
        do {
            let store = try connect(partial, keys: keys, building: true)
            keysMade = store.keysPath
            try store.recordCreation(context)
            let value = try body(store)
            try store.runTyped {
                let mode = try store.queue.writeWithoutTransaction { db in try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL") }
                guard mode == "wal" else { throw StoreError.database("the new store could not be put in WAL mode (it is in \(mode ?? "no") mode)") }
                try store.queue.close()
            }
            try name(partial, as: path, folder: folder)
            return value
        } catch {
            for suffix in ["", "-journal", "-wal", "-shm"] { unlink(partial + suffix) }
            if let keysMade { unlink(keysMade) }
            throw error
        }
    }

    /// Syncs the built file and links it to `path` (link(2) fails rather than replace a store
    /// made meanwhile; where the file system has no hard links, it is renamed), then drops the
    /// temporary name and syncs the folder.
    private static func name(_ partial: String, as path: String, folder: String) throws(StoreError) {
        let fd = Foundation.open(partial, O_RDONLY | O_CLOEXEC)
        guard fd >= 0, fsync(fd) == 0 else {
            if fd >= 0 { Foundation.close(fd) }
            throw .cannotOpen(path: path, reason: "the new store could not be written to disk (\(String(cString: strerror(errno))))")
        }
        Foundation.close(fd)
        func failure(_ code: Int32) -> StoreError {
            .cannotOpen(path: path, reason: "the new store could not be given its name (\(String(cString: strerror(code))))")
        }
        if link(partial, path) == 0 {
            unlink(partial)
        } else {
            let code = errno
            if code == EEXIST || FileManager.default.fileExists(atPath: path) { throw .exists(path: path) }
            // A file system without hard links (FAT, some network mounts): rename, after the
            // look above for a store made meanwhile.
            guard code == EPERM || code == EOPNOTSUPP else { throw failure(code) }
            guard rename(partial, path) == 0 else { throw failure(errno) }
        }
        let dir = Foundation.open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if dir >= 0 {
            _ = fsync(dir)
            Foundation.close(dir)
        }
    }

    /// Removes what builds of this store killed before they finished left behind: files whose
    /// name carries the id of a process that no longer runs.
    private static func removeAbandonedBuilds(in folder: String, prefix: String) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        for n in names where n.hasPrefix(prefix) {
            guard let pid = Int32(n.dropFirst(prefix.count).prefix { $0 != "-" }),
                  kill(pid, 0) != 0, errno == ESRCH else { continue }
            unlink(folder + "/" + n)
        }
    }
}
