namespace GeoPetition.Server.Cases;

/// <summary>A refusal from a practice operation: HTTP status, title, detail naming the rule, extra members.</summary>
public sealed record PracticeError(int Status, string Title, string Detail, IReadOnlyDictionary<string, object?>? Extensions = null)
{
    public static PracticeError NotFound(string what) => new(StatusCodes.Status404NotFound, "Not found", what);
}

/// <summary>包案 request: the lead official (包案领导) and the responsible units.</summary>
public sealed record LeadRequest(string? LeadOfficial, string? LeadTitle, List<string>? Units, string? AssignedBy, DateOnly? AssignedOn, string? Note);

/// <summary>包案 as recorded; the newest is in force.</summary>
public sealed record LeadDto(long Id, string LeadOfficial, string? LeadTitle, IReadOnlyList<string> Units, string AssignedBy, DateOnly AssignedOn, string? Note, DateTimeOffset RecordedAt);

/// <summary>One measure of a 一案一策 plan.</summary>
public sealed record MeasureDto(string? Measure, string? ResponsiblePerson, DateOnly? Deadline);

/// <summary>一案一策 request: measures with responsible persons and deadlines.</summary>
public sealed record PlanRequest(List<MeasureDto>? Measures, string? ResponsiblePerson, DateOnly? Deadline, string? CreatedBy);

/// <summary>A plan version as recorded; the highest version is in force.</summary>
public sealed record PlanDto(int Version, IReadOnlyList<MeasureDto> Measures, string ResponsiblePerson, DateOnly? Deadline, string CreatedBy, DateTimeOffset RecordedAt);

/// <summary>A dated progress note (周调度).</summary>
public sealed record NoteRequest(DateOnly? Date, string? Author, string? Text);

/// <summary>A progress note as recorded.</summary>
public sealed record NoteDto(long Id, DateOnly Date, string Author, string Text, DateTimeOffset RecordedAt);

/// <summary>挂牌督办 request: who lists the case, the supervising organ, the closing criteria.</summary>
public sealed record ListingRequest(DateOnly? ListedOn, string? ListedBy, string? Organ, DateOnly? Deadline, string? Reason, List<string>? Criteria, bool? RequireConclusion);

/// <summary>A check of one closing criterion.</summary>
public sealed record CheckRequest(int? Criterion, bool? Met, string? Evidence, string? CheckedBy, DateOnly? CheckedOn);

/// <summary>销号 request: who strikes the case off and why.</summary>
public sealed record StrikeOffRequest(DateOnly? Date, string? StruckBy, string? Reason);

/// <summary>A closing criterion with its latest check.</summary>
public sealed record CriterionDto(int Index, string Text, bool Met, string? CheckedBy, DateOnly? CheckedOn, string? Evidence);

/// <summary>A strike-off as recorded.</summary>
public sealed record StrikeOffDto(DateOnly Date, string StruckBy, string Reason);

/// <summary>A supervision listing with its criteria, what is still unmet, and its strike-off.</summary>
public sealed record ListingDto(
    long Id, DateOnly ListedOn, string ListedBy, string Organ, DateOnly? Deadline, string? Reason, bool RequireConclusion,
    IReadOnlyList<CriterionDto> Criteria, bool Active, IReadOnlyList<string> Unmet, StrikeOffDto? StrikeOff);

/// <summary>回头看 result: <c>confirm</c> the closure or <c>reopen</c> the case (a rebound).</summary>
public sealed record LookBackRequest(string? Result, DateOnly? Date, string? DoneBy, string? Note);

/// <summary>A look-back as scheduled and, once done, its result.</summary>
public sealed record LookBackDto(long Id, int CloseSeq, DateOnly ClosedOn, DateOnly DueOn, bool Due, string? Result, DateOnly? DoneOn, string? DoneBy, string? Note, int? ReopenSeq);

/// <summary>A satisfaction evaluation: stage (acceptance/handling), one of the configured choices, date and channel.</summary>
public sealed record EvaluationRequest(string? Stage, string? Choice, DateOnly? Date, string? Channel, string? Comment, string? RecordedBy);

/// <summary>A satisfaction evaluation as recorded.</summary>
public sealed record EvaluationDto(long Id, string Stage, string Choice, DateOnly Date, string Channel, string? Comment, string? RecordedBy);

/// <summary>An officer's link between two petitions (<c>related</c>, <c>duplicate_of</c>, or <c>unlinked</c> to withdraw one).</summary>
public sealed record LinkRequest(long? RelatedId, string? Kind, string? CreatedBy);

/// <summary>A link in force between this petition and another.</summary>
public sealed record LinkDto(long PetitionId, long RelatedId, string RelatedCaseNo, string Direction, string Kind, IReadOnlyList<string> Reasons, string Source, string? CreatedBy, DateTimeOffset RecordedAt);

/// <summary>The result of a repeat check: links in force, the repeat count, and whether petitioner keys were available.</summary>
public sealed record RepeatReport(long PetitionId, int RepeatCount, bool PetitionerMatching, int NewLinks, IReadOnlyList<LinkDto> Links);

/// <summary>类案 request: a named group of cases with its cause.</summary>
public sealed record GroupRequest(string? Name, string? CauseKind, string? CauseRef, List<long>? PetitionIds, string? CreatedBy);

/// <summary>A case group with the members the caller may see.</summary>
public sealed record GroupDto(long Id, string Name, string CauseKind, string? CauseRef, string CreatedBy, DateTimeOffset CreatedAt, IReadOnlyList<long> PetitionIds, IReadOnlyList<string> CaseNos);

/// <summary>A suggested 类案 group (not stored until an officer creates it).</summary>
public sealed record GroupSuggestion(string CauseKind, string? CauseRef, IReadOnlyList<long> PetitionIds, IReadOnlyList<string> CaseNos);
