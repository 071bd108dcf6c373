// The signature of a plugin package (.rpk): an Ed25519 signature, by a key the server trusts,
// over the canonical list of the SHA-256 digests of every other member.
#pragma once

#include "plugins/package_layout.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace rapport::plugins {

// Keys travel as standard base64 (with padding) of the raw libsodium bytes, as they appear in
// plugins.trusted_keys and in the key file `make build` generates.
struct KeyPair {
    std::string public_key;
    std::string secret_key;
};

// The lowercase hex SHA-256 of bytes, as a PackageMember's sha256.
std::string sha256_hex(std::string_view bytes);

// The signed text: "<sha256 hex>  <path>\n" for each member, sorted by path in byte order, so the
// same files give the same text whatever order the archive holds them in.
std::string digest_list(const std::vector<PackageMember>& members);

KeyPair generate_key_pair();

// The base64 signature of digest_list. Throws PackageError when secret_key_base64 is not a
// base64 Ed25519 secret key.
std::string sign(std::string_view digest_list, std::string_view secret_key_base64);

// False as well for a signature or key that is not base64 of the right length.
bool verify(std::string_view digest_list, std::string_view signature_base64,
            std::string_view public_key_base64) noexcept;

bool is_public_key(std::string_view public_key_base64) noexcept;
bool is_signature(std::string_view signature_base64) noexcept;

// A short name for a public key in messages: the first 16 hex digits of the SHA-256 of its raw
// bytes. Throws PackageError when public_key_base64 is not a base64 Ed25519 public key.
std::string key_id(std::string_view public_key_base64);

}  // namespace rapport::plugins
