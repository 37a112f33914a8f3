using GeoPetition.Core.Verification;

namespace GeoPetition.Server.Petitions;

/// <summary>Registers intake and verification; tolerances come from <c>GeoPetition:Verification</c>.</summary>
public static class PetitionServices
{
    public static IServiceCollection AddGeoPetitionVerification(this IServiceCollection services, IConfiguration configuration)
    {
        var options = new VerificationOptions();
        configuration.GetSection("GeoPetition:Verification").Bind(options);
        services.AddSingleton(options);
        services.AddSingleton(new Verifier(options));
        services.AddSingleton<PetitionStore>();
        services.AddSingleton<PetitionIntake>();
        services.AddSingleton<VerificationService>();
        services.AddSingleton<VerificationJobs>();
        services.AddSingleton<DemoPetitionLoader>();
        services.AddHostedService(sp => sp.GetRequiredService<VerificationJobs>());
        return services;
    }
}
