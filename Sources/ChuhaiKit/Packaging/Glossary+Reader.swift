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
    public static func occurring(_ entries: [GlossaryEntry], in work: Work) -> [GlossaryEntry] {
        var text = work.title + "\n"
        for c in work.chapters {
            text += (c.title ?? "") + "\n"
            for p in c.paragraphs { text += p.text + "\n" }
        }
        let folded = text.lowercased()
        return entries.filter { !$0.term.isEmpty && folded.contains($0.term.lowercased()) }
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
