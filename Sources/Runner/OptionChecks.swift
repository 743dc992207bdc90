import BenchCore
import Capacity
import LoadEngine

/// The checks of the load options of `run`, before anything is read or sent: every problem, in the options' terms.
public enum OptionChecks {
    /// Problems with `run`'s load options (nil: not given).
    public static func runProblems(connections: Int?, duration: String?, rate: Double?, threads: String, arrivals: String,
                                   eventLoop: String, expectedInterval: String?) -> [String] {
        var found: [String] = []
        if let duration, let problem = InputLimits.durationProblem(duration, option: "--duration") { found.append(problem) }
        if let rate, let problem = InputLimits.rateProblem(rate, option: "--rate") { found.append(problem) }
        if let connections, let problem = InputLimits.countProblem(connections, option: "--connections") { found.append(problem) }
        found += threadProblems(threads)
        if ArrivalProcess(rawValue: arrivals) == nil { found.append("--arrivals must be uniform or poisson") }
        if EngineConfiguration.EventLoop(rawValue: eventLoop) == nil { found.append("--event-loop must be poll, epoll or auto") }
        if let expectedInterval, expectedInterval != "auto",
           let problem = InputLimits.durationProblem(expectedInterval, option: "--expected-interval") {
            found.append(problem + "; or 'auto'")
        }
        return found
    }

    /// Problems with `--threshold` expressions (each as the parser says it) and `--iterations`.
    public static func verdictProblems(thresholds: [String], iterations: Int?) -> [String] {
        var found: [String] = []
        for expression in thresholds {
            do {
                let threshold = try Threshold.parse(expression)
                // A rate lies in 0–100 %, a count or a per-second rate is not negative: others can never be judged.
                let accepted: ClosedRange<Double> = threshold.metric.unit == .fraction ? 0...1 : 0...1e15
                if !accepted.contains(threshold.limit) {
                    found.append("--threshold '\(expression)': the limit must be "
                                 + (threshold.metric.unit == .fraction ? "from 0% to 100%" : "from 0 to 1e15"))
                }
            } catch let error as TextParseError {
                found.append("--threshold: \(error.message)")
            } catch { found.append("--threshold '\(expression)': \(error)") }
        }
        if let iterations, !(1...ScenarioLimits.maxIterations).contains(iterations) {
            found.append("--iterations must be between 1 and \(ScenarioLimits.maxIterations), got \(iterations)")
        }
        return found
    }

    /// Problems with `--threads`.
    public static func threadProblems(_ threads: String) -> [String] {
        ThreadCount(threads) == nil ? ["--threads must be auto or between 1 and 256 (got \(threads))"] : []
    }

    /// Problems with a sweep's levels and limits.
    public static func sweepProblems(vus: String?, rates: String?, step: String, maxErrors: String, maxP99: String?) -> [String] {
        var found: [String] = []
        if (vus == nil) == (rates == nil) { found.append("give exactly one of --vus or --rates") }
        if let vus, case .failure(let problem) = InputLimits.levels(vus, integers: true, option: "--vus") {
            found.append(problem.description)
        }
        if let rates, case .failure(let problem) = InputLimits.levels(rates, integers: false, option: "--rates") {
            found.append(problem.description)
        }
        if let problem = InputLimits.durationProblem(step, option: "--step") { found.append(problem) }
        if percentFraction(maxErrors) == nil { found.append("--max-errors must be a percentage like 5%") }
        if let maxP99, let problem = InputLimits.durationProblem(maxP99, option: "--max-p99") { found.append(problem) }
        return found
    }

    /// `5%` → 0.05; nil unless a percentage from 0 to 100.
    public static func percentFraction(_ text: String) -> Double? {
        guard text.hasSuffix("%"), let value = Double(text.dropLast()), value >= 0, value <= 100 else { return nil }
        return value / 100
    }

    /// Seconds from a time option of the calculators: a duration with its unit (`1.43ms`, `2s`, `500us`), or a bare
    /// number of seconds (`0.005`, what the calculators always took), within `range`; else a usage error naming
    /// `option` and the range. Checked before any use, so NaN, infinities and 1e308 never reach the maths.
    public static func seconds(_ text: String, option: String, range: ClosedRange<Double>) throws -> Double {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let value = Double(trimmed) ?? DurationText.nanos(trimmed).map { Double($0) / 1e9 }
        guard let value, value.isFinite, range.contains(value) else {
            throw RunnerError("\(option) must be a duration from \(CalculatorLimits.describe(range)), e.g. 1.43ms or 2s; "
                              + "a bare number is seconds (got '\(text)')", kind: .usage)
        }
        return value
    }

    /// A server count of the calculators within `CalculatorLimits.servers`, else a usage error naming `option`.
    public static func servers(_ count: Int, option: String) throws -> Int {
        let range = CalculatorLimits.servers
        guard range.contains(count) else {
            throw RunnerError("\(option) must be between \(range.lowerBound) and \(range.upperBound) (got \(count))", kind: .usage)
        }
        return count
    }

    /// Problems with `plan`'s `--slo` and `--what-if`, found before the run folder is read.
    public static func planProblems(slo: String?, whatIf: [String]) -> [String] {
        var found: [String] = []
        var file = CapacityFile()
        if let slo {
            do { try SLOText.apply(slo, to: &file) } catch let error as RunnerError { found.append(error.message) } catch {}
        }
        for text in whatIf {
            do { _ = try WhatIfText.parse(text) } catch let error as RunnerError { found.append(error.message) } catch {}
        }
        return found
    }

    /// Problems with `compare --fail-on-regression`: its syntax, and each limit at most 1000% (10 as a fraction), so
    /// that a limit always prints as a number.
    public static func regressionProblems(_ text: String) -> [String] {
        do {
            let policy = try RegressionPolicy.parse(text)
            if policy.limits.values.contains(where: { !($0 <= 10) }) {
                return ["--fail-on-regression: each limit must be from 0% to 1000% (got '\(text)')"]
            }
            return []
        } catch { return ["--fail-on-regression: \(error)"] }
    }
}
