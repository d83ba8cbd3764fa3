import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A command's output, searched for many strings: the leak scans look for hundreds of names in
/// every output. Searches go through the C library's `strstr` over one NUL-terminated copy;
/// `Data.range(of:)` compares byte by byte in generic Swift, which in the debug build the tests
/// run was a tenth of the whole test run's time.
public struct SearchableBytes {
    private let data: Data
    /// The bytes with a NUL after them; nil when the bytes hold a NUL of their own, which would
    /// end `strstr`'s search early and hide a match (then `Data.range(of:)` searches).
    private let text: [CChar]?

    public init(_ data: Data) {
        self.data = data
        let hasNul = data.withUnsafeBytes { $0.isEmpty ? false : memchr($0.baseAddress!, 0, $0.count) != nil }
        text = hasNul ? nil : data.map { CChar(bitPattern: $0) } + [0]
    }

    /// Whether `needle`'s UTF-8 bytes occur in the output (an empty needle never does, as with
    /// `Data.range(of:)`).
    public func contains(_ needle: String) -> Bool {
        guard !needle.isEmpty else { return false }
        guard let text else { return data.range(of: Data(needle.utf8)) != nil }
        return text.withUnsafeBufferPointer { h in needle.withCString { n in strstr(h.baseAddress!, n) != nil } }
    }
}
