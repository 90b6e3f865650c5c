import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A real HTTP/1.1 server on 127.0.0.1 (an ephemeral port) inside the test process, so
/// the MT adapters are tested through URLSession and the network stack, not a mock.
/// One thread per connection, one request per connection (`Connection: close`).
final class LoopbackHTTPServer: @unchecked Sendable {
    struct Request: Sendable {
        var method: String
        var path: String
        var headers: [String: String]
        var body: Data
        var json: [String: Any] { ((try? JSONSerialization.jsonObject(with: body)) as? [String: Any]) ?? [:] }
    }

    struct Response: Sendable {
        var status: Int
        var headers: [String: String] = [:]
        var body: Data
        var delay: Double = 0

        static func json(_ object: Any, status: Int = 200, headers: [String: String] = [:]) -> Response {
            Response(status: status, headers: headers.merging(["Content-Type": "application/json"]) { a, _ in a },
                     body: try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]))
        }
    }

    private let fd: Int32
    let port: UInt16
    private let lock = NSLock()
    private var recorded: [Request] = []
    private var active = 0
    private(set) var maxConcurrent = 0
    private let handler: @Sendable (Request, Int) -> Response

    var baseURL: URL { URL(string: "http://127.0.0.1:\(port)")! }
    var requests: [Request] { lock.withLock { recorded } }

    /// - Parameter handler: gets the request and its 0-based sequence number.
    init(_ handler: @escaping @Sendable (Request, Int) -> Response) throws {
        self.handler = handler
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.fd = fd
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = 0
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        guard bound == 0, listen(fd, 64) == 0 else { throw POSIXError(.EADDRINUSE) }
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }
        port = UInt16(bigEndian: addr.sin_port)
        let t = Thread { [weak self] in self?.acceptLoop() }
        t.start()
    }

    private var stopped = false

    /// Closes the listening socket once. A second close would hit whatever socket reused the
    /// descriptor number meanwhile — another test's server, when tests run in parallel.
    func stop() {
        let first: Bool = lock.withLock {
            defer { stopped = true }
            return !stopped
        }
        guard first else { return }
        shutdown(fd, Int32(SHUT_RDWR))
        close(fd)
    }

    deinit { stop() }

    private func acceptLoop() {
        while true {
            let c = accept(fd, nil, nil)
            if c < 0 { return }
            let t = Thread { [self] in serve(c) }
            t.start()
        }
    }

    private func serve(_ c: Int32) {
        defer { close(c) }
        var buffer = Data()
        var chunk = [UInt8](repeating: 0, count: 65536)
        var headerEnd: Range<Data.Index>?
        while headerEnd == nil {
            let n = recv(c, &chunk, chunk.count, 0)
            if n <= 0 { return }
            buffer.append(contentsOf: chunk[0..<n])
            headerEnd = buffer.range(of: Data("\r\n\r\n".utf8))
        }
        let head = String(decoding: buffer[..<headerEnd!.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")
        let requestLine = head[0].split(separator: " ")
        var headers: [String: String] = [:]
        for line in head.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        let length = Int(headers["content-length"] ?? "0") ?? 0
        var body = Data(buffer[headerEnd!.upperBound...])
        while body.count < length {
            let n = recv(c, &chunk, chunk.count, 0)
            if n <= 0 { return }
            body.append(contentsOf: chunk[0..<n])
        }
        let request = Request(method: String(requestLine.first ?? ""), path: String(requestLine.count > 1 ? requestLine[1] : ""),
                              headers: headers, body: body)
        let seq: Int = lock.withLock {
            recorded.append(request)
            active += 1
            maxConcurrent = max(maxConcurrent, active)
            return recorded.count - 1
        }
        let response = handler(request, seq)
        if response.delay > 0 { Thread.sleep(forTimeInterval: response.delay) }
        lock.withLock { active -= 1 }
        var out = "HTTP/1.1 \(response.status) \(response.status == 200 ? "OK" : "Error")\r\n"
        for (k, v) in response.headers { out += "\(k): \(v)\r\n" }
        out += "Content-Length: \(response.body.count)\r\nConnection: close\r\n\r\n"
        let bytes = Data(out.utf8) + response.body
        bytes.withUnsafeBytes { p in
            var off = 0
            while off < p.count {
                let n = send(c, p.baseAddress! + off, p.count - off, Int32(MSG_NOSIGNAL))
                if n <= 0 { break }
                off += n
            }
        }
    }
}
