/// A blocking pass: records that agree on its key become candidate pairs. Several passes,
/// each forgiving what another misses, find nearly every true pair while comparing a tiny
/// share of all pairs.
public enum BlockingPass: String, CaseIterable, Sendable, Codable {
    /// The same date of birth.
    case dateOfBirth = "dob"
    /// Family names that sound alike (Soundex) and the same given-name initial: catches a
    /// mistyped date of birth.
    case familySound = "family_soundex+initial"
    /// The same postcode unit: siblings, and a child recorded twice at home.
    case postcode
    /// A shared agency reference.
    case reference
    /// The same given name and year of birth: catches a misspelt family name with a wrong day.
    case givenNameYear = "given_name+birth_year"
}

/// How blocking went: pairs found by each pass, and blocks left out for being too large to be
/// useful (a hostel's postcode, an unknown date written as 01/01).
public struct BlockingReport: Sendable, Codable, Hashable {
    /// Pairs each pass proposed (a pair found by two passes counts in both).
    public var pairsByPass: [String: Int] = [:]
    /// Blocks skipped because they held more than the largest block compared.
    public var skippedBlocks = 0
    /// Records in the skipped blocks.
    public var skippedRecords = 0
    /// Distinct candidate pairs.
    public var candidates = 0
}

enum Blocking {
    /// Candidate pairs as `i << 32 | j` with `i < j`, sorted, each once.
    static func candidates(_ f: MatchFeatures, maximumBlock: Int) -> ([UInt64], BlockingReport) {
        var report = BlockingReport()
        var pairs: [UInt64] = []
        for pass in BlockingPass.allCases {
            var keyed: [(key: UInt64, record: Int32)] = []
            keyed.reserveCapacity(f.count)
            for i in 0..<f.count {
                switch pass {
                case .dateOfBirth:
                    if f.dob[i] != 0 { keyed.append((UInt64(f.dob[i]), Int32(i))) }
                case .familySound:
                    let fam = f.family[i], giv = f.given[i]
                    guard fam >= 0, giv >= 0 else { continue }
                    let initial = f.nameBytes[Int(f.nameStart[Int(giv)])]
                    keyed.append((UInt64(f.soundex[Int(fam)]) << 8 | UInt64(initial), Int32(i)))
                case .postcode:
                    if f.postcodeUnit[i] >= 0 { keyed.append((UInt64(f.postcodeUnit[i]), Int32(i))) }
                case .reference:
                    for r in Int(f.referenceStart[i])..<Int(f.referenceStart[i + 1]) { keyed.append((f.references[r], Int32(i))) }
                case .givenNameYear:
                    guard f.given[i] >= 0, f.dob[i] != 0, !f.isInitial[Int(f.given[i])] else { continue }
                    keyed.append((UInt64(f.given[i]) << 16 | UInt64(f.dob[i] / 10_000), Int32(i)))
                }
            }
            keyed.sort { $0.key != $1.key ? $0.key < $1.key : $0.record < $1.record }
            var found = 0
            var start = 0
            while start < keyed.count {
                var end = start + 1
                while end < keyed.count && keyed[end].key == keyed[start].key { end += 1 }
                let size = end - start
                if size > maximumBlock {
                    report.skippedBlocks += 1
                    report.skippedRecords += size
                } else if size > 1 {
                    for p in start..<end {
                        for q in (p + 1)..<end where keyed[p].record != keyed[q].record {
                            let i = UInt64(keyed[p].record), j = UInt64(keyed[q].record)
                            pairs.append(i < j ? i << 32 | j : j << 32 | i)
                            found += 1
                        }
                    }
                }
                start = end
            }
            report.pairsByPass[pass.rawValue] = found
        }
        pairs.sort()
        var unique = 0
        for k in pairs.indices where k == 0 || pairs[k] != pairs[k - 1] {
            pairs[unique] = pairs[k]
            unique += 1
        }
        pairs.removeLast(pairs.count - unique)
        report.candidates = unique
        return (pairs, report)
    }
}
