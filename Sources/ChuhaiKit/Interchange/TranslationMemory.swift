/// A memory match for a source segment.
public struct TMMatch: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, Codable {
        /// Same source and same context: safe to take as translated.
        case inContext = "in-context"
        case exact
        case fuzzy
    }

    public var unit: TMUnit
    /// Similarity in percent (100 for exact, 101 for in-context exact, as CAT tools show them).
    public var score: Int
    public var kind: Kind

    /// The target as an XLIFF prefill: exact matches translated, fuzzy ones initial (to review).
    public var segmentTarget: SegmentTarget {
        SegmentTarget(InlineText(unit.target), state: kind == .fuzzy ? .initial : .translated,
                      origin: kind == .fuzzy ? .fuzzyMatch : .exactMatch, score: min(score, 100))
    }
}

/// A read-only translation memory for one language pair, indexed for fast lookups.
///
/// Exact matches come from a hash of the normalized source (case and width folded,
/// whitespace runs collapsed). Fuzzy matches (similarity = 1 − edit distance / longer
/// length, over Unicode scalars) use a character-bigram inverted index: units are numbered
/// in order of length, so each posting list is also sorted by length and the length
/// filter (a match at threshold t has a length within [n·t, n/t]) is a binary search. The
/// rarest query bigrams yield candidates (prefix filter: a string within edit distance k
/// keeps all but 2k of the query's distinct bigrams), the other lists count shared
/// bigrams, and only candidates that can still reach the threshold get a banded edit
/// distance. Immutable and `Sendable`: build once, look up from many tasks.
public final class TranslationMemory: Sendable {
    public let sourceLanguage: String
    public let targetLanguage: String
    /// Units in index order (by normalized source length).
    public let units: [TMUnit]
    private let lengths: [Int32]
    private let scalarOffsets: [Int32]
    private let scalars: [UInt32]
    private let exact: [String: [Int32]]
    /// Units sharing a representative's normalized source (only groups of two or more):
    /// the index holds one entry per distinct source, so duplicates cost nothing in fuzzy search.
    private let duplicates: [Int32: [Int32]]
    private let isRepresentative: [Bool]
    private let keyIndex: [UInt64: Int32]
    private let postingOffsets: [Int32]
    private let postings: [Int32]

    /// - Parameter units: entries of any language pair; only those matching the pair
    ///   (by primary language subtag) are kept. Later duplicates of a source+target pair are dropped.
    public init(units: [TMUnit], sourceLanguage: String, targetLanguage: String) {
        self.sourceLanguage = sourceLanguage
        self.targetLanguage = targetLanguage
        var seen = Set<String>()
        var kept: [(unit: TMUnit, norm: [UInt32])] = []
        for u in units where sameLanguage(u.sourceLanguage, sourceLanguage) && sameLanguage(u.targetLanguage, targetLanguage) {
            guard seen.insert(u.source + "\u{0}" + u.target + "\u{0}" + (u.context ?? "")).inserted else { continue }
            kept.append((u, Self.normalize(u.source)))
        }
        kept.sort { $0.norm.count < $1.norm.count }
        self.units = kept.map(\.unit)
        var lengths: [Int32] = [], offsets: [Int32] = [0], scalars: [UInt32] = []
        var exact: [String: [Int32]] = [:]
        var duplicates: [Int32: [Int32]] = [:]
        var isRepresentative: [Bool] = []
        var pairs: [(UInt64, Int32)] = []
        pairs.reserveCapacity(kept.reduce(0) { $0 + max(0, $1.norm.count - 1) })
        for (i, k) in kept.enumerated() {
            lengths.append(Int32(k.norm.count))
            scalars += k.norm
            offsets.append(Int32(scalars.count))
            let key = Self.key(k.norm)
            isRepresentative.append(exact[key] == nil)
            if let first = exact[key]?.first {
                exact[key]!.append(Int32(i))
                duplicates[first, default: [first]].append(Int32(i))
                continue
            }
            exact[key] = [Int32(i)]
            var local = Set<UInt64>()
            for b in Self.bigrams(k.norm) where local.insert(b).inserted { pairs.append((b, Int32(i))) }
        }
        pairs.sort { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
        var keyIndex: [UInt64: Int32] = [:]
        var postingOffsets: [Int32] = []
        var postings: [Int32] = []
        postings.reserveCapacity(pairs.count)
        for (b, id) in pairs {
            if keyIndex[b] == nil {
                keyIndex[b] = Int32(postingOffsets.count)
                postingOffsets.append(Int32(postings.count))
            }
            postings.append(id)
        }
        postingOffsets.append(Int32(postings.count))
        self.lengths = lengths
        self.scalarOffsets = offsets
        self.scalars = scalars
        self.exact = exact
        self.duplicates = duplicates
        self.isRepresentative = isRepresentative
        self.keyIndex = keyIndex
        self.postingOffsets = postingOffsets
        self.postings = postings
    }

    public var count: Int { units.count }

    /// Matches for `source`, best first: in-context exact, exact, then fuzzy matches
    /// scoring at least `threshold` percent (ties: shorter edit, then memory order).
    ///
    /// - Parameters:
    ///   - context: the segment's context (previous source segment) for in-context matches.
    ///   - threshold: minimum fuzzy score in percent (CAT tools default to 75).
    ///   - limit: at most this many matches.
    public func lookup(_ source: String, context: String? = nil, threshold: Int = 75, limit: Int = 3) -> [TMMatch] {
        let q = Self.normalize(source)
        guard !q.isEmpty, limit > 0 else { return [] }
        var out: [TMMatch] = []
        let ids = exact[Self.key(q)] ?? []
        if let context {
            for id in ids where out.count < limit && units[Int(id)].context == context {
                out.append(TMMatch(unit: units[Int(id)], score: 101, kind: .inContext))
            }
        }
        for id in ids where out.count < limit && !(context != nil && units[Int(id)].context == context) {
            out.append(TMMatch(unit: units[Int(id)], score: 100, kind: .exact))
        }
        if out.count >= limit || threshold > 99 { return out }
        let exactRepresentative = ids.first
        var fuzzy = fuzzyCandidates(q, threshold: max(1, threshold)).filter { $0.id != exactRepresentative }
        fuzzy.sort { $0.score != $1.score ? $0.score > $1.score : $0.id < $1.id }
        for f in fuzzy {
            for id in duplicates[f.id] ?? [f.id] {
                guard out.count < limit else { return out }
                out.append(TMMatch(unit: units[Int(id)], score: f.score, kind: .fuzzy))
            }
        }
        return out
    }

    private func fuzzyCandidates(_ q: [UInt32], threshold: Int) -> [(id: Int32, score: Int)] {
        // Integer arithmetic throughout: 0.9 × 10 must be 9, not 8.999….
        let n = q.count, t = threshold
        let minLen = Int32((n * t + 99) / 100)
        let maxLen = Int32(n * 100 / t)
        let lo = lowerBound(minLen), hi = lowerBound(maxLen + 1)
        guard lo < hi else { return [] }
        // Largest edit distance any candidate may have (at the longest allowed length).
        let kMax = Self.maxDistance(Int(maxLen), threshold: t)
        var distinct: [UInt64] = []
        var seen = Set<UInt64>()
        for b in Self.bigrams(q) where seen.insert(b).inserted { distinct.append(b) }
        let needed = distinct.count - 2 * kMax
        var results: [(Int32, Int)] = []
        if needed <= 0 {
            // Too short for the index to prune: scan the length window.
            for id in lo..<hi where isRepresentative[Int(id)] {
                if let s = score(q, Int(id), threshold: t) { results.append((id, s)) }
            }
            return results
        }
        // Posting slices restricted to the length window, rarest first.
        var lists: [Range<Int>] = []
        for b in distinct {
            guard let k = keyIndex[b] else { lists.append(0..<0); continue }
            let start = Int(postingOffsets[Int(k)]), end = Int(postingOffsets[Int(k) + 1])
            lists.append(partition(start..<end, atLeast: lo)..<partition(start..<end, atLeast: hi))
        }
        lists.sort { $0.count < $1.count }
        let prefix = distinct.count - needed + 1
        var counts: [Int32: Int32] = [:]
        for r in lists.prefix(prefix) {
            for i in r { counts[postings[i], default: 0] += 1 }
        }
        let rest = lists.dropFirst(prefix)
        for (id, c) in counts {
            var shared = Int(c)
            let remaining = rest.count
            for (j, r) in rest.enumerated() {
                if shared + (remaining - j) < needed { break }
                if contains(r, id) { shared += 1 }
            }
            // Exact bound for this candidate's own length.
            let m = Int(lengths[Int(id)])
            let k = Self.maxDistance(max(n, m), threshold: t)
            guard shared >= distinct.count - 2 * k else { continue }
            if let s = score(q, Int(id), threshold: t) { results.append((id, s)) }
        }
        return results
    }

    /// Score in percent when at least `threshold`, else nil.
    /// Largest edit distance that still scores `threshold` percent at length `longest`.
    static func maxDistance(_ longest: Int, threshold: Int) -> Int { longest * (100 - threshold) / 100 }

    private func score(_ q: [UInt32], _ id: Int, threshold: Int) -> Int? {
        let start = Int(scalarOffsets[id]), end = Int(scalarOffsets[id + 1])
        let m = end - start, n = q.count
        let longest = max(n, m)
        let k = Self.maxDistance(longest, threshold: threshold)
        let d = scalars.withUnsafeBufferPointer { s in
            q.withUnsafeBufferPointer { qb in Self.boundedDistance(qb, UnsafeBufferPointer(rebasing: s[start..<end]), bound: k) }
        }
        guard let d else { return nil }
        let score = 100 * (longest - d) / longest
        return score >= threshold ? score : nil
    }

    /// Levenshtein distance when at most `bound`, else nil (Ukkonen's band).
    static func boundedDistance(_ a: UnsafeBufferPointer<UInt32>, _ b: UnsafeBufferPointer<UInt32>, bound k: Int) -> Int? {
        let n = a.count, m = b.count
        if abs(n - m) > k { return nil }
        if n == 0 || m == 0 { return max(n, m) <= k ? max(n, m) : nil }
        let big = k + 1
        var prev = [Int](0...m)
        var cur = [Int](repeating: big, count: m + 1)
        for i in 1...n {
            let from = max(1, i - k), to = min(m, i + k)
            cur[0] = i <= k ? i : big
            if from > 1 { cur[from - 1] = big }
            var rowMin = cur[0]
            let ai = a[i - 1]
            if from <= to {
                for j in from...to {
                    let cost = ai == b[j - 1] ? 0 : 1
                    var v = prev[j - 1] + cost
                    let del = prev[j] + 1, ins = cur[j - 1] + 1
                    if del < v { v = del }
                    if ins < v { v = ins }
                    cur[j] = min(v, big)
                    if v < rowMin { rowMin = v }
                }
            }
            if to < m { cur[to + 1] = big }
            if rowMin > k { return nil }
            swap(&prev, &cur)
        }
        return prev[m] <= k ? prev[m] : nil
    }

    private func lowerBound(_ length: Int32) -> Int32 {
        var lo = 0, hi = lengths.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if lengths[mid] < length { lo = mid + 1 } else { hi = mid }
        }
        return Int32(lo)
    }

    /// First index in `r` whose posting is ≥ `id` (postings are sorted by unit id).
    private func partition(_ r: Range<Int>, atLeast id: Int32) -> Int {
        var lo = r.lowerBound, hi = r.upperBound
        while lo < hi {
            let mid = (lo + hi) / 2
            if postings[mid] < id { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    private func contains(_ r: Range<Int>, _ id: Int32) -> Bool {
        let i = partition(r, atLeast: id)
        return i < r.upperBound && postings[i] == id
    }

    /// Folded scalars (case and width, as glossary matching folds) with whitespace runs as one space, trimmed.
    static func normalize(_ s: String) -> [UInt32] {
        var out: [UInt32] = []
        out.reserveCapacity(s.unicodeScalars.count)
        var space = false
        for u in s.unicodeScalars {
            if u.properties.isWhitespace {
                space = !out.isEmpty
                continue
            }
            if space { out.append(0x20); space = false }
            out.append(TermMatcher.fold(u).value)
        }
        return out
    }

    private static func key(_ s: [UInt32]) -> String {
        var r = String.UnicodeScalarView()
        for v in s { if let u = Unicode.Scalar(v) { r.append(u) } }
        return String(r)
    }

    private static func bigrams(_ s: [UInt32]) -> [UInt64] {
        guard s.count >= 2 else { return s.map { UInt64($0) << 21 } }
        return (0..<s.count - 1).map { UInt64(s[$0]) << 21 | UInt64(s[$0 + 1]) }
    }
}

extension TranslationMemory {
    /// A prefill for `BilingualDocument(work:…)`: the best match at or above `threshold`.
    /// The context is `file/unit`, the context `TMX.units(from:)` stores, so re-exporting a
    /// translated chapter gets in-context (101%) matches.
    public func prefill(threshold: Int = 75) -> TargetPrefill {
        { fileID, unitID, _, source in
            self.lookup(source.text, context: "\(fileID)/\(unitID)", threshold: threshold, limit: 1).first?.segmentTarget
        }
    }
}
