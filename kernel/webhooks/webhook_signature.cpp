#include "webhooks/webhook_signature.hpp"

#include <boost/algorithm/hex.hpp>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include <iterator>
#include <memory>
#include <stdexcept>

namespace rapport::webhooks {
namespace {

[[noreturn]] void fail() {
    throw std::runtime_error("OpenSSL could not compute an HMAC-SHA256");
}

struct MacContextFree {
    void operator()(EVP_MAC_CTX* context) const { EVP_MAC_CTX_free(context); }
};
using MacContext = std::unique_ptr<EVP_MAC_CTX, MacContextFree>;

// One HMAC-SHA256 context a thread, re-keyed for each signature: the one-shot HMAC() fetches
// the algorithm and builds a context every time, which took 1.6 µs a signature against 0.7.
MacContext new_context() {
    struct MacFree {
        void operator()(EVP_MAC* mac) const { EVP_MAC_free(mac); }
    };
    const std::unique_ptr<EVP_MAC, MacFree> mac(EVP_MAC_fetch(nullptr, "HMAC", nullptr));
    MacContext context(mac ? EVP_MAC_CTX_new(mac.get()) : nullptr);
    char digest[] = "SHA256";
    const OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0),
                                 OSSL_PARAM_END};
    if (!context || EVP_MAC_CTX_set_params(context.get(), params) != 1) {
        fail();
    }
    return context;
}

}  // namespace

// OpenSSL rather than libsodium: the sender needs OpenSSL for TLS anyway, and libsodium's
// one-time initialisation belongs to kernel/auth.
std::string webhook_signature(std::string_view secret, std::string_view body) {
    thread_local const MacContext context = new_context();
    // Never a null key: EVP_MAC_init takes a null key to mean "keep the previous one".
    static constexpr unsigned char nothing = 0;
    const auto* key =
        secret.empty() ? &nothing : reinterpret_cast<const unsigned char*>(secret.data());
    const auto* data =
        body.empty() ? &nothing : reinterpret_cast<const unsigned char*>(body.data());
    unsigned char digest[EVP_MAX_MD_SIZE];
    std::size_t length = 0;
    if (EVP_MAC_init(context.get(), key, secret.size(), nullptr) != 1 ||
        EVP_MAC_update(context.get(), data, body.size()) != 1 ||
        EVP_MAC_final(context.get(), digest, &length, sizeof digest) != 1) {
        fail();
    }
    std::string signature = "sha256=";
    boost::algorithm::hex_lower(digest, digest + length, std::back_inserter(signature));
    return signature;
}

}  // namespace rapport::webhooks
