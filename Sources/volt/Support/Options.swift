import ArgumentParser
import Foundation
import VoltModel
import VoltPrivacy
import VoltQuestions
import VoltRender
import VoltStore

/// How results are printed.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json, csv
}

/// The options every store command shares: which store, who, why.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The store file (default ./volt.sqlite, or $VOLT_DB).", valueName: "path"))
    var db: String?

    @Option(name: .long, help: ArgumentHelp("The store's key file (default $VOLT_KEYS, else ~/.config/volt/keys/STORE-ID.keys).", valueName: "path"))
    var keys: String?

    @Option(name: .long, help: ArgumentHelp("An analyst other than the login, where the store allows named analysts (or $VOLT_ACTOR); the log records both.", valueName: "name"))
    var actor: String?

    @Option(name: .long, help: ArgumentHelp("Why: required for queries, exports and changes (or $VOLT_PURPOSE).", valueName: "text"))
    var purpose: String?

    @Flag(help: "See each agency's record of a person apart (by default records judged to be one person, 'volt match accept', are one).")
    var records = false

    var environment: [String: String] { ProcessInfo.processInfo.environment }

    var path: String { db ?? environment["VOLT_DB"] ?? "volt.sqlite" }

    /// The key file given (nil: the default place, named by the store's id).
    var keysPath: String? { keys ?? environment["VOLT_KEYS"].flatMap { $0.isEmpty ? nil : $0 } }

    /// The store, opened with its keys.
    func open() throws(StoreError) -> Store { try Store.open(at: path, keys: keysPath) }

    func context(defaultPurpose: String? = nil) throws(StoreError) -> AuditContext {
        // The actor is the login (from the system, not from $USER, which anyone can set); a
        // name typed with --actor is recorded beside it and allowed only where the store says.
        let login = loginName()
        let why = purpose ?? environment["VOLT_PURPOSE"] ?? defaultPurpose
        if let named = actor ?? environment["VOLT_ACTOR"], !named.trimmingSpaces.isEmpty {
            return try AuditContext(actor: named, purpose: why, login: login.isEmpty ? nil : login)
        }
        return try AuditContext(actor: login, purpose: why)
    }

    /// A session on the store, after checking the purpose and that the store's configuration
    /// allows this actor and purpose, so a refused command touches nothing.
    func session() throws -> Session {
        let ctx = try context()
        let s = try open()
        try s.admit(ctx)
        var session = Session(store: s, context: ctx)
        session.records = records
        return session
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

/// `--from` and `--to`: a window of time, a bare `--to` date meaning the whole day.
struct PeriodOptions: ParsableArguments {
    @Option(help: ArgumentHelp("From this date or time (ISO 8601).", valueName: "date"), transform: Parse.time("--from"))
    var from: Timestamp?

    @Option(help: ArgumentHelp("Up to this date or time (a bare date: the whole day).", valueName: "date"), transform: Parse.end("--to"))
    var to: Timestamp?

    var window: TimeWindow { TimeWindow(from: from, to: to) }

    func validate() throws {
        if window.isEmpty { throw ValidationError("the window is empty: --from \(window.fromText!) is after --to \(window.toText!)") }
    }
}

/// The snapshot filters shared by the network commands.
struct NetworkOptions: ParsableArguments {
    @OptionGroup var period: PeriodOptions

    @Option(help: ArgumentHelp("Only these link types, comma-separated (e.g. associate,exploits).", valueName: "types"), transform: Parse.linkTypes("--links"))
    var links: Set<LinkType>?

    @Option(help: ArgumentHelp("Only these VOLT types, comma-separated (e.g. victim,offender,victim+offender).", valueName: "types"), transform: Parse.voltTypes("--types"))
    var types: Set<VoltType>?

    @Option(name: .customLong("min-grading"), help: ArgumentHelp("Only links graded at least this reliable, like 2B (ungraded links are left out).", valueName: "grading"), transform: Parse.grading)
    var minGrading: Grading?

    @Flag(help: "Keep link direction (exploits and supplies point from offender to victim).")
    var directed = false

    @Flag(help: "Weight ties by their number of links (more links = closer).")
    var weighted = false

    @Option(help: ArgumentHelp("With --weighted: a link counts half as much for every this many days before the end of the window (or today).", valueName: "days"))
    var recency: Double?

    @Option(help: ArgumentHelp("Also tie people seen at the same place within this window of each other (like 1h) during --from/--to: co-location as derived links.", valueName: "window"), transform: Parse.span("--colocated"))
    var colocated: Span?

    @Option(name: .customLong("colocated-min"), help: "With --colocated: only pairs seen together at least this many times.")
    var colocatedMinimum: Int = 2

    /// The filter's own checks (`NetworkFilter.validate`), as usage errors.
    func validate() throws {
        do { try filter.validate() } catch let e as BadRequest { throw ValidationError(e.message) }
    }

    var filter: NetworkFilter {
        NetworkFilter(window: period.window, linkTypes: links, voltTypes: types, minimumGrading: minGrading, directed: directed,
                      weighted: weighted, recencyDays: recency, colocated: colocated, colocatedMinimum: colocatedMinimum)
    }
}

/// Who receives a disclosure.
struct DisclosureOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Who receives it (required: it is logged as a disclosure).", valueName: "name"))
    var recipient: String = ""
}

/// Options every map takes.
struct MapOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Write the map here; the extension picks the format (.dot, .svg, .png, .pdf).", valueName: "file"))
    var out: String

    /// Initials by default: what a panel can read out in a meeting (a pseudonym cannot be).
    @Option(help: "What the map may show of people: initials (default: what a meeting can read out), names, or pseudonyms (to share beyond the panel).")
    var labels: LabelLevel = .initials

    @Option(help: "Layout engine (default: dot up to 300 nodes, sfdp above).")
    var engine: LayoutEngine?

    func validate() throws {
        guard MapFormat(fileName: out) != nil else {
            throw ValidationError(RenderError.unknownFormat(URL(fileURLWithPath: out).pathExtension).description + ", from --out \(out)")
        }
    }

    var view: ViewOptions { ViewOptions(level: labels, format: MapFormat(fileName: out) ?? .svg, engine: engine, out: out) }
}

/// `--labels` for the commands that print people: the session's label level, and the output
/// filter that rewrites what they print at it.
struct LabelOptions: ParsableArguments {
    @Option(help: "What the output may show of people: names (ids and names), initials, or pseudonyms.")
    var labels: LabelLevel = .names

    /// A session at this label level, with every line printed from now on rewritten at it.
    func session(_ store: StoreOptions) throws -> Session {
        var s = try store.session()
        s.labels = labels
        OutputFilter.shared.redactor = try s.redactor()
        return s
    }
}
