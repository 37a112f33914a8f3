using System.Text.Json;
using GeoPetition.Core.Layers;

namespace GeoPetition.Server.Data;

/// <summary>The JSON form of an <see cref="ImportReport"/>, as stored with the version and returned by the API.</summary>
public static class ImportReportJson
{
    public static object ToDto(ImportReport r) => new
    {
        read = r.Read,
        accepted = r.Accepted,
        repaired = r.Repaired,
        rejected = r.Rejected,
        loaded = r.Loaded,
        errors = r.Errors,
        warnings = r.Warnings,
        notes = r.Notes.Select(n => new { record = n.Record, key = n.Key, outcome = n.Outcome.ToString(), reason = n.Reason }),
        notesTruncated = r.NotesTruncated,
    };

    /// <summary>JSON for the jsonb column; NUL characters (which jsonb cannot hold) are dropped.</summary>
    public static string Serialize(ImportReport r) => JsonSerializer.Serialize(ToDto(r)).Replace("\\u0000", "", StringComparison.Ordinal);
}
