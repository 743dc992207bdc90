import Foundation
import Hummingbird
import NIOCore

/// JSON in and out: request bodies decoded with errors that name the field, responses with ISO-8601 dates.
enum JSONBody {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes, .sortedKeys]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(ISO8601.string(from: date))
        }
        return encoder
    }()

    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            guard let date = ISO8601.date(from: text) else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "not an ISO-8601 timestamp")
            }
            return date
        }
        return decoder
    }()

    /// A JSON response holding `value`.
    static func response<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok) throws -> Response {
        let buffer = ByteBuffer(bytes: try encoder.encode(value))
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        headers[.contentLength] = String(buffer.readableBytes)
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: buffer))
    }

    /// Reads at most `maxBytes` of body and decodes it, mapping every failure to a ``CRMError``.
    static func decode<T: Decodable>(_ type: T.Type, from request: Request, maxBytes: Int) async throws -> T {
        if let length = request.headers[.contentLength].flatMap(Int.init), length > maxBytes {
            throw CRMError.bodyTooLarge(limitBytes: maxBytes)
        }
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: maxBytes)
        } catch is NIOTooManyBytesError {
            throw CRMError.bodyTooLarge(limitBytes: maxBytes)
        }
        do {
            return try decoder.decode(T.self, from: Data(buffer.readableBytesView))
        } catch let error as DecodingError {
            throw fieldError(error)
        }
    }

    /// The ``CRMError/invalidField(field:reason:)`` for a decoding failure; `body` when no field is at fault.
    static func fieldError(_ error: DecodingError) -> CRMError {
        func path(_ keys: [CodingKey]) -> String {
            keys.isEmpty ? "body" : keys.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context):
            return .invalidField(field: path(context.codingPath + [key]), reason: "is required")
        case .valueNotFound(let type, let context):
            return .invalidField(field: path(context.codingPath), reason: "must be \(typeName(type)), not null")
        case .typeMismatch(let type, let context):
            if context.codingPath.isEmpty { return .invalidField(field: "body", reason: "must be a JSON object") }
            return .invalidField(field: path(context.codingPath), reason: "must be \(typeName(type))")
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty { return .invalidField(field: "body", reason: "malformed JSON") }
            return .invalidField(field: path(context.codingPath), reason: context.debugDescription)
        @unknown default:
            return .invalidField(field: "body", reason: "malformed JSON")
        }
    }

    private static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: return "a string"
        case is Int.Type: return "an integer"
        case is Double.Type: return "a number"
        case is Date.Type: return "an ISO-8601 timestamp"
        default: return "a JSON object"
        }
    }
}
