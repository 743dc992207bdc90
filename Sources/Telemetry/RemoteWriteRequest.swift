/// A Prometheus remote-write 1.0 `WriteRequest` (prometheus.io/docs/specs/remote_write_spec, prompb/types.proto),
/// encoded by hand: four messages of two or three fields each do not need a protobuf runtime.
///
///     message WriteRequest { repeated TimeSeries timeseries = 1; }
///     message TimeSeries   { repeated Label labels = 1; repeated Sample samples = 2; }
///     message Label        { string name = 1; string value = 2; }
///     message Sample       { double value = 1; int64 timestamp = 2; }   // milliseconds since 1970
public struct RemoteWriteRequest: Sendable, Equatable {
    /// One series: its labels (with `__name__`) and its samples, oldest first.
    public struct Series: Sendable, Equatable {
        public var labels: [String: String]
        public var samples: [(value: Double, timestampMillis: Int64)]

        public init(labels: [String: String], samples: [(value: Double, timestampMillis: Int64)]) {
            self.labels = labels
            self.samples = samples
        }

        public static func == (a: Series, b: Series) -> Bool {
            a.labels == b.labels && a.samples.map(\.value) == b.samples.map(\.value)
                && a.samples.map(\.timestampMillis) == b.samples.map(\.timestampMillis)
        }
    }

    public var series: [Series]

    public init(series: [Series]) { self.series = series }

    /// The protobuf bytes. Labels are written sorted by name, as the specification requires.
    public func encoded() -> [UInt8] {
        var out: [UInt8] = []
        for s in series {
            var body: [UInt8] = []
            for name in s.labels.keys.sorted(by: { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }) {
                var label: [UInt8] = []
                Self.field(1, bytes: Array(name.utf8), into: &label)
                Self.field(2, bytes: Array((s.labels[name] ?? "").utf8), into: &label)
                Self.field(1, bytes: label, into: &body)
            }
            for sample in s.samples {
                var bytes: [UInt8] = [0x09]  // field 1, wire type 1 (64-bit)
                withUnsafeBytes(of: sample.value.bitPattern.littleEndian) { bytes += $0 }
                bytes.append(0x10)  // field 2, wire type 0 (varint)
                Snappy.appendVarint(UInt64(bitPattern: sample.timestampMillis), to: &bytes)
                Self.field(2, bytes: bytes, into: &body)
            }
            Self.field(1, bytes: body, into: &out)
        }
        return out
    }

    /// A length-delimited field (wire type 2).
    private static func field(_ number: UInt64, bytes: [UInt8], into out: inout [UInt8]) {
        Snappy.appendVarint(number << 3 | 2, to: &out)
        Snappy.appendVarint(UInt64(bytes.count), to: &out)
        out += bytes
    }
}
