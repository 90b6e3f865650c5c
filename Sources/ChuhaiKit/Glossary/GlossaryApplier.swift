/// A glossary applied to a source text and its translation: what the pipeline
/// calls per segment to annotate terms and check that translations use them.
///
/// Enforcement follows localization-standards.md §4: preferred/admitted are
/// accepted; a deprecated target term is a warning with a fix to the preferred
/// term, a forbidden one an error; a source term whose translation uses none of
/// the accepted target terms is `term-missing`. For `transliterate` concepts
/// without a target term, the injected romanizer proposes one (`term-suggestion`).
public struct GlossaryApplier: Sendable {
    /// Proposes a target form for a concept that has none (source term, concept).
    public typealias Suggester = @Sendable (String, Concept) -> String?

    public let glossary: Glossary
    public let targetLanguage: String
    public let source: TermIndex
    public let target: TermIndex
    private let suggest: Suggester?

    /// Pinyin from `Romanizer`: names (domain `names…` or a gendered term) as "Lin Dong",
    /// other terms as one lowercase word ("丹田" → "dantian"), the form fan translations use.
    public static let romanizerSuggester: Suggester = { text, concept in
        let isName = concept.domain?.hasPrefix("names") == true || concept.terms.contains { $0.terms.contains { $0.gender != nil } }
        if isName { return Romanizer.shared.romanize(text) }
        let words = Romanizer.shared.romanize(text, options: .init(personalName: false))
        let joined = words.split(separator: " ").joined().lowercased()
        return joined.isEmpty ? nil : joined
    }

    public init(glossary: Glossary, targetLanguage: String, suggest: Suggester? = GlossaryApplier.romanizerSuggester) {
        self.glossary = glossary
        self.targetLanguage = targetLanguage
        source = TermIndex(glossary: glossary, language: glossary.sourceLanguage)
        target = TermIndex(glossary: glossary, language: targetLanguage, inflections: true)
        self.suggest = suggest
    }

    /// Every source term occurrence (concept id, UTF-8 range), leftmost-longest.
    public func annotate(_ sourceText: String) -> [TermIndex.Occurrence] { source.occurrences(in: sourceText) }

    /// One finding about a translation.
    public struct Finding: Sendable, Hashable {
        public enum Kind: String, Sendable { case missing = "term-missing", deprecated = "term-deprecated", suggestion = "term-suggestion" }
        /// Replace `range` (UTF-8 offsets in the target) by `replacement`.
        public struct Fix: Sendable, Hashable {
            public var range: Range<Int>
            public var replacement: String
        }
        public var kind: Kind
        public var severity: Severity
        public var conceptID: String
        public var message: String
        /// Where the source term is (UTF-8 offsets in the source), when the finding is about one.
        public var sourceRange: Range<Int>?
        /// Where the offending target term is.
        public var targetRange: Range<Int>?
        public var fix: Fix?
        /// The proposed target term (suggestions).
        public var suggestion: String?

        /// As a diagnostic at `location` (the segment's place in its file).
        public func diagnostic(at location: SourceLocation) -> Diagnostic {
            Diagnostic(severity, rule: kind.rawValue, message, at: location)
        }
    }

    /// Checks `translation` against `sourceText`.
    public func check(source sourceText: String, translation: String) -> [Finding] {
        let sourceOcc = source.occurrences(in: sourceText)
        guard !sourceOcc.isEmpty else { return [] }
        let targetOcc = target.occurrences(in: translation)
        var findings: [Finding] = []
        var firstInSource: [Int: TermIndex.Occurrence] = [:]
        for o in sourceOcc where firstInSource[o.conceptIndex] == nil { firstInSource[o.conceptIndex] = o }
        var flagged: Set<Int> = []
        for t in targetOcc where t.status == .deprecated || t.status == .forbidden {
            // Only concepts the source mentions: a homograph elsewhere is not this segment's problem.
            guard let s = firstInSource[t.conceptIndex] else { continue }
            let concept = glossary.concepts[t.conceptIndex]
            let preferred = concept.preferred(targetLanguage)
            flagged.insert(t.conceptIndex)
            let instead = preferred.map { "; use '\($0.text)'" } ?? ""
            findings.append(Finding(
                kind: .deprecated, severity: t.status == .forbidden ? .error : .warning, conceptID: concept.id,
                message: "'\(t.term)' is \(t.status.rawValue) for \(s.term) (\(concept.id))\(instead)",
                sourceRange: s.start..<s.end, targetRange: t.start..<t.end,
                fix: preferred.map { Finding.Fix(range: t.start..<t.end, replacement: $0.text) }))
        }
        let accepted = Set(targetOcc.filter { $0.status.isAccepted }.map(\.conceptIndex))
        let foldedTarget = GlossaryLint.foldKey(translation)
        for (ci, s) in firstInSource.sorted(by: { $0.value.start < $1.value.start }) where !accepted.contains(ci) && !flagged.contains(ci) {
            let concept = glossary.concepts[ci]
            let terms = concept.terms(targetLanguage)
            let strategy = concept.strategy(targetLanguage) ?? concept.languages.lazy.compactMap { concept.strategy($0) }.first
            if strategy == .keep && foldedTarget.contains(GlossaryLint.foldKey(s.term)) { continue }
            if terms.contains(where: { $0.status.isAccepted }) {
                let p = concept.preferred(targetLanguage)!
                findings.append(Finding(kind: .missing, severity: .warning, conceptID: concept.id,
                                        message: "'\(s.term)' (\(concept.id)) is not translated as '\(p.text)'\(admittedList(terms))",
                                        sourceRange: s.start..<s.end))
            } else if terms.isEmpty, strategy == .transliterate, let suggested = suggest?(s.term, concept), !suggested.isEmpty {
                if TermMatcher(patterns: [suggested]).matches(in: translation).isEmpty {
                    findings.append(Finding(kind: .suggestion, severity: .note, conceptID: concept.id,
                                            message: "no \(targetLanguage) term for '\(s.term)' (\(concept.id), transliterate); suggested: '\(suggested)'",
                                            sourceRange: s.start..<s.end, suggestion: suggested))
                }
            }
        }
        return findings
    }

    private func admittedList(_ terms: [Term]) -> String {
        let admitted = terms.filter { $0.status == .admitted }.map { "'\($0.text)'" }
        return admitted.isEmpty ? "" : " or " + admitted.joined(separator: ", ")
    }
}
