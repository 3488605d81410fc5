// Platform: the C library functions the scenes need, behind forwarders so no other file needs an `#if`.

#if canImport(Glibc)
import Glibc
private let cMath = (exp: Glibc.exp as @Sendable (Double) -> Double, log: Glibc.log as @Sendable (Double) -> Double)
#elseif canImport(Darwin)
import Darwin
private let cMath = (exp: Darwin.exp as @Sendable (Double) -> Double, log: Darwin.log as @Sendable (Double) -> Double)
#elseif canImport(Musl)
import Musl
private let cMath = (exp: Musl.exp as @Sendable (Double) -> Double, log: Musl.log as @Sendable (Double) -> Double)
#endif

/// e^x.
@inline(__always) func exp(_ x: Double) -> Double { cMath.exp(x) }

/// The natural logarithm.
@inline(__always) func log(_ x: Double) -> Double { cMath.log(x) }
