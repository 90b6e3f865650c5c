/// A terminology glossary: concepts with per-language terms.
///
/// One model behind the YAML editors write, the CSV spreadsheets export and the
/// TBX CAT tools exchange, so a glossary converts between them without loss.
/// Source locations ride along for diagnostics but never take part in equality:
/// a glossary read from YAML equals the same glossary read from TBX.
public struct Glossary: Sendable, Hashable {
    /// Short stable id (`xianxia`); also the default file stem.
    public var id: String?
    /// Human title.
    public var name: String?
    /// BCP 47 tag of the source language (`zh-Hans`).
    public var sourceLanguage: String
    /// Default domain for concepts (`xianxia`).
    public var domain: String?
    public var concepts: [Concept]

    public init(id: String? = nil, name: String? = nil, sourceLanguage: String = "zh-Hans", domain: String? = nil,
                concepts: [Concept] = []) {
        self.id = id
        self.name = name
        self.sourceLanguage = sourceLanguage
        self.domain = domain
        self.concepts = concepts
    }

    /// Every language tag used, source first, then in order of first appearance.
    /// Writers use this order so output is deterministic.
    public var languages: [String] {
        var seen: Set<String> = [sourceLanguage]
        var out = [sourceLanguage]
        for c in concepts {
            for (lang, _) in c.terms where !seen.contains(lang) {
                seen.insert(lang)
                out.append(lang)
            }
        }
        return out
    }

    /// Concept by id (first one when ids are duplicated; lint reports that).
    public func concept(id: String) -> Concept? { concepts.first { $0.id == id } }
}

/// One idea with its names in several languages (筑基 = Foundation Establishment).
public struct Concept: Sendable, Hashable {
    /// Stable id, unique in its glossary (`realm-zhuji`).
    public var id: String
    /// Domain path such as `xianxia/realm`, `wuxia`, `names`.
    public var domain: String?
    /// Definition or editor's note.
    public var note: String?
    /// Terms per language, each list in the file's order (the first preferred term leads).
    public var terms: [(language: String, terms: [Term])] {
        get { storage }
        set { storage = newValue }
    }
    private var storage: [(language: String, terms: [Term])]
    /// Where the concept starts in its file (not part of equality).
    public var location: SourceLocation?

    public init(id: String, domain: String? = nil, note: String? = nil, terms: [(language: String, terms: [Term])] = [],
                location: SourceLocation? = nil) {
        self.id = id
        self.domain = domain
        self.note = note
        self.storage = terms
        self.location = location
    }

    /// Terms of one language (empty when the concept has none).
    public func terms(_ language: String) -> [Term] {
        storage.first { $0.language == language }?.terms ?? []
    }

    /// Replaces or appends the terms of one language.
    public mutating func setTerms(_ terms: [Term], for language: String) {
        if let i = storage.firstIndex(where: { $0.language == language }) {
            storage[i].terms = terms
        } else {
            storage.append((language, terms))
        }
    }

    /// The term a translation should use: the first preferred, else the first admitted.
    public func preferred(_ language: String) -> Term? {
        let t = terms(language)
        return t.first { $0.status == .preferred } ?? t.first { $0.status == .admitted }
    }

    /// How the concept crosses into `language`: the strategy of its preferred term there,
    /// else the first strategy any term of that language states.
    public func strategy(_ language: String) -> TermStrategy? {
        if let s = preferred(language)?.strategy { return s }
        return terms(language).lazy.compactMap(\.strategy).first
    }

    /// Languages in this concept's order.
    public var languages: [String] { storage.map(\.language) }

    // Language order is presentation (CSV columns, TBX langSec order); equality is per language.
    public static func == (a: Concept, b: Concept) -> Bool {
        guard a.id == b.id, a.domain == b.domain, a.note == b.note else { return false }
        let la = a.storage.filter { !$0.terms.isEmpty }, lb = b.storage.filter { !$0.terms.isEmpty }
        guard la.count == lb.count else { return false }
        for (lang, terms) in la where b.terms(lang) != terms { return false }
        return true
    }

    public func hash(into h: inout Hasher) {
        h.combine(id)
        h.combine(domain)
        h.combine(note)
        for (lang, terms) in storage.filter({ !$0.terms.isEmpty }).sorted(by: { $0.language < $1.language }) {
            h.combine(lang)
            h.combine(terms)
        }
    }
}

/// One written form of a concept in one language.
public struct Term: Sendable, Hashable {
    public var text: String
    public var status: TermStatus
    /// How a translation handles the concept in this language (target languages only).
    public var strategy: TermStrategy?
    /// Part of speech: TBX-Basic allows noun, verb, adjective, adverb, other.
    public var partOfSpeech: String?
    /// Grammatical/pronoun gender: masculine, feminine, neuter, other (TBX-Basic values).
    public var gender: String?
    /// Genre-wide or one work; nil means unstated (genre-wide).
    public var scope: TermScope?
    public var note: String?
    /// Where the term is written (not part of equality).
    public var location: SourceLocation?

    public init(_ text: String, status: TermStatus = .preferred, strategy: TermStrategy? = nil, partOfSpeech: String? = nil,
                gender: String? = nil, scope: TermScope? = nil, note: String? = nil, location: SourceLocation? = nil) {
        self.text = text
        self.status = status
        self.strategy = strategy
        self.partOfSpeech = partOfSpeech
        self.gender = gender
        self.scope = scope
        self.note = note
        self.location = location
    }

    public static func == (a: Term, b: Term) -> Bool {
        a.text == b.text && a.status == b.status && a.strategy == b.strategy && a.partOfSpeech == b.partOfSpeech
            && a.gender == b.gender && a.scope == b.scope && a.note == b.note
    }

    public func hash(into h: inout Hasher) {
        h.combine(text)
        h.combine(status)
        h.combine(strategy)
        h.combine(partOfSpeech)
        h.combine(gender)
        h.combine(scope)
        h.combine(note)
    }
}

/// Usage status, after TBX `administrativeStatus`; enforcement follows
/// localization-standards.md §4: preferred = require, admitted = accept,
/// deprecated = warn and suggest the preferred term, forbidden = error.
public enum TermStatus: String, Sendable, Hashable, CaseIterable, Codable {
    case preferred, admitted, deprecated, forbidden

    /// Usable in a translation.
    public var isAccepted: Bool { self == .preferred || self == .admitted }
}

/// How a concept crosses into a target language.
public enum TermStrategy: String, Sendable, Hashable, CaseIterable, Codable {
    /// 筑基 → Foundation Establishment.
    case translate
    /// 丹田 → dantian; names → pinyin.
    case transliterate
    /// Leave the source form.
    case keep
    /// Translate and add a reader note on first occurrence.
    case explain
}

/// Whether a term holds for the whole genre or for one work only
/// (a name that differs per novel).
public enum TermScope: Sendable, Hashable, CustomStringConvertible {
    case genre
    case work(String)

    /// Parses `genre` or `work:<id>`.
    public init?(_ text: String) {
        if text == "genre" {
            self = .genre
        } else if text.hasPrefix("work:"), text.count > 5 {
            self = .work(String(text.dropFirst(5)))
        } else {
            return nil
        }
    }

    public var description: String {
        switch self {
        case .genre: "genre"
        case .work(let id): "work:\(id)"
        }
    }
}

/// BCP 47 well-formedness (RFC 5646 §2.1 syntax, without the grandfathered tags and
/// without the 4–8 letter primary subtags no registered language uses): enough to
/// catch `zh_CN`, `english` or `pt-br-` in a hand-edited file.
public enum LanguageTagSyntax {
    public static func isWellFormed(_ tag: String) -> Bool {
        let parts = tag.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        guard let first = parts.first, (2...3).contains(first.count),
              first.allSatisfy({ $0.isASCII && $0.isLetter }) else { return false }
        var i = 1
        // extlang (up to three 3-letter subtags) only after a 2–3 letter language
        var ext = 0
        while i < parts.count, parts[i].count == 3, parts[i].allSatisfy({ $0.isASCII && $0.isLetter }), ext < 3, first.count <= 3 {
            i += 1; ext += 1
        }
        if i < parts.count, parts[i].count == 4, parts[i].allSatisfy({ $0.isASCII && $0.isLetter }) { i += 1 }
        if i < parts.count, (parts[i].count == 2 && parts[i].allSatisfy({ $0.isASCII && $0.isLetter }))
            || (parts[i].count == 3 && parts[i].allSatisfy({ $0.isASCII && $0.isNumber })) { i += 1 }
        while i < parts.count {
            let p = parts[i]
            guard !p.isEmpty, p.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else { return false }
            if p.count == 1 {
                // extension or private use: needs at least one following subtag
                guard i + 1 < parts.count else { return false }
                return parts[(i + 1)...].allSatisfy { (1...8).contains($0.count) && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) } }
            }
            guard (5...8).contains(p.count) || (p.count == 4 && p.first!.isNumber) else { return false }
            i += 1
        }
        return true
    }
}
