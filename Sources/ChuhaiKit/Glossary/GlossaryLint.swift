/// Checks a glossary the way a linter checks code, so editors catch
/// inconsistent terminology before readers do.
///
/// Rules (all `glossary.*`): `syntax`, `structure`, `unknown-key`, `duplicate-key`,
/// `invalid-value` (from the readers); `duplicate-concept`, `missing-id`, `id-syntax`,
/// `language-tag`, `missing-source`, `missing-language`, `empty-term`, `whitespace`,
/// `mixed-width`, `duplicate-term`, `no-preferred`, `conflicting-translation`,
/// `deprecated-preferred`, `shadowing`.
public enum GlossaryLint {
    public struct Options: Sendable {
        /// Target languages every concept must have an accepted term in (`--require en,es`).
        public var requiredLanguages: [String]
        public init(requiredLanguages: [String] = []) { self.requiredLanguages = requiredLanguages }
    }

    /// TBX-Basic's permitted values (localization-standards.md §4).
    static let partsOfSpeech: Set<String> = ["noun", "verb", "adjective", "adverb", "other"]
    static let genders: Set<String> = ["masculine", "feminine", "neuter", "other"]

    /// Lints files; a file that is not a glossary at all becomes one `glossary.syntax` error.
    ///
    /// - Throws: `ChuhaiError` only when a file cannot be read (missing, permissions).
    public static func lint(paths: [String], options: Options = Options()) throws -> DiagnosticReport {
        var all: [Diagnostic] = []
        for path in paths {
            let data = try GlossaryIO.readData(path: path)
            let loaded: GlossaryIO.Loaded
            do {
                loaded = try GlossaryIO.decode(data, file: path)
            } catch let e as ChuhaiError {
                // Bytes that are not a glossary at all (bad encoding, malformed YAML/CSV/XML) are a finding in that file.
                all.append(Diagnostic(.error, rule: "glossary.syntax", e.message + (e.hint.map { " (\($0))" } ?? ""),
                                      at: e.location ?? SourceLocation(file: path)))
                continue
            }
            all += lint(loaded, options: options)
        }
        return DiagnosticReport(files: paths, diagnostics: all, tool: "chuhai glossary lint")
    }

    /// Reader findings plus every rule, sorted by position, with source lines for carets.
    public static func lint(_ loaded: GlossaryIO.Loaded, options: Options = Options()) -> [Diagnostic] {
        var out = loaded.diagnostics
        out += check(loaded.glossary, options: options)
        let lines = loaded.text.split(separator: "\n", omittingEmptySubsequences: false)
        for i in out.indices {
            if let l = out[i].location.line, out[i].location.column != nil, l >= 1, l <= lines.count {
                out[i].sourceLine = String(lines[l - 1])
            }
        }
        return out.sorted { a, b in
            (a.location.file, a.location.line ?? 0, a.location.column ?? 0, a.rule, a.message)
                < (b.location.file, b.location.line ?? 0, b.location.column ?? 0, b.rule, b.message)
        }
    }

    /// The model-level rules (no reader findings).
    public static func check(_ g: Glossary, options: Options = Options()) -> [Diagnostic] {
        var out: [Diagnostic] = []
        let fallback = SourceLocation(file: g.concepts.first?.location?.file ?? "<glossary>")
        func at(_ c: Concept) -> SourceLocation { c.location ?? fallback }
        func at(_ t: Term, _ c: Concept) -> SourceLocation { t.location ?? at(c) }
        func emit(_ s: Severity, _ rule: String, _ msg: String, _ loc: SourceLocation) {
            out.append(Diagnostic(s, rule: "glossary.\(rule)", msg, at: loc))
        }
        if !LanguageTagSyntax.isWellFormed(g.sourceLanguage) {
            emit(.error, "language-tag", "source language '\(g.sourceLanguage)' is not a BCP 47 tag (e.g. zh-Hans)", fallback)
        }
        for lang in options.requiredLanguages where !LanguageTagSyntax.isWellFormed(lang) {
            emit(.error, "language-tag", "required language '\(lang)' is not a BCP 47 tag", fallback)
        }
        var firstByID: [String: Concept] = [:]
        var badTags: Set<String> = []
        for c in g.concepts {
            if !c.id.isEmpty {
                if let first = firstByID[c.id] {
                    emit(.error, "duplicate-concept", "concept id '\(c.id)' is already used at line \(first.location?.line.map(String.init) ?? "?"); ids must be unique", at(c))
                    emit(.note, "duplicate-concept", "'\(c.id)' first defined here", at(first))
                } else {
                    firstByID[c.id] = c
                }
                if !isNCName(c.id) {
                    emit(.warning, "id-syntax", "concept id '\(c.id)' is not a valid XML id (TBX needs a letter or _ first, then letters, digits, . - _)", at(c))
                }
            }
            if c.terms(g.sourceLanguage).isEmpty {
                emit(.error, "missing-source", "concept '\(c.id)' has no \(g.sourceLanguage) term", at(c))
            }
            for lang in options.requiredLanguages where !c.terms(lang).contains(where: { $0.status.isAccepted }) {
                let has = c.terms(lang).isEmpty ? "no \(lang) term" : "only deprecated/forbidden \(lang) terms"
                emit(.error, "missing-language", "concept '\(c.id)' has \(has); add a preferred or admitted one", at(c))
            }
            for (lang, terms) in c.terms {
                if !LanguageTagSyntax.isWellFormed(lang), badTags.insert(lang).inserted {
                    emit(.error, "language-tag", "'\(lang)' is not a BCP 47 tag (use e.g. zh-Hans, en, es-419, pt-BR)", at(c))
                }
                if !terms.isEmpty && !terms.contains(where: { $0.status.isAccepted }) {
                    emit(.warning, "no-preferred", "concept '\(c.id)' has \(lang) terms but none preferred or admitted", at(terms[0], c))
                }
                let preferredCount = terms.filter { $0.status == .preferred }.count
                if preferredCount > 1 {
                    emit(.warning, "no-preferred", "concept '\(c.id)' has \(preferredCount) preferred \(lang) terms; keep one and admit the others",
                         at(terms.filter { $0.status == .preferred }[1], c))
                }
                var seenText: [String: Term] = [:]
                for t in terms {
                    let loc = at(t, c)
                    if t.text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                        emit(.error, "empty-term", "empty \(lang) term in concept '\(c.id)'", loc)
                        continue
                    }
                    if t.text != t.text.trimmingCharacters(in: .whitespacesAndNewlines) {
                        emit(.error, "whitespace", "\(lang) term '\(t.text)' has leading or trailing whitespace; it would never match", loc)
                    } else if t.text.contains("  ") || t.text.contains(where: { $0 == "\t" || $0 == "\n" }) {
                        emit(.error, "whitespace", "\(lang) term '\(t.text)' has a tab, newline or double space inside", loc)
                    }
                    if let m = mixedWidth(t.text, cjk: isCJKLanguage(lang)) {
                        emit(.warning, "mixed-width", "\(lang) term '\(t.text)' \(m)", loc)
                    }
                    let key = foldKey(t.text)
                    if seenText[key] != nil {
                        emit(.warning, "duplicate-term", "\(lang) term '\(t.text)' appears twice in concept '\(c.id)'", loc)
                    } else {
                        seenText[key] = t
                    }
                    if let p = t.partOfSpeech, !partsOfSpeech.contains(p) {
                        emit(.warning, "invalid-value", "pos '\(p)' is not a TBX-Basic value (noun, verb, adjective, adverb, other)", loc)
                    }
                    if let gd = t.gender, !genders.contains(gd) {
                        emit(.warning, "invalid-value", "gender '\(gd)' is not one of masculine, feminine, neuter, other", loc)
                    }
                }
            }
        }
        out += crossConceptRules(g)
        return out
    }

    private static func crossConceptRules(_ g: Glossary) -> [Diagnostic] {
        var out: [Diagnostic] = []
        let fallback = SourceLocation(file: g.concepts.first?.location?.file ?? "<glossary>")
        // Same source term in two concepts that translate it differently.
        var bySource: [String: [(Int, Term)]] = [:]
        for (i, c) in g.concepts.enumerated() {
            for t in c.terms(g.sourceLanguage) where t.status.isAccepted && !t.text.isEmpty {
                bySource[foldKey(t.text), default: []].append((i, t))
            }
        }
        let targets = g.languages.filter { $0 != g.sourceLanguage }
        for (_, uses) in bySource.sorted(by: { $0.key < $1.key }) where uses.count > 1 {
            let (i0, t0) = uses[0]
            let c0 = g.concepts[i0]
            for (i, t) in uses.dropFirst() where i != i0 {
                let c = g.concepts[i]
                if let s0 = t0.scope, let s = t.scope, s0 != s { continue }
                let differing = targets.filter { lang in
                    guard let a = c0.preferred(lang)?.text, let b = c.preferred(lang)?.text else { return false }
                    return foldKey(a) != foldKey(b)
                }
                if let lang = differing.first {
                    out.append(Diagnostic(.error, rule: "glossary.conflicting-translation",
                                          "'\(t.text)' is also a term of concept '\(c0.id)' (line \(c0.location?.line.map(String.init) ?? "?")), which translates it as '\(c0.preferred(lang)!.text)' in \(lang), not '\(c.preferred(lang)!.text)'; merge the concepts or give them different `scope:`",
                                          at: t.location ?? c.location ?? fallback))
                }
            }
        }
        // A deprecated or forbidden term that another (or the same) concept prefers.
        for lang in g.languages {
            var preferred: [String: (Concept, Term)] = [:]
            for c in g.concepts {
                for t in c.terms(lang) where t.status == .preferred { preferred[foldKey(t.text)] = preferred[foldKey(t.text)] ?? (c, t) }
            }
            for c in g.concepts {
                for t in c.terms(lang) where t.status == .deprecated || t.status == .forbidden {
                    guard let (pc, _) = preferred[foldKey(t.text)] else { continue }
                    let whereText = pc.id == c.id ? "preferred in the same concept" : "preferred in concept '\(pc.id)' (line \(pc.location?.line.map(String.init) ?? "?"))"
                    // Same concept: a contradiction. Another concept: often a homograph (chi = 气 vs 尺), worth a look.
                    out.append(Diagnostic(pc.id == c.id ? .error : .warning, rule: "glossary.deprecated-preferred",
                                          "\(lang) term '\(t.text)' is \(t.status.rawValue) here but \(whereText); decide which it is",
                                          at: t.location ?? c.location ?? fallback))
                }
            }
        }
        // Shadowing: a short source term inside a longer one of another concept whose strategy differs.
        var patterns: [String] = []
        var owner: [Int] = []
        for (i, c) in g.concepts.enumerated() {
            for t in c.terms(g.sourceLanguage) where !t.text.isEmpty {
                patterns.append(t.text)
                owner.append(i)
            }
        }
        let matcher = TermMatcher(patterns: patterns)
        var reported: Set<[Int]> = []
        for (p, text) in patterns.enumerated() {
            let long = g.concepts[owner[p]]
            for m in matcher.occurrences(in: text) where owner[m.pattern] != owner[p] && (m.end - m.start) < text.utf8.count {
                let short = g.concepts[owner[m.pattern]]
                guard reported.insert([owner[m.pattern], owner[p]]).inserted else { continue }
                for lang in targets {
                    guard let a = short.strategy(lang), let b = long.strategy(lang), a != b else { continue }
                    out.append(Diagnostic(.warning, rule: "glossary.shadowing",
                                          "'\(patterns[m.pattern])' (concept '\(short.id)', \(a.rawValue) in \(lang)) occurs inside '\(text)' (concept '\(long.id)', \(b.rawValue)); the longer term wins where both match — check that is intended",
                                          at: long.terms(g.sourceLanguage).first { $0.text == text }?.location ?? long.location ?? fallback))
                    break
                }
            }
        }
        return out
    }

    /// Folded comparison key (case and width), the same equivalence the matcher uses.
    static func foldKey(_ s: String) -> String {
        String(String.UnicodeScalarView(s.unicodeScalars.map { TermMatcher.fold($0) }))
    }

    static func isCJKLanguage(_ lang: String) -> Bool {
        let primary = lang.split(separator: "-").first.map { $0.lowercased() } ?? ""
        return ["zh", "ja", "ko", "yue", "wuu", "lzh"].contains(primary)
    }

    /// Full-width ASCII next to half-width letters/digits, or any full-width ASCII in a non-CJK term.
    static func mixedWidth(_ s: String, cjk: Bool) -> String? {
        var full = false, half = false
        for u in s.unicodeScalars {
            if (0xFF01...0xFF5E).contains(u.value) { full = true }
            if u.isASCII && (u.properties.isAlphabetic || ("0"..."9").contains(u)) { half = true }
        }
        if full && half { return "mixes full-width and half-width letters or digits; pick one form" }
        if full && !cjk { return "contains full-width ASCII; use half-width letters and digits" }
        if !cjk && s.unicodeScalars.contains("\u{3000}") { return "contains an ideographic space (U+3000)" }
        return nil
    }

    static func isNCName(_ s: String) -> Bool {
        guard let f = s.unicodeScalars.first, f.properties.isAlphabetic || f == "_" else { return false }
        return s.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || $0.properties.numericType != nil || "._-".unicodeScalars.contains($0) }
    }
}

import Foundation
