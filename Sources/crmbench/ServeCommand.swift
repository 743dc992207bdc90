import ArgumentParser
import Foundation
import ReferenceCRM

/// `crmbench serve`: runs the reference CRM until SIGINT or SIGTERM.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the reference CRM API server.",
        discussion: """
            Prints one line to stdout once bound, `listening on http://HOST:PORT` (https with --tls-cert). \
            Every /api/v1 request needs `Authorization: Bearer TOKEN`; the token comes from --token, else CRM_TOKEN, \
            else is generated and printed to stderr as `token: TOKEN`. /healthz and /metrics need no token.

            With --tls-cert and --tls-key the server speaks HTTPS; with --tls-client-ca too, every client must present \
            a certificate signed by that CA. --http2 offers HTTP/2 next to HTTP/1.1 by ALPN over TLS; without TLS it \
            serves HTTP/2 only, to clients with prior knowledge (h2c, e.g. `crmbench run --http2 --url http://...`).

            Durations take us, ms or s (e.g. 500us, 20ms, 1.5s). Bad knob values exit with code 64.
            """
    )

    @Option(help: "Interface to bind.") var host = "127.0.0.1"
    @Option(parsing: .unconditional, help: "TCP port; 0 picks a free one.") var port = 0
    @Option(help: "SQLite database file (WAL); default is a temporary file deleted on exit.") var db: String?
    @Flag(help: "Keep the database in memory on one connection.") var inMemory = false
    @Option(parsing: .unconditional, help: "Seed this many customers (with their records) into an empty database.") var seedCustomers = 0
    @Option(help: "Leave seeded customers' fields blank: FIELD=FRACTION,… (name, phone, company, segment), e.g. phone=0.25.")
    var blankFields: String?
    @Option(parsing: .unconditional, help: "Seed of the --blank-fields choice.") var blankSeed: UInt64 = 1
    @Option(help: "Bearer token clients must send.") var token: String?
    @Option(parsing: .unconditional, help: "Workers: event-loop threads, and requests doing their --cpu-work at once (default: one thread per core, no limit).") var workers: Int?
    @Option(name: .customLong("db-pool"), parsing: .unconditional, help: "Maximum concurrent SQLite readers.") var dbPool = 5
    @Option(help: "In-process cache of customer reads and summaries: on or off.") var cache = "off"
    @Flag(help: "Create no secondary indexes (an untuned database).") var noIndex = false
    @Option(parsing: .unconditional, help: "Delay added to every /api/v1 request: 20ms, or a range 10ms..30ms.") var latency: String?
    @Option(parsing: .unconditional, help: "Busy CPU time spent by every /api/v1 request, e.g. 2ms.") var cpuWork: String?
    @Option(parsing: .unconditional, help: "Fraction of /api/v1 requests answered with 503, 0 to 1.") var failRate = 0.0
    @Option(parsing: .unconditional, help: "Fraction of creates answered 201 but not kept, 0 to 1.") var loseWrites = 0.0
    @Option(parsing: .unconditional, help: "Fraction of creates stored twice, 0 to 1.") var duplicateWrites = 0.0
    @Option(parsing: .unconditional, help: "Fraction of creates stored with one field altered, 0 to 1.") var corruptWrites = 0.0
    @Option(parsing: .unconditional, help: "Seed of the write-fault draws.") var faultSeed: UInt64 = 1
    @Option(parsing: .unconditional, help: "Stop answering for DURATION every PERIOD, e.g. 1s@5s.") var stall: String?
    @Option(help: "Server certificate chain (PEM); serve HTTPS.") var tlsCert: String?
    @Option(help: "Private key of --tls-cert (PEM, unencrypted).") var tlsKey: String?
    @Option(help: "Require client certificates signed by this CA (PEM).") var tlsClientCa: String?
    @Flag(help: "Serve HTTP/2 (ALPN with TLS; prior knowledge only without).") var http2 = false
    @Option(parsing: .unconditional, help: "Close a connection idle this long (e.g. 60s, or off).") var idleTimeout: String?
    @Option(parsing: .unconditional, help: "Time a client has to send a request head (e.g. 10s, or off).") var headerTimeout: String?
    @Option(help: "Append an access log to FILE: combined format, then the duration in µs and the X-Session-Id header.") var accessLog: String?

    /// The flags as library arguments; the token falls back to `CRM_TOKEN`.
    var arguments: ServeArguments {
        var a = ServeArguments()
        (a.host, a.port, a.databasePath, a.inMemory, a.seedCustomers) = (host, port, db, inMemory, seedCustomers)
        (a.blankFields, a.blankSeed) = (blankFields, blankSeed)
        a.token = token ?? ProcessInfo.processInfo.environment["CRM_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
        (a.workers, a.databasePool, a.cache, a.noIndex) = (workers, dbPool, cache, noIndex)
        (a.latency, a.cpuWork, a.failRate, a.stall) = (latency, cpuWork, failRate, stall)
        (a.loseWrites, a.duplicateWrites, a.corruptWrites, a.faultSeed) = (loseWrites, duplicateWrites, corruptWrites, faultSeed)
        (a.tlsCert, a.tlsKey, a.tlsClientCA, a.http2) = (tlsCert, tlsKey, tlsClientCa, http2)
        (a.idleTimeout, a.headerTimeout, a.accessLog) = (idleTimeout, headerTimeout, accessLog)
        return a
    }

    func validate() throws {
        do {
            _ = try arguments.configuration()
        } catch let error as ConfigurationError {
            throw ValidationError(error.description)
        }
    }

    func run() async throws {
        let arguments = self.arguments
        let configuration = try arguments.configuration()
        if arguments.token == nil {
            FileHandle.standardError.write(Data("token: \(configuration.token)\n".utf8))
        }
        do {
            let app = try buildApplication(configuration: configuration) { address in
                FileHandle.standardOutput.write(Data("listening on \(address)\n".utf8))
            }
            try await runApplication(app, configuration: configuration)
        } catch let failure as ServerStartupError {
            FileHandle.standardError.write(Data("crmbench serve: \(failure)\n".utf8))
            switch failure {
            case .database, .accessLog: throw ExitCodes.cannotCreateOutput
            case .listen: throw ExitCodes.unavailable
            }
        }
    }
}
