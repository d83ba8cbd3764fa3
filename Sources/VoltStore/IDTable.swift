import Foundation
import VoltModel

/// Record ids and a 64-bit value each, for the importer's lookups: the store writer's entity
/// numbers (two lookups for every link).
/// Swift's `Dictionary<String, _>` hashed each id with SipHash and then compared it in another
/// allocation, two cache misses on a table of a million ids. Here one open-addressed array of
/// slots holds each id's first 16 bytes inline, so a lookup of an id of up to 16 bytes (the
/// usual `P123456`) touches one slot of 32 bytes; longer ids compare their tail in a second
/// array that keeps those ids' bytes back to back. A value type (copied on write).
public struct IDTable {
    /// One slot: the id's first 16 bytes (zero-padded words), its length, where the bytes of
    /// an id longer than 16 are kept, and its value. `empty` marks a slot never used,
    /// `forgotten` an id no longer held.
    private struct Slot {
        var head: (UInt64, UInt64) = (0, 0)
        var packed: Int64 = IDTable.empty
        var length: UInt32 = 0
        var offset: UInt32 = 0
    }

    /// The slots, 64-byte aligned so that no slot straddles two cache lines: in an array
    /// (16-byte aligned) half the slots did, and a lookup could miss twice.
    private final class Slots {
        let base: UnsafeMutablePointer<Slot>
        let count: Int
        /// What `warm` loaded, summed: kept, so that the loads are not optimised away.
        var warmth: Int64 = 0

        init(count: Int) {
            self.count = count
            let bytes = count * MemoryLayout<Slot>.stride
            // (Transparent huge pages for a large table measured no faster at XL: 28.5 s
            // and 28.4 s, two runs each, alternated.)
            var raw: UnsafeMutableRawPointer?
            guard posix_memalign(&raw, 64, bytes) == 0, let r = raw else {
                fatalError("out of memory for an id table of \(count) slots")
            }
            base = r.bindMemory(to: Slot.self, capacity: count)
            base.initialize(repeating: Slot(), count: count)
        }

        deinit {
            base.deinitialize(count: count)
            free(UnsafeMutableRawPointer(base))  // posix_memalign's
        }

        subscript(i: Int) -> Slot {
            get { base[i] }
            set { base[i] = newValue }
        }

        func copy() -> Slots {
            let c = Slots(count: count)
            c.base.update(from: base, count: count)
            return c
        }
    }

    private static let empty = Int64.min
    private static let forgotten = Int64.min + 1

    // Lookups go through `base` and `mask`, which retain nothing; `slots` owns the memory.
    private var slots: Slots {
        didSet { (base, mask) = (slots.base, slots.count - 1) }
    }
    private var base: UnsafeMutablePointer<Slot>
    private var mask: Int
    private var bytes: [UInt8] = []
    /// Slots in use (forgotten ones too: they keep their id).
    private var used = 0

    /// An empty table.
    public init() {
        slots = Slots(count: 1024)
        (base, mask) = (slots.base, slots.count - 1)
    }

    /// The value held for `id`, or nil.
    public func find(_ id: String) -> Int64? { find(id, hash: nil) }

    /// The value held for `id`, placed by `hash` when given (it must be `hash(of: id)`).
    private func find(_ id: String, hash: UInt32?) -> Int64? {
        var id = id
        return id.withUTF8 { key in
            let k = Key(key, hash: hash)
            assert(hash == nil || hash == Key(key).hash, "IDTable: a hash given for an id is not its hash")
            let p = base[slot(of: key, k)].packed
            return p == Self.empty || p == Self.forgotten ? nil : p
        }
    }

    /// `find`, through an in-place access: a table in a class's stored property is then looked
    /// up where it is, not copied out (its storage retained and released) for every lookup.
    @inline(__always)
    public mutating func findInPlace(_ id: String) -> Int64? { find(id) }

    /// `findInPlace` for an id whose `hash(of:)` is known (a reading thread computed it).
    @inline(__always)
    public mutating func findInPlace(_ id: String, hash: UInt32) -> Int64? { find(id, hash: hash) }

    /// The hash that places `id` in a table (the same for every table).
    public static func hash(of id: String) -> UInt32 {
        var id = id
        return id.withUTF8 { Key($0).hash }
    }

    /// Loads the first slot of each id hashed in `hashes` (0: none), so that lookups of those
    /// ids soon after find their slots in the CPU's cache. The loads do not depend on one
    /// another, so the CPU keeps many misses in flight where a lookup waits for each in turn.
    public func warm(_ hashes: UnsafeBufferPointer<UInt32>) {
        let s = base
        var sum: Int64 = 0
        for h in hashes where h != 0 { sum &+= s[Int(h) & mask].packed }
        slots.warmth &+= sum
    }

    /// Holds `value` for `id` (any value but the two lowest of Int64).
    public mutating func set(_ id: String, _ value: Int64) {
        precondition(value > Self.forgotten, "IDTable keeps Int64.min and Int64.min + 1 for itself")
        store(id, value)
    }

    /// Drops `id`.
    public mutating func forget(_ id: String) {
        store(id, Self.forgotten, only: true)
    }

    /// An id's first 16 bytes as two words, and its hash.
    private struct Key {
        var head: (UInt64, UInt64) = (0, 0)
        let hash: UInt32

        /// The head of `key`, and its hash: `known` when given (computed already), else
        /// worked out here.
        init(_ key: UnsafeBufferPointer<UInt8>, hash known: UInt32? = nil) {
            withUnsafeMutableBytes(of: &head) { h in
                h.copyMemory(from: UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(key).prefix(16)))
            }
            if let known {
                hash = known
                return
            }
            // The head's words mixed with the length, then the tail byte by byte (FNV-1a),
            // then MurmurHash3's finaliser so the low bits that pick the slot vary.
            var h = (head.0 &* 0x9E37_79B9_7F4A_7C15) ^ (head.1 &* 0xC2B2_AE3D_27D4_EB4F) ^ UInt64(key.count)
            if key.count > 16 { for b in key[16...] { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 } }
            h ^= h >> 33
            h = h &* 0xFF51_AFD7_ED55_8CCD
            h ^= h >> 33
            hash = UInt32(truncatingIfNeeded: h)
        }
    }

    /// Writes `packed` into `id`'s slot, taking a new slot unless `only` (then only an id held
    /// is changed).
    private mutating func store(_ id: String, _ packed: Int64, only: Bool = false) {
        if !isKnownUniquelyReferenced(&slots) { slots = slots.copy() }
        var id = id
        id.withUTF8 { key in
            let k = Key(key)
            let i = slot(of: key, k)
            if slots[i].packed != Self.empty {
                slots[i].packed = packed
                return
            }
            if only { return }
            slots[i] = Slot(head: k.head, packed: packed, length: UInt32(key.count), offset: UInt32(bytes.count))
            if key.count > 16 { bytes.append(contentsOf: key) }
            used += 1
            // At most half full: an id not held (each new entity's first lookups) probes until
            // an empty slot, about 2.5 slots at half full and 8.5 at three quarters.
            if used * 2 > slots.count { rehash(slots: slots.count * 2) }
        }
    }

    /// The slot holding `key`, or the empty slot where it would go (linear probing).
    private func slot(of key: UnsafeBufferPointer<UInt8>, _ k: Key) -> Int {
        let s = base
        var i = Int(k.hash) & mask
        while true {
            let x = s[i]
            if x.packed == Self.empty { return i }
            if x.head == k.head && Int(x.length) == key.count && (key.count <= 16 || tailMatches(Int(x.offset), key)) {
                return i
            }
            i = (i + 1) & mask
        }
    }

    /// Whether the bytes of an id longer than 16 bytes, kept from `offset`, end as `key` does.
    private func tailMatches(_ offset: Int, _ key: UnsafeBufferPointer<UInt8>) -> Bool {
        bytes.withUnsafeBufferPointer { b in
            memcmp(b.baseAddress! + offset + 16, key.baseAddress! + 16, key.count - 16) == 0
        }
    }

    /// A slot's id's hash, from its head, or from its bytes when it is longer than 16.
    private func hash(of x: Slot) -> UInt32 {
        if x.length > 16 {
            return bytes.withUnsafeBufferPointer { Key(UnsafeBufferPointer(rebasing: $0[Int(x.offset)..<Int(x.offset) + Int(x.length)])).hash }
        }
        var head = x.head
        return withUnsafeBytes(of: &head) { Key(UnsafeBufferPointer(rebasing: $0.bindMemory(to: UInt8.self)[..<Int(x.length)])).hash }
    }

    /// Makes room for `additional` more ids without growing on the way. A table grown a step
    /// at a time to a million ids has touched twice its final memory, and moved each id twice
    /// on average: a tenth of a first load's entity phase, most of it the kernel's page faults.
    public mutating func reserve(_ additional: Int) {
        let needed = 2 * (used + max(0, additional))
        guard needed > slots.count else { return }
        var count = slots.count
        while count < needed { count *= 2 }
        rehash(slots: count)
    }

    /// Moves every id into a new array of `count` slots (a power of two).
    private mutating func rehash(slots count: Int) {
        let old = slots
        slots = Slots(count: count)
        let mask = slots.count - 1
        for j in 0..<old.count where old[j].packed != Self.empty {
            let x = old[j]
            var i = Int(hash(of: x)) & mask
            while slots[i].packed != Self.empty { i = (i + 1) & mask }
            slots[i] = x
        }
    }
}
