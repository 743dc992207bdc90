/// Number formatting for human-readable calculator output, without Foundation.
enum Format {
    /// `x` rounded to `significant` significant digits, in the shortest form that round-trips.
    static func number(_ x: Double, significant: Int = 6) -> String {
        guard x.isFinite else { return "n/a" }
        if x == 0 { return "0" }
        let magnitude = Int(Elementary.log(abs(x)) / Elementary.log(10)).advanced(by: abs(x) < 1 ? -1 : 0)
        let decimals = significant - 1 - magnitude
        let scale = Elementary.pow(10, Double(decimals))
        let rounded = (x * scale).rounded() / scale
        if decimals <= 0 || abs(rounded) >= 1e15 { return String(Int(rounded)) }
        return String(rounded)
    }
}
