/// A point (or length) of media time as an exact fraction of a second.
///
/// Subtitle sources count time in different units: SRT and WebVTT in
/// milliseconds, TTML in frames at a rational rate (30000/1001), ticks
/// (10 000 000 per second) or decimal seconds. Keeping the source's own unit
/// as `value / scale` means a frame-based cue converts to milliseconds by one
/// rounding from its frame number, never by adding rounded frame lengths, so
/// cue 10 000 has not drifted from cue 1.
public struct SubtitleTime: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Numerator: the count of `1/scale` second units.
    public let value: Int64
    /// Units per second; always positive.
    public let scale: Int64

    public init(value: Int64, scale: Int64) {
        precondition(scale > 0, "SubtitleTime scale must be positive")
        if scale == 1000 || scale == 1 {
            self.value = value
            self.scale = scale
        } else {
            let g = Self.gcd(value < 0 ? -value : value, scale)
            self.value = g > 1 ? value / g : value
            self.scale = g > 1 ? scale / g : scale
        }
    }

    public static let zero = SubtitleTime(value: 0, scale: 1000)

    public static func milliseconds(_ ms: Int64) -> SubtitleTime { SubtitleTime(value: ms, scale: 1000) }

    public static func seconds(_ s: Int64) -> SubtitleTime { SubtitleTime(value: s * 1000, scale: 1000) }

    /// Frame `n` at `rate` (frame 0 starts at time 0).
    public static func frames(_ n: Int64, rate: FrameRate) -> SubtitleTime {
        SubtitleTime(value: n * rate.denominator, scale: rate.numerator)
    }

    /// Nearest whole millisecond (halves round away from zero).
    public var milliseconds: Int64 {
        if scale == 1000 { return value }
        let (n, overflow) = value.multipliedReportingOverflow(by: 1000)
        if overflow { return Int64((Double(value) * 1000 / Double(scale)).rounded()) }
        return Self.roundedDivide(n, scale)
    }

    /// The whole millisecond at or after (`up`) or at or before this time, so a time that must
    /// stay on one side of a limit still does after an SRT/WebVTT writer rounds it.
    public func wholeMilliseconds(roundingUp up: Bool) -> SubtitleTime {
        if scale == 1000 { return self }
        let ms = milliseconds
        let t = SubtitleTime.milliseconds(ms)
        if up && t < self { return .milliseconds(ms + 1) }
        if !up && self < t { return .milliseconds(ms - 1) }
        return t
    }

    /// Nearest frame at `rate`, and whether the time falls exactly on it.
    public func frame(at rate: FrameRate) -> (frame: Int64, exact: Bool) {
        // frames = value / scale * num / den
        let (n, nOverflow) = value.multipliedReportingOverflow(by: rate.numerator)
        let (d, dOverflow) = scale.multipliedReportingOverflow(by: rate.denominator)
        if nOverflow || dOverflow {
            let f = (Double(value) / Double(scale) * Double(rate.numerator) / Double(rate.denominator)).rounded()
            return (Int64(f), false)
        }
        return (Self.roundedDivide(n, d), n % d == 0)
    }

    /// Seconds as a floating-point number, for rates (characters per second) only.
    public var seconds: Double { Double(value) / Double(scale) }

    public static func + (a: SubtitleTime, b: SubtitleTime) -> SubtitleTime {
        if a.scale == b.scale { return SubtitleTime(value: a.value + b.value, scale: a.scale) }
        let g = gcd(a.scale, b.scale)
        let l = a.scale / g * b.scale
        return SubtitleTime(value: a.value * (l / a.scale) + b.value * (l / b.scale), scale: l)
    }

    public static func - (a: SubtitleTime, b: SubtitleTime) -> SubtitleTime {
        a + SubtitleTime(value: -b.value, scale: b.scale)
    }

    public static prefix func - (a: SubtitleTime) -> SubtitleTime { SubtitleTime(value: -a.value, scale: a.scale) }

    public static func < (a: SubtitleTime, b: SubtitleTime) -> Bool {
        if a.scale == b.scale { return a.value < b.value }
        let l = a.value.multipliedFullWidth(by: b.scale)
        let r = b.value.multipliedFullWidth(by: a.scale)
        return l.high != r.high ? l.high < r.high : l.low < r.low
    }

    public static func == (a: SubtitleTime, b: SubtitleTime) -> Bool {
        if a.scale == b.scale { return a.value == b.value }
        let l = a.value.multipliedFullWidth(by: b.scale)
        let r = b.value.multipliedFullWidth(by: a.scale)
        return l.high == r.high && l.low == r.low
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(milliseconds) }

    /// `HH:MM:SS.mmm` (hours grow past 99 as needed).
    public var description: String { clock(fractionSeparator: ".") }

    /// `HH:MM:SS<sep>mmm`, the SRT (`,`) and WebVTT/TTML (`.`) clock.
    public func clock(fractionSeparator: Character) -> String {
        let ms = milliseconds
        var out = ms < 0 ? "-" : ""
        let a = ms < 0 ? -ms : ms
        let h = a / 3_600_000, m = a / 60_000 % 60, s = a / 1000 % 60, f = a % 1000
        Self.appendPadded(&out, h, 2)
        out += ":"
        Self.appendPadded(&out, m, 2)
        out += ":"
        Self.appendPadded(&out, s, 2)
        out.append(fractionSeparator)
        Self.appendPadded(&out, f, 3)
        return out
    }

    static func appendPadded(_ out: inout String, _ v: Int64, _ width: Int) {
        let s = String(v)
        if s.utf8.count < width { out += String(repeating: "0", count: width - s.utf8.count) }
        out += s
    }

    static func gcd(_ a: Int64, _ b: Int64) -> Int64 {
        var a = a, b = b
        while b != 0 { (a, b) = (b, a % b) }
        return a == 0 ? 1 : a
    }

    /// `n / d` (d > 0) rounded half away from zero.
    static func roundedDivide(_ n: Int64, _ d: Int64) -> Int64 {
        let q = n / d, r = n % d
        if 2 * (r < 0 ? -r : r) >= d { return q + (n < 0 ? -1 : 1) }
        return q
    }
}

/// A video frame rate as an exact fraction (`30000/1001` for 29.97).
public struct FrameRate: Sendable, Hashable, CustomStringConvertible {
    public let numerator: Int64
    public let denominator: Int64

    public init(_ numerator: Int64, _ denominator: Int64 = 1) {
        let g = SubtitleTime.gcd(numerator, denominator)
        self.numerator = numerator / g
        self.denominator = denominator / g
    }

    /// Parses `25`, `30000/1001`, `29.97` or `23.976` (decimal NTSC rates map to their
    /// exact `N×1000/1001` form, as every editor means them).
    public init?(_ text: String) {
        let t = text.trimmingCharacters(in: .whitespaces)
        if let slash = t.firstIndex(of: "/") {
            guard let n = Int64(t[..<slash]), let d = Int64(t[t.index(after: slash)...]), n > 0, d > 0 else { return nil }
            self.init(n, d)
            return
        }
        if let n = Int64(t), n > 0 {
            self.init(n, 1)
            return
        }
        guard let v = Double(t), v > 0, v < 1000 else { return nil }
        let ntsc = (v * 1001 / 1000).rounded()
        if abs(ntsc * 1000 / 1001 - v) < 0.006 {
            self.init(Int64(ntsc) * 1000, 1001)
            return
        }
        // Exact decimal: count the digits after the point.
        let parts = t.split(separator: ".")
        guard parts.count == 2, let whole = Int64(parts[0]), let frac = Int64(parts[1]) else { return nil }
        var scale: Int64 = 1
        for _ in 0..<parts[1].count { scale *= 10 }
        self.init(whole * scale + frac, scale)
    }

    public var fps: Double { Double(numerator) / Double(denominator) }

    /// `25` or `30000/1001`.
    public var description: String { denominator == 1 ? "\(numerator)" : "\(numerator)/\(denominator)" }

    /// `29.97`, `23.976`, `25` — how delivery specs name rates.
    public var displayName: String {
        if denominator == 1 { return "\(numerator)" }
        var s = String(format: "%.3f", fps)
        while s.hasSuffix("0") { s.removeLast() }
        if s.hasSuffix(".") { s.removeLast() }
        return s
    }
}

import Foundation
