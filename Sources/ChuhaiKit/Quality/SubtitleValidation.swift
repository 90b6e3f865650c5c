import Foundation

/// `chuhai validate` for one file: read, pick the language's rules, check, optionally fix.
public enum SubtitleValidation {
    public struct Options: Sendable {
        public var profile: DeliveryProfile
        /// `--lang`; else the file's own tag, a tag in its name (`ep01.zh-Hans.srt`), or a guess from its text.
        public var language: String?
        public var frameRate: FrameRate?
        public var encoding: TextEncoding?

        public init(profile: DeliveryProfile, language: String? = nil, frameRate: FrameRate? = nil, encoding: TextEncoding? = nil) {
            self.profile = profile
            self.language = language
            self.frameRate = frameRate
            self.encoding = encoding
        }
    }

    public struct Result: Sendable {
        /// nil when the file could not be parsed at all (malformed XML, undecodable bytes).
        public var track: Track?
        public var diagnostics: [Diagnostic]
        public var language: String?
        public var settings: ValidationSettings?
    }

    /// Validates a file.
    ///
    /// - Throws: `ChuhaiError` only when the file cannot be opened (exit 2); broken content is diagnostics (exit 1).
    public static func validate(path: String, options: Options) throws -> Result {
        let data = try Subtitles.loadFile(path)
        return try validate(data, file: path == "-" ? "<stdin>" : path, options: options)
    }

    public static func validate(_ data: Data, file: String, options: Options) throws -> Result {
        let sink = DiagnosticSink()
        let track: Track
        do {
            track = try Subtitles.read(data, file: file, encoding: options.encoding, sink: sink)
        } catch let e as ChuhaiError {
            let rule = e.message.hasPrefix("invalid ") || e.message.hasPrefix("cannot decode") ? "encoding" : "parse"
            var message = e.message
            if let hint = e.hint { message += " (\(hint))" }
            return Result(track: nil, diagnostics: [Diagnostic(.error, rule: rule, message, at: e.location ?? SourceLocation(file: file))],
                          language: options.language)
        }
        let language = options.language ?? track.language ?? languageFromName(file, profile: options.profile) ?? guessLanguage(track)
        let settings = try options.profile.resolve(language: language)
        var diagnostics = remap(sink.diagnostics, settings: settings)
        if settings.languageKey == nil, let language, !(options.profile.languageKeys.isEmpty) {
            diagnostics.append(Diagnostic(.note, rule: "profile", "profile \(options.profile.name) has no rules for \(language); using its defaults (pass --lang)",
                                          at: SourceLocation(file: file)))
        }
        let ruleSink = DiagnosticSink()
        SubtitleRules.check(track, settings: settings, frameRate: options.frameRate, sink: ruleSink)
        diagnostics += ruleSink.diagnostics
        return Result(track: track, diagnostics: sorted(diagnostics), language: language, settings: settings)
    }

    /// Reader findings take the profile's severity for their rule (errors stay errors, `off` drops them).
    static func remap(_ ds: [Diagnostic], settings: ValidationSettings) -> [Diagnostic] {
        ds.compactMap { d in
            guard let sev = settings.severities[d.rule] else { return d.severity == .error ? d : nil }
            var d = d
            if d.severity == .warning { d.severity = sev }
            return d
        }
    }

    static func sorted(_ ds: [Diagnostic]) -> [Diagnostic] {
        ds.enumerated().sorted { a, b in
            let la = a.element.location.line ?? 0, lb = b.element.location.line ?? 0
            if la != lb { return la < lb }
            let ca = a.element.location.column ?? 0, cb = b.element.location.column ?? 0
            if ca != cb { return ca < cb }
            return a.offset < b.offset
        }.map(\.element)
    }

    /// `ep01.zh-Hans.srt`, `ep01_ko.vtt` → the tag, when the profile knows it.
    static func languageFromName(_ file: String, profile: DeliveryProfile) -> String? {
        let base = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
        let tokens = base.split(whereSeparator: { $0 == "." || $0 == "_" || $0 == " " }).map(String.init)
        for t in tokens.reversed().dropLast(tokens.count > 1 ? 1 : 0) where profile.languageKey(for: t) != nil { return t }
        return nil
    }

    static func guessLanguage(_ track: Track) -> String? {
        var sample = ""
        for cue in track.cues.prefix(200) {
            sample += cue.text
            sample += "\n"
        }
        guard sample.contains(where: { $0.isLetter }) else { return nil }
        return LanguageGuess.guess(sample).language
    }

    // MARK: fixing

    /// Applies only safe fixes: sort by start, renumber, trim overlaps to the next start minus the
    /// minimum gap, extend too-short cues when there is room, and (by rewriting) normalize timestamps.
    /// Each change is returned as a note naming the rule it fixes.
    public static func fix(_ track: Track, settings: ValidationSettings, frameRate: FrameRate?) -> (Track, [Diagnostic]) {
        var t = track
        var notes: [Diagnostic] = []
        func note(_ rule: String, _ message: String, _ cue: Cue, _ n: Int) {
            notes.append(Diagnostic(.note, rule: rule, "fixed: " + message, at: cue.location ?? SourceLocation(file: track.file), item: n))
        }
        let fps = frameRate ?? track.frameRate ?? settings.defaultFrameRate ?? FrameRate(24)
        let gap = settings.gapMin.map { $0.time(at: fps) } ?? .zero
        // Sort (stable) by start.
        let order = t.cues.indices.sorted { t.cues[$0].start < t.cues[$1].start || (t.cues[$0].start == t.cues[$1].start && $0 < $1) }
        if order != Array(t.cues.indices) {
            t.cues = order.map { t.cues[$0] }
            notes.append(Diagnostic(.note, rule: "order", "fixed: cues sorted by start time", at: SourceLocation(file: track.file)))
        }
        for k in t.cues.indices {
            let n = k + 1
            let next = k + 1 < t.cues.count ? t.cues[k + 1] : nil
            // Overlap: end at next start minus the minimum gap, when that still leaves the cue on screen.
            if let nx = next, nx.position == t.cues[k].position, nx.start < t.cues[k].end + gap {
                let newEnd = (nx.start - gap).wholeMilliseconds(roundingUp: false)
                if t.cues[k].start < newEnd && newEnd < t.cues[k].end {
                    note(nx.start < t.cues[k].end ? "overlap" : "gap-min",
                         "cue \(n) now ends at \(newEnd) (was \(t.cues[k].end)), \(SubtitleRules.seconds(gap)) before cue \(n + 1)", t.cues[k], n)
                    t.cues[k].end = newEnd
                }
            }
            // Too short: extend up to the minimum when there is room before the next cue.
            if let min = settings.durationMin?.time(at: fps), t.cues[k].start < t.cues[k].end, t.cues[k].end - t.cues[k].start < min {
                var target = (t.cues[k].start + min).wholeMilliseconds(roundingUp: true)
                if let nx = next, nx.start - gap < target { target = (nx.start - gap).wholeMilliseconds(roundingUp: false) }
                if t.cues[k].end < target {
                    note("duration-min", "cue \(n) extended to \(target) (was \(t.cues[k].end))", t.cues[k], n)
                    t.cues[k].end = target
                }
            }
        }
        if t.format == .srt && t.cues.enumerated().contains(where: { $0.element.id != String($0.offset + 1) }) {
            notes.append(Diagnostic(.note, rule: "numbering", "fixed: cues renumbered from 1", at: SourceLocation(file: track.file)))
        }
        if t.format == .srt { for k in t.cues.indices { t.cues[k].id = String(k + 1) } }
        return (t, notes)
    }
}

extension SubtitleValidation {
    /// Files as given, folders expanded to the subtitle files inside them (sorted).
    ///
    /// - Throws: `ChuhaiError` for a path that does not exist.
    public static func expand(_ paths: [String]) throws -> [String] {
        var out: [String] = []
        for p in paths {
            var isDir: ObjCBool = false
            if p != "-" && FileManager.default.fileExists(atPath: p, isDirectory: &isDir) && isDir.boolValue {
                let items = (FileManager.default.enumerator(atPath: p)?.allObjects as? [String] ?? [])
                    .filter { SubtitleFormat(path: $0) != nil }.sorted()
                out += items.map { URL(fileURLWithPath: p).appendingPathComponent($0).relativePath }
            } else {
                out.append(p)
            }
        }
        return out
    }
}
