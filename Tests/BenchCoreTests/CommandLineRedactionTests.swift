import BenchCore
import Testing

@Suite("Command-line and URL redaction")
struct CommandLineRedactionTests {
    static let mask = SecretRedactor.mask

    /// (what it checks, arguments, expected redacted arguments)
    static let headerForms: [(String, [String], [String])] = [
        ("-H then the header", ["-H", "Authorization: Bearer zzTOKqq"], ["-H", "Authorization: \(mask)"]),
        ("-H attached", ["-HAuthorization: Bearer zzTOKqq"], ["-HAuthorization: \(mask)"]),
        ("-H= attached", ["-H=Authorization: Bearer zzTOKqq"], ["-H=Authorization: \(mask)"]),
        ("--header then the header", ["--header", "authorization:Bearer zzTOKqq"], ["--header", "authorization: \(mask)"]),
        ("--header=", ["--header=Authorization: Bearer zzTOKqq"], ["--header=Authorization: \(mask)"]),
        ("Proxy-Authorization", ["-H", "Proxy-Authorization: Basic zzTOKqq"], ["-H", "Proxy-Authorization: \(mask)"]),
        ("Cookie, any case", ["-H", "COOKIE: s=zzTOKqq"], ["-H", "COOKIE: \(mask)"]),
        ("X-Api-Key", ["--header=x-api-key: zzTOKqq"], ["--header=x-api-key: \(mask)"]),
        ("a plain header is kept", ["-H", "Accept: application/json"], ["-H", "Accept: application/json"]),
        ("-H as a header value is not an option", ["-H", "-H"], ["-H", "-H"]),
    ]

    @Test(arguments: headerForms)
    func credentialHeadersAreMaskedInEveryForm(_ what: String, _ arguments: [String], _ expected: [String]) {
        let redacted = CommandLineRedaction.redact(["crmbench", "run", "--url", "http://h/x"] + arguments)
        #expect(Array(redacted.dropFirst(4)) == expected, "\(what)")
    }

    /// (what it checks, arguments) — each names X-Tenant-Secret with `--secret-header`, before or after the header.
    static let secretHeaderForms: [(String, [String])] = [
        ("-H, name after", ["-H", "X-Tenant-Secret: zzVALqq", "--secret-header", "X-Tenant-Secret"]),
        ("-H, name before, other case", ["--secret-header", "x-tenant-secret", "-H", "X-Tenant-Secret: zzVALqq"]),
        ("--secret-header=", ["--secret-header=X-TENANT-SECRET", "-H", "X-Tenant-Secret: zzVALqq"]),
        ("attached -H", ["-HX-Tenant-Secret: zzVALqq", "--secret-header", "X-Tenant-Secret"]),
        ("--header then the header", ["--header", "X-Tenant-Secret:zzVALqq", "--secret-header", "X-Tenant-Secret"]),
        ("--header=", ["--header=X-Tenant-Secret: zzVALqq", "--secret-header", "X-Tenant-Secret"]),
    ]

    @Test(arguments: secretHeaderForms)
    func headersNamedBySecretHeaderAreMasked(_ what: String, _ arguments: [String]) {
        let redacted = CommandLineRedaction.redact(["crmbench", "run", "--url", "http://h/x"] + arguments)
        #expect(!redacted.joined(separator: " ").contains("zzVALqq"), "\(what): \(redacted)")
        #expect(redacted.contains { $0.hasSuffix("X-Tenant-Secret: \(Self.mask)") }, "\(what): \(redacted)")
    }

    @Test func aSecretHeaderValueIsMaskedWhereverElseItAppears() {
        let redacted = CommandLineRedaction.redact(["run", "--url", "http://h/x?key=zzTOKqq", "-H", "X-Api-Key: zzTOKqq"])
        #expect(redacted == ["run", "--url", "http://h/x?key=\(Self.mask)", "-H", "X-Api-Key: \(Self.mask)"])
    }

    @Test func givenSecretValuesAreMaskedInEveryArgument() {
        let redacted = CommandLineRedaction.redact(["run", "s.yaml", "--target", "http://h/?t=envSECRET", "-H", "X-Echo: envSECRET"],
                                                   secretValues: ["envSECRET"])
        #expect(redacted == ["run", "s.yaml", "--target", "http://h/?t=\(Self.mask)", "-H", "X-Echo: \(Self.mask)"])
    }

    @Test func urlPasswordsAreMaskedInEveryArgument() {
        let redacted = CommandLineRedaction.redact([
            "run", "--url", "http://u:pAssW0rdZZ@127.0.0.1:8080/x", "--proxy", "http://proxyuser:pr0xyPW@proxy:3128",
            "--metrics-url=https://m:mPW@h/metrics", "--body", "{\"a\":1}", "--cert", "/tmp/c.pem",
        ])
        #expect(redacted == [
            "run", "--url", "http://u:\(Self.mask)@127.0.0.1:8080/x", "--proxy", "http://proxyuser:\(Self.mask)@proxy:3128",
            "--metrics-url=https://m:\(Self.mask)@h/metrics", "--body", "{\"a\":1}", "--cert", "/tmp/c.pem",
        ])
    }

    /// (what it checks, text, expected)
    static let urls: [(String, String, String)] = [
        ("user and password", "http://u:pw@h:1/p?q#f", "http://u:\(mask)@h:1/p?q#f"),
        ("user only is kept", "http://u@h/p", "http://u@h/p"),
        ("empty password is kept", "http://u:@h/p", "http://u:@h/p"),
        ("no userinfo", "https://h:8443/a:b@c", "https://h:8443/a:b@c"),
        ("@ inside the password", "http://u:p@ss@h/", "http://u:\(mask)@h/"),
        ("no path", "socks5://u:pw@proxy", "socks5://u:\(mask)@proxy"),
        ("inside a message, twice", "setup failed: GET http://a:x1@h/y: refused; http://b:x2@k",
         "setup failed: GET http://a:\(mask)@h/y: refused; http://b:\(mask)@k"),
        ("quoted", "target 'ftp://u:pw@h' is wrong", "target 'ftp://u:\(mask)@h' is wrong"),
        ("no URL", "nothing :// here", "nothing :// here"),
    ]

    @Test(arguments: urls)
    func urlPasswords(_ what: String, _ text: String, _ expected: String) {
        #expect(URLRedaction.redact(text) == expected, "\(what)")
        #expect(SecretRedactor(secretValues: []).redact(text) == expected, "\(what)")
    }
}
