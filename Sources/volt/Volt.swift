import ArgumentParser
import Foundation

@main
struct Volt: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "volt",
        abstract: "VOLT mapping: victims, offenders, locations and themes, their links, peer groups and maps.",
        discussion: """
            Data flows one way: files are imported into a store (one SQLite file), queries read it, and every query, export and change is written to a hash-chained audit log with who did it and why (DPA 2018 s.62).

            Exit codes: 0 success; 1 bad input or a query that cannot be answered; 2 usage error; 3 store or system error.

            Example:
              export VOLT_DB=area.sqlite VOLT_PURPOSE="EFH panel preparation"
              volt init
              volt import examples/wexbury/*.csv
              volt stats
            """,
        version: "0.1.0",
        subcommands: [
            Init.self, Import.self, Stats.self, Show.self, Search.self, Groups.self, CommunitiesCommand.self, Centrality.self, Brokers.self, PathCommand.self, Ego.self, Disrupt.self, Colocate.self, MissingCommand.self, EmergingCommand.self, HotspotsCommand.self, TimePath.self, ThemesCommand.self, Top.self, Referrals.self, Actions.self, MeetingCommand.self, Review.self, Gaps.self, PackCommand.self, MapCommand.self, Export.self, MatchCommand.self, Erase.self, Audit.self, Keys.self, ConfigCommand.self, UserCommand.self, Serve.self, Generate.self,
        ])

    /// Runs the command; usage errors are one line (the option, the value, why; `--help` has
    /// the rest) and exit 2 (the documented code) rather than the parser's 64.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            if exitCode(for: error) == .validationFailure {
                printToStderr("volt: " + oneLine(message(for: error)))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}

/// The parser's message on one line: a list of values (`- dot`, `- neato`) joined by commas.
private func oneLine(_ message: String) -> String {
    let lines = message.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    let items = lines.filter { $0.hasPrefix("- ") }.map { $0.dropFirst(2) }
    let rest = lines.filter { !$0.hasPrefix("- ") }.joined(separator: " ")
    return items.isEmpty ? rest : rest + " " + items.joined(separator: ", ")
}
