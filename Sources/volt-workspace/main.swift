import Dispatch
import Foundation
import Synchronization
import VoltModel
import VoltStore
import VoltWorkspace

// The panel workspace's server, apart from the volt command so that the command-line tool
// builds without the server stack (SwiftNIO, Hummingbird). `volt serve` parses the options,
// resolves the store and its keys, and runs this with exactly these arguments:
//   --db PATH [--keys PATH] --host ADDRESS --port PORT [--secure-cookies]

/// The value after `name`, if given.
func value(_ name: String, in args: [String]) -> String? {
    guard let i = args.firstIndex(of: name), i + 1 < args.count else { return nil }
    return args[i + 1]
}

func fail(_ message: String, _ status: Int32) -> Never {
    FileHandle.standardError.write(Data("volt: \(message)\n".utf8))
    exit(status)
}

let args = Array(CommandLine.arguments.dropFirst())
guard let db = value("--db", in: args), let host = value("--host", in: args), let port = value("--port", in: args).flatMap(Int.init) else {
    fail("volt-workspace is started by 'volt serve' (volt serve --db area.sqlite --port 8080)", 2)
}
do {
    let store = try Store.open(at: db, keys: value("--keys", in: args))
    let api = WorkspaceAPI(store: store, secureCookies: args.contains("--secure-cookies"))
    FileHandle.standardError.write(Data("volt workspace on http://\(host):\(port)/ (store \(store.path)); Ctrl-C stops it\n".utf8))
    let done = DispatchSemaphore(value: 0)
    let failure = Mutex<(any Error)?>(nil)
    Task.detached {
        do { try await Workspace.application(api, host: host, port: port).runService() } catch { failure.withLock { $0 = error } }
        done.signal()
    }
    done.wait()
    if let e = failure.withLock({ $0 }) { throw e }
} catch let e as any Failure {
    fail("\(e)", e.exitCode)
} catch {
    fail("\(error)", 1)
}
