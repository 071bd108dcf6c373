#!/usr/bin/env bash
# Installs exactly the Debian 12 packages Rapport needs to build, run and test.
# Idempotent: installs only what is missing, and runs `apt-get update` only then.
set -euo pipefail

packages=(
  # toolchain
  build-essential cmake ninja-build pkg-config ccache git curl
  # kernel and sdk libraries
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  libsoci-dev libpq-dev libsqlite3-dev
  libyaml-cpp-dev libspdlog-dev libfmt-dev libcli11-dev
  libsodium-dev libarchive-dev libssl-dev libmagic-dev
  # tests and benchmarks
  libgtest-dev libgmock-dev libbenchmark-dev
  postgresql-15 sqlite3 wrk chromium
)

# Debian's nodejs/npm only when no Node.js is present: a machine that already has a
# newer Node.js (e.g. from NodeSource, which bundles npm) keeps it.
command -v node >/dev/null 2>&1 || packages+=(nodejs)
command -v npm >/dev/null 2>&1 || packages+=(npm)

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$p")
done

if [[ ${#missing[@]} -eq 0 ]]; then
  echo "deps: all ${#packages[@]} packages present"
  exit 0
fi

sudo=""
if [[ $(id -u) -ne 0 ]]; then sudo="sudo"; fi

echo "deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
echo "deps: installed ${#missing[@]} package(s)"
