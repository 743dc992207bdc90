#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The few elementary functions the capacity maths needs, from the platform C library.
///
/// Capacity depends on no package; the C math library is part of the platform, so this is the one place
/// that imports it and the rest of the target stays free of platform conditionals.
enum Elementary {
    static func log(_ x: Double) -> Double { cLog(x) }
    static func exp(_ x: Double) -> Double { cExp(x) }
    static func pow(_ x: Double, _ y: Double) -> Double { cPow(x, y) }
    /// Natural log of the gamma function, ln Γ(x), for x > 0.
    static func logGamma(_ x: Double) -> Double { cLogGamma(x) }
}

// Indirections so the static members above do not shadow the C functions they call.
private func cLog(_ x: Double) -> Double { log(x) }
private func cExp(_ x: Double) -> Double { exp(x) }
private func cPow(_ x: Double, _ y: Double) -> Double { pow(x, y) }
private func cLogGamma(_ x: Double) -> Double {
    // The reentrant variant: plain lgamma writes the global `signgam`, a data race under concurrency.
    var sign: Int32 = 0
    return lgamma_r(x, &sign)
}
