#include "ntt/ntt.h"

#include "base/bits.h"
#include "matrix/bit_reverse.h"
#include "matrix/flatten.h"
#include "ntt/radix2.h"

namespace zkrv {
namespace {

// DIF takes natural input and leaves bit-reversed output; DIT the opposite. Any other combination is
// reached with one row permutation before or after.
void transform(MatrixView<Fp> m, RowOrder input, RowOrder output, bool inverse) {
  if (m.height() <= 1 || m.width() == 0) return;
  if (input == RowOrder::natural) {
    ntt_detail::dif_in_place(m, inverse);
    if (output == RowOrder::natural) reverse_rows_bit_order(m);
  } else {
    ntt_detail::dit_in_place(m, inverse);
    if (output == RowOrder::bit_reversed) reverse_rows_bit_order(m);
  }
}

}  // namespace

void ntt_in_place(MatrixView<Fp> m, RowOrder input, RowOrder output) { transform(m, input, output, false); }

void intt_in_place(MatrixView<Fp> m, RowOrder input, RowOrder output) {
  transform(m, input, output, true);
  if (m.height() > 1) ntt_detail::scale_all(m, Fp(static_cast<uint32_t>(m.height())).inverse());
}

void ntt_in_place(MatrixView<Ext> m, RowOrder input, RowOrder output) {
  ntt_in_place(flatten_to_base(m), input, output);
}
void intt_in_place(MatrixView<Ext> m, RowOrder input, RowOrder output) {
  intt_in_place(flatten_to_base(m), input, output);
}

}  // namespace zkrv
