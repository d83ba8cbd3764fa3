import Foundation
import VoltModel

/// Entity ids and the internal numbers and kinds they resolve to, for the importer's lookups:
/// two for every link, a million links a minute. Swift's `Dictionary<String, _>` hashes each id
/// with SipHash through `Hasher` and was a tenth of a bulk load's time; this table hashes the
/// id's UTF-8 bytes (ids are short) into one open-addressed array, and keeps every
/// id's bytes back to back in another, so a lookup allocates nothing and follows no pointer.
struct EntityNumbers {
    /// One slot: the id's hash, where its bytes are, and the number and kind packed
    /// (`n << 2 | kind`); `empty` marks a slot never used, `forgotten` an id no longer cached.
    private struct Slot {
        var hash: UInt32 = 0
        var length: UInt32 = 0
        var offset: Int = 0
        var packed: Int64 = EntityNumbers.empty
    }

    private static let empty = Int64.min
    private static let forgotten = Int64.min + 1
    private static let kinds: [EntityKind] = [.person, .location, .theme]

    private var slots = [Slot](repeating: Slot(), count: 1024)
    private var bytes: [UInt8] = []
    /// Slots in use (forgotten ones too: they keep their id).
    private var used = 0

    /// The number and kind cached for `id`, or nil.
    func find(_ id: String) -> (n: Int64, kind: EntityKind)? {
        var id = id
        return id.withUTF8 { key in
            let i = slot(of: key, hash: Self.hash(key))
            let p = slots[i].packed
            return p == Self.empty || p == Self.forgotten ? nil : (p >> 2, Self.kinds[Int(p & 3)])
        }
    }

    /// Caches `id` as number `n` of `kind` (n is -1 for an entity an import will not write).
    mutating func set(_ id: String, n: Int64, kind: EntityKind) {
        store(id, n << 2 | Int64(Self.kinds.firstIndex(of: kind)!))
    }

    /// Drops `id` from the cache.
    mutating func forget(_ id: String) {
        store(id, Self.forgotten, only: true)
    }

    /// Writes `packed` into `id`'s slot, taking a new slot unless `only` (then only an id held
    /// is changed).
    private mutating func store(_ id: String, _ packed: Int64, only: Bool = false) {
        var id = id
        id.withUTF8 { key in
            let h = Self.hash(key)
            let i = slot(of: key, hash: h)
            if slots[i].packed != Self.empty {
                slots[i].packed = packed
                return
            }
            if only { return }
            slots[i] = Slot(hash: h, length: UInt32(key.count), offset: bytes.count, packed: packed)
            bytes.append(contentsOf: key)
            used += 1
            if used * 4 > slots.count * 3 { grow() }
        }
    }

    /// The slot holding `key`, or the empty slot where it would go (linear probing).
    private func slot(of key: UnsafeBufferPointer<UInt8>, hash h: UInt32) -> Int {
        let mask = slots.count - 1
        var i = Int(h) & mask
        return slots.withUnsafeBufferPointer { s in
            bytes.withUnsafeBufferPointer { b in
                while true {
                    let x = s[i]
                    if x.packed == Self.empty { return i }
                    if x.hash == h && Int(x.length) == key.count
                        && (key.isEmpty || memcmp(b.baseAddress! + x.offset, key.baseAddress!, key.count) == 0) {
                        return i
                    }
                    i = (i + 1) & mask
                }
            }
        }
    }

    private mutating func grow() {
        let old = slots
        slots = [Slot](repeating: Slot(), count: old.count * 2)
        let mask = slots.count - 1
        for x in old where x.packed != Self.empty {
            var i = Int(x.hash) & mask
            while slots[i].packed != Self.empty { i = (i + 1) & mask }
            slots[i] = x
        }
    }

    /// FNV-1a over the id's bytes, then MurmurHash3's finaliser: FNV's low bits, which pick
    /// the slot, barely change between ids that differ in one digit.
    private static func hash(_ key: UnsafeBufferPointer<UInt8>) -> UInt32 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for b in key { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        h ^= h >> 33
        h = h &* 0xFF51_AFD7_ED55_8CCD
        h ^= h >> 33
        return UInt32(truncatingIfNeeded: h)
    }
}
