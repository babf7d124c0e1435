/// One kind of analysis a pipeline file names with `analysis:` (DESIGN.md §3, «one home per analysis»).
///
/// Each analysis lives in its own folder under `Analyses/`: its settings (the pipeline file's
/// section for it), their checks, its run and its typed note context. The pipeline
/// infrastructure — loading the configuration, the ledger, the output folder, the manifest,
/// the history — knows analyses only through this protocol and ``AnalysisRegistry``.
protocol Analysis {
    /// The value of `analysis:` that selects it.
    static var name: String { get }

    /// The kinds of input it reads; a pipeline naming any other kind is a configuration error.
    static var reads: Set<PipelineSpec.Input.Kind> { get }

    /// The key of its own section of the pipeline file, or nil when it has none.
    static var section: String? { get }

    /// Decodes its section under `key` from the file's top level; nil when the file has none.
    /// Every registered analysis's section is decoded, whichever analysis the file names.
    static func decodeSection(from file: KeyedDecodingContainer<SectionKey>, key: SectionKey) throws -> (
        any PipelineSection
    )?

    /// Checks its settings against the loaded configuration (instruments, inputs, notes). Runs
    /// after the common checks of inputs and note ids, before those of the roster, the
    /// disclosure threshold and the measures. Throws a ``ConfigurationError`` naming the pipeline file.
    static func check(_ configuration: PipelineConfiguration) throws

    /// The keys `note`'s template may name: those of the typed context the analysis words it
    /// with (``TemplateKeys/of(_:)``), charts aside.
    static func templateKeys(for note: PipelineSpec.Note) throws -> Set<String>

    /// Whether a pipeline of this analysis must name `register:` even when no export has a
    /// school column (its figures are over programme schools, which only the register names).
    static var needsRegister: Bool { get }

    /// The notes a pipeline without `note:` or `notes:` writes: one unnamed note unless the
    /// analysis writes several (the self-assessment's `start` and `change`).
    static var builtInNotes: [PipelineSpec.Note] { get }

    /// The built-in template of `note` (``BuiltInNote``): the справка's parts worded from the
    /// measures' own keys, for the pipeline `configuration` as loaded and checked (``check(_:)``
    /// has passed; its built-in templates not made yet). Rendered and checked like a template file.
    static func builtInTemplate(for note: PipelineSpec.Note, in configuration: PipelineConfiguration) -> String

    /// Reads, measures and words the notes; with an output folder also writes every file.
    static func run(_ configuration: PipelineConfiguration, outputFolder: String?) throws -> PipelineRun.Summary
}

extension Analysis {
    static var section: String? { nil }

    static var builtInNotes: [PipelineSpec.Note] { [PipelineSpec.Note()] }

    static var needsRegister: Bool { true }

    static func decodeSection(from file: KeyedDecodingContainer<SectionKey>, key: SectionKey) throws -> (
        any PipelineSection
    )? {
        nil
    }
}
