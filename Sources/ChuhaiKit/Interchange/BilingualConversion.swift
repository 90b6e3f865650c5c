/// Turning works and subtitle tracks into bilingual documents and translations back into them.
///
/// File ids are `<work>-<chapter>` (or the episode id), unit ids the paragraph ids, `title`
/// for a chapter heading and `c0001`… for cues; the metadata keys below are what lets
/// import rebuild a work or track from a translated file alone.
public enum BilingualKeys {
    public static let work = "work"
    public static let chapter = "chapter"
    public static let number = "number"
    public static let role = "role"
    public static let heading = "heading"
    public static let cueStart = "start-ms"
    public static let cueEnd = "end-ms"
    public static let cueID = "cue-id"
    public static let speaker = "speaker"
    public static let position = "position"
    /// Unit id of a chapter's title.
    public static let titleUnit = "title"
}

/// Supplies a target for a source segment (translation memory, MT, existing translation), or nil.
public typealias TargetPrefill = (_ fileID: String, _ unitID: String, _ segment: Int, _ source: InlineText) -> SegmentTarget?

extension BilingualDocument {
    /// The hand-off for one work into one language.
    ///
    /// - Parameters:
    ///   - segmenter: source-language sentence segmenter (one `<segment>` per sentence).
    ///   - terms: glossary terms in a unit's source text (`TermAnnotation.annotations`).
    ///   - existing: a parallel translation of the work; paragraphs whose sentence count
    ///     matches (or single-sentence paragraphs) are prefilled as translated.
    ///   - targetSegmenter: segments `existing`'s paragraphs.
    ///   - prefill: asked for every segment still empty (memory matches, MT).
    public init(work: Work, targetLanguage: String, segmenter: Segmenter,
                terms: ((InlineText) -> [TermAnnotation])? = nil,
                existing: Work? = nil, targetSegmenter: Segmenter? = nil,
                prefill: TargetPrefill? = nil) {
        self.init(sourceLanguage: work.language, targetLanguage: targetLanguage)
        let existingChapters = Dictionary((existing?.chapters ?? []).map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        for chapter in work.chapters {
            let fileID = "\(work.id)-\(chapter.id)"
            var file = BilingualFile(id: fileID, original: chapter.source.file,
                                     metadata: [Metadatum(BilingualKeys.work, work.id), Metadatum(BilingualKeys.chapter, chapter.id),
                                                Metadatum(BilingualKeys.number, String(chapter.number))])
            let old = existingChapters[chapter.id]
            let oldParagraphs = Dictionary((old?.paragraphs ?? []).map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
            func unit(_ id: String, _ source: InlineText, metadata: [Metadatum], existing: InlineText?) -> BilingualUnit {
                var u = BilingualUnit(id: id, source: source, segmenter: segmenter, terms: terms?(source) ?? [], metadata: metadata)
                if let existing { u.prefill(existing: existing, targetSegmenter: targetSegmenter) }
                if let prefill {
                    for i in u.segments.indices where u.targets[i] == nil {
                        u.targets[i] = prefill(fileID, id, i, u.sourceSegment(i))
                    }
                }
                return u
            }
            if let title = chapter.title, !title.isEmpty {
                file.units.append(unit(BilingualKeys.titleUnit, InlineText(title), metadata: [Metadatum(BilingualKeys.role, "title")],
                                       existing: old?.title.map { InlineText($0) }))
            }
            for p in chapter.paragraphs {
                let meta = p.headingLevel.map { [Metadatum(BilingualKeys.heading, String($0))] } ?? []
                file.units.append(unit(p.id, InlineText(p.text, spans: p.spans), metadata: meta,
                                       existing: oldParagraphs[p.id].map { InlineText($0.text, spans: $0.spans) }))
            }
            files.append(file)
        }
    }
}

extension BilingualUnit {
    /// Fills the targets from an existing translation of the whole unit: a one-segment unit
    /// takes it as is; otherwise it is split with `targetSegmenter` and used only when the
    /// sentence counts match (a guess at alignment would put sentences against the wrong source).
    mutating func prefill(existing: InlineText, targetSegmenter: Segmenter?) {
        guard !existing.text.isEmpty else { return }
        if segments.count == 1 {
            targets[0] = SegmentTarget(existing, state: .translated, origin: .existing, score: 100)
        } else if let ts = targetSegmenter {
            var ranges: [Range<Int>] = []
            ts.spans(existing.text) { ranges.append($0.start..<$0.end) }
            guard ranges.count == segments.count else { return }
            for (i, r) in ranges.enumerated() {
                var piece = existing.slice(r)
                // A line break between two sentences ends the first one, so it is kept exactly once.
                if i > 0 { piece.spans.removeAll { $0.style == .lineBreak && $0.start == 0 } }
                if i + 1 < ranges.count {
                    let end = piece.text.utf8.count
                    for b in existing.spans where b.style == .lineBreak && b.start >= r.upperBound && b.start <= ranges[i + 1].lowerBound {
                        piece.spans.append(InlineSpan(start: end, end: end, style: .lineBreak, value: b.value))
                    }
                }
                targets[i] = SegmentTarget(piece, state: .translated, origin: .existing, score: 100)
            }
        }
    }
}

extension BilingualFile {
    /// One episode's subtitles: a unit per cue with its timing kept as metadata.
    /// Cue lines are joined by a line-break code, so translators see where the lines break.
    ///
    /// - Parameter existing: a translated track; when its cue count matches, its cues prefill
    ///   the units (as parallel files do for chapters).
    public init(episode id: String, track: Track, segmenter: Segmenter, terms: ((InlineText) -> [TermAnnotation])? = nil,
                existing: Track? = nil, targetSegmenter: Segmenter? = nil, prefill: TargetPrefill? = nil) {
        self.init(id: id, original: track.file, metadata: [Metadatum(BilingualKeys.work, id)])
        let old = existing?.cues.count == track.cues.count ? existing : nil
        for (i, cue) in track.cues.enumerated() {
            let source = Self.inlineText(cue.lines)
            var meta = [Metadatum(BilingualKeys.cueStart, String(cue.start.milliseconds)),
                        Metadatum(BilingualKeys.cueEnd, String(cue.end.milliseconds))]
            if let cid = cue.id { meta.append(Metadatum(BilingualKeys.cueID, cid)) }
            if let s = cue.speaker { meta.append(Metadatum(BilingualKeys.speaker, s)) }
            if cue.position != .bottom { meta.append(Metadatum(BilingualKeys.position, cue.position.rawValue)) }
            let uid = Self.cueUnitID(i + 1)
            var u = BilingualUnit(id: uid, source: source, segmenter: segmenter, terms: terms?(source) ?? [], metadata: meta)
            if let old { u.prefill(existing: Self.inlineText(old.cues[i].lines), targetSegmenter: targetSegmenter) }
            if let prefill {
                for s in u.segments.indices where u.targets[s] == nil { u.targets[s] = prefill(id, uid, s, u.sourceSegment(s)) }
            }
            units.append(u)
        }
    }

    /// `c0001` for the first cue.
    public static func cueUnitID(_ n: Int) -> String {
        let d = String(n)
        return "c" + String(repeating: "0", count: max(0, 4 - d.count)) + d
    }

    static func inlineText(_ lines: [CueLine]) -> InlineText {
        var out = InlineText("")
        var bytes = 0
        var text = ""
        for (li, line) in lines.enumerated() {
            if li > 0 { out.spans.append(InlineSpan(start: bytes, end: bytes, style: .lineBreak)) }
            for span in line.spans {
                let start = bytes
                text += span.text
                bytes += span.text.utf8.count
                if span.style.contains(.bold) { out.spans.append(InlineSpan(start: start, end: bytes, style: .bold)) }
                if span.style.contains(.italic) { out.spans.append(InlineSpan(start: start, end: bytes, style: .italic)) }
                if span.style.contains(.underline) { out.spans.append(InlineSpan(start: start, end: bytes, style: .underline)) }
                if let r = span.ruby { out.spans.append(InlineSpan(start: start, end: bytes, style: .ruby, value: r)) }
            }
        }
        out.text = text
        out.spans.sort { ($0.start, -$0.end) < ($1.start, -$1.end) }
        return out
    }

    /// Cue lines from translated inline text: split at line-break codes, styles per piece.
    static func cueLines(_ t: InlineText) -> [CueLine] {
        let bytes = Array(t.text.utf8)
        var cuts = t.spans.filter { $0.style == .lineBreak }.map(\.start)
        cuts.append(bytes.count)
        var lines: [CueLine] = []
        var from = 0
        for cut in cuts where cut >= from {
            // Style boundaries inside the line.
            let styled = t.spans.filter { $0.style != .lineBreak && $0.start < cut && $0.end > from }
            var points = Set([from, cut])
            for s in styled { points.insert(max(from, s.start)); points.insert(min(cut, s.end)) }
            let sorted = points.sorted()
            var spans: [Span] = []
            for (a, b) in zip(sorted, sorted.dropFirst()) where a < b {
                var style: SpanStyle = []
                var ruby: String?
                for s in styled where s.start <= a && s.end >= b {
                    switch s.style {
                    case .bold: style.insert(.bold)
                    case .italic: style.insert(.italic)
                    case .underline: style.insert(.underline)
                    case .ruby: ruby = s.value
                    default: break
                    }
                }
                var text = String(decoding: bytes[a..<b], as: UTF8.self)
                if spans.isEmpty { text = String(text.drop { $0 == " " }) }
                spans.append(Span(text, style: style, ruby: ruby))
            }
            if var last = spans.popLast() {
                last.text = String(last.text.reversed().drop { $0 == " " }.reversed())
                spans.append(last)
            }
            lines.append(CueLine(spans.filter { !$0.text.isEmpty }))
            from = cut
        }
        return lines
    }
}

/// A translation that could not be put back: which unit, and why.
public struct TranslationGap: Sendable, Hashable {
    public var fileID: String
    public var unitID: String
    public var reason: String
}

extension Work {
    /// This work in the document's target language: each paragraph (and title) replaced by
    /// its unit's joined target. Paragraphs without a complete translation keep their
    /// source text and are listed in the returned gaps, so the pipeline can stop or warn.
    public func translated(by document: BilingualDocument) -> (work: Work, gaps: [TranslationGap]) {
        var out = self
        out.language = document.targetLanguage
        var gaps: [TranslationGap] = []
        let units = document.unitIndex
        for ci in out.chapters.indices {
            let chapter = out.chapters[ci]
            let fileID = "\(id)-\(chapter.id)"
            guard let fileUnits = units[fileID] else {
                gaps.append(TranslationGap(fileID: fileID, unitID: "", reason: "no file for chapter \(chapter.id)"))
                continue
            }
            func target(_ uid: String) -> InlineText? {
                guard let u = fileUnits[uid] else {
                    gaps.append(TranslationGap(fileID: fileID, unitID: uid, reason: "unit missing"))
                    return nil
                }
                guard u.isTranslated, let t = u.joinedTarget(language: document.targetLanguage) else {
                    gaps.append(TranslationGap(fileID: fileID, unitID: uid, reason: "not translated"))
                    return nil
                }
                return t
            }
            if chapter.title?.isEmpty == false, let t = target(BilingualKeys.titleUnit) { out.chapters[ci].title = t.text }
            for pi in chapter.paragraphs.indices {
                if let t = target(chapter.paragraphs[pi].id) {
                    out.chapters[ci].paragraphs[pi].text = t.text
                    out.chapters[ci].paragraphs[pi].spans = t.spans
                }
            }
        }
        return (out, gaps)
    }
}

extension Track {
    /// This track with each cue's lines replaced by its unit's translation; timing, ids
    /// and speakers are kept from the source track.
    public func translated(by file: BilingualFile, language: String) -> (track: Track, gaps: [TranslationGap]) {
        var out = self
        out.language = language
        var gaps: [TranslationGap] = []
        let units = Dictionary(file.units.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        for i in out.cues.indices {
            let uid = BilingualFile.cueUnitID(i + 1)
            guard let u = units[uid] else {
                gaps.append(TranslationGap(fileID: file.id, unitID: uid, reason: "unit missing"))
                continue
            }
            guard u.isTranslated, let t = u.joinedTarget(language: language) else {
                gaps.append(TranslationGap(fileID: file.id, unitID: uid, reason: "not translated"))
                continue
            }
            out.cues[i].lines = BilingualFile.cueLines(t)
        }
        return (out, gaps)
    }
}

extension TermAnnotation {
    /// Glossary terms in `text`, with the preferred translation for `targetLanguage`.
    public static func annotations(in text: String, index: TermIndex, targetLanguage: String) -> [TermAnnotation] {
        index.occurrences(in: text).map { o in
            let c = index.glossary.concepts[o.conceptIndex]
            return TermAnnotation(conceptID: o.conceptID, range: o.start..<o.end, translation: c.preferred(targetLanguage)?.text,
                                  note: c.note, origin: index.glossary.id)
        }
    }
}
