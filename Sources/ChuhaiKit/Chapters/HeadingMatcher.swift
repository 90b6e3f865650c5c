import Foundation

/// Recognises chapter-heading lines in plain text (第一章 山门试炼, 第1章, 第十回,
/// Chapter 12, CHAPTER XII, 序章, 楔子, 番外, 尾声, 后记 …, and the chapter words of
/// common target languages, so translated files split the same way) plus user patterns.
///
/// A heading is a whole line, at most `maxHeadingLength` characters: prose that
/// merely starts with 第三回合 or "Chapter" must not split a chapter. Units that
/// are also ordinary words after a numeral (回 in 回合, 节 in 节课, 集, 部) need a
/// separator or the end of the line after them; 章, 卷, 话, 篇, 幕 may run straight
/// into the title (第一章山门试炼) unless a particle follows (第一章的).
public struct HeadingMatcher: Sendable {
    private let builtIns: [NSRegularExpressionBox]
    private let custom: [NSRegularExpressionBox]
    private let maxLength: Int

    /// How every built-in form begins (lowercased, after an optional bracket): most lines of
    /// prose fail this test and never reach a regular expression.
    static let keywords = [
        "第", "序", "楔子", "引子", "引言", "前言", "尾声", "尾聲", "后记", "後記", "终章", "終章", "完本感言", "番外",
        "chapter", "chap.", "ch.", "prologue", "epilogue", "interlude", "afterword", "foreword", "preface",
        "capítulo", "capitulo", "cap.", "chapitre", "kapitel", "capitolo", "hoofdstuk", "rozdział", "глава", "bab", "chương",
        "bölüm", "prólogo", "epílogo", "épilogue", "prolog", "epilog", "пролог", "эпилог", "บทที่", "제",
    ]

    static let numeral = "[0-9０-９零〇○一二两三四五六七八九十百千万萬壹贰貳叁參肆伍陆陸柒捌玖拾佰仟]+"
    static let separator = "[\\s\\u3000:：·・.．、,，\\-—–_|｜]"

    /// The built-in forms, as ICU regular expressions over a trimmed line.
    public static let builtInPatterns: [String] = [
        // 第一章 / 第1章 / 第 12 章 / 第一百二十三章山门 / 第三卷
        "^[【\\[〔「]?第\\s*\(numeral)\\s*[章卷话話篇幕](?![的了是中里裏后後前]).*$",
        // 第十回 / 第3节 / 第二集 / 第一部 need a separator: 第三回合, 第一节课 are prose.
        "^[【\\[〔「]?第\\s*\(numeral)\\s*[回节節集部](?:[】\\]〕」]|\(separator)|$).*$",
        // Front and back matter.
        "^[【\\[〔「]?(?:序章|序幕|序言|序|楔子|引子|引言|前言|尾声|尾聲|后记|後記|终章|終章|完本感言|番外篇?\\s*(?:\(numeral))?)(?:[】\\]〕」]|\(separator)|$).*$",
        // Chapter 12 / CHAPTER XII / Chapter Twenty-One: The Gate / Ch. 3
        "(?i)^(?:chapter|chap\\.|ch\\.)\\s*(?:\\d+|[ivxlcdm]+|(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[-\\s](?:one|two|three|four|five|six|seven|eight|nine))?)|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|hundred)\\b(?:\\s*[:.\\-—–]\\s*.*|\\s+(?-i:[\\p{Lu}\\p{Lt}\\p{Lo}\"'“‘(\\[]).*)?$",
        "(?i)^(?:prologue|epilogue|interlude|afterword|foreword|preface)\\b(?:\\s*[:.\\-—–]\\s*.*)?$",
        // Target-language translations of per-chapter files: Capítulo 2: …, Chapitre 3, Kapitel 4, Глава 5, Bab 6, Chương 7.
        "(?i)^(?:capítulo|capitulo|cap\\.|chapitre|kapitel|capitolo|hoofdstuk|rozdział|глава|bab|chương|bölüm)\\s*(?:\\d+|[ivxlcdm]+)\\b(?:\\s*[:.\\-—–]\\s*.*|\\s+(?-i:[\\p{Lu}\\p{Lt}\\p{Lo}\"'“‘«¿¡(\\[]).*)?$",
        "(?i)^(?:prólogo|epílogo|épilogue|prolog|epilog|пролог|эпилог)(?:\\s*[:.\\-—–]\\s*.*)?$",
        "^(?:บทที่\\s*[0-9๐-๙]+|제\\s*[0-9]+\\s*[장화])(?:\\s.*)?$",
    ]

    /// - Parameters:
    ///   - patterns: extra ICU regular expressions; each must match the whole trimmed line.
    ///   - builtIn: also use `builtInPatterns`.
    ///   - maxLength: longer lines are never headings.
    /// - Throws: `ChuhaiError` naming the pattern that does not compile.
    public init(patterns: [String] = [], builtIn: Bool = true, maxLength: Int = 80) throws {
        builtIns = builtIn ? Self.builtInPatterns.map { NSRegularExpressionBox(try! NSRegularExpression(pattern: $0)) } : []
        var all: [NSRegularExpressionBox] = []
        for p in patterns {
            do {
                all.append(NSRegularExpressionBox(try NSRegularExpression(pattern: p)))
            } catch {
                throw ChuhaiError("invalid heading pattern '\(p)'", hint: "give an ICU regular expression, e.g. '^卷[一二三四五六七八九十]+$'")
            }
        }
        custom = all
        self.maxLength = maxLength
    }

    public init(options: ChapterOptions) throws {
        try self.init(patterns: options.headingPatterns, builtIn: options.builtInHeadings, maxLength: options.maxHeadingLength)
    }

    /// Whether a trimmed line is a chapter heading.
    public func isHeading(_ line: String) -> Bool {
        guard !line.isEmpty, line.count <= maxLength else { return false }
        var candidates = custom
        if !builtIns.isEmpty && Self.mayBeBuiltIn(line) { candidates += builtIns }
        guard !candidates.isEmpty else { return false }
        let whole = NSRange(location: 0, length: (line as NSString).length)
        for e in candidates {
            if let m = e.regex.firstMatch(in: line, options: [.anchored], range: whole), m.range.length == whole.length {
                return true
            }
        }
        return false
    }

    static func mayBeBuiltIn(_ line: String) -> Bool {
        var head = Substring(line.prefix(12))
        if let f = head.first, "【[〔「".contains(f) { head = head.dropFirst() }
        let lower = head.lowercased()
        return keywords.contains { lower.hasPrefix($0) }
    }
}

/// NSRegularExpression is immutable and thread-safe once built; Foundation on Linux does not say so.
struct NSRegularExpressionBox: @unchecked Sendable {
    let regex: NSRegularExpression
    init(_ regex: NSRegularExpression) { self.regex = regex }
}
