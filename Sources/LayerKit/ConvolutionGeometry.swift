// ConvolutionGeometry: the sizes of one zero-padded 2-D convolution once every check has passed —
// what both Conv2d kernels (the reference loops and the implicit GEMM) are given.
//
// Dimension legend: N = batch, C_in / C_out = input / output channels, H / W = input height /
// width, kH / kW = kernel, H_out / W_out = output, G = groups, C_g = C_in / G, M_g = C_out / G.

/// The sizes of a convolution of a `(N, C_in, H, W)` input padded by `padHeight` rows above and
/// below and `padWidth` columns left and right, giving `(N, C_out, H_out, W_out)`.
struct ConvolutionGeometry: Sendable, Equatable {
    /// N.
    var batch: Int
    /// C_in.
    var inChannels: Int
    /// H.
    var height: Int
    /// W.
    var width: Int
    /// C_out.
    var outChannels: Int
    /// G.
    var groups: Int
    /// kH.
    var kernelHeight: Int
    /// kW.
    var kernelWidth: Int
    /// sH.
    var strideHeight: Int
    /// sW.
    var strideWidth: Int
    /// Zero rows above and below.
    var padHeight: Int
    /// Zero columns left and right.
    var padWidth: Int
    /// dH.
    var dilationHeight: Int
    /// dW.
    var dilationWidth: Int
    /// H_out.
    var outHeight: Int
    /// W_out.
    var outWidth: Int

    /// C_g = C_in / G: the input channels each output channel reads.
    var groupChannels: Int { inChannels / groups }
    /// M_g = C_out / G: the output channels of one group.
    var outPerGroup: Int { outChannels / groups }
    /// K = C_g·kH·kW: the taps summed for one output element.
    var taps: Int { groupChannels * kernelHeight * kernelWidth }
    /// H_out·W_out.
    var outPlane: Int { outHeight * outWidth }
}
