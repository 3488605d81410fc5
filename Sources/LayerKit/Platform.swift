// Platform: every platform-specific import of LayerKit, in one place. The libm functions the layers
// need are reached through these thin forwarders so no other file needs an `#if`.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#elseif canImport(Musl)
import Musl
#endif

@inline(__always) func _log(_ x: Double) -> Double { log(x) }
@inline(__always) func _cos(_ x: Double) -> Double { cos(x) }
@inline(__always) func _exp(_ x: Double) -> Double { exp(x) }
/// C's `pow`, which Python's `float ** float` calls.
@inline(__always) func _pow(_ x: Double, _ y: Double) -> Double { pow(x, y) }
@inline(__always) func _expm1(_ x: Double) -> Double { expm1(x) }
@inline(__always) func _tanh(_ x: Double) -> Double { tanh(x) }
@inline(__always) func _erf(_ x: Double) -> Double { erf(x) }
@inline(__always) func _sqrt(_ x: Double) -> Double { x.squareRoot() }
@inline(__always) func _expf(_ x: Float) -> Float { expf(x) }
@inline(__always) func _logf(_ x: Float) -> Float { logf(x) }
@inline(__always) func _expm1f(_ x: Float) -> Float { expm1f(x) }
@inline(__always) func _tanhf(_ x: Float) -> Float { tanhf(x) }
@inline(__always) func _erff(_ x: Float) -> Float { erff(x) }

/// `value` formatted with a C `printf` conversion such as `%.4f` or `%11.4e` (the same correctly
/// rounded digits Python's `format` produces).
func cFormat(_ format: String, _ value: Double) -> String {
    var buffer = [CChar](repeating: 0, count: 512)
    let written = withVaList([value]) { args in
        vsnprintf(&buffer, buffer.count, format, args)
    }
    guard written >= 0 else { return "\(value)" }
    return String(decoding: buffer.prefix(Swift.min(Int(written), buffer.count - 1)).map { UInt8(bitPattern: $0) },
                  as: UTF8.self)
}

/// The processors online now (at least 1): how many threads the kernels may use by default.
func onlineProcessorCount() -> Int {
    #if canImport(Glibc) || canImport(Musl) || canImport(Darwin)
    return Swift.max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
    #else
    return 1
    #endif
}

/// A thread-local pointer (a pthread key): what a thread is working for, e.g. its `Workload`.
struct ThreadSlot: Sendable {
    private let key: pthread_key_t

    /// The slot holding the current workload of each thread.
    static let workload = ThreadSlot()

    private init() {
        var key = pthread_key_t()
        pthread_key_create(&key, nil)
        self.key = key
    }

    /// This thread's value (nil until set).
    var value: UnsafeMutableRawPointer? {
        get { pthread_getspecific(key) }
        nonmutating set { pthread_setspecific(key, newValue) }
    }
}

/// The value of environment variable `name`, or nil when it is not set.
func environmentValue(_ name: String) -> String? {
    getenv(name).map { String(cString: $0) }
}
