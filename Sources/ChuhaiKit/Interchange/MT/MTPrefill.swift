import Foundation

/// Which provider to use, as a project file names it (`mt:` in chuhai.yaml).
public struct MTProviderConfig: Sendable, Hashable, Codable {
    /// `openai`, `deepl`, `libretranslate` or `pseudo`.
    public var provider: String
    public var model: String?
    /// API root (`https://api.openai.com/v1`, a LibreTranslate host…); DeepL picks its own.
    public var baseURL: String?
    /// Environment variable holding the key; defaults per provider (`OPENAI_API_KEY`,
    /// `DEEPL_AUTH_KEY`, `LIBRETRANSLATE_API_KEY`). The key itself never goes in the file.
    public var keyVariable: String?
    public var timeout: Double?

    public init(provider: String, model: String? = nil, baseURL: String? = nil, keyVariable: String? = nil, timeout: Double? = nil) {
        self.provider = provider
        self.model = model
        self.baseURL = baseURL
        self.keyVariable = keyVariable
        self.timeout = timeout
    }

    /// The adapter, with its key read from the environment now.
    ///
    /// - Throws: `ChuhaiError` for an unknown provider, a missing key or a bad URL.
    public func make(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> any TranslationProvider {
        func url(_ fallback: String?) throws -> URL {
            guard let s = baseURL ?? fallback, let u = URL(string: s), u.scheme == "http" || u.scheme == "https" else {
                throw ChuhaiError("mt: \(provider) needs a base URL (http or https)", hint: "set mt.baseURL in chuhai.yaml")
            }
            return u
        }
        switch provider {
        case "openai":
            let key = try APIKey.from(environment: keyVariable ?? "OPENAI_API_KEY", provider: provider, environment: environment)
            return OpenAICompatibleProvider(baseURL: try url("https://api.openai.com/v1"), model: model ?? "gpt-4o-mini", apiKey: key,
                                            timeout: timeout ?? 120)
        case "deepl":
            let key = try APIKey.from(environment: keyVariable ?? "DEEPL_AUTH_KEY", provider: provider, environment: environment)
            return DeepLProvider(apiKey: key, baseURL: baseURL.flatMap(URL.init(string:)), timeout: timeout ?? 60)
        case "libretranslate":
            let key = environment[keyVariable ?? "LIBRETRANSLATE_API_KEY"].flatMap { $0.isEmpty ? nil : $0 }
            return LibreTranslateProvider(baseURL: try url(nil), apiKey: key, timeout: timeout ?? 60)
        case "pseudo":
            return PseudoProvider()
        default:
            throw ChuhaiError("mt: unknown provider '\(provider)'", hint: "use openai, deepl, libretranslate or pseudo")
        }
    }
}

extension MTService {
    /// Machine-translates every empty segment of `doc` (state `initial`, origin `leveraged-mt`),
    /// giving each segment the glossary translations of the terms inside it; translations
    /// that miss a term are reported (rule `mt.glossary-term`) so a post-editor looks there first.
    ///
    /// - Throws: `MTError` when the provider keeps failing.
    public func fill(_ doc: inout BilingualDocument, file: String = "<mt>", sink: DiagnosticSink) async throws {
        var places: [(Int, Int, Int)] = []
        var segments: [MTSegment] = []
        for (fi, f) in doc.files.enumerated() {
            for (ui, u) in f.units.enumerated() {
                for (si, r) in u.segments.enumerated() where u.targets[si] == nil || u.targets[si]!.text.text.isEmpty {
                    let text = u.sourceSegment(si).text
                    guard !text.trimmingCharacters(in: .whitespaces).isEmpty else { continue }
                    let terms = u.terms.filter { r.contains($0.range.lowerBound) && $0.range.upperBound <= r.upperBound }
                        .compactMap { t in t.translation.map { MTTerm(source: String(decoding: Array(u.source.text.utf8)[t.range], as: UTF8.self), target: $0) } }
                    places.append((fi, ui, si))
                    segments.append(MTSegment(text, terms: Array(Set(terms)).sorted()))
                }
            }
        }
        guard !segments.isEmpty else { return }
        let results = try await translate(segments, from: doc.sourceLanguage, to: doc.targetLanguage)
        for ((fi, ui, si), r) in zip(places, results) {
            doc.files[fi].units[ui].targets[si] = r.segmentTarget
            for t in r.missingTerms {
                let f = doc.files[fi], u = f.units[ui]
                sink.emit(Diagnostic(.warning, rule: "mt.glossary-term",
                                     "\(f.id)/\(u.id) s\(si + 1): machine translation does not use '\(t.target)' for \(t.source)",
                                     at: SourceLocation(file: file), item: si + 1))
            }
        }
    }
}
