import Foundation

/// One line of a book's reader glossary: the translated term, the source term and a note.
///
/// The pipeline fills these from the project glossaries; the EPUB appendix and
/// `glossary.json` print them.
public struct GlossaryEntry: Sendable, Hashable, Codable {
    /// The term as it appears in the translation (`Foundation Establishment`).
    public var term: String
    /// The source-language term (`筑基`).
    public var source: String
    public var note: String?

    public init(term: String, source: String, note: String? = nil) {
        self.term = term
        self.source = source
        self.note = note
    }

    /// The entries whose translated term occurs in the work's titles or paragraphs,
    /// so a reader glossary lists only what the book actually uses.
    ///
    /// Case-insensitive. A term that starts or ends with a letter of a spaced script
    /// must sit at a word boundary there (`Dao` does not match `Daoist`); CJK terms match anywhere.
    public static func occurring(_ entries: [GlossaryEntry], in work: Work) -> [GlossaryEntry] {
        var text = work.title + "\n"
        for c in work.chapters {
            text += (c.title ?? "") + "\n"
            for p in c.paragraphs { text += p.text + "\n" }
        }
        let haystack = Array(text.lowercased().unicodeScalars)
        return entries.filter { !$0.term.isEmpty && occurs(Array($0.term.lowercased().unicodeScalars), in: haystack) }
    }

    private static func occurs(_ needle: [Unicode.Scalar], in haystack: [Unicode.Scalar]) -> Bool {
        guard needle.count <= haystack.count, let first = needle.first, let last = needle.last else { return false }
        func wordy(_ u: Unicode.Scalar) -> Bool { (u.properties.isAlphabetic || u.properties.numericType != nil) && !TextMetrics.isCJK(u) }
        let checkStart = wordy(first), checkEnd = wordy(last)
        var i = 0
        while i + needle.count <= haystack.count {
            if haystack[i] == first, Array(haystack[i..<i + needle.count]) == needle {
                let startOK = !checkStart || i == 0 || !wordy(haystack[i - 1])
                let endOK = !checkEnd || i + needle.count == haystack.count || !wordy(haystack[i + needle.count])
                if startOK && endOK { return true }
            }
            i += 1
        }
        return false
    }

    /// Deduplicated and sorted by term in `language`'s collation (ICU), then by source;
    /// byte order when ICU has no collator for it.
    public static func sorted(_ entries: [GlossaryEntry], language: String) -> [GlossaryEntry] {
        let unique = Array(Set(entries))
        let collator = try? ICU.Collator(locale: language.replacingOccurrences(of: "-", with: "_"))
        func bytes(_ s: String) -> [UInt8] { Array(s.utf8) }
        return unique.sorted { a, b in
            if let collator {
                let c = collator.compare(a.term, b.term)
                if c != 0 { return c < 0 }
            }
            if a.term != b.term { return bytes(a.term).lexicographicallyPrecedes(bytes(b.term)) }
            if a.source != b.source { return bytes(a.source).lexicographicallyPrecedes(bytes(b.source)) }
            return bytes(a.note ?? "").lexicographicallyPrecedes(bytes(b.note ?? ""))
        }
    }
}
