/// Number formatting for human-readable calculator output, without Foundation.
///
/// Nothing here converts an unbounded `Double` to an integer: NaN, the infinities and any finite magnitude
/// (5e-324 … 1.8e308) format without trapping. Integer conversions only ever see a value already known to lie
/// well inside `Int`'s range.
enum Format {
    /// `x` rounded to `significant` significant digits (1 to 17), in the shortest form that round-trips;
    /// beyond 10¹⁵ in exponent form (`1.235e+20`); "n/a" for NaN and the infinities.
    static func number(_ x: Double, significant: Int = 6) -> String {
        guard x.isFinite else { return "n/a" }
        if x == 0 { return "0" }
        let digits = min(max(significant, 1), 17)
        let rounded = round(x, significant: digits)
        guard rounded.isFinite else { return String(x) }
        // Below 2⁵³ every whole Double is an exact Int; 1e15 keeps the plain form short enough to read.
        if abs(rounded) < 1e15, rounded == rounded.rounded() { return String(Int(rounded)) }
        return String(rounded)
    }

    /// `x` rounded to `significant` significant digits; `x` itself when no exact scaling reaches it.
    static func round(_ x: Double, significant: Int) -> Double {
        // ⌊log₁₀|x|⌋ of a finite non-zero Double lies in −324…308: the Int conversion cannot trap.
        let magnitude = Int((Elementary.log(abs(x)) / Elementary.log(10.0)).rounded(.down))
        let decimals = significant - 1 - magnitude
        // Powers of ten are exact Doubles up to 10²²; beyond, the scaling itself would add error (and at 10^±308
        // leave the finite range), so such values print unrounded, at most 17 digits.
        guard (-22...22).contains(decimals) else { return x }
        // Scale in the direction that keeps the result an exact multiple of the power of ten.
        let rounded = decimals >= 0
            ? (x * Elementary.pow(10, Double(decimals))).rounded() / Elementary.pow(10, Double(decimals))
            : (x / Elementary.pow(10, Double(-decimals))).rounded() * Elementary.pow(10, Double(-decimals))
        return rounded.isFinite ? rounded : x
    }

    /// Seconds in the most readable unit (ns, µs, ms, s) to 4 significant digits: `2.9 ms`, `56.02 s`.
    static func seconds(_ s: Double) -> String {
        guard s.isFinite else { return "n/a" }
        let size = abs(s)
        if size == 0 { return "0 s" }
        if size < 1e-6 { return number(s * 1e9, significant: 4) + " ns" }
        if size < 1e-3 { return number(s * 1e6, significant: 4) + " µs" }
        if size < 1 { return number(s * 1e3, significant: 4) + " ms" }
        return number(s, significant: 4) + " s"
    }

    /// A rate per second to 4 significant digits with `unit`: `344.8 req/s`.
    static func rate(_ perSecond: Double, unit: String = "req/s") -> String {
        number(perSecond, significant: 4) + " " + unit
    }

    /// A fraction as a percentage to 4 significant digits: 0.49312 → `49.31%`.
    static func percent(_ fraction: Double) -> String {
        guard fraction.isFinite else { return "n/a" }
        return number(fraction * 100, significant: 4) + "%"
    }

    /// A plain quantity (queue length, Erlangs, a coefficient) to 4 significant digits.
    static func short(_ x: Double) -> String { number(x, significant: 4) }
}
