import ReferenceCRM
import Testing

/// The write-fault draw: exclusive faults at the asked fractions, the same creates faulted for the same seed.
@Suite("Write faults")
struct WriteFaultsTests {
    static func faults(seed: UInt64) -> WriteFaults {
        var faults = WriteFaults()
        (faults.lose, faults.duplicate, faults.corrupt, faults.seed) = (0.01, 0.005, 0.005, seed)
        return faults
    }

    @Test func fractionsHoldOverManyCreates() {
        let faults = Self.faults(seed: 42)
        var counts: [WriteFault: Int] = [:]
        let creates = 200_000
        for number in 0..<UInt64(creates) { if let fault = faults.fault(ofCreate: number) { counts[fault, default: 0] += 1 } }
        // Binomial standard deviation at n = 200,000: sqrt(n·p·(1−p)) ≈ 44 for p = 0.01, 32 for p = 0.005; 5 σ bounds.
        #expect(abs((counts[.lost] ?? 0) - 2_000) < 225)
        #expect(abs((counts[.duplicated] ?? 0) - 1_000) < 160)
        #expect(abs((counts[.corrupted] ?? 0) - 1_000) < 160)
    }

    @Test func theSameSeedFaultsTheSameCreates() {
        let a = (0..<5_000).map { Self.faults(seed: 7).fault(ofCreate: UInt64($0)) }
        let b = (0..<5_000).map { Self.faults(seed: 7).fault(ofCreate: UInt64($0)) }
        let c = (0..<5_000).map { Self.faults(seed: 8).fault(ofCreate: UInt64($0)) }
        #expect(a == b)
        #expect(a != c)
        #expect(WriteFaults().fault(ofCreate: 3) == nil)
    }

    @Test("bad fractions are refused by flag", arguments: [
        ([1.5, 0, 0], "--lose-writes must be between 0 and 1, got 1.5"),
        ([0, -0.1, 0], "--duplicate-writes must be between 0 and 1, got -0.1"),
        ([0.5, 0.3, 0.3], "must add up to at most 1"),
    ])
    func badFractions(values: [Double], message: String) {
        var arguments = ServeArguments()
        (arguments.loseWrites, arguments.duplicateWrites, arguments.corruptWrites) = (values[0], values[1], values[2])
        #expect(throws: (any Error).self) { try arguments.configuration() }
        let text = (try? arguments.configuration()).map { _ in "" } ?? { () -> String in
            do { _ = try arguments.configuration(); return "" } catch { return "\(error)" }
        }()
        #expect(text.contains(message), "\(text)")
    }
}
