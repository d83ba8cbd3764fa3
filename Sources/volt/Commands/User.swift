import ArgumentParser
import Foundation
import VoltStore
import Synchronization
import VoltWorkspace

extension WorkspaceRole: ExpressibleByArgument {}

struct UserCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user",
        abstract: "Workspace accounts: add, list, disable (kept in the store, every change logged).",
        discussion: """
            Roles: admin (accounts), analyst (everything, names), panel (the subjects referred to its forums, initials), strategic (aggregates only, suppressed). docs/workspace.md says what each sees.
            """,
        subcommands: [UserAdd.self, UserList.self, UserDisable.self])
}

struct UserAdd: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add", abstract: "Add an account; the password is read from standard input.",
        discussion: """
            The first line of standard input is the password (at least 12 characters); only its bcrypt hash is kept.

            Examples:
              volt user add j.analyst --role analyst --purpose "IG: workspace accounts" < password.txt
              printf '%s\\n' "$PW" | volt user add s.chair --role panel --forum efh --forum roth --purpose "IG: workspace accounts"
            """)

    @OptionGroup var store: StoreOptions

    @Argument(help: ArgumentHelp("The account's name (letters, digits and . - _ @).", valueName: "name"))
    var name: String

    @Option(help: ArgumentHelp("\(WorkspaceRole.accepted).", valueName: "role"))
    var role: WorkspaceRole

    @Option(help: ArgumentHelp("A forum a panel member sits on (repeat for several).", valueName: "forum"))
    var forum: [String] = []

    func run() throws {
        try guarded {
            let ctx = try store.context()
            let s = try store.open()
            guard let line = readLine(strippingNewline: true), line.count >= 12 else {
                throw UsageError(message: "give the password (at least 12 characters) as the first line of standard input")
            }
            try s.addUser(ctx, name: name, role: role, forums: forum, passwordHash: Workspace.hashPassword(line))
            print("added \(name) (\(role.rawValue)\(forum.isEmpty ? "" : ", forums \(forum.joined(separator: ", "))")); logged")
        }
    }
}

struct UserList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "The accounts, their roles and forums.",
        discussion: "Example:\n  volt user list")

    @OptionGroup var store: StoreOptions
    @OptionGroup var output: FormatOptions

    func run() throws {
        try guarded {
            let users = try store.open().users()
            var t = Table(["name", "role", "forums", "state", "created"])
            for u in users { t.add([u.name, u.role.rawValue, u.forums.joined(separator: ";"), u.disabled ? "disabled" : "enabled", u.created.iso8601]) }
            switch output.format {
            case .json: try printJSON(query: [:], results: users)
            case .csv: print(t.csv)
            case .table: print(t.text)
            }
        }
    }
}

struct UserDisable: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "disable", abstract: "Disable an account (it stays, so the log keeps its meaning).",
        discussion: "Example:\n  volt user disable s.chair --purpose \"IG: left the panel\"")

    @OptionGroup var store: StoreOptions

    @Argument(help: ArgumentHelp("The account.", valueName: "name"))
    var name: String

    func run() throws {
        try guarded {
            try store.open().disableUser(try store.context(), name: name)
            print("disabled \(name); logged")
        }
    }
}

struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve the panel workspace's JSON API over the store (127.0.0.1 unless --host says otherwise).",
        discussion: """
            Users sign in with POST /api/v1/session and their purpose; every call is logged with their name, role and purpose. docs/workspace.md has the API. For TLS, put it behind a reverse proxy (docs/workspace.md) and give --secure-cookies.

            Example:
              volt serve --db area.sqlite --port 8080
            """)

    @OptionGroup var store: StoreOptions

    @Option(help: ArgumentHelp("The address to listen on.", valueName: "address"))
    var host = "127.0.0.1"

    @Option(help: ArgumentHelp("The port.", valueName: "port"))
    var port = 8080

    @Flag(name: .customLong("secure-cookies"), help: "Send the session cookie over TLS only (behind a TLS proxy).")
    var secureCookies = false

    func run() throws {
        try guarded {
            let s = try store.open()
            let api = WorkspaceAPI(store: s, secureCookies: secureCookies)
            printToStderr("volt workspace on http://\(host):\(port)/ (store \(s.path)); Ctrl-C stops it")
            let done = DispatchSemaphore(value: 0)
            let failure = Mutex<(any Error)?>(nil)
            // Detached: the requests are not this command's work, so they draw no progress line.
            Task.detached {
                do { try await Workspace.application(api, host: host, port: port).runService() } catch { failure.withLock { $0 = error } }
                done.signal()
            }
            done.wait()
            if let e = failure.withLock({ $0 }) { throw e }
        }
    }
}
