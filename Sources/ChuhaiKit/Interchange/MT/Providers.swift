import Foundation

/// Any OpenAI-compatible chat-completions API (OpenAI, Azure-style gateways, vLLM, Ollama…).
///
/// A batch is one request: the system message states the languages and lists the
/// glossary terms of the batch as required translations; the user message is a JSON
/// object `{"segments": [...]}`, and the model must answer `{"translations": [...]}`
/// with one string per segment. `MTService` then checks each translation for the terms.
public struct OpenAICompatibleProvider: TranslationProvider {
    public let id = "openai"
    public let model: String
    public let maxBatch: Int
    public let baseURL: URL
    let key: String
    let http: HTTPClient

    /// - Parameter baseURL: up to the version, e.g. `https://api.openai.com/v1`.
    public init(baseURL: URL, model: String, apiKey: String, maxBatch: Int = 20, timeout: Double = 120) {
        self.baseURL = baseURL
        self.model = model
        self.key = apiKey
        self.maxBatch = maxBatch
        self.http = HTTPClient(timeout: timeout)
    }

    static func systemPrompt(from source: String, to target: String, glossary: [MTTerm]) -> String {
        var s = """
            You translate fiction from \(source) to \(target). Translate each string of the "segments" array \
            in the user's JSON faithfully and naturally, keeping names and tone. Answer with JSON only: \
            {"translations": [...]} with exactly one translated string per segment, in the same order.
            """
        if !glossary.isEmpty {
            s += "\nUse these glossary translations exactly:\n"
            for t in glossary { s += "- \(t.source) → \(t.target)\n" }
        }
        return s
    }

    public func translate(_ texts: [String], from source: String, to target: String, glossary: [MTTerm]) async throws -> [String] {
        let user = JSON.encode(["segments": texts], pretty: false)
        let body: [String: Any] = [
            "model": model,
            "temperature": 0,
            "response_format": ["type": "json_object"],
            "messages": [
                ["role": "system", "content": Self.systemPrompt(from: source, to: target, glossary: glossary)],
                ["role": "user", "content": user],
            ],
        ]
        let json = try await http.post(baseURL.appendingPathComponent("chat/completions"), headers: ["Authorization": "Bearer \(key)"],
                                       body: try JSONSerialization.data(withJSONObject: body, options: [.sortedKeys]), provider: id, secret: key)
        guard let obj = json as? [String: Any], let choices = obj["choices"] as? [[String: Any]],
              let message = choices.first?["message"] as? [String: Any], let content = message["content"] as? String
        else { throw MTError(provider: id, message: "response has no choices[0].message.content") }
        guard let inner = try? JSONSerialization.jsonObject(with: Data(Self.stripFence(content).utf8)) as? [String: Any],
              let out = inner["translations"] as? [String]
        else { throw MTError(provider: id, message: "model did not answer {\"translations\": [...]}", retryable: true) }
        return out
    }

    /// Models sometimes wrap JSON in a Markdown fence.
    static func stripFence(_ s: String) -> String {
        var t = s.trimmingCharacters(in: .whitespacesAndNewlines)
        if t.hasPrefix("```") {
            t = String(t.drop { $0 != "\n" }.dropFirst())
            if t.hasSuffix("```") { t = String(t.dropLast(3)) }
        }
        return t
    }
}

/// DeepL API v2 `/v2/translate`, with its glossary feature: the batch's terms are sent once
/// as a glossary (`/v2/glossaries`, TSV entries) and its id reused for every batch with
/// the same terms.
public final class DeepLProvider: TranslationProvider, @unchecked Sendable {
    public let id = "deepl"
    public let model = "v2"
    public let maxBatch = 50
    public let baseURL: URL
    let key: String
    let http: HTTPClient
    private var glossaries: [String: String] = [:]
    private let lock = NSLock()

    /// - Parameter baseURL: default `https://api-free.deepl.com` for `:fx` keys, else `https://api.deepl.com`.
    public init(apiKey: String, baseURL: URL? = nil, timeout: Double = 60) {
        self.key = apiKey
        self.baseURL = baseURL ?? URL(string: apiKey.hasSuffix(":fx") ? "https://api-free.deepl.com" : "https://api.deepl.com")!
        self.http = HTTPClient(timeout: timeout)
    }

    /// DeepL's codes: upper-case primary language; English and Portuguese targets need a variant.
    static func language(_ tag: String, target: Bool) -> String {
        let p = primaryLanguage(tag).uppercased()
        guard target else { return p }
        let lower = tag.lowercased()
        switch p {
        case "EN": return lower.hasSuffix("-gb") ? "EN-GB" : "EN-US"
        case "PT": return lower.hasSuffix("-pt") ? "PT-PT" : "PT-BR"
        case "ZH": return lower.contains("hant") || lower.hasSuffix("-tw") ? "ZH-HANT" : "ZH-HANS"
        default: return p
        }
    }

    private var authorization: [String: String] { ["Authorization": "DeepL-Auth-Key \(key)"] }

    func glossaryID(_ terms: [MTTerm], from source: String, to target: String) async throws -> String? {
        guard !terms.isEmpty else { return nil }
        let entries = terms.map { "\($0.source.replacingOccurrences(of: "\t", with: " "))\t\($0.target.replacingOccurrences(of: "\t", with: " "))" }
            .joined(separator: "\n")
        let cacheKey = "\(source)>\(target)\n\(entries)"
        if let id = lock.withLock({ glossaries[cacheKey] }) { return id }
        let body: [String: Any] = ["name": "chuhai", "source_lang": Self.language(source, target: false),
                                   "target_lang": primaryLanguage(target).uppercased(), "entries": entries, "entries_format": "tsv"]
        let json = try await http.post(baseURL.appendingPathComponent("v2/glossaries"), headers: authorization,
                                       body: try JSONSerialization.data(withJSONObject: body, options: [.sortedKeys]), provider: id, secret: key)
        guard let gid = (json as? [String: Any])?["glossary_id"] as? String else {
            throw MTError(provider: id, message: "glossary creation returned no glossary_id")
        }
        lock.withLock { glossaries[cacheKey] = gid }
        return gid
    }

    public func translate(_ texts: [String], from source: String, to target: String, glossary: [MTTerm]) async throws -> [String] {
        var body: [String: Any] = ["text": texts, "source_lang": Self.language(source, target: false),
                                   "target_lang": Self.language(target, target: true)]
        if let gid = try await glossaryID(glossary, from: source, to: target) { body["glossary_id"] = gid }
        let json = try await http.post(baseURL.appendingPathComponent("v2/translate"), headers: authorization,
                                       body: try JSONSerialization.data(withJSONObject: body, options: [.sortedKeys]), provider: id, secret: key)
        guard let list = (json as? [String: Any])?["translations"] as? [[String: Any]] else {
            throw MTError(provider: id, message: "response has no translations")
        }
        return try list.map {
            guard let t = $0["text"] as? String else { throw MTError(provider: id, message: "translation without text") }
            return t
        }
    }
}

/// LibreTranslate `/translate` (self-hosted or libretranslate.com); `q` as an array translates a batch.
/// It has no glossary feature: `MTService` still reports terms the output misses.
public struct LibreTranslateProvider: TranslationProvider {
    public let id = "libretranslate"
    public let model = "v1"
    public let maxBatch = 25
    public let baseURL: URL
    let key: String?
    let http: HTTPClient

    public init(baseURL: URL, apiKey: String? = nil, timeout: Double = 60) {
        self.baseURL = baseURL
        self.key = apiKey
        self.http = HTTPClient(timeout: timeout)
    }

    /// LibreTranslate's codes: primary subtag, `zt` for Traditional Chinese.
    static func language(_ tag: String) -> String {
        let lower = tag.lowercased()
        if lower.hasPrefix("zh") && (lower.contains("hant") || lower.hasSuffix("-tw") || lower.hasSuffix("-hk")) { return "zt" }
        return primaryLanguage(tag)
    }

    public func translate(_ texts: [String], from source: String, to target: String, glossary: [MTTerm]) async throws -> [String] {
        var body: [String: Any] = ["q": texts, "source": Self.language(source), "target": Self.language(target), "format": "text"]
        if let key { body["api_key"] = key }
        let json = try await http.post(baseURL.appendingPathComponent("translate"), headers: [:],
                                       body: try JSONSerialization.data(withJSONObject: body, options: [.sortedKeys]), provider: id, secret: key)
        guard let obj = json as? [String: Any] else { throw MTError(provider: id, message: "response is not an object") }
        if let list = obj["translatedText"] as? [String] { return list }
        if let one = obj["translatedText"] as? String, texts.count == 1 { return [one] }
        throw MTError(provider: id, message: "response has no translatedText list")
    }
}

/// Pseudo-localization: accented Latin letters, about 35% longer, in brackets, so layouts,
/// truncation and untranslated strings show up without a translator. Han text is
/// romanized first so the output is Latin like a real target. Deterministic and offline.
public struct PseudoProvider: TranslationProvider {
    public let id = "pseudo"
    public let model = "v1"
    public let maxBatch = 1000
    /// Extra length as a fraction of the text's length.
    public var expansion: Double

    public init(expansion: Double = 0.35) { self.expansion = expansion }

    static let accents: [Character: Character] = {
        let plain = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
        let fancy = Array("àƀçđéƒĝĥîĵķļɱñöþǫŕšţûṽŵẋýžÀƁÇĐÉƑĜĤÎĴĶĻṀÑÖÞǪŔŠŢÛṼŴẊÝŽ")
        return Dictionary(uniqueKeysWithValues: zip(plain, fancy))
    }()

    public func pseudo(_ text: String) -> String {
        let latin = text.unicodeScalars.contains { TextMetrics.isCJK($0) } ? Romanizer.shared.romanize(text) : text
        let body = String(latin.map { Self.accents[$0] ?? $0 })
        let pad = Int((Double(body.count) * expansion).rounded(.up))
        return "[" + body + (pad > 0 ? " " + String(repeating: "~", count: max(0, pad - 1)) : "") + "]"
    }

    public func translate(_ texts: [String], from source: String, to target: String, glossary: [MTTerm]) async throws -> [String] {
        texts.map(pseudo)
    }
}
