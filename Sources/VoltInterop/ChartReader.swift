import Foundation
import VoltIO
import VoltModel

/// Reads entities or links from an analyst's chart: GraphML (`.graphml`, as volt, Gephi or
/// yEd write it) or i2 Analyst's Notebook exchange XML (`.anx`). Each node or chart entity
/// becomes an entity row and each edge or chart link a link row, in the columns of
/// `RecordKind`, so the same decoder and the same checks as CSV apply: the whole file or
/// nothing, every problem with its line and reason. The file is streamed (`XMLStream`), once
/// per kind, so a chart of any size is read in bounded memory. Nothing in a chart is dropped
/// in silence: text outside a `<data>` element, a `<data>` whose key is not declared, and
/// text in an attribute volt has no column for are each refused with the line.
struct ChartRecordReader: RecordReader {
    private let stream: XMLStream
    private let collector: ChartCollector
    private var finished = false

    /// Attribute names in charts (volt's exports and common ones) that are volt columns under
    /// another name.
    static let entityNames: [String: String] = [
        "label": "name", "volt_type": "type", "date_of_birth": "dob", "references": "refs", "name": "name",
        "record_source": "source",
    ]
    static let linkNames: [String: String] = ["reference": "ref", "link_type": "type"]
    /// Attributes volt's own exports write that are worked out from other columns on import
    /// (the VOLT kind from the type, the grade parts from the grading, direction from the type).
    static let derivedAttributes: Set<String> = ["kind", "directed", "grade_source", "grade_intelligence", "grade_handling"]
    /// i2 entity types volt writes, back to VOLT types.
    static let anxTypes: [String: String] = [
        "Victim": "victim", "Offender": "offender", "Victim and offender": "victim+offender", "Person": "person",
        "Location": "location", "Theme": "theme",
    ]

    init(path: String, displayName: String, kind: RecordKind) throws(ImportError) {
        guard let stream = XMLStream(path: path) else {
            throw .unreadable(file: displayName, reason: "cannot open the file for reading")
        }
        self.stream = stream
        collector = ChartCollector(kind: kind, anx: path.lowercased().hasSuffix(".anx"), file: displayName)
    }

    mutating func next() -> Result<InputRecord, ImportIssue>? {
        while true {
            if let r = collector.take() { return r }
            if finished { return nil }
            do {
                guard let event = try stream.next() else {
                    finished = true
                    if !collector.sawRoot { collector.fail(line: 1, collector.notAChart) }
                    continue
                }
                collector.handle(event)
                if collector.stopped { finished = true }
            } catch {
                finished = true
                collector.fail(line: error.line, error.reason)
            }
        }
    }
}

/// The state machine behind `ChartRecordReader`: events in, records of one kind out. Problems
/// with the file as a whole are said on the entities pass only (the links pass reads the same
/// file); problems with an item are said on the pass of the item's kind.
private final class ChartCollector {
    let kind: RecordKind
    let anx: Bool
    let file: String
    private(set) var sawRoot = false
    /// The document is not a chart: nothing more is read.
    private(set) var stopped = false
    private var ready: [Result<InputRecord, ImportIssue>] = []
    private var readyHead = 0

    /// A GraphML key: the attribute it names, its type, and its default value.
    private struct Key { let name: String; let type: String; let domain: String; var defaultValue: String? }
    private var keys: [String: Key] = [:]
    private var row: [String: String]?
    private var itemID = "", line = 0
    // Inside a <data>: its key, its text, how deep inside it we are, and a yEd label's text.
    private var dataKey: String?, dataLine = 0, text = "", depth = 0
    private var inLabel = false, label = "", nodeLabel = ""
    private var defaultKey: String?, inDefault = false
    // ANX
    private var entityLabel: String?
    private var isEntityItem = false

    init(kind: RecordKind, anx: Bool, file: String) {
        self.kind = kind
        self.anx = anx
        self.file = file
    }

    var notAChart: String { anx ? "no <Chart> element: not an i2 ANX file" : "no <graphml> element: not a GraphML file" }

    func take() -> Result<InputRecord, ImportIssue>? {
        guard readyHead < ready.count else {
            if !ready.isEmpty { ready.removeAll(keepingCapacity: true); readyHead = 0 }
            return nil
        }
        defer { readyHead += 1 }
        return ready[readyHead]
    }

    /// A problem with the whole file: said once, on the entities pass.
    func fail(line: Int, _ reason: String) {
        if kind == .entities { ready.append(.failure(ImportIssue(file: file, line: line, column: 0, reason: reason))) }
        stopped = true
    }

    /// A problem with one item of this pass's kind.
    private func reject(_ line: Int, _ reason: String) {
        ready.append(.failure(ImportIssue(file: file, line: line, column: 0, reason: reason)))
    }

    private func column(_ name: String) -> String? {
        let mapped = (kind == .entities ? ChartRecordReader.entityNames[name] : ChartRecordReader.linkNames[name]) ?? name
        return kind.columns.contains(mapped) ? mapped : nil
    }

    private func emit() {
        guard var r = row else { return }
        if kind == .entities, (r["name"] ?? "").isEmpty, !nodeLabel.isEmpty { r["name"] = nodeLabel }
        ready.append(.success(InputRecord(kind: kind, line: line, values: kind.columns.map { r[$0] ?? "" }, columns: .element)))
        row = nil
    }

    func handle(_ event: XMLEvent) {
        switch event {
        case .start(let name, let a, let line, let empty):
            if !sawRoot {
                sawRoot = true
                if name != (anx ? "Chart" : "graphml") { fail(line: line, notAChart); return }
            }
            if anx { anxStart(name, a, line) } else { graphMLStart(name, a, line) }
            if empty { end(name) }
        case .end(let name): end(name)
        case .text(let t, let line): if !anx { graphMLText(t, line) }
        }
    }

    private func end(_ name: String) {
        if anx {
            if name == "ChartItem" { emit(); isEntityItem = false }
            return
        }
        graphMLEnd(name)
    }

    // MARK: GraphML

    private func graphMLStart(_ name: String, _ a: [String: String], _ line: Int) {
        if dataKey != nil {  // inside a <data>: yEd's drawing elements, or its node label
            depth += 1
            if name == "NodeLabel" { inLabel = true; label = "" }
            return
        }
        switch name {
        case "key":
            if let id = a["id"] {
                // yEd's graphics keys have no attr.name: they are drawing, not data.
                let attribute = a["attr.name"] ?? (a["yfiles.type"] != nil ? "" : id)
                keys[id] = Key(name: attribute, type: a["attr.type"] ?? "string", domain: a["for"] ?? "all", defaultValue: nil)
                defaultKey = id
            }
        case "default": inDefault = defaultKey != nil
        case "node", "edge":
            let mine = (name == "node") == (kind == .entities)
            guard mine else { row = nil; return }
            self.line = line
            itemID = a["id"] ?? ""
            nodeLabel = ""
            var r: [String: String] = name == "node" ? ["id": itemID] : ["from": a["source"] ?? "", "to": a["target"] ?? ""]
            for k in keys.values where k.domain == name || k.domain == "all" {
                if let d = k.defaultValue, let c = column(k.name), !d.isEmpty { r[c] = d }
            }
            row = r
        case "data":
            guard row != nil else { return }
            let key = a["key"] ?? ""
            if keys[key] == nil {
                reject(line, "<data key=\"\(key.prefix(60))\"> in \(item) refers to no <key id=\"\(key.prefix(60))\"> declared before it; declare the key, or its value would be dropped")
            }
            dataKey = key  // an undeclared key's text is read and set aside: it is reported above
            dataLine = line
            text = ""
            depth = 0
        default: break
        }
    }

    private var item: String { kind == .entities ? "<node id=\"\(itemID.prefix(60))\">" : "an <edge>" }

    private func graphMLText(_ t: String, _ line: Int) {
        if dataKey != nil {
            if depth == 0 { text += t } else if inLabel { label += t }
            return
        }
        if inDefault, let k = defaultKey, row == nil, var key = keys[k] { key.defaultValue = (key.defaultValue ?? "") + t; keys[k] = key; return }
        guard row != nil, !t.allSatisfy(\.isWhitespace) else { return }
        reject(line, "the text '\(t.trimmingCharacters(in: .whitespacesAndNewlines).prefix(60))' in \(item) is outside any <data> element; volt would drop it (put it in a <data> with a declared key)")
    }

    private func graphMLEnd(_ name: String) {
        if dataKey != nil && depth > 0 {
            depth -= 1
            if name == "NodeLabel" { inLabel = false; if nodeLabel.isEmpty { nodeLabel = label.trimmingCharacters(in: .whitespacesAndNewlines) } }
            return
        }
        switch name {
        case "key": defaultKey = nil
        case "default": inDefault = false
        case "data":
            guard let k = dataKey else { return }
            dataKey = nil
            guard let key = keys[k] else { return }
            if let c = column(key.name) { row?[c] = text; return }
            let numeric = ["int", "long", "float", "double", "boolean"].contains(key.type)
            if key.name.isEmpty || numeric || ChartRecordReader.derivedAttributes.contains(key.name) { return }
            let value = text.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !value.isEmpty else { return }
            let columns = kind.columns.joined(separator: ", ")
            reject(dataLine, "the attribute '\(key.name.prefix(60))' of \(item) holds text ('\(value.prefix(60))') that has no volt column and would be dropped; rename the key's attr.name to one of \(columns), or remove it")
        case "node" where kind == .entities, "edge" where kind == .links: emit()
        default: break
        }
    }

    // MARK: ANX

    private func anxStart(_ name: String, _ a: [String: String], _ line: Int) {
        switch name {
        case "ChartItem":
            self.line = line
            entityLabel = a["Label"]
            row = nil
            if kind == .links {
                var r: [String: String] = [:]
                if a["DateSet"] == "true" { r["start"] = a["DateTime"] ?? "" }
                r["source"] = a["SourceType"]
                r["ref"] = a["SourceReference"]
                switch Self.grading(a) {
                case .success(let g?): r["grading"] = g
                case .success(nil): break
                case .failure(let refusal): reject(line, refusal.reason)
                }
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

    /// i2's three grade indexes back to a 3x5x2 grading: source 1–3, intelligence A–E, handling
    /// P/C; nil when the item has no grading, a reason when an index is not a number or out of range.
    static func grading(_ a: [String: String]) -> Result<String?, FieldRefusal> {
        let fields = ["GradeOneIndex", "GradeTwoIndex", "GradeThreeIndex"]
        guard fields.contains(where: { a[$0] != nil }) else { return .success(nil) }
        var index: [Int] = []
        for (f, limit) in zip(fields, [3, 5, 2]) {
            guard let text = a[f] else {
                if f == "GradeThreeIndex" { index.append(0); continue }  // handling defaults to P
                return .failure(FieldRefusal("the link has \(fields.filter { a[$0] != nil }.joined(separator: " and ")) but no \(f); give all three grade indexes or none"))
            }
            guard let i = Int(text.trimmingCharacters(in: .whitespaces)) else {
                return .failure(FieldRefusal("\(f) '\(text.prefix(60))' is not a number (i2's grade indexes count from 0: \(f == "GradeOneIndex" ? "0-2 for 1-3" : f == "GradeTwoIndex" ? "0-4 for A-E" : "0 for P, 1 for C"))"))
            }
            guard (0..<limit).contains(i) else {
                return .failure(FieldRefusal("\(f) \(i) is out of range (0 to \(limit - 1)); the grading is not 3x5x2"))
            }
            index.append(i)
        }
        return .success("\(index[0] + 1)\(Array("ABCDE")[index[1]])-\(index[2] == 1 ? "C" : "P")")
    }
}

/// The chart reader run over one file with nothing stored (the XML fuzz target and the tests
/// that replay what fuzzing found): both passes, entities then links, every record decoded.
public enum ChartProbe {
    public static func chart(path: String) throws(InputProbe.Violation) -> InputProbe.Tally {
        var tally = InputProbe.Tally()
        for kind in [RecordKind.entities, .links] {
            guard let reader = try? ChartRecordReader(path: path, displayName: "input", kind: kind) else { return tally }
            try InputProbe.drain(reader, &tally)
        }
        return tally
    }
}
