import ChuhaiKit
import ChuhaiTestSupport
import Foundation
import Testing

@Suite(.serialized) struct MTProviderTests {
    static let zhuji = MTTerm(source: "筑基", target: "Foundation Establishment")
    let segments = [MTSegment("他终于筑基了。", terms: [zhuji]), MTSegment("她笑了。"), MTSegment("筑基很难。", terms: [zhuji])]
    let fast = MTService.Settings(batchSize: 20, concurrency: 2, attempts: 3, initialBackoff: 0.01)

    @Test func openAIGetsGlossaryInPromptRetries429AndCaches() async throws {
        let server = try LoopbackHTTPServer { req, n in
            if n == 0 { return .json(["error": ["message": "Rate limit reached"]], status: 429, headers: ["Retry-After": "0"]) }
            let messages = req.json["messages"] as? [[String: Any]] ?? []
            let user = messages.last?["content"] as? String ?? "{}"
            let segs = ((try? JSONSerialization.jsonObject(with: Data(user.utf8))) as? [String: [String]])?["segments"] ?? []
            // The first segment keeps the term, the third loses it.
            let out = segs.map { $0 == "他终于筑基了。" ? "He finally reached Foundation Establishment." : $0 == "她笑了。" ? "She smiled." : "Building a base is hard." }
            let content = "```json\n" + JSON.encode(["translations": out], pretty: false) + "\n```"
            return .json(["choices": [["message": ["role": "assistant", "content": content]]]])
        }
        defer { server.stop() }
        let provider = OpenAICompatibleProvider(baseURL: server.baseURL.appendingPathComponent("v1"), model: "gpt-test", apiKey: "sk-secret")
        let cache = MTCache()
        let results = try await MTService(provider: provider, cache: cache, settings: fast).translate(segments, from: "zh-Hans", to: "en")
        #expect(results.map(\.target) == ["He finally reached Foundation Establishment.", "She smiled.", "Building a base is hard."])
        #expect(results.map(\.missingTerms) == [[], [], [Self.zhuji]])
        let reqs = server.requests
        #expect(reqs.count == 2)
        #expect(reqs.allSatisfy { $0.path == "/v1/chat/completions" && $0.method == "POST" && $0.headers["authorization"] == "Bearer sk-secret" })
        let body = reqs[1].json
        #expect(body["model"] as? String == "gpt-test")
        let messages = try #require(body["messages"] as? [[String: Any]])
        #expect((messages[0]["content"] as? String)?.contains("- 筑基 → Foundation Establishment") == true)
        #expect(messages[1]["content"] as? String == #"{"segments":["他终于筑基了。","她笑了。","筑基很难。"]}"#)
        // Rerun: everything from the cache, no request.
        let again = try await MTService(provider: provider, cache: cache, settings: fast).translate(segments, from: "zh-Hans", to: "en")
        #expect(again.allSatisfy(\.cached) && again.map(\.target) == results.map(\.target))
        #expect(server.requests.count == 2)
        // A different glossary is a different cache key.
        let other = [MTSegment("他终于筑基了。", terms: [MTTerm(source: "筑基", target: "Foundation Building")])]
        _ = try await MTService(provider: provider, cache: cache, settings: fast).translate(other, from: "zh-Hans", to: "en")
        #expect(server.requests.count == 3)
    }

    @Test func deepLCreatesGlossaryOnceAndRetries5xx() async throws {
        let server = try LoopbackHTTPServer { req, n in
            switch req.path {
            case "/v2/glossaries":
                return .json(["glossary_id": "gls-1", "ready": true])
            case "/v2/translate" where n == 1:
                return .json(["message": "Internal error"], status: 503)
            default:
                let texts = req.json["text"] as? [String] ?? []
                return .json(["translations": texts.map { ["detected_source_language": "ZH", "text": "EN(\($0))"] }])
            }
        }
        defer { server.stop() }
        let provider = DeepLProvider(apiKey: "dk-secret:fx", baseURL: server.baseURL)
        let results = try await MTService(provider: provider, settings: MTService.Settings(batchSize: 2, concurrency: 1, attempts: 3, initialBackoff: 0.01))
            .translate(segments, from: "zh-Hans", to: "en-GB")
        #expect(results.map(\.target) == ["EN(他终于筑基了。)", "EN(她笑了。)", "EN(筑基很难。)"])
        let reqs = server.requests
        // Both batches have the same terms: one glossary, created once.
        #expect(reqs.map(\.path) == ["/v2/glossaries", "/v2/translate", "/v2/translate", "/v2/translate"])
        #expect(reqs.allSatisfy { $0.headers["authorization"] == "DeepL-Auth-Key dk-secret:fx" })
        let g = reqs[0].json
        #expect(g["entries"] as? String == "筑基\tFoundation Establishment" && g["entries_format"] as? String == "tsv")
        #expect(g["source_lang"] as? String == "ZH" && g["target_lang"] as? String == "EN")
        let t = reqs[2].json
        #expect(t["glossary_id"] as? String == "gls-1" && t["target_lang"] as? String == "EN-GB" && t["text"] as? [String] == ["他终于筑基了。", "她笑了。"])
    }

    @Test func libreTranslateClientErrorIsNotRetriedAndKeyIsRedacted() async throws {
        let server = try LoopbackHTTPServer { req, _ in
            .json(["error": "Invalid API key: \(req.json["api_key"] as? String ?? "")"], status: 400)
        }
        defer { server.stop() }
        let provider = LibreTranslateProvider(baseURL: server.baseURL, apiKey: "lt-secret")
        await #expect {
            try await MTService(provider: provider, settings: fast).translate(segments, from: "zh-Hans", to: "es")
        } throws: { e in
            guard let e = e as? MTError else { return false }
            return e.status == 400 && !e.retryable && e.description == "libretranslate: HTTP 400: Invalid API key: ***"
        }
        #expect(server.requests.count == 1)
        let body = server.requests[0].json
        #expect(body["q"] as? [String] == segments.map(\.text) && body["source"] as? String == "zh" && body["target"] as? String == "es")
    }

    @Test func libreTranslateBatchesAndStoresInAFileCache() async throws {
        let server = try LoopbackHTTPServer { req, _ in
            .json(["translatedText": (req.json["q"] as? [String] ?? []).map { "ES:" + $0 }])
        }
        defer { server.stop() }
        let dir = try Fixtures.temporaryDirectory()
        let file = dir.appendingPathComponent("mt-cache.jsonl")
        let provider = LibreTranslateProvider(baseURL: server.baseURL)
        let settings = MTService.Settings(batchSize: 2, concurrency: 1, attempts: 1)
        _ = try await MTService(provider: provider, cache: try MTCache(file: file), settings: settings).translate(segments, from: "zh-Hant", to: "es")
        #expect(server.requests.map { ($0.json["q"] as? [String])?.count } == [2, 1])
        #expect(server.requests[0].json["source"] as? String == "zt")
        let reloaded = try MTCache(file: file)
        #expect(reloaded.count == 3)
        let r = try await MTService(provider: provider, cache: reloaded, settings: settings).translate(segments, from: "zh-Hant", to: "es")
        #expect(r.allSatisfy(\.cached) && server.requests.count == 2)
        #expect(r[1].target == "ES:她笑了。")
        try "not json\n".write(to: file, atomically: true, encoding: .utf8)
        #expect(throws: ChuhaiError.self) { try MTCache(file: file) }
    }

    @Test func concurrencyLimitHolds() async throws {
        let server = try LoopbackHTTPServer { req, _ in
            var r = LoopbackHTTPServer.Response.json(["translatedText": (req.json["q"] as? [String] ?? []).map { "x" + $0 }])
            r.delay = 0.15
            return r
        }
        defer { server.stop() }
        let many = (0..<12).map { MTSegment("第\($0)句。") }
        let r = try await MTService(provider: LibreTranslateProvider(baseURL: server.baseURL),
                                    settings: MTService.Settings(batchSize: 1, concurrency: 3, attempts: 1)).translate(many, from: "zh", to: "en")
        #expect(r.map(\.target) == many.map { "x" + $0.text })
        #expect(server.requests.count == 12)
        #expect(server.maxConcurrent <= 3 && server.maxConcurrent >= 2)
    }

    @Test func timeoutIsARetryableError() async throws {
        let server = try LoopbackHTTPServer { _, _ in
            var r = LoopbackHTTPServer.Response.json(["translatedText": ["late"]])
            r.delay = 2
            return r
        }
        defer { server.stop() }
        let provider = LibreTranslateProvider(baseURL: server.baseURL, timeout: 1)
        await #expect {
            try await MTService(provider: provider, settings: MTService.Settings(attempts: 2, initialBackoff: 0.01)).translate([MTSegment("慢。")], from: "zh", to: "en")
        } throws: { e in (e as? MTError)?.description == "libretranslate: request to 127.0.0.1 timed out after 1s" && (e as? MTError)?.retryable == true }
        #expect(server.requests.count == 2)
    }

    @Test func pseudoLocalization() async throws {
        let p = PseudoProvider()
        #expect(p.pseudo("Hello") == "[Ĥéļļö ~]")
        let long = p.pseudo("The quick brown fox jumps over the lazy dog")
        #expect(long.hasPrefix("[Ţĥé ǫûîçķ ƀŕöŵñ") && long.hasSuffix("~]"))
        #expect(Double(long.count) >= Double(43) * 1.35)
        let han = try await p.translate(["林动笑了。"], from: "zh-Hans", to: "en", glossary: [])
        #expect(han[0].hasPrefix("[Ļîñ Đöñĝ"))
        #expect(!han[0].unicodeScalars.contains { TextMetrics.isCJK($0) })
    }

    @Test func keysComeFromTheEnvironment() throws {
        #expect(try APIKey.from(environment: "DEEPL_AUTH_KEY", provider: "deepl", environment: ["DEEPL_AUTH_KEY": "k"]) == "k")
        #expect { try APIKey.from(environment: "DEEPL_AUTH_KEY", provider: "deepl", environment: [:]) } throws: { e in
            (e as? ChuhaiError)?.message == "deepl needs an API key in the environment variable DEEPL_AUTH_KEY"
        }
    }
}

@Suite struct MTPrefillTests {
    @Test func pseudoFillsEmptySegmentsAndReportsMissingTerms() async throws {
        var doc = try SampleWork.document()
        doc.files[0].units[0].targets[0] = SegmentTarget("Chapter One")
        let sink = DiagnosticSink()
        try await MTService(provider: PseudoProvider()).fill(&doc, file: "qingyun.en.xlf", sink: sink)
        #expect(doc.files[0].units[0].targets[0]?.text.text == "Chapter One")
        let t = try #require(doc.files[0].units[1].targets[0])
        #expect(t.state == .initial && t.origin == .machine && t.text.text.hasPrefix("[") && t.text.text.hasSuffix("]"))
        #expect(doc.files.allSatisfy { $0.units.allSatisfy(\.isTranslated) })
        // Pseudo output never contains "Foundation Establishment": the one term occurrence is reported.
        #expect(sink.diagnostics.map(\.message) == ["qingyun-ch0001/p1 s1: machine translation does not use 'Foundation Establishment' for 筑基"])
    }

    @Test func providerConfigReadsKeysFromTheEnvironment() throws {
        let p = try MTProviderConfig(provider: "deepl").make(environment: ["DEEPL_AUTH_KEY": "abc:fx"])
        #expect(p.id == "deepl" && (p as? DeepLProvider)?.baseURL.absoluteString == "https://api-free.deepl.com")
        #expect(throws: ChuhaiError.self) { try MTProviderConfig(provider: "openai").make(environment: [:]) }
        #expect(throws: ChuhaiError.self) { try MTProviderConfig(provider: "libretranslate").make(environment: [:]) }
        #expect(throws: ChuhaiError.self) { try MTProviderConfig(provider: "babelfish").make(environment: [:]) }
        #expect(try MTProviderConfig(provider: "pseudo").make(environment: [:]).id == "pseudo")
    }
}
