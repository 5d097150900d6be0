// prove_sha256 FILE [RECEIPT]: proves that the SHA-256 example guest hashed a private file to the
// digest it printed, then checks the receipt as a verifier would. Every part of the public API is
// used once: Program, execute, prove (progress and stats), Receipt bytes, inspect, verify, Error.
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <zkrv/zkrv.h>

namespace {

std::vector<uint8_t> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw zkrv::host::Error(zkrv::host::ErrorKind::malformed_input, "cannot read " + path);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::string hex(const std::vector<uint8_t>& bytes) {
  std::string out;
  for (const uint8_t b : bytes) {
    static constexpr char kDigits[] = "0123456789abcdef";
    out += kDigits[b >> 4];
    out += kDigits[b & 15];
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s FILE [RECEIPT]\n", argv[0]);
    return 2;
  }
  try {
    std::printf("zkrv %s\n", zkrv::host::version());
    const zkrv::host::Program program = zkrv::host::Program::from_elf_file(SHA256_GUEST_ELF);
    const std::vector<uint8_t> data = read_file(argv[1]);

    // Size the run before proving it (it is proved in segments of at most 2^18 cycles by default).
    zkrv::host::ExecuteOptions run;
    run.input = data;
    const zkrv::host::ExecuteResult executed = zkrv::host::execute(program, run);
    std::printf("executed %llu cycles\n", static_cast<unsigned long long>(executed.cycles));

    zkrv::host::ProveOptions options;
    options.input = data;
    const auto start = std::chrono::steady_clock::now();
    options.progress = [start](std::string_view phase, bool done) {
      const double t = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      std::printf("  %6.2f s  %s %.*s\n", t, done ? "done " : "start", static_cast<int>(phase.size()), phase.data());
    };
    zkrv::host::ProveStats stats;
    const zkrv::host::Receipt receipt = zkrv::host::prove(program, options, &stats);
    std::printf("proved %llu cycles in %.2f s; tables:", static_cast<unsigned long long>(stats.cycles), stats.total_seconds);
    for (const auto& chip : stats.chips) std::printf(" %s=2^%u", chip.name.c_str(), chip.log_height);
    std::printf("\n");

    // What travels to the verifier: the receipt's bytes and, separately, the image ID it trusts.
    const std::vector<uint8_t> bytes = receipt.to_bytes();
    if (argc > 2) receipt.to_file(argv[2]);
    const zkrv::host::ImageId trusted = zkrv::host::ImageId::from_hex(program.image_id().hex());

    const zkrv::host::Receipt received = zkrv::host::Receipt::from_bytes(bytes);
    const zkrv::host::ReceiptInfo info = zkrv::host::inspect(received);
    std::printf("receipt: %zu bytes, %s, %.1f bits conjectured / %.1f bits provable security\n", bytes.size(),
                info.config.c_str(), info.conjectured_security_bits, info.provable_security_bits);
    const zkrv::host::VerifiedClaim claim = zkrv::host::verify(received, trusted);
    std::printf("verified: image %s exit %u\nsha256: %s\n", claim.image_id.hex().c_str(), claim.exit_code,
                hex(claim.journal).c_str());
    return 0;
  } catch (const zkrv::host::Error& e) {
    std::fprintf(stderr, "prove_sha256: %s: %s\n", zkrv::host::error_kind_name(e.kind()), e.what());
    return e.exit_code();
  }
}
