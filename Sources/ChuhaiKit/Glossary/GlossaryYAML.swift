import Yams

/// The hand-edited YAML form (README, "Glossary YAML").
///
/// ```yaml
/// id: xianxia
/// source: zh-Hans
/// concepts:
///   - id: realm-zhuji
///     terms:
///       zh-Hans: [筑基]          # strings: first preferred, rest admitted
///       en:
///         - {term: Foundation Establishment, status: preferred, strategy: translate}
/// ```
/// Read through Yams' node tree so every finding carries the line and column
/// (Unicode scalars, as libyaml counts) of the offending node.
public enum GlossaryYAML {
    static let glossaryKeys: Set<String> = ["id", "name", "source", "domain", "concepts"]
    static let conceptKeys: Set<String> = ["id", "domain", "note", "terms"]
    static let termKeys: Set<String> = ["term", "status", "strategy", "pos", "gender", "scope", "note"]

    /// Reads a glossary; structural problems go to `sink`, unparseable YAML throws.
    ///
    /// - Throws: `ChuhaiError` at the line and column libyaml reports.
    public static func decode(_ text: String, file: String, sink: DiagnosticSink) throws -> Glossary {
        let root = try YAMLReader.compose(text, file: file)
        guard let root else {
            throw ChuhaiError("empty glossary", at: SourceLocation(file: file, line: 1), hint: "start with `source: zh-Hans` and `concepts:`")
        }
        var reader = Reader(y: YAMLReader(file: file, sink: sink, rule: "glossary"))
        return reader.glossary(root)
    }

    private struct Reader {
        /// Shared node reading (locations, strings, mappings with duplicate/unknown-key findings).
        let y: YAMLReader

        func loc(_ node: Node) -> SourceLocation { y.location(node) }

        /// `rule` is a full rule id (`glossary.missing-id`).
        func error(_ node: Node, _ rule: String, _ message: String) {
            y.sink.emit(Diagnostic(.error, rule: rule, message, at: loc(node)))
        }

        var sink: DiagnosticSink { y.sink }

        func string(_ node: Node, what: String) -> String? { y.string(node, what: what) }

        func pairs(_ node: Node, known: Set<String>, what: String) -> [(String, Node, Node)] {
            y.pairs(node, known: known, what: what).map { ($0.key, $0.keyNode, $0.value) }
        }

        mutating func glossary(_ root: Node) -> Glossary {
            var g = Glossary()
            var sawSource = false
            for (key, k, v) in pairs(root, known: GlossaryYAML.glossaryKeys, what: "the glossary") {
                switch key {
                case "id": g.id = string(v, what: "id")
                case "name": g.name = string(v, what: "name")
                case "domain": g.domain = string(v, what: "domain")
                case "source":
                    if let s = string(v, what: "source") { g.sourceLanguage = s; sawSource = true }
                case "concepts":
                    guard case .sequence(let seq) = v else {
                        if case .scalar(let s) = v, s.string.isEmpty || s.tag == Tag(.null) { continue }
                        error(v, "glossary.structure", "concepts must be a list (`- id: ...` items)")
                        continue
                    }
                    for item in seq {
                        if let c = concept(item) { g.concepts.append(c) }
                    }
                default:
                    _ = k
                }
            }
            if !sawSource {
                sink.emit(Diagnostic(.warning, rule: "glossary.structure", "no `source:` language; assuming zh-Hans", at: loc(root)))
            }
            return g
        }

        func concept(_ node: Node) -> Concept? {
            let kv = pairs(node, known: GlossaryYAML.conceptKeys, what: "a concept")
            guard case .mapping = node else { return nil }
            var c = Concept(id: "", location: loc(node))
            var hasID = false
            for (key, _, v) in kv {
                switch key {
                case "id":
                    if let s = string(v, what: "concept id") { c.id = s; hasID = true }
                case "domain": c.domain = string(v, what: "domain")
                case "note": c.note = string(v, what: "note")
                case "terms":
                    for (lang, langNode, value) in pairs(v, known: [], what: "terms") {
                        _ = langNode
                        c.setTerms(terms(value, language: lang), for: lang)
                    }
                default: break
                }
            }
            if !hasID {
                error(node, "glossary.missing-id", "concept has no `id:`; give it a stable id such as `realm-zhuji`")
            }
            return c
        }

        func terms(_ node: Node, language: String) -> [Term] {
            switch node {
            case .scalar:
                guard let s = string(node, what: "a term") else { return [] }
                return [Term(s, status: .preferred, location: loc(node))]
            case .sequence(let seq):
                var out: [Term] = []
                for (i, item) in seq.enumerated() {
                    if case .scalar = item {
                        guard let s = string(item, what: "a term") else {
                            error(item, "glossary.empty-term", "empty term in \(language)")
                            continue
                        }
                        out.append(Term(s, status: i == 0 ? .preferred : .admitted, location: loc(item)))
                    } else if let t = term(item, language: language) {
                        out.append(t)
                    }
                }
                return out
            default:
                error(node, "glossary.structure", "terms for \(language) must be a string or a list")
                return []
            }
        }

        func term(_ node: Node, language: String) -> Term? {
            let kv = pairs(node, known: GlossaryYAML.termKeys, what: "a term")
            guard case .mapping = node else { return nil }
            var t = Term("", location: loc(node))
            var hasText = false
            for (key, _, v) in kv {
                guard let s = string(v, what: key) else { continue }
                switch key {
                case "term": t.text = s; hasText = true
                case "status":
                    if let st = TermStatus(rawValue: s) { t.status = st } else {
                        error(v, "glossary.invalid-value", "status '\(s)' is not one of preferred, admitted, deprecated, forbidden")
                    }
                case "strategy":
                    if let st = TermStrategy(rawValue: s) { t.strategy = st } else {
                        error(v, "glossary.invalid-value", "strategy '\(s)' is not one of translate, transliterate, keep, explain")
                    }
                case "scope":
                    if let sc = TermScope(s) { t.scope = sc } else {
                        error(v, "glossary.invalid-value", "scope '\(s)' must be `genre` or `work:<id>`")
                    }
                case "pos": t.partOfSpeech = s
                case "gender": t.gender = s
                case "note": t.note = s
                default: break
                }
            }
            if !hasText {
                error(node, "glossary.structure", "term in \(language) has no `term:` key")
                return nil
            }
            return t
        }
    }

    // MARK: - Writing

    /// Canonical YAML: fixed key order, one flow mapping per term, strings quoted only when needed,
    /// so a rerun gives the same bytes and diffs stay line-sized.
    public static func encode(_ g: Glossary) -> String {
        var out = ""
        if let id = g.id { out += "id: \(scalar(id))\n" }
        if let name = g.name { out += "name: \(scalar(name))\n" }
        out += "source: \(scalar(g.sourceLanguage))\n"
        if let d = g.domain { out += "domain: \(scalar(d))\n" }
        if g.concepts.isEmpty { return out + "concepts: []\n" }
        out += "concepts:\n"
        for c in g.concepts {
            out += "  - id: \(scalar(c.id))\n"
            if let d = c.domain { out += "    domain: \(scalar(d))\n" }
            if let n = c.note { out += "    note: \(scalar(n))\n" }
            let langs = c.terms.filter { !$0.terms.isEmpty }
            if langs.isEmpty { out += "    terms: {}\n"; continue }
            out += "    terms:\n"
            for (lang, terms) in langs {
                if isShorthand(terms) {
                    out += "      \(scalar(lang)): [\(terms.map { scalar($0.text) }.joined(separator: ", "))]\n"
                } else {
                    out += "      \(scalar(lang)):\n"
                    for t in terms { out += "        - \(flowMapping(t))\n" }
                }
            }
        }
        return out
    }

    /// Plain strings suffice when they say nothing but text: first preferred, the rest admitted.
    static func isShorthand(_ terms: [Term]) -> Bool {
        for (i, t) in terms.enumerated() {
            if t.status != (i == 0 ? .preferred : .admitted) { return false }
            if t.strategy != nil || t.partOfSpeech != nil || t.gender != nil || t.scope != nil || t.note != nil { return false }
        }
        return true
    }

    static func flowMapping(_ t: Term) -> String {
        var parts = ["term: \(scalar(t.text))", "status: \(t.status.rawValue)"]
        if let s = t.strategy { parts.append("strategy: \(s.rawValue)") }
        if let p = t.partOfSpeech { parts.append("pos: \(scalar(p))") }
        if let g = t.gender { parts.append("gender: \(scalar(g))") }
        if let s = t.scope { parts.append("scope: \(scalar(s.description))") }
        if let n = t.note { parts.append("note: \(scalar(n))") }
        return "{" + parts.joined(separator: ", ") + "}"
    }

    private static let reserved: Set<String> = ["true", "false", "yes", "no", "on", "off", "null", "y", "n", "~"]

    /// A YAML scalar safe in block and flow context: plain when unambiguous, else double-quoted.
    static func scalar(_ s: String) -> String {
        if isPlainSafe(s) { return s }
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if u.value < 0x20 || u.value == 0x7F || u.value == 0x85 || u.value == 0x2028 || u.value == 0x2029 || u.value == 0xFEFF {
                    out += "\\u" + String(repeating: "0", count: 4 - String(u.value, radix: 16).count) + String(u.value, radix: 16, uppercase: true)
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out + "\""
    }

    static func isPlainSafe(_ s: String) -> Bool {
        guard let first = s.unicodeScalars.first, let last = s.unicodeScalars.last else { return false }
        if reserved.contains(s.lowercased()) { return false }
        if first.properties.isWhitespace || last.properties.isWhitespace { return false }
        if "-?:,[]{}#&*!|>'\"%@`.+0123456789".unicodeScalars.contains(first) { return false }
        if last == ":" { return false }
        var previous: Unicode.Scalar = " "
        for u in s.unicodeScalars {
            if u.value < 0x20 || u.value == 0x7F || u.value == 0x85 || u.value == 0xFEFF || u.value == 0x2028 || u.value == 0x2029 { return false }
            if ",[]{}\\\"".unicodeScalars.contains(u) { return false }
            if u == "#" && previous.properties.isWhitespace { return false }
            if previous == ":" && u.properties.isWhitespace { return false }
            if u.properties.isWhitespace && u != " " { return false }
            previous = u
        }
        return true
    }
}
