import Foundation

/// The one timestamp a package build stamps into zips, EPUB metadata and manifests.
///
/// Reproducible builds need the same bytes from the same input, so the clock is never
/// read: the time comes from `SOURCE_DATE_EPOCH` (reproducible-builds.org) or, when that
/// is unset, a fixed epoch (1980-01-01T00:00:00Z, the earliest time a ZIP entry can carry).
public struct BuildTime: Sendable, Hashable, Comparable {
    /// Seconds since 1970-01-01T00:00:00Z.
    public var secondsSince1970: Int64

    /// 1980-01-01T00:00:00Z: used when `SOURCE_DATE_EPOCH` is unset.
    public static let fixedEpoch = BuildTime(secondsSince1970: 315_532_800)

    public init(secondsSince1970: Int64) {
        self.secondsSince1970 = secondsSince1970
    }

    /// `SOURCE_DATE_EPOCH` from `environment`, else `fixedEpoch`.
    ///
    /// - Throws: `ChuhaiError` when the variable is set but is not a non-negative integer,
    ///   since silently falling back would make two "reproducible" builds differ.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws -> BuildTime {
        guard let raw = environment["SOURCE_DATE_EPOCH"] else { return fixedEpoch }
        let trimmed = raw.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, trimmed.allSatisfy({ $0.isASCII && $0.isNumber }), let seconds = Int64(trimmed),
              seconds <= 253_402_300_799 else {
            throw ChuhaiError("SOURCE_DATE_EPOCH is '\(raw)', not a count of seconds since 1970",
                              hint: "set it to an integer such as $(git log -1 --format=%ct), or unset it")
        }
        return BuildTime(secondsSince1970: seconds)
    }

    public static func < (a: BuildTime, b: BuildTime) -> Bool { a.secondsSince1970 < b.secondsSince1970 }

    /// UTC calendar fields, computed arithmetically so no time zone or locale can leak in.
    var utc: (year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) {
        let s = secondsSince1970
        let days = Int(s >= 0 ? s / 86_400 : (s - 86_399) / 86_400)
        let rem = Int(s - Int64(days) * 86_400)
        // Days to civil date (Howard Hinnant's algorithm).
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day, rem / 3600, rem % 3600 / 60, rem % 60)
    }

    /// `2026-11-27T01:20:51Z`: the form EPUB's `dcterms:modified` requires and manifests use.
    public var iso8601: String {
        let t = utc
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        let year = String(t.year)
        return String(repeating: "0", count: max(0, 4 - year.count)) + year
            + "-\(two(t.month))-\(two(t.day))T\(two(t.hour)):\(two(t.minute)):\(two(t.second))Z"
    }

    /// MS-DOS date and time fields for ZIP headers, clamped to their 1980–2107 range.
    var dos: (time: UInt16, date: UInt16) {
        let t = utc
        if t.year < 1980 { return (0, UInt16(1 << 5 | 1)) }
        if t.year > 2107 { return (UInt16(23 << 11 | 59 << 5 | 29), UInt16(127 << 9 | 12 << 5 | 31)) }
        let time = UInt16(t.hour << 11 | t.minute << 5 | t.second / 2)
        let date = UInt16((t.year - 1980) << 9 | t.month << 5 | t.day)
        return (time, date)
    }
}
