// LayerKernels: the few dense loops LayerKit's fast paths spend their time in — a cache-blocked
// single-precision matrix product, its dot-product form A·Bᵀ and a fused multiply-add sweep —
// written once per instruction set (AVX-512, AVX2 + FMA, portable C) and chosen at run time by what
// the processor supports.
//
// Matrices are row-major float32. Every output element is summed over k in one fixed order (in
// increasing order; lk_gemm_nt lane by lane) by one call on one thread, so splitting work between
// calls (or threads) never changes a digit; only the instruction set (fused or separate multiply-add,
// lane count) can change the last bits.

#ifndef LAYERKERNELS_H
#define LAYERKERNELS_H

#ifdef __cplusplus
extern "C" {
#endif

/// The instruction sets a kernel can be written for, slowest first.
typedef enum {
    /// Plain C (whatever the compiler's baseline vectorises it to).
    LK_ISA_PORTABLE = 0,
    /// 256-bit AVX2 with fused multiply-add.
    LK_ISA_AVX2 = 1,
    /// 512-bit AVX-512F.
    LK_ISA_AVX512 = 2,
} lk_isa;

/// Whether this processor (and operating system) can run kernels written for `isa`.
int lk_isa_supported(lk_isa isa);

/// The fastest instruction set this processor supports. Every function below takes the instruction
/// set to use (tests compare all the supported ones); one that is not supported falls back to this.
lk_isa lk_best_isa(void);

/// How many columns of B every product reads at once: B's rows must be readable (not necessarily
/// meaningful) up to the next multiple of this past `n`, so `ldb >= lk_gemm_round_columns(n)`.
int lk_gemm_round_columns(int n);

/// Copies A `(m, k)`, row stride `lda`, into the layout `lk_gemm` reads for `isa` (exactly `m·k`
/// floats at `packed`); the product must use the same instruction set.
void lk_gemm_pack_a(lk_isa isa, int m, int k, const float *a, int lda, float *packed);

/// C `(m, n)` = A·B (+ `row_bias[i]` on row i, + `col_bias[j]` on column j; either may be NULL).
///
/// A is packed by `lk_gemm_pack_a`; B is `(k, n)` with row stride `ldb` (see
/// `lk_gemm_round_columns`); C has row stride `ldc` and only its `(m, n)` block is written. The
/// biases are added after the sum. With `k == 0` C is the biases (or zeros).
void lk_gemm(lk_isa isa, int m, int n, int k, const float *a_packed, const float *b, int ldb,
             float *c, int ldc, const float *row_bias, const float *col_bias);

/// C `(m, n)` = A·Bᵀ, or C + A·Bᵀ with `accumulate`: the dot products of A's rows `(m, k)`, row stride
/// `lda`, with B's rows `(n, k)`, row stride `ldb` (both read in place, never past column k); C has row
/// stride `ldc`. Each element's sum depends only on k and `isa` (DotProducts.c), never on the split.
void lk_gemm_nt(lk_isa isa, int m, int n, int k, const float *a, int lda, const float *b, int ldb,
                float *c, int ldc, int accumulate);

/// y[i] = fma(x[i], alpha, beta) for i < n, rounded once as C's `fmaf` is (x and y may be the same).
void lk_fma_sweep(lk_isa isa, long n, const float *x, float alpha, float beta, float *y);

#ifdef __cplusplus
}
#endif

#endif
