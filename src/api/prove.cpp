#include "zkrv/prove.h"

#include "api_impl.h"
#include "fri/config.h"
#include "host/prove.h"

namespace zkrv::host {

std::vector<std::string> proof_configurations() {
  std::vector<std::string> names;
  for (const FriConfig& c : named_fri_configs()) names.push_back(c.name);
  return names;
}

Receipt prove(const Program& program, const ProveOptions& options, ProveStats* stats) {
  return translate_errors([&] {
    // fri_config_by_name throws for an unknown name; a caller's bad name is a usage error.
    const FriConfig* config = &named_fri_configs().front();
    if (!options.config.empty()) {
      try {
        config = &fri_config_by_name(options.config);
      } catch (const ::zkrv::Error&) {
        throw Error(ErrorKind::usage, "'" + options.config + "' is not a named proof configuration");
      }
    }
    ProveReport report;
    auto impl = std::make_shared<Receipt::Impl>();
    impl->receipt = prove_receipt(program.impl().image, options.input, *config, options.progress, &report);
    impl->claimed_id = to_public(impl->receipt.claim.image_id);
    if (stats) {
      *stats = ProveStats{};
      stats->cycles = report.cycles;
      stats->execute_seconds = report.execute_seconds;
      stats->trace_seconds = report.trace_seconds;
      stats->stark_seconds = report.stark.total_seconds;
      stats->total_seconds = report.total_seconds;
      stats->committed_cells = report.committed_cells;
      for (const ChipReport& c : report.chips) stats->chips.push_back({c.name, c.rows, c.log_height});
    }
    return Receipt(std::move(impl));
  });
}

}  // namespace zkrv::host
