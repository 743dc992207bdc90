/// The page of a workload model (`STEM.model.html`): behaviour classes, the request mix, the think-time histogram
/// against its fitted distribution, and session arrivals against the generated load. Takes plain values, so
/// Reports needs nothing of the model's own types.
public enum ModelHTML {
    /// What the page shows.
    public struct Input: Sendable {
        /// One behaviour class.
        public struct BehaviourClass: Sendable {
            public var name: String
            public var sessions: Int
            public var share: Double
            /// Its most visited endpoints, already written out.
            public var top: String
            public init(name: String, sessions: Int, share: Double, top: String) {
                (self.name, self.sessions, self.share, self.top) = (name, sessions, share, top)
            }
        }

        public var title: String
        /// Lines under the title (counts, key, fit).
        public var facts: [String]
        public var classes: [BehaviourClass]
        /// Endpoint → share of requests (0…1), most requested first.
        public var mix: [(endpoint: String, share: Double)]
        /// Pauses per bin: the bin's middle (ms) and how many pauses fell in it.
        public var thinkObserved: [(x: Double, y: Double)]
        /// The fitted distribution's expected count per bin, and its name.
        public var thinkFitted: [(x: Double, y: Double)]
        public var fitName: String
        /// Sessions started per second, observed, at the middle of each bucket (seconds from the first start).
        public var arrivalsObserved: [(x: Double, y: Double)]
        /// The generated open-model rate profile (seconds, sessions per second).
        public var arrivalsGenerated: [(x: Double, y: Double)]

        public init(title: String, facts: [String], classes: [BehaviourClass], mix: [(endpoint: String, share: Double)],
                    thinkObserved: [(x: Double, y: Double)], thinkFitted: [(x: Double, y: Double)], fitName: String,
                    arrivalsObserved: [(x: Double, y: Double)], arrivalsGenerated: [(x: Double, y: Double)]) {
            (self.title, self.facts, self.classes, self.mix) = (title, facts, classes, mix)
            (self.thinkObserved, self.thinkFitted, self.fitName) = (thinkObserved, thinkFitted, fitName)
            (self.arrivalsObserved, self.arrivalsGenerated) = (arrivalsObserved, arrivalsGenerated)
        }
    }

    /// The whole HTML document.
    public static func render(_ input: Input) -> String {
        var body = "<h1>\(Markup.escape(input.title))</h1>\n"
        body += "<p class=\"sub\">" + input.facts.map(Markup.escape).joined(separator: "<br>") + "</p>\n"
        body += "<h2>Behaviour classes</h2>\n"
        var table = HTMLTable(headers: ["class", "sessions", "share", "most visited (visits per session)"], numericFrom: 1)
        table.numericColumns = [1, 2]
        for c in input.classes {
            table.add([.text(c.name), .number(String(c.sessions)), .number(NumberText.fixed(c.share * 100, 1) + " %"), .text(c.top)])
        }
        body += table.html()
        body += StackedBarChart(id: "classes", title: "Sessions per behaviour class", xTitle: "sessions",
                                parts: [("sessions", ChartPalette.color(0))],
                                rows: input.classes.map { .init(label: $0.name, values: [Double($0.sessions)]) }).html()
        body += "<h2>Request mix</h2>\n"
        body += StackedBarChart(id: "mix", title: "Share of requests per endpoint", xTitle: "% of requests",
                                parts: [("share", ChartPalette.color(2))],
                                rows: input.mix.map { .init(label: $0.endpoint, values: [$0.share * 100]) }).html()
        body += "<h2>Think time</h2>\n"
        body += LineChart(id: "think", title: "Pauses between requests: observed vs \(input.fitName) fit", xTitle: "pause (ms)",
                          yTitle: "pauses per bin", series: [
                              .init(name: "observed", color: ChartPalette.color(0), points: input.thinkObserved),
                              .init(name: "\(input.fitName) fit", color: ChartPalette.color(1), dashed: true, points: input.thinkFitted),
                          ], xUnit: "ms").html()
        body += "<h2>Arrivals</h2>\n"
        body += LineChart(id: "arrivals", title: "Sessions started per second", xTitle: "time from the first session (s)",
                          yTitle: "sessions per second", series: [
                              .init(name: "log", color: ChartPalette.color(0), points: input.arrivalsObserved),
                              .init(name: "generated load (open-model stages)", color: ChartPalette.color(1), dashed: true,
                                    points: input.arrivalsGenerated),
                          ], xUnit: "s").html()
        return HTMLStyle.page(title: input.title, body: body)
    }
}
