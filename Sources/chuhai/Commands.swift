import ArgumentParser

extension Chuhai {
    /// Every subcommand, one file each under Commands/.
    static let commands: [ParsableCommand.Type] = [
        Ingest.self,
        Segment.self,
        TextCommand.self,
        Convert.self,
        Validate.self,
        GlossaryCommand.self,
        Init.self,
        Run.self,
        Stages.self,
        ManifestCommand.self,
        XliffCommand.self,
        TMCommand.self,
    ]
}
