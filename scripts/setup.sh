#!/usr/bin/env bash
# Installs everything ghaplay needs to build and test, on a bare Debian 12 machine or a fresh clone.
# Idempotent, and fast when everything is already there: each step checks before it acts, and
# `apt-get update` runs only when a package must be installed.
#
#   system packages   g++, cmake, GoogleTest, Google Benchmark, yaml-cpp, rapidjson, Emscripten,
#                     Node.js/npm (only if missing), Chromium + ChromeDriver, clang and libc++ (fuzzing)
#   yaml-cpp (wasm)   Debian's source package built with emcc into third_party/yaml-cpp-wasm/install
#   web/node_modules  `npm ci` when web/package.json and web/package-lock.json exist
#
# Works as root with no tty (CI=true). Not root: uses sudo for apt-get.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

export DEBIAN_FRONTEND=noninteractive
# emcc's optimizer needs Debian's acorn module (see /work/shared/TOOLCHAIN.md).
export NODE_PATH=/usr/share/nodejs

log() { printf 'setup: %s\n' "$*"; }

SUDO=()
if [ "$(id -u)" != 0 ]; then SUDO=(sudo); fi
# Wait for another apt/dpkg run instead of failing on its lock.
APT=("${SUDO[@]}" apt-get -y -q -o DPkg::Lock::Timeout=600 -o Acquire::Retries=3)

# One setup at a time per checkout: several people or make targets may start it together.
mkdir -p third_party/yaml-cpp-wasm
exec 9>third_party/yaml-cpp-wasm/.setup.lock
flock 9

# ---------------------------------------------------------------------------------------------
# System packages
PACKAGES=(g++ cmake make libgtest-dev libgmock-dev libbenchmark-dev libyaml-cpp-dev rapidjson-dev
          emscripten chromium chromium-driver clang libclang-rt-14-dev libc++-14-dev libc++abi-14-dev
          dpkg-dev patch python3)

installed="$(dpkg-query -W -f='${Package} ${db:Status-Abbrev}\n' "${PACKAGES[@]}" 2>/dev/null || true)"
missing=()
for p in "${PACKAGES[@]}"; do
  grep -qx "$p ii *" <<<"$installed" || missing+=("$p")
done
# Node.js may come from elsewhere (NodeSource ships npm inside nodejs): only look at the commands.
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)

apt_updated=0
apt_update() {
  if [ "$apt_updated" = 0 ]; then
    log "apt-get update"
    "${APT[@]}" update
    apt_updated=1
  fi
}

if [ "${#missing[@]}" -gt 0 ]; then
  log "installing ${missing[*]}"
  apt_update
  "${APT[@]}" install "${missing[@]}"
fi

# ---------------------------------------------------------------------------------------------
# yaml-cpp for WebAssembly, from Debian's source package (the binary package is x86 only).
# Built with the same exception model as the core (CMakeLists.txt): objects compiled with
# -fwasm-exceptions cannot link with -fexceptions ones. At -O2 rather than -Os: loading a large
# workflow is mostly yaml-cpp's scanner, and -O2 made the slowest hostile input (12,000 jobs) 25%
# faster in the browser's engine for 6 KB of gzip. The flags are kept in a stamp beside the
# library, so a change of flags rebuilds it.
YAML_DIR="$ROOT/third_party/yaml-cpp-wasm"
YAML_LIB="$YAML_DIR/install/lib/libyaml-cpp.a"
# third_party/patches/yaml-cpp-without-iostream.patch lets the engine hand yaml-cpp its bytes
# without a std::istream, which linked libc++'s iostreams and every locale facet into the engine
# (docs/DECISIONS.md, "yaml-cpp without iostreams in the engine"). The stamp holds the patch's
# checksum too, so a changed patch rebuilds the library.
YAML_CXX_FLAGS="-fwasm-exceptions -O2 -DNDEBUG"
YAML_PATCH="$ROOT/third_party/patches/yaml-cpp-without-iostream.patch"
YAML_STAMP="$YAML_DIR/install/.ghaplay-flags"
YAML_BUILD_ID="$YAML_CXX_FLAGS $(sha256sum "$YAML_PATCH" | cut -d' ' -f1)"
if [ ! -f "$YAML_LIB" ] || [ "$(cat "$YAML_STAMP" 2>/dev/null)" != "$YAML_BUILD_ID" ]; then
  if ! grep -rqs '^Types:.*deb-src' /etc/apt/sources.list.d/ && ! grep -qs '^deb-src' /etc/apt/sources.list; then
    log "adding Debian's source package index"
    "${SUDO[@]}" tee /etc/apt/sources.list.d/debian-src.sources >/dev/null <<'EOF'
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
    apt_updated=0
  fi
  if ! ls "$YAML_DIR"/yaml-cpp_*.dsc >/dev/null 2>&1; then
    apt_update
    log "downloading yaml-cpp's Debian source package"
    # apt-get source as root warns that the download is unsandboxed; that is expected.
    (cd "$YAML_DIR" && "${APT[@]}" source --download-only yaml-cpp)
  fi
  dsc="$(ls "$YAML_DIR"/yaml-cpp_*.dsc | sort -V | tail -n1)"
  rm -rf "$YAML_DIR/src" "$YAML_DIR/build" "$YAML_DIR/install"
  log "unpacking $(basename "$dsc")"
  dpkg-source --no-check -x "$dsc" "$YAML_DIR/src" >/dev/null
  patch -d "$YAML_DIR/src" -p1 --quiet <"$YAML_PATCH" || { log "could not apply $YAML_PATCH"; exit 1; }
  log "building yaml-cpp with emcc (about 20 s)"
  emcmake cmake -S "$YAML_DIR/src" -B "$YAML_DIR/build" \
    -DCMAKE_BUILD_TYPE=None \
    -DCMAKE_CXX_FLAGS="$YAML_CXX_FLAGS" \
    -DCMAKE_INSTALL_PREFIX="$YAML_DIR/install" \
    -DYAML_CPP_BUILD_TESTS=OFF -DYAML_CPP_BUILD_TOOLS=OFF -DYAML_CPP_BUILD_CONTRIB=OFF \
    -DYAML_BUILD_SHARED_LIBS=OFF >"$YAML_DIR/configure.log" 2>&1 \
    || { cat "$YAML_DIR/configure.log"; exit 1; }
  cmake --build "$YAML_DIR/build" -j2 >"$YAML_DIR/build.log" 2>&1 \
    || { tail -n 50 "$YAML_DIR/build.log"; exit 1; }
  cmake --install "$YAML_DIR/build" >/dev/null
  # Some layouts install into lib64 or similar: the build expects lib/.
  if [ ! -f "$YAML_LIB" ]; then
    found="$(find "$YAML_DIR/install" -name libyaml-cpp.a | head -n1)"
    [ -n "$found" ] || { log "yaml-cpp built but libyaml-cpp.a was not installed"; exit 1; }
    mkdir -p "$(dirname "$YAML_LIB")"
    cp "$found" "$YAML_LIB"
  fi
  printf '%s\n' "$YAML_BUILD_ID" >"$YAML_STAMP"
  log "yaml-cpp for WebAssembly: $YAML_LIB"
fi

# ---------------------------------------------------------------------------------------------
# The page's npm packages.
if [ -f web/package.json ] && [ -f web/package-lock.json ]; then
  stamp=web/node_modules/.ghaplay-npm-ci
  if [ ! -f "$stamp" ] || [ web/package-lock.json -nt "$stamp" ] || [ web/package.json -nt "$stamp" ]; then
    log "npm ci in web/"
    (cd web && npm ci --no-audit --no-fund)
    touch "$stamp"
  fi
fi

exit 0
