using System.Text.Json;
using GeoPetition.Server.Data;

namespace GeoPetition.Server.Petitions;

/// <summary>
/// Files the demo petitions (data/demo/petitions.json: intake requests with a scenario name)
/// through the same validation and store as <c>POST /api/petitions</c>, each with the idempotency
/// key <c>demo:&lt;scenario&gt;</c> (so loading twice adds nothing), and verifies each once.
/// </summary>
public sealed class DemoPetitionLoader(PetitionIntake intake, PetitionStore store, VerificationService verifications, ILogger<DemoPetitionLoader> logger)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>One demo petition: the intake request plus its scenario id.</summary>
    public sealed record DemoPetition(string Scenario, PetitionRequest Request);

    public static IReadOnlyList<DemoPetition> Read(string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        return doc.RootElement.EnumerateArray()
            .Select(e => new DemoPetition(e.GetProperty("scenario").GetString()!, e.Deserialize<PetitionRequest>(Json)!))
            .ToList();
    }

    /// <returns>How many petitions were filed, and the problems of those that could not be.</returns>
    public async Task<(int Filed, IReadOnlyList<string> Problems)> LoadAsync(string path, bool verify, CancellationToken ct)
    {
        var problems = new List<string>();
        var filed = 0;
        foreach (var demo in Read(path))
        {
            var key = "demo:" + demo.Scenario;
            if (await store.FindByKeyAsync(key, ct) is not null)
            {
                continue;
            }

            var outcome = await intake.ValidateAsync(demo.Request, ct);
            if (outcome.Petition is null)
            {
                problems.Add($"{demo.Scenario}: {string.Join("; ", outcome.Errors.SelectMany(e => e.Value.Select(v => $"{e.Key}: {v}")))}");
                continue;
            }

            var (id, created, _) = await store.CreateAsync(outcome.Petition, key, PetitionStore.Sha256(JsonSerializer.SerializeToUtf8Bytes(demo.Request)), ct);
            if (created)
            {
                filed++;
                if (verify)
                {
                    await verifications.VerifyPetitionAsync(id, JurisdictionScope.All, null, null, null, ct);
                }
            }
        }

        foreach (var p in problems)
        {
            logger.LogWarning("Demo petition not filed: {Problem}", p);
        }

        return (filed, problems);
    }
}
