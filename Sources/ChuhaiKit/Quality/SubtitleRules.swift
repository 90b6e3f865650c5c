import Foundation

/// The timing, reading-speed and formatting rules a delivery CI gate runs over a track.
///
/// Each rule has a stable id (`overlap`, `reading-speed`, …). The profile decides
/// which run and how severe they are; the numbers come from the profile, never from here.
public enum SubtitleRules {
    /// Checks `track` and emits findings into `sink`.
    ///
    /// - Parameter frameRate: the video's rate (`--fps`), else the track's, else the profile's default.
    public static func check(_ track: Track, settings: ValidationSettings, frameRate: FrameRate?, sink: DiagnosticSink) {
        var ctx = RuleContext(track: track, settings: settings, sink: sink)
        ctx.run(frameRate: frameRate)
    }

    /// `1.234 s` (milliseconds, without Foundation's slow `String(format:)`).
    static func seconds(_ t: SubtitleTime) -> String {
        let ms = t.milliseconds
        let a = ms < 0 ? -ms : ms
        var frac = String(a % 1000)
        while frac.utf8.count < 3 { frac = "0" + frac }
        return (ms < 0 ? "-" : "") + "\(a / 1000).\(frac) s"
    }

    /// Whether `id` is `n` written in decimal (what `String(n)` gives), without building the string.
    static func isNumber(_ id: String?, _ n: Int) -> Bool {
        guard var id, n >= 0 else { return id == String(n) }
        return id.withUTF8 { u in
            var rest = n
            var i = u.count
            guard i > 0 else { return false }
            while i > 0 {
                i -= 1
                guard u[i] == UInt8(0x30 + rest % 10) else { return false }
                rest /= 10
                if rest == 0 { return i == 0 }
            }
            return false
        }
    }

    /// `12` or `12.5`: whole numbers plain, others with one decimal.
    static func format(_ d: Double) -> String { d == d.rounded() ? String(Int(d)) : oneDecimal(d) }

    static func oneDecimal(_ d: Double) -> String {
        let tenths = Int((d * 10).rounded())
        return "\(tenths / 10).\(abs(tenths % 10))"
    }
}

private struct RuleContext {
    let track: Track
    let settings: ValidationSettings
    let sink: DiagnosticSink
    let lang: String

    init(track: Track, settings: ValidationSettings, sink: DiagnosticSink) {
        self.track = track
        self.settings = settings
        self.sink = sink
        lang = settings.languageKey ?? settings.language ?? "this language"
    }

    func on(_ rule: String) -> Bool { settings.severities[rule] != nil }

    func report(_ rule: String, _ message: String, cue: Int?, line textLine: Int? = nil) {
        guard let severity = settings.severities[rule] else { return }
        var loc = SourceLocation(file: track.file)
        if let cue {
            loc = track.cues[cue].location ?? loc
            if let textLine, let l = loc.line, track.format == .srt || track.format == .vtt {
                loc.line = l + 1 + textLine
                loc.column = 1
                loc.byteOffset = nil
            }
        }
        sink.emit(Diagnostic(severity, rule: rule, message, at: loc, item: cue.map { $0 + 1 }))
    }

    mutating func run(frameRate explicit: FrameRate?) {
        let cues = track.cues
        let fps = explicit ?? track.frameRate ?? settings.defaultFrameRate ?? FrameRate(24)
        if on("encoding") && track.encoding != .utf8 {
            report("encoding", "file is encoded as \(track.encoding.rawValue), not UTF-8; convert it (chuhai convert writes UTF-8)", cue: nil)
        }
        if on("frame-rate"), let allowed = settings.allowedFrameRates, let known = explicit ?? track.frameRate, !allowed.contains(known) {
            report("frame-rate", "frame rate \(known.displayName) is not accepted by \(settings.profile) (allowed: \(allowed.map(\.displayName).joined(separator: ", ")))",
                   cue: nil)
        }
        if (settings.gapMin?.needsFrameRate ?? false || settings.durationMin?.needsFrameRate ?? false) && explicit == nil
            && track.frameRate == nil && on("gap-min") && !cues.isEmpty
        {
            sink.emit(Diagnostic(.note, rule: "frame-rate", "no frame rate given: frame-based limits use \(fps.displayName) fps (pass --fps)",
                                 at: SourceLocation(file: track.file)))
        }
        let durMin = settings.durationMin?.time(at: fps)
        let durMax = settings.durationMax?.time(at: fps)
        let gapMin = settings.gapMin?.time(at: fps)
        let rtl = on("bidi") && SubtitleCounting.isRightToLeft(language: settings.language) && !track.hasDirectionMarkup
        let checkNumbering = on("numbering"), checkLineCount = on("line-count"), checkLineLength = on("line-length")
        let checkPunctuation = on("punctuation") && !settings.punctuationChecks.isEmpty, checkTags = on("tags")
        let checkSpeed = on("reading-speed")
        var firstMisnumbered: Int?
        var misnumbered = 0
        // Netflix measures reading speed per event and as a file average (subtitle-delivery.md §1).
        var fileCharacters = 0.0, fileSeconds = 0.0, timedCues = 0
        var seenIDs = CueIDRegistry(capacity: track.format == .vtt && checkNumbering ? cues.count : 0)
        let halfWidth = settings.halfWidthWeight
        let lineChecks = settings.punctuation.subtracting(.spanishInverted)
        // One scan per line (count, visible text, punctuation triggers), reused by every rule below.
        var facts: [SubtitleCounting.LineFacts] = []
        // Limits in locals: read through `self` inside the loop they cost retains per cue.
        let format = track.format, maxWPM = settings.maxWPM, maxLineLength = settings.maxLineLength, maxLines = settings.maxLines
        let maxCPS = settings.maxCPS, noItalics = settings.noItalics, noMarkup = settings.noMarkup
        let spanishInverted = checkPunctuation && settings.punctuation.contains(.spanishInverted)
        // Fields are read from `cues[k]` one by one: copying whole cues (ids, lines, locations)
        // costs more retains than the checks themselves on a 100k-cue track.
        for k in cues.indices {
            let n = k + 1
            let start = cues[k].start, end = cues[k].end
            let lineCount = cues[k].lineCount
            let duration = end - start
            facts.removeAll(keepingCapacity: true)
            var hasText = false
            for li in 0..<lineCount {
                let f = SubtitleCounting.scan(cues[k].line(li).text, halfWidth: halfWidth)
                hasText = hasText || f.hasText
                facts.append(f)
            }
            // Empty
            if !hasText { report("empty-cue", "cue \(n) has no text; delete it", cue: k) }
            // Order and durations
            if end < start {
                report("order", "cue \(n) ends at \(end) before it starts at \(start)", cue: k)
            } else if let min = durMin, duration == .zero || duration < min {
                if duration == .zero {
                    report("duration-min", "cue \(n) has zero duration (\(start) --> \(end))", cue: k)
                } else {
                    report("duration-min", "cue \(n) lasts \(SubtitleRules.seconds(duration)), shorter than the minimum \(settings.durationMin!.description) (\(SubtitleRules.seconds(min))); extend it or merge it with a neighbour",
                           cue: k)
                }
            }
            if let max = durMax, max < duration {
                report("duration-max", "cue \(n) lasts \(SubtitleRules.seconds(duration)), longer than the maximum \(settings.durationMax!.description); split it",
                       cue: k)
            }
            if k > 0 {
                let prevStart = cues[k - 1].start, prevEnd = cues[k - 1].end
                if start < prevStart {
                    report("order", "cue \(n) starts at \(start), before cue \(n - 1) starts at \(prevStart): cues are out of time order",
                           cue: k)
                } else if start < prevEnd && cues[k].position == cues[k - 1].position {
                    report("overlap", "cue \(n) starts at \(start) before cue \(n - 1) ends at \(prevEnd)", cue: k)
                } else if let g = gapMin, !(start < prevEnd) {
                    let gap = start - prevEnd
                    if gap < g && !(gap == .zero && settings.gapAllowZero) {
                        report("gap-min", "gap of \(SubtitleRules.seconds(gap)) between cue \(n - 1) and cue \(n) is shorter than \(settings.gapMin!.description) (\(SubtitleRules.seconds(g))); \(settings.gapAllowZero ? "close it or widen it" : "make it exactly \(settings.gapMin!.description)")",
                               cue: k)
                    }
                }
            }
            // Numbering
            if format == .srt && checkNumbering && !SubtitleRules.isNumber(cues[k].id, n) {
                misnumbered += 1
                if firstMisnumbered == nil {
                    firstMisnumbered = k
                    let id = cues[k].id
                    report("numbering", id == nil ? "cue \(n) has no number" : "cue \(n) is numbered \(id!), expected \(n)", cue: k)
                }
            } else if format == .vtt, checkNumbering, let id = cues[k].id {
                if let first = seenIDs.firstUse(of: id, at: n) {
                    report("numbering", "cue identifier \(id) is already used by cue \(first); WebVTT ids must be unique", cue: k)
                }
            }
            // Lines, reading speed, punctuation, tags, bidi
            if let maxLines, checkLineCount, lineCount > maxLines {
                report("line-count", "cue \(n) has \(lineCount) lines (max \(maxLines) for \(lang))", cue: k)
            }
            var total = 0.0
            var words = 0
            for li in 0..<lineCount {
                let f = facts[li]
                let count = f.count
                total += count
                if maxWPM != nil { words += SubtitleCounting.words(cues[k].line(li).text) }
                if let max = maxLineLength, checkLineLength, count > max + 1e-9 {
                    report("line-length", "line \(li + 1) of cue \(n) has \(SubtitleRules.format(count)) characters (max \(SubtitleRules.format(max)) for \(lang)); break it or shorten it",
                           cue: k, line: li)
                }
                if checkPunctuation && PunctuationChecks.mayFind(lineChecks, in: f) {
                    for problem in PunctuationChecks.run(lineChecks, on: cues[k].line(li).text) {
                        report("punctuation", "cue \(n), line \(li + 1): \(problem)", cue: k, line: li)
                    }
                }
                // A right-to-left letter is never ASCII.
                if rtl && f.hasNonASCII {
                    let text = cues[k].line(li).text
                    if let first = text.unicodeScalars.first, ![0x200F, 0x202B, 0x202E, 0x2067].contains(first.value),
                       text.unicodeScalars.contains(where: { SubtitleCounting.isStrongRTL($0.value) })
                    {
                        report("bidi", "line \(li + 1) of cue \(n) does not start with a right-to-left mark (U+200F RLM or U+202B RLE); players without direction markup put its punctuation on the wrong side",
                               cue: k, line: li)
                    }
                }
            }
            // ¿…? may open on one line and close on the next: checked over the whole cue.
            if spanishInverted {
                for problem in PunctuationChecks.run(.spanishInverted, on: cues[k].text) {
                    report("punctuation", "cue \(n): \(problem)", cue: k)
                }
            }
            if checkTags && (noItalics || noMarkup) {
                // Only styled lines hold spans worth looking at; plain ones build no array.
                var styled = false, italic = false
                for li in 0..<lineCount where cues[k].line(li).isStyled {
                    for span in cues[k].line(li).spans {
                        if !span.style.isEmpty || span.color != nil { styled = true }
                        if span.style.contains(.italic) { italic = true }
                    }
                }
                if noMarkup && (styled || cues[k].position == .top) {
                    report("tags", "cue \(n) has styling or positioning, which \(settings.profile) ignores in basic formats (plain text only)", cue: k)
                } else if noItalics && italic {
                    report("tags", "cue \(n) uses italics, which the \(lang) guide does not allow", cue: k)
                }
            }
            if checkSpeed && duration > .zero {
                let secs = duration.seconds
                if total > 0 {
                    fileCharacters += total
                    fileSeconds += secs
                    timedCues += 1
                }
                if let max = maxCPS, total / secs > max + 1e-9 {
                    report("reading-speed", "cue \(n) reads at \(SubtitleRules.oneDecimal(total / secs)) characters per second (max \(SubtitleRules.format(max)) for \(lang)): \(SubtitleRules.format(total)) characters in \(SubtitleRules.seconds(duration)); lengthen the cue or shorten the text",
                           cue: k)
                } else if let max = maxWPM, Double(words) / secs * 60 > max + 1e-9 {
                    report("reading-speed", "cue \(n) reads at \(Int((Double(words) / secs * 60).rounded())) words per minute (max \(SubtitleRules.format(max))): \(words) words in \(SubtitleRules.seconds(duration)); lengthen the cue or shorten the text",
                           cue: k)
                }
            }
        }
        if checkSpeed, let max = maxCPS, timedCues > 1, fileCharacters / fileSeconds > max + 1e-9 {
            report("reading-speed", "the file averages \(SubtitleRules.oneDecimal(fileCharacters / fileSeconds)) characters per second over \(timedCues) cues (max \(SubtitleRules.format(max)) for \(lang)): the whole track reads too fast, not just single cues; give cues more time or condense the text",
                   cue: nil)
        }
        if misnumbered > 1, let first = firstMisnumbered {
            report("numbering", "\(misnumbered - 1) more cue(s) after cue \(first + 1) are not numbered in sequence; `chuhai validate --fix` renumbers",
                   cue: first)
        }
    }
}

/// Which cue first used each WebVTT identifier, for the uniqueness check.
///
/// Most files number cues `1, 2, 3…`: an id equal to its own cue number is noted in a bit
/// array instead of a dictionary, since hashing 100k ids costs more than the rest of the
/// checks. Only other ids are hashed, and a number-like one is also looked up in the bits.
struct CueIDRegistry {
    /// Cue `n` (1-based) had the id `String(n)`.
    private var positional: [Bool]
    private var others: [String: Int] = [:]

    init(capacity: Int) { positional = [Bool](repeating: false, count: capacity + 1) }

    /// The earlier cue (1-based) that used `id`, or nil when cue `n` is the first; records the use.
    mutating func firstUse(of id: String, at n: Int) -> Int? {
        if SubtitleRules.isNumber(id, n) {
            // No earlier cue has the same number; only a non-positional use can come first.
            if n >= positional.count { positional += [Bool](repeating: false, count: n + 1 - positional.count) }
            positional[n] = true
            return others.isEmpty ? nil : others[id]
        }
        var first = others[id]
        if let m = Int(id), m >= 1, m < n, m < positional.count, positional[m], SubtitleRules.isNumber(id, m) {
            first = Swift.min(first ?? m, m)
        }
        if first == nil { others[id] = n }
        return first
    }
}

/// Language-specific punctuation checks named in profiles (`checks: [ellipsis, thai]`).
enum PunctuationChecks {
    struct Options: OptionSet, Sendable {
        let rawValue: Int
        static let ellipsis = Options(rawValue: 1)
        static let noLineEndCommaPeriod = Options(rawValue: 2)
        static let fullWidth = Options(rawValue: 4)
        static let thai = Options(rawValue: 8)
        static let arabic = Options(rawValue: 16)
        static let spanishInverted = Options(rawValue: 32)
        static let names: [String: Options] = ["ellipsis": .ellipsis, "no-line-end-comma-period": .noLineEndCommaPeriod,
                                               "full-width": .fullWidth, "thai": .thai, "arabic": .arabic,
                                               "spanish-inverted": .spanishInverted]

        init(rawValue: Int) { self.rawValue = rawValue }
        init(_ names: Set<String>) { self = names.reduce(into: Options()) { $0.formUnion(Self.names[$1] ?? []) } }
    }

    /// ASCII marks found by `SubtitleCounting.scan`, so lines without a check's trigger skip it.
    struct Marks: OptionSet, Sendable {
        let rawValue: UInt8
        static let comma = Marks(rawValue: 1)
        static let period = Marks(rawValue: 2)
        static let question = Marks(rawValue: 4)
        static let exclamation = Marks(rawValue: 8)
        static let colon = Marks(rawValue: 16)
        static let semicolon = Marks(rawValue: 32)
    }

    /// False only when `run(checks, on:)` is sure to find nothing: each check needs one of
    /// these marks (or, for the non-ASCII marks `，。、` and Arabic, a non-ASCII scalar).
    static func mayFind(_ checks: Options, in facts: SubtitleCounting.LineFacts) -> Bool {
        let m = facts.marks
        if checks.contains(.ellipsis) && m.contains(.period) { return true }
        if checks.contains(.noLineEndCommaPeriod) && (facts.hasNonASCII || !m.isDisjoint(with: [.comma, .period])) { return true }
        if checks.contains(.fullWidth) && !m.isDisjoint(with: [.comma, .question, .exclamation, .colon, .semicolon]) { return true }
        if checks.contains(.thai) && !m.isDisjoint(with: [.question, .period]) { return true }
        if checks.contains(.arabic) && facts.hasNonASCII { return true }
        if checks.contains(.spanishInverted) && !m.isDisjoint(with: [.question, .exclamation]) { return true }
        return false
    }

    @inline(__always)
    static func has(_ line: String, _ match: (UInt8) -> Bool) -> Bool {
        for b in line.utf8 where match(b) { return true }
        return false
    }

    /// ASCII `, ? ! : ;` — the half-width marks the full-width check looks for.
    static func hasHalfWidthPunctuation(_ line: String) -> Bool {
        for b in line.utf8 where b == 0x2C || b == 0x3F || b == 0x21 || b == 0x3A || b == 0x3B { return true }
        return false
    }

    /// Each check first looks for its trigger bytes; most lines have none, and then cost one scan.
    static func run(_ checks: Options, on line: String) -> [String] {
        var out: [String] = []
        if checks.contains(.ellipsis) && line.utf8.count >= 3 {
            var dots = 0
            for b in line.utf8 {
                dots = b == 0x2E ? dots + 1 : 0
                if dots == 3 { break }
            }
            if dots == 3 { out.append("`...` should be the single ellipsis character … (U+2026)") }
        }
        if checks.contains(.noLineEndCommaPeriod), let last = line.unicodeScalars.last(where: { !$0.properties.isWhitespace }),
           [",", ".", "，", "。", "、"].contains(Character(last)), !line.hasSuffix("...")
        {
            out.append("line ends with `\(Character(last))`; the guide drops commas and periods at line end")
        }
        if checks.contains(.fullWidth) && hasHalfWidthPunctuation(line) {
            let scalars = Array(line.unicodeScalars)
            for (i, u) in scalars.enumerated() where [",", "?", "!", ":", ";"].contains(Character(u)) {
                let prevCJK = i > 0 && TextMetrics.isCJK(scalars[i - 1])
                let nextCJK = i + 1 < scalars.count && TextMetrics.isCJK(scalars[i + 1])
                if prevCJK || nextCJK {
                    out.append("half-width `\(Character(u))` next to CJK text; use the full-width form")
                    break
                }
            }
        }
        if checks.contains(.thai) && has(line, { $0 == 0x3F || $0 == 0x2E }) {
            let scalars = Array(line.unicodeScalars)
            for (i, u) in scalars.enumerated() {
                if u == "?" {
                    out.append("Thai subtitles use no question marks")
                    break
                }
                let digitBefore = i > 0 && scalars[i - 1].properties.numericType != nil
                let digitAfter = i + 1 < scalars.count && scalars[i + 1].properties.numericType != nil
                if u == "." && !(digitBefore && digitAfter) && !line.contains("...") {
                    out.append("Thai subtitles use no periods")
                    break
                }
            }
        }
        if checks.contains(.arabic) && has(line, { $0 >= 0xD8 && $0 <= 0xDB }) {
            if line.contains(",") || line.contains("?") || line.contains(";") {
                out.append("use Arabic punctuation ، ؟ ؛ instead of , ? ;")
            }
            if line.contains(" ،") || line.contains(" ؟") || line.contains(" !") {
                out.append("no space before commas, question marks or exclamation marks")
            }
            if line.contains("؟!") || line.contains("!؟") {
                out.append("do not combine ؟ and !")
            }
        }
        if checks.contains(.spanishInverted) && has(line, { $0 == 0x3F || $0 == 0x21 }) {
            if line.contains("?") && !line.contains("¿") { out.append("question without the opening ¿") }
            if line.contains("!") && !line.contains("¡") { out.append("exclamation without the opening ¡") }
        }
        return out
    }
}
