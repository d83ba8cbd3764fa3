import Foundation
import VoltModel

/// Records of the same person held by several agencies, as they really differ: a second
/// agency's record of a child has its own id and often a nickname or an initial, a typing
/// slip in the family name, day and month swapped or one digit wrong in the date of birth, an
/// old address after a move, or fields left blank. The truth (which records are one person)
/// is kept for the tests and `make bench-match`.
public enum AgencyRecords {
    /// Streets of the fictional town, for home addresses.
    static let streets = [
        "Mill Lane", "Elm Row", "Tanner Lane", "Copper Street", "Orchard Close", "Wharf Road", "Bell Court", "Station Road",
        "Church Street", "Market Place", "Chapel Lane", "Victoria Road", "Albert Terrace", "Brook Street", "Kiln Way",
        "Ropewalk", "Castle Hill", "Quarry Road", "Fenwick Drive", "Heron Close", "Larch Avenue", "Willow Walk",
        "Foundry Lane", "Abbey Road", "Gasworks Row", "Cedar Crescent", "Paddock Way", "Sandpit Lane", "Tithe Barn Road",
        "Weavers Court", "Bridge End", "Nightingale Way", "Priory Gardens", "Lime Kiln Close", "Old Forge Road",
        "Hawthorn Rise", "Rectory Lane", "Salters Way", "Tollgate Road", "Yew Tree Close",
    ]
    /// Other agencies that keep their own record of a child.
    static let agencies = ["education", "health", "social_care", "youth_justice", "housing", "youth_services"]

    /// A home address and its postcode. The town has 12 districts; each street name is found in
    /// several of them; a postcode unit is a district's street and a block of ten house numbers
    /// (about as many homes as a real unit).
    static func home(_ rng: inout SplitMix64) -> (address: String, postcode: String) {
        let district = 1 + rng.int(12), s = rng.int(streets.count), number = 1 + rng.int(200)
        let letters = Array("ABDEFGHJLNPQRSTUWXYZ")
        let unit = (district * 131 + s * 17) * 23 + number / 10
        let sector = unit % 10, a = letters[(unit / 10) % letters.count], b = letters[(unit / 200) % letters.count]
        return ("\(number) \(streets[s])", "WX\(district) \(sector)\(a)\(b)")
    }

    /// Gives each person an address, postcode and recording agency (from a random stream of
    /// its own, so nothing else the generator made changes).
    public static func addHomes(_ entities: inout [Entity], seed: UInt64) {
        var rng = SplitMix64(seed: seed ^ 0xAD0_2E55)
        for k in entities.indices where entities[k].kind == .person {
            let h = home(&rng)
            entities[k].address = h.address
            entities[k].postcode = h.postcode
            entities[k].source = "police"
        }
    }

    /// Makes a second agency's record of each person in `people` picked with probability
    /// `rate` (a third, now and then), with realistic errors. Returns the new records and the
    /// truth: each person's record ids, the original first.
    public static func duplicates(of people: [Entity], rate: Double, seed: UInt64, idPrefix: String = "R")
        -> (records: [Entity], truth: [[String]]) {
        var rng = SplitMix64(seed: seed ^ 0xD0_B1E5)
        var records: [Entity] = [], truth: [[String]] = []
        var next = 1
        for p in people where p.kind == .person && rng.unit() < rate {
            var ids = [p.id]
            let copies = rng.unit() < 0.15 ? 2 : 1
            for _ in 0..<copies {
                let id = idPrefix + String(format: "%03d", next)
                next += 1
                records.append(corrupted(p, id: id, &rng))
                ids.append(id)
            }
            truth.append(ids)
        }
        return (records, truth)
    }

    static func corrupted(_ p: Entity, id: String, _ rng: inout SplitMix64) -> Entity {
        var e = Entity(id: id, kind: .person, name: p.name)
        e.isVictim = p.isVictim
        e.isOffender = p.isOffender
        let agency = agencies.filter { $0 != p.source }[rng.int(agencies.count - 1)]
        e.source = agency
        // Names: nickname, initial or a slip in the given name; a slip in the family name;
        // now and then written family name first.
        let words = p.name.split(separator: " ").map(String.init)
        var given = words.first ?? "", family = words.last ?? ""
        let roll = rng.unit()
        if roll < 0.12, let nick = nickname(given, &rng) { given = nick }
        else if roll < 0.22 { given = "\(given.prefix(1))." }
        else if roll < 0.32 { given = typo(given, &rng) }
        if rng.unit() < 0.15 { family = typo(family, &rng) }
        e.name = rng.unit() < 0.05 ? "\(family), \(given)" : "\(given) \(family)"
        // Date of birth: day and month swapped, one digit wrong, or not recorded.
        if let d = p.dateOfBirth {
            let r = rng.unit()
            if r < 0.06 && d.day <= 12 && d.day != d.month {
                e.dateOfBirth = CalendarDate("\(d.year)-\(pad2(d.day))-\(pad2(d.month))")
            } else if r < 0.13 {
                e.dateOfBirth = oneDigitOff(d, &rng)
            } else if r < 0.18 {
                e.dateOfBirth = nil
            } else {
                e.dateOfBirth = d
            }
        }
        // Address: the same, moved house since, or not recorded; the postcode goes with it,
        // sometimes left off on its own.
        let r = rng.unit()
        if r < 0.75 {
            e.address = p.address.map { rng.unit() < 0.3 ? abbreviated($0) : $0 }
            e.postcode = rng.unit() < 0.05 ? nil : p.postcode
        } else if r < 0.9 {
            let h = home(&rng)
            e.address = h.address
            e.postcode = h.postcode
        }
        e.gender = rng.unit() < 0.1 ? nil : p.gender
        e.ageBand = p.ageBand
        // A social-care record carries the child's social-care number; others their own.
        if agency == "social_care", let sc = p.references.first(where: { $0.agency == "social_care" }) {
            e.references = [sc]
        } else {
            e.references = [AgencyReference(agency: agency, reference: "\(agency.prefix(2).uppercased())-\(100_000 + rng.int(899_999))")]
        }
        e.reviewDate = p.reviewDate
        return e
    }

    static let nicknames: [String: [String]] = [
        "Alfie": ["Alf"], "Theo": ["Ted"], "Ollie": ["Oliver", "Olly"], "Nico": ["Nick", "Nicky"], "Reggie": ["Reg"],
        "Vinny": ["Vince", "Vincent"], "Finn": ["Finley"], "Eli": ["Elijah"], "Rafe": ["Raphael"], "Leo": ["Leonard", "Len"],
        "Milo": ["Miles"], "Jax": ["Jack", "Jackson"], "Gus": ["Angus"], "Zane": ["Zain"], "Caden": ["Cade"],
        "Esme": ["Esmeralda"], "Cleo": ["Cleopatra"], "Hallie": ["Hal"], "Nell": ["Nellie", "Eleanor"], "Poppy": ["Pop"],
        "Suki": ["Susan", "Sue"], "Juno": ["June"], "Remi": ["Remy"], "Lula": ["Lucy", "Lu"], "Isla": ["Izzy"],
        "Bree": ["Brianna"], "Tia": ["Tiana"], "Kiki": ["Kiara"], "Sami": ["Samira"], "Dara": ["Darragh"],
        "Thomas": ["Tom", "Tommy"], "William": ["Will", "Bill", "Liam"], "James": ["Jim", "Jamie"],
        "Daniel": ["Dan", "Danny"], "Samuel": ["Sam"], "Benjamin": ["Ben"], "Katherine": ["Kate", "Katie"],
        "Elizabeth": ["Liz", "Beth"], "Rebecca": ["Becky"], "Jessica": ["Jess"], "Charlotte": ["Lottie", "Charlie"],
        "Isabella": ["Bella", "Izzy"], "Matilda": ["Tilly"], "Harriet": ["Hattie"], "Henry": ["Harry"],
        "Michael": ["Mike"], "Joseph": ["Joe"], "Edward": ["Ed", "Eddie"], "Frederick": ["Fred", "Freddie"],
    ]

    static func nickname(_ given: String, _ rng: inout SplitMix64) -> String? {
        guard let n = nicknames[given] else { return nil }
        return n[rng.int(n.count)]
    }

    /// One keying slip: a letter changed, dropped, doubled or two swapped.
    static func typo(_ word: String, _ rng: inout SplitMix64) -> String {
        var c = Array(word)
        guard c.count >= 3 else { return word }
        let k = 1 + rng.int(c.count - 1)
        switch rng.int(4) {
        case 0: c[k] = Character(UnicodeScalar(UInt8(97 + rng.int(26))))
        case 1: c.remove(at: k)
        case 2: c.insert(c[k], at: k)
        default: if k + 1 < c.count { c.swapAt(k, k + 1) } else { c.swapAt(k - 1, k) }
        }
        return String(c)
    }

    static func oneDigitOff(_ d: CalendarDate, _ rng: inout SplitMix64) -> CalendarDate? {
        for _ in 0..<10 {
            var digits = Array("\(d.year)\(pad2(d.month))\(pad2(d.day))")
            let k = [3, 5, 6, 7][rng.int(4)]  // not the century or decade
            digits[k] = Character(String(rng.int(10)))
            let s = String(digits)
            if s == "\(d.year)\(pad2(d.month))\(pad2(d.day))" { continue }
            if let c = CalendarDate("\(s.prefix(4))-\(s.dropFirst(4).prefix(2))-\(s.suffix(2))") { return c }
        }
        return d
    }

    static func abbreviated(_ address: String) -> String {
        for (long, short) in [(" Road", " Rd"), (" Street", " St"), (" Lane", " Ln"), (" Avenue", " Ave"), (" Close", " Cl"), (" Court", " Ct")]
        where address.hasSuffix(long) {
            return String(address.dropLast(long.count)) + short
        }
        return address.lowercased()
    }
}

extension AgencyRecords {
    /// Parts of fictional family names: 40 × 25 of them, drawn unevenly (a few common, a long
    /// tail of rare), as real surnames are.
    static let familyHeads = [
        "Ash", "Brack", "Corr", "Dav", "Elms", "Farr", "Glim", "Holl", "Inch", "Jun", "Kest", "Lark", "Moss", "Nettle",
        "Oak", "Pebble", "Quill", "Rook", "Sallow", "Thistle", "Umber", "Vell", "Wicker", "Yarrow", "Zephyr", "Bram",
        "Cinder", "Dew", "Ember", "Fox", "Gorse", "Hazel", "Ivy", "Kettle", "Lindle", "Marl", "Northa", "Penn", "Ridge", "Stan",
    ]
    static let familyTails = [
        "combe", "wood", "by", "tree", "fold", "gate", "ton", "mere", "brook", "well", "leton", "spur", "grove", "bank",
        "hollow", "croft", "sby", "ham", "field", "cott", "ford", "ley", "worth", "stead", "hurst",
    ]
    static let givenNames = Names.male + Names.female + [
        "Thomas", "William", "James", "Daniel", "Samuel", "Benjamin", "Henry", "Michael", "Joseph", "Edward", "Frederick",
        "Katherine", "Elizabeth", "Rebecca", "Jessica", "Charlotte", "Isabella", "Matilda", "Harriet", "Aaron", "Bilal",
        "Callum", "Dylan", "Ethan", "Farid", "George", "Harvey", "Ibrahim", "Jayden", "Kieran", "Lewis", "Mason", "Noah",
        "Owen", "Priya", "Quinn", "Ruby", "Sophie", "Tyler", "Uma", "Violet", "Willow", "Yusuf", "Zoe", "Aisha", "Bethany",
        "Chloe", "Daisy", "Ella", "Fatima", "Grace", "Hana", "Imogen", "Jade", "Keira", "Lily", "Megan", "Niamh", "Olivia",
    ]

    /// A population of `people` originals (children and young adults, with homes, genders,
    /// police and social-care numbers) and other agencies' records of a share `rate` of them,
    /// with the truth. For `make bench-match`: names drawn from a pool wide enough for a county.
    public static func population(people: Int, rate: Double, seed: UInt64) -> (records: [Entity], truth: [[String]]) {
        var rng = SplitMix64(seed: seed)
        // A rank's weight falls as 1 / (rank + 5): a few names are common.
        func skewed(_ n: Int) -> Int {
            let total = (0..<n).reduce(0.0) { $0 + 1 / Double($1 + 5) }
            var x = rng.unit() * total
            for k in 0..<n {
                x -= 1 / Double(k + 5)
                if x <= 0 { return k }
            }
            return n - 1
        }
        var originals: [Entity] = []
        originals.reserveCapacity(people)
        for k in 1...max(1, people) {
            let f = skewed(familyHeads.count * familyTails.count)
            let family = familyHeads[f % familyHeads.count] + familyTails[(f / familyHeads.count + f) % familyTails.count]
            let given = givenNames[skewed(givenNames.count)]
            var e = Entity(id: "P\(k)", kind: .person, name: "\(given) \(family)")
            e.isVictim = true
            let year = 2005 + rng.int(12)
            e.dateOfBirth = CalendarDate("\(year)-\(pad2(1 + rng.int(12)))-\(pad2(1 + rng.int(28)))")
            e.gender = rng.unit() < 0.5 ? "male" : "female"
            let h = home(&rng)
            e.address = h.address
            e.postcode = h.postcode
            e.source = "police"
            e.references = [AgencyReference(agency: "police", reference: "PN-\(k)"),
                            AgencyReference(agency: "social_care", reference: "SC-\(k)")]
            originals.append(e)
        }
        let (copies, truth) = duplicates(of: originals, rate: rate, seed: seed)
        return (originals + copies, truth)
    }
}
