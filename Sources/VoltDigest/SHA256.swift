import CLibCrypto
import Foundation

/// SHA-256 (FIPS 180-4), from the system's libcrypto: fed in pieces with `update`, read once
/// with `finalize`. A value type like any other in volt: a copy carries on from the state so
/// far without touching the original (copy on write).
public struct SHA256: Sendable {
    /// libcrypto's digest context, owned by one box; shared between copies until one writes.
    private final class Context: @unchecked Sendable {
        // @unchecked: the pointer is only written through a uniquely referenced box.
        let pointer: OpaquePointer
        init() {
            pointer = EVP_MD_CTX_new()
            EVP_DigestInit_ex(pointer, EVP_sha256(), nil)
        }
        init(copying other: Context) {
            pointer = EVP_MD_CTX_new()
            EVP_MD_CTX_copy_ex(pointer, other.pointer)
        }
        deinit { EVP_MD_CTX_free(pointer) }
    }
    private var context = Context()

    /// An empty hash.
    public init() {}

    /// Adds these bytes.
    public mutating func update(data: some DataProtocol) {
        if !isKnownUniquelyReferenced(&context) { context = Context(copying: context) }
        for region in data.regions {
            region.withUnsafeBytes { raw in _ = EVP_DigestUpdate(context.pointer, raw.baseAddress, raw.count) }
        }
    }

    /// The 32-byte digest of everything added (the hash itself can still be fed more).
    public func finalize() -> [UInt8] {
        let done = Context(copying: context)
        var out = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        EVP_DigestFinal_ex(done.pointer, &out, &length)
        return Array(out.prefix(Int(length)))
    }

    /// The digest of `data` at once.
    public static func hash(data: some DataProtocol) -> [UInt8] {
        var h = SHA256()
        h.update(data: data)
        return h.finalize()
    }
}

/// HMAC-SHA-256 (RFC 2104) with a secret key, from the system's libcrypto.
public enum HMACSHA256 {
    /// The 32-byte authentication code of `data` under `key`.
    public static func authenticationCode(for data: some DataProtocol, key: [UInt8]) -> [UInt8] {
        let message = Array(data)
        var out = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        key.withUnsafeBytes { k in
            message.withUnsafeBytes { m in
                _ = HMAC(EVP_sha256(), k.baseAddress, Int32(k.count), m.bindMemory(to: UInt8.self).baseAddress, m.count, &out, &length)
            }
        }
        return Array(out.prefix(Int(length)))
    }
}

extension Sequence where Element == UInt8 {
    /// Lower-case hexadecimal, two digits a byte: how volt writes digests and codes.
    public var hexadecimal: String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        for b in self { out.append(digits[Int(b >> 4)]); out.append(digits[Int(b & 15)]) }
        return String(decoding: out, as: UTF8.self)
    }
}
