import ArgumentParser
import VoltQuestions

struct Search: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Find entities by id, name, area or agency reference.",
        discussion: """
            Case-insensitive; matches any part of the text.

            Example:
              volt search "skate park" --purpose "locate venue record"
            """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var labels: LabelOptions
    @OptionGroup var output: FormatOptions

    @Argument(help: ArgumentHelp("Text to look for.", valueName: "text"))
    var text: String

    @Option(help: "At most this many results.")
    var top: Int = 50

    func run() throws {
        try guarded {
            let q = SearchQuestion(text: text, limit: top)
            let found = try labels.session(store).ask(q)
            var t = Table(["id", "type", "name", "area"])
            for e in found { t.add([e.id, e.type, e.name, e.area]) }
            if output.format == .json { return try printJSON(q, found) }
            t.print(output.format, summary: "\(found.count) match\(found.count == 1 ? "" : "es") for \"\(text)\"")
        }
    }
}
