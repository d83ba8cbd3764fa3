import ArgumentParser
import VoltCasework
import VoltModel
import VoltPack
import VoltQuestions

extension ReferralGrouping: ExpressibleByArgument {}
extension ActionState: ExpressibleByArgument {}
extension GapKind: ExpressibleByArgument {}

/// A breakdown as one cell: `F 3, M 4`.
private func cell(_ d: [String: ShownCount]) -> String {
    d.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
}

struct Referrals: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Referrals counted by month, week, agency, theme or context, with the children referred and their demographics.",
        discussion: """
            Each row counts the referrals dated in it and the distinct children referred, with their gender, age band at referral, ethnicity and SEND (a send or ehcp status open at the referral). Referrals of a place or a named group are counted apart (other_subjects). By theme, a referral naming two themes counts under each; by context, under the context named first. The total counts each child once over the whole window. --audience strategic suppresses counts from 1 to --threshold − 1 as the strategic pack does.

            Examples:
              volt referrals --from 2026-04-01 --to 2026-10-31 --by month --purpose "EFH panel: referrals this year"
              volt referrals --from 2026-10-01 --to 2026-10-31 --by agency --audience strategic --purpose "Strategic board: October"
            """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var output: FormatOptions
    @OptionGroup var period: PeriodOptions

    @Option(help: "Count by month, week, agency, theme or context.")
    var by: ReferralGrouping = .month

    @Option(help: "panel, or strategic (small counts suppressed).")
    var audience: PackAudience = .panel

    @Option(help: "Strategic: counts below this are suppressed.")
    var threshold = 5

    func run() throws {
        try guarded {
            let q = try checked(ReferralsQuestion(window: period.window, grouping: by, audience: audience, threshold: threshold))
            let a = try store.session().ask(q)
            if output.format == .json { return try printJSON(q, a) }
            var t = Table([by.rawValue, "referrals", "children", "other_subjects", "gender", "age_band", "ethnicity", "send"])
            for r in a.rows + [a.total] {
                t.add([r.key, r.referrals.description, r.children.description, r.otherSubjects.description,
                       cell(r.gender), cell(r.ageBand), cell(r.ethnicity), r.send.description])
            }
            t.print(output.format, summary: "referrals \(a.from.day) to \(a.to.day) by \(by.rawValue)"
                    + (a.suppressed ? "; counts from 1 to \(threshold - 1) shown as <\(threshold), others hidden (*) where they would give them away" : ""))
        }
    }
}

struct Actions: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The action tracker: open, overdue and done actions, with their subject, owner and the meeting and decision they came from.",
        discussion: """
            An action's state is worked out, never stored: done once it has a closed date, overdue when open past its due date, open otherwise. Overdue actions come first.

            Examples:
              volt actions --forum efh_tactical --purpose "EFH panel: action tracker"
              volt actions --meeting M-2026-10 --owner police --purpose "EFH panel: police actions from October"
              volt actions --state overdue --due-before 2026-11-01 --purpose "Chair: overdue actions"
            """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var labels: LabelOptions
    @OptionGroup var output: FormatOptions

    @Option(help: ArgumentHelp("Only actions agreed at this meeting (its id).", valueName: "id"))
    var meeting: String?

    @Option(help: ArgumentHelp("Only actions from this panel's meetings (efh_tactical, mace, ...).", valueName: "forum"))
    var forum: String?

    @Option(name: .customLong("due-before"), help: ArgumentHelp("Only actions due before this date.", valueName: "date"), transform: Parse.time("--due-before"))
    var dueBefore: Timestamp?

    @Option(help: ArgumentHelp("Only actions owned by this agency.", valueName: "agency"))
    var owner: String?

    @Option(help: ArgumentHelp("Only actions in this state (open, overdue, done); repeat for more.", valueName: "state"))
    var state: [ActionState] = []

    @Option(name: .customLong("as-of"), help: ArgumentHelp("Work states out for this day (default: today).", valueName: "date"), transform: Parse.end("--as-of"))
    var asOf: Timestamp?

    func run() throws {
        try guarded {
            let filter = ActionFilter(meeting: meeting, forum: forum, dueBefore: dueBefore, owner: owner, states: state.isEmpty ? nil : Set(state))
            let q = try checked(ActionsQuestion(filter: filter, asOf: asOf))
            let a = try labels.session(store).ask(q)
            if output.format == .json { return try printJSON(q, a) }
            var t = Table(["id", "state", "subject", "owner", "due", "closed", "decision", "meeting", "forum", "description"])
            for r in a.actions {
                t.add([r.id, r.state.rawValue, r.subject, r.owner, r.due, r.closed, r.decision, r.meeting, r.forum, r.description])
            }
            let count = { (s: ActionState) in a.actions.filter { $0.state == s }.count }
            t.print(output.format, summary: "\(plural(a.actions.count, "action")) as of \(a.asOf.day): \(count(.overdue)) overdue, \(count(.open)) open, \(count(.done)) done")
        }
    }
}

struct Review: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "What is due for review: records past their retention review date, and subjects with no action or referral for a while.",
        discussion: """
            Retention: entities whose review_date is before --before (default today): keep them with a reason, or erase them (volt erase). No recent action: named groups, children and places referred whose latest referral or action is older than --quiet-days, with no action still open.

            Examples:
              volt review --purpose "IG: monthly retention review"
              volt review --before 2027-01-01 --quiet-days 28 --purpose "EFH panel: subjects gone quiet"
            """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var labels: LabelOptions
    @OptionGroup var output: FormatOptions

    @Option(help: ArgumentHelp("Records whose review date is before this day (default: today).", valueName: "date"), transform: { text in
        guard let d = CalendarDate(text) else { throw ValidationError("--before takes a date like 2027-01-01 (got '\(text)')") }
        return d
    })
    var before: CalendarDate?

    @Option(name: .customLong("quiet-days"), help: "Subjects with no referral or action for more than this many days.")
    var quietDays = 56

    func run() throws {
        try guarded {
            let q = try checked(ReviewQuestion(before: before, quietDays: quietDays))
            let a = try labels.session(store).ask(q)
            if output.format == .json { return try printJSON(q, a) }
            var t = Table(["reason", "id", "type", "date", "detail"])
            for i in a.items { t.add([i.reason, i.id, i.type, i.date, i.detail]) }
            let retention = a.items.filter { $0.reason == "retention" }.count
            t.print(output.format, summary: "\(plural(retention, "record")) past review, \(plural(a.items.count - retention, "subject")) with no recent action")
        }
    }
}

struct Gaps: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Intelligence gaps: single-source and ungraded links, children known to one agency, children linked to offenders and not referred, associates of open CSC children not referred.",
        discussion: """
            Kinds: single_source (a child–offender link all from one agency), ungraded (child–offender links with no 3x5x2 grading), one_agency (a child whose records all come from one agency), no_referral (a child linked to an offender and never referred), associate_not_referred (someone linked to a child open to children's social care who has not been referred: the South Gloucestershire scope rule).

            Examples:
              volt gaps --purpose "EFH panel: intelligence gaps"
              volt gaps --kind no_referral --kind associate_not_referred --purpose "EFH panel: who should be referred"
            """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var labels: LabelOptions
    @OptionGroup var output: FormatOptions

    @Option(help: ArgumentHelp("Only this kind of gap; repeat for more.", valueName: "kind"))
    var kind: [GapKind] = []

    @Option(name: .customLong("as-of"), help: ArgumentHelp("Read status and referrals as they stood on this day (default: today).", valueName: "date"), transform: Parse.end("--as-of"))
    var asOf: Timestamp?

    @Option(help: "Show at most this many gaps in the table (0: all).")
    var top: Int = 50

    func run() throws {
        try guarded {
            let q = try checked(GapsQuestion(kinds: kind.isEmpty ? nil : Set(kind), asOf: asOf))
            let a = try labels.session(store).ask(q)
            if output.format == .json { return try printJSON(q, a) }
            var t = Table(["kind", "subject", "other", "detail"])
            for g in a.gaps { t.add([g.kind.rawValue, g.subject, g.other, g.detail]) }
            let counts = a.counts.filter { $0.1 > 0 }.map { "\($0.0.rawValue) \($0.1)" }.joined(separator: ", ")
            // The table adds "50 of 69 shown (--top 0 for all)" itself when it cuts.
            t.print(output.format, top: top, summary: "\(plural(a.gaps.count, "gap"))" + (counts.isEmpty ? "" : ": \(counts)"))
        }
    }
}

struct MeetingCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "meeting",
        abstract: "A forum's sitting, as its chair runs it: actions carried from earlier sittings, what this sitting agreed, who is referred to the forum.",
        discussion: """
            The workspace's meeting page is this question with the forum's own Top N (volt top --forum), missing children and places beside it.

            Example:
              volt meeting efh_tactical --purpose "EFH panel: preparing the December sitting"
            """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var labels: LabelOptions
    @OptionGroup var output: FormatOptions

    @Argument(help: ArgumentHelp("The forum (efh_tactical, mace, ...).", valueName: "forum"))
    var forum: String

    @Option(help: ArgumentHelp("The sitting (a meeting id; default: the forum's latest).", valueName: "id"))
    var sitting: String?

    func run() throws {
        try guarded {
            let q = try checked(MeetingQuestion(forum: forum, meeting: sitting))
            let a = try labels.session(store).ask(q)
            if output.format == .json { return try printJSON(q, a) }
            print("\(a.forum): " + (a.sitting.map { "sitting \($0.id) of \($0.date.day)" } ?? "no sitting yet")
                  + (a.previous.map { "; the one before: \($0.id)" } ?? ""))
            var t = Table(["part", "id", "state", "subject", "owner", "due", "description"])
            for r in a.carried { t.add(["carried", r.id, r.state.rawValue, r.subject, r.owner, r.due, r.description]) }
            for r in a.agreed { t.add(["agreed", r.id, r.state.rawValue, r.subject, r.owner, r.due, r.description]) }
            t.print(output.format, summary: "\(plural(a.carried.count, "action")) carried, \(a.agreed.count) agreed; \(plural(a.referred.count, "subject")) referred to the forum; \(plural(a.perpetrators.count, "offender")) one step from them")
        }
    }
}
