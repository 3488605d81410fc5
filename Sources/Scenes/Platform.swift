// Platform: the C library functions the scenes need, behind forwarders so no other file needs an `#if`.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#elseif canImport(Musl)
import Musl
#endif

@inline(__always) func exp(_ x: Double) -> Double { cExp(x) }

@inline(__always) private func cExp(_ x: Double) -> Double {
    #if canImport(Glibc)
    Glibc.exp(x)
    #elseif canImport(Darwin)
    Darwin.exp(x)
    #else
    Musl.exp(x)
    #endif
}
