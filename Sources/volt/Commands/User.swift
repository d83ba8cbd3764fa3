import ArgumentParser
import Foundation
import VoltStore
import HummingbirdBcrypt

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
            try s.addUser(ctx, name: name, role: role, forums: forum, passwordHash: Bcrypt.hash(line, cost: 12))
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

            The server is its own program, volt-workspace, beside volt: 'make workspace' builds it (the demo does not need it). volt serve checks the store and its keys, then hands over to it in the same process.

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
            // The server is its own program (volt-workspace, beside this one), so that volt
            // builds without the server stack; it replaces this process, so signals reach it.
            let me = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? Bundle.main.executablePath ?? CommandLine.arguments[0]
            let server = URL(fileURLWithPath: me).deletingLastPathComponent().appendingPathComponent("volt-workspace").path
            guard FileManager.default.isExecutableFile(atPath: server) else {
                throw Unavailable(message: "the workspace server is not built: run 'make workspace' (or 'swift build -c release --product volt-workspace'), then volt serve again")
            }
            // Opened here first, so a missing store or key file is the usual one sentence.
            _ = try store.open()
            var argv = [server, "--db", store.path, "--host", host, "--port", String(port)]
            if let k = store.keysPath { argv += ["--keys", k] }
            if secureCookies { argv.append("--secure-cookies") }
            fflush(nil)  // whatever this process printed goes out before the server replaces it
            let cArgs = argv.map { strdup($0) } + [nil]
            execv(server, cArgs)
            throw Unavailable(message: "could not start \(server): \(String(cString: strerror(errno)))")
        }
    }
}
