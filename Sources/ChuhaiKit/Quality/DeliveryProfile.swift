import Foundation
import Yams

/// A delivery spec as data: which rules run, at what severity, with which limits, per language.
///
/// Platforms change their numbers (Netflix English went from 17 to 20 cps), so the
/// numbers live in versioned YAML files that cite their sources (`profiles/subtitles/`,
/// embedded into the library by `ShippedProfiles`), never in code. Teams pass their own
/// file, optionally `extends:` a shipped one.
public struct DeliveryProfile: Sendable {
    public var name: String
    public var title: String
    public var sources: [String]
    /// The merged YAML tree (after `extends:`).
    let tree: [String: ProfileNode]

    /// Names of the profiles built into chuhai.
    public static var shippedNames: [String] { ShippedProfiles.files.keys.sorted() }

    /// A shipped profile by name, or a YAML file by path.
    ///
    /// - Throws: `ChuhaiError` when the name is unknown or the file does not parse.
    public static func load(_ nameOrPath: String) throws -> DeliveryProfile {
        if let text = ShippedProfiles.files[nameOrPath] {
            return try parse(text, file: "\(nameOrPath) (built in)")
        }
        if nameOrPath.contains("/") || nameOrPath.hasSuffix(".yaml") || nameOrPath.hasSuffix(".yml") {
            guard let data = FileManager.default.contents(atPath: nameOrPath) else {
                throw ChuhaiError("cannot read profile file", at: SourceLocation(file: nameOrPath), hint: "check the path")
            }
            return try parse(String(decoding: data, as: UTF8.self), file: nameOrPath)
        }
        throw ChuhaiError("unknown profile \(nameOrPath)", hint: "use one of \(shippedNames.joined(separator: ", ")) or a YAML file path")
    }

    /// Parses profile YAML, resolving `extends:` against the shipped profiles.
    public static func parse(_ yaml: String, file: String, depth: Int = 0) throws -> DeliveryProfile {
        let any: Any?
        do { any = try Yams.load(yaml: yaml) } catch let error as YamlError {
            // Same line:column errors as every other YAML file chuhai reads.
            throw YAMLReader.chuhaiError(error, file: file)
        } catch {
            throw ChuhaiError("profile is not valid YAML: \(error)", at: SourceLocation(file: file))
        }
        guard case .map(var tree) = ProfileNode(any) else {
            throw ChuhaiError("profile must be a YAML mapping", at: SourceLocation(file: file))
        }
        if case .string(let parent) = tree["extends"] {
            guard depth < 4 else { throw ChuhaiError("profile extends chain is too deep", at: SourceLocation(file: file)) }
            let base = try parent == file ? nil : load(parent)
            guard let base else { throw ChuhaiError("profile extends itself", at: SourceLocation(file: file)) }
            tree = ProfileNode.merge(base.tree, tree)
            tree["extends"] = nil
        }
        let name = tree["name"]?.string ?? URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
        let profile = DeliveryProfile(name: name, title: tree["title"]?.string ?? name,
                                      sources: tree["sources"]?.list?.compactMap(\.string) ?? [], tree: tree)
        // Fail early on values the rules cannot use.
        for lang in [nil] + profile.languageKeys { _ = try profile.resolve(language: lang, file: file) }
        return profile
    }

    var languageKeys: [String] { tree["languages"]?.map?.keys.sorted() ?? [] }

    /// The language entry that applies to `tag`: exact, alias, or a shorter prefix (`zh-Hans-CN` → `zh-Hans`).
    public func languageKey(for tag: String?) -> String? {
        guard let tag, let langs = tree["languages"]?.map else { return nil }
        var candidate = tag
        while !candidate.isEmpty {
            for key in langs.keys.sorted() {
                if key.caseInsensitiveCompare(candidate) == .orderedSame { return key }
                let aliases = langs[key]?.map?["aliases"]?.list?.compactMap(\.string) ?? []
                if aliases.contains(where: { $0.caseInsensitiveCompare(candidate) == .orderedSame }) { return key }
            }
            guard let dash = candidate.lastIndex(of: "-") else { break }
            candidate = String(candidate[..<dash])
        }
        return nil
    }

    /// Settings for one language: defaults overlaid with the language entry.
    ///
    /// - Throws: `ChuhaiError` naming the rule whose value is invalid.
    public func resolve(language: String?, file: String? = nil) throws -> ValidationSettings {
        var rules = tree["rules"]?.map ?? [:]
        var counting = tree["counting"]?.map ?? [:]
        let key = languageKey(for: language)
        if let key, let entry = tree["languages"]?.map?[key]?.map {
            rules = ProfileNode.merge(rules, entry["rules"]?.map ?? [:])
            counting = ProfileNode.merge(counting, entry["counting"]?.map ?? [:])
        }
        return try ValidationSettings(profile: name, language: language, languageKey: key, rules: rules, counting: counting,
                                      defaultFPS: tree["default-fps"]?.string, file: file ?? name)
    }
}

/// A YAML value in a Sendable form.
public enum ProfileNode: Sendable, Equatable {
    case string(String), number(Double), bool(Bool), list([ProfileNode]), map([String: ProfileNode]), null

    init(_ any: Any?) {
        switch any {
        case nil: self = .null
        case let s as String: self = .string(s)
        case let b as Bool: self = .bool(b)
        case let i as Int: self = .number(Double(i))
        case let d as Double: self = .number(d)
        case let a as [Any]: self = .list(a.map { ProfileNode($0) })
        case let m as [String: Any]: self = .map(m.mapValues { ProfileNode($0) })
        case let m as [AnyHashable: Any]:
            self = .map(Dictionary(uniqueKeysWithValues: m.map { ("\($0.key)", ProfileNode($0.value)) }))
        default: self = .null
        }
    }

    var string: String? {
        switch self {
        case .string(let s): s
        case .number(let d): d == d.rounded() ? String(Int(d)) : String(d)
        default: nil
        }
    }

    var number: Double? {
        switch self {
        case .number(let d): d
        case .string(let s): Double(s)
        default: nil
        }
    }

    var list: [ProfileNode]? { if case .list(let l) = self { l } else { nil } }

    /// `error`, `warning`, … — or YAML 1.1's `off`/`on`, which arrive as booleans.
    var isScalarSeverity: Bool {
        switch self {
        case .string, .bool: true
        default: false
        }
    }

    var severityText: String? {
        switch self {
        case .string(let s): s
        case .bool(let b): b ? "warning" : "off"
        default: nil
        }
    }
    var map: [String: ProfileNode]? { if case .map(let m) = self { m } else { nil } }

    /// Deep merge: maps merge key by key, anything else in `overlay` replaces `base`.
    static func merge(_ base: [String: ProfileNode], _ overlay: [String: ProfileNode]) -> [String: ProfileNode] {
        var out = base
        for (k, v) in overlay {
            if case .map(let b) = out[k], case .map(let o) = v {
                out[k] = .map(merge(b, o))
            } else if v.isScalarSeverity, case .map(var b) = out[k], k != "extends" {
                // `rule: warning` over `rule: {severity: error, max: 3}` changes only the severity.
                b["severity"] = v
                out[k] = .map(b)
            } else {
                out[k] = v
            }
        }
        return out
    }
}

/// A limit in time: seconds (`7s`, `5/6s`, `250ms`) or frames (`2f`, needs a frame rate).
public enum TimeLimit: Sendable, Equatable {
    case time(SubtitleTime)
    case frames(Int64)

    init?(_ text: String) {
        let s = text.trimmingCharacters(in: .whitespaces)
        if s.hasSuffix("ms"), let n = TTMLTiming.decimal(String(s.dropLast(2))) {
            self = .time(SubtitleTime(value: n.0, scale: n.1 * 1000))
        } else if s.hasSuffix("f"), let n = Int64(s.dropLast()) {
            self = .frames(n)
        } else if s.hasSuffix("s") {
            let body = String(s.dropLast())
            if let slash = body.firstIndex(of: "/"), let a = Int64(body[..<slash]), let b = Int64(body[body.index(after: slash)...]), b > 0 {
                self = .time(SubtitleTime(value: a, scale: b))
            } else if let n = TTMLTiming.decimal(body) {
                self = .time(SubtitleTime(value: n.0, scale: n.1))
            } else {
                return nil
            }
        } else {
            return nil
        }
    }

    func time(at rate: FrameRate) -> SubtitleTime {
        switch self {
        case .time(let t): t
        case .frames(let n): .frames(n, rate: rate)
        }
    }

    var needsFrameRate: Bool { if case .frames = self { true } else { false } }

    public var description: String {
        switch self {
        case .time(let t):
            if t.scale == 1 { "\(t.value) s" } else if t.scale <= 60 { "\(t.value)/\(t.scale) s" } else { String(format: "%.3f s", t.seconds) }
        case .frames(let n): "\(n) frame\(n == 1 ? "" : "s")"
        }
    }
}

/// A profile resolved for one language: what the rules need, typed.
public struct ValidationSettings: Sendable {
    public var profile: String
    public var language: String?
    /// The profile's language entry used (nil: defaults only).
    public var languageKey: String?
    /// Rule id → severity; a rule absent here does not run.
    public var severities: [String: Severity] = [:]
    public var durationMin: TimeLimit?
    public var durationMax: TimeLimit?
    public var gapMin: TimeLimit?
    public var gapAllowZero = false
    public var maxCPS: Double?
    public var maxWPM: Double?
    public var maxLineLength: Double?
    public var maxLines: Int?
    public var halfWidthWeight = 1.0
    public var punctuationChecks: Set<String> = [] {
        didSet { punctuation = PunctuationChecks.Options(punctuationChecks) }
    }
    /// `punctuationChecks` as flags, so the per-line check does no string hashing.
    var punctuation = PunctuationChecks.Options()
    public var noItalics = false
    public var noMarkup = false
    public var allowedFrameRates: [FrameRate]?
    public var defaultFrameRate: FrameRate?

    static let knownRules: Set<String> = ["parse", "encoding", "empty-cue", "order", "overlap", "duration-min", "duration-max",
                                          "gap-min", "reading-speed", "line-length", "line-count", "numbering", "punctuation",
                                          "tags", "frame-rate", "bidi"]
    static var knownChecks: Set<String> { Set(PunctuationChecks.Options.names.keys) }

    init(profile: String, language: String?, languageKey: String?, rules: [String: ProfileNode], counting: [String: ProfileNode],
         defaultFPS: String?, file: String) throws {
        self.profile = profile
        self.language = language
        self.languageKey = languageKey
        func fail(_ rule: String, _ what: String) -> ChuhaiError {
            ChuhaiError("profile \(profile): rule \(rule): \(what)", at: SourceLocation(file: file))
        }
        for (rule, node) in rules {
            guard Self.knownRules.contains(rule) else {
                throw fail(rule, "unknown rule id (known: \(Self.knownRules.sorted().joined(separator: ", ")))")
            }
            let cfg = node.map ?? ["severity": node]
            let sevText = cfg["severity"]?.severityText ?? "warning"
            if sevText == "off" { continue }
            guard let sev = Severity(rawValue: sevText) else { throw fail(rule, "severity must be error, warning, note or off") }
            severities[rule] = sev
            func limit(_ key: String) throws -> TimeLimit? {
                guard let v = cfg[key], v != .null else { return nil }
                guard let s = v.string, let l = TimeLimit(s) else { throw fail(rule, "\(key) must be a time like 7s, 5/6s, 250ms or 2f") }
                return l
            }
            func number(_ key: String) throws -> Double? {
                guard let v = cfg[key], v != .null else { return nil }
                guard let n = v.number, n >= 0 else { throw fail(rule, "\(key) must be a non-negative number") }
                return n
            }
            switch rule {
            case "duration-min": durationMin = try limit("min")
            case "duration-max": durationMax = try limit("max")
            case "gap-min":
                gapMin = try limit("min")
                if case .bool(let b) = cfg["allow-zero"] { gapAllowZero = b }
            case "reading-speed":
                maxCPS = try number("max")
                maxWPM = try number("max-wpm")
            case "line-length": maxLineLength = try number("max")
            case "line-count": maxLines = try number("max").map { Int($0) }
            case "punctuation":
                let checks = cfg["checks"]?.list?.compactMap(\.string) ?? []
                for c in checks where !Self.knownChecks.contains(c) {
                    throw fail(rule, "unknown check \(c) (known: \(Self.knownChecks.sorted().joined(separator: ", ")))")
                }
                punctuationChecks = Set(checks)
                punctuation = PunctuationChecks.Options(punctuationChecks)  // didSet does not run in init
            case "tags":
                if case .bool(let b) = cfg["no-italics"] { noItalics = b }
                if case .bool(let b) = cfg["no-markup"] { noMarkup = b }
            case "frame-rate":
                if let list = cfg["allowed"]?.list {
                    allowedFrameRates = try list.map { n in
                        guard let s = n.string, let r = FrameRate(s) else { throw fail(rule, "allowed holds a value that is not a frame rate") }
                        return r
                    }
                }
            default: break
            }
        }
        if let hw = counting["half-width"]?.number { halfWidthWeight = hw }
        if let d = defaultFPS {
            guard let r = FrameRate(d) else { throw ChuhaiError("profile \(profile): default-fps \(d) is not a frame rate") }
            defaultFrameRate = r
        }
    }
}
