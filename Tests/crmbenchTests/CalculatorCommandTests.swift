import Foundation
import Testing

/// `crmbench capacity mva|mmc` through the binary: durations with units like every other command, bare numbers
/// still seconds, results to 4 significant digits with units, `--explain`, and the inputs that used to crash.
@Suite struct CalculatorCommandTests {
    /// Jain, *The Art of Computer Systems Performance Analysis* (Wiley 1991), Example 34.2 / Table 34.1: at N = 20,
    /// R = 56.016 s; X = N/(R + Z) = 20/60.016 = 0.33324/s. Demands given with units and as bare seconds agree.
    @Test func mvaTakesUnitsAndRoundsToFourDigits() throws {
        let units = try CLI.run(["capacity", "mva", "--station", "cpu:2s", "--station", "diskA:3000ms:1", "--station", "diskB:1s",
                                 "--think", "4s", "--users", "20"])
        #expect(units.status == 0, "\(units.stderr)")
        #expect(units.stdout.contains("N=20  throughput 0.3332 req/s  response time 56.02 s"), "\(units.stdout)")
        #expect(units.stdout.contains("utilisation"))
        let bare = try CLI.run(["capacity", "mva", "--station", "cpu:2", "--station", "diskA:3:1", "--station", "diskB:1",
                                "--think", "4", "--users", "20"])
        #expect(bare.status == 0 && bare.stdout == units.stdout)
    }

    /// One station of 1.43 ms, no think time, one user: X = 1/D = 699.3/s, R = D.
    @Test func mvaMillisecondsPrintInMilliseconds() throws {
        let outcome = try CLI.run(["capacity", "mva", "--station", "cpu:1.43ms", "--users", "1"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.contains("throughput 699.3 req/s  response time 1.43 ms"), "\(outcome.stdout)")
        #expect(!outcome.stdout.contains("0.00143"))
    }

    /// The plain-words reading names the bottleneck (the largest demand, diskA at 3 s), its ceiling 1/3 s = 0.3333/s,
    /// the knee (ΣD + Z)/D_max = (6 + 4)/3 = 3.333 users, and the next limit (cpu, 1/2 s = 0.5/s).
    @Test func mvaExplainNamesTheBottleneck() throws {
        let outcome = try CLI.run(["capacity", "mva", "--station", "cpu:2s", "--station", "diskA:3s", "--station", "diskB:1s",
                                   "--think", "4s", "--users", "1..20", "--explain"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.contains("What this means (N = 20 users"))
        #expect(outcome.stdout.contains("Bottleneck 'diskA'"))
        #expect(outcome.stdout.contains("cannot pass 0.3333 req/s"))
        #expect(outcome.stdout.contains("Knee at about 3.333 users"))
        #expect(outcome.stdout.contains("next limit is 'cpu' at 0.5 req/s"))
        let json = try CLI.run(["capacity", "mva", "--station", "cpu:2s", "--users", "1", "--json", "--explain"])
        #expect(json.status == 0 && !json.stdout.contains("What this means"), "--json stays machine-readable")
    }

    /// Call Centre Helper's Erlang C example (cited in QueueTests.callCentreErlangC): 100 calls per 30 min, 3 min
    /// each, 11 agents → P(wait) 0.6821, mean wait 0.6821 × 180 s / (11 − 10) = 122.8 s.
    @Test func mmcTakesUnits() throws {
        let outcome = try CLI.run(["capacity", "mmc", "--arrival-rate", String(100.0 / 1800), "--service-time", "3m",
                                   "--servers", "11", "--explain"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.contains("P(wait) (Erlang C)  68.21%"), "\(outcome.stdout)")
        #expect(outcome.stdout.contains("mean wait           122.8 s"))
        #expect(outcome.stdout.contains("utilisation         90.91% per server"))
        #expect(outcome.stdout.contains("nearly saturated"), "91% busy is past the 80% the reading warns about")
        #expect(outcome.stdout.contains("With 12 servers the mean response time would be"))
    }

    /// These died with SIGILL (a huge Double converted to Int while formatting); now refused with the range.
    @Test(arguments: [
        (["capacity", "mva", "--station", "cpu:1e20", "--users", "1"], "--station"),
        (["capacity", "mmc", "--arrival-rate", "1", "--service-time", "1e20", "--servers", "1"], "--service-time"),
        (["capacity", "mmc", "--arrival-rate", "1e-30", "--service-time", "1e20", "--servers", "1"], "--service-time"),
        (["capacity", "mva", "--station", "cpu:1ms:100000", "--users", "1"], "--station"),
        (["capacity", "mva", "--station", "cpu:1ms:5000", "--users", "1000000"], "--users"),
        (["plan", "/nonexistent/run", "--slo", "throughput=100,p95<1s", "--what-if", "nodes=1e300"], "--what-if"),
        (["plan", "/nonexistent/run", "--slo", "throughput=1e300,p95<1s"], "--slo"),
        (["serve", "--in-memory", "--cpu-work", "99999999999999999999s"], "--cpu-work"),
    ])
    func formerCrashesAreUsageErrors(arguments: [String], option: String) throws {
        let outcome = try CLI.run(arguments, timeoutSeconds: 20)
        #expect(outcome.status == 64, "exit \(outcome.status): \(outcome.stderr)")
        #expect(outcome.stderr.contains(option), "\(outcome.stderr)")
    }

    @Test func rangeIsStatedInTheMessage() throws {
        let outcome = try CLI.run(["capacity", "mva", "--station", "cpu:1e20", "--users", "1"])
        #expect(outcome.stderr.contains("from 1ns to 24h"), "\(outcome.stderr)")
        #expect(outcome.stderr.contains("a bare number is seconds"))
    }
}
