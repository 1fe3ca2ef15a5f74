import Foundation
import Hummingbird
import NIOCore
import Reports

/// A submitted form: text fields and uploaded files (kept in memory, never written to disk
/// under a user-given name).
struct Form: Sendable {
    var fields: [String: String] = [:]
    var files: [String: (filename: String, data: Data)] = [:]
    subscript(_ k: String) -> String? { fields[k] }
}

enum Limits {
    /// Largest request body: a scenario or roster upload.
    static let upload = 8 * 1_048_576
    /// Largest ordinary form.
    static let form = 2 * 1_048_576
}

extension Request {
    /// Reads a URL-encoded or multipart form, at most `limit` bytes.
    /// - Throws: `HTTPError(.contentTooLarge)` past the limit, `.badRequest` when malformed.
    func form(limit: Int = Limits.form) async throws -> Form {
        var request = self
        let buffer: ByteBuffer
        do { buffer = try await request.collectBody(upTo: limit) } catch {
            throw HTTPError(.contentTooLarge, message: "the upload is larger than \(limit / 1_048_576) MB")
        }
        let data = Data(buffer.readableBytesView)
        let type = headers[.contentType] ?? ""
        if type.lowercased().hasPrefix("multipart/form-data") {
            guard let b = type.components(separatedBy: "boundary=").last?.trimmingCharacters(in: CharacterSet(charactersIn: "\" ")),
                  !b.isEmpty, b.count <= 200 else { throw HTTPError(.badRequest, message: "multipart form without a boundary") }
            return try Multipart.parse(data, boundary: b)
        }
        var f = Form()
        for pair in String(decoding: data, as: UTF8.self).split(separator: "&") {
            let kv = pair.split(separator: "=", maxSplits: 1).map {
                String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? ""
            }
            if let k = kv.first { f.fields[k] = kv.count > 1 ? kv[1] : "" }
        }
        return f
    }
}

/// multipart/form-data (RFC 7578), the encoding of a browser's file upload.
enum Multipart {
    static func parse(_ data: Data, boundary: String) throws -> Form {
        var form = Form()
        let delimiter = Data(("--" + boundary).utf8)
        let headerEnd = Data("\r\n\r\n".utf8)
        var parts: [Data] = []
        var cursor = data.startIndex
        guard let first = data.range(of: delimiter, in: cursor..<data.endIndex) else {
            throw HTTPError(.badRequest, message: "malformed multipart form")
        }
        cursor = first.upperBound
        while let next = data.range(of: delimiter, in: cursor..<data.endIndex) {
            parts.append(data[cursor..<next.lowerBound])
            cursor = next.upperBound
        }
        for var part in parts {
            if part.starts(with: Data("\r\n".utf8)) { part = part.dropFirst(2) }
            if part.suffix(2) == Data("\r\n".utf8) { part = part.dropLast(2) }
            guard let split = part.range(of: headerEnd) else { continue }
            let head = String(decoding: part[part.startIndex..<split.lowerBound], as: UTF8.self)
            let body = Data(part[split.upperBound..<part.endIndex])
            guard let disposition = head.split(separator: "\r\n").first(where: { $0.lowercased().hasPrefix("content-disposition") }) else { continue }
            func attribute(_ n: String) -> String? {
                guard let r = disposition.range(of: "\(n)=\"") else { return nil }
                let rest = disposition[r.upperBound...]
                return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
            }
            guard let name = attribute(" name") ?? attribute(";name") else { continue }
            if let filename = attribute("filename") {
                form.files[name] = (filename, body)
            } else {
                form.fields[name] = String(decoding: body, as: UTF8.self)
            }
        }
        return form
    }
}

/// The security headers of every page the app itself renders.
enum Headers {
    static func page(nonce: String) -> HTTPFields {
        [.contentType: "text/html; charset=utf-8",
         .contentSecurityPolicy: "default-src 'self'; script-src 'nonce-\(nonce)'; style-src 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
         .xContentTypeOptions: "nosniff", .referrerPolicy: "no-referrer", .cacheControl: "no-store"]
    }

    /// Files a run wrote (the CLI's report pages among them): sandboxed, no script, no requests out.
    static let runFile: HTTPFields = [
        .contentSecurityPolicy: "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:",
        .xContentTypeOptions: "nosniff", .referrerPolicy: "no-referrer", .cacheControl: "private, no-cache"]

    static func redirect(_ to: String) -> Response {
        Response(status: .seeOther, headers: [.location: to])
    }
}

/// A header's name (HTTPTypes' `HTTPField.Name`, as Hummingbird exports it).
typealias FieldName = HTTPFields.Element.Name

extension HTTPFields.Element.Name {
    static let xContentTypeOptions = Self("X-Content-Type-Options")!
    static let referrerPolicy = Self("Referrer-Policy")!
    static let csrfToken = Self("X-CSRF-Token")!
}

/// Dates and numbers as pages show them.
enum Format {
    static func date(_ d: Date?, _ lang: Language) -> String {
        guard let d else { return "" }
        let f = DateFormatter()
        f.locale = Locale(identifier: lang == .vi ? "vi_VN" : "en_GB")
        f.timeZone = TimeZone(identifier: "Asia/Ho_Chi_Minh")
        f.dateFormat = "dd/MM/yyyy HH:mm"
        return f.string(from: d)
    }

    static func bytes(_ n: Int, _ lang: Language) -> String {
        n < 1024 ? "\(n) B" : n < 1_048_576 ? lang.number(Double(n) / 1024, decimals: 1) + " KB"
            : lang.number(Double(n) / 1_048_576, decimals: 1) + " MB"
    }
}
