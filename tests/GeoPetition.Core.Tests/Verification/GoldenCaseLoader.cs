using System.Globalization;
using System.Text.Json;
using GeoPetition.Core.Layers;
using GeoPetition.Core.Spatial;
using GeoPetition.Core.Verification;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;

namespace GeoPetition.Core.Tests.Verification;

/// <summary>
/// Reads the golden cases (tests/GeoPetition.Core.Tests/Verification/Cases/*.json) from the source
/// tree, found by walking up from the test binaries to GeoPetition.sln, so no copy-to-output entry
/// is needed. Turns case WKT (metres relative to an origin in EPSG:4523) into EPSG:4490 geometries
/// and case attributes into the types <see cref="LayerKinds"/> declares.
/// </summary>
internal static class GoldenCaseLoader
{
    /// <summary>Case coordinates are relative to this point of EPSG:4523 (CGCS2000 3° GK zone 35, with zone prefix), near 105.3°E 30.5°N.</summary>
    public const double OriginEasting = 35_528_000;

    public const double OriginNorthing = 3_375_000;

    /// <summary>EPSG:4523, CGCS2000 / 3-degree Gauss-Kruger zone 35 (false easting 35 500 000).</summary>
    public const int CaseSrid = Srids.GaussKruger3WithZoneFirst + 35 - 25;

    private static readonly JsonSerializerOptions ReadOptions = new()
    {
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
    };

    private static readonly Lazy<IReadOnlyList<GoldenCase>> Cases = new(LoadAll);

    public static IReadOnlyList<GoldenCase> All => Cases.Value;

    public static GoldenCase Get(string name) =>
        All.SingleOrDefault(c => c.Name == name) ?? throw new InvalidOperationException($"no golden case named '{name}'");

    public static string CasesDirectory
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "GeoPetition.sln")))
                {
                    return Path.Combine(dir.FullName, "tests", "GeoPetition.Core.Tests", "Verification", "Cases");
                }
            }

            throw new InvalidOperationException($"GeoPetition.sln not found above {AppContext.BaseDirectory}");
        }
    }

    private static List<GoldenCase> LoadAll()
    {
        var cases = new List<GoldenCase>();
        foreach (var path in Directory.GetFiles(CasesDirectory, "*.json").Order(StringComparer.Ordinal))
        {
            var file = Path.GetFileName(path);
            var parsed = JsonSerializer.Deserialize<List<GoldenCase>>(File.ReadAllText(path), ReadOptions)
                ?? throw new InvalidDataException($"{file}: not a JSON array of cases");
            cases.AddRange(parsed.Select(c => c with { File = file }));
        }

        var duplicates = cases.GroupBy(c => c.Name).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (duplicates.Count > 0)
        {
            throw new InvalidDataException($"golden case names must be unique: {string.Join(", ", duplicates)}");
        }

        return cases;
    }

    /// <summary>Case WKT (relative metres) → geometry in EPSG:4523 with the origin added.</summary>
    public static Geometry ReadLocal(string wkt)
    {
        var g = new WKTReader().Read(wkt);
        g.Apply(new ShiftFilter(OriginEasting, OriginNorthing));
        g.SRID = CaseSrid;
        return g;
    }

    /// <summary>Case WKT (relative metres) → geometry in EPSG:4490 (lon/lat), as stored layers hold it.</summary>
    public static Geometry ToStorage(string wkt) => Reprojection.Transform(ReadLocal(wkt), CaseSrid, Srids.Storage);

    /// <summary>EPSG:4490 geometry → relative metres again (the inverse of <see cref="ToStorage"/>).</summary>
    public static Geometry ToLocal(Geometry storage)
    {
        var g = Reprojection.Transform(storage, Srids.Storage, CaseSrid);
        g.Apply(new ShiftFilter(-OriginEasting, -OriginNorthing));
        return g;
    }

    public static DateOnly ParseDate(string text) => DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static ClaimType ParseClaim(string text) =>
        FindingLabels.TryParseClaimType(text, out var type)
            ? type
            : throw new InvalidDataException($"unknown claim '{text}'; known claims are: {FindingLabels.AcceptedClaimTypes}");

    public static LocationAccuracy ParseAccuracy(string text) =>
        Enum.TryParse<LocationAccuracy>(text, ignoreCase: true, out var a)
            ? a
            : throw new InvalidDataException($"unknown accuracy '{text}'; known accuracies are: pin, drawn, surveyed");

    public static TEnum ParseEnum<TEnum>(string text)
        where TEnum : struct, Enum =>
        Enum.TryParse<TEnum>(text, ignoreCase: false, out var v) && Enum.IsDefined(v)
            ? v
            : throw new InvalidDataException($"unknown {typeof(TEnum).Name} '{text}'; known values are: {string.Join(", ", Enum.GetNames<TEnum>())}");

    /// <summary>The case's features as the engine sees them: layer "&lt;kind lower&gt;", version 1, fids 1, 2, 3 … in file order.</summary>
    public static List<LayerFeature> Features(GoldenCase c)
    {
        var features = new List<LayerFeature>();
        foreach (var (f, i) in c.Features.Select((f, i) => (f, i)))
        {
            var kind = ParseEnum<LayerKind>(f.Kind);
            var definition = LayerKinds.Get(kind);
            var attributes = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var (column, value) in f.Attrs)
            {
                var field = definition.Fields.FirstOrDefault(x => x.Column == column)
                    ?? throw new InvalidDataException(
                        $"{c.Name}: {kind} has no attribute '{column}'; its attributes are: {string.Join(", ", definition.Fields.Select(x => x.Column))}");
                attributes[column] = Typed(c.Name, field, value);
            }

            var key = f.Key ?? (attributes.TryGetValue(definition.KeyColumn, out var k) ? Convert.ToString(k, CultureInfo.InvariantCulture) : null)
                ?? throw new InvalidDataException($"{c.Name}: feature {i + 1} ({kind}) has neither a key nor a '{definition.KeyColumn}' attribute");
            attributes.TryAdd(definition.KeyColumn, key);
            features.Add(new LayerFeature(kind.ToString().ToLowerInvariant(), 1, i + 1, kind, key, attributes, ToStorage(f.Wkt)));
        }

        return features;
    }

    public static InMemoryLayerSource Source(IReadOnlyList<LayerFeature> features) =>
        new(features, features.Select(f => f.Kind).Distinct()
            .Select(k => new LayerVersionRef(k.ToString().ToLowerInvariant(), k, 1, "golden case", "", null))
            .ToList());

    private static object? Typed(string caseName, LayerField field, JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        try
        {
            return field.Type switch
            {
                FieldType.Text => value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText(),
                FieldType.Integer => value.GetInt32(),
                FieldType.Real => value.GetDouble(),
                FieldType.Date => ParseDate(value.GetString() ?? ""),
                FieldType.Boolean => value.GetBoolean(),
                _ => throw new InvalidDataException($"field type {field.Type}"),
            };
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException)
        {
            throw new InvalidDataException($"{caseName}: attribute '{field.Column}' ({field.Type}) cannot take {value.GetRawText()}: {e.Message}", e);
        }
    }

    private sealed class ShiftFilter(double dx, double dy) : IEntireCoordinateSequenceFilter
    {
        public bool Done => false;

        public bool GeometryChanged => true;

        public void Filter(CoordinateSequence seq)
        {
            for (var i = 0; i < seq.Count; i++)
            {
                seq.SetX(i, seq.GetX(i) + dx);
                seq.SetY(i, seq.GetY(i) + dy);
            }
        }
    }
}
