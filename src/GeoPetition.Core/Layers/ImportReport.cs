namespace GeoPetition.Core.Layers;

/// <summary>What happened to one delivered feature during an import.</summary>
public enum FeatureOutcome
{
    Accepted,
    Repaired,
    Rejected,
}

/// <summary>A note about one feature: which one (1-based record number and key) and why.</summary>
public sealed record FeatureNote(long Record, string? Key, FeatureOutcome Outcome, string Reason);

/// <summary>
/// The report of one import: counts, per-feature notes for every repaired or rejected feature,
/// and file-level problems. An import with any rejected feature or any file-level error is not
/// committed unless the caller asked for a partial load.
/// </summary>
public sealed class ImportReport
{
    /// <summary>The most per-feature notes kept in full; further ones are only counted.</summary>
    public const int MaxNotes = 1000;

    private readonly List<FeatureNote> _notes = [];
    private readonly List<string> _errors = [];
    private readonly List<string> _warnings = [];

    public long Read { get; private set; }
    public long Accepted { get; private set; }
    public long Repaired { get; private set; }
    public long Rejected { get; private set; }
    public IReadOnlyList<FeatureNote> Notes => _notes;
    public IReadOnlyList<string> Errors => _errors;
    public IReadOnlyList<string> Warnings => _warnings;
    public bool NotesTruncated { get; private set; }

    /// <summary>Features that will be (or were) stored: accepted plus repaired.</summary>
    public long Loaded => Accepted + Repaired;

    public void Count(FeatureOutcome outcome, long record, string? key, string? reason)
    {
        Read++;
        switch (outcome)
        {
            case FeatureOutcome.Accepted:
                Accepted++;
                return;
            case FeatureOutcome.Repaired:
                Repaired++;
                break;
            case FeatureOutcome.Rejected:
                Rejected++;
                break;
        }

        if (_notes.Count < MaxNotes)
        {
            _notes.Add(new FeatureNote(record, key, outcome, reason ?? outcome.ToString()));
        }
        else
        {
            NotesTruncated = true;
        }
    }

    public void Error(string message) => _errors.Add(message);

    public void Warn(string message)
    {
        if (!_warnings.Contains(message))
        {
            _warnings.Add(message);
        }
    }

    /// <summary>True when nothing prevents committing the import.</summary>
    public bool CanCommit(bool acceptPartial) =>
        _errors.Count == 0 && Loaded > 0 && (acceptPartial || Rejected == 0);
}
