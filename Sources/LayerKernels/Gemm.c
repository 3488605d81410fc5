// Gemm: the blocked single-precision product C = A·B (+ biases) behind LayerKit's Conv2d and Linear
// fast paths, and the fused multiply-add sweep behind BatchNorm2d's. One blocking driver; one
// register-tile kernel per instruction set, chosen at run time.
//
// Dimension legend: m = rows of A and C, n = columns of B and C, k = the summed dimension.
// Blocking: k is cut into passes of KC (one KC × NR strip of B then stays in the first-level cache
// while every tile of A's rows runs over it); n into strips of NR columns; m into tiles of at most
// MR rows, balanced so that no tile is much shorter than the others. A tile keeps its MR × NR sums
// in registers for a whole pass. A is packed tile by tile, k-major, so a tile reads it in order.

#include "LayerKernels.h"

#include <math.h>
#include <stdatomic.h>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define LK_X86 1
#else
#define LK_X86 0
#endif

/// The depth of one pass over k.
enum { LK_KC = 256 };
/// Every kernel's strip width divides this.
enum { LK_COLUMN_ROUND = 32 };

/// One register tile: C[0..<mr][0..<nv] (+)= A_tile · B_strip over `kc` steps of k.
///
/// `a` is the tile's packed A at the pass's first step (`a[p·mr + i]`), `b` the strip's B at the
/// same step (`b[p·ldb + j]`). `accumulate` adds to C (a later pass) instead of starting from 0;
/// `last` adds the biases before storing.
typedef void (*lk_tile_fn)(int kc, int mr, const float *a, const float *b, int ldb, float *c, int ldc,
                           int nv, int accumulate, int last, const float *row_bias, const float *col_bias);

typedef struct {
    int mr_max;
    int nr;
    lk_tile_fn tile;
} lk_kernel;

static inline int lk_min(int a, int b) { return a < b ? a : b; }

// MARK: - Portable tile (MR ≤ 4, NR = 16)

enum { LK_PORTABLE_MR = 4, LK_PORTABLE_NR = 16 };

static void tile_portable(int kc, int mr, const float *a, const float *b, int ldb, float *c, int ldc,
                          int nv, int accumulate, int last, const float *row_bias, const float *col_bias) {
    float acc[LK_PORTABLE_MR][LK_PORTABLE_NR];
    for (int i = 0; i < mr; i++) {
        for (int j = 0; j < LK_PORTABLE_NR; j++) {
            acc[i][j] = (accumulate && j < nv) ? c[(long)i * ldc + j] : 0.0f;
        }
    }
    for (int p = 0; p < kc; p++) {
        const float *b_row = b + (long)p * ldb;
        for (int i = 0; i < mr; i++) {
            float a_value = a[p * mr + i];
            for (int j = 0; j < LK_PORTABLE_NR; j++) {
                acc[i][j] += a_value * b_row[j];
            }
        }
    }
    for (int i = 0; i < mr; i++) {
        for (int j = 0; j < nv; j++) {
            float value = acc[i][j];
            if (last && row_bias) value += row_bias[i];
            if (last && col_bias) value += col_bias[j];
            c[(long)i * ldc + j] = value;
        }
    }
}

#if LK_X86

// MARK: - AVX2 + FMA tile (MR ≤ 6, NR = 16: 12 accumulators of 8 lanes)

enum { LK_AVX2_MR = 6, LK_AVX2_NR = 16 };

/// The lanes `j < valid` of an 8-lane mask (all lanes for valid ≥ 8, none for valid ≤ 0).
__attribute__((target("avx2,fma")))
static inline __m256i lanes_below_avx2(int valid) {
    return _mm256_cmpgt_epi32(_mm256_set1_epi32(valid), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
}

__attribute__((target("avx2,fma"), always_inline))
static inline void tile_avx2_rows(const int MR, int kc, const float *a, const float *b, int ldb, float *c,
                                  int ldc, int nv, int accumulate, int last, const float *row_bias,
                                  const float *col_bias) {
    __m256 left[LK_AVX2_MR], right[LK_AVX2_MR];
    __m256i left_mask = lanes_below_avx2(nv), right_mask = lanes_below_avx2(nv - 8);
    for (int i = 0; i < MR; i++) {
        if (accumulate) {
            left[i] = _mm256_maskload_ps(c + (long)i * ldc, left_mask);
            right[i] = _mm256_maskload_ps(c + (long)i * ldc + 8, right_mask);
        } else {
            left[i] = _mm256_setzero_ps();
            right[i] = _mm256_setzero_ps();
        }
    }
    for (int p = 0; p < kc; p++) {
        __m256 b_left = _mm256_loadu_ps(b + (long)p * ldb);
        __m256 b_right = _mm256_loadu_ps(b + (long)p * ldb + 8);
        for (int i = 0; i < MR; i++) {
            __m256 a_value = _mm256_broadcast_ss(a + p * MR + i);
            left[i] = _mm256_fmadd_ps(a_value, b_left, left[i]);
            right[i] = _mm256_fmadd_ps(a_value, b_right, right[i]);
        }
    }
    if (last && col_bias) {
        __m256 bias_left = _mm256_maskload_ps(col_bias, left_mask);
        __m256 bias_right = _mm256_maskload_ps(col_bias + 8, right_mask);
        for (int i = 0; i < MR; i++) {
            left[i] = _mm256_add_ps(left[i], bias_left);
            right[i] = _mm256_add_ps(right[i], bias_right);
        }
    }
    for (int i = 0; i < MR; i++) {
        if (last && row_bias) {
            __m256 bias = _mm256_set1_ps(row_bias[i]);
            left[i] = _mm256_add_ps(left[i], bias);
            right[i] = _mm256_add_ps(right[i], bias);
        }
        _mm256_maskstore_ps(c + (long)i * ldc, left_mask, left[i]);
        _mm256_maskstore_ps(c + (long)i * ldc + 8, right_mask, right[i]);
    }
}

__attribute__((target("avx2,fma")))
static void tile_avx2(int kc, int mr, const float *a, const float *b, int ldb, float *c, int ldc, int nv,
                      int accumulate, int last, const float *row_bias, const float *col_bias) {
    switch (mr) {
#define LK_ROWS(R) case R: tile_avx2_rows(R, kc, a, b, ldb, c, ldc, nv, accumulate, last, row_bias, col_bias); break;
        LK_ROWS(1) LK_ROWS(2) LK_ROWS(3) LK_ROWS(4) LK_ROWS(5) LK_ROWS(6)
#undef LK_ROWS
        default: break;
    }
}

// MARK: - AVX-512 tile (MR ≤ 12, NR = 32: 24 accumulators of 16 lanes)

enum { LK_AVX512_MR = 12, LK_AVX512_NR = 32 };

/// The lanes `j < valid` of a 16-lane mask.
static inline __mmask16 lanes_below_avx512(int valid) {
    if (valid >= 16) return (__mmask16)0xFFFF;
    if (valid <= 0) return 0;
    return (__mmask16)((1u << valid) - 1u);
}

__attribute__((target("avx512f"), always_inline))
static inline void tile_avx512_rows(const int MR, int kc, const float *a, const float *b, int ldb, float *c,
                                    int ldc, int nv, int accumulate, int last, const float *row_bias,
                                    const float *col_bias) {
    __m512 left[LK_AVX512_MR], right[LK_AVX512_MR];
    __mmask16 left_mask = lanes_below_avx512(nv), right_mask = lanes_below_avx512(nv - 16);
    for (int i = 0; i < MR; i++) {
        if (accumulate) {
            left[i] = _mm512_maskz_loadu_ps(left_mask, c + (long)i * ldc);
            right[i] = _mm512_maskz_loadu_ps(right_mask, c + (long)i * ldc + 16);
        } else {
            left[i] = _mm512_setzero_ps();
            right[i] = _mm512_setzero_ps();
        }
    }
    for (int p = 0; p < kc; p++) {
        __m512 b_left = _mm512_loadu_ps(b + (long)p * ldb);
        __m512 b_right = _mm512_loadu_ps(b + (long)p * ldb + 16);
        for (int i = 0; i < MR; i++) {
            __m512 a_value = _mm512_set1_ps(a[p * MR + i]);
            left[i] = _mm512_fmadd_ps(a_value, b_left, left[i]);
            right[i] = _mm512_fmadd_ps(a_value, b_right, right[i]);
        }
    }
    if (last && col_bias) {
        __m512 bias_left = _mm512_maskz_loadu_ps(left_mask, col_bias);
        __m512 bias_right = _mm512_maskz_loadu_ps(right_mask, col_bias + 16);
        for (int i = 0; i < MR; i++) {
            left[i] = _mm512_add_ps(left[i], bias_left);
            right[i] = _mm512_add_ps(right[i], bias_right);
        }
    }
    for (int i = 0; i < MR; i++) {
        if (last && row_bias) {
            __m512 bias = _mm512_set1_ps(row_bias[i]);
            left[i] = _mm512_add_ps(left[i], bias);
            right[i] = _mm512_add_ps(right[i], bias);
        }
        _mm512_mask_storeu_ps(c + (long)i * ldc, left_mask, left[i]);
        _mm512_mask_storeu_ps(c + (long)i * ldc + 16, right_mask, right[i]);
    }
}

__attribute__((target("avx512f")))
static void tile_avx512(int kc, int mr, const float *a, const float *b, int ldb, float *c, int ldc, int nv,
                        int accumulate, int last, const float *row_bias, const float *col_bias) {
    switch (mr) {
#define LK_ROWS(R) case R: tile_avx512_rows(R, kc, a, b, ldb, c, ldc, nv, accumulate, last, row_bias, col_bias); break;
        LK_ROWS(1) LK_ROWS(2) LK_ROWS(3) LK_ROWS(4) LK_ROWS(5) LK_ROWS(6)
        LK_ROWS(7) LK_ROWS(8) LK_ROWS(9) LK_ROWS(10) LK_ROWS(11) LK_ROWS(12)
#undef LK_ROWS
        default: break;
    }
}

#endif  // LK_X86

// MARK: - Choosing the instruction set

static const lk_kernel lk_kernels[] = {
    [LK_ISA_PORTABLE] = {LK_PORTABLE_MR, LK_PORTABLE_NR, tile_portable},
#if LK_X86
    [LK_ISA_AVX2] = {LK_AVX2_MR, LK_AVX2_NR, tile_avx2},
    [LK_ISA_AVX512] = {LK_AVX512_MR, LK_AVX512_NR, tile_avx512},
#endif
};

/// The best supported instruction set, or −1 before the first call looks.
static _Atomic int lk_best = -1;

int lk_isa_supported(lk_isa isa) {
    switch (isa) {
        case LK_ISA_PORTABLE: return 1;
#if LK_X86
        case LK_ISA_AVX2:
            __builtin_cpu_init();
            return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
        case LK_ISA_AVX512:
            __builtin_cpu_init();
            return __builtin_cpu_supports("avx512f");
#endif
        default: return 0;
    }
}

lk_isa lk_best_isa(void) {
    int best = atomic_load_explicit(&lk_best, memory_order_relaxed);
    if (best >= 0) return (lk_isa)best;
    best = LK_ISA_PORTABLE;
    if (lk_isa_supported(LK_ISA_AVX2)) best = LK_ISA_AVX2;
    if (lk_isa_supported(LK_ISA_AVX512)) best = LK_ISA_AVX512;
    atomic_store_explicit(&lk_best, best, memory_order_relaxed);
    return (lk_isa)best;
}

/// `isa` if this processor supports it, else the best it does.
static lk_isa lk_usable(lk_isa isa) { return lk_isa_supported(isa) ? isa : lk_best_isa(); }

static const lk_kernel *lk_kernel_for(lk_isa isa) { return &lk_kernels[lk_usable(isa)]; }

// MARK: - The product

int lk_gemm_round_columns(int n) {
    return (n + LK_COLUMN_ROUND - 1) / LK_COLUMN_ROUND * LK_COLUMN_ROUND;
}

/// Tile `t` of the rows when `m` rows are cut into tiles of at most `mr_max`, as evenly as possible.
static void lk_row_tile(int m, int mr_max, int t, int *start, int *rows) {
    int tiles = (m + mr_max - 1) / mr_max;
    int base = m / tiles, extra = m % tiles;
    *start = t * base + lk_min(t, extra);
    *rows = base + (t < extra ? 1 : 0);
}

void lk_gemm_pack_a(lk_isa isa, int m, int k, const float *a, int lda, float *packed) {
    if (m <= 0 || k <= 0) return;
    int mr_max = lk_kernel_for(isa)->mr_max;
    int tiles = (m + mr_max - 1) / mr_max;
    long offset = 0;
    for (int t = 0; t < tiles; t++) {
        int start, rows;
        lk_row_tile(m, mr_max, t, &start, &rows);
        for (int p = 0; p < k; p++) {
            for (int i = 0; i < rows; i++) {
                packed[offset + (long)p * rows + i] = a[(long)(start + i) * lda + p];
            }
        }
        offset += (long)rows * k;
    }
}

void lk_gemm(lk_isa isa, int m, int n, int k, const float *a_packed, const float *b, int ldb,
             float *c, int ldc, const float *row_bias, const float *col_bias) {
    if (m <= 0 || n <= 0) return;
    if (k <= 0) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                c[(long)i * ldc + j] = (row_bias ? row_bias[i] : 0.0f) + (col_bias ? col_bias[j] : 0.0f);
            }
        }
        return;
    }
    const lk_kernel *kernel = lk_kernel_for(isa);
    int tiles = (m + kernel->mr_max - 1) / kernel->mr_max;
    for (int pass = 0; pass < k; pass += LK_KC) {
        int kc = lk_min(LK_KC, k - pass);
        int accumulate = pass > 0, last = pass + kc == k;
        for (int column = 0; column < n; column += kernel->nr) {
            int nv = lk_min(kernel->nr, n - column);
            const float *strip = b + (long)pass * ldb + column;
            long offset = 0;
            for (int t = 0; t < tiles; t++) {
                int start, rows;
                lk_row_tile(m, kernel->mr_max, t, &start, &rows);
                kernel->tile(kc, rows, a_packed + offset + (long)pass * rows, strip, ldb,
                             c + (long)start * ldc + column, ldc, nv, accumulate, last,
                             row_bias ? row_bias + start : 0, col_bias ? col_bias + column : 0);
                offset += (long)rows * k;
            }
        }
    }
}

// MARK: - The fused multiply-add sweep

#if LK_X86
__attribute__((target("avx512f")))
static void fma_sweep_avx512(long n, const float *x, float alpha, float beta, float *y) {
    __m512 a = _mm512_set1_ps(alpha), b = _mm512_set1_ps(beta);
    long i = 0;
    for (; i + 16 <= n; i += 16) _mm512_storeu_ps(y + i, _mm512_fmadd_ps(_mm512_loadu_ps(x + i), a, b));
    if (i < n) {
        __mmask16 mask = lanes_below_avx512((int)(n - i));
        _mm512_mask_storeu_ps(y + i, mask, _mm512_fmadd_ps(_mm512_maskz_loadu_ps(mask, x + i), a, b));
    }
}

__attribute__((target("avx2,fma")))
static void fma_sweep_avx2(long n, const float *x, float alpha, float beta, float *y) {
    __m256 a = _mm256_set1_ps(alpha), b = _mm256_set1_ps(beta);
    long i = 0;
    for (; i + 8 <= n; i += 8) _mm256_storeu_ps(y + i, _mm256_fmadd_ps(_mm256_loadu_ps(x + i), a, b));
    for (; i < n; i++) y[i] = fmaf(x[i], alpha, beta);
}
#endif

void lk_fma_sweep(lk_isa isa, long n, const float *x, float alpha, float beta, float *y) {
    switch (lk_usable(isa)) {
#if LK_X86
        case LK_ISA_AVX512: fma_sweep_avx512(n, x, alpha, beta, y); return;
        case LK_ISA_AVX2: fma_sweep_avx2(n, x, alpha, beta, y); return;
#endif
        default:
            for (long i = 0; i < n; i++) y[i] = fmaf(x[i], alpha, beta);
    }
}
