import Testing
@testable import ReferenceCRM

/// `--blank-fields`: exactly round(fraction × customers) blanked per field, the same customers for the same seed.
@Suite struct SeedBlanksTests {
    static func chosen(_ field: String, _ fraction: Double, customers: Int, seed: UInt64) -> [Int] {
        var blanks = SeedBlanks()
        (blanks.fractions, blanks.seed) = ([field: fraction], seed)
        var draw = SeedBlanks.Draw(field: field, customers: customers, blanks: blanks)
        return (0..<customers).filter { _ in draw.next() }
    }

    @Test(arguments: [(0.25, 200, 50), (0.1, 1_000, 100), (0.333, 10, 3), (1.0, 7, 7), (0.0, 50, 0), (0.006, 100, 1)])
    func exactlyTheRoundedShareIsBlanked(fraction: Double, customers: Int, expected: Int) {
        #expect(Self.chosen("phone", fraction, customers: customers, seed: 1).count == expected)
    }

    @Test func theChoiceDependsOnTheSeedAndFieldOnly() {
        let once = Self.chosen("phone", 0.25, customers: 400, seed: 3)
        #expect(once == Self.chosen("phone", 0.25, customers: 400, seed: 3))
        #expect(once != Self.chosen("phone", 0.25, customers: 400, seed: 4))
        #expect(once != Self.chosen("name", 0.25, customers: 400, seed: 3))
        // Spread over the customers, not bunched at the start.
        #expect(once.contains { $0 >= 200 } && once.contains { $0 < 200 })
    }

    @Test func badFlagsAreNamed() throws {
        var arguments = ServeArguments()
        (arguments.seedCustomers, arguments.blankFields) = (10, "email=0.1,phone=2,fax=0.5")
        #expect { _ = try arguments.configuration() } throws: { error in
            let problems = (error as? ConfigurationError)?.problems ?? []
            return problems.contains { $0.contains("email cannot be blanked") } && problems.contains { $0.contains("unknown field 'fax'") }
                && problems.contains { $0.contains("phone must be between 0 and 1") }
        }
        arguments.blankFields = "phone"
        #expect(throws: ConfigurationError.self) { _ = try arguments.configuration() }
        (arguments.seedCustomers, arguments.blankFields) = (0, "phone=0.5")
        #expect { _ = try arguments.configuration() } throws: { error in
            (error as? ConfigurationError)?.problems.contains("--blank-fields needs --seed-customers") == true
        }
    }
}
