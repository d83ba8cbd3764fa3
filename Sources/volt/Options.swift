import ArgumentParser
import Foundation
import VoltStore

/// How results are printed.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json, csv
}

/// The options every store command shares: which store, who, why.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The store file (default ./volt.sqlite, or $VOLT_DB).", valueName: "path"))
    var db: String?

    @Option(name: .long, help: ArgumentHelp("Who is acting (default $VOLT_ACTOR, else the login name).", valueName: "name"))
    var actor: String?

    @Option(name: .long, help: ArgumentHelp("Why: required for queries, exports and changes (or $VOLT_PURPOSE).", valueName: "text"))
    var purpose: String?

    var environment: [String: String] { ProcessInfo.processInfo.environment }

    var path: String { db ?? environment["VOLT_DB"] ?? "volt.sqlite" }

    func context(defaultPurpose: String? = nil) throws(StoreError) -> AuditContext {
        let who = actor ?? environment["VOLT_ACTOR"] ?? environment["USER"] ?? environment["LOGNAME"] ?? loginName()
        return try AuditContext(actor: who, purpose: purpose ?? environment["VOLT_PURPOSE"] ?? defaultPurpose)
    }

    /// Opens the store after checking the purpose, so a refused command touches nothing.
    func open() throws(StoreError) -> (Store, AuditContext) {
        let ctx = try context()
        return (try Store.open(at: path), ctx)
    }
}

/// The output format option.
struct FormatOptions: ParsableArguments {
    @Option(name: .long, help: "Output format: table (for people), json or csv (for scripts).")
    var format: OutputFormat = .table
}

/// The operating system's name for the current user, or "" if it has none.
func loginName() -> String {
    guard let pw = getpwuid(getuid()), let name = pw.pointee.pw_name else { return "" }
    return String(cString: name)
}
