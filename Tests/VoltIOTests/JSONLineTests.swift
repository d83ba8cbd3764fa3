import Foundation
import Testing
@testable import VoltIO

/// volt's own JSON Lines scanner checked against Foundation's `JSONSerialization` (the decoder
/// it replaced): the same lines accepted, the same lines refused, and the same cell text.
@Suite struct JSONLineTests {
    /// The cell text `JSONSerialization` gives a scalar, as the old reader wrote it.
    private static func reference(_ value: Any) -> String? {
        switch value {
        case let s as String: return s
        case is NSNull: return ""
        case let n as NSNumber: return n.stringValue
        default: return nil
        }
    }

    /// Members of `line` as (key, text) pairs by volt's scanner, or nil when it refuses the line.
    private static func scanned(_ line: String) -> [String: String]? {
        let bytes = Array(line.utf8)
        guard let object = bytes.withUnsafeBufferPointer({ JSONLine($0) }) else { return nil }
        var out: [String: String] = [:]
        for (key, value) in object.members {
            switch value {
            case .text(let t), .number(let t): out[key] = t
            case .bool(let b): out[key] = b ? "1" : "0"
            case .null: out[key] = ""
            case .list(let items): out[key] = "[" + items.joined(separator: ";") + "]"
            case .nestedList: out[key] = "[nested]"
            case .object: out[key] = "{object}"
            }
        }
        return out
    }

    /// The kind as the quick reading finds it, and as the whole reading does: they must agree
    /// on every line (nil: not an object; .some(nil): no string kind). So must the reading that
    /// stops at a wanted kind and then reads the whole line, as the importer does, whichever
    /// kinds are wanted.
    private static func kindsAgree(_ line: String) -> Bool {
        let bytes = Array(line.utf8)
        let quick = bytes.withUnsafeBufferPointer { JSONLine.kind(of: $0) }
        let whole = bytes.withUnsafeBufferPointer { JSONLine($0) }
        let wanted: [(String) -> Bool] = [{ _ in true }, { $0 == "entity" }, { $0 == "link" }, { _ in false }]
        for enough in wanted {
            let r = bytes.withUnsafeBufferPointer { JSONLine.kind(of: $0, stoppingAt: enough) }
            let seen: String?? = r.stopped ? whole.map { .some($0.kind) } ?? nil : r.kind
            if seen != quick { return false }
        }
        guard let whole else { return quick == nil }
        var kind: String?
        for m in whole.members where m.key == "kind" {
            if case .text(let t) = m.value { kind = t } else { kind = nil }
        }
        return quick == .some(kind) && whole.kind == kind
    }

    /// The same pairs by `JSONSerialization`, or nil when it refuses the line or it is not an object.
    private static func foundation(_ line: String) -> [String: String]? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else { return nil }
        var out: [String: String] = [:]
        for (key, value) in object {
            if let t = reference(value) { out[key] = t; continue }
            if let list = value as? [Any] {
                let items = list.map { reference($0) }
                out[key] = items.contains(where: { $0 == nil }) ? "[nested]" : "[" + items.map { $0! }.joined(separator: ";") + "]"
            } else {
                out[key] = "{object}"
            }
        }
        return out
    }

    /// A comma followed (after spaces) by `}` or `]` outside a string: the one place Foundation
    /// is looser than JSON.
    private static func hasTrailingComma(_ line: String) -> Bool {
        var inString = false, escaped = false, lastComma = false
        for c in line.utf8 {
            if inString {
                if escaped { escaped = false } else if c == UInt8(ascii: "\\") { escaped = true } else if c == UInt8(ascii: "\"") { inString = false }
                continue
            }
            switch c {
            case UInt8(ascii: "\""): inString = true; lastComma = false
            case UInt8(ascii: ","): lastComma = true
            case UInt8(ascii: "}"), UInt8(ascii: "]"): if lastComma { return true }
            case UInt8(ascii: " "): break
            default: lastComma = false
            }
        }
        return false
    }

    static let lines: [String] = [
        #"{"kind": "entity", "id": "V1", "name": "Bea"}"#,
        #"{}"#,
        #"  {"a":1}  "#,
        #"{"a": -0, "b": 0, "c": 12345678901234, "d": -7}"#,
        #"{"a": 1.5, "b": 2.0, "c": 1e3, "d": 1E-2, "e": -3.25e+2}"#,
        #"{"a": true, "b": false, "c": null}"#,
        #"{"a": "tab\tand\nnew line", "b": "quote \" slash \/ back \\"}"#,
        #"{"a": "\u00e9\u4e2d", "b": "\ud83d\ude00", "c": "é and 中 as bytes"}"#,
        #"{"refs": ["police:1", "school:2"], "empty": []}"#,
        #"{"refs": [1, true, null, "x"]}"#,
        #"{"refs": [["a"]], "o": {"x": [1, {"y": 2}]}}"#,
        #"{"a": 1, "a": 2}"#,
        #"{"kind": "link", "kind": "entity"}"#,
        #"{"kind": 3}"#,
        #"{"\u006bind": "entity", "note": "\"kind\": \"link\""}"#,
        #"{"kinds": "link", "o": {"kind": "link"}}"#,
        #"{"kind": "entity", "id": "A", "kind": "link"}"#,
        #"{"kind": "link", "src": "A", "kind": 5}"#,
        #"{"a": 1e999}"#,
        #"{"a": "\udc00"}"#,
        // Refused by both.
        #"not json"#,
        #"[1, 2]"#,
        #""just a string""#,
        #"{"a" 1}"#,
        #"{a: 1}"#,
        #"{"a": 01}"#,
        #"{"a": 1.}"#,
        #"{"a": .5}"#,
        #"{"a": +1}"#,
        #"{"a": 1e}"#,
        #"{"a": tru}"#,
        #"{"a": "unterminated}"#,
        #"{"a": "bad \x escape"}"#,
        #"{"a": "\u12"}"#,
        #"{"a": 1} trailing"#,
        #"{"a": 1}{"b": 2}"#,
        #"{"a": [1, 2}"#,
        "{\"a\": \"raw\u{1}control\"}",
    ]

    @Test func acceptsAndRefusesWhatFoundationDoes() {
        for line in Self.lines {
            #expect(Self.scanned(line) == Self.foundation(line), "\(line)")
            #expect(Self.kindsAgree(line), "\(line)")
        }
    }

    /// Foundation on Linux takes a comma before `}` or `]`; JSON (RFC 8259) does not, nor does
    /// Python's json, and neither does volt: the line is refused whole.
    @Test func aTrailingCommaIsNotJSON() {
        for line in [#"{"a": 1,}"#, #"{"a": [1,]}"#, #"{"a": [1, 2,], "b": 2}"#] {
            #expect(Self.scanned(line) == nil, "\(line)")
        }
    }

    /// Lines cut at every byte and with every byte replaced by a character that matters in JSON:
    /// whatever the damage, the scanner and Foundation agree on what is an object and what it holds.
    @Test func damagedLinesAreJudgedAsFoundationJudgesThem() {
        let good = #"{"kind": "link", "o": {"k": [1, "\u00e9"]}, "src": "V1", "dst": "O2", "weight": 2.5, "n": -12, "refs": ["a\"b", "c"], "ok": true, "x": null}"#
        let bytes = Array(good.utf8)
        let replacements: [UInt8] = Array(#"{}[]",:\ 0e.-tn"#.utf8)
        var checked = 0
        for cut in 0..<bytes.count {
            let line = String(decoding: bytes[..<cut], as: UTF8.self)
            #expect(Self.scanned(line) == Self.foundation(line), "\(line)")
            #expect(Self.kindsAgree(line), "\(line)")
            for r in replacements where bytes[cut] != r {
                var damaged = bytes
                damaged[cut] = r
                let line = String(decoding: damaged, as: UTF8.self)
                #expect(Self.kindsAgree(line), "\(line)")
                if Self.hasTrailingComma(line) { #expect(Self.scanned(line) == nil, "\(line)"); continue }
                #expect(Self.scanned(line) == Self.foundation(line), "\(line)")
                checked += 1
            }
        }
        #expect(checked > 1000)
    }
}
