import Foundation
import Yams

/// A chuhai project, read from `chuhai.yaml` (README, "The project file").
///
/// Paths in the file are relative to the folder holding it. Every problem is
/// a diagnostic at the YAML line and column that caused it; `load` throws
/// when any of them is an error, so a run never starts on a half-understood project.
public struct ProjectConfig: Sendable {
    /// The project file.
    public var file: String
    /// The folder paths are relative to.
    public var root: URL
    /// Package id prefix (`qingyun-demo` → `qingyun-demo-en`).
    public var name: String
    /// BCP 47 source language.
    public var source: String
    public var targets: [String]
    /// Output folder (relative to `root` unless absolute).
    public var output: String
    public var glossaries: [String]
    public var works: [WorkConfig]
    /// Stage ids to skip.
    public var skip: [String]
    /// Optional stage ids to run.
    public var add: [String] = []
    /// Rule id → severity override (`off` removes the rule).
    public var rules: [String: Severity?]
    public var mergeNarratorTags: Bool
    /// Machine translation for `chuhai xliff export --mt` (nil: the project uses none).
    public var mt: MTSettings?

    /// The `mt:` section: which provider, how hard to push it, where its answers are kept.
    public struct MTSettings: Sendable {
        public var provider: MTProviderConfig
        public var service: MTService.Settings
        /// Response cache file (relative to the project file): reruns cost nothing.
        public var cache: String
        public var location: SourceLocation
    }

    /// One work: a novel (chapter files or one file split at headings) or a drama (episode subtitle tracks).
    public struct WorkConfig: Sendable {
        public var id: String
        public var kind: Work.Kind
        public var title: String
        /// Titles per target language.
        public var titles: [String: String]
        public var author: String?
        public var source: PathPattern
        public var translations: PathPattern?
        /// Chapter heading regex for single-file novels (default: 第…章 / Chapter N / 序章 …).
        public var headingPattern: String?
        public var cover: String?
        /// Dramas: series name used in file names (`<series>_S01E03.<lang>.srt`).
        public var series: String?
        public var season: Int
        /// Dramas: delivery platforms (`youtube` → SRT, `web` → WebVTT, `netflix` → IMSC 1.1 TTML).
        public var platforms: [String]
        public var location: SourceLocation
    }

    static let topKeys: Set<String> = ["name", "source", "targets", "output", "glossaries", "works", "stages", "qa", "segmentation", "mt"]
    static let mtKeys: Set<String> = ["provider", "model", "base-url", "key-env", "timeout", "batch", "concurrency", "attempts", "cache"]
    static let workKeys: Set<String> = ["id", "kind", "title", "titles", "author", "source", "translations", "heading-pattern",
                                        "cover", "series", "season", "platforms"]
    /// Platforms and the subtitle format each needs.
    public static let platformFormats: [String: SubtitleFormat] = ["youtube": .srt, "web": .vtt, "netflix": .ttml]

    /// Reads and checks a project file.
    /// - Throws: `ChuhaiError` listing every error (file:line:col: …) when the file cannot be used.
    public static func load(path: String) throws -> (ProjectConfig, [Diagnostic]) {
        let data = try TextDecoder.readFile(path)
        let text = try TextDecoder.decode(data, file: path).text
        let sink = DiagnosticSink()
        let config = try parse(text, file: path, sink: sink)
        let diagnostics = sink.diagnostics
        let errors = diagnostics.filter { $0.severity == .error }
        if let config, errors.isEmpty { return (config, diagnostics) }
        throw ChuhaiError(
            "the project file has \(errors.count) error(s):\n" + errors.map(\.description).joined(separator: "\n"),
            at: SourceLocation(file: path), hint: "fix them and run again; `chuhai init` writes a commented example")
    }

    /// Parses project YAML; findings go to `sink`.
    public static func parse(_ text: String, file: String, sink: DiagnosticSink) throws -> ProjectConfig? {
        guard let root = try YAMLReader.compose(text, file: file) else {
            throw ChuhaiError("the project file is empty", at: SourceLocation(file: file, line: 1), hint: "`chuhai init` writes a starter project")
        }
        let y = YAMLReader(file: file, sink: sink, rule: "config")
        let folder = URL(fileURLWithPath: file).deletingLastPathComponent()
        var config = ProjectConfig(file: file, root: folder, name: "", source: "", targets: [], output: "dist", glossaries: [],
                                   works: [], skip: [], rules: [:], mergeNarratorTags: false)
        var seen: Set<String> = []
        for (key, _, value) in y.pairs(root, known: topKeys, what: "the project file") {
            seen.insert(key)
            switch key {
            case "name": config.name = y.string(value, what: "name") ?? ""
            case "source": config.source = languageTag(value, y, what: "source")
            case "targets":
                config.targets = y.strings(value, what: "targets")
                if case .sequence(let seq) = value {
                    for item in seq { _ = languageTag(item, y, what: "each target") }
                }
            case "output": config.output = y.string(value, what: "output") ?? "dist"
            case "glossaries":
                config.glossaries = y.strings(value, what: "glossaries")
                let items = y.items(value)
                for (path, node) in zip(config.glossaries, items) where !FileManager.default.fileExists(atPath: resolve(path, in: folder).path) {
                    y.error(node, "glossary file '\(path)' does not exist (paths are relative to the project file)", rule: "missing-file")
                }
            case "works":
                guard case .sequence(let seq) = value else {
                    y.error(value, "works must be a list (`- id: …` items)")
                    continue
                }
                for item in seq { if let w = work(item, y, folder: folder) { config.works.append(w) } }
            case "stages":
                for (k, _, v) in y.pairs(value, known: ["skip", "add"], what: "stages") {
                    let ids = y.strings(v, what: "stages.\(k)")
                    for (id, node) in zip(ids, y.items(v)) {
                        guard let entry = StageRegistry.stage(id: id) else {
                            y.error(node, "unknown stage '\(id)'; `chuhai stages` lists them", rule: "unknown-stage")
                            continue
                        }
                        if k == "add" && !entry.optional {
                            y.error(node, "stage '\(id)' always runs; only optional stages can be added", rule: "invalid-value")
                        }
                        if k == "skip" && !entry.skippable {
                            y.error(node, "stage '\(id)' cannot be skipped", rule: "invalid-value")
                        }
                    }
                    if k == "skip" { config.skip = ids } else { config.add = ids }
                }
            case "qa":
                for (k, _, v) in y.pairs(value, known: ["rules"], what: "qa") where k == "rules" {
                    for (rule, _, sv) in y.pairs(v, known: [], what: "qa.rules") {
                        guard let s = y.string(sv, what: "a rule severity") else { continue }
                        switch s {
                        case "off": config.rules[rule] = .some(nil)
                        case "error": config.rules[rule] = .error
                        case "warning": config.rules[rule] = .warning
                        case "note": config.rules[rule] = .note
                        default: y.error(sv, "severity for '\(rule)' must be error, warning, note or off, not '\(s)'", rule: "invalid-value")
                        }
                    }
                }
            case "mt": config.mt = mt(value, y)
            case "segmentation":
                for (k, _, v) in y.pairs(value, known: ["merge-narrator-tags"], what: "segmentation") where k == "merge-narrator-tags" {
                    config.mergeNarratorTags = y.bool(v, what: "merge-narrator-tags") ?? false
                }
            default: break
            }
        }
        for required in ["name", "source", "targets", "works"] where !seen.contains(required) {
            sink.emit(Diagnostic(.error, rule: "config.missing-key", "the project file needs `\(required):`", at: y.location(root)))
        }
        var ids: Set<String> = []
        for w in config.works where !ids.insert(w.id).inserted {
            sink.emit(Diagnostic(.error, rule: "config.duplicate-work", "two works have the id '\(w.id)'", at: w.location))
        }
        return config
    }

    private static func mt(_ node: Node, _ y: YAMLReader) -> MTSettings? {
        guard case .mapping = node else {
            y.error(node, "mt must be a mapping (`provider: deepl` …)")
            return nil
        }
        var m = MTSettings(provider: MTProviderConfig(provider: ""), service: .init(), cache: ".chuhai/mt-cache.jsonl", location: y.location(node))
        func number(_ v: Node, _ what: String, min: Double) -> Double? {
            guard let s = y.string(v, what: what), let n = Double(s), n >= min else {
                y.error(v, "\(what) must be a number ≥ \(Int(min))", rule: "invalid-value")
                return nil
            }
            return n
        }
        for (key, keyNode, v) in y.pairs(node, known: mtKeys.union(["key", "api-key", "apikey", "auth-key"]), what: "mt") {
            switch key {
            case "provider":
                let p = y.string(v, what: "mt.provider") ?? ""
                if !["openai", "deepl", "libretranslate", "pseudo"].contains(p) {
                    y.error(v, "unknown MT provider '\(p)'; use openai (any OpenAI-compatible API), deepl, libretranslate or pseudo", rule: "invalid-value")
                }
                m.provider.provider = p
            case "model": m.provider.model = y.string(v, what: "mt.model")
            case "base-url":
                let u = y.string(v, what: "mt.base-url")
                if let u, URL(string: u)?.scheme.map({ $0 == "http" || $0 == "https" }) != true {
                    y.error(v, "mt.base-url must be an http or https URL", rule: "invalid-value")
                }
                m.provider.baseURL = u
            case "key-env": m.provider.keyVariable = y.string(v, what: "mt.key-env")
            case "timeout": m.provider.timeout = number(v, "mt.timeout", min: 1)
            case "batch": m.service.batchSize = number(v, "mt.batch", min: 1).map { Int($0) } ?? m.service.batchSize
            case "concurrency": m.service.concurrency = number(v, "mt.concurrency", min: 1).map { Int($0) } ?? m.service.concurrency
            case "attempts": m.service.attempts = number(v, "mt.attempts", min: 1).map { Int($0) } ?? m.service.attempts
            case "cache": m.cache = y.string(v, what: "mt.cache") ?? m.cache
            default:
                // Project files live in git: a key written here would leak with the next push.
                y.error(keyNode, "API keys never go in the project file; put the key in an environment variable and name it with `key-env:`",
                        rule: "secret")
            }
        }
        if m.provider.provider.isEmpty {
            y.error(node, "mt needs `provider:` (openai, deepl, libretranslate or pseudo)", rule: "missing-key")
            return nil
        }
        return m
    }

    private static func languageTag(_ node: Node, _ y: YAMLReader, what: String) -> String {
        guard let tag = y.string(node, what: what) else { return "" }
        if !LanguageTagSyntax.isWellFormed(tag) {
            y.error(node, "'\(tag)' is not a well-formed BCP 47 language tag (e.g. zh-Hans, en, es-419, pt-BR)", rule: "invalid-value")
        }
        return tag
    }

    private static func work(_ node: Node, _ y: YAMLReader, folder: URL) -> WorkConfig? {
        let kv = y.pairs(node, known: workKeys, what: "a work")
        guard case .mapping = node else { return nil }
        var w = WorkConfig(id: "", kind: .novel, title: "", titles: [:], author: nil, source: PathPattern(""), translations: nil,
                           headingPattern: nil, cover: nil, series: nil, season: 1, platforms: [], location: y.location(node))
        var seen: Set<String> = []
        for (key, _, v) in kv {
            seen.insert(key)
            switch key {
            case "id":
                let id = y.string(v, what: "work id") ?? ""
                if id.isEmpty || !id.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) {
                    y.error(v, "work id '\(id)' must be ASCII letters, digits, '-' or '_' (it names files)", rule: "invalid-value")
                }
                w.id = id
            case "kind":
                let k = y.string(v, what: "kind") ?? ""
                if let kind = Work.Kind(rawValue: k) { w.kind = kind } else {
                    y.error(v, "kind must be novel or drama, not '\(k)'", rule: "invalid-value")
                }
            case "title": w.title = y.string(v, what: "title") ?? ""
            case "titles":
                for (lang, _, tv) in y.pairs(v, known: [], what: "titles") { w.titles[lang] = y.string(tv, what: "a title") }
            case "author": w.author = y.string(v, what: "author")
            case "source": w.source = PathPattern(y.string(v, what: "source") ?? "")
            case "translations": w.translations = y.string(v, what: "translations").map(PathPattern.init)
            case "heading-pattern":
                let p = y.string(v, what: "heading-pattern")
                if let p, (try? NSRegularExpression(pattern: p)) == nil {
                    y.error(v, "heading-pattern is not a valid regular expression", rule: "invalid-value")
                }
                w.headingPattern = p
            case "cover": w.cover = y.string(v, what: "cover")
            case "series": w.series = y.string(v, what: "series")
            case "season":
                if let s = y.string(v, what: "season"), let n = Int(s), n >= 0 { w.season = n } else {
                    y.error(v, "season must be a whole number", rule: "invalid-value")
                }
            case "platforms":
                w.platforms = y.strings(v, what: "platforms")
                let items = y.items(v)
                for (p, pn) in zip(w.platforms, items) where platformFormats[p] == nil {
                    y.error(pn, "unknown platform '\(p)'; use youtube (SRT), web (WebVTT) or netflix (IMSC 1.1 TTML)", rule: "invalid-value")
                }
            default: break
            }
        }
        for required in ["id", "kind", "title", "source"] where !seen.contains(required) {
            y.error(node, "a work needs `\(required):`", rule: "missing-key")
        }
        if seen.contains("source") {
            if w.source.isNumbered {
                if w.source.files(in: folder).isEmpty {
                    y.error(node, "no files match source '\(w.source)' (relative to the project file)", rule: "missing-file")
                }
            } else if !FileManager.default.fileExists(atPath: resolve(w.source.text, in: folder).path) {
                y.error(node, "source file '\(w.source)' does not exist (relative to the project file)", rule: "missing-file")
            }
        }
        if let t = w.translations, !t.text.contains("{lang}") {
            y.error(node, "translations '\(t)' must contain {lang}", rule: "invalid-value")
        }
        if w.kind == .drama && w.platforms.isEmpty { w.platforms = ["youtube"] }
        return w
    }

    /// Applies the project's `qa.rules` overrides; nil when the rule is switched off.
    public func adjusted(_ d: Diagnostic) -> Diagnostic? {
        guard let override = rules[d.rule] else { return d }
        guard let severity = override else { return nil }
        var d = d
        d.severity = severity
        return d
    }

    /// The output folder as a URL.
    public var outputURL: URL { url(output) }

    /// A path from the project file: relative to its folder unless absolute.
    public func url(_ path: String) -> URL { Self.resolve(path, in: root) }

    static func resolve(_ path: String, in folder: URL) -> URL {
        path.hasPrefix("/") ? URL(fileURLWithPath: path) : folder.appendingPathComponent(path)
    }
}
