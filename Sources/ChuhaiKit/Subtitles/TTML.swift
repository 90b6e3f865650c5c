import Foundation

/// TTML 1/2, IMSC 1.1 Text Profile and old-namespace DFXP, read through libxml2
/// (no network, no external entities) and written as IMSC 1.1 Text Profile.
///
/// Timing follows TTML's nested (parallel by default) time containment: a
/// child's `begin`/`end` count from its parent's begin and are clipped by the
/// parent's interval — the part ttconv, pycaption, ExoPlayer and shaka have
/// each got wrong (`shared/specs/subtitle-delivery.md`, Format facts §3).
public enum TTML {
    public static let namespaces: Set<String> = [
        "http://www.w3.org/ns/ttml", "http://www.w3.org/2006/10/ttaf1", "http://www.w3.org/2006/04/ttaf1",
        "http://www.w3.org/2004/11/ttaf1",
    ]
    /// IMSC 1.1 Text Profile designator.
    public static let imsc11Text = "http://www.w3.org/ns/ttml/profile/imsc1.1/text"

    /// Reads a TTML/IMSC/DFXP document.
    ///
    /// Each `<p>` is read as soon as its end tag is, and dropped: the document is never held as
    /// a tree (a 100k-cue body as one tree cost more in allocation than the rest of the read).
    /// - Throws: `ChuhaiError` with line and column when the XML is malformed.
    public static func read(_ data: Data, file: String, sink: DiagnosticSink) throws -> Track {
        var reader = TTMLReader(file: file)
        let entityLines = try XML.parse(data, file: file, expanding: { reader.expands($0) }, { reader.handle($0) })
        // Diagnostics only once the whole document is known to be well-formed, entity warnings first.
        for line in entityLines {
            sink.emit(Diagnostic(.warning, rule: "parse", "entity reference not expanded (TTML/IMSC documents must not declare entities)",
                                 at: SourceLocation(file: file, line: line)))
        }
        for d in reader.diagnostics { sink.emit(d) }
        return reader.track()
    }

    // MARK: writing

    /// IMSC 1.1 Text Profile: `ttp:profile`/`ttp:contentProfiles`, `ttp:frameRate` when the track
    /// is frame-based, one region for bottom and one for top, referential styles for emphasis.
    public static func write(_ track: Track) -> String {
        var agents: [String] = []
        for cue in track.cues { if let s = cue.speaker, !agents.contains(s) { agents.append(s) } }
        // Frames only when every time lands exactly on one; otherwise exact milliseconds.
        let frameRate = track.frameRate
        var useFrames = false
        if let fr = frameRate {
            useFrames = track.cues.allSatisfy { $0.start.frame(at: fr).exact && $0.end.frame(at: fr).exact }
        }
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<tt xmlns=\"http://www.w3.org/ns/ttml\" xmlns:ttp=\"http://www.w3.org/ns/ttml#parameter\""
        out += " xmlns:tts=\"http://www.w3.org/ns/ttml#styling\" xmlns:ttm=\"http://www.w3.org/ns/ttml#metadata\""
        out += " ttp:profile=\"\(imsc11Text)\" ttp:contentProfiles=\"\(imsc11Text)\" ttp:timeBase=\"media\""
        if let fr = frameRate {
            if fr.denominator == 1001 && fr.numerator % 1000 == 0 {
                out += " ttp:frameRate=\"\(fr.numerator / 1000)\" ttp:frameRateMultiplier=\"1000 1001\""
            } else if fr.denominator == 1 {
                out += " ttp:frameRate=\"\(fr.numerator)\""
            } else {
                out += " ttp:frameRate=\"\(fr.numerator)\" ttp:frameRateMultiplier=\"1 \(fr.denominator)\""
            }
        }
        out += " xml:lang=\"\(XML.escape(track.language ?? "", attribute: true))\">\n"
        out += "  <head>\n"
        if !agents.isEmpty {
            out += "    <metadata>\n"
            for (k, a) in agents.enumerated() {
                out += "      <ttm:agent xml:id=\"agent\(k + 1)\" type=\"character\"><ttm:name type=\"full\">\(XML.escape(a))</ttm:name></ttm:agent>\n"
            }
            out += "    </metadata>\n"
        }
        out += "    <styling>\n"
        out += "      <style xml:id=\"i\" tts:fontStyle=\"italic\"/>\n"
        out += "      <style xml:id=\"b\" tts:fontWeight=\"bold\"/>\n"
        out += "      <style xml:id=\"u\" tts:textDecoration=\"underline\"/>\n"
        out += "    </styling>\n"
        out += "    <layout>\n"
        out += "      <region xml:id=\"bottom\" tts:origin=\"10% 70%\" tts:extent=\"80% 25%\" tts:displayAlign=\"after\" tts:textAlign=\"center\"/>\n"
        out += "      <region xml:id=\"top\" tts:origin=\"10% 5%\" tts:extent=\"80% 25%\" tts:displayAlign=\"before\" tts:textAlign=\"center\"/>\n"
        out += "    </layout>\n"
        out += "  </head>\n"
        out += "  <body>\n    <div>\n"
        for (n, cue) in track.cues.enumerated() {
            out += "      <p xml:id=\"c\(n + 1)\" begin=\""
            appendTime(cue.start, frames: useFrames ? frameRate : nil, to: &out)
            out += "\" end=\""
            appendTime(cue.end, frames: useFrames ? frameRate : nil, to: &out)
            out += cue.position == .top ? "\" region=\"top\"" : "\" region=\"bottom\""
            if let s = cue.speaker, let k = agents.firstIndex(of: s) { out += " ttm:agent=\"agent\(k + 1)\"" }
            out += ">"
            var first = true
            for k in 0..<cue.lineCount where !cue.line(k).isEmpty {
                let line = cue.line(k)
                if !first { out += "<br/>" }
                first = false
                if let p = line.plainText {
                    appendEscaped(p, to: &out)
                } else {
                    for span in line.spans { appendSpan(span, to: &out) }
                }
            }
            out += "</p>\n"
        }
        out += "    </div>\n  </body>\n</tt>\n"
        return out
    }

    static func appendTime(_ t: SubtitleTime, frames: FrameRate?, to out: inout String) {
        if let fr = frames, fr.denominator != 1 {
            // hh:mm:ss:ff counts whole seconds plus frames, which only lines up at integer rates;
            // an offset in frames is exact at any rate.
            out += String(t.frame(at: fr).frame)
            out += "f"
        } else if let fr = frames {
            let f = t.frame(at: fr).frame
            // Whole seconds of the frame count, then the frame within the second.
            let perSecondNum = fr.numerator, perSecondDen = fr.denominator
            let seconds = f * perSecondDen / perSecondNum
            let frameInSecond = f - SubtitleTime.seconds(seconds).frame(at: fr).frame
            var s = ""
            SubtitleTime.appendPadded(&s, seconds / 3600, 2)
            s += ":"
            SubtitleTime.appendPadded(&s, seconds / 60 % 60, 2)
            s += ":"
            SubtitleTime.appendPadded(&s, seconds % 60, 2)
            s += ":"
            SubtitleTime.appendPadded(&s, frameInSecond, 2)
            out += s
        } else {
            out += t.clock(fractionSeparator: ".")
        }
    }

    /// `XML.escape`, skipped for the common case of text with nothing to escape.
    static func appendEscaped(_ s: String, to out: inout String) {
        if s.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 < 0x20 }) {
            out += XML.escape(s)
        } else {
            out += s
        }
    }

    static func appendSpan(_ span: Span, to out: inout String) {
        var styles: [String] = []
        if span.style.contains(.italic) { styles.append("i") }
        if span.style.contains(.bold) { styles.append("b") }
        if span.style.contains(.underline) { styles.append("u") }
        let styled = !styles.isEmpty || span.color != nil
        if styled {
            out += "<span"
            if !styles.isEmpty { out += " style=\"\(styles.joined(separator: " "))\"" }
            if let c = span.color { out += " tts:color=\"\(XML.escape(c, attribute: true))\"" }
            out += ">"
        }
        if let ruby = span.ruby {
            out += "<span tts:ruby=\"container\"><span tts:ruby=\"base\">\(XML.escape(span.text))</span><span tts:ruby=\"text\">\(XML.escape(ruby))</span></span>"
        } else {
            appendEscaped(span.text, to: &out)
        }
        if styled { out += "</span>" }
    }
}

/// Computed style of a content element.
private struct TTStyle {
    var style: SpanStyle = []
    var color: String?

    /// Applies the element's own `tts:*` attributes (one pass over its attributes).
    /// Returns whether it carries direction markup (`tts:direction`, `tts:unicodeBidi`).
    @discardableResult
    mutating func apply(_ e: XMLElement) -> Bool {
        var direction = false
        for a in e.attributes where a.namespace != nil {
            let v = a.value
            switch a.name {
            case "fontStyle":
                if v == "italic" || v == "oblique" { style.insert(.italic) } else if v == "normal" { style.remove(.italic) }
            case "shear":
                if let n = Double(v.replacingOccurrences(of: "%", with: "")), n != 0 { style.insert(.italic) }
            case "fontWeight":
                if v == "bold" { style.insert(.bold) } else if v == "normal" { style.remove(.bold) }
            case "textDecoration":
                for t in v.split(separator: " ") {
                    if t == "underline" { style.insert(.underline) } else if t == "noUnderline" || t == "none" { style.remove(.underline) }
                }
            case "color": color = v.lowercased()
            case "direction", "unicodeBidi": direction = true
            default: break
            }
        }
        return direction
    }
}

private struct Fragment {
    var text: String
    var style: TTStyle
    var begin: SubtitleTime
    var end: SubtitleTime?
    var isBreak = false
    var ruby: String?
    var preserve = false
}

/// Reads TTML from `XML.parse(_:file:expanding:_:)` events: `<head>` and each `<p>` arrive as
/// trees, `<body>` and `<div>` as start and end tags, so their timing, style, region and agent are
/// known (from their start tags) when each `<p>` inside them completes.
private struct TTMLReader {
    let file: String
    var diagnostics: [Diagnostic] = []
    var timing = TTMLTiming()
    var styles: [String: XMLElement] = [:]
    var regions: [String: XMLElement] = [:]
    var agents: [String: String] = [:]
    var cues: [Cue] = []
    var usedFrames = false, usedTicks = false
    var hasDirection = false
    var rootExtent: (Double, Double)?
    var regionPositions: [String: VerticalPosition] = [:]

    /// `<tt>`, once its start tag is read; nil for another root element.
    var root: XMLElement?
    var language: String?
    /// What each open element outside a `<p>` or `<head>` is to the reader, innermost last.
    var frames: [Frame] = []
    /// The `.container` frames' state, innermost last.
    var containers: [Container] = []
    /// The first `<head>` has been read (or, at the end of `<tt>`, cannot come any more).
    var headRead = false
    /// The first `<body>` has begun (only it is read, as `firstElement(named:)` would pick).
    var bodyBegun = false
    /// A `<body>` that came before `<head>`, kept whole until styles and regions are known.
    var pendingBody: XMLElement?

    enum Frame {
        case root
        /// Not read, with everything inside it.
        case ignored
        /// A `<body>`/`<div>` whose content is read; its state is `containers.last`.
        case container
        /// A `<body>`/`<div>` with an invalid or empty interval: its content is skipped, but a
        /// `seq` parent still counts its end.
        case inactive(XMLElement)
    }

    /// A `<body>` or `<div>` being read: what its children inherit.
    struct Container {
        let element: XMLElement
        let begin: SubtitleTime
        let end: SubtitleTime?
        let style: TTStyle
        let region: String?
        let agent: String?
        let preserve: Bool
        let seq: Bool
        /// With `seq`: where the next child begins.
        var seqBegin: SubtitleTime
    }

    init(file: String) {
        self.file = file
    }

    mutating func emit(_ severity: Severity, _ message: String, _ e: XMLElement, rule: String = "parse", cue: Int? = nil) {
        emit(severity, message, line: e.line, rule: rule, cue: cue)
    }

    mutating func emit(_ severity: Severity, _ message: String, line: Int, rule: String = "parse", cue: Int? = nil) {
        diagnostics.append(Diagnostic(severity, rule: rule, message, at: SourceLocation(file: file, line: line), item: cue))
    }

    func track() -> Track {
        var track = Track(file: file, format: .ttml, language: language)
        guard root != nil else { return track }
        if timing.frameRateDeclared { track.frameRate = timing.effectiveFrameRate }
        track.cues = cues
        track.hasDirectionMarkup = hasDirection
        return track
    }

    // MARK: events

    /// `<head>` and `<p>` (in a body being read) come whole; so does a `<body>` before any `<head>`.
    func expands(_ tag: XMLStreamTag) -> Bool {
        switch frames.last {
        case .root: (tag.name == "head" && !headRead) || (tag.name == "body" && !bodyBegun && !headRead)
        case .container: tag.name == "p"
        default: false
        }
    }

    mutating func handle(_ event: XMLStreamEvent) {
        switch event {
        case .start(let tag): start(tag)
        case .element(let e): element(e)
        case .end: end()
        case .text: break
        }
    }

    mutating func start(_ tag: XMLStreamTag) {
        switch frames.last {
        case nil:
            startRoot(Self.element(tag))
        case .root where tag.name == "body" && !bodyBegun:
            bodyBegun = true
            startContainer(Self.element(tag), parentBegin: .zero, parentEnd: nil, style: TTStyle(), region: nil, agent: nil,
                           preserve: false)
        case .container:
            switch tag.name {
            case "div", "body":
                let c = containers[containers.count - 1]
                startContainer(Self.element(tag), parentBegin: c.seq ? c.seqBegin : c.begin, parentEnd: c.end, style: c.style,
                               region: c.region, agent: c.agent, preserve: c.preserve)
            case "metadata", "set", "animation", "layout":
                frames.append(.ignored)
            default:
                emit(.warning, "unexpected <\(tag.name)> inside <\(containers[containers.count - 1].element.name)> ignored", line: tag.line)
                frames.append(.ignored)
            }
        default:
            frames.append(.ignored)
        }
    }

    mutating func element(_ e: XMLElement) {
        switch frames.last {
        case .root:
            if e.name == "head" {
                readHead(e)
            } else {
                bodyBegun = true
                pendingBody = e
            }
        case .container:
            let k = containers.count - 1
            let c = containers[k]
            paragraph(e, parentBegin: c.seq ? c.seqBegin : c.begin, parentEnd: c.end, style: c.style, region: c.region, agent: c.agent,
                      preserve: c.preserve)
            if c.seq { containers[k].seqBegin = lastEnd(e, begin: c.seqBegin, end: c.end) ?? c.seqBegin }
        default:
            break
        }
    }

    mutating func end() {
        guard let frame = frames.popLast() else { return }
        let child: XMLElement?
        switch frame {
        case .root:
            endRoot()
            return
        case .container: child = containers.removeLast().element
        case .inactive(let e): child = e
        case .ignored: child = nil
        }
        if let child, case .container = frames.last, containers[containers.count - 1].seq {
            let c = containers[containers.count - 1]
            containers[containers.count - 1].seqBegin = lastEnd(child, begin: c.seqBegin, end: c.end) ?? c.seqBegin
        }
    }

    static func element(_ tag: XMLStreamTag) -> XMLElement {
        XMLElement(name: tag.name, namespace: tag.namespace, prefix: nil, attributes: tag.attributes, children: [], line: tag.line)
    }

    mutating func startRoot(_ root: XMLElement) {
        language = root.xmlAttribute("lang").flatMap { $0.isEmpty ? nil : $0 }
        guard root.name == "tt" else {
            emit(.error, "root element is <\(root.name)>, not <tt>: not a TTML document", root)
            frames.append(.ignored)
            return
        }
        self.root = root
        frames.append(.root)
        timing = TTMLTiming(root: root)
        if let ns = root.namespace, !TTML.namespaces.contains(ns) {
            emit(.warning, "unknown TTML namespace \(ns); read as TTML", root)
        }
        if let base = root.attribute(anyNamespace: "timeBase"), base != "media" {
            emit(.warning, "ttp:timeBase=\"\(base)\" is not supported by IMSC; times read as media time", root)
        }
        if let ext = root.attribute(anyNamespace: "extent") { rootExtent = Self.pair(ext, unit: "px") }
    }

    mutating func endRoot() {
        if let body = pendingBody {
            // No <head> followed the <body>: read the body now, as if streamed.
            pendingBody = nil
            headRead = true
            bodyBegun = false
            frames.append(.root)
            replay(body)
            frames.removeLast()
        }
        if !bodyBegun, let root { emit(.warning, "document has no <body>: no cues", root) }
    }

    /// Sends a kept subtree through the same events the parser would have.
    mutating func replay(_ e: XMLElement) {
        let tag = XMLStreamTag(name: e.name, namespace: e.namespace, attributes: e.attributes, line: e.line, depth: 0)
        if expands(tag) {
            element(e)
            return
        }
        start(tag)
        for case .element(let child) in e.children { replay(child) }
        end()
    }

    mutating func readHead(_ head: XMLElement) {
        headRead = true
        for s in head.descendants(named: "style") { if let id = s.xmlAttribute("id") { styles[id] = s } }
        for r in head.descendants(named: "region") { if let id = r.xmlAttribute("id") { regions[id] = r } }
        for a in head.descendants(named: "agent") {
            if let id = a.xmlAttribute("id") { agents[id] = a.firstElement(named: "name")?.textContent ?? id }
        }
    }

    /// A `<body>` or `<div>`: its interval in its parent's, then what its children inherit.
    mutating func startContainer(_ e: XMLElement, parentBegin: SubtitleTime, parentEnd: SubtitleTime?, style: TTStyle, region: String?,
                                 agent: String?, preserve: Bool) {
        guard let (begin, end) = interval(e, parentBegin: parentBegin, parentEnd: parentEnd), end.map({ $0 > begin }) ?? true else {
            frames.append(.inactive(e))
            return
        }
        var st = style
        let region = e.attribute("region") ?? region
        let agent = e.attribute(anyNamespace: "agent").map { String($0.split(separator: " ").first ?? "") } ?? agent
        let preserve = e.xmlAttribute("space").map { $0 == "preserve" } ?? preserve
        applyStyles(e, to: &st)
        containers.append(Container(element: e, begin: begin, end: end, style: st, region: region, agent: agent, preserve: preserve,
                                    seq: e.attribute("timeContainer") == "seq", seqBegin: begin))
        frames.append(.container)
    }

    // MARK: timing
    /// Resolves an element's active interval inside its parent's.
    mutating func interval(_ e: XMLElement, parentBegin: SubtitleTime, parentEnd: SubtitleTime?) -> (SubtitleTime, SubtitleTime?)? {
        var begin = parentBegin
        if let b = e.attribute("begin") {
            guard let t = time(b, e, "begin") else { return nil }
            begin = parentBegin + t
        }
        var end: SubtitleTime? = parentEnd
        if let x = e.attribute("end") {
            guard let t = time(x, e, "end") else { return nil }
            end = parentBegin + t
        }
        if let d = e.attribute("dur") {
            guard let t = time(d, e, "dur") else { return nil }
            let byDur = begin + t
            end = end.map { min($0, byDur) } ?? byDur
        }
        if let pe = parentEnd, let en = end, pe < en { end = pe }
        return (begin, end)
    }

    mutating func time(_ s: String, _ e: XMLElement, _ attr: String) -> SubtitleTime? {
        guard let (t, metric) = timing.parse(s) else {
            emit(.error, "invalid time expression \(attr)=\"\(s)\" (expected hh:mm:ss.fff, hh:mm:ss:ff or an offset like 1.5s, 40f, 3000t)", e)
            return nil
        }
        if (metric == .frames || metric == .clockFrames) && !timing.frameRateDeclared && !usedFrames {
            usedFrames = true
            emit(.warning, "frame-based time \(attr)=\"\(s)\" without ttp:frameRate on <tt> (IMSC: SHALL be present); read at the default 30 fps",
                 e, rule: "frame-rate")
        }
        if metric == .ticks && !timing.tickRateDeclared && !usedTicks {
            usedTicks = true
            emit(.warning, "tick time \(attr)=\"\(s)\" without ttp:tickRate on <tt> (IMSC: SHALL be present)", e, rule: "frame-rate")
        }
        return t
    }

    // MARK: tree walk

    mutating func applyStyles(_ e: XMLElement, to style: inout TTStyle, depth: Int = 0) {
        guard depth < 8 else { return }
        if let refs = e.attribute("style") {
            for id in refs.split(separator: " ") {
                if let s = styles[String(id)] {
                    applyStyles(s, to: &style, depth: depth + 1)
                } else if depth == 0 {
                    emit(.warning, "style=\"\(id)\" refers to no <style xml:id>", e)
                }
            }
        }
        if style.apply(e) { hasDirection = true }
    }

    mutating func lastEnd(_ e: XMLElement, begin: SubtitleTime, end: SubtitleTime?) -> SubtitleTime? {
        interval(e, parentBegin: begin, parentEnd: end)?.1
    }

    mutating func paragraph(_ p: XMLElement, parentBegin: SubtitleTime, parentEnd: SubtitleTime?, style: TTStyle, region: String?,
                            agent: String?, preserve: Bool) {
        guard let (begin, end0) = interval(p, parentBegin: parentBegin, parentEnd: parentEnd) else { return }
        var st = style
        let region = p.attribute("region") ?? region
        if let r = region, let re = regions[r] { applyStyles(re, to: &st) }
        applyStyles(p, to: &st)
        let agent = p.attribute(anyNamespace: "agent").map { String($0.split(separator: " ").first ?? "") } ?? agent
        let preserve = p.xmlAttribute("space").map { $0 == "preserve" } ?? preserve
        if let pEnd = end0, !preserve, p.children.count == 1, case .text(let t) = p.children[0] {
            let line = Self.singleLine(t, style: st)
            if !line.isEmpty {
                cues.append(Cue(id: p.xmlAttribute("id"), start: begin, end: pEnd, lines: .one(line), speaker: agent.map { agents[$0] ?? $0 },
                                position: cachedRegionPosition(region), location: SourceLocation(file: file, line: p.line)))
            }
            return
        }
        var fragments: [Fragment] = []
        collect(p, begin: begin, end: end0, style: st, preserve: preserve, into: &fragments, depth: 0)
        // A paragraph without its own end ends with its last timed content.
        var end = end0
        if end == nil {
            end = fragments.compactMap(\.end).max()
            if end == nil || fragments.contains(where: { $0.end == nil && !$0.isBreak && !$0.text.isEmpty }) {
                emit(.error, "<p> has no end time (no end/dur on it or an ancestor); cue skipped", p, cue: cues.count + 1)
                return
            }
        }
        guard let pEnd = end else { return }
        let position = cachedRegionPosition(region)
        let speaker = agent.map { agents[$0] ?? $0 }
        let loc = SourceLocation(file: file, line: p.line)
        // Usual case: all content shares the paragraph's interval.
        if fragments.allSatisfy({ $0.begin == begin && ($0.end == nil || $0.end == pEnd) }) {
            let lines = Self.lines(fragments)
            if lines.contains(where: { !$0.isEmpty }) {
                cues.append(Cue(id: p.xmlAttribute("id"), start: begin, end: pEnd, lines: lines, speaker: speaker, position: position,
                                location: loc))
            }
            return
        }
        // Split where inner spans start or stop, so each cue shows exactly what is on screen.
        var points = Set<SubtitleTime>([begin, pEnd])
        for f in fragments {
            if f.begin > begin && f.begin < pEnd { points.insert(f.begin) }
            if let e = f.end, e > begin, e < pEnd { points.insert(e) }
        }
        let sorted = points.sorted()
        for k in 0..<(sorted.count - 1) {
            let a = sorted[k], b = sorted[k + 1]
            let active = fragments.filter { $0.begin <= a && ($0.end ?? pEnd) >= b }
            let lines = Self.lines(active)
            guard lines.contains(where: { !$0.isEmpty }) else { continue }
            cues.append(Cue(id: p.xmlAttribute("id"), start: a, end: b, lines: lines, speaker: speaker, position: position,
                            location: loc))
        }
    }

    mutating func collect(_ e: XMLElement, begin: SubtitleTime, end: SubtitleTime?, style: TTStyle, preserve: Bool,
                          into out: inout [Fragment], depth: Int) {
        for child in e.children {
            switch child {
            case .text(let t):
                out.append(Fragment(text: t, style: style, begin: begin, end: end, preserve: preserve))
            case .element(let c):
                switch c.name {
                case "br":
                    out.append(Fragment(text: "", style: style, begin: begin, end: end, isBreak: true))
                case "span":
                    guard let (b, en) = interval(c, parentBegin: begin, parentEnd: end) else { continue }
                    if let en, en <= b { continue }
                    var st = style
                    applyStyles(c, to: &st)
                    let pres = c.xmlAttribute("space").map { $0 == "preserve" } ?? preserve
                    switch c.attribute(anyNamespace: "ruby") {
                    case "text", "textContainer":
                        if let k = out.lastIndex(where: { !$0.isBreak }) { out[k].ruby = c.textContent }
                    default:
                        collect(c, begin: b, end: en, style: st, preserve: pres, into: &out, depth: depth + 1)
                    }
                case "metadata", "set": continue
                default:
                    emit(.warning, "unexpected <\(c.name)> inside a paragraph; its text is kept", c)
                    collect(c, begin: begin, end: end, style: style, preserve: preserve, into: &out, depth: depth + 1)
                }
            }
        }
    }

    /// XML white space (space, tab, CR, LF) collapsed to one space, on bytes; `lastWasSpace`
    /// carries across runs so a space at a run boundary is not doubled.
    static func collapse(_ text: String, lastWasSpace: inout Bool) -> String {
        var clean = true
        var prevSpace = lastWasSpace
        for b in text.utf8 {
            let space = b == 0x20 || b == 0x0A || b == 0x09 || b == 0x0D
            if space && (b != 0x20 || prevSpace) {
                clean = false
                break
            }
            prevSpace = space
        }
        if clean {
            if let last = text.utf8.last { lastWasSpace = last == 0x20 }
            return text
        }
        var buf: [UInt8] = []
        buf.reserveCapacity(text.utf8.count)
        for b in text.utf8 {
            if b == 0x20 || b == 0x0A || b == 0x09 || b == 0x0D {
                if !lastWasSpace { buf.append(0x20) }
                lastWasSpace = true
            } else {
                buf.append(b)
                lastWasSpace = false
            }
        }
        return String(decoding: buf, as: UTF8.self)
    }

    /// `lines` of a paragraph that is one run of text (no spans, no `<br/>`, default space
    /// handling), without the fragment and line arrays: most cues in real files.
    static func singleLine(_ text: String, style: TTStyle) -> CueLine {
        var lastWasSpace = true
        var t = collapse(text, lastWasSpace: &lastWasSpace)
        if t.hasSuffix(" ") { t.removeLast() }
        return t.isEmpty ? CueLine([]) : CueLine(Span(t, style: style.style, color: style.color))
    }

    /// Applies `xml:space="default"` collapsing and splits at `<br/>`.
    static func lines(_ fragments: [Fragment]) -> [CueLine] {
        var lines: [CueLine] = []
        var current = CueLine([])
        var lastWasSpace = true
        func endLine() {
            // An unstyled line is trimmed as a string, without building a span array.
            if let plain = current.plainText {
                if plain.hasSuffix(" ") {
                    var t = plain
                    t.removeLast()
                    current = CueLine(plain: t)
                }
                lines.append(current)
                current = CueLine([])
                lastWasSpace = true
                return
            }
            var spans = current.spans
            if var last = spans.last, last.text.hasSuffix(" ") {
                last.text.removeLast()
                if last.text.isEmpty { spans.removeLast() } else { spans[spans.count - 1] = last }
                current.spans = spans
            }
            lines.append(current)
            current = CueLine([])
            lastWasSpace = true
        }
        for f in fragments {
            if f.isBreak {
                endLine()
                continue
            }
            if f.preserve {
                let parts = f.text.split(separator: "\n", omittingEmptySubsequences: false)
                for (k, part) in parts.enumerated() {
                    if k > 0 { endLine() }
                    current.append(Span(String(part), style: f.style.style, color: f.style.color))
                }
                continue
            }
            let collapsed = Self.collapse(f.text, lastWasSpace: &lastWasSpace)
            if !collapsed.isEmpty {
                var span = Span(collapsed, style: f.style.style, color: f.style.color)
                if let r = f.ruby {
                    span.ruby = r
                    current.appendUnmerged(span)
                } else {
                    current.append(span)
                }
            }
        }
        endLine()
        while let last = lines.last, last.isEmpty, lines.count > 1 { lines.removeLast() }
        while let first = lines.first, first.isEmpty, lines.count > 1 { lines.removeFirst() }
        return lines
    }

    // MARK: regions

    mutating func cachedRegionPosition(_ id: String?) -> VerticalPosition {
        guard let id else { return .bottom }
        if let p = regionPositions[id] { return p }
        let p = regionPosition(id)
        regionPositions[id] = p
        return p
    }

    func regionPosition(_ id: String?) -> VerticalPosition {
        guard let id, let r = regions[id] else { return .bottom }
        var style = [String: String]()
        if let refs = r.attribute("style") {
            for ref in refs.split(separator: " ") {
                for a in styles[String(ref)]?.attributes ?? [] { style[a.name] = a.value }
            }
        }
        for a in r.attributes { style[a.name] = a.value }
        if let pos = style["position"] {
            if pos.contains("top") { return .top }
            if pos.contains("bottom") { return .bottom }
        }
        if let o = style["origin"].flatMap({ Self.percentPair($0, extent: rootExtent) }) {
            let h = style["extent"].flatMap { Self.percentPair($0, extent: rootExtent) }?.1 ?? (100 - o.1)
            let centre = o.1 + h / 2
            if h >= 60 {
                return style["displayAlign"] == "before" ? .top : .bottom
            }
            return centre < 50 ? .top : .bottom
        }
        if style["displayAlign"] == "before" { return .top }
        return id.lowercased().contains("top") ? .top : .bottom
    }

    /// `"10% 80%"` → (10, 80); px values are converted with the root extent when known.
    static func percentPair(_ s: String, extent: (Double, Double)?) -> (Double, Double)? {
        if let p = pair(s, unit: "%") { return p }
        if let p = pair(s, unit: "px"), let e = extent, e.0 > 0, e.1 > 0 { return (p.0 / e.0 * 100, p.1 / e.1 * 100) }
        return nil
    }

    static func pair(_ s: String, unit: String) -> (Double, Double)? {
        let parts = s.split(separator: " ").filter { !$0.isEmpty }
        guard parts.count == 2, parts.allSatisfy({ $0.hasSuffix(unit) }),
              let a = Double(parts[0].dropLast(unit.count)), let b = Double(parts[1].dropLast(unit.count))
        else { return nil }
        return (a, b)
    }
}
