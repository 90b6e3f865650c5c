import Benchmark
import ChuhaiKit
import Foundation

/// Interchange figures (issue 6): translation-memory build and lookups per second with
/// 500k units (exact and fuzzy at 75%), and XLIFF 2.1 export and streaming import of a
/// 2,000-chapter work (time and peak memory). The corpus is generated (seeded) from the
/// demo's Chinese chapters: sentences re-assembled from their clauses, so lengths and
/// characters look like web fiction and near-duplicates occur as they do in real memories.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(metrics: [.wallClock, .peakMemoryResident], maxDuration: .seconds(30), maxIterations: 5)
    let lookupsPerSecond = BenchmarkMetric.custom("lookups/s", polarity: .prefersLarger, useScalingFactor: false)
    let hitRate = BenchmarkMetric.custom("fuzzy hits %", polarity: .prefersLarger, useScalingFactor: false)
    let buildMS = BenchmarkMetric.custom("build ms", polarity: .prefersSmaller, useScalingFactor: false)
    let megabytes = BenchmarkMetric.custom("file MB", polarity: .prefersSmaller, useScalingFactor: false)

    Benchmark("TM build: 500k units", configuration: .init(metrics: [.wallClock, .peakMemoryResident, buildMS], maxIterations: 2)) { benchmark in
        let units = InterchangeCorpus.memory(500_000)
        for _ in benchmark.scaledIterations {
            let start = ContinuousClock.now
            let tm = TranslationMemory(units: units, sourceLanguage: "zh-Hans", targetLanguage: "en")
            benchmark.measurement(buildMS, Int((ContinuousClock.now - start) / .milliseconds(1)))
            blackHole(tm)
        }
    }

    for threshold in [75, 90] {
        Benchmark("TM fuzzy lookup ≥\(threshold)%: 500k units, 2,000 queries",
                  configuration: .init(metrics: [.wallClock, lookupsPerSecond, hitRate], maxIterations: 3)) { benchmark in
            let tm = InterchangeCorpus.sharedMemory
            let queries = InterchangeCorpus.queries(2_000)
            for _ in benchmark.scaledIterations {
                var hits = 0
                let start = ContinuousClock.now
                for q in queries where tm.lookup(q, threshold: threshold, limit: 1).first != nil { hits += 1 }
                let seconds = (ContinuousClock.now - start) / .seconds(1)
                benchmark.measurement(lookupsPerSecond, Int(Double(queries.count) / seconds))
                benchmark.measurement(hitRate, hits * 100 / queries.count)
            }
        }
    }

    Benchmark("TM exact lookup: 500k units, 20,000 queries", configuration: .init(metrics: [.wallClock, lookupsPerSecond], maxIterations: 3)) { benchmark in
        let tm = InterchangeCorpus.sharedMemory
        let queries = tm.units.prefix(20_000).map(\.source)
        for _ in benchmark.scaledIterations {
            let start = ContinuousClock.now
            var n = 0
            for q in queries { n += tm.lookup(q, threshold: 100, limit: 1).count }
            let seconds = (ContinuousClock.now - start) / .seconds(1)
            precondition(n == queries.count, "every memory source must match itself exactly")
            benchmark.measurement(lookupsPerSecond, Int(Double(queries.count) / seconds))
        }
    }

    Benchmark("XLIFF 2.1 export: 2,000 chapters", configuration: .init(metrics: [.wallClock, .peakMemoryResident, megabytes], maxIterations: 2)) { benchmark in
        let work = InterchangeCorpus.work(chapters: 2_000)
        let url = InterchangeCorpus.xliffURL
        for _ in benchmark.scaledIterations {
            let doc = BilingualDocument(work: work, targetLanguage: "en", segmenter: try! Segmenter(language: "zh-Hans"))
            try! XLIFFWriter.write(doc, version: .v2_1, to: url)
            let size = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0
            benchmark.measurement(megabytes, size / 1_000_000)
        }
    }

    Benchmark("XLIFF 2.1 streaming import: 2,000 chapters", configuration: .init(metrics: [.wallClock, .peakMemoryResident], maxIterations: 2)) { benchmark in
        let url = InterchangeCorpus.xliffURL
        if !FileManager.default.fileExists(atPath: url.path) {
            let doc = BilingualDocument(work: InterchangeCorpus.work(chapters: 2_000), targetLanguage: "en", segmenter: try! Segmenter(language: "zh-Hans"))
            try! XLIFFWriter.write(doc, version: .v2_1, to: url)
        }
        for _ in benchmark.scaledIterations {
            let r = try! XLIFFReader.read(path: url.path, sink: DiagnosticSink())
            precondition(r.document.files.count == 2_000)
            blackHole(r)
        }
    }
}

enum InterchangeCorpus {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// Clauses (split at ，。！？) of the demo's Chinese chapters.
    static let clauses: [String] = {
        var out: [String] = []
        for n in 1...6 {
            let path = root.appendingPathComponent(String(format: "fixtures/demo/novel/zh-Hans/%03d.txt", n)).path
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { continue }
            for line in text.split(separator: "\n").dropFirst() {
                out += line.split { "，。！？；".contains($0) }.map { $0.trimmingCharacters(in: .whitespaces) }.filter { $0.count >= 2 }
            }
        }
        precondition(out.count > 100, "demo chapters not found under \(root.path)")
        return out
    }()

    static func sentence(_ rng: inout SplitMix64) -> String {
        let n = Int.random(in: 1...3, using: &rng)
        return (0..<n).map { _ in clauses.randomElement(using: &rng)! }.joined(separator: "，") + "。"
    }

    static func memory(_ count: Int) -> [TMUnit] {
        var rng = SplitMix64(seed: 500)
        return (0..<count).map { i in
            TMUnit(id: "tu\(i)", sourceLanguage: "zh-Hans", targetLanguage: "en", source: sentence(&rng), target: "Translation \(i).")
        }
    }

    static let sharedMemory = TranslationMemory(units: memory(500_000), sourceLanguage: "zh-Hans", targetLanguage: "en")

    /// Half edited memory sentences (one or two characters changed), half new sentences.
    static func queries(_ count: Int) -> [String] {
        var rng = SplitMix64(seed: 77)
        let units = sharedMemory.units
        let alphabet = Array(clauses.joined())
        return (0..<count).map { i in
            guard i % 2 == 0 else { return sentence(&rng) }
            var s = Array(units[Int.random(in: 0..<units.count, using: &rng)].source)
            for _ in 0..<Int.random(in: 1...2, using: &rng) { s[Int.random(in: 0..<s.count, using: &rng)] = alphabet.randomElement(using: &rng)! }
            return String(s)
        }
    }

    /// A work of `chapters` chapters of ~3,000 characters, paragraphs of 1–4 sentences.
    static func work(chapters: Int) -> Work {
        var rng = SplitMix64(seed: 2000)
        var work = Work(id: "bench", kind: .novel, title: "Bench", language: "zh-Hans")
        for c in 1...chapters {
            var paragraphs: [Paragraph] = []
            var chars = 0
            while chars < 3000 {
                let text = (0..<Int.random(in: 1...4, using: &rng)).map { _ in sentence(&rng) }.joined()
                chars += text.count
                paragraphs.append(Paragraph(id: "p\(paragraphs.count + 1)", text: text))
            }
            work.chapters.append(Chapter(id: Chapter.id(for: c), number: c, title: "第\(c)章", paragraphs: paragraphs,
                                         source: SourceLocation(file: "ch\(c).txt")))
        }
        return work
    }

    static let xliffURL = FileManager.default.temporaryDirectory.appendingPathComponent("chuhai-bench-2000.en.xlf")
}
