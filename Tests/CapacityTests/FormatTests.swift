import Testing
@testable import Capacity

/// The calculators' number formatting: never a trap, whatever the Double (the SIGILL of `capacity mva --station
/// cpu:1e20` came from `Int(_:)` of a huge value here), and 4 significant digits with units in the text.
struct FormatTests {
    @Test(arguments: [
        (Double.nan, "n/a"), (Double.infinity, "n/a"), (-Double.infinity, "n/a"),
        (1e308, "1e+308"), (-1e308, "-1e+308"), (Double.greatestFiniteMagnitude, "1.7976931348623157e+308"),
        (1e20, "1e+20"), (1.23456789e20, "1.23457e+20"), (9.99999e14, "999999000000000"),
        (Double.leastNonzeroMagnitude, "5e-324"), (1e-300, "1e-300"),
    ])
    func extremesFormatWithoutTrapping(value: Double, text: String) {
        #expect(Format.number(value) == text)
    }

    @Test(arguments: [
        (0.00290025, "2.9 ms"), (0.00143, "1.43 ms"), (56.016, "56.02 s"), (0.000769095, "769.1 µs"),
        (2.5e-8, "25 ns"), (0, "0 s"), (180, "180 s"), (1e20, "1e+20 s"), (Double.nan, "n/a"),
    ])
    func secondsInTheirUnit(seconds: Double, text: String) {
        #expect(Format.seconds(seconds) == text)
    }

    @Test func ratesAndPercentagesToFourDigits() {
        #expect(Format.rate(344.82758) == "344.8 req/s")
        #expect(Format.rate(1_234_567) == "1235000 req/s")
        #expect(Format.percent(0.493124) == "49.31%")
        #expect(Format.percent(1) == "100%")
        #expect(Format.short(16.1772) == "16.18")
        #expect(Format.percent(.infinity) == "n/a")
    }
}
