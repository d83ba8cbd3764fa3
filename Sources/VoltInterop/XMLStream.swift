import CLibXML2
import Foundation

/// One step through an XML file, as `XMLStream` reads it.
enum XMLEvent {
    /// An element opens (`empty`: it also closes, `<node/>`), with its attributes by local name.
    case start(name: String, attributes: [String: String], line: Int, empty: Bool)
    case end(name: String)
    /// Character data (text or CDATA) inside the current element.
    case text(String, line: Int)
}

/// A problem with the XML itself, at a line, in words.
struct XMLProblem: Error {
    let line: Int
    let reason: String
}

/// Reads an XML file node by node through libxml2's streaming reader: memory stays bounded
/// whatever the file's size (the huge-document option lifts libxml2's 10 MB limits, which
/// volt's own large exports exceeded), the network is never used, and a DOCTYPE is refused
/// before anything in it could be expanded (no external entities, no entity bombs).
final class XMLStream {
    private let reader: xmlTextReaderPtr
    /// The first error libxml2 reported, kept by the handler until `next` turns it into a problem.
    fileprivate var error: XMLProblem?
    private var finished = false

    /// Opens `path`; nil when the file cannot be opened.
    init?(path: String) {
        xmlInitParser()
        let options: Int32 = 524_288 /* HUGE */ | 2048 /* NONET */ | 4_194_304 /* BIG_LINES */
        guard let r = xmlReaderForFile(path, nil, options) else { return nil }
        reader = r
        xmlTextReaderSetStructuredErrorHandler(r, { user, e in
            guard let user, let e else { return }
            let stream = Unmanaged<XMLStream>.fromOpaque(user).takeUnretainedValue()
            guard stream.error == nil, e.pointee.level >= 2 else { return }  // warnings are not errors
            let message = e.pointee.message.map { String(cString: $0) } ?? ""
            stream.error = XMLProblem(line: Int(e.pointee.line), reason: XMLStream.explain(code: Int(e.pointee.code), message: message))
        }, Unmanaged.passUnretained(self).toOpaque())
    }

    deinit { xmlFreeTextReader(reader) }

    /// The next event, nil at the end of the document; throws the first problem, after which
    /// the stream is finished.
    func next() throws(XMLProblem) -> XMLEvent? {
        while !finished {
            let status = xmlTextReaderRead(reader)
            if let e = error { finished = true; throw e }
            if status < 0 {
                finished = true
                throw XMLProblem(line: Int(xmlTextReaderGetParserLineNumber(reader)), reason: "not well-formed XML")
            }
            if status == 0 { finished = true; return nil }
            switch xmlTextReaderNodeType(reader) {
            case 1:  // element
                let name = string(xmlTextReaderConstLocalName(reader))
                let empty = xmlTextReaderIsEmptyElement(reader) == 1
                let line = lineNumber()
                var attributes: [String: String] = [:]
                while xmlTextReaderMoveToNextAttribute(reader) == 1 {
                    attributes[string(xmlTextReaderConstLocalName(reader))] = string(xmlTextReaderConstValue(reader))
                }
                xmlTextReaderMoveToElement(reader)
                return .start(name: name, attributes: attributes, line: line, empty: empty)
            case 15:  // end of element
                return .end(name: string(xmlTextReaderConstLocalName(reader)))
            case 3, 4:  // text, CDATA
                return .text(string(xmlTextReaderConstValue(reader)), line: lineNumber())
            case 10:  // DOCTYPE
                finished = true
                throw XMLProblem(line: lineNumber(), reason: "the file has a DOCTYPE, which charts do not need and volt does not read (remove it)")
            case 5:  // an entity reference left unexpanded
                finished = true
                throw XMLProblem(line: lineNumber(), reason: "the file uses an entity defined in a DOCTYPE; volt reads only &amp; &lt; &gt; &quot; &apos; and &#...;")
            default: continue  // comments, processing instructions, whitespace
            }
        }
        return nil
    }

    private func lineNumber() -> Int {
        if let node = xmlTextReaderCurrentNode(reader) {
            let n = xmlGetLineNo(node)
            if n > 0 { return Int(n) }
        }
        return Int(xmlTextReaderGetParserLineNumber(reader))
    }

    private func string(_ p: UnsafePointer<xmlChar>?) -> String {
        guard let p else { return "" }
        return String(cString: p)
    }

    /// libxml2's errors that charts meet, in an analyst's words; others in libxml2's own.
    static func explain(code: Int, message: String) -> String {
        let words: String
        switch code {  // xmlerror.h's xmlParserErrors
        case 4: words = "the file is empty"
        case 5, 86: words = "the file ends before its elements are closed, or goes on after its last closing tag"
        case 9: words = "a character is not allowed in XML"
        case 6, 7, 8: words = "a character reference (&#...;) is not a valid character"
        case 22, 23, 68: words = "an '&' does not start an entity like &amp;"
        case 26: words = "an entity is not one XML defines (&amp; &lt; &gt; &quot; &apos;)"
        case 38: words = "an attribute's value has a '<' in it (write &lt;)"
        case 39, 40, 41, 65: words = "an attribute is written wrongly (name=\"value\")"
        case 42: words = "an attribute appears twice in one element"
        case 45: words = "a comment is never closed"
        case 63: words = "a CDATA section is never closed"
        case 73, 74, 77: words = "the file ends, or a tag breaks off, before its elements are closed"
        case 76: words = "a closing tag does not match its opening tag"
        case 85: words = "the elements are not closed in the order they were opened"
        case 89: words = "an entity refers to itself"
        case 31, 32, 81: words = "the encoding is unknown or wrong (save the file as UTF-8)"
        default:
            let m = message.trimmingCharacters(in: [" ", "\n"])
            words = m.isEmpty ? "libxml2 could not read it" : m
        }
        return "not well-formed XML: " + words
    }
}
