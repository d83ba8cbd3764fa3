import ArgumentParser
import VoltModel
import VoltQuestions

struct Erase: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Erase an entity and every record about it (its links, sightings and missing episodes).",
        discussion: """
            For records past their review date or erased on request. Cannot be undone, so --yes is required. The audit log keeps an erasure entry with the id and the counts removed, never the erased values (DPA 2018 s.62).

            Example:
              volt erase Y044 --yes --purpose "retention review: record past its review date"
            """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var output: FormatOptions

    @Argument(help: ArgumentHelp("The entity id.", valueName: "id"))
    var id: String

    @Flag(help: "Confirm: the erasure cannot be undone.")
    var yes = false

    func run() throws {
        try guarded {
            let r = try store.session().apply(EraseChange(id: id, confirmed: yes))
            switch output.format {
            case .json: try printJSON(query: ["id": id], results: r)
            case .csv:
                var t = Table(["id", "type", "links", "sightings", "missing", "episodes_unlinked"])
                t.add([r.id, r.kind.rawValue, String(r.links), String(r.sightings), String(r.missing), String(r.episodesUnlinked)])
                print(t.csv)
            case .table: print(r.summary)
            }
        }
    }
}
