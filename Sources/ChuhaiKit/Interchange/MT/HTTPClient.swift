import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// JSON over HTTP for the MT adapters, on Foundation's URLSession.
///
/// Maps failures to `MTError`: 429 and 5xx and transport errors (timeouts, refused
/// connections) are retryable, other statuses are not. The API key is removed from every
/// message, so a provider echoing the request cannot leak it into logs.
public struct HTTPClient: Sendable {
    public var timeout: Double
    let session: URLSession

    /// - Parameter timeout: seconds per request; Foundation on Linux counts whole seconds, so at least 1.
    public init(timeout: Double = 60) {
        let timeout = max(1, timeout.rounded(.up))
        self.timeout = timeout
        let config = URLSessionConfiguration.ephemeral
        config.timeoutIntervalForRequest = timeout
        config.timeoutIntervalForResource = timeout
        config.urlCache = nil
        session = URLSession(configuration: config)
    }

    /// POSTs `body` (JSON or form) and returns the decoded JSON object.
    func post(_ url: URL, headers: [String: String], body: Data, contentType: String = "application/json",
              provider: String, secret: String?) async throws -> Any {
        var req = URLRequest(url: url, timeoutInterval: timeout)
        req.httpMethod = "POST"
        req.httpBody = body
        req.setValue(contentType, forHTTPHeaderField: "Content-Type")
        req.setValue("application/json", forHTTPHeaderField: "Accept")
        req.setValue("chuhai/\(ChuhaiKit.version)", forHTTPHeaderField: "User-Agent")
        for (k, v) in headers { req.setValue(v, forHTTPHeaderField: k) }
        func redact(_ s: String) -> String {
            guard let secret, !secret.isEmpty else { return s }
            return s.replacingOccurrences(of: secret, with: "***")
        }
        let data: Data
        let response: URLResponse
        do {
            (data, response) = try await session.data(for: req)
        } catch let e as URLError where e.code == .timedOut {
            throw MTError(provider: provider, message: "request to \(url.host ?? "?") timed out after \(Int(timeout))s", retryable: true)
        } catch {
            throw MTError(provider: provider, message: redact("request to \(url.host ?? "?") failed: \(error.localizedDescription)"), retryable: true)
        }
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        guard (200..<300).contains(status) else {
            let retryAfter = (response as? HTTPURLResponse)?.value(forHTTPHeaderField: "Retry-After").flatMap(Double.init)
            let text = String(decoding: data.prefix(300), as: UTF8.self)
            throw MTError(provider: provider, message: redact(Self.errorMessage(text)), status: status,
                          retryable: status == 429 || status >= 500, retryAfter: retryAfter)
        }
        do {
            return try JSONSerialization.jsonObject(with: data)
        } catch {
            throw MTError(provider: provider, message: redact("response is not JSON: \(String(decoding: data.prefix(120), as: UTF8.self))"),
                          status: status)
        }
    }

    /// The API's own error text when it sends `{"error": …}` or `{"message": …}`.
    static func errorMessage(_ body: String) -> String {
        if let obj = try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any] {
            if let e = obj["error"] as? [String: Any], let m = e["message"] as? String { return m }
            if let m = obj["error"] as? String { return m }
            if let m = obj["message"] as? String { return m }
        }
        return body.isEmpty ? "no body" : body
    }
}

/// Where an adapter finds its key: an environment variable, read when the adapter is made.
public enum APIKey {
    /// The value of `variable`, or a `ChuhaiError` naming the variable to set.
    public static func from(environment variable: String, provider: String,
                            environment: [String: String] = ProcessInfo.processInfo.environment) throws -> String {
        guard let v = environment[variable], !v.isEmpty else {
            throw ChuhaiError("\(provider) needs an API key in the environment variable \(variable)",
                              hint: "export \(variable)=… (keys are never written to files or logs)")
        }
        return v
    }
}
