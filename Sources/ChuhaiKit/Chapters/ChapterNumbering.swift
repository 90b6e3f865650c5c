/// Chapter numbers written in headings (第一百二十三章, 第12章, Chapter XII), to catch the
/// chapters a download lost or repeated before they are translated and shipped.
public enum ChapterNumbering {
    /// The unit (章, 回, 节, 卷 …, or `chapter`) and number a heading states, or nil.
    public static func parse(_ title: String) -> (unit: String, number: Int)? {
        var s = Substring(title)
        if let f = s.first, "【[〔「".contains(f) { s = s.dropFirst() }
        if s.first == "第" {
            let rest = s.dropFirst().drop { $0 == " " || $0 == "\u{3000}" }
            let digits = rest.prefix { NumberExtraction.isChineseNumeral($0) || $0.isNumber }
            let after = rest.dropFirst(digits.count).drop { $0 == " " || $0 == "\u{3000}" }
            guard let unit = after.first, "章卷话話篇幕集部回节節".contains(unit), let n = number(digits) else { return nil }
            return (String(unit), n)
        }
        let lower = s.lowercased()
        for word in ["chapter", "chap.", "ch."] where lower.hasPrefix(word) {
            let token = lower.dropFirst(word.count).drop { $0 == " " }.prefix { $0.isLetter || $0.isNumber || $0 == "-" }
            if let n = Int(token) ?? roman(String(token)) ?? english(String(token)) { return ("chapter", n) }
        }
        return nil
    }

    /// Warnings for numbers that repeat or skip within a unit. Restarting at 1 (a new volume) is fine.
    public static func diagnostics(_ chapters: [Chapter]) -> [Diagnostic] {
        var last: [String: (number: Int, title: String)] = [:]
        var out: [Diagnostic] = []
        for c in chapters {
            guard let title = c.title, let (unit, n) = parse(title) else { continue }
            defer { last[unit] = (n, title) }
            guard let prev = last[unit], n != 1 else { continue }
            if n == prev.number {
                out.append(Diagnostic(.warning, rule: "ingest.numbering", "'\(title)' repeats the number of '\(prev.title)'", at: c.source))
            } else if n > prev.number + 1 {
                let missing = n == prev.number + 2 ? "\(prev.number + 1)" : "\(prev.number + 1)–\(n - 1)"
                out.append(Diagnostic(.warning, rule: "ingest.numbering",
                                      "'\(title)' follows '\(prev.title)': number \(missing) is missing", at: c.source))
            } else if n < prev.number {
                out.append(Diagnostic(.warning, rule: "ingest.numbering",
                                      "'\(title)' comes after '\(prev.title)': numbers go backwards", at: c.source))
            }
        }
        return out
    }

    /// 一百二十三 → 123, 两千零一 → 2001, 十二 → 12, 二〇二三 → 2023, １２ → 12.
    static func number(_ s: Substring) -> Int? {
        guard !s.isEmpty else { return nil }
        if s.allSatisfy({ $0.unicodeScalars.first?.properties.numericType == .decimal }) {
            return s.reduce(0) { $0 * 10 + $1.wholeNumberValue! }
        }
        // The same numeral reading the translation checks use (三百 → 300, 一百二 → 120, 二〇二三 → 2023).
        guard s.allSatisfy(NumberExtraction.isChineseNumeral) else { return nil }
        return NumberExtraction.parseChinese(Array(s))
    }

    static func roman(_ s: String) -> Int? {
        let values: [Character: Int] = ["i": 1, "v": 5, "x": 10, "l": 50, "c": 100, "d": 500, "m": 1000]
        guard !s.isEmpty, s.allSatisfy({ values[$0] != nil }) else { return nil }
        var total = 0
        let v = s.map { values[$0]! }
        for (i, x) in v.enumerated() { total += i + 1 < v.count && x < v[i + 1] ? -x : x }
        return total
    }

    static func english(_ s: String) -> Int? {
        let ones = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen",
                    "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
        let tens = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
        if let i = ones.firstIndex(of: s) { return i + 1 }
        let parts = s.split(separator: "-").map(String.init)
        guard let first = parts.first, let t = tens.firstIndex(of: first) else { return nil }
        if parts.count == 1 { return (t + 2) * 10 }
        guard parts.count == 2, let o = ones.prefix(9).firstIndex(of: parts[1]) else { return nil }
        return (t + 2) * 10 + o + 1
    }
}
