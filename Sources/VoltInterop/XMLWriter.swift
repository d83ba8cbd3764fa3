import CLibXML2
import Foundation
import VoltModel

/// Why an export could not be written.
public enum ExportError: Failure, Equatable {
    /// The file could not be created or written.
    case unwritable(path: String, reason: String)

    public var description: String {
        switch self {
        case .unwritable(let path, let reason): return "cannot write \(path): \(reason)"
        }
    }

    /// A file volt cannot write is the user's to fix (a folder that does not exist, no permission).
    public var exitCode: Int32 { 1 }
}

/// Streams an XML document to a file through libxml2's `xmlTextWriter`, which escapes every
/// attribute and text (`&`, `<`, quotes, line breaks) and writes UTF-8. Elements are closed in
/// order; memory stays flat whatever the size of the document.
final class XMLWriter {
    private var writer: xmlTextWriterPtr?
    private let path: String
    private var failed = false

    /// libxml2 must set up its global state once before threads use it (Foundation's
    /// XMLParser shares the library in the same process).
    private static let initialised: Bool = {
        xmlInitParser()
        return true
    }()

    /// Opens `path` for writing (replacing it) and writes the XML declaration.
    init(path: String) throws(ExportError) {
        _ = Self.initialised
        self.path = path
        guard let w = xmlNewTextWriterFilename(path, 0) else { throw .unwritable(path: path, reason: "libxml2 could not open it") }
        writer = w
        xmlTextWriterSetIndent(w, 1)
        _ = "  ".withCString { xmlTextWriterSetIndentString(w, UnsafeRawPointer($0).assumingMemoryBound(to: xmlChar.self)) }
        check(xmlTextWriterStartDocument(w, nil, "UTF-8", nil))
    }

    deinit { if let writer { xmlFreeTextWriter(writer) } }

    /// Opens an element; `attributes` are written in the order given.
    func start(_ name: String, _ attributes: KeyValuePairs<String, String> = [:]) {
        check(name.withXML { xmlTextWriterStartElement(writer, $0) })
        for (k, v) in attributes { attribute(k, v) }
    }

    /// Adds an attribute to the element just opened.
    func attribute(_ name: String, _ value: String) {
        check(name.withXML { n in value.withXML { v in xmlTextWriterWriteAttribute(writer, n, v) } })
    }

    /// Writes text inside the current element.
    func text(_ value: String) {
        check(value.withXML { xmlTextWriterWriteString(writer, $0) })
    }

    /// An element with only text inside.
    func element(_ name: String, _ attributes: KeyValuePairs<String, String> = [:], text value: String? = nil) {
        start(name, attributes)
        if let value { text(value) }
        end()
    }

    /// Closes the innermost open element.
    func end() { check(xmlTextWriterEndElement(writer)) }

    /// Closes every open element and the file: only then is every byte on disk (libxml2
    /// writes its last buffer when the writer is freed, not when it is flushed).
    func finish() throws(ExportError) {
        check(xmlTextWriterEndDocument(writer))
        check(xmlTextWriterFlush(writer))
        if let writer { xmlFreeTextWriter(writer) }
        writer = nil
        if failed { throw .unwritable(path: path, reason: "libxml2 reported a write error (is the disk full?)") }
    }

    private func check(_ status: Int32) { if status < 0 { failed = true } }
}

extension String {
    /// The string as libxml2's `xmlChar *` for the length of `body`. XML 1.0 cannot hold
    /// control characters other than tab and line breaks, nor U+FFFE and U+FFFF: they are
    /// dropped, not written broken. The check is a byte scan; nearly every string passes it.
    fileprivate func withXML<T>(_ body: (UnsafePointer<xmlChar>) -> T) -> T {
        var clean = true, previous: (UInt8, UInt8) = (0, 0)
        for b in utf8 {
            if (b < 0x20 && b != 0x09 && b != 0x0A && b != 0x0D) || (previous == (0xEF, 0xBF) && b >= 0xBE) { clean = false; break }
            previous = (previous.1, b)
        }
        let text = clean ? self : String(String.UnicodeScalarView(unicodeScalars.filter {
            !($0.value < 0x20 && $0 != "\t" && $0 != "\n" && $0 != "\r") && $0.value != 0xFFFE && $0.value != 0xFFFF
        }))
        return text.withCString { body(UnsafeRawPointer($0).assumingMemoryBound(to: xmlChar.self)) }
    }
}
