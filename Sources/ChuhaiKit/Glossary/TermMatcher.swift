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
/// - the root's transitions are a dense array, and so are its children's output
///   links; a bit set of the (class, class) pairs that begin a pattern lets a step
///   leave a root child without reading its record when the pair begins none (in
///   Han text nearly every step starts at a root child, and with 100k terms those
///   records do not stay in cache); every other state is a record in
///   one flat `Int32` array laid out depth-first, so the states along a term are
///   neighbours (a root child is known by being `rootNext` of the last scalar): failure link, output link,
///   pattern, depth and word flags, then its children as (class, state) pairs
///   sorted by class. A step reads one record, usually one cache line, instead
///   of separate node, edge and output arrays (a hash table keyed by
///   (state, class) was the first design; it missed cache on every probe);
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
    private let rootNext: UnsafeMutablePointer<Int32>            // class → state offset, 0 = root
    /// class → output link of the root's child via that class (see `Record`), so a step into a
    /// root child need not read its record.
    private let rootOutput: UnsafeMutablePointer<Int32>
    /// A Bloom-style bit set of the (class, class) pairs that begin a pattern. Han text steps
    /// out of a root child at almost every character, and in a large glossary that child has
    /// many edges in a record that is seldom in cache; when the pair's bit is clear the child
    /// has no such edge and the step goes via the root (its failure state) without reading it.
    private let pairBits: UnsafeMutablePointer<UInt64>
    private let pairShift: UInt64
    /// State records (a state's id is its offset): see `Record`.
    private let trie: UnsafeMutablePointer<Int32>
    private let trieCount: Int
    private let flags: UnsafeMutablePointer<UInt8>               // per pattern: 1 = word on the left, 2 = on the right
    /// Next pattern with the same folded form, -1 at the end (first one wins in matches).
    private let sameKey: [Int32]

    /// A state record (a state's id is its offset in `trie`): failure link, output link
    /// (first state on the failure chain, itself included, that ends a pattern; 0 = none),
    /// `meta` = child count | depth << 20, then `childCount` (class, state, leaf pattern)
    /// triples sorted by class, then — only when the state ends a pattern — the pattern index.
    /// An edge into a leaf (a state with no children) stores the leaf's failure state and
    /// pattern instead of the leaf: the step reports the pattern and moves on without
    /// touching the leaf's record, one cache miss fewer for most term ends.
    enum Record {
        static let fail = 0
        static let output = 1
        static let meta = 2
        static let header = 3
        static let edge = 3
        static let countMask: Int32 = (1 << 20) - 1
        static let depthShift: Int32 = 20
        /// Depth must fit the 11 bits above the count.
        static let maxDepth = 2047
    }
    /// Build-time trie edges (open addressing, freed after init).
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

        // Trie, with build-time hashed edges.
        let capacity = totalScalars + 1
        var edgeCap = 16
        while edgeCap < capacity * 2 { edgeCap <<= 1 }
        let mask = edgeCap - 1
        let hashed = UnsafeMutablePointer<Edge>.allocate(capacity: edgeCap)
        hashed.initialize(repeating: Edge(key: Self.emptyKey, next: 0), count: edgeCap)
        defer { hashed.deallocate() }
        var rootChild = [Int32](repeating: 0, count: classCount)
        var parent: [Int32] = [0]
        var viaClass: [Int32] = [0]
        var dep: [Int32] = [0]
        var term: [Int32] = [-1]
        var same = [Int32](repeating: -1, count: patterns.count)
        var lastSame: [Int32: Int32] = [:]
        var flagArray = [UInt8](repeating: 0, count: patterns.count)
        var maxLen = 0
        for (i, f) in folded.enumerated() where !f.isEmpty && f.count <= Record.maxDepth {
            var s: Int32 = 0
            for v in f {
                let c = classOf[v]!
                var t: Int32 = s == 0 ? rootChild[Int(c)] : Self.lookup(hashed, mask, s, c)
                if t <= 0 {
                    t = Int32(parent.count)
                    parent.append(s); viaClass.append(c); dep.append(dep[Int(s)] + 1); term.append(-1)
                    if s == 0 { rootChild[Int(c)] = t } else { Self.insert(hashed, mask, s, c, t) }
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

        // Renumber breadth-first with children in class order, so every state's
        // children are consecutive ids and one sorted run of edges.
        var childCount = [Int](repeating: 0, count: n + 1)
        for s in 1..<n { childCount[Int(parent[s]) + 1] += 1 }
        for i in 1...n { childCount[i] += childCount[i - 1] }
        var children = [Int32](repeating: 0, count: max(1, n - 1))
        var fillAt = childCount
        for s in 1..<n { children[fillAt[Int(parent[s])]] = Int32(s); fillAt[Int(parent[s])] += 1 }
        var newID = [Int32](repeating: 0, count: n)
        var oldOf = [Int32](repeating: 0, count: n)
        var queueEnd = 1
        var head = 0
        while head < queueEnd {
            let old = Int(oldOf[head])
            let kids = children[childCount[old]..<childCount[old + 1]].sorted { viaClass[Int($0)] < viaClass[Int($1)] }
            for k in kids {
                newID[Int(k)] = Int32(queueEnd)
                oldOf[queueEnd] = k
                queueEnd += 1
            }
            head += 1
        }
        // One record per state. Ids stay breadth-first (the link pass below needs parents first),
        // but records are laid out depth-first (pre-order, children in class order), so the
        // states along one term sit next to each other and a walk through a term stays in a
        // few cache lines instead of jumping from one depth's band to the next.
        func kidIDs(_ id: Int32) -> [Int32] {
            let old = Int(oldOf[Int(id)])
            return children[childCount[old]..<childCount[old + 1]].sorted { viaClass[Int($0)] < viaClass[Int($1)] }.map { newID[Int($0)] }
        }
        var layout: [Int32] = []
        layout.reserveCapacity(n)
        var stack: [Int32] = [0]
        while let id = stack.popLast() {
            layout.append(id)
            stack.append(contentsOf: kidIDs(id).reversed())
        }
        precondition(layout.count == n)
        var offset = [Int32](repeating: 0, count: n)
        var total = 0
        for id in layout {
            offset[Int(id)] = Int32(total)
            let old = Int(oldOf[Int(id)])
            total += Record.header + Record.edge * (childCount[old + 1] - childCount[old]) + (term[old] >= 0 ? 1 : 0)
        }
        precondition(total < Int(Int32.max), "glossary too large for one automaton")
        trieCount = total
        trie = .allocate(capacity: total)
        trie.initialize(repeating: 0, count: total)
        rootNext = .allocate(capacity: classCount)
        rootNext.initialize(repeating: 0, count: classCount)
        for c in 0..<classCount where rootChild[c] > 0 { rootNext[c] = offset[Int(newID[Int(rootChild[c])])] }
        for id in 0..<n {
            let old = Int(oldOf[id])
            let r = Int(offset[id])
            var kids: [(Int32, Int32)] = []
            for k in children[childCount[old]..<childCount[old + 1]] { kids.append((viaClass[Int(k)], offset[Int(newID[Int(k)])])) }
            kids.sort { $0.0 < $1.0 }
            precondition(kids.count <= Int(Record.countMask))
            trie[r + Record.meta] = Int32(kids.count) | dep[old] << Record.depthShift
            for (j, (c, t)) in kids.enumerated() {
                trie[r + Record.header + Record.edge * j] = c
                trie[r + Record.header + Record.edge * j + 1] = t
                trie[r + Record.header + Record.edge * j + 2] = -1
            }
            if term[old] >= 0 {
                trie[r + Record.header + Record.edge * kids.count] = term[old]
                trie[r + Record.output] = Int32(r)  // provisional: marks "ends a pattern" for the link pass
            }
        }
        flags = .allocate(capacity: max(1, patterns.count))
        flags.initialize(repeating: 0, count: max(1, patterns.count))
        for (i, f) in flagArray.enumerated() { flags[i] = f }

        // Failure and output links, breadth-first (records are in BFS order).
        for id in 0..<n {
            let r = Int(offset[id])
            let count = Int(trie[r + Record.meta] & Record.countMask)
            for j in 0..<count {
                let c = trie[r + Record.header + Record.edge * j], t = Int(trie[r + Record.header + Record.edge * j + 1])
                var f: Int32 = 0
                if id != 0 {
                    var q = trie[r + Record.fail]
                    while true {
                        if q == 0 { f = rootNext[Int(c)]; break }
                        let g = Self.step(trie, q, c)
                        if g > 0 { f = g; break }
                        q = trie[Int(q) + Record.fail]
                    }
                }
                trie[t + Record.fail] = f
                if trie[t + Record.output] != Int32(t) { trie[t + Record.output] = trie[Int(f) + Record.output] }
            }
        }
        rootOutput = .allocate(capacity: classCount)
        rootOutput.initialize(repeating: 0, count: classCount)
        var pairs = 0
        for c in 0..<classCount where rootNext[c] > 0 {
            let r = Int(rootNext[c])
            rootOutput[c] = trie[r + Record.output]
            pairs += Int(trie[r + Record.meta] & Record.countMask)
        }
        var bits = 10
        while (1 << bits) < pairs * 16 && bits < 24 { bits += 1 }  // about 6% false positives, at most 2 MB
        pairShift = UInt64(64 - bits)
        pairBits = .allocate(capacity: (1 << bits) / 64)
        pairBits.initialize(repeating: 0, count: (1 << bits) / 64)
        for c in 0..<classCount where rootNext[c] > 0 {
            let r = Int(rootNext[c])
            for j in 0..<Int(trie[r + Record.meta] & Record.countMask) {
                let h = Self.pairHash(Int32(c), trie[r + Record.header + Record.edge * j], pairShift)
                pairBits[h >> 6] |= 1 << UInt64(h & 63)
            }
        }
        // Edges into leaves (except from the root, whose table stays plain) skip the leaf.
        for id in 1..<max(1, n) {
            let r = Int(offset[id])
            let count = Int(trie[r + Record.meta] & Record.countMask)
            for j in 0..<count {
                let e = r + Record.header + Record.edge * j
                let t = Int(trie[e + 1])
                if trie[t + Record.meta] & Record.countMask == 0 {
                    trie[e + 2] = trie[t + Record.header]   // a leaf's pattern sits right after its header
                    trie[e + 1] = trie[t + Record.fail]
                }
            }
        }
    }

    deinit {
        classTable.deallocate(); rootNext.deallocate(); rootOutput.deallocate(); pairBits.deallocate()
        trie.deallocate(); flags.deallocate()
    }

    /// Approximate bytes held by the automaton.
    public var memoryFootprint: Int {
        0x10000 * 2 + (alphabetSize + 1) * 8 + (1 << (64 - Int(pairShift))) / 8 + trieCount * 4 + patterns.count * 5 + astralScalars.count * 8
    }

    /// Patterns folding to the same form as `pattern` (itself first), e.g. `Qi` and `qi`.
    public func equivalents(of pattern: Int) -> [Int] {
        var out = [pattern]
        var p = sameKey[pattern]
        while p >= 0 { out.append(Int(p)); p = sameKey[Int(p)] }
        return out
    }

    @inline(__always)
    private static func pairHash(_ a: Int32, _ b: Int32, _ shift: UInt64) -> Int {
        let key = UInt64(UInt32(bitPattern: a)) << 32 | UInt64(UInt32(bitPattern: b))
        return Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
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

    /// The child of state `s` via class `c` (0 = none): linear over short runs, binary search over long ones.
    @inline(__always)
    private static func step(_ trie: UnsafeMutablePointer<Int32>, _ s: Int32, _ c: Int32) -> Int32 {
        let r = Int(s)
        var lo = 0
        let count = Int(trie[r + Record.meta] & Record.countMask)
        var hi = count
        let base = trie + r + Record.header
        // Narrow to a short run whose end `hi` may itself hold `c` (edges[hi] >= c), so the
        // linear scan runs to `count` and stops at the first edge >= c.
        while hi - lo > 8 {
            let mid = (lo + hi) >> 1
            if base[Record.edge &* mid] < c { lo = mid &+ 1 } else { hi = mid }
        }
        while lo < count {
            let k = base[Record.edge &* lo]
            if k >= c { return k == c ? base[Record.edge &* lo &+ 1] : 0 }
            lo += 1
        }
        return 0
    }

    /// Index in `trie` of the edge of the record at `r` for class `c`, or -1.
    @inline(__always)
    private static func edgeIndex(_ trie: UnsafeMutablePointer<Int32>, _ r: Int, _ meta: Int32, _ c: Int32) -> Int {
        var lo = 0
        let count = Int(meta & Record.countMask)
        var hi = count
        let base = r &+ Record.header
        // As in `step`: edges[hi] may be `c`, so scan on to `count` (the scan stops at the first edge >= c).
        while hi &- lo > 8 {
            let mid = (lo &+ hi) >> 1
            if trie[base &+ Record.edge &* mid] < c { lo = mid &+ 1 } else { hi = mid }
        }
        while lo < count {
            let k = trie[base &+ Record.edge &* lo]
            if k >= c { return k == c ? base &+ Record.edge &* lo : -1 }
            lo &+= 1
        }
        return -1
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
        // Matching is bound by the cache miss on each new state's record, and each step
        // depends on the last. Independent passes over parts of a long text, interleaved
        // step by step, keep several misses in flight. Parts meet just after a newline,
        // which no term contains, so no match straddles them; later parts' matches are
        // held back and emitted in order after the first's.
        var bounds = [0, p.count]
        if leftmostLongest, p.count >= 1 << 16, classTable[0x0A] == 0 { bounds = laneBounds(p, Self.lanes) }
        let lanes = bounds.count - 1
        var ring = 4
        while ring < maxLength + 2 { ring <<= 1 }
        let mask = ring - 1
        let offs = UnsafeMutablePointer<Int>.allocate(capacity: ring * lanes)
        let bestLen = UnsafeMutablePointer<Int32>.allocate(capacity: ring * lanes)
        let bestPat = UnsafeMutablePointer<Int32>.allocate(capacity: ring * lanes)
        defer { offs.deallocate(); bestLen.deallocate(); bestPat.deallocate() }
        bestLen.initialize(repeating: 0, count: ring * lanes)
        bestPat.initialize(repeating: -1, count: ring * lanes)
        for lane in 0..<lanes { (offs + lane * ring).initialize(repeating: bounds[lane], count: ring) }
        // Per lane: automaton state, byte position, end, scalars consumed, first start a match
        // may take, next start to decide, class of the last scalar. Raw memory: no bounds or
        // uniqueness checks in the loop.
        let lane = UnsafeMutablePointer<Int>.allocate(capacity: 7 * lanes)
        defer { lane.deallocate() }
        for l in 0..<lanes {
            let b = lane + 7 * l
            b[0] = 0; b[1] = bounds[l]; b[2] = bounds[l + 1]; b[3] = 0; b[4] = 0; b[5] = 0; b[6] = 0
        }
        var later = [[Match]](repeating: [], count: lanes)  // lanes after the first, emitted in order at the end
        let trie = self.trie, rootNext = self.rootNext, classTable = self.classTable, flags = self.flags, maxDepth = maxLength
        let rootOutput = self.rootOutput, pairBits = self.pairBits, pairShift = self.pairShift

        var active = lanes
        while active > 0 {
            active = 0
            for l in 0..<lanes {
                let st = lane + 7 &* l
                let i0 = st[1]
                if i0 >= st[2] { continue }
                active &+= 1
                let base = l &* ring
                let b0 = p[i0]
                var v: UInt32
                var w: Int
                if b0 < 0x80 { v = UInt32(b0); w = 1 } else { (v, w) = Self.decode(p, i0) }
                let c = v < 0x10000 ? Int32(classTable[Int(v)]) : classOf(v)
                let i = i0 &+ w
                st[1] = i
                let k = st[3] &+ 1
                st[3] = k
                offs[base &+ (k & mask)] = i
                var s = Int32(truncatingIfNeeded: st[0])
                var leafPattern: Int32 = -1
                var leafDepth: Int32 = 0
                let last = Int32(truncatingIfNeeded: st[6])
                st[6] = Int(c)
                if c == 0 {
                    s = 0
                } else if s == rootNext[Int(last)]   // a root child: its one scalar is the last one read
                            && pairBits[Self.pairHash(last, c, pairShift) >> 6] & (1 << UInt64(Self.pairHash(last, c, pairShift) & 63)) == 0 {
                    // A root child (its one scalar is the last one) without an edge for `c`: fail to the root.
                    s = rootNext[Int(c)]
                } else {
                    while true {
                        if s == 0 { s = rootNext[Int(c)]; break }
                        let r = Int(s)
                        let meta = trie[r &+ Record.meta]
                        let e = Self.edgeIndex(trie, r, meta, c)
                        if e >= 0 {
                            leafPattern = trie[e &+ 2]
                            if leafPattern >= 0 { leafDepth = (meta >> Record.depthShift) &+ 1 }
                            s = trie[e &+ 1]
                            break
                        }
                        s = trie[r &+ Record.fail]
                    }
                }
                st[0] = Int(s)
                // Outputs: the skipped leaf's pattern first, then the chain from the current state.
                var o: Int32 = s == 0 ? 0 : s == rootNext[Int(c)] ? rootOutput[Int(c)] : trie[Int(s) &+ Record.output]
                var pendingLeaf = leafPattern >= 0
                if pendingLeaf || o != 0 {
                    while pendingLeaf || o != 0 {
                        let d: Int32
                        let pat: Int32
                        if pendingLeaf {
                            d = leafDepth
                            pat = leafPattern
                            pendingLeaf = false
                        } else {
                            let meta = trie[Int(o) &+ Record.meta]
                            d = meta >> Record.depthShift
                            pat = trie[Int(o) &+ Record.header &+ Record.edge &* Int(meta & Record.countMask)]
                            o = trie[Int(trie[Int(o) &+ Record.fail]) &+ Record.output]
                        }
                        let start = k &- Int(d)
                        if !leftmostLongest || start >= st[4] {
                            let startByte = offs[base &+ (start & mask)]
                            if flags[Int(pat)] == 0 || boundaryOK(pat, p, start: startByte, end: i, fold: fold) {
                                if leftmostLongest {
                                    let slot = base &+ (start & mask)
                                    if d > bestLen[slot] { bestLen[slot] = d; bestPat[slot] = pat }
                                } else {
                                    emit(Match(pattern: Int(pat), start: startByte, end: i))
                                }
                            }
                        }
                    }
                }
                if leftmostLongest {
                    // Starts no later occurrence can reach are decided now.
                    while st[5] <= k &- maxDepth {
                        let t = st[5]
                        let slot = base &+ (t & mask)
                        let len = Int(bestLen[slot])
                        if len > 0 {
                            if t >= st[4] {
                                let m = Match(pattern: Int(bestPat[slot]), start: offs[slot], end: offs[base &+ ((t &+ len) & mask)])
                                if l == 0 { emit(m) } else { later[l].append(m) }
                                st[4] = t &+ len
                            }
                            bestLen[slot] = 0
                        }
                        st[5] = t &+ 1
                    }
                }
            }
        }
        if leftmostLongest {
            for l in 0..<lanes {
                let st = lane + 7 * l
                let base = l * ring
                while st[5] < st[3] {
                    let t = st[5]
                    let slot = base + (t & mask)
                    let len = Int(bestLen[slot])
                    if len > 0 && t >= st[4] {
                        let m = Match(pattern: Int(bestPat[slot]), start: offs[slot], end: offs[base + ((t + len) & mask)])
                        if l == 0 { emit(m) } else { later[l].append(m) }
                        st[4] = t + len
                    }
                    bestLen[slot] = 0
                    st[5] = t + 1
                }
            }
            for list in later { for m in list { emit(m) } }
        }
    }

    /// How many interleaved passes a long text gets.
    static let lanes = 2

    /// Cut points just after newlines near each 1/`parts` of the text (fewer when lines are long).
    private func laneBounds(_ p: UnsafeBufferPointer<UInt8>, _ parts: Int) -> [Int] {
        var bounds = [0]
        for q in 1..<parts {
            var j = max(p.count * q / parts, bounds.last!)
            while j < p.count - 1 && p[j] != 0x0A { j += 1 }
            if j < p.count - 1 && j + 1 > bounds.last! { bounds.append(j + 1) }
        }
        bounds.append(p.count)
        return bounds
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
