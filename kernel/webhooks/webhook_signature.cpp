#include "webhooks/webhook_signature.hpp"

#include <boost/algorithm/hex.hpp>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <iterator>
#include <stdexcept>

namespace rapport::webhooks {

// OpenSSL rather than libsodium: the sender needs OpenSSL for TLS anyway, and libsodium's
// one-time initialisation belongs to kernel/auth.
std::string webhook_signature(std::string_view secret, std::string_view body) {
    static constexpr unsigned char nothing = 0;  // an empty view's data() may be null
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    const auto* data =
        body.empty() ? &nothing : reinterpret_cast<const unsigned char*>(body.data());
    if (HMAC(EVP_sha256(), secret.empty() ? &nothing : static_cast<const void*>(secret.data()),
             static_cast<int>(secret.size()), data, body.size(), digest, &length) == nullptr) {
        throw std::runtime_error("OpenSSL could not compute an HMAC-SHA256");
    }
    std::string signature = "sha256=";
    boost::algorithm::hex_lower(digest, digest + length, std::back_inserter(signature));
    return signature;
}

}  // namespace rapport::webhooks
