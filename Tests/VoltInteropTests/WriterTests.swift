import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
import VoltModel
import VoltPrivacy
import VoltTestSupport
@testable import VoltInterop

/// The format writers on their own: any text in, a file that parses, the text back out.
struct WriterTests {
    static let hard = ["plain", "quote \" backslash \\ slash /", "tab\tline\nreturn\r", "bell \u{07} nul \u{00} esc \u{1B}",
                       "emoji 😀 RTL مريم", "<tag> & &amp; ]]> --> <!--", "\u{FFFE}\u{FFFF}edge"]

    func header() -> ExportHeader {
        ExportHeader(level: .names, selection: "test", nodeAttributes: GraphExport.nodeAttributes,
                     linkAttributes: GraphExport.linkAttributes, linkTypes: ["associate"])
    }

    func write(_ writer: GraphWriter) throws {
        try writer.begin(header())
        for (i, s) in Self.hard.enumerated() {
            try writer.node(ExportNode(key: "n\(i)", label: s, type: .victim, attributes: ["label": s, "volt_type": "victim", "area": s]))
        }
        try writer.link(ExportLink(key: "e0", source: "n0", target: "n1", type: "associate", directed: false,
                                   start: Timestamp(seconds: 0), end: nil, attributes: ["type": "associate", "source": Self.hard[3], "weight": "2.5"]))
        try writer.finish()
    }

    @Test func jsonCarriesEveryCharacterExactly() throws {
        let path = NSTemporaryDirectory() + "volt-\(UUID().uuidString).json"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try write(try CytoscapeWriter(path: path))  // JSON: no libxml2
        let doc = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as! [String: Any]
        let nodes = (doc["elements"] as! [String: [[String: [String: Any]]]])["nodes"]!
        #expect(nodes.map { $0["data"]!["label"] as! String } == Self.hard)
        let edge = (doc["elements"] as! [String: [[String: [String: Any]]]])["edges"]![0]["data"]!
        // The agency is under record_source; source stays the edge's end.
        #expect(edge["record_source"] as? String == Self.hard[3] && (edge["weight"] as? Double) == 2.5)
        #expect(edge["source"] as? String == "n0" && edge["target"] as? String == "n1")
    }

    /// XML 1.0 cannot hold most control characters, U+FFFE or U+FFFF: they are dropped and the
    /// rest of the text is kept exactly.
    @Test(arguments: ["graphml", "gexf", "anx"])
    func xmlIsWellFormedAndKeepsAllItCan(_ format: String) throws {
        let path = NSTemporaryDirectory() + "volt-\(UUID().uuidString).\(format)"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try TestSupport.withXML {
            let writer: GraphWriter
            switch format {
            case "graphml": writer = try GraphMLWriter(path: path)
            case "gexf": writer = try GEXFWriter(path: path)
            default: writer = try ANXWriter(path: path)
            }
            try write(writer)
        }
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let parser = XMLParser(data: data)
        let collector = Texts()
        parser.delegate = collector
        #expect(TestSupport.withXML { parser.parse() && parser.parserError == nil })
        let kept = Self.hard.map { String(String.UnicodeScalarView($0.unicodeScalars.filter { !($0.value < 0x20 && !["\t", "\n", "\r"].contains($0)) && $0.value != 0xFFFE && $0.value != 0xFFFF })) }
        for k in kept { #expect(collector.values.contains(k), "\(format): \(k.debugDescription)") }
    }
}

/// Every attribute value and text in an XML document.
final class Texts: NSObject, XMLParserDelegate {
    var values = Set<String>()
    private var text = ""
    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes a: [String: String] = [:]) {
        values.formUnion(a.values)
        text = ""
    }
    func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }
    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) { values.insert(text) }
}
