/// The phonetic code of a family name that one blocking pass groups records by: American
/// Soundex as jellyfish computes it (the first letter kept; b f p v → 1, c g j k q s x z → 2,
/// d t → 3, l → 4, m n → 5, r → 6; a repeated code written once, also across h and w but not
/// across a vowel or a space; padded with zeros to four). Input is folded text.
public enum Soundex {
    /// The code of each letter a–z (0 for a vowel, 9 for h and w).
    private static let codes: [UInt8] = Array("01230129022455012623019202".utf8).map { $0 - 48 }

    /// The four-character code, or "" when there is no letter.
    public static func code(_ text: String) -> String {
        let c = packed(text)
        guard c != 0 else { return "" }
        var out = ""
        for k in 0..<4 { out.unicodeScalars.append(Unicode.Scalar(UInt8((c >> (8 * (3 - k))) & 0xFF))) }
        return out
    }

    /// The code as four bytes in one integer (0 when there is no letter): what blocking sorts.
    public static func packed(_ text: String) -> UInt32 {
        var result: UInt32 = 0
        var count = 0
        var last: UInt8 = 255
        for b in text.utf8 {
            let lower = b | 0x20
            guard lower >= 97 && lower <= 122 else {
                if count > 0 { last = 255 }  // a space or hyphen separates, as a vowel does
                continue
            }
            let code = codes[Int(lower - 97)]
            if count == 0 {
                result = UInt32(lower - 32)
                count = 1
                last = code == 9 ? 255 : code
                continue
            }
            if code == 0 { last = 255; continue }   // a vowel (and y) separates repeated codes
            if code == 9 { continue }               // h and w do not
            if code != last {
                result = result << 8 | UInt32(48 + code)
                count += 1
                if count == 4 { break }
            }
            last = code
        }
        guard count > 0 else { return 0 }
        while count < 4 { result = result << 8 | 48; count += 1 }
        return result
    }
}
