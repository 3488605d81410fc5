// DotProducts: C = A·Bᵀ for two matrices whose rows both run along the summed dimension — the dot
// products of long rows that a convolution's weight gradient is made of (rows of the output gradient
// against rows of an im2col panel). One register tile per instruction set, chosen at run time as
// lk_gemm's are; A and B are read in place (nothing is packed) and never past column k.
//
// Dimension legend: m = rows of A and C, n = rows of B (= columns of C), k = the summed dimension.
// A tile keeps MR × NR vector sums: lane l of a sum adds the products p ≡ l (mod lanes) in order, then
// the lanes are added in one fixed order. Each C element is summed the same way whatever m, n, the
// tile it falls in or the split of the calls between threads: only k and the instruction set matter.

#include "LayerKernels.h"

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define LK_DOT_X86 1
#else
#define LK_DOT_X86 0
#endif

/// One tile: C[i][j] (+)= Σ_{p < k} a[i][p]·b[j][p] for i < mr, j < nr, where C[i][j] is c[i·ldc + j]
/// and the tile's rows a[0..<MR], b[0..<NR] repeat their last row past mr, nr (those sums are dropped).
typedef void (*lk_dot_tile_fn)(int k, const float *const *a, const float *const *b, float *c, int ldc, int mr,
                               int nr, int accumulate);

typedef struct {
    int mr;
    int nr;
    lk_dot_tile_fn tile;
} lk_dot_kernel;

/// Stores a tile's sums `sums[i·stride + j]` into C (or adds them, with `accumulate`).
static inline void store_sums(const float *sums, int stride, float *c, int ldc, int mr, int nr, int accumulate) {
    for (int i = 0; i < mr; i++) {
        float *c_row = c + (long)i * ldc;
        for (int j = 0; j < nr; j++) c_row[j] = accumulate ? c_row[j] + sums[i * stride + j] : sums[i * stride + j];
    }
}

// MARK: - Portable tile (4 × 4)

enum { LK_DOT_PORTABLE_MR = 4, LK_DOT_PORTABLE_NR = 4 };

static void dot_tile_portable(int k, const float *const *a, const float *const *b, float *c, int ldc, int mr, int nr,
                              int accumulate) {
    float acc[LK_DOT_PORTABLE_MR][LK_DOT_PORTABLE_NR] = {{0}};
    for (int p = 0; p < k; p++) {
        for (int i = 0; i < LK_DOT_PORTABLE_MR; i++) {
            float a_value = a[i][p];
            for (int j = 0; j < LK_DOT_PORTABLE_NR; j++) acc[i][j] += a_value * b[j][p];
        }
    }
    store_sums(&acc[0][0], LK_DOT_PORTABLE_NR, c, ldc, mr, nr, accumulate);
}

#if LK_DOT_X86

// MARK: - AVX2 + FMA tile (2 × 4: 8 accumulators of 8 lanes)

enum { LK_DOT_AVX2_MR = 2, LK_DOT_AVX2_NR = 4 };

/// The lanes 0 + 1 + … + 7 of v, added as ((v0+v4) + (v2+v6)) + ((v1+v5) + (v3+v7)).
__attribute__((target("avx2,fma")))
static inline float lanes_sum_avx2(__m256 v) {
    __m128 half = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    __m128 quarter = _mm_add_ps(half, _mm_movehl_ps(half, half));
    return _mm_cvtss_f32(_mm_add_ss(quarter, _mm_shuffle_ps(quarter, quarter, 1)));
}

__attribute__((target("avx2,fma")))
static void dot_tile_avx2(int k, const float *const *a, const float *const *b, float *c, int ldc, int mr, int nr,
                          int accumulate) {
    __m256 acc[LK_DOT_AVX2_MR][LK_DOT_AVX2_NR];
    for (int i = 0; i < LK_DOT_AVX2_MR; i++) {
        for (int j = 0; j < LK_DOT_AVX2_NR; j++) acc[i][j] = _mm256_setzero_ps();
    }
    int p = 0;
    for (; p + 8 <= k; p += 8) {
        __m256 b_values[LK_DOT_AVX2_NR];
        for (int j = 0; j < LK_DOT_AVX2_NR; j++) b_values[j] = _mm256_loadu_ps(b[j] + p);
        for (int i = 0; i < LK_DOT_AVX2_MR; i++) {
            __m256 a_values = _mm256_loadu_ps(a[i] + p);
            for (int j = 0; j < LK_DOT_AVX2_NR; j++) acc[i][j] = _mm256_fmadd_ps(a_values, b_values[j], acc[i][j]);
        }
    }
    if (p < k) {
        __m256i mask = _mm256_cmpgt_epi32(_mm256_set1_epi32(k - p), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
        __m256 b_values[LK_DOT_AVX2_NR];
        for (int j = 0; j < LK_DOT_AVX2_NR; j++) b_values[j] = _mm256_maskload_ps(b[j] + p, mask);
        for (int i = 0; i < LK_DOT_AVX2_MR; i++) {
            __m256 a_values = _mm256_maskload_ps(a[i] + p, mask);
            for (int j = 0; j < LK_DOT_AVX2_NR; j++) acc[i][j] = _mm256_fmadd_ps(a_values, b_values[j], acc[i][j]);
        }
    }
    float sums[LK_DOT_AVX2_MR * LK_DOT_AVX2_NR];
    for (int i = 0; i < LK_DOT_AVX2_MR; i++) {
        for (int j = 0; j < LK_DOT_AVX2_NR; j++) sums[i * LK_DOT_AVX2_NR + j] = lanes_sum_avx2(acc[i][j]);
    }
    store_sums(sums, LK_DOT_AVX2_NR, c, ldc, mr, nr, accumulate);
}

// MARK: - AVX-512 tile (4 × 4: 16 accumulators of 16 lanes)

enum { LK_DOT_AVX512_MR = 4, LK_DOT_AVX512_NR = 4 };

__attribute__((target("avx512f")))
static void dot_tile_avx512(int k, const float *const *a, const float *const *b, float *c, int ldc, int mr, int nr,
                            int accumulate) {
    __m512 acc[LK_DOT_AVX512_MR][LK_DOT_AVX512_NR];
    for (int i = 0; i < LK_DOT_AVX512_MR; i++) {
        for (int j = 0; j < LK_DOT_AVX512_NR; j++) acc[i][j] = _mm512_setzero_ps();
    }
    int p = 0;
    for (; p + 16 <= k; p += 16) {
        __m512 b_values[LK_DOT_AVX512_NR];
        for (int j = 0; j < LK_DOT_AVX512_NR; j++) b_values[j] = _mm512_loadu_ps(b[j] + p);
        for (int i = 0; i < LK_DOT_AVX512_MR; i++) {
            __m512 a_values = _mm512_loadu_ps(a[i] + p);
            for (int j = 0; j < LK_DOT_AVX512_NR; j++) acc[i][j] = _mm512_fmadd_ps(a_values, b_values[j], acc[i][j]);
        }
    }
    if (p < k) {
        __mmask16 mask = (__mmask16)((1u << (k - p)) - 1u);
        __m512 b_values[LK_DOT_AVX512_NR];
        for (int j = 0; j < LK_DOT_AVX512_NR; j++) b_values[j] = _mm512_maskz_loadu_ps(mask, b[j] + p);
        for (int i = 0; i < LK_DOT_AVX512_MR; i++) {
            __m512 a_values = _mm512_maskz_loadu_ps(mask, a[i] + p);
            for (int j = 0; j < LK_DOT_AVX512_NR; j++) acc[i][j] = _mm512_fmadd_ps(a_values, b_values[j], acc[i][j]);
        }
    }
    // The 16 lane sums at once: each level adds pairs of lanes of two vectors, halving the vectors.
    __m512 v[16], w[8];
    for (int i = 0; i < LK_DOT_AVX512_MR; i++) {
        for (int j = 0; j < LK_DOT_AVX512_NR; j++) v[i * LK_DOT_AVX512_NR + j] = acc[i][j];
    }
    // w[t] holds, in each 128-bit block, the pairwise sums of v[2t] and v[2t + 1] interleaved.
    for (int t = 0; t < 8; t++) {
        w[t] = _mm512_add_ps(_mm512_unpacklo_ps(v[2 * t], v[2 * t + 1]), _mm512_unpackhi_ps(v[2 * t], v[2 * t + 1]));
    }
    // v[t]'s 128-bit block b holds the sums of block b of v[4t] … v[4t + 3].
    for (int t = 0; t < 4; t++) {
        v[t] = _mm512_add_ps(_mm512_shuffle_ps(w[2 * t], w[2 * t + 1], 0x44),
                             _mm512_shuffle_ps(w[2 * t], w[2 * t + 1], 0xEE));
    }
    // Blocks 0 + 1 and 2 + 3, then the two halves: lane s of the result is v[s]'s total, so 128-bit
    // block i holds row i of the tile.
    __m512 low = _mm512_add_ps(_mm512_shuffle_f32x4(v[0], v[1], 0x88), _mm512_shuffle_f32x4(v[0], v[1], 0xDD));
    __m512 high = _mm512_add_ps(_mm512_shuffle_f32x4(v[2], v[3], 0x88), _mm512_shuffle_f32x4(v[2], v[3], 0xDD));
    __m512 total = _mm512_add_ps(_mm512_shuffle_f32x4(low, high, 0x88), _mm512_shuffle_f32x4(low, high, 0xDD));
    if (mr == LK_DOT_AVX512_MR && nr == LK_DOT_AVX512_NR) {
        __m128 rows[LK_DOT_AVX512_MR] = {_mm512_extractf32x4_ps(total, 0), _mm512_extractf32x4_ps(total, 1),
                                         _mm512_extractf32x4_ps(total, 2), _mm512_extractf32x4_ps(total, 3)};
        for (int i = 0; i < LK_DOT_AVX512_MR; i++) {
            float *c_row = c + (long)i * ldc;
            _mm_storeu_ps(c_row, accumulate ? _mm_add_ps(_mm_loadu_ps(c_row), rows[i]) : rows[i]);
        }
    } else {
        float sums[LK_DOT_AVX512_MR * LK_DOT_AVX512_NR];
        _mm512_storeu_ps(sums, total);
        store_sums(sums, LK_DOT_AVX512_NR, c, ldc, mr, nr, accumulate);
    }
}

#endif  // LK_DOT_X86

static const lk_dot_kernel lk_dot_kernels[] = {
    [LK_ISA_PORTABLE] = {LK_DOT_PORTABLE_MR, LK_DOT_PORTABLE_NR, dot_tile_portable},
#if LK_DOT_X86
    [LK_ISA_AVX2] = {LK_DOT_AVX2_MR, LK_DOT_AVX2_NR, dot_tile_avx2},
    [LK_ISA_AVX512] = {LK_DOT_AVX512_MR, LK_DOT_AVX512_NR, dot_tile_avx512},
#endif
};

/// The largest tile any kernel uses, in each dimension.
enum { LK_DOT_MAX_SIDE = 4 };

void lk_gemm_nt(lk_isa isa, int m, int n, int k, const float *a, int lda, const float *b, int ldb,
                float *c, int ldc, int accumulate) {
    if (m <= 0 || n <= 0) return;
    const lk_dot_kernel *kernel = &lk_dot_kernels[lk_isa_supported(isa) ? isa : lk_best_isa()];
    const float *a_rows[LK_DOT_MAX_SIDE], *b_rows[LK_DOT_MAX_SIDE];
    for (int row = 0; row < m; row += kernel->mr) {
        int mr = m - row < kernel->mr ? m - row : kernel->mr;
        // A short tile repeats its last row; those sums are not stored.
        for (int i = 0; i < kernel->mr; i++) a_rows[i] = a + (long)(row + (i < mr ? i : mr - 1)) * lda;
        for (int column = 0; column < n; column += kernel->nr) {
            int nr = n - column < kernel->nr ? n - column : kernel->nr;
            for (int j = 0; j < kernel->nr; j++) b_rows[j] = b + (long)(column + (j < nr ? j : nr - 1)) * ldb;
            kernel->tile(k, a_rows, b_rows, c + (long)row * ldc + column, ldc, mr, nr, accumulate);
        }
    }
}
