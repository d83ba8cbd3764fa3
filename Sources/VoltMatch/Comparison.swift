import VoltModel

/// A field two records are compared on. Each comparison lands in one of the field's levels
/// (best first), or is missing when either record lacks the field; a missing field adds no
/// weight either way.
public enum MatchField: Int, CaseIterable, Sendable, Codable {
    case givenName, familyName, dateOfBirth, address, postcode, gender
    /// The agencies holding the two records: two, or the same one (best first, as every
    /// field's levels). An agency's own list is mostly free of duplicates, so two records from
    /// one agency are less often one child than two from different agencies; how much less, EM
    /// learns from the store.
    case agency

    /// The field's name in cards and JSON.
    public var name: String {
        switch self {
        case .givenName: return "given_name"
        case .familyName: return "family_name"
        case .dateOfBirth: return "dob"
        case .address: return "address"
        case .postcode: return "postcode"
        case .gender: return "gender"
        case .agency: return "agency"
        }
    }

    /// The levels, best first, in words.
    public var levels: [String] {
        switch self {
        case .givenName:
            return ["exact", "close (Jaro-Winkler >= 0.94)", "similar (Jaro-Winkler >= 0.88 or one slip)", "nickname", "initial", "different"]
        case .familyName:
            return ["exact", "close (Jaro-Winkler >= 0.94)", "similar (Jaro-Winkler >= 0.88 or one slip)", "sounds alike (Soundex)", "different"]
        case .dateOfBirth:
            return ["exact", "day and month swapped", "one digit off", "year only", "different"]
        case .address:
            return ["same (words >= 85% shared)", "similar (words >= 50% shared)", "different"]
        case .postcode:
            return ["same unit", "same sector", "same district", "different"]
        case .gender:
            return ["same", "different"]
        case .agency:
            return ["different agencies", "same agency"]
        }
    }

    /// How often the same person's two records land in each level, as agencies' records
    /// typically differ: the prior belief EM starts from and is pulled towards with the weight
    /// of a few pairs (`FellegiSunter.priorPairs`). It matters only in a small store, where a
    /// dozen true pairs would otherwise let one coincidence (two Theos born on the same day)
    /// teach EM that true pairs often disagree on the family name.
    var typicalM: [Double] {
        switch self {
        case .givenName: return [0.80, 0.05, 0.04, 0.04, 0.05, 0.02]
        case .familyName: return [0.88, 0.04, 0.04, 0.02, 0.02]
        case .dateOfBirth: return [0.85, 0.04, 0.05, 0.03, 0.03]
        case .address: return [0.70, 0.10, 0.20]
        case .postcode: return [0.70, 0.10, 0.05, 0.15]
        case .gender: return [0.97, 0.03]
        case .agency: return [0.8, 0.2]
        }
    }

    /// The level that means "missing on either side" in a packed comparison.
    static let missing: UInt32 = 7
}

/// The levels of one pair on every field, packed three bits a field (7: missing), with flags:
/// the names compared swapped (given against family), and an agency reference shared.
public struct ComparisonVector: Hashable, Sendable {
    /// Three bits per field, in `MatchField` order.
    public let packed: UInt32

    static let swappedBit: UInt32 = 1 << 21
    static let sharedReferenceBit: UInt32 = 1 << 22
    static let postcodeWithAddressBit: UInt32 = 1 << 23
    /// The bits that make the pattern EM fits (the levels, not the flags).
    static let levelMask: UInt32 = (1 << 21) - 1

    init(packed: UInt32) { self.packed = packed }

    /// The level of `field` (nil: missing on either side).
    public func level(_ field: MatchField) -> Int? {
        let l = (packed >> (3 * UInt32(field.rawValue))) & 7
        return l == MatchField.missing ? nil : Int(l)
    }

    /// The given and family names agreed better the other way round.
    public var namesSwapped: Bool { packed & Self.swappedBit != 0 }

    /// The two records share an agency's reference: decisive.
    public var sharesReference: Bool { packed & Self.sharedReferenceBit != 0 }

    /// Both records have a postcode, weighed with their addresses rather than apart.
    public var postcodeWithAddress: Bool { packed & Self.postcodeWithAddressBit != 0 }

    var pattern: UInt32 { packed & Self.levelMask }
}

/// Nicknames agencies record for the same given name, both ways ("tom" for "thomas").
enum Nicknames {
    static let groups: [[String]] = [
        ["thomas", "tom", "tommy"], ["william", "will", "bill", "billy", "liam"], ["robert", "rob", "bob", "bobby", "robbie"],
        ["james", "jim", "jimmy", "jamie"], ["alexander", "alex", "alfie", "sandy"], ["alfred", "alfie", "alf"],
        ["oliver", "ollie", "olly"], ["daniel", "dan", "danny"], ["joseph", "joe", "joey"], ["samuel", "sam", "sammy"],
        ["benjamin", "ben", "benny"], ["theodore", "theo", "ted"], ["edward", "ed", "eddie", "ted"],
        ["nicholas", "nick", "nico", "nicky"], ["reginald", "reggie", "reg"], ["vincent", "vinny", "vince"],
        ["elizabeth", "liz", "lizzie", "beth", "betty", "eliza"], ["katherine", "kate", "katie", "kat", "kathy"],
        ["margaret", "maggie", "meg", "peggy"], ["rebecca", "becky", "becca"], ["jessica", "jess", "jessie"],
        ["victoria", "vicky", "tori"], ["charlotte", "charlie", "lottie"], ["charles", "charlie", "chas"],
        ["abigail", "abi", "abby"], ["isabella", "isabel", "bella", "izzy"], ["eleanor", "ellie", "nell", "nora"],
        ["matilda", "tilly", "tilda"], ["florence", "flo", "florrie"], ["harriet", "hattie"], ["harold", "harry", "hal"],
        ["henry", "harry", "hal"], ["michael", "mike", "mikey", "mick"], ["christopher", "chris", "kit"],
        ["jonathan", "jon", "jonny"], ["anthony", "tony", "ant"], ["frederick", "fred", "freddie"],
        ["raphael", "rafe", "raff"], ["samira", "sami"], ["idris", "idi"], ["leonard", "leo", "len", "lenny"],
        ["finley", "finn"], ["elijah", "eli"], ["zachary", "zak", "zach"], ["hallie", "hal"], ["lucy", "lula", "lu"],
        ["poppy", "pop"], ["amara", "mara"], ["cleopatra", "cleo"], ["esmeralda", "esme"], ["isla", "izzy"],
        ["freya", "frey"], ["maya", "mai"], ["orla", "orly"], ["remi", "remy"], ["zara", "zee"],
        ["demi", "demetria"], ["kiki", "kiara"], ["bailey", "bay"], ["dara", "darragh"], ["caden", "cade"],
        ["milo", "miles"], ["jax", "jackson", "jack"], ["john", "jack", "johnny"], ["gus", "angus", "augustus"],
        ["zane", "zain"], ["wren", "renny"], ["suki", "susan", "sue", "suzie"], ["tia", "tiana"], ["juno", "june"],
        ["bree", "breanna", "brianna"], ["nell", "nellie"],
    ]

    /// Each name's groups, as a set of group numbers.
    static let groupsOf: [String: [Int]] = {
        var d: [String: [Int]] = [:]
        for (k, g) in groups.enumerated() { for n in g { d[n, default: []].append(k) } }
        return d
    }()

}
