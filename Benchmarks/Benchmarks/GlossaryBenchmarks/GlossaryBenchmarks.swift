import Benchmark
import ChuhaiKit
import Foundation

/// Term matcher figures (issue 4): automaton build time and memory for 1k, 10k
/// and 100k terms, and matching MB/s over ≥ 10 MB of generated Chinese chapters.
/// The corpus is drawn from the 100k-term vocabulary with a Zipf-like skew, so the
/// 1k and 10k glossaries (its most frequent terms) really occur; the rest is filler
/// from the same characters, so partial matches are everywhere. Each size also runs
/// a plain forward-maximum-matching reference once, checks that its spans equal the
/// automaton's, and records both match counts.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(metrics: [.wallClock, .peakMemoryResident], maxDuration: .seconds(20), maxIterations: 5)

    let mbps = BenchmarkMetric.custom("MB/s", polarity: .prefersLarger, useScalingFactor: false)
    // The machine is shared: CPU time of the matching thread is steadier than wall time under load.
    let cpuMBps = BenchmarkMetric.custom("MB/s (thread CPU time)", polarity: .prefersLarger, useScalingFactor: false)
    let matchCount = BenchmarkMetric.custom("matches", polarity: .prefersLarger, useScalingFactor: false)
    let automatonMB = BenchmarkMetric.custom("automaton MB", polarity: .prefersSmaller, useScalingFactor: false)
    let buildMS = BenchmarkMetric.custom("build ms", polarity: .prefersSmaller, useScalingFactor: false)

    for size in [1_000, 10_000, 100_000] {
        let label = "\(size / 1000)k"
        Benchmark("Glossary build: \(label) terms", configuration: .init(metrics: [.wallClock, .peakMemoryResident, buildMS, automatonMB])) { benchmark in
            let terms = Array(GlossaryCorpus.vocabulary.prefix(size))
            for _ in benchmark.scaledIterations {
                let start = ContinuousClock.now
                let m = TermMatcher(patterns: terms)
                let ms = (ContinuousClock.now - start) / .milliseconds(1)
                benchmark.measurement(buildMS, Int(ms.rounded()))
                benchmark.measurement(automatonMB, m.memoryFootprint / 1_000_000)
                blackHole(m)
            }
        }

        Benchmark("Glossary match: \(label) terms over 10 MB", configuration: .init(metrics: [.wallClock, mbps, cpuMBps, matchCount])) { benchmark in
            let matcher = TermMatcher(patterns: Array(GlossaryCorpus.vocabulary.prefix(size)))
            var text = GlossaryCorpus.chapters
            let bytes = Double(text.utf8.count)
            for _ in benchmark.scaledIterations {
                let start = ContinuousClock.now
                let cpuStart = threadCPUSeconds()
                var n = 0
                text.withUTF8 { buf in matcher.forEachMatch(utf8: buf) { _ in n += 1 } }
                let cpu = threadCPUSeconds() - cpuStart
                let seconds = (ContinuousClock.now - start) / .seconds(1)
                benchmark.measurement(mbps, Int(bytes / 1_000_000 / seconds))
                benchmark.measurement(cpuMBps, Int(bytes / 1_000_000 / cpu))
                benchmark.measurement(matchCount, n)
            }
        }

        Benchmark("Glossary reference FMM: \(label) terms over 10 MB (spans checked)",
                  configuration: .init(metrics: [.wallClock, mbps, matchCount], maxIterations: 1)) { benchmark in
            let terms = Array(GlossaryCorpus.vocabulary.prefix(size))
            let text = GlossaryCorpus.chapters
            let fast = TermMatcher(patterns: terms).matches(in: text).map { [$0.start, $0.end] }
            for _ in benchmark.scaledIterations {
                let start = ContinuousClock.now
                let slow = GlossaryCorpus.forwardMaximumMatching(terms, text)
                let seconds = (ContinuousClock.now - start) / .seconds(1)
                benchmark.measurement(mbps, Int(Double(text.utf8.count) / 1_000_000 / seconds))
                benchmark.measurement(matchCount, slow.count)
                precondition(slow == fast, "automaton spans differ from the reference for \(size) terms")
                print("\(label) terms: automaton and reference agree on \(fast.count) matches over \(text.utf8.count) bytes")
            }
        }
    }
}

func threadCPUSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

/// Seeded generators: the same bytes on every run and machine.
enum GlossaryCorpus {
    /// 6000 CJK Unified Ideographs starting at U+4E00.
    static let pool: [Unicode.Scalar] = (0..<6000).map { Unicode.Scalar(0x4E00 + UInt32($0))! }

    /// 100k distinct terms of 2–4 characters; the first ones are the most frequent.
    static let vocabulary: [String] = {
        var rng = SplitMix64(seed: 42)
        var seen = Set<String>()
        var out: [String] = []
        out.reserveCapacity(100_000)
        while out.count < 100_000 {
            let len = 2 + rng.below(3)
            var s = String.UnicodeScalarView()
            for _ in 0..<len { s.append(pool[rng.below(pool.count)]) }
            let term = String(s)
            if seen.insert(term).inserted { out.append(term) }
        }
        return out
    }()

    /// ≥ 10 MB of "chapters": Zipf-skewed vocabulary terms, filler characters, punctuation, paragraphs.
    static let chapters: String = {
        var rng = SplitMix64(seed: 7)
        var s = String.UnicodeScalarView()
        var bytes = 0
        var items = 0
        while bytes < 10_500_000 {
            if rng.unit() < 0.55 {
                let index = Int(pow(rng.unit(), 3) * Double(vocabulary.count))
                for u in vocabulary[index].unicodeScalars { s.append(u); bytes += 3 }
            } else {
                for _ in 0..<(1 + rng.below(3)) { s.append(pool[rng.below(pool.count)]); bytes += 3 }
            }
            items += 1
            if items % 17 == 0 { s.append("，"); bytes += 3 }
            if items % 61 == 0 { s.append("。"); s.append("\n"); bytes += 4 }
        }
        return String(s)
    }()

    /// The plain loop the issue compares against: at each position try the longest
    /// length first. Terms here are Han only, so no folding or word boundaries apply.
    static func forwardMaximumMatching(_ terms: [String], _ text: String) -> [[Int]] {
        struct Key: Hashable { var a: UInt64; var b: UInt64 }
        func key(_ scalars: ArraySlice<UInt32>) -> Key {
            var k = Key(a: 0, b: 0)
            for (i, v) in scalars.enumerated() {
                if i < 3 { k.a |= UInt64(v) << (21 * UInt64(i)) } else { k.b |= UInt64(v) << (21 * UInt64(i - 3)) }
            }
            return k
        }
        var set = Set<Key>()
        var maxLen = 0
        for t in terms {
            let v = t.unicodeScalars.map(\.value)
            precondition(v.count <= 6)
            set.insert(key(v[...]))
            maxLen = max(maxLen, v.count)
        }
        let scalars = text.unicodeScalars.map(\.value)
        var offsets = [Int](repeating: 0, count: scalars.count + 1)
        for (i, v) in scalars.enumerated() { offsets[i + 1] = offsets[i] + (v < 0x80 ? 1 : v < 0x800 ? 2 : v < 0x10000 ? 3 : 4) }
        var out: [[Int]] = []
        var i = 0
        while i < scalars.count {
            var matched = 0
            var len = min(maxLen, scalars.count - i)
            while len > 0 {
                if set.contains(key(scalars[i..<(i + len)])) { matched = len; break }
                len -= 1
            }
            if matched > 0 {
                out.append([offsets[i], offsets[i + matched]])
                i += matched
            } else {
                i += 1
            }
        }
        return out
    }
}
