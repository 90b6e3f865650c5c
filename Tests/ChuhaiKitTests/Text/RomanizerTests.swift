import Testing
@testable import ChuhaiKit

@Suite struct RomanizerTests {
    let r = Romanizer.shared

    @Test(arguments: [
        ("林动", "Lin Dong"), ("萧炎", "Xiao Yan"), ("林青檀", "Lin Qingtan"), ("慕容复", "Murong Fu"),
        ("慕容雪", "Murong Xue"), ("欧阳震", "Ouyang Zhen"), ("司马轩", "Sima Xuan"), ("诸葛亮", "Zhuge Liang"),
        ("上官婉儿", "Shangguan Wan'er"), ("东方不败", "Dongfang Bubai"), ("令狐冲", "Linghu Chong"),
        ("独孤求败", "Dugu Qiubai"), ("解长风", "Xie Changfeng"), ("仇天", "Qiu Tian"), ("单雄信", "Shan Xiongxin"),
        ("曾国藩", "Zeng Guofan"), ("区小雨", "Ou Xiaoyu"), ("查良镛", "Zha Liangyong"), ("朴树", "Piao Shu"),
        ("张慧安", "Zhang Hui'an"), ("王", "Wang"), ("歐陽鋒", "Ouyang Feng"), ("尉迟恭", "Yuchi Gong"),
        ("沈浪", "Shen Lang"), ("乐天", "Yue Tian"),
    ])
    func personalNames(_ input: String, _ expected: String) {
        #expect(r.romanize(input) == expected)
    }

    @Test func toneMarksOnRequest() {
        #expect(r.romanize("林青檀", options: .init(toneMarks: true)) == "Lín Qīngtán")
        #expect(r.romanize("解长风", options: .init(toneMarks: true)).hasPrefix("Xiè "))
    }

    @Test func termsAreSyllablesWithApostrophes() {
        #expect(r.romanize("丹田", options: .init(personalName: false)) == "Dan Tian")
        #expect(r.romanize("西安", options: .init(personalName: false)) == "Xi An")
        // In a personal name the given name is one word, so the apostrophe rule applies.
        #expect(r.romanize("李西安") == "Li Xi'an")
    }

    @Test func nonHanPassesThrough() {
        #expect(r.romanize("Lin") == "Lin")
        #expect(r.romanize("威廉·莎士比亚", options: .init(personalName: false)).contains("Wei Lian"))
    }

    @Test func romanizesFromSeveralThreads() async {
        await withTaskGroup(of: String.self) { group in
            for _ in 0..<8 { group.addTask { Romanizer.shared.romanize("慕容雪") } }
            for await s in group { #expect(s == "Murong Xue") }
        }
    }
}
