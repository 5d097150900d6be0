#!/usr/bin/env bash
# Installs everything zkrv needs on Debian 12 (host toolchain, libraries, the RISC-V guest toolchain
# and qemu-user for differential tests). Safe to run again.
set -euo pipefail
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends \
  build-essential cmake ninja-build git ca-certificates python3 \
  libtbb-dev libcli11-dev libfmt-dev nlohmann-json3-dev \
  libgtest-dev libgmock-dev libbenchmark-dev libssl-dev \
  clang-14 lld-14 llvm-14 libc++-14-dev libclang-rt-14-dev \
  picolibc-riscv64-unknown-elf gcc-riscv64-unknown-elf \
  qemu-user python3-z3
