/// One JSON Lines record read straight from its bytes: a flat object whose values are strings,
/// numbers, true/false, null, or (for list columns) arrays of those.
///
/// volt reads JSON Lines itself rather than through `JSONSerialization`, which builds a
/// Foundation dictionary of boxed values for every line (measured here at about 86,000 lines/s
/// for parsing alone). This reader makes one `String` per key and per value and nothing else;
/// anything that is not valid JSON is refused as a whole line, as before.
struct JSONLine {
    /// A value as it was written; nested structures are kept only as what they are, for the refusal.
    enum Value: Equatable {
        case text(String)
        case number(String)
        case bool(Bool)
        case null
        /// An array of scalars, each as its cell text.
        case list([String])
        /// An array holding an array or an object.
        case nestedList
        case object
    }

    /// The object's members in the order written (a key given twice appears twice).
    private(set) var members: [(key: String, value: Value)] = []

    /// Parses `bytes` as one JSON object; nil when it is not one (bad syntax, another kind of
    /// value, or anything but white space after it).
    init?(_ bytes: UnsafeBufferPointer<UInt8>) {
        var s = Scanner(bytes: bytes)
        var found: [(key: String, value: Value)] = []
        let whole = s.line { s in
            guard let key = s.string(), s.colon(), let value = s.value(depth: 0) else { return false }
            found.append((key, value))
            return true
        }
        guard whole else { return nil }
        members = found
    }

    /// What a line's `"kind"` says, read without building the rest of the line; nil when the
    /// line is not a JSON object (exactly when `init?(_:)` would refuse it). The inner value is
    /// nil when there is no `kind`, or it is not a string; given twice, the last one counts.
    static func kind(of bytes: UnsafeBufferPointer<UInt8>) -> String?? {
        kind(of: bytes, stoppingAt: { _ in false }).kind
    }

    /// `kind(of:)`, which stops at a `"kind"` whose text `enough` accepts: the caller reads the
    /// whole line next (`init?(_:)`), which checks the rest, so scanning it here as well read
    /// every wanted line twice. `stopped` says the scan stopped there; the kind is then the
    /// first one given, and the caller takes the last from the whole line.
    static func kind(of bytes: UnsafeBufferPointer<UInt8>, stoppingAt enough: (String) -> Bool) -> (kind: String??, stopped: Bool) {
        var s = Scanner(bytes: bytes)
        var kind: String?
        var stopped = false
        let whole = s.line { s in
            guard let isKind = s.keyIsKind(), s.colon() else { return false }
            guard isKind else { return s.skipValue(depth: 0) }
            if s.peek == UInt8(ascii: "\"") {
                guard let t = s.string() else { return false }
                kind = t
                if enough(t) {
                    stopped = true
                    return false  // ends the scan
                }
                return true
            }
            kind = nil
            return s.skipValue(depth: 0)
        }
        if stopped { return (.some(kind), true) }
        return (whole ? .some(kind) : nil, false)
    }

    /// What the line's members say its kind is, as `kind(of:)` reads it: the last `"kind"`,
    /// nil when that is not a string or there is none.
    var kind: String? {
        var kind: String?
        for m in members where m.key == "kind" {
            if case .text(let t) = m.value { kind = t } else { kind = nil }
        }
        return kind
    }

    /// A cursor over the line's bytes.
    private struct Scanner {
        let bytes: UnsafeBufferPointer<UInt8>
        var i = 0

        var atEnd: Bool { i >= bytes.count }
        var peek: UInt8? { i < bytes.count ? bytes[i] : nil }

        mutating func take(_ b: UInt8) -> Bool {
            guard i < bytes.count, bytes[i] == b else { return false }
            i += 1
            return true
        }

        mutating func skipSpace() {
            while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x09 || bytes[i] == 0x0D || bytes[i] == 0x0A { i += 1 }
        }

        /// A whole line: one object (white space around it), each member read by `member`.
        mutating func line(_ member: (inout Scanner) -> Bool) -> Bool {
            skipSpace()
            guard object(member) else { return false }
            skipSpace()
            return atEnd
        }

        /// An object at the cursor; `member` reads one key and its value (the cursor at the
        /// key's opening quote) and says whether both were well formed.
        mutating func object(_ member: (inout Scanner) -> Bool) -> Bool {
            elements(open: UInt8(ascii: "{"), close: UInt8(ascii: "}"), member)
        }

        /// `open`, items separated by commas (none after the last), `close`.
        mutating func elements(open: UInt8, close: UInt8, _ item: (inout Scanner) -> Bool) -> Bool {
            guard take(open) else { return false }
            skipSpace()
            if take(close) { return true }
            while true {
                skipSpace()
                guard item(&self) else { return false }
                skipSpace()
                if take(UInt8(ascii: ",")) { continue }
                return take(close)
            }
        }

        /// The colon after a key, with the space around it.
        mutating func colon() -> Bool {
            skipSpace()
            guard take(UInt8(ascii: ":")) else { return false }
            skipSpace()
            return true
        }

        /// Arrays and objects deeper than this are refused as not JSON (a line is one record).
        static let maxDepth = 32

        mutating func value(depth: Int) -> Value? {
            guard let b = peek else { return nil }
            switch b {
            case UInt8(ascii: "\""): return string().map(Value.text)
            case UInt8(ascii: "{"):
                guard depth < Self.maxDepth, skipObject(depth: depth) else { return nil }
                return .object
            case UInt8(ascii: "["): return array(depth: depth)
            case UInt8(ascii: "t"): return word("true") ? .bool(true) : nil
            case UInt8(ascii: "f"): return word("false") ? .bool(false) : nil
            case UInt8(ascii: "n"): return word("null") ? .null : nil
            default: return number().map(Value.number)
            }
        }

        mutating func word(_ w: StaticString) -> Bool {
            let n = w.utf8CodeUnitCount
            guard i + n <= bytes.count else { return false }
            let p = w.utf8Start
            for k in 0..<n where bytes[i + k] != p[k] { return false }
            i += n
            return true
        }

        /// A number in JSON's grammar, as its normalised text: integers as written (without a
        /// sign on zero), anything with a fraction or exponent as the shortest text of its value
        /// as a Double ("2.0", "1000.0", "0.01").
        mutating func number() -> String? {
            let start = i
            _ = take(UInt8(ascii: "-"))
            guard let first = peek, isDigit(first) else { return nil }
            i += 1
            if first != UInt8(ascii: "0") { while let d = peek, isDigit(d) { i += 1 } }
            var integral = true
            if take(UInt8(ascii: ".")) {
                integral = false
                guard let d = peek, isDigit(d) else { return nil }
                while let d = peek, isDigit(d) { i += 1 }
            }
            if let e = peek, e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
                integral = false
                i += 1
                if let sign = peek, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") { i += 1 }
                guard let d = peek, isDigit(d) else { return nil }
                while let d = peek, isDigit(d) { i += 1 }
            }
            let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)
            if integral, let v = Int64(text) { return String(v) }
            // As Foundation wrote it before (2.0 stays "2.0"), so a file read again is unchanged.
            guard let d = Double(text), d.isFinite else { return nil }
            return String(d)
        }

        private func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }

        /// A string (the cursor at its opening quote), with its escapes decoded.
        mutating func string() -> String? {
            guard take(UInt8(ascii: "\"")) else { return nil }
            let start = i
            // The common case: no escapes, made straight from the bytes.
            while i < bytes.count {
                let b = bytes[i]
                if b == UInt8(ascii: "\"") {
                    let s = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)
                    i += 1
                    return s
                }
                if b == UInt8(ascii: "\\") { break }
                if b < 0x20 { return nil }  // a raw control character is not JSON
                i += 1
            }
            var out = Array(bytes[start..<i])
            while i < bytes.count {
                let b = bytes[i]
                i += 1
                switch b {
                case UInt8(ascii: "\""): return String(decoding: out, as: UTF8.self)
                case UInt8(ascii: "\\"):
                    guard let e = peek else { return nil }
                    i += 1
                    switch e {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
                    case UInt8(ascii: "b"): out.append(0x08)
                    case UInt8(ascii: "f"): out.append(0x0C)
                    case UInt8(ascii: "n"): out.append(0x0A)
                    case UInt8(ascii: "r"): out.append(0x0D)
                    case UInt8(ascii: "t"): out.append(0x09)
                    case UInt8(ascii: "u"):
                        guard var scalar = hex4() else { return nil }
                        if scalar >= 0xD800 && scalar < 0xDC00 {
                            // A surrogate pair: the low half must follow.
                            guard take(UInt8(ascii: "\\")), take(UInt8(ascii: "u")), let low = hex4(),
                                  low >= 0xDC00 && low < 0xE000 else { return nil }
                            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        } else if scalar >= 0xDC00 && scalar < 0xE000 {
                            return nil
                        }
                        guard let u = Unicode.Scalar(scalar) else { return nil }
                        out.append(contentsOf: Array(String(Character(u)).utf8))
                    default: return nil
                    }
                default:
                    if b < 0x20 { return nil }
                    out.append(b)
                }
            }
            return nil
        }

        private mutating func hex4() -> UInt32? {
            guard i + 4 <= bytes.count else { return nil }
            var v: UInt32 = 0
            for _ in 0..<4 {
                let b = bytes[i]
                let d: UInt8
                switch b {
                case 0x30...0x39: d = b - 0x30
                case 0x41...0x46: d = b - 0x41 + 10
                case 0x61...0x66: d = b - 0x61 + 10
                default: return nil
                }
                v = v << 4 | UInt32(d)
                i += 1
            }
            return v
        }

        /// An array: scalars become their cell text; an array or object inside marks it nested.
        mutating func array(depth: Int) -> Value? {
            guard depth < Self.maxDepth else { return nil }
            var items: [String] = []
            var nested = false
            let whole = elements(open: UInt8(ascii: "["), close: UInt8(ascii: "]")) { s in
                guard let v = s.value(depth: depth + 1) else { return false }
                switch v {
                case .text(let t), .number(let t): items.append(t)
                case .bool(let b): items.append(b ? "1" : "0")
                case .null: items.append("")
                case .list, .nestedList, .object: nested = true
                }
                return true
            }
            guard whole else { return nil }
            return nested ? .nestedList : .list(items)
        }

        /// Steps over an object, checking its syntax.
        mutating func skipObject(depth: Int) -> Bool {
            object { s in s.skipString() && s.colon() && s.skipValue(depth: depth + 1) }
        }

        // Stepping over without building anything. Each accepts exactly what its building
        // counterpart accepts (the tests hold them to it), so a line skipped for its kind is a
        // line that reading it whole would also have found well formed.

        /// Steps over any value; true when `value(depth:)` would have accepted it.
        mutating func skipValue(depth: Int) -> Bool {
            guard let b = peek else { return false }
            switch b {
            case UInt8(ascii: "\""): return skipString()
            case UInt8(ascii: "{"): return depth < Self.maxDepth && skipObject(depth: depth)
            case UInt8(ascii: "["):
                return depth < Self.maxDepth
                    && elements(open: UInt8(ascii: "["), close: UInt8(ascii: "]")) { s in s.skipValue(depth: depth + 1) }
            case UInt8(ascii: "t"): return word("true")
            case UInt8(ascii: "f"): return word("false")
            case UInt8(ascii: "n"): return word("null")
            default: return number() != nil  // short, and rare beside strings
            }
        }

        /// Steps over a string; true when `string()` would have accepted it. `plain` is set
        /// when it held no escapes (its bytes are then its text).
        mutating func skipString(plain: inout Bool) -> Bool {
            guard take(UInt8(ascii: "\"")) else { return false }
            plain = true
            while i < bytes.count {
                let b = bytes[i]
                i += 1
                switch b {
                case UInt8(ascii: "\""): return true
                case UInt8(ascii: "\\"):
                    plain = false
                    guard let e = peek else { return false }
                    i += 1
                    switch e {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"),
                         UInt8(ascii: "f"), UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"): continue
                    case UInt8(ascii: "u"):
                        guard let high = hex4() else { return false }
                        if high >= 0xD800 && high < 0xDC00 {
                            guard take(UInt8(ascii: "\\")), take(UInt8(ascii: "u")), let low = hex4(),
                                  low >= 0xDC00 && low < 0xE000 else { return false }
                        } else if high >= 0xDC00 && high < 0xE000 {
                            return false
                        }
                    default: return false
                    }
                default:
                    if b < 0x20 { return false }
                }
            }
            return false
        }

        mutating func skipString() -> Bool {
            var plain = true
            return skipString(plain: &plain)
        }

        /// Reads a key; true when it is `kind` (compared as bytes unless it held escapes).
        mutating func keyIsKind() -> Bool? {
            let start = i
            var plain = true
            guard skipString(plain: &plain) else { return nil }
            if plain {
                let n = i - start
                guard n == 6 else { return false }
                return bytes[start + 1] == UInt8(ascii: "k") && bytes[start + 2] == UInt8(ascii: "i")
                    && bytes[start + 3] == UInt8(ascii: "n") && bytes[start + 4] == UInt8(ascii: "d")
            }
            let end = i
            i = start
            let text = string()
            i = end
            return text == "kind"
        }
    }
}
