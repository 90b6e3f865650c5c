import Foundation

/// Canonical order and formatting, so a glossary edited by many hands diffs line by line.
public enum GlossaryFormatter {
    /// Concepts sorted by ICU collation of their source term (pinyin order for Chinese,
    /// `zh@collation=pinyin`), then by id; each concept's languages source first, then in
    /// the glossary's language order. Term order inside a language is kept: it says which
    /// term leads.
    public static func canonical(_ g: Glossary) -> Glossary {
        var g = g
        let locale = g.sourceLanguage.hasPrefix("zh") ? "zh@collation=pinyin" : g.sourceLanguage.replacingOccurrences(of: "-", with: "_")
        let collator = (try? ICU.Collator(locale: locale)) ?? (try? ICU.Collator(locale: "root"))
        let keyed = g.concepts.map { c -> ([UInt8], String, Concept) in
            let text = c.terms(g.sourceLanguage).first?.text ?? ""
            return (collator?.sortKey(text) ?? Array(text.utf8), c.id, c)
        }
        let order = g.languages
        g.concepts = keyed.sorted { a, b in
            if a.0 != b.0 { return a.0.lexicographicallyPrecedes(b.0) }
            return a.1 < b.1
        }.map { _, _, c in
            var c = c
            c.terms = c.terms.filter { !$0.terms.isEmpty }.sorted { x, y in
                (order.firstIndex(of: x.language) ?? .max) < (order.firstIndex(of: y.language) ?? .max)
            }
            return c
        }
        return g
    }

    /// The canonical text of a glossary in `format`; for YAML the file's leading comment block is kept.
    public static func format(_ loaded: GlossaryIO.Loaded) -> String {
        let body = GlossaryIO.encode(canonical(loaded.glossary), as: loaded.format)
        guard loaded.format == .yaml else { return body }
        var header = ""
        for line in loaded.text.split(separator: "\n", omittingEmptySubsequences: false) {
            guard line.hasPrefix("#") else { break }
            header += line + "\n"
        }
        return header + body
    }
}

/// Merging glossaries from several editors or vendors.
public enum GlossaryMerger {
    /// Unites concepts by id, terms by (case- and width-folded) text. Nothing is dropped
    /// silently: a term whose attributes differ between inputs keeps the first input's
    /// version and the other is reported; a second preferred term is kept as admitted and
    /// reported; differing concept notes/domains are reported.
    ///
    /// - Returns: the merged glossary and one `glossary.merge-conflict` diagnostic per conflict.
    public static func merge(_ inputs: [Glossary]) -> (Glossary, [Diagnostic]) {
        guard var out = inputs.first else { return (Glossary(), []) }
        var diags: [Diagnostic] = []
        func loc(_ c: Concept, _ t: Term? = nil) -> SourceLocation { t?.location ?? c.location ?? SourceLocation(file: "<merge>") }
        var index: [String: Int] = [:]
        for (i, c) in out.concepts.enumerated() where index[c.id] == nil { index[c.id] = i }
        for g in inputs.dropFirst() {
            if g.sourceLanguage != out.sourceLanguage {
                diags.append(Diagnostic(.error, rule: "glossary.merge-conflict",
                                        "source language \(g.sourceLanguage) differs from \(out.sourceLanguage); merged anyway, check the terms",
                                        at: g.concepts.first?.location ?? SourceLocation(file: "<merge>")))
            }
            for c in g.concepts {
                guard let i = index[c.id] else {
                    index[c.id] = out.concepts.count
                    out.concepts.append(c)
                    continue
                }
                var base = out.concepts[i]
                for (field, a, b) in [("domain", base.domain, c.domain), ("note", base.note, c.note)] {
                    if let a, let b, a != b {
                        diags.append(Diagnostic(.error, rule: "glossary.merge-conflict",
                                                "concept '\(c.id)': \(field) '\(b)' differs from '\(a)' (line \(base.location?.line.map(String.init) ?? "?")); kept the first",
                                                at: loc(c)))
                    }
                }
                if base.domain == nil { base.domain = c.domain }
                if base.note == nil { base.note = c.note }
                for (lang, terms) in c.terms {
                    var mine = base.terms(lang)
                    for t in terms {
                        let key = GlossaryLint.foldKey(t.text)
                        if let j = mine.firstIndex(where: { GlossaryLint.foldKey($0.text) == key }) {
                            if mine[j] != t {
                                diags.append(Diagnostic(.error, rule: "glossary.merge-conflict",
                                                        "concept '\(c.id)', \(lang) '\(t.text)': \(describe(t)) differs from \(describe(mine[j])) (line \(mine[j].location?.line.map(String.init) ?? "?")); kept the first",
                                                        at: loc(c, t)))
                            }
                            continue
                        }
                        var t = t
                        if t.status == .preferred, let p = mine.first(where: { $0.status == .preferred }) {
                            diags.append(Diagnostic(.error, rule: "glossary.merge-conflict",
                                                    "concept '\(c.id)': two preferred \(lang) terms, '\(p.text)' and '\(t.text)'; kept '\(t.text)' as admitted",
                                                    at: loc(c, t)))
                            t.status = .admitted
                        }
                        mine.append(t)
                    }
                    base.setTerms(mine, for: lang)
                }
                out.concepts[i] = base
            }
        }
        return (out, diags)
    }

    private static func describe(_ t: Term) -> String {
        var parts = [t.status.rawValue]
        if let s = t.strategy { parts.append(s.rawValue) }
        if let p = t.partOfSpeech { parts.append("pos \(p)") }
        if let g = t.gender { parts.append("gender \(g)") }
        if let s = t.scope { parts.append("scope \(s)") }
        if let n = t.note { parts.append("note \"\(n)\"") }
        return "(" + parts.joined(separator: ", ") + ")"
    }
}
