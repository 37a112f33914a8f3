using System.Text.Json;
using GeoPetition.Core.Petitions;
using GeoPetition.Core.Spatial;
using GeoPetition.Core.Verification;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.Converters;

namespace GeoPetition.Server.Petitions;

/// <summary>
/// Validates an intake request field by field and turns it into a <see cref="NewPetition"/>:
/// vocabularies, petitioners, claims and their references, and the location (converted to
/// EPSG:4490, or looked up from a reference; its county found from the jurisdiction layer).
/// Every problem is reported against the field it concerns; nothing is stored unless all pass.
/// </summary>
public sealed class PetitionIntake(PetitionStore store, VerificationOptions options)
{
    private static readonly JsonSerializerOptions GeoJson = new() { Converters = { new GeoJsonConverterFactory() } };

    /// <summary>Problems by field (400), or unknown references (422), or the petition to store.</summary>
    public sealed record Outcome(NewPetition? Petition, Dictionary<string, string[]> Errors, bool UnknownReference);

    public async Task<Outcome> ValidateAsync(PetitionRequest r, CancellationToken ct)
    {
        var errors = new Dictionary<string, List<string>>();
        void Add(string field, string message)
        {
            if (!errors.TryGetValue(field, out var list))
            {
                errors[field] = list = [];
            }

            list.Add(message);
        }

        if (r.Channel is null || !PetitionVocabulary.Channels.Contains(r.Channel))
        {
            Add("channel", $"'{r.Channel}' is not a channel; accepted: {string.Join(", ", PetitionVocabulary.Channels)}");
        }

        if (r.Category is null || !PetitionVocabulary.Categories.Contains(r.Category))
        {
            Add("category", $"'{r.Category}' is not a category; accepted: {string.Join(", ", PetitionVocabulary.Categories)}");
        }

        var subject = PetitionVocabulary.NormalizeSubject(r.Subject);
        if (subject is null)
        {
            Add("subject", $"'{r.Subject}' is not a subject; accepted: {string.Join(", ", PetitionVocabulary.Subjects.Select(kv => $"{kv.Key} ({kv.Value})"))}");
        }

        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
        if (r.ReceivedAt is null)
        {
            Add("receivedAt", "the date received is required (YYYY-MM-DD)");
        }
        else if (r.ReceivedAt > today)
        {
            Add("receivedAt", $"{r.ReceivedAt:yyyy-MM-dd} is in the future");
        }

        var petitioners = r.Petitioners ?? [];
        if (petitioners.Count == 0)
        {
            Add("petitioners", "at least one petitioner (name, and where known ID number, phone, address) is required");
        }

        if (r.IsCollective && petitioners.Count > 5)
        {
            Add("petitioners", $"a collective petition names at most 5 representatives (信访工作条例 Art. 20); got {petitioners.Count}");
        }

        for (var i = 0; i < petitioners.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(petitioners[i].Name))
            {
                Add($"petitioners[{i}].name", "the petitioner's name is required");
            }

            if (petitioners[i].IdNumber is { Length: > 0 } id && !PetitionVocabulary.IsValidIdNumber(id))
            {
                Add($"petitioners[{i}].idNumber", "not a valid 18-character resident ID number (GB 11643: 17 digits and a check character 0–9 or X)");
            }
        }

        var claims = new List<(string Type, string? Text, IReadOnlyDictionary<string, string> Refs)>();
        var claimList = r.Claims ?? [];
        if (claimList.Count == 0)
        {
            Add("claims", "at least one claim is required");
        }

        for (var i = 0; i < claimList.Count; i++)
        {
            var c = claimList[i];
            if (!FindingLabels.TryParseClaimType(c.Type, out var type))
            {
                Add($"claims[{i}].type", $"'{c.Type}' is not a claim type; accepted: {FindingLabels.AcceptedClaimTypes}");
                continue;
            }

            var refs = new Dictionary<string, string>();
            foreach (var (key, value) in c.Refs ?? [])
            {
                var field = key.ToLowerInvariant();
                if (!PetitionVocabulary.ReferenceFields.ContainsKey(field))
                {
                    Add($"claims[{i}].refs.{key}", $"unknown reference field; accepted: {string.Join(", ", PetitionVocabulary.ReferenceFields.Select(kv => $"{kv.Key} ({kv.Value})"))}");
                    continue;
                }

                var v = value?.Trim() ?? "";
                var problem = field switch
                {
                    "zddm" => ParcelCodes.ZddmProblem(v) is { } p ? $"'{v}' {p}; expected {ParcelCodes.ZddmFormat}" : null,
                    "bdcdyh" => ParcelCodes.BdcdyhProblem(v) is { } p ? $"'{v}' {p}; expected {ParcelCodes.BdcdyhFormat}" : null,
                    "dispute" => v == "standard" ? null : "accepted: standard",
                    _ => v.Length == 0 ? "empty reference" : null,
                };
                if (problem is not null)
                {
                    Add($"claims[{i}].refs.{key}", problem);
                    continue;
                }

                refs[field] = v;
            }

            claims.Add((type.ApiName(), c.Text, refs));
        }

        // Location: a geometry in a declared CRS, or a reference that identifies the place.
        Geometry? geometry = null;
        string? locationInput = null;
        var source = "given";
        var hasLocation = r.Location is { ValueKind: not (JsonValueKind.Null or JsonValueKind.Undefined) };
        if (hasLocation)
        {
            locationInput = r.Location!.Value.GetRawText();
            Geometry? raw = null;
            try
            {
                raw = r.Location.Value.Deserialize<Geometry>(GeoJson);
            }
            catch (Exception e) when (e is JsonException or ArgumentException or InvalidOperationException or FormatException or NotSupportedException)
            {
                Add("location", $"not a valid GeoJSON geometry ({Clean(e.Message)}); a polygon's rings must close (first position = last). Accepted: a GeoJSON Point, LineString, Polygon or Multi* geometry");
            }

            if (raw is not null)
            {
                geometry = LocationInput.ToStorage(raw, r.LocationCrs, out var problem);
                if (problem is not null)
                {
                    Add(problem.StartsWith("unsupported CRS", StringComparison.Ordinal) ? "locationCrs" : "location", problem);
                }
            }
            else if (!errors.ContainsKey("location"))
            {
                Add("location", "not a GeoJSON geometry");
            }
        }

        var accuracyText = r.LocationAccuracy;
        if (accuracyText is not null && !Enum.TryParse<LocationAccuracy>(accuracyText, true, out _))
        {
            Add("locationAccuracy", $"'{accuracyText}' is not accepted; accepted: pin (consumer-map pin, {options.PinToleranceM} m), drawn ({options.DrawnToleranceM} m), surveyed ({options.CadastralToleranceM} m)");
        }

        if (errors.Count > 0)
        {
            return new Outcome(null, Finish(errors), false);
        }

        // References must exist in the current layers (and supply the location when none was given).
        var unknown = false;
        foreach (var (claim, index) in claims.Select((c, i) => (c, i)))
        {
            foreach (var (field, value) in claim.Refs.Where(kv => kv.Key != "dispute"))
            {
                var found = await store.LookupReferenceAsync(field, value, ct);
                if (found is null)
                {
                    Add($"claims[{index}].refs.{field}", $"'{value}' is not in the current {PetitionVocabulary.ReferenceFields[field]} data; correct it, or leave it out and give a location");
                    unknown = true;
                }
                else if (geometry is null)
                {
                    geometry = found;
                    source = "ref:" + field;
                }
            }
        }

        if (geometry is null && !unknown)
        {
            Add("location", "no location: give a GeoJSON geometry (with locationCrs), or a claim reference (bdcdyh, zddm, jcbh, pzwh, dzjgh) that identifies the place");
        }

        if (errors.Count > 0)
        {
            return new Outcome(null, Finish(errors), unknown);
        }

        var accuracy = accuracyText is not null ? Enum.Parse<LocationAccuracy>(accuracyText, true)
            : source.StartsWith("ref:", StringComparison.Ordinal) ? (source is "ref:jcbh" ? LocationAccuracy.Drawn : LocationAccuracy.Surveyed)
            : geometry is Point or MultiPoint ? LocationAccuracy.Pin
            : LocationAccuracy.Drawn;
        var tolerance = options.PetitionTolerance(accuracy);

        string? county = null;
        var review = false;
        if (await store.HasJurisdictionsAsync(ct))
        {
            var at = await store.CountyAtAsync((Point)geometry!.InteriorPoint.Copy(), ct);
            if (at is null)
            {
                Add("location", "the location is outside every jurisdiction (行政区) on record; check the coordinates and their CRS");
                return new Outcome(null, Finish(errors), false);
            }

            county = at.Value.Code;
            review = at.Value.BoundaryDistanceM <= Math.Max(tolerance, 1);
        }

        geometry!.SRID = Srids.Storage;
        var petition = new NewPetition(
            r.Channel!, r.Category!, subject!, r.ReceivedAt!.Value, petitioners, r.IsCollective, r.Headcount, r.Text,
            source, hasLocation ? (r.LocationCrs ?? "EPSG:4490") : null, locationInput, accuracy.ToString().ToLowerInvariant(), tolerance,
            county, review, geometry, claims);
        return new Outcome(petition, [], false);
    }

    private static string Clean(string message) => message.Split('\n')[0].Trim();

    private static Dictionary<string, string[]> Finish(Dictionary<string, List<string>> errors) =>
        errors.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray());
}
