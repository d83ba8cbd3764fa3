import Foundation
import Testing
import VoltTestSupport

/// The audit log is a legal record (DPA 2018 s.62): what was consulted is written in full, the
/// same way for every command. Every option of every command that changes what is read or shown
/// is run once, and the newest entry must name its value; an option a command gains later with
/// no case here fails `everyOptionIsCovered`, so the list cannot fall behind the commands.
@Suite(.serialized) struct AuditEntryTests {
    static let store = TestSupport.exampleStore("audit-entries", purpose: "audit entries")
    static var dir: String { store.dir }
    static var env: [String: String] { store.env }

    /// A command, the arguments it needs, and for each option a value and the text the entry
    /// must then hold.
    struct Command: Sendable, CustomTestStringConvertible {
        let words: [String]
        let base: [String]
        let options: [(option: [String], logged: String)]
        var testDescription: String { words.joined(separator: " ") }
    }

    /// The network filters, with values every network command can answer.
    static let network: [(option: [String], logged: String)] = [
        (["--from", "2026-03-01"], "from=2026-03-01"), (["--to", "2026-10-31"], "to=2026-10-31"),
        (["--links", "associate,exploits"], "links=associate,exploits"), (["--types", "victim,offender"], "types=victim,offender"),
        (["--min-grading", "3C"], "min_grading=3C"), (["--directed"], "directed=true"), (["--weighted"], "weighted=true"),
        (["--weighted", "--recency", "60"], "recency_days=60.0"), (["--colocated", "2h"], "colocated=2h"),
        (["--colocated", "1h", "--colocated-min", "3"], "colocated_min=3"),
    ]

    static let baseCommands: [Command] = [
        Command(words: ["stats"], base: [], options: []),
        Command(words: ["search"], base: ["park"], options: [(["--top", "3"], "top=3"), ([], "text=park")]),
        Command(words: ["show"], base: ["Y012"], options: [([], "id=Y012")]),
        Command(words: ["groups"], base: [], options: network + [(["--min-size", "3"], "min_size=3")]),
        Command(words: ["communities"], base: [], options: network + [(["--resolution", "1.5"], "resolution=1.5"), (["--seed", "4"], "seed=4"),
                                                                      (["--unweighted"], "unweighted=true")]),
        Command(words: ["centrality"], base: [], options: network + [
            (["--measure", "pagerank"], "measure=pagerank"), (["--top", "5"], "top=5"), (["--type", "offender"], "only=offender"),
            (["--measure", "betweenness", "--normalized"], "normalized=true"), (["--measure", "betweenness", "--exact"], "exact=true"),
            (["--measure", "betweenness", "--epsilon", "0.05"], "epsilon=0.05"),
        ]),
        Command(words: ["brokers"], base: [], options: network + [(["--type", "offender"], "only=offender"), (["--top", "4"], "top=4"), (["--exact"], "exact=true"), (["--epsilon", "0.05"], "epsilon=0.05")]),
        Command(words: ["path"], base: ["Y012", "O003"], options: network.filter { $0.logged != "types=victim,offender" } + [
            (["--types", "victim,offender,victim+offender"], "types=victim,offender,victim+offender"), (["--limit", "2"], "limit=2"),
            ([], "from_id=Y012"), ([], "to_id=O003"),
        ]),
        Command(words: ["ego"], base: ["Y012"], options: network.filter { !$0.logged.hasPrefix("types=") && !$0.logged.hasPrefix("from=") }
            + [(["--hops", "2"], "hops=2"), ([], "id=Y012"), (["--from", "2026-09-01"], "from=2026-09-01"), (["--types", "victim,victim+offender"], "types=victim,victim+offender")]),
        Command(words: ["disrupt"], base: [], options: network.filter { !$0.logged.hasPrefix("types=") } + [
            (["--k", "2"], "k=2"), (["--within", "3"], "within=3"), (["--types", "victim,offender,victim+offender"], "types=victim,offender,victim+offender"),
        ]),
        Command(words: ["colocate"], base: [], options: [
            (["--window", "2h"], "window=2h"), (["--from", "2026-08-01"], "from=2026-08-01"), (["--to", "2026-10-31"], "to=2026-10-31"),
            (["--locations", "L016,L014"], "locations=L016,L014"), (["--categories", "park,shop"], "categories=park,shop"),
            (["--pair", "victim,offender"], "pair=victim,offender"), (["--min-count", "2"], "min_count=2"), (["--top", "7"], "top=7"),
        ]),
        Command(words: ["missing"], base: [], options: [
            (["--from", "2026-08-01"], "from=2026-08-01"), (["--to", "2026-10-31"], "to=2026-10-31"), (["--overlap", "2h"], "overlap=2h"),
            (["--same-place"], "same_place=true"), (["--repeat", "3"], "repeat=3"), (["--hops", "1"], "hops=1"),
            (["--section", "repeat"], "section=repeat"), (["--top", "6"], "top=6"),
        ]),
        Command(words: ["emerging"], base: ["--since", "2026-09-01"], options: [
            ([], "since=2026-09-01"), (["--to", "2026-10-31"], "to=2026-10-31"), (["--baseline", "60d"], "baseline=60d"),
            (["--baseline-from", "2026-03-01", "--baseline-to", "2026-05-31"], "baseline_from=2026-03-01"),
            (["--baseline-from", "2026-03-01", "--baseline-to", "2026-05-31"], "baseline_to=2026-05-31"),
            (["--similarity", "0.5"], "similarity=0.5"), (["--rising-factor", "1.5"], "rising_factor=1.5"), (["--rising-min", "2"], "rising_min=2"),
            (["--all"], "all=true"),
        ]),
        Command(words: ["hotspots"], base: ["--from", "2026-10-01"], options: [
            ([], "from=2026-10-01"), (["--to", "2026-10-31"], "to=2026-10-31"), (["--window", "2h"], "window=2h"), (["--by", "area"], "by=area"),
            (["--categories", "park"], "categories=park"), (["--top", "3"], "top=3"),
        ]),
        Command(words: ["timepath"], base: ["O003", "Y116"], options: [
            ([], "from_id=O003"), ([], "to_id=Y116"), (["--from", "2026-01-01"], "from=2026-01-01"), (["--to", "2026-10-31"], "to=2026-10-31"),
            (["--links", "associate,family,exploits"], "links=associate,family,exploits"), (["--directed"], "directed=true"),
        ]),
        Command(words: ["themes"], base: [], options: [
            (["--from", "2025-11-01"], "from=2025-11-01"), (["--to", "2026-10-31"], "to=2026-10-31"), (["--section", "pairs"], "section=pairs"),
        ]),
        Command(words: ["top"], base: [], options: [
            (["--n", "3"], "n=3"), (["--period", "2026-09"], "period=2026-09"),
            (["--weights", TestSupport.packageRoot.appendingPathComponent("config/top-weights.json").path], "weights="),
            (["--from", "2026-10-19"], "from=2026-10-19"), (["--from", "2026-10-19", "--to", "2026-10-25"], "to=2026-10-25"),
            (["--cohort", "not-csc"], "cohort=not-csc"), (["--forum", "efh_tactical"], "forum=efh_tactical"),
        ]),
        Command(words: ["meeting"], base: ["efh_tactical"], options: [
            ([], "forum=efh_tactical"), (["--sitting", "EFH-2026-09"], "meeting=EFH-2026-09"),
        ]),
        Command(words: ["referrals"], base: [], options: [
            (["--from", "2026-01-01"], "from=2026-01-01"), (["--to", "2026-10-31"], "to=2026-10-31"), (["--by", "agency"], "by=agency"),
            (["--audience", "strategic"], "audience=strategic"), (["--audience", "strategic", "--threshold", "3"], "threshold=3"),
        ]),
        Command(words: ["actions"], base: [], options: [
            (["--meeting", "EFH-2026-10"], "meeting=EFH-2026-10"), (["--forum", "mace"], "forum=mace"), (["--due-before", "2026-09-01"], "due_before=2026-09-01"),
            (["--owner", "police"], "owner=police"), (["--state", "overdue"], "states=overdue"), (["--as-of", "2026-10-31"], "as_of=2026-10-31"),
        ]),
        Command(words: ["review"], base: [], options: [(["--before", "2027-03-01"], "before=2027-03-01"), (["--quiet-days", "28"], "quiet_days=28")]),
        Command(words: ["gaps"], base: [], options: [(["--kind", "no_referral"], "kinds=no_referral"), (["--as-of", "2026-10-31"], "as_of=2026-10-31")]),
        Command(words: ["pack"], base: ["--period", "2026-10", "--out", "{dir}/pack", "--recipient", "audit panel"], options: [
            ([], "period=2026-10"), ([], "recipient=\"audit panel\""), ([], "out={dir}/pack"), (["--audience", "strategic"], "audience=strategic"),
            (["--audience", "strategic"], "labels=none"), (["--threshold", "4"], "threshold=4"), (["--n", "5"], "n=5"),
            (["--forum", "efh_tactical"], "forum=efh_tactical"), (["--rows", "5"], "rows=5"), (["--min-group-size", "3"], "min_group_size=3"),
            (["--weights", TestSupport.packageRoot.appendingPathComponent("config/top-weights.json").path], "weights="),
        ]),
        Command(words: ["match"], base: [], options: [
            (["--band", "review"], "band=review"), (["--band", "all"], "band=all"), (["--min-score", "5"], "min_score=5.00"), (["--top", "3"], "top=3"),
            (["--explain", "Y006", "AR001"], "match explain a=Y006 b=AR001"),
        ]),
        Command(words: ["map", "group"], base: ["Y012", "--out", "{dir}/g.dot"], options: mapOptions + [([], "id=Y012")]),
        Command(words: ["map", "ego"], base: ["Y012", "--out", "{dir}/e.dot"], options: mapOptions + [([], "id=Y012"), (["--hops", "2"], "hops=2")]),
        Command(words: ["map", "location"], base: ["L016", "--out", "{dir}/l.dot"], options: mapOptions + [
            ([], "id=L016"), (["--window", "2h"], "window=2h"), (["--together-min", "3"], "together_min=3"),
        ]),
        Command(words: ["map", "path"], base: ["Y012", "O003", "--out", "{dir}/p.dot"], options: mapOptions.filter { $0.logged != "types=victim,offender" } + [
            ([], "from_id=Y012"), ([], "to_id=O003"), (["--limit", "2"], "limit=2"),
        ]),
        Command(words: ["map", "overview"], base: ["--out", "{dir}/o.dot"], options: mapOptions + [(["--collapse", "20"], "collapse=20"), (["--largest", "10"], "largest=10")]),
        Command(words: ["export"], base: ["graphml", "--out", "{dir}/x.graphml", "--recipient", "audit team"], options: [
            ([], "format=graphml"), ([], "recipient=\"audit team\""), ([], "out={dir}/x.graphml"), (["--labels", "initials"], "labels=initials"),
            (["--all-entities"], "all_entities=true"), (["--from", "2026-03-01"], "from=2026-03-01"), (["--to", "2026-10-31"], "to=2026-10-31"),
            (["--links", "associate"], "links=associate"), (["--types", "victim,offender"], "types=victim,offender"), (["--min-grading", "3C"], "min_grading=3C"),
        ]),
    ]

    /// The query commands that print people take `--labels`, logged with the level.
    static let labelled: Set<String> = ["show", "search", "groups", "communities", "centrality", "brokers", "path", "ego", "disrupt",
                                        "colocate", "missing", "emerging", "hotspots", "timepath", "top", "actions", "meeting", "review", "gaps", "match"]
    /// Every command reads canonical persons unless told `--records`, which changes what is read.
    static let commands: [Command] = baseCommands.map { c in
        let records = Command(words: c.words, base: c.base, options: c.options + [(["--records"], "records=true")])
        guard labelled.contains(c.words[0]) else { return records }
        return Command(words: c.words, base: c.base, options: records.options + [(["--labels", "initials"], "labels=initials"), (["--labels", "pseudonyms"], "labels=pseudonyms")])
    }

    static var mapOptions: [(option: [String], logged: String)] {
        network.filter { !$0.logged.hasPrefix("types=") } + [
            (["--labels", "initials"], "labels=initials"), (["--engine", "neato"], "engine=neato"), ([], "format=dot"),
            (["--types", "victim,offender,victim+offender"], "types=victim,offender,victim+offender"),
        ]
    }

    /// Options that change nothing that is read or shown in JSON: how a table is laid out, where
    /// the store is, who and why (the entry's own columns), and the output format.
    static let notFilters: Set<String> = ["--db", "--keys", "--actor", "--purpose", "--format", "--help", "--version", "--evidence", "--out", "-h"]
    /// Options that only shorten a table for people (the answer, and its JSON, holds everything).
    static let tableOnly: [String: Set<String>] = ["groups": ["--top"], "communities": ["--top"], "show": ["--top"], "gaps": ["--top"],
        // Export refuses what shapes an analysis snapshot (a usage error, tested in ExportCLITests).
        "export": ["--directed", "--weighted", "--recency", "--colocated", "--colocated-min"]]

    @Test(arguments: commands) func everyOptionIsCovered(_ c: Command) throws {
        // `match` lists by default: its options are the list subcommand's.
        let help = try TestSupport.volt((c.words == ["match"] ? ["match", "list"] : c.words) + ["--help"])
        // Options are the lines of the OPTIONS section that start with one.
        let options = Set(help.stdout.split(separator: "\n").compactMap { line -> String? in
            let t = line.drop { $0 == " " }
            guard line.hasPrefix("  "), t.hasPrefix("--") else { return nil }
            return String(t.prefix { $0 != " " && $0 != "," && $0 != "=" })
        })
        let covered = Set(c.options.flatMap { $0.option.filter { $0.hasPrefix("--") } } + c.base.filter { $0.hasPrefix("--") })
        let missing = options.subtracting(covered).subtracting(Self.notFilters).subtracting(Self.tableOnly[c.words[0]] ?? [])
        #expect(missing.isEmpty, "\(c.words.joined(separator: " ")): no audit case for \(missing.sorted())")
    }

    @Test(arguments: commands) func theEntryNamesEveryFilterValue(_ c: Command) throws {
        for (option, logged) in c.options + [([], c.words.joined(separator: " "))] {
            let args = (c.words + c.base + option).map { $0.replacingOccurrences(of: "{dir}", with: Self.dir) }
            let r = try TestSupport.volt(args + (c.words[0] == "map" || c.words[0] == "pack" || c.words[0] == "export" ? [] : ["--format", "json"]), environment: Self.env)
            #expect(r.status == 0, "\(args): \(r.stderr)")
            let entry = try TestSupport.volt(["audit", "show", "--format", "json", "--last", "1"], environment: Self.env)
            let summary = ((try JSONSerialization.jsonObject(with: Data(entry.stdout.utf8)) as? [String: Any])?["results"] as? [[String: Any]])?.first?["summary"] as? String ?? ""
            let expected = logged.replacingOccurrences(of: "{dir}", with: Self.dir)
            // The name, then its parameters or (with none) straight to the answer's notes.
            let name = c.words.joined(separator: " ")
            #expect(summary.hasPrefix(name + " ") || summary.hasPrefix(name + "; ") || summary == name, "\(args): \(summary)")
            #expect(summary.contains(expected), "\(args): the entry '\(summary)' does not name \(expected)")
        }
    }

    /// The issue's own example: both filters are in the entry, answered or not (in the sample
    /// Y012 has no associate link since October, and saying so is itself a consultation).
    @Test func egoLogsItsWindowAndLinkTypes() throws {
        let r = try TestSupport.volt(["ego", "Y012", "--from", "2026-10-01", "--links", "associate"], environment: Self.env)
        let entry = try TestSupport.volt(["audit", "show", "--format", "csv", "--last", "1"], environment: Self.env)
        #expect(entry.stdout.contains("ego from=2026-10-01 hops=1 id=Y012 links=associate"), "\(entry.stdout)")
        if r.status != 0 { #expect(entry.stdout.contains("unanswered: Y012 has no links that match these filters"), "\(entry.stdout)") }
    }
}
