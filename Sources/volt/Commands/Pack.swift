import ArgumentParser
import VoltModel
import VoltPack
import VoltQuestions

struct PackCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pack",
        abstract: "The monthly pack for a panel or a strategic board: pack.html (one self-contained page) and pack.json.",
        discussion: """
            The pack follows the panels' agendas: the actions from the last meeting (done, open, overdue) and older ones still overdue, referrals this month with the referred children's demographics, cohort 1 (open to children's social care) and cohort 2 (not open) with movement against last month, outcomes (arrests, charges, orders, CAWNs first), the perpetrator update, children still missing with hours missing up to the month's end, return interviews not recorded; then the month at a glance against the month before, twelve months of trend, the Top N children with the reasons (panel only), who has records by VOLT type, gender and age band, links by agency, the places where children are seen, children missing and missing together, and one map per peer group of the Top N children (panel only, by initials).

            Each list shows its --rows most important rows (overdue actions first, children still missing first, places with the most children first) and says how many more pack.json holds; pack.json holds every row. Peer groups that changed are shown when they have at least --min-group-size young people or are newly in contact with an offender.

            --audience panel shows children by initials. --audience strategic shows no one: no names, initials or ids; counts from 1 to --threshold - 1 shown as <5, with further cells hidden (*) so that none can be worked out from the totals; places by area unless public.

            A pack is a disclosure: --recipient and a purpose are required and logged with the audience. The same store and month give the same pack, byte for byte, apart from the generation time.

            Examples:
              volt pack --period 2026-10 --audience panel --out packs/2026-10 --recipient "Wexbury MACE panel" --purpose "MACE, November meeting"
              volt pack --period 2026-10 --audience strategic --out packs/board --recipient "Community Safety Partnership board" --purpose "quarterly strategic meeting"
            """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var disclosure: DisclosureOptions

    @Option(help: ArgumentHelp("The month, like 2026-10.", valueName: "month"), transform: Parse.month("--period"))
    var period: Month

    @Option(help: "Who the pack is for.")
    var audience = PackAudience.panel

    @Option(help: ArgumentHelp("Folder to write pack.html and pack.json into (created if needed).", valueName: "dir"))
    var out: String

    @Option(help: "Strategic packs: counts below this are suppressed.")
    var threshold = 5

    @Option(help: "How many children on the Top N list (panel).")
    var n = 8

    @Option(help: ArgumentHelp("A JSON file of Top N weights (default: config/top-weights.json's values).", valueName: "file"))
    var weights: String?

    @Option(help: ArgumentHelp("The panel whose last meeting's actions open the pack (default: the latest meeting with actions).", valueName: "forum"))
    var forum: String?

    @Option(help: "Rows each list shows on the page (pack.json holds them all).")
    var rows = 8

    @Option(help: "Show changed peer groups of at least this many young people (smaller ones only when newly in contact with an offender).")
    var minGroupSize = 4

    func run() throws {
        try guarded {
            var q = PackQuestion(period: period, audience: audience, recipient: disclosure.recipient, out: out)
            (q.threshold, q.n, q.weightsFile, q.forum) = (threshold, n, weights, forum)
            (q.rows, q.minimumGroupSize) = (rows, minGroupSize)
            let report = try store.session().ask(try checked(q))
            print("wrote \(out)/pack.html and \(out)/pack.json: \(report.title), audience \(audience.rawValue); logged as a disclosure to \(disclosure.recipient)")
        }
    }
}
