import Foundation

/// Names and addresses as matching compares them: lower case ASCII letters, digits and single
/// spaces, with accents taken off ("Zoë" and "Zoe", "Łukasz" and "Lukasz" are the same).
///
/// Foundation's diacritic folding takes off accents that Unicode decomposes (é, ü, ñ); letters
/// with no decomposition (ø, ł, ß, æ, œ, þ, đ, ı) go through `unfoldable`, because that folding
/// leaves them as they are on Linux. Apostrophes vanish ("O'Neill" is "oneill"); every other
/// mark is a space.
public enum NameFolding {
    /// Letters Unicode does not decompose, and what they fold to.
    static let unfoldable: [Unicode.Scalar: String] = [
        "ø": "o", "Ø": "o", "ł": "l", "Ł": "l", "ß": "ss", "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe",
        "þ": "th", "Þ": "th", "đ": "d", "Đ": "d", "ð": "d", "Ð": "d", "ı": "i", "ħ": "h", "Ħ": "h",
        "ŧ": "t", "Ŧ": "t", "ŋ": "n", "Ŋ": "n", "ſ": "s",
    ]

    /// The folded form of `text`.
    public static func fold(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var space = true  // no leading space
        for s in text.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil).unicodeScalars {
            if s.properties.generalCategory == .nonspacingMark { continue }
            if s == "'" || s == "\u{2019}" || s == "`" { continue }
            if let f = unfoldable[s] {
                out.append(contentsOf: f.unicodeScalars)
                space = false
                continue
            }
            if s.isASCII {
                let v = s.value
                if v >= 65 && v <= 90 { out.append(Unicode.Scalar(v + 32)!); space = false; continue }
                if (v >= 97 && v <= 122) || (v >= 48 && v <= 57) { out.append(s); space = false; continue }
            } else if s.properties.isAlphabetic {
                out.append(contentsOf: String(s).lowercased().unicodeScalars)
                space = false
                continue
            }
            if !space { out.append(" "); space = true }
        }
        if out.last == " " { out.removeLast() }
        return String(out)
    }

    /// The folded words of `text`.
    public static func words(_ text: String) -> [Substring] {
        fold(text).split(separator: " ")
    }
}
