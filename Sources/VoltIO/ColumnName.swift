import Foundation

/// A column the decoder names in its code (`c.required("from")`): a string literal, found among
/// a kind's columns through `ColumnTable` by its static bytes. A `[String: Int]` lookup per cell
/// hashed every name with SipHash and was a sixth of the reading thread's time.
struct ColumnName: ExpressibleByStringLiteral, CustomStringConvertible {
    let literal: StaticString
    init(stringLiteral value: StaticString) { literal = value }
    var description: String { literal.description }
}

/// A kind's columns by name, for `ColumnName` lookups: 64 slots, open addressing on a hash of
/// the name's bytes, each slot saying where the name's bytes are and its place in
/// `RecordKind.columns` (-1: empty). Flat arrays, so a lookup retains nothing.
struct ColumnTable: Sendable {
    private struct Slot: Sendable {
        var offset: Int32 = 0, length: Int32 = 0, place: Int32 = -1
    }
    private var slots = [Slot](repeating: Slot(), count: 64)
    private var bytes: [UInt8] = []

    init(_ columns: [String]) {
        precondition(columns.count < 48, "a record kind with more columns than the table holds")
        for (place, name) in columns.enumerated() {
            let utf8 = Array(name.utf8)
            var i = utf8.withUnsafeBufferPointer { Self.hash($0) }
            while slots[i].place >= 0 { i = (i + 1) & 63 }
            slots[i] = Slot(offset: Int32(bytes.count), length: Int32(utf8.count), place: Int32(place))
            bytes += utf8
        }
    }

    /// The place of `name` in the kind's columns, or nil when the kind has no such column.
    func place(of name: ColumnName) -> Int? {
        let key = name.literal.utf8Start, n = name.literal.utf8CodeUnitCount
        var i = Self.hash(UnsafeBufferPointer(start: key, count: n))
        return slots.withUnsafeBufferPointer { s in
            bytes.withUnsafeBufferPointer { b in
                while s[i].place >= 0 {
                    let x = s[i]
                    if Int(x.length) == n && memcmp(b.baseAddress! + Int(x.offset), key, n) == 0 { return Int(x.place) }
                    i = (i + 1) & 63
                }
                return nil
            }
        }
    }

    // The length and three of the name's bytes: a kind's twenty-odd names differ there, a
    // collision only costs a probe, and the decoder asks a dozen times per record (a byte
    // loop over every name was a twentieth of the reading thread).
    private static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        let n = bytes.count
        guard n > 0 else { return 0 }
        var h = UInt32(n) &* 0x9E37_79B1
        h ^= UInt32(bytes[0]) &* 0x85EB_CA77
        h ^= UInt32(bytes[n - 1]) &* 0xC2B2_AE3D
        h ^= UInt32(bytes[n / 2]) &* 0x27D4_EB2F
        return Int((h ^ (h >> 15) ^ (h >> 26)) & 63)
    }
}

/// Where the column names a decoder asks for sit in each kind's columns, remembered by the
/// address of the name's literal: the decoder asks about a dozen times per record, always with
/// the same literals, and hashing and comparing each name's bytes (`ColumnTable`) was a tenth of
/// the reading thread. One direct-mapped table of 64 slots per kind; a slot two literals share
/// is looked up again in the `ColumnTable` when the other one took it. One per decoder, so one
/// thread's.
final class ColumnPlaces {
    private static let slots = 64
    private let keys: UnsafeMutablePointer<UInt>
    private let places: UnsafeMutablePointer<Int>
    private let count = RecordKind.allCases.count * ColumnPlaces.slots

    init() {
        keys = .allocate(capacity: count)
        keys.initialize(repeating: 0, count: count)
        places = .allocate(capacity: count)
        places.initialize(repeating: -1, count: count)
    }

    deinit {
        keys.deallocate()
        places.deallocate()
    }

    /// The place of `name` in `kind`'s columns, or nil when the kind has no such column.
    @inline(__always)
    func place(of name: ColumnName, in kind: RecordKind) -> Int? {
        let key = UInt(bitPattern: name.literal.utf8Start)
        let i = kind.bit.trailingZeroBitCount &* Self.slots &+ Int(truncatingIfNeeded: (UInt64(key) &* 0x9E37_79B9_7F4A_7C15) >> 58)
        if keys[i] != key {
            keys[i] = key
            places[i] = kind.columnTable.place(of: name) ?? -1
        }
        let p = places[i]
        return p < 0 ? nil : p
    }
}

/// Values of a small vocabulary (link types, gradings, agencies) parsed once and remembered:
/// the first 32 keys in a list searched in order, the rest in a dictionary. Equal short strings
/// compare in a step, where a dictionary hashed every cell with SipHash.
struct Remembered<Value> {
    private var keys: [String] = []
    private var values: [Value] = []
    private var more: [String: Value] = [:]

    subscript(key: String) -> Value? {
        get {
            for i in keys.indices where keys[i] == key { return values[i] }
            return more.isEmpty ? nil : more[key]
        }
        set {
            guard let newValue else { return }  // nothing is ever forgotten
            if let i = keys.firstIndex(of: key) {
                values[i] = newValue
            } else if keys.count < 32 {
                keys.append(key)
                values.append(newValue)
            } else {
                more[key] = newValue
            }
        }
    }
}
