import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import VoltIO
import VoltModel

/// Reads entities or links from an analyst's chart: GraphML (`.graphml`, as volt, Gephi or
/// yEd write it) or i2 Analyst's Notebook exchange XML (`.anx`). Each node or chart entity
/// becomes an entity row and each edge or chart link a link row, in the columns of
/// `RecordKind`, so the same decoder and the same checks as CSV apply: the whole file or
/// nothing, every problem with its line and reason. A chart is read whole once per kind
/// (charts are thousands of items, not millions).
struct ChartRecordReader: RecordReader {
    private var records: [Result<InputRecord, ImportIssue>]
    private var next_ = 0

    /// Attribute names in charts (volt's exports and common ones) that are volt columns under
    /// another name.
    static let entityNames: [String: String] = [
        "label": "name", "volt_type": "type", "date_of_birth": "dob", "references": "refs", "name": "name",
    ]
    static let linkNames: [String: String] = ["reference": "ref", "link_type": "type"]
    /// i2 entity types volt writes, back to VOLT types.
    static let anxTypes: [String: String] = [
        "Victim": "victim", "Offender": "offender", "Victim and offender": "victim+offender", "Person": "person",
        "Location": "location", "Theme": "theme",
    ]

    init(path: String, displayName: String, kind: RecordKind) throws(ImportError) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .unreadable(file: displayName, reason: "cannot open the file for reading")
        }
        let collector = ChartCollector(kind: kind, anx: path.lowercased().hasSuffix(".anx"), file: displayName)
        let parser = XMLParser(data: data)
        parser.delegate = collector
        parser.shouldProcessNamespaces = false
        // On Linux parse() returns true after some errors: the error itself is the signal.
        if !parser.parse() || parser.parserError != nil || collector.error != nil {
            let (line, code) = collector.error ?? (parser.lineNumber, (parser.parserError as NSError?)?.code ?? 0)
            // Said once, on the entities pass (the links pass reads the same file).
            records = kind == .entities ? [.failure(ImportIssue(file: displayName, line: line, column: 0, reason: "not well-formed XML: \(Self.explain(code))"))] : []
            return
        }
        if collector.sawChart == false && kind != .entities {
            records = []
            return
        }
        if collector.sawChart == false {
            collector.records = [.failure(ImportIssue(file: displayName, line: 1, column: 0,
                                                      reason: collector.anx ? "no <Chart> element: not an i2 ANX file" : "no <graphml> element: not a GraphML file"))]
        }
        records = collector.records
    }

    /// libxml2's error codes that charts meet, in words.
    static func explain(_ code: Int) -> String {
        switch code {
        case 4: return "the file is empty"
        case 5: return "the file ends before its elements are closed"
        case 73, 76: return "a closing tag does not match its opening tag"
        case 9: return "a character is not allowed in XML"
        case 68, 23: return "an '&' does not start an entity like &amp;"
        case 39, 41: return "an attribute is written wrongly"
        default: return "libxml2 error \(code)"
        }
    }

    mutating func next() -> Result<InputRecord, ImportIssue>? {
        guard next_ < records.count else { return nil }
        defer { next_ += 1 }
        return records[next_]
    }
}

/// The SAX side of `ChartRecordReader`: one pass, records of one kind.
private final class ChartCollector: NSObject, XMLParserDelegate {
    let kind: RecordKind
    let anx: Bool
    let file: String
    var records: [Result<InputRecord, ImportIssue>] = []
    var sawChart = false
    /// The first XML error: line and libxml2 code.
    var error: (Int, Int)?
    private var keys: [String: String] = [:]  // GraphML key id -> attribute name
    private var row: [String: String]?
    private var line = 0
    private var dataKey: String?, text = ""
    private var entityLabel: String?
    private var isEntityItem = false

    init(kind: RecordKind, anx: Bool, file: String) {
        self.kind = kind
        self.anx = anx
        self.file = file
    }

    private func column(_ name: String) -> String? {
        let mapped = (kind == .entities ? ChartRecordReader.entityNames[name] : ChartRecordReader.linkNames[name]) ?? name
        return kind.columns.contains(mapped) ? mapped : nil
    }

    private func emit() {
        guard let r = row else { return }
        records.append(.success(InputRecord(kind: kind, line: line, values: kind.columns.map { r[$0] ?? "" }, columns: .element)))
        row = nil
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes a: [String: String] = [:]) {
        if anx { anxStart(parser, name, a) } else { graphMLStart(parser, name, a) }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { if dataKey != nil { text += string } }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) {
        if error == nil { error = (parser.lineNumber, (parseError as NSError).code) }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if anx {
            if name == "ChartItem" { emit(); isEntityItem = false }
            return
        }
        switch name {
        case "data":
            if let k = dataKey, let attribute = keys[k], let c = column(attribute), row != nil { row![c] = text }
            dataKey = nil
        case "node" where kind == .entities, "edge" where kind == .links: emit()
        default: break
        }
    }

    private func graphMLStart(_ parser: XMLParser, _ name: String, _ a: [String: String]) {
        switch name {
        case "graphml": sawChart = true
        case "key": if let id = a["id"] { keys[id] = a["attr.name"] ?? id }
        case "node" where kind == .entities:
            line = parser.lineNumber
            row = ["id": a["id"] ?? ""]
        case "edge" where kind == .links:
            line = parser.lineNumber
            row = ["from": a["source"] ?? "", "to": a["target"] ?? ""]
        case "data":
            dataKey = a["key"]
            text = ""
        default: break
        }
    }

    private func anxStart(_ parser: XMLParser, _ name: String, _ a: [String: String]) {
        switch name {
        case "Chart": sawChart = true
        case "ChartItem":
            line = parser.lineNumber
            entityLabel = a["Label"]
            row = nil
            if kind == .links {
                var r: [String: String] = [:]
                if a["DateSet"] == "true" { r["start"] = a["DateTime"] ?? "" }
                r["source"] = a["SourceType"]
                r["ref"] = a["SourceReference"]
                if let g = Self.grading(a) { r["grading"] = g }
                row = r
            }
        case "Entity" where kind == .entities:
            isEntityItem = true
            row = ["id": a["EntityId"] ?? a["Identity"] ?? "", "name": entityLabel ?? a["Identity"] ?? ""]
        case "Entity" where kind == .links:
            row = nil  // an entity's item, not a link's
        case "IconStyle" where kind == .entities && isEntityItem:
            if let t = a["Type"] { row?["type"] = ChartRecordReader.anxTypes[t] ?? t }
        case "Link" where kind == .links:
            row?["from"] = a["End1Id"] ?? ""
            row?["to"] = a["End2Id"] ?? ""
        case "LinkStyle" where kind == .links:
            if let t = a["Type"] { row?["type"] = t }
        case "Attribute":
            if let k = a["AttributeClass"], let c = column(k), row != nil, !(kind == .links && row?["from"] == nil) { row![c] = a["Value"] ?? "" }
        default: break
        }
    }

    /// i2's three grade indexes back to a 3x5x2 grading: source 1–3, intelligence A–E, handling P/C.
    static func grading(_ a: [String: String]) -> String? {
        guard let s = a["GradeOneIndex"].flatMap(Int.init), let i = a["GradeTwoIndex"].flatMap(Int.init) else { return nil }
        let letters = Array("ABCDE")
        guard (0..<3).contains(s), (0..<5).contains(i) else { return "\(s + 1)?" }  // the decoder reports it
        let h = a["GradeThreeIndex"].flatMap(Int.init) == 1 ? "C" : "P"
        return "\(s + 1)\(letters[i])-\(h)"
    }
}
