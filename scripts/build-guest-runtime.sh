#!/usr/bin/env bash
# Builds the C++ runtime for zkrv guests (libc++, libc++abi and libunwind of LLVM 16 for rv32im, on
# picolibc; recipe: guest/cxx-runtime/llvm-runtimes.cmake) from Debian's llvm-toolchain-16 source
# package and installs it where the guest toolchain looks (guest/cmake/ZkrvGuestRuntime.cmake):
#   ${ZKRV_GUEST_RUNTIME_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/zkrv/guest-runtime/<tag>}
# Nothing is done if that directory already holds a runtime built from the same recipe. Needs a deb-src
# line for bookworm (scripts/install-deps.sh adds one), clang-16, lld-16, llvm-16, cmake, ninja and
# picolibc-riscv64-unknown-elf. About two minutes on two cores; the source download is ~130 MB.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
recipe=$root/guest/cxx-runtime/llvm-runtimes.cmake
tag=$(sed -n 's/^set(ZKRV_GUEST_RUNTIME_TAG "\(.*\)")$/\1/p' "$root/guest/cmake/ZkrvGuestRuntime.cmake")
[ -n "$tag" ] || { echo "build-guest-runtime: no ZKRV_GUEST_RUNTIME_TAG in ZkrvGuestRuntime.cmake" >&2; exit 1; }
cache_home=${XDG_CACHE_HOME:-$HOME/.cache}
prefix=${ZKRV_GUEST_RUNTIME_DIR:-$cache_home/zkrv/guest-runtime/$tag}
stamp="$tag $(sha256sum "$recipe" | cut -d' ' -f1)"
if [ -f "$prefix/.zkrv-runtime" ] && [ "$(cat "$prefix/.zkrv-runtime")" = "$stamp" ]; then
  echo "guest C++ runtime: up to date in $prefix"
  exit 0
fi
picolibc=/usr/lib/picolibc/riscv64-unknown-elf
for tool in clang-16 clang++-16 llvm-ar-16 llvm-ranlib-16 cmake ninja; do
  command -v "$tool" > /dev/null || { echo "build-guest-runtime: $tool not found (run scripts/install-deps.sh)" >&2; exit 1; }
done
[ -f "$picolibc/include/stdio.h" ] || { echo "build-guest-runtime: picolibc-riscv64-unknown-elf is not installed" >&2; exit 1; }

work=$(mktemp -d -t zkrv-runtime.XXXXXX)
trap 'rm -rf "$work"' EXIT
cd "$work"
echo "== guest C++ runtime: fetching Debian's llvm-toolchain-16 source package"
if ! apt-get source --download-only llvm-toolchain-16 > fetch.log 2>&1; then
  cat fetch.log >&2
  echo "build-guest-runtime: apt-get source failed; a deb-src line for bookworm is needed (scripts/install-deps.sh adds one)" >&2
  exit 1
fi
orig=$(ls llvm-toolchain-16_*.orig.tar.xz)
dir=${orig%.orig.tar.xz}  # the tarball's top directory, e.g. llvm-toolchain-16_16.0.6
echo "== extracting libc++, libc++abi, libunwind from $orig"
tar -xJf "$orig" --wildcards "$dir/libcxx/*" "$dir/libcxxabi/*" "$dir/libunwind/*" "$dir/runtimes/*" \
  "$dir/cmake/*" "$dir/llvm/cmake/*" "$dir/llvm/utils/llvm-lit/*" "$dir/third-party/*"
echo "== configuring and building (recipe $recipe)"
cmake -G Ninja -S "$dir/runtimes" -B build \
  -DZKRV_PICOLIBC_DIR="$picolibc" \
  -DCMAKE_C_COMPILER=clang-16 -DCMAKE_CXX_COMPILER=clang++-16 -DCMAKE_ASM_COMPILER=clang-16 \
  -DCMAKE_AR="$(command -v llvm-ar-16)" -DCMAKE_RANLIB="$(command -v llvm-ranlib-16)" \
  -C "$recipe" -DCMAKE_INSTALL_PREFIX="$work/install" > configure.log 2>&1 || { cat configure.log >&2; exit 1; }
ninja -C build -j "$(nproc)" > build.log 2>&1 || { tail -50 build.log >&2; exit 1; }
ninja -C build install > install.log 2>&1 || { tail -50 install.log >&2; exit 1; }
# Keep what guests use: the headers and the static libraries (libc++experimental.a holds what
# -fexperimental-library enables, e.g. std::format in libc++ 16).
for lib in libc++.a libc++abi.a libunwind.a libc++experimental.a; do
  [ -f "$work/install/lib/$lib" ] || { echo "build-guest-runtime: the build made no $lib" >&2; exit 1; }
done
# No archive member may ask the linker for a system library the guest does not have.
if command -v llvm-readelf-16 > /dev/null &&
   llvm-readelf-16 -p .deplibs "$work"/install/lib/*.a 2>/dev/null | grep -q '^ *\['; then
  echo "build-guest-runtime: the runtime names system libraries to link (.deplibs):" >&2
  llvm-readelf-16 -p .deplibs "$work"/install/lib/*.a >&2
  exit 1
fi
rm -rf "$prefix"
mkdir -p "$prefix/lib"
cp -r "$work/install/include" "$prefix/"
# libc++ is built without the filesystem library (a guest has no file system), yet libc++ 16 installs
# a <filesystem> whose only content is an #error and still defines __cpp_lib_filesystem (LLVM 17 ties
# the macro to the library). Libraries probe either to decide whether to offer std::filesystem
# overloads (nlohmann-json probes both), so the header goes and the macro is switched off through the
# hook <version> provides for it.
rm "$prefix/include/c++/v1/filesystem"
sed -i 's|^#endif // _LIBCPP___CONFIG_SITE$|#define _LIBCPP_AVAILABILITY_DISABLE_FTM___cpp_lib_filesystem /* zkrv: no filesystem library */\n&|' \
  "$prefix/include/c++/v1/__config_site"
grep -q '^#define _LIBCPP_AVAILABILITY_DISABLE_FTM___cpp_lib_filesystem' "$prefix/include/c++/v1/__config_site" ||
  { echo "build-guest-runtime: could not edit __config_site" >&2; exit 1; }
cp "$work"/install/lib/{libc++.a,libc++abi.a,libunwind.a,libc++experimental.a} "$prefix/lib/"
cp "$dir/libcxx/LICENSE.TXT" "$prefix/LICENSE.TXT"
echo "$stamp" > "$prefix/.zkrv-runtime"
echo "guest C++ runtime: installed in $prefix"
