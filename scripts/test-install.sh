#!/usr/bin/env bash
# What a user of an installed zkrv does, checked against a finished release build (scripts/test.sh
# calls it after the release tests): install into an empty prefix; `zkrv new`, then build and run the
# starter project (prove, verify, print the journal); build examples/host against the package and
# compare the digest it proves with sha256sum; then build the Debian package, check its dependencies
# resolve (apt-get --simulate) and build the starter project against the package's own files.
#
#   scripts/test-install.sh [BUILD_DIR]        (default: build/release)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
build=$(realpath "${1:-build/release}")
work=$(mktemp -d -t zkrv-install.XXXXXX)
trap 'rm -rf "$work"' EXIT
# The starter project is built with CMake's default generator (Unix Makefiles), as its README's
# commands do; examples/host with Ninja.

echo "== cmake --install into an empty prefix"
cmake --install "$build" --prefix "$work/prefix" > "$work/install.log"
prefix="$work/prefix"
# Only the public headers are installed: no layer header (field/, stark/, ...) may leak.
unexpected=$(cd "$prefix/include" && find . -type f ! -path './zkrv/*' | head -5)
if [ -n "$unexpected" ] || [ -e "$prefix/include/zkrv/api_impl.h" ]; then
  echo "internal headers were installed: $unexpected" >&2; exit 1
fi
# The exported target carries its include directory (an application must not need any other).
grep -q 'INTERFACE_INCLUDE_DIRECTORIES "${_IMPORT_PREFIX}/include"' "$(find "$prefix" -name zkrvTargets.cmake)" \
  || { echo "zkrv::zkrv does not export the installed include directory" >&2; exit 1; }
# The library exports the public API and nothing of the layers below it: with every "zkrv::host::"
# removed from the demangled names, no "zkrv::" may remain (an internal type in a signature counts).
lib=$(find "$prefix" -name 'libzkrv.so.*' -type f | head -1)
[ -f "$lib" ] || { echo "no libzkrv.so installed" >&2; exit 1; }
nm -D --defined-only -C "$lib" > "$work/symbols.txt"
public=$(grep -c 'zkrv::host::' "$work/symbols.txt" || true)
[ "$public" -ge 20 ] || { echo "libzkrv.so exports only $public zkrv::host symbols" >&2; exit 1; }
leaked=$(sed 's/zkrv::host:://g' "$work/symbols.txt" | grep 'zkrv::' | head -5 || true)
if [ -n "$leaked" ]; then echo "libzkrv.so exports internal symbols: $leaked" >&2; exit 1; fi
echo "libzkrv.so: $public zkrv::host symbols exported, nothing else of zkrv"
# Nothing installed may point back into the source or build tree.
if grep -rIl -e "$root" -e "$build" "$prefix" > "$work/leaks.txt"; then
  echo "installed files name the source or build tree:" >&2; cat "$work/leaks.txt" >&2; exit 1
fi

# The guest SDK ships the guests' C++ runtime, so a user never builds it.
for f in lib/libc++.a lib/libc++abi.a lib/libunwind.a lib/libc++experimental.a include/c++/v1/__config_site LICENSE.TXT; do
  [ -e "$prefix/share/zkrv/guest/cxx-runtime/$f" ] || { echo "the package lacks the guest C++ runtime's $f" >&2; exit 1; }
done

build_and_run_starter() {  # $1 = zkrv binary, $2 = CMAKE_PREFIX_PATH, $3 = project directory
  "$1" new "$3"
  # The README's two commands, with the prefix given as the README says for a non-system install. An
  # empty HOME and no ZKRV_GUEST_RUNTIME_DIR: the C++ runtime must come from the package, not from the
  # cache scripts/build-guest-runtime.sh fills on this machine.
  mkdir -p "$work/empty-home"
  (cd "$3" && env -u ZKRV_GUEST_RUNTIME_DIR -u XDG_CACHE_HOME HOME="$work/empty-home" \
      cmake -S . -B build -DCMAKE_PREFIX_PATH="$2" > "$work/starter-configure.log" \
    && env -u ZKRV_GUEST_RUNTIME_DIR -u XDG_CACHE_HOME HOME="$work/empty-home" \
      cmake --build build > "$work/starter-build.log") || { cat "$work"/starter-*.log >&2; exit 1; }
  # It must have found the zkrv under test, not some other installation.
  grep -q "^zkrv_DIR:PATH=$2/" "$3/build/CMakeCache.txt" \
    || { echo "the starter project found another zkrv: $(grep '^zkrv_DIR' "$3/build/CMakeCache.txt")" >&2; exit 1; }
  local name
  name=$(basename "$3" | tr -c 'A-Za-z0-9_\n' '_')
  printf 'one two three\nfour five\n' > "$3/input.txt"
  (cd "$3" && "build/$name" input.txt) | tee "$work/starter.out"
  # 5 words; FNV-1a-32 of the text computed here independently.
  local fnv
  fnv=$(python3 -c 'import sys
h = 2166136261
for c in open(sys.argv[1], "rb").read(): h = ((h ^ c) * 16777619) % 2**32
print("0x%08x" % h)' "$3/input.txt")
  grep -q "verified: exit code 0, journal: words = 5, fnv1a = $fnv" "$work/starter.out" \
    || { echo "the starter project did not print the expected verified journal ($fnv)" >&2; exit 1; }
  # The receipt it wrote verifies with the installed command too.
  "$1" verify "$3/$name.receipt" --elf "$3/build/${name}_guests/bin/${name}_guest.elf" --journal "$work/j.bin"
}

echo "== zkrv new, built against the installed package, run end to end"
build_and_run_starter "$prefix/bin/zkrv" "$prefix" "$work/my-project"

echo "== examples/host against the installed package: proved SHA-256 equals sha256sum"
(cmake -S "$root/examples/host" -B "$work/host-example" -G Ninja -Dzkrv_DIR="$(dirname "$(find "$prefix" -name zkrvConfig.cmake)")" \
   > "$work/host-configure.log" && cmake --build "$work/host-example" > "$work/host-build.log") \
  || { cat "$work"/host-*.log >&2; exit 1; }
head -c 3000 /dev/urandom > "$work/data.bin"
"$work/host-example/prove_sha256" "$work/data.bin" | tee "$work/host.out"
expected=$(sha256sum "$work/data.bin" | cut -d' ' -f1)
grep -q "^sha256: $expected\$" "$work/host.out" || { echo "proved digest differs from sha256sum ($expected)" >&2; exit 1; }

echo "== a guest project outside the tree: Debian's nlohmann-json by find_package, built for the VM and natively"
# The documented commands only (guest/README.md): the installed toolchain file for the guest, none for
# the native build; the project's CMakeLists names nothing but the installed ZkrvGuest.cmake.
mkdir -p "$work/json-guest" "$work/empty-home"
cp "$root/examples/json_ledger/main.cpp" "$work/json-guest/"
cat > "$work/json-guest/CMakeLists.txt" <<EOF
cmake_minimum_required(VERSION 3.25)
project(json_guest C CXX)
include($prefix/share/zkrv/guest/cmake/ZkrvGuest.cmake)
find_package(nlohmann_json 3 REQUIRED)
zkrv_add_guest(json_guest SOURCES main.cpp)
target_link_libraries(json_guest PRIVATE nlohmann_json::nlohmann_json)
EOF
(cd "$work/json-guest" && env -u ZKRV_GUEST_RUNTIME_DIR -u XDG_CACHE_HOME HOME="$work/empty-home" \
    cmake -S . -B build-guest -G Ninja -DCMAKE_TOOLCHAIN_FILE="$prefix/share/zkrv/guest/cmake/zkrv-guest-toolchain.cmake" \
  && cmake --build build-guest && cmake -S . -B build-native -G Ninja && cmake --build build-native) \
  > "$work/json-guest.log" 2>&1 || { cat "$work/json-guest.log" >&2; exit 1; }
printf '{"balances": {"a": 7, "b": 0}, "transfers": [{"from": "a", "to": "b", "amount": 5}]}' > "$work/ledger.json"
"$prefix/bin/zkrv" run "$work/json-guest/build-guest/json_guest.elf" --input "$work/ledger.json" --journal "$work/ledger.guest"
"$work/json-guest/build-native/json_guest" < "$work/ledger.json" 3> "$work/ledger.native" > /dev/null
cmp "$work/ledger.guest" "$work/ledger.native" || { echo "the guest's and the native build's journals differ" >&2; exit 1; }
grep -qx '{"applied":1,"balances":{"a":2,"b":5},"rejected":0}' "$work/ledger.guest" \
  || { echo "unexpected ledger journal: $(cat "$work/ledger.guest")" >&2; exit 1; }

echo "== Debian package"
(cd "$build" && cpack -G DEB -B "$work/deb" > "$work/cpack.log") || { cat "$work/cpack.log" >&2; exit 1; }
# (from the release build, so built for this machine's CPU; the published package comes from the
# 'package' preset, x86-64-v3: docs/install.md)
deb=$(ls "$work"/deb/zkrv_*_amd64.deb)
dpkg-deb --field "$deb" Package Version Architecture Depends
depends=$(dpkg-deb --field "$deb" Depends)
for needed in clang-16 lld-16 picolibc-riscv64-unknown-elf gcc-riscv64-unknown-elf libtbb12 libfmt9 cmake; do
  case "$depends" in *"$needed"*) ;; *) echo "the package does not depend on $needed" >&2; exit 1 ;; esac
done
# Every dependency is installable on this Debian (resolution only; nothing is installed).
apt-get install --simulate -q "$deb" > "$work/apt.log" || { cat "$work/apt.log" >&2; exit 1; }
grep -E '^Inst zkrv ' "$work/apt.log"
# The package's files form a working installation: the starter project builds and runs against them.
dpkg-deb -x "$deb" "$work/debroot"
build_and_run_starter "$work/debroot/usr/bin/zkrv" "$work/debroot/usr" "$work/from-deb"
echo "== ok: installed package, zkrv new, examples/host and the Debian package all work"
