import Foundation

import VoltModel

/// Every record's fields prepared once for comparison, in contiguous arrays indexed by record:
/// names interned (one number per distinct folded name, so "exact" is an integer compare and
/// each name's bytes sit in one buffer), dates as `yyyymmdd`, postcode parts and address words
/// interned, references hashed. Comparing a pair reads only these arrays.
struct MatchFeatures: Sendable {
    let count: Int
    /// Interned given and family name of each record (-1: none).
    var given: [Int32], family: [Int32]
    /// Bytes of every interned name, and where each starts (one more than the names).
    var nameBytes: [UInt8], nameStart: [Int32]
    /// Each interned name's Soundex code and how many records carry it (given or family).
    var soundex: [UInt32], givenFrequency: [Int32], familyFrequency: [Int32]
    /// For exact agreement on each interned name as a given or a family name: how much rarer
    /// (positive) or commoner (negative) it is than the average agreement, in bits, at most 5
    /// either way. Two records that agree on "Wickerham" say more than two on "Smith".
    var givenAdjustment: [Double], familyAdjustment: [Double]
    /// Whether an interned name is a single letter (an initial).
    var isInitial: [Bool]
    /// Nickname groups of each interned name, as bits (groups 0–63, then 64–127).
    var nicknameLow: [UInt64], nicknameHigh: [UInt64]
    /// Date of birth as yyyymmdd (0: not recorded).
    var dob: [Int32]
    /// Interned postcode unit, sector and district (-1: none).
    var postcodeUnit: [Int32], postcodeSector: [Int32], postcodeDistrict: [Int32]
    /// Interned address words, sorted per record, and where each record's start (count + 1).
    var addressWords: [Int32], addressStart: [Int32]
    /// Gender: 0 not recorded, then one number per value seen.
    var gender: [UInt8]
    /// The recording agency, interned (-1: not recorded).
    var agency: [Int32]
    /// Hashed `agency:reference` of each record, sorted, and where each record's start.
    var references: [UInt64], referenceStart: [Int32]
    /// The interned names' text, for cards and the blocking on given name.
    var names: [String]

    init(_ records: [PersonRecord]) {
        count = records.count
        var nameID: [String: Int32] = [:]
        var names: [String] = []
        func intern(_ s: String) -> Int32 {
            if s.isEmpty { return -1 }
            if let k = nameID[s] { return k }
            let k = Int32(names.count)
            nameID[s] = k
            names.append(s)
            return k
        }
        var other: [String: Int32] = [:]
        func internOther(_ s: String) -> Int32 {
            if let k = other[s] { return k }
            let k = Int32(other.count)
            other[s] = k
            return k
        }
        var genders: [String: UInt8] = [:]
        var agencies: [String: Int32] = [:]
        agency = []
        agency.reserveCapacity(count)
        given = []; family = []; dob = []; postcodeUnit = []; postcodeSector = []; postcodeDistrict = []
        addressWords = []; addressStart = [0]; gender = []; references = []; referenceStart = [0]
        given.reserveCapacity(count); family.reserveCapacity(count); dob.reserveCapacity(count)
        for r in records {
            let n = SplitName(r.name)
            given.append(intern(n.given))
            family.append(intern(n.family))
            if let d = r.dateOfBirth { dob.append(Int32(d.year * 10_000 + d.month * 100 + d.day)) } else { dob.append(0) }
            if let p = PostcodeParts(r.postcode) {
                postcodeUnit.append(internOther("u" + p.unit))
                postcodeSector.append(internOther("s" + p.sector))
                postcodeDistrict.append(internOther("d" + p.district))
            } else {
                postcodeUnit.append(-1); postcodeSector.append(-1); postcodeDistrict.append(-1)
            }
            if let a = r.address {
                let words = Set(NameFolding.words(a).map { internOther("w" + (Self.streetWords[String($0)] ?? String($0))) }).sorted()
                addressWords.append(contentsOf: words)
            }
            addressStart.append(Int32(addressWords.count))
            if let g = r.gender.map({ NameFolding.fold($0) }), !g.isEmpty {
                let code = String(g.prefix(1))  // "m"/"male", "f"/"female" agree
                if genders[code] == nil { genders[code] = UInt8(genders.count + 1) }
                gender.append(genders[code]!)
            } else {
                gender.append(0)
            }
            if let a = r.source.map({ NameFolding.fold($0) }), !a.isEmpty {
                if agencies[a] == nil { agencies[a] = Int32(agencies.count) }
                agency.append(agencies[a]!)
            } else {
                agency.append(-1)
            }
            references.append(contentsOf: Set(r.references.map { fnv1a("\($0.agency):\($0.reference)") }).sorted())
            referenceStart.append(Int32(references.count))
        }
        nameBytes = []
        nameStart = [0]
        soundex = []
        isInitial = []
        nicknameLow = []
        nicknameHigh = []
        for s in names {
            nameBytes.append(contentsOf: s.utf8)
            nameStart.append(Int32(nameBytes.count))
            soundex.append(Soundex.packed(s))
            isInitial.append(s.utf8.count == 1)
            var low: UInt64 = 0, high: UInt64 = 0
            for g in Nicknames.groupsOf[s] ?? [] {
                if g < 64 { low |= 1 << UInt64(g) } else { high |= 1 << UInt64(g - 64) }
            }
            nicknameLow.append(low)
            nicknameHigh.append(high)
        }
        givenFrequency = Array(repeating: 0, count: names.count)
        familyFrequency = Array(repeating: 0, count: names.count)
        for k in 0..<count {
            if given[k] >= 0 { givenFrequency[Int(given[k])] += 1 }
            if family[k] >= 0 { familyFrequency[Int(family[k])] += 1 }
        }
        givenAdjustment = Self.adjustments(givenFrequency)
        familyAdjustment = Self.adjustments(familyFrequency)
        self.names = names
    }

    /// Street words agencies abbreviate ("66 Heron Cl" is "66 Heron Close").
    static let streetWords: [String: String] = [
        "rd": "road", "st": "street", "ln": "lane", "cl": "close", "ave": "avenue", "av": "avenue", "dr": "drive",
        "ct": "court", "cres": "crescent", "cr": "crescent", "gdns": "gardens", "pl": "place", "sq": "square",
        "ter": "terrace", "terr": "terrace", "wy": "way", "wk": "walk", "hl": "hill", "grn": "green", "pk": "park",
        "flt": "flat", "apt": "flat",
    ]

    static func adjustments(_ frequency: [Int32]) -> [Double] {
        let total = Double(frequency.reduce(0) { $0 + Int($1) })
        guard total > 0 else { return frequency.map { _ in 0 } }
        let average = frequency.reduce(0.0) { $0 + (Double($1) / total) * (Double($1) / total) }
        return frequency.map { n in n == 0 ? 0 : min(5, max(-5, log2(average / (Double(n) / total)))) }
    }
}

/// FNV-1a, 64 bits: a stable hash for blocking keys and references (a collision only adds a
/// candidate pair, which comparison then scores on its fields).
func fnv1a<S: Sequence>(_ bytes: S, seed: UInt64 = 0xcbf2_9ce4_8422_2325) -> UInt64 where S.Element == UInt8 {
    var h = seed
    for b in bytes {
        h ^= UInt64(b)
        h &*= 0x100_0000_01b3
    }
    return h
}

func fnv1a(_ s: String) -> UInt64 { fnv1a(s.utf8) }

/// Compares pairs of records on `MatchFeatures`; one per thread (it owns scratch space).
struct Comparer {
    let f: MatchFeatures
    var jw = JaroWinkler()

    init(_ features: MatchFeatures) { f = features }

    /// The levels of records `i` and `j`.
    mutating func compare(_ i: Int, _ j: Int) -> ComparisonVector {
        let m = MatchField.missing
        // Names both ways round; the better reading wins (a record with given and family
        // swapped agrees the other way).
        let straightGiven = name(f.given[i], f.given[j], given: true)
        let straightFamily = name(f.family[i], f.family[j], given: false)
        var g = straightGiven, fam = straightFamily, swapped = false
        if straightGiven + straightFamily > 1, f.given[j] >= 0, f.family[j] >= 0 {
            let sg = name(f.given[i], f.family[j], given: true)
            let sf = name(f.family[i], f.given[j], given: false)
            if sg + sf < straightGiven + straightFamily && sg <= 1 && sf <= 1 {
                g = sg
                fam = sf
                swapped = true
            }
        }
        var packed = g | fam << 3
        packed |= dateLevel(f.dob[i], f.dob[j]) << 6
        let address = addressLevel(i, j)
        packed |= address << 9
        // A postcode goes with its address: after a move both differ, and weighing both would
        // count one fact twice. Where both addresses can be compared the postcode adds nothing
        // (`postcodeWithAddress`); where either is missing it stands in for the address.
        let pu = f.postcodeUnit[i], qu = f.postcodeUnit[j]
        let postcode: UInt32 = pu < 0 || qu < 0 || address != m ? m : pu == qu ? 0 : f.postcodeSector[i] == f.postcodeSector[j] ? 1
            : f.postcodeDistrict[i] == f.postcodeDistrict[j] ? 2 : 3
        packed |= postcode << 12
        if address != m && pu >= 0 && qu >= 0 { packed |= ComparisonVector.postcodeWithAddressBit }
        let gi = f.gender[i], gj = f.gender[j]
        packed |= (gi == 0 || gj == 0 ? m : gi == gj ? 0 : 1) << 15
        let ai = f.agency[i], aj = f.agency[j]
        packed |= (ai < 0 || aj < 0 ? m : ai == aj ? 1 : 0) << 18
        if swapped { packed |= ComparisonVector.swappedBit }
        if sharesReference(i, j) { packed |= ComparisonVector.sharedReferenceBit }
        return ComparisonVector(packed: packed)
    }

    /// The level of two interned names (7: missing).
    mutating func name(_ a: Int32, _ b: Int32, given: Bool) -> UInt32 {
        guard a >= 0, b >= 0 else { return MatchField.missing }
        if a == b { return 0 }
        let ia = f.isInitial[Int(a)], ib = f.isInitial[Int(b)]
        if ia || ib {
            let first = f.nameBytes[Int(f.nameStart[Int(a)])] == f.nameBytes[Int(f.nameStart[Int(b)])]
            // An initial says nothing of a family name; of a given name it is a level of its own.
            return given ? (first ? 4 : 5) : 4
        }
        let s = f.nameBytes.withUnsafeBufferPointer { bytes in
            let x = UnsafeBufferPointer(rebasing: bytes[Int(f.nameStart[Int(a)])..<Int(f.nameStart[Int(a) + 1])])
            let y = UnsafeBufferPointer(rebasing: bytes[Int(f.nameStart[Int(b)])..<Int(f.nameStart[Int(b) + 1])])
            return jw.similarity(x, y)
        }
        if s >= 0.94 { return 1 }
        if s >= 0.88 || oneSlipApart(a, b) { return 2 }
        if given {
            let x = Int(a), y = Int(b)
            let related = f.nicknameLow[x] & f.nicknameLow[y] != 0 || f.nicknameHigh[x] & f.nicknameHigh[y] != 0
            return related ? 3 : 5
        }
        return f.soundex[Int(a)] == f.soundex[Int(b)] ? 3 : 4
    }

    /// Whether two names are one keying slip apart: a letter changed, dropped or added, or two
    /// neighbours swapped (Damerau–Levenshtein distance 1). Short names fall below the
    /// Jaro–Winkler thresholds for one slip ("Tia" and "Tja").
    func oneSlipApart(_ a: Int32, _ b: Int32) -> Bool {
        let a0 = Int(f.nameStart[Int(a)]), a1 = Int(f.nameStart[Int(a) + 1])
        let b0 = Int(f.nameStart[Int(b)]), b1 = Int(f.nameStart[Int(b) + 1])
        let la = a1 - a0, lb = b1 - b0
        guard abs(la - lb) <= 1, min(la, lb) >= 2 else { return false }
        return f.nameBytes.withUnsafeBufferPointer { n in
            var p = 0
            while p < la && p < lb && n[a0 + p] == n[b0 + p] { p += 1 }
            if la == lb {
                // One change, or one swap of neighbours: the rest equal.
                if p + 1 < la && n[a0 + p] == n[b0 + p + 1] && n[a0 + p + 1] == n[b0 + p] {
                    var q = p + 2
                    while q < la && n[a0 + q] == n[b0 + q] { q += 1 }
                    if q == la { return true }
                }
                var q = p + 1
                while q < la && n[a0 + q] == n[b0 + q] { q += 1 }
                return q >= la
            }
            // One letter more on the longer side.
            let (s0, sl, l0) = la < lb ? (a0, la, b0) : (b0, lb, a0)
            var q = p
            while q < sl && n[s0 + q] == n[l0 + q + 1] { q += 1 }
            return q == sl
        }
    }

    func dateLevel(_ a: Int32, _ b: Int32) -> UInt32 {
        guard a != 0, b != 0 else { return MatchField.missing }
        if a == b { return 0 }
        let ya = a / 10_000, ma = a / 100 % 100, da = a % 100
        let yb = b / 10_000, mb = b / 100 % 100, db = b % 100
        if ya == yb && ma == db && da == mb { return 1 }
        // One digit of the eight different.
        var x = a, y = b, differ = 0
        for _ in 0..<8 {
            if x % 10 != y % 10 { differ += 1 }
            x /= 10
            y /= 10
        }
        if differ == 1 { return 2 }
        return ya == yb ? 3 : 4
    }

    func addressLevel(_ i: Int, _ j: Int) -> UInt32 {
        let a0 = Int(f.addressStart[i]), a1 = Int(f.addressStart[i + 1])
        let b0 = Int(f.addressStart[j]), b1 = Int(f.addressStart[j + 1])
        guard a1 > a0, b1 > b0 else { return MatchField.missing }
        // Both sorted: count the words in common in one pass.
        var p = a0, q = b0, common = 0
        while p < a1 && q < b1 {
            let x = f.addressWords[p], y = f.addressWords[q]
            if x == y { common += 1; p += 1; q += 1 } else if x < y { p += 1 } else { q += 1 }
        }
        let jaccard = Double(common) / Double((a1 - a0) + (b1 - b0) - common)
        return jaccard >= 0.85 ? 0 : jaccard >= 0.5 ? 1 : 2
    }

    func sharesReference(_ i: Int, _ j: Int) -> Bool {
        var p = Int(f.referenceStart[i]), q = Int(f.referenceStart[j])
        let pe = Int(f.referenceStart[i + 1]), qe = Int(f.referenceStart[j + 1])
        while p < pe && q < qe {
            let x = f.references[p], y = f.references[q]
            if x == y { return true }
            if x < y { p += 1 } else { q += 1 }
        }
        return false
    }
}
