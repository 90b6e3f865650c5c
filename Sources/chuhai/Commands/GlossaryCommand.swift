import ArgumentParser

/// `chuhai glossary …`: terminology tools for editors and CI.
struct GlossaryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "glossary",
        abstract: "Lint, convert, format, merge and apply terminology glossaries (YAML, CSV, TBX).",
        discussion: """
            Formats are chosen by extension: .yaml/.yml, .csv, .tbx (TBX v3 TBX-Basic; TBX v2 martif is read too).

            Examples:
              chuhai glossary lint glossaries/*.yaml --require en,es
              chuhai glossary convert glossaries/xianxia.yaml --to tbx -o xianxia.tbx
              chuhai glossary fmt glossaries/xianxia.yaml
              chuhai glossary find glossaries/xianxia.yaml chapter1.txt --format jsonl
            """,
        subcommands: [GlossaryLintCommand.self, GlossaryConvertCommand.self, GlossaryFmtCommand.self, GlossaryMergeCommand.self,
                      GlossaryFindCommand.self, GlossaryExtractCommand.self]
    )
}
