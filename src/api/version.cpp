#include "zkrv/zkrv.h"

namespace zkrv::host {

const char* version() noexcept { return ZKRV_VERSION_STRING; }

}  // namespace zkrv::host
