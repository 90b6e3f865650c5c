import ArgumentParser

extension Chuhai {
    /// Every subcommand, one file each under Commands/, in the order `--help` lists them:
    /// the pipeline first, then subtitles, glossaries and the text tools.
    static let commands: [ParsableCommand.Type] = [
        Run.self,
        Init.self,
        Stages.self,
        ManifestCommand.self,
        Validate.self,
        Convert.self,
        GlossaryCommand.self,
        XliffCommand.self,
        TMCommand.self,
        Ingest.self,
        Segment.self,
        TextCommand.self,
    ]
}
