/// Benjamini–Hochberg adjusted p-values, so that the verdicts of a whole comparison (dozens of rows) keep the
/// expected share of false "improved"/"regressed" rows at the chosen rate.
///
/// Y. Benjamini and Y. Hochberg, "Controlling the False Discovery Rate: A Practical and Powerful Approach to
/// Multiple Testing", J. R. Statist. Soc. B 57 (1995) 289–300. The adjusted value of the i-th smallest of m
/// p-values is min over j ≥ i of m·p(j)/j, capped at 1; a row is a discovery at rate q when it is at most q.
public enum FalseDiscoveryRate {
    /// The adjusted p-values, in the order given.
    public static func adjusted(_ pValues: [Double]) -> [Double] {
        let m = pValues.count
        guard m > 0 else { return [] }
        let order = pValues.indices.sorted { pValues[$0] < pValues[$1] }
        var result = Array(repeating: 1.0, count: m)
        var running = 1.0
        for rank in stride(from: m, through: 1, by: -1) {
            let index = order[rank - 1]
            running = min(running, pValues[index] * Double(m) / Double(rank))
            result[index] = min(1, running)
        }
        return result
    }
}
