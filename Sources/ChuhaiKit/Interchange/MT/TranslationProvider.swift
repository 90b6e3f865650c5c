import Crypto
import Foundation

/// A glossary entry handed to a machine translation provider.
public struct MTTerm: Sendable, Hashable, Codable, Comparable {
    public var source: String
    public var target: String
    public init(source: String, target: String) {
        self.source = source
        self.target = target
    }
    public static func < (a: MTTerm, b: MTTerm) -> Bool { (a.source, a.target) < (b.source, b.target) }
}

/// A machine translation backend: one HTTP API (or none, for `pseudo`).
///
/// Adapters translate a batch in one request and return one translation per text, in
/// order; batching, concurrency, retries and caching are `MTService`'s job so every
/// adapter gets them the same way.
public protocol TranslationProvider: Sendable {
    /// `openai`, `deepl`, `libretranslate`, `pseudo`: part of the cache key.
    var id: String { get }
    /// Model or API flavour; part of the cache key (a new model re-translates).
    var model: String { get }
    /// Most texts per request the API accepts.
    var maxBatch: Int { get }
    /// - Parameter glossary: the terms occurring in this batch's texts.
    func translate(_ texts: [String], from source: String, to target: String, glossary: [MTTerm]) async throws -> [String]
}

/// A provider failure. Messages never contain API keys (they are redacted by `HTTPClient`).
public struct MTError: Error, Sendable, CustomStringConvertible, Equatable {
    public var provider: String
    public var message: String
    /// HTTP status, when the API answered.
    public var status: Int?
    /// Worth retrying (429, 5xx, timeouts, dropped connections).
    public var retryable: Bool
    /// Seconds the API asked to wait (`Retry-After`).
    public var retryAfter: Double?

    public init(provider: String, message: String, status: Int? = nil, retryable: Bool = false, retryAfter: Double? = nil) {
        self.provider = provider
        self.message = message
        self.status = status
        self.retryable = retryable
        self.retryAfter = retryAfter
    }

    public var description: String { "\(provider): " + (status.map { "HTTP \($0): " } ?? "") + message }
}

/// One source segment to translate, with the glossary terms found in it.
public struct MTSegment: Sendable, Hashable {
    public var text: String
    public var terms: [MTTerm]
    public init(_ text: String, terms: [MTTerm] = []) {
        self.text = text
        self.terms = terms
    }
}

/// A translated segment.
public struct MTResult: Sendable, Hashable {
    public var source: String
    public var target: String
    /// Served from the cache (no request was made).
    public var cached: Bool
    /// Glossary terms whose source is in the segment but whose target is not in the translation.
    public var missingTerms: [MTTerm]

    /// As an XLIFF prefill: machine output waits for review.
    public var segmentTarget: SegmentTarget { SegmentTarget(InlineText(target), state: .initial, origin: .machine) }
}

/// Runs a provider over many segments: cache first, then batches under a concurrency
/// limit, each batch retried with exponential backoff on 429/5xx and timeouts, results
/// stored in the cache and checked against the glossary.
public struct MTService: Sendable {
    public struct Settings: Sendable, Hashable {
        /// Texts per request (capped by the provider's `maxBatch`).
        public var batchSize = 20
        /// Requests in flight at once.
        public var concurrency = 4
        /// Attempts per batch, the first included.
        public var attempts = 4
        /// First backoff delay; doubles each retry (plus `Retry-After` when the API sends one).
        public var initialBackoff: Double = 0.5
        public var maxBackoff: Double = 30
        public init(batchSize: Int = 20, concurrency: Int = 4, attempts: Int = 4, initialBackoff: Double = 0.5, maxBackoff: Double = 30) {
            self.batchSize = batchSize
            self.concurrency = concurrency
            self.attempts = attempts
            self.initialBackoff = initialBackoff
            self.maxBackoff = maxBackoff
        }
    }

    public let provider: any TranslationProvider
    public let cache: MTCache?
    public let settings: Settings

    public init(provider: any TranslationProvider, cache: MTCache? = nil, settings: Settings = Settings()) {
        self.provider = provider
        self.cache = cache
        self.settings = settings
    }

    /// Translates `segments` (results in the same order).
    ///
    /// - Throws: `MTError` when a batch still fails after its retries.
    public func translate(_ segments: [MTSegment], from source: String, to target: String) async throws -> [MTResult] {
        var results = [MTResult?](repeating: nil, count: segments.count)
        var pending: [Int] = []
        var keys: [String] = []
        for (i, s) in segments.enumerated() {
            let key = MTCache.key(provider: provider.id, model: provider.model, from: source, to: target, text: s.text, glossary: s.terms)
            keys.append(key)
            if let hit = cache?.get(key) {
                results[i] = MTResult(source: s.text, target: hit, cached: true, missingTerms: Self.missingTerms(s, hit))
            } else {
                pending.append(i)
            }
        }
        let size = max(1, min(settings.batchSize, provider.maxBatch))
        let batches = stride(from: 0, to: pending.count, by: size).map { Array(pending[$0..<min($0 + size, pending.count)]) }
        let provider = self.provider
        let settings = self.settings
        try await withThrowingTaskGroup(of: (batch: [Int], texts: [String]).self) { group in
            var next = 0
            func launch() {
                let batch = batches[next]
                next += 1
                let texts = batch.map { segments[$0].text }
                let glossary = Array(Set(batch.flatMap { segments[$0].terms })).sorted()
                group.addTask {
                    (batch, try await Self.withRetries(settings, provider: provider.id) {
                        let out = try await provider.translate(texts, from: source, to: target, glossary: glossary)
                        guard out.count == texts.count else {
                            throw MTError(provider: provider.id, message: "sent \(texts.count) texts, got \(out.count) translations back", retryable: true)
                        }
                        return out
                    })
                }
            }
            while next < batches.count && next < max(1, settings.concurrency) { launch() }
            while let (batch, texts) = try await group.next() {
                for (i, t) in zip(batch, texts) {
                    cache?.put(keys[i], t)
                    results[i] = MTResult(source: segments[i].text, target: t, cached: false, missingTerms: Self.missingTerms(segments[i], t))
                }
                if next < batches.count { launch() }
            }
        }
        try cache?.flush()
        return results.map { $0! }
    }

    static func withRetries<T: Sendable>(_ s: Settings, provider: String, _ body: @Sendable () async throws -> T) async throws -> T {
        var delay = s.initialBackoff
        var attempt = 1
        while true {
            do {
                return try await body()
            } catch let e as MTError where e.retryable && attempt < s.attempts {
                let wait = min(s.maxBackoff, max(delay, e.retryAfter ?? 0))
                try await Task.sleep(nanoseconds: UInt64(wait * 1_000_000_000))
                delay *= 2
                attempt += 1
            }
        }
    }

    /// Terms of the segment whose source occurs in it and whose target (case-insensitively) does not occur in the translation.
    static func missingTerms(_ s: MTSegment, _ translation: String) -> [MTTerm] {
        let folded = translation.lowercased()
        return s.terms.filter { s.text.contains($0.source) && !folded.contains($0.target.lowercased()) }.sorted()
    }
}

/// Machine translations already paid for, keyed by (provider, model, languages, source hash,
/// glossary hash) so a rerun with the same inputs makes no request.
///
/// Stored as one JSON-lines file per provider in `directory` (append-only; last entry wins),
/// loaded at start. Thread-safe.
public final class MTCache: @unchecked Sendable {
    private var entries: [String: String] = [:]
    private var fresh: [(String, String)] = []
    private let lock = NSLock()
    public let file: URL?

    /// An in-memory cache (tests, one-off runs).
    public init() { file = nil }

    /// A cache persisted in `file` (created on first flush).
    ///
    /// - Throws: `ChuhaiError` when the file exists but a line is not a cache entry.
    public init(file: URL) throws {
        self.file = file
        guard let data = FileManager.default.contents(atPath: file.path) else { return }
        for (n, line) in data.split(separator: 0x0A).enumerated() {
            guard let e = try? JSONDecoder().decode(Entry.self, from: Data(line)) else {
                throw ChuhaiError("not a cache entry", at: SourceLocation(file: file.path, line: n + 1),
                                  hint: "delete the cache file; it is rebuilt on the next run")
            }
            entries[e.key] = e.target
        }
    }

    struct Entry: Codable {
        var key: String
        var target: String
    }

    public var count: Int { lock.withLock { entries.count } }

    public func get(_ key: String) -> String? { lock.withLock { entries[key] } }

    public func put(_ key: String, _ target: String) {
        lock.withLock {
            entries[key] = target
            fresh.append((key, target))
        }
    }

    /// Appends new entries to the file.
    public func flush() throws {
        guard let file else { return }
        let lines: String = lock.withLock {
            defer { fresh.removeAll() }
            return fresh.map { JSON.encode(Entry(key: $0.0, target: $0.1), pretty: false) + "\n" }.joined()
        }
        guard !lines.isEmpty else { return }
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        if !FileManager.default.fileExists(atPath: file.path) { FileManager.default.createFile(atPath: file.path, contents: nil) }
        guard let h = FileHandle(forWritingAtPath: file.path) else {
            throw ChuhaiError("cannot write the MT cache", at: SourceLocation(file: file.path), hint: "check permissions")
        }
        defer { try? h.close() }
        h.seekToEndOfFile()
        h.write(Data(lines.utf8))
    }

    /// `provider/model/<sha256 of languages+source>/<sha256 of the sorted glossary>`.
    public static func key(provider: String, model: String, from: String, to: String, text: String, glossary: [MTTerm]) -> String {
        let src = SHA256.hash(data: Data("\(from)\u{0}\(to)\u{0}\(text)".utf8)).map { String(format: "%02x", $0) }.joined()
        let gl = glossary.sorted().map { "\($0.source)\u{1}\($0.target)" }.joined(separator: "\u{0}")
        let gh = SHA256.hash(data: Data(gl.utf8)).prefix(8).map { String(format: "%02x", $0) }.joined()
        return "\(provider)/\(model)/\(src)/\(gh)"
    }
}
