// MatrixProduct: LayerKit's door to the C kernels of LayerKernels — the instruction set to use, the
// blocked float32 product `C = A·B + biases` over raw buffers (A packed once and reused), and the
// fused multiply-add sweep.

import LayerKernels

/// The instruction set a LayerKernels kernel is written for.
///
/// Production code always uses `best`; tests run every supported set against the reference loops.
struct KernelISA: Sendable, Equatable, CustomStringConvertible {
    let raw: lk_isa

    /// Plain C.
    static let portable = KernelISA(raw: LK_ISA_PORTABLE)
    /// AVX2 with fused multiply-add.
    static let avx2 = KernelISA(raw: LK_ISA_AVX2)
    /// AVX-512F.
    static let avx512 = KernelISA(raw: LK_ISA_AVX512)

    /// The fastest this processor supports, or plain C when `LAYERSCOPE_KERNELS=portable` asks
    /// for results that are the same on every processor (the instruction sets sum in different
    /// orders, and training carries the last bits on: the docs' training pictures and their
    /// snapshots are made this way).
    static let best: KernelISA = {
        if environmentValue(KernelISA.environmentVariable) == "portable" { return .portable }
        return KernelISA(raw: lk_best_isa())
    }()

    /// The environment variable that chooses the kernels (`portable`, or unset for the fastest).
    static let environmentVariable = "LAYERSCOPE_KERNELS"

    /// Every instruction set this processor supports, slowest first.
    static var supported: [KernelISA] {
        [portable, avx2, avx512].filter { lk_isa_supported($0.raw) != 0 }
    }

    var description: String {
        switch raw {
        case LK_ISA_AVX2: return "AVX2+FMA"
        case LK_ISA_AVX512: return "AVX-512"
        default: return "portable"
        }
    }
}

/// A float32 matrix `A` `(rows, depth)` packed for `MatrixProduct.multiply`.
struct PackedMatrix: Sendable {
    /// The instruction set the layout is for (the product must use the same).
    let isa: KernelISA
    /// Rows of A (= rows of every product C).
    let rows: Int
    /// Columns of A (= rows of B).
    let depth: Int
    /// The packed values (`rows · depth` of them).
    let storage: [Float]

    /// Packs `rows × depth` values read from `source`, whose rows are `rowStride` apart.
    init(rows: Int, depth: Int, source: UnsafePointer<Float>, rowStride: Int, isa: KernelISA = .best) {
        self.isa = isa
        self.rows = rows
        self.depth = depth
        storage = [Float](unsafeUninitializedCapacity: rows * depth) { buffer, count in
            if rows > 0 && depth > 0 {
                lk_gemm_pack_a(isa.raw, Int32(rows), Int32(depth), source, Int32(rowStride), buffer.baseAddress!)
            }
            count = rows * depth
        }
    }
}

/// The blocked matrix product of LayerKernels.
enum MatrixProduct {
    /// The row stride a B with `columns` columns needs: B is read in strips past its last column.
    static func paddedColumns(_ columns: Int) -> Int {
        Int(lk_gemm_round_columns(Int32(columns)))
    }

    /// C `(a.rows, columns)` = A·B, plus `rowBias[i]` on row i and `columnBias[j]` on column j
    /// when given (added after the sum).
    ///
    /// B is `(a.depth, columns)` with row stride `bStride` ≥ `paddedColumns(columns)`; C has row
    /// stride `cStride` and only its `(a.rows, columns)` block is written.
    static func multiply(_ a: PackedMatrix, _ b: UnsafePointer<Float>, bStride: Int, columns: Int,
                         into c: UnsafeMutablePointer<Float>, cStride: Int,
                         rowBias: UnsafePointer<Float>? = nil, columnBias: UnsafePointer<Float>? = nil) {
        a.storage.withUnsafeBufferPointer { packed in
            lk_gemm(a.isa.raw, Int32(a.rows), Int32(columns), Int32(a.depth), packed.baseAddress, b, Int32(bStride),
                    c, Int32(cStride), rowBias, columnBias)
        }
    }

    /// `y[i] = fma(x[i], alpha, beta)` for `i < count`, each rounded once (`x` may equal `y`).
    static func fusedSweep(_ x: UnsafePointer<Float>, alpha: Float, beta: Float, into y: UnsafeMutablePointer<Float>,
                           count: Int, isa: KernelISA = .best) {
        lk_fma_sweep(isa.raw, count, x, alpha, beta, y)
    }
}
