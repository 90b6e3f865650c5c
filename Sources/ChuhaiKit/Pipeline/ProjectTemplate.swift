import Foundation

/// What `chuhai init` writes: a commented project file that documents every key,
/// and one sample chapter with its translation so `chuhai run` works at once.
public enum ProjectTemplate {
    public static let projectFile = """
        # chuhai project file. Paths are relative to this file.
        # Run it with `chuhai run`; `chuhai stages` lists the pipeline steps.

        # Package id prefix: packages are <name>-<lang> (e.g. my-novel-en).
        name: my-novel
        # Source language, a BCP 47 tag: zh-Hans, zh-Hant, ja, ko …
        source: zh-Hans
        # Target languages: one package each under the output folder.
        targets: [en]
        # Output folder (dist/<lang>/ per language, dist/index.json).
        output: dist

        # Glossaries (YAML, CSV or TBX): terms are marked in the source, checked in translations,
        # and deprecated renderings replaced by the preferred one. chuhai ships xianxia.yaml,
        # wuxia.yaml and urban-drama.yaml in its glossaries/ folder.
        glossaries: []
        #  - glossaries/xianxia.yaml

        # Optional: switch QA rules off or change their severity (error, warning, note, off).
        # qa:
        #   rules:
        #     term-missing: note
        #     untranslated-segment: off

        # Optional: pipeline stages to skip (see `chuhai stages`).
        # stages:
        #   skip: [quality.translation]

        # Optional: machine translation for `chuhai xliff export --mt` (post-editing in a CAT tool).
        # The key comes from an environment variable, never from this file.
        # mt:
        #   provider: deepl          # openai (any OpenAI-compatible API), deepl, libretranslate, pseudo
        #   key-env: DEEPL_AUTH_KEY
        #   cache: .chuhai/mt-cache.jsonl

        # Optional: keep “……”他说。 in one segment (better MT context) instead of two (better TM reuse).
        # segmentation:
        #   merge-narrator-tags: true

        works:
          # A novel: one file per chapter ({n} = chapter number, {n:03} = zero-padded to 3 digits),
          # or a single file (`source: novel.txt`) split into chapters at headings (第一章, Chapter 1, 序章 …).
          - id: my-novel            # ASCII: names files and packages
            kind: novel
            title: 我的小说
            titles: {en: My Novel}  # titles per target language
            author: 作者
            source: novel/zh-Hans/{n:03}.txt
            # Translations as parallel files; {lang} is the target language.
            translations: novel/{lang}/{n:03}.txt
            # heading-pattern: '^第[0-9一二三四五六七八九十百千]+章'   # single-file novels only
            # cover: cover.jpg

          # A micro drama: one subtitle file per episode (SRT, WebVTT or TTML).
          # - id: my-drama
          #   kind: drama
          #   title: 我的短剧
          #   series: MyDrama         # file names: MyDrama_S01E03.en.srt
          #   season: 1
          #   source: drama/zh-Hans/ep{n:02}.srt
          #   translations: drama/{lang}/ep{n:02}.srt
          #   platforms: [youtube, web, netflix]   # SRT, WebVTT, IMSC 1.1 TTML; each checked against its profile

        """

    public static let sampleChapter = "第一章 开始\n\n　　林青檀站在山门前，深吸了一口气。\n　　“我来了。”他说。\n"
    public static let sampleTranslation = "Chapter 1: The Beginning\n\nLin Qingtan stood before the mountain gate and took a deep breath.\n\"I'm here,\" he said.\n"

    /// Writes the starter project into `folder`.
    /// - Throws: when `chuhai.yaml` exists and `force` is false (nothing is overwritten).
    public static func write(to folder: URL, force: Bool = false) throws -> [String] {
        let file = folder.appendingPathComponent("chuhai.yaml")
        if FileManager.default.fileExists(atPath: file.path) && !force {
            throw ChuhaiError("chuhai.yaml already exists", at: SourceLocation(file: file.path), hint: "pass --force to overwrite it")
        }
        var written: [String] = []
        func put(_ relative: String, _ text: String) throws {
            let url = folder.appendingPathComponent(relative)
            if relative != "chuhai.yaml" && FileManager.default.fileExists(atPath: url.path) { return }
            try AtomicFile.write(Data(text.utf8), to: url)
            written.append(relative)
        }
        try put("chuhai.yaml", projectFile)
        try put("novel/zh-Hans/001.txt", sampleChapter)
        try put("novel/en/001.txt", sampleTranslation)
        return written
    }
}
