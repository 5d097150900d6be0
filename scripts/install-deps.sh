#!/usr/bin/env bash
# Installs everything zkrv needs on Debian 12 (host toolchain, libraries, the RISC-V guest toolchain
# and qemu-user for differential tests). Safe to run again.
set -euo pipefail
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
# The guests' C++ runtime is built from Debian's llvm-toolchain-16 source package (below), which needs
# a deb-src line for bookworm.
if ! grep -rqs '^Types:.*deb-src\|^deb-src ' /etc/apt/sources.list /etc/apt/sources.list.d/; then
  printf 'Types: deb-src\nURIs: http://deb.debian.org/debian\nSuites: bookworm\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
    | $SUDO tee /etc/apt/sources.list.d/zkrv-deb-src.sources > /dev/null
fi
$SUDO apt-get update -q
# clang-16 + lld-16 build the guests; clang-14 builds the libFuzzer targets (the 'fuzz' preset).
$SUDO apt-get install -y -q --no-install-recommends \
  build-essential cmake ninja-build git ca-certificates python3 \
  libtbb-dev libcli11-dev libfmt-dev nlohmann-json3-dev \
  libgtest-dev libgmock-dev libbenchmark-dev libssl-dev \
  clang-16 lld-16 llvm-16 \
  clang-14 lld-14 llvm-14 libc++-14-dev libclang-rt-14-dev \
  picolibc-riscv64-unknown-elf gcc-riscv64-unknown-elf \
  qemu-user python3-z3
# libc++, libc++abi and libunwind of LLVM 16 for rv32im guests, built once and cached per user.
"$(dirname "$0")/build-guest-runtime.sh"
