// A polynomial commitment scheme over two-adic cosets from FRI, in the style of Plonky3's TwoAdicFriPcs
// (fri/src/two_adic_pcs.rs): commit to batches of column polynomials given by their evaluations, open
// them at out-of-domain points with one FRI proof for everything.
//
//   commit:  evaluations on H_n (natural order)  --coset LDE (ntt/coset_lde.h, shift 31, blowup
//            2^log_blowup, rows bit-reversed)-->  MerkleTree of all matrices of the batch (merkle/).
//   open:    for every round (batch) and matrix, a list of points z (extension field); the values f(z)
//            are computed from the LDE (barycentric formula, ntt/barycentric.h) and observed, alpha is
//            sampled, the reduced openings of reduced_opening.h are formed per height, and FRI
//            (fri_prover.h) proves them low-degree, opening the batches at each query index.
//   verify:  the mirror image; the verifier supplies every shape (heights, widths, points) itself and
//            takes the claimed values from the proof.
//
// Transcript of open/verify (after whatever the caller observed, typically the roots and the points):
//   observe_label("zkrv/pcs/open/v1"); observe_label(config name);
//   observe_ext(v) for every claimed value, order [round][matrix][point][column];
//   alpha = sample_ext(); then the FRI transcript (fri_prover.h).
// The points themselves are not observed: the caller must derive them from the transcript (as the STARK
// does with zeta) or fix them in advance.
#pragma once

#include <cstddef>
#include <span>
#include <utility>
#include <vector>

#include "field/babybear.h"
#include "field/extension.h"
#include "field/prover_randomness.h"
#include "fri/config.h"
#include "fri/proof.h"
#include "hash/digest.h"
#include "matrix/matrix_view.h"
#include "matrix/row_major_matrix.h"
#include "merkle/merkle_tree.h"
#include "base/error.h"
#include "transcript/challenger.h"

namespace zkrv {

// What the prover keeps of one committed batch: the LDE matrices inside their Merkle tree.
struct PcsProverData {
  MerkleTree tree;
  unsigned log_blowup = 0;
  size_t num_salt_matrices = 0;  // the last one(s) of the tree (salt_matrix_dims), opened but never evaluated
  // Zero knowledge: matrix k holds f' = f + Z_H r_k (docs/zero-knowledge.md, part 3), r_k the t x w
  // coefficients randomizers[k] (height 0, or an empty vector: no randomizer). open() needs r_k: the
  // LDE's first n rows interpolate f' mod (X^n - s^n), not f', when t > 0.
  std::vector<RowMajorMatrix<Fp>> randomizers;
  // small_cosets[k][s]: matrix k's polynomials on shifts[s] * H_T as requested from commit_randomized
  // (natural order, T x w); empty where none was requested.
  std::vector<std::vector<RowMajorMatrix<Fp>>> small_cosets;

  // The committed polynomials' matrices; the salt matrices follow them in the tree.
  size_t num_matrices() const noexcept { return tree.num_matrices() - num_salt_matrices; }
  // Matrix k on the coset kLdeShift * H_{n * blowup}, rows bit-reversed (ntt/coset_lde.h contract).
  const RowMajorMatrix<Fp>& lde(size_t k) const { return tree.matrix(k); }
  unsigned log_height(size_t k) const { return log2_lde(k) - log_blowup; }  // log2 of n (before the LDE)
  unsigned log2_lde(size_t k) const;
};

// [round][matrix][point][column]
using PcsOpenedValues = std::vector<std::vector<std::vector<std::vector<Ext>>>>;

struct PcsOpenRequest {
  const PcsProverData* data = nullptr;
  std::vector<std::vector<Ext>> points;  // [matrix] -> the points to open that matrix at (may be empty)
};

struct PcsOpening {
  PcsOpenedValues values;
  FriProof proof;
};

// The verifier's view of one committed matrix: its shape (known from context, never from the proof),
// its opening points and the claimed values [point][column] (taken from the proof).
struct PcsMatrixClaim {
  unsigned log_height = 0;  // log2 of n, the height before the LDE
  size_t width = 0;
  std::vector<Ext> points;
  std::vector<std::vector<Ext>> values;
};

// What a prover wants evaluated on small cosets while the commitment has the coefficients at hand
// (ntt/small_coset.h): shifts * H_T, T = 2^log_t. No shifts: nothing.
struct SmallCosetRequest {
  unsigned log_t = 0;
  std::vector<Fp> shifts;
};

struct PcsVerifyRound {
  Digest root;
  std::vector<PcsMatrixClaim> matrices;  // commit order
  bool salted = true;  // false for a batch made with commit_public (then it has no salt matrices)
};

// Wall-clock seconds of the phases of one open() (for benchmarks and --stats).
struct PcsOpenTimings {
  double evaluate_seconds = 0;  // step 1: the claimed values at the points (barycentric)
  double reduce_seconds = 0;    // step 2: the reduced openings (DEEP quotients), one per height
  double fri_seconds = 0;       // step 3: FRI commit and query phases
};

// The salt matrices a hiding configuration appends to a batch whose committed LDE heights are
// lde_log_heights: one of width salt_width at the tallest height (none if salt_width is 0). Shorter
// matrices need none of their own: their row hashes enter the tree beside a subtree of tall leaves
// (merkle_tree.h), and every digest a proof reveals without its preimage covers only unopened, salted
// tall leaves (docs/zero-knowledge.md, part 1). Prover and verifier both derive them with this function.
std::vector<MatrixDims> salt_matrix_dims(std::span<const unsigned> lde_log_heights, unsigned salt_width);

class TwoAdicFriPcs {
 public:
  static constexpr size_t kMaxWidth = size_t{1} << 16;  // columns per matrix the verifier accepts
  static constexpr size_t kMaxMatrices = 1024;          // matrices per round
  static constexpr size_t kMaxRounds = 64;              // committed batches per opening

  // Validates the configuration (std::invalid_argument). A configuration with salt needs `randomness`
  // (the prover's: field/prover_randomness.h) to commit; verifying never uses it.
  explicit TwoAdicFriPcs(FriConfig config, ProverRandomness* randomness = nullptr);
  const FriConfig& config() const noexcept { return config_; }

  // Evaluations on H_n (natural order), n a power of two with n * blowup <= 2^27, widths >= 1.
  std::pair<Digest, PcsProverData> commit(std::span<const MatrixView<const Fp>> evaluations) const;
  // The same without salt even under a hiding configuration: for public data only (the preprocessed
  // columns of the verifying key, which must be a deterministic function of the program).
  std::pair<Digest, PcsProverData> commit_public(std::span<const MatrixView<const Fp>> evaluations) const;
  std::pair<Digest, PcsProverData> commit(const std::vector<RowMajorMatrix<Fp>>& evaluations) const;
  // The same, freeing each matrix as soon as its LDE is computed (largest first): a lower peak memory.
  std::pair<Digest, PcsProverData> commit(std::vector<RowMajorMatrix<Fp>>&& evaluations) const;
  // The same commitment from the polynomials' coefficients (natural order, n x w, degree < n) instead of
  // their evaluations on H_n: the LDE skips the inverse NTT. Frees each matrix like the above.
  std::pair<Digest, PcsProverData> commit_coefficients(std::vector<RowMajorMatrix<Fp>>&& coefficients) const;

  // Randomized commitments (zero knowledge): matrix k is committed as f_k + Z_H r_k, of degree
  // < n + t_k, with r_k = randomizers[k] (t_k x w_k coefficients, t_k <= n; height 0 for none). The
  // polynomial's values on H_n are unchanged; its values anywhere else, and so every opening, are
  // those of f + Z_H r. The configuration's degree_excess must cover t_k (the FRI proof fails otherwise).
  std::pair<Digest, PcsProverData> commit_randomized(std::span<const MatrixView<const Fp>> evaluations,
                                                     std::vector<RowMajorMatrix<Fp>> randomizers) const;
  std::pair<Digest, PcsProverData> commit_randomized(std::vector<RowMajorMatrix<Fp>>&& evaluations,
                                                     std::vector<RowMajorMatrix<Fp>> randomizers) const;
  // The same, also evaluating matrix k on the small cosets small_cosets[k] asks for, from the LDE's own
  // coefficients (PcsProverData::small_cosets); small_cosets is empty or one request per matrix.
  std::pair<Digest, PcsProverData> commit_randomized(std::span<const MatrixView<const Fp>> evaluations,
                                                     std::vector<RowMajorMatrix<Fp>> randomizers,
                                                     std::span<const SmallCosetRequest> small_cosets) const;
  std::pair<Digest, PcsProverData> commit_randomized(std::vector<RowMajorMatrix<Fp>>&& evaluations,
                                                     std::vector<RowMajorMatrix<Fp>> randomizers,
                                                     std::span<const SmallCosetRequest> small_cosets) const;
  std::pair<Digest, PcsProverData> commit_coefficients_randomized(std::vector<RowMajorMatrix<Fp>>&& coefficients,
                                                                  std::vector<RowMajorMatrix<Fp>> randomizers) const;

  // Opens every request; throws std::invalid_argument for malformed requests.
  PcsOpening open(std::span<const PcsOpenRequest> rounds, Challenger& challenger,
                  PcsOpenTimings* timings = nullptr) const;

  // Throws ProofRejected unless the proof shows that every claimed value is the committed polynomial's
  // value at its point.
  void verify(std::span<const PcsVerifyRound> rounds, const FriProof& proof, Challenger& challenger) const;

 private:
  std::pair<Digest, PcsProverData> commit_impl(std::span<const MatrixView<const Fp>> evaluations,
                                               std::vector<RowMajorMatrix<Fp>>* owned,
                                               bool coefficients = false, bool salted = true,
                                               std::vector<RowMajorMatrix<Fp>> randomizers = {},
                                               std::span<const SmallCosetRequest> small_cosets = {}) const;

  FriConfig config_;
  ProverRandomness* randomness_ = nullptr;
};

}  // namespace zkrv
