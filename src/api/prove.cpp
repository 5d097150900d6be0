#include "zkrv/prove.h"

#include "api_impl.h"
#include "fri/config.h"
#include "host/prove.h"

namespace zkrv::host {
namespace {

Receipt prove_translated(const Program& program, const ProveOptions& options, const ProgressCallback& progress,
                         ProveStats* stats) {
  return translate_errors([&] {
    // fri_config_by_name throws for an unknown name; a caller's bad name is a usage error.
    const FriConfig* config = &default_fri_config();
    if (!options.config.empty()) {
      try {
        config = &fri_config_by_name(options.config);
      } catch (const ::zkrv::Error&) {
        throw Error(ErrorKind::usage, "'" + options.config + "' is not a named proof configuration");
      }
    }
    if (options.segment_po2 < kMinSegmentPo2 || options.segment_po2 > kMaxSegmentPo2)
      throw Error(ErrorKind::usage, "segment_po2 must lie in [" + std::to_string(kMinSegmentPo2) + ", " +
                                        std::to_string(kMaxSegmentPo2) + "]");
    ::zkrv::ProveOptions machine_options;
    machine_options.segment_po2 = options.segment_po2;
    machine_options.max_cycles = options.max_cycles;
    machine_options.progress = progress;
    ProveReport report;
    Receipt receipt =
        ReceiptAccess::make(prove_receipt(program.impl().image, options.input, *config, machine_options, &report));
    if (stats) {
      *stats = ProveStats{};
      stats->cycles = report.cycles;
      stats->segments = report.segments;
      stats->execute_seconds = report.execute_seconds;
      stats->trace_seconds = report.trace_seconds;
      stats->stark_seconds = report.stark.total_seconds;
      stats->total_seconds = report.total_seconds;
      stats->committed_cells = report.committed_cells;
      for (const ChipReport& c : report.chips) stats->chips.push_back({c.name, c.rows, c.log_height});
    }
    return receipt;
  });
}

}  // namespace

std::vector<std::string> proof_configurations() {
  std::vector<std::string> names{default_fri_config().name};  // the default first
  for (const FriConfig& c : named_fri_configs())
    if (c.name != names.front()) names.push_back(c.name);
  return names;
}

Receipt prove(const Program& program, const ProveOptions& options, ProveStats* stats) {
  CallbackExceptions callbacks;
  const ProgressCallback progress = callbacks.wrap(options.progress);
  try {
    return prove_translated(program, options, progress, stats);
  } catch (...) {
    callbacks.rethrow_if_any();
    throw;
  }
}

}  // namespace zkrv::host
