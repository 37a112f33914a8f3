using GeoPetition.Server.Petitions;
using GeoPetition.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace GeoPetition.Server.Tests.Petitions;

/// <summary>
/// Batch jobs verify on <c>JobMaxParallelism</c> threads and interactive checks on
/// <c>MaxParallelism</c>, both read from <c>GeoPetition:Verification</c>, with the same tolerances.
/// </summary>
public sealed class VerificationJobsOptionsTests
{
    private sealed class ConfiguredApp : GeoPetitionApp
    {
        protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
        [
            new("GeoPetition:Verification:MaxParallelism", "3"),
            new("GeoPetition:Verification:JobMaxParallelism", "2"),
            new("GeoPetition:Verification:PinToleranceM", "25"),
        ];
    }

    /// <summary>Starts the app on a database of its own, runs the check and drops both.</summary>
    private static async Task WithAppAsync(GeoPetitionApp app, Action<IServiceProvider> check)
    {
        await app.InitializeAsync();
        try
        {
            check(app.Services);
        }
        finally
        {
            await ((IAsyncLifetime)app).DisposeAsync();
        }
    }

    [Fact]
    public Task Jobs_use_their_own_thread_budget_and_the_same_tolerances() => WithAppAsync(new ConfiguredApp(), services =>
    {
        var interactive = services.GetRequiredService<VerificationService>();
        var jobs = services.GetRequiredService<VerificationJobs>();

        Assert.Equal(3, interactive.Options.MaxParallelism);
        Assert.Equal(2, jobs.Verifications.Options.MaxParallelism);
        Assert.Equal(25, jobs.Verifications.Options.PinToleranceM);
        Assert.Equal(25, interactive.Options.PinToleranceM);
    });

    [Fact]
    public Task By_default_a_job_verifies_on_one_thread() => WithAppAsync(new GeoPetitionApp(), services =>
    {
        Assert.Equal(Environment.ProcessorCount, services.GetRequiredService<VerificationService>().Options.MaxParallelism);
        Assert.Equal(1, services.GetRequiredService<VerificationJobs>().Verifications.Options.MaxParallelism);
    });
}
