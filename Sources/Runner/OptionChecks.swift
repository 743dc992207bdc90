import BenchCore
import LoadEngine

/// The checks of the load options of `run`, before anything is read or sent: every problem, in the options' terms.
public enum OptionChecks {
    /// Problems with `run`'s load options (nil: not given).
    public static func runProblems(connections: Int?, duration: String?, rate: Double?, threads: Int, arrivals: String,
                                   eventLoop: String, expectedInterval: String?) -> [String] {
        var found: [String] = []
        if let duration, let problem = InputLimits.durationProblem(duration, option: "--duration") { found.append(problem) }
        if let rate, let problem = InputLimits.rateProblem(rate, option: "--rate") { found.append(problem) }
        if let connections, let problem = InputLimits.countProblem(connections, option: "--connections") { found.append(problem) }
        found += threadProblems(threads)
        if !["uniform", "poisson"].contains(arrivals) { found.append("--arrivals must be uniform or poisson") }
        if EngineConfiguration.EventLoop(rawValue: eventLoop) == nil { found.append("--event-loop must be poll, epoll or auto") }
        if let expectedInterval, expectedInterval != "auto",
           let problem = InputLimits.durationProblem(expectedInterval, option: "--expected-interval") {
            found.append(problem + "; or 'auto'")
        }
        return found
    }

    /// Problems with `--threads`.
    /// Problems with `--threshold` expressions (each as the parser says it) and `--iterations`.
    public static func verdictProblems(thresholds: [String], iterations: Int?) -> [String] {
        var found: [String] = []
        for expression in thresholds {
            do { _ = try Threshold.parse(expression) } catch let error as TextParseError {
                found.append("--threshold: \(error.message)")
            } catch { found.append("--threshold '\(expression)': \(error)") }
        }
        if let iterations, !(1...ScenarioLimits.maxIterations).contains(iterations) {
            found.append("--iterations must be between 1 and \(ScenarioLimits.maxIterations), got \(iterations)")
        }
        return found
    }

    public static func threadProblems(_ threads: Int) -> [String] {
        threads < 1 || threads > 256 ? ["--threads must be between 1 and 256 (got \(threads))"] : []
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
}
