namespace GeoPetition.Server.Auth;

/// <summary>
/// The demo set-up's accounts: one of every role in each demo county (示范县 510991, 样例县 510992),
/// plus a city administrator and auditor (示例市 510900). Demo only: they share one well-known password.
/// </summary>
public static class DemoAccounts
{
    public const string Password = "geopetition-demo";

    public static readonly IReadOnlyList<string> Counties = ["510991", "510992"];

    /// <summary>Every demo account: (username, role, unit).</summary>
    public static IEnumerable<(string Username, string Role, string Unit)> All =>
        Counties.SelectMany(c => Roles.All.Select(r => (Username(r, c), r, c)))
            .Append((Username(Roles.Administrator, "510900"), Roles.Administrator, "510900"))
            .Append((Username(Roles.Auditor, "510900"), Roles.Auditor, "510900"));

    /// <summary>e.g. case-officer-510991.</summary>
    public static string Username(string role, string unit) => $"{role.Replace('_', '-')}-{unit}";

    /// <summary>Creates the accounts that do not exist yet; returns the table to print.</summary>
    public static async Task<string> EnsureAsync(AccountStore accounts, CancellationToken ct)
    {
        var lines = new List<string> { $"demo accounts (password: {Password}):" };
        foreach (var (username, role, unit) in All)
        {
            await accounts.CreateAccountAsync(username, username, role, unit, Password, ct);
            lines.Add($"  {username,-24} {role,-14} {unit}");
        }

        return string.Join(Environment.NewLine, lines);
    }
}
