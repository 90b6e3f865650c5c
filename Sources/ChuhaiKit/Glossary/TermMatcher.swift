/// Finds glossary terms in text: leftmost-longest, non-overlapping, case- and width-insensitive.
///
/// An Aho–Corasick automaton over Unicode scalars, built once per glossary and
/// language and then shared: it is immutable after `init`, so any number of
/// threads may match with it at once. Design, for 100k terms over megabytes of
/// chapters (see GlossaryBenchmarks):
/// - text is read as UTF-8 bytes and decoded inline, never as `String`/`Character`;
/// - each scalar is folded and mapped to a dense class id by one table lookup
///   (BMP) or a binary search (other planes); scalars in no term map to class 0,
///   which sends the automaton straight back to the root;
/// - the root's transitions are a dense array; other transitions live in one
///   open-addressing table keyed by (state, class), so a step is one probe;
/// - every occurrence is found through failure and dictionary-suffix links and
///   filtered by word boundaries (for terms that begin or end with a letter of
///   a script that separates words by spaces); a ring buffer keyed by start
///   position then picks leftmost-longest non-overlapping matches as soon as no
///   longer or earlier occurrence can still arrive.
/// Han, kana, Hangul and Thai terms match as substrings; `Lin Dong` does not
/// match inside `Lin Dongfang`.
public final class TermMatcher: @unchecked Sendable {
    // @unchecked: the raw buffers below are written only in init and freed in deinit.

    public struct Options: Sendable, Hashable {
        /// Unicode simple case folding (one scalar to one scalar, so offsets map back exactly).
        public var caseFold: Bool = true
        /// Full-width ASCII and U+3000 to their half-width forms (as `Normalizer.fold`).
        public var widthFold: Bool = true
        /// Require word boundaries around terms that start/end with a letter or digit of a spaced script.
        public var wordBoundaries: Bool = true
        public init(caseFold: Bool = true, widthFold: Bool = true, wordBoundaries: Bool = true) {
            self.caseFold = caseFold
            self.widthFold = widthFold
            self.wordBoundaries = wordBoundaries
        }
    }

    /// One match: which pattern, and where, as UTF-8 byte offsets into the original text.
    public struct Match: Sendable, Hashable, Comparable {
        public var pattern: Int
        public var start: Int
        public var end: Int
        public init(pattern: Int, start: Int, end: Int) {
            self.pattern = pattern
            self.start = start
            self.end = end
        }
        public static func < (a: Match, b: Match) -> Bool { (a.start, a.end, a.pattern) < (b.start, b.end, b.pattern) }
    }

    public let patterns: [String]
    public let options: Options
    /// Number of automaton states (root included).
    public let stateCount: Int
    /// Distinct folded scalars in the patterns.
    public let alphabetSize: Int
    /// Longest pattern, in scalars.
    public let maxLength: Int

    private let classTable: UnsafeMutablePointer<UInt16>        // BMP scalar → class
    private let astralScalars: [UInt32]                          // sorted non-BMP alphabet
    private let astralClasses: [Int32]
    private let rootNext: UnsafeMutablePointer<Int32>            // class → state, 0 = root
    private let fail: UnsafeMutablePointer<Int32>
    private let dict: UnsafeMutablePointer<Int32>                // nearest terminal on the fail chain, 0 = none
    private let terminal: UnsafeMutablePointer<Int32>            // pattern index, -1 = none
    private let depth: UnsafeMutablePointer<Int32>
    private let edges: UnsafeMutablePointer<Edge>
    private let edgeMask: Int
    private let flags: UnsafeMutablePointer<UInt8>               // per pattern: 1 = word on the left, 2 = on the right
    /// Next pattern with the same folded form, -1 at the end (first one wins in matches).
    private let sameKey: [Int32]

    struct Edge { var key: UInt64; var next: Int32 }
    private static let emptyKey = UInt64.max

    /// Builds the automaton. Empty patterns never match.
    public init(patterns: [String], options: Options = Options()) {
        self.patterns = patterns
        self.options = options
        let fold = Fold.table(options)
        var totalScalars = 0
        var folded: [[UInt32]] = []
        folded.reserveCapacity(patterns.count)
        for p in patterns {
            var f: [UInt32] = []
            f.reserveCapacity(p.utf8.count)
            for u in p.unicodeScalars { f.append(Fold.apply(u.value, fold)) }
            totalScalars += f.count
            folded.append(f)
        }
        // Classes: BMP scalars first so they fit the UInt16 table.
        var classOf: [UInt32: Int32] = [:]
        var astral: Set<UInt32> = []
        var bmpCount: Int32 = 0
        for f in folded {
            for v in f {
                if v >= 0x10000 { astral.insert(v); continue }
                if classOf[v] == nil { bmpCount += 1; classOf[v] = bmpCount }
            }
        }
        let sortedAstral = astral.sorted()
        var nextClass = bmpCount
        var astralCls: [Int32] = []
        for v in sortedAstral { nextClass += 1; classOf[v] = nextClass; astralCls.append(nextClass) }
        let classCount = Int(nextClass) + 1
        alphabetSize = classCount - 1
        astralScalars = sortedAstral
        astralClasses = astralCls

        classTable = .allocate(capacity: 0x10000)
        classTable.initialize(repeating: 0, count: 0x10000)
        for (v, c) in classOf where v < 0x10000 { classTable[Int(v)] = UInt16(c) }
        for (v, f) in fold.pairs where f < 0x10000 && v < 0x10000 && classTable[Int(v)] == 0 {
            classTable[Int(v)] = classTable[Int(f)]
        }

        // Trie.
        let capacity = totalScalars + 1
        var edgeCap = 16
        while edgeCap < capacity * 2 { edgeCap <<= 1 }
        edgeMask = edgeCap - 1
        edges = .allocate(capacity: edgeCap)
        edges.initialize(repeating: Edge(key: Self.emptyKey, next: 0), count: edgeCap)
        rootNext = .allocate(capacity: classCount)
        rootNext.initialize(repeating: 0, count: classCount)
        var parent: [Int32] = [0]
        var viaClass: [Int32] = [0]
        var dep: [Int32] = [0]
        var term: [Int32] = [-1]
        var same = [Int32](repeating: -1, count: patterns.count)
        var lastSame: [Int32: Int32] = [:]
        var flagArray = [UInt8](repeating: 0, count: patterns.count)
        var maxLen = 0
        for (i, f) in folded.enumerated() where !f.isEmpty {
            var s: Int32 = 0
            for v in f {
                let c = classOf[v]!
                var t: Int32 = 0
                if s == 0 {
                    t = rootNext[Int(c)]
                } else {
                    t = Self.lookup(edges, edgeMask, s, c)
                }
                if t <= 0 {
                    t = Int32(parent.count)
                    parent.append(s); viaClass.append(c); dep.append(dep[Int(s)] + 1); term.append(-1)
                    if s == 0 { rootNext[Int(c)] = t } else { Self.insert(edges, edgeMask, s, c, t) }
                }
                s = t
            }
            if term[Int(s)] < 0 {
                term[Int(s)] = Int32(i)
            } else {
                same[Int(lastSame[s] ?? term[Int(s)])] = Int32(i)
            }
            lastSame[s] = Int32(i)
            maxLen = max(maxLen, f.count)
            if options.wordBoundaries {
                flagArray[i] = (Self.isWord(f.first!) ? 1 : 0) | (Self.isWord(f.last!) ? 2 : 0)
            }
        }
        sameKey = same
        maxLength = maxLen
        let n = parent.count
        stateCount = n
        fail = .allocate(capacity: n); fail.initialize(repeating: 0, count: n)
        dict = .allocate(capacity: n); dict.initialize(repeating: 0, count: n)
        terminal = .allocate(capacity: n); terminal.initialize(from: term, count: n)
        depth = .allocate(capacity: n); depth.initialize(from: dep, count: n)
        flags = .allocate(capacity: max(1, patterns.count)); flags.initialize(repeating: 0, count: max(1, patterns.count))
        for (i, f) in flagArray.enumerated() { flags[i] = f }

        // Failure links in breadth-first order (counting sort by depth).
        var byDepth = [Int](repeating: 0, count: maxLen + 2)
        for d in dep { byDepth[Int(d) + 1] += 1 }
        for d in 1..<byDepth.count { byDepth[d] += byDepth[d - 1] }
        var order = [Int32](repeating: 0, count: n)
        for s in 0..<n { order[byDepth[Int(dep[s])]] = Int32(s); byDepth[Int(dep[s])] += 1 }
        for s in order where s != 0 {
            let p = parent[Int(s)], c = viaClass[Int(s)]
            var f: Int32 = 0
            if p != 0 {
                var q = fail[Int(p)]
                while true {
                    if q == 0 { f = rootNext[Int(c)]; break }
                    let g = Self.lookup(edges, edgeMask, q, c)
                    if g > 0 { f = g; break }
                    q = fail[Int(q)]
                }
            }
            fail[Int(s)] = f
            dict[Int(s)] = term[Int(f)] >= 0 ? f : dict[Int(f)]
        }
    }

    deinit {
        classTable.deallocate(); rootNext.deallocate(); fail.deallocate(); dict.deallocate()
        terminal.deallocate(); depth.deallocate(); edges.deallocate(); flags.deallocate()
    }

    /// Approximate bytes held by the automaton.
    public var memoryFootprint: Int {
        0x10000 * 2 + (alphabetSize + 1) * 4 + stateCount * 16 + (edgeMask + 1) * MemoryLayout<Edge>.stride
            + patterns.count * 5 + astralScalars.count * 8
    }

    /// Patterns folding to the same form as `pattern` (itself first), e.g. `Qi` and `qi`.
    public func equivalents(of pattern: Int) -> [Int] {
        var out = [pattern]
        var p = sameKey[pattern]
        while p >= 0 { out.append(Int(p)); p = sameKey[Int(p)] }
        return out
    }

    @inline(__always)
    private static func hash(_ key: UInt64, _ mask: Int) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
    }

    @inline(__always)
    private static func lookup(_ edges: UnsafeMutablePointer<Edge>, _ mask: Int, _ s: Int32, _ c: Int32) -> Int32 {
        let key = UInt64(UInt32(bitPattern: s)) << 32 | UInt64(UInt32(bitPattern: c))
        var h = hash(key, mask)
        while true {
            let e = edges[h]
            if e.key == key { return e.next }
            if e.key == emptyKey { return 0 }
            h = (h + 1) & mask
        }
    }

    private static func insert(_ edges: UnsafeMutablePointer<Edge>, _ mask: Int, _ s: Int32, _ c: Int32, _ t: Int32) {
        let key = UInt64(UInt32(bitPattern: s)) << 32 | UInt64(UInt32(bitPattern: c))
        var h = hash(key, mask)
        while edges[h].key != emptyKey { h = (h + 1) & mask }
        edges[h] = Edge(key: key, next: t)
    }

    @inline(__always)
    private func classOf(_ v: UInt32) -> Int32 {
        if v < 0x10000 { return Int32(classTable[Int(v)]) }
        var lo = 0, hi = astralScalars.count
        while lo < hi {
            let mid = (lo + hi) >> 1
            if astralScalars[mid] < v { lo = mid + 1 } else { hi = mid }
        }
        return lo < astralScalars.count && astralScalars[lo] == v ? astralClasses[lo] : 0
    }

    // MARK: - Matching

    /// Leftmost-longest, non-overlapping matches in `text`, in order.
    public func matches(in text: String) -> [Match] {
        var text = text
        return text.withUTF8 { matches(utf8: $0) }
    }

    /// Same over raw UTF-8 (the decoded text's bytes). Invalid bytes count as a non-term scalar.
    public func matches(utf8 bytes: UnsafeBufferPointer<UInt8>) -> [Match] {
        var out: [Match] = []
        scan(bytes, leftmostLongest: true) { out.append($0) }
        return out
    }

    /// Calls `body` for each leftmost-longest match without collecting them.
    public func forEachMatch(utf8 bytes: UnsafeBufferPointer<UInt8>, _ body: (Match) -> Void) {
        scan(bytes, leftmostLongest: true, body)
    }

    /// Every occurrence of every pattern, overlapping ones included (lint, coverage).
    public func occurrences(in text: String) -> [Match] {
        var text = text
        var out: [Match] = []
        text.withUTF8 { scan($0, leftmostLongest: false) { out.append($0) } }
        return out.sorted()
    }

    @inline(__always)
    private static func decode(_ p: UnsafeBufferPointer<UInt8>, _ i: Int) -> (UInt32, Int) {
        let n = p.count
        let b0 = UInt32(p[i])
        if b0 < 0x80 { return (b0, 1) }
        if b0 >= 0xC2 && b0 < 0xE0 && i + 1 < n {
            return ((b0 & 0x1F) << 6 | UInt32(p[i + 1] & 0x3F), 2)
        }
        if b0 >= 0xE0 && b0 < 0xF0 && i + 2 < n {
            return ((b0 & 0x0F) << 12 | UInt32(p[i + 1] & 0x3F) << 6 | UInt32(p[i + 2] & 0x3F), 3)
        }
        if b0 >= 0xF0 && b0 < 0xF5 && i + 3 < n {
            return ((b0 & 0x07) << 18 | UInt32(p[i + 1] & 0x3F) << 12 | UInt32(p[i + 2] & 0x3F) << 6 | UInt32(p[i + 3] & 0x3F), 4)
        }
        return (0xFFFD, 1)
    }

    /// The scalar ending just before byte `i`.
    private static func decodeBefore(_ p: UnsafeBufferPointer<UInt8>, _ i: Int) -> UInt32? {
        guard i > 0 else { return nil }
        var j = i - 1
        while j > 0 && i - j < 4 && p[j] & 0xC0 == 0x80 { j -= 1 }
        return decode(p, j).0
    }

    @inline(__always)
    private func boundaryOK(_ pattern: Int32, _ p: UnsafeBufferPointer<UInt8>, start: Int, end: Int, fold: Fold.Table) -> Bool {
        let f = flags[Int(pattern)]
        if f == 0 { return true }
        if f & 1 != 0, let before = Self.decodeBefore(p, start), Self.isWord(Fold.apply(before, fold)) { return false }
        if f & 2 != 0, end < p.count, Self.isWord(Fold.apply(Self.decode(p, end).0, fold)) { return false }
        return true
    }

    private func scan(_ p: UnsafeBufferPointer<UInt8>, leftmostLongest: Bool, _ emit: (Match) -> Void) {
        guard stateCount > 1, p.count > 0 else { return }
        let fold = Fold.table(options)
        var ring = 4
        while ring < maxLength + 2 { ring <<= 1 }
        let mask = ring - 1
        let offs = UnsafeMutablePointer<Int>.allocate(capacity: ring)
        let bestLen = UnsafeMutablePointer<Int32>.allocate(capacity: ring)
        let bestPat = UnsafeMutablePointer<Int32>.allocate(capacity: ring)
        offs.initialize(repeating: 0, count: ring)
        bestLen.initialize(repeating: 0, count: ring)
        bestPat.initialize(repeating: -1, count: ring)
        defer { offs.deallocate(); bestLen.deallocate(); bestPat.deallocate() }
        let maxDepth = maxLength
        var s: Int32 = 0
        var i = 0
        var k = 0             // scalars consumed
        var cursor = 0        // first scalar index a new match may start at
        var nextFinal = 0     // next start index to decide
        let n = p.count
        @inline(__always) func finalize(_ t: Int) {
            let slot = t & mask
            let len = Int(bestLen[slot])
            if len > 0 {
                if t >= cursor {
                    emit(Match(pattern: Int(bestPat[slot]), start: offs[slot], end: offs[(t + len) & mask]))
                    cursor = t + len
                }
                bestLen[slot] = 0
            }
        }
        while i < n {
            let b0 = p[i]
            var v: UInt32
            var w: Int
            if b0 < 0x80 { v = UInt32(b0); w = 1 } else { (v, w) = Self.decode(p, i) }
            let c = v < 0x10000 ? Int32(classTable[Int(v)]) : classOf(v)
            i += w
            k += 1
            offs[k & mask] = i
            if c == 0 {
                s = 0
            } else {
                while true {
                    if s == 0 { s = rootNext[Int(c)]; break }
                    let t = Self.lookup(edges, edgeMask, s, c)
                    if t > 0 { s = t; break }
                    s = fail[Int(s)]
                }
            }
            if s != 0 {
                var o = terminal[Int(s)] >= 0 ? s : dict[Int(s)]
                while o != 0 {
                    let pat = terminal[Int(o)]
                    let d = depth[Int(o)]
                    let start = k - Int(d)
                    if !leftmostLongest || start >= cursor {
                        if boundaryOK(pat, p, start: offs[start & mask], end: i, fold: fold) {
                            if leftmostLongest {
                                let slot = start & mask
                                if d > bestLen[slot] { bestLen[slot] = d; bestPat[slot] = pat }
                            } else {
                                emit(Match(pattern: Int(pat), start: offs[start & mask], end: i))
                            }
                        }
                    }
                    o = dict[Int(o)]
                }
            }
            if leftmostLongest {
                while nextFinal <= k - maxDepth { finalize(nextFinal); nextFinal += 1 }
            }
        }
        if leftmostLongest {
            while nextFinal < k { finalize(nextFinal); nextFinal += 1 }
        }
    }

    // MARK: - Folding and word characters

    /// Folds one scalar the way the matcher does (for reference implementations and callers
    /// that need to compare by hand).
    public static func fold(_ scalar: Unicode.Scalar, options: Options = Options()) -> Unicode.Scalar {
        Unicode.Scalar(Fold.apply(scalar.value, Fold.table(options))) ?? scalar
    }

    /// A letter, digit or mark of a script that separates words with spaces; Han, kana,
    /// Hangul, Thai, Lao, Khmer and Myanmar match as substrings instead.
    public static func isWordCharacter(_ scalar: Unicode.Scalar) -> Bool { isWord(scalar.value) }

    @inline(__always)
    static func isWord(_ v: UInt32) -> Bool {
        if v < 0x80 {
            return (v >= 0x30 && v <= 0x39) || (v >= 0x41 && v <= 0x5A) || (v >= 0x61 && v <= 0x7A)
        }
        guard let u = Unicode.Scalar(v) else { return false }
        switch v {
        case 0x0E00...0x0EFF, 0x1000...0x109F, 0x1780...0x17FF: return false
        default: break
        }
        if TextMetrics.isCJK(u) { return false }
        let p = u.properties
        if p.isAlphabetic { return true }
        switch p.generalCategory {
        case .decimalNumber, .letterNumber, .otherNumber, .nonspacingMark, .spacingMark: return true
        default: return false
        }
    }
}

/// Per-scalar folding tables shared by all matchers with the same options.
enum Fold {
    struct Table: Sendable {
        /// BMP: folded value; identity where nothing changes.
        let bmp: [UInt32]
        /// (from, to) for every BMP scalar that changes, for class tables.
        let pairs: [(UInt32, UInt32)]
    }

    static let none = build(caseFold: false, widthFold: false)
    static let caseOnly = build(caseFold: true, widthFold: false)
    static let widthOnly = build(caseFold: false, widthFold: true)
    static let both = build(caseFold: true, widthFold: true)

    static func table(_ o: TermMatcher.Options) -> Table {
        switch (o.caseFold, o.widthFold) {
        case (true, true): both
        case (true, false): caseOnly
        case (false, true): widthOnly
        case (false, false): none
        }
    }

    @inline(__always)
    static func apply(_ v: UInt32, _ t: Table) -> UInt32 { v < 0x10000 ? t.bmp[Int(v)] : v }

    /// Simple (1:1) case folding via ICU's full folding where that yields one scalar,
    /// so folded offsets stay the original's; width folding as `Normalizer.fold`.
    private static func build(caseFold: Bool, widthFold: Bool) -> Table {
        var bmp = [UInt32](0..<0x10000)
        var pairs: [(UInt32, UInt32)] = []
        for v in UInt32(0)..<0x10000 {
            guard let u = Unicode.Scalar(v) else { continue }
            var f = v
            if widthFold {
                if v >= 0xFF01 && v <= 0xFF5E { f = v - 0xFEE0 } else if v == 0x3000 { f = 0x20 }
            }
            if caseFold {
                let fu = Unicode.Scalar(f)!
                if f < 0x80 {
                    if f >= 0x41 && f <= 0x5A { f += 0x20 }
                } else if fu.properties.changesWhenCaseFolded {
                    let folded = ICU.foldCase(Array(String(fu).utf16))
                    let scalars = Array(String(decoding: folded, as: UTF16.self).unicodeScalars)
                    if scalars.count == 1 { f = scalars[0].value }
                }
            }
            _ = u
            if f != v { bmp[Int(v)] = f; pairs.append((v, f)) }
        }
        return Table(bmp: bmp, pairs: pairs)
    }
}
