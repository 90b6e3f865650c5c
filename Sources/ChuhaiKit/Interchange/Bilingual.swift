/// Text with inline markup: what a unit's source and a segment's target carry.
///
/// Spans use the document model's `InlineSpan` (UTF-8 byte offsets into `text`), so
/// paragraphs, cues and XLIFF inline codes share one representation.
public struct InlineText: Sendable, Hashable, Codable, ExpressibleByStringLiteral {
    public var text: String
    public var spans: [InlineSpan]

    public init(_ text: String, spans: [InlineSpan] = []) {
        self.text = text
        self.spans = spans
    }

    public init(stringLiteral value: String) { self.init(value) }

    /// The part of the text in `range` (UTF-8 bytes), with the spans inside it rebased.
    /// Spans crossing the edges are clipped to them.
    public func slice(_ range: Range<Int>) -> InlineText {
        let bytes = Array(text.utf8)
        let s = String(decoding: bytes[range], as: UTF8.self)
        var spans: [InlineSpan] = []
        for sp in self.spans where sp.end >= range.lowerBound && sp.start <= range.upperBound {
            if sp.start == sp.end, !(range.contains(sp.start) || (sp.start == range.upperBound && range.upperBound == bytes.count)) { continue }
            if sp.start != sp.end && (sp.end <= range.lowerBound || sp.start >= range.upperBound) { continue }
            spans.append(InlineSpan(start: max(sp.start, range.lowerBound) - range.lowerBound,
                                    end: min(sp.end, range.upperBound) - range.lowerBound, style: sp.style, value: sp.value))
        }
        return InlineText(s, spans: spans)
    }
}

/// A glossary term found in a unit's source, to be marked for the translator.
///
/// Kept independent of the Glossary module's types so any term source (a TBX, the
/// glossary applier, a client's list) can feed the exporters.
public struct TermAnnotation: Sendable, Hashable {
    /// Concept id in its glossary (`realm-zhuji`).
    public var conceptID: String
    /// UTF-8 byte range of the term in the unit's source text.
    public var range: Range<Int>
    /// The translation the glossary prescribes for the target language.
    public var translation: String?
    /// Definition or reader note shown to the translator.
    public var note: String?
    /// Where the term comes from (glossary id or file), written as the entry's `source`.
    public var origin: String?

    public init(conceptID: String, range: Range<Int>, translation: String? = nil, note: String? = nil, origin: String? = nil) {
        self.conceptID = conceptID
        self.range = range
        self.translation = translation
        self.note = note
        self.origin = origin
    }
}

/// Where a segment's target stands, on XLIFF 2.1's scale (`segment@state`).
public enum TranslationState: String, Sendable, Hashable, CaseIterable, Codable, Comparable {
    case initial, translated, reviewed, final

    /// Workflow order: initial < translated < reviewed < final.
    public static func < (a: TranslationState, b: TranslationState) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }

    /// The XLIFF 1.2 `target@state` value.
    public var xliff12: String {
        switch self {
        case .initial: "needs-translation"
        case .translated: "translated"
        case .reviewed: "signed-off"
        case .final: "final"
        }
    }

    /// Reads a 1.2 state (the needs-review-* values are translated but unreviewed).
    public init(xliff12 value: String) {
        switch value {
        case "translated", "needs-review-translation", "needs-review-adaptation", "needs-review-l10n": self = .translated
        case "signed-off": self = .reviewed
        case "final": self = .final
        default: self = .initial
        }
    }
}

/// How a prefilled target was obtained; XLIFF 1.2 `state-qualifier` names.
public enum MatchOrigin: String, Sendable, Hashable, CaseIterable, Codable {
    /// Translated before (existing parallel text).
    case existing = "id-match"
    case exactMatch = "exact-match"
    case fuzzyMatch = "fuzzy-match"
    case machine = "leveraged-mt"
}

/// A segment's translation with its state and where it came from.
public struct SegmentTarget: Sendable, Hashable {
    public var text: InlineText
    public var state: TranslationState
    public var origin: MatchOrigin?
    /// Similarity in percent for memory matches (100 for exact).
    public var score: Int?

    public init(_ text: InlineText, state: TranslationState = .translated, origin: MatchOrigin? = nil, score: Int? = nil) {
        self.text = text
        self.state = state
        self.origin = origin
        self.score = score
    }
}

/// An ordered key/value pair carried through interchange files (chapter id, cue timing).
public struct Metadatum: Sendable, Hashable, Codable {
    public var key: String
    public var value: String
    public init(_ key: String, _ value: String) {
        self.key = key
        self.value = value
    }
}

/// A paragraph, heading or cue to translate: XLIFF `unit` / `trans-unit`.
public struct BilingualUnit: Sendable, Hashable {
    /// Unique in its file (`p12`, `title`, `c0042`).
    public var id: String
    public var source: InlineText
    /// Sentence ranges (UTF-8 bytes of `source.text`), in order and not overlapping; text
    /// between them (spaces) is kept as XLIFF `ignorable`.
    public var segments: [Range<Int>]
    /// One entry per segment; nil where nothing is translated yet.
    public var targets: [SegmentTarget?]
    public var terms: [TermAnnotation]
    /// What import needs to put the unit back (heading level, cue times).
    public var metadata: [Metadatum]
    public var note: String?

    public init(id: String, source: InlineText, segments: [Range<Int>]? = nil, targets: [SegmentTarget?] = [],
                terms: [TermAnnotation] = [], metadata: [Metadatum] = [], note: String? = nil) {
        self.id = id
        self.source = source
        let segs = segments ?? [0..<source.text.utf8.count]
        self.segments = segs
        self.targets = targets.count == segs.count ? targets : Array(repeating: nil, count: segs.count)
        self.terms = terms
        self.metadata = metadata
        self.note = note
    }

    /// A unit split into sentences with the project's segmenter.
    public init(id: String, source: InlineText, segmenter: Segmenter, terms: [TermAnnotation] = [],
                metadata: [Metadatum] = [], note: String? = nil) {
        var ranges: [Range<Int>] = []
        segmenter.spans(source.text) { ranges.append($0.start..<$0.end) }
        if ranges.isEmpty { ranges = [0..<source.text.utf8.count] }
        self.init(id: id, source: source, segments: ranges, terms: terms, metadata: metadata, note: note)
    }

    public func metadata(_ key: String) -> String? { metadata.first { $0.key == key }?.value }

    /// The source of segment `i`.
    public func sourceSegment(_ i: Int) -> InlineText { source.slice(segments[i]) }

    /// Whether every segment has a target and the unit's translation is not empty.
    ///
    /// A segment may be confirmed empty (state translated or later): translators merge two
    /// source sentences into one target sentence and leave the other segment blank, which
    /// CAT tools allow. An empty target still in `initial` is untranslated.
    public var isTranslated: Bool {
        var any = false
        for t in targets {
            guard let t else { return false }
            if t.text.text.isEmpty {
                if t.state == .initial { return false }
            } else {
                any = true
            }
        }
        return any
    }

    /// The unit's translation: segment targets joined with the source's inter-segment
    /// text. Where the source had none (Chinese runs sentences together) and the target
    /// language separates sentences with spaces, a space is put in (localization-standards.md,
    /// "Other practical notes": whitespace is adjusted at merge time, not in the segmenter).
    public func joinedTarget(language: String) -> InlineText? {
        guard !targets.isEmpty, targets.allSatisfy({ $0 != nil }) else { return nil }
        let spaced = !Self.unspacedLanguages.contains(primaryLanguage(language))
        let src = Array(source.text.utf8)
        var out = InlineText("")
        var bytes: [UInt8] = []
        func append(_ t: InlineText) {
            let base = bytes.count
            bytes.append(contentsOf: t.text.utf8)
            out.spans += t.spans.map { InlineSpan(start: $0.start + base, end: $0.end + base, style: $0.style, value: $0.value) }
        }
        var cursor = 0
        for (i, r) in segments.enumerated() {
            let gap = Array(src[cursor..<r.lowerBound])
            if !gap.isEmpty {
                if i > 0 || !gap.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0A }) { bytes += gap }
            } else if i > 0 && spaced, let last = bytes.last, last != 0x20, let t = targets[i], !t.text.text.isEmpty {
                bytes.append(0x20)
            }
            append(targets[i]!.text)
            cursor = r.upperBound
        }
        out.text = String(decoding: bytes, as: UTF8.self)
        return out
    }

    static let unspacedLanguages: Set<String> = ["zh", "ja", "th", "lo", "km", "my", "yue", "wuu", "lzh"]
}

func primaryLanguage(_ tag: String) -> String {
    String(tag.split(separator: "-").first ?? Substring(tag)).lowercased()
}

/// One chapter or episode: XLIFF `file`.
public struct BilingualFile: Sendable, Hashable {
    /// Unique in the document (`qingyun-ch0001`).
    public var id: String
    /// The source file name or path, for CAT tools' display.
    public var original: String?
    public var metadata: [Metadatum]
    public var units: [BilingualUnit]

    public init(id: String, original: String? = nil, metadata: [Metadatum] = [], units: [BilingualUnit] = []) {
        self.id = id
        self.original = original
        self.metadata = metadata
        self.units = units
    }

    public func metadata(_ key: String) -> String? { metadata.first { $0.key == key }?.value }
}

/// A bilingual hand-off: one work in one target language.
public struct BilingualDocument: Sendable, Hashable {
    public var sourceLanguage: String
    public var targetLanguage: String
    public var files: [BilingualFile]

    public init(sourceLanguage: String, targetLanguage: String, files: [BilingualFile] = []) {
        self.sourceLanguage = sourceLanguage
        self.targetLanguage = targetLanguage
        self.files = files
    }

    /// Units by (file id, unit id).
    public var unitIndex: [String: [String: BilingualUnit]] {
        var out: [String: [String: BilingualUnit]] = [:]
        for f in files {
            var m: [String: BilingualUnit] = [:]
            for u in f.units where m[u.id] == nil { m[u.id] = u }
            out[f.id] = m
        }
        return out
    }
}
