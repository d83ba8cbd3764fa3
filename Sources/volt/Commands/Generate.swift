import ArgumentParser
import Foundation
import VoltIO
import VoltSample

struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a realistic, fictional sample area as CSV, with its planted truth.",
        discussion: """
            Writes entities.csv, links.csv, sightings.csv, missing.csv, the casework (meetings.csv, referrals.csv, status.csv, actions.csv, outcomes.csv, groups.csv, members.csv) and truth.json (the planted peer groups, broker offenders, children missing together, an emerging group, a rising location, the children who should top each cohort, overdue actions, referral counts by month and the named group, and which records are one person recorded by several agencies). The same seed and sizes always give the same files.

            Example:
              volt generate --seed 7 --people 150 --out area7
            """)

    @Option(help: "Seed: the same seed gives the same area.")
    var seed: UInt64 = 1
    @Option(help: "How many people (young people and adult offenders).")
    var people: Int = 150
    @Option(help: "How many locations.")
    var locations: Int = 40
    @Option(help: "About how many sightings over the year.")
    var sightings: Int = 5000
    @Option(help: "The share of children with a second agency's record of them (0 to 1), as truth.json's duplicates lists.")
    var duplicates: Double = 0.1
    @Option(help: ArgumentHelp("Folder to write into (created if needed).", valueName: "dir"))
    var out: String

    func validate() throws {
        if people < 30 { throw ValidationError("--people must be at least 30 (groups, offenders and brokers need room)") }
        if locations < 30 { throw ValidationError("--locations must be at least 30") }
        if sightings < 0 { throw ValidationError("--sightings cannot be negative") }
        if !(0...1).contains(duplicates) { throw ValidationError("--duplicates is a share of children, from 0 to 1") }
    }

    func run() throws {
        try guarded {
            var o = SampleOptions()
            o.seed = seed
            o.people = people
            o.locations = locations
            o.sightings = sightings
            o.duplicates = duplicates
            let area = SampleGenerator.generate(o)
            try area.write(to: out)
            print("wrote \(area.entities.count) entities, \(area.links.count) links, \(area.sightings.count) sightings, \(area.missing.count) missing episodes, \(area.casework.referrals.count) referrals, \(area.casework.actions.count) actions and truth.json to \(out)")
        }
    }
}
