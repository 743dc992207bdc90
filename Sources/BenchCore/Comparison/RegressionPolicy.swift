import Foundation

/// When `compare --fail-on-regression` fails: the largest tolerated regression per metric.
///
/// `5%` applies to every metric; `p99=10%,rps=5%` sets metrics one by one (others are not checked). For the
/// error rate the number is in percentage points (`errors=0.5%`: the error rate may rise by half a point).
/// Only significant regressions (verdict "regressed") count, so noise never fails a build.
public struct RegressionPolicy: Sendable, Equatable {
    /// Tolerated regression per metric, as a fraction (0.05 for 5%).
    public var limits: [ComparedMetric: Double]

    public init(limits: [ComparedMetric: Double]) { self.limits = limits }

    /// Problems parsing a policy.
    public struct ParseError: Error, CustomStringConvertible, Equatable {
        public var description: String
    }

    /// Parses `5%`, `0.05`, or `p99=10%,rps=5%`.
    public static func parse(_ text: String) throws -> RegressionPolicy {
        let parts = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        guard !parts.isEmpty else { throw ParseError(description: "empty regression limit") }
        var limits: [ComparedMetric: Double] = [:]
        for part in parts {
            if let eq = part.firstIndex(of: "=") {
                let key = String(part[..<eq])
                guard let metric = ComparedMetric.parse(key: key) else {
                    throw ParseError(description: "unknown metric '\(key)' in '\(text)' (use rps, errors, p50, p95, p99)")
                }
                limits[metric] = try fraction(String(part[part.index(after: eq)...]), in: text)
            } else {
                guard parts.count == 1 else { throw ParseError(description: "'\(text)': give one limit for all, or metric=limit pairs") }
                let value = try fraction(part, in: text)
                for metric in ComparedMetric.allCases { limits[metric] = value }
            }
        }
        return RegressionPolicy(limits: limits)
    }

    private static func fraction(_ text: String, in whole: String) throws -> Double {
        let percent = text.hasSuffix("%")
        guard let number = Double(percent ? String(text.dropLast()) : text), number.isFinite, number >= 0 else {
            throw ParseError(description: "'\(text)' in '\(whole)' is not a limit (e.g. 5% or 0.05)")
        }
        return percent ? number / 100 : number
    }

    /// Descriptions of the regressions beyond their limit, empty when the candidate passes.
    public func violations(in comparison: RunComparison) -> [String] {
        var out: [String] = []
        for (subject, m) in comparison.allMetrics where m.verdict == .regressed {
            guard let limit = limits[m.metric] else { continue }
            let size = abs(m.estimate.change)
            guard size > limit else { continue }
            let shown = m.metric.changeIsAbsolute ? "\(points(size)) points" : "\(points(size))%"
            out.append("\(subject.kind.rawValue) \(subject.name): \(m.metric.label) regressed by \(shown) "
                       + "(limit \(m.metric.changeIsAbsolute ? "\(points(limit)) points" : "\(points(limit))%"))")
        }
        return out
    }

    private func points(_ fraction: Double) -> String {
        guard fraction.isFinite else { return "∞" }
        return String(Double(Int((fraction * 1_000).rounded())) / 10)
    }
}
