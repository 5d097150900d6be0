/* Exit codes of the zkrv command itself (docs/architecture.md section 1). The guest's own exit code is part of
 * the claim and is reported, never returned as zkrv's exit code. */
#ifndef ZKRV_ABI_EXIT_CODES_H
#define ZKRV_ABI_EXIT_CODES_H

#define ZKRV_EXIT_OK 0
#define ZKRV_EXIT_INTERNAL 1
#define ZKRV_EXIT_USAGE 2
#define ZKRV_EXIT_MALFORMED 3
#define ZKRV_EXIT_GUEST_FAULT 4
#define ZKRV_EXIT_CYCLE_LIMIT 5
#define ZKRV_EXIT_PROOF_REJECTED 6
#define ZKRV_EXIT_CODE_REJECTED 7  /* verify: a valid receipt of a run that exited with an unaccepted code */

#endif /* ZKRV_ABI_EXIT_CODES_H */
