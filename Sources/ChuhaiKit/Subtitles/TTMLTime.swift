/// TTML timing parameters from `<tt>` (`ttp:frameRate`, `ttp:frameRateMultiplier`,
/// `ttp:subFrameRate`, `ttp:tickRate`) and the time-expression grammar that uses them.
///
/// TTML2 §10.3 / IMSC 1.1 (`shared/specs/subtitle-delivery.md`, Format facts §3):
/// frame rate defaults to 30, multiplier to `1 1`, tick rate to effective frame rate ×
/// sub-frame rate when a frame rate is given, else 1.
struct TTMLTiming {
    var frameRate: Int64 = 30
    var multiplier: (Int64, Int64) = (1, 1)
    var subFrameRate: Int64 = 1
    /// Ticks per second as a fraction.
    var tickRate: (Int64, Int64) = (1, 1)
    var frameRateDeclared = false
    var tickRateDeclared = false

    var effectiveFrameRate: FrameRate { FrameRate(frameRate * multiplier.0, multiplier.1) }

    init() {}

    init(root: XMLElement) {
        if let v = root.attribute(anyNamespace: "frameRate").flatMap({ Int64($0.trimmingCharacters(in: .whitespaces)) }), v > 0 {
            frameRate = v
            frameRateDeclared = true
        }
        if let m = root.attribute(anyNamespace: "frameRateMultiplier") {
            let p = m.split(separator: " ").compactMap { Int64($0) }
            if p.count == 2, p[0] > 0, p[1] > 0 { multiplier = (p[0], p[1]) }
        }
        if let v = root.attribute(anyNamespace: "subFrameRate").flatMap({ Int64($0) }), v > 0 { subFrameRate = v }
        if let v = root.attribute(anyNamespace: "tickRate").flatMap({ Int64($0.trimmingCharacters(in: .whitespaces)) }), v > 0 {
            tickRate = (v, 1)
            tickRateDeclared = true
        } else if frameRateDeclared {
            tickRate = (frameRate * multiplier.0 * subFrameRate, multiplier.1)
        }
    }

    enum Metric { case clockFrames, frames, ticks, other }

    /// Parses a clock time (`hh:mm:ss(.fff|:ff(.sub))`) or offset time (`1.5s 40f 3000t 250ms 1h 2m`).
    /// Returns the time and which kind of unit it used (for IMSC's "frameRate SHALL be present").
    func parse(_ raw: String) -> (SubtitleTime, Metric)? {
        if let ms = Self.fastClock(raw) { return (.milliseconds(ms), .other) }
        let s = raw.trimmingCharacters(in: .whitespaces)
        guard !s.isEmpty else { return nil }
        let fr = effectiveFrameRate
        if s.contains(":") {
            let parts = s.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 3 || parts.count == 4, parts[0].count >= 2, parts[1].count == 2,
                  let h = Int64(parts[0]), let m = Int64(parts[1]), m < 60, h >= 0
            else { return nil }
            let base = SubtitleTime(value: h * 3600 + m * 60, scale: 1)
            if parts.count == 3 {
                guard let sec = Self.decimal(String(parts[2])), parts[2].prefix(while: { $0 != "." }).count == 2,
                      sec.0 < 60 * sec.1
                else { return nil }
                return (base + SubtitleTime(value: sec.0, scale: sec.1), .other)
            }
            guard parts[2].count == 2, let sec = Int64(parts[2]), sec < 60 else { return nil }
            let fparts = parts[3].split(separator: ".", omittingEmptySubsequences: false)
            guard fparts.count <= 2, let f = Int64(fparts[0]) else { return nil }
            var t = base + .seconds(sec) + .frames(f, rate: fr)
            if fparts.count == 2 {
                guard let sub = Int64(fparts[1]) else { return nil }
                // sub / subFrameRate of a frame.
                t = t + SubtitleTime(value: sub * fr.denominator, scale: fr.numerator * subFrameRate)
            }
            return (t, .clockFrames)
        }
        var unitStart = s.endIndex
        for (i, c) in zip(s.indices, s) where !(c.isASCII && (c.isNumber || c == ".")) {
            unitStart = i
            break
        }
        guard unitStart != s.startIndex, let n = Self.decimal(String(s[..<unitStart])) else { return nil }
        switch s[unitStart...] {
        case "h": return (SubtitleTime(value: n.0 * 3600, scale: n.1), .other)
        case "m": return (SubtitleTime(value: n.0 * 60, scale: n.1), .other)
        case "s": return (SubtitleTime(value: n.0, scale: n.1), .other)
        case "ms": return (SubtitleTime(value: n.0, scale: n.1 * 1000), .other)
        case "f": return (SubtitleTime(value: n.0 * fr.denominator, scale: n.1 * fr.numerator), .frames)
        case "t": return (SubtitleTime(value: n.0 * tickRate.1, scale: n.1 * tickRate.0), .ticks)
        default: return nil
        }
    }

    /// `hh:mm:ss.fff` exactly — what nearly every file uses — without splitting strings.
    static func fastClock(_ raw: String) -> Int64? {
        let u = raw.utf8
        guard u.count == 12 else { return nil }
        var h: Int64 = 0, m: Int64 = 0, sec: Int64 = 0
        var acc: Int64 = 0
        var k = 0
        for b in u {
            switch k {
            case 2, 5, 8:
                guard b == (k == 8 ? 0x2E : 0x3A) else { return nil }
                if k == 2 { h = acc } else if k == 5 { m = acc } else { sec = acc }
                acc = 0
            default:
                guard b >= 0x30 && b <= 0x39 else { return nil }
                acc = acc * 10 + Int64(b - 0x30)
            }
            k += 1
        }
        guard m < 60, sec < 60 else { return nil }
        return ((h * 60 + m) * 60 + sec) * 1000 + acc
    }

    /// `12.345` → (12345, 1000); at most 9 fraction digits.
    static func decimal(_ s: String) -> (Int64, Int64)? {
        let parts = s.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, !parts[0].isEmpty, parts[0].count <= 12, let whole = Int64(parts[0]) else { return nil }
        guard parts.count == 2 else { return (whole, 1) }
        let frac = parts[1].prefix(9)
        guard !frac.isEmpty, let f = Int64(frac) else { return nil }
        var scale: Int64 = 1
        for _ in 0..<frac.count { scale *= 10 }
        return (whole * scale + f, scale)
    }
}
