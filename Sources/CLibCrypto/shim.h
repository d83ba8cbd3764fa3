// OpenSSL's libcrypto for SHA-256 and HMAC-SHA-256 (Debian: libssl-dev). Debian's build
// compiles in seconds where a vendored BoringSSL took minutes on every fresh machine.
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>
