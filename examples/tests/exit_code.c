/* exit_code: exits with the u32 (little-endian) read from the input, all 32 bits of it (0 if the input
 * is shorter). Linux and qemu report only code & 0xff; zkrv reports the full word. */
#include "zkrv/guest.h"

int main(void) {
  unsigned char in[4] = {0};
  zkrv_read(in, sizeof in);
  zkrv_exit((uint32_t)in[0] | (uint32_t)in[1] << 8 | (uint32_t)in[2] << 16 | (uint32_t)in[3] << 24);
}
