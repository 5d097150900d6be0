// The host: runs the guest on a private input, proves the run, writes the receipt and verifies it
// against the guest's image ID, all through the zkrv library (#include <zkrv/zkrv.h>).
//
//   {{name}} [INPUT_FILE] [RECEIPT_FILE]     (defaults: a sample text; {{name}}.receipt)
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <exception>
#include <iterator>
#include <string>
#include <vector>

#include <zkrv/zkrv.h>

namespace {

std::vector<uint8_t> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw zkrv::host::Error(zkrv::host::ErrorKind::usage, "cannot read " + path);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

uint32_t u32_at(const std::vector<uint8_t>& bytes, size_t at) {
  return uint32_t{bytes.at(at)} | uint32_t{bytes.at(at + 1)} << 8 | uint32_t{bytes.at(at + 2)} << 16 |
         uint32_t{bytes.at(at + 3)} << 24;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const std::string sample = "the quick brown fox jumps over the lazy dog\n";
    const std::vector<uint8_t> input = argc > 1 ? read_file(argv[1]) : std::vector<uint8_t>(sample.begin(), sample.end());
    const std::string receipt_path = argc > 2 ? argv[2] : "{{name}}.receipt";

    const zkrv::host::Program program = zkrv::host::Program::from_elf_file(GUEST_ELF);
    std::printf("image ID: %s\n", program.image_id().hex().c_str());

    // Run it first (fast): the guest's console output, and the cycles the proof will cover.
    zkrv::host::ExecuteOptions run;
    run.input = input;
    run.console = [](int fd, std::span<const uint8_t> bytes) {
      std::fwrite(bytes.data(), 1, bytes.size(), fd == 2 ? stderr : stdout);
    };
    const zkrv::host::ExecuteResult executed = zkrv::host::execute(program, run);
    std::printf("executed: %llu cycles, exit code %u\n", static_cast<unsigned long long>(executed.cycles),
                executed.exit_code);

    // Prove the run; the receipt is what you publish.
    zkrv::host::ProveOptions options;
    options.input = input;
    options.progress = [](std::string_view phase, bool done) {
      if (!done) std::printf("proving: %.*s\n", static_cast<int>(phase.size()), phase.data());
    };
    zkrv::host::ProveStats stats;
    const zkrv::host::Receipt receipt = zkrv::host::prove(program, options, &stats);
    receipt.to_file(receipt_path);
    std::printf("proved %llu cycles in %.2f s -> %s\n", static_cast<unsigned long long>(stats.cycles),
                stats.total_seconds, receipt_path.c_str());

    // A verifier needs only the receipt and the image ID it trusts (here: computed from the ELF).
    const zkrv::host::VerifiedClaim claim =
        zkrv::host::verify(zkrv::host::Receipt::from_file(receipt_path), program.image_id());
    std::printf("verified: exit code %u, journal: words = %u, fnv1a = 0x%08x\n", claim.exit_code,
                u32_at(claim.journal, 0), u32_at(claim.journal, 4));
    return 0;
  } catch (const zkrv::host::Error& e) {
    std::fprintf(stderr, "{{name}}: %s: %s\n", zkrv::host::error_kind_name(e.kind()), e.what());
    return e.exit_code();
  } catch (const std::exception& e) {  // e.g. a journal shorter than expected (.at)
    std::fprintf(stderr, "{{name}}: %s\n", e.what());
    return 1;
  }
}
