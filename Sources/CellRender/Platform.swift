// Platform: the one place CellRender reaches the C library — number formatting through snprintf,
// which rounds correctly (Swift's own description of a Double has no fixed-decimals form).

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#elseif canImport(Musl)
import Musl
#endif

/// `value` with exactly `decimals` digits after the point (`nan`, `inf`, `-inf` for non-finite values).
public func formatNumber(_ value: Double, decimals: Int) -> String {
    cFormat("%.\(Swift.max(0, Swift.min(20, decimals)))f", value)
}

/// `value` in C's `%g` form with `significant` digits (e.g. `0.25`, `1.2e+03`).
public func formatNumberShort(_ value: Double, significant: Int = 4) -> String {
    cFormat("%.\(Swift.max(1, Swift.min(17, significant)))g", value)
}

private func cFormat(_ format: String, _ value: Double) -> String {
    var buffer = [CChar](repeating: 0, count: 64)
    let written = withVaList([value]) { vsnprintf(&buffer, buffer.count, format, $0) }
    guard written >= 0 else { return "\(value)" }
    let bytes = buffer.prefix(Swift.min(Int(written), buffer.count - 1)).map { UInt8(bitPattern: $0) }
    return String(decoding: bytes, as: UTF8.self)
}
