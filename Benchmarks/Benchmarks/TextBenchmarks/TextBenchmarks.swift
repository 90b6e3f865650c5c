import Benchmark
import ChuhaiKit
import Foundation

/// Sentence segmentation of ≥ 10 MB generated Chinese and English chapters
/// (raw ICU vs the tailored segmenter) and romanization of 50k names.
/// Each benchmark records its own MB/s (or names/s) as a custom metric.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .peakMemoryResident], maxDuration: .seconds(20), maxIterations: 5)

    let mbps = BenchmarkMetric.custom("MB/s", polarity: .prefersLarger, useScalingFactor: false)
    let perSecond = BenchmarkMetric.custom("names/s", polarity: .prefersLarger, useScalingFactor: false)

    func throughput(_ name: String, _ text: @escaping @Sendable () -> String, _ body: @escaping @Sendable (String) throws -> Int) {
        Benchmark(name, configuration: .init(metrics: [.wallClock, mbps])) { benchmark in
            let input = text()
            let bytes = Double(input.utf8.count)
            for _ in benchmark.scaledIterations {
                let start = ContinuousClock.now
                blackHole(try body(input))
                let seconds = (ContinuousClock.now - start) / .seconds(1)
                benchmark.measurement(mbps, Int(bytes / 1_000_000 / seconds))
            }
        }
    }

    throughput("Sentences zh: raw ICU", { Corpus.chinese }) { try Segmenter.icuBaselineSentenceCount($0, language: "zh") }
    // Same output as raw ICU (UTF-16 boundaries): the cost of the tailoring itself.
    throughput("Sentences zh: tailored, UTF-16 offsets", { Corpus.chinese }) { text in
        var n = 0
        try Segmenter(language: "zh").spans(text, offsets: .utf16) { _ in n += 1 }
        return n
    }
    // What `chuhai segment --format jsonl` needs: UTF-8 byte offsets.
    throughput("Sentences zh: tailored, UTF-8 offsets", { Corpus.chinese }) { text in
        var n = 0
        try Segmenter(language: "zh").spans(text) { _ in n += 1 }
        return n
    }
    throughput("Sentences zh: tailored + segment strings", { Corpus.chinese }) { text in
        var n = 0
        try Segmenter(language: "zh").segment(text) { n &+= $0.text.utf8.count }
        return n
    }
    throughput("Sentences en: raw ICU (ss=standard)", { Corpus.english }) {
        try Segmenter.icuBaselineSentenceCount($0, language: "en@ss=standard")
    }
    // Same output as raw ICU (UTF-16 boundaries): the cost of the tailoring itself.
    throughput("Sentences en: tailored, UTF-16 offsets", { Corpus.english }) { text in
        var n = 0
        try Segmenter(language: "en").spans(text, offsets: .utf16) { _ in n += 1 }
        return n
    }
    // What `chuhai segment --format jsonl` needs: UTF-8 byte offsets.
    throughput("Sentences en: tailored, UTF-8 offsets", { Corpus.english }) { text in
        var n = 0
        try Segmenter(language: "en").spans(text) { _ in n += 1 }
        return n
    }
    throughput("Sentences en: tailored + segment strings", { Corpus.english }) { text in
        var n = 0
        try Segmenter(language: "en").segment(text) { n &+= $0.text.utf8.count }
        return n
    }

    Benchmark("Romanize 50k names", configuration: .init(metrics: [.wallClock, perSecond])) { benchmark in
        let names = Corpus.names
        let romanizer = Romanizer.shared
        for _ in benchmark.scaledIterations {
            let start = ContinuousClock.now
            var total = 0
            for name in names { total &+= romanizer.romanize(name).utf8.count }
            blackHole(total)
            let seconds = (ContinuousClock.now - start) / .seconds(1)
            benchmark.measurement(perSecond, Int(Double(names.count) / seconds))
        }
    }
}

/// Seeded generators: the same bytes on every run and machine.
enum Corpus {
    static let surnames = Array("林慕容欧阳萧王李张刘陈杨赵黄周吴徐孙马朱胡郭何高罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤解仇单").map(String.init)
    static let compound = ["慕容", "欧阳", "司马", "诸葛", "上官", "东方", "令狐", "独孤", "南宫", "西门"]
    static let given = Array("青檀雪震轩天风云龙凤华明志强伟芳娜静丽敏燕玲霞平刚桂英秀兰杰涛浩宇晨阳欣怡梓涵子墨若曦长安清玄灵素寒星月辰逸飞").map(String.init)

    static let names: [String] = {
        var rng = SplitMix64(seed: 42)
        return (0..<50_000).map { i in
            let surname = i % 10 == 0 ? rng.pick(compound) : rng.pick(surnames)
            let n = 1 + Int(rng.next() % 2)
            return surname + (0..<n).map { _ in rng.pick(given) }.joined()
        }
    }()

    static let zhNarration = ["林青檀站在山门前", "师姐慕容雪缓缓走来", "他体内的灵气开始运转", "丹田中真元翻涌", "长老的神识扫过全场",
                              "一道剑光划破长空", "众弟子纷纷侧目", "他终于突破到了筑基期", "三百块灵石摆在桌上", "阵法的光芒渐渐暗淡",
                              "远处传来一声长啸", "他翻开《青云剑诀》", "掌门欧阳震沉默良久", "风吹过竹林", "他握紧了手中的飞剑"]
    static let zhDialogue = ["你来了？", "师兄，小心！", "这不可能……", "什么？！", "我一定会突破的。", "走吧。", "道友请留步！", "你——你竟敢！"]
    static let enNarration = ["Lin Qingtan stood before the mountain gate", "Senior Sister Murong Xue walked over slowly",
                              "the spiritual qi in his body began to circulate", "Mr. Ouyang frowned at 3 p.m. sharp",
                              "a sword light split the sky", "the disciples turned to look", "he finally reached Foundation Establishment",
                              "three hundred spirit stones lay on the table", "J. K. the elder had written the manual",
                              "the formation's light slowly dimmed", "he gripped the flying sword", "the price was 3.5 spirit stones"]
    static let enDialogue = ["You came?", "Senior Brother, watch out!", "That's impossible...", "What?!", "I will break through.", "Let's go."]

    /// ~10 MB of Chinese chapters: paragraphs of narration and quoted dialogue with narrator tags.
    static let chinese: String = generate(seed: 7, target: 10_500_000) { rng in
        var p = "　　"
        for _ in 0..<(2 + Int(rng.next() % 4)) {
            switch rng.next() % 3 {
            case 0: p += rng.pick(zhNarration) + "。"
            case 1: p += "“" + rng.pick(zhDialogue) + "”" + rng.pick(["他问。", "她笑道。", "长老沉声道。", ""])
            default: p += rng.pick(zhNarration) + "，" + rng.pick(zhNarration) + "！"
            }
        }
        return p
    }

    static let english: String = generate(seed: 8, target: 10_500_000) { rng in
        var p = ""
        for _ in 0..<(2 + Int(rng.next() % 4)) {
            let n = rng.pick(enNarration)
            switch rng.next() % 3 {
            case 0: p += n.prefix(1).uppercased() + n.dropFirst() + ". "
            case 1: p += "\"" + rng.pick(enDialogue) + "\" " + rng.pick(["he asked. ", "she said. ", "The elder frowned. "])
            default: p += n.prefix(1).uppercased() + n.dropFirst() + ", and " + rng.pick(enNarration) + "! "
            }
        }
        return p
    }

    private static func generate(seed: UInt64, target: Int, paragraph: (inout SplitMix64) -> String) -> String {
        var rng = SplitMix64(seed: seed)
        var out = ""
        out.reserveCapacity(target + 1024)
        var chapter = 1
        while out.utf8.count < target {
            out += "第\(chapter)章\n"
            for _ in 0..<40 { out += paragraph(&rng) + "\n" }
            chapter += 1
        }
        return out
    }
}
