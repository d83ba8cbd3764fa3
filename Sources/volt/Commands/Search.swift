import ArgumentParser
import VoltModel
import VoltStore

struct Search: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Find entities by id, name, area or agency reference.",
        discussion: """
            Case-insensitive; matches any part of the text.

            Example:
              volt search "skate park" --purpose "locate venue record"
            """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var output: FormatOptions

    @Argument(help: ArgumentHelp("Text to look for.", valueName: "text"))
    var text: String

    @Option(help: "At most this many results.")
    var top: Int = 50

    func run() throws {
        try guarded {
            guard !text.trimmingSpaces.isEmpty else { throw UserError("give some text to search for") }
            let (s, ctx) = try store.open()
            let found = try s.consult(ctx, summary: "search \"\(text)\"") { try $0.search(text, limit: top) }
            var t = Table(["id", "type", "name", "area"])
            for e in found { t.add([e.id, e.voltType.rawValue, e.name, e.area]) }
            switch output.format {
            case .json:
                struct Row: Encodable { let id: String; let type: String; let name: String; let area: String? }
                try printJSON(query: ["text": text], results: found.map { Row(id: $0.id, type: $0.voltType.rawValue, name: $0.name, area: $0.area) })
            case .csv: print(t.csv)
            case .table:
                if !found.isEmpty { print(t.text) }
                print("\(found.count) match\(found.count == 1 ? "" : "es") for \"\(text)\"")
            }
        }
    }
}
