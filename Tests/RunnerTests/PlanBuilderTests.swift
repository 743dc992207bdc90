import BenchCore
import Capacity
import Reports
import Testing
@testable import Runner

@Suite struct PlanBuilderTests {
    /// A synthetic sweep following a USL curve (σ 0.05, κ 0.001, λ 100) with server demands.
    static func sweepResult(withDemands: Bool) -> RunResult {
        let truth = USLModel(sigma: 0.05, kappa: 0.001, lambda: 100)
        let concurrencies: [Double] = [1, 2, 4, 8, 16, 32, 64]
        let levels: [SweepLevel] = concurrencies.map { n -> SweepLevel in
            let x = truth.throughput(atConcurrency: n)
            var metrics = EndpointMetrics(name: "all")
            let latencyMicros = UInt64(n / x * 1e6)
            for _ in 0..<Int(x * 10) {
                metrics.add(RequestOutcome(endpointIndex: 0, intendedStartNanos: 0, actualStartNanos: 0,
                                           endNanos: latencyMicros * 1_000, status: 200))
            }
            let demands = withDemands ? ServerDemands(cpuSecondsPerRequest: 0.008, databaseSecondsPerRequest: 0.002,
                                                      cpuUtilization: nil, databaseUtilization: nil, serverRequests: nil) : nil
            return SweepLevel(level: n, durationSeconds: 10, summary: EndpointSummary(metrics: metrics, durationSeconds: 10),
                              server: demands, generatorHealthy: true)
        }
        var result = ResultTestsFixture.result()
        result.sweep = SweepResults(dimension: .vus, levels: levels)
        return result
    }

    @Test func buildsStationsFromDemandsAndFitsTheSweep() throws {
        var file = CapacityFile()
        file.cores = 2
        let inputs = try PlanBuilder.build(from: Self.sweepResult(withDemands: true), file: file)
        #expect(inputs.model.stations.map(\.name) == ["cpu", "database"])
        #expect(abs(inputs.model.stations[0].demandSeconds - 0.008) < 1e-12)
        #expect(inputs.model.stations[0].servers == 2)
        let fit = try #require(inputs.fit)
        #expect(abs(fit.model.sigma - 0.05) < 0.01)
        #expect(abs(fit.model.lambda - 100) < 3)
        let slo = ServiceLevelObjective(targetThroughputPerSecond: 200, latencyBoundSeconds: 0.5)
        let plan = try CapacityPlanner.plan(model: inputs.model, slo: slo, costs: PlanBuilder.costs(file))
        let text = PlanMarkdown.render(plan: plan, inputs: inputs, runName: "t")
        #expect(text.contains("| cpu | 8.0ms | 2 | 250 req/s |"))
        #expect(!text.contains("nan") && !text.contains("NaN"))
    }

    @Test func withoutMetricsThePlanRestsOnTheFitAndSaysSo() throws {
        let inputs = try PlanBuilder.build(from: Self.sweepResult(withDemands: false), file: CapacityFile())
        #expect(inputs.model.stations.map(\.name) == ["service"])
        #expect(inputs.notes.contains { $0.contains("USL fit alone") })
    }

    @Test func aRunWithoutSweepIsRefused() {
        #expect(throws: PlanBuilder.Problem.self) { try PlanBuilder.build(from: ResultTestsFixture.result(), file: CapacityFile()) }
    }
}

/// A minimal valid result.
enum ResultTestsFixture {
    static func result() -> RunResult {
        let m = EndpointMetrics(name: "all")
        return RunResult(partial: false, partialReason: nil,
                         meta: RunMetadata(toolVersion: "t", curlVersion: "c", commandLine: [], name: "n", startTime: "", endTime: "",
                                           durationSeconds: 1, machine: MachineInfo(cores: 2, os: "Linux", hostname: "h"), target: "x"),
                         config: RunConfigurationRecord(model: .closed, connections: 1, threads: 1, durationSeconds: 1, ratePerSecond: nil,
                                                        timeoutMillis: 1, http2: false, requests: [], contentHash: ""),
                         summary: RunSummary(overall: EndpointSummary(metrics: m, durationSeconds: 1), endpoints: []),
                         generator: GeneratorHealth(threads: 1, cpuBusyFraction: [0], cpuSeconds: 0, requests: 0, lag: LatencyHistogram(),
                                                    lateArrivals: 0, droppedArrivals: 0, openModel: false),
                         timeSeries: [], histograms: HistogramSet(overall: EndpointHistograms(m), endpoints: [], lag: LatencyHistogram().sparse))
    }
}

/// The report of a sweep with its capacity plan.
@Suite struct PlanReportTests {
    @Test func theReportShowsTheCapacitySectionWithTheCurveAndThePredictions() throws {
        let result = PlanBuilderTests.sweepResult(withDemands: true)
        var file = CapacityFile()
        file.cores = 2
        let inputs = try PlanBuilder.build(from: result, file: file)
        let slo = ServiceLevelObjective(targetThroughputPerSecond: 200, latencyBoundSeconds: 0.5)
        let plan = try CapacityPlanner.plan(model: inputs.model, slo: slo)
        let whatIf = try WhatIf.evaluate(inputs.model, options: [.cpuCores(multiplier: 2)], targetThroughputPerSecond: 200)
        let html = HTMLReport.render(result, plan: PlanView(plan: plan, inputs: inputs, whatIf: [whatIf]))
        #expect(html.contains("<h2>Capacity plan</h2>"))
        #expect(html.contains("id=\"chart-capacity\""))
        #expect(html.contains("what-if: 2× CPU cores"))
        #expect(html.contains("USL fit (σ"))
        #expect(!html.contains("nan") && !html.contains("inf<"))
        #expect(!HTMLReport.render(result).contains("Capacity plan"))
    }
}
